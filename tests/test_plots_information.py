"""Tests for bitsandnats.plots.information: surprisal_curve, binary_entropy_curve, surprise_running_average."""

from __future__ import annotations

import math

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import notation, plots

# --- surprisal_curve ----------------------------------------------------------------------------


def test_surprisal_curve_marks_the_right_heights():
    fig = own_figure(lambda: plots.surprisal_curve(marked=(1.0, 0.5, 0.1)))
    ax = fig.axes[0]
    heights = [float(c.get_offsets()[0][1]) for c in ax.collections]
    np.testing.assert_allclose(heights, [0.0, 1.0, math.log2(10)], atol=1e-12)
    np.testing.assert_allclose(heights, bn.surprisal([1.0, 0.5, 0.1]), rtol=1e-15)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, -np.log2(x), rtol=1e-12)
    assert x.max() == 1.0 and x.min() > 0
    assert ax.get_ylabel() == r"surprisal $-\log_2 p$ (bits)"
    assert any("1 bit" == t.get_text().split(": ")[-1] for t in ax.texts)
    assert f"p = 0.1: {notation.amount(bn.surprisal(0.1), 'bits')}" in [t.get_text() for t in ax.texts]


def test_surprisal_curve_in_nats_names_the_unit():
    ax = plots.surprisal_curve(base=math.e, marked=(0.1,)).axes[0]
    assert ax.get_ylabel() == r"surprisal $-\ln p$ (nats)"
    assert float(ax.collections[0].get_offsets()[0][1]) == pytest.approx(math.log(10))
    assert plots.surprisal_curve(base=3, marked=(0.1,)).axes[0].get_ylabel().endswith("(base-3 units)")


@pytest.mark.parametrize("marked", [(0.0,), (1.5,), tuple(np.linspace(0.1, 1, 7))])
def test_surprisal_curve_refuses_bad_marks(marked):
    with pytest.raises(ValueError, match="marked"):
        plots.surprisal_curve(marked=marked)


def test_surprisal_curve_draws_into_given_axes():
    assert_draws_into_given_axes(lambda **where: plots.surprisal_curve(marked=(0.5, 0.01), **where))
    assert_refuses_bad_axes(lambda **where: plots.surprisal_curve(**where))


# --- binary_entropy_curve -----------------------------------------------------------------------


def test_binary_entropy_curve():
    ax = own_figure(lambda: plots.binary_entropy_curve(marked=(0.5, 0.8))).axes[0]
    x, y = ax.lines[-1].get_data()
    assert y[0] == 0.0 and y[-1] == 0.0
    assert x[np.argmax(y)] == pytest.approx(0.5) and y.max() == pytest.approx(1.0)
    np.testing.assert_allclose(y, y[::-1], atol=1e-12)  # symmetric in p and 1 - p
    heights = [float(c.get_offsets()[0][1]) for c in ax.collections]
    assert heights == [bn.entropy([0.5, 1 - 0.5]), bn.entropy([0.8, 1 - 0.8])]
    assert ax.get_ylabel() == "entropy H (bits)"
    texts = [t.get_text() for t in ax.texts]
    assert "maximum: 1 bit" in texts and f"0.8/0.2 coin: {heights[1]:.4f} bits" in texts
    assert len(plots.binary_entropy_curve(marked=()).axes[0].collections) == 0
    with pytest.raises(ValueError, match="marked"):
        plots.binary_entropy_curve(marked=(1.2,))


def test_binary_entropy_curve_in_nats():
    ax = plots.binary_entropy_curve(marked=(0.5,), base=math.e).axes[0]
    assert ax.get_ylabel() == "entropy H (nats)"
    assert f"maximum: {notation.amount(math.log(2), 'nats', 4)}" in [t.get_text() for t in ax.texts]


def test_binary_entropy_curve_draws_into_given_axes():
    assert_draws_into_given_axes(lambda **where: plots.binary_entropy_curve(marked=(0.5, 0.9), **where))
    assert_refuses_bad_axes(lambda **where: plots.binary_entropy_curve(**where))


# --- entropy_share_curve ------------------------------------------------------------------------


def test_entropy_share_curve_peaks_at_one_over_e_and_vanishes_for_rare_outcomes():
    ax = own_figure(lambda: plots.entropy_share_curve(marked=(0.01, 0.9))).axes[0]
    x, y = ax.lines[-1].get_data()
    assert y[0] == 0.0 and y[-1] == 0.0  # 0 log 0 = 0, and a certain outcome adds nothing
    assert x[np.argmax(y)] == pytest.approx(1 / math.e, abs=1e-3)
    points = [tuple(map(float, c.get_offsets()[0])) for c in ax.collections]
    assert points[0] == pytest.approx((1 / math.e, 1 / (math.e * math.log(2))), rel=1e-12)
    assert points[1] == pytest.approx((0.01, 0.01 * bn.surprisal(0.01)), rel=1e-12)
    texts = [t.get_text() for t in ax.texts]
    assert (f"p = 0.01: surprise {notation.number_text(bn.surprisal(0.01), 2)} bits, "
            f"share {notation.number_text(0.01 * bn.surprisal(0.01), 3)} bits") in texts
    assert ax.get_ylabel() == "share of the entropy, p log₂(1/p) (bits)"


def test_entropy_share_curve_in_nats_and_refusals():
    ax = plots.entropy_share_curve(marked=(), base=math.e).axes[0]
    assert ax.get_ylabel() == "share of the entropy, p ln(1/p) (nats)"
    assert float(ax.collections[0].get_offsets()[0][1]) == pytest.approx(1 / math.e, rel=1e-12)
    for marked in [(0.0,), (1.5,), (0.1,) * 6]:
        with pytest.raises(ValueError, match="marked"):
            plots.entropy_share_curve(marked=marked)


def test_entropy_share_curve_draws_into_given_axes():
    assert_draws_into_given_axes(lambda **where: plots.entropy_share_curve(**where))
    assert_refuses_bad_axes(lambda **where: plots.entropy_share_curve(**where))


# --- surprise_running_average -------------------------------------------------------------------


def test_surprise_running_average():
    averages = [2.0, 1.0, 1.0, 0.75]
    ax = own_figure(lambda: plots.surprise_running_average(averages, 0.8113, marked=(1, 4))).axes[0]
    x, y = ax.lines[-1].get_data()
    np.testing.assert_array_equal(x, [1, 2, 3, 4])
    np.testing.assert_array_equal(y, averages)
    assert [float(c.get_offsets()[0][1]) for c in ax.collections] == [2.0, 0.75]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "average surprise (bits)"
    assert "0.8113 bits" in ax.get_legend().get_texts()[0].get_text()
    assert "N = 4: 0.7500 bits" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="between 1 and 4"):
        plots.surprise_running_average(averages, 0.8, marked=(5,))


def test_surprise_running_average_of_a_real_sample():
    p = [0.8, 0.2]
    draws = np.random.default_rng(0).choice(2, size=1000, p=p)
    running = bn.average_surprisal(draws, p, running=True)
    ax = plots.surprise_running_average(running, bn.entropy(p), marked=(1000,)).axes[0]
    np.testing.assert_array_equal(ax.lines[-1].get_ydata(), running)
    assert ax.lines[0].get_ydata()[0] == bn.entropy(p)
    assert f"N = 1,000: {notation.number_text(running[-1], 4)} bits" in [t.get_text() for t in ax.texts]


def test_surprise_running_average_draws_into_given_axes():
    draw = lambda **where: plots.surprise_running_average([2.0, 1.0, 1.0, 0.75], 0.8113, marked=(2,), **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)
