"""bitsandnats.measures.losses: binary cross-entropy and log loss, softmax, the cross-entropy from logits, the Gaussian NLL.

The kinds of test, by section: quiet zeros; return types and batches;
infinities and clipping; bases; relations between the losses and the
discrete measures; precision against exact ``decimal`` references (extreme
predictions, huge logits, confident predictions); Hypothesis properties;
cross-checks against scikit-learn, SciPy and Keras; the Gaussian NLL.  The
source documents' ten examples (0.247 nats) are in tests/test_documents.py;
refused input in tests/test_validation.py.  Every test runs with warnings
turned into errors.
"""

from __future__ import annotations

import math
import os
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st
from reference import PROPERTY_SETTINGS, Y_PROB, Y_TRUE, close, distributions, quietly, random_distribution, relative_error, rng_for
from scipy import stats

import bitsandnats as bn
from bitsandnats import measures


# Every answer here is exact, inf or a ValueError: a numpy warning is a failure.
pytestmark = pytest.mark.filterwarnings("error")


# --- quiet zeros ------------------------------------------------------------------------------


def test_soft_targets_with_a_zero_on_a_class_of_minus_infinite_log_probability_are_quiet():
    assert bn.cross_entropy_from_logits([1.0, 0.0], [1e308, -1e308]) == 0.0
    assert bn.cross_entropy_from_logits([0.0, 1.0], [1e308, -1e308]) == np.inf


def test_soft_label_rows_with_zeros_in_log_loss_are_quiet():
    assert bn.log_loss([[1.0, 0.0]], [[1.0, 0.0]]) == 0.0
    assert bn.log_loss([[0.0, 1.0]], [[1.0, 0.0]]) == np.inf


# --- return types -----------------------------------------------------------------------------


ONE_D_CALLS = {
    "binary_cross_entropy": lambda: bn.binary_cross_entropy(1, 0.8),
    "log_loss_binary": lambda: bn.log_loss(Y_TRUE, Y_PROB),
    "log_loss_multiclass": lambda: bn.log_loss([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]),
    "cross_entropy_from_logits": lambda: bn.cross_entropy_from_logits(0, [2.0, 1.0, 0.1]),
}


@pytest.mark.parametrize("name", ONE_D_CALLS)
def test_a_single_case_gives_a_python_float(name):
    value = ONE_D_CALLS[name]()
    # np.float64 subclasses float, so check the exact type: notebooks print these.
    assert type(value) is float


BATCH_CALLS = {
    "binary_cross_entropy": (lambda: bn.binary_cross_entropy(Y_TRUE, Y_PROB), (10,)),
    "cross_entropy_from_logits": (lambda: bn.cross_entropy_from_logits([0, 1], [[2.0, 1.0], [0.0, 3.0]]), (2,)),
}


@pytest.mark.parametrize("name", BATCH_CALLS)
def test_a_batch_gives_an_array_with_one_value_per_row(name):
    call, shape = BATCH_CALLS[name]
    value = call()
    assert isinstance(value, np.ndarray)
    assert value.shape == shape
    assert value.dtype == np.float64


def test_log_loss_is_a_float_even_for_a_large_binary_input():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 300_000)
    value = bn.log_loss(y, rng.uniform(0.05, 0.95, 300_000))
    assert type(value) is float


def test_softmax_and_log_softmax_keep_the_shape_of_the_logits():
    logits = np.arange(12.0).reshape(2, 3, 2)
    assert bn.softmax(logits).shape == (2, 3, 2)
    assert bn.log_softmax(logits).shape == (2, 3, 2)
    assert bn.softmax([1.0, 2.0]).shape == (2,)


def test_cross_entropy_from_logits_of_a_batch_equals_the_row_by_row_results():
    rng = np.random.default_rng(3)
    logits = rng.normal(scale=5, size=(7, 4))
    labels = rng.integers(0, 4, 7)
    together = bn.cross_entropy_from_logits(labels, logits, base=2)
    one_by_one = [bn.cross_entropy_from_logits(int(k), row, base=2) for k, row in zip(labels, logits)]
    np.testing.assert_allclose(together, one_by_one, rtol=1e-14)


