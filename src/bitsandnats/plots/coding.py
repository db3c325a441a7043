"""Pictures of code lengths (notebook 08): bits per symbol of real codes, beside the entropies they approach.

:func:`code_lengths` draws one panel, into its own new figure (``ax=None``)
or into the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..notation import number_text, units
from ._style import INK, PALETTE, _describe, _figure_and_axes, style

__all__ = ["code_lengths"]

# One look per code: colour, marker and dash all differ.
_CODE_LOOKS = (
    {"color": PALETTE["blue"], "marker": "o", "linestyle": "-"},
    {"color": PALETTE["orange"], "marker": "s", "linestyle": "--"},
    {"color": PALETTE["vermillion"], "marker": "^", "linestyle": ":"},
    {"color": PALETTE["green"], "marker": "D", "linestyle": "-."},
)


def code_lengths(block_sizes, measured, *, expected=None, references=None,
                 presentation: bool = False, title: str | None = None, ax=None) -> Figure:
    r"""Bits per symbol of real codes against block length, beside the entropies they approach.

    Each code is drawn in its own colour, marker and dash: markers are the
    bits per symbol measured by encoding a message, a line (optional) is the
    exact expected length.  Each reference value :math:`H` (an entropy or a
    cross-entropy, in bits) is a thin black line labelled on the left, with
    the band :math:`[H, H + 1/n)` shaded: the range that a code built the
    right way for blocks of n symbols is guaranteed to land in, on average.

    Parameters
    ----------
    block_sizes : sequence of int
        The block lengths n (symbols per codeword).
    measured : dict
        A label for each code (shown in the legend), mapped to its measured bits
        per symbol, one per block size; up to four codes.
    expected : dict, keyword-only, optional
        The same labels mapped to the expected bits per symbol, drawn as lines.
    references : dict, keyword-only, optional
        A label (e.g. ``"H(P)"``) for each reference value in bits.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    title : str, optional, keyword-only
        A title for the panel.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = code_lengths([1, 2, 3], {"code for P": [1.4, 1.33, 1.31]},
    ...                    expected={"code for P": [1.4, 1.335, 1.309]}, references={"H(P)": 1.295})
    >>> ax = fig.axes[0]
    >>> ax.get_ylabel(), [text.get_text() for text in ax.get_legend().get_texts()]
    ('bits per symbol', ['code for P', 'guaranteed range [H, H + 1/n)'])
    """
    block_sizes = np.asarray(block_sizes, dtype=float)
    if len(measured) > len(_CODE_LOOKS):
        raise ValueError(f"measured can hold at most {len(_CODE_LOOKS)} codes, got {len(measured)}")
    expected = expected or {}
    references = references or {}
    unit = units(2)
    figure, ax = _figure_and_axes(ax, size=(8.0, 4.5), presentation=presentation)
    with style(presentation=presentation):
        ax.set_xlim(block_sizes.min() - 0.3, block_sizes.max() + 0.3)
        grid = np.linspace(block_sizes.min(), block_sizes.max(), 200)
        for label, value in references.items():
            ax.fill_between(grid, value, value + 1 / grid, color=PALETTE["grey"], alpha=0.18, linewidth=0)
            ax.axhline(value, color=INK, linewidth=1.0)
            ax.annotate(f"{label} = {number_text(value)} {unit}", (0.0, value), xycoords=("axes fraction", "data"),
                        xytext=(6, -4), textcoords="offset points", ha="left", va="top")
        handles = []
        for (label, values), look in zip(measured.items(), _CODE_LOOKS):
            ax.plot(block_sizes, np.asarray(values, dtype=float), color=look["color"], marker=look["marker"],
                    linestyle="none", markersize=7, zorder=3)
            if label in expected:
                ax.plot(block_sizes, np.asarray(expected[label], dtype=float), color=look["color"],
                        linestyle=look["linestyle"], linewidth=1.6, zorder=2)
            handles.append(Line2D([], [], color=look["color"], marker=look["marker"], markersize=7,
                                  linestyle=look["linestyle"] if label in expected else "none", label=label))
        if references:
            handles.append(Patch(facecolor=PALETTE["grey"], alpha=0.18, label="guaranteed range [H, H + 1/n)"))
        ax.set_xticks(block_sizes)
        ax.set_xlabel("block length n (symbols per codeword)")
        ax.set_ylabel(f"{unit} per symbol")
        legend_title = "markers: measured" + (", lines: expected" if expected else "")
        ax.legend(handles=handles, loc="center right", bbox_to_anchor=(1.0, 0.42), title=legend_title)
        shown = [np.asarray(v, dtype=float) for v in (*measured.values(), *expected.values())]
        shown += [np.array([value, value + 1 / block_sizes.min()]) for value in references.values()]
        low, high = min(float(v.min()) for v in shown), max(float(v.max()) for v in shown)
        ax.set_ylim(low - 0.1 * (high - low), high + 0.05 * (high - low))
        if title:
            ax.set_title(title)
    codes = "; ".join(f"{label}: " + ", ".join(number_text(float(v)) for v in values) for label, values in measured.items())
    refs = ", ".join(f"{label} = {number_text(value)} {unit}" for label, value in references.items())
    _describe(ax, f"{title + '. ' if title else ''}Chart of the {unit} per symbol of real codes (markers: measured"
                  f"{'; lines: expected' if expected else ''}) against the block length n from {int(block_sizes.min())} "
                  f"to {int(block_sizes.max())}. Measured {unit} per symbol, n = 1 onwards: {codes}."
                  + (f" Reference lines, each with its guaranteed range [H, H + 1/n) shaded: {refs}." if refs else ""))
    return figure
