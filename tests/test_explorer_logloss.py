"""The log-loss explorer (bitsandnats.explorers.LogLossExplorer), headless: state, readouts, refusals, memory.

Moves go through the interface notebooks use (``.set`` and
``.sliders[name].value``); after each, every prediction must be on the grid
and ``readouts()`` must equal ``binary_cross_entropy`` and ``log_loss`` on
the values the controls show.  The browser's module is run in node on the
same states: the same losses and the same text.
"""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest
from explorer_checks import (PROBABILITY_JUNK, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, assert_junk_refused,
                             probability_junk, run_module_in_node, storm)

from bitsandnats import measures
from bitsandnats.explorers import LogLossExplorer
from bitsandnats.explorers.logloss import MAX_EXAMPLES

Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
NAMES = [f"ŷ[{i}]" for i in range(1, 11)]


def shown(explorer) -> list[float]:
    """What the controls show, read through them."""
    sliders = explorer.sliders
    return [sliders[name].value for name in NAMES]


def expected_readouts(labels, predictions) -> dict[str, float]:
    losses = measures.binary_cross_entropy(labels, predictions)
    values = {f"loss[{i + 1}]": float(loss) for i, loss in enumerate(losses)}
    values["log loss"] = measures.log_loss(labels, predictions)
    return values


@pytest.fixture
def explorer():
    made = LogLossExplorer(Y, Y_HAT)
    yield made
    made.close()


# --- notebook 04's examples -------------------------------------------------------------


def test_notebook_04s_examples_show_their_losses_and_the_mean(explorer):
    """The controls show the predictions given, the readouts are the package's losses of them, and the summary
    writes each to three decimals in nats (the documents' ten losses and mean: tests/test_documents.py)."""
    assert shown(explorer) == Y_HAT
    values = explorer.readouts()
    assert values == expected_readouts(Y, Y_HAT)
    assert explorer.summary().splitlines() == [
        *(f"example {i} (y = {y}, ŷ = {p:.3f}) = {values[f'loss[{i}]']:.3f} nats"
          for i, (y, p) in enumerate(zip(Y, Y_HAT), start=1)),
        f"log loss, the mean = {measures.log_loss(Y, Y_HAT):.3f} nats"]


def test_certain_and_wrong_is_infinite_and_says_so(explorer):
    explorer.set({"ŷ[1]": 0.0, "ŷ[6]": 1.0})
    values = explorer.readouts()
    assert values["loss[1]"] == values["loss[6]"] == values["log loss"] == math.inf
    assert "example 1 (y = 1, ŷ = 0.000) = ∞ nats" in explorer.summary()
    assert explorer.summary().endswith("log loss, the mean = ∞ nats")
    explorer.set({"ŷ[1]": 1.0, "ŷ[6]": 0.0})  # certain and right: no loss at all
    assert explorer.readouts()["loss[1]"] == explorer.readouts()["loss[6]"] == 0.0


def test_the_browser_computes_and_writes_the_same_losses(tmp_path, explorer):
    rng = random.Random(4)
    states = [[rng.choice([0, 1, 999, 1000, rng.randrange(1001)]) for _ in Y] for _ in range(200)]
    states.append([round(value * 1000) for value in Y_HAT])
    script = f"""
const labels = {json.dumps(Y)};
const out = {json.dumps(states)}.map((counts) => {{
  const numbers = explorer.logLossNumbers(labels, counts);
  const finite = (value) => (value === Infinity ? "inf" : value);
  return {{ losses: numbers.losses.map(finite), mean: finite(numbers.mean), trueClass: numbers.trueClass,
           rows: explorer.logLossReadouts(numbers).map((row) => [row.key, row.label, row.text]) }};
}});
console.log(JSON.stringify(out));
"""
    for counts, browser in zip(states, run_module_in_node("logloss", script, tmp_path)):
        explorer.set(dict(zip(NAMES, (count / 1000 for count in counts))))
        values = explorer.readouts()
        expected = [values[f"loss[{i}]"] for i in range(1, 11)] + [values["log loss"]]
        got = [math.inf if value == "inf" else value for value in [*browser["losses"], browser["mean"]]]
        assert got == pytest.approx(expected, rel=1e-13, abs=1e-15)
        assert [(label, text) for _, label, text in browser["rows"]] == explorer._summary_rows()
        assert [key for key, _, _ in browser["rows"]] == list(values)
        y, y_prob = explorer.examples()
        assert browser["trueClass"] == pytest.approx(np.where(y == 1, y_prob, 1 - y_prob), abs=1e-15)


# --- moves ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_storm_of_random_moves_keeps_the_state_valid_and_the_readouts_true(explorer):
    rng = random.Random(20250604)

    def draw() -> dict:
        drawn = {}
        for name in rng.sample(NAMES, rng.choice([1, 1, 1, 2, 3])):
            kind = rng.random()
            if kind < 0.5:
                value = rng.randrange(1001) / 1000
                drawn[name] = (value, value)
            elif kind < 0.75:  # the keys' steps, which can run off either end
                current = explorer.sliders[name].value
                value = rng.choice([0.0, 1.0, round(current + 0.001, 3), round(current - 0.01, 3)])
                drawn[name] = (value, value if 0.0 <= value <= 1.0 else REFUSED)
            else:
                drawn[name] = (rng.choice(PROBABILITY_JUNK), REFUSED)
        return drawn

    def check(taken: dict) -> None:
        assert all(isinstance(count, int) and 0 <= count <= 1000 for count in explorer.predictions)
        values = shown(explorer)
        assert values == [count / 1000 for count in explorer.predictions]
        assert explorer.readouts() == expected_readouts(Y, values)

    refused = storm(explorer, rng, draw, state=lambda: list(explorer.predictions), check=check)
    assert 1_500 < refused < 8_000  # both kinds of move really happened


