"""The numbers: entropy, cross-entropy, KL divergence, surprisal and log loss.

Conventions shared by every function here:

* The last axis holds the events; any leading axes are a batch.  A single
  distribution gives a Python ``float``, a batch gives an array.
* ``0 * log 0`` is taken as 0.  Where Q gives probability 0 to an event that P
  gives a positive probability, cross-entropy and KL divergence are infinite:
  the result is ``inf``, returned quietly (no numpy warnings).
* ``base`` picks the unit: 2 gives bits, ``math.e`` nats, 10 hartleys
  (see :func:`units`).  All options are keyword-only.
* Bad input raises ``ValueError`` naming the argument (see
  :mod:`bitsandnats.validation`); nothing is renormalised unless you call
  :func:`normalize`.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .validation import (
    SUM_TOLERANCE,
    as_float_array,
    check_base,
    check_distribution,
    check_labels,
    check_positive,
    check_probabilities,
    check_same_events,
)

__all__ = [
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "surprisal",
    "average_surprisal",
    "normalize",
    "rebalance",
    "binary_cross_entropy",
    "log_loss",
    "softmax",
    "log_softmax",
    "cross_entropy_from_logits",
    "differential_entropy_normal",
    "differential_entropy_uniform",
    "soft_target_gradient",
    "distillation_loss",
    "distillation_gradient",
    "binned_normal",
    "gaussian_nll",
    "cross_entropy_terms",
    "kl_terms",
    "kl_divergence_normal",
    "histogram_distribution",
    "units",
]

# Entries below this are replaced by it before a logarithm; they are always
# multiplied by a weight of 0 or by themselves, so the result is unchanged.
_TINY = np.finfo(np.float64).tiny

# Where |s| = |p - q| / (p + q) is at most this, the KL term is summed from a
# series instead of p*log(p/q) - p + q, which loses digits to cancellation.
_SERIES_LIMIT = 0.1
_SERIES_TERMS = 9

# The fast KL sum is off by about eps * (1 + sum(p * |log(p/q)|)): each ratio
# p/q is rounded (eps * p per term) and so is the sum.  It is trusted while it
# is at least this fraction of 1 + sum(p * |log(p/q)|), which keeps the error
# near 1e-13 relative; below it the careful sum is used.
_CANCELLATION_LIMIT = 1e-3


# Long 1-D inputs are reduced in cache-sized slices on every core: numpy's
# ufuncs release the GIL, and two small scratch buffers per thread avoid
# allocating (and page-faulting) temporaries as large as the input.  The same
# pass gathers the sums and minimum that validation needs, so a valid input
# is read once; anything suspicious falls back to the full checks.
#
# On x86 without AVX-512 numpy's float64 log is glibc's scalar log (about
# 4 ns an element at best), so every kernel takes as few logarithms as it can
# and keeps its other passes to cheap vectorised ones.  Inner products use
# BLAS (np.dot, several times faster than einsum) on pieces of at most
# _DOT_PIECE elements: OpenBLAS computes a dot product of up to 10,000
# elements in the calling thread, so it never starts threads of its own that
# would compete with the slice workers (no threadpoolctl needed).
_SLICE = 1 << 15
_DOT_PIECE = 1 << 13
_PARALLEL_FROM = 1 << 17
_TASKS_PER_WORKER = 6  # the pool hands out this many pieces per worker, so a core slowed by
#                        other work (or a busy hyperthread sibling) does less of it
_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))
# Stands in for log 0 = -inf where it is multiplied by p = 0; finite, so 0 * it = 0.
_LOG_ZERO = -np.finfo(np.float64).max
_pool: ThreadPoolExecutor | None = None
_pool_pid = 0  # a child made by fork() inherits the pool but not its threads
_buffers = threading.local()


def _floor(*values) -> float:
    """The smallest of some minima, NaN if any of them is NaN."""
    smallest = min(values)
    return math.nan if any(value != value for value in values) else float(smallest)


def _reduce_in_slices(kernel, *arrays):
    """Run ``kernel(*slices, scratch, spare)`` over slices of equal-length 1-D arrays.

    ``scratch`` and ``spare`` are two buffers as long as the slices.  The kernel
    returns ``(floor, *sums)`` for its slice.  The result is the smallest floor
    (NaN if any was NaN) and the totals of the sums, as an array.
    """
    global _pool, _pool_pid
    length = arrays[0].shape[0]

    def reduce_range(start: int, stop: int):
        buffers = getattr(_buffers, "pair", None)
        if buffers is None or buffers.shape[1] < min(_SLICE, stop - start):
            buffers = np.empty((2, min(_SLICE, stop - start)))
            if threading.current_thread() is not threading.main_thread():
                _buffers.pair = buffers  # kept by each pool thread, reused by the next call
        floors, sums = [], []
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for first in range(start, stop, _SLICE):
                last = min(first + _SLICE, stop)
                size = last - first
                floor, *parts = kernel(*(a[first:last] for a in arrays), buffers[0, :size], buffers[1, :size])
                floors.append(floor)
                sums.append(parts)
        return floors, sums

    if length < _PARALLEL_FROM or _WORKERS == 1:
        floors, sums = reduce_range(0, length)
    else:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="bitsandnats")
            _pool_pid = os.getpid()
        n_slices = -(-length // _SLICE)
        n_tasks = min(n_slices, _WORKERS * _TASKS_PER_WORKER)
        bounds = [min(length, _SLICE * (n_slices * k // n_tasks)) for k in range(n_tasks + 1)]
        floors, sums = [], []
        for part_floors, part_sums in _pool.map(reduce_range, bounds[:-1], bounds[1:]):
            floors += part_floors
            sums += part_sums
    with np.errstate(invalid="ignore", over="ignore"):
        totals = np.sum(np.array(sums, dtype=np.float64), axis=0)
    return _floor(*floors), totals


def _sums_if_valid(kernel, *arrays, n_distributions: int):
    """The kernel's sums over 1-D inputs, or None if any input fails a check.

    The kernel's floor must be >= 0 (it is NaN or negative for a NaN or a
    negative entry), and its first ``n_distributions`` sums are the masses of
    the inputs, which must be 1.  None sends the caller to the full checks,
    which raise the precise error.
    """
    if any(a.ndim != 1 for a in arrays) or len({a.shape for a in arrays}) != 1:
        return None
    floor, sums = _reduce_in_slices(kernel, *arrays)
    masses = sums[:n_distributions]
    if floor >= 0 and (np.abs(masses - 1.0) <= SUM_TOLERANCE).all():
        return sums[n_distributions:]
    return None


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product of two 1-D arrays with BLAS, in pieces small enough that
    BLAS stays in the calling thread (see _DOT_PIECE)."""
    length = a.shape[0]
    if length <= _DOT_PIECE:
        return float(np.dot(a, b))
    total = 0.0
    for start in range(0, length, _DOT_PIECE):
        total += np.dot(a[start : start + _DOT_PIECE], b[start : start + _DOT_PIECE])
    return float(total)


def _entropy_slice(p, scratch, _spare):
    # The logarithm goes first: it is slow enough that the slice streams in
    # from memory behind it, and the other passes find it in cache.  A finite
    # sum of p log p proves every entry positive; otherwise the slice has a
    # zero (0 log 0 = 0: its -inf is replaced by a finite stand-in), or a
    # negative entry or NaN, which the minimum reports.
    np.log(p, out=scratch)
    total = _dot(p, scratch)
    if math.isfinite(total):
        return 0.0, float(p.sum()), total
    floor = float(p.min())
    if not floor >= 0:
        return floor, math.nan, math.nan
    np.maximum(scratch, _LOG_ZERO, out=scratch)
    return floor, float(p.sum()), _dot(p, scratch)


