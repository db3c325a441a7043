"""The joint-table explorer (notebook 12), headless: its cells, buttons, readouts, refusals, display, and the browser.

Moves go through the interface notebooks use (``.set`` and
``.sliders[name].value``); after each, the table must be on the grid of
0.001 and sum to exactly 1, and ``readouts()`` must equal the package's
measures (:mod:`bitsandnats.measures`) of the cells the controls show.  The
browser's module is run in node on the same tables: the same numbers (to
1e-12), the same text, and the same grid arithmetic for a move and for the
"independent" button.
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
from matplotlib.figure import Figure

from bitsandnats import measures
from bitsandnats.explorers import grid
from bitsandnats.explorers.joint import WEATHER, JointExplorer, independent_counts

NAMES = ["P[rain, umbrella]", "P[rain, none]", "P[dry, umbrella]", "P[dry, none]"]


def expected_readouts(table) -> dict[str, float]:
    """What the explorer must show for ``table``, from the package's measures, in bits."""
    px, py = measures.marginals(table)
    return {"H(X)": measures.entropy(px), "H(Y)": measures.entropy(py), "H(X,Y)": measures.joint_entropy(table),
            "H(X|Y)": measures.conditional_entropy(table, given="y"),
            "H(Y|X)": measures.conditional_entropy(table, given="x"),
            "I(X;Y)": measures.mutual_information(table)}


def shown(explorer) -> list[float]:
    return [control.value for control in explorer.sliders.values()]


@pytest.fixture
def explorer():
    made = JointExplorer()
    yield made
    made.close()


# --- the default table ----------------------------------------------------------------------


def test_the_default_is_the_weather_and_the_umbrella(explorer):
    assert list(explorer.sliders) == NAMES
    assert shown(explorer) == [0.3, 0.05, 0.15, 0.5]
    assert explorer.table().tolist() == WEATHER["pxy"]
    values = explorer.readouts()
    assert values == expected_readouts(np.array(WEATHER["pxy"]))
    assert explorer.summary().splitlines() == [
        "P(x) for X = weather: rain, dry = 0.350, 0.650",
        "P(y) for Y = umbrella: umbrella, none = 0.450, 0.550",
        f"H(X), entropy of weather = {values['H(X)']:.4f} bits",
        f"H(Y), entropy of umbrella = {values['H(Y)']:.4f} bits",
        f"H(X,Y), joint entropy = {values['H(X,Y)']:.4f} bits",
        f"H(X|Y), weather left once umbrella is known = {values['H(X|Y)']:.4f} bits",
        f"H(Y|X), umbrella left once weather is known = {values['H(Y|X)']:.4f} bits",
        f"I(X;Y) = KL(P(x,y) ‖ P(x)P(y)), mutual information = {values['I(X;Y)']:.4f} bits"]


def test_the_readouts_obey_the_chain_rule(explorer):
    values = explorer.readouts()
    assert values["H(X,Y)"] == pytest.approx(values["H(X)"] + values["H(Y|X)"], rel=1e-14)
    assert values["I(X;Y)"] == pytest.approx(values["H(X)"] + values["H(Y)"] - values["H(X,Y)"], rel=1e-12)


def test_a_three_by_three_table_with_default_labels():
    explorer = JointExplorer([[0.1, 0.1, 0.1], [0.1, 0.2, 0.1], [0.0, 0.1, 0.2]])
    assert list(explorer.sliders)[:3] == ["P[x1, y1]", "P[x1, y2]", "P[x1, y3]"]
    assert explorer.summary().splitlines()[0] == "P(x) for X = X: x1, x2, x3 = 0.300, 0.400, 0.300"
    assert explorer.readouts() == expected_readouts(explorer.table())
    explorer.close()


# --- moves and buttons -------------------------------------------------------------------------


def test_moving_a_cell_rescales_the_others_on_the_grid(explorer):
    explorer.sliders["P[dry, none]"].value = 0.8
    assert explorer.cells == grid.rebalance([300, 50, 150, 500], 3, 800) == [120, 20, 60, 800]
    assert sum(explorer.cells) == 1000
    assert explorer.readouts() == expected_readouts(explorer.table())


