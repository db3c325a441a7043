"""The log-loss explorer (bitsandnats.explorers.LogLossExplorer), headless: state, readouts, refusals, memory.

Moves go through the interface notebooks use (``.set`` and
``.sliders[name].value``); after each, every prediction must be on the grid
and ``readouts()`` must equal ``binary_cross_entropy`` and ``log_loss`` on
the values the controls show.  The browser's module is run in node on the
same states: the same losses and the same text.
"""

from __future__ import annotations

import base64
import gc
import json
import math
import random
import shutil
import subprocess
import weakref

import numpy as np
import psutil
import pytest

from bitsandnats import measures
from bitsandnats.explorers import LogLossExplorer
from bitsandnats.explorers._base import module_source
from bitsandnats.explorers.logloss import MAX_EXAMPLES

Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
NAMES = [f"ŷ[{i}]" for i in range(1, 11)]
#: Values no control may take: each must be refused with a ValueError and change nothing.
JUNK = [math.nan, math.inf, -math.inf, 1e-310, 1.5, -0.001, "0.5", None, 0.0005, True, [0.5]]


def shown(explorer) -> list[float]:
    """What the controls show, read through them."""
    sliders = explorer.sliders
    return [sliders[name].value for name in NAMES]


def expected_readouts(labels, predictions) -> dict[str, float]:
    losses = measures.binary_cross_entropy(labels, predictions)
    values = {f"loss[{i + 1}]": float(loss) for i, loss in enumerate(losses)}
    values["log loss"] = measures.log_loss(labels, predictions)
    return values


def run_in_node(script: str, tmp_path) -> list:
    """Run ``script`` in node after ``import * as logloss from`` the module the browser loads; its JSON output."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser module's arithmetic cannot be checked here")
    (tmp_path / "logloss.mjs").write_text(module_source("logloss"), encoding="utf-8")
    (tmp_path / "driver.mjs").write_text('import * as logloss from "./logloss.mjs";\n' + script, encoding="utf-8")
    result = subprocess.run([node, str(tmp_path / "driver.mjs")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def explorer():
    made = LogLossExplorer(Y, Y_HAT)
    yield made
    made.close()


# --- the documents' numbers ------------------------------------------------------------


def test_default_state_reproduces_notebook_04(explorer):
    values = explorer.readouts()
    assert [round(values[f"loss[{i}]"], 3) for i in range(1, 11)] == [0.223, 0.105, 0.105, 0.511, 0.223, 0.105,
                                                                       0.511, 0.223, 0.105, 0.357]
    assert round(values["log loss"], 3) == 0.247
    assert shown(explorer) == Y_HAT
    assert explorer.summary().splitlines()[0] == "example 1 (y = 1, ŷ = 0.800) = 0.223 nats"
    assert explorer.summary().splitlines()[-1] == "log loss, the mean = 0.247 nats"


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
  const numbers = logloss.logLossNumbers(labels, counts);
  const finite = (value) => (value === Infinity ? "inf" : value);
  return {{ losses: numbers.losses.map(finite), mean: finite(numbers.mean), trueClass: numbers.trueClass,
           rows: logloss.logLossReadouts(numbers).map((row) => [row.key, row.label, row.text]) }};
}});
console.log(JSON.stringify(out));
"""
    for counts, browser in zip(states, run_in_node(script, tmp_path)):
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


def test_a_storm_of_random_moves_keeps_the_state_valid_and_the_readouts_true(explorer):
    rng = random.Random(20250604)
    refused = 0
    for _ in range(10_000):
        before = list(explorer.predictions)
        names = rng.sample(NAMES, rng.choice([1, 1, 1, 2, 3]))
        moves, junk = {}, False
        for name in names:
            kind = rng.random()
            if kind < 0.5:
                moves[name] = rng.randrange(1001) / 1000
            elif kind < 0.75:  # the keys' steps, which can run off either end
                current = explorer.sliders[name].value
                moves[name] = rng.choice([0.0, 1.0, round(current + 0.001, 3), round(current - 0.01, 3)])
                junk |= not 0.0 <= moves[name] <= 1.0
            else:
                moves[name] = rng.choice(JUNK)
                junk = True
        try:
            if len(moves) == 1 and rng.random() < 0.5:
                [(name, value)] = moves.items()
                explorer.sliders[name].value = value
            else:
                explorer.set(moves)
            assert not junk, moves
        except ValueError as error:
            refused += 1
            assert junk, (moves, error)
            assert any(name in str(error) for name in moves)
            assert explorer.predictions == before  # all or nothing
        assert all(isinstance(count, int) and 0 <= count <= 1000 for count in explorer.predictions)
        values = shown(explorer)
        assert values == [count / 1000 for count in explorer.predictions]
        assert explorer.readouts() == expected_readouts(Y, values)
    assert 1_500 < refused < 8_000  # both kinds of move really happened


@pytest.mark.parametrize("value", JUNK)
def test_each_kind_of_junk_is_refused_with_the_controls_name(explorer, value):
    with pytest.raises(ValueError, match=r"ŷ\[4\]"):
        explorer.sliders["ŷ[4]"].value = value
    with pytest.raises(ValueError, match=r"ŷ\[4\]"):
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
    data, _ = explorer._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == f"Log-loss explorer\n{explorer.summary()}"
    assert "example 6 (y = 0, ŷ = 1.000) = ∞ nats" in data["text/plain"]


def test_the_still_figure_shows_the_current_state(explorer):
    explorer.set({"ŷ[4]": 0.05, "ŷ[7]": 1.0})
    bar_axes, curve_axes = explorer.still_figure().axes
    heights = [bar.get_height() for bar in bar_axes.patches]
    assert heights[3] == pytest.approx(explorer.readouts()["loss[4]"])
    assert bar_axes.patches[6].get_hatch() == "xx"  # the infinite loss, cross-hatched to the top
    assert "= ∞ nats" in bar_axes.get_title()


def test_close_frees_the_widget():
    explorer = LogLossExplorer(Y, Y_HAT)
    assert explorer.comm is not None
    explorer.close()
    assert explorer.comm is None


def test_two_hundred_explorers_built_and_closed_leave_little_behind():
    # One explorer is small, so memory alone would miss a leak of a few of them: each must also be gone.
    labels, predictions = Y * 2, Y_HAT * 2
    closed = []

    def build_and_close(count):
        for _ in range(count):
            explorer = LogLossExplorer(labels, predictions)
            explorer.set({"ŷ[1]": 0.5})
            explorer.close()
            closed.append(weakref.ref(explorer))
        del explorer
        gc.collect()

    process = psutil.Process()
    build_and_close(20)  # warm-up: imports, caches, the allocator's pools
    before = process.memory_info().rss
    build_and_close(200)
    grown = process.memory_info().rss - before
    assert grown < 20 * 2**20, f"{grown / 2**20:.1f} MiB left behind"
    assert sum(ref() is not None for ref in closed) == 0
