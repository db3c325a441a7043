r"""Estimating the measures from samples: averages over draws from P (Monte Carlo).

Cross-entropy and KL divergence are expectations under P,

.. math::

    H(P, Q) = \mathbb E_{x \sim P}\left[-\log Q(x)\right], \qquad
    \mathrm{KL}(P \,\|\, Q) = \mathbb E_{x \sim P}\left[\log \frac{P(x)}{Q(x)}\right],

so the average of :math:`-\log Q(x_i)` (or :math:`\log P(x_i)/Q(x_i)`) over
N draws :math:`x_i` from P estimates them, and by the law of large numbers
the estimate approaches the exact value as N grows.  Its standard error,
:math:`s / \sqrt N` (s the sample standard deviation of the N terms),
measures how far one estimate typically lands from the exact value: it
shrinks like :math:`1/\sqrt N`, so each further decimal costs a hundred
times more draws.

The draws come from :func:`draw`, a seeded sampler that the explorers'
JavaScript (``explorers/sampling.js``) repeats exactly: the 32-bit generator
mulberry32 (:func:`random_words`) and inverse-CDF sampling on whole-number
thresholds (:func:`thresholds`), so the same seed gives the same draws in the
kernel and in the browser.

Examples
--------
>>> samples = draw([0.5, 0.25, 0.25], 8, seed=1)
>>> samples
array([1, 0, 1, 2, 2, 0, 1, 1])
>>> sample_cross_entropy(samples, [0.25, 0.25, 0.5])  # (6 × 2 + 2 × 1) / 8 bits
1.75
"""

from __future__ import annotations

import math

import numpy as np

from . import measures
from .measures import average_surprisal
from .validation import as_float_array, check_distribution, check_flag, check_labels, check_whole_number

__all__ = ["WORDS", "MAX_SEED", "random_words", "thresholds", "draw", "standard_error", "sample_cross_entropy",
           "sample_kl"]

#: How many values one random word can take: 2**32.
WORDS = 2**32
#: The largest seed: seeds are 32-bit whole numbers, 0 to 2**32 - 1.
MAX_SEED = WORDS - 1

_MASK = np.uint64(WORDS - 1)
_GOLDEN = 0x6D2B79F5  # mulberry32's increment


def random_words(n, seed) -> np.ndarray:
    r"""The first ``n`` outputs of the 32-bit generator mulberry32 seeded with ``seed``: whole numbers in [0, 2³²).

    Mulberry32 (Tommy Ettinger, 2017) adds 0x6D2B79F5 to a 32-bit state at
    each step and returns a scrambled copy of it; every operation is on
    32-bit whole numbers, so the browser (``Math.imul``) and numpy compute
    identical words (the reference JavaScript's, for seed 0: 1144304738,
    1416247, 958946056, ...).  Word k depends only on the seed and k, so the first
    ``n`` words are the same whatever ``n`` is.

    Parameters
    ----------
    n : int
        How many words, >= 0.
    seed : int
        The seed, a whole number from 0 to 2³² − 1.

    Returns
    -------
    ndarray of int64
        ``n`` words, each from 0 to 2³² − 1.

    Examples
    --------
    >>> random_words(3, seed=0)
    array([1144304738,    1416247,  958946056])
    >>> random_words(2, seed=0)
    array([1144304738,    1416247])
    """
    n = check_whole_number(n, "n")
    seed = check_whole_number(seed, "seed", high=MAX_SEED)
    steps = np.arange(1, n + 1, dtype=np.uint64)
    state = (np.uint64(seed) + steps * np.uint64(_GOLDEN)) & _MASK
    # Each product is of two numbers below 2**32, so it fits uint64 exactly before it is cut to 32 bits.
    t = ((state ^ (state >> np.uint64(15))) * (state | np.uint64(1))) & _MASK
    t = ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & _MASK)) & _MASK) ^ t
    return (t ^ (t >> np.uint64(14))).astype(np.int64)


