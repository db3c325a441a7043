"""Unit tests: the numbers quoted in the source documents, and the semantics.

The source numbers are checked twice: rounded as the documents print them, and
to 1e-12 against a from-scratch ``math`` computation, so that a result that
merely rounds right (or a wrong base) cannot pass.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import bitsandnats as bn

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]

Y_TRUE = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_PROB = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def quietly(function, *args, **kwargs):
    """Call ``function`` with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


def scratch_cross_entropy_bits(p, q):
    return -sum(pi * math.log2(qi) for pi, qi in zip(p, q) if pi > 0)


def scratch_entropy_bits(p):
    return -sum(pi * math.log2(pi) for pi in p if pi > 0)


def scratch_kl_bits(p, q):
    return sum(pi * math.log2(pi / qi) for pi, qi in zip(p, q) if pi > 0)


# --------------------------------------------------------------------------
# The source documents' numbers
# --------------------------------------------------------------------------


def test_cross_entropy_of_p_relative_to_q_is_3_288_bits():
    value = bn.cross_entropy(P, Q)
    assert round(value, 3) == 3.288
    assert value == pytest.approx(scratch_cross_entropy_bits(P, Q), rel=0, abs=1e-12)


def test_cross_entropy_of_q_relative_to_p_is_2_906_bits():
    value = bn.cross_entropy(Q, P)
    assert round(value, 3) == 2.906
    assert value == pytest.approx(scratch_cross_entropy_bits(Q, P), rel=0, abs=1e-12)


def test_entropy_of_p_is_1_361_bits():
    value = bn.entropy(P)
    assert round(value, 3) == 1.361
    assert value == pytest.approx(scratch_entropy_bits(P), rel=0, abs=1e-12)


def test_kl_divergence_of_q_from_p_is_1_927_bits():
    value = bn.kl_divergence(P, Q)
    assert round(value, 3) == 1.927
    assert value == pytest.approx(scratch_kl_bits(P, Q), rel=0, abs=1e-12)


def test_fair_coin_has_exactly_one_bit():
    assert bn.entropy([0.5, 0.5]) == 1.0


def test_biased_coin_has_0_7219_bits():
    value = bn.entropy([0.8, 0.2])
    assert round(value, 4) == 0.7219
    assert value == pytest.approx(scratch_entropy_bits([0.8, 0.2]), rel=0, abs=1e-12)


def test_per_example_binary_losses_match_the_worked_example():
    losses = bn.binary_cross_entropy(Y_TRUE, Y_PROB)
    assert np.round(losses, 3).tolist() == [0.223, 0.105, 0.105, 0.511, 0.223, 0.105, 0.511, 0.223, 0.105, 0.357]
    scratch = [-math.log(p) if y == 1 else -math.log(1 - p) for y, p in zip(Y_TRUE, Y_PROB)]
    np.testing.assert_allclose(losses, scratch, rtol=1e-12, atol=0)


def test_mean_log_loss_of_the_worked_example_is_0_247_nats():
    value = bn.log_loss(Y_TRUE, Y_PROB)
    assert round(value, 3) == 0.247
    scratch = math.fsum(-math.log(p) if y == 1 else -math.log(1 - p) for y, p in zip(Y_TRUE, Y_PROB)) / 10
    assert value == pytest.approx(scratch, rel=1e-12)


def test_surprisal_of_one_in_ten_is_2_3_nats():
    value = bn.surprisal(0.1, base=math.e)
    assert round(value, 1) == 2.3
    assert value == pytest.approx(-math.log(0.1), rel=1e-14)


def test_surprisal_of_one_in_a_hundred_is_4_6_nats():
    value = bn.surprisal(0.01, base=math.e)
    assert round(value, 1) == 4.6
    assert value == pytest.approx(-math.log(0.01), rel=1e-14)


def test_surprisal_of_a_fair_coin_flip_is_one_bit():
    assert bn.surprisal(0.5) == 1.0


# --------------------------------------------------------------------------
# Return types
# --------------------------------------------------------------------------

