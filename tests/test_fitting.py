"""bitsandnats.fitting: one normal fitted to a mixture by forward and by reverse KL.

The references are independent of the package: SciPy's quadrature for the
continuous divergences and SciPy's Nelder-Mead for their minima.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from bitsandnats import fitting
from bitsandnats.fitting import NormalMixture, fit_forward, fit_reverse, forward_kl, reverse_kl

pytestmark = pytest.mark.filterwarnings("error")


def two_peaks(weight, separation, sigma=1.0):
    return NormalMixture([weight, 1 - weight], [-separation / 2, separation / 2], [sigma, sigma])


def continuous_kl(first, second, low=-60.0, high=60.0, points=()):
    """∫ f ln(f/g) by SciPy's quad, for log-densities ``first`` and ``second``."""
    return integrate.quad(lambda x: math.exp(first(x)) * (first(x) - second(x)), low, high,
                          points=list(points), limit=400, epsabs=1e-13, epsrel=1e-12)[0]


def mixture_log_density(weights, means, sigmas):
    return lambda x: float(np.logaddexp.reduce([math.log(w) + stats.norm.logpdf(x, m, s)
                                                for w, m, s in zip(weights, means, sigmas) if w > 0]))


def reference_reverse(p: NormalMixture, mu, sigma):
    log_p = mixture_log_density(p.weights, p.means, p.sigmas)
    return continuous_kl(lambda x: stats.norm.logpdf(x, mu, sigma), log_p, points=(*p.means, mu))


def reference_forward(p: NormalMixture, mu, sigma):
    log_p = mixture_log_density(p.weights, p.means, p.sigmas)
    return continuous_kl(log_p, lambda x: stats.norm.logpdf(x, mu, sigma), points=(*p.means, mu))


MIXTURES = [two_peaks(0.5, 6.0), two_peaks(0.3, 4.0), two_peaks(0.8, 1.0), two_peaks(0.5, 0.0),
            NormalMixture([0.2, 0.8], [-1.0, 2.5], [0.5, 1.5])]


@pytest.mark.parametrize("p", MIXTURES, ids=repr)
def test_moment_matching_is_the_forward_optimum(p):
    moments = fit_forward(p)
    mean = sum(w * m for w, m in zip(p.weights, p.means))
    variance = sum(w * (s**2 + m**2) for w, m, s in zip(p.weights, p.means, p.sigmas)) - mean**2
    assert moments.mu == pytest.approx(mean, abs=1e-12) and moments.sigma == pytest.approx(math.sqrt(variance))
    search = fit_forward(p, method="search")
    assert search.mu == pytest.approx(moments.mu, abs=1e-5) and search.sigma == pytest.approx(moments.sigma, rel=1e-5)
    assert search.divergence <= moments.divergence + 1e-10
    # Nelder-Mead on the continuous cross-entropy H(P, Q) = E_P[(x - mu)^2] / 2 sigma^2 + ln(2 pi sigma^2) / 2
    # (KL(P || Q) less h(P)) lands there too, and KL there is H(P, Q) - h(P), h(P) by quadrature.
    log_p = mixture_log_density(p.weights, p.means, p.sigmas)

    def moment(power, centre=0.0):
        return integrate.quad(lambda x: math.exp(log_p(x)) * (x - centre) ** power, -60, 60, points=p.means,
                              limit=400)[0]

    mean, second = moment(1), moment(2)
    found = optimize.minimize(lambda v: (second - 2 * v[0] * mean + v[0] ** 2) / (2 * math.exp(2 * v[1]))
                              + v[1] + 0.5 * math.log(2 * math.pi), [0.3, 0.0], method="Nelder-Mead",
                              options={"xatol": 1e-9, "fatol": 1e-14})
    assert found.x[0] == pytest.approx(moments.mu, abs=1e-6)
    assert math.exp(found.x[1]) == pytest.approx(moments.sigma, rel=1e-6)
    h_p = -integrate.quad(lambda x: math.exp(log_p(x)) * log_p(x), -60, 60, points=p.means, limit=400)[0]
    assert moments.divergence == pytest.approx(found.fun - h_p, abs=1e-8)


