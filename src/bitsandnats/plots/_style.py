"""The collection's look: palette, matplotlib style, web theme, and where a figure is drawn.

The palette is Okabe and Ito's, safe for the common forms of colour-blindness;
P and Q also differ in hatching, so colour is never the only cue.
:func:`new_figure` builds a styled Figure without pyplot, :func:`show` turns
one into a PNG for a notebook, and :func:`web_theme` hands the same look to
the explorers drawn in the browser.

:func:`_figure_and_axes` is the one place where a figure function learns what
it draws into: a new figure of its own (``ax=None``), or Axes the caller
gives it, checked here once for every figure.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["PALETTE", "P_STYLE", "Q_STYLE", "style", "web_theme", "new_figure", "show"]

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

# Series drawn side by side: colour, hatching and line style all differ.
_SERIES_LOOKS = (
    {"color": PALETTE["blue"], "hatch": "", "linestyle": "-"},
    {"color": PALETTE["orange"], "hatch": "//", "linestyle": "--"},
    {"color": PALETTE["green"], "hatch": "..", "linestyle": ":"},
    {"color": PALETTE["vermillion"], "hatch": "\\\\", "linestyle": "-."},
    {"color": PALETTE["purple"], "hatch": "xx", "linestyle": (0, (5, 1, 1, 1, 1, 1))},
)


def _check_series_count(count: int, name: str) -> None:
    """Refuse more series than there are distinct looks for (or none)."""
    if not 1 <= count <= len(_SERIES_LOOKS):
        raise ValueError(f"{name} must hold 1 to {len(_SERIES_LOOKS)} values, got {count}")

_BASE_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,  # grid lines behind the bars (and behind what a live panel redraws)
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


def web_theme() -> dict:
    """The collection's look for the explorers drawn in the browser: palette, hatching and type scale.

    The same colours, hatching rule and type sizes as the matplotlib figures
    (:data:`PALETTE`, :data:`P_STYLE`, :data:`Q_STYLE`, the presentation
    style), handed to the explorers' ES modules as CSS values, so there is
    one definition of the collection's look.  Sizes are CSS pixels; the
    presentation sizes are for a projector at 1280×720.

    Returns
    -------
    dict
        CSS values by name: colours (``"p_color"``, ``"q_color"``, ...),
        ``"hatch_width"``, ``"font_size"``, ``"presentation_font_size"``,
        ``"line_width"`` and ``"edge_width"``.

    Examples
    --------
    >>> theme = web_theme()
    >>> theme["p_color"] == P_STYLE["color"], theme["font_size"], theme["presentation_font_size"]
    (True, '13px', '24px')
    """
    return {
        "p_color": P_STYLE["color"],
        "q_color": Q_STYLE["color"],
        "under_color": PALETTE["green"],  # a KL term > 0: Q gives the event less than P
        "over_color": PALETTE["vermillion"],  # a KL term < 0: Q gives it more
        "infinite_color": PALETTE["purple"],
        "curve_color": PALETTE["grey"],
        "mark_color": PALETTE["vermillion"],
        "third_color": PALETTE["green"],
        "hatch_width": _BASE_RC["hatch.linewidth"],
        "font_size": f"{_BASE_RC['font.size'] + 2}px",
        "presentation_font_size": "24px",
        "line_width": 2,
        "edge_width": 0.6,
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

    Its Axes carry the collection's frame and grid, so they are also the
    Axes to hand a figure function (``ax=`` or ``axes=``) to combine several
    figures in one.

    Parameters
    ----------
    nrows, ncols : int, keyword-only
        The grid of Axes.
    size : (float, float), keyword-only
        Width and height in inches.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    **subplot_kw
        Passed to each Axes (for example ``projection``).

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

    Parameters
    ----------
    figure : Figure
        The figure to show, as a figure function returns it.
    dpi : int, keyword-only
        Pixels per inch of the image.

    Returns
    -------
    IPython.display.Image

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


def _figure_and_axes(given, *, count: int = 1, size=(7.0, 3.5), presentation: bool = False):
    """Where a figure function draws: a new figure of its own, or the Axes it is given.

    Parameters
    ----------
    given : None, Axes, or a sequence of ``count`` Axes
        The caller's ``ax`` (``count`` = 1) or ``axes`` (``count`` > 1).
        ``None`` builds a new styled figure of ``size`` with ``count``
        panels side by side, exactly as :func:`new_figure` does.
    count : int
        How many panels the figure draws.
    size, presentation
        For the new figure, as in :func:`new_figure`.

    Returns
    -------
    (Figure, Axes) or (Figure, tuple of Axes)
        The figure the Axes belong to (a given Axes' own figure, which may be
        a subfigure) and the Axes to draw into.

    Raises
    ------
    ValueError
        If ``ax`` is not an Axes, or ``axes`` is not ``count`` Axes of one figure.

    Examples
    --------
    >>> figure, (left, right) = new_figure(ncols=2)
    >>> _figure_and_axes(left)[0] is figure
    True
    >>> _figure_and_axes([left], count=2)
    Traceback (most recent call last):
    ...
    ValueError: axes must be a sequence of 2 matplotlib Axes or None, got 1 item
    """
    if given is None:
        figure, axes = new_figure(ncols=count, size=size, presentation=presentation)
        return figure, (axes if count == 1 else tuple(axes))
    if count == 1:
        if not isinstance(given, Axes):
            raise ValueError(f"ax must be a matplotlib Axes or None, got {type(given).__name__}")
        return given.figure, given
    wanted = f"axes must be a sequence of {count} matplotlib Axes or None"
    if isinstance(given, np.ndarray):
        given = given.ravel().tolist()  # as plt.subplots(1, 2) returns them
    if not isinstance(given, (list, tuple)):
        raise ValueError(f"{wanted}, got {type(given).__name__}")
    if len(given) != count:
        raise ValueError(f"{wanted}, got {len(given)} item{'' if len(given) == 1 else 's'}")
    strangers = [type(item).__name__ for item in given if not isinstance(item, Axes)]
    if strangers:
        raise ValueError(f"{wanted}, got {', '.join(strangers)} among them")
    if any(item.figure is not given[0].figure for item in given):
        raise ValueError(f"{wanted}; these are in different figures")
    return given[0].figure, tuple(given)
