"""Tests for notebooks 06 and 07: distillation loss and gradients, binned normals, Gaussian NLL."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from scipy import stats
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

import bitsandnats as bn
from bitsandnats import measures, plots
from bitsandnats.exercises import EXERCISES, check

TEACHER = np.array([6.0, 3.5, 3.0, -1.0, -2.0])  # notebook 06: cat, dog, fox, car, truck
STUDENT = np.array([2.0, 0.5, 1.5, 0.5, -0.5])

logit_rows = st.lists(st.floats(-8.0, 8.0), min_size=2, max_size=6)
temperatures = st.floats(0.5, 20.0)


def reference_kl(teacher, student, temperature):
    """KL(softmax(v/T) || softmax(z/T)) in nats, from scipy."""
    log_p = scipy_log_softmax(np.asarray(teacher) / temperature, axis=-1)
    log_q = scipy_log_softmax(np.asarray(student) / temperature, axis=-1)
    return np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)


def central_differences(function, z, step=1e-6):
    z = np.asarray(z, dtype=float)
    return np.array([(function(z + step * e) - function(z - step * e)) / (2 * step) for e in np.eye(z.shape[-1])])


# --- 06: temperature and soft targets ------------------------------------------


def test_entropy_of_soft_targets_rises_with_temperature():
    entropies = [bn.entropy(bn.softmax(TEACHER, temperature=t)) for t in (0.5, 1, 2, 4, 8, 16, 1000)]
    assert all(a < b for a, b in zip(entropies, entropies[1:]))
    assert entropies[-1] == pytest.approx(math.log2(5), abs=1e-4)
    assert entropies[-1] < math.log2(5)


def test_temperature_keeps_the_order_of_the_classes():
    for t in (0.5, 1, 3, 50):
        assert list(np.argsort(bn.softmax(TEACHER, temperature=t))) == list(np.argsort(TEACHER))


# --- 06: the gradients ----------------------------------------------------------


@given(logit_rows, st.data(), temperatures)
def test_soft_target_gradient_matches_finite_differences(student, data, temperature):
    teacher = data.draw(st.lists(st.floats(-8.0, 8.0), min_size=len(student), max_size=len(student)))
    analytic = measures.soft_target_gradient(student, teacher, temperature=temperature)
    numeric = central_differences(lambda z: reference_kl(teacher, z, temperature), student)
    assert np.allclose(analytic, numeric, atol=1e-7)
    assert abs(analytic.sum()) < 1e-12


def test_soft_target_gradient_is_the_same_for_kl_and_cross_entropy():
    p_t = bn.softmax(TEACHER, temperature=3.0)

    def cross_entropy(z):
        return bn.cross_entropy(p_t, bn.softmax(z, temperature=3.0), base=math.e)

    def kl(z):
        return bn.kl_divergence(p_t, bn.softmax(z, temperature=3.0), base=math.e)

    analytic = measures.soft_target_gradient(STUDENT, TEACHER, temperature=3.0)
    assert np.allclose(central_differences(cross_entropy, STUDENT), analytic, atol=1e-8)
    assert np.allclose(central_differences(kl, STUDENT), analytic, atol=1e-8)


def test_soft_target_gradient_base_scales_by_one_over_ln_base():
    nats = measures.soft_target_gradient(STUDENT, TEACHER, temperature=2.0)
    bits = measures.soft_target_gradient(STUDENT, TEACHER, temperature=2.0, base=2)
    assert np.allclose(bits, nats / math.log(2), rtol=1e-14)


def test_soft_gradient_shrinks_like_one_over_t_squared_and_t_squared_restores_it():
    centred = (STUDENT - STUDENT.mean()) - (TEACHER - TEACHER.mean())
    for t in (50.0, 200.0, 1000.0):
        gradient = measures.soft_target_gradient(STUDENT, TEACHER, temperature=t)
        assert np.allclose(t**2 * gradient, centred / len(TEACHER), rtol=0, atol=20 / t)
    norms = [np.linalg.norm(measures.soft_target_gradient(STUDENT, TEACHER, temperature=t)) for t in range(1, 11)]
    scaled = [t**2 * n for t, n in zip(range(1, 11), norms)]
    assert norms[0] / norms[-1] > 40  # the bare gradient collapses ...
    assert max(scaled) / min(scaled) < 2.1  # ... the T²-scaled one stays within a factor of about 2
    assert all(a < b for a, b in zip(scaled, scaled[1:]))


def test_t_squared_kl_tends_to_the_squared_error_between_centred_logits():
    centred = (STUDENT - STUDENT.mean()) - (TEACHER - TEACHER.mean())
    limit = np.sum(centred**2) / (2 * len(TEACHER))
    t = 1000.0
    kl = bn.kl_divergence(bn.softmax(TEACHER, temperature=t), bn.softmax(STUDENT, temperature=t), base=math.e)
    assert t**2 * kl == pytest.approx(limit, rel=1e-3)


@given(logit_rows, st.data(), temperatures, st.floats(0.0, 1.0))
def test_distillation_gradient_matches_finite_differences(student, data, temperature, alpha):
    k = len(student)
    teacher = data.draw(st.lists(st.floats(-8.0, 8.0), min_size=k, max_size=k))
    label = data.draw(st.integers(0, k - 1))
    analytic = measures.distillation_gradient(label, student, teacher, temperature=temperature, alpha=alpha)

    def loss(z):
        return measures.distillation_loss(label, z, teacher, temperature=temperature, alpha=alpha)

    # The loss carries T² (up to 400 here), so the finite differences carry that much rounding too.
    assert np.allclose(analytic, central_differences(loss, student), atol=1e-6 * max(1.0, temperature**2))


def test_distillation_gradient_with_soft_label_rows_and_batches():
    rng = np.random.default_rng(7)
    students, teachers = rng.normal(0, 2, (4, 3)), rng.normal(0, 2, (4, 3))
    labels = scipy_softmax(rng.normal(0, 1, (4, 3)), axis=-1)
    gradient = measures.distillation_gradient(labels, students, teachers, temperature=2.5, alpha=0.3)
    assert gradient.shape == (4, 3)
    for row in range(4):
        def loss(z, row=row):
            return measures.distillation_loss(labels[row], z, teachers[row], temperature=2.5, alpha=0.3)
        assert np.allclose(gradient[row], central_differences(loss, students[row]), atol=1e-7)
    assert np.allclose(gradient.sum(axis=-1), 0.0, atol=1e-12)


# --- 06: the loss -----------------------------------------------------------------


def test_distillation_loss_of_the_notebook():
    loss = measures.distillation_loss(0, STUDENT, TEACHER, temperature=4, alpha=0.7)
    soft = reference_kl(TEACHER, STUDENT, 4.0)
    hard = -scipy_log_softmax(STUDENT)[0]
    assert loss == pytest.approx(0.7 * 16 * soft + 0.3 * hard, rel=1e-12)
    assert f"{loss:.4f}" == "1.6182"


def test_distillation_loss_ends_are_pure_terms():
    for t in (1.0, 3.0, 10.0):
        only_soft = measures.distillation_loss(2, STUDENT, TEACHER, temperature=t, alpha=1.0)
        kl = bn.kl_divergence(bn.softmax(TEACHER, temperature=t), bn.softmax(STUDENT, temperature=t), base=math.e)
        assert only_soft == pytest.approx(t**2 * kl, rel=1e-10)
        only_hard = measures.distillation_loss(2, STUDENT, TEACHER, temperature=t, alpha=0.0)
        assert only_hard == pytest.approx(bn.cross_entropy_from_logits(2, STUDENT), rel=1e-14)


def test_distillation_loss_is_zero_soft_for_a_perfect_student_and_base_scales():
    assert measures.distillation_loss(0, TEACHER, TEACHER, temperature=5.0, alpha=1.0) == 0.0
    nats = measures.distillation_loss(1, STUDENT, TEACHER, temperature=2.0, alpha=0.4)
    bits = measures.distillation_loss(1, STUDENT, TEACHER, temperature=2.0, alpha=0.4, base=2)
    assert bits == pytest.approx(nats / math.log(2), rel=1e-14)


def test_distillation_loss_batch_and_extreme_logits():
    students = np.array([STUDENT, TEACHER, np.zeros(5)])
    losses = measures.distillation_loss([0, 1, 4], students, TEACHER, temperature=3.0, alpha=0.5)
    assert losses.shape == (3,)
    for row, label in enumerate([0, 1, 4]):
        single = measures.distillation_loss(label, students[row], TEACHER, temperature=3.0, alpha=0.5)
        assert losses[row] == pytest.approx(single, rel=1e-14)
    huge = measures.distillation_loss(0, [1000.0, -1000.0], [-1000.0, 1000.0], temperature=1.0, alpha=0.5)
    # The teacher is sure of class 1, the student of class 0, by 2000 nats: KL = 2000 nats; the label 0 costs 0.
    assert math.isfinite(huge) and huge == pytest.approx(0.5 * 2000 + 0.5 * 0, rel=1e-9)


def test_cross_entropy_and_kl_against_soft_targets_differ_by_the_teacher_entropy():
    p_t = bn.softmax(TEACHER, temperature=4.0)
    h = bn.entropy(p_t, base=math.e)
    for student in (STUDENT, TEACHER, np.zeros(5), np.array([-3.0, 0.0, 9.0, 1.0, 2.0])):
        q_t = bn.softmax(student, temperature=4.0)
        gap = bn.cross_entropy(p_t, q_t, base=math.e) - bn.kl_divergence(p_t, q_t, base=math.e)
        assert gap == pytest.approx(h, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"temperature": 0.0, "alpha": 0.5}, "temperature"),
        ({"temperature": -1.0, "alpha": 0.5}, "temperature"),
        ({"temperature": 2.0, "alpha": 1.5}, "alpha"),
        ({"temperature": 2.0, "alpha": -0.1}, "alpha"),
        ({"temperature": 2.0, "alpha": True}, "alpha"),
    ],
)
def test_distillation_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        measures.distillation_loss(0, STUDENT, TEACHER, **kwargs)
    with pytest.raises(ValueError, match=message):
        measures.distillation_gradient(0, STUDENT, TEACHER, **kwargs)


def test_distillation_rejects_bad_logits_and_labels():
    with pytest.raises(ValueError, match="same shape"):
        measures.distillation_loss(0, STUDENT, TEACHER[:4], temperature=2.0, alpha=0.5)
    with pytest.raises(ValueError, match="student_logits contains NaN"):
        measures.soft_target_gradient([0.0, np.nan], [0.0, 1.0], temperature=2.0)
    with pytest.raises(ValueError, match="teacher_logits contains inf"):
        measures.distillation_gradient(0, [0.0, 1.0], [0.0, np.inf], temperature=2.0, alpha=0.5)
    with pytest.raises(ValueError, match="label 5"):
        measures.distillation_gradient(5, STUDENT, TEACHER, temperature=2.0, alpha=0.5)
    with pytest.raises(ValueError, match="y_true"):
        measures.distillation_gradient([0, 1], STUDENT, TEACHER, temperature=2.0, alpha=0.5)


# --- 07: binned normal ------------------------------------------------------------


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


# --- 07: differential entropy -------------------------------------------------------


def test_differential_entropy_is_negative_below_the_threshold():
    threshold = 1 / math.sqrt(2 * math.pi * math.e)
    assert bn.differential_entropy_normal(threshold) == pytest.approx(0.0, abs=1e-15)
    assert bn.differential_entropy_normal(0.99 * threshold) < 0 < bn.differential_entropy_normal(1.01 * threshold)
    assert bn.differential_entropy_uniform(0.5, base=2) == pytest.approx(-1.0, abs=1e-15)
    assert bn.differential_entropy_normal(1.0) == pytest.approx(stats.norm(scale=1.0).entropy(), rel=1e-14)


# --- 07: Gaussian negative log-likelihood ---------------------------------------


@given(st.floats(-50, 50), st.floats(-50, 50), st.floats(0.01, 20))
def test_gaussian_nll_matches_scipy(y, y_pred, sigma):
    expected = -stats.norm.logpdf(y, loc=y_pred, scale=sigma)
    assert measures.gaussian_nll(y, y_pred, sigma=sigma) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_gaussian_nll_is_an_affine_map_of_the_squared_error_with_the_same_minimiser():
    rng = np.random.default_rng(2025)
    y = rng.normal(3.0, 1.5, size=50)
    grid = np.linspace(0, 6, 121)
    for sigma in (0.3, 1.0, 4.0):
        mse = np.array([np.mean((y - c) ** 2) for c in grid])
        nll = np.array([measures.gaussian_nll(y, c, sigma=sigma).mean() for c in grid])
        assert np.allclose(nll, mse / (2 * sigma**2) + 0.5 * math.log(2 * math.pi * sigma**2), rtol=0, atol=1e-12)
        assert grid[nll.argmin()] == grid[mse.argmin()] == pytest.approx(2.8)


def test_gaussian_nll_broadcasts_can_be_negative_and_scales_with_base():
    values = measures.gaussian_nll([1.0, 2.0, 3.0], 2.0, sigma=0.1)
    assert values.shape == (3,)
    assert measures.gaussian_nll(1.0, 1.01, sigma=0.05) < 0
    assert measures.gaussian_nll(1.0, 0.0, base=2) == pytest.approx(measures.gaussian_nll(1.0, 0.0) / math.log(2))
    with pytest.raises(ValueError, match="sigma"):
        measures.gaussian_nll(1.0, 0.0, sigma=0.0)
    with pytest.raises(ValueError, match="y_pred contains NaN"):
        measures.gaussian_nll(1.0, np.nan)
    with pytest.raises(ValueError, match="broadcast"):
        measures.gaussian_nll([1.0, 2.0], [1.0, 2.0, 3.0])


# --- pictures ---------------------------------------------------------------------


def test_soft_targets_plot():
    fig = plots.soft_targets(TEACHER, [1, 2, 4, 8], ["cat", "dog", "fox", "car", "truck"])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.patches) == 20
    assert ax.get_ylabel() == "probability"
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts[0] == f"T = 1: H = {bn.entropy(bn.softmax(TEACHER)):.2f} bits"
    assert texts[-1].startswith("uniform")
    hatches = {patch.get_hatch() for patch in ax.patches}
    assert len(hatches) == 4  # each temperature drawn differently, not by colour alone
    with pytest.raises(ValueError, match="temperatures"):
        plots.soft_targets(TEACHER, [1, 2, 3, 4, 5, 6], list("abcde"))


def test_gradient_scaling_plot():
    t = np.arange(1, 11)
    norms = np.array([np.linalg.norm(measures.soft_target_gradient(STUDENT, TEACHER, temperature=x)) for x in t])
    fig = plots.gradient_scaling(t, norms, hard_norm=0.6, limit=1.0)
    ax = fig.axes[0]
    assert np.allclose(ax.lines[1].get_ydata(), norms * t**2)
    assert "nats" in ax.get_ylabel() and "temperature" in ax.get_xlabel()
    low, high = ax.get_ylim()
    assert low < norms.min() and high > 1.0
    with pytest.raises(ValueError):
        plots.gradient_scaling([1, 2], [0.1])


def test_normal_densities_plot():
    fig = plots.normal_densities([0.1, 0.5, 2.0], base=2)
    ax = fig.axes[0]
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts[0] == "σ = 0.1: h = −1.27 bits"
    assert texts[-1] == "density 1"
    peak = max(ax.lines[0].get_ydata())
    assert peak == pytest.approx(1 / (0.1 * math.sqrt(2 * math.pi)), rel=1e-3)
    assert len({str(line.get_linestyle()) for line in ax.lines[:3]}) == 3


def test_binned_entropy_bridge_plot():
    widths = [1, 0.5, 0.1]
    h = bn.differential_entropy_normal(1.0, base=2)
    binned = [bn.entropy(measures.binned_normal(1.0, w), base=2) for w in widths]
    fig = plots.binned_entropy_bridge(widths, binned, h, base=2)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "log(1/Δ) (bits)" and ax.get_ylabel() == "entropy (bits)"
    assert np.allclose(ax.lines[0].get_xdata(), np.log2(1 / np.array(widths)))
    x, y = ax.lines[1].get_xdata(), ax.lines[1].get_ydata()
    assert np.allclose(y - x, h)
    with pytest.raises(ValueError):
        plots.binned_entropy_bridge([1, 0.5], [1.0], h)


# --- exercises --------------------------------------------------------------------


def test_exercise_answers():
    assert check("06.1", scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)[0])
    assert not check("06.1", 0.5)
    p = scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)
    assert check("06.2", -np.sum(p * np.log(p)))
    assert not check("06.2", -np.sum(p * np.log2(p)))  # bits instead of nats
    assert check("06.3", " Hard ")
    assert not check("06.3", "soft")
    assert check("07.1", 0.5 * math.log2(2 * math.pi * math.e * 0.05**2))
    assert check("07.1", -2.2748)
    assert not check("07.1", 2.2748)
    assert check("07.2", 0.5 * math.log2(2 * math.pi * math.e * 4) - math.log2(0.01))
    assert not check("07.2", 0.5 * math.log2(2 * math.pi * math.e * 4))
    assert check("07.3", 0.3 / (2 * 0.25) + 0.5 * math.log(2 * math.pi * 0.25))
    assert not check("07.3", 0.3)
    for key in ("06.1", "06.2", "06.3", "07.1", "07.2", "07.3"):
        assert EXERCISES[key].hint
        assert "replace None" in check(key, None).message


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


def test_binned_normal_at_extreme_ratios_refuses_or_gives_the_exact_bins():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="width=1e-10 with sigma=1e\\+300 and span=10 needs more than"):
            measures.binned_normal(1e300, 1e-10)
        # A bin 1e310 sigmas wide: all the mass in the two bins beside the mean, none in the tails.
        assert measures.binned_normal(1e-300, 1e10).tolist() == [0.0, 0.5, 0.5, 0.0]
