"""The explorers of notebooks 11 (FittingExplorer) and 12 (JointExplorer) driven with the pointer, as with a mouse.

tests/browser/test_new_widgets.py drives them with the keyboard and their
buttons; here a learner grabs a range control's thumb and drags it: the
pointer goes down on the thumb (its position computed from the control's
box and value), moves in several steps and comes up.  The value the control
ends at must be what the last pointer position means (within one step), the
kernel's explorer must hold exactly that state, and the page's readouts must
be the kernel's ``readouts()`` written as the explorer writes them.  A fast
burst of 20 moves (no waiting between them, some past the control's ends)
must leave page and kernel agreeing too.

Where a move is path dependent (a joint-table cell: every value the control
passes through rebalances the other cells, with rounding), the values the
control reported (its ``input`` events, recorded in the page) are replayed
with :func:`bitsandnats.explorers.grid.rebalance`, and the kernel's table must
be exactly the replay's.

Neither explorer's charts respond to the pointer (fitting.js and joint.js
register no pointer or mouse handler on them): a drag across a chart must
change nothing, in the page or in the kernel.

Pointer geometry.  Chromium's range control (not restyled: explorers.css
only sets its accent colour and size) has a thumb 16 px wide whose centre
runs from the box's left end + 8 px to its right end − 8 px; value v of
0..max sits at ``left + 8 + (width − 16) · v / max``.  Every drag first
presses on the thumb and checks the press does not move it, so a different
thumb (another Chromium, a zoomed page) fails loudly instead of silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from bitsandnats.explorers.fitting import SEPARATIONS, WEIGHTS
from bitsandnats.notation import number_text

from .explorer_page import after_moves, expect, wait_until_still
from . import test_new_widgets
from .test_new_widgets import bits, explorer, kernel_json, rows

# test_new_widgets' fixtures, used here as they are: one JupyterLab page for the module, Run All per notebook.
lab_page = test_new_widgets.lab_page
run_notebook = test_new_widgets.run_notebook

#: Chromium's range thumb width in CSS pixels (measured: clicks at known x on a 0..1000 range of known width).
THUMB_PX = 16.0


@dataclass
class Track:
    """Where a range control is on screen (viewport pixels) and what its positions mean."""

    left: float
    width: float
    y: float
    maximum: int

    def x(self, value: float) -> float:
        """The pointer's x for ``value`` (any real number of steps: between two steps, or past the ends)."""
        return self.left + THUMB_PX / 2 + (self.width - THUMB_PX) * value / self.maximum

    def value_at(self, x: float) -> int:
        """The value a pointer at ``x`` means: the nearest step, clamped to the control's ends."""
        raw = (x - self.left - THUMB_PX / 2) / (self.width - THUMB_PX) * self.maximum
        return min(self.maximum, max(0, round(raw)))


def range_control(root, name: str):
    return root.locator(f'input.bn-range[data-name="{name}"]')


def track(control) -> Track:
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    assert control.get_attribute("min") == "0", control.get_attribute("min")
    return Track(left=box["x"], width=box["width"], y=box["y"] + box["height"] / 2,
                 maximum=int(control.get_attribute("max")))


#: Record every value the control reports while dragged (its input events, what the explorer acts on).
_RECORD_INPUT_JS = """(range) => {
  const seen = [];
  const note = () => seen.push(Number(range.value));
  range.addEventListener('input', note);
  range.__bnRecorded = () => { range.removeEventListener('input', note); return seen; };
}"""


def drag(control, positions: list[float]) -> tuple[int, list[int]]:
    """Press on the thumb of ``control``, move through ``positions`` (in steps), release.

    Returns what the last position means and the values the control
    reported on the way, in order.  The press itself must not move the thumb
    (it lands on it).
    """
    geometry = track(control)
    mouse = control.page.mouse
    start = int(control.input_value())
    mouse.move(geometry.x(start), geometry.y)
    control.evaluate(_RECORD_INPUT_JS)
    mouse.down()
    assert int(control.input_value()) == start, ("the press missed the thumb", start, control.input_value())
    for position in positions:
        mouse.move(geometry.x(position), geometry.y)
    mouse.up()
    seen = control.evaluate("(range) => range.__bnRecorded()")
    return geometry.value_at(geometry.x(positions[-1])), seen


def steps_towards(start: float, end: float, count: int = 6) -> list[float]:
    """``count`` positions from ``start`` to ``end`` (the last one ``end``), as a hand moves."""
    return [start + (end - start) * k / count for k in range(1, count + 1)]


#: 20 positions for a burst, as fractions of the track: back and forth, twice past the ends; it ends at 0.55.
BURST = [0.9, 0.15, 0.7, -0.2, 0.4, 0.95, 0.05, 1.25, 0.3, 0.8, 0.1, 0.6, 0.35, 0.85, 0.2, 0.75, 0.45, 0.65,
         0.5, 0.55]