def test_several_moves_are_applied_in_order(explorer):
    explorer.set({"P[rain, umbrella]": 0.5, "P[dry, none]": 0.25})
    first = grid.rebalance([300, 50, 150, 500], 0, 500)
    assert explorer.cells == grid.rebalance(first, 3, 250)


def test_independent_sets_the_product_of_the_marginals_rounded_and_reset_brings_back_the_start(explorer):
    explorer.make_independent()
    assert explorer.cells == [158, 193, 292, 357]  # 157.5, 192.5, 292.5, 357.5 thousandths, ties to the first
    assert 0.0 < explorer.readouts()["I(X;Y)"] < 1e-5  # the rounding leaves a trace of dependence
    explorer.reset()
    assert explorer.cells == [300, 50, 150, 500]
    independent = JointExplorer([[0.2, 0.2], [0.3, 0.3]])
    independent.make_independent()  # already independent: 0.4 x 0.5 etc. land on the grid
    assert independent.cells == [200, 200, 300, 300] and independent.readouts()["I(X;Y)"] == 0.0
    independent.close()


@pytest.mark.parametrize("seed", range(5))
def test_independent_counts_keep_the_marginals_within_a_step(seed):
    rng = random.Random(seed)
    for _ in range(200):
        rows, columns = rng.choice([2, 3]), rng.choice([2, 3])
        counts = grid.apportion([rng.randrange(50) for _ in range(rows * columns)], 1000)
        made = independent_counts(counts, rows, columns)
        assert sum(made) == 1000 and min(made) >= 0
        table = np.array(made).reshape(rows, columns)
        old = np.array(counts).reshape(rows, columns)
        assert np.abs(table.sum(axis=1) - old.sum(axis=1)).max() <= columns
        assert np.abs(table.sum(axis=0) - old.sum(axis=0)).max() <= rows
        assert measures.mutual_information(table / 1000) < 0.01


@pytest.mark.parametrize("value", probability_junk())
def test_each_kind_of_junk_is_refused_with_the_controls_name(explorer, value):
    assert_junk_refused(explorer, value, ["P[dry, none]"], lambda: list(explorer.cells))
    with pytest.raises(ValueError, match=r"P\[dry, none\]"):  # beside a good move: nothing changes at all
        explorer.set({"P[rain, none]": 0.5, "P[dry, none]": value})
    assert explorer.cells == [300, 50, 150, 500]


def test_an_unknown_control_is_refused(explorer):
    with pytest.raises(ValueError, match="no control named 'P\\[snow, umbrella\\]'"):
        explorer.set({"P[snow, umbrella]": 0.1})


@pytest.mark.slow
def test_a_storm_of_moves_keeps_the_table_on_the_grid_and_the_readouts_true(explorer):
    rng = random.Random(20251212)
    expected: dict[tuple, dict] = {}

    def draw() -> dict:
        name = rng.choice(NAMES)
        kind = rng.random()
        if kind < 0.55:
            value = rng.randrange(1001) / 1000
            return {name: (value, value)}
        if kind < 0.75:
            current = explorer.sliders[name].value
            value = rng.choice([0.0, 1.0, round(current + 0.001, 3), round(current - 0.01, 3)])
            return {name: (value, value if 0.0 <= value <= 1.0 else REFUSED)}
        return {name: (rng.choice(PROBABILITY_JUNK), REFUSED)}

    def check(taken: dict) -> None:
        cells = explorer.cells
        assert all(type(count) is int and 0 <= count <= 1000 for count in cells) and sum(cells) == 1000
        assert shown(explorer) == [count / 1000 for count in cells]
        key = tuple(cells)
        if key not in expected:
            expected[key] = expected_readouts(np.array(cells).reshape(2, 2) / 1000)
        assert explorer.readouts() == expected[key]
        if rng.random() < 0.02:
            explorer.make_independent() if rng.random() < 0.5 else explorer.reset()

    refused = storm(explorer, rng, draw, state=lambda: list(explorer.cells), check=check)
    assert 1_500 < refused < 6_000


