"""The pictures: one shared style and the still figures the notebooks use.

One module for the look, one per idea for the figures:

* :mod:`~bitsandnats.plots._style`: :data:`PALETTE`, :data:`P_STYLE`,
  :data:`Q_STYLE`, :data:`INK`, :func:`style`, :func:`new_figure`, :func:`show`,
  :func:`alt_text`, :func:`png_bundle`, :func:`event_colours` and :func:`web_theme`;
* :mod:`~bitsandnats.plots.information`: surprisal, the entropy of a coin,
  the running average surprise (notebooks 01, 02);
* :mod:`~bitsandnats.plots.comparison`: P beside Q, each event's terms,
  estimates converging (notebooks 00, 03, 09);
* :mod:`~bitsandnats.plots.losses`: log loss, clipping, learning curves,
  gradients with respect to a logit (notebooks 04, 05);
* :mod:`~bitsandnats.plots.distillation`: soft targets and the T² factor (06);
* :mod:`~bitsandnats.plots.continuous`: normal densities, binned entropy (07);
* :mod:`~bitsandnats.plots.coding`: code lengths (08);
* :mod:`~bitsandnats.plots.sampling`: running estimates with their
  standard-error bands, spread against sample size (10);
* :mod:`~bitsandnats.plots.fitting`: a mixture and its forward and reverse
  normal fits (11);
* :mod:`~bitsandnats.plots.joint`: a joint table with its marginals, the
  information diagram (12);
* :mod:`~bitsandnats.plots.calibration`: the reliability diagram (13).

The names of the first six topic modules are also here, as
``bitsandnats.plots.X``; the last four are reached through their module
(``bitsandnats.plots.joint.information_diagram``).


Every figure function takes ``ax=None`` (``axes=None``, a pair, for the two
panels of :func:`contributions` and :func:`learning_curves`) and returns the
figure it drew in, as scikit-learn's ``Display.plot(ax=None)`` do.  Without
Axes it builds a :class:`matplotlib.figure.Figure` of its own directly (not
through ``pyplot``), so it is never shown twice, never leaks into pyplot's
global list of figures, and looks the same under every backend.  Given Axes,
it draws into them and makes no figure, so figures combine as panels of one:

>>> figure, (left, right) = new_figure(ncols=2, size=(12.0, 3.8))
>>> surprisal_curve(ax=left) is binary_entropy_curve(ax=right) is figure
True

(Axes from :func:`new_figure` carry the collection's frame and grid; any
other Axes keep their own.)  :func:`show` turns a figure into a PNG image for
a notebook, which GitHub, nbviewer and exported HTML all display: drawn at
twice the resolution it is shown at (crisp on HiDPI screens), on a transparent
background with text in a mid-grey (:data:`INK`) that reads on a light page
and on a dark theme alike, and with alt text in the output's metadata.  Each
figure function writes that alt text itself, for every panel it draws: what
is plotted, against what, the key numbers and their unit (kept on the Axes
as ``_bitsandnats_alt``; :func:`alt_text` reads it, and ``show(figure,
alt=...)`` overrides it).  The live
explorers draw in the browser (:mod:`bitsandnats.explorers`); :func:`web_theme`
hands them this package's palette, hatching and type scale.

The palette is Okabe and Ito's, safe for the common forms of colour-blindness;
P and Q also differ in hatching, so colour is never the only cue.  Events
named after colours ("red", "green", "blue") are drawn in those colours
(:func:`event_colours`), P plain and Q hatched, so the picture never
contradicts the names.  Axis labels
always name their units, and numbers on a figure are written by
:mod:`bitsandnats.notation`.
"""

from __future__ import annotations

from ._style import INK, P_STYLE, PALETTE, Q_STYLE, alt_text, event_colours, new_figure, png_bundle, show, style, web_theme
from .coding import code_lengths
from .comparison import contributions, convergence, distributions
from .continuous import binned_entropy_bridge, normal_densities
from .distillation import gradient_scaling, soft_targets
from .information import binary_entropy_curve, entropy_share_curve, surprisal_curve, surprise_running_average
from .losses import clipping_comparison, learning_curves, log_loss_curve, logit_gradients
from . import calibration, fitting, joint, sampling  # noqa: F401  (reached as plots.joint.X and so on)

__all__ = [
    "PALETTE",
    "INK",
    "P_STYLE",
    "Q_STYLE",
    "style",
    "web_theme",
    "new_figure",
    "show",
    "alt_text",
    "png_bundle",
    "event_colours",
    "distributions",
    "surprisal_curve",
    "binary_entropy_curve",
    "entropy_share_curve",
    "surprise_running_average",
    "log_loss_curve",
    "clipping_comparison",
    "learning_curves",
    "logit_gradients",
    "contributions",
    "convergence",
    "soft_targets",
    "gradient_scaling",
    "normal_densities",
    "binned_entropy_bridge",
    "code_lengths",
]
