"""The coin explorer (bitsandnats.explorers.CoinExplorer), headless: state, readouts, tosses, refusals, memory.

Moves go through the interface notebooks use (``.set`` and
``.sliders[name].value``); after each, the state must be on the grid and
``readouts()`` must equal the package's own functions on the values the
controls show, with the tosses drawn here independently of the explorer.
The browser's module is run in node on the same state: it must toss exactly
the same coins and show the same text.
"""

from __future__ import annotations

import base64
import json
import math
import random
from functools import lru_cache

import numpy as np
import pytest
from explorer_checks import (PROBABILITY_JUNK, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, assert_junk_refused,
                             probability_junk, run_module_in_node, storm)

from bitsandnats import measures
from bitsandnats.explorers import CoinExplorer
from bitsandnats.explorers.coin import MAX_DRAWS, SAMPLE_SIZES, tails_thresholds

SEED = 2025


@lru_cache(maxsize=4)
def uniforms(seed: int = SEED, count: int = 10_000) -> np.ndarray:
    """The numbers the tosses come from, drawn here as notebook 02 draws them (read-only: they are shared)."""
    numbers = np.random.default_rng(seed).random(count)
    numbers.flags.writeable = False
    return numbers


def expected_readouts(p_heads: float, draws: int, seed: int = SEED, max_draws: int = 10_000) -> dict[str, float]:
    """H and the average surprise, from the uniforms themselves (not the explorer's thresholds)."""
    coin = [p_heads, 1.0 - p_heads]
    tosses = (uniforms(seed, max_draws)[:draws] >= p_heads).astype(np.int64)
    return {"H": measures.entropy(coin, base=2), "average surprise": measures.average_surprisal(tosses, coin, base=2)}


@pytest.fixture
def explorer():
    made = CoinExplorer()
    yield made
    made.close()


# --- notebook 02's coin ----------------------------------------------------------------


def test_default_state_reproduces_notebook_02(explorer):
    """The 0.8/0.2 coin and 100 seeded tosses: H is the package's entropy of the coin (what that is in bits is
    asserted once, in tests/test_documents.py), and the tosses' average surprise is notebook 02's."""
    assert explorer.sliders["p(heads)"].value == 0.8
    assert explorer.sliders["N"].value == 100
    values = explorer.readouts()
    assert values == expected_readouts(0.8, 100)
    assert round(values["average surprise"], 4) == 0.8819
    assert explorer.summary() == (f"entropy of the 0.800/0.200 coin, H = {values['H']:.4f} bits\n"
                                  "average surprise of N = 100 tosses = 0.8819 bits")


def test_the_tosses_are_notebook_02s():
    explorer = CoinExplorer(0.8, draws=10_000)
    notebook_tosses = np.random.default_rng(SEED).choice(2, size=10_000, p=[0.8, 0.2])
    assert np.array_equal(explorer.tosses(), notebook_tosses)
    running = measures.average_surprisal(notebook_tosses, [0.8, 0.2], running=True)
    assert explorer.readouts()["average surprise"] == pytest.approx(running[-1], rel=1e-14)
    explorer.close()


# --- the thresholds: the browser's tosses are Python's ------------------------------------


def test_thresholds_decide_every_toss_exactly_as_the_uniforms_do():
    numbers = uniforms()
    thresholds = tails_thresholds(numbers)
    assert thresholds.min() >= 0 and thresholds.max() <= 999
    for count in range(1001):
        assert np.array_equal(numbers >= count / 1000, thresholds >= count), count


def test_thresholds_at_the_edges_of_a_step():
    edges = np.array([0.0, 0.001, 0.8, 0.999])
    numbers = np.concatenate([edges, np.nextafter(edges[1:], 0.0), np.nextafter(edges, 1.0)])
    thresholds = tails_thresholds(numbers)
    for count in range(1001):
        assert np.array_equal(numbers >= count / 1000, thresholds >= count), count
    assert tails_thresholds([0.8, np.nextafter(0.8, 0.0)]).tolist() == [800, 799]


