"""Live explorers: controls and SVG figures that answer as you move them, drawn in the browser.

Each explorer is an anywidget: a Python class holding the state in synced
traits, beside the ES module that draws it and computes what it shows with
``twin.js``, the JavaScript twin of :mod:`bitsandnats.measures`.  A move
redraws in the browser in the same animation frame, with no round trip to
the kernel, and keeps working on a static HTML page; ``readouts()`` gives
the same numbers from Python.

The explorers, by notebook:

* :class:`CoinExplorer` (02): a coin on the binary entropy curve, and the
  average surprise of N seeded tosses;
* :class:`DistributionExplorer` (03): P and Q over named events, every term
  of H(P), H(P, Q) and KL(P ‖ Q), the area view and the target game;
* :class:`EntropyAgreementExplorer` (03): this package's numbers beside
  ``scipy.stats.entropy`` (computed in the kernel);
* :class:`LogLossExplorer` (04): one control per prediction, each example's
  loss and the mean, on the curve −ln q;
* :class:`LossAgreementExplorer` (04): one prediction's loss from this
  package, scikit-learn and Keras (computed in the kernel);
* :class:`TemperatureExplorer` (06): the distillation temperature and α;
* :class:`BinningExplorer` (07): bin width Δ against σ;
* :class:`SamplingExplorer` (10): running estimates of H(P, Q) and KL(P ‖ Q)
  from N seeded draws, with their standard-error bands;
* :class:`FittingExplorer` (11): one normal fitted to two peaks by the forward
  and by the reverse KL divergence, as the peaks move apart;
* :class:`JointExplorer` (12): a table of joint probabilities, its marginals,
  joint and conditional entropies and the mutual information;
* :class:`Prediction` (03, 09 and wherever a learner predicts first): a
  question whose computed answer, verdict and explanation appear only after
  the learner commits a guess.

Every explorer shares one interface (:class:`~bitsandnats.explorers._base.Explorer`):
``.sliders[name].value`` reads and sets what a control shows, ``.set(**values)``
moves several at once, atomically, exactly as the widget does, ``.readouts()``
gives the numbers shown, ``.summary()`` the same as text, and ``.close()``
frees the widget.  Displayed in a notebook, an explorer carries its live
view, a PNG of its state (for GitHub and nbviewer) and its summary as text.

>>> from bitsandnats.explorers import DistributionExplorer
>>> explorer = DistributionExplorer([0.5, 0.25, 0.25], [0.125, 0.125, 0.75], ["sun", "cloud", "rain"])
>>> round(explorer.readouts()["H(P,Q)"], 3)
2.354
>>> explorer.set(**{"Q[sun]": 0.0})
>>> explorer.readouts()["KL(P||Q)"]
inf
>>> explorer.close()
"""

from ._base import Control, Explorer
from .binning import BinningExplorer
from .coin import CoinExplorer
from .distribution import DistributionExplorer
from .entropy_agreement import EntropyAgreementExplorer
from .fitting import FittingExplorer
from .joint import JointExplorer
from .logloss import LogLossExplorer
from .loss_agreement import LossAgreementExplorer
from .predict import Prediction
from .sampling import SamplingExplorer
from .temperature import TemperatureExplorer

__all__ = [
    "Control",
    "Explorer",
    "CoinExplorer",
    "DistributionExplorer",
    "EntropyAgreementExplorer",
    "LogLossExplorer",
    "LossAgreementExplorer",
    "TemperatureExplorer",
    "BinningExplorer",
    "SamplingExplorer",
    "FittingExplorer",
    "JointExplorer",
    "Prediction",
]
