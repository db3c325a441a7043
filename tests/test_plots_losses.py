"""Tests for bitsandnats.plots.losses: log_loss_curve, clipping_comparison, learning_curves, logit_gradients."""

from __future__ import annotations

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import notation, plots, training

Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
HISTORY = {"epoch": np.arange(3), "log_loss": np.array([0.7, 0.4, 0.3]), "accuracy": np.array([0.5, 0.8, 0.9])}


@pytest.fixture(scope="module")
def history():
    x, y = training.two_blobs(20)
    return training.train_logistic_regression(x, y, epochs=3).history


# --- log_loss_curve -----------------------------------------------------------------------------


def test_log_loss_curve_puts_the_examples_on_the_curve():
    ax = own_figure(lambda: plots.log_loss_curve(Y, Y_HAT)).axes[0]
    assert ax.get_ylabel() == "loss (nats)"
    # The examples sit on the curve: each marker's height is -ln of its x.
    for collection in ax.collections:
        points = collection.get_offsets()
        assert np.allclose(points[:, 1], -np.log(points[:, 0]))
    heights = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    assert np.allclose(np.sort(heights), np.sort(bn.binary_cross_entropy(Y, Y_HAT)))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"mean (log loss) {notation.number_text(bn.log_loss(Y, Y_HAT))} nats" in legend
    assert "×2" in [t.get_text() for t in ax.texts]


def test_log_loss_curve_draws_into_given_axes():
    draw = lambda **where: plots.log_loss_curve(Y, Y_HAT, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


# --- clipping_comparison ------------------------------------------------------------------------


def test_clipping_comparison_draws_each_implementation():
    q = np.geomspace(1e-20, 1, 10)
    clipped = -np.log(np.clip(q, 1e-7, 1))
    ax = own_figure(lambda: plots.clipping_comparison(q, {"exact": -np.log(q), "clipped": clipped})).axes[0]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "loss (nats)"
    assert [line.get_label() for line in ax.lines] == ["exact", "clipped"]
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), clipped)
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()


def test_clipping_comparison_refuses_too_many_curves():
    q = np.geomspace(1e-3, 1, 5)
    with pytest.raises(ValueError, match="at most 4"):
        plots.clipping_comparison(q, {str(i): -np.log(q) for i in range(5)})


def test_clipping_comparison_draws_into_given_axes():
    q = np.geomspace(1e-20, 1, 10)
    draw = lambda **where: plots.clipping_comparison(q, {"exact": -np.log(q)}, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


# --- learning_curves ----------------------------------------------------------------------------


def test_learning_curves_of_a_real_training(history):
    left, right = own_figure(lambda: plots.learning_curves(history, history)).axes
    assert "nats" in left.get_ylabel() and "fraction" in right.get_ylabel()
    np.testing.assert_array_equal(left.lines[0].get_ydata(), history["log_loss"])
    np.testing.assert_array_equal(right.lines[1].get_ydata(), history["accuracy"])
    assert [t.get_text() for t in right.get_legend().get_texts()] == [
        "trained on cross-entropy", "trained on squared error"]


def test_learning_curves_draws_into_a_given_pair_of_axes():
    draw = lambda **where: plots.learning_curves(HISTORY, HISTORY, **where)  # noqa: E731
    assert_draws_into_given_axes(draw, panels=2)
    assert_refuses_bad_axes(draw, panels=2)


# --- logit_gradients ----------------------------------------------------------------------------


def test_logit_gradients_are_the_trainings():
    ax = own_figure(lambda: plots.logit_gradients(z_range=(-4.0, 4.0))).axes[0]
    z, cross = ax.lines[0].get_data()
    assert z[0] == -4.0 and z[-1] == 4.0
    np.testing.assert_array_equal(cross, np.abs(training.logit_gradient(z, 1)))
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), np.abs(training.logit_gradient(z, 1, loss="squared_error")))
    assert "per unit of z" in ax.get_ylabel() and "logit z" in ax.get_xlabel()


def test_logit_gradients_draws_into_given_axes():
    assert_draws_into_given_axes(lambda **where: plots.logit_gradients(**where))
    assert_refuses_bad_axes(lambda **where: plots.logit_gradients(**where))
