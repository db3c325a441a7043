"""The pictures: one shared style and the plotting routines the notebooks use.

Every plotting function builds a :class:`matplotlib.figure.Figure` directly
(not through ``pyplot``), so it is never shown twice, never leaks into
pyplot's global list of figures, and looks the same under every backend.
:func:`show` turns a figure into a PNG image for a notebook, which GitHub,
nbviewer and exported HTML all display.  The live explorers draw in the
browser (:mod:`bitsandnats.explorers`); :func:`web_theme` hands them this
module's palette, hatching and type scale.

The palette is Okabe and Ito's, safe for the common forms of colour-blindness;
P and Q also differ in hatching, so colour is never the only cue.  Axis labels
always name their units.
"""

from __future__ import annotations

import io
import math
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = [
    "PALETTE",
    "P_STYLE",
    "Q_STYLE",
    "style",
    "web_theme",
    "new_figure",
    "show",
    "distributions",
    "surprisal_curve",
    "binary_entropy_curve",
    "surprise_running_average",
    "log_loss_curve",
    "clipping_comparison",
    "learning_curves",
    "logit_gradients",
    "contributions",
    "convergence",
    "soft_targets",
    "gradient_scaling",
    "normal_densities",
    "binned_entropy_bridge",
    "code_lengths",
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


# --- 01 surprise, 02 entropy ----------------------------------------------------

_MARKERS = ("o", "s", "D", "^", "v", "P")


def _log_symbol(base: float) -> str:
    """How a logarithm of the given base is written on an axis."""
    if math.isclose(base, 2.0):
        return r"\log_2"
    if math.isclose(base, math.e):
        return r"\ln"
    if math.isclose(base, 10.0):
        return r"\log_{10}"
    return rf"\log_{{{base:g}}}"


def _amount(value: float, unit: str, digits: str = ".3g") -> str:
    """A value with its unit, singular for exactly 1 (1 bit, 2 bits)."""
    text = format(value, digits)
    if float(text) == 1.0 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{text} {unit}"


def surprisal_curve(*, marked=(1.0, 0.5, 0.25, 0.1, 0.01), base: float = 2, presentation: bool = False) -> Figure:
    r"""The surprisal :math:`-\log_b p` of an outcome against its probability p, on (0, 1].

    Each probability in ``marked`` gets a point (a different marker shape for
    each) labelled with its surprisal.  The curve is 0 at p = 1 and grows
    without bound as p approaches 0, but slowly: every halving of p adds one
    bit.

    Parameters
    ----------
    marked : sequence of float, keyword-only
        Probabilities in (0, 1] to mark on the curve; at most six.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).  The unit is named on the axis.

    Examples
    --------
    >>> fig = surprisal_curve(marked=(0.5, 0.25))
    >>> ax = fig.axes[0]
    >>> [round(float(c.get_offsets()[0][1]), 3) for c in ax.collections]
    [1.0, 2.0]
    >>> ax.get_ylabel()
    'surprisal $-\\log_2 p$ (bits)'
    """
    from .measures import surprisal, units

    unit = units(base)
    marked = np.atleast_1d(np.asarray(marked, dtype=float))
    if marked.ndim != 1 or not 1 <= marked.shape[0] <= len(_MARKERS):
        raise ValueError(f"marked must hold 1 to {len(_MARKERS)} probabilities, got {marked.shape[0]}")
    if not ((marked > 0) & (marked <= 1)).all():
        raise ValueError("marked probabilities must lie in (0, 1]; p = 0 has infinite surprisal")
    heights = np.atleast_1d(surprisal(marked, base=base))
    top = max(float(heights.max()) * 1.2, surprisal(0.1, base=base) * 1.2)
    smallest = float(base) ** (-top)  # where the curve leaves the top of the panel
    grid = np.concatenate([np.geomspace(smallest, 0.05, 300), np.linspace(0.05, 1.0, 300)[1:]])
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    log = _log_symbol(base)
    with style(presentation=presentation):
        ax.plot(grid, surprisal(grid, base=base), color=PALETTE["black"], linewidth=1.8,
                label=rf"$-{log} p$")
        colours = ("blue", "orange", "green", "vermillion", "purple", "sky")
        for prob, height, marker, colour in zip(marked, heights, _MARKERS, colours):
            ax.scatter([prob], [height], s=55, marker=marker, color=PALETTE[colour], zorder=3)
            ax.annotate(f"p = {prob:g}: {_amount(height, unit)}", (prob, height), xytext=(8, 4),
                        textcoords="offset points")
        ax.annotate(r"$\to \infty$ as $p \to 0$", (smallest, top), xytext=(10, -16), textcoords="offset points")
        ax.set_xlim(0, 1.25)
        ax.set_ylim(0, top)
        ax.set_xticks(np.linspace(0, 1, 6))
        ax.set_xlabel("probability p of the outcome")
        ax.set_ylabel(rf"surprisal $-{log} p$ ({unit})")
    return figure


def binary_entropy_curve(*, marked=(0.5, 0.8), base: float = 2, presentation: bool = False) -> Figure:
    r"""The entropy of a coin against its probability of heads, with some coins marked.

    .. math:: H(p) = -p \log_b p - (1 - p) \log_b (1 - p)

    The curve is 0 for a coin that always (or never) lands heads and peaks at
    :math:`\log_b 2` (1 bit) for a fair coin.  Each probability in ``marked``
    gets a point (a different marker shape for each) labelled with its
    entropy; a dotted line shows the maximum.

    Parameters
    ----------
    marked : sequence of float, keyword-only
        Probabilities of heads in [0, 1] to mark; at most six (may be empty).
    base : float, keyword-only
        Logarithm base; 2 by default (bits).  The unit is named on the axis.

    Examples
    --------
    >>> fig = binary_entropy_curve(marked=(0.5, 0.8))
    >>> ax = fig.axes[0]
    >>> [round(float(c.get_offsets()[0][1]), 4) for c in ax.collections]
    [1.0, 0.7219]
    >>> ax.get_ylabel()
    'entropy H (bits)'
    """
    from .measures import entropy, units

    unit = units(base)
    marked = np.atleast_1d(np.asarray(marked, dtype=float))
    if marked.ndim != 1 or marked.shape[0] > len(_MARKERS):
        raise ValueError(f"marked must hold at most {len(_MARKERS)} probabilities, got {marked.shape[0]}")
    if not ((marked >= 0) & (marked <= 1)).all():
        raise ValueError("marked probabilities of heads must lie in [0, 1]")
    grid = np.linspace(0.0, 1.0, 501)
    curve = entropy(np.stack([grid, 1.0 - grid], axis=-1), base=base)
    peak = entropy([0.5, 0.5], base=base)
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.axhline(peak, color=PALETTE["grey"], linestyle=":", linewidth=1.2)
        ax.text(1.0, peak, f"maximum: {_amount(peak, unit, '.4g')}", ha="right", va="bottom", color=PALETTE["grey"])
        ax.plot(grid, curve, color=PALETTE["black"], linewidth=1.8)
        colours = ("blue", "orange", "green", "vermillion", "purple", "sky")
        for prob, marker, colour in zip(marked, _MARKERS, colours):
            height = entropy([prob, 1.0 - prob], base=base)
            ax.scatter([prob], [height], s=60, marker=marker, color=PALETTE[colour], zorder=3)
            near_top = height > 0.8 * peak
            ax.annotate(f"{prob:g}/{1 - prob:g} coin: {height:.4f} {unit}", (prob, height),
                        xytext=(0, -12 if near_top else 10), textcoords="offset points", ha="center",
                        va="top" if near_top else "bottom",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})
        ax.set_xlim(0, 1)
        ax.set_ylim(0, peak * 1.15)
        ax.set_xlabel("p(heads)")
        ax.set_ylabel(f"entropy H ({unit})")
    return figure