ONE_D_CALLS = {
    "entropy": lambda: bn.entropy(P),
    "cross_entropy": lambda: bn.cross_entropy(P, Q),
    "kl_divergence": lambda: bn.kl_divergence(P, Q),
    "surprisal": lambda: bn.surprisal(0.25),
    "binary_cross_entropy": lambda: bn.binary_cross_entropy(1, 0.8),
    "log_loss_binary": lambda: bn.log_loss(Y_TRUE, Y_PROB),
    "log_loss_multiclass": lambda: bn.log_loss([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]),
    "cross_entropy_from_logits": lambda: bn.cross_entropy_from_logits(0, [2.0, 1.0, 0.1]),
    "differential_entropy_normal": lambda: bn.differential_entropy_normal(1.0),
    "differential_entropy_uniform": lambda: bn.differential_entropy_uniform(2.0),
}


@pytest.mark.parametrize("name", ONE_D_CALLS)
def test_a_single_case_gives_a_python_float(name):
    value = ONE_D_CALLS[name]()
    # np.float64 subclasses float, so check the exact type: notebooks print these.
    assert type(value) is float


BATCH_CALLS = {
    "entropy": (lambda: bn.entropy([P, Q, [1.0, 0.0, 0.0]]), (3,)),
    "cross_entropy": (lambda: bn.cross_entropy([P, Q], [Q, P]), (2,)),
    "kl_divergence": (lambda: bn.kl_divergence([P, Q], [Q, P]), (2,)),
    "surprisal": (lambda: bn.surprisal([[0.5, 0.25], [1.0, 0.125]]), (2, 2)),
    "binary_cross_entropy": (lambda: bn.binary_cross_entropy(Y_TRUE, Y_PROB), (10,)),
    "cross_entropy_from_logits": (lambda: bn.cross_entropy_from_logits([0, 1], [[2.0, 1.0], [0.0, 3.0]]), (2,)),
    "differential_entropy_normal": (lambda: bn.differential_entropy_normal([1.0, 2.0, 3.0]), (3,)),
    "differential_entropy_uniform": (lambda: bn.differential_entropy_uniform([1.0, 2.0]), (2,)),
    "entropy_3d": (lambda: bn.entropy(np.full((2, 4, 3), 1 / 3)), (2, 4)),
}


@pytest.mark.parametrize("name", BATCH_CALLS)
def test_a_batch_gives_an_array_with_one_value_per_row(name):
    call, shape = BATCH_CALLS[name]
    value = call()
    assert isinstance(value, np.ndarray)
    assert value.shape == shape
    assert value.dtype == np.float64


def test_a_batch_of_one_row_is_still_an_array():
    value = bn.entropy([[0.5, 0.5]])
    assert isinstance(value, np.ndarray) and value.shape == (1,)


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


def test_normalize_returns_an_array_of_the_same_shape():
    out = bn.normalize([[1, 3], [2, 2], [0, 5]])
    np.testing.assert_array_equal(out, [[0.25, 0.75], [0.5, 0.5], [0.0, 1.0]])


def test_results_are_never_negative_zero():
    # -sum(1 * log 1) is -0.0 in floating point; printed as "-0.0" in a notebook.
    for value in (bn.entropy([1.0, 0.0]), bn.cross_entropy([1.0, 0.0], [1.0, 0.0]), bn.surprisal(1.0)):
        assert value == 0.0 and math.copysign(1.0, value) == 1.0
    assert math.copysign(1.0, bn.entropy([[1.0, 0.0]])[0]) == 1.0


# --------------------------------------------------------------------------
# Batches agree with row-by-row results
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(20240611)
    p = rng.dirichlet(np.ones(6), size=(4, 5))
    q = rng.dirichlet(np.ones(6), size=(4, 5))
    p[0, 0, :3] = 0.0  # zeros must not break the batch path
    p[0, 0] /= p[0, 0].sum()
    q[1, 1, 2] = 0.0  # ... nor an infinite row
    q[1, 1] /= q[1, 1].sum()
    return p, q


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_pairwise_measures_of_a_batch_equal_the_row_by_row_results(function, batch):
    p, q = batch
    together = quietly(function, p, q)
    one_by_one = np.array([[quietly(function, p[i, j], q[i, j]) for j in range(5)] for i in range(4)])
    assert np.isinf(together[1, 1]) and np.isinf(one_by_one[1, 1])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-13, atol=1e-15)


