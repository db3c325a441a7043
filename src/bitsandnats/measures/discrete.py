"""Discrete measures: entropy, cross-entropy, KL divergence, surprisal, and each event's share of them.

Every function checks its input once (:mod:`bitsandnats.validation`), then
computes along one path built on the element-wise rules of
:mod:`._terms` (0 · log 0 = 0; a positive weight on log 0 is infinite).
Long 1-D inputs go through :mod:`._engine`, which checks and sums them in one
pass over the data.
"""

from __future__ import annotations

import math

import numpy as np

from ..notation import nats_in
from ..validation import as_float_array, check_distribution, check_flag, check_labels, check_probabilities, check_same_events
from . import _engine
from ._terms import finite_logs, log_of, log_ratio, times_log

__all__ = ["entropy", "cross_entropy", "kl_divergence", "surprisal", "average_surprisal",
           "cross_entropy_terms", "kl_terms"]

# The fast KL sum is off by about eps * (1 + sum(p * |log(p/q)|)): each ratio
# p/q is rounded (eps * p per term) and so is the sum.  It is trusted while it
# is at least this fraction of 1 + sum(p * |log(p/q)|), which keeps the error
# near 1e-13 relative; below it the careful sum (_careful_kl) is used.
_CANCELLATION_LIMIT = 1e-3

# In the careful sum, a term with |s| = |p - q| / (p + q) up to this comes from
# a series in s, whose first _SERIES_COEFFICIENTS reach full precision there
# (the first left out is below 1e-18 of the term); above it, from
# (1 + s) atanh(s) - s, whose rounding error is about 2.2e-16 / |s| < 3e-13 of
# the term.
_SERIES_LIMIT = 1e-3
_SERIES_COEFFICIENTS = (1.0, 1 / 3, 1 / 3, 1 / 5, 1 / 5, 1 / 7)  # f(s) / s**2 = 1 + s/3 + s**2/3 + s**3/5 + ...


def _checked_pair(p, q):
    """Both distributions checked, over the same events (batches may broadcast)."""
    p = check_distribution(p, "p")
    q = check_distribution(q, "q")
    check_same_events(p, q, ("p", "q"))
    return p, q


def _entropy_slice(p, work):
    # The logarithm goes first: it is slow enough that the slice streams in
    # from memory behind it, and the other passes find it in cache.  A finite
    # sum of p log p proves every entry positive; otherwise the slice has a
    # zero (0 log 0 = 0), or a negative entry or NaN, which the minimum reports.
    logs = log_of(p, out=work[0])
    total = _engine.dot(p, logs)
    if math.isfinite(total):
        return 0.0, _engine.mass(p), total
    floor = float(p.min())
    if not floor >= 0:
        return floor, math.nan, math.nan
    return floor, _engine.mass(p), _engine.dot(p, finite_logs(logs))


def _cross_entropy_slice(p, q, work):
    # A negative or NaN entry of q has a NaN log, which makes the sum NaN and
    # sends the caller to the full checks; only p needs its minimum.
    logs = log_of(q, out=work[0])
    return float(p.min()), _engine.mass(p), _engine.mass(q), _engine.dot(p, logs)