def surprise_running_average(averages, entropy, *, base: float = 2, marked=(), presentation: bool = False) -> Figure:
    """The running average surprise of a growing sample against the entropy it approaches.

    The average after the first N draws is plotted against N on a
    logarithmic axis; the entropy is a dashed horizontal line.  Each N in
    ``marked`` gets a point (a different marker shape for each) labelled with
    the average there.

    Parameters
    ----------
    averages : array_like
        The running average after 1, 2, ..., N draws, for example from
        :func:`bitsandnats.measures.average_surprisal` with ``running=True``.
    entropy : float
        The entropy of the distribution the draws come from.
    base : float, keyword-only
        Logarithm base the values are in; 2 by default (bits).
    marked : sequence of int, keyword-only
        Sample sizes (1 to N) to mark; at most six.

    Examples
    --------
    >>> fig = surprise_running_average([1.0, 0.5, 2 / 3, 0.75], 0.7219, marked=(4,))
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'average surprise (bits)')
    >>> float(ax.collections[0].get_offsets()[0][1])
    0.75
    """
    from .measures import units

    unit = units(base)
    averages = np.asarray(averages, dtype=float)
    if averages.ndim != 1 or averages.shape[0] < 1:
        raise ValueError(f"averages must be a one-dimensional array of running averages, got shape {averages.shape}")
    marked = [int(size) for size in marked]
    if len(marked) > len(_MARKERS):
        raise ValueError(f"marked must hold at most {len(_MARKERS)} sample sizes, got {len(marked)}")
    if any(not 1 <= size <= averages.shape[0] for size in marked):
        raise ValueError(f"marked sample sizes must lie between 1 and {averages.shape[0]}")
    sizes = np.arange(1, averages.shape[0] + 1)
    finite = averages[np.isfinite(averages)]
    high = max(float(finite.max(initial=entropy)), entropy)
    figure, ax = new_figure(size=(7.0, 3.6), presentation=presentation)
    with style(presentation=presentation):
        ax.axhline(entropy, color=PALETTE["black"], linestyle="--", linewidth=1.3,
                   label=f"entropy H = {entropy:.4f} {unit}")
        ax.plot(sizes, averages, color=PALETTE["blue"], linewidth=1.6, label="average surprise of the first N draws")
        for size, marker in zip(marked, _MARKERS):
            value = averages[size - 1]
            ax.scatter([size], [value], s=55, marker=marker, color=PALETTE["vermillion"], zorder=3)
            right_half = size > np.sqrt(sizes[-1])  # on the log axis: label to the left of the point
            ax.annotate(f"N = {size:,}: {value:.4f} {unit}", (size, value), xytext=(-6 if right_half else 6, 8),
                        textcoords="offset points", ha="right" if right_half else "left")
        ax.set_xscale("log")
        ax.set_xlim(1, sizes[-1] * 1.5)
        ax.set_ylim(0, high * 1.25)
        ax.set_xlabel("number of draws N (log scale)")
        ax.set_ylabel(f"average surprise ({unit})")
        ax.legend(loc="upper right")
    return figure


