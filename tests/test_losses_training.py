"""Tests for notebooks 04 and 05: losses against the libraries, and the training module."""

from __future__ import annotations

import math
import os
import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

import bitsandnats as bn
from bitsandnats import plots, training
from bitsandnats.exercises import EXERCISES, check

Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
CONFIDENTLY_WRONG = [-2.0, -2.0]


# --- 04: the ten examples and the libraries ----------------------------------


def test_ten_examples_reproduce_the_documents_numbers():
    losses = bn.binary_cross_entropy(Y, Y_HAT)
    assert [f"{value:.3f}" for value in losses] == [
        "0.223", "0.105", "0.105", "0.511", "0.223", "0.105", "0.511", "0.223", "0.105", "0.357"
    ]
    assert f"{bn.log_loss(Y, Y_HAT):.3f}" == "0.247"
    assert bn.log_loss(Y, Y_HAT) == pytest.approx(losses.mean(), rel=1e-15)


def test_two_outcome_cross_entropy_is_the_binary_loss():
    for label, pred in zip(Y, Y_HAT):
        expected = bn.cross_entropy([label, 1 - label], [pred, 1 - pred], base=math.e)
        assert bn.binary_cross_entropy(label, pred) == pytest.approx(expected, rel=1e-12)


def test_sklearn_agrees_and_clips_at_machine_epsilon():
    metrics = pytest.importorskip("sklearn.metrics")
    assert metrics.log_loss(Y, Y_HAT) == pytest.approx(bn.log_loss(Y, Y_HAT), rel=1e-12)
    # The documents' two-column form: read as a one-hot indicator matrix, so the same number.
    two_true = np.array([[v, 1 - v] for v in Y])
    two_pred = np.array([[v, 1 - v] for v in Y_HAT])
    assert metrics.log_loss(two_true, two_pred) == pytest.approx(bn.log_loss(Y, Y_HAT), rel=1e-12)
    # With integer labels sklearn reads column 0 as class 0, so the same columns give another number.
    swapped = metrics.log_loss(Y, two_pred)
    assert swapped == pytest.approx(bn.log_loss(Y, two_pred), rel=1e-12)
    assert swapped == pytest.approx(bn.log_loss(Y, 1 - np.array(Y_HAT)), rel=1e-12)
    assert swapped > 1.0
    eps = np.finfo(np.float64).eps
    for label, pred in ((1, 0.0), (0, 1.0)):
        assert metrics.log_loss([label], [pred], labels=[0, 1]) == pytest.approx(-math.log(eps), rel=1e-12)
    assert -math.log(eps) == pytest.approx(36.04, abs=0.005)


def test_keras_agrees_in_float32_and_clips_at_1e_7():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "jax":
        pytest.skip("the notebook runs Keras on the jax backend")
    value = float(keras.losses.binary_crossentropy(np.array(Y, float), np.array(Y_HAT)))
    assert value == pytest.approx(bn.log_loss(Y, Y_HAT), abs=1e-6)
    one = float(keras.losses.binary_crossentropy(np.array([1.0]), np.array([0.8])))
    assert 1e-9 < abs(one - bn.binary_cross_entropy(1, 0.8)) < 1e-7  # float32 rounding
    positive = float(keras.losses.binary_crossentropy(np.array([1.0]), np.array([0.0])))
    negative = float(keras.losses.binary_crossentropy(np.array([0.0]), np.array([1.0])))
    assert positive == pytest.approx(-math.log(1e-7), rel=1e-6)
    # 1 - 1e-7 rounds to 1 - 2**-23 in float32, so the negative case clips further from 1.
    assert negative == pytest.approx(-math.log(2.0**-23), rel=1e-6)
    assert not hasattr(keras.backend, "variable") and not hasattr(keras.backend, "eval")


def test_our_clipped_loss_matches_keras_threshold():
    assert bn.log_loss([1], [0.0]) == math.inf
    assert bn.log_loss([1], [0.0], eps=1e-7) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert bn.log_loss([0], [1.0], eps=1e-7) == pytest.approx(-math.log(1e-7), rel=1e-9)


@given(st.floats(0.01, 0.99), st.lists(st.floats(0.01, 0.99), min_size=2, max_size=6))
def test_cross_entropy_minus_kl_is_the_constant_entropy(y, predictions):
    target = [y, 1 - y]
    differences = [
        bn.cross_entropy(target, [q, 1 - q], base=math.e) - bn.kl_divergence(target, [q, 1 - q], base=math.e)
        for q in predictions
    ]
    assert np.allclose(differences, bn.entropy(target, base=math.e), atol=1e-12)


def test_soft_label_minimum_is_the_entropy_not_zero():
    grid = np.linspace(0.001, 0.999, 999)
    losses = bn.binary_cross_entropy(np.full_like(grid, 0.7), grid)
    assert grid[np.argmin(losses)] == pytest.approx(0.7)
    assert losses.min() == pytest.approx(bn.entropy([0.7, 0.3], base=math.e), rel=1e-9)
    assert losses.min() > 0.6


# --- 05: many classes ---------------------------------------------------------


