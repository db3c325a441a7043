"""bitsandnats.measures.continuous: differential entropy, binned normals, the KL divergence of two normals.

Cross-checked against SciPy (closed forms, the CDF, numerical integration) and
exact rationals.  The Gaussian NLL, a loss, is in tests/test_measures_losses.py.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
import scipy.stats
from reference import rng_for
from scipy import integrate, stats

import bitsandnats as bn
from bitsandnats import measures


# --- return types -----------------------------------------------------------------------------


ONE_D_CALLS = {
    "differential_entropy_normal": lambda: bn.differential_entropy_normal(1.0),
    "differential_entropy_uniform": lambda: bn.differential_entropy_uniform(2.0),
}


@pytest.mark.parametrize("name", ONE_D_CALLS)
def test_a_single_case_gives_a_python_float(name):
    value = ONE_D_CALLS[name]()
    # np.float64 subclasses float, so check the exact type: notebooks print these.
    assert type(value) is float


BATCH_CALLS = {
    "differential_entropy_normal": (lambda: bn.differential_entropy_normal([1.0, 2.0, 3.0]), (3,)),
    "differential_entropy_uniform": (lambda: bn.differential_entropy_uniform([1.0, 2.0]), (2,)),
}


@pytest.mark.parametrize("name", BATCH_CALLS)
def test_a_batch_gives_an_array_with_one_value_per_row(name):
    call, shape = BATCH_CALLS[name]
    value = call()
    assert isinstance(value, np.ndarray)
    assert value.shape == shape
    assert value.dtype == np.float64


# --- differential entropy -----------------------------------------------------------------------


def test_differential_entropy_of_a_standard_normal():
    assert bn.differential_entropy_normal(1.0) == pytest.approx(0.5 * math.log(2 * math.pi * math.e), rel=1e-15)
    assert bn.differential_entropy_normal(1.0, base=2) == pytest.approx(0.5 * math.log2(2 * math.pi * math.e), rel=1e-15)


def test_differential_entropy_is_negative_below_the_threshold():
    threshold = 1 / math.sqrt(2 * math.pi * math.e)
    assert bn.differential_entropy_normal(threshold) == pytest.approx(0.0, abs=1e-15)
    assert bn.differential_entropy_normal(0.99 * threshold) < 0 < bn.differential_entropy_normal(1.01 * threshold)
    assert bn.differential_entropy_uniform(0.5, base=2) == pytest.approx(-1.0, abs=1e-15)
    assert bn.differential_entropy_normal(1.0) == pytest.approx(stats.norm(scale=1.0).entropy(), rel=1e-14)


def test_differential_entropy_of_a_normal_grows_by_log_of_the_scale():
    np.testing.assert_allclose(
        bn.differential_entropy_normal([1.0, 2.0, 8.0], base=2) - bn.differential_entropy_normal(1.0, base=2),
        [0.0, 1.0, 3.0],
        atol=1e-14,
    )


def test_differential_entropy_of_a_uniform_is_the_log_of_its_width():
    assert bn.differential_entropy_uniform(1.0) == 0.0
    assert bn.differential_entropy_uniform(8.0, base=2) == pytest.approx(3.0, rel=1e-15)
    assert bn.differential_entropy_uniform(0.5, base=2) == pytest.approx(-1.0, rel=1e-15)
    np.testing.assert_allclose(bn.differential_entropy_uniform([math.e, math.e**2]), [1.0, 2.0], rtol=1e-15)


RTOL = 1e-12


@pytest.fixture
def rng(request):
    # One fixed seed per test case, so each case is reproducible on its own.
    return rng_for(request.node.name)


def test_differential_entropy_normal_matches_scipy(rng):
    sigma = rng.uniform(0.01, 100.0, 25)
    expected = scipy.stats.norm(scale=sigma).entropy()
    np.testing.assert_allclose(bn.differential_entropy_normal(sigma), expected, rtol=RTOL, atol=1e-15)
    assert bn.differential_entropy_normal(2.5) == pytest.approx(float(scipy.stats.norm(scale=2.5).entropy()), rel=RTOL)


def test_differential_entropy_uniform_matches_scipy(rng):
    width = rng.uniform(0.01, 100.0, 25)
    expected = scipy.stats.uniform(scale=width).entropy()
    np.testing.assert_allclose(bn.differential_entropy_uniform(width), expected, rtol=RTOL, atol=1e-15)


def test_continuous_measures_at_extreme_spreads_are_exact_and_quiet():
    """sigma**2 overflows or underflows long before sigma does: the answers stay finite, with no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert measures.differential_entropy_normal(1e200) == pytest.approx(461.9359571320138, rel=1e-15)
        assert measures.differential_entropy_normal(1e-200) == pytest.approx(-459.0980800656045, rel=1e-15)
        assert measures.kl_divergence_normal(0, 1e200, 0, 1e199) == pytest.approx(47.19741490700594, rel=1e-14)
        # y = ŷ: no error term, only the log-normaliser -ln(sigma) - ln(2 pi)/2, far below 0 for a tiny sigma.
        assert measures.gaussian_nll(0.0, 0.0, sigma=1e-200) == pytest.approx(
            200 * math.log(10) * -1 + 0.5 * math.log(2 * math.pi), rel=1e-14)


