"""The element-wise rules every measure builds on: 0 · log 0 = 0, and log 0 = −∞ where it counts.

A measure is a weighted sum of logarithms, ``Σ w · log v``.  Two rules make it
well defined at the edges, as in :func:`scipy.special.entr` and
:func:`scipy.special.rel_entr`:

* a term whose weight is 0 is 0, whatever its logarithm (``0 · log 0 = 0``:
  an event that never happens adds nothing);
* a positive weight on ``log 0 = −∞`` makes the term infinite (an event that
  happens but was given probability 0 is infinitely surprising).

The functions here apply these rules quietly (no numpy warnings).  Inputs are
already checked: every caller validates first.
"""

from __future__ import annotations

import numpy as np

__all__ = ["log_of", "log_ratio", "times_log", "LOG_ZERO", "finite_logs"]

# Entries below this are replaced by it before a logarithm of a ratio whose
# weight is 0 (the result is then unchanged: the term is 0).
_TINY = np.finfo(np.float64).tiny

#: Stands in for log 0 = −∞ in a BLAS inner product whose weight there is 0:
#: finite, so 0 times it is 0 (:func:`finite_logs`).
LOG_ZERO = -np.finfo(np.float64).max


def log_of(values: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``ln v`` element-wise, ``−∞`` for 0, without a warning."""
    with np.errstate(divide="ignore"):
        return np.log(values, out=out)


def log_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``ln(p / q)`` element-wise, for non-negative p and q.

    The logarithm of the ratio is the more precise form; where the ratio
    over- or underflows (q subnormal, say) the difference of the logarithms
    takes over, so the result stays finite wherever p and q are positive.
    It is ``+∞`` where q = 0 < p; where p = 0 it is finite or −∞, to be
    weighted by p = 0 in :func:`times_log`.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = p / q
        if ratio.min() > 0 and ratio.max() < np.inf:  # the usual case, checked without temporaries
            return np.log(ratio, out=ratio)
        usable = (ratio > 0) & np.isfinite(ratio)
        by_logs = np.log(np.maximum(p, _TINY)) - np.log(q)
        return np.where(usable, np.log(np.where(usable, ratio, 1.0)), by_logs)


def times_log(weights: np.ndarray, logs: np.ndarray) -> np.ndarray:
    """``w · log`` element-wise, 0 wherever the weight is 0 (even where the log is ±∞ or NaN).

    This is the one place the ``0 · log 0 = 0`` rule is written; a positive
    weight on a log of ``−∞`` gives ``−∞``.

    >>> times_log(np.array([0.0, 0.5, 0.5]), np.array([-np.inf, np.log(0.5), -np.inf]))
    array([ 0.        , -0.34657359,        -inf])
    """
    weights, logs = np.broadcast_arrays(weights, logs)
    with np.errstate(invalid="ignore"):
        return np.where(weights == 0, 0.0, weights * logs)


def finite_logs(logs: np.ndarray) -> np.ndarray:
    """Replace ``−∞`` and NaN in ``logs`` (in place) by :data:`LOG_ZERO`, so a BLAS inner product with weight 0 there is 0.

    The fast sums take ``Σ w · log`` as one inner product; this is
    :func:`times_log`'s rule for them, valid where every such log has weight
    0: ``log 0`` in an entropy (the weight is the probability itself), or
    ``log(0/0)`` in a KL divergence.  Bad input (a negative or NaN entry)
    must be caught by its minimum, not by the sum.
    """
    return np.fmax(logs, LOG_ZERO, out=logs)
