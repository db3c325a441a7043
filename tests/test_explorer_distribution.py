"""The distribution explorer (notebook 03), headless: its state, its moves, its numbers.

Every move goes through the interface a notebook uses (``.set`` and
``.sliders[name].value``) or through ``set_state``, the path a move in the
browser takes into the kernel.  After every move the distributions must be
on the grid of 0.001 and sum to exactly 1, a refused move must have changed
nothing, and ``readouts()`` must equal the package's measures on the
probabilities the controls show.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from explorer_checks import (JUNK_FOR_EVERY_CONTROL, PROBABILITY_JUNK, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, assert_junk_refused,
                             assert_one_es_module, distribution_readouts, probability_junk, storm)

from bitsandnats import measures
from bitsandnats.explorers import DistributionExplorer, grid

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
COLOURS = ["red", "green", "blue"]


@pytest.fixture
def explorer():
    made = DistributionExplorer(P, Q, COLOURS)
    yield made
    made.close()


def shown(explorer, which: str) -> list[float]:
    return [explorer.sliders[f"{which}[{event}]"].value for event in explorer.events]


def assert_on_the_grid(explorer) -> None:
    """P and Q are whole thousandths summing to exactly 1."""
    for counts in (explorer.p, explorer.q):
        assert all(isinstance(count, int) and 0 <= count <= grid.STEPS for count in counts)
        assert sum(counts) == grid.STEPS


def assert_consistent(explorer) -> None:
    """On the grid, summing to exactly 1, and the readouts are the package's numbers for what is shown."""
    assert_on_the_grid(explorer)
    p, q = shown(explorer, "P"), shown(explorer, "Q")
    assert p == [count / 1000 for count in explorer.p]
    assert explorer.readouts() == distribution_readouts(p, q, explorer.base)


def test_the_readouts_at_the_start_are_the_measures_of_the_given_p_and_q(explorer):
    """The controls show P and Q as given, and the six readouts are the package's measures of them, in bits.

    What those numbers are for the documents' P and Q is asserted once, in tests/test_documents.py.
    """
    assert (shown(explorer, "P"), shown(explorer, "Q"), explorer.unit) == (P, Q, "bits")
    assert explorer.readouts() == distribution_readouts(P, Q, 2)
    assert_consistent(explorer)


def test_a_move_rescales_the_others_in_proportion_on_the_grid(explorer):
    explorer.set({"P[red]": 0.55})
    assert shown(explorer, "P") == [0.55, 0.2, 0.25]
    explorer.sliders["Q[green]"].value = 0.89
    # the rest, 0.11, is shared 0.80 : 0.05 between red and blue, rounded by largest remainder
    assert explorer.q == [104, 890, 6]
    assert_consistent(explorer)


def test_what_is_shown_is_what_is_computed_after_make_p_uniform(explorer):
    """The old explorer showed 0.330 three times and computed with 1/3; now P is 0.334, 0.333, 0.333 and used as such."""
    explorer.make_p_uniform()
    assert shown(explorer, "P") == [0.334, 0.333, 0.333]
    assert explorer.readouts()["KL(P||Q)"] == measures.kl_divergence([0.334, 0.333, 0.333], Q)
    assert_consistent(explorer)


def test_legal_steps_cannot_break_q(explorer):
    """The old explorer reached Q = [0, inf, 0.5] this way, then raised on every move."""
    for i in range(105):
        explorer.set({"Q[red]" if i % 2 == 0 else "Q[blue]": 0.999})
    explorer.set({"Q[red]": 0.0})
    explorer.set({"Q[blue]": 0.5})
    assert_consistent(explorer)
    assert explorer.q == [250, 250, 500]  # red and green both had 0: they share the rest evenly


@pytest.mark.parametrize("junk", probability_junk())
def test_junk_is_refused_and_changes_nothing(explorer, junk):
    assert_junk_refused(explorer, junk, ["P[red]", "Q[blue]"],
                        lambda: (list(explorer.p), list(explorer.q), explorer.unit, explorer.view))


