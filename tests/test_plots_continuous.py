"""Tests for bitsandnats.plots.continuous: normal_densities, binned_entropy_bridge."""

from __future__ import annotations

import math

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import measures, notation, plots

# --- normal_densities ---------------------------------------------------------------------------


def test_normal_densities_plot():
    fig = own_figure(lambda: plots.normal_densities([0.1, 0.5, 2.0], base=2))
    ax = fig.axes[0]
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts[0] == "σ = 0.1: h = −1.27 bits"
    assert texts[-1] == "density 1"
    peak = max(ax.lines[0].get_ydata())
    assert peak == pytest.approx(1 / (0.1 * math.sqrt(2 * math.pi)), rel=1e-3)
    assert len({str(line.get_linestyle()) for line in ax.lines[:3]}) == 3


def test_normal_densities_show_the_packages_h_with_its_sign():
    sigmas = [0.1, 1.0, 2.0]
    texts = [text.get_text() for text in plots.normal_densities(sigmas).axes[0].get_legend().get_texts()]
    for sigma, text in zip(sigmas, texts):
        h = bn.differential_entropy_normal(sigma)
        assert text == f"σ = {sigma:g}: h = {'+' if h > 0 else ''}{notation.number_text(h, 2)} nats"
    assert texts[1] == "σ = 1: h = +1.42 nats"
    # σ = 1/sqrt(2πe) has h = 0 exactly: no sign at all.
    zero = plots.normal_densities([1 / math.sqrt(2 * math.pi * math.e)]).axes[0].get_legend().get_texts()[0]
    assert zero.get_text().endswith("h = 0.00 nats")


def test_normal_densities_refuse_too_many_curves():
    with pytest.raises(ValueError, match="sigmas must hold 1 to 5"):
        plots.normal_densities([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])


def test_normal_densities_draws_into_given_axes():
    draw = lambda **where: plots.normal_densities([0.25, 1.0], mu=1.0, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


# --- binned_entropy_bridge ----------------------------------------------------------------------


def test_binned_entropy_bridge_plot():
    widths = [1, 0.5, 0.1]
    h = bn.differential_entropy_normal(1.0, base=2)
    binned = [bn.entropy(measures.binned_normal(1.0, w), base=2) for w in widths]
    fig = own_figure(lambda: plots.binned_entropy_bridge(widths, binned, h, base=2))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "log₂(1/Δ) (bits)" and ax.get_ylabel() == "entropy (bits)"
    assert np.allclose(ax.lines[0].get_xdata(), np.log2(1 / np.array(widths)))
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), binned)
    x, y = ax.lines[1].get_xdata(), ax.lines[1].get_ydata()
    assert np.allclose(y - x, h)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"h = {notation.number_text(h)} bits (differential entropy)" in legend
    assert [t.get_text() for t in ax.texts] == ["Δ = 1", "Δ = 0.5", "Δ = 0.1"]
    with pytest.raises(ValueError):
        plots.binned_entropy_bridge([1, 0.5], [1.0], h)


def test_binned_entropy_bridge_writes_a_negative_h_with_a_true_minus():
    h = bn.differential_entropy_normal(0.1)
    ax = plots.binned_entropy_bridge([0.1, 0.01], [1.0, 3.3], h).axes[0]
    assert "h = −0.884 nats" in ax.get_legend().get_texts()[2].get_text()


def test_binned_entropy_bridge_draws_into_given_axes():
    h = bn.differential_entropy_normal(1.0)
    draw = lambda **where: plots.binned_entropy_bridge([1.0, 0.1], [1.459, 3.722], h, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)