def _cross_entropy_slice(p, q, scratch, _spare):
    # A negative or NaN entry of q has a NaN log, which makes the sum NaN and
    # sends the caller to the full checks; only p needs its minimum.
    np.log(q, out=scratch)
    total = _dot(p, scratch)
    return float(p.min()), float(p.sum()), float(q.sum()), total


def _kl_slice(p, q, scratch, _spare):
    np.divide(p, q, out=scratch)
    np.log(scratch, out=scratch)
    total = _dot(p, scratch)
    if math.isnan(total):  # 0 log 0 somewhere, or bad input (see the floor)
        np.maximum(scratch, _LOG_ZERO, out=scratch)
        total = _dot(p, scratch)
    floor = _floor(float(p.min()), float(q.min()))
    np.abs(scratch, out=scratch)
    return floor, float(p.sum()), float(q.sum()), total, _dot(p, scratch)


def _binary_slice(y_true, y_prob, scratch, spare):
    """Sum of ``y log p + (1 - y) log(1 - p)`` over a slice, in nats.

    ``log(1 - p)`` is taken as ``log w + e`` with ``w = fl(1 - p)`` and its
    rounding error ``e = (1 - p) - w``, recovered exactly (Fast2Sum, as
    1 >= p).  That is ``log(w + e)`` less about ``e p / w``, and e is 0 unless
    p < 1/2, where ``|log(1 - p)| >= p``: the relative error stays below
    2**-53, as accurate as ``log1p(-p)`` and half its cost (glibc's log1p
    measured twice as slow as log for arguments away from 0).

    Hard 0/1 labels (the usual case) need one logarithm per example, of
    ``|(1 - y) - p|``: ``p`` for y = 1 and ``w`` for y = 0.  Soft labels (any
    y strictly between 0 and 1 in the slice) take both logarithms.
    """
    floor = _floor(float(y_true.min()), float(y_prob.min()), 1.0 - float(y_true.max()), 1.0 - float(y_prob.max()))
    if not floor >= 0:
        return floor, math.nan
    complement = np.subtract(1.0, y_true, out=scratch)
    if _dot(y_true, complement) == 0.0:  # y (1 - y) = 0 everywhere: hard labels
        signed = np.subtract(complement, y_prob, out=spare)  # -p where y = 1, fl(1 - p) where y = 0
        np.subtract(complement, signed, out=complement)
        np.subtract(complement, y_prob, out=complement)  # the exact rounding error, 0 where y = 1
        correction = float(complement.sum())
        np.abs(signed, out=signed)
        np.log(signed, out=signed)
        return floor, float(signed.sum()) + correction
    np.log(y_prob, out=spare)
    with_label = _dot(y_true, spare)
    rounded = np.subtract(1.0, y_prob, out=spare)
    error = np.subtract(1.0, rounded, out=scratch)
    np.subtract(error, y_prob, out=error)
    np.log(rounded, out=rounded)
    log_not_p = np.add(rounded, error, out=spare)
    complement = np.subtract(1.0, y_true, out=scratch)
    return floor, with_label + _dot(complement, log_not_p)


def _ln_to(base: float) -> float:
    """Factor that turns natural-log results into ``base`` units."""
    return 1.0 / math.log(check_base(base))


def _finish(values):
    """A 0-d result becomes a Python float; a batch stays an array."""
    values = np.asarray(values, dtype=np.float64) + 0.0  # turns -0.0 into 0.0
    return float(values) if values.ndim == 0 else values


def _row_dot(a: np.ndarray, b: np.ndarray):
    """Sum of ``a * b`` over the last axis, using BLAS for a single row."""
    if a.ndim == 1 and b.ndim == 1:
        return _dot(a, b)
    return np.einsum("...i,...i->...", a, b)


def entropy(p, *, base: float = 2):
    r"""Shannon entropy of a discrete distribution.

    .. math:: H(P) = -\sum_x P(x) \log_b P(x)

    The average surprisal of an outcome drawn from P, in bits for ``base=2``,
    nats for ``base=e``.  It is 0 exactly when one outcome is certain and at
    most :math:`\log_b n`, reached by the uniform distribution over n events.

    Parameters
    ----------
    p : array_like
        Probabilities on the last axis, each row summing to 1.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    float or ndarray
        One value per row of ``p``.

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> round(entropy([0.8, 0.2]), 4)
    0.7219
    >>> entropy([[1.0, 0.0], [0.5, 0.5]])
    array([0., 1.])
    """
    scale = _ln_to(base)
    p = as_float_array(p, "p")
    sums = _sums_if_valid(_entropy_slice, p, n_distributions=1)
    if sums is not None:
        return _finish(-sums[0] * scale)
    p = check_distribution(p, "p")
    log_p = np.log(np.maximum(p, _TINY))
    return _finish(-_row_dot(p, log_p) * scale)


def cross_entropy(p, q, *, base: float = 2):
    r"""Cross-entropy of Q relative to P.

    .. math:: H(P, Q) = -\sum_x P(x) \log_b Q(x) = H(P) + KL(P \| Q)

    The average surprisal of outcomes drawn from P when they are scored (or
    encoded) with the probabilities of Q.  It is never below :math:`H(P)`,
    equals it when Q = P, and is not symmetric in P and Q.

    Parameters
    ----------
    p : array_like
        The distribution the outcomes come from (last axis = events).
    q : array_like
        The distribution used to score them; same number of events as ``p``.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    float or ndarray
        ``inf`` where Q is 0 on an event that P can produce.

    Examples
    --------
    >>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
    >>> round(cross_entropy(p, q), 3), round(cross_entropy(q, p), 3)
    (3.288, 2.906)
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    """
    scale = _ln_to(base)
    p, q = as_float_array(p, "p"), as_float_array(q, "q")
    sums = _sums_if_valid(_cross_entropy_slice, p, q, n_distributions=2)
    if sums is not None and not np.isnan(sums[0]):
        return _finish(-sums[0] * scale)
    p = check_distribution(p, "p")
    q = check_distribution(q, "q")
    check_same_events(p, q, ("p", "q"))
    with np.errstate(divide="ignore", invalid="ignore"):
        total = _row_dot(p, np.log(q))
    if np.isnan(total).any():  # 0 * log 0 somewhere: drop those terms
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(p > 0, p * np.log(q), 0.0).sum(axis=-1)
    return _finish(-total * scale)


