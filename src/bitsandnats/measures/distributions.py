"""Making distributions: from weights, by moving one probability, and from samples.

These are the only functions of the package that produce a distribution
from something that is not one; every measure refuses rows that do not sum
to 1 and points here.
"""

from __future__ import annotations

import math

import numpy as np

from ..validation import as_float_array, check_distribution, check_finite, check_probabilities, check_whole_number

__all__ = ["normalize", "rebalance", "histogram_distribution"]


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
    weights = check_finite(weights, "weights")
    if weights.ndim == 0:
        raise ValueError("weights must be an array of event weights, got a single number")
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
    evenly.  This is what a probability slider does when it is dragged; the
    live explorers do the same on their grid of thousandths, in whole numbers
    (:func:`bitsandnats.explorers.grid.rebalance`).

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
    index = check_whole_number(index, "index", low=0, high=p.shape[0] - 1)
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
    samples = check_finite(samples, "samples")
    if samples.ndim == 0:
        raise ValueError("samples must be an array of values, got a single number")
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
