"""Tests for bitsandnats.plots.calibration: reliability_diagram."""

from __future__ import annotations

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import calibration, notation
from bitsandnats.plots.calibration import reliability_diagram

pytestmark = pytest.mark.filterwarnings("error")

RNG = np.random.default_rng(13)
LOGITS = RNG.normal(0.0, 2.0, size=(300, 10))
LABELS = np.minimum((RNG.random((300, 1)) > bn.softmax(LOGITS).cumsum(axis=1)).sum(axis=1), 9)
BEFORE = bn.softmax(3 * LOGITS)
AFTER = bn.softmax(LOGITS)


def test_reliability_diagram_draws_each_bin_at_its_confidence_and_accuracy():
    figure = own_figure(lambda: reliability_diagram(LABELS, {"before": BEFORE, "after": AFTER}))
    ax = figure.axes[0]
    diagonal, *series = ax.lines
    np.testing.assert_array_equal(diagonal.get_xydata(), [[0, 0], [1, 1]])
    shown_counts = []
    for line, probs in zip(series, (BEFORE, AFTER)):
        bins = calibration.reliability(LABELS, probs)
        filled = bins.count > 0
        np.testing.assert_array_equal(line.get_xdata(), bins.confidence[filled])
        np.testing.assert_array_equal(line.get_ydata(), bins.accuracy[filled])
        shown_counts += bins.count[filled].tolist()
    assert [int(text.get_text()) for text in ax.texts] == shown_counts
    assert sum(shown_counts) == 2 * len(LABELS)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [
        "calibrated: accuracy = confidence",
        f"before: ECE {notation.number_text(calibration.expected_calibration_error(LABELS, BEFORE))}",
        f"after: ECE {notation.number_text(calibration.expected_calibration_error(LABELS, AFTER))}",
    ]
    assert series[0].get_marker() != series[1].get_marker()
    assert series[0].get_linestyle() != series[1].get_linestyle()
    assert "top class" in ax.get_xlabel() and "accuracy" in ax.get_ylabel()


def test_reliability_diagram_of_binary_probabilities_says_class_1():
    y_prob = RNG.random(200)
    y_true = (RNG.random(200) < y_prob).astype(int)
    ax = own_figure(lambda: reliability_diagram(y_true, {"model": y_prob}, n_bins=5)).axes[0]
    assert ax.get_xlabel() == "mean predicted probability of class 1"
    assert ax.get_ylabel() == "fraction of class 1 (observed)"
    assert "5 bins" in ax.get_title()
    bins = calibration.reliability(y_true, y_prob, n_bins=5)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), bins.accuracy[bins.count > 0])


@pytest.mark.parametrize("predictions, message", [
    ([BEFORE], r"^predictions must be a dict of name: probabilities, got list$"),
    ({}, r"^predictions must hold 1 to 5 values, got 0$"),
    ({"a": BEFORE, "b": BEFORE[:, 0]}, r"^predictions must all be rows"),
    ({"a": "x"}, r"^predictions\['a'\] must be numeric"),
    ({"a": BEFORE[:10]}, r"^y_true must hold one label per row of y_prob"),
])
def test_reliability_diagram_refuses_bad_predictions(predictions, message):
    with pytest.raises(ValueError, match=message):
        reliability_diagram(LABELS, predictions)


def test_reliability_diagram_refuses_bad_n_bins():
    with pytest.raises(ValueError, match=r"^n_bins must be a whole number at least 1"):
        reliability_diagram(LABELS, {"a": BEFORE}, n_bins=0)


def test_reliability_diagram_draws_into_given_axes():
    draw = lambda **where: reliability_diagram(LABELS, {"before": BEFORE, "after": AFTER}, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


def test_reliability_diagram_in_presentation_style():
    figure = own_figure(lambda: reliability_diagram(LABELS, {"a": AFTER}, presentation=True))
    assert figure.axes[0].xaxis.label.get_fontsize() == 18