# --- 04 cross-entropy as a loss, 05 many classes -----------------------------


def log_loss_curve(y_true, y_prob, *, presentation: bool = False) -> Figure:
    """The loss -ln q against q, the probability given to the true class, with examples on it.

    Each example sits on the curve at the probability its prediction gave to
    the label it really has: ŷ for a positive example, 1 - ŷ for a negative
    one.  Positives are filled circles, negatives open squares; a number
    beside a point counts the examples stacked there.  The dashed line is
    their mean, the log loss.

    Parameters
    ----------
    y_true : array_like
        Labels 0 and 1.
    y_prob : array_like
        Predicted probability of class 1, one per label.

    Examples
    --------
    >>> fig = log_loss_curve([1, 1, 0], [0.8, 0.8, 0.4])
    >>> [len(c.get_offsets()) for c in fig.axes[0].collections]
    [2, 1]
    """
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    q_true = np.where(y_true == 1, y_prob, 1.0 - y_prob)
    with np.errstate(divide="ignore"):
        losses = -np.log(q_true)
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    grid = np.linspace(0.004, 1.0, 500)
    with style(presentation=presentation):
        ax.plot(grid, -np.log(grid), color=PALETTE["black"], linewidth=1.5, label=r"loss $= -\ln q$")
        positive = y_true == 1
        ax.scatter(q_true[positive], losses[positive], s=60, marker="o", color=PALETTE["blue"],
                   zorder=3, label=r"$y = 1$: $q = \hat y$")
        ax.scatter(q_true[~positive], losses[~positive], s=150, marker="s", facecolors="none",
                   edgecolors=PALETTE["vermillion"], linewidths=1.8, zorder=4, label=r"$y = 0$: $q = 1 - \hat y$")
        for q in np.unique(np.round(q_true, 12)):
            count = int(np.sum(np.isclose(q_true, q)))
            if count > 1 and q > 0:
                ax.annotate(f"×{count}", (q, -np.log(q)), xytext=(9, 6), textcoords="offset points")
        mean = float(np.mean(losses))
        ax.axhline(mean, color=PALETTE["grey"], linestyle="--", linewidth=1.2,
                   label=f"mean (log loss) {mean:.3f} nats")
        ax.set_xlim(0, 1.04)
        ax.set_ylim(0, 5)
        ax.set_xlabel("q, probability the model gave to the true class")
        ax.set_ylabel("loss (nats)")
        ax.legend(loc="upper right")
    return figure


def clipping_comparison(prob, losses, *, presentation: bool = False) -> Figure:
    """Loss of one positive example as its predicted probability goes to 0, per implementation.

    The x-axis is logarithmic, so the exact loss ``-ln q`` is a straight line;
    an implementation that clips its input flattens out at its clipping
    threshold.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of the true class, all positive.
    losses : dict
        A name (shown in the legend) for each array of losses in nats, one per
        entry of ``prob``; up to four lines, each with its own colour and dash.

    Examples
    --------
    >>> q = np.geomspace(1e-20, 1, 5)
    >>> fig = clipping_comparison(q, {"exact": -np.log(q)})
    >>> fig.axes[0].get_xscale(), len(fig.axes[0].lines)
    ('log', 1)
    """
    prob = np.asarray(prob, dtype=float)
    looks = [
        {"color": PALETTE["black"], "linestyle": "-", "linewidth": 1.6},
        {"color": PALETTE["blue"], "linestyle": "--", "linewidth": 2.6},
        {"color": PALETTE["orange"], "linestyle": ":", "linewidth": 3.0},
        {"color": PALETTE["green"], "linestyle": "-.", "linewidth": 2.2},
    ]
    if len(losses) > len(looks):
        raise ValueError(f"losses can hold at most {len(looks)} curves, got {len(losses)}")
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        for (name, values), look in zip(losses.items(), looks):
            ax.plot(prob, np.asarray(values, dtype=float), label=name, **look)
        ax.set_xscale("log")
        ax.set_xlabel("q, predicted probability of the true class (log scale)")
        ax.set_ylabel("loss (nats)")
        ax.legend(loc="upper right")
    return figure


