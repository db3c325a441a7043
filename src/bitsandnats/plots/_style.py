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

__all__ = ["PALETTE", "INK", "P_STYLE", "Q_STYLE", "style", "web_theme", "new_figure", "show", "alt_text",
           "event_colours"]

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

#: The colour of text, axes and the lines that would be black on paper: a mid-grey that reads on a white
#: page and on JupyterLab's dark theme alike (contrast about 4.5:1 on white, 4:1 on #111), because the
#: figures have a transparent background (no white slab in the dark theme).
INK = "#767676"

# Event names that are colour names, and the palette colour each is drawn in (colour by event).
_COLOUR_NAMES = {
    "red": "vermillion", "vermillion": "vermillion", "orange": "orange", "yellow": "yellow",
    "green": "green", "blue": "blue", "sky": "sky", "sky blue": "sky", "light blue": "sky",
    "purple": "purple", "pink": "purple", "grey": "grey", "gray": "grey",
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
    # A transparent background, with text and frame in a grey that reads on light and dark pages alike.
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "grid.color": INK,
    "legend.labelcolor": INK,
    "patch.edgecolor": INK,
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


#: The attribute of an Axes where a figure function keeps its description of the panel (its alt text).
ALT_ATTRIBUTE = "_bitsandnats_alt"


def _describe(ax, text: str) -> None:
    """Keep ``text``, a description of what the panel ``ax`` shows, for the figure's alt text.

    Every figure function calls it once per panel it draws: what is plotted,
    against what, the key numbers and their unit.  :func:`alt_text` reads it.
    """
    setattr(ax, ALT_ATTRIBUTE, " ".join(str(text).split()))


def _plain(text: str) -> str:
    """Text as a screen reader should hear it: mathtext's dollars and backslashes gone."""
    replacements = {r"\mathrm": "", r"\,": " ", r"\|": "‖", r"\ln": "ln", r"\log": "log", r"\Delta": "Δ",
                    r"\alpha": "α", r"\infty": "∞", r"\to": "→", r"\hat y": "ŷ", r"\nabla": "∇", r"\partial": "∂",
                    r"\sigma": "σ"}
    for old, new in replacements.items():
        text = text.replace(old, new)
    for mark in ("$", "{", "}", "\\"):
        text = text.replace(mark, "")
    return " ".join(text.split())


def _derived(ax) -> str:
    """A description of a panel from what it shows: title, axis labels (with their units), legend entries."""
    parts = []
    if ax.get_title():
        parts.append(f"Panel titled “{_plain(ax.get_title())}”.")
    if ax.get_xlabel():
        parts.append(f"Horizontal axis: {_plain(ax.get_xlabel())}.")
    if ax.get_ylabel():
        parts.append(f"Vertical axis: {_plain(ax.get_ylabel())}.")
    legend = ax.get_legend()
    if legend is not None and legend.get_texts():
        parts.append("Legend: " + "; ".join(_plain(text.get_text()) for text in legend.get_texts()) + ".")
    return " ".join(parts)


def alt_text(figure: Figure) -> str:
    """A description of a figure for readers who cannot see it: the alt text :func:`show` stores.

    Each panel is described by the figure function that drew it (kept on the
    Axes with :func:`_describe`), or else from what it shows: its title, its
    axis labels with their units and its legend entries.  A figure's
    overall title (``suptitle``) comes first.

    Parameters
    ----------
    figure : Figure
        A figure, as a figure function returns it.

    Returns
    -------
    str

    Examples
    --------
    >>> figure, ax = new_figure()
    >>> _ = ax.set(xlabel="time (s)", ylabel="distance (m)")
    >>> alt_text(figure)
    'Horizontal axis: time (s). Vertical axis: distance (m).'
    >>> _describe(ax, "A straight line.")
    >>> alt_text(figure)
    'A straight line.'
    """
    parts = []
    root = figure
    suptitle = getattr(root, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        parts.append(f"{_plain(suptitle.get_text())}.")
    for ax in figure.get_axes():
        text = getattr(ax, ALT_ATTRIBUTE, None) or _derived(ax)
        if text:
            parts.append(text)
    return " ".join(parts) or "An empty figure."


def png_bundle(figure: Figure, *, alt: str | None = None, dpi: int = 100) -> tuple[bytes, dict]:
    """The figure as a PNG drawn at twice ``dpi`` (crisp on HiDPI screens), and the metadata to show it at 1x.

    Parameters
    ----------
    figure : Figure
        The figure.
    alt : str, optional, keyword-only
        Alt text; by default :func:`alt_text` of the figure.
    dpi : int, keyword-only
        Pixels per inch of the image as displayed.

    Returns
    -------
    (bytes, dict)
        The PNG, and ``{"width": ..., "height": ..., "alt": ...}``: the displayed size in
        CSS pixels (half the PNG's) and the alt text, as a notebook output's
        ``metadata["image/png"]``.

    Examples
    --------
    >>> figure, _ = new_figure(size=(4.0, 2.0))
    >>> data, metadata = png_bundle(figure, alt="Nothing yet.")
    >>> metadata
    {'width': 400, 'height': 200, 'alt': 'Nothing yet.'}
    """
    if not isinstance(dpi, int) or isinstance(dpi, bool) or not 10 <= dpi <= 1000:
        raise ValueError(f"dpi must be a whole number of pixels per inch from 10 to 1000, got {dpi!r}")
    if alt is None:
        alt = alt_text(figure)
    elif not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty description of the figure, got {alt!r}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=2 * dpi, transparent=True)
    width, height = (int(round(inches * dpi)) for inches in figure.get_size_inches())
    return buffer.getvalue(), {"width": width, "height": height, "alt": " ".join(alt.split())}


def show(figure: Figure, *, alt: str | None = None, dpi: int = 100):
    """Return the figure as a PNG image that a notebook displays as a picture, with alt text.

    Works the same under every matplotlib backend, and in Voilà.  The PNG is
    drawn at twice ``dpi`` and displayed at the figure's size (so it is crisp
    on HiDPI screens), on a transparent background (so it sits on JupyterLab's
    dark theme as on a white page).  Its alt text, stored in the output's
    metadata (``metadata["image/png"]["alt"]``), describes the figure for
    readers who cannot see it.

    Parameters
    ----------
    figure : Figure
        The figure to show, as a figure function returns it.
    alt : str, optional, keyword-only
        The alt text; by default :func:`alt_text`, the description the figure
        function wrote (or one derived from the title, axis labels and legend).
    dpi : int, keyword-only
        Pixels per inch of the image as displayed.

    Returns
    -------
    IPython.display.Image

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> image = show(fig, alt="An empty panel.")
    >>> image.data[:4] == b"\\x89PNG", image._repr_png_()[1]
    (True, {'width': 700, 'height': 350, 'alt': 'An empty panel.'})
    """
    from IPython.display import Image

    data, metadata = png_bundle(figure, alt=alt, dpi=dpi)
    return Image(data=data, format="png", width=metadata["width"], height=metadata["height"], alt=metadata["alt"])


def event_colours(events) -> list[str] | None:
    """The palette colour for each event when every event is named after a colour, else None.

    Events called "red", "green" and "blue" are drawn in those colours
    (vermillion, bluish green and blue, Okabe and Ito's versions, safe for
    colour-blind readers), so that the picture never contradicts the names;
    P and Q are then told apart by hatching alone (P plain, Q hatched).

    Parameters
    ----------
    events : sequence of str
        The event names.

    Returns
    -------
    list of str or None
        One colour per event, or None if some name is not a colour (or two
        names share one).

    Examples
    --------
    >>> event_colours(["red", "green", "blue"]) == [PALETTE["vermillion"], PALETTE["green"], PALETTE["blue"]]
    True
    >>> event_colours(["sun", "cloud", "rain"]) is None
    True
    """
    names = [_COLOUR_NAMES.get(str(event).strip().lower()) for event in events]
    if not names or None in names or len(set(names)) != len(names):
        return None
    return [PALETTE[name] for name in names]


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
