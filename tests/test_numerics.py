"""Numerical accuracy against references computed exactly with ``decimal``.

The references are evaluated at 50 significant digits directly from the float
inputs (``Decimal(float)`` is exact), so they are the true value of the formula
on the numbers the package received, not on some nearby numbers.

Nearly equal distributions are built on a grid of multiples of 2**-52 whose
entries add up to exactly 1.  With floats that sum to 1 only up to rounding,
sum(p * ln(p/q)) is itself dominated by that rounding (about 1e-16) once the
divergence is below it, and can even be negative, so there would be nothing
meaningful left to compare at delta = 1e-9.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest

import bitsandnats as bn

GRID = 2**52  # units below 2**53 are exact in float64, and so are units / GRID


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


def exact_kl_nats(p, q) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        return sum(
            (Decimal(a) * (Decimal(a) / Decimal(b)).ln() for a, b in zip(p.tolist(), q.tolist()) if a > 0),
            Decimal(0),
        )


def relative_error(value: float, exact: Decimal) -> float:
    with localcontext() as context:
        context.prec = 50
        return float(abs((Decimal(value) - exact) / exact))


def grid_units(weights, total=GRID):
    """Integer units proportional to ``weights`` that add up to exactly ``total``."""
    units = np.floor(weights / weights.sum() * total).astype(np.int64)
    units[np.argmax(units)] += total - int(units.sum())
    return units


def nearly_equal_pair(rng, n, delta, total=GRID):
    """P, and Q = P * (1 + delta * z) renormalised, both summing to exactly total / GRID."""
    p = grid_units(rng.random(n) + 0.05, total) / GRID
    z = np.clip(rng.standard_normal(n), -3.0, 3.0)
    q = grid_units(p * (1.0 + delta * z), total) / GRID
    return p, q


DELTAS = [1e-2, 3e-3, 1e-3, 1e-6, 1e-9]
SIZES = [3, 10, 100, 1000]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("delta", DELTAS)
def test_kl_of_nearly_equal_distributions_has_full_relative_precision(delta, n):
    # delta = 1e-2 and 3e-3 sit where a plain sum is used but already cancels;
    # 1e-3 and below need the series.  Both sides of that switch are covered.
    rng = np.random.default_rng(1000 * n + int(-math.log10(delta) * 10))
    p, q = nearly_equal_pair(rng, n, delta)
    assert math.fsum(p) == 1.0 and math.fsum(q) == 1.0
    exact = exact_kl_nats(p, q)
    assert exact > 0
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
def test_kl_of_nearly_equal_distributions_in_bits_has_full_relative_precision(delta):
    p, q = nearly_equal_pair(np.random.default_rng(5), 50, delta)
    exact_bits = exact_kl_nats(p, q) / Decimal(2).ln()
    assert relative_error(bn.kl_divergence(p, q), exact_bits) < 1e-12


def test_kl_of_a_batch_of_nearly_equal_rows_has_full_relative_precision():
    rng = np.random.default_rng(8)
    rows = [nearly_equal_pair(rng, 40, delta) for delta in (1e-1, 1e-2, 1e-3, 1e-6, 1e-9, 0.0)]
    p = np.array([a for a, _ in rows])
    q = np.array([b for _, b in rows])
    values = bn.kl_divergence(p, q, base=math.e)
    for value, a, b in zip(values[:-1], p, q):
        assert relative_error(float(value), exact_kl_nats(a, b)) < 1e-12
    assert values[-1] == 0.0  # delta = 0: the same distribution


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
def test_kl_of_nearly_equal_long_distributions_has_full_relative_precision(delta):
    # 256 copies of a 1172-event block: 300_032 events, above the parallel
    # threshold, while the exact reference only needs the block (times 256).
    copies, block = 256, 1172
    p_block, q_block = nearly_equal_pair(np.random.default_rng(21), block, delta, total=GRID // copies)
    p, q = np.tile(p_block, copies), np.tile(q_block, copies)
    assert p.size > 300_000 and math.fsum(p) == 1.0 and math.fsum(q) == 1.0
    exact = exact_kl_nats(p_block, q_block) * copies
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


@pytest.mark.parametrize("n", [3, 100, 1000])
def test_the_naive_sum_fails_where_the_package_does_not(n):
    # Shows the care is needed: each term p*ln(p/q) is about 1e-9 and they
    # cancel to about 5e-19, far below the rounding of the terms.
    p, q = nearly_equal_pair(np.random.default_rng(1), n, 1e-9)
    exact = exact_kl_nats(p, q)
    naive_error = relative_error(float(np.sum(p * np.log(p / q))), exact)
    package_error = relative_error(bn.kl_divergence(p, q, base=math.e), exact)
    assert package_error < 1e-12
    assert naive_error > 1e-4
    assert naive_error > 1e6 * package_error


@pytest.mark.parametrize("delta", [1e-3, 1e-6])
@pytest.mark.parametrize("n", [3, 100, 1000])
def test_kl_of_float_renormalised_distributions_follows_the_exact_sum(delta, n):
    # The everyday way of making Q: the sums are 1 only up to rounding.
    rng = np.random.default_rng(n)
    p = rng.random(n) + 0.05
    p /= p.sum()
    q = p * (1 + delta * rng.standard_normal(n))
    q /= q.sum()
    exact = exact_kl_nats(p, q)
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


def test_kl_is_never_negative_even_when_rounding_makes_the_exact_sum_negative():
    # Q is P scaled up by one part in 1e15: its entries sum to slightly more,
    # so sum(p * ln(p/q)) on these floats is about -1e-15.
    p = np.array([0.25, 0.25, 0.5])
    q = p * (1 + 1e-15)
    assert exact_kl_nats(p, q) < 0
    assert bn.kl_divergence(p, q) == 0.0
    assert bn.kl_divergence([p, p], [q, q]).tolist() == [0.0, 0.0]


# --------------------------------------------------------------------------
# Entropy and binary cross-entropy of extreme probabilities
# --------------------------------------------------------------------------


def exact_entropy_nats(p) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        return -sum((Decimal(a) * Decimal(a).ln() for a in p.tolist() if a > 0), Decimal(0))


@pytest.mark.parametrize(
    "p",
    [
        np.array([1 - 2.0**-40, 2.0**-40]),
        np.array([0.5, 0.5 - 1e-300, 1e-300]),
        np.array([1.0 - 3e-12, 1e-12, 1e-12, 1e-12]),
    ],
    ids=["almost_certain", "one_tiny_event", "three_tiny_events"],
)
def test_entropy_of_nearly_certain_distributions_has_full_relative_precision(p):
    exact = exact_entropy_nats(p)
    assert relative_error(bn.entropy(p, base=math.e), exact) < 1e-13
    assert relative_error(float(bn.entropy(p[np.newaxis], base=math.e)[0]), exact) < 1e-13


def test_entropy_of_a_long_uniform_distribution_is_log2_n():
    n = 300_000
    assert bn.entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log2(n), rel=1e-13)


@pytest.mark.parametrize(
    ("y", "prob"),
    [(1.0, 1 - 2.0**-40), (0.0, 2.0**-40), (0.0, 1e-300), (1.0, 1e-300), (0.5, 0.5 + 2.0**-30)],
)
def test_binary_cross_entropy_of_extreme_predictions_has_full_relative_precision(y, prob):
    with localcontext() as context:
        context.prec = 700  # enough digits that 1 - 1e-300 is not rounded to 1
        exact = Decimal(0)
        if y > 0:
            exact -= Decimal(y) * Decimal(prob).ln()
        if y < 1:
            exact -= Decimal(1 - y) * (1 - Decimal(prob)).ln()
    assert relative_error(float(bn.binary_cross_entropy(y, prob)), exact) < 1e-13


# --------------------------------------------------------------------------
# Logits
# --------------------------------------------------------------------------


def test_cross_entropy_from_huge_logits_is_exact():
    assert quietly(bn.cross_entropy_from_logits, 1, [1e4, -1e4]) == 2e4
    assert quietly(bn.cross_entropy_from_logits, 0, [1e4, -1e4]) == 0.0
    assert quietly(bn.cross_entropy_from_logits, [1, 1], [[1e4, -1e4], [-1e4, 1e4]]).tolist() == [2e4, 0.0]
    assert quietly(bn.cross_entropy_from_logits, [0.5, 0.5], [1e4, -1e4]) == 1e4
    assert quietly(bn.cross_entropy_from_logits, 1, [1e4, -1e4], base=2) == pytest.approx(2e4 / math.log(2), rel=1e-15)


def test_taking_the_softmax_first_would_overflow_to_inf():
    # What the from-logits route avoids: the probability rounds to 0.
    assert quietly(bn.softmax, [1e4, -1e4])[1] == 0.0
    assert quietly(bn.cross_entropy, [0.0, 1.0], bn.softmax([1e4, -1e4]), base=math.e) == math.inf


def exact_log_softmax(logits) -> list[Decimal]:
    with localcontext() as context:
        context.prec = 50
        log_total = sum(Decimal(z).exp() for z in logits).ln()
        return [Decimal(z) - log_total for z in logits]


@pytest.mark.parametrize(
    "logits",
    [[12.0, -3.0, 0.5], [40.0, 1.0, -2.0, 3.0], [1e4, 9990.0, -1e4], [-1000.0, -1000.0, -1002.0], [0.1, 0.2, 0.3]],
    ids=["confident", "very_confident", "huge", "all_very_negative", "flat"],
)
def test_log_softmax_has_full_relative_precision(logits):
    # Including the largest entry, a tiny negative number when one class dominates.
    for value, exact in zip(quietly(bn.log_softmax, logits), exact_log_softmax(logits)):
        assert relative_error(float(value), exact) < 1e-13


def test_cross_entropy_of_a_confident_correct_prediction_has_full_relative_precision():
    logits = [30.0, 2.0, -1.0]
    with localcontext() as context:
        context.prec = 50
        exact = sum(Decimal(z).exp() for z in logits).ln() - Decimal(30)
    assert float(exact) < 1e-12
    assert relative_error(bn.cross_entropy_from_logits(0, logits), exact) < 1e-13


def test_log_softmax_is_stable_for_huge_logits():
    np.testing.assert_array_equal(quietly(bn.log_softmax, [1000.0, 0.0]), [0.0, -1000.0])
    np.testing.assert_allclose(quietly(bn.log_softmax, [-1000.0, -1000.0]), [-math.log(2)] * 2, rtol=1e-15)
    rng = np.random.default_rng(4)
    logits = rng.uniform(-1e4, 1e4, (200, 30))
    values = quietly(bn.log_softmax, logits)
    assert np.isfinite(values).all() and (values <= 0).all()
    assert np.abs(np.exp(values).sum(axis=-1) - 1.0).max() <= 8 * np.finfo(float).eps
    shifted = quietly(bn.log_softmax, logits + 5e3)
    np.testing.assert_allclose(shifted, values, rtol=1e-9, atol=1e-9)


def test_softmax_rows_sum_to_one():
    rng = np.random.default_rng(6)
    for scale in (1.0, 1e2, 1e4):
        logits = rng.normal(scale=scale, size=(500, 64))
        probs = quietly(bn.softmax, logits)
        assert (probs >= 0).all()
        assert np.abs(probs.sum(axis=-1) - 1.0).max() <= 8 * np.finfo(float).eps
    np.testing.assert_array_equal(quietly(bn.softmax, [1e4, -1e4]), [1.0, 0.0])
    np.testing.assert_array_equal(quietly(bn.softmax, [-1e4, -1e4]), [0.5, 0.5])


# --------------------------------------------------------------------------
# Log loss of confident predictions
# --------------------------------------------------------------------------


def confident_predictions(rng, n, soft=False):
    """Labels and predictions that are right to within 1e-15 .. 1e-9 (losses that small)."""
    y = rng.integers(0, 2, n).astype(float)
    margin = 10.0 ** rng.uniform(-15, -9, n)
    prob = np.where(y == 1, 1.0 - margin, margin)
    if soft:
        y = np.where(y == 1, 1.0 - 1e-3, 1e-3)
    return y, prob


def exact_mean_binary_loss(y, prob) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        total = Decimal(0)
        for label, p in zip(y.tolist(), prob.tolist()):
            if label > 0:
                total -= Decimal(label) * Decimal(p).ln()
            if label < 1:
                total -= (1 - Decimal(label)) * (1 - Decimal(p)).ln()
        return total / len(y)


@pytest.mark.parametrize("soft", [False, True], ids=["hard_labels", "soft_labels"])
def test_log_loss_of_confident_right_predictions_has_full_relative_precision(soft):
    # Summing y*log(p) and (1 - y)*log(1 - p) as differences of larger sums
    # would lose most digits of these tiny losses.
    y, prob = confident_predictions(np.random.default_rng(31), 40, soft)
    exact = exact_mean_binary_loss(y, prob)
    assert relative_error(bn.log_loss(y, prob), exact) < 1e-12
    assert relative_error(float(np.mean(bn.binary_cross_entropy(y, prob))), exact) < 1e-12


@pytest.mark.parametrize("soft", [False, True], ids=["hard_labels", "soft_labels"])
def test_log_loss_of_many_confident_right_predictions_has_full_relative_precision(soft):
    y, prob = confident_predictions(np.random.default_rng(32), 300_000, soft)
    # Per example, log(p) near 1 and log1p(-p) are accurate to an ulp; fsum adds them exactly.
    per_example = -(y * np.log(prob) + (1.0 - y) * np.log1p(-prob))
    reference = math.fsum(per_example) / y.size
    assert bn.log_loss(y, prob) == pytest.approx(reference, rel=1e-12)


def test_kl_with_a_subnormal_q_is_finite_and_exact():
    """p/q overflows when q is subnormal; the divergence is finite (536 bits here) and without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = bn.kl_divergence([0.5, 0.5], [1.0, 5e-324])
        batch = bn.kl_divergence(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[1.0, 5e-324], [1.0, 0.0]]))
    assert value == bn.cross_entropy([0.5, 0.5], [1.0, 5e-324]) - bn.entropy([0.5, 0.5]) == 536.0
    assert batch[0] == 536.0 and batch[1] == np.inf  # a q of exactly 0 still rules the event out