def learning_curves(history_ce, history_mse, *, presentation: bool = False) -> Figure:
    """Log loss and accuracy per epoch for a model trained on cross-entropy and one on squared error.

    Both panels measure the two models the same way: the left one is the
    cross-entropy on the training data in nats (whatever each model
    minimised), the right one the fraction classified correctly.

    Parameters
    ----------
    history_ce, history_mse : dict
        ``Training.history`` from :func:`bitsandnats.training.train_logistic_regression`
        (keys ``"epoch"``, ``"log_loss"``, ``"accuracy"``).

    Examples
    --------
    >>> h = {"epoch": np.arange(3), "log_loss": np.array([0.7, 0.4, 0.3]), "accuracy": np.array([0.5, 0.8, 0.9])}
    >>> fig = learning_curves(h, h)
    >>> len(fig.axes), [len(ax.lines) for ax in fig.axes]
    (2, [2, 2])
    """
    figure, (left, right) = new_figure(ncols=2, size=(9.0, 3.6), presentation=presentation)
    runs = (
        (history_ce, {"color": PALETTE["blue"], "linestyle": "-", "label": "trained on cross-entropy"}),
        (history_mse, {"color": PALETTE["orange"], "linestyle": "--", "label": "trained on squared error"}),
    )
    with style(presentation=presentation):
        for history, look in runs:
            left.plot(history["epoch"], history["log_loss"], linewidth=2.2, **look)
            right.plot(history["epoch"], history["accuracy"], linewidth=2.2, **look)
        left.set_ylabel("log loss on the training data (nats)")
        left.set_ylim(bottom=0)
        right.set_ylabel("accuracy (fraction correct)")
        right.set_ylim(0, 1.02)
        for ax in (left, right):
            ax.set_xlabel("epoch (full-batch gradient steps)")
        right.legend(loc="lower right")
    return figure


def logit_gradients(*, z_range=(-8.0, 8.0), presentation: bool = False) -> Figure:
    r"""Size of the gradient with respect to the logit, for a positive example, under both losses.

    Cross-entropy gives :math:`|\sigma(z) - 1|`, which approaches 1 as the
    model becomes confidently wrong (z very negative); squared error gives
    :math:`2 (1 - \sigma(z))^2 \sigma(z)`, which vanishes there.

    Examples
    --------
    >>> fig = logit_gradients()
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['cross-entropy', 'squared error']
    """
    from .training import logit_gradient

    z = np.linspace(*z_range, 400)
    figure, ax = new_figure(size=(7.0, 3.5), presentation=presentation)
    with style(presentation=presentation):
        ax.axvspan(z_range[0], 0, color=PALETTE["grey"], alpha=0.12, linewidth=0)
        ax.text(z_range[0] + 0.3, 1.03, "wrong side: the model favours class 0", va="bottom")
        ax.plot(z, np.abs(logit_gradient(z, 1)), color=PALETTE["blue"], linewidth=2.4, label="cross-entropy")
        ax.plot(z, np.abs(logit_gradient(z, 1, loss="squared_error")), color=PALETTE["orange"],
                linestyle="--", linewidth=2.4, label="squared error")
        ax.set_xlim(*z_range)
        ax.set_ylim(0, 1.15)
        ax.set_xlabel("logit z of a positive example (y = 1)")
        ax.set_ylabel(r"gradient size $|\partial \ell / \partial z|$" "\n(loss units per unit of z)")
        ax.legend(loc="upper right")
    return figure


# --- 03 cross-entropy and KL, 09 misconceptions --------------------------------


def _value_text(value: float) -> str:
    """A bar's value as a short label; infinite values as ∞."""
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:+.3f}" if value < 0 else f"{value:.3f}"


