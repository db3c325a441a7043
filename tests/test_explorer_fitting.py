"""The forward/reverse KL explorer (notebook 11), headless: its numbers, its controls, its refusals, its display.

As for the binning explorer (the checks are in tests/explorer_checks.py):
driven through ``.set(...)`` and ``.sliders[name].value``, every expected
number from :mod:`bitsandnats.fitting` for the values the controls show, and
the browser's module run in node must find the same fits.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache

import pytest
from explorer_checks import (assert_close_ends_the_widget, assert_closed_explorers_leave_little,
                             assert_display_bundle, ladder_storm, run_module_in_node)
from matplotlib.figure import Figure

from bitsandnats import fitting
from bitsandnats.explorers.fitting import SEPARATIONS, WEIGHTS, FittingExplorer

JUNK = {
    "separation": [-0.5, 0.25, 0.3, 7.9, 8.5, 10, 100],
    "weight": [0, 0.0, 0.05, 0.12, 0.95, 1, 1.0, 0.5 + 1e-6],
}


@lru_cache(maxsize=None)
def expected_readouts(separation: float, weight: float) -> dict:
    """The readouts for what the controls show, from bitsandnats.fitting, keyed as the explorer keys them."""
    p = fitting.NormalMixture([weight, 1 - weight], [-separation / 2, separation / 2], [1.0, 1.0])
    forward = fitting.fit_forward(p)
    minima = fitting.fit_reverse(p, all_minima=True)
    reverse = minima[0]
    return {"forward μ": forward.mu, "forward σ": forward.sigma, "KL(P||Q_forward)": forward.divergence,
            "KL(Q_forward||P)": fitting.reverse_kl(p, forward.mu, forward.sigma),
            "reverse μ": reverse.mu, "reverse σ": reverse.sigma, "KL(Q_reverse||P)": reverse.divergence,
            "KL(P||Q_reverse)": fitting.forward_kl(p, reverse.mu, reverse.sigma), "reverse minima": len(minima)}


def test_the_default_state_and_its_summary_in_nats():
    explorer = FittingExplorer()
    assert explorer.sliders["separation"].value == 6.0 and explorer.sliders["weight"].value == 0.5
    assert explorer.readouts() == expected_readouts(6.0, 0.5)
    lines = explorer.summary().splitlines()
    assert lines[:2] == ["separation = 6.0", "weight = 0.50"]
    assert lines[-1] == "local minima of KL(Q‖P) = 3"
    assert all(line.endswith(" nats") for line in lines if line.startswith("KL"))
    explorer.close()


def test_the_controls_lists():
    assert SEPARATIONS.texts[:3] == ("0.0", "0.5", "1.0") and SEPARATIONS.texts[-1] == "8.0"
    assert WEIGHTS.texts[0] == "0.10" and WEIGHTS.texts[-1] == "0.90" and len(WEIGHTS.values) == 17


def test_far_peaks_give_a_reverse_fit_on_the_heavier_peak_and_a_forward_fit_over_both():
    explorer = FittingExplorer(separation=8, weight=0.3)
    values = explorer.readouts()
    assert round(values["reverse μ"], 3) == 4.0 and round(values["forward μ"], 3) == 1.6
    assert values["forward σ"] > 3 > 1.01 > values["reverse σ"]
    # Each fit is poor by the other's measure.
    assert values["KL(Q_forward||P)"] > values["KL(Q_reverse||P)"]
    assert values["KL(P||Q_reverse)"] > values["KL(P||Q_forward)"]
    explorer.close()


@pytest.mark.slow
def test_a_storm_of_moves_and_junk_keeps_the_state_on_the_lists_and_the_readouts_right():
    explorer = FittingExplorer()
    rungs = {"separation": (SEPARATIONS, "separation_index"), "weight": (WEIGHTS, "weight_index")}
    ladder_storm(explorer, random.Random(20251211), rungs, {"separation": 6.0, "weight": 0.5}, JUNK,
                 expected_readouts)
    explorer.close()


@pytest.mark.parametrize("arguments, named", [
    ({"separation": -1}, "separation"), ({"separation": 0.3}, "separation"), ({"separation": 9}, "separation"),
    ({"separation": "1"}, "separation"), ({"separation": None}, "separation"), ({"separation": True}, "separation"),
    ({"weight": 0}, "weight"), ({"weight": 1}, "weight"), ({"weight": 0.12}, "weight"),
    ({"weight": float("nan")}, "weight"), ({"presentation": 1}, "presentation"),
])
def test_the_constructor_refuses_bad_arguments_and_names_them(arguments, named):
    with pytest.raises(ValueError, match=named):
        FittingExplorer(**arguments)


def test_state_from_the_browser_is_taken_on_the_lists_and_refused_off_them():
    explorer = FittingExplorer()
    explorer.set_state({"separation_index": 0, "weight_index": 18})
    assert (explorer.sliders["separation"].value, explorer.sliders["weight"].value, explorer.error) == (0.0, 0.9, "")
    for bad in ({"separation_index": -1}, {"separation_index": 17}, {"weight_index": 1}, {"weight_index": 19}):
        explorer.set_state(bad)
        assert explorer.error.startswith("Refused:")
        assert (explorer.separation_index, explorer.weight_index) == (0, 18)
    explorer.close()


def test_the_display_carries_the_live_view_a_png_and_the_summary():
    explorer = FittingExplorer()
    assert_display_bundle(explorer, "Forward and reverse KL explorer")
    explorer.close()


def test_the_still_figure_shows_the_current_fits():
    explorer = FittingExplorer(separation=8, weight=0.3)
    figure = explorer.still_figure()
    assert isinstance(figure, Figure)
    densities, landscape = figure.axes
    assert len(densities.lines) == 3 and "nats" in densities.get_legend().get_texts()[2].get_text()
    best = landscape.lines[2].get_xydata().tolist()
    values = explorer.readouts()
    assert best == [[values["reverse μ"], values["KL(Q_reverse||P)"]]]
    assert "nats" in landscape.get_ylabel()
    explorer.close()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(FittingExplorer())


@pytest.mark.slow
def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    assert_closed_explorers_leave_little(lambda index: FittingExplorer())


STATES = [(separation, weight) for separation in (0.0, 1.0, 2.5, 4.5, 5.0, 6.0, 8.0) for weight in (0.1, 0.3, 0.5, 0.85)]


def test_the_browser_computes_the_same_fits_and_readouts_as_python(tmp_path):
    found = run_module_in_node("fitting", f"""
