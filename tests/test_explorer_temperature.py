"""The temperature explorer (notebook 06), headless: its numbers, its controls, its refusals, its display.

The explorer is driven as a notebook or the browser drives it: through
``.set(...)`` and ``.sliders[name].value``.  Every expected number is
computed here with :mod:`bitsandnats.measures` from the values the controls
show, never taken from the explorer.  A seeded storm of 10,000 moves mixes
values on the controls' grids with junk and checks, after every move, that
the state is on the grid, that junk was refused without changing anything,
and that the readouts are the package's numbers for what is shown.

Where node is installed, the explorer's ES module (as anywidget gets it) is
loaded in node and its numbers are compared with Python's.
"""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import numpy as np
import pytest
from explorer_checks import (assert_close_ends_the_widget, assert_closed_explorers_leave_little,
                             assert_display_bundle, assert_in_nats_only, ladder_storm, run_module_in_node, spell_rung)
from matplotlib.figure import Figure

from bitsandnats import measures
from bitsandnats.explorers.temperature import ALPHAS, TEMPERATURES, TemperatureExplorer

TEACHER = [6.0, 3.5, 3.0, -1.0, -2.0]
STUDENT = [2.0, 0.5, 1.5, 0.5, -0.5]
CLASSES = ["cat", "dog", "fox", "car", "truck"]

#: Each control's own junk (besides explorer_checks.JUNK_FOR_EVERY_CONTROL): outside its range, or between two of
#: its values.
JUNK = {
    "T": [0, 0.0, 0.4, 0.45, 0.49999, 10.05, 10.1, 11, 4.05, 4.01, 3.999, 2.25],
    "α": [-0.05, 1.05, 2, 0.33, 0.01, 0.025, 0.999, 0.7000001],
}


def make(**options) -> TemperatureExplorer:
    return TemperatureExplorer(TEACHER, STUDENT, CLASSES, **options)


def expected_readouts(temperature: float, alpha: float, teacher=TEACHER, student=STUDENT, label=0) -> dict:
    """The readouts for what the controls show, from the package's own functions, keyed as the explorer keys them."""
    p_t = measures.softmax(teacher, temperature=temperature)
    q_t = measures.softmax(student, temperature=temperature)
    kl = measures.kl_divergence(p_t, q_t, base=math.e)
    return {
        "KL(p_T||q_T)": kl,
        "soft term": alpha * measures.distillation_loss(label, student, teacher, temperature=temperature, alpha=1.0),
        "hard term": (1 - alpha) * measures.distillation_loss(label, student, teacher, temperature=1.0, alpha=0.0),
        "loss": measures.distillation_loss(label, student, teacher, temperature=temperature, alpha=alpha),
        "H(p_T)": measures.entropy(p_t, base=math.e),
    }


def test_the_default_state_gives_the_notebooks_numbers_in_nats():
    explorer = make()
    assert explorer.sliders["T"].value == 4.0 and explorer.sliders["α"].value == 0.7
    assert {key: round(value, 4) for key, value in explorer.readouts().items()} == {
        "KL(p_T||q_T)": 0.1242, "soft term": 1.3907, "hard term": 0.2275, "loss": 1.6182, "H(p_T)": 1.3856}
    # The soft targets' entropy is in nats, as everything else; where bits appear, they are the same amount.
    assert explorer.summary().splitlines() == [
        "T = 4.0", "α = 0.70", "KL(p_T ‖ q_T) = 0.1242 nats", "soft term α T² KL = 1.3907 nats",
        "hard term (1 − α) H(y, q) = 0.2275 nats", "distillation loss L = 1.6182 nats",
        "entropy of the soft targets H(p_T) = 1.3856 nats (the same amount as 1.999 bits)"]
    assert math.isclose(explorer.readouts()["H(p_T)"] / math.log(2), 1.999, abs_tol=5e-4)
    explorer.close()


def test_the_controls_grids_are_shown_exactly():
    assert TEMPERATURES.values == tuple(k / 10 for k in range(5, 101))
    assert [TEMPERATURES.text(k) for k in (5, 40, 100)] == ["0.5", "4.0", "10.0"]
    assert ALPHAS.values == tuple(k / 20 for k in range(21))
    assert [ALPHAS.text(k) for k in (0, 7, 14, 20)] == ["0.00", "0.35", "0.70", "1.00"]
    # Each text reads back as the very number computed with.
    for ladder in (TEMPERATURES, ALPHAS):
        assert all(float(text) == value for text, value in zip(ladder.texts, ladder.values))


