"""Bits & Nats: entropy, cross-entropy, KL divergence and log loss you can touch.

The package behind the notebooks.  Numbers live in :mod:`bitsandnats.measures`
(re-exported here), input checks in :mod:`bitsandnats.validation`.

>>> import bitsandnats as bn
>>> round(bn.cross_entropy([0.10, 0.40, 0.50], [0.80, 0.15, 0.05]), 3)
3.288
"""

from .measures import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_from_logits,
    differential_entropy_normal,
    differential_entropy_uniform,
    entropy,
    kl_divergence,
    log_loss,
    log_softmax,
    normalize,
    softmax,
    surprisal,
    units,
)

__all__ = [
    "binary_cross_entropy",
    "cross_entropy",
    "cross_entropy_from_logits",
    "differential_entropy_normal",
    "differential_entropy_uniform",
    "entropy",
    "kl_divergence",
    "log_loss",
    "log_softmax",
    "normalize",
    "softmax",
    "surprisal",
    "units",
]

__version__ = "0.1.0"
