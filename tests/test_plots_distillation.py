"""Tests for bitsandnats.plots.distillation: soft_targets, gradient_scaling."""

from __future__ import annotations

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import measures, notation, plots

TEACHER = np.array([6.0, 3.5, 3.0, -1.0, -2.0])  # notebook 06: cat, dog, fox, car, truck
STUDENT = np.array([2.0, 0.5, 1.5, 0.5, -0.5])
CLASSES = ["cat", "dog", "fox", "car", "truck"]


def norms(temperatures):
    return np.array([np.linalg.norm(measures.soft_target_gradient(STUDENT, TEACHER, temperature=t))
                     for t in temperatures])


# --- soft_targets -------------------------------------------------------------------------------


def test_soft_targets_plot():
    fig = own_figure(lambda: plots.soft_targets(TEACHER, [1, 2, 4, 8], CLASSES))
    ax = fig.axes[0]
    assert len(ax.patches) == 20
    assert ax.get_ylabel() == "probability"
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts[0] == f"T = 1: H = {bn.entropy(bn.softmax(TEACHER)):.2f} bits"
    assert texts[-1] == f"uniform (T → ∞): H = {notation.number_text(bn.entropy(np.full(5, 0.2)), 2)} bits"
    hatches = {patch.get_hatch() for patch in ax.patches}
    assert len(hatches) == 4  # each temperature drawn differently, not by colour alone
    with pytest.raises(ValueError, match="temperatures"):
        plots.soft_targets(TEACHER, [1, 2, 3, 4, 5, 6], list("abcde"))


def test_soft_targets_bars_are_the_softmax_and_the_unit_follows_the_base():
    ax = plots.soft_targets(TEACHER, [2, 4], CLASSES, base=np.e, title="teacher").axes[0]
    heights = [bar.get_height() for bar in ax.patches]
    np.testing.assert_array_equal(heights[:5], bn.softmax(TEACHER, temperature=2))
    np.testing.assert_array_equal(heights[5:], bn.softmax(TEACHER, temperature=4))
    assert all(text.get_text().endswith(" nats") for text in ax.get_legend().get_texts())
    assert ax.get_title() == "teacher"
    with pytest.raises(ValueError, match="one entry per class"):
        plots.soft_targets(TEACHER, [1], CLASSES[:3])


def test_soft_targets_draws_into_given_axes():
    draw = lambda **where: plots.soft_targets(TEACHER, [1, 4], CLASSES, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


# --- gradient_scaling ---------------------------------------------------------------------------


def test_gradient_scaling_plot():
    t = np.arange(1, 11)
    soft = norms(t)
    fig = own_figure(lambda: plots.gradient_scaling(t, soft, hard_norm=0.6, limit=1.0))
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), soft)
    assert np.allclose(ax.lines[1].get_ydata(), soft * t**2)
    assert "nats" in ax.get_ylabel() and "temperature" in ax.get_xlabel()
    assert ax.get_xscale() == ax.get_yscale() == "log"
    low, high = ax.get_ylim()
    assert low < soft.min() and high > 1.0
    with pytest.raises(ValueError):
        plots.gradient_scaling([1, 2], [0.1])


def test_gradient_scaling_names_the_unit_and_draws_only_what_it_is_given():
    ax = plots.gradient_scaling([1, 2, 4], [0.4, 0.1, 0.025], unit="bits").axes[0]
    assert "(bits per unit of logit" in ax.get_ylabel() and len(ax.lines) == 2


def test_gradient_scaling_draws_into_given_axes():
    t = np.array([1.0, 2.0, 4.0])
    draw = lambda **where: plots.gradient_scaling(t, norms(t), hard_norm=0.6, limit=1.0, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)