def burst(control) -> tuple[int, list[int]]:
    maximum = int(control.get_attribute("max"))
    return drag(control, [fraction * maximum for fraction in BURST])


def drag_across(locator) -> None:
    """Press in the middle of ``locator``, drag about within it, release: what a learner trying to drag a chart does."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    mouse = locator.page.mouse
    mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    mouse.down()
    for fx, fy in ((0.3, 0.3), (0.2, 0.7), (0.7, 0.8), (0.8, 0.2), (0.6, 0.5)):
        mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    mouse.up()


def click_center(locator) -> None:
    """A pointer click in the middle of ``locator`` (page.mouse, not a synthetic click)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    locator.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# --------------------------------------------------------------------------------------------
# Notebook 11: FittingExplorer

FITTING_STATE = ("{'separation_index': explorer.separation_index, 'weight_index': explorer.weight_index, "
                 "'separation': explorer.separation, 'weight': explorer.weight, 'readouts': explorer.readouts()}")


def fitting_texts(readouts: dict[str, float]) -> dict[str, str]:
    """The fitting explorer's readouts as it writes them: μ and σ with 3 decimals, divergences with 4 and nats."""
    return {key: f"{number_text(value, 4)} nats" if key.startswith("KL") else number_text(value, 3)
            for key, value in readouts.items() if key != "reverse minima"}


def fitting_agrees(root) -> dict:
    """Page and kernel agree: the controls show the kernel's rungs, the readouts its readouts(); returns its state."""
    wait_until_still(root)
    shown = rows(root)
    kernel = kernel_json(root.page, FITTING_STATE)
    separation, weight = range_control(root, "separation"), range_control(root, "weight")
    assert int(separation.input_value()) + SEPARATIONS.first == kernel["separation_index"]
    assert int(weight.input_value()) + WEIGHTS.first == kernel["weight_index"]
    assert kernel["separation"] == SEPARATIONS.value(kernel["separation_index"])
    assert kernel["weight"] == WEIGHTS.value(kernel["weight_index"])
    expect(root.locator('input.bn-field[data-name="separation"]')).to_have_value(
        SEPARATIONS.text(kernel["separation_index"]))
    expect(root.locator('input.bn-field[data-name="weight"]')).to_have_value(WEIGHTS.text(kernel["weight_index"]))
    assert shown == fitting_texts(kernel["readouts"]), (shown, kernel)
    return kernel


def test_fitting_explorer_pointer_notebook_11(run_notebook):
    """Drag the separation and the weight thumbs, a 20-move burst, a drag across each chart."""
    page = run_notebook("11_forward_and_reverse_kl.ipynb")
    root = explorer(page, "fitting")
    start = fitting_agrees(root)
    before = rows(root)

    # The separation: from its rung to 4.3 steps along (between two rungs; the nearest is 4, i.e. 2.0).
    separation = range_control(root, "separation")
    begin = start["separation_index"] - SEPARATIONS.first
    meant, seen = drag(separation, steps_towards(begin, 4.3))
    assert meant == 4 and seen, (meant, seen)
    assert abs(int(separation.input_value()) - meant) <= 1, (separation.input_value(), meant)
    moved = fitting_agrees(root)
    assert moved["weight_index"] == start["weight_index"]
    assert moved["separation_index"] == int(separation.input_value()) + SEPARATIONS.first
    assert rows(root)["forward σ"] != before["forward σ"]

    # The weight: to 0.8 of its track (12.8 steps: the nearest rung is 13, a weight of 0.75).
    weight = range_control(root, "weight")
    meant, seen = drag(weight, steps_towards(int(weight.input_value()), 12.8, count=8))
    assert meant == 13 and seen, (meant, seen)
    assert abs(int(weight.input_value()) - meant) <= 1
    weighted = fitting_agrees(root)
    assert weighted["separation_index"] == moved["separation_index"]
    assert weighted["weight_index"] == int(weight.input_value()) + WEIGHTS.first

    # A burst of 20 moves with no wait between them, twice past the ends: it ends where its last move means.
    meant, seen = burst(separation)
    assert len(seen) >= 5, seen  # the control really went back and forth
    assert int(separation.input_value()) == meant, (separation.input_value(), meant)
    after_burst = fitting_agrees(root)
    assert after_burst["separation_index"] == meant + SEPARATIONS.first

    # The charts do not respond to the pointer: a drag across each changes nothing, here or in the kernel.
    shown = rows(root)
    for name in ("densities", "landscape"):
        drag_across(root.locator(f'svg[data-chart="{name}"]'))
    assert fitting_agrees(root) == after_burst
    assert rows(root) == shown


# --------------------------------------------------------------------------------------------
# Notebook 12: JointExplorer

JOINT_STATE = ("{'cells': joint_explorer.cells, 'initial': joint_explorer.initial, "
               "'readouts': joint_explorer.readouts(), 'summary': joint_explorer._summary_rows(), "
               "'x_labels': joint_explorer.x_labels, 'y_labels': joint_explorer.y_labels, "
               "'names': joint_explorer.names}")

