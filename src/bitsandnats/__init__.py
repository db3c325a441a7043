"""Bits & Nats: entropy, cross-entropy, KL divergence and log loss you can touch.

The package behind the notebooks, one module per idea:

* :mod:`~bitsandnats.measures`: the numbers (re-exported here), a subpackage
  by topic: discrete measures, distributions, losses, distillation,
  continuous measures;
* :mod:`~bitsandnats.validation`: every input check and its error message;
* :mod:`~bitsandnats.notation`: units of information and how numbers are
  written for a learner;
* :mod:`~bitsandnats.coding`: prefix codes, to measure code lengths in bits;
* :mod:`~bitsandnats.training`: tiny models trained by gradient descent;
* :mod:`~bitsandnats.exercises`: self-checking exercises;
* :mod:`~bitsandnats.sampling`: the measures estimated from samples, with
  their standard errors, and a seeded sampler the browser repeats exactly;
* :mod:`~bitsandnats.calibration`: reliability of predicted probabilities,
  temperature scaling and perplexity;
* :mod:`~bitsandnats.fitting`: one normal fitted to a mixture by minimising
  the forward or the reverse KL divergence;
* :mod:`~bitsandnats.plots`: the still figures (matplotlib), each drawn into
  a given ``ax`` or a new figure;
* :mod:`~bitsandnats.explorers`: the live explorers (anywidgets drawn in the
  browser).

The last two are imported on first use (``bn.plots``, ``bn.explorers``), as
scipy's subpackages are: computing a number loads neither matplotlib nor
ipywidgets.

>>> import bitsandnats as bn
>>> round(bn.cross_entropy([0.5, 0.25, 0.25], [0.125, 0.125, 0.75]), 3)
2.354
"""

import importlib

from . import calibration, coding, exercises, fitting, measures, notation, sampling, training, validation
from .measures import *  # noqa: F403  (the measures are the package's main API)
from .measures import __all__ as _measures_all

__all__ = ["calibration", "coding", "exercises", "explorers", "fitting", "measures", "notation", "plots", "sampling",
           "training", "validation", *_measures_all]

__version__ = "0.1.0"


def __getattr__(name):
    # The pictures pull in matplotlib, the explorers anywidget and ipywidgets: a
    # number needs neither, so they load only when asked for (``bn.plots``).
    if name in ("plots", "explorers"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