# --- binned_normal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("width", [1.0, 0.5, 0.1, 0.01])
def test_binned_normal_matches_scipy_and_sums_to_one(sigma, width):
    probs, edges = measures.binned_normal(sigma, width, mu=1.5, return_edges=True)
    assert edges.shape == (probs.shape[0] + 1,)
    assert edges[0] == -np.inf and edges[-1] == np.inf
    assert np.all(np.diff(edges[1:-1]) == pytest.approx(width, rel=1e-9))
    assert edges[1] <= 1.5 - 10 * sigma + 1e-9 and edges[-2] >= 1.5 + 10 * sigma - 1e-9
    assert math.fsum(probs) == pytest.approx(1.0, abs=1e-14)
    # Differences of the CDF below the mean and of the survival function above it keep the tails precise.
    below = np.diff(stats.norm.cdf(edges, loc=1.5, scale=sigma))
    above = -np.diff(stats.norm.sf(edges, loc=1.5, scale=sigma))
    reference = np.where(edges[:-1] >= 1.5 - 1e-9, above, below)
    assert np.allclose(probs, reference, rtol=1e-9, atol=1e-17)
    assert np.allclose(probs, probs[::-1], rtol=1e-12, atol=0)  # symmetric about the mean


def test_binned_normal_keeps_far_tail_bins_precise():
    probs, edges = measures.binned_normal(1.0, 1.0, return_edges=True)
    tail = stats.norm.sf(edges[-2])  # the last bin: beyond +10 sigma
    assert probs[-1] == pytest.approx(tail, rel=1e-12)
    assert probs[0] == pytest.approx(tail, rel=1e-12)
    assert probs.min() > 0


def test_binned_entropy_approaches_h_minus_log_width():
    h = bn.differential_entropy_normal(1.0)
    gaps = []
    for width in (1.0, 0.5, 0.1, 0.01):
        binned = bn.entropy(measures.binned_normal(1.0, width), base=math.e)
        gaps.append(binned - (h - math.log(width)))
        assert gaps[-1] == pytest.approx(width**2 / 24, rel=0.05)  # the gap is close to Δ²/(24σ²)
    assert all(a > b > 0 for a, b in zip(gaps, gaps[1:]))
    fine = bn.entropy(measures.binned_normal(2.0, 0.005), base=2)
    coarse = bn.entropy(measures.binned_normal(2.0, 0.01), base=2)
    assert fine - coarse == pytest.approx(1.0, abs=1e-5)  # halving the bins adds one bit


def test_binned_normal_does_not_depend_on_the_mean():
    a = measures.binned_normal(0.7, 0.1)
    b = measures.binned_normal(0.7, 0.1, mu=-123.4)
    assert np.array_equal(a, b)


