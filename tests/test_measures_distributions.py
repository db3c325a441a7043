"""bitsandnats.measures.distributions: normalize, rebalance, histogram_distribution.

Refused input is in tests/test_validation.py (normalize, rebalance) and here
(histogram_distribution's edges and samples).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import bitsandnats as bn
from bitsandnats import measures


# --- normalize ---------------------------------------------------------------------------------


def test_normalize_returns_an_array_of_the_same_shape():
    out = bn.normalize([[1, 3], [2, 2], [0, 5]])
    np.testing.assert_array_equal(out, [[0.25, 0.75], [0.5, 0.5], [0.0, 1.0]])


def test_normalize_rescales_rows_to_sum_to_one():
    out = bn.normalize([1, 3])
    np.testing.assert_array_equal(out, [0.25, 0.75])
    out = bn.normalize([[2.0, 6.0, 0.0], [1e-300, 1e-300, 2e-300]])
    np.testing.assert_allclose(out, [[0.25, 0.75, 0.0], [0.25, 0.25, 0.5]], rtol=1e-15)


def test_normalize_output_is_accepted_by_the_measures():
    weights = [3.0, 1.0, 1.0, 5.0, 7.0]
    assert bn.entropy(bn.normalize(weights)) == pytest.approx(
        -sum(w / 17 * math.log2(w / 17) for w in weights), rel=1e-14
    )


def test_normalize_weights_whose_sum_overflows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bn.normalize([1e308, 1e308]).tolist() == [0.5, 0.5]
        assert bn.normalize([[1e308, 1e308], [1.0, 3.0]]).tolist() == [[0.5, 0.5], [0.25, 0.75]]


# --- histogram_distribution -----------------------------------------------------------------------


class TestHistogramDistribution:
    def test_matches_numpy_histogram(self):
        rng = np.random.default_rng(7)
        samples = rng.normal(size=1000)
        edges = np.linspace(-5, 5, 21)
        shares = measures.histogram_distribution(samples, edges)
        counts, _ = np.histogram(samples, edges)
        assert np.array_equal(shares, counts / 1000)
        assert shares.sum() == pytest.approx(1.0)

    def test_result_is_a_valid_distribution_for_the_measures(self):
        rng = np.random.default_rng(8)
        edges = np.concatenate([[-np.inf], np.linspace(-3, 3, 13), [np.inf]])
        p = measures.histogram_distribution(rng.normal(size=500), edges)
        assert bn.entropy(p) > 0  # passes validation

    def test_open_outer_edges_catch_the_tails(self):
        shares = measures.histogram_distribution([-1e300, -1.0, 0.0, 0.5, 1e300], [-np.inf, 0.0, 1.0, np.inf])
        assert shares.tolist() == [0.4, 0.4, 0.2]

    def test_half_open_bins_and_closed_last_edge(self):
        shares = measures.histogram_distribution([0.0, 0.5, 1.0], [0.0, 0.5, 1.0])
        assert shares.tolist() == [1 / 3, 2 / 3]

    def test_batch_of_samples(self):
        samples = np.array([[0.1, 0.2, 0.9, 0.8], [0.1, 0.1, 0.1, 0.6]])
        shares = measures.histogram_distribution(samples, [0.0, 0.5, 1.0])
        assert shares.tolist() == [[0.5, 0.5], [0.75, 0.25]]

    def test_samples_outside_the_edges_are_an_error_not_dropped(self):
        with pytest.raises(ValueError, match="2 value"):
            measures.histogram_distribution([-2.0, 0.5, 3.0], [0.0, 1.0, 2.0])

    @pytest.mark.parametrize(
        ("edges", "message"),
        [
            ([0.0], "at least two"),
            ([[0.0, 1.0]], "one-dimensional"),
            ([0.0, 2.0, 1.0], "strictly increasing"),
            ([0.0, 0.0, 1.0], "strictly increasing"),
            ([0.0, float("nan")], "NaN"),
            ([-np.inf, np.inf, 3.0], "only at the ends"),
            ([np.inf, 0.0], "only at the ends"),
        ],
    )
    def test_bad_edges(self, edges, message):
        with pytest.raises(ValueError, match=message):
            measures.histogram_distribution([0.5], edges)

    @pytest.mark.parametrize(("samples", "message"), [([0.5, np.nan], "NaN"), ([np.inf], "inf"), (0.5, "single number")])
    def test_bad_samples(self, samples, message):
        with pytest.raises(ValueError, match=message):
            measures.histogram_distribution(samples, [-np.inf, 0.0, np.inf])

    def test_binned_kl_approaches_the_closed_form(self):
        rng = np.random.default_rng(2025)
        edges = np.concatenate([[-np.inf], np.linspace(-4, 6, 41), [np.inf]])
        n = 400_000
        p = measures.histogram_distribution(rng.normal(0.0, 1.0, n), edges)
        q = measures.histogram_distribution(rng.normal(1.0, 2.0, n), edges)
        exact = measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0)
        assert bn.kl_divergence(p, q, base=math.e) == pytest.approx(exact, abs=0.01)

    def test_an_empty_bin_in_q_gives_infinite_kl(self):
        edges = [0.0, 1.0, 2.0, 3.0]
        p = measures.histogram_distribution([0.5, 1.5, 2.5], edges)
        q = measures.histogram_distribution([0.5, 0.6, 1.5], edges)
        assert bn.kl_divergence(p, q) == math.inf