def test_reverse_fit_sits_on_the_heavier_peak_when_the_peaks_are_apart():
    fits = fit_reverse(two_peaks(0.3, 8.0), all_minima=True)
    assert [round(fit.mu, 2) for fit in fits] == [4.0, -4.0]
    assert all(fit.sigma == pytest.approx(1.0, abs=2e-3) for fit in fits)
    # Inside one peak Q misses only the other's weight: KL is close to -ln(weight of its peak).
    assert fits[0].divergence == pytest.approx(-math.log(0.7), abs=1e-3)
    assert fits[1].divergence == pytest.approx(-math.log(0.3), abs=1e-3)


@pytest.mark.parametrize("weight, separation", [(0.5, 0.0), (0.5, 1.0), (0.3, 1.5), (0.5, 3.0)])
def test_reverse_fit_sits_between_the_peaks_when_they_merge(weight, separation):
    p = two_peaks(weight, separation)
    fits = fit_reverse(p, all_minima=True)
    assert len(fits) == 1
    [fit] = fits
    assert -separation / 2 - 1e-9 <= fit.mu <= separation / 2 + 1e-9
    assert 1.0 - 1e-6 <= fit.sigma <= fit_forward(p).sigma + 1e-6  # wider than a peak, narrower than the forward fit


def test_a_symmetric_mixture_has_two_equal_minima_and_the_left_one_is_the_best():
    fits = fit_reverse(two_peaks(0.5, 8.0), all_minima=True)
    left, right = sorted(fits[:2], key=lambda fit: fit.mu)
    assert fits[0] == left
    assert left.mu == pytest.approx(-right.mu, abs=1e-6) and left.sigma == pytest.approx(right.sigma, rel=1e-6)
    assert left.divergence == pytest.approx(right.divergence, rel=1e-9)
    assert len(fits) == 3 and fits[2].mu == pytest.approx(0.0, abs=1e-6)  # the wide Q in the middle: a worse minimum


@pytest.mark.slow  # Nelder-Mead on SciPy's quadrature: about 10 s
@pytest.mark.parametrize("p", [MIXTURES[0], MIXTURES[4]], ids=repr)
def test_the_reverse_minima_are_scipys(p):
    for fit in fit_reverse(p, all_minima=True):
        found = optimize.minimize(lambda v: reference_reverse(p, v[0], math.exp(v[1])),
                                  [fit.mu + 0.1, math.log(fit.sigma) + 0.05], method="Nelder-Mead",
                                  options={"xatol": 1e-7, "fatol": 1e-12})
        assert found.x[0] == pytest.approx(fit.mu, abs=1e-4)
        assert math.exp(found.x[1]) == pytest.approx(fit.sigma, rel=1e-4)
        assert fit.divergence == pytest.approx(found.fun, abs=1e-8)


@pytest.mark.parametrize("p", MIXTURES, ids=repr)
@pytest.mark.parametrize("mu, sigma", [(0.0, 1.0), (1.7, 0.8), (-2.0, 3.0)])
def test_the_grid_divergences_agree_with_a_high_resolution_reference(p, mu, sigma):
    assert reverse_kl(p, mu, sigma) == pytest.approx(reference_reverse(p, mu, sigma), rel=1e-8, abs=1e-10)
    assert forward_kl(p, mu, sigma) == pytest.approx(reference_forward(p, mu, sigma), rel=1e-8, abs=1e-10)


def test_the_grid_divergence_approaches_the_continuous_one_as_the_grid_gets_finer():
    p = two_peaks(0.3, 4.0)
    reference = reference_reverse(p, 1.0, 1.5)
    errors = [abs(reverse_kl(p, 1.0, 0.3, points_per_sigma=n) - reference_reverse(p, 1.0, 0.3)) for n in (1, 2)]
    assert errors[0] > errors[1] > 0
    assert abs(reverse_kl(p, 1.0, 1.5) - reference) < 1e-10


