r"""Fitting one normal Q to a target P by minimising a KL divergence, in either direction.

P is a mixture of normals (two peaks, in notebook 11) and Q a single normal
:math:`\mathcal N(\mu, \sigma^2)`.  The two directions of the divergence ask
for different fits:

* **forward**, :math:`\mathrm{KL}(P \,\|\, Q) = \int p \ln(p/q)`, is large
  wherever Q is small but P is not, so its best Q covers every peak of P.
  It is the cross-entropy :math:`H(P, Q)` less the constant :math:`h(P)`, and
  its minimiser has P's mean and standard deviation (moment matching,
  :func:`fit_forward`); this is what maximum likelihood minimises.
* **reverse**, :math:`\mathrm{KL}(Q \,\|\, P) = \int q \ln(q/p)`, is large
  wherever Q puts mass that P does not have, so its best Q sits inside one
  peak.  It has a local minimum at each well-separated peak
  (:func:`fit_reverse` finds them all); this is what variational inference
  minimises.

Both divergences are computed on a fine grid (:meth:`NormalMixture.grid`):
each density is evaluated at the grid's points and normalised, which gives two
discrete distributions over the same points, and their KL divergence
(the sum of :func:`bitsandnats.measures.kl_terms`, in nats) approaches the
continuous one as the grid gets finer, as the KL of ever finer bins does in
notebook 07; at the default 5 points per σ of P's narrowest peak the two
agree to about 1e-10 nats.  The search is deterministic and the explorer of notebook 11
(``explorers/fitting.js``) runs the same one in the browser: a grid of
:data:`SEARCH_MUS` × :data:`SEARCH_SIGMAS` candidates over (μ, ln σ), then
a compass search from each of the grid's local minima.  Everything is in nats.

Examples
--------
>>> p = NormalMixture([0.5, 0.5], [-4.0, 4.0], [1.0, 1.0])
>>> fit = fit_forward(p)
>>> round(fit.mu, 4), round(fit.sigma, 4)
(0.0, 4.1231)
>>> [(round(fit.mu, 3), round(fit.sigma, 3)) for fit in fit_reverse(p, all_minima=True)]
[(-4.0, 1.001), (4.0, 1.001), (0.0, 3.473)]
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import measures
from .validation import (check_choice, check_distribution, check_finite, check_flag, check_number,
                         check_positive, check_whole_number)

__all__ = ["NormalMixture", "Fit", "normal_on_grid", "forward_kl", "reverse_kl", "fit_forward", "fit_reverse",
           "reverse_landscape", "SEARCH_MUS", "SEARCH_SIGMAS", "POINTS_PER_SIGMA", "SPAN"]

#: Grid points per standard deviation of P's narrowest component, by default.
POINTS_PER_SIGMA = 5
#: The grid reaches this many standard deviations beyond each component's mean.
SPAN = 10.0
#: Candidate means in the search's first grid: from the lowest component mean minus the widest σ to the highest plus it.
SEARCH_MUS = 41
#: Candidate σ in the search's first grid, evenly spaced in ln σ from a quarter of the narrowest component's σ to twice
#: P's own standard deviation.
SEARCH_SIGMAS = 21
#: The compass search halves its steps this many times before it stops.
HALVINGS = 20
#: ... or stops after this many steps in all.
MAX_STEPS = 300
#: Two minima are the same if their means are within this fraction of the narrowest σ, and their ln σ within this.
SAME_MINIMUM = 1e-3
#: Two minima are equally deep if their divergences differ by less than this times (1 + the smaller one); the one with
#: the lower mean is then the best (a symmetric P has two minima of the same depth).
TIE = 1e-9
#: The grid never reaches further than this many σ beyond every component's mean: P's density stays above 1e-200 on it.
LIMIT = 30.0
#: The grid may hold at most this many points.
MAX_POINTS = 1_000_000


class Fit(NamedTuple):
    """A fitted normal Q = N(μ, σ²) and the divergence it reached, in nats."""

    mu: float
    sigma: float
    divergence: float


class NormalMixture:
    r"""A mixture of normal distributions: the target P.

    .. math:: p(x) = \sum_i w_i\, \frac{1}{\sigma_i\sqrt{2\pi}}\, e^{-(x - m_i)^2 / 2\sigma_i^2}

    Parameters
    ----------
    weights : sequence of float
        The components' weights :math:`w_i`, each > 0, summing to 1.
    means : sequence of float
        Their means :math:`m_i` (finite), in the data's unit.
    sigmas : sequence of float
        Their standard deviations :math:`\sigma_i` > 0, in the same unit.

    Examples
    --------
    >>> p = NormalMixture([0.25, 0.75], [-2.0, 2.0], [1.0, 1.0])
    >>> p.mean, round(p.std, 4)
    (1.0, 2.0)
    >>> round(float(p.density(2.0)), 4)
    0.2992
    """

    def __init__(self, weights, means, sigmas):
        weights = check_distribution(weights, "weights")
        if weights.size and weights.min() <= 0:
            raise ValueError(f"weights must all be greater than 0 (a component of weight 0 is no component), "
                             f"got {weights.min():g}")
        means = check_finite(means, "means")
        sigmas = check_positive(sigmas, "sigmas")
        if weights.ndim != 1:
            raise ValueError(f"weights must be one-dimensional, got shape {weights.shape}")
        for name, values in (("means", means), ("sigmas", sigmas)):
            if values.shape != weights.shape:
                raise ValueError(f"weights and {name} must have the same length, got {weights.shape[0]} "
                                 f"and {values.shape[0] if values.ndim == 1 else values.shape}")
        self.weights = tuple(float(w) for w in weights)
        self.means = tuple(float(m) for m in means)
        self.sigmas = tuple(float(s) for s in sigmas)

    def __repr__(self) -> str:
        return f"NormalMixture(weights={list(self.weights)}, means={list(self.means)}, sigmas={list(self.sigmas)})"

    @property
    def mean(self) -> float:
        r"""P's mean, :math:`\sum_i w_i m_i`, in the data's unit."""
        return float(sum(w * m for w, m in zip(self.weights, self.means)))

    @property
    def std(self) -> float:
        r"""P's standard deviation, :math:`\sqrt{\sum_i w_i (\sigma_i^2 + (m_i - \bar m)^2)}`, in the data's unit."""
        mean = self.mean
        return math.sqrt(sum(w * (s * s + (m - mean) ** 2) for w, m, s in zip(self.weights, self.means, self.sigmas)))

    def density(self, x):
        """p(x), probability per unit of x, at each point of ``x``."""
        x = check_finite(x, "x")
        total = np.zeros_like(x)
        for w, m, s in zip(self.weights, self.means, self.sigmas):
            total = total + w * np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
        return total

    def grid(self, *, points_per_sigma: int = POINTS_PER_SIGMA, span: float = SPAN, reach=()) -> np.ndarray:
        r"""The points the divergences are computed on: evenly spaced, ``points_per_sigma`` per narrowest component σ.

        They run from :math:`\min_i (m_i - \text{span}\,\sigma_i)` to at least
        :math:`\max_i (m_i + \text{span}\,\sigma_i)`, widened to hold ``span``
        standard deviations of each normal in ``reach`` too, but never beyond
        :data:`LIMIT` standard deviations of every component (where P's
        density would underflow, and beyond which a Q of the search has
        less than 1e-15 of its mass); point k is
        ``low + k * step``, with ``step = min(sigmas) / points_per_sigma``.
        A normal is summed over such a grid to about 1e-14 relative even at
        2 points per σ (the sum of a smooth, fast-decaying function over an
        even grid converges faster than any power of the step), so the
        default of 5 points per narrowest σ leaves room for Q narrower than P.

        Parameters
        ----------
        points_per_sigma : int, keyword-only
            Points per standard deviation of the narrowest component.
        span : float, keyword-only
            How many standard deviations the grid reaches beyond each mean.
        reach : sequence of (low mean, high mean, sigma), keyword-only
            Normals Q the grid must also hold: means from ``low mean`` to
            ``high mean``, standard deviations up to ``sigma``.

        Examples
        --------
        >>> p = NormalMixture([1.0], [0.0], [1.0])
        >>> p.grid(points_per_sigma=2, span=1.0).tolist()
        [-1.0, -0.5, 0.0, 0.5, 1.0]
        >>> p.grid(points_per_sigma=1, span=1.0, reach=[(0.0, 1.0, 2.0)]).tolist()
        [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
        """
        points_per_sigma = check_whole_number(points_per_sigma, "points_per_sigma", low=1)
        span = check_number(span, "span", low=0.0, low_open=True)
        low = min(m - span * s for m, s in zip(self.means, self.sigmas))
        high = max(m + span * s for m, s in zip(self.means, self.sigmas))
        for low_mean, high_mean, sigma in reach:
            low, high = min(low, low_mean - span * sigma), max(high, high_mean + span * sigma)
        # Never where P's density would underflow to 0 (a Q with mass there would have an infinite KL(Q || P)).
        low = max(low, min(m - LIMIT * s for m, s in zip(self.means, self.sigmas)))
        high = min(high, max(m + LIMIT * s for m, s in zip(self.means, self.sigmas)))
        step = min(self.sigmas) / points_per_sigma
        count = math.ceil((high - low) / step - 1e-9) + 1
        if count > MAX_POINTS:
            raise ValueError(f"points_per_sigma={points_per_sigma} needs {count} grid points here, more than "
                             f"{MAX_POINTS}: the means are too far apart for the narrowest σ")
        return low + np.arange(count) * step

    def on_grid(self, x) -> np.ndarray:
        """P at the points ``x``, normalised to a discrete distribution (the densities divided by their sum)."""
        weights = self.density(x)
        return weights / weights.sum()


def _kl_nats(first: np.ndarray, second: np.ndarray):
    """KL(first || second) in nats over the last axis: the sum of :func:`bitsandnats.measures.kl_terms`.

    Not :func:`bitsandnats.measures.kl_divergence`: where its sum is small
    against its terms it takes a careful path that is infinite wherever
    first / second exceeds about 2**53 (s = (p - q) / (p + q) rounds to 1),
    as it does in a far tail of these grids.  The plain sum of the terms is
    what the browser computes too (``fitting.js``).
    """
    # Rounding can leave a tiny negative sum for equal inputs; KL is never negative.
    return np.maximum(measures.kl_terms(first, second, base=math.e).sum(axis=-1), 0.0)


def normal_on_grid(mu, sigma, x) -> np.ndarray:
    r"""A normal distribution at the points ``x``, normalised: :math:`e^{-z_k^2/2} / \sum_j e^{-z_j^2/2}`, :math:`z = (x - \mu)/\sigma`.

    ``mu`` and ``sigma`` may be arrays of the same shape (a batch of normals);
    the points run along the last axis of the result.

    Examples
    --------
    >>> normal_on_grid(0.0, 1.0, [-1.0, 0.0, 1.0]).round(4)
    array([0.2741, 0.4519, 0.2741])
    """
    mu = check_finite(mu, "mu")
    sigma = check_positive(sigma, "sigma")
    x = check_finite(x, "x")
    z = (x - mu[..., None]) / sigma[..., None]
    weights = np.exp(-0.5 * z * z)
    return weights / weights.sum(axis=-1, keepdims=True)


def _checked(p, mu, sigma, points_per_sigma):
    if not isinstance(p, NormalMixture):
        raise ValueError(f"p must be a NormalMixture, got {type(p).__name__}")
    mu = check_number(mu, "mu")
    sigma = check_number(sigma, "sigma", low=0.0, low_open=True)
    x = p.grid(points_per_sigma=points_per_sigma, reach=[(mu, mu, sigma)])
    return mu, sigma, x


def forward_kl(p: NormalMixture, mu, sigma, *, points_per_sigma: int = POINTS_PER_SIGMA) -> float:
    r"""KL(P ‖ Q) in nats for Q = N(μ, σ²), on P's grid (:meth:`NormalMixture.grid`).

    .. math:: \mathrm{KL}(P \,\|\, Q) \approx \sum_k P_k \ln \frac{P_k}{Q_k}

    with P and Q evaluated at the grid's points and normalised.  Large where
    Q is small and P is not: a Q that misses a peak of P pays for it.  The
    grid holds P and Q (``span`` σ of each, :meth:`NormalMixture.grid`); a
    Q so narrow that its density underflows to 0 at a grid point where P's
    does not (some 38 of its σ away) gives ``inf``.

    Examples
    --------
    >>> p = NormalMixture([1.0], [0.0], [1.0])
    >>> round(forward_kl(p, 1.0, 2.0), 4)  # KL(N(0, 1) || N(1, 4)) = ln 2 + 2/8 - 1/2
    0.4431
    """
    mu, sigma, x = _checked(p, mu, sigma, points_per_sigma)
    return float(_kl_nats(p.on_grid(x), normal_on_grid(mu, sigma, x)))


def reverse_kl(p: NormalMixture, mu, sigma, *, points_per_sigma: int = POINTS_PER_SIGMA) -> float:
    r"""KL(Q ‖ P) in nats for Q = N(μ, σ²), on P's grid (:meth:`NormalMixture.grid`).

    .. math:: \mathrm{KL}(Q \,\|\, P) \approx \sum_k Q_k \ln \frac{Q_k}{P_k}

    Large where Q puts mass that P does not have: a Q spread over the gap
    between two peaks pays for it.

    Examples
    --------
    >>> p = NormalMixture([1.0], [0.0], [1.0])
    >>> round(reverse_kl(p, 1.0, 2.0), 4)  # KL(N(1, 4) || N(0, 1)) = ln(1/2) + 5/2 - 1/2
    1.3069
    """
    mu, sigma, x = _checked(p, mu, sigma, points_per_sigma)
    return float(_kl_nats(normal_on_grid(mu, sigma, x), p.on_grid(x)))


# -- the search -------------------------------------------------------------------------------


def _objective(p: NormalMixture, direction: str, points_per_sigma: int, mus: np.ndarray, log_sigmas: np.ndarray):
    """The divergence of a batch of candidates (arrays of μ and ln σ), in nats, as one function.

    On one grid for all of them: P's, widened to hold every candidate of the search's first grid.
    """
    x = p.grid(points_per_sigma=points_per_sigma, reach=[(float(mus[0]), float(mus[-1]), math.exp(log_sigmas[-1]))])
    target = p.on_grid(x)

    def divergences(mus, log_sigmas):
        q = normal_on_grid(np.asarray(mus, dtype=float), np.exp(np.asarray(log_sigmas, dtype=float)), x)
        if direction == "forward":
            return np.asarray(_kl_nats(target, q), dtype=float)
        return np.asarray(_kl_nats(q, target), dtype=float)

    return divergences


def _search_box(p: NormalMixture) -> tuple[np.ndarray, np.ndarray]:
    """The first grid's candidate means and ln σ (see :data:`SEARCH_MUS`, :data:`SEARCH_SIGMAS`)."""
    widest, narrowest = max(p.sigmas), min(p.sigmas)
    low, high = min(p.means) - widest, max(p.means) + widest
    mus = low + np.arange(SEARCH_MUS) * ((high - low) / (SEARCH_MUS - 1))
    first, last = math.log(narrowest / 4), math.log(2 * p.std)
    log_sigmas = first + np.arange(SEARCH_SIGMAS) * ((last - first) / (SEARCH_SIGMAS - 1))
    return mus, log_sigmas


def _grid_minima(table: np.ndarray) -> list[tuple[int, int]]:
    """The cells no higher than any of their (up to 8) neighbours, in order of μ, then ln σ; finite ones only."""
    rows, columns = table.shape
    found = []
    for i in range(rows):
        for j in range(columns):
            value = table[i, j]
            if not math.isfinite(value):
                continue
            neighbours = table[max(i - 1, 0):i + 2, max(j - 1, 0):j + 2]
            if value <= neighbours.min():
                found.append((i, j))
    return found


def _refine(divergences, mu: float, log_sigma: float, value: float, step_mu: float, step_log_sigma: float):
    """A compass search from (μ, ln σ): try a step each way along each axis, move to the lowest if lower, else halve."""
    halvings = 0
    for _ in range(MAX_STEPS):
        mus = [mu + step_mu, mu - step_mu, mu, mu]
        log_sigmas = [log_sigma, log_sigma, log_sigma + step_log_sigma, log_sigma - step_log_sigma]
        values = divergences(mus, log_sigmas)
        best = 0
        for k in range(1, 4):
            if values[k] < values[best]:
                best = k
        if values[best] < value:
            mu, log_sigma, value = mus[best], log_sigmas[best], float(values[best])
        else:
            step_mu, step_log_sigma = step_mu / 2, step_log_sigma / 2
            halvings += 1
            if halvings == HALVINGS:
                break
    return mu, log_sigma, value


def _search(p: NormalMixture, direction: str, points_per_sigma: int) -> tuple[list[Fit], np.ndarray, np.ndarray,
                                                                             np.ndarray]:
    """Every minimum found (the best first), and the first grid: its means, ln σ and divergences (μ by ln σ)."""
    mus, log_sigmas = _search_box(p)
    divergences = _objective(p, direction, points_per_sigma, mus, log_sigmas)
    table = divergences(np.repeat(mus, SEARCH_SIGMAS), np.tile(log_sigmas, SEARCH_MUS)).reshape(SEARCH_MUS,
                                                                                               SEARCH_SIGMAS)
    step_mu, step_log_sigma = float(mus[1] - mus[0]), float(log_sigmas[1] - log_sigmas[0])
    narrowest = min(p.sigmas)
    kept: list[tuple[float, float, float]] = []
    for i, j in _grid_minima(table):
        found = _refine(divergences, float(mus[i]), float(log_sigmas[j]), float(table[i, j]), step_mu, step_log_sigma)
        for k, (mu, log_sigma, value) in enumerate(kept):
            if abs(found[0] - mu) <= SAME_MINIMUM * narrowest and abs(found[1] - log_sigma) <= SAME_MINIMUM:
                if found[2] < value:
                    kept[k] = found
                break
        else:
            kept.append(found)
    kept.sort(key=lambda minimum: minimum[0])  # by μ
    lowest = min(value for _, _, value in kept)
    best = next(k for k, (_, _, value) in enumerate(kept) if value <= lowest + TIE * (1 + lowest))
    others = sorted((minimum for k, minimum in enumerate(kept) if k != best), key=lambda minimum: minimum[2])
    fits = [Fit(mu, math.exp(log_sigma), value) for mu, log_sigma, value in [kept[best], *others]]
    return fits, mus, log_sigmas, table


def fit_forward(p: NormalMixture, *, method: str = "moments", points_per_sigma: int = POINTS_PER_SIGMA) -> Fit:
    r"""The normal Q = N(μ, σ²) closest to P by forward KL, :math:`\mathrm{KL}(P \,\|\, Q)`, and that divergence in nats.

    Over normals Q the forward KL is the cross-entropy
    :math:`H(P, Q) = \mathbb E_P\big[(x - \mu)^2\big] / 2\sigma^2 + \tfrac12 \ln(2\pi\sigma^2)`
    less :math:`h(P)`, which does not depend on Q; setting its derivatives to
    0 gives **moment matching**:

    .. math:: \mu = \mathbb E_P[x] = \sum_i w_i m_i, \qquad
              \sigma^2 = \operatorname{Var}_P[x] = \sum_i w_i \big(\sigma_i^2 + (m_i - \mu)^2\big).

    Parameters
    ----------
    p : NormalMixture
        The target P.
    method : {"moments", "search"}, keyword-only
        ``"moments"``: the closed form above.  ``"search"``: the same
        numerical search as :func:`fit_reverse`, on the grid's divergence (it
        lands on the moments, to within the grid's error).
    points_per_sigma : int, keyword-only
        The grid's resolution (:meth:`NormalMixture.grid`).

    Returns
    -------
    Fit
        μ and σ (in the data's unit), and :math:`\mathrm{KL}(P \,\|\, Q)` in nats on the grid.

    Examples
    --------
    >>> p = NormalMixture([0.3, 0.7], [-2.0, 2.0], [1.0, 1.0])
    >>> moments, search = fit_forward(p), fit_forward(p, method="search")
    >>> round(moments.mu, 4), round(moments.sigma, 4), round(moments.divergence, 4)
    (0.8, 2.0881, 0.1801)
    >>> round(search.mu, 4), round(search.sigma, 4), round(search.divergence, 4)
    (0.8, 2.0881, 0.1801)
    """
    method = check_choice(method, "method", ("moments", "search"))
    if not isinstance(p, NormalMixture):
        raise ValueError(f"p must be a NormalMixture, got {type(p).__name__}")
    if method == "search":
        return _search(p, "forward", points_per_sigma)[0][0]
    return Fit(p.mean, p.std, forward_kl(p, p.mean, p.std, points_per_sigma=points_per_sigma))


def fit_reverse(p: NormalMixture, *, all_minima: bool = False, points_per_sigma: int = POINTS_PER_SIGMA):
    r"""The normal Q = N(μ, σ²) closest to P by reverse KL, :math:`\mathrm{KL}(Q \,\|\, P)`, and that divergence in nats.

    .. math:: \mathrm{KL}(Q \,\|\, P) = -h(Q) - \mathbb E_Q[\ln p(x)]

    has no closed form for a mixture P, and when P's peaks are well apart it
    has a local minimum at each of them: a Q inside one peak beats a Q spread
    over the gap, where P is small.  The search is deterministic: the
    divergence on a grid of :data:`SEARCH_MUS` × :data:`SEARCH_SIGMAS`
    candidates over (μ, ln σ), then from each cell no higher than its
    neighbours a compass search (a step each way in μ and in ln σ; move to
    the lowest if it is lower, else halve the steps, :data:`HALVINGS` times).
    Minima closer than :data:`SAME_MINIMUM` are one.

    Parameters
    ----------
    p : NormalMixture
        The target P.
    all_minima : bool, keyword-only
        Return every minimum found, the best first and the others by depth.
    points_per_sigma : int, keyword-only
        The grid's resolution (:meth:`NormalMixture.grid`).

    Returns
    -------
    Fit, or list of Fit
        μ and σ (in the data's unit) and :math:`\mathrm{KL}(Q \,\|\, P)` in
        nats on the grid.  Of two equally deep minima (within :data:`TIE`,
        as for a symmetric P) the best is the one with the lower μ.

    Examples
    --------
    >>> far = NormalMixture([0.3, 0.7], [-4.0, 4.0], [1.0, 1.0])
    >>> [(round(fit.mu, 3), round(fit.sigma, 3), round(fit.divergence, 4)) for fit in fit_reverse(far, all_minima=True)]
    [(4.0, 1.001, 0.3566), (-3.999, 1.001, 1.2038)]
    >>> near = NormalMixture([0.5, 0.5], [-0.5, 0.5], [1.0, 1.0])
    >>> fit = fit_reverse(near)
    >>> round(fit.mu, 3), round(fit.sigma, 3)
    (0.0, 1.118)
    """
    all_minima = check_flag(all_minima, "all_minima")
    if not isinstance(p, NormalMixture):
        raise ValueError(f"p must be a NormalMixture, got {type(p).__name__}")
    fits = _search(p, "reverse", points_per_sigma)[0]
    return fits if all_minima else fits[0]


def reverse_landscape(p: NormalMixture, *, points_per_sigma: int = POINTS_PER_SIGMA) -> tuple[np.ndarray, np.ndarray]:
    r"""The search's first grid, seen from the μ axis: each candidate μ and the lowest KL(Q ‖ P) over its σ, in nats.

    Its valleys are the reverse fit's local minima (:func:`fit_reverse`).

    Examples
    --------
    >>> mus, lowest = reverse_landscape(NormalMixture([0.3, 0.7], [-4.0, 4.0], [1.0, 1.0]))
    >>> len(mus), round(float(mus[lowest.argmin()]), 1), round(float(lowest.min()), 3)
    (41, 4.0, 0.357)
    """
    if not isinstance(p, NormalMixture):
        raise ValueError(f"p must be a NormalMixture, got {type(p).__name__}")
    _, mus, _, table = _search(p, "reverse", points_per_sigma)
    return mus, table.min(axis=1)