def thresholds(p) -> np.ndarray:
    r"""Where each outcome's share of the 2³² random words ends: :math:`T_k = \mathrm{round}(2^{32} \sum_{i \le k} P(i))`.

    A word w gives outcome k when :math:`T_{k-1} \le w < T_k` (with
    :math:`T_{-1} = 0`), so outcome k is drawn with probability
    :math:`(T_k - T_{k-1}) / 2^{32}`, within :math:`2^{-32}` of P(k).  An
    outcome with P(k) = 0 gets no words and is never drawn.  For a
    probability on a grid of thousandths (the explorers'), each threshold is
    far from a rounding tie, so the browser's integer arithmetic,
    ``round(2³² · count / 1000)``, gives the same thresholds.

    Parameters
    ----------
    p : array_like
        One distribution (one-dimensional).

    Returns
    -------
    ndarray of int64
        One threshold per outcome, increasing, the last exactly 2³².

    Examples
    --------
    >>> thresholds([0.5, 0.25, 0.25]).tolist()
    [2147483648, 3221225472, 4294967296]
    >>> thresholds([0.5, 0.0, 0.5]).tolist()
    [2147483648, 2147483648, 4294967296]
    """
    p = check_distribution(p, "p")
    if p.ndim != 1:
        raise ValueError(f"p must be one distribution (one-dimensional), got shape {p.shape}")
    total = math.fsum(p.tolist())
    # Each prefix sum correctly rounded (fsum), so a zero probability repeats its neighbour's threshold exactly.
    prefix = [math.fsum(p[:k + 1].tolist()) / total for k in range(p.shape[0])]
    ends = np.array([round(value * WORDS) for value in prefix], dtype=np.int64)
    ends[-1] = WORDS
    return ends


def draw(p, n, seed) -> np.ndarray:
    r"""``n`` outcomes drawn from the distribution P, reproducibly from ``seed``.

    Inverse-CDF sampling: the i-th word w of :func:`random_words` gives the
    outcome k with :math:`T_{k-1} \le w < T_k`, the thresholds of
    :func:`thresholds`.  The first ``n`` draws of a seed are the same for
    every ``n`` (a longer sample extends a shorter one), and the explorer
    draws exactly the same outcomes in the browser.

    Parameters
    ----------
    p : array_like
        One distribution (one-dimensional) over the outcomes 0 .. len(p) − 1.
    n : int
        How many draws, >= 0.
    seed : int
        A whole number from 0 to 2³² − 1.

    Returns
    -------
    ndarray of int
        The outcomes, as indices into ``p``.

    Examples
    --------
    >>> draw([0.1, 0.4, 0.5], 10, seed=2024)
    array([2, 2, 2, 2, 2, 2, 1, 1, 1, 2])
    >>> np.bincount(draw([0.25, 0.75], 100_000, seed=7)) / 100_000
    array([0.25071, 0.74929])
    """
    ends = thresholds(p)
    words = random_words(n, seed)
    return np.searchsorted(ends, words, side="right").astype(np.intp)


def _running_standard_error(values: np.ndarray) -> np.ndarray:
    n = values.shape[-1]
    infinite = np.isinf(values)
    finite = np.where(infinite, 0.0, values)
    # Sums of the values less the first one (a shift that keeps the subtraction below from cancelling).
    shifted = finite - finite[..., :1]
    first = np.cumsum(shifted, axis=-1)
    second = np.cumsum(shifted * shifted, axis=-1)
    draws = np.arange(1, n + 1, dtype=np.float64)
    squares = np.maximum(second - first * first / draws, 0.0)
    result = np.full(values.shape, np.nan)
    np.divide(squares, (draws - 1.0) * draws, out=result, where=draws > 1)
    result = np.sqrt(result, out=result, where=draws > 1)
    result[np.logical_or.accumulate(infinite, axis=-1) & (draws > 1)] = math.inf
    return result + 0.0


def _checked_values(values) -> np.ndarray:
    """Values to average: numbers, none NaN or −∞ (+∞ is an infinite surprisal, which an average may hold)."""
    array = as_float_array(values, "values")
    if np.isnan(array).any():
        raise ValueError("values contains NaN")
    if (array == -math.inf).any():
        raise ValueError("values contains -inf; only +inf (an infinite surprisal) can be averaged")
    return array


