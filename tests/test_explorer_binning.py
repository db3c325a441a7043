"""The binning explorer (notebook 07), headless: its numbers, its controls, its refusals, its display.

As for the temperature explorer (tests/test_explorer_temperature.py, whose
junk values and helpers are shared here): the explorer is driven through
``.set(...)`` and ``.sliders[name].value``, every expected number comes from
:mod:`bitsandnats.measures` for the values the controls show, and a seeded
storm of 10,000 moves mixes values on the controls' lists with junk.
"""

from __future__ import annotations

import base64
import json
import math
import random
from fractions import Fraction
from functools import lru_cache

import numpy as np
import pytest
from matplotlib.figure import Figure
from test_explorer_temperature import JUNK_FOR_EVERY_CONTROL, memory_added_by, run_in_node

from bitsandnats import measures
from bitsandnats.explorers.binning import SIGMAS, WIDTHS, BinningExplorer

#: Each control's own junk: outside its list, or between two of its values.
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


def test_a_storm_of_moves_and_junk_keeps_the_state_on_the_lists_and_the_readouts_right():
    rng = random.Random(20251202)
    explorer = BinningExplorer()
    shown = {"σ": 1.0, "Δ": 1.0}
    rungs = {"σ": (SIGMAS, "sigma_index"), "Δ": (WIDTHS, "width_index")}
    refused = accepted = 0

    def list_value(name: str):
        ladder = rungs[name][0]
        index = rng.randrange(len(ladder.values))
        value, text = ladder.values[index], ladder.texts[index]
        spelling = rng.choice(["float", "numpy", "fraction", "int"])
        if spelling == "numpy":
            return value, np.float64(value)
        if spelling == "fraction":
            return value, Fraction(text)
        if spelling == "int" and value == int(value):
            return value, int(value)
        return value, value

    for move in range(10_000):
        names = rng.sample(["σ", "Δ"], rng.choice([1, 1, 2]))
        moves, intended, junk = {}, {}, False
        for name in names:
            if rng.random() < 0.3:
                moves[name] = rng.choice(JUNK_FOR_EVERY_CONTROL + JUNK[name])
                junk = True
            else:
                intended[name], moves[name] = list_value(name)
        through_slider = len(moves) == 1 and rng.random() < 0.5
        before = (explorer.sigma_index, explorer.width_index)
        if junk:
            with pytest.raises(ValueError, match="|".join(names)):
                if through_slider:
                    [(name, value)] = moves.items()
                    explorer.sliders[name].value = value
                else:
                    explorer.set(**moves)
            assert (explorer.sigma_index, explorer.width_index) == before, f"move {move} changed state"
            refused += 1
        else:
            if through_slider:
                [(name, value)] = moves.items()
                explorer.sliders[name].value = value
            else:
                explorer.set(**moves)
            shown.update(intended)
            accepted += 1
        for name, (ladder, trait) in rungs.items():
            index = getattr(explorer, trait)
            assert type(index) is int and 0 <= index < len(ladder.values)
            assert explorer.sliders[name].value == ladder.values[index] == shown[name]
        assert explorer.readouts() == expected_readouts(shown["σ"], shown["Δ"]), f"move {move}: {moves}"
    assert refused > 2000 and accepted > 6000
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
    with pytest.raises(ValueError, match="sigma must be a number one of 0.1, 0.12"):
        BinningExplorer(sigma=0, width=-1)
    with pytest.raises(ValueError, match="width must be a number one of 0.01, 0.012"):
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
    data, _ = explorer._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == f"Binning explorer\n{explorer.summary()}"
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
    texts = [text.get_text() for axes in figure.axes
             for text in (axes.title, axes.xaxis.label, axes.yaxis.label, *axes.get_legend().get_texts())]
    assert any("nats" in text for text in texts) and not any("bits" in text for text in texts)
    explorer.close()


def test_close_ends_the_widget_and_can_be_repeated():
    explorer = BinningExplorer()
    assert explorer.comm is not None
    explorer.close()
    assert explorer.comm is None
    explorer.close()


def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    assert memory_added_by(BinningExplorer) < 20 * 2**20


def test_the_browser_computes_the_same_bins_and_readouts_as_python():
    states = [(sigma, width) for sigma in (0.1, 0.25, 1.0, 2.5) for width in (0.01, 0.12, 1.0, 2.0)]
    found = run_in_node("binning", f"""
const states = {json.dumps(states)}.map(([sigma, width]) => explorer.binningNumbers(sigma, width));
console.log(JSON.stringify({{
  render: typeof explorer.default.render,
  states: states.map((numbers) => ({{
    bins: numbers.probs.length,
    readouts: Object.fromEntries(numbers.readouts.map(([key, , value]) => [key, value])) }})) }}));
""")
    assert found["render"] == "function"
    for (sigma, width), numbers in zip(states, found["states"]):
        assert numbers["bins"] == len(measures.binned_normal(sigma, width))
        python = expected_readouts(sigma, width)
        assert numbers["readouts"].keys() == python.keys()
        for key in ("H_Δ", "h", "h - ln Δ"):
            assert numbers["readouts"][key] == pytest.approx(python[key], rel=1e-12), (sigma, width, key)
        # The gap is a difference of two numbers near 7 nats: compare it on their scale.
        assert numbers["readouts"]["gap"] == pytest.approx(python["gap"], abs=1e-12 * python["H_Δ"])
