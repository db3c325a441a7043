"""bitsandnats.validation: every check refuses what it must, with a message naming the argument, and accepts every kind of number.

Sections: the generic checks and the kinds of number and array accepted; then
the refusal tables of the measures (from the old test_validation_errors.py):
bad input raises ValueError naming the argument and saying what is wrong, one
test per case.  The distribution defects are run on two routes: a single 1-D
distribution (which goes through the fused fast validation) and a batch (2-D,
which goes through the full checks), and on a long 1-D input that the fast
route reduces in parallel slices.  Every test runs with warnings turned into
errors.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from reference import scratch_entropy_bits

import bitsandnats as bn
from bitsandnats import validation


# Every answer here is exact, inf or a ValueError: a numpy warning is a failure.
pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize("call, message", [
    (lambda: bn.entropy([10**400, 1]), r"^p has an entry too large for a float64 \(beyond 1\.8e308\)$"),
    (lambda: bn.entropy(np.array(["0.5", "0.5"], dtype=object)), r"^p must be numeric, got non-numeric entries such as '0\.5'$"),
    (lambda: bn.entropy(np.array([0.5, None], dtype=object)), r"^p must be numeric, got None$"),
    (lambda: bn.entropy(np.ma.masked_array([0.5, 0.5, 0.3], mask=[0, 0, 1])), r"^p is a masked array, whose mask would be lost; pass p\.compressed\(\)"),
    (lambda: bn.log_loss(np.ma.masked_array([1, 0]), [0.5, 0.5]), r"^y_true is a masked array"),
    (lambda: bn.entropy([1e308, 1e308]), r"^p must sum to 1 along its last axis \(within 1e-06\), but a row sums to inf"),
    (lambda: bn.surprisal(1.0000001), r"^prob must be a probability in \[0, 1\], got 1\.0000001$"),
    (lambda: bn.log_loss([2.0000000001, 0], [[0.2, 0.3, 0.5]] * 2), r"^y_true must hold whole-number class labels, got 2\.0000000001$"),
    (lambda: bn.log_loss(np.array([[0], [1]]), [[0.5, 0.5]] * 2), r"^y_true has shape \(2, 1\): a column of labels; pass them as shape \(2,\)"),
    (lambda: bn.entropy([0.5, 0.5], base=10**400), r"^base must be a positive number other than 1, got a number too large for a float64$"),
    (lambda: bn.softmax([1.0, 2.0], temperature=10**400), r"^temperature must be a positive number, got a number too large for a float64$"),
    (lambda: bn.softmax([1.0, 2.0], temperature="2"), r"^temperature must be a positive number, got '2'$"),
    (lambda: bn.softmax([1.0, 2.0], temperature=np.array([2.0, 3.0])), r"^temperature must be a positive number, got array"),
    (lambda: bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=2, alpha=True), r"^alpha must be a number in \[0, 1\], got True$"),
    (lambda: bn.average_surprisal([0, 1], [0.5, 0.5], running="no"), r"^running must be True or False, got 'no'$"),
    (lambda: bn.binned_normal(1, 1, return_edges="yes"), r"^return_edges must be True or False, got 'yes'$"),
    (lambda: bn.rebalance([0.5, 0.5], 2.5, 0.1), r"^index must be a whole number from 0 to 1, got 2\.5$"),
], ids=lambda value: "" if callable(value) else None)
def test_refusals_name_the_argument_and_show_the_value_in_full(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("number", [np.float32(2.0), np.float64(2.0), np.array(2.0), np.int64(2), Fraction(2), Decimal("2"), 2, 2.0])
def test_every_kind_of_number_is_a_number(number):
    assert bn.softmax([1.0, 2.0], temperature=number).tolist() == bn.softmax([1.0, 2.0], temperature=2.0).tolist()
    assert bn.entropy([0.25, 0.75], base=number) == bn.entropy([0.25, 0.75])
    assert bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=number, alpha=0.5) == \
        bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=2.0, alpha=0.5)


@pytest.mark.parametrize("eps", [np.float32(1e-7), Fraction(1, 10**7), Decimal("1e-7"), np.array(1e-7)])
def test_eps_of_any_numeric_type(eps):
    assert bn.log_loss([1, 0], [1.0, 0.0], eps=eps) == pytest.approx(bn.log_loss([1, 0], [1.0, 0.0], eps=float(eps)), rel=1e-6)


def test_exact_numbers_in_arrays_are_read_as_floats():
    assert bn.entropy([Fraction(1, 4), Fraction(3, 4)]) == bn.entropy([0.25, 0.75])
    assert bn.entropy(np.array([Decimal("0.5"), Decimal("0.5")], dtype=object)) == 1.0
    assert bn.entropy([2**70 // 2**70, 0]) == 0.0


@pytest.mark.parametrize("value, expected", [(1.0000001, "1.0000001"), (2.0, "2"), (np.float64(-3.5), "-3.5"), (7, "7"), ("a", "'a'")])
def test_shown_writes_values_in_full(value, expected):
    assert validation.shown(value) == expected


@pytest.mark.parametrize("value", [True, np.bool_(False), None, "1", 1 + 0j, [1.0]])
def test_check_number_refuses_what_is_not_one_real_number(value):
    with pytest.raises(ValueError, match=r"^rate must be a number in \[0, 1\], got "):
        validation.check_number(value, "rate", low=0, high=1)


def test_check_number_bounds_open_and_closed():
    assert validation.check_number(0, "alpha", low=0, high=1) == 0.0
    with pytest.raises(ValueError, match=r"^step must be a number in \(0, 1\), got 1$"):
        validation.check_number(1, "step", low=0, high=1, low_open=True, high_open=True)
    with pytest.raises(ValueError, match=r"^shift must be a finite number, got inf$"):
        validation.check_number(math.inf, "shift")


@pytest.mark.parametrize("value, expected", [(3, 3), (np.int64(3), 3), (3.0, 3), (np.array(3), 3), (Fraction(6, 2), 3)])
def test_check_whole_number_accepts_whole_numbers_of_any_type(value, expected):
    assert validation.check_whole_number(value, "n", low=1) == expected


@pytest.mark.parametrize("value", [2.5, math.nan, math.inf, True, "3", 0])
def test_check_whole_number_refuses_the_rest(value):
    with pytest.raises(ValueError, match=r"^n must be a whole number at least 1, got "):
        validation.check_whole_number(value, "n", low=1)


# --- kinds of input the measures accept ---------------------------------------------------------


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


# ==========================================================================================
# The measures' refusal tables
# ==========================================================================================


# --- distributions: each defect in each argument, on the 1-D and the 2-D route --------------


GOOD = [0.2, 0.3, 0.5]


NAN, INF = math.nan, math.inf


# name of the defect -> (a bad row of three events, regex with {name} for the argument)
ROW_DEFECTS = {
    # The negative entry keeps the row sum at 1, so only the sign check can catch it.
    "negative_entry": ([0.6, -0.1, 0.5], r"^{name} has a negative entry \(-0\.1\); probabilities cannot be negative"),
    "nan_entry": ([0.5, NAN, 0.5], r"^{name} contains NaN$"),
    "inf_entry": ([0.5, INF, 0.5], r"^{name} contains inf$"),
    "minus_inf_entry": ([0.5, -INF, 0.5], r"^{name} contains inf$"),
    "sums_above_one": ([0.5, 0.6, 0.1], r"^{name} must sum to 1 .*a row sums to 1\.2; use bitsandnats\.normalize\({name}\)"),
    "sums_below_one": ([0.2, 0.2, 0.2], r"^{name} must sum to 1 .*a row sums to 0\.6; use bitsandnats\.normalize\({name}\)"),
    "string_entries": (["0.2", "0.3", "0.5"], r"^{name} must be numeric"),
    "none_entry": ([0.5, None, 0.5], r"^{name} must be numeric, got None$"),
    "complex_entries": ([0.5 + 0j, 0.5, 0.0], r"^{name} must be numeric"),
}


# Every argument that must hold distributions: (call with the bad value in place, its name)
DISTRIBUTION_SLOTS = {
    "entropy.p": (lambda bad, good: bn.entropy(bad), "p"),
    "cross_entropy.p": (lambda bad, good: bn.cross_entropy(bad, good), "p"),
    "cross_entropy.q": (lambda bad, good: bn.cross_entropy(good, bad), "q"),
    "kl_divergence.p": (lambda bad, good: bn.kl_divergence(bad, good), "p"),
    "kl_divergence.q": (lambda bad, good: bn.kl_divergence(good, bad), "q"),
    "log_loss.y_prob_rows": (lambda bad, good: bn.log_loss([0, 0], bad), "y_prob"),
    "log_loss.y_true_rows": (lambda bad, good: bn.log_loss(bad, good), "y_true"),
    "cross_entropy_from_logits.y_true": (lambda bad, good: bn.cross_entropy_from_logits(bad, np.zeros(np.shape(good))), "y_true"),
}


def _as_route(row, route):
    """The bad row alone (1-D route) or as the second row of a batch (2-D route)."""
    return row if route == "1-D" else [GOOD, row]


def _good_for(route):
    return GOOD if route == "1-D" else [GOOD, GOOD]


def _distribution_cases():
    for slot, (call, name) in DISTRIBUTION_SLOTS.items():
        for defect, (row, pattern) in ROW_DEFECTS.items():
            for route in ("1-D", "2-D"):
                if slot.startswith("log_loss") and route == "1-D":
                    continue  # log_loss rows only exist in the (n, k) form; 1-D is binary
                yield pytest.param(call, name, row, pattern, route, id=f"{slot}-{defect}-{route}")


@pytest.mark.parametrize(("call", "name", "row", "pattern", "route"), list(_distribution_cases()))
def test_bad_distribution_is_rejected(call, name, row, pattern, route):
    if route == "1-D":
        bad, good = row, GOOD
    else:
        bad, good = _as_route(row, route), _good_for(route)
    with pytest.raises(ValueError, match=pattern.format(name=re.escape(name))):
        call(bad, good)


# --- shapes, emptiness, non-numeric values, scalars -------------------------------------------


WHOLE_ARGUMENT_CASES = [
    # mismatched shapes
    ("cross_entropy-events_differ-1-D", lambda: bn.cross_entropy([0.5, 0.5], GOOD), r"^p and q must have the same shape, got \(2,\) and \(3,\)$"),
    ("cross_entropy-events_differ-2-D", lambda: bn.cross_entropy([[0.5, 0.5]] * 2, [GOOD] * 2), r"^p and q must have the same shape, got \(2, 2\) and \(2, 3\)$"),
    ("cross_entropy-batches_differ-2-D", lambda: bn.cross_entropy([GOOD] * 2, [GOOD] * 3), r"^p and q must have the same shape, got \(2, 3\) and \(3, 3\)$"),
    ("kl_divergence-events_differ-1-D", lambda: bn.kl_divergence(GOOD, [0.5, 0.5]), r"^p and q must have the same shape, got \(3,\) and \(2,\)$"),
    ("kl_divergence-events_differ-2-D", lambda: bn.kl_divergence([GOOD] * 2, [[0.5, 0.5]] * 2), r"^p and q must have the same shape"),
    ("kl_divergence-batches_differ-2-D", lambda: bn.kl_divergence([GOOD] * 2, [GOOD] * 3), r"^p and q must have the same shape"),
    ("binary_cross_entropy-shapes_differ", lambda: bn.binary_cross_entropy([0, 1], [0.5]), r"^y_true and y_prob must have the same shape, got \(2,\) and \(1,\)$"),
    ("binary_cross_entropy-shapes_differ-2-D", lambda: bn.binary_cross_entropy([[0, 1]], [[0.5], [0.5]]), r"^y_true and y_prob must have the same shape"),
    ("log_loss-binary_shapes_differ", lambda: bn.log_loss([0, 1, 1], [0.5, 0.5]), r"^y_true and y_prob must have the same shape, got \(3,\) and \(2,\)$"),
    ("log_loss-binary_shapes_differ-with_eps", lambda: bn.log_loss([0, 1, 1], [0.5, 0.5], eps=1e-7), r"^y_true and y_prob must have the same shape"),
    ("log_loss-label_count_differs", lambda: bn.log_loss([0], [GOOD, GOOD]), r"^y_true has 1 labels but y_prob has 2 rows$"),
    ("log_loss-row_shapes_differ", lambda: bn.log_loss([[0.5, 0.5]] * 2, [GOOD, GOOD]), r"^y_true and y_prob must have the same shape, got \(2, 2\) and \(2, 3\)$"),
    ("log_loss-y_prob_3-D", lambda: bn.log_loss([0], [[GOOD]]), r"^y_prob must have shape \(n,\) or \(n, k\), got \(1, 1, 3\)$"),
    ("cross_entropy_from_logits-y_true_shape", lambda: bn.cross_entropy_from_logits([0, 1], [1.0, 2.0, 3.0]), r"^y_true must be labels of shape \(\) or probability rows of shape \(3,\), got shape \(2,\)$"),
    ("cross_entropy_from_logits-y_true_shape-2-D", lambda: bn.cross_entropy_from_logits([0, 1, 1], [[1.0, 2.0]] * 2), r"^y_true must be labels of shape \(2,\) or probability rows of shape \(2, 2\), got shape \(3,\)$"),
    # ragged nested lists
    ("entropy-ragged", lambda: bn.entropy([[0.5, 0.5], [1.0]]), r"^p must be a numeric array"),
    ("cross_entropy-ragged_q", lambda: bn.cross_entropy([GOOD, GOOD], [GOOD, [1.0]]), r"^q must be a numeric array"),
    # empty input
    ("entropy-empty-1-D", lambda: bn.entropy([]), r"^p is empty$"),
    ("entropy-empty-2-D", lambda: bn.entropy([[]]), r"^p is empty$"),
    ("entropy-empty_batch", lambda: bn.entropy(np.empty((0, 3))), r"^p is empty$"),
    ("cross_entropy-empty_p", lambda: bn.cross_entropy([], []), r"^p is empty$"),
    ("cross_entropy-empty_q", lambda: bn.cross_entropy(GOOD, []), r"^q is empty$"),
    ("kl_divergence-empty_q-2-D", lambda: bn.kl_divergence([GOOD], [[]]), r"^q is empty$"),
    ("surprisal-empty", lambda: bn.surprisal([]), r"^prob is empty$"),
    ("normalize-empty", lambda: bn.normalize([]), r"^weights is empty$"),
    ("binary_cross_entropy-empty", lambda: bn.binary_cross_entropy([], []), r"^y_true is empty$"),
    ("log_loss-empty_y_prob", lambda: bn.log_loss([], []), r"^y_prob is empty$"),
    ("log_loss-empty_y_true-2-D", lambda: bn.log_loss([], [GOOD]), r"^y_true is empty$"),
    ("softmax-empty", lambda: bn.softmax([]), r"^logits is empty$"),
    ("log_softmax-empty-2-D", lambda: bn.log_softmax([[]]), r"^logits is empty$"),
    ("cross_entropy_from_logits-empty_logits", lambda: bn.cross_entropy_from_logits(0, []), r"^logits is empty$"),
    ("differential_entropy_normal-empty", lambda: bn.differential_entropy_normal([]), r"^sigma is empty$"),
    ("differential_entropy_uniform-empty", lambda: bn.differential_entropy_uniform([]), r"^width is empty$"),
    # non-numeric input: a string, None
    ("entropy-string", lambda: bn.entropy("0.5 0.5"), r"^p must be numeric, got an array of dtype <U"),
    ("entropy-none", lambda: bn.entropy(None), r"^p must be numeric, got None$"),
    ("cross_entropy-none_q", lambda: bn.cross_entropy(GOOD, None), r"^q must be numeric, got None$"),
    ("kl_divergence-string_p", lambda: bn.kl_divergence("abc", GOOD), r"^p must be numeric"),
    ("surprisal-string", lambda: bn.surprisal("0.5"), r"^prob must be numeric"),
    ("surprisal-none", lambda: bn.surprisal(None), r"^prob must be numeric, got None$"),
    ("normalize-strings", lambda: bn.normalize(["1", "2"]), r"^weights must be numeric"),
    ("normalize-none", lambda: bn.normalize(None), r"^weights must be numeric, got None$"),
    ("binary_cross_entropy-string_y_true", lambda: bn.binary_cross_entropy(["1"], [0.5]), r"^y_true must be numeric"),
    ("binary_cross_entropy-none_y_prob", lambda: bn.binary_cross_entropy([1], [None]), r"^y_prob must be numeric, got None$"),
    ("log_loss-string_y_true", lambda: bn.log_loss(["1", "0"], [0.5, 0.5]), r"^y_true must be numeric"),
    ("log_loss-none_y_prob", lambda: bn.log_loss([1, 0], None), r"^y_prob must be numeric, got None$"),
    ("log_loss-string_labels-2-D", lambda: bn.log_loss(["a", "b"], [GOOD, GOOD]), r"^y_true must be numeric"),
    ("log_loss-object_entries", lambda: bn.log_loss([1, 0], [0.5, object()]), r"^y_prob must be numeric, got non-numeric entries such as <object object at 0x[0-9a-f]+>$"),
    ("softmax-strings", lambda: bn.softmax(["a", "b"]), r"^logits must be numeric"),
    ("log_softmax-none", lambda: bn.log_softmax(None), r"^logits must be numeric, got None$"),
    ("cross_entropy_from_logits-none_label", lambda: bn.cross_entropy_from_logits(None, [1.0, 2.0]), r"^y_true must be numeric, got None$"),
    ("cross_entropy_from_logits-string_logits", lambda: bn.cross_entropy_from_logits(0, ["1", "2"]), r"^logits must be numeric"),
    ("differential_entropy_normal-string", lambda: bn.differential_entropy_normal("1"), r"^sigma must be numeric"),
    ("differential_entropy_normal-none", lambda: bn.differential_entropy_normal(None), r"^sigma must be numeric, got None$"),
    ("differential_entropy_uniform-none", lambda: bn.differential_entropy_uniform(None), r"^width must be numeric, got None$"),
    # a single number where a distribution is needed
    ("entropy-scalar", lambda: bn.entropy(0.5), r"^p must be an array of event probabilities, got a single number$"),
    ("cross_entropy-scalar_p", lambda: bn.cross_entropy(1.0, GOOD), r"^p must be an array of event probabilities, got a single number$"),
    ("cross_entropy-scalar_q", lambda: bn.cross_entropy(GOOD, 1.0), r"^q must be an array of event probabilities, got a single number$"),
    ("kl_divergence-scalar_q", lambda: bn.kl_divergence(GOOD, 1.0), r"^q must be an array of event probabilities, got a single number$"),
    ("normalize-scalar", lambda: bn.normalize(3.0), r"^weights must be an array of event weights, got a single number$"),
    ("log_loss-scalar_y_prob", lambda: bn.log_loss(1, 0.5), r"^y_prob must have shape \(n,\) or \(n, k\), got \(\)$"),
    ("softmax-scalar", lambda: bn.softmax(2.0), r"^logits must be an array with one logit per class, got a single number$"),
    ("log_softmax-scalar", lambda: bn.log_softmax(2.0), r"^logits must be an array with one logit per class, got a single number$"),
    ("cross_entropy_from_logits-scalar_logits", lambda: bn.cross_entropy_from_logits(0, 2.0), r"^logits must be an array with one logit per class, got a single number$"),
]


@pytest.mark.parametrize(("call", "pattern"), [pytest.param(c, p, id=i) for i, c, p in WHOLE_ARGUMENT_CASES])
def test_bad_argument_is_rejected(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


# --- probabilities, labels, options --------------------------------------------------------------


PROBABILITY_CASES = [
    ("surprisal-above_one", lambda: bn.surprisal(1.5), r"^prob must be a probability in \[0, 1\], got 1\.5$"),
    ("surprisal-negative", lambda: bn.surprisal(-0.1), r"^prob must be a probability in \[0, 1\], got -0\.1$"),
    ("surprisal-above_one-2-D", lambda: bn.surprisal([[0.5, 0.5], [0.5, 2.0]]), r"^prob must be a probability in \[0, 1\], got 2$"),
    ("surprisal-nan", lambda: bn.surprisal([0.5, NAN]), r"^prob contains NaN$"),
    ("surprisal-inf-2-D", lambda: bn.surprisal([[0.5], [INF]]), r"^prob contains inf$"),
    ("binary_cross_entropy-y_prob_above_one", lambda: bn.binary_cross_entropy([1, 0], [0.5, 1.5]), r"^y_prob must be a probability in \[0, 1\], got 1\.5$"),
    ("binary_cross_entropy-y_prob_negative-2-D", lambda: bn.binary_cross_entropy([[1, 0]], [[0.5, -0.5]]), r"^y_prob must be a probability in \[0, 1\], got -0\.5$"),
    ("binary_cross_entropy-y_true_above_one", lambda: bn.binary_cross_entropy([2, 0], [0.5, 0.5]), r"^y_true must be a probability in \[0, 1\], got 2$"),
    ("binary_cross_entropy-y_true_nan", lambda: bn.binary_cross_entropy([NAN, 0], [0.5, 0.5]), r"^y_true contains NaN$"),
    ("binary_cross_entropy-y_prob_inf-2-D", lambda: bn.binary_cross_entropy([[1], [0]], [[0.5], [INF]]), r"^y_prob contains inf$"),
    ("log_loss-y_prob_above_one", lambda: bn.log_loss([1, 0], [0.5, 1.5]), r"^y_prob must be a probability in \[0, 1\], got 1\.5$"),
    ("log_loss-y_prob_negative", lambda: bn.log_loss([1, 0], [-0.5, 0.5]), r"^y_prob must be a probability in \[0, 1\], got -0\.5$"),
    ("log_loss-y_prob_negative-with_eps", lambda: bn.log_loss([1, 0], [-0.5, 0.5], eps=1e-7), r"^y_prob must be a probability in \[0, 1\], got -0\.5$"),
    ("log_loss-y_prob_nan", lambda: bn.log_loss([1, 0], [NAN, 0.5]), r"^y_prob contains NaN$"),
    ("log_loss-y_prob_inf", lambda: bn.log_loss([1, 0], [0.5, INF]), r"^y_prob contains inf$"),
    ("log_loss-y_true_label_two", lambda: bn.log_loss([2, 0], [0.5, 0.5]), r"^y_true must be a probability in \[0, 1\], got 2$"),
    ("log_loss-y_true_negative", lambda: bn.log_loss([1, -1], [0.5, 0.5]), r"^y_true must be a probability in \[0, 1\], got -1$"),
    ("log_loss-y_true_nan", lambda: bn.log_loss([1, NAN], [0.5, 0.5]), r"^y_true contains NaN$"),
    # labels for (n, k) predictions
    ("log_loss-label_too_large", lambda: bn.log_loss([0, 3], [GOOD, GOOD]), r"^y_true has a label 3 outside 0\.\.2 \(there are 3 classes\)$"),
    ("log_loss-label_negative", lambda: bn.log_loss([-1, 0], [GOOD, GOOD]), r"^y_true has a label -1 outside 0\.\.2 \(there are 3 classes\)$"),
    ("log_loss-label_not_whole", lambda: bn.log_loss([0, 1.5], [GOOD, GOOD]), r"^y_true must hold whole-number class labels, got 1\.5$"),
    ("log_loss-label_nan", lambda: bn.log_loss([0, NAN], [GOOD, GOOD]), r"^y_true contains NaN$"),
    ("log_loss-label_inf", lambda: bn.log_loss([0, INF], [GOOD, GOOD]), r"^y_true contains inf$"),
    ("log_loss-label_too_large-with_eps", lambda: bn.log_loss([0, 3], [GOOD, GOOD], eps=1e-7), r"^y_true has a label 3 outside 0\.\.2"),
    ("cross_entropy_from_logits-label_too_large", lambda: bn.cross_entropy_from_logits(3, [1.0, 2.0, 3.0]), r"^y_true has a label 3 outside 0\.\.2 \(there are 3 classes\)$"),
    ("cross_entropy_from_logits-label_negative-2-D", lambda: bn.cross_entropy_from_logits([0, -1], [[1.0, 2.0]] * 2), r"^y_true has a label -1 outside 0\.\.1 \(there are 2 classes\)$"),
    ("cross_entropy_from_logits-label_too_large-2-D", lambda: bn.cross_entropy_from_logits([0, 2], [[1.0, 2.0]] * 2), r"^y_true has a label 2 outside 0\.\.1"),
    ("cross_entropy_from_logits-label_not_whole", lambda: bn.cross_entropy_from_logits(0.5, [1.0, 2.0]), r"^y_true must hold whole-number class labels, got 0\.5$"),
    ("cross_entropy_from_logits-label_nan-2-D", lambda: bn.cross_entropy_from_logits([0, NAN], [[1.0, 2.0]] * 2), r"^y_true contains NaN$"),
    # logits
    ("softmax-nan_logit", lambda: bn.softmax([1.0, NAN]), r"^logits contains NaN$"),
    ("softmax-inf_logit-2-D", lambda: bn.softmax([[1.0, 2.0], [INF, 0.0]]), r"^logits contains inf$"),
    ("log_softmax-minus_inf_logit", lambda: bn.log_softmax([1.0, -INF]), r"^logits contains inf$"),
    ("log_softmax-nan_logit-2-D", lambda: bn.log_softmax([[1.0, 2.0], [NAN, 0.0]]), r"^logits contains NaN$"),
    ("cross_entropy_from_logits-nan_logit", lambda: bn.cross_entropy_from_logits(0, [NAN, 1.0]), r"^logits contains NaN$"),
    ("cross_entropy_from_logits-inf_logit-2-D", lambda: bn.cross_entropy_from_logits([0, 0], [[1.0, 2.0], [INF, 1.0]]), r"^logits contains inf$"),
    # weights for normalize
    ("normalize-negative", lambda: bn.normalize([1.0, -1.0, 2.0]), r"^weights has a negative entry \(-1\); weights cannot be negative$"),
    ("normalize-negative-2-D", lambda: bn.normalize([[1.0, 1.0], [3.0, -2.0]]), r"^weights has a negative entry \(-2\)"),
    ("normalize-nan", lambda: bn.normalize([1.0, NAN]), r"^weights contains NaN$"),
    ("normalize-inf-2-D", lambda: bn.normalize([[1.0, 1.0], [INF, 1.0]]), r"^weights contains inf$"),
    ("normalize-zero_row", lambda: bn.normalize([0.0, 0.0]), r"^weights has a row that sums to 0; there is nothing to normalize$"),
    ("normalize-zero_row-2-D", lambda: bn.normalize([[1.0, 1.0], [0.0, 0.0]]), r"^weights has a row that sums to 0"),
    # sigma and width
    ("differential_entropy_normal-zero", lambda: bn.differential_entropy_normal(0.0), r"^sigma must be greater than 0, got 0$"),
    ("differential_entropy_normal-negative", lambda: bn.differential_entropy_normal(-1.0), r"^sigma must be greater than 0, got -1$"),
    ("differential_entropy_normal-zero_in_array", lambda: bn.differential_entropy_normal([1.0, 0.0]), r"^sigma must be greater than 0, got 0$"),
    ("differential_entropy_normal-nan", lambda: bn.differential_entropy_normal(NAN), r"^sigma contains NaN$"),
    ("differential_entropy_normal-inf", lambda: bn.differential_entropy_normal(INF), r"^sigma contains inf$"),
    ("differential_entropy_uniform-zero", lambda: bn.differential_entropy_uniform(0), r"^width must be greater than 0, got 0$"),
    ("differential_entropy_uniform-negative-2-D", lambda: bn.differential_entropy_uniform([[1.0], [-2.0]]), r"^width must be greater than 0, got -2$"),
    ("differential_entropy_uniform-nan", lambda: bn.differential_entropy_uniform(NAN), r"^width contains NaN$"),
    ("differential_entropy_uniform-inf", lambda: bn.differential_entropy_uniform(INF), r"^width contains inf$"),
]


@pytest.mark.parametrize(("call", "pattern"), [pytest.param(c, p, id=i) for i, c, p in PROBABILITY_CASES])
def test_bad_value_is_rejected(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


BAD_EPS = [-1e-7, 0.5, 1.0, NAN, INF, "1e-7", None, True]


@pytest.mark.parametrize("eps", BAD_EPS, ids=repr)
@pytest.mark.parametrize("route", ["binary", "multiclass"])
def test_invalid_eps_is_rejected(eps, route):
    y_prob = [0.5, 0.5] if route == "binary" else [GOOD, GOOD]
    with pytest.raises(ValueError, match=r"^eps must be a number in \[0, 0\.5\), got " + re.escape(repr(eps)) + "$"):
        bn.log_loss([1, 0], y_prob, eps=eps)


BAD_TEMPERATURES = [0, 0.0, -1.0, NAN, INF, "1", None, True]


@pytest.mark.parametrize("temperature", BAD_TEMPERATURES, ids=repr)
@pytest.mark.parametrize("function", [bn.softmax, bn.log_softmax], ids=lambda f: f.__name__)
def test_invalid_temperature_is_rejected(function, temperature):
    with pytest.raises(ValueError, match=r"^temperature must be a positive number, got " + re.escape(repr(temperature)) + "$"):
        function([[1.0, 2.0], [3.0, 4.0]], temperature=temperature)


# --- the logarithm base ----------------------------------------------------------------------------


BASE_CALLS = {
    "entropy": lambda base: bn.entropy(GOOD, base=base),
    "entropy-2-D": lambda base: bn.entropy([GOOD, GOOD], base=base),
    "cross_entropy": lambda base: bn.cross_entropy(GOOD, GOOD, base=base),
    "kl_divergence": lambda base: bn.kl_divergence(GOOD, GOOD, base=base),
    "kl_divergence-2-D": lambda base: bn.kl_divergence([GOOD], [GOOD], base=base),
    "surprisal": lambda base: bn.surprisal(0.5, base=base),
    "binary_cross_entropy": lambda base: bn.binary_cross_entropy([1], [0.5], base=base),
    "log_loss": lambda base: bn.log_loss([1], [0.5], base=base),
    "log_loss-2-D": lambda base: bn.log_loss([1], [GOOD], base=base),
    "cross_entropy_from_logits": lambda base: bn.cross_entropy_from_logits(0, [1.0, 2.0], base=base),
    "differential_entropy_normal": lambda base: bn.differential_entropy_normal(1.0, base=base),
    "differential_entropy_uniform": lambda base: bn.differential_entropy_uniform(2.0, base=base),
    "units": lambda base: bn.units(base),
}


BAD_BASES = [0, 1, 1.0, -2, NAN, INF, "2", True, None, 2 + 0j]


@pytest.mark.parametrize("base", BAD_BASES, ids=repr)
@pytest.mark.parametrize("function", BASE_CALLS)
def test_invalid_base_is_rejected(function, base):
    with pytest.raises(ValueError, match=r"^base must be a positive number other than 1, got " + re.escape(repr(base)) + "$"):
        BASE_CALLS[function](base)


# --- long inputs: the parallel fast route must still find one bad entry ---------------------------


N_LONG = 300_000


@pytest.fixture(scope="module")
def long_pair():
    rng = np.random.default_rng(2024)
    p = rng.random(N_LONG) + 0.1
    q = rng.random(N_LONG) + 0.1
    return p / p.sum(), q / q.sum()


def _spoil(values, defect, where):
    values = values.copy()
    if defect == "negative_entry":
        # Move mass so that the sum stays 1: only the sign check can see it.
        taken = values[where]
        values[where] = -taken
        values[(where + 1) % len(values)] += 2 * taken
    elif defect == "nan_entry":
        values[where] = NAN
    elif defect == "inf_entry":
        values[where] = INF
    elif defect == "sum_off":
        values[where] += 1e-3
    return values


LONG_PATTERNS = {
    "negative_entry": r"^{name} has a negative entry \(-[0-9.e-]+\); probabilities cannot be negative$",
    "nan_entry": r"^{name} contains NaN$",
    "inf_entry": r"^{name} contains inf$",
    "sum_off": r"^{name} must sum to 1 .*a row sums to 1\.001.*normalize\({name}\)",
}


LONG_SLOTS = {
    "entropy.p": (lambda p, q: bn.entropy(p), "p", 0),
    "cross_entropy.p": (lambda p, q: bn.cross_entropy(p, q), "p", 0),
    "cross_entropy.q": (lambda p, q: bn.cross_entropy(p, q), "q", 1),
    "kl_divergence.p": (lambda p, q: bn.kl_divergence(p, q), "p", 0),
    "kl_divergence.q": (lambda p, q: bn.kl_divergence(p, q), "q", 1),
}


@pytest.mark.parametrize("where", [0, 170_001, N_LONG - 1], ids=["first", "middle", "last"])
@pytest.mark.parametrize("defect", LONG_PATTERNS)
@pytest.mark.parametrize("slot", LONG_SLOTS)
def test_one_bad_entry_in_a_long_distribution_is_found(slot, defect, where, long_pair):
    call, name, position = LONG_SLOTS[slot]
    arrays = list(long_pair)
    arrays[position] = _spoil(arrays[position], defect, where)
    with pytest.raises(ValueError, match=LONG_PATTERNS[defect].format(name=name)):
        call(*arrays)


@pytest.fixture(scope="module")
def long_binary():
    rng = np.random.default_rng(99)
    return rng.integers(0, 2, N_LONG).astype(float), rng.uniform(0.01, 0.99, N_LONG)


LONG_BINARY_DEFECTS = {
    "negative": (-0.25, r"^{name} must be a probability in \[0, 1\], got -0\.25$"),
    "above_one": (1.25, r"^{name} must be a probability in \[0, 1\], got 1\.25$"),
    "nan": (NAN, r"^{name} contains NaN$"),
    "inf": (INF, r"^{name} contains inf$"),
}


@pytest.mark.parametrize("where", [0, N_LONG - 1], ids=["first", "last"])
@pytest.mark.parametrize("defect", LONG_BINARY_DEFECTS)
@pytest.mark.parametrize("name", ["y_true", "y_prob"])
def test_one_bad_entry_in_a_long_binary_log_loss_is_found(name, defect, where, long_binary):
    y_true, y_prob = (a.copy() for a in long_binary)
    value, pattern = LONG_BINARY_DEFECTS[defect]
    (y_true if name == "y_true" else y_prob)[where] = value
    with pytest.raises(ValueError, match=pattern.format(name=name)):
        bn.log_loss(y_true, y_prob)


def test_a_whole_number_too_long_to_print_is_described_not_printed():
    with pytest.raises(ValueError, match=r"^n must be a whole number from 1 to 10, got an integer of about 5001 digits$"):
        validation.check_whole_number(10**5000, "n", low=1, high=10)