def contributions(p, q, events, *, base: float = 2, presentation: bool = False, title: str | None = None) -> Figure:
    r"""Each event's share of H(P), H(P, Q) and KL(P ‖ Q), as labelled bars.

    Left panel: for each event, the entropy term :math:`-P(x)\log_b P(x)`
    (drawn like P) beside the cross-entropy term :math:`-P(x)\log_b Q(x)`
    (drawn like Q, hatched); each kind adds up to H(P) and H(P, Q), given in
    the title.  Right panel: the KL term :math:`P(x)\log_b\frac{P(x)}{Q(x)}`,
    the difference of the two bars on the left.  It points up where Q gives
    the event less probability than P and down (other colour and hatching)
    where Q gives it more; the terms can be negative, their sum cannot.
    Every bar carries its value; an infinite term (Q(x) = 0 < P(x)) is drawn
    to the top of the panel and labelled ∞.

    Parameters
    ----------
    p, q : array_like
        Two distributions over the same events (one-dimensional).
    events : sequence of str
        The names of the events, one per entry of ``p``.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).  The unit is named on the axes.

    Examples
    --------
    >>> fig = contributions([0.1, 0.4, 0.5], [0.8, 0.15, 0.05], ["red", "green", "blue"])
    >>> left, right = fig.axes
    >>> [round(float(bar.get_height()), 3) for bar in right.patches]
    [-0.3, 0.566, 1.661]
    >>> left.get_ylabel(), right.get_ylabel()
    ('term per event (bits)', 'KL term per event (bits)')
    """
    from .measures import cross_entropy_terms, kl_terms, units

    unit = units(base)
    entropy_part = cross_entropy_terms(p, p, base=base)
    cross_part = cross_entropy_terms(p, q, base=base)
    kl_part = kl_terms(p, q, base=base)
    if cross_part.ndim != 1:
        raise ValueError(f"contributions draws one pair of distributions; p and q must be one-dimensional, got shape {cross_part.shape}")
    if len(events) != cross_part.shape[0]:
        raise ValueError(f"events has {len(events)} names but p and q have {cross_part.shape[0]} events")
    figure, (left, right) = new_figure(ncols=2, size=(11.0, 4.0), presentation=presentation)
    positions = np.arange(len(events))
    width = 0.38
    finite_left = np.concatenate([entropy_part, cross_part])
    finite_left = finite_left[np.isfinite(finite_left)]
    left_top = max(float(finite_left.max(initial=0.0)), 0.5) * 1.3
    finite_kl = kl_part[np.isfinite(kl_part)]
    kl_high = max(float(finite_kl.max(initial=0.0)), 0.25)
    kl_low = min(float(finite_kl.min(initial=0.0)), 0.0)
    kl_span = kl_high - kl_low
    with style(presentation=presentation):
        parts = (
            (-width / 2, entropy_part, P_STYLE, r"$-P(x)\log P(x)$, sums to H(P)"),
            (width / 2, cross_part, Q_STYLE, r"$-P(x)\log Q(x)$, sums to H(P, Q)"),
        )
        for offset, values, look, label in parts:
            heights = np.where(np.isinf(values), left_top / 1.15, values)
            bars = left.bar(positions + offset, heights, width, color=look["color"], hatch=look["hatch"],
                            edgecolor="white", label=label)
            left.bar_label(bars, labels=[_value_text(v) for v in values], padding=2, fontsize="small")
        left.set_xticks(positions, events)
        left.set_ylim(0, left_top)
        left.set_ylabel(f"term per event ({unit})")
        left.legend(loc="upper left")
        left.set_title(f"H(P) = {_value_text(entropy_part.sum())}, H(P, Q) = {_value_text(cross_part.sum())} {unit}")

        from matplotlib.patches import Patch

        up = {"color": PALETTE["green"], "hatch": "", "label": "Q(x) < P(x): term > 0"}
        down = {"color": PALETTE["vermillion"], "hatch": "\\\\", "label": "Q(x) > P(x): term < 0"}
        looks = [up if value >= 0 else down for value in kl_part]
        heights = np.where(np.isinf(kl_part), kl_high + 0.3 * kl_span, kl_part)
        bars = right.bar(positions, heights, 0.6, color=[look["color"] for look in looks], edgecolor="white")
        for bar, look in zip(bars, looks):
            bar.set_hatch(look["hatch"])
        right.bar_label(bars, labels=[_value_text(v) for v in kl_part], padding=2, fontsize="small")
        right.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
        shown = [look for look in (up, down) if any(item is look for item in looks)]
        right.legend(handles=[Patch(facecolor=look["color"], hatch=look["hatch"], edgecolor="white",
                                    label=look["label"]) for look in shown], loc="upper left")
        right.set_xticks(positions, events)
        right.set_ylim(kl_low - 0.25 * kl_span if kl_low < 0 else 0.0, kl_high + 0.45 * kl_span)
        right.set_ylabel(f"KL term per event ({unit})")
        right.set_title(f"KL(P‖Q) = {_value_text(kl_part.sum())} {unit}")
        if title:
            figure.suptitle(title)
    return figure


