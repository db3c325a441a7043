"""Tests for bitsandnats.plots.sampling: running_estimate and spread_against_size (notebook 10)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

from bitsandnats import measures
from bitsandnats.plots import sampling as sampling_plots
from bitsandnats.sampling import draw, sample_cross_entropy, sample_kl

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


def _running(n=2_000, seed=5):
    return sample_cross_entropy(draw(P, n, seed), Q, running=True, error=True)


# --- running_estimate ---------------------------------------------------------------------------


def test_running_estimate_draws_the_estimate_the_exact_line_and_the_band():
    running, errors = _running()
    exact = measures.cross_entropy(P, Q)
    ax = own_figure(lambda: sampling_plots.running_estimate(running, exact, errors)).axes[0]
    exact_line, estimate = ax.lines
    assert list(exact_line.get_ydata()) == [exact, exact]
    np.testing.assert_array_equal(estimate.get_ydata(), running)
    np.testing.assert_array_equal(estimate.get_xdata(), np.arange(1, 2_001))
    [band] = ax.collections
    vertices = np.concatenate([path.vertices for path in band.get_paths()])
    # The band spans running ± 2 SE: its extremes are those of the band at some draw n >= 2.
    assert vertices[:, 1].max() == pytest.approx(np.nanmax(running + 2 * errors), rel=1e-12)
    assert vertices[:, 1].min() == pytest.approx(np.nanmin(running - 2 * errors), rel=1e-12)
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "number of draws N (log scale)"
    assert ax.get_ylabel() == "cross-entropy H(P, Q) (bits)"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        f"exact: {exact:.4f} bits", "estimate from the first N draws", "±2 standard errors"]
    low, high = ax.get_ylim()
    assert low < exact < high


def test_running_estimate_in_nats_without_a_band_names_its_quantity():
    samples = draw(P, 300, 1)
    running = sample_kl(samples, P, Q, base=math.e, running=True)
    exact = measures.kl_divergence(P, Q, base=math.e)
    ax = sampling_plots.running_estimate(running, exact, quantity="KL(P ‖ Q)", base=math.e).axes[0]
    assert ax.get_ylabel() == "KL(P ‖ Q) (nats)" and not ax.collections
    assert ax.get_legend().get_texts()[0].get_text() == f"exact: {exact:.4f} nats"


def test_running_estimate_draws_into_given_axes():
    running, errors = _running(200)
    draw_it = lambda **where: sampling_plots.running_estimate(running, 1.5, errors, **where)  # noqa: E731
    assert_draws_into_given_axes(draw_it)
    assert_refuses_bad_axes(draw_it)


@pytest.mark.parametrize("arguments, named", [
    (([], 1.0), "running"),
    (([[1.0, 2.0]], 1.0), "running"),
    (([1.0, 2.0], math.nan), "exact"),
    (([1.0, 2.0], "1"), "exact"),
    (([1.0, 2.0], 1.0, [0.1]), "errors"),
])
def test_running_estimate_refuses_bad_input(arguments, named):
    with pytest.raises(ValueError, match=named):
        sampling_plots.running_estimate(*arguments)


# --- spread_against_size ------------------------------------------------------------------------


def test_spread_against_size_draws_the_points_and_the_line():
    sizes = [10, 100, 1_000]
    spreads = [0.6, 0.21, 0.06]
    ax = own_figure(lambda: sampling_plots.spread_against_size(sizes, spreads, 2.0)).axes[0]
    line, points = ax.lines
    np.testing.assert_allclose(line.get_ydata(), 2.0 / np.sqrt(line.get_xdata()), rtol=1e-14)
    assert line.get_xdata()[0] == 10 and line.get_xdata()[-1] == pytest.approx(1_000)
    assert points.get_xydata().tolist() == [[10, 0.6], [100, 0.21], [1_000, 0.06]]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.get_ylabel() == "spread of the estimates (bits)"
    assert ax.get_legend().get_texts()[0].get_text() == "σ/√N, σ = 2.000 bits (slope −1/2)"


def test_spread_against_size_draws_into_given_axes():
    draw_it = lambda **where: sampling_plots.spread_against_size([10, 100], [0.3, 0.1], 1.0, **where)  # noqa: E731
    assert_draws_into_given_axes(draw_it)
    assert_refuses_bad_axes(draw_it)


@pytest.mark.parametrize("arguments, named", [
    (([10, 100], [0.3], 1.0), "sizes and spreads"),
    (([0, 100], [0.3, 0.1], 1.0), "sizes"),
    (([10, 100], [0.3, 0.0], 1.0), "spreads"),
    (([10, 100], [0.3, 0.1], 0.0), "sigma"),
    (([10, 100], [0.3, 0.1], math.inf), "sigma"),
])
def test_spread_against_size_refuses_bad_input(arguments, named):
    with pytest.raises(ValueError, match=named):
        sampling_plots.spread_against_size(*arguments)
