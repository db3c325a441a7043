"""The binning explorer (notebook 07), headless: its numbers, its controls, its refusals, its display.

As for the temperature explorer (the checks both share are in
tests/explorer_checks.py): the explorer is driven through ``.set(...)`` and
``.sliders[name].value``, every expected number comes from
:mod:`bitsandnats.measures` for the values the controls show, and a seeded
storm of 10,000 moves mixes values on the controls' lists with junk.
"""

from __future__ import annotations

import json
import math
import random
from functools import lru_cache

import pytest
from explorer_checks import (assert_close_ends_the_widget, assert_closed_explorers_leave_little,
                             assert_display_bundle, assert_in_nats_only, ladder_storm, run_module_in_node)
from matplotlib.figure import Figure

from bitsandnats import measures
from bitsandnats.explorers.binning import SIGMAS, WIDTHS, BinningExplorer

#: Each control's own junk (besides explorer_checks.JUNK_FOR_EVERY_CONTROL): outside its list, or between two
#: of its values.
JUNK = {
    "σ": [0, 0.0, 0.05, 0.09, 0.11, 0.13, 1.1, 1.25, 2.4, 2.6, 3, 10],
    "Δ": [0, -1, 0.005, 0.011, 0.013, 0.07, 0.9, 1.1, 2.5, 3, 100],
}


@lru_cache(maxsize=None)
def expected_readouts(sigma: float, width: float) -> dict:
    """The readouts for what the controls show, from the package's own functions, keyed as the explorer keys them."""
    binned = measures.entropy(measures.binned_normal(sigma, width), base=math.e)
    h = measures.differential_entropy_normal(sigma)
    return {"H_Δ": binned, "h": h, "h - ln Δ": h - math.log(width), "gap": binned - (h - math.log(width))}


def test_the_default_state_gives_the_notebooks_numbers_in_nats():
    explorer = BinningExplorer()
    assert explorer.sliders["σ"].value == 1.0 and explorer.sliders["Δ"].value == 1.0
    assert {key: round(value, 4) for key, value in explorer.readouts().items()} == {
        "H_Δ": 1.4590, "h": 1.4189, "h - ln Δ": 1.4189, "gap": 0.0400}
    assert explorer.summary().splitlines() == [
        "σ = 1", "Δ = 1", "bins = 22", "H_Δ, entropy of the bins = 1.4590 nats",
        "h, differential entropy = 1.4189 nats",
        "h − ln Δ = 1.4189 nats", "gap H_Δ − (h − ln Δ) = 0.0400 nats"]
    explorer.close()


def test_the_controls_lists_are_the_nice_series_shown_exactly():
    assert SIGMAS.texts == ("0.1", "0.12", "0.15", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.8",
                            "1", "1.2", "1.5", "2", "2.5")
    assert WIDTHS.texts[:11] == ("0.01", "0.012", "0.015", "0.02", "0.025", "0.03", "0.04", "0.05", "0.06", "0.08",
                                 "0.1")
    assert WIDTHS.texts[-4:] == ("1", "1.2", "1.5", "2") and len(WIDTHS.values) == 24
    for ladder in (SIGMAS, WIDTHS):
        assert all(float(text) == value for text, value in zip(ladder.texts, ladder.values))
        assert list(ladder.values) == sorted(set(ladder.values))


def test_the_finest_bins_stay_few_enough_for_the_browser():
    explorer = BinningExplorer(sigma=2.5, width=0.01)
    assert explorer.bins() == 5002
    explorer.close()


@pytest.mark.slow
def test_a_storm_of_moves_and_junk_keeps_the_state_on_the_lists_and_the_readouts_right():
    explorer = BinningExplorer()
    rungs = {"σ": (SIGMAS, "sigma_index"), "Δ": (WIDTHS, "width_index")}
    ladder_storm(explorer, random.Random(20251202), rungs, {"σ": 1.0, "Δ": 1.0}, JUNK, expected_readouts)
    explorer.close()