def standard_error(values, *, running: bool = False):
    r"""The standard error of the mean of ``values``: :math:`s / \sqrt N`.

    .. math:: \mathrm{SE} = \frac{s}{\sqrt N}, \qquad
              s^2 = \frac{1}{N - 1} \sum_{i=1}^{N} (v_i - \bar v)^2

    How far the average of N independent draws typically lands from the mean
    it estimates: about two in three averages fall within one standard error
    of it, about 95 in 100 within two (for N large enough that the average is
    nearly normal).  It is in the unit of the values.  An infinite value
    makes it infinite.

    Parameters
    ----------
    values : array_like
        Finite or infinite numbers (no NaN); the last axis holds the N values,
        N >= 2, any leading axes a batch.
    running : bool, keyword-only
        If True, the standard error of the first n values for every n
        (the same shape as ``values``; NaN for n = 1, where it is undefined).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> standard_error([1.0, 2.0, 3.0, 4.0])  # s = 1.291, N = 4
    0.6454972243679028
    >>> standard_error([1.0, 2.0, 3.0], running=True)
    array([       nan, 0.5       , 0.57735027])
    """
    running = check_flag(running, "running")
    array = _checked_values(values)
    if array.ndim == 0:
        raise ValueError("values must be an array of values, got a single number")
    if running:
        return _running_standard_error(array)
    n = array.shape[-1]
    if n < 2:
        raise ValueError(f"values must hold at least 2 values along its last axis for a standard error, got {n}")
    infinite = np.isinf(array).any(axis=-1)
    finite = np.where(np.isinf(array), 0.0, array)
    spread = np.std(finite, axis=-1, ddof=1) / math.sqrt(n)
    return measures._engine.finish(np.where(infinite, math.inf, spread))


def _estimate(values: np.ndarray, average, running: bool, error: bool):
    """The estimate (``average``, a number or the running averages), with its standard error if ``error``."""
    if not error:
        return average
    if running:
        return average, _running_standard_error(values)
    if values.shape[-1] < 2:
        raise ValueError(f"samples must hold at least 2 draws for a standard error, got {values.shape[-1]}")
    return average, standard_error(values)


def _checked_samples(samples, n_outcomes: int) -> np.ndarray:
    samples = check_labels(samples, n_outcomes, "samples")
    if samples.ndim == 0:
        raise ValueError("samples must be an array of outcomes, got a single number")
    return samples


def sample_cross_entropy(samples, q, *, base: float = 2, running: bool = False, error: bool = False):
    r"""The cross-entropy H(P, Q) estimated from draws of P: the average of −log Q(x) over the samples.

    .. math:: \hat H_N = \frac{1}{N} \sum_{i=1}^{N} -\log_b Q(x_i)
              \;\xrightarrow[N \to \infty]{}\; \mathbb E_{x \sim P}[-\log_b Q(x)] = H(P, Q)

    This is the log loss of the model Q on the samples: scored on draws it
    was not fitted to (held-out data), it estimates the model's
    cross-entropy with the truth P, which is never seen.  P is not needed,
    only its samples.  In bits for ``base=2``, nats for ``base=e``; a sample
    to which Q gives probability 0 makes the estimate ``inf``.  The average
    itself is :func:`bitsandnats.measures.average_surprisal` with Q as the
    scoring distribution.

    Parameters
    ----------
    samples : array_like of int
        Outcomes drawn from P, as indices into ``q``; the last axis holds the
        draws, any leading axes a batch of separate samples.
    q : array_like
        The model: one distribution (one-dimensional) over the outcomes.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).
    running : bool, keyword-only
        If True, the estimate after each draw (the same shape as ``samples``).
    error : bool, keyword-only
        If True, return ``(estimate, standard error)``: the standard error
        :math:`s / \sqrt N` of the terms −log Q(x_i) (:func:`standard_error`),
        in the same unit; with ``running``, both after each draw.

    Returns
    -------
    float or ndarray, or a pair of them

    Examples
    --------
    A sample whose frequencies are exactly P = (1/2, 1/4, 1/4) gives exactly H(P, Q):

    >>> q = [0.25, 0.25, 0.5]
    >>> sample_cross_entropy([0, 0, 1, 2], q), round(measures.cross_entropy([0.5, 0.25, 0.25], q), 12)
    (1.75, 1.75)
    >>> estimate, se = sample_cross_entropy(draw([0.5, 0.25, 0.25], 10_000, seed=3), q, error=True)
    >>> round(estimate, 4), round(se, 4)  # exact: 1.75 bits
    (1.7497, 0.0043)
    """
    running = check_flag(running, "running")
    error = check_flag(error, "error")
    q = check_distribution(q, "q")
    if q.ndim != 1:
        raise ValueError(f"q must be one distribution (one-dimensional), got shape {q.shape}")
    samples = _checked_samples(samples, q.shape[0])
    average = average_surprisal(samples, q, base=base, running=running)
    values = measures.surprisal(q, base=base)[samples] if error else None
    return _estimate(values, average, running, error)