def test_a_set_is_all_or_nothing(explorer):
    with pytest.raises(ValueError, match=r"Q\[blue\]"):
        explorer.set({"P[red]": 0.3, "Q[blue]": float("nan")})
    assert explorer.p == [100, 400, 500]
    with pytest.raises(ValueError, match="no control named 'P\\[pink\\]'"):
        explorer.set({"P[red]": 0.3, "P[pink]": 0.1})
    assert explorer.p == [100, 400, 500]
    with pytest.raises(ValueError, match="unit must be one of bits, nats, hartleys"):
        explorer.set(unit="furlongs")


@pytest.mark.slow
def test_ten_thousand_random_moves_keep_the_state_valid_and_the_numbers_right():
    explorer = DistributionExplorer(P, Q, COLOURS)
    rng = random.Random(9)
    names = list(explorer.sliders)
    choices = {"unit": ["bits", "nats", "hartleys"], "view": ["bars", "area"]}
    junk = {"unit": ["furlongs", "Bits", *JUNK_FOR_EVERY_CONTROL], "view": ["pie", *JUNK_FOR_EVERY_CONTROL]}

    def draw() -> dict:
        name = rng.choice(names)
        if name in choices:
            if rng.random() < 0.25:
                return {name: (rng.choice(junk[name]), REFUSED)}
            value = rng.choice(choices[name])
            return {name: (value, value)}
        if rng.random() < 1 / 6:
            return {name: (rng.choice(PROBABILITY_JUNK), REFUSED)}
        value = rng.choice([rng.randrange(1001) / 1000, 0.0, 1.0, 0.001, 0.999])
        return {name: (value, value)}  # the control moved keeps its value; the others share the rest

    moves = 0

    def check(taken: dict) -> None:
        nonlocal moves
        assert_on_the_grid(explorer)
        if moves % 50 == 0:  # the readouts, which take most of the time, on every 50th state
            assert_consistent(explorer)
            assert not any(math.isnan(value) for value in explorer.readouts().values())
        moves += 1

    refused = storm(explorer, rng, draw, state=lambda: (list(explorer.p), list(explorer.q), explorer.unit,
                                                        explorer.view), check=check)
    assert 1_000 < refused < 3_000  # junk in about 19% of the moves: both kinds really happened
    assert_consistent(explorer)
    explorer.close()


def test_moves_from_the_browser_are_checked_whole():
    """set_state is how the browser's moves arrive: a valid state is taken, anything else refused and explained."""
    explorer = DistributionExplorer(P, Q, COLOURS)
    explorer.set_state({"p": [200, 300, 500], "q": [0, 0, 1000]})
    assert (explorer.p, explorer.q, explorer.error) == ([200, 300, 500], [0, 0, 1000], "")
    for bad in ({"p": [200, 300, 501]}, {"p": [-1, 501, 500]}, {"p": [1000, 0]}, {"q": [0, 0, 1001]},
                {"unit": "furlongs"}, {"events": ["red", "red", "blue"]}, {"events": ["red", "green"]},
                {"view": "pie"}, {"target": 0.3}):
        explorer.set_state(bad)
        assert (explorer.p, explorer.q, explorer.unit, explorer.events) == (
            [200, 300, 500], [0, 0, 1000], "bits", COLOURS), bad
        assert explorer.error.startswith("Refused:"), bad
    # the browser's events editor sends events, P and Q together
    explorer.set_state({"events": ["red", "green", "blue", "pink"], "p": [200, 300, 500, 0], "q": [0, 0, 999, 1],
                        "error": ""})
    assert explorer.events == ["red", "green", "blue", "pink"] and explorer.error == ""
    assert_consistent(explorer)
    explorer.close()


def test_buttons(explorer):
    explorer.swap()
    assert (explorer.p, explorer.q) == ([800, 150, 50], [100, 400, 500])
    explorer.copy_p_to_q()
    assert explorer.readouts()["KL(P||Q)"] == 0.0
    assert explorer.readouts()["H(P,Q)"] == explorer.readouts()["H(P)"]
    explorer.randomize(seed=3)
    assert_consistent(explorer)
    explorer.new_target(0.5)
    assert "target KL(P‖Q) = 0.50 bits" in explorer.summary()
    with pytest.raises(ValueError, match="target_bits"):
        explorer.new_target(0.3)
    explorer.reset()
    assert (explorer.p, explorer.q, explorer.target) == ([100, 400, 500], [800, 150, 50], None)


