"""Pictures of two variables (notebook 12): the joint table with its marginals, and the information diagram.

Each function draws one panel, into its own new figure (``ax=None``) or into
the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import measures
from ..notation import number_text, units
from ..validation import check_text
from ._style import PALETTE, _figure_and_axes, style

__all__ = ["joint_table", "information_diagram", "information_parts"]


def _labels(labels, count: int, name: str, default: str) -> list[str]:
    if labels is None:
        return [f"{default}{i + 1}" for i in range(count)]
    if isinstance(labels, str):
        raise ValueError(f"{name} must be a sequence of {count} names, got the string {labels!r}")
    labels = list(labels)
    if len(labels) != count:
        raise ValueError(f"{name} must hold {count} names, one per {'row' if default == 'x' else 'column'}, "
                         f"got {len(labels)}")
    return [check_text(label, f"{name}[{i}]") for i, label in enumerate(labels)]


def joint_table(pxy, *, x_labels=None, y_labels=None, x_name: str = "X", y_name: str = "Y",
                presentation: bool = False, ax=None) -> Figure:
    r"""The joint table P(x, y) as a heat map, each cell written out, with the marginals P(x) and P(y) beside it.

    Rows are the outcomes of X, columns those of Y.  The darker a cell, the
    likelier the pair; the column on the right holds the row sums P(x), the
    row underneath the column sums P(y).  Probabilities have no unit.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities summing to 1 (as in :func:`bitsandnats.measures.joint_entropy`).
    x_labels, y_labels : sequence of str, keyword-only
        Names of the rows' and columns' outcomes; x1, x2, ... and y1, y2, ... by default.
    x_name, y_name : str, keyword-only
        Names of the two variables, for the axis labels.
    presentation : bool, keyword-only
        Large fonts for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure

    Examples
    --------
    >>> fig = joint_table([[0.375, 0.125], [0.125, 0.375]], x_labels=["rain", "dry"], y_labels=["umbrella", "none"])
    >>> [t.get_text() for t in fig.axes[0].texts][:4]
    ['0.375', '0.125', '0.125', '0.375']
    >>> [t.get_text() for t in fig.axes[0].texts][4:]
    ['0.500', '0.500', '0.500', '0.500', 'P(x)', 'P(y)']
    """
    px, py = measures.marginals(pxy)
    table = np.asarray(pxy, dtype=float)
    rows, columns = table.shape
    x_labels = _labels(x_labels, rows, "x_labels", "x")
    y_labels = _labels(y_labels, columns, "y_labels", "y")
    x_name, y_name = check_text(x_name, "x_name"), check_text(y_name, "y_name")
    figure, ax = _figure_and_axes(ax, size=(1.3 * columns + 3.2, 1.0 * rows + 2.2), presentation=presentation)
    with style(presentation=presentation):
        ax.imshow(table, cmap="Blues", vmin=0.0, vmax=max(float(table.max()), 1e-12) * 1.25, aspect="auto",
                  extent=(-0.5, columns - 0.5, rows - 0.5, -0.5))
        for i in range(rows):
            for j in range(columns):
                dark = table[i, j] > 0.6 * table.max()
                ax.text(j, i, f"{table[i, j]:.3f}", ha="center", va="center",
                        color="white" if dark else PALETTE["black"])
        # The marginals: a column of row sums on the right, a row of column sums underneath, framed apart.
        for i, value in enumerate(px):
            ax.add_patch(Rectangle((columns - 0.3, i - 0.5), 1.0, 1.0, facecolor="none", edgecolor=PALETTE["grey"]))
            ax.text(columns + 0.2, i, f"{value:.3f}", ha="center", va="center", color=PALETTE["vermillion"])
        for j, value in enumerate(py):
            ax.add_patch(Rectangle((j - 0.5, rows - 0.3), 1.0, 1.0, facecolor="none", edgecolor=PALETTE["grey"]))
            ax.text(j, rows + 0.2, f"{value:.3f}", ha="center", va="center", color=PALETTE["vermillion"])
        ax.text(columns + 0.2, -0.75, "P(x)", ha="center", va="bottom")
        ax.text(-0.55, rows + 0.2, "P(y)", ha="right", va="center")
        ax.set_xlim(-0.5, columns + 0.75)
        ax.set_ylim(rows + 0.75, -0.5)
        ax.set_xticks(np.arange(columns), y_labels)
        ax.set_yticks(np.arange(rows), x_labels)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(f"{y_name} (columns)")
        ax.set_ylabel(f"{x_name} (rows)", labelpad=18)
        ax.set_title(f"P({x_name.lower()}, {y_name.lower()}), with the marginals P({x_name.lower()}) and "
                     f"P({y_name.lower()})", pad=28 if not presentation else 40)
    return figure


def information_parts(pxy, *, base: float = 2) -> dict[str, float]:
    """The pieces of the information diagram, from the package's measures, in units of ``base``.

    ``"H(X|Y)"``, ``"I(X;Y)"``, ``"H(Y|X)"`` (which add up to ``"H(X,Y)"``),
    and ``"H(X)"``, ``"H(Y)"``.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in information_parts([[0.5, 0.0], [0.25, 0.25]]).items()}
    {'H(X)': 1.0, 'H(Y)': 0.8113, 'H(X,Y)': 1.5, 'H(X|Y)': 0.6887, 'H(Y|X)': 0.5, 'I(X;Y)': 0.3113}
    """
    px, py = measures.marginals(pxy)
    return {
        "H(X)": measures.entropy(px, base=base),
        "H(Y)": measures.entropy(py, base=base),
        "H(X,Y)": measures.joint_entropy(pxy, base=base),
        "H(X|Y)": measures.conditional_entropy(pxy, given="y", base=base),
        "H(Y|X)": measures.conditional_entropy(pxy, given="x", base=base),
        "I(X;Y)": measures.mutual_information(pxy, base=base),
    }


def information_diagram(pxy, *, base: float = 2, presentation: bool = False, ax=None) -> Figure:
    r"""The information diagram as bars: H(X | Y), I(X; Y) and H(Y | X) laid end to end make H(X, Y).

    Three bars on one scale.  The top one is H(X) = H(X | Y) + I(X; Y), the
    middle one H(Y) = I(X; Y) + H(Y | X), shifted right by H(X | Y), so that
    the stretch they share is the mutual information; the bottom one is the
    joint entropy H(X, Y), the three pieces end to end.  Every number is
    computed by :mod:`bitsandnats.measures` (:func:`information_parts`), in
    bits for ``base=2``; the unit is named on the axis.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities summing to 1, rows = outcomes of X.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).
    presentation : bool, keyword-only
        Large fonts for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure

    Examples
    --------
    >>> fig = information_diagram([[0.5, 0.0], [0.25, 0.25]])
    >>> fig.axes[0].get_xlabel()
    'information (bits)'
    >>> [round(float(p.get_width()), 4) for p in fig.axes[0].patches]
    [0.6887, 0.3113, 0.3113, 0.5, 0.6887, 0.3113, 0.5]
    """
    parts = information_parts(pxy, base=base)
    unit = units(base)
    left, shared, right = parts["H(X|Y)"], parts["I(X;Y)"], parts["H(Y|X)"]
    looks = {"H(X|Y)": dict(color=PALETTE["blue"], hatch=""),
             "I(X;Y)": dict(color=PALETTE["green"], hatch="xx"),
             "H(Y|X)": dict(color=PALETTE["orange"], hatch="//")}
    rows = [("H(X)", [("H(X|Y)", 0.0, left), ("I(X;Y)", left, shared)]),
            ("H(Y)", [("I(X;Y)", left, shared), ("H(Y|X)", left + shared, right)]),
            ("H(X,Y)", [("H(X|Y)", 0.0, left), ("I(X;Y)", left, shared), ("H(Y|X)", left + shared, right)])]
    total = max(parts["H(X,Y)"], 1e-12)
    figure, ax = _figure_and_axes(ax, size=(9.0, 3.2), presentation=presentation)
    labelled = set()
    with style(presentation=presentation):
        for position, (name, pieces) in enumerate(rows):
            for piece, start, width in pieces:
                look = looks[piece]
                ax.barh(position, width, left=start, height=0.62, color=look["color"], hatch=look["hatch"],
                        edgecolor=PALETTE["black"], linewidth=0.8, alpha=0.85,
                        label=None if piece in labelled else f"{piece} = {number_text(parts[piece])} {unit}")
                labelled.add(piece)
                if width > 0.08 * total:
                    ax.text(start + width / 2, position, piece, ha="center", va="center", color=PALETTE["black"],
                            fontsize="small", bbox=dict(facecolor="white", alpha=0.7, edgecolor="none", pad=1.0))
            end = pieces[-1][1] + pieces[-1][2]
            ax.text(end + 0.02 * total, position, f"{name} = {number_text(parts[name])}", va="center", ha="left")
        ax.set_yticks(range(3), [name for name, _ in rows])
        ax.set_ylim(2.6, -0.6)
        ax.set_xlim(0, total * 1.45)
        ax.set_xlabel(f"information ({unit})")
        ax.set_title(f"I(X;Y) = {number_text(shared)} {unit}: what H(X) and H(Y) share")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small")
    return figure