def test_the_browser_tosses_the_same_coins_and_shows_the_same_text(tmp_path):
    explorer = CoinExplorer(0.8, draws=100, max_draws=10_000)
    states = [(count, draws) for count in (0, 1, 2, 199, 200, 500, 799, 800, 801, 999, 1000)
              for draws in (1, 100, 10_000)]
    # The thresholds as the page gets them: the trait's bytes, in a DataView.
    script = f"""
const bytes = Buffer.from("{base64.b64encode(explorer.thresholds).decode()}", "base64");
const thresholds = explorer.decodeThresholds(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const states = {json.dumps(states)};
const out = states.map(([count, draws]) => {{
  const numbers = explorer.coinNumbers(count, draws, thresholds);
  return {{ tosses: explorer.coinTosses(count, thresholds, draws), entropy: numbers.entropy, average: numbers.average,
           tails: numbers.tails, rows: explorer.coinReadouts(numbers).map((row) => [row.label, row.text]) }};
}});
console.log(JSON.stringify(out));
"""
    shown = run_module_in_node("coin", script, tmp_path)
    for (count, draws), browser in zip(states, shown):
        explorer.set({"p(heads)": count / 1000, "N": draws})
        assert browser["tosses"] == explorer.tosses().tolist(), (count, draws)
        assert browser["tails"] == int(explorer.tosses().sum())
        values = explorer.readouts()
        assert browser["entropy"] == pytest.approx(values["H"], rel=1e-13, abs=1e-15)
        assert browser["average"] == pytest.approx(values["average surprise"], rel=1e-13, abs=1e-15)
        assert [tuple(row) for row in browser["rows"]] == explorer._summary_rows()
    explorer.close()


# --- moves ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_storm_of_random_moves_keeps_the_state_valid_and_the_readouts_true(explorer):
    rng = random.Random(20250601)
    sizes = explorer.sliders["N"].options
    # Besides the junk for any probability: numbers beyond p(heads)'s range (7, 100.5, one past the largest
    # sample size), and for N numbers that are no sample size (0, a probability, 100 as a float).
    junk = {"p(heads)": PROBABILITY_JUNK + [7, 100.5, sizes[-1] + 1],
            "N": PROBABILITY_JUNK + [7, 100.5, 0, sizes[-1] + 1, 0.3, 100.0]}

    def draw() -> dict:
        kind = rng.random()
        if kind < 0.25:
            value = rng.randrange(1001) / 1000
            return {"p(heads)": (value, value)}
        if kind < 0.4:
            value = rng.choice([0.0, 1.0, 0, 1, 0.001, 0.999, 0.5, explorer.sliders["p(heads)"].value])
            return {"p(heads)": (value, value)}
        if kind < 0.6:
            size = rng.choice(sizes)
            return {"N": (size, size)}
        name = rng.choice(["p(heads)", "N"])
        return {name: (rng.choice(junk[name]), REFUSED)}

    def check(taken: dict) -> None:
        p_heads, draws = explorer.sliders["p(heads)"].value, explorer.sliders["N"].value
        assert isinstance(explorer.p_heads, int) and 0 <= explorer.p_heads <= 1000
        assert p_heads == explorer.p_heads / 1000 and draws in sizes
        assert explorer.readouts() == expected_readouts(p_heads, draws)

    refused = storm(explorer, rng, draw, state=lambda: (explorer.p_heads, explorer.draws), check=check)
    assert 2_000 < refused < 8_000  # both kinds of move really happened


def test_set_is_all_or_nothing(explorer):
    with pytest.raises(ValueError, match="N"):
        explorer.set({"p(heads)": 0.3, "N": 7})
    assert (explorer.sliders["p(heads)"].value, explorer.sliders["N"].value) == (0.8, 100)
    explorer.set({"p(heads)": 0.3, "N": 1_000})
    assert (explorer.sliders["p(heads)"].value, explorer.sliders["N"].value) == (0.3, 1_000)
    with pytest.raises(ValueError, match="no control named"):
        explorer.set(q=0.3)