def test_softmax_of_a_batch_equals_the_row_by_row_results():
    logits = np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0]])
    np.testing.assert_allclose(bn.softmax(logits), [bn.softmax(row) for row in logits], rtol=1e-15)


# --- infinite results, and clipping ----------------------------------------------------------


def test_binary_cross_entropy_of_a_certain_wrong_prediction_is_inf_quietly():
    value = quietly(bn.binary_cross_entropy, [1, 0, 1], [0.0, 1.0, 0.5])
    assert value[0] == math.inf and value[1] == math.inf
    assert value[2] == pytest.approx(math.log(2), rel=1e-15)


def test_log_loss_of_a_certain_wrong_prediction_is_inf_quietly_without_eps():
    assert quietly(bn.log_loss, [1, 0], [0.0, 0.5]) == math.inf
    assert quietly(bn.log_loss, [0, 1], [1.0, 0.5]) == math.inf


def test_multiclass_log_loss_of_a_certain_wrong_prediction_is_inf_quietly_without_eps():
    assert quietly(bn.log_loss, [1, 0], [[1.0, 0.0], [0.5, 0.5]]) == math.inf
    assert quietly(bn.log_loss, [[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.5, 0.5]]) == math.inf


def test_log_loss_with_eps_clips_a_certain_wrong_prediction_to_a_finite_loss():
    value = quietly(bn.log_loss, [1, 0], [0.0, 0.5], eps=1e-7)
    assert value == pytest.approx((-math.log(1e-7) + math.log(2)) / 2, rel=1e-12)


def test_multiclass_log_loss_with_eps_is_finite():
    value = quietly(bn.log_loss, [1, 0], [[1.0, 0.0], [0.5, 0.5]], eps=1e-7)
    assert value == pytest.approx((-math.log(1e-7) + math.log(2)) / 2, rel=1e-12)


def test_log_loss_eps_does_not_change_predictions_inside_the_clip_range():
    assert bn.log_loss(Y_TRUE, Y_PROB, eps=1e-7) == pytest.approx(bn.log_loss(Y_TRUE, Y_PROB), rel=1e-14)


def test_binary_cross_entropy_of_certain_right_predictions_is_zero():
    np.testing.assert_array_equal(quietly(bn.binary_cross_entropy, [0, 1], [0.0, 1.0]), [0.0, 0.0])
    assert quietly(bn.log_loss, [0, 1], [0.0, 1.0]) == 0.0


def test_our_clipped_loss_matches_keras_threshold():
    assert bn.log_loss([1], [0.0]) == math.inf
    assert bn.log_loss([1], [0.0], eps=1e-7) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert bn.log_loss([0], [1.0], eps=1e-7) == pytest.approx(-math.log(1e-7), rel=1e-9)


def test_softmax_of_logits_a_float64_range_apart_is_certain():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = bn.softmax([1e308, -1e308])
        log_probs = bn.log_softmax([1e308, -1e308])
    np.testing.assert_array_equal(probs, [1.0, 0.0])
    np.testing.assert_array_equal(log_probs, [0.0, -math.inf])


def test_loss_of_a_class_pushed_beyond_float64_is_infinite_not_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bn.cross_entropy_from_logits(1, [1e308, -1e308]) == math.inf
        assert bn.cross_entropy_from_logits(0, [1e308, -1e308]) == 0.0


@pytest.mark.parametrize("function", [bn.softmax, bn.log_softmax])
def test_temperature_that_overflows_the_logits_is_refused(function):
    with pytest.raises(ValueError, match="temperature=0.1 overflow"):
        function([1e308, 0.0], temperature=0.1)


# --- bases --------------------------------------------------------------------------------------