def convergence(sizes, estimates, exact, *, unit: str = "nats", quantity: str = "KL divergence",
                presentation: bool = False, title: str | None = None) -> Figure:
    """Estimates against the sample size they used, with the exact value they should approach.

    The estimates are joined by a line on a logarithmic sample-size axis; the
    exact value is a dashed horizontal line.  An infinite estimate (for
    example a KL divergence from a histogram with an empty bin) is drawn as
    a triangle at the top of the panel, labelled ∞.

    Parameters
    ----------
    sizes : sequence of int
        The sample sizes, increasing.
    estimates : sequence of float
        One estimate per sample size; ``inf`` is allowed.
    exact : float
        The value the estimates should approach.
    unit : str, keyword-only
        The unit of the values, named on the axis.
    quantity : str, keyword-only
        What is estimated, for the axis label.

    Examples
    --------
    >>> fig = convergence([100, 1000, 10000], [float("inf"), 0.48, 0.444], 0.4431)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'KL divergence (nats)')
    """
    sizes = np.asarray(sizes, dtype=float)
    estimates = np.asarray(estimates, dtype=float)
    if sizes.shape != estimates.shape or sizes.ndim != 1:
        raise ValueError(f"sizes and estimates must be one-dimensional and of equal length, got {sizes.shape} and {estimates.shape}")
    figure, ax = new_figure(presentation=presentation)
    finite = np.isfinite(estimates)
    values = np.concatenate([estimates[finite], [exact]])
    low, high = float(values.min()), float(values.max())
    span = max(high - low, 0.05 * max(abs(high), 1e-12))
    top = high + 0.35 * span
    with style(presentation=presentation):
        ax.axhline(exact, color=PALETTE["black"], linestyle="--", linewidth=1.2, label=f"exact: {exact:.4f} {unit}")
        ax.plot(sizes[finite], estimates[finite], marker="o", color=PALETTE["blue"], label="estimate")
        if not finite.all():
            ax.plot(sizes[~finite], np.full((~finite).sum(), top - 0.08 * span), linestyle="none", marker="^",
                    color=PALETTE["vermillion"], label="estimate = ∞")
            for size in sizes[~finite]:
                ax.annotate("∞", (size, top - 0.08 * span), textcoords="offset points", xytext=(8, -4))
        ax.set_xscale("log")
        ax.set_ylim(low - 0.2 * span, top)
        ax.set_xlabel("sample size n (log scale)")
        ax.set_ylabel(f"{quantity} ({unit})")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))  # outside: never hides a point
        if title:
            ax.set_title(title)
    return figure


# --- 06 distillation, 07 continuous ----------------------------------------------

# Series drawn side by side: colour, hatching and line style all differ.
_SERIES_LOOKS = (
    {"color": PALETTE["blue"], "hatch": "", "linestyle": "-"},
    {"color": PALETTE["orange"], "hatch": "//", "linestyle": "--"},
    {"color": PALETTE["green"], "hatch": "..", "linestyle": ":"},
    {"color": PALETTE["vermillion"], "hatch": "\\\\", "linestyle": "-."},
    {"color": PALETTE["purple"], "hatch": "xx", "linestyle": (0, (5, 1, 1, 1, 1, 1))},
)


def _check_series_count(count: int, name: str) -> None:
    if not 1 <= count <= len(_SERIES_LOOKS):
        raise ValueError(f"{name} must hold 1 to {len(_SERIES_LOOKS)} values, got {count}")


def soft_targets(logits, temperatures, classes, *, base: float = 2, presentation: bool = False,
                 title: str | None = None) -> Figure:
    """The softmax of one set of logits at several temperatures, as grouped bars.

    One group of bars per class, one bar per temperature (each temperature
    with its own colour and hatching); the legend gives each distribution's
    entropy, which rises with the temperature.  A dashed line marks the
    uniform distribution that the bars approach as T grows.

    Parameters
    ----------
    logits : array_like
        One logit per class (one-dimensional).
    temperatures : sequence of float
        Up to five temperatures, each > 0.
    classes : sequence of str
        The class names, one per logit.
    base : float, keyword-only
        Unit of the entropies in the legend; 2 by default (bits).

    Examples
    --------
    >>> fig = soft_targets([2.0, 0.0], [1, 4], ["yes", "no"])
    >>> [round(float(bar.get_height()), 4) for bar in fig.axes[0].patches]
    [0.8808, 0.1192, 0.6225, 0.3775]
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['T = 1: H = 0.53 bits', 'T = 4: H = 0.96 bits', 'uniform (T → ∞): H = 1.00 bits']
    """
    from .measures import entropy, softmax, units

    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or len(classes) != logits.shape[0]:
        raise ValueError(f"logits must be one-dimensional with one entry per class; got shape {logits.shape} "
                         f"and {len(classes)} classes")
    _check_series_count(len(temperatures), "temperatures")
    unit = units(base)
    figure, ax = new_figure(size=(8.0, 3.8), presentation=presentation)
    positions = np.arange(len(classes))
    width = 0.8 / len(temperatures)
    with style(presentation=presentation):
        for index, (temperature, look) in enumerate(zip(temperatures, _SERIES_LOOKS)):
            probs = softmax(logits, temperature=temperature)
            offset = (index - (len(temperatures) - 1) / 2) * width
            ax.bar(positions + offset, probs, width, color=look["color"], hatch=look["hatch"], edgecolor="white",
                   label=f"T = {temperature:g}: H = {entropy(probs, base=base):.2f} {unit}")
        ax.axhline(1.0 / len(classes), color=PALETTE["grey"], linestyle="--", linewidth=1.0,
                   label=f"uniform (T → ∞): H = {np.log(len(classes)) / np.log(base):.2f} {unit}")
        ax.set_xticks(positions, classes)
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[1:] + handles[:1], labels[1:] + labels[:1], loc="upper right")
        if title:
            ax.set_title(title)
    return figure