def _kl_careful(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL in nats, summed from terms that are each non-negative.

    Each term is ``p*log(p/q) - p + q = (p + q) * f(s)`` with
    ``s = (p - q)/(p + q)`` and ``f(s) = (1 + s)*atanh(s) - s``.  For small |s|
    f is summed from its series ``sum_k s^2k/(2k-1) + s^(2k+1)/(2k+1)``, so
    nearly equal distributions keep full relative precision.  The added
    ``-p + q`` terms are taken back with the exactly rounded ``sum(p - q)``.
    """
    p, q = np.broadcast_arrays(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.where(p > 0, p * np.log(p / q), 0.0) - p + q
        pair_sum = p + q
        s = np.where(pair_sum > 0, (p - q) / np.where(pair_sum > 0, pair_sum, 1.0), 0.0)
    s2 = s * s
    even = np.zeros_like(s)
    odd = np.zeros_like(s)
    for k in range(_SERIES_TERMS, 0, -1):
        even = (even + 1.0 / (2 * k - 1)) * s2
        odd = (odd + 1.0 / (2 * k + 1)) * s2
    series = pair_sum * (even + s * odd)
    terms = np.where(np.abs(s) <= _SERIES_LIMIT, series, direct)
    # p - q is exact wherever p and q are within a factor of 2 (Sterbenz), so
    # summing the differences exactly restores sum(p) - sum(q) to full precision.
    differences = p - q
    mass_gap = np.apply_along_axis(math.fsum, -1, differences) if differences.ndim > 1 else math.fsum(differences)
    return terms.sum(axis=-1) + mass_gap


def kl_divergence(p, q, *, base: float = 2):
    r"""Kullback-Leibler divergence of Q from P (relative entropy).

    .. math:: KL(P \| Q) = \sum_x P(x) \log_b \frac{P(x)}{Q(x)} = H(P, Q) - H(P)

    The extra surprisal, on average, of scoring outcomes of P with Q instead of
    with P itself.  It is >= 0, zero only when Q = P, not symmetric, and
    infinite when Q is 0 on an event that P can produce.

    Nearly equal distributions are handled with care: when the terms of the
    plain sum cancel, a series form is used, so the result keeps about 12
    significant digits even when it is as small as 1e-20.

    Parameters
    ----------
    p, q : array_like
        Distributions over the same events (last axis).
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(kl_divergence([0.10, 0.40, 0.50], [0.80, 0.15, 0.05]), 3)
    1.927
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    scale = _ln_to(base)
    p, q = as_float_array(p, "p"), as_float_array(q, "q")
    sums = _sums_if_valid(_kl_slice, p, q, n_distributions=2)
    if sums is not None:
        total, magnitude = sums
    else:
        p = check_distribution(p, "p")
        q = check_distribution(q, "q")
        check_same_events(p, q, ("p", "q"))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_ratio = np.log(np.maximum(p, _TINY) / q)
            total = _row_dot(p, log_ratio)
            magnitude = _row_dot(p, np.abs(log_ratio))
    overflowed = np.isposinf(total)
    if overflowed.any():
        # p/q overflows where q is tiny but not 0 (a subnormal); the difference of the logarithms does not,
        # and it is still inf where q is 0 and p is not.
        with np.errstate(divide="ignore", invalid="ignore"):
            by_logs = _row_dot(p, np.where(p > 0, np.log(np.where(p > 0, p, 1.0)) - np.log(q), 0.0))
        total = np.where(overflowed, by_logs, total)
    # An overflowed row is far from cancelling (its divergence is hundreds of units): no series needed.
    needs_care = ~overflowed & (np.isnan(total)
                                | (np.isfinite(total) & (np.abs(total) < _CANCELLATION_LIMIT * (1.0 + magnitude))))
    if needs_care.any():
        careful = _kl_careful(p, q)
        total = np.where(needs_care, careful, total)
    # Rounding can leave a tiny negative value for equal inputs; KL is never negative.
    return _finish(np.maximum(total, 0.0) * scale)


def surprisal(prob, *, base: float = 2):
    r"""Information content (surprisal) of an outcome with probability ``prob``.

    .. math:: I(x) = -\log_b P(x)

    Rarer outcomes carry more information; a certain outcome carries none and an
    impossible one is infinitely surprising (``inf``, returned quietly).

    Parameters
    ----------
    prob : float or array_like
        Probabilities in [0, 1], any shape.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Examples
    --------
    >>> surprisal(0.5)
    1.0
    >>> round(surprisal(0.1, base=math.e), 1), round(surprisal(0.01, base=math.e), 1)
    (2.3, 4.6)
    >>> surprisal([1.0, 0.25])
    array([0., 2.])
    """
    scale = _ln_to(base)
    prob = check_probabilities(prob, "prob")
    with np.errstate(divide="ignore"):
        return _finish(-np.log(prob) * scale)


def average_surprisal(samples, p, *, base: float = 2, running: bool = False):
    r"""Average surprisal of observed outcomes, each scored by the distribution P.

    .. math:: \bar I_N = \frac{1}{N} \sum_{i=1}^{N} -\log_b P(x_i)

    For outcomes drawn from P itself this is an estimate of the entropy
    :math:`H(P)`, the expected surprisal, and by the law of large numbers it
    approaches :math:`H(P)` as N grows.  Drawn from another distribution, it
    estimates a cross-entropy instead.  In bits for ``base=2``, nats for
    ``base=e``; an outcome to which P gives probability 0 makes it ``inf``.

    Parameters
    ----------
    samples : array_like of int
        The outcomes, as indices into ``p`` (0 to n - 1).  The last axis holds
        the draws; any leading axes are a batch of separate samples.
    p : array_like
        One distribution (one-dimensional) over the n outcomes.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).
    running : bool, keyword-only
        If True, return the running average after each draw (the same shape
        as ``samples``) instead of only the final one.

    Returns
    -------
    float or ndarray

    Examples
    --------
    A sample whose frequencies are exactly P's averages to exactly H(P):

    >>> round(average_surprisal([0, 0, 0, 0, 1], [0.8, 0.2]), 4)
    0.7219
    >>> average_surprisal([0, 1, 2, 0], [0.5, 0.25, 0.25], running=True).round(4)
    array([1.    , 1.5   , 1.6667, 1.5   ])
    """
    scale = _ln_to(base)
    p = check_distribution(p, "p")
    if p.ndim != 1:
        raise ValueError(f"p must be one distribution (one-dimensional), got shape {p.shape}")
    samples = check_labels(samples, p.shape[0], "samples")
    if samples.ndim == 0:
        raise ValueError("samples must be an array of outcomes, got a single number")
    with np.errstate(divide="ignore"):
        information = -np.log(p)[samples] * scale
    if running:
        draws = np.arange(1, samples.shape[-1] + 1)
        return np.cumsum(information, axis=-1) / draws + 0.0
    return _finish(information.mean(axis=-1))


def normalize(weights):
    r"""Rescale non-negative weights so that each row sums to 1.

    .. math:: P(x) = w(x) / \sum_y w(y)

    This is the only function in the package that renormalises; every other
    function rejects rows that do not sum to 1.

    Examples
    --------
    >>> normalize([1, 3])
    array([0.25, 0.75])
    >>> normalize([[2, 2], [0, 5]])
    array([[0.5, 0.5],
           [0. , 1. ]])
    """
    weights = as_float_array(weights, "weights")
    if weights.ndim == 0:
        raise ValueError("weights must be an array of event weights, got a single number")
    if not np.isfinite(weights).all():
        if np.isnan(weights).any():
            raise ValueError("weights contains NaN")
        raise ValueError("weights contains inf")
    if weights.min() < 0:
        raise ValueError(f"weights has a negative entry ({weights.min():g}); weights cannot be negative")
    with np.errstate(over="ignore"):  # an overflowing sum is handled just below
        totals = weights.sum(axis=-1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("weights has a row that sums to 0; there is nothing to normalize")
    if not np.isfinite(totals).all():
        # Weights near the largest float overflow their sum: scale each row by its largest weight first.
        weights = weights / weights.max(axis=-1, keepdims=True)
        totals = weights.sum(axis=-1, keepdims=True)
    return weights / totals


def rebalance(p, index: int, value: float):
    r"""Set one event's probability and rescale the others in proportion, so P stays a distribution.

    .. math::
        P'(i) = v, \qquad P'(j) = P(j) \, \frac{1 - v}{\sum_{k \ne i} P(k)} \quad (j \ne i)

    The other events keep their ratios to each other.  If they all have
    probability 0 there are no ratios to keep, and they share :math:`1 - v`
    evenly.  This is what a probability slider does when it is dragged: the
    live explorers (:mod:`bitsandnats.explorers`) call it on every move.

    Parameters
    ----------
    p : array_like
        One distribution (one-dimensional, at least two events).
    index : int
        The event whose probability is set.
    value : float
        Its new probability, in [0, 1].

    Returns
    -------
    ndarray
        The new distribution: entry ``index`` is exactly ``value``, and the
        entries sum to 1 up to rounding (about 1e-16).

    Examples
    --------
    >>> rebalance([0.1, 0.4, 0.5], 0, 0.55).round(4)
    array([0.55, 0.2 , 0.25])
    >>> rebalance([1.0, 0.0, 0.0], 0, 0.4).round(4)
    array([0.4, 0.3, 0.3])
    """
    p = check_distribution(p, "p")
    if p.ndim != 1 or p.shape[0] < 2:
        raise ValueError(f"p must be one distribution over at least two events, got shape {p.shape}")
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < p.shape[0]:
        raise ValueError(f"index must be a whole number from 0 to {p.shape[0] - 1}, got {index!r}")
    value = check_probabilities(value, "value")
    if value.ndim != 0:
        raise ValueError(f"value must be a single probability, got shape {value.shape}")
    value = float(value)
    others = np.ones(p.shape[0], dtype=bool)
    others[index] = False
    rest = math.fsum(p[others])
    result = np.empty_like(p)
    if rest > 0:
        result[others] = p[others] * ((1.0 - value) / rest)
    else:
        result[others] = (1.0 - value) / (p.shape[0] - 1)
    result[index] = value
    # Put the rounding left over into the largest of the others, so the sum is 1.
    largest = np.flatnonzero(others)[np.argmax(result[others])]
    result[largest] = max(0.0, result[largest] + (1.0 - math.fsum(result)))
    return result


def _binary_nats(y_true: np.ndarray, y_prob: np.ndarray) -> np.ndarray:
    """Per-example binary cross-entropy in nats, 0*log 0 = 0, inputs already checked."""
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = -(y_true * np.log(y_prob) + (1.0 - y_true) * np.log1p(-y_prob))
        if np.isnan(losses).any():
            log_p = np.where(y_true > 0, y_true * np.log(y_prob), 0.0)
            log_not_p = np.where(y_true < 1, (1.0 - y_true) * np.log1p(-y_prob), 0.0)
            losses = -(log_p + log_not_p)
    return losses


def binary_cross_entropy(y_true, y_prob, *, base: float = math.e):
    r"""Per-example cross-entropy of binary predictions (log loss before averaging).

    .. math:: \ell(y, \hat y) = -\left[y \log_b \hat y + (1 - y) \log_b (1 - \hat y)\right]

    This is H(P, Q) for the two-outcome distributions P = (1 - y, y) and
    Q = (1 - ŷ, ŷ), and also the Bernoulli negative log-likelihood.

    Parameters
    ----------
    y_true : array_like
        Labels in [0, 1]: 0/1 for hard labels, fractions for soft labels.
    y_prob : array_like
        Predicted probability of class 1, same shape as ``y_true``.
    base : float, keyword-only
        Logarithm base; e by default (nats), as in machine learning.

    Returns
    -------
    float or ndarray
        One loss per example; ``inf`` for a certain prediction that is wrong.

    Examples
    --------
    >>> binary_cross_entropy([1, 0], [0.8, 0.4]).round(3)
    array([0.223, 0.511])
    >>> binary_cross_entropy(1, 0.0)
    inf
    """
    scale = _ln_to(base)
    y_true = check_probabilities(y_true, "y_true")
    y_prob = check_probabilities(y_prob, "y_prob")
    if y_true.shape != y_prob.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {y_true.shape} and {y_prob.shape}")
    return _finish(_binary_nats(y_true, y_prob) * scale)


def log_loss(y_true, y_prob, *, base: float = math.e, eps: float = 0.0):
    r"""Mean cross-entropy of predictions over examples (log loss).

    .. math:: L = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k} y_{ik} \log_b \hat y_{ik}

    Parameters
    ----------
    y_true : array_like
        For binary ``y_prob`` of shape (n,): labels in [0, 1] of shape (n,).
        For ``y_prob`` of shape (n, k): integer labels 0..k-1 of shape (n,), or
        one-hot / probability rows of shape (n, k).
    y_prob : array_like
        Shape (n,): the predicted probability of class 1.  Shape (n, k): rows of
        class probabilities, each summing to 1.
    base : float, keyword-only
        Logarithm base; e by default (nats).
    eps : float, keyword-only
        0 (default) computes the exact loss, so a certain wrong prediction gives
        ``inf``.  A positive value clips predictions to [eps, 1 - eps] first, as
        the libraries do: Keras uses 1e-7, scikit-learn the machine epsilon of
        the input's dtype (about 2.2e-16 for float64).

    Examples
    --------
    >>> y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> yhat = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    >>> round(log_loss(y, yhat), 3)
    0.247
    >>> log_loss([1], [0.0]), round(log_loss([1], [0.0], eps=1e-7), 2)
    (inf, 16.12)
    >>> round(log_loss([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]), 4)
    0.2899
    """
    scale = _ln_to(base)
    if not (isinstance(eps, (int, float)) and 0.0 <= eps < 0.5):
        raise ValueError(f"eps must be a number in [0, 0.5), got {eps!r}")
    probs = as_float_array(y_prob, "y_prob")
    if probs.ndim == 1:
        labels = as_float_array(y_true, "y_true")
        if eps == 0:
            sums = _sums_if_valid(_binary_slice, labels, probs, n_distributions=0)
            if sums is not None and not np.isnan(sums[0]):
                return float(-sums[0] / labels.shape[0] * scale)
        probs = check_probabilities(probs, "y_prob")
        labels = check_probabilities(y_true, "y_true")
        if labels.shape != probs.shape:
            raise ValueError(f"y_true and y_prob must have the same shape, got {labels.shape} and {probs.shape}")
        if eps > 0:
            probs = np.clip(probs, eps, 1.0 - eps)
        return float(_binary_nats(labels, probs).mean() * scale)
    if probs.ndim != 2:
        raise ValueError(f"y_prob must have shape (n,) or (n, k), got {probs.shape}")
    probs = check_distribution(probs, "y_prob")
    n_examples, n_classes = probs.shape
    targets = as_float_array(y_true, "y_true")
    if eps > 0:
        probs = np.clip(probs, eps, 1.0 - eps)
    if targets.ndim == 1:
        if targets.shape[0] != n_examples:
            raise ValueError(f"y_true has {targets.shape[0]} labels but y_prob has {n_examples} rows")
        labels = check_labels(targets, n_classes, "y_true")
        with np.errstate(divide="ignore"):
            losses = -np.log(probs[np.arange(n_examples), labels])
        return float(losses.mean() * scale)
    targets = check_distribution(targets, "y_true")
    if targets.shape != probs.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {targets.shape} and {probs.shape}")
    with np.errstate(divide="ignore", invalid="ignore"):
        log_probs = np.log(probs)
        losses = -np.where(targets > 0, targets * log_probs, 0.0).sum(axis=-1)
    return float(losses.mean() * scale)


def _check_temperature(temperature) -> float:
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.floating, np.integer)):
        raise ValueError(f"temperature must be a positive number, got {temperature!r}")
    if not (math.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive number, got {temperature!r}")
    return float(temperature)


def _checked_logits(logits) -> np.ndarray:
    logits = as_float_array(logits, "logits")
    if logits.ndim == 0:
        raise ValueError("logits must be an array with one logit per class, got a single number")
    if not np.isfinite(logits).all():
        if np.isnan(logits).any():
            raise ValueError("logits contains NaN")
        raise ValueError("logits contains inf")
    return logits


def _scaled_logits(logits, temperature) -> np.ndarray:
    """Logits divided by the temperature, refused if that overflows float64."""
    temperature = _check_temperature(temperature)
    logits = _checked_logits(logits)
    if temperature == 1.0:  # the usual case: spare a pass over the logits
        return logits
    with np.errstate(over="ignore"):
        scaled = logits / temperature
    if not np.isfinite(scaled).all():
        raise ValueError(f"logits divided by temperature={temperature!r} overflow float64; use a larger temperature")
    return scaled


def log_softmax(logits, *, temperature: float = 1.0):
    r"""Logarithm of the softmax, computed stably by shifting by the maximum.

    .. math:: \log \sigma(z)_k = \frac{z_k}{T} - \log \sum_j e^{z_j / T}

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    >>> log_softmax([1000.0, 0.0]).round(1)
    array([    0., -1000.])
    """
    shifted, log_normaliser = _shifted_logits(_scaled_logits(logits, temperature))
    return shifted - log_normaliser


def _shifted_logits(scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``z - max z`` and ``log sum exp(z - max z)`` (kept as a trailing axis of 1).

    Their difference is ``log softmax(z)``; callers that need only a few of
    its entries take them from ``shifted`` and skip the full subtraction.
    """
    top = scaled.argmax(axis=-1)[..., np.newaxis]
    with np.errstate(over="ignore"):  # a gap beyond float64 is -inf: probability 0
        shifted = scaled - np.take_along_axis(scaled, top, axis=-1)
    # The largest term of the sum is exactly 1: add up the others and use log1p,
    # so that a confident class keeps its small log-probability to full precision.
    others = np.exp(shifted)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return shifted, np.log1p(others.sum(axis=-1, keepdims=True))


def softmax(logits, *, temperature: float = 1.0):
    r"""Turn logits into probabilities: the softmax, with an optional temperature.

    .. math:: \sigma(z)_k = \frac{e^{z_k / T}}{\sum_j e^{z_j / T}}

    A temperature above 1 flattens the distribution, below 1 sharpens it.

    Examples
    --------
    >>> softmax([1.0, 1.0, 1.0]).round(4)
    array([0.3333, 0.3333, 0.3333])
    >>> softmax([2.0, 0.0], temperature=2.0).round(4)
    array([0.7311, 0.2689])
    """
    scaled = _scaled_logits(logits, temperature)
    with np.errstate(over="ignore"):  # a gap beyond float64 is -inf: probability 0
        exps = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def cross_entropy_from_logits(y_true, logits, *, base: float = math.e):
    r"""Per-example cross-entropy of softmax(logits), computed from the logits.

    .. math:: \ell = -\sum_k y_k \log \sigma(z)_k = \log\sum_j e^{z_j} - \sum_k y_k z_k

    Working through log-sum-exp keeps the result finite and exact for logits
    as large as ±1e4, where taking the softmax first would give log 0 = -inf.

    Parameters
    ----------
    y_true : array_like
        Integer labels 0..k-1 (shape ``logits.shape[:-1]``), or probability rows
        with the same shape as ``logits``.
    logits : array_like
        Unnormalised scores, last axis = classes.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Examples
    --------
    >>> round(cross_entropy_from_logits(0, [2.0, 1.0, 0.1]), 4)
    0.417
    >>> cross_entropy_from_logits([1], [[10000.0, -10000.0]])
    array([20000.])
    """
    scale = _ln_to(base)
    shifted, log_normaliser = _shifted_logits(_checked_logits(logits))
    targets = as_float_array(y_true, "y_true")
    if targets.shape == shifted.shape:
        targets = check_distribution(targets, "y_true")
        log_probs = shifted - log_normaliser
        losses = -np.where(targets > 0, targets * log_probs, 0.0).sum(axis=-1)
    elif targets.shape == shifted.shape[:-1]:
        labels = check_labels(targets, shifted.shape[-1], "y_true")[..., np.newaxis]
        # -log softmax(z)[label], without forming the whole log-softmax array.
        losses = (log_normaliser - np.take_along_axis(shifted, labels, axis=-1))[..., 0]
    else:
        raise ValueError(
            f"y_true must be labels of shape {shifted.shape[:-1]} or probability rows of shape "
            f"{shifted.shape}, got shape {targets.shape}"
        )
    return _finish(losses * scale)


def _named_logits(values, name: str) -> np.ndarray:
    """Finite logits with at least one axis, errors naming ``name``."""
    array = as_float_array(values, name)
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array with one logit per class, got a single number")
    if not np.isfinite(array).all():
        what = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} contains {what}")
    return array


def _distillation_logits(student_logits, teacher_logits):
    student = _named_logits(student_logits, "student_logits")
    teacher = _named_logits(teacher_logits, "teacher_logits")
    check_same_events(student, teacher, ("student_logits", "teacher_logits"))
    return student, teacher


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating, np.integer)):
        raise ValueError(f"alpha must be a number in [0, 1], got {alpha!r}")
    if not 0.0 <= float(alpha) <= 1.0:
        raise ValueError(f"alpha must be a number in [0, 1], got {alpha!r}")
    return float(alpha)


def soft_target_gradient(student_logits, teacher_logits, *, temperature: float, base: float = math.e):
    r"""Gradient of the soft-target loss with respect to the student's logits.

    With soft targets :math:`p = \sigma(v / T)` from the teacher's logits v and
    the student's softened prediction :math:`q = \sigma(z / T)`,

    .. math::
        \frac{\partial}{\partial z_i} \mathrm{KL}(p \,\|\, q) = \frac{q_i - p_i}{T}
        \ \text{nats per unit of logit}

    (divided by :math:`\ln b` for another base b).  It is the same for the
    cross-entropy :math:`H(p, q)`, which differs from the KL divergence by
    :math:`H(p)`, a constant for the student.  For a large temperature,
    :math:`q_i - p_i \approx \big((z_i - \bar z) - (v_i - \bar v)\big) / (kT)`
    over k classes, so the gradient shrinks like :math:`1/T^2`: the reason
    :func:`distillation_loss` multiplies the soft term by :math:`T^2`.

    Parameters
    ----------
    student_logits, teacher_logits : array_like
        Logits z and v, last axis = classes; leading axes are a batch.
    temperature : float, keyword-only
        T > 0, applied to both the teacher and the student.
    base : float, keyword-only
        Logarithm base of the loss being differentiated; e by default (nats).

    Returns
    -------
    ndarray
        One partial derivative per logit, shape of the broadcast inputs.
        Each row sums to 0.

    Examples
    --------
    >>> soft_target_gradient([0.0, 0.0], [2.0, 0.0], temperature=2.0).round(4)
    array([-0.1155,  0.1155])
    >>> soft_target_gradient([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], temperature=4.0)
    array([0., 0., 0.])
    """
    scale = _ln_to(base)
    temperature = _check_temperature(temperature)
    student, teacher = _distillation_logits(student_logits, teacher_logits)
    q = softmax(student, temperature=temperature)
    p = softmax(teacher, temperature=temperature)
    return (q - p) / temperature * scale + 0.0


def _one_hot_targets(y_true, shape) -> np.ndarray:
    """Probability rows for ``y_true``: labels become one-hot, rows are checked."""
    targets = as_float_array(y_true, "y_true")
    if targets.shape == tuple(shape):
        return check_distribution(targets, "y_true")
    if targets.shape == tuple(shape[:-1]):
        labels = check_labels(targets, shape[-1], "y_true")
        return (labels[..., np.newaxis] == np.arange(shape[-1])).astype(np.float64)
    raise ValueError(
        f"y_true must be labels of shape {tuple(shape[:-1])} or probability rows of shape "
        f"{tuple(shape)}, got shape {targets.shape}"
    )


def distillation_loss(y_true, student_logits, teacher_logits, *, temperature: float, alpha: float,
                      base: float = math.e):
    r"""Knowledge-distillation loss: soft targets from a teacher plus the hard labels.

    .. math::
        L = \alpha \, T^2 \, \mathrm{KL}\big(\sigma(v / T) \,\|\, \sigma(z / T)\big)
            + (1 - \alpha) \, H\big(y, \sigma(z)\big)

    z are the student's logits, v the teacher's, :math:`\sigma` the softmax and
    T the temperature.  The first term pulls the student's softened
    distribution towards the teacher's soft targets; the second is the usual
    cross-entropy with the labels, at temperature 1.  The factor
    :math:`T^2` (Hinton, Vinyals and Dean, 2015) undoes the :math:`1/T^2`
    by which the soft term's gradient shrinks (see
    :func:`soft_target_gradient`), so the balance that ``alpha`` sets between
    the two terms does not drift when T changes.  Using the cross-entropy
    :math:`H(\sigma(v/T), \sigma(z/T))` instead of the KL divergence would add
    the teacher's entropy, a constant for the student: same gradients, a
    different value.

    Parameters
    ----------
    y_true : array_like
        Integer class labels (shape ``student_logits.shape[:-1]``), or
        probability rows of the same shape as ``student_logits``.
    student_logits, teacher_logits : array_like
        Logits, last axis = classes; leading axes are a batch.
    temperature : float, keyword-only
        T > 0, used for both distributions in the soft term.
    alpha : float, keyword-only
        Weight of the soft (teacher) term, in [0, 1]; the hard-label term
        gets ``1 - alpha``.
    base : float, keyword-only
        Logarithm base; e by default (nats), as in the frameworks.

    Returns
    -------
    float or ndarray
        One loss per example (average them yourself for a batch).

    Examples
    --------
    >>> teacher, student = [3.0, 1.0, 0.0], [1.0, 1.0, 0.0]
    >>> round(distillation_loss(0, student, teacher, temperature=2.0, alpha=0.5), 4)
    0.6754
    >>> distillation_loss(0, student, teacher, temperature=2.0, alpha=0.0) == cross_entropy_from_logits(0, student)
    True
    """
    scale = _ln_to(base)
    temperature = _check_temperature(temperature)
    alpha = _check_alpha(alpha)
    student, teacher = _distillation_logits(student_logits, teacher_logits)
    log_p = log_softmax(teacher, temperature=temperature)
    log_q = log_softmax(student, temperature=temperature)
    soft = np.maximum((np.exp(log_p) * (log_p - log_q)).sum(axis=-1), 0.0)
    hard = np.asarray(cross_entropy_from_logits(y_true, student))
    return _finish((alpha * temperature**2 * soft + (1.0 - alpha) * hard) * scale)


def distillation_gradient(y_true, student_logits, teacher_logits, *, temperature: float, alpha: float,
                          base: float = math.e):
    r"""Gradient of :func:`distillation_loss` with respect to the student's logits.

    .. math::
        \frac{\partial L}{\partial z_i}
        = \alpha \, T \, (q^{(T)}_i - p^{(T)}_i) + (1 - \alpha) (q_i - y_i)

    with :math:`p^{(T)} = \sigma(v/T)`, :math:`q^{(T)} = \sigma(z/T)`,
    :math:`q = \sigma(z)` and y the one-hot label (or the label row); in nats
    per unit of logit for ``base=e``.  The soft part is
    :math:`T^2` times :func:`soft_target_gradient`.

    Parameters
    ----------
    y_true, student_logits, teacher_logits, temperature, alpha, base
        As in :func:`distillation_loss`.

    Returns
    -------
    ndarray
        One partial derivative per logit; each row sums to 0.

    Examples
    --------
    >>> teacher, student = [3.0, 1.0, 0.0], [1.0, 1.0, 0.0]
    >>> distillation_gradient(0, student, teacher, temperature=2.0, alpha=0.5).round(4)
    array([-0.5337,  0.3636,  0.1701])
    """
    scale = _ln_to(base)
    temperature = _check_temperature(temperature)
    alpha = _check_alpha(alpha)
    student, teacher = _distillation_logits(student_logits, teacher_logits)
    targets = _one_hot_targets(y_true, student.shape)
    soft = temperature**2 * soft_target_gradient(student, teacher, temperature=temperature)
    hard = softmax(student) - targets
    return (alpha * soft + (1.0 - alpha) * hard) * scale + 0.0


def differential_entropy_normal(sigma, *, base: float = math.e):
    r"""Differential entropy of a normal distribution with standard deviation ``sigma``.

    .. math:: h = \tfrac12 \log_b (2 \pi e \sigma^2)

    Unlike discrete entropy it can be negative: below
    :math:`\sigma = 1/\sqrt{2\pi e} \approx 0.242` it is.

    Examples
    --------
    >>> round(differential_entropy_normal(1.0), 4)
    1.4189
    >>> differential_entropy_normal(0.1) < 0
    True
    """
    scale = _ln_to(base)
    sigma = check_positive(sigma, "sigma")
    # ln(2 pi e sigma**2) / 2 keeps its relative precision where h crosses 0 (sigma near 0.242); where
    # sigma**2 would overflow or underflow, ln(sigma) + ln(2 pi e) / 2 takes over (no cancellation there).
    moderate = (sigma > 1e-150) & (sigma < 1e150)
    squared = np.where(moderate, sigma, 1.0) ** 2
    nats = np.where(moderate, 0.5 * np.log(2 * math.pi * math.e * squared),
                    0.5 * math.log(2 * math.pi * math.e) + np.log(sigma))
    return _finish(nats * scale)


def differential_entropy_uniform(width, *, base: float = math.e):
    r"""Differential entropy of a uniform distribution on an interval of ``width``.

    .. math:: h = \log_b w

    Examples
    --------
    >>> differential_entropy_uniform(1.0)
    0.0
    >>> round(differential_entropy_uniform(8.0, base=2), 12)
    3.0
    """
    scale = _ln_to(base)
    width = check_positive(width, "width")
    return _finish(np.log(width) * scale)


# binned_normal refuses to build more bins than this (about 80 MB of float64).
_MAX_BINS = 10_000_000


def _finite_scalar(value, name: str) -> float:
    array = as_float_array(value, name)
    if array.ndim != 0 or not np.isfinite(array):
        raise ValueError(f"{name} must be a single finite number, got {value!r}")
    return float(array)


def binned_normal(sigma, width, *, mu: float = 0.0, span: float = 10.0, return_edges: bool = False):
    r"""A normal distribution cut into bins of equal width: a discrete distribution.

    .. math::
        P_k = \Phi\Big(\frac{e_{k+1} - \mu}{\sigma}\Big) - \Phi\Big(\frac{e_k - \mu}{\sigma}\Big),
        \qquad \Phi(u) = \tfrac12 \operatorname{erfc}(-u / \sqrt 2)

    The edges are :math:`e_k = \mu + k\Delta` for whole numbers k, covering at
    least :math:`\mu \pm \text{span}\cdot\sigma`; beyond them one more bin on
    each side holds the whole tail, out to :math:`-\infty` and :math:`+\infty`,
    so nothing is lost and the probabilities sum to 1.  Each probability is a difference of the normal
    CDF below the mean and of its upper tail above it, both from
    :func:`math.erfc`, so even far-out bins keep their relative precision.

    For a small width Δ the entropy of the result is close to
    :math:`h - \log \Delta`, with h the differential entropy
    (:func:`differential_entropy_normal`): it grows without bound as Δ → 0.

    Parameters
    ----------
    sigma : float
        Standard deviation, > 0.
    width : float
        Bin width Δ > 0.
    mu : float, keyword-only
        Mean; 0 by default.
    span : float, keyword-only
        Half-width of the finely binned range, in standard deviations; 10
        by default (the two tails beyond it hold about 1.5e-23).
    return_edges : bool, keyword-only
        Also return the bin edges (first ``-inf``, last ``inf``).

    Returns
    -------
    ndarray, or (ndarray, ndarray)
        The probabilities of the bins, in order; with ``return_edges`` also
        their edges, one more than bins.

    Raises
    ------
    ValueError
        For a non-positive sigma, width or span, or if more than ten million
        bins would be needed.

    Examples
    --------
    >>> binned_normal(1.0, 1.0, span=2).round(4)
    array([0.0228, 0.1359, 0.3413, 0.3413, 0.1359, 0.0228])
    >>> probs = binned_normal(1.0, 0.01)
    >>> round(entropy(probs, base=math.e), 4), round(differential_entropy_normal(1.0) - math.log(0.01), 4)
    (6.0241, 6.0241)
    """
    sigma = float(check_positive(_finite_scalar(sigma, "sigma"), "sigma"))
    width = float(check_positive(_finite_scalar(width, "width"), "width"))
    span = float(check_positive(_finite_scalar(span, "span"), "span"))
    mu = _finite_scalar(mu, "mu")
    bins_per_side = span * (sigma / width)  # inf if sigma / width overflows
    if not bins_per_side <= (_MAX_BINS - 2) // 2:
        needed = f"{2 * math.ceil(bins_per_side) + 2}" if math.isfinite(bins_per_side) else "more than 10**308"
        raise ValueError(
            f"width={width:g} with sigma={sigma:g} and span={span:g} needs {needed} bins, "
            f"more than {_MAX_BINS}; use a wider bin or a smaller span"
        )
    half = max(1, math.ceil(bins_per_side))
    steps = np.arange(-half - 1, half + 2)  # one more bin on each side for the tails
    # Edges in standard deviations; a width so many sigmas wide that width / sigma overflows puts every
    # edge but the mean's at -inf or +inf (the mean's edge stays at 0, never 0 * inf).
    with np.errstate(over="ignore", invalid="ignore"):  # 0 * inf at the mean, replaced by 0
        ratio = width / sigma
        z = np.where(steps == 0, 0.0, steps * ratio) / math.sqrt(2.0)
    erfc = np.frompyfunc(math.erfc, 1, 1)
    below = 0.5 * erfc(-z).astype(np.float64)  # Phi at each edge
    above = 0.5 * erfc(z).astype(np.float64)  # 1 - Phi at each edge
    below[0], above[-1] = 0.0, 0.0  # the outer bins reach to -inf and +inf
    # The mean is an edge (step 0), so every bin lies wholly on one side of it.
    probs = np.where(steps[1:] <= 0, below[1:] - below[:-1], above[:-1] - above[1:])
    if not return_edges:
        return probs
    edges = mu + steps * width
    edges[0], edges[-1] = -np.inf, np.inf
    return probs, edges


def gaussian_nll(y_true, y_pred, *, sigma: float = 1.0, base: float = math.e):
    r"""Negative log-likelihood of ``y_true`` under a normal model centred on the prediction.

    .. math::
        -\log_b \mathcal N(y;\, \hat y, \sigma^2)
        = \Big[\frac{(y - \hat y)^2}{2\sigma^2} + \tfrac12 \ln(2\pi\sigma^2)\Big] / \ln b

    For a fixed σ it is the squared error times :math:`1/(2\sigma^2)` plus a
    constant, so minimising its mean is minimising the mean squared error:
    the mean squared error is, up to that affine map, the cross-entropy
    between the data and a Gaussian model.  Being the negative logarithm of
    a density, not of a probability, it can be negative (wherever the
    density at y exceeds 1).

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed values and predictions; they broadcast against each other
        (a single prediction for many values is fine).
    sigma : float or array_like, keyword-only
        Standard deviation of the model, > 0; 1 by default.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Returns
    -------
    float or ndarray
        One value per (broadcast) element; take the mean for a data set.

    Examples
    --------
    >>> round(gaussian_nll(0.0, 0.0), 4)
    0.9189
    >>> gaussian_nll([1.0, 3.0], 1.0, sigma=0.2).round(4)
    array([-0.6905, 49.3095])
    """
    scale = _ln_to(base)
    sigma = check_positive(sigma, "sigma")
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    for array, name in ((y_true, "y_true"), (y_pred, "y_pred")):
        if not np.isfinite(array).all():
            what = "NaN" if np.isnan(array).any() else "inf"
            raise ValueError(f"{name} contains {what}")
    try:
        np.broadcast_shapes(y_true.shape, y_pred.shape, sigma.shape)
    except ValueError:
        raise ValueError(
            f"y_true, y_pred and sigma must broadcast together, got shapes {y_true.shape}, "
            f"{y_pred.shape} and {sigma.shape}"
        ) from None
    # Divided by sigma before squaring, since sigma**2 overflows or underflows long before sigma does; the
    # normaliser as in differential_entropy_normal: ln(2 pi sigma**2) / 2 while sigma**2 is a normal float.
    moderate = (sigma > 1e-150) & (sigma < 1e150)
    squared = np.where(moderate, sigma, 1.0) ** 2
    normaliser = np.where(moderate, 0.5 * np.log(2.0 * math.pi * squared),
                          0.5 * math.log(2.0 * math.pi) + np.log(sigma))
    nats = 0.5 * ((y_true - y_pred) / sigma) ** 2 + normaliser
    return _finish(nats * scale)


def _checked_pair(p, q):
    """Both distributions checked, over the same events (batches may broadcast)."""
    p = check_distribution(p, "p")
    q = check_distribution(q, "q")
    check_same_events(p, q, ("p", "q"))
    return p, q


def cross_entropy_terms(p, q, *, base: float = 2):
    r"""Each event's share of the cross-entropy: the terms of the sum, not their total.

    .. math:: H(P, Q) = \sum_x \underbrace{-P(x) \log_b Q(x)}_{\text{term of event } x}

    A term is how much event x adds to the average code length (or loss) when
    outcomes of P are scored with Q.  Every term is >= 0.  An event that P
    never produces adds 0, whatever Q says about it; an event that P can
    produce but Q rules out (Q(x) = 0) adds ``inf``.

    Parameters
    ----------
    p, q : array_like
        Distributions over the same events (last axis = events).
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    ndarray
        One term per event, same shape as ``p`` (or the broadcast batch);
        summing over the last axis gives :func:`cross_entropy`.

    Examples
    --------
    >>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
    >>> cross_entropy_terms(p, q).round(3)
    array([0.032, 1.095, 2.161])
    >>> round(float(cross_entropy_terms(p, q).sum()), 3)
    3.288
    >>> cross_entropy_terms([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
    array([ 0., inf,  0.])
    """
    scale = _ln_to(base)
    p, q = _checked_pair(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(q), 0.0)
    return terms * scale + 0.0


def kl_terms(p, q, *, base: float = 2):
    r"""Each event's term in the KL divergence; a term can be negative.

    .. math:: \mathrm{KL}(P \| Q) = \sum_x \underbrace{P(x) \log_b \frac{P(x)}{Q(x)}}_{\text{term of event } x}

    The term of an event is negative where Q gives it more probability than
    P does, and positive where Q gives it less.  Single terms can have either
    sign, but their sum, the divergence, is never negative (Gibbs'
    inequality).  As in :func:`cross_entropy_terms`, an event with P(x) = 0
    adds 0 and one with Q(x) = 0 < P(x) adds ``inf``.

    Parameters
    ----------
    p, q : array_like
        Distributions over the same events (last axis = events).
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    ndarray
        One term per event; summing over the last axis gives
        :func:`kl_divergence`.

    Examples
    --------
    >>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
    >>> kl_terms(p, q).round(3)
    array([-0.3  ,  0.566,  1.661])
    >>> round(float(kl_terms(p, q).sum()), 3)
    1.927
    >>> kl_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    array([ 0., inf,  0.])
    """
    scale = _ln_to(base)
    p, q = _checked_pair(p, q)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = p / q
        # log(p/q) is the more precise form; where the ratio over- or
        # underflows (or q = 0) the difference of logarithms takes over.
        usable = (ratio > 0) & np.isfinite(ratio)
        log_ratio = np.where(usable, np.log(np.where(usable, ratio, 1.0)), np.log(np.maximum(p, _TINY)) - np.log(q))
        terms = np.where(p > 0, p * log_ratio, 0.0)
    return terms * scale + 0.0


# delta - log1p(delta) loses digits for small |delta|; there its series is used.
_LOG1P_SERIES_LIMIT = 1e-2


def _delta_minus_log1p(delta: np.ndarray) -> np.ndarray:
    """``delta - log(1 + delta)`` for delta > -1, accurate also near 0."""
    series = np.zeros_like(delta)
    for k in range(10, 1, -1):  # sum_k>=2 (-1)^k delta^k / k, by Horner's rule
        series = (series + (-1.0) ** k / k) * delta
    series = series * delta
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = delta - np.log1p(delta)
    return np.where(np.abs(delta) < _LOG1P_SERIES_LIMIT, series, direct)


def kl_divergence_normal(mu1, sigma1, mu2, sigma2, *, base: float = math.e):
    r"""KL divergence between two normal distributions, in closed form.

    .. math::
        \mathrm{KL}\big(\mathcal N(\mu_1, \sigma_1^2) \,\|\, \mathcal N(\mu_2, \sigma_2^2)\big)
        = \ln\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_2^2} - \frac12
        \ \text{nats}

    (divided by :math:`\ln b` for another base b).  Unlike differential
    entropy, the KL divergence between densities is never negative, and it
    does not depend on the unit the data are measured in.  It is the value
    that KL divergences of ever finer histograms of the two distributions
    approach.

    Parameters
    ----------
    mu1, sigma1 : float or array_like
        Mean and standard deviation (> 0) of the first distribution, P.
    mu2, sigma2 : float or array_like
        Mean and standard deviation (> 0) of the second distribution, Q.
        All four broadcast against each other.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(kl_divergence_normal(0.0, 1.0, 1.0, 2.0), 4)
    0.4431
    >>> round(kl_divergence_normal(1.0, 2.0, 0.0, 1.0), 4)
    1.3069
    >>> kl_divergence_normal(3.0, 0.5, 3.0, 0.5)
    0.0
    """
    scale = _ln_to(base)
    sigma1 = check_positive(sigma1, "sigma1")
    sigma2 = check_positive(sigma2, "sigma2")
    means = []
    for value, name in ((mu1, "mu1"), (mu2, "mu2")):
        array = as_float_array(value, name)
        if not np.isfinite(array).all():
            raise ValueError(f"{name} must be finite, got {array[~np.isfinite(array)].ravel()[0]:g}")
        means.append(array)
    mu1, mu2 = means
    # With r = sigma1 / sigma2 and delta = r**2 - 1 (computed without cancellation):
    # KL = (delta - ln(1 + delta)) / 2 + (mu1 - mu2)**2 / (2 sigma2**2).
    # Each factor divided by sigma2 on its own, so that sigma2**2 cannot overflow or underflow.
    delta = ((sigma1 - sigma2) / sigma2) * ((sigma1 + sigma2) / sigma2)
    shift = (mu1 - mu2) / sigma2
    nats = 0.5 * _delta_minus_log1p(np.asarray(delta, dtype=np.float64)) + 0.5 * shift**2
    return _finish(np.maximum(nats, 0.0) * scale)


def histogram_distribution(samples, edges):
    r"""Turn samples of a continuous variable into a discrete distribution over bins.

    .. math:: \hat P(k) = \frac{\#\{i : e_k \le x_i < e_{k+1}\}}{n}

    The share of the ``n`` samples that falls into each bin
    :math:`[e_k, e_{k+1})`; the last bin also holds its right edge, as in
    :func:`numpy.histogram`.  Discrete measures such as :func:`kl_divergence`
    need two distributions over the SAME events, so bin both samples with
    the same ``edges``.  Nothing is smoothed: a bin without samples gets
    probability 0, so if it is empty in Q but not in P, KL(P || Q) is ``inf``.

    Parameters
    ----------
    samples : array_like
        Finite numbers; the last axis holds the samples, leading axes a batch.
    edges : array_like
        Bin edges, one-dimensional and strictly increasing, at least two.
        The first may be ``-inf`` and the last ``inf`` so that the outer bins
        catch the tails.

    Returns
    -------
    ndarray
        Shape ``samples.shape[:-1] + (len(edges) - 1,)``; each row sums to 1.

    Raises
    ------
    ValueError
        If a sample lies outside the edges (it would otherwise be dropped
        silently), or if the edges are not as described.

    Examples
    --------
    >>> histogram_distribution([0.1, 0.4, 0.6, 0.9], [0.0, 0.5, 1.0])
    array([0.5, 0.5])
    >>> histogram_distribution([-3.0, 0.2, 0.7, 7.0], [-np.inf, 0.0, 0.5, np.inf])
    array([0.25, 0.25, 0.5 ])
    """
    edges = as_float_array(edges, "edges")
    if edges.ndim != 1 or edges.shape[0] < 2:
        raise ValueError(f"edges must be a one-dimensional array of at least two bin edges, got shape {edges.shape}")
    if np.isnan(edges).any():
        raise ValueError("edges contains NaN")
    if not np.isfinite(edges[1:-1]).all() or edges[0] == np.inf or edges[-1] == -np.inf:
        raise ValueError("edges may be infinite only at the ends: -inf first, inf last")
    if not (np.diff(edges) > 0).all():
        raise ValueError("edges must be strictly increasing")
    samples = as_float_array(samples, "samples")
    if samples.ndim == 0:
        raise ValueError("samples must be an array of values, got a single number")
    if not np.isfinite(samples).all():
        if np.isnan(samples).any():
            raise ValueError("samples contains NaN")
        raise ValueError("samples contains inf")
    outside = (samples < edges[0]) | (samples > edges[-1])
    if outside.any():
        raise ValueError(
            f"samples has {int(outside.sum())} value(s) outside the edges [{edges[0]:g}, {edges[-1]:g}], "
            "which would be dropped; widen the edges (the outer ones may be -inf and inf)"
        )
    n_bins = edges.shape[0] - 1
    bins = np.searchsorted(edges, samples, side="right") - 1
    bins = np.minimum(bins, n_bins - 1)  # a sample on the last edge belongs to the last bin
    rows = bins.reshape(-1, samples.shape[-1])
    offsets = np.arange(rows.shape[0])[:, np.newaxis] * n_bins
    counts = np.bincount((rows + offsets).ravel(), minlength=rows.shape[0] * n_bins)
    counts = counts.reshape(samples.shape[:-1] + (n_bins,))
    return counts / samples.shape[-1]


def units(base) -> str:
    """Name of the unit that a logarithm base measures information in.

    Examples
    --------
    >>> units(2), units(math.e), units(10), units(3)
    ('bits', 'nats', 'hartleys', 'base-3 units')
    """
    value = check_base(base)
    for known, name in ((2.0, "bits"), (math.e, "nats"), (10.0, "hartleys")):
        if math.isclose(value, known, rel_tol=1e-12):
            return name
    return f"base-{value:g} units"