# --- the constructor and state from the browser -------------------------------------------------


@pytest.mark.parametrize("arguments, named", [
    ({"pxy": [[0.5, 0.5]]}, "pxy must have 2 to 3 rows"),
    ({"pxy": [[0.25] * 4] * 4}, "pxy must have 2 to 3 rows"),
    ({"pxy": [[0.5, 0.25], [0.25]]}, "pxy must have 2 to 3 columns"),
    ({"pxy": [[1.0], [0.0]]}, "pxy must have 2 to 3 columns"),
    ({"pxy": [[0.5, 0.5], [0.5, 0.5]]}, "pxy must sum to 1"),
    ({"pxy": [[0.5, 0.25], [0.2, 0.0505]]}, r"pxy\[1\]\[1\]"),
    ({"pxy": [[0.5, math.nan], [0.25, 0.25]]}, r"pxy\[0\]\[1\]"),
    ({"pxy": "table"}, "pxy must be a table"),
    ({"pxy": 0.5}, "pxy must be a table"),
    ({"pxy": [[0.5, 0.0], [0.0, 0.5]], "x_labels": ["a"]}, "x_labels must hold 2 names"),
    ({"pxy": [[0.5, 0.0], [0.0, 0.5]], "x_labels": ["a", "a"]}, "x_labels must be 2 different names"),
    ({"pxy": [[0.5, 0.0], [0.0, 0.5]], "y_labels": ["a", "b,c"]}, "y_labels must not use"),
    ({"pxy": [[0.5, 0.0], [0.0, 0.5]], "y_labels": "ab"}, "y_labels must be a sequence"),
    ({"pxy": [[0.5, 0.0], [0.0, 0.5]], "y_labels": ["a", 2]}, r"y_labels\[1\]"),
    ({"x_name": ""}, "x_name"),
    ({"y_name": 3}, "y_name"),
    ({"presentation": 1}, "presentation"),
])
def test_the_constructor_refuses_bad_arguments_and_names_them(arguments, named):
    with pytest.raises(ValueError, match=named):
        JointExplorer(**arguments)


def test_state_from_the_browser_is_taken_on_the_grid_and_refused_off_it(explorer):
    explorer.set_state({"cells": [250, 250, 250, 250]})
    assert explorer.cells == [250, 250, 250, 250] and explorer.error == ""
    for bad in ({"cells": [250, 250, 250, 251]}, {"cells": [250, 250, 500]}, {"cells": [1250, -250, 0, 0]},
                {"initial": [1000, 0, 0, 0]}, {"x_labels": ["snow", "sun"]}, {"names": ["a", "b"]}):
        explorer.set_state(bad)
        assert explorer.error.startswith("Refused:")
        assert explorer.cells == [250, 250, 250, 250]
        assert list(explorer.initial) == [300, 50, 150, 500] and list(explorer.x_labels) == ["rain", "dry"]


# --- display, closing, memory -------------------------------------------------------------------


def test_the_display_carries_the_live_view_a_png_and_the_summary(explorer):
    assert_display_bundle(explorer, "Joint-table explorer")


def test_the_still_figure_shows_the_table_and_the_diagram_in_bits(explorer):
    figure = explorer.still_figure()
    assert isinstance(figure, Figure)
    table, diagram = figure.axes
    assert table.images[0].get_array().tolist() == WEATHER["pxy"]
    assert diagram.get_xlabel() == "information (bits)"
    values = explorer.readouts()
    assert f"{values['I(X;Y)']:.3f} bits" in diagram.get_title()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(JointExplorer())


@pytest.mark.slow
def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    def build(index):
        made = JointExplorer()
        made.set({"P[rain, umbrella]": (index % 900) / 1000})
        return made

    assert_closed_explorers_leave_little(build)


# --- the browser ---------------------------------------------------------------------------------


