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
    "normalize",
    "binary_cross_entropy",
    "log_loss",
    "softmax",
    "log_softmax",
    "cross_entropy_from_logits",
    "differential_entropy_normal",
    "differential_entropy_uniform",
    "units",
]

# Entries below this are replaced by it before a logarithm; they are always
# multiplied by a weight of 0 or by themselves, so the result is unchanged.
_TINY = np.finfo(np.float64).tiny

# Where |s| = |p - q| / (p + q) is at most this, the KL term is summed from a
# series instead of p*log(p/q) - p + q, which loses digits to cancellation.
_SERIES_LIMIT = 0.1
_SERIES_TERMS = 9

# The fast KL sum is trusted while it is at least this fraction of
# sum(p * |log(p/q)|); below it the terms cancel and the careful sum is used.
_CANCELLATION_LIMIT = 1e-3


# Long 1-D inputs are reduced in cache-sized slices on every core: numpy's
# ufuncs release the GIL, and one small scratch buffer per thread avoids
# allocating (and page-faulting) temporaries as large as the input.  The same
# pass gathers the sums and minimum that validation needs, so a valid input
# is read once; anything suspicious falls back to the full checks.
_SLICE = 1 << 15
_PARALLEL_FROM = 1 << 18
_WORKERS = max(1, min(4, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None


def _reduce_in_slices(kernel, *arrays):
    """Run ``kernel(*slices, scratch)`` over slices of equal-length 1-D arrays.

    The kernel returns ``(floor, *sums)`` for its slice.  The result is the
    smallest floor (NaN if any was NaN) and the totals of the sums.
    """
    global _pool
    length = arrays[0].shape[0]

    def reduce_range(start: int, stop: int):
        scratch = np.empty(min(_SLICE, stop - start))
        floor, totals = np.inf, 0.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for first in range(start, stop, _SLICE):
                last = min(first + _SLICE, stop)
                slice_floor, *sums = kernel(*(a[first:last] for a in arrays), scratch[: last - first])
                floor = np.minimum(floor, slice_floor)
                totals = totals + np.asarray(sums)
        return floor, totals

    if length < _PARALLEL_FROM or _WORKERS == 1:
        return reduce_range(0, length)
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="bitsandnats")
    bounds = np.linspace(0, length, _WORKERS + 1).astype(int)
    parts = list(_pool.map(reduce_range, bounds[:-1], bounds[1:]))
    return np.minimum.reduce([floor for floor, _ in parts]), sum(totals for _, totals in parts)


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
    """Inner product of two 1-D slices without BLAS, whose own threads would
    compete with the slice workers for the same cores."""
    return np.einsum("i,i->", a, b)


def _entropy_slice(p, scratch):
    np.maximum(p, _TINY, out=scratch)
    np.log(scratch, out=scratch)
    return p.min(), p.sum(), _dot(p, scratch)


def _cross_entropy_slice(p, q, scratch):
    np.log(q, out=scratch)
    return min(p.min(), q.min()), p.sum(), q.sum(), _dot(p, scratch)


def _kl_slice(p, q, scratch):
    np.maximum(p, _TINY, out=scratch)
    np.divide(scratch, q, out=scratch)
    np.log(scratch, out=scratch)
    total = _dot(p, scratch)
    np.abs(scratch, out=scratch)
    return min(p.min(), q.min()), p.sum(), q.sum(), total, _dot(p, scratch)


def _binary_slice(y_true, y_prob, scratch):
    floor = min(y_true.min(), y_prob.min(), 1.0 - y_true.max(), 1.0 - y_prob.max())
    np.log(y_prob, out=scratch)
    with_label = _dot(y_true, scratch)
    np.negative(y_prob, out=scratch)
    np.log1p(scratch, out=scratch)
    return floor, with_label + scratch.sum() - _dot(y_true, scratch)


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
    needs_care = np.isnan(total) | (np.isfinite(total) & (np.abs(total) < _CANCELLATION_LIMIT * magnitude))
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
    totals = weights.sum(axis=-1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("weights has a row that sums to 0; there is nothing to normalize")
    return weights / totals


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
    scaled = _checked_logits(logits) / _check_temperature(temperature)
    shifted = scaled - scaled.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


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
    scaled = _checked_logits(logits) / _check_temperature(temperature)
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
    log_probs = log_softmax(logits)
    targets = as_float_array(y_true, "y_true")
    if targets.shape == log_probs.shape:
        targets = check_distribution(targets, "y_true")
        losses = -np.where(targets > 0, targets * log_probs, 0.0).sum(axis=-1)
    elif targets.shape == log_probs.shape[:-1]:
        labels = check_labels(targets, log_probs.shape[-1], "y_true")
        losses = -np.take_along_axis(log_probs, labels[..., np.newaxis], axis=-1)[..., 0]
    else:
        raise ValueError(
            f"y_true must be labels of shape {log_probs.shape[:-1]} or probability rows of shape "
            f"{log_probs.shape}, got shape {targets.shape}"
        )
    return _finish(losses * scale)


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
    return _finish(0.5 * np.log(2 * math.pi * math.e * sigma**2) * scale)


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