def test_events_can_be_added_removed_and_renamed(explorer):
    explorer.add_event("pink")
    assert explorer.events == ["red", "green", "blue", "pink"]
    assert shown(explorer, "P")[-1] == 0.0
    explorer.set({"P[pink]": 0.2})
    assert_consistent(explorer)
    explorer.rename_event("pink", "magenta")
    assert "P[magenta]" in explorer.sliders
    with pytest.raises(ValueError, match="different names"):
        explorer.rename_event("magenta", "red")
    explorer.remove_event("red")
    assert explorer.events == ["green", "blue", "magenta"]
    assert_consistent(explorer)
    explorer.remove_event("green")
    with pytest.raises(ValueError, match="2 to 10 events"):
        explorer.remove_event("blue")
    for number in range(8):
        explorer.add_event(f"extra {number}")
    with pytest.raises(ValueError, match="2 to 10 events"):
        explorer.add_event("one too many")


def test_units():
    explorer = DistributionExplorer(P, Q, COLOURS, base=math.e)
    assert explorer.unit == "nats" and explorer.summary().count("nats") == 6
    explorer.set(unit="hartleys")
    assert explorer.readouts()["H(P,Q)"] == pytest.approx(measures.cross_entropy(P, Q) * math.log10(2), rel=1e-12)
    explorer.close()


@pytest.mark.parametrize("arguments, message", [
    ((P, Q, ["red", "red", "blue"]), "'red' appears more than once"),
    ((P, Q, ["red", "green"]), "one entry per event"),
    (([1.0], [1.0], ["only"]), "2 to 10 events"),
    (([0.1] * 10 + [0.0], [0.1] * 10 + [0.0], [f"e{i}" for i in range(11)]), "2 to 10 events"),
    (([0.3, 0.3, 0.4], [1 / 3, 1 / 3, 1 / 3], COLOURS), r"q\[0\] must be a probability in steps of 0.001"),
    (([0.5, 0.4, 0.0], Q, COLOURS), "p must sum to 1"),
    ((P, [0.8, 0.15, float("nan")], COLOURS), r"q\[2\] must be a number"),
    ((P, Q, ["red", "", "blue"]), "non-empty names"),
    ((P, Q, ["red", 3, "blue"]), "non-empty names"),
])
def test_the_constructor_refuses_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        DistributionExplorer(*arguments)


def test_the_constructor_refuses_other_units_and_a_non_boolean_presentation():
    with pytest.raises(ValueError, match="base must be 2"):
        DistributionExplorer(P, Q, COLOURS, base=3)
    with pytest.raises(ValueError, match="presentation must be True or False"):
        DistributionExplorer(P, Q, COLOURS, presentation="yes")


def test_arguments_are_copied():
    p, q, events = list(P), np.array(Q), list(COLOURS)
    explorer = DistributionExplorer(p, q, events)
    p[0], q[0], events[0] = 0.9, 0.0, "pink"
    assert (explorer.p, explorer.q, explorer.events) == ([100, 400, 500], [800, 150, 50], COLOURS)
    explorer.close()


def test_the_display_carries_the_live_view_a_picture_and_the_numbers(explorer):
    text = assert_display_bundle(explorer, "Distribution explorer")
    assert f"KL(P‖Q) = {measures.kl_divergence(P, Q):.3f} bits" in text


def test_the_module_and_its_shared_files_are_one_es_module(explorer):
    assert_one_es_module(explorer._esm, "distribution", ["twin.js", "svg.js", "pq.js", "distribution.js"])


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(DistributionExplorer(P, Q, COLOURS))


@pytest.mark.slow
def test_closing_frees_the_widget_and_its_memory():
    def build(index: int) -> DistributionExplorer:
        explorer = DistributionExplorer(P, Q, COLOURS)
        explorer.set({"P[red]": 0.3})
        return explorer

    assert_closed_explorers_leave_little(build)
