"""The pictures: one shared style and the plotting routines the notebooks use.

Every plotting function builds a :class:`matplotlib.figure.Figure` directly
(not through ``pyplot``), so it is never shown twice, never leaks into
pyplot's global list of figures, and looks the same under the inline and the
ipympl (widget) backends.  :func:`show` turns a figure into a PNG image for a
notebook, which GitHub, nbviewer and exported HTML all display.

The palette is Okabe and Ito's, safe for the common forms of colour-blindness;
P and Q also differ in hatching, so colour is never the only cue.  Axis labels
always name their units.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "P_STYLE",
    "Q_STYLE",
    "style",
    "new_figure",
    "show",
    "distributions",
]

#: Okabe-Ito colours, safe for colour-blind readers.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}

#: How P (the true distribution) and Q (the model) are drawn everywhere.
P_STYLE = {"color": PALETTE["blue"], "hatch": "", "label": "P"}
Q_STYLE = {"color": PALETTE["orange"], "hatch": "//", "label": "Q"}

_BASE_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "hatch.linewidth": 0.8,
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "sky", "purple")]),
}

# For a projector: large type, thick lines, high contrast.
_PRESENTATION_RC = {
    "font.size": 18,
    "axes.titlesize": 20,
    "axes.labelsize": 18,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "legend.fontsize": 16,
    "lines.linewidth": 3.5,
    "lines.markersize": 11,
    "axes.linewidth": 1.6,
    "grid.alpha": 0.5,
    "hatch.linewidth": 1.6,
}


@contextmanager
def style(*, presentation: bool = False):
    """Apply the collection's matplotlib style inside a ``with`` block.

    Parameters
    ----------
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.

    Examples
    --------
    >>> with style(presentation=True):
    ...     import matplotlib as mpl
    ...     mpl.rcParams["font.size"]
    18.0
    """
    rc = dict(_BASE_RC)
    if presentation:
        rc.update(_PRESENTATION_RC)
    with mpl.rc_context(rc):
        yield


def new_figure(*, nrows: int = 1, ncols: int = 1, size=(7.0, 3.5), presentation: bool = False, **subplot_kw):
    """A styled Figure and its axes, built without pyplot.

    Returns
    -------
    (Figure, Axes or array of Axes)

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> type(fig).__name__, type(ax).__name__
    ('Figure', 'Axes')
    """
    with style(presentation=presentation):
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return figure, axes


def show(figure: Figure, *, dpi: int = 100):
    """Return the figure as a PNG image that a notebook displays as a picture.

    Works the same under every matplotlib backend, and in Voilà.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> show(fig).data[:4] == b"\\x89PNG"
    True
    """
    from IPython.display import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return Image(data=buffer.getvalue(), format="png")


def distributions(p, q, events, *, presentation: bool = False, title: str | None = None) -> Figure:
    """Side-by-side bars of two distributions P and Q over named events.

    Examples
    --------
    >>> fig = distributions([0.1, 0.4, 0.5], [0.8, 0.15, 0.05], ["red", "green", "blue"])
    >>> [round(float(bar.get_height()), 2) for bar in fig.axes[0].patches]
    [0.1, 0.4, 0.5, 0.8, 0.15, 0.05]
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    figure, ax = new_figure(presentation=presentation)
    positions = np.arange(len(events))
    width = 0.38
    with style(presentation=presentation):
        for offset, values, look in ((-width / 2, p, P_STYLE), (width / 2, q, Q_STYLE)):
            ax.bar(positions + offset, values, width, color=look["color"], hatch=look["hatch"],
                   edgecolor="white", label=look["label"])
        ax.set_xticks(positions, events)
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.legend(loc="upper left")
        if title:
            ax.set_title(title)
    return figure