def test_one_hot_cross_entropy_equals_kl():
    rng = np.random.default_rng(5)
    q = rng.dirichlet(np.ones(4), size=6)
    one_hot = np.eye(4)[rng.integers(0, 4, size=6)]
    assert np.allclose(bn.cross_entropy(one_hot, q, base=math.e), bn.kl_divergence(one_hot, q, base=math.e), atol=1e-12)
    soft = 0.9 * one_hot + 0.1 / 4
    gap = bn.cross_entropy(soft, q, base=math.e) - bn.kl_divergence(soft, q, base=math.e)
    assert np.allclose(gap, bn.entropy(soft, base=math.e), atol=1e-12)
    assert (gap > 0).all()


def test_label_smoothing_minimum_is_reached_at_the_target():
    k, alpha = 5, 0.1
    target = (1 - alpha) * np.eye(k)[2] + alpha / k
    best = bn.cross_entropy(target, target, base=math.e)
    assert best == pytest.approx(bn.entropy(target, base=math.e), rel=1e-12)
    for margin in (0.0, 2.0, 4.0, 8.0, 16.0):
        q = bn.softmax(margin * np.eye(k)[2])
        assert bn.cross_entropy(target, q, base=math.e) >= best - 1e-12


# --- the training module --------------------------------------------------------


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


def test_training_is_deterministic_and_fast():
    start = time.perf_counter()
    x1, y1 = training.two_blobs(seed=7)
    x2, y2 = training.two_blobs(seed=7)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, training.two_blobs(seed=8)[0])
    runs = [training.train_logistic_regression(x1, y1, loss=loss, initial_weights=CONFIDENTLY_WRONG)
            for loss in training.LOSSES for _ in range(2)]
    elapsed = time.perf_counter() - start
    assert np.array_equal(runs[0].weights, runs[1].weights) and runs[0].bias == runs[1].bias
    for key in runs[0].history:
        assert np.array_equal(runs[2].history[key], runs[3].history[key])
    assert elapsed < 1.0


def test_initial_weights_are_not_modified():
    x, y = training.two_blobs(20)
    start = np.array([0.5, 0.5])
    training.train_logistic_regression(x, y, initial_weights=start, epochs=5)
    assert start.tolist() == [0.5, 0.5]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss": "hinge"}, "loss must be one of"),
        ({"epochs": -1}, "epochs must be an integer"),
        ({"epochs": 2.5}, "epochs must be an integer"),
        ({"learning_rate": 0.0}, "learning_rate must be a positive number"),
        ({"initial_weights": [1.0, 2.0, 3.0]}, "weights must have shape"),
    ],
)
def test_bad_options_are_rejected(kwargs, message):
    x, y = training.two_blobs(10)
    with pytest.raises(ValueError, match=message):
        training.train_logistic_regression(x, y, **kwargs)


def test_bad_data_is_rejected():
    x, y = training.two_blobs(10)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        training.train_logistic_regression(x, y * 2)
    with pytest.raises(ValueError, match="one label per row"):
        training.train_logistic_regression(x, y[:-1])
    with pytest.raises(ValueError, match="shape \\(n, d\\)"):
        training.train_logistic_regression(x[:, 0], y)
    with pytest.raises(ValueError, match="n must be even"):
        training.two_blobs(11)


# --- pictures and exercises ------------------------------------------------------


def test_pictures_are_figures_with_units():
    x, y = training.two_blobs(20)
    history = training.train_logistic_regression(x, y, epochs=3).history
    q = np.geomspace(1e-20, 1, 10)
    figures = [
        plots.log_loss_curve(Y, Y_HAT),
        plots.clipping_comparison(q, {"exact": -np.log(q)}),
        plots.learning_curves(history, history),
        plots.logit_gradients(),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
    assert "nats" in figures[0].axes[0].get_ylabel()
    assert "nats" in figures[1].axes[0].get_ylabel()
    assert "nats" in figures[2].axes[0].get_ylabel()
    # The examples sit on the curve: each marker's height is -ln of its x.
    for collection in figures[0].axes[0].collections:
        points = collection.get_offsets()
        assert np.allclose(points[:, 1], -np.log(points[:, 0]))


def test_clipping_comparison_refuses_too_many_curves():
    q = np.geomspace(1e-3, 1, 5)
    with pytest.raises(ValueError, match="at most 4"):
        plots.clipping_comparison(q, {str(i): -np.log(q) for i in range(5)})


@pytest.mark.parametrize("exercise_id", ["04.1", "04.2", "04.3", "05.1", "05.2", "05.3"])
def test_exercises_accept_the_answer_and_reject_a_wrong_one(exercise_id):
    expected = EXERCISES[exercise_id].answer()
    assert check(exercise_id, expected)
    assert not check(exercise_id, expected * 1.1 + 0.1)
    assert "replace None" in repr(check(exercise_id, None))


def test_exercise_answers_have_the_right_values():
    assert EXERCISES["04.1"].answer() == pytest.approx(-math.log(0.3))
    assert EXERCISES["04.2"].answer() == pytest.approx(math.log(2))
    assert EXERCISES["04.3"].answer() == pytest.approx(-(0.7 * math.log(0.7) + 0.3 * math.log(0.3)))
    assert EXERCISES["05.1"].answer() == pytest.approx(math.log(math.e + math.e**3 + 1) - 1)
    assert EXERCISES["05.3"].answer() == pytest.approx(1 / (2 * training.sigmoid(-4.0) * training.sigmoid(4.0)))