def test_a_q_that_underflows_where_p_does_not_has_an_infinite_forward_kl():
    assert forward_kl(two_peaks(0.5, 4.0), 0.0, 0.2) == math.inf


def test_two_normals_give_their_closed_form():
    p = NormalMixture([1.0], [0.0], [1.0])
    from bitsandnats.measures import kl_divergence_normal
    assert forward_kl(p, 1.0, 2.0) == pytest.approx(kl_divergence_normal(0.0, 1.0, 1.0, 2.0), rel=1e-10)
    assert reverse_kl(p, 1.0, 2.0) == pytest.approx(kl_divergence_normal(1.0, 2.0, 0.0, 1.0), rel=1e-10)
    assert fit_reverse(p).divergence == pytest.approx(0.0, abs=1e-12)


def test_the_landscape_is_the_search_grid_seen_along_mu():
    mus, lowest = fitting.reverse_landscape(two_peaks(0.5, 6.0))
    assert len(mus) == len(lowest) == fitting.SEARCH_MUS
    assert mus[0] == -4.0 and mus[-1] == 4.0
    valleys = [i for i in range(1, len(mus) - 1) if lowest[i] <= min(lowest[i - 1], lowest[i + 1])]
    assert [round(float(mus[i]), 1) for i in valleys] == [-3.0, 0.0, 3.0]


def test_the_grid_reaches_span_sigmas_beyond_each_mean():
    x = NormalMixture([0.5, 0.5], [-1.0, 2.0], [0.5, 2.0]).grid()
    assert x[0] == -18.0 and 22.0 <= x[-1] < 22.1 and np.allclose(np.diff(x), 0.1)
    wide = NormalMixture([0.5, 0.5], [-1.0, 2.0], [0.5, 2.0]).grid(reach=[(0.0, 0.0, 100.0)])
    assert wide[0] == -58.0 and 62.0 <= wide[-1] < 62.1  # no further than 30 sigma of every component


@pytest.mark.parametrize("build, named", [
    (lambda: NormalMixture([0.5, 0.6], [0, 1], [1, 1]), "weights"),
    (lambda: NormalMixture([0.5, 0.5], [0, 1, 2], [1, 1]), "means"),
    (lambda: NormalMixture([0.5, 0.5], [0, 1], [1, 0]), "sigmas"),
    (lambda: NormalMixture([1.0, 0.0], [0, 1], [1, 1]), "weights must all be greater than 0"),
    (lambda: NormalMixture([0.5, 0.5], [0, math.nan], [1, 1]), "means"),
    (lambda: NormalMixture([0.5, 0.5], [0, 1], [1]), "sigmas"),
    (lambda: NormalMixture("ab", [0, 1], [1, 1]), "weights"),
    (lambda: NormalMixture([0.5, 0.5], [0, 1], [1, 1]).grid(points_per_sigma=0), "points_per_sigma"),
    (lambda: NormalMixture([0.5, 0.5], [0, 1e9], [1, 1]).grid(), "points_per_sigma"),
    (lambda: fit_reverse([0.5, 0.5]), "p must be a NormalMixture"),
    (lambda: fit_forward("P"), "p must be a NormalMixture"),
    (lambda: fit_forward(two_peaks(0.5, 2.0), method="newton"), "method"),
    (lambda: fit_reverse(two_peaks(0.5, 2.0), all_minima="yes"), "all_minima"),
    (lambda: reverse_kl(two_peaks(0.5, 2.0), math.nan, 1.0), "mu"),
    (lambda: reverse_kl(two_peaks(0.5, 2.0), 0.0, 0.0), "sigma"),
    (lambda: forward_kl(two_peaks(0.5, 2.0), 0.0, -1.0), "sigma"),
    (lambda: forward_kl(two_peaks(0.5, 2.0), "0", 1.0), "mu"),
])
def test_bad_input_is_refused_naming_the_argument(build, named):
    with pytest.raises(ValueError, match=named):
        build()
