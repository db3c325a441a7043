"""bitsandnats.measures.distillation: the soft-target loss and its gradients.

The gradients are checked against central finite differences of a SciPy
reference (on random logits with Hypothesis, and on notebook 06's teacher and
student); every test runs with warnings turned into errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

import bitsandnats as bn
from bitsandnats import measures


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


# Every answer here is exact, inf or a ValueError: a numpy warning is a failure.
pytestmark = pytest.mark.filterwarnings("error")


# --- infinite logits ----------------------------------------------------------------------------


def test_a_class_the_student_rules_out_but_the_teacher_does_not_makes_the_loss_infinite():
    # The teacher is sure of class 1, which the student's logits put infinitely far below class 0.
    assert bn.distillation_loss(0, [1e308, -1e308], [-1e308, 1e308], temperature=1.0, alpha=0.5) == math.inf


def test_alpha_zero_or_one_drops_its_term_even_when_that_term_is_infinite():
    student, teacher = [1e308, -1e308], [-1e308, 1e308]
    assert bn.distillation_loss(0, student, teacher, temperature=1.0, alpha=0.0) == 0.0  # the hard term alone
    assert bn.distillation_loss(1, student, teacher, temperature=1.0, alpha=1.0) == math.inf


def test_classes_both_rule_out_add_nothing():
    value = bn.distillation_loss(0, [5.0, 1e308, -1e308], [5.0, 1e308, -1e308], temperature=1.0, alpha=0.5)
    assert np.isfinite(value)


# --- temperature and soft targets (notebook 06) --------------------------------------------------


def test_entropy_of_soft_targets_rises_with_temperature():
    entropies = [bn.entropy(bn.softmax(TEACHER, temperature=t)) for t in (0.5, 1, 2, 4, 8, 16, 1000)]
    assert all(a < b for a, b in zip(entropies, entropies[1:]))
    assert entropies[-1] == pytest.approx(math.log2(5), abs=1e-4)
    assert entropies[-1] < math.log2(5)


def test_temperature_keeps_the_order_of_the_classes():
    for t in (0.5, 1, 3, 50):
        assert list(np.argsort(bn.softmax(TEACHER, temperature=t))) == list(np.argsort(TEACHER))


def test_cross_entropy_and_kl_against_soft_targets_differ_by_the_teacher_entropy():
    p_t = bn.softmax(TEACHER, temperature=4.0)
    h = bn.entropy(p_t, base=math.e)
    for student in (STUDENT, TEACHER, np.zeros(5), np.array([-3.0, 0.0, 9.0, 1.0, 2.0])):
        q_t = bn.softmax(student, temperature=4.0)
        gap = bn.cross_entropy(p_t, q_t, base=math.e) - bn.kl_divergence(p_t, q_t, base=math.e)
        assert gap == pytest.approx(h, abs=1e-12)


# --- the gradients ---------------------------------------------------------------------------------


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


# --- the loss ------------------------------------------------------------------------------------


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


# --- refused options ------------------------------------------------------------------------------


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