def test_losses_default_to_nats():
    assert bn.binary_cross_entropy(1, 0.5) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.log_loss([1], [0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.cross_entropy_from_logits(0, [0.0, 0.0]) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.log_loss([1], [0.5], base=2) == pytest.approx(1.0, rel=1e-15)


# --- relations between the losses and the discrete measures ---------------------------------


def test_binary_cross_entropy_is_the_cross_entropy_of_two_point_distributions():
    for y, p in [(1, 0.8), (0, 0.4), (0.3, 0.6)]:
        expected = bn.cross_entropy([1 - y, y], [1 - p, p], base=math.e)
        assert bn.binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-14)


def test_binary_log_loss_equals_the_two_column_form():
    two_columns = np.column_stack([1 - np.array(Y_PROB), Y_PROB])
    assert bn.log_loss(Y_TRUE, two_columns) == pytest.approx(bn.log_loss(Y_TRUE, Y_PROB), rel=1e-14)


def test_log_loss_with_one_hot_rows_equals_log_loss_with_integer_labels():
    probs = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]
    labels = [0, 2, 1]
    one_hot = np.eye(3)[labels]
    assert bn.log_loss(one_hot, probs) == pytest.approx(bn.log_loss(labels, probs), rel=1e-15)
    expected = -(math.log(0.7) + math.log(0.8) + math.log(0.4)) / 3
    assert bn.log_loss(labels, probs) == pytest.approx(expected, rel=1e-14)


def test_log_loss_with_soft_label_rows_is_the_mean_cross_entropy():
    targets = [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]
    probs = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    expected = np.mean(bn.cross_entropy(targets, probs, base=math.e))
    assert bn.log_loss(targets, probs) == pytest.approx(expected, rel=1e-14)


def test_log_loss_with_soft_binary_labels():
    expected = -(0.3 * math.log(0.6) + 0.7 * math.log(0.4))
    assert bn.log_loss([0.3], [0.6]) == pytest.approx(expected, rel=1e-14)


def test_log_loss_is_the_mean_of_binary_cross_entropy():
    assert bn.log_loss(Y_TRUE, Y_PROB, base=2) == pytest.approx(
        float(np.mean(bn.binary_cross_entropy(Y_TRUE, Y_PROB, base=2))), rel=1e-14
    )


def test_soft_label_minimum_is_the_entropy_not_zero():
    grid = np.linspace(0.001, 0.999, 999)
    losses = bn.binary_cross_entropy(np.full_like(grid, 0.7), grid)
    assert grid[np.argmin(losses)] == pytest.approx(0.7)
    assert losses.min() == pytest.approx(bn.entropy([0.7, 0.3], base=math.e), rel=1e-9)
    assert losses.min() > 0.6


def test_cross_entropy_from_logits_matches_the_textbook_example():
    expected = -math.log(math.exp(2.0) / (math.exp(2.0) + math.exp(1.0) + math.exp(0.1)))
    assert bn.cross_entropy_from_logits(0, [2.0, 1.0, 0.1]) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_from_logits_accepts_probability_rows():
    logits = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 3.0]])
    targets = np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    lse = np.log(np.exp(logits).sum(axis=-1))
    expected = [lse[0] - (2.0 + 1.0) / 2, lse[1] - 3.0]
    np.testing.assert_allclose(bn.cross_entropy_from_logits(targets, logits), expected, rtol=1e-14)


def test_cross_entropy_from_logits_with_a_one_hot_row_equals_the_integer_label():
    logits = [0.3, -1.2, 2.5, 0.0]
    assert bn.cross_entropy_from_logits([0, 0, 1, 0], logits) == pytest.approx(
        bn.cross_entropy_from_logits(2, logits), rel=1e-15
    )


def test_softmax_is_shift_invariant_and_sums_to_one():
    probs = bn.softmax([1.0, 2.0, 3.0])
    np.testing.assert_allclose(probs, bn.softmax([101.0, 102.0, 103.0]), rtol=1e-14)
    assert math.fsum(probs) == pytest.approx(1.0, abs=1e-15)
    expected = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    np.testing.assert_allclose(probs, expected, rtol=1e-14)


