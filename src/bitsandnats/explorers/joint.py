"""The joint-table explorer (notebook 12): a live table of P(x, y), its marginals, and the information they share."""

from __future__ import annotations

import numbers

import numpy as np
import traitlets

from .. import plots
from ..notation import number_text
from ..plots._style import _describe
from ..plots.joint import information_diagram, information_parts, joint_table
from ..validation import check_text
from . import grid
from ._base import Control, Explorer

__all__ = ["JointExplorer", "independent_counts", "MIN_OUTCOMES", "MAX_OUTCOMES", "WEATHER"]

#: How many outcomes each variable has, at least and at most (rows and columns of the table).
MIN_OUTCOMES, MAX_OUTCOMES = 2, 3

#: The default table: the weather (rows) and whether someone carries an umbrella (columns).
WEATHER = {"pxy": [[0.30, 0.05], [0.15, 0.50]], "x_labels": ["rain", "dry"], "y_labels": ["umbrella", "none"],
           "x_name": "weather", "y_name": "umbrella"}


def independent_counts(counts, rows: int, columns: int) -> list[int]:
    """The table with the same marginals whose variables are independent, on the grid: P(x) P(y), rounded.

    Each cell gets the product of its row's and its column's whole counts,
    and those weights are shared out over :data:`grid.STEPS` steps by largest
    remainder (:func:`grid.apportion`), exactly as ``twin.js`` does.  The
    marginals of the result may differ from the old ones by a step where a
    product does not land on the grid, so I(X; Y) of the result is 0 or
    nearly 0.

    Examples
    --------
    >>> independent_counts([300, 50, 150, 500], 2, 2)  # 157.5, 192.5, 292.5, 357.5 thousandths
    [158, 193, 292, 357]
    >>> independent_counts([250, 250, 250, 250], 2, 2)
    [250, 250, 250, 250]
    """
    row_counts = [sum(counts[i * columns:(i + 1) * columns]) for i in range(rows)]
    column_counts = [sum(counts[j::columns]) for j in range(columns)]
    return grid.apportion([row_counts[i] * column_counts[j] for i in range(rows) for j in range(columns)],
                          grid.STEPS)


def _names(labels, count: int, name: str, default: str) -> list[str]:
    if labels is None:
        return [f"{default}{i + 1}" for i in range(count)]
    if isinstance(labels, (str, bytes)) or np.ndim(labels) != 1:
        raise ValueError(f"{name} must be a sequence of {count} names, got {labels!r}")
    labels = [check_text(label, f"{name}[{i}]").strip() for i, label in enumerate(labels)]
    if len(labels) != count:
        raise ValueError(f"{name} must hold {count} names, got {len(labels)}")
    if len(set(labels)) != count:
        raise ValueError(f"{name} must be {count} different names, got {labels}")
    for label in labels:
        if any(mark in label for mark in ",[]"):
            raise ValueError(f"{name} must not use ',', '[' or ']' in a name, got {label!r}")
    return labels


def _table_counts(pxy) -> tuple[list[int], int, int]:
    """``pxy`` as whole thousandths, row by row, with its shape; a ValueError naming ``pxy`` otherwise."""
    if isinstance(pxy, (str, bytes)):
        raise ValueError(f"pxy must be a table (rows of probabilities), got {pxy!r}")
    try:
        rows = [list(row) for row in pxy]
    except TypeError:
        raise ValueError(f"pxy must be a table (rows of probabilities), got {pxy!r}") from None
    if not MIN_OUTCOMES <= len(rows) <= MAX_OUTCOMES:
        raise ValueError(f"pxy must have {MIN_OUTCOMES} to {MAX_OUTCOMES} rows, got {len(rows)}")
    columns = len(rows[0])
    if any(len(row) != columns for row in rows) or not MIN_OUTCOMES <= columns <= MAX_OUTCOMES:
        raise ValueError(f"pxy must have {MIN_OUTCOMES} to {MAX_OUTCOMES} columns, the same in every row, "
                         f"got rows of {[len(row) for row in rows]}")
    counts = [grid.count_of(value, f"pxy[{i}][{j}]") for i, row in enumerate(rows) for j, value in enumerate(row)]
    if sum(counts) != grid.STEPS:
        raise ValueError(f"pxy must sum to 1 over all its cells, got {sum(counts) / grid.STEPS:g}")
    return counts, len(rows), columns