@pytest.mark.parametrize("arguments, named", [
    ({"sigma": 0}, "sigma"),
    ({"sigma": -1}, "sigma"),
    ({"sigma": 0.13}, "sigma"),
    ({"sigma": 3}, "sigma"),
    ({"sigma": math.nan}, "sigma"),
    ({"sigma": "1"}, "sigma"),
    ({"sigma": None}, "sigma"),
    ({"sigma": True}, "sigma"),
    ({"width": -1}, "width"),
    ({"width": 0}, "width"),
    ({"width": 1e-310}, "width"),
    ({"width": math.inf}, "width"),
    ({"width": 0.013}, "width"),
    ({"width": 2.5}, "width"),
    ({"presentation": 1}, "presentation"),
])
def test_the_constructor_refuses_bad_arguments_and_names_them(arguments, named):
    with pytest.raises(ValueError, match=named):
        BinningExplorer(**arguments)


def test_the_old_silent_repair_is_refused():
    with pytest.raises(ValueError, match="sigma must be a number on the list 0.1, 0.12"):
        BinningExplorer(sigma=0, width=-1)
    with pytest.raises(ValueError, match="width must be a number on the list 0.01, 0.012"):
        BinningExplorer(sigma=1, width=-1)


def test_state_from_the_browser_is_taken_on_the_lists_and_refused_off_them():
    explorer = BinningExplorer()
    explorer.set_state({"sigma_index": 0, "width_index": 23})
    assert (explorer.sliders["σ"].value, explorer.sliders["Δ"].value, explorer.error) == (0.1, 2.0, "")
    for bad in ({"sigma_index": -1}, {"sigma_index": 15}, {"width_index": 24}, {"ladders": {"σ": {}}}):
        good = {"width_index": 0} if "width_index" not in bad else {"sigma_index": 5}
        explorer.set_state({**good, **bad})
        assert explorer.error.startswith("Refused:")
        assert (explorer.sigma_index, explorer.width_index) == (0, 23)
    explorer.close()


def test_the_display_carries_the_live_view_a_png_and_the_summary():
    explorer = BinningExplorer()
    assert_display_bundle(explorer, "Binning explorer")
    explorer.close()


@pytest.mark.parametrize("sigma, width", [(1.0, 1.0), (0.1, 2.0), (2.5, 0.01)])
def test_the_still_figure_shows_the_current_state_in_nats_only(sigma, width):
    explorer = BinningExplorer(sigma=sigma, width=width)
    figure = explorer.still_figure()
    assert isinstance(figure, Figure)
    density, entropies = figure.axes
    bins = density.patches[0]  # the stairs: each bin in view at P(bin) / Δ
    probs = measures.binned_normal(sigma, width)
    assert max(bins.get_data().values) == pytest.approx(probs.max() / width, rel=1e-12)
    [point] = [line for line in entropies.lines if line.get_marker() == "o"]
    assert point.get_xydata().tolist() == [[-math.log(width), explorer.readouts()["H_Δ"]]]
    assert_in_nats_only(figure)
    explorer.close()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(BinningExplorer())


@pytest.mark.slow
def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    assert_closed_explorers_leave_little(lambda index: BinningExplorer())


def test_the_browser_computes_the_same_bins_and_readouts_as_python(tmp_path):
    states = [(sigma, width) for sigma in (0.1, 0.25, 1.0, 2.5) for width in (0.01, 0.12, 1.0, 2.0)]
    found = run_module_in_node("binning", f"""
const states = {json.dumps(states)}.map(([sigma, width]) => explorer.binningNumbers(sigma, width));
console.log(JSON.stringify({{
  render: typeof explorer.default.render,
  states: states.map((numbers) => ({{
    bins: numbers.probs.length,
    readouts: Object.fromEntries(numbers.readouts.map(([key, , value]) => [key, value])) }})) }}));
""", tmp_path)
    assert found["render"] == "function"
    for (sigma, width), numbers in zip(states, found["states"]):
        assert numbers["bins"] == len(measures.binned_normal(sigma, width))
        python = expected_readouts(sigma, width)
        assert numbers["readouts"].keys() == python.keys()
        for key in ("H_Δ", "h", "h - ln Δ"):
            assert numbers["readouts"][key] == pytest.approx(python[key], rel=1e-12), (sigma, width, key)
        # The gap is a difference of two numbers near 7 nats: compare it on their scale.
        assert numbers["readouts"]["gap"] == pytest.approx(python["gap"], abs=1e-12 * python["H_Δ"])