def _kl_slice(p, q, work):
    logs = work[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        np.divide(p, q, out=logs)
        log_of(logs, out=logs)
    total = _engine.dot(p, logs)
    if math.isnan(total):  # 0 log 0 somewhere, or bad input (see the floor)
        total = _engine.dot(p, finite_logs(logs))
    floor = _engine.lowest(float(p.min()), float(q.min()))
    magnitude = _engine.dot(p, np.abs(logs, out=logs))
    # Every p/q rounded to exactly 1: P and Q may well be identical here, which is checked while the
    # slice is in cache (the count of slices that differ is the last sum).
    differs = 1.0 if total != 0.0 or magnitude != 0.0 or not np.array_equal(p, q) else 0.0
    return floor, _engine.mass(p), _engine.mass(q), total, magnitude, differs


def _exact_sums(values: np.ndarray, scratch: np.ndarray):
    """The sums over the last axis of ``values`` as (high, low) parts whose total is correct to ~1e-30 relative.

    Rump, Ogita and Oishi's ExtractVector: adding and subtracting a power of
    two sigma >= 2**ceil(log2(n + 2)) * max|x| splits each x into a high
    part, whose sum is exact in floating point, and a low part below
    eps * sigma, whose rounding no longer matters.  ``scratch`` is an array
    shaped like ``values``.
    """
    biggest = np.abs(values, out=scratch).max(axis=-1, keepdims=True)
    exponent = np.ceil(np.log2(np.where(biggest > 0, biggest, 1.0))) + math.ceil(math.log2(values.shape[-1] + 2))
    sigma = np.where(biggest > 0, np.exp2(exponent), 0.0)
    high = np.add(values, sigma, out=scratch)
    high -= sigma
    high_sum = high.sum(axis=-1)
    low = np.subtract(values, high, out=scratch)
    return high_sum, low.sum(axis=-1)


def _series_factor(p, q, work) -> np.ndarray:
    """``g = f(s) / s**2`` in ``work[3]``, for the careful KL terms ``(p - q) s g``, in nats.

    Each term ``p log(p/q) - p + q`` is ``(p + q) f(s)`` with
    ``s = (p - q)/(p + q)`` and ``f(s) = (1 + s) atanh(s) - s``, that is
    ``(p - q) s g(s)``: every one is >= 0.  p - q is exact wherever p and q
    are within a factor of 2 (Sterbenz), so s is accurate to an ulp, and g is
    taken from its series where |s| is small.  ``work`` holds four scratch
    arrays shaped like p; ``work[0]`` is left holding p - q, ``work[2]`` s.
    """
    difference, pair, s, factor = work
    np.subtract(p, q, out=difference)
    np.add(p, q, out=pair)
    with np.errstate(invalid="ignore"):
        np.divide(difference, pair, out=s)
    if pair.min() == 0:  # p = q = 0: nothing to add there
        s[pair == 0] = 0.0
    factor.fill(_SERIES_COEFFICIENTS[-1])
    for coefficient in reversed(_SERIES_COEFFICIENTS[:-1]):  # Horner's rule
        factor *= s
        factor += coefficient
    if s.max() > _SERIES_LIMIT or s.min() < -_SERIES_LIMIT:
        far = np.abs(s) > _SERIES_LIMIT
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # f(s) / s**2: 1 at s = -1 (p = 0), inf at s = 1 (q = 0)
            closed = (times_log(1.0 + s, np.arctanh(s)) - s) / np.where(far, s * s, 1.0)
            # Where p/q is beyond about 1e16 (or below 1e-16) s rounds to +-1 and atanh is infinite although q > 0.
            # There the direct form p log(p/q) - p + q is accurate (its error, ~2e-16 / s**2, is small) and finite.
            near_one = np.abs(s) > 0.5
            if near_one.any():
                direct = (times_log(p, log_ratio(p, q)) - difference) / np.where(near_one, difference * s, 1.0)
                closed = np.where(near_one, direct, closed)
        np.copyto(factor, closed, where=far)
    return factor


def _careful_slice(p, q, work):
    difference = np.subtract(p, q, out=work[0])
    if not difference.any():  # an identical slice adds nothing
        return 0.0, 0.0, 0.0, 0.0
    factor = _series_factor(p, q, work)
    factor *= work[2]
    terms = _engine.dot(work[0], factor)
    return (0.0, terms, *_exact_sums(work[0], work[1]))


def _careful_kl(p: np.ndarray, q: np.ndarray):
    """KL in nats of 1-D p and q, or of the rows of broadcast batches: the careful terms plus the exact mass gap.

    KL = sum(p log(p/q) - p + q) + sum(p - q).  The terms of the first sum are
    all >= 0, so it cannot cancel; the second is summed exactly.
    """
    if p.ndim == 1 and q.ndim == 1:
        _, (terms, high, low) = _engine.reduce_in_slices(_careful_slice, p, q, exact=True)
        return terms + (high + low)
    p, q = np.broadcast_arrays(p, q)
    work = np.empty((4, *p.shape))
    factor = _series_factor(p, q, work)
    factor *= work[2]
    terms = np.einsum("...i,...i->...", work[0], factor)
    high, low = _exact_sums(work[0], work[1])
    return terms + (high + low)


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
    >>> entropy([0.25, 0.25, 0.25, 0.25])
    2.0
    >>> round(entropy([0.9, 0.1]), 4)
    0.469
    >>> entropy([[1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
    array([0., 2.])
    """
    nats_per_unit = nats_in(base)
    p = as_float_array(p, "p")
    sums = _engine.sums_if_valid(_entropy_slice, p, n_distributions=1)
    if sums is not None:
        return _engine.finish(-sums[0] / nats_per_unit)
    p = check_distribution(p, "p")
    return _engine.finish(-times_log(p, log_of(p)).sum(axis=-1) / nats_per_unit)


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
    >>> p, q = [0.5, 0.25, 0.25], [0.125, 0.125, 0.75]
    >>> round(cross_entropy(p, q), 3), round(cross_entropy(q, p), 3)
    (2.354, 1.875)
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    """
    nats_per_unit = nats_in(base)
    p, q = as_float_array(p, "p"), as_float_array(q, "q")
    sums = _engine.sums_if_valid(_cross_entropy_slice, p, q, n_distributions=2)
    if sums is not None and not np.isnan(sums[0]):
        return _engine.finish(-sums[0] / nats_per_unit)
    p, q = _checked_pair(p, q)
    logs = log_of(q)
    total = _engine.row_dot(p, logs) if (q > 0).all() else times_log(p, logs).sum(axis=-1)
    return _engine.finish(-total / nats_per_unit)


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
    >>> round(kl_divergence([0.5, 0.25, 0.25], [0.125, 0.125, 0.75]), 3)
    0.854
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    nats_per_unit = nats_in(base)
    p, q = as_float_array(p, "p"), as_float_array(q, "q")
    sums = _engine.sums_if_valid(_kl_slice, p, q, n_distributions=2)
    if sums is not None:
        total, magnitude, slices_that_differ = sums
        if slices_that_differ == 0:  # P and Q are the same distribution
            return 0.0
        if total == math.inf:  # p/q overflowed (q subnormal), or q = 0 < p: the terms say which
            terms = times_log(p, log_ratio(p, q))
            total, magnitude = float(terms.sum()), float(np.abs(terms).sum())
    else:
        p, q = _checked_pair(p, q)
        logs = log_ratio(p, q)
        total = _engine.row_dot(p, logs) if p.min() > 0 else times_log(p, logs).sum(axis=-1)
        magnitude = _engine.row_dot(p, np.abs(logs, out=logs))
    # A sum that is small against the size of its terms has lost digits to cancellation: those rows
    # (only those) are summed again with care.  An infinite row cannot cancel.
    needs_care = np.isfinite(total) & (np.abs(total) < _CANCELLATION_LIMIT * (1.0 + magnitude))
    if np.ndim(needs_care) == 0:
        if needs_care:
            total = _careful_kl(p, q)
    elif needs_care.any():
        # Only the rows that need it are summed again; a row identical in P and Q is exactly 0 already.
        p, q = np.broadcast_arrays(p, q)
        needs_care &= (p != q).any(axis=-1)
        if needs_care.any():
            total = np.array(total)
            total[needs_care] = _careful_kl(p[needs_care], q[needs_care])
    # Rounding can leave a tiny negative value for equal inputs; KL is never negative.
    return _engine.finish(np.maximum(total, 0.0) / nats_per_unit)


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
    >>> surprisal(1 / 1024)
    10.0
    >>> round(surprisal(0.2, base=math.e), 2), round(surprisal(0.02, base=math.e), 2)
    (1.61, 3.91)
    >>> surprisal([1.0, 0.25])
    array([0., 2.])
    """
    nats_per_unit = nats_in(base)
    prob = check_probabilities(prob, "prob")
    return _engine.finish(-log_of(prob) / nats_per_unit)


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

    >>> round(average_surprisal([0, 0, 0, 1], [0.75, 0.25]), 4), round(entropy([0.75, 0.25]), 4)
    (0.8113, 0.8113)
    >>> average_surprisal([0, 1, 2, 0], [0.5, 0.25, 0.25], running=True).round(4)
    array([1.    , 1.5   , 1.6667, 1.5   ])
    """
    nats_per_unit = nats_in(base)
    running = check_flag(running, "running")
    p = check_distribution(p, "p")
    if p.ndim != 1:
        raise ValueError(f"p must be one distribution (one-dimensional), got shape {p.shape}")
    samples = check_labels(samples, p.shape[0], "samples")
    if samples.ndim == 0:
        raise ValueError("samples must be an array of outcomes, got a single number")
    information = -log_of(p)[samples] / nats_per_unit
    if running:
        draws = np.arange(1, samples.shape[-1] + 1)
        return np.cumsum(information, axis=-1) / draws + 0.0
    return _engine.finish(information.mean(axis=-1))


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
    >>> p, q = [0.5, 0.25, 0.25], [0.125, 0.125, 0.75]
    >>> cross_entropy_terms(p, q).round(3)
    array([1.5  , 0.75 , 0.104])
    >>> round(float(cross_entropy_terms(p, q).sum()), 3)
    2.354
    >>> cross_entropy_terms([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
    array([ 0., inf,  0.])
    """
    nats_per_unit = nats_in(base)
    p, q = _checked_pair(p, q)
    return -times_log(p, log_of(q)) / nats_per_unit + 0.0


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
    >>> p, q = [0.5, 0.25, 0.25], [0.125, 0.125, 0.75]
    >>> kl_terms(p, q).round(3)
    array([ 1.   ,  0.25 , -0.396])
    >>> round(float(kl_terms(p, q).sum()), 3)
    0.854
    >>> kl_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    array([ 0., inf,  0.])
    """
    nats_per_unit = nats_in(base)
    p, q = _checked_pair(p, q)
    return times_log(p, log_ratio(p, q)) / nats_per_unit + 0.0