class JointExplorer(Explorer):
    r"""A joint table of two variables you can edit, with its marginals, entropies and mutual information in bits.

    Each cell P(x, y) has a control (keyboard: arrows ±0.001, Page Up/Down
    ±0.01, Home/End; drag; or type a value).  The table is one distribution
    over its cells, on the grid of 0.001: moving one cell rescales the
    others in proportion, rounded by largest remainder, so the table always
    sums to exactly 1.  **independent** replaces the table by the product of
    its marginals, rounded on the grid (:func:`independent_counts`);
    **reset** brings back the table the explorer started with.

    Shown, all in bits and computed from the cells on screen: the marginals
    P(x) and P(y), H(X), H(Y), H(X, Y), H(X | Y), H(Y | X) and
    I(X; Y) = KL(P(x, y) ‖ P(x) P(y)), as a table and as the information
    diagram (H(X | Y), I(X; Y) and H(Y | X) end to end make H(X, Y)).

    Parameters
    ----------
    pxy : sequence of sequences of float, optional
        The starting table, 2 or 3 rows (outcomes of X) by 2 or 3 columns
        (outcomes of Y), each cell on the grid of 0.001, summing to 1.  By
        default, :data:`WEATHER` (with its labels and names).
    x_labels, y_labels : sequence of str, keyword-only
        Names of the outcomes of X (rows) and of Y (columns); x1, x2, ... and
        y1, y2, ... by default (the weather's for the default table).
    x_name, y_name : str, keyword-only
        What X and Y are, in words ("weather").
    presentation : bool, keyword-only
        Large type, for a projector.

    Examples
    --------
    >>> explorer = JointExplorer([[0.5, 0.0], [0.0, 0.5]])
    >>> explorer.readouts()["I(X;Y)"], explorer.readouts()["H(X|Y)"]
    (1.0, 0.0)
    >>> explorer.set({"P[x1, y2]": 0.2})
    >>> explorer.sliders["P[x1, y1]"].value, explorer.sliders["P[x2, y2]"].value
    (0.4, 0.4)
    >>> explorer.make_independent()
    >>> explorer.cells, explorer.readouts()["I(X;Y)"]
    ([240, 360, 160, 240], 0.0)
    >>> explorer.close()
    """

    title = "Joint-table explorer"
    _module = "joint"

    #: The cells as whole thousandths, row by row (rows = outcomes of X); they sum to exactly 1000.
    cells = traitlets.List(traitlets.Int()).tag(sync=True)
    #: The table the explorer started with, for the reset button (fixed).
    initial = traitlets.List(traitlets.Int()).tag(sync=True)
    #: The outcomes of X (the rows) and of Y (the columns), and the two variables' names (fixed).
    x_labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    y_labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    names = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, pxy=None, *, x_labels=None, y_labels=None, x_name: str | None = None,
                 y_name: str | None = None, presentation: bool = False):
        if pxy is None:
            pxy = WEATHER["pxy"]
            x_labels = WEATHER["x_labels"] if x_labels is None else x_labels
            y_labels = WEATHER["y_labels"] if y_labels is None else y_labels
            x_name = WEATHER["x_name"] if x_name is None else x_name
            y_name = WEATHER["y_name"] if y_name is None else y_name
        counts, rows, columns = _table_counts(pxy)
        x_labels = _names(x_labels, rows, "x_labels", "x")
        y_labels = _names(y_labels, columns, "y_labels", "y")
        x_name = check_text("X" if x_name is None else x_name, "x_name").strip()
        y_name = check_text("Y" if y_name is None else y_name, "y_name").strip()
        self._shape = (rows, columns)
        self._fixed = (tuple(counts), tuple(x_labels), tuple(y_labels), (x_name, y_name))
        self._control_names = tuple(f"P[{x}, {y}]" for x in x_labels for y in y_labels)
        super().__init__(presentation=presentation, cells=counts, initial=counts, x_labels=x_labels,
                         y_labels=y_labels, names=[x_name, y_name])

    # -- controls and moves -----------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {name: Control(self, name, minimum=0.0, maximum=1.0, step=grid.STEP) for name in self._control_names}

    def value_of(self, name: str) -> float:
        return self.cells[self._control_names.index(name)] / grid.STEPS

    def _moved(self, moves: dict) -> dict:
        counts = list(self.cells)
        for name, value in moves.items():
            counts = grid.rebalance(counts, self._control_names.index(name), grid.count_of(value, name))
        return {"cells": counts}

    def make_independent(self) -> None:
        """What the **independent** button does: the table becomes P(x) P(y), rounded on the grid."""
        self._apply({"cells": independent_counts(self.cells, *self._shape)})

    def reset(self) -> None:
        """What the **reset** button does: back to the table the explorer started with."""
        self._apply({"cells": list(self._fixed[0])})

    def _check_state(self) -> None:
        fixed = (tuple(self.initial), tuple(self.x_labels), tuple(self.y_labels), tuple(self.names))
        if fixed != self._fixed:
            raise ValueError("initial, x_labels, y_labels and names are fixed when the explorer is made")
        rows, columns = self._shape
        cells = self.cells
        if len(cells) != rows * columns:
            raise ValueError(f"cells must hold {rows * columns} counts, one per cell, got {len(cells)}")
        if any(isinstance(count, bool) or not isinstance(count, numbers.Integral) or not 0 <= count <= grid.STEPS
               for count in cells) or sum(cells) != grid.STEPS:
            raise ValueError(f"cells must be whole thousandths from 0 to {grid.STEPS} summing to {grid.STEPS}, "
                             f"got {cells}")

    # -- what is shown ---------------------------------------------------------------------

    def table(self) -> np.ndarray:
        """The joint table as the controls show it: rows = outcomes of X, columns = outcomes of Y."""
        return np.array(self.cells, dtype=float).reshape(self._shape) / grid.STEPS

    def readouts(self) -> dict[str, float]:
        """H(X), H(Y), H(X,Y), H(X|Y), H(Y|X) and I(X;Y), all in bits, from :mod:`bitsandnats.measures`."""
        return information_parts(self.table(), base=2)

    def _summary_rows(self) -> list[tuple[str, str]]:
        x_name, y_name = self.names
        rows, columns = self._shape
        cells = self.cells
        row_counts = [sum(cells[i * columns:(i + 1) * columns]) for i in range(rows)]
        column_counts = [sum(cells[j::columns]) for j in range(columns)]
        values = self.readouts()
        lines = [(f"P(x) for X = {x_name}: {', '.join(self.x_labels)}",
                  ", ".join(f"{count / grid.STEPS:.3f}" for count in row_counts)),
                 (f"P(y) for Y = {y_name}: {', '.join(self.y_labels)}",
                  ", ".join(f"{count / grid.STEPS:.3f}" for count in column_counts))]
        described = {"H(X)": f"H(X), entropy of {x_name}", "H(Y)": f"H(Y), entropy of {y_name}",
                     "H(X,Y)": "H(X,Y), joint entropy", "H(X|Y)": f"H(X|Y), {x_name} left once {y_name} is known",
                     "H(Y|X)": f"H(Y|X), {y_name} left once {x_name} is known",
                     "I(X;Y)": "I(X;Y) = KL(P(x,y) ‖ P(x)P(y)), mutual information"}
        lines += [(label, f"{number_text(values[key], 4)} bits") for key, label in described.items()]
        return lines

    def still_figure(self):
        """The table with its marginals (left) and the information diagram in bits (right), as a Figure."""
        x_name, y_name = self.names
        presentation = self.presentation
        figure, (left, right) = plots.new_figure(ncols=2, size=(15.0, 5.0) if presentation else (11.5, 3.6),
                                                 presentation=presentation)
        joint_table(self.table(), x_labels=self.x_labels, y_labels=self.y_labels, x_name=x_name, y_name=y_name,
                    presentation=presentation, ax=left)
        information_diagram(self.table(), base=2, presentation=presentation, ax=right)
        values = self.readouts()
        _describe(left, f"On the left, the joint table P(x, y) of {x_name} (rows: {', '.join(self.x_labels)}) and {y_name} "
                        f"(columns: {', '.join(self.y_labels)}) as a heat map with every cell written, and its "
                        f"marginals beside it (probabilities, no unit).")
        _describe(right, "On the right, the information diagram in bits: "
                         + ", ".join(f"{key} = {number_text(values[key], 4)} bits"
                                     for key in ("H(X)", "H(Y)", "H(X,Y)", "H(X|Y)", "H(Y|X)", "I(X;Y)")) + ".")
        return figure