#: Everything the joint explorer shows: the controls' values, the readout rows (label and text), the row
#: groups' titles, and the marginals written in the table chart (by their data-marginal key).
_JOINT_SHOWN_JS = """(root) => ({
  ranges: Array.from(root.querySelectorAll('input.bn-range')).map(range => Number(range.value)),
  fields: Array.from(root.querySelectorAll('input.bn-field')).map(field => field.value),
  rows: Array.from(root.querySelectorAll('table.bn-readouts tr[data-key]'))
    .map(row => [row.querySelector('th').textContent, row.querySelector('td').textContent]),
  titles: Array.from(root.querySelectorAll('.bn-controls .bn-group-title')).map(title => title.textContent),
  marginals: Object.fromEntries(Array.from(root.querySelectorAll('svg[data-chart="table"] rect[data-marginal]'))
    .map(rect => [rect.dataset.marginal, rect.nextElementSibling.textContent])),
})"""


def joint_agrees(root) -> dict:
    """Page and kernel agree on the table, its marginals and every readout; returns the kernel's state."""
    wait_until_still(root)
    shown = root.evaluate(_JOINT_SHOWN_JS)
    kernel = kernel_json(root.page, JOINT_STATE)
    cells = kernel["cells"]
    rows_, columns = len(kernel["x_labels"]), len(kernel["y_labels"])
    assert sum(cells) == 1000, cells
    assert shown["ranges"] == cells, (shown["ranges"], cells)
    assert shown["fields"] == [f"{count / 1000:.3f}" for count in cells]
    # The marginals, from the kernel's cells: in the readouts, the row groups' titles and the table chart.
    row_counts = [sum(cells[i * columns:(i + 1) * columns]) for i in range(rows_)]
    column_counts = [sum(cells[j::columns]) for j in range(columns)]
    table = dict(shown["rows"][:2])
    assert list(table.values()) == [", ".join(f"{count / 1000:.3f}" for count in row_counts),
                                    ", ".join(f"{count / 1000:.3f}" for count in column_counts)], table
    assert shown["titles"] == [f"{kernel['names'][0]} = {label}: P(x) = {count / 1000:.3f}"
                               for label, count in zip(kernel["x_labels"], row_counts)]
    assert shown["marginals"] == {**{f"x{i}": f"{count / 1000:.3f}" for i, count in enumerate(row_counts)},
                                  **{f"y{j}": f"{count / 1000:.3f}" for j, count in enumerate(column_counts)}}
    # The information readouts: the kernel's readouts() in bits with 4 decimals, and every row (label and
    # text) exactly as the kernel's own summary writes it.
    texts = {key: text for key, text in rows(root).items() if key not in ("P(x)", "P(y)")}
    assert texts == {key: bits(value) for key, value in kernel["readouts"].items()}, (texts, kernel["readouts"])
    assert shown["rows"] == [list(row) for row in kernel["summary"]]
    return kernel


def test_joint_explorer_pointer_notebook_12(run_notebook):
    """Drag one cell's thumb, a 20-move burst on another, a drag across the charts, reset by a pointer click."""
    page = run_notebook("12_mutual_information.ipynb")
    root = explorer(page, "joint")
    start = joint_agrees(root)
    controls = root.locator("input.bn-range")
    assert controls.count() == len(start["cells"])

    # The second cell: to 0.62 of its track (620 thousandths); the others rebalance at every value passed.
    cell = controls.nth(1)
    meant, seen = drag(cell, steps_towards(start["cells"][1], 620, count=8))
    assert meant == 620 and seen, (meant, seen)
    assert abs(int(cell.input_value()) - meant) <= 1, (cell.input_value(), meant)
    assert seen[-1] == int(cell.input_value())
    moved = joint_agrees(root)
    assert moved["cells"] == after_moves(start["cells"], 1, seen), (moved["cells"], seen)
    assert moved["readouts"]["I(X;Y)"] != start["readouts"]["I(X;Y)"]

    # A burst of 20 moves on the third cell: the kernel's table is the replay of every value it reported.
    cell = controls.nth(2)
    meant, seen = burst(cell)
    assert len(seen) >= 5, seen
    assert int(cell.input_value()) == meant, (cell.input_value(), meant)
    after_burst = joint_agrees(root)
    assert after_burst["cells"] == after_moves(moved["cells"], 2, seen), (after_burst["cells"], seen)

    # The charts do not respond to the pointer.
    for name in ("table", "diagram"):
        drag_across(root.locator(f'svg[data-chart="{name}"]'))
    assert joint_agrees(root)["cells"] == after_burst["cells"]

    # "reset", clicked with the pointer: the table it started with.
    click_center(root.locator('button[data-action="reset"]'))
    expect(controls.nth(1)).to_have_value(str(start["initial"][1]))
    assert joint_agrees(root)["cells"] == start["initial"]