def test_the_browser_computes_and_writes_the_same_numbers(tmp_path):
    rng = random.Random(12)
    shapes = [(2, 2), (2, 3), (3, 2), (3, 3)]
    states = []
    for rows, columns in shapes:
        cells = rows * columns
        for _ in range(60):
            weights = [rng.choice([0, 0, 1, rng.randrange(1000)]) for _ in range(cells)]
            states.append((rows, columns, grid.apportion(weights, 1000)))
        states.append((rows, columns, independent_counts(grid.apportion(list(range(1, cells + 1)), 1000), rows,
                                                         columns)))
        states.append((rows, columns, [1000] + [0] * (cells - 1)))
    moves = [(index, rng.randrange(1001)) for index in range(len(states))]
    script = f"""
const states = {json.dumps(states)};
const moves = {json.dumps(moves)};
const out = states.map(([rows, columns, counts], k) => {{
  const numbers = explorer.jointNumbers(counts, rows, columns);
  const cell = moves[k][1] % (rows * columns);
  const xLabels = Array.from({{ length: rows }}, (_, i) => `x${{i + 1}}`);
  const yLabels = Array.from({{ length: columns }}, (_, j) => `y${{j + 1}}`);
  return {{
    values: numbers.values,
    rows: explorer.jointReadouts(numbers, ["X", "Y"], xLabels, yLabels).map((row) => [row.key, row.label, row.text]),
    independent: explorer.independentCounts(counts, rows, columns),
  }};
}});
console.log(JSON.stringify({{ render: typeof explorer.default.render, out }}));
"""
    found = run_module_in_node("joint", script, tmp_path)
    assert found["render"] == "function"
    for (rows, columns, counts), browser in zip(states, found["out"]):
        table = [[counts[i * columns + j] / 1000 for j in range(columns)] for i in range(rows)]
        made = JointExplorer(table)
        python = made.readouts()
        assert browser["values"].keys() == python.keys()
        for key, value in python.items():
            assert browser["values"][key] == pytest.approx(value, rel=1e-12, abs=1e-15), (counts, key)
        assert [(label, text) for _, label, text in browser["rows"]] == made._summary_rows()
        assert browser["independent"] == independent_counts(counts, rows, columns)
        made.close()


def test_the_browsers_conditional_entropy_and_mutual_information_match_python_on_random_tables(tmp_path):
    rng = np.random.default_rng(2025)
    tables = []
    for rows, columns in [(2, 2), (3, 3), (2, 3), (4, 5)]:
        for _ in range(50):
            weights = rng.gamma(0.5, size=(rows, columns))
            weights[rng.random((rows, columns)) < 0.15] = 0.0
            weights[0, 0] += 1e-3
            tables.append((weights / weights.sum()).tolist())
    # Nearly independent tables, where I(X;Y) is tiny and the careful KL path is taken.
    for scale in (1e-3, 1e-6, 1e-9):
        px, py = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(3))
        table = np.outer(px, py) * (1 + scale * rng.standard_normal((3, 3)))
        tables.append((table / table.sum()).tolist())
    script = f"""
const tables = {json.dumps(tables)};
console.log(JSON.stringify(tables.map((table) => [explorer.conditionalEntropy(table, "x", 2),
  explorer.conditionalEntropy(table, "y", Math.E), explorer.mutualInformation(table, 2),
  explorer.mutualInformation(table, Math.E)])));
"""
    for table, (given_x, given_y, bits, nats) in zip(tables, run_module_in_node("joint", script, tmp_path)):
        assert given_x == pytest.approx(measures.conditional_entropy(table), rel=1e-12, abs=1e-15)
        assert given_y == pytest.approx(measures.conditional_entropy(table, given="y", base=math.e), rel=1e-12,
                                        abs=1e-15)
        assert bits == pytest.approx(measures.mutual_information(table), rel=1e-9, abs=1e-15)
        assert nats == pytest.approx(measures.mutual_information(table, base=math.e), rel=1e-9, abs=1e-15)