def spell(rng, ladder, count: int):
    """A rung as explorer_checks.spell_rung spells it, or as a learner computes it: 0.1 * 3 is 0.30000000000000004."""
    if rng.random() < 0.2:
        return count * (1 / (10 if ladder is TEMPERATURES else 20))
    return spell_rung(rng, ladder, count)


@pytest.mark.slow
def test_a_storm_of_moves_and_junk_keeps_the_state_on_the_grid_and_the_readouts_right():
    explorer = make()
    rungs = {"T": (TEMPERATURES, "temperature_tenths"), "α": (ALPHAS, "alpha_twentieths")}
    ladder_storm(explorer, random.Random(20251201), rungs, {"T": 4.0, "α": 0.7}, JUNK, expected_readouts,
                 spell=spell)
    explorer.close()


def test_a_move_with_one_bad_value_changes_nothing():
    explorer = make()
    with pytest.raises(ValueError, match="α must be a number from 0 to 1 in steps of 0.05, got 0.33"):
        explorer.set(T=2.0, α=0.33)
    assert (explorer.sliders["T"].value, explorer.sliders["α"].value) == (4.0, 0.7)
    with pytest.raises(ValueError, match="no control named 'beta'"):
        explorer.set(T=2.0, beta=0.5)
    assert explorer.sliders["T"].value == 4.0
    explorer.close()


@pytest.mark.parametrize("arguments, named", [
    ({"temperature": 0}, "temperature"),
    ({"temperature": -1}, "temperature"),
    ({"temperature": math.nan}, "temperature"),
    ({"temperature": math.inf}, "temperature"),
    ({"temperature": 0.55}, "temperature"),
    ({"temperature": 12}, "temperature"),
    ({"temperature": "4"}, "temperature"),
    ({"alpha": 2}, "alpha"),
    ({"alpha": -0.05}, "alpha"),
    ({"alpha": 0.33}, "alpha"),
    ({"alpha": None}, "alpha"),
    ({"label": 1.9}, "label"),
    ({"label": -1}, "label"),
    ({"label": 5}, "label"),
    ({"label": True}, "label"),
    ({"label": "cat"}, "label"),
    ({"classes": ["cat", "dog", "fox", "car"]}, "classes"),
    ({"classes": ["cat", "dog", "fox", "car", "cat"]}, "classes"),
    ({"classes": ["cat", "dog", "fox", "car", ""]}, "classes"),
    ({"classes": "cat dog fox car truck"}, "classes"),
    ({"teacher": [6.0, 3.5, math.nan, -1.0, -2.0]}, "teacher_logits"),
    ({"student": [2.0, 0.5, 1.5, math.inf, -0.5]}, "student_logits"),
    ({"student": [2.0, 0.5, 1.5, 0.5]}, "student_logits"),
    ({"teacher": [[6.0, 3.5, 3.0, -1.0, -2.0]]}, "teacher_logits"),
    ({"teacher": ["a", "b", "c", "d", "e"]}, "teacher_logits"),
    ({"teacher": [1e308, 3.5, 3.0, -1.0, -2.0]}, "teacher_logits"),
    ({"teacher": [1.0], "student": [1.0], "classes": ["only"]}, "classes"),
    ({"presentation": "yes"}, "presentation"),
])
def test_the_constructor_refuses_bad_arguments_and_names_them(arguments, named):
    arguments = dict(arguments)
    teacher = arguments.pop("teacher", TEACHER)
    student = arguments.pop("student", STUDENT)
    classes = arguments.pop("classes", CLASSES)
    with pytest.raises(ValueError, match=named):
        TemperatureExplorer(teacher, student, classes, **arguments)


def test_the_old_silent_repairs_are_refused():
    # The ipywidgets explorer ran these with T = 0.5, α = 1 and label 1.
    with pytest.raises(ValueError, match="label must be a class index"):
        TemperatureExplorer(TEACHER, STUDENT, CLASSES, temperature=0, alpha=2, label=1.9)
    with pytest.raises(ValueError, match="temperature must be a number from 0.5 to 10"):
        TemperatureExplorer(TEACHER, STUDENT, CLASSES, temperature=0, alpha=2, label=1)
    with pytest.raises(ValueError, match="alpha must be a number from 0 to 1"):
        TemperatureExplorer(TEACHER, STUDENT, CLASSES, temperature=0.5, alpha=2, label=1)


