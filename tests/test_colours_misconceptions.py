"""Tests for the helpers of notebooks 03 (cross-entropy and KL) and 09 (misconceptions).

* per-event terms: ``cross_entropy_terms`` and ``kl_terms``;
* continuous data: ``kl_divergence_normal`` and ``histogram_distribution``;
* pictures: ``plots.contributions`` and ``plots.convergence``;
* predict-then-reveal: ``exercises.reveal``, and the exercises 03.x and 09.x.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from scipy import integrate, stats

import bitsandnats as bn
from bitsandnats import exercises, measures, plots

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
COLOURS = ["red", "green", "blue"]


def random_pairs(seed: int, n_events: int, batch: int = 50, alpha: float = 1.0):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.full(n_events, alpha), size=batch), rng.dirichlet(np.full(n_events, alpha), size=batch)


distributions = st.integers(min_value=2, max_value=8).flatmap(
    lambda n: st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=n, max_size=n).filter(lambda w: sum(w) > 1e-3)
)


# --- per-event terms ----------------------------------------------------------------------------


class TestCrossEntropyTerms:
    def test_colour_terms_add_up_to_the_worked_numbers(self):
        terms = measures.cross_entropy_terms(P, Q)
        assert terms.shape == (3,)
        assert np.allclose(terms, [-0.1 * math.log2(0.8), -0.4 * math.log2(0.15), -0.5 * math.log2(0.05)])
        assert f"{terms.sum():.3f}" == "3.288"
        assert f"{measures.cross_entropy_terms(Q, P).sum():.3f}" == "2.906"

    def test_terms_sum_to_cross_entropy_for_a_batch(self):
        p, q = random_pairs(1, 5)
        terms = measures.cross_entropy_terms(p, q)
        assert terms.shape == p.shape
        assert np.allclose(terms.sum(axis=-1), bn.cross_entropy(p, q), rtol=1e-12)
        assert (terms >= 0).all()

    def test_base_only_rescales(self):
        assert np.allclose(measures.cross_entropy_terms(P, Q, base=math.e), measures.cross_entropy_terms(P, Q) * math.log(2))

    def test_entropy_terms_are_the_special_case_q_equal_p(self):
        assert np.allclose(measures.cross_entropy_terms(P, P).sum(), bn.entropy(P))

    def test_zero_in_p_contributes_nothing_and_zero_in_q_is_infinite(self):
        with np.errstate(all="raise"):  # no warnings either
            terms = measures.cross_entropy_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
        assert terms[0] == pytest.approx(0.5)
        assert terms[1] == math.inf
        assert terms[2] == 0.0
        assert measures.cross_entropy_terms([1.0, 0.0], [1.0, 0.0]).tolist() == [0.0, 0.0]

    def test_batch_broadcasts_against_one_q(self):
        p, _ = random_pairs(2, 3, batch=4)
        terms = measures.cross_entropy_terms(p, Q)
        assert terms.shape == (4, 3)
        assert np.allclose(terms.sum(axis=-1), bn.cross_entropy(p, np.broadcast_to(Q, p.shape)))

    @pytest.mark.parametrize(
        ("p", "q", "message"),
        [
            ([0.5, 0.6], [0.5, 0.5], "p must sum to 1"),
            ([0.5, 0.5], [1.5, -0.5], "q has a negative entry"),
            ([0.5, 0.5], [0.2, 0.3, 0.5], "same shape"),
            ([0.5, float("nan")], [0.5, 0.5], "p contains NaN"),
            (0.5, [0.5, 0.5], "single number"),
        ],
    )
    def test_bad_input_is_rejected_like_the_other_measures(self, p, q, message):
        with pytest.raises(ValueError, match=message):
            measures.cross_entropy_terms(p, q)
        with pytest.raises(ValueError, match=message):
            measures.kl_terms(p, q)


class TestKlTerms:
    def test_colour_terms_one_negative_sum_positive(self):
        terms = measures.kl_terms(P, Q)
        assert np.allclose(terms, [0.1 * math.log2(0.1 / 0.8), 0.4 * math.log2(0.4 / 0.15), 0.5 * math.log2(0.5 / 0.05)])
        assert terms[0] < 0 < terms.sum()
        assert f"{terms.sum():.3f}" == "1.927"

    def test_sign_of_each_term_follows_p_versus_q(self):
        p, q = random_pairs(3, 6)
        terms = measures.kl_terms(p, q)
        assert (np.sign(terms) == np.sign(p - q)).all()

    def test_terms_sum_to_kl_divergence_and_differ_from_cross_entropy_by_entropy(self):
        p, q = random_pairs(4, 7)
        kl = measures.kl_terms(p, q)
        assert np.allclose(kl.sum(axis=-1), bn.kl_divergence(p, q), rtol=1e-10)
        assert np.allclose(kl, measures.cross_entropy_terms(p, q) - measures.cross_entropy_terms(p, p))

    @given(distributions, distributions)
    def test_sum_is_never_negative(self, p_weights, q_weights):
        n = min(len(p_weights), len(q_weights))
        if sum(p_weights[:n]) < 1e-3 or sum(q_weights[:n]) < 1e-3:
            return
        p = bn.normalize(p_weights[:n])
        q = bn.normalize(q_weights[:n])
        assert measures.kl_terms(p, q).sum() >= -1e-12

    def test_zeros_and_infinities(self):
        terms = measures.kl_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
        assert terms.tolist() == [0.0, math.inf, 0.0]

    def test_extreme_ratios_stay_finite(self):
        # p/q overflows in float64 here, yet the term is a modest finite number.
        terms = measures.kl_terms([0.5, 0.5], [1.0 - 1e-320, 1e-320])
        assert np.isfinite(terms).all()
        assert terms[1] == pytest.approx(0.5 * (math.log2(0.5) - math.log2(1e-320)), rel=1e-9)

    def test_nearly_equal_distributions_keep_precision(self):
        eps = 1e-9
        terms = measures.kl_terms([0.5 + eps, 0.5 - eps], [0.5, 0.5], base=math.e)
        assert terms[0] == pytest.approx((0.5 + eps) * math.log1p(2 * eps), rel=1e-6)
        assert terms[1] == pytest.approx((0.5 - eps) * math.log1p(-2 * eps), rel=1e-6)

    def test_agrees_with_scipy_rel_entr(self):
        from scipy.special import rel_entr

        p, q = random_pairs(5, 4, alpha=0.3)
        assert np.allclose(measures.kl_terms(p, q, base=math.e), rel_entr(p, q), rtol=1e-10, atol=1e-300)


# --- continuous data ----------------------------------------------------------------------------


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


# --- pictures -----------------------------------------------------------------------------------


class TestContributionsPlot:
    def test_bars_show_the_terms(self):
        fig = plots.contributions(P, Q, COLOURS)
        assert isinstance(fig, Figure)
        left, right = fig.axes
        heights = [bar.get_height() for bar in left.patches]
        assert np.allclose(heights, np.concatenate([measures.cross_entropy_terms(P, P), measures.cross_entropy_terms(P, Q)]))
        assert np.allclose([bar.get_height() for bar in right.patches], measures.kl_terms(P, Q))
        assert "3.288" in left.get_title() and "1.361" in left.get_title()
        assert "1.927" in right.get_title()
        assert "bits" in left.get_ylabel() and "bits" in right.get_ylabel()
        assert [t.get_text() for t in left.get_xticklabels()] == COLOURS

    def test_negative_terms_differ_in_colour_and_hatch(self):
        _, right = plots.contributions(P, Q, COLOURS).axes
        red, green, _ = right.patches
        assert red.get_facecolor() != green.get_facecolor()
        assert red.get_hatch() != green.get_hatch()

    def test_nats_and_infinite_terms(self):
        fig = plots.contributions(P, [0.5, 0.5, 0.0], COLOURS, base=math.e)
        left, right = fig.axes
        assert "nats" in right.get_ylabel()
        labels = [text.get_text() for text in right.texts]
        assert "∞" in labels
        assert all(np.isfinite(bar.get_height()) for bar in right.patches)
        assert "∞" in right.get_title()

    def test_mismatched_events_are_rejected(self):
        with pytest.raises(ValueError, match="events has 2 names"):
            plots.contributions(P, Q, ["red", "green"])
        with pytest.raises(ValueError, match="one-dimensional"):
            plots.contributions([P, P], [Q, Q], COLOURS)


class TestConvergencePlot:
    def test_finite_and_infinite_estimates(self):
        fig = plots.convergence([100, 1000, 10000], [math.inf, 0.48, 0.444], 0.4431, unit="nats")
        ax = fig.axes[0]
        assert ax.get_xscale() == "log"
        assert ax.get_ylabel() == "KL divergence (nats)"
        estimate_line = [line for line in ax.get_lines() if line.get_label() == "estimate"][0]
        assert estimate_line.get_xdata().tolist() == [1000, 10000]
        infinite = [line for line in ax.get_lines() if "∞" in line.get_label()]
        assert len(infinite) == 1 and infinite[0].get_xdata().tolist() == [100]

    def test_lengths_must_match(self):
        with pytest.raises(ValueError, match="equal length"):
            plots.convergence([1, 2], [0.1], 0.1)


# --- predict, then reveal; exercises ------------------------------------------------------------


class TestReveal:
    def test_without_a_prediction_it_still_explains(self):
        shown = exercises.reveal(None, False, "Because.")
        assert not shown
        assert "No prediction yet" in repr(shown)
        assert "The claim is FALSE. Because." in repr(shown)

    @pytest.mark.parametrize(("prediction", "truth", "right"), [(True, True, True), (False, False, True), (True, False, False), (False, True, False)])
    def test_verdict(self, prediction, truth, right):
        shown = exercises.reveal(prediction, truth, "Why.")
        assert bool(shown) is right
        assert repr(shown).startswith("✅" if right else "❌")
        assert f"The claim is {'TRUE' if truth else 'FALSE'}." in repr(shown)

    def test_accepts_numpy_bools_and_words(self):
        assert exercises.reveal(np.bool_(False), np.float64(1.0) > 2, "x")
        assert exercises.reveal(" True ", True, "x")
        assert not exercises.reveal("false", True, "x")

    def test_a_prediction_that_is_not_true_or_false_gets_a_reminder(self):
        shown = exercises.reveal("maybe", True, "x")
        assert not shown and "should be True or False" in repr(shown)
        assert "The claim is TRUE" in repr(shown)

    def test_markdown_puts_verdict_and_explanation_in_separate_paragraphs(self):
        assert "\n\n" in exercises.reveal(True, True, "x")._repr_markdown_()

    @pytest.mark.parametrize(("truth", "explanation"), [(None, "x"), (1, "x"), (True, ""), (True, None)])
    def test_the_notebook_must_supply_a_truth_and_an_explanation(self, truth, explanation):
        with pytest.raises(ValueError):
            exercises.reveal(True, truth, explanation)


class TestExercises:
    def test_03_answers(self):
        kl_qp = stats.entropy(Q, P, base=2)
        assert exercises.check("03.1", kl_qp)
        assert not exercises.check("03.1", bn.kl_divergence(P, Q))
        ce_nats = stats.entropy(P, base=math.e) + stats.entropy(P, Q, base=math.e)
        assert exercises.check("03.2", ce_nats)
        assert not exercises.check("03.2", 3.288)
        assert exercises.check("03.3", "H(P, Q)")
        assert not exercises.check("03.3", "H(Q,P)")

    def test_09_answers(self):
        assert exercises.check("09.1", stats.entropy([0.7, 0.2, 0.1], base=2))
        assert not exercises.check("09.1", 0)
        assert exercises.check("09.2", math.log(1 / 2) + (4 + 1) / 2 - 0.5)
        assert not exercises.check("09.2", measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0))

    @pytest.mark.parametrize("exercise_id", ["03.1", "03.2", "03.3", "09.1", "09.2"])
    def test_unanswered_gets_the_reminder(self, exercise_id):
        assert "replace None" in repr(exercises.check(exercise_id, None))