def sample_kl(samples, p, q, *, base: float = 2, running: bool = False, error: bool = False):
    r"""KL(P ‖ Q) estimated from draws of P: the average of log P(x)/Q(x) over the samples.

    .. math:: \widehat{\mathrm{KL}}_N = \frac{1}{N} \sum_{i=1}^{N} \log_b \frac{P(x_i)}{Q(x_i)}
              \;\xrightarrow[N \to \infty]{}\; \mathrm{KL}(P \,\|\, Q)

    Unlike :func:`sample_cross_entropy` this needs P's probabilities, not
    only its samples.  A single term can be negative (where Q gives an
    outcome more probability than P does), and so can the estimate from a
    few draws, though KL(P ‖ Q) >= 0; the average approaches it as N grows.
    It equals the cross-entropy estimate minus the same samples' estimate of
    H(P), :math:`\frac1N\sum -\log_b P(x_i)`; both averages are
    :func:`bitsandnats.measures.average_surprisal`.  In bits for ``base=2``,
    nats for ``base=e``; ``inf`` once a sample has Q(x) = 0.

    Parameters
    ----------
    samples : array_like of int
        Outcomes drawn from P, as indices into ``p``; each must have
        P(x) > 0 (P cannot produce any other).  The last axis holds the
        draws, any leading axes a batch.
    p, q : array_like
        The truth and the model: one distribution each, over the same outcomes.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).
    running : bool, keyword-only
        If True, the estimate after each draw.
    error : bool, keyword-only
        If True, return ``(estimate, standard error)`` of the terms
        log P(x_i)/Q(x_i), in the same unit.

    Returns
    -------
    float or ndarray, or a pair of them

    Examples
    --------
    >>> p, q = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
    >>> sample_kl([0, 0, 1, 2], p, q), measures.kl_divergence(p, q)
    (0.25, 0.25)
    >>> sample_kl([1, 2], p, q)  # a sample of two says KL < 0: too few draws
    -0.5
    >>> sample_kl([0, 1], p, p, error=True)  # Q = P: every term is 0
    (0.0, 0.0)
    """
    running = check_flag(running, "running")
    error = check_flag(error, "error")
    p = check_distribution(p, "p")
    q = check_distribution(q, "q")
    if p.ndim != 1 or q.shape != p.shape:
        raise ValueError(f"p and q must be one distribution each over the same outcomes, got shapes {p.shape} "
                         f"and {q.shape}")
    samples = _checked_samples(samples, p.shape[0])
    impossible = p[samples] == 0
    if impossible.any():
        where = np.argwhere(impossible)[0]
        raise ValueError(f"samples holds outcome {samples[tuple(where)]} (at {tuple(int(i) for i in where)}), "
                         "to which p gives probability 0: P cannot produce it")
    under_q = average_surprisal(samples, q, base=base, running=running)
    under_p = average_surprisal(samples, p, base=base, running=running)
    average = measures._engine.finish(under_q - under_p) if not running else under_q - under_p + 0.0
    values = None
    if error:
        values = measures.surprisal(q, base=base)[samples] - measures.surprisal(p, base=base)[samples]
    return _estimate(values, average, running, error)
