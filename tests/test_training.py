"""Tests of bitsandnats.training: gradients, training runs, and the refusal of bad input."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import bitsandnats as bn
from bitsandnats import training

CONFIDENTLY_WRONG = [-2.0, -2.0]

# No numpy RuntimeWarning may escape, neither on the way to a ValueError nor near the float limits.
pytestmark = pytest.mark.filterwarnings("error")


def refused(call, message):
    """Assert that call() raises a ValueError matching ``message``."""
    with pytest.raises(ValueError, match=message):
        call()


# --- gradients and losses -------------------------------------------------------------------


def _numerical_gradient(weights, bias, x, y, loss, step=1e-6):
    def value(w, b):
        return training.loss_and_gradients(w, b, x, y, loss=loss)[0]

    grad_w = np.array([
        (value(weights + step * e, bias) - value(weights - step * e, bias)) / (2 * step) for e in np.eye(len(weights))
    ])
    grad_b = (value(weights, bias + step) - value(weights, bias - step)) / (2 * step)
    return grad_w, grad_b


@pytest.mark.parametrize("loss", training.LOSSES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_finite_differences(loss, seed):
    rng = np.random.default_rng(seed)
    x, y = training.two_blobs(40, seed=seed)
    weights, bias = rng.normal(0, 1.5, size=2), float(rng.normal())
    _, grad_w, grad_b = training.loss_and_gradients(weights, bias, x, y, loss=loss)
    num_w, num_b = _numerical_gradient(weights, bias, x, y, loss)
    assert np.allclose(grad_w, num_w, rtol=1e-6, atol=1e-8)
    assert grad_b == pytest.approx(num_b, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("loss", training.LOSSES)
def test_logit_gradient_matches_finite_differences(loss):
    z = np.linspace(-10, 10, 41)
    step = 1e-6
    for label in (0.0, 1.0):
        def per_example(values):
            prob = training.sigmoid(values)
            if loss == "cross_entropy":
                return np.logaddexp(0.0, values) - label * values
            return (prob - label) ** 2

        numerical = (per_example(z + step) - per_example(z - step)) / (2 * step)
        assert np.allclose(training.logit_gradient(z, label, loss=loss), numerical, rtol=1e-5, atol=1e-9)


def test_logit_gradient_broadcasts_and_gives_floats_for_numbers():
    assert isinstance(training.logit_gradient(0.0, 1), float)
    grid = training.logit_gradient([[0.0], [2.0]], [0, 1])
    assert grid.shape == (2, 2)
    assert grid[0, 0] == pytest.approx(0.5) and grid[0, 1] == pytest.approx(-0.5)


def test_cross_entropy_loss_matches_bn_log_loss():
    x, y = training.two_blobs(50, seed=3)
    weights, bias = np.array([0.7, -0.2]), 0.3
    value, _, _ = training.loss_and_gradients(weights, bias, x, y)
    assert value == pytest.approx(bn.log_loss(y, training.sigmoid(x @ weights + bias)), rel=1e-12)


def test_squared_gradient_vanishes_when_confidently_wrong():
    assert abs(training.logit_gradient(-10.0, 1)) > 0.99
    assert abs(training.logit_gradient(-10.0, 1, loss="squared_error")) < 1e-4
    assert abs(training.logit_gradient(10.0, 0, loss="squared_error")) < 1e-4


def test_sigmoid_and_loss_are_stable_for_huge_logits():
    assert training.sigmoid(-1000.0) == 0.0 and training.sigmoid(1000.0) == 1.0
    value, grad_w, _ = training.loss_and_gradients([1000.0], 0.0, [[1.0]], [0])
    assert value == pytest.approx(1000.0) and np.isfinite(grad_w).all()


def test_losses_near_the_float_limit_are_averaged_without_overflow():
    # Two losses of 1e308 each: their sum is beyond float64, their mean is not.
    value, grad_w, grad_b = training.loss_and_gradients([1.0], 0.0, [[1e308], [1e308]], [0, 0])
    assert value == pytest.approx(1e308)
    assert grad_w == pytest.approx([1e308]) and grad_b == pytest.approx(1.0)


def test_gradient_norm_of_huge_inputs_is_finite():
    # The gradient is 5e199 long: squaring it on the way to its length would overflow.
    run = training.train_logistic_regression(np.array([[1e200], [-1e200]]), [1, 0], epochs=0)
    assert run.history["gradient_norm"][0] == pytest.approx(5e199)


# --- training runs ----------------------------------------------------------------------------


def test_cross_entropy_training_reaches_high_accuracy_fast():
    x, y = training.two_blobs()
    run = training.train_logistic_regression(x, y, initial_weights=CONFIDENTLY_WRONG)
    history = run.history
    assert history["accuracy"][0] < 0.1
    assert history["accuracy"][-1] >= 0.95
    assert history["accuracy"][10] >= 0.95
    assert np.all(np.diff(history["loss"]) <= 1e-12)  # small steps: the loss never goes up
    assert (run.predict_proba(x) > 0.5).mean() == pytest.approx(0.5, abs=0.05)


def test_squared_error_training_stalls_from_a_confidently_wrong_start():
    x, y = training.two_blobs()
    ce = training.train_logistic_regression(x, y, initial_weights=CONFIDENTLY_WRONG).history
    se = training.train_logistic_regression(x, y, loss="squared_error", initial_weights=CONFIDENTLY_WRONG).history
    assert se["accuracy"][20] < 0.5 < ce["accuracy"][20]
    assert se["gradient_norm"][0] < ce["gradient_norm"][0] / 20
    assert se["accuracy"][-1] >= 0.95  # it gets there in the end
    assert ce["log_loss"][-1] < se["log_loss"][-1]


def test_history_has_one_entry_per_epoch_and_starts_before_any_step():
    x, y = training.two_blobs(20)
    run = training.train_logistic_regression(x, y, epochs=3, initial_bias=0.25)
    assert run.history["epoch"].tolist() == [0, 1, 2, 3]
    assert all(len(values) == 4 for values in run.history.values())
    start, _, _ = training.loss_and_gradients([0.0, 0.0], 0.25, x, y)
    assert run.history["loss"][0] == start


def test_training_is_deterministic():
    x1, y1 = training.two_blobs(seed=7)
    x2, y2 = training.two_blobs(seed=7)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, training.two_blobs(seed=8)[0])
    runs = [training.train_logistic_regression(x1, y1, loss=loss, initial_weights=CONFIDENTLY_WRONG)
            for loss in training.LOSSES for _ in range(2)]
    assert np.array_equal(runs[0].weights, runs[1].weights) and runs[0].bias == runs[1].bias
    for key in runs[0].history:
        assert np.array_equal(runs[2].history[key], runs[3].history[key])


def test_initial_weights_are_not_modified_nor_shared():
    x, y = training.two_blobs(20)
    start = np.array([0.5, 0.5])
    training.train_logistic_regression(x, y, initial_weights=start, epochs=5)
    assert start.tolist() == [0.5, 0.5]
    unchanged = training.train_logistic_regression(x, y, initial_weights=start, epochs=0)
    assert not np.shares_memory(unchanged.weights, start)


def test_numbers_of_any_kind_are_accepted_as_options():
    x, y = training.two_blobs(20)
    plain = training.train_logistic_regression(x, y, epochs=5, learning_rate=0.5, initial_bias=0.25)
    for epochs, rate, bias in [
        (np.int64(5), np.float32(0.5), np.float64(0.25)),
        (5.0, Fraction(1, 2), Fraction(1, 4)),
        (np.array(5), Decimal("0.5"), Decimal("0.25")),
    ]:
        run = training.train_logistic_regression(x, y, epochs=epochs, learning_rate=rate, initial_bias=bias)
        assert np.array_equal(run.weights, plain.weights) and run.bias == plain.bias
    assert all(np.array_equal(a, b) for a, b in zip(
        training.two_blobs(np.int64(20), separation=Fraction(4), spread=Decimal("1"), seed=np.int64(2025)),
        training.two_blobs(20, separation=4.0, spread=1.0, seed=2025),
    ))


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss": "hinge"}, r"^loss must be one of 'cross_entropy', 'squared_error'; got 'hinge'$"),
        ({"loss": ["cross_entropy"]}, r"^loss must be a string, one of .*; got \['cross_entropy'\]$"),
        ({"epochs": -1}, r"^epochs must be a whole number from 0 to 1000000, got -1$"),
        ({"epochs": 2.5}, r"^epochs must be a whole number from 0 to 1000000, got 2.5$"),
        ({"epochs": True}, r"^epochs must be a whole number from 0 to 1000000, got True$"),
        ({"epochs": "10"}, r"^epochs must be a whole number from 0 to 1000000, got '10'$"),
        ({"epochs": 10**7}, r"^epochs must be a whole number from 0 to 1000000, got 10000000$"),
        ({"learning_rate": "a"}, r"^learning_rate must be a positive number, got 'a'$"),
        ({"learning_rate": None}, r"^learning_rate must be a positive number, got None$"),
        ({"learning_rate": True}, r"^learning_rate must be a positive number, got True$"),
        ({"learning_rate": 0}, r"^learning_rate must be a positive number, got 0$"),
        ({"learning_rate": -0.5}, r"^learning_rate must be a positive number, got -0.5$"),
        ({"learning_rate": math.nan}, r"^learning_rate must be a positive number, got nan$"),
        ({"learning_rate": math.inf}, r"^learning_rate must be a positive number, got inf$"),
        ({"learning_rate": [0.5]}, r"^learning_rate must be a positive number, got \[0.5\]$"),
        ({"learning_rate": 10**400}, r"^learning_rate must be a positive number, got a number too large"),
        ({"initial_weights": [1.0, 2.0, 3.0]}, r"^initial_weights must have shape \(2,\), one per column of x, got \(3,\)$"),
        ({"initial_weights": [math.nan, 0.0]}, r"^initial_weights contains NaN$"),
        ({"initial_weights": [0.0, -math.inf]}, r"^initial_weights contains inf$"),
        ({"initial_weights": ["a", "b"]}, r"^initial_weights must be numeric, got an array of dtype <U1$"),
        ({"initial_weights": np.array(["0", "1"], dtype=object)}, r"^initial_weights must be numeric, got non-numeric"),
        ({"initial_weights": np.ma.masked_array([0.0, 1.0], mask=[0, 1])}, r"^initial_weights is a masked array"),
        ({"initial_bias": math.nan}, r"^initial_bias must be a finite number, got nan$"),
        ({"initial_bias": math.inf}, r"^initial_bias must be a finite number, got inf$"),
        ({"initial_bias": "0"}, r"^initial_bias must be a finite number, got '0'$"),
        ({"initial_bias": None}, r"^initial_bias must be a finite number, got None$"),
        ({"initial_bias": False}, r"^initial_bias must be a finite number, got False$"),
    ],
)
def test_bad_options_are_rejected(kwargs, message):
    x, y = training.two_blobs(10)
    refused(lambda: training.train_logistic_regression(x, y, **kwargs), message)


def test_bad_data_is_rejected():
    x, y = training.two_blobs(10)
    train = training.train_logistic_regression
    refused(lambda: train(x, y * 2), r"^y has a label 2 outside 0\.\.1 \(there are 2 classes\)$")
    refused(lambda: train(x, y / 2), r"^y must hold whole-number class labels, got 0.5$")
    refused(lambda: train(x, np.where(y == 1, np.nan, y)), r"^y contains NaN$")
    refused(lambda: train(x, y[:-1]), r"^y must have shape \(10,\), one label per row of x, got \(9,\)$")
    refused(lambda: train(x, [str(label) for label in y]), r"^y must be numeric")
    refused(lambda: train(x[:, 0], y), r"^x must have shape \(n, d\), one row per example, got \(10,\)$")
    refused(lambda: train(np.where(x > 0, np.nan, x), y), r"^x contains NaN$")
    refused(lambda: train(np.array(x.astype(str), dtype=object), y), r"^x must be numeric, got non-numeric")
    refused(lambda: train(np.ma.masked_array(x), y), r"^x is a masked array")


def test_inf_or_nan_initial_weights_never_reach_the_history():
    x, y = training.two_blobs(10)
    for start in ([math.inf, 0.0], [math.nan, 1.0], [-math.inf, math.inf]):
        refused(lambda: training.train_logistic_regression(x, y, initial_weights=start), r"^initial_weights contains")
    refused(lambda: training.train_logistic_regression(x, y, initial_bias=-math.inf), r"^initial_bias must be a finite")


def test_a_start_whose_logits_overflow_is_refused_by_name():
    refused(lambda: training.train_logistic_regression(np.array([[1e300], [-1e300]]), [1, 0], initial_weights=[1e300]),
            r"^x @ initial_weights \+ initial_bias overflows a float64")
    refused(lambda: training.loss_and_gradients([1e300], 0.0, [[1e300]], [1]), r"^x @ weights \+ bias overflows a float64")


def test_a_learning_rate_that_blows_up_the_weights_is_named():
    refused(lambda: training.train_logistic_regression(np.array([[1e10]]), [1], learning_rate=1e300, epochs=3),
            r"^learning_rate = 1e\+300 is too large: at step 1 the weights or the logits")


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (([0.0, 0.0], "a", [[1.0, 2.0]], [1]), {}, r"^bias must be a finite number, got 'a'$"),
        (([0.0, 0.0], None, [[1.0, 2.0]], [1]), {}, r"^bias must be a finite number, got None$"),
        (([0.0, 0.0], math.nan, [[1.0, 2.0]], [1]), {}, r"^bias must be a finite number, got nan$"),
        (([0.0, math.nan], 0.0, [[1.0, 2.0]], [1]), {}, r"^weights contains NaN$"),
        ((None, 0.0, [[1.0, 2.0]], [1]), {}, r"^weights must be numeric, got None$"),
        (([0.0], 0.0, [[1.0, 2.0]], [1]), {}, r"^weights must have shape \(2,\), one per column of x, got \(1,\)$"),
        (([0.0, 0.0], 0.0, [[1.0, 2.0]], [1]), {"loss": None}, r"^loss must be a string, one of"),
    ],
)
def test_loss_and_gradients_refuses_bad_input(args, kwargs, message):
    refused(lambda: training.loss_and_gradients(*args, **kwargs), message)


@pytest.mark.parametrize(
    "z, message",
    [
        (None, r"^z must be numeric, got None$"),
        ("a", r"^z must be numeric, got an array of dtype <U1$"),
        (np.array(["1.0"], dtype=object), r"^z must be numeric, got non-numeric entries such as '1.0'$"),
        ([0.0, None], r"^z must be numeric, got None$"),
        (math.nan, r"^z contains NaN$"),
        ([0.0, math.inf], r"^z contains inf$"),
        (np.ma.masked_array([0.0], mask=[True]), r"^z is a masked array"),
        ([], r"^z is empty$"),
    ],
)
def test_sigmoid_refuses_what_is_not_a_finite_logit(z, message):
    refused(lambda: training.sigmoid(z), message)


@pytest.mark.parametrize(
    "z, y, kwargs, message",
    [
        ("a", 1, {}, r"^z must be numeric"),
        (math.nan, 1, {}, r"^z contains NaN$"),
        (0.0, None, {}, r"^y must be numeric, got None$"),
        (0.0, 2, {}, r"^y has a label 2 outside 0\.\.1"),
        (0.0, 0.5, {}, r"^y must hold whole-number class labels, got 0.5$"),
        ([0.0, 1.0, 2.0], [0, 1], {}, r"^z and y must broadcast together, got shapes \(3,\) and \(2,\)$"),
        (0.0, 1, {"loss": "hinge"}, r"^loss must be one of"),
        (0.0, 1, {"loss": np.array(["cross_entropy"])}, r"^loss must be a string, one of"),
    ],
)
def test_logit_gradient_refuses_bad_input(z, y, kwargs, message):
    refused(lambda: training.logit_gradient(z, y, **kwargs), message)


def test_predict_proba_refuses_other_columns():
    x, y = training.two_blobs(10)
    run = training.train_logistic_regression(x, y, epochs=2)
    refused(lambda: run.predict_proba(np.ones((3, 3))), r"^x must have 2 columns, one per weight, got shape \(3, 3\)$")
    refused(lambda: run.predict_proba([[1.0, math.nan]]), r"^x contains NaN$")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 11}, r"^n must be even \(half the points in each class\), got 11$"),
        ({"n": 0}, r"^n must be a whole number from 2 to 1000000, got 0$"),
        ({"n": True}, r"^n must be a whole number from 2 to 1000000, got True$"),
        ({"n": 20.5}, r"^n must be a whole number from 2 to 1000000, got 20.5$"),
        ({"n": "200"}, r"^n must be a whole number from 2 to 1000000, got '200'$"),
        ({"n": 10**9}, r"^n must be a whole number from 2 to 1000000, got 1000000000$"),
        ({"separation": -1}, r"^separation must be a number at least 0, got -1$"),
        ({"separation": math.nan}, r"^separation must be a number at least 0, got nan$"),
        ({"separation": "4"}, r"^separation must be a number at least 0, got '4'$"),
        ({"separation": None}, r"^separation must be a number at least 0, got None$"),
        ({"spread": 0}, r"^spread must be a positive number, got 0$"),
        ({"spread": math.inf}, r"^spread must be a positive number, got inf$"),
        ({"spread": [1.0]}, r"^spread must be a positive number, got \[1.0\]$"),
        ({"spread": 1e308}, r"^spread = 1e\+308 is too large: some points fall beyond 1.8e308"),
        ({"seed": -1}, r"^seed must be a whole number at least 0, got -1$"),
        ({"seed": 1.5}, r"^seed must be a whole number at least 0, got 1.5$"),
        ({"seed": True}, r"^seed must be a whole number at least 0, got True$"),
        ({"seed": "a"}, r"^seed must be a whole number at least 0, got 'a'$"),
        ({"seed": None}, r"^seed must be a whole number at least 0, got None$"),
    ],
)
def test_two_blobs_refuses_bad_options(kwargs, message):
    refused(lambda: training.two_blobs(**{"n": 10, **kwargs}), message)