def test_binned_normal_rejects_bad_input():
    for kwargs, message in (
        ({"sigma": 0.0, "width": 1.0}, "sigma"),
        ({"sigma": 1.0, "width": -1.0}, "width"),
        ({"sigma": 1.0, "width": 1.0, "span": 0.0}, "span"),
        ({"sigma": 1.0, "width": 1.0, "mu": np.nan}, "mu"),
        ({"sigma": [1.0, 2.0], "width": 1.0}, "sigma"),
        ({"sigma": 1.0, "width": 1e-7}, "bins"),
    ):
        with pytest.raises(ValueError, match=message):
            measures.binned_normal(**kwargs)


def test_binned_normal_at_extreme_ratios_refuses_or_gives_the_exact_bins():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="width=1e-10 with sigma=1e\\+300 and span=10 needs more than"):
            measures.binned_normal(1e300, 1e-10)
        # A bin 1e310 sigmas wide: all the mass in the two bins beside the mean, none in the tails.
        assert measures.binned_normal(1e-300, 1e10).tolist() == [0.0, 0.5, 0.5, 0.0]


# --- kl_divergence_normal ---------------------------------------------------------------------------


class TestKlDivergenceNormal:
    def test_formula_values(self):
        assert measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0) == pytest.approx(math.log(2) + 2 / 8 - 0.5)
        assert measures.kl_divergence_normal(1.0, 2.0, 0.0, 1.0) == pytest.approx(math.log(0.5) + 5 / 2 - 0.5)
        assert measures.kl_divergence_normal(3.0, 0.5, 3.0, 0.5) == 0.0

    @pytest.mark.parametrize(("mu1", "s1", "mu2", "s2"), [(0, 1, 1, 2), (2, 0.5, -1, 3), (0, 3, 0, 1), (5, 1, 5, 1.5)])
    def test_matches_numerical_integration(self, mu1, s1, mu2, s2):
        p, q = stats.norm(mu1, s1), stats.norm(mu2, s2)
        value, _ = integrate.quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -np.inf, np.inf)
        assert measures.kl_divergence_normal(mu1, s1, mu2, s2) == pytest.approx(value, rel=1e-7)

    def test_is_asymmetric(self):
        forward = measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0)
        backward = measures.kl_divergence_normal(1.0, 2.0, 0.0, 1.0)
        assert backward > 2 * forward

    def test_base_and_unit_invariance(self):
        nats = measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0)
        assert measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0, base=2) == pytest.approx(nats / math.log(2))
        # Measuring in centimetres instead of metres changes nothing.
        assert measures.kl_divergence_normal(0.0, 100.0, 100.0, 200.0) == pytest.approx(nats, rel=1e-12)

    def test_nearly_equal_sigmas_keep_relative_precision(self):
        sigma1, sigma2 = 1.0, 1.0 + 2.0**-30
        r2 = Fraction(sigma1) ** 2 / Fraction(sigma2) ** 2
        delta = r2 - 1
        # delta - log(1 + delta) = sum_{k>=2} (-1)^k delta^k / k, exactly in rationals.
        exact = sum(Fraction((-1) ** k, k) * delta**k for k in range(2, 8)) / 2
        value = measures.kl_divergence_normal(0.0, sigma1, 0.0, sigma2)
        assert value > 0
        assert value == pytest.approx(float(exact), rel=1e-10)

    def test_broadcasts(self):
        values = measures.kl_divergence_normal(0.0, [1.0, 2.0, 3.0], 0.0, 2.0)
        assert isinstance(values, np.ndarray) and values.shape == (3,)
        assert values[1] == 0.0 and values[0] > 0 and values[2] > 0

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            ((0.0, 0.0, 1.0, 1.0), "sigma1 must be greater than 0"),
            ((0.0, 1.0, 1.0, -2.0), "sigma2 must be greater than 0"),
            ((float("nan"), 1.0, 1.0, 1.0), "mu1 contains NaN"),
            ((0.0, 1.0, float("inf"), 1.0), "mu2 contains inf"),
        ],
    )
    def test_bad_parameters(self, args, message):
        with pytest.raises(ValueError, match=message):
            measures.kl_divergence_normal(*args)
