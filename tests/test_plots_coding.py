"""Tests for bitsandnats.plots.coding: code_lengths."""

from __future__ import annotations

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

import bitsandnats as bn
from bitsandnats import coding, notation, plots

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
SIZES = [1, 2, 3]


def expected_lengths(p, n_values):
    """Expected bits per symbol of P's Huffman code for blocks of n symbols, from bitsandnats.coding."""
    lengths = []
    for n in n_values:
        block_p, _ = coding.block_distribution(p, n)
        lengths.append(coding.average_code_length(block_p, coding.block_code(p, n)) / n)
    return lengths


def test_code_lengths_draws_measured_expected_and_references():
    expected = expected_lengths(P, SIZES)
    measured = [value + 0.002 for value in expected]
    references = {"H(P)": bn.entropy(P), "H(P, Q)": bn.cross_entropy(P, Q)}
    fig = own_figure(lambda: plots.code_lengths(SIZES, {"code for P": measured}, expected={"code for P": expected},
                                                references=references, title="blocks"))
    ax = fig.axes[0]
    assert ax.get_ylabel() == "bits per symbol" and ax.get_title() == "blocks"
    assert "block length n" in ax.get_xlabel()
    assert ax.get_xticks().tolist() == SIZES
    markers, line = [item for item in ax.lines if len(item.get_xdata()) == len(SIZES)][:2]
    np.testing.assert_array_equal(markers.get_ydata(), measured)
    np.testing.assert_array_equal(line.get_ydata(), expected)
    texts = [t.get_text() for t in ax.texts]
    assert texts == [f"{label} = {notation.number_text(value)} bits" for label, value in references.items()]
    assert texts[0] == f"H(P) = {bn.entropy(P):.3f} bits"
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["code for P", "guaranteed range [H, H + 1/n)"]
    assert legend.get_title().get_text() == "markers: measured, lines: expected"
    # Every value drawn is inside the panel, the top of the widest band included.
    low, high = ax.get_ylim()
    assert low < min(measured + expected) and high >= bn.cross_entropy(P, Q) + 1


def test_code_lengths_without_expected_or_references():
    ax = plots.code_lengths(SIZES, {"a": [1.6, 1.5, 1.4], "b": [2.0, 1.9, 1.8]}).axes[0]
    assert len(ax.lines) == 2 and not ax.texts and not ax.collections
    assert ax.get_legend().get_title().get_text() == "markers: measured"
    assert ax.lines[0].get_color() != ax.lines[1].get_color()
    assert ax.lines[0].get_marker() != ax.lines[1].get_marker()


def test_code_lengths_refuses_too_many_codes():
    with pytest.raises(ValueError, match="at most 4 codes"):
        plots.code_lengths(SIZES, {str(i): [1.5, 1.4, 1.4] for i in range(5)})


def test_code_lengths_draws_into_given_axes():
    expected = expected_lengths(P, SIZES)
    measured = [value + 0.002 for value in expected]
    draw = lambda **where: plots.code_lengths(SIZES, {"code for P": measured},  # noqa: E731
                                              expected={"code for P": expected}, references={"H(P)": bn.entropy(P)},
                                              **where)
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)