def gradient_scaling(temperatures, soft_norms, *, hard_norm: float | None = None, limit: float | None = None,
                     unit: str = "nats", presentation: bool = False) -> Figure:
    r"""Size of the soft-target gradient against the temperature, bare and multiplied by T².

    On logarithmic axes a quantity falling like :math:`1/T^2` is a straight
    line of slope -2; the same values times :math:`T^2` level off.

    Parameters
    ----------
    temperatures : sequence of float
        The temperatures, increasing.
    soft_norms : sequence of float
        Size (Euclidean norm) of the gradient of the bare soft loss KL(p_T ‖ q_T)
        with respect to the student's logits, one per temperature.
    hard_norm : float, optional, keyword-only
        Size of the hard-label term's gradient (it does not depend on T),
        drawn as a horizontal line for comparison.
    limit : float, optional, keyword-only
        The large-temperature limit of T² times the soft gradient's size.
    unit : str, keyword-only
        The unit of the loss, named on the axis.

    Examples
    --------
    >>> fig = gradient_scaling([1, 2, 4], [0.4, 0.1, 0.025], hard_norm=0.5, limit=0.4)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_yscale(), len(ax.lines)
    ('log', 'log', 4)
    >>> [round(float(y), 3) for y in ax.lines[1].get_ydata()]
    [0.4, 0.4, 0.4]
    """
    temperatures = np.asarray(temperatures, dtype=float)
    soft_norms = np.asarray(soft_norms, dtype=float)
    if temperatures.shape != soft_norms.shape or temperatures.ndim != 1:
        raise ValueError(f"temperatures and soft_norms must be one-dimensional and of equal length, got "
                         f"{temperatures.shape} and {soft_norms.shape}")
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.plot(temperatures, soft_norms, marker="o", color=PALETTE["blue"], linestyle="-",
                label=r"soft term, bare KL: $\|\nabla\|$")
        ax.plot(temperatures, soft_norms * temperatures**2, marker="s", color=PALETTE["orange"], linestyle="--",
                label=r"soft term times $T^2$: $T^2 \|\nabla\|$")
        if hard_norm is not None:
            ax.axhline(hard_norm, color=PALETTE["green"], linestyle=":", linewidth=2.2,
                       label="hard-label term (same for every T)")
        if limit is not None:
            ax.axhline(limit, color=PALETTE["grey"], linestyle="-.", linewidth=1.2,
                       label=r"large-$T$ limit of $T^2 \|\nabla\|$")
        ax.set_xscale("log")
        ax.set_yscale("log")
        shown = np.concatenate([soft_norms, soft_norms * temperatures**2,
                                [value for value in (hard_norm, limit) if value is not None]])
        ax.set_ylim(shown.min() / 1.6, shown.max() * 2.0)
        ax.set_xticks(temperatures, [f"{t:g}" for t in temperatures])
        ax.minorticks_off()
        ax.set_xlabel("temperature T (log scale)")
        ax.set_ylabel("gradient size\n" f"({unit} per unit of logit, log scale)")
        ax.legend(loc="lower left")
    return figure


def normal_densities(sigmas, *, mu: float = 0.0, base: float = np.e, presentation: bool = False) -> Figure:
    r"""Normal densities for several standard deviations, each with its differential entropy.

    The legend gives :math:`h = \tfrac12 \log_b(2\pi e\sigma^2)` for each curve;
    a grey line marks density 1, above which a density's logarithm, and so its
    contribution to :math:`-\int f \log f`, changes sign.

    Parameters
    ----------
    sigmas : sequence of float
        Up to five standard deviations, each > 0.
    mu : float, keyword-only
        The common mean.
    base : float, keyword-only
        Unit of h; e by default (nats).

    Examples
    --------
    >>> fig = normal_densities([0.1, 1.0])
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()][:2]
    ['σ = 0.1: h = −0.88 nats', 'σ = 1: h = +1.42 nats']
    """
    from .measures import differential_entropy_normal, units

    sigmas = [float(sigma) for sigma in sigmas]
    _check_series_count(len(sigmas), "sigmas")
    unit = units(base)
    reach = 3.5 * max(sigmas)
    x = np.linspace(mu - reach, mu + reach, 2001)
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        for sigma, look in zip(sigmas, _SERIES_LOOKS):
            density = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
            h = differential_entropy_normal(sigma, base=base)
            ax.plot(x, density, color=look["color"], linestyle=look["linestyle"], linewidth=2.2,
                    label=f"σ = {sigma:g}: h = {h:+.2f} {unit}".replace("-", "−"))
        ax.axhline(1.0, color=PALETTE["grey"], linewidth=1.0, label="density 1")
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(bottom=0)
        ax.set_xlabel("x")
        ax.set_ylabel("density f(x)\n(probability per unit of x)")
        ax.legend(loc="upper right")
    return figure