def test_temperature_divides_the_logits():
    np.testing.assert_allclose(bn.softmax([2.0, 0.0], temperature=2.0), bn.softmax([1.0, 0.0]), rtol=1e-15)
    np.testing.assert_allclose(bn.log_softmax([6.0, 0.0, 3.0], temperature=3), bn.log_softmax([2.0, 0.0, 1.0]), rtol=1e-15)


def test_high_temperature_flattens_and_low_temperature_sharpens():
    logits = [3.0, 1.0, 0.0]
    h = [bn.entropy(bn.softmax(logits, temperature=t)) for t in (0.1, 1.0, 10.0)]
    assert h[0] < h[1] < h[2] < math.log2(3)


def test_log_softmax_is_the_log_of_softmax():
    logits = [0.5, -2.0, 3.0, 1.0]
    np.testing.assert_allclose(bn.log_softmax(logits), np.log(bn.softmax(logits)), rtol=1e-14)


# --- precision: extreme predictions and logits, against exact references ----------------------


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


# --- precision: log loss of confident predictions ---------------------------------------------


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


# --- properties ---------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(distributions(), st.data())
def test_for_a_one_hot_p_cross_entropy_kl_and_log_loss_agree(q, data):
    k = data.draw(st.integers(min_value=0, max_value=len(q) - 1))
    p = np.zeros_like(q)
    p[k] = 1.0
    cross = quietly(bn.cross_entropy, p, q, base=math.e)
    kl = quietly(bn.kl_divergence, p, q, base=math.e)
    loss = quietly(bn.log_loss, [k], [q])
    if q[k] == 0:
        assert cross == kl == loss == math.inf
    else:
        expected = -math.log(q[k])
        for value in (cross, kl, loss):
            assert close(value, expected, rel=1e-12, abs_=1e-15)


labels = st.sampled_from([0.0, 1.0]) | st.floats(min_value=0.0, max_value=1.0)


probabilities = st.floats(min_value=0.0, max_value=1.0)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(labels, probabilities), min_size=1, max_size=50))
def test_binary_log_loss_is_the_mean_of_binary_cross_entropy(examples):
    # Any labels and predictions in [0, 1], certain ones included: the fast
    # route of log_loss and the per-example route must agree, inf included.
    y = np.array([label for label, _ in examples])
    prob = np.array([p for _, p in examples])
    loss = quietly(bn.log_loss, y, prob)
    per_example = quietly(bn.binary_cross_entropy, y, prob)
    assert loss >= 0.0
    assert close(loss, math.fsum(per_example) / len(y), rel=1e-12, abs_=0.0)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=1), st.floats(min_value=0.01, max_value=0.99)), min_size=1, max_size=50))
def test_binary_log_loss_equals_the_two_column_form_for_any_examples(examples):
    y = np.array([label for label, _ in examples])
    prob = np.array([p for _, p in examples])
    two_columns = np.column_stack([1 - prob, prob])
    assert close(bn.log_loss(y, two_columns), bn.log_loss(y, prob), rel=1e-12)


moderate_logits = st.lists(st.floats(min_value=-50.0, max_value=50.0), min_size=1, max_size=20).map(np.array)


huge_logits = st.lists(st.floats(min_value=-1e4, max_value=1e4), min_size=1, max_size=20).map(np.array)


@PROPERTY_SETTINGS
@given(moderate_logits, st.data())
def test_cross_entropy_from_logits_equals_softmax_then_cross_entropy(logits, data):
    k = data.draw(st.integers(min_value=0, max_value=len(logits) - 1))
    one_hot = np.eye(len(logits))[k]
    via_softmax = bn.cross_entropy(one_hot, bn.softmax(logits), base=math.e)
    direct = bn.cross_entropy_from_logits(k, logits)
    assert math.isfinite(via_softmax) and math.isfinite(direct)
    assert close(direct, via_softmax, rel=1e-9, abs_=1e-13)