@pytest.mark.parametrize("value", probability_junk())
def test_each_kind_of_junk_is_refused_with_the_controls_name(explorer, value):
    assert_junk_refused(explorer, value, ["ŷ[4]"], lambda: shown(explorer))
    with pytest.raises(ValueError, match=r"ŷ\[4\]"):  # beside a good move: nothing changes at all
        explorer.set({"ŷ[1]": 0.5, "ŷ[4]": value})
    assert shown(explorer) == Y_HAT


def test_a_browser_state_off_the_grid_is_refused_and_put_back(explorer):
    counts = [round(value * 1000) for value in Y_HAT]
    for state in ({"predictions": [1001, *counts[1:]]}, {"predictions": counts[:5]},
                  {"labels": [0] * 10}, {"predictions": [-1, *counts[1:]]}):
        explorer.set_state(state)
        assert explorer.predictions == counts and explorer.labels == Y
        assert explorer.error.startswith("Refused:")
    explorer.set_state({"predictions": [0, *counts[1:]]})
    assert explorer.readouts()["log loss"] == math.inf


# --- construction -----------------------------------------------------------------------


@pytest.mark.parametrize("y_true, y_prob, name", [
    ([1, 2], [0.5, 0.5], "y_true"), ([1, 0.5], [0.5, 0.5], "y_true"), (["1", 0], [0.5, 0.5], "y_true"),
    ([1, math.nan], [0.5, 0.5], "y_true"), ([True, False], [0.5, 0.5], "y_true"), ("10", [0.5, 0.5], "y_true"),
    ([[1, 0]], [[0.5, 0.5]], "y_true"), (5, [0.5], "y_true"),
    ([1, 0], [0.8005, 0.5], "y_prob"), ([1, 0], [1.5, 0.5], "y_prob"), ([1, 0], [-0.1, 0.5], "y_prob"),
    ([1, 0], [math.nan, 0.5], "y_prob"), ([1, 0], [None, 0.5], "y_prob"), ([1, 0], [1e-310, 0.5], "y_prob"),
    ([1, 0], ["0.5", 0.5], "y_prob"),
    ([1, 0], [0.5], "y_true and y_prob"), ([1], [0.5], "y_true"),
    ([1, 0] * 11, [0.5] * 22, "y_true"),
])
def test_bad_arguments_are_refused_by_name(y_true, y_prob, name):
    with pytest.raises(ValueError, match=name):
        LogLossExplorer(y_true, y_prob)


def test_the_limits_on_examples_are_inclusive():
    for count in (2, MAX_EXAMPLES):
        explorer = LogLossExplorer([1, 0] * (count // 2), [0.5] * count)
        assert len(explorer.sliders) == count
        explorer.close()


def test_the_arrays_passed_in_are_copied():
    labels, predictions = np.array(Y), np.array(Y_HAT)
    as_lists = list(Y), list(Y_HAT)
    from_arrays, from_lists = LogLossExplorer(labels, predictions), LogLossExplorer(*as_lists)
    labels[:] = 0
    predictions[:] = 0.5
    as_lists[0][:] = [0] * 10
    as_lists[1][0] = 0.0
    for explorer in (from_arrays, from_lists):
        assert shown(explorer) == Y_HAT and explorer.labels == Y
        assert explorer.readouts() == expected_readouts(Y, Y_HAT)
        explorer.close()


# --- display, closing, memory -----------------------------------------------------------


def test_the_display_carries_the_live_view_a_picture_and_the_summary(explorer):
    explorer.set({"ŷ[6]": 1.0})
    assert "example 6 (y = 0, ŷ = 1.000) = ∞ nats" in assert_display_bundle(explorer, "Log-loss explorer")


def test_the_still_figure_shows_the_current_state(explorer):
    explorer.set({"ŷ[4]": 0.05, "ŷ[7]": 1.0})
    bar_axes, curve_axes = explorer.still_figure().axes
    heights = [bar.get_height() for bar in bar_axes.patches]
    assert heights[3] == pytest.approx(explorer.readouts()["loss[4]"])
    assert bar_axes.patches[6].get_hatch() == "xx"  # the infinite loss, cross-hatched to the top
    assert "= ∞ nats" in bar_axes.get_title()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(LogLossExplorer(Y, Y_HAT))


@pytest.mark.slow
def test_two_hundred_explorers_built_and_closed_leave_little_behind():
    labels, predictions = Y * 2, Y_HAT * 2

    def build(index: int) -> LogLossExplorer:
        explorer = LogLossExplorer(labels, predictions)
        explorer.set({"ŷ[1]": 0.5})
        return explorer

    assert_closed_explorers_leave_little(build)
