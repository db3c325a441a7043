"""Still figures every reader can see (issue 11): alt text, HiDPI, the dark theme, colour by event, no collisions.

Every still figure function and every explorer's still figure is drawn with
the inputs its notebook gives it (``plot_checks.still_figures``,
``plot_checks.explorer_figures``) and checked the same way: one unit at most,
named in an alt text of its own.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgba
from PIL import Image
from plot_checks import (assert_accessible, explorer_figures, figure_texts, overlapping, still_figures,
                         text_boxes, units_named)

from bitsandnats import plots
from bitsandnats.plots import _style

FIGURES = still_figures()
EXPLORERS = explorer_figures()


# --- show: alt text and a crisp image -----------------------------------------------------------


def test_show_stores_alt_text_and_the_displayed_size():
    figure = plots.surprisal_curve()
    image = plots.show(figure)
    data, metadata = image.data, image._repr_png_()[1]
    assert data[:4] == b"\x89PNG"
    assert metadata["alt"] == plots.alt_text(figure) and "surprisal" in metadata["alt"] and "bits" in metadata["alt"]
    # Drawn at twice the size it is shown at: crisp on a HiDPI screen.
    assert (metadata["width"], metadata["height"]) == (700, 380)
    assert Image.open(io.BytesIO(data)).size == (1400, 760)


def test_show_takes_the_callers_alt_text_and_dpi():
    figure, _ = plots.new_figure(size=(4.0, 2.0))
    image = plots.show(figure, alt="  A blank   panel. ", dpi=50)
    assert image._repr_png_()[1] == {"width": 200, "height": 100, "alt": "A blank panel."}
    for bad in ("", "   ", 3):
        with pytest.raises(ValueError, match="^alt must be"):
            plots.show(figure, alt=bad)
    for bad in (0, 2.5, True, 5000):
        with pytest.raises(ValueError, match="^dpi must be"):
            plots.show(figure, dpi=bad)


def test_the_alt_text_comes_through_ipythons_display_formatter():
    from IPython.core.formatters import DisplayFormatter

    _, metadata = DisplayFormatter().format(plots.show(plots.binary_entropy_curve()))
    assert set(metadata["image/png"]) == {"width", "height", "alt"}


def test_without_a_description_the_alt_text_is_derived_from_what_the_figure_shows():
    figure, ax = plots.new_figure()
    ax.plot([0, 1], [0, 1], label=r"$h + \ln(1/\Delta)$")
    ax.set(title="A line", xlabel="x (m)", ylabel="entropy (nats)")
    ax.legend()
    assert plots.alt_text(figure) == ("Panel titled “A line”. Horizontal axis: x (m). Vertical axis: entropy (nats). "
                                      "Legend: h + ln(1/Δ).")
    figure.suptitle("Overall")
    assert plots.alt_text(figure).startswith("Overall. Panel titled")


def test_combined_panels_keep_each_description():
    figure, (left, right) = plots.new_figure(ncols=2, size=(12.0, 3.8))
    plots.surprisal_curve(ax=left)
    plots.binary_entropy_curve(ax=right)
    alt = plots.alt_text(figure)
    assert alt.index("surprisal") < alt.index("entropy H of a coin")


# --- every figure: one unit, named in its alt text -----------------------------------------------


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_function_describes_itself_in_its_one_unit(name):
    assert_accessible(FIGURES[name]())


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_explorer_still_figure_describes_itself_in_its_one_unit(name):
    explorer = EXPLORERS[name]()
    try:
        assert_accessible(explorer.still_figure())
    finally:
        explorer.close()


def test_a_figure_that_mixes_units_is_caught():
    figure, ax = plots.new_figure()
    ax.set(xlabel="surprise (bits)", ylabel="loss (nats)")
    assert units_named(figure_texts(figure)) == {"bits", "nats"}
    with pytest.raises(AssertionError, match="mixes units"):
        assert_accessible(figure)


# --- the dark theme: a transparent background, text that reads on both ---------------------------


def _relative_luminance(colour) -> float:
    channels = np.array(to_rgba(colour)[:3])
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def _contrast(a, b) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_ink_reads_on_a_white_page_and_on_the_dark_theme():
    assert _contrast(plots.INK, "#ffffff") >= 4.5
    assert _contrast(plots.INK, "#111111") >= 4.0


def test_a_shown_figure_has_a_transparent_background_and_grey_text():
    figure = plots.distributions([0.5, 0.5], [0.2, 0.8], ["heads", "tails"])
    data, _ = _style.png_bundle(figure)
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
    assert pixels[0, 0, 3] == 0 and pixels[-1, -1, 3] == 0  # the corners: no white slab
    assert (pixels[..., 3] == 0).mean() > 0.5
    ax = figure.axes[0]
    assert to_hex(ax.yaxis.label.get_color()) == plots.INK.lower()
    assert to_hex(ax.get_xticklabels()[0].get_color()) == plots.INK.lower()


# --- colour by event -----------------------------------------------------------------------------


def _bar_colours(ax):
    return [to_hex(bar.get_facecolor()) for bar in ax.patches]


def test_events_named_after_colours_are_drawn_in_those_colours():
    red, green, blue = (plots.PALETTE[name].lower() for name in ("vermillion", "green", "blue"))
    figure = plots.distributions([0.1, 0.4, 0.5], [0.8, 0.15, 0.05], ["red", "green", "blue"])
    ax = figure.axes[0]
    assert _bar_colours(ax) == [red, green, blue] * 2
    assert [bar.get_hatch() or "" for bar in ax.patches] == [""] * 3 + ["//"] * 3  # P plain, Q hatched
    legend = ax.get_legend()
    assert "coloured" in legend.get_title().get_text() and [t.get_text() for t in legend.get_texts()] == [
        "P (plain)", "Q (hatched)"]
    left, right = plots.contributions([0.1, 0.4, 0.5], [0.8, 0.15, 0.05], ["Red", "green", "blue "]).axes
    assert _bar_colours(left) == [red, green, blue] * 2 and _bar_colours(right) == [red, green, blue]
    assert [bar.get_hatch() or "" for bar in right.patches] == ["\\\\", "", ""]  # the negative term hatched


def test_other_events_keep_p_blue_and_q_orange():
    ax = plots.distributions([0.5, 0.25, 0.25], [0.125, 0.125, 0.75], ["sun", "cloud", "rain"]).axes[0]
    assert _bar_colours(ax) == [plots.P_STYLE["color"].lower()] * 3 + [plots.Q_STYLE["color"].lower()] * 3
    assert plots.event_colours(["red", "red"]) is None and plots.event_colours(["red", "sun"]) is None
    assert plots.event_colours([]) is None


# --- collisions and typesetting --------------------------------------------------------------------


def _drawn(figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure).draw()
    return figure


def test_zero_terms_are_labelled_once_and_no_two_labels_overlap():
    p = [0.0, 0.1, 0.2, 0.0, 0.3, 0.1, 0.1, 0.1, 0.1, 0.0]
    for presentation in (False, True):
        figure = _drawn(plots.contributions(p, [0.1] * 10, [f"e{i}" for i in range(10)], presentation=presentation))
        left, right = figure.axes
        for ax in (left, right):
            assert overlapping(text_boxes(figure, ax.texts)) == []
        assert [t.get_text() for t in left.texts].count("0") == 3  # one "0" for each event with P(x) = 0
    figure = _drawn(plots.contributions([0.0, 0.5, 0.5], [0.2, 0.3, 0.5], ["red", "green", "blue"]))
    assert overlapping(text_boxes(figure, figure.axes[0].texts)) == []


def _inside(inner, outer) -> bool:
    return inner.x0 >= outer.x0 - 1 and inner.x1 <= outer.x1 + 1 and inner.y0 >= outer.y0 - 1 and inner.y1 <= outer.y1 + 1


@pytest.mark.parametrize("presentation", [False, True])
def test_legends_stay_off_the_bars_and_inside_the_figure(presentation):
    figure = _drawn(plots.contributions([0.1, 0.4, 0.5], [0.8, 0.15, 0.05], ["red", "green", "blue"],
                                        presentation=presentation))
    renderer = figure.canvas.get_renderer()
    whole = figure.bbox
    for ax in figure.axes:
        legend = ax.get_legend().get_window_extent(renderer)
        assert _inside(legend, whole)
        assert legend.y1 <= ax.get_window_extent(renderer).y0  # under the panel: it covers no bar or label
        labels = text_boxes(figure, ax.texts + ax.get_xticklabels())
        assert not any(legend.overlaps(box) for box in labels)


def test_no_curve_or_dashed_line_runs_through_a_legend_in_06():
    for figure in (FIGURES["soft_targets"](), FIGURES["gradient_scaling"](), EXPLORERS["TemperatureExplorer"]().still_figure()):
        _drawn(figure)
        renderer = figure.canvas.get_renderer()
        ax = [ax for ax in figure.axes if ax.get_legend() is not None][-1]
        legend = ax.get_legend().get_window_extent(renderer)
        assert not legend.overlaps(ax.get_window_extent(renderer)), "the legend lies on the panel"
        assert _inside(legend, figure.bbox)


def test_04_the_mean_line_crosses_no_number():
    explorer = EXPLORERS["LogLossExplorer"]()
    figure = explorer.still_figure()
    bars = figure.axes[0]
    assert len(bars.texts) == 0  # the losses are written under the bars, with their labels
    assert [label.get_text().split("\n")[-1] for label in bars.get_xticklabels()][:3] == ["0.223", "0.105", "0.105"]
    explorer.close()


def test_titles_and_labels_typeset_what_the_prose_typesets():
    left, right = FIGURES["contributions"]().axes
    assert left.get_title().startswith("$H(P)$") and r"$\mathrm{KL}(P \,\|\, Q)$" in right.get_title()
    explorer = EXPLORERS["TemperatureExplorer"]()
    bars, curves = explorer.still_figure().axes
    assert "$H(p_T)$" in bars.get_title() and "H(p_T)" not in bars.get_title().replace("$H(p_T)$", "")
    assert any(r"\mathrm{KL}(p_T \,\|\, q_T)" in text.get_text() for text in curves.get_legend().get_texts())
    explorer.close()
    assert "$H_\\Delta$" in EXPLORERS["BinningExplorer"]().still_figure().axes[1].get_title()


def test_07_writes_ln_for_nats_everywhere():
    ax = FIGURES["binned_entropy_bridge"]().axes[0]
    texts = figure_texts(ax.figure)
    assert ax.get_xlabel() == "ln(1/Δ) (nats)"
    assert not any("log" in text for text in texts), texts
    assert plots.binned_entropy_bridge([1.0, 0.5], [2.0, 2.7], 1.0, base=2).axes[0].get_xlabel() == "log₂(1/Δ) (bits)"