@PROPERTY_SETTINGS
@given(moderate_logits, st.data())
def test_cross_entropy_from_logits_with_soft_targets_equals_softmax_then_cross_entropy(logits, data):
    targets = data.draw(distributions(size=len(logits)))
    via_softmax = bn.cross_entropy(targets, bn.softmax(logits), base=math.e)
    assert close(bn.cross_entropy_from_logits(targets, logits), via_softmax, rel=1e-9, abs_=1e-13)


@PROPERTY_SETTINGS
@given(huge_logits, st.data())
def test_cross_entropy_from_logits_stays_finite_for_huge_logits(logits, data):
    k = data.draw(st.integers(min_value=0, max_value=len(logits) - 1))
    loss = quietly(bn.cross_entropy_from_logits, k, logits)
    assert math.isfinite(loss) and loss >= 0.0
    # The loss is at least the gap to the largest logit and at most that plus log n.
    gap = float(logits.max() - logits[k])
    assert gap * (1 - 1e-15) <= loss <= gap + math.log(len(logits)) + 1e-9


@PROPERTY_SETTINGS
@given(huge_logits, st.floats(min_value=0.05, max_value=20.0))
def test_softmax_is_a_distribution_and_log_softmax_is_its_log(logits, temperature):
    probs = quietly(bn.softmax, logits, temperature=temperature)
    log_probs = quietly(bn.log_softmax, logits, temperature=temperature)
    assert (probs >= 0).all() and abs(math.fsum(probs) - 1.0) <= 1e-14
    assert np.isfinite(log_probs).all() and (log_probs <= 0).all()
    np.testing.assert_allclose(np.exp(log_probs), probs, rtol=1e-12, atol=1e-300)
    # softmax output is accepted as a distribution by the measures
    assert 0.0 <= bn.entropy(probs) <= math.log2(len(logits)) + 1e-12


# --- cross-checks against scikit-learn, SciPy and Keras ---------------------------------------
#
# Inputs come from a seeded generator, small and large (the 300_000-example case runs the package's parallel
# route).  Agreement is required to 1e-12 relative: both sides compute the same sums, only in different orders.


RTOL = 1e-12


@pytest.fixture
def rng(request):
    # One fixed seed per test case, so each case is reproducible on its own.
    return rng_for(request.node.name)


@pytest.mark.parametrize("n", [1, 10, 1000, 300_000])
def test_binary_log_loss_matches_sklearn(n, rng):
    y = rng.integers(0, 2, n)
    prob = rng.uniform(0.001, 0.999, n)  # inside sklearn's clipping, so no clipping differences
    expected = sklearn.metrics.log_loss(y, prob, labels=[0, 1])
    assert bn.log_loss(y, prob) == pytest.approx(expected, rel=RTOL)
    assert bn.log_loss(y, prob, base=2) == pytest.approx(expected / math.log(2), rel=RTOL)
    assert bn.log_loss(y, prob, eps=1e-7) == pytest.approx(expected, rel=RTOL)


@pytest.mark.parametrize("n", [10, 1000])
def test_binary_cross_entropy_matches_sklearn_per_example(n, rng):
    y = rng.integers(0, 2, n)
    prob = rng.uniform(0.001, 0.999, n)
    per_example = bn.binary_cross_entropy(y, prob)
    expected = [sklearn.metrics.log_loss([label], [p], labels=[0, 1]) for label, p in zip(y[:10], prob[:10])]
    np.testing.assert_allclose(per_example[:10], expected, rtol=RTOL)
    assert float(np.mean(per_example)) == pytest.approx(sklearn.metrics.log_loss(y, prob), rel=RTOL)


@pytest.mark.parametrize(("n", "k"), [(5, 3), (200, 4), (2000, 10)])
def test_multiclass_log_loss_with_integer_labels_matches_sklearn(n, k, rng):
    probs = random_distribution(rng, (n, k))
    # The last class never occurs, so sklearn needs `labels=` to know there are k.
    labels = rng.integers(0, k - 1, n)
    expected = sklearn.metrics.log_loss(labels, probs, labels=np.arange(k))
    assert bn.log_loss(labels, probs) == pytest.approx(expected, rel=RTOL)
    assert bn.log_loss(np.eye(k)[labels], probs) == pytest.approx(expected, rel=RTOL)