def binned_entropy_bridge(widths, binned_entropies, h, *, base: float = np.e, presentation: bool = False) -> Figure:
    r"""Entropy of a binned density against log(1/Δ), with the line h + log(1/Δ).

    Each marker is the (discrete) entropy of the density cut into bins of
    width Δ; the sloped line is :math:`h + \log_b(1/\Delta)`, which they
    approach as the bins get finer, and the dashed line is h itself, which
    does not depend on Δ.

    Parameters
    ----------
    widths : sequence of float
        Bin widths Δ > 0.
    binned_entropies : sequence of float
        Entropy of the binned distribution for each width, in the unit of ``base``.
    h : float
        Differential entropy of the density, same unit.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Examples
    --------
    >>> fig = binned_entropy_bridge([1.0, 0.1], [1.459, 3.722], 1.419)
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), [round(float(x), 3) for x in ax.lines[0].get_xdata()]
    ('log(1/Δ) (nats)', [0.0, 2.303])
    """
    from .measures import units

    widths = np.asarray(widths, dtype=float)
    binned_entropies = np.asarray(binned_entropies, dtype=float)
    if widths.shape != binned_entropies.shape or widths.ndim != 1:
        raise ValueError(f"widths and binned_entropies must be one-dimensional and of equal length, got "
                         f"{widths.shape} and {binned_entropies.shape}")
    unit = units(base)
    x = np.log(1.0 / widths) / np.log(base)
    line_x = np.linspace(min(0.0, float(x.min())) - 0.3, float(x.max()) + 0.5, 50)
    figure, ax = new_figure(size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.plot(x, binned_entropies, linestyle="none", marker="o", markersize=9, color=PALETTE["blue"],
                label=r"$H_\Delta$: entropy of the binned distribution", zorder=3)
        ax.plot(line_x, h + line_x, color=PALETTE["orange"], linestyle="-", linewidth=1.8,
                label=r"$h + \log(1/\Delta)$")
        ax.axhline(h, color=PALETTE["black"], linestyle="--", linewidth=1.2,
                   label=f"h = {h:.3f} {unit} (differential entropy)")
        for width, x_value, y_value in zip(widths, x, binned_entropies):
            ax.annotate(f"Δ = {width:g}", (x_value, y_value), xytext=(8, -14), textcoords="offset points")
        ax.set_xlabel(f"log(1/Δ) ({unit})")
        ax.set_ylabel(f"entropy ({unit})")
        ax.legend(loc="upper left")
    return figure


# --- 08 code lengths --------------------------------------------------------------


def code_lengths(block_sizes, measured, *, expected=None, references=None,
                 presentation: bool = False, title: str | None = None) -> Figure:
    r"""Bits per symbol of real codes against block length, beside the entropies they approach.

    Each code is drawn in its own colour, marker and dash: markers are the
    bits per symbol measured by encoding a message, a line (optional) is the
    exact expected length.  Each reference value :math:`H` (an entropy or a
    cross-entropy, in bits) is a thin black line labelled on the right, with
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

    Examples
    --------
    >>> fig = code_lengths([1, 2, 3], {"code for P": [1.5, 1.39, 1.37]},
    ...                    expected={"code for P": [1.5, 1.39, 1.373]}, references={"H(P)": 1.361})
    >>> ax = fig.axes[0]
    >>> ax.get_ylabel(), [text.get_text() for text in ax.get_legend().get_texts()]
    ('bits per symbol', ['code for P', 'guaranteed range [H, H + 1/n)'])
    """
    from matplotlib.patches import Patch

    block_sizes = np.asarray(block_sizes, dtype=float)
    looks = [
        {"color": PALETTE["blue"], "marker": "o", "linestyle": "-"},
        {"color": PALETTE["orange"], "marker": "s", "linestyle": "--"},
        {"color": PALETTE["vermillion"], "marker": "^", "linestyle": ":"},
        {"color": PALETTE["green"], "marker": "D", "linestyle": "-."},
    ]
    if len(measured) > len(looks):
        raise ValueError(f"measured can hold at most {len(looks)} codes, got {len(measured)}")
    expected = expected or {}
    references = references or {}
    figure, ax = new_figure(size=(8.0, 4.5), presentation=presentation)
    with style(presentation=presentation):
        ax.set_xlim(block_sizes.min() - 0.3, block_sizes.max() + 0.3)
        grid = np.linspace(block_sizes.min(), block_sizes.max(), 200)
        for label, value in references.items():
            ax.fill_between(grid, value, value + 1 / grid, color=PALETTE["grey"], alpha=0.18, linewidth=0)
            ax.axhline(value, color=PALETTE["black"], linewidth=1.0)
            ax.annotate(f"{label} = {value:.3f} bits", (0.0, value), xycoords=("axes fraction", "data"),
                        xytext=(6, -4), textcoords="offset points", ha="left", va="top")
        handles = []
        for (label, values), look in zip(measured.items(), looks):
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
        ax.set_ylabel("bits per symbol")
        legend_title = "markers: measured" + (", lines: expected" if expected else "")
        ax.legend(handles=handles, loc="center right", bbox_to_anchor=(1.0, 0.42), title=legend_title)
        shown = [np.asarray(v, dtype=float) for v in (*measured.values(), *expected.values())]
        shown += [np.array([value, value + 1 / block_sizes.min()]) for value in references.values()]
        low, high = min(float(v.min()) for v in shown), max(float(v.max()) for v in shown)
        ax.set_ylim(low - 0.1 * (high - low), high + 0.05 * (high - low))
        if title:
            ax.set_title(title)
    return figure