const states = {json.dumps(STATES)}.map(([d, w]) => explorer.fittingNumbers(d, w));
console.log(JSON.stringify({{
  render: typeof explorer.default.render,
  constants: explorer.CONSTANTS,
  states: states.map((numbers) => ({{
    minima: numbers.minima,
    landscape: numbers.landscape.lowest,
    readouts: Object.fromEntries(numbers.readouts.map(([key, , value]) => [key, value])),
    texts: numbers.readouts.map(([, , value, unit]) => explorer.readoutText(value, unit)) }})) }}));
""", tmp_path)
    assert found["render"] == "function"
    assert found["constants"] == {name: getattr(fitting, name) for name in found["constants"]}
    for (separation, weight), numbers in zip(STATES, found["states"]):
        python = expected_readouts(separation, weight)
        explorer = FittingExplorer(separation=separation, weight=weight)
        shown = dict(explorer._summary_rows()[2:-1])
        explorer.close()
        assert numbers["texts"] == list(shown.values()), (separation, weight)
        assert len(numbers["minima"]) == python["reverse minima"]
        for key, value in numbers["readouts"].items():
            tolerance = 1e-6 if "μ" in key or "σ" in key else 1e-9
            assert value == pytest.approx(python[key], rel=tolerance, abs=tolerance), (separation, weight, key)
        p = fitting.NormalMixture([weight, 1 - weight], [-separation / 2, separation / 2], [1.0, 1.0])
        for js, fit in zip(numbers["minima"], fitting.fit_reverse(p, all_minima=True)):
            assert js["mu"] == pytest.approx(fit.mu, abs=1e-6) and js["sigma"] == pytest.approx(fit.sigma, rel=1e-6)
        _, lowest = fitting.reverse_landscape(p)
        assert numbers["landscape"] == pytest.approx(lowest.tolist(), rel=1e-10, abs=1e-13)
