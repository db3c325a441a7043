"""Tests for bitsandnats.plots._style: the palette, the matplotlib style, the web theme, and where a figure draws."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure
from plot_checks import own_figure, pyplot_grid

import bitsandnats as bn
from bitsandnats import plots
from bitsandnats.plots import _style

PUBLIC = [
    "PALETTE", "INK", "P_STYLE", "Q_STYLE", "style", "web_theme", "new_figure", "show", "alt_text", "png_bundle",
    "event_colours",
    "distributions", "surprisal_curve", "binary_entropy_curve", "entropy_share_curve", "surprise_running_average",
    "log_loss_curve", "clipping_comparison", "learning_curves", "logit_gradients",
    "contributions", "convergence", "soft_targets", "gradient_scaling",
    "normal_densities", "binned_entropy_bridge", "code_lengths",
]


# --- the package: every name as before ----------------------------------------------------------


def test_every_public_name_is_still_a_name_of_plots():
    assert sorted(plots.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(bn.plots, name) is getattr(plots, name)


def test_every_figure_function_takes_ax_or_axes_keyword_only():
    import inspect

    two_panels = {"contributions", "learning_curves"}
    for name in PUBLIC:
        value = getattr(plots, name)
        if not inspect.isfunction(value) or name in {"style", "web_theme", "new_figure", "show", "alt_text", "png_bundle",
                                                     "event_colours"}:
            continue
        parameter = inspect.signature(value).parameters["axes" if name in two_panels else "ax"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is None, name


# --- look ----------------------------------------------------------------------------------------


def test_p_and_q_differ_in_colour_and_hatching():
    assert plots.P_STYLE["color"] != plots.Q_STYLE["color"]
    assert plots.P_STYLE["hatch"] != plots.Q_STYLE["hatch"]
    assert set(plots.PALETTE.values()) >= {plots.P_STYLE["color"], plots.Q_STYLE["color"]}


def test_web_theme_is_the_palette_as_css():
    theme = plots.web_theme()
    assert theme["p_color"] == plots.P_STYLE["color"] and theme["q_color"] == plots.Q_STYLE["color"]
    assert theme["under_color"] == plots.PALETTE["green"] and theme["over_color"] == plots.PALETTE["vermillion"]
    assert theme["font_size"] == "13px" and theme["presentation_font_size"] == "24px"
    assert all(isinstance(value, (str, int, float)) for value in theme.values())


def test_style_applies_inside_the_block_only():
    size = mpl.rcParams["font.size"]
    with plots.style():
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["font.size"] == 11
    with plots.style(presentation=True):
        assert mpl.rcParams["font.size"] == 18 and mpl.rcParams["lines.linewidth"] == 3.5
    assert mpl.rcParams["font.size"] == size


def test_new_figure_is_styled_and_outside_pyplot():
    figure = own_figure(lambda: plots.new_figure(ncols=2, size=(8.0, 3.0))[0])
    assert figure.get_size_inches().tolist() == [8.0, 3.0] and len(figure.axes) == 2
    figure, axes = plots.new_figure(nrows=2, ncols=2)
    assert axes.shape == (2, 2)
    assert not axes[0, 0].spines["top"].get_visible()


def test_show_gives_a_png():
    figure, _ = plots.new_figure()
    assert plots.show(figure).data[:4] == b"\x89PNG"


# --- where a figure draws: _figure_and_axes ------------------------------------------------------


def test_no_axes_means_a_new_styled_figure():
    figure, ax = _style._figure_and_axes(None, size=(5.0, 2.0))
    assert isinstance(figure, Figure) and figure.axes == [ax]
    assert figure.get_size_inches().tolist() == [5.0, 2.0]
    figure, pair = _style._figure_and_axes(None, count=2)
    assert isinstance(pair, tuple) and list(pair) == figure.axes


def test_given_axes_are_drawn_into_in_their_own_figure():
    with pyplot_grid() as (figure, axes):
        assert _style._figure_and_axes(axes[1]) == (figure, axes[1])
        for given in (axes, list(axes), tuple(axes)):
            assert _style._figure_and_axes(given, count=2) == (figure, tuple(axes))


def test_axes_of_a_subfigure_draw_in_the_subfigure():
    with pyplot_grid() as (figure, _):
        figure.clear()
        left, right = figure.subfigures(1, 2)
        ax = left.subplots()
        assert plots.surprisal_curve(ax=ax) is left
        assert plots.learning_curves(*[{"epoch": [0, 1], "log_loss": [0.7, 0.5], "accuracy": [0.5, 0.9]}] * 2,
                                     axes=right.subplots(1, 2)) is right


@pytest.mark.parametrize(
    ("given", "count", "message"),
    [
        ("left", 1, "ax must be a matplotlib Axes or None, got str"),
        ("pair", 1, "ax must be a matplotlib Axes or None, got ndarray"),
        ("one", 2, "axes must be a sequence of 2 matplotlib Axes or None, got Axes"),
        ("one in a list", 2, "axes must be a sequence of 2 matplotlib Axes or None, got 1 item"),
        ("three", 2, "axes must be a sequence of 2 matplotlib Axes or None, got 3 items"),
        ("with a string", 2, "got str among them"),
        ("two figures", 2, "these are in different figures"),
    ],
)
def test_bad_axes_are_refused_naming_the_argument(given, count, message):
    with pyplot_grid(3) as (figure, axes), pyplot_grid() as (_, far):
        chosen = {
            "pair": axes[:2], "one": axes[0], "one in a list": [axes[0]], "three": axes,
            "with a string": [axes[0], "right"], "two figures": (axes[0], far[0]),
        }.get(given, given)
        with pytest.raises(ValueError, match=message):
            _style._figure_and_axes(chosen, count=count)


def test_a_grid_of_axes_is_taken_row_by_row():
    figure, axes = plots.new_figure(nrows=2, ncols=1)
    assert _style._figure_and_axes(np.asarray(axes), count=2) == (figure, tuple(axes))
