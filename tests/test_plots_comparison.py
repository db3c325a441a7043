"""Tests for bitsandnats.plots.comparison: distributions, contributions, convergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import measures, notation, plots

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
COLOURS = ["red", "green", "blue"]


# --- distributions ------------------------------------------------------------------------------


def test_distributions_bars_are_p_then_q():
    ax = own_figure(lambda: plots.distributions(P, Q, COLOURS, title="P and Q")).axes[0]
    assert [bar.get_height() for bar in ax.patches] == P + Q
    assert {bar.get_hatch() or "" for bar in ax.patches[:3]} == {plots.P_STYLE["hatch"]}
    assert {bar.get_hatch() for bar in ax.patches[3:]} == {plots.Q_STYLE["hatch"]}
    assert ax.get_ylabel() == "probability" and ax.get_title() == "P and Q"
    assert [t.get_text() for t in ax.get_xticklabels()] == COLOURS
    # Events named after colours: bars coloured by event, P and Q told apart by hatching (test_plots_access.py).
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["P (plain)", "Q (hatched)"]


def test_distributions_draws_into_given_axes():
    draw = lambda **where: plots.distributions(P, Q, COLOURS, title="P and Q", **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


# --- contributions ------------------------------------------------------------------------------


def test_contributions_bars_show_the_terms():
    fig = own_figure(lambda: plots.contributions(P, Q, COLOURS))
    left, right = fig.axes
    heights = [bar.get_height() for bar in left.patches]
    assert np.allclose(heights, np.concatenate([measures.cross_entropy_terms(P, P), measures.cross_entropy_terms(P, Q)]))
    assert np.allclose([bar.get_height() for bar in right.patches], measures.kl_terms(P, Q))
    assert left.get_title() == (f"$H(P)$ = {notation.number_text(bn.entropy(P))}, "
                                f"$H(P, Q)$ = {notation.number_text(bn.cross_entropy(P, Q))} bits")
    assert right.get_title() == rf"$\mathrm{{KL}}(P \,\|\, Q)$ = {notation.number_text(bn.kl_divergence(P, Q))} bits"
    assert "bits" in left.get_ylabel() and "bits" in right.get_ylabel()
    assert [t.get_text() for t in left.get_xticklabels()] == COLOURS


def test_contributions_label_every_bar_with_a_true_minus_sign():
    _, right = plots.contributions(P, Q, COLOURS).axes
    assert [t.get_text() for t in right.texts] == [notation.number_text(v) for v in measures.kl_terms(P, Q)]
    red = measures.kl_terms(P, Q)[0]
    assert red < 0 and right.texts[0].get_text() == f"−{-red:.3f}"  # U+2212, not a hyphen


def test_contributions_negative_terms_differ_in_colour_and_hatch():
    _, right = plots.contributions(P, Q, COLOURS).axes
    red, green, _ = right.patches
    assert red.get_facecolor() != green.get_facecolor()
    assert red.get_hatch() != green.get_hatch()


def test_contributions_nats_and_infinite_terms():
    fig = plots.contributions(P, [0.5, 0.5, 0.0], COLOURS, base=math.e)
    left, right = fig.axes
    assert "nats" in right.get_ylabel() and "nats" in left.get_ylabel()
    labels = [text.get_text() for text in right.texts]
    assert "∞" in labels
    assert all(np.isfinite(bar.get_height()) for bar in right.patches)
    assert "∞" in right.get_title()


def test_contributions_mismatched_events_are_rejected():
    with pytest.raises(ValueError, match="events has 2 names"):
        plots.contributions(P, Q, ["red", "green"])
    with pytest.raises(ValueError, match="one-dimensional"):
        plots.contributions([P, P], [Q, Q], COLOURS)


def test_contributions_draws_into_a_given_pair_of_axes():
    draw = lambda **where: plots.contributions(P, Q, COLOURS, **where)  # noqa: E731
    assert_draws_into_given_axes(draw, panels=2)
    assert_refuses_bad_axes(draw, panels=2)


def test_contributions_title_is_the_figures():
    fig = plots.contributions(P, Q, COLOURS, title="three colours")
    assert fig.get_suptitle() == "three colours"


# --- convergence --------------------------------------------------------------------------------


def test_convergence_finite_and_infinite_estimates():
    fig = own_figure(lambda: plots.convergence([100, 1000, 10000], [math.inf, 0.48, 0.444], 0.4431, unit="nats"))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_ylabel() == "KL divergence (nats)"
    estimate_line = [line for line in ax.get_lines() if line.get_label() == "estimate"][0]
    assert estimate_line.get_xdata().tolist() == [1000, 10000]
    infinite = [line for line in ax.get_lines() if "∞" in line.get_label()]
    assert len(infinite) == 1 and infinite[0].get_xdata().tolist() == [100]
    assert "exact: 0.4431 nats" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_convergence_names_the_quantity_and_unit():
    exact = bn.kl_divergence(P, Q)
    ax = plots.convergence([10, 100], [2.1, 1.95], exact, unit="bits", quantity="KL(P‖Q)", title="t").axes[0]
    assert ax.get_ylabel() == "KL(P‖Q) (bits)" and ax.get_title() == "t"
    assert ax.lines[0].get_ydata()[0] == exact


def test_convergence_lengths_must_match():
    with pytest.raises(ValueError, match="equal length"):
        plots.convergence([1, 2], [0.1], 0.1)


def test_convergence_draws_into_given_axes():
    draw = lambda **where: plots.convergence([100, 1000], [math.inf, 0.45], 0.4431, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)
