"""Continuous distributions: differential entropy, a normal cut into bins, and the KL divergence of two normals.

Differential entropy is not the limit of discrete entropy (that grows
without bound as bins shrink; :func:`binned_normal` shows by how much), but
the KL divergence of two densities is the limit of their histograms' KL.
In nats by default.
"""

from __future__ import annotations

import math

import numpy as np

from ..notation import nats_in
from ..validation import check_finite, check_flag, check_number, check_positive
from . import _engine

__all__ = ["differential_entropy_normal", "differential_entropy_uniform", "binned_normal", "kl_divergence_normal"]


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
    nats_per_unit = nats_in(base)
    sigma = check_positive(sigma, "sigma")
    # ln(2 pi e sigma**2) / 2 keeps its relative precision where h crosses 0 (sigma near 0.242); where
    # sigma**2 would overflow or underflow, ln(sigma) + ln(2 pi e) / 2 takes over (no cancellation there).
    moderate = (sigma > 1e-150) & (sigma < 1e150)
    squared = np.where(moderate, sigma, 1.0) ** 2
    nats = np.where(moderate, 0.5 * np.log(2 * math.pi * math.e * squared),
                    0.5 * math.log(2 * math.pi * math.e) + np.log(sigma))
    return _engine.finish(nats / nats_per_unit)


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
    nats_per_unit = nats_in(base)
    width = check_positive(width, "width")
    return _engine.finish(np.log(width) / nats_per_unit)


# binned_normal refuses to build more bins than this (about 80 MB of float64).
_MAX_BINS = 10_000_000


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
    >>> from bitsandnats import entropy
    >>> round(entropy(probs, base=math.e), 4), round(differential_entropy_normal(1.0) - math.log(0.01), 4)
    (6.0241, 6.0241)
    """
    sigma = check_number(sigma, "sigma", low=0.0, low_open=True)
    width = check_number(width, "width", low=0.0, low_open=True)
    span = check_number(span, "span", low=0.0, low_open=True)
    mu = check_number(mu, "mu")
    return_edges = check_flag(return_edges, "return_edges")
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
    nats_per_unit = nats_in(base)
    sigma1 = check_positive(sigma1, "sigma1")
    sigma2 = check_positive(sigma2, "sigma2")
    mu1 = check_finite(mu1, "mu1")
    mu2 = check_finite(mu2, "mu2")
    # With r = sigma1 / sigma2 and delta = r**2 - 1 (computed without cancellation):
    # KL = (delta - ln(1 + delta)) / 2 + (mu1 - mu2)**2 / (2 sigma2**2).
    # Each factor divided by sigma2 on its own, so that sigma2**2 cannot overflow or underflow.
    delta = ((sigma1 - sigma2) / sigma2) * ((sigma1 + sigma2) / sigma2)
    shift = (mu1 - mu2) / sigma2
    nats = 0.5 * _delta_minus_log1p(np.asarray(delta, dtype=np.float64)) + 0.5 * shift**2
    return _engine.finish(np.maximum(nats, 0.0) / nats_per_unit)