@pytest.mark.parametrize("value", probability_junk())
def test_each_kind_of_junk_is_refused_with_the_controls_name(explorer, value):
    assert_junk_refused(explorer, value, ["p(heads)", "N"], lambda: (explorer.p_heads, explorer.draws))


def test_a_browser_state_off_the_grid_is_refused_and_put_back(explorer):
    for state in ({"p_heads": 1001}, {"draws": 7}, {"thresholds": bytes(20_000)}, {"sizes": [1, 2]}):
        explorer.set_state(state)
        assert (explorer.p_heads, explorer.draws) == (800, 100)
        assert np.array_equal(np.frombuffer(explorer.thresholds, "<u2"), tails_thresholds(uniforms()))
        assert explorer.error.startswith("Refused:")
    explorer.set_state({"p_heads": 300, "draws": 1_000})
    assert explorer.readouts() == expected_readouts(0.3, 1_000)


# --- construction -----------------------------------------------------------------------


@pytest.mark.parametrize("arguments, name", [
    ({"p_heads": 0.8005}, "p_heads"), ({"p_heads": 1.5}, "p_heads"), ({"p_heads": math.nan}, "p_heads"),
    ({"p_heads": "0.8"}, "p_heads"), ({"p_heads": 1e-310}, "p_heads"),
    ({"draws": 7}, "draws"), ({"draws": 100.0}, "draws"), ({"draws": True}, "draws"),
    ({"draws": 20_000}, "draws"),
    ({"max_draws": 0}, "max_draws"), ({"max_draws": MAX_DRAWS + 1}, "max_draws"), ({"max_draws": 10**9}, "max_draws"),
    ({"max_draws": 1e4}, "max_draws"),
    ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": "2025"}, "seed"),
    ({"presentation": "yes"}, "presentation"),
])
def test_bad_arguments_are_refused_by_name(arguments, name):
    with pytest.raises(ValueError, match=name):
        CoinExplorer(**arguments)


def test_the_sample_sizes_end_at_max_draws():
    explorer = CoinExplorer(0.5, draws=3, max_draws=3)
    assert explorer.sliders["N"].options == (1, 2, 3)
    explorer.close()
    largest = CoinExplorer(0.5, draws=MAX_DRAWS, max_draws=MAX_DRAWS)
    assert largest.sliders["N"].options == SAMPLE_SIZES
    assert largest.readouts() == expected_readouts(0.5, MAX_DRAWS, max_draws=MAX_DRAWS)
    largest.close()


# --- display, closing, memory -----------------------------------------------------------


def test_the_display_carries_the_live_view_a_picture_and_the_summary(explorer):
    explorer.set({"p(heads)": 0.999, "N": 10_000})
    assert "0.999/0.001 coin" in assert_display_bundle(explorer, "Coin explorer")


def test_the_still_figure_shows_the_current_state(explorer):
    explorer.set({"p(heads)": 0.3, "N": 1_000})
    figure = explorer.still_figure()
    curve_axes, sample_axes = figure.axes
    point = curve_axes.lines[1]
    assert point.get_xdata()[0] == 0.3 and point.get_ydata()[0] == explorer.readouts()["H"]
    assert sample_axes.lines[1].get_ydata()[-1] == pytest.approx(explorer.readouts()["average surprise"], rel=1e-14)
    assert len(sample_axes.lines[1].get_xdata()) == 1_000


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(CoinExplorer())


@pytest.mark.slow
def test_two_hundred_explorers_built_and_closed_leave_little_behind():
    # Each holds its 10,000 tosses twice (about 0.1 MiB): 200 kept alive would be about 20 MiB, which is why
    # the check also asks that each be gone.
    def build(index: int) -> CoinExplorer:
        explorer = CoinExplorer()
        explorer.set({"p(heads)": 0.5})
        return explorer

    assert_closed_explorers_leave_little(build)