def test_multiclass_log_loss_with_soft_labels_matches_the_mean_scipy_cross_entropy(rng):
    targets = random_distribution(rng, (100, 5), zeros=True)
    probs = random_distribution(rng, (100, 5))
    expected = np.mean(scipy.stats.entropy(targets, axis=-1) + scipy.stats.entropy(targets, probs, axis=-1))
    assert bn.log_loss(targets, probs) == pytest.approx(expected, rel=RTOL)


@pytest.mark.parametrize("shape", [(5,), (40, 6), (3, 4, 1000)], ids=str)
def test_softmax_and_log_softmax_match_scipy(shape, rng):
    logits = rng.normal(scale=20.0, size=shape)
    np.testing.assert_allclose(bn.softmax(logits), scipy.special.softmax(logits, axis=-1), rtol=1e-12, atol=1e-300)
    # Not scipy.special.log_softmax: it loses the relative precision of the
    # largest entry (log of 1 + tiny); logsumexp of the shifted logits keeps it.
    shifted = logits - logits.max(axis=-1, keepdims=True)
    expected = shifted - scipy.special.logsumexp(shifted, axis=-1, keepdims=True)
    np.testing.assert_allclose(bn.log_softmax(logits), expected, rtol=1e-12)
    np.testing.assert_allclose(bn.log_softmax(logits), scipy.special.log_softmax(logits, axis=-1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        bn.softmax(logits, temperature=3.5), scipy.special.softmax(logits / 3.5, axis=-1), rtol=1e-12, atol=1e-300
    )


@pytest.mark.parametrize("shape", [(6,), (40, 6), (7, 1000)], ids=str)
def test_cross_entropy_from_logits_matches_scipy_logsumexp(shape, rng):
    logits = rng.normal(scale=10.0, size=shape)
    labels = rng.integers(0, shape[-1], shape[:-1])
    picked = np.take_along_axis(logits, labels[..., None], axis=-1)[..., 0]
    # Shift first: logsumexp(z) - z_k would lose the digits of a small loss.
    expected = scipy.special.logsumexp(logits - picked[..., None], axis=-1)
    np.testing.assert_allclose(bn.cross_entropy_from_logits(labels, logits), expected, rtol=RTOL)
    np.testing.assert_allclose(bn.cross_entropy_from_logits(labels, logits, base=2), expected / math.log(2), rtol=RTOL)


def test_sklearn_clips_at_machine_epsilon():
    from sklearn import metrics  # scikit-learn is in the learner's set (the lab extra): never skipped
    eps = np.finfo(np.float64).eps
    for label, pred in ((1, 0.0), (0, 1.0)):
        assert metrics.log_loss([label], [pred], labels=[0, 1]) == pytest.approx(-math.log(eps), rel=1e-12)
    assert -math.log(eps) == pytest.approx(36.04, abs=0.005)


def test_keras_clips_at_1e_7_in_float32():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    # Keras comes with the `frameworks` extra that `make test` (and so CI) installs; only a bare install skips this
    # comparison, and so does another backend, whose float32 rounding is not the one the notebook shows.
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "jax":
        pytest.skip("the notebook runs Keras on the jax backend")
    positive = float(keras.losses.binary_crossentropy(np.array([1.0]), np.array([0.0])))
    negative = float(keras.losses.binary_crossentropy(np.array([0.0]), np.array([1.0])))
    assert positive == pytest.approx(-math.log(1e-7), rel=1e-6)
    # 1 - 1e-7 rounds to 1 - 2**-23 in float32, so the negative case clips further from 1.
    assert negative == pytest.approx(-math.log(2.0**-23), rel=1e-6)


# --- the Gaussian negative log-likelihood ------------------------------------------------------


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