def test_the_constructor_takes_every_spelling_of_a_grid_value():
    explorer = make(temperature=np.float64(2.5), alpha=Fraction(3, 20), label=np.int64(2))
    assert (explorer.sliders["T"].value, explorer.sliders["α"].value, explorer.label) == (2.5, 0.15, 2)
    assert explorer.readouts() == expected_readouts(2.5, 0.15, label=2)
    explorer.close()


def test_the_arrays_passed_in_are_copied():
    teacher, student, classes = np.array(TEACHER), list(STUDENT), list(CLASSES)
    explorer = TemperatureExplorer(teacher, student, classes)
    before = explorer.readouts()
    teacher[:] = 0.0
    student[0] = 100.0
    classes[0] = "lion"
    assert explorer.readouts() == before
    assert explorer.classes == CLASSES and explorer.teacher_logits == TEACHER and explorer.student_logits == STUDENT
    explorer.close()


def test_state_from_the_browser_is_taken_on_the_grid_and_refused_off_it():
    explorer = make()
    explorer.set_state({"temperature_tenths": 25, "alpha_twentieths": 0})
    assert (explorer.sliders["T"].value, explorer.sliders["α"].value, explorer.error) == (2.5, 0.0, "")
    assert explorer.readouts() == expected_readouts(2.5, 0.0)
    for bad in ({"temperature_tenths": 4}, {"temperature_tenths": 101}, {"alpha_twentieths": 21},
                {"label": 7}, {"classes": ["cat"] * 5}, {"ladders": {}}):
        good = {"alpha_twentieths": 20} if "temperature_tenths" in bad else {"temperature_tenths": 60}
        explorer.set_state({**good, **bad})  # all or nothing: the good half is refused too
        assert explorer.error.startswith("Refused:")
        assert (explorer.temperature_tenths, explorer.alpha_twentieths, explorer.label) == (25, 0, 0)
    explorer.close()


def test_the_display_carries_the_live_view_a_png_and_the_summary():
    explorer = make()
    assert_display_bundle(explorer, "Temperature explorer")
    explorer.close()


def test_the_still_figure_shows_the_current_state_in_nats_only():
    explorer = make()
    explorer.set(T=2.0, α=0.5)
    figure = explorer.still_figure()
    assert isinstance(figure, Figure)
    bars, curves = figure.axes
    p_t, q_t = explorer.soft_targets()
    heights = [patch.get_height() for patch in bars.patches]
    assert heights == pytest.approx([*p_t, *q_t], rel=1e-12)
    loss = explorer.readouts()["loss"]
    assert curves.lines[-1].get_ydata()[-1] == pytest.approx(loss, rel=1e-12)
    assert "L = 0." in curves.get_title() and f"{loss:.4f} nats" in curves.get_title()
    assert_in_nats_only(figure)


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(make())


@pytest.mark.slow
def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    assert_closed_explorers_leave_little(lambda index: make())


@pytest.mark.slow
def test_the_browser_computes_the_same_readouts_as_python(tmp_path):
    states = [(t, a, label) for t in (0.5, 1.0, 2.5, 4.0, 7.3, 10.0) for a in (0.0, 0.35, 0.7, 1.0) for label in (0, 3)]
    found = run_module_in_node("temperature", f"""
const temperatures = {json.dumps(list(TEMPERATURES.values))};
const states = {json.dumps(states)}.map(([temperature, alpha, label]) => explorer.temperatureNumbers({{
  teacher: {json.dumps(TEACHER)}, student: {json.dumps(STUDENT)}, label, temperature, alpha, temperatures }}));
console.log(JSON.stringify({{
  render: typeof explorer.default.render,
  states: states.map((numbers) => ({{
    readouts: Object.fromEntries(numbers.readouts.map(([key, , value]) => [key, value])),
    loss: numbers.curves.loss }})) }}));
""", tmp_path)
    assert found["render"] == "function"
    for (temperature, alpha, label), numbers in zip(states, found["states"]):
        python = expected_readouts(temperature, alpha, label=label)
        assert numbers["readouts"].keys() == python.keys()
        for key, value in python.items():
            assert numbers["readouts"][key] == pytest.approx(value, rel=1e-12, abs=1e-15), (temperature, alpha, key)
        curve = [measures.distillation_loss(label, STUDENT, TEACHER, temperature=t, alpha=alpha)
                 for t in TEMPERATURES.values]
        assert numbers["loss"] == pytest.approx(curve, rel=1e-12)