def test_entropy_of_a_batch_equals_the_row_by_row_results(batch):
    p, _ = batch
    together = bn.entropy(p, base=10)
    one_by_one = np.array([[bn.entropy(row, base=10) for row in rows] for rows in p])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-13, atol=1e-15)


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


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_a_single_q_is_broadcast_against_a_batch_of_p(function):
    batch_p = [P, [0.2, 0.2, 0.6], [1.0, 0.0, 0.0]]
    together = function(batch_p, Q)
    np.testing.assert_allclose(together, [function(row, Q) for row in batch_p], rtol=1e-13)


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_a_single_p_is_broadcast_against_a_batch_of_q(function):
    batch_q = [Q, [0.2, 0.2, 0.6], P]
    together = function(P, batch_q)
    assert together.shape == (3,)
    np.testing.assert_allclose(together, [function(P, row) for row in batch_q], rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------
# Infinite results, and zeros
# --------------------------------------------------------------------------


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_q_zero_where_p_is_positive_gives_inf_quietly(function):
    assert quietly(function, [0.5, 0.5], [1.0, 0.0]) == math.inf


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_q_zero_where_p_is_positive_gives_inf_quietly_in_a_batch(function):
    value = quietly(function, [[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]])
    assert value[0] == math.inf and np.isfinite(value[1])


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_inf_survives_a_shared_zero_elsewhere_in_the_row(function):
    # The shared zero makes 0 * log 0 = nan in a plain sum; it must not hide the inf.
    assert quietly(function, [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == math.inf
    assert quietly(function, [[0.5, 0.5, 0.0]], [[1.0, 0.0, 0.0]])[0] == math.inf


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


def test_surprisal_of_an_impossible_outcome_is_inf_quietly():
    assert quietly(bn.surprisal, 0.0) == math.inf
    np.testing.assert_array_equal(quietly(bn.surprisal, [0.0, 1.0]), [math.inf, 0.0])


def test_zeros_in_p_contribute_nothing():
    assert quietly(bn.entropy, [0.5, 0.5, 0.0]) == 1.0
    assert quietly(bn.entropy, [1.0, 0.0, 0.0]) == 0.0
    assert quietly(bn.cross_entropy, [0.5, 0.0, 0.5], [0.5, 0.0, 0.5]) == 1.0
    assert quietly(bn.kl_divergence, [0.5, 0.0, 0.5], [0.5, 0.0, 0.5]) == 0.0
    assert quietly(bn.kl_divergence, [1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0, rel=1e-15)


def test_zeros_in_p_contribute_nothing_in_a_batch():
    np.testing.assert_array_equal(quietly(bn.entropy, [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]), [1.0, 0.0])
    np.testing.assert_array_equal(quietly(bn.cross_entropy, [[0.5, 0.0, 0.5]], [[0.5, 0.0, 0.5]]), [1.0])
    np.testing.assert_array_equal(quietly(bn.kl_divergence, [[0.5, 0.0, 0.5]], [[0.5, 0.0, 0.5]]), [0.0])


def test_binary_cross_entropy_of_certain_right_predictions_is_zero():
    np.testing.assert_array_equal(quietly(bn.binary_cross_entropy, [0, 1], [0.0, 1.0]), [0.0, 0.0])
    assert quietly(bn.log_loss, [0, 1], [0.0, 1.0]) == 0.0


# --------------------------------------------------------------------------
# Units and bases
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "name"),
    [(2, "bits"), (2.0, "bits"), (np.float64(2), "bits"), (math.e, "nats"), (np.e, "nats"), (10, "hartleys"), (3, "base-3 units"), (0.5, "base-0.5 units")],
)
def test_units_names_the_unit_of_a_base(base, name):
    assert bn.units(base) == name


def test_base_changes_the_unit_of_entropy():
    bits = bn.entropy(P)
    assert bn.entropy(P, base=math.e) == pytest.approx(bits * math.log(2), rel=1e-14)
    assert bn.entropy(P, base=10) == pytest.approx(bits * math.log10(2), rel=1e-14)
    assert bn.entropy([0.25] * 4, base=4) == pytest.approx(1.0, rel=1e-15)


def test_default_bases_are_bits_for_information_and_nats_for_losses():
    assert bn.surprisal(0.25) == 2.0
    assert bn.entropy([0.25] * 4) == 2.0
    assert bn.binary_cross_entropy(1, 0.5) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.log_loss([1], [0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.cross_entropy_from_logits(0, [0.0, 0.0]) == pytest.approx(math.log(2), rel=1e-15)
    assert bn.log_loss([1], [0.5], base=2) == pytest.approx(1.0, rel=1e-15)


# --------------------------------------------------------------------------
# Relations between the functions
# --------------------------------------------------------------------------


def test_kl_divergence_is_not_symmetric():
    backwards = bn.kl_divergence(Q, P)
    assert backwards == pytest.approx(scratch_kl_bits(Q, P), rel=0, abs=1e-12)
    assert abs(bn.kl_divergence(P, Q) - backwards) > 0.09


def test_cross_entropy_of_p_with_itself_is_its_entropy():
    assert bn.cross_entropy(P, P) == pytest.approx(bn.entropy(P), rel=1e-15)


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


def test_differential_entropy_of_a_standard_normal():
    assert bn.differential_entropy_normal(1.0) == pytest.approx(0.5 * math.log(2 * math.pi * math.e), rel=1e-15)
    assert bn.differential_entropy_normal(1.0, base=2) == pytest.approx(0.5 * math.log2(2 * math.pi * math.e), rel=1e-15)


def test_differential_entropy_of_a_normal_is_negative_for_small_sigma():
    threshold = 1 / math.sqrt(2 * math.pi * math.e)
    assert bn.differential_entropy_normal(threshold) == pytest.approx(0.0, abs=1e-15)
    assert bn.differential_entropy_normal(0.1) < 0 < bn.differential_entropy_normal(0.3)


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


# --------------------------------------------------------------------------
# Inputs are read, never changed, and many array-likes are accepted
# --------------------------------------------------------------------------


def test_inputs_are_not_modified_by_any_measure():
    rng = np.random.default_rng(11)
    # Above the parallel threshold too: the fast route works in scratch buffers.
    for n in (5, 300_000):
        p = rng.dirichlet(np.ones(n))
        q = rng.dirichlet(np.ones(n))
        y = rng.integers(0, 2, n).astype(float)
        prob = rng.uniform(0.01, 0.99, n)
        saved = [a.copy() for a in (p, q, y, prob)]
        bn.entropy(p)
        bn.cross_entropy(p, q)
        bn.kl_divergence(p, q)
        bn.log_loss(y, prob)
        bn.binary_cross_entropy(y, prob)
        bn.surprisal(prob)
        bn.normalize(prob)
        for before, after in zip(saved, (p, q, y, prob)):
            np.testing.assert_array_equal(before, after)


def test_integer_boolean_and_float32_inputs_are_accepted():
    assert bn.entropy([0, 1, 0]) == 0.0
    assert bn.entropy(np.array([True, False])) == 0.0
    assert bn.entropy(np.array([0.5, 0.5], dtype=np.float32)) == 1.0
    assert bn.entropy((0.25, 0.25, 0.5)) == pytest.approx(1.5, rel=1e-15)
    assert bn.log_loss(np.array([1, 0], dtype=np.int8), np.array([0.5, 0.5], dtype=np.float32)) == pytest.approx(
        math.log(2), rel=1e-15
    )


def test_rows_summing_to_one_within_tolerance_are_accepted():
    # 0.1 + 0.2 + 0.7 is 0.9999999999999999 in floating point.
    assert bn.entropy([0.1, 0.2, 0.7]) == pytest.approx(scratch_entropy_bits([0.1, 0.2, 0.7]), rel=1e-14)
    assert np.isfinite(bn.entropy([0.5, 0.5 + 5e-7]))


def test_normalize_weights_whose_sum_overflows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bn.normalize([1e308, 1e308]).tolist() == [0.5, 0.5]
        assert bn.normalize([[1e308, 1e308], [1.0, 3.0]]).tolist() == [[0.5, 0.5], [0.25, 0.75]]
