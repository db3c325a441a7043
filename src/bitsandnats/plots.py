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
import math
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.spines import Spine

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
    # live panels for bitsandnats.explorers: built once, updated in place
    "DistributionPanel",
    "CoinPanel",
    "LogLossPanel",
    "TemperaturePanel",
    "BinningPanel",
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
    from matplotlib.lines import Line2D
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


# --- Live panels for bitsandnats.explorers ---------------------------------------
#
# A panel builds its figure and every artist ONCE; ``update(...)`` then changes
# heights, data, texts and limits in place (set_height, set_data, set_text), so a
# slider event costs a redraw, never a rebuild.  Panels only draw: the numbers
# they show are computed by the caller with bitsandnats.measures.  The layout
# engine runs only when a limit or label changed, and only the artists that move
# are drawn again between full draws (see _LiveFigure).

_NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _nice_ceiling(value: float, *, minimum: float) -> float:
    """A round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at least ``value``.

    Axis limits snap to these, so they change in steps instead of jittering with
    every slider move.

    Examples
    --------
    >>> _nice_ceiling(3.288 * 1.25, minimum=0.5), _nice_ceiling(0.01, minimum=0.5)
    (5.0, 0.5)
    """
    value = max(float(value), float(minimum))
    exponent = math.floor(math.log10(value))
    for step in _NICE_STEPS:
        top = step * 10.0**exponent
        if top >= value * (1 - 1e-12):
            return top
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def _steady_ceiling(current, needed: float, *, minimum: float) -> float:
    """An axis limit that grows at once (with room to spare) but shrinks only when the data use under 40% of it.

    Dragging a slider back and forth then leaves the axis alone instead of
    rescaling it at every step.

    Examples
    --------
    >>> _steady_ceiling(None, 2.7, minimum=0.5), _steady_ceiling(3.0, 2.0, minimum=0.5), _steady_ceiling(3.0, 0.3, minimum=0.5)
    (3.0, 3.0, 0.5)
    """
    target = _nice_ceiling(needed, minimum=minimum)
    if current is None or target < 0.4 * current:
        return target
    if target > current:  # grow with room to spare: each rescale costs a full redraw
        return _nice_ceiling(1.5 * needed, minimum=minimum)
    return current


def _finite_extremes(*arrays) -> tuple[float, float]:
    """The smallest and largest finite value of some arrays, (0, 0) if there is none."""
    values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 0.0
    return float(values.min()), float(values.max())


class _LiveFigure:
    """Redraws a live panel by blitting: only the artists that move are drawn again.

    A full draw of a panel (axes, ticks, legends, labels: mostly text) costs
    about 100 ms; the bars, lines and numbers that a slider moves cost a few.
    So the moving artists are marked *animated*, which leaves them out of a
    full draw; after every full draw the canvas without them is kept as the
    background and they are drawn on top (``draw_event``).  A slider move then
    restores the background, draws the moving artists again and blits: ipympl
    sends the changed pixels to the browser at once, with no round trip.

    A full draw is asked for instead when the background no longer holds: a
    limit or an axis label changed (the unit toggle, a rescaled axis), or any
    other artist changed since the last full draw.  Constrained layout runs
    only in those full draws; in between the axes stay where they are.

    Saving the figure (``savefig``) draws animated artists as usual, so static
    copies are complete.
    """

    def __init__(self, figure: Figure, moving):
        self.figure = figure
        # Lines and spines that lie above a moving artist are cheap: they move with it, and
        # drawing in z-order (ties in the axes' own order) stacks all as a full draw would.
        # Legends are left in the background; the panels keep data out of their way.
        moving = list(moving)
        chosen = set(map(id, moving))
        children = [(ax, artist) for ax in figure.axes for artist in ax.get_children()]
        for ax in figure.axes:
            lowest = min((artist.get_zorder() for artist in moving if artist.axes is ax), default=math.inf)
            moving += [artist for owner, artist in children if owner is ax and id(artist) not in chosen
                       and isinstance(artist, (Line2D, Spine)) and artist.get_zorder() >= lowest]
        order = {id(artist): rank for rank, (_ax, artist) in enumerate(children)}
        self.moving = sorted(moving, key=lambda artist: (artist.get_zorder(), order.get(id(artist), len(order))))
        for artist in self.moving:
            artist.set_animated(True)
        self._background = None
        self._frame = None  # what the background shows: limits and labels of every axes
        self._still: list = []  # every other artist that has no children: it must not change between full draws
        #: How many full draws and how many blits have shown the panel.
        self.full_draws = self.blits = 0
        figure.canvas.mpl_connect("draw_event", self._drawn)  # the registry lives on the figure

    def _state(self):
        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale(),
                      ax.get_yscale()) for ax in self.figure.axes)

    def _drawn(self, _event) -> None:
        from matplotlib.layout_engine import ConstrainedLayoutEngine

        canvas = self.figure.canvas
        if canvas.is_saving():  # savefig drew everything itself, on a renderer of its own
            return
        if isinstance(self.figure.get_layout_engine(), ConstrainedLayoutEngine):
            self.figure.set_layout_engine("none")
        self.full_draws += 1
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._frame = self._state()
        moving = set(map(id, self.moving))
        self._still = [artist for artist in self.figure.findobj(lambda a: not a.get_children())
                       if id(artist) not in moving]
        for artist in self._still:
            artist.stale = False  # an empty text is skipped by draw() and would stay stale
        self._draw_moving()

    def _draw_moving(self) -> None:
        for artist in self.moving:
            self.figure.draw_artist(artist)

    def check(self) -> None:
        """Call after an update: a changed frame needs a full draw, with a fresh layout."""
        if self._frame is not None and self._state() != self._frame:
            self._frame = None  # the next full draw lays the axes out again and keeps the new frame
            self._background = None
            self.figure.set_layout_engine("constrained")

    def redraw(self) -> None:
        """Show the panel's current state: blit the moving artists, or ask for a full draw."""
        canvas = self.figure.canvas
        if self._background is None or any(artist.stale for artist in self._still):
            self._background = None
            canvas.draw_idle()
            return
        canvas.restore_region(self._background)
        self._draw_moving()
        canvas.blit(self.figure.bbox)
        self.blits += 1


_INFINITE_LOOK = {"hatch": "xx", "edgecolor": PALETTE["black"], "linewidth": 1.5}


class _BarValues:
    """A text label above (or below) each bar of a BarContainer, updated in place."""

    def __init__(self, ax, bars, *, fontsize="small", digits=".2f"):
        from matplotlib.font_manager import FontProperties

        self.digits = digits
        # Sizes in points, fixed now: inside the panel's style, so presentation mode keeps its large type.
        self.fontsize = FontProperties(size=fontsize).get_size_in_points()
        self.loud_fontsize = FontProperties(size="large").get_size_in_points()
        self.texts = [ax.text(bar.get_x() + bar.get_width() / 2, 0.0, "", ha="center", va="bottom",
                              fontsize=fontsize, clip_on=False) for bar in bars]
        self._states = [None] * len(self.texts)

    def update(self, values, heights):
        """Put each value's text at its bar's height; ∞ (large and bold) for an infinite value."""
        for index, (text, value, height) in enumerate(zip(self.texts, values, heights)):
            if np.isinf(value):
                label = "∞" if value > 0 else "−∞"
            else:
                label = format(float(value), self.digits).replace("-", "−")
                if label in ("0.00", "−0.00", "0.000", "−0.000"):
                    label = label.replace("−", "")
            loud = bool(np.isinf(value))  # ∞ stands out in size and weight, not only by its place
            state = (label, float(height), loud)
            if self._states[index] == state:
                continue
            self._states[index] = state
            text.set_text(label)
            text.set_fontsize(self.loud_fontsize if loud else self.fontsize)
            text.set_fontweight("bold" if loud else "normal")
            text.set_y(float(height))
            text.set_va("top" if height < 0 else "bottom")


# Setting a property marks the artist and its figure stale, which costs more than
# the change itself: the helpers below touch an artist only when something differs.

def _style_bar(bar, *, color, hatch, edgecolor, linewidth):
    look = (color, hatch, edgecolor, linewidth)
    if getattr(bar, "_bitsandnats_look", None) != look:
        bar.set_facecolor(color)
        bar.set_hatch(hatch)
        bar.set_edgecolor(edgecolor)
        bar.set_linewidth(linewidth)
        bar._bitsandnats_look = look


def _set_height(bar, height) -> None:
    height = float(height)
    if bar.get_height() != height:
        bar.set_height(height)


def _set_ylim(ax, low, high) -> None:
    limits = (float(low), float(high))
    if getattr(ax, "_bitsandnats_ylim", None) != limits:
        ax.set_ylim(*limits)
        ax._bitsandnats_ylim = limits


def _set_ylabel(ax, text: str) -> None:
    if ax.get_ylabel() != text:
        ax.set_ylabel(text)


class _LivePanel:
    """What every live panel shares: ``redraw()`` shows its state, by blitting when it can (see _LiveFigure)."""

    _live: _LiveFigure

    def redraw(self) -> None:
        """Show the state of the last ``update`` on the canvas."""
        self._live.redraw()


class DistributionPanel(_LivePanel):
    r"""Live figure for two distributions P and Q over named events: built once, updated in place.

    Three panels side by side: the bars of P (plain) and Q (hatched); each
    event's term of H(P) and of H(P, Q) (:math:`-P\log P` and
    :math:`-P\log Q`); and each event's signed KL term
    :math:`P\log\frac{P}{Q}`, up (green, plain) where Q underrates the event
    and down (vermillion, hatched) where it overrates it.  An infinite term
    (Q(x) = 0 < P(x)) is drawn to the top of its panel, cross-hatched with a
    black edge and labelled ∞, and the Q bar of that event is labelled
    "Q = 0", so colour is never the only cue.  (The bars of P and Q carry no
    numbers: the sliders above them show those.)

    Parameters
    ----------
    events : sequence of str
        The names of the events (at least two).
    presentation : bool, keyword-only
        Large fonts and thick, black-edged bars, for a projector.
    size : (float, float), keyword-only, optional
        Figure size in inches.

    Attributes
    ----------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> from bitsandnats.measures import cross_entropy_terms, kl_terms
    >>> p, q = [0.1, 0.4, 0.5], [0.8, 0.15, 0.05]
    >>> panel = DistributionPanel(["red", "green", "blue"])
    >>> panel.update(p, q, cross_entropy_terms(p, p), cross_entropy_terms(p, q), kl_terms(p, q),
    ...              h_p=1.361, h_pq=3.288, kl_pq=1.927, unit="bits")
    >>> [round(float(bar.get_height()), 3) for bar in panel.kl_bars]
    [-0.3, 0.566, 1.661]
    >>> panel.kl_axes.get_title()
    'KL(P‖Q) = 1.927 bits'
    """

    def __init__(self, events, *, presentation: bool = False, size=None):
        self.events = [str(event) for event in events]
        n = len(self.events)
        if n < 2:
            raise ValueError(f"a distribution panel needs at least two events, got {n}")
        self.presentation = presentation
        size = size or ((15.0, 5.0) if presentation else (9.4, 3.2))
        figure, (self.pq_axes, self.terms_axes, self.kl_axes) = new_figure(ncols=3, size=size,
                                                                          presentation=presentation)
        self.figure = figure
        self._edge = PALETTE["black"] if presentation else "white"
        self._edge_width = 1.4 if presentation else 0.6
        positions = np.arange(n)
        width = 0.4
        zeros = np.zeros(n)
        label_size = "small" if presentation or n <= 4 else "x-small"
        with style(presentation=presentation):
            ax = self.pq_axes
            self.p_bars = ax.bar(positions - width / 2, zeros, width, color=P_STYLE["color"], hatch=P_STYLE["hatch"],
                                 edgecolor=self._edge, linewidth=self._edge_width, label="P")
            self.q_bars = ax.bar(positions + width / 2, zeros, width, color=Q_STYLE["color"], hatch=Q_STYLE["hatch"],
                                 edgecolor=self._edge, linewidth=self._edge_width, label="Q (hatched)")
            # The sliders show P and Q; the bars only carry a warning where Q rules out what P allows.
            self.q_warnings = [ax.text(bar.get_x() + bar.get_width() / 2, 0.03, "", ha="center", va="bottom",
                                       rotation=90, fontsize="large", fontweight="bold", color=PALETTE["vermillion"])
                               for bar in self.q_bars]
            self._offending = frozenset()
            ax.set_xticks(positions, self.events)
            ax.set_ylim(0, 1.12)
            ax.set_yticks(np.linspace(0, 1, 6))
            ax.set_ylabel("probability")
            ax.set_title("P and Q")
            ax.legend(loc="upper left", ncols=2)

            ax = self.terms_axes
            self.entropy_bars = ax.bar(positions - width / 2, zeros, width, color=P_STYLE["color"],
                                       hatch=P_STYLE["hatch"], edgecolor=self._edge, linewidth=self._edge_width,
                                       label=r"$-P\log P$ → H(P)")
            self.cross_bars = ax.bar(positions + width / 2, zeros, width, color=Q_STYLE["color"],
                                     hatch=Q_STYLE["hatch"], edgecolor=self._edge, linewidth=self._edge_width,
                                     label=r"$-P\log Q$ → H(P,Q)")
            self.entropy_values = _BarValues(ax, self.entropy_bars, fontsize=label_size)
            self.cross_values = _BarValues(ax, self.cross_bars, fontsize=label_size)
            ax.set_xticks(positions, self.events)
            ax.set_ylabel("term per event (bits)")
            ax.set_title("H(P) = 8.888, H(P,Q) = 8.888 hartleys")
            ax.legend(loc="upper left")

            ax = self.kl_axes
            self._up = {"color": PALETTE["green"], "hatch": ""}
            self._down = {"color": PALETTE["vermillion"], "hatch": "\\\\"}
            self.kl_bars = ax.bar(positions, zeros, 0.6, color=self._up["color"], edgecolor=self._edge,
                                  linewidth=self._edge_width)
            self.kl_values = _BarValues(ax, self.kl_bars, fontsize=label_size)
            # Drawn with the bars that it crosses, so that it stays on top of them.
            self._kl_zero = ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
            from matplotlib.patches import Patch

            ax.legend(handles=[
                Patch(facecolor=self._up["color"], hatch=self._up["hatch"], edgecolor=self._edge, label="Q < P: > 0"),
                Patch(facecolor=self._down["color"], hatch=self._down["hatch"], edgecolor=self._edge,
                      label="Q > P: < 0"),
            ], loc="upper left", ncols=2)
            ax.set_xticks(positions, self.events)
            ax.set_ylabel("KL term per event (bits)")
            ax.set_title("KL(P‖Q) = 8.888 hartleys")
        moving = [*self.p_bars, *self.q_bars, *self.q_warnings, *self.entropy_bars, *self.cross_bars,
                  *self.entropy_values.texts, *self.cross_values.texts, *self.kl_bars, *self.kl_values.texts,
                  self._kl_zero, self.terms_axes.title, self.kl_axes.title]
        self._live = _LiveFigure(figure, moving)

    def update(self, p, q, entropy_terms, cross_terms, kl_terms, *, h_p: float, h_pq: float, kl_pq: float,
               unit: str) -> None:
        r"""Show new distributions and their terms (all in ``unit``); nothing is rebuilt.

        Parameters
        ----------
        p, q : array_like
            The two distributions, one value per event.
        entropy_terms, cross_terms, kl_terms : array_like
            Per event :math:`-P\log P`, :math:`-P\log Q` and :math:`P\log(P/Q)`
            (``inf`` allowed), e.g. from :func:`bitsandnats.measures.cross_entropy_terms`
            and :func:`bitsandnats.measures.kl_terms`.
        h_p, h_pq, kl_pq : float
            Their sums, shown in the titles.
        unit : str
            The unit of the terms, named on the axes.
        """
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        entropy_terms = np.asarray(entropy_terms, dtype=float)
        cross_terms = np.asarray(cross_terms, dtype=float)
        kl_terms = np.asarray(kl_terms, dtype=float)
        offending = frozenset(np.flatnonzero((q == 0) & (p > 0)).tolist())

        for bars, values in ((self.p_bars, p), (self.q_bars, q)):
            for bar, value in zip(bars, values):
                _set_height(bar, value)
        if offending != self._offending:
            for index, text in enumerate(self.q_warnings):
                text.set_text("Q = 0" if index in offending else "")
            self._offending = offending

        _, high = _finite_extremes(entropy_terms, cross_terms)
        top = _steady_ceiling(getattr(self.terms_axes, "_bitsandnats_ylim", (0, None))[1], high * 1.5,
                              minimum=0.5)  # room for the legend above the bars
        infinite_height = top * 0.72
        for bars, values, look in ((self.entropy_bars, entropy_terms, P_STYLE), (self.cross_bars, cross_terms, Q_STYLE)):
            heights = np.where(np.isinf(values), infinite_height, values)
            for bar, value, height in zip(bars, values, heights):
                _set_height(bar, height)
                if np.isinf(value):
                    _style_bar(bar, color=look["color"], **_INFINITE_LOOK)
                else:
                    _style_bar(bar, color=look["color"], hatch=look["hatch"], edgecolor=self._edge,
                               linewidth=self._edge_width)
        self.entropy_values.update(entropy_terms, np.where(np.isinf(entropy_terms), infinite_height, entropy_terms))
        self.cross_values.update(cross_terms, np.where(np.isinf(cross_terms), infinite_height, cross_terms))
        _set_ylim(self.terms_axes, 0, top)
        _set_ylabel(self.terms_axes, f"term per event ({unit})")
        self.terms_axes.title.set_text(f"H(P) = {_value_text(h_p)}, H(P,Q) = {_value_text(h_pq)} {unit}")

        low, high = _finite_extremes(kl_terms)
        kl_now = getattr(self.kl_axes, "_bitsandnats_ylim", None)
        needed = max(high, 0.0) * 1.6
        if np.isinf(kl_terms).any():  # an infinite bar needs room above zero, under the legend
            needed = max(needed, 2.0 * -low)
        kl_top = _steady_ceiling(kl_now and kl_now[1], needed, minimum=0.25)
        kl_bottom = (-_steady_ceiling(kl_now and -kl_now[0], -low * 1.35, minimum=0.1) if low < 0
                     else -0.05 * kl_top)
        heights = np.where(np.isinf(kl_terms), kl_top * 0.6, kl_terms)
        for bar, value, height in zip(self.kl_bars, kl_terms, heights):
            _set_height(bar, height)
            if np.isinf(value):
                _style_bar(bar, color=self._up["color"], **_INFINITE_LOOK)
            else:
                look = self._up if value >= 0 else self._down
                _style_bar(bar, color=look["color"], hatch=look["hatch"], edgecolor=self._edge,
                           linewidth=self._edge_width)
        self.kl_values.update(kl_terms, heights)
        _set_ylim(self.kl_axes, kl_bottom, kl_top)
        _set_ylabel(self.kl_axes, f"KL term per event ({unit})")
        self.kl_axes.title.set_text(f"KL(P‖Q) = {_value_text(kl_pq)} {unit}")
        self._live.check()


class CoinPanel(_LivePanel):
    """Live figure for a coin: its point on the binary entropy curve, and the running average surprise of tosses.

    Left, the entropy of a coin against its probability of heads (the curve
    given to the constructor) with the current coin as a point.  Right, the
    average surprise of the first n tosses for n = 1 ... N (log axis), with
    the entropy as a dashed line and the value after N tosses marked.

    Parameters
    ----------
    curve_p, curve_h : array_like
        Points of the binary entropy curve (probability of heads, entropy).
    max_draws : int, keyword-only
        The largest sample size N, the end of the right panel's axis.
    unit : str, keyword-only
        Unit of the entropies; "bits" by default.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> p = np.linspace(0, 1, 5)
    >>> panel = CoinPanel(p, [0.0, 0.811, 1.0, 0.811, 0.0], max_draws=100)
    >>> panel.update(0.5, 1.0, [1.0, 1.0, 1.0])
    >>> panel.point.get_data()
    ([0.5], [1.0])
    >>> panel.running_line.get_xdata().tolist()
    [1, 2, 3]
    """

    def __init__(self, curve_p, curve_h, *, max_draws: int, unit: str = "bits", presentation: bool = False,
                 size=None):
        self.unit = unit
        self.max_draws = int(max_draws)
        size = size or ((14.0, 5.0) if presentation else (9.4, 3.2))
        figure, (self.curve_axes, self.sample_axes) = new_figure(ncols=2, size=size, presentation=presentation)
        self.figure = figure
        curve_h = np.asarray(curve_h, dtype=float)
        with style(presentation=presentation):
            ax = self.curve_axes
            ax.plot(curve_p, curve_h, color=PALETTE["black"], linewidth=1.8)
            (self.guide,) = ax.plot([0.5, 0.5], [0.0, 0.0], color=PALETTE["grey"], linestyle=":", linewidth=1.2)
            (self.point,) = ax.plot([0.5], [0.0], marker="o", markersize=13 if presentation else 9,
                                    color=PALETTE["vermillion"], linestyle="none", zorder=3)
            self.point_text = ax.annotate("", (0.5, 0.0), xytext=(0, -16), textcoords="offset points", ha="center",
                                          va="top", bbox={"facecolor": "white", "edgecolor": "none",
                                                          "alpha": 0.85, "pad": 1.5}, zorder=4)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, float(curve_h.max()) * 1.3)
            ax.set_xlabel("p(heads)")
            ax.set_ylabel(f"entropy H ({unit})")
            ax.set_title("Where the coin sits on the entropy curve")

            ax = self.sample_axes
            self.entropy_line = ax.axhline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1.3,
                                           label="entropy H")
            (self.running_line,) = ax.plot([1], [0.0], color=PALETTE["blue"], linewidth=1.6,
                                           label="average surprise of the first n tosses")
            (self.end_point,) = ax.plot([1], [0.0], marker="s", markersize=11 if presentation else 7,
                                        color=PALETTE["vermillion"], linestyle="none", zorder=3)
            self.end_text = ax.annotate("", (1, 0.0), xytext=(8, 6), textcoords="offset points", ha="left",
                                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
                                        zorder=4)
            ax.set_xscale("log")
            ax.set_xlim(0.8, self.max_draws * 1.5)
            ax.set_xlabel("number of tosses n (log scale)")
            ax.set_ylabel(f"average surprise ({unit})")
            ax.set_title("N tosses: average surprise against H")
            ax.legend(loc="upper right")  # no numbers in a legend: it stays in the background
        moving = [self.guide, self.point, self.point_text, self.entropy_line, self.running_line,
                  self.end_point, self.end_text]
        self._live = _LiveFigure(figure, moving)

    def update(self, p_heads: float, entropy: float, running) -> None:
        """Move the point to ``p_heads`` and show the running average of the first N = len(running) tosses.

        Parameters
        ----------
        p_heads : float
            The coin's probability of heads.
        entropy : float
            Its entropy, in the panel's unit.
        running : array_like
            Average surprise after 1, 2, ..., N tosses, in the panel's unit.
        """
        running = np.asarray(running, dtype=float)
        draws = running.shape[0]
        self.point.set_data([p_heads], [entropy])
        self.guide.set_data([p_heads, p_heads], [0.0, entropy])
        self.point_text.xy = (p_heads, entropy)
        self.point_text.set_text(f"p = {p_heads:.2f}: H = {entropy:.4f} {self.unit}")
        low = entropy < 0.35 * float(self.curve_axes.get_ylim()[1])
        # Below the point, under the curve, where it is free; above it near the ends, where the curve is low.
        self.point_text.set_position((0, 12) if low else (0, -16))
        self.point_text.set_va("bottom" if low else "top")
        self.point_text.set_ha("left" if p_heads < 0.25 else "right" if p_heads > 0.75 else "center")

        self.entropy_line.set_ydata([entropy, entropy])
        sizes = np.arange(1, draws + 1)
        self.running_line.set_data(sizes, running)
        last = float(running[-1])
        self.end_point.set_data([draws], [last])
        self.end_text.xy = (draws, last)
        self.end_text.set_text(f"N = {draws:,}: {last:.4f} {self.unit}")
        right_of_point = draws <= self.max_draws / 8  # room to the right of the end of the line
        self.end_text.set_ha("left" if right_of_point else "right")
        self.end_text.set_position((8, 6) if right_of_point else (-8, 10))
        _, high = _finite_extremes(running, [entropy])
        now = getattr(self.sample_axes, "_bitsandnats_ylim", (0, None))[1]
        _set_ylim(self.sample_axes, 0, _steady_ceiling(now, high * 1.25, minimum=1.2))
        self._live.check()


class LogLossPanel(_LivePanel):
    r"""Live figure for binary predictions: each example's loss as a bar, and the examples on the curve -ln q.

    Left, one bar per example (positives plain blue, negatives hatched
    vermillion) with the mean, the log loss, as a dashed line.  Right, the
    curve :math:`-\ln q` with each example at q, the probability its
    prediction gave to its true label (positives filled circles, negatives
    open squares).  An infinite loss (a certain, wrong prediction) is drawn
    to the top of the panel, cross-hatched and labelled ∞.

    Parameters
    ----------
    y_true : array_like
        The labels, 0 or 1; they fix the bars' looks.
    curve_q, curve_loss : array_like
        Points of the curve -ln q.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> q = np.linspace(0.01, 1, 50)
    >>> panel = LogLossPanel([1, 0], q, -np.log(q))
    >>> panel.update([0.8, 0.0], [0.223, np.inf], np.inf)
    >>> [text.get_text() for text in panel.loss_values.texts]
    ['0.223', '∞']
    """

    def __init__(self, y_true, curve_q, curve_loss, *, presentation: bool = False, size=None):
        self.y_true = np.asarray(y_true, dtype=float)
        n = self.y_true.shape[0]
        size = size or ((14.0, 5.0) if presentation else (9.4, 3.3))
        figure, (self.bar_axes, self.curve_axes) = new_figure(ncols=2, size=size, presentation=presentation)
        self.figure = figure
        self._edge = PALETTE["black"] if presentation else "white"
        self._edge_width = 1.4 if presentation else 0.6
        positive = self.y_true == 1
        self._looks = [{"color": PALETTE["blue"], "hatch": ""} if is_positive
                       else {"color": PALETTE["vermillion"], "hatch": "\\\\"} for is_positive in positive]
        with style(presentation=presentation):
            ax = self.bar_axes
            self.loss_bars = ax.bar(np.arange(n), np.zeros(n), 0.7, edgecolor=self._edge, linewidth=self._edge_width)
            for bar, look in zip(self.loss_bars, self._looks):
                bar.set_facecolor(look["color"])
                bar.set_hatch(look["hatch"])
            self.loss_values = _BarValues(ax, self.loss_bars, fontsize="medium" if presentation else "x-small",
                                          digits=".3f")
            self.bar_mean = ax.axhline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1.3, label="mean")
            ax.set_xticks(np.arange(n), [f"{i + 1}\ny={int(label)}" for i, label in enumerate(self.y_true)])
            ax.set_xlabel("example (and its label)")
            ax.set_ylabel("loss (nats)")
            ax.set_title("log loss = mean of the bars = 8.888 nats")
            from matplotlib.patches import Patch

            ax.legend(handles=[Patch(facecolor=PALETTE["blue"], edgecolor=self._edge, label="y = 1"),
                               Patch(facecolor=PALETTE["vermillion"], hatch="\\\\", edgecolor=self._edge,
                                     label="y = 0"), self.bar_mean], loc="upper left", ncols=3)

            ax = self.curve_axes
            ax.plot(curve_q, curve_loss, color=PALETTE["black"], linewidth=1.5, label=r"loss $= -\ln q$")
            self.positives = ax.scatter(np.zeros(int(positive.sum())), np.zeros(int(positive.sum())),
                                        s=110 if presentation else 60, marker="o", color=PALETTE["blue"], zorder=3,
                                        label=r"$y = 1$: $q = \hat y$")
            self.negatives = ax.scatter(np.zeros(int((~positive).sum())), np.zeros(int((~positive).sum())),
                                        s=220 if presentation else 130, marker="s", facecolors="none",
                                        edgecolors=PALETTE["vermillion"], linewidths=1.8, zorder=4,
                                        label=r"$y = 0$: $q = 1 - \hat y$")
            self.curve_mean = ax.axhline(0.0, color=PALETTE["grey"], linestyle="--", linewidth=1.2,
                                         label="mean (the log loss)")
            ax.set_xlim(0, 1.04)
            ax.set_xlabel("q, probability given to the true class")
            ax.set_ylabel("loss (nats)")
            ax.legend(loc="upper right")  # no numbers in a legend: it stays in the background
        self._positive = positive
        moving = [*self.loss_bars, *self.loss_values.texts, self.bar_mean, self.bar_axes.title, self.positives,
                  self.negatives, self.curve_mean]
        self._live = _LiveFigure(figure, moving)

    def update(self, q_true, losses, mean: float) -> None:
        """Show new losses (nats) for the examples, each at q, the probability of its true label.

        Parameters
        ----------
        q_true : array_like
            Probability each prediction gave to the example's true class.
        losses : array_like
            Each example's loss in nats (``inf`` allowed).
        mean : float
            Their mean, the log loss.
        """
        q_true = np.asarray(q_true, dtype=float)
        losses = np.asarray(losses, dtype=float)
        _, high = _finite_extremes(losses, [mean])
        top = _steady_ceiling(getattr(self.bar_axes, "_bitsandnats_ylim", (0, None))[1], high * 1.5, minimum=1.0)
        heights = np.where(np.isinf(losses), top * 0.75, losses)
        for bar, value, height, look in zip(self.loss_bars, losses, heights, self._looks):
            _set_height(bar, height)
            if np.isinf(value):
                _style_bar(bar, color=look["color"], **_INFINITE_LOOK)
            else:
                _style_bar(bar, color=look["color"], hatch=look["hatch"], edgecolor=self._edge,
                           linewidth=self._edge_width)
        self.loss_values.update(losses, heights)
        # An infinite mean has no height to draw at: the line goes, the title says ∞.
        shown_mean = 0.0 if np.isinf(mean) else mean
        self.bar_mean.set_ydata([shown_mean, shown_mean])
        self.bar_mean.set_visible(bool(np.isfinite(mean)))
        _set_ylim(self.bar_axes, 0, top)
        self.bar_axes.title.set_text(f"log loss = mean of the bars = {_value_text(mean)} nats")

        curve_top = max(5.0, top)
        points = np.column_stack([q_true, np.where(np.isinf(losses), curve_top * 0.95, losses)])
        self.positives.set_offsets(points[self._positive])
        self.negatives.set_offsets(points[~self._positive])
        curve_mean = 0.0 if np.isinf(mean) else mean
        self.curve_mean.set_ydata([curve_mean, curve_mean])
        self.curve_mean.set_visible(bool(np.isfinite(mean)))
        _set_ylim(self.curve_axes, 0, curve_top)
        self._live.check()


class TemperaturePanel(_LivePanel):
    r"""Live figure for distillation: soft targets at temperature T, and the loss against T.

    Left, the teacher's soft targets :math:`p^{(T)}` (plain) beside the
    student's softened prediction :math:`q^{(T)}` (hatched) for each class,
    with the uniform level dashed.  Right, the soft term
    :math:`\alpha T^2 \mathrm{KL}(p^{(T)} \| q^{(T)})`, the hard term and
    their sum against T, with the current T as a vertical line and points.

    Parameters
    ----------
    classes : sequence of str
        Class names.
    temperatures : array_like
        The grid of temperatures the loss curves are given on.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> panel = TemperaturePanel(["a", "b"], [1.0, 2.0])
    >>> panel.update(1.0, [0.7, 0.3], [0.5, 0.5], soft=0.1, hard=0.2, total=0.3, entropy_bits=0.88,
    ...              curves=([0.1, 0.2], [0.2, 0.2], [0.3, 0.4]))
    >>> [bar.get_height() for bar in panel.teacher_bars]
    [0.7, 0.3]
    """

    def __init__(self, classes, temperatures, *, presentation: bool = False, size=None):
        self.classes = [str(name) for name in classes]
        self.temperatures = np.asarray(temperatures, dtype=float)
        n = len(self.classes)
        size = size or ((14.0, 5.0) if presentation else (9.4, 3.3))
        figure, (self.bar_axes, self.loss_axes) = new_figure(ncols=2, size=size, presentation=presentation)
        self.figure = figure
        edge = PALETTE["black"] if presentation else "white"
        positions = np.arange(n)
        width = 0.4
        with style(presentation=presentation):
            ax = self.bar_axes
            self.teacher_bars = ax.bar(positions - width / 2, np.zeros(n), width, color=P_STYLE["color"],
                                       edgecolor=edge, label=r"teacher $p^{(T)}$")
            self.student_bars = ax.bar(positions + width / 2, np.zeros(n), width, color=Q_STYLE["color"],
                                       hatch=Q_STYLE["hatch"], edgecolor=edge, label=r"student $q^{(T)}$ (hatched)")
            ax.axhline(1.0 / n, color=PALETTE["grey"], linestyle="--", linewidth=1.0, label="uniform")
            ax.set_xticks(positions, self.classes)
            ax.set_ylim(0, 1.05)
            ax.set_ylabel("probability")
            ax.set_title("T = 88.8: H(p_T) = 8.888 bits")
            ax.legend(loc="upper right")

            ax = self.loss_axes
            t = self.temperatures
            (self.total_line,) = ax.plot(t, np.zeros_like(t), color=PALETTE["blue"], linewidth=2.2, label="loss L")
            (self.soft_line,) = ax.plot(t, np.zeros_like(t), color=PALETTE["orange"], linestyle="--", linewidth=2.0,
                                        label=r"soft term $\alpha T^2\,\mathrm{KL}$")
            (self.hard_line,) = ax.plot(t, np.zeros_like(t), color=PALETTE["green"], linestyle=":", linewidth=2.4,
                                        label=r"hard term $(1-\alpha)\,H(y, q)$")
            self.now_line = ax.axvline(float(t[0]), color=PALETTE["grey"], linewidth=1.0)
            marker_size = 11 if presentation else 7
            (self.now_points,) = ax.plot([t[0]] * 3, [0.0] * 3, linestyle="none", marker="o", markersize=marker_size,
                                         color=PALETTE["black"], zorder=3)
            ax.set_xlim(float(t.min()), float(t.max()))
            ax.set_xlabel("temperature T")
            ax.set_ylabel("loss (nats)")
            ax.set_title("at T = 88.8: L = 8.888 nats")
            ax.legend(loc="upper left")
        moving = [*self.teacher_bars, *self.student_bars, self.bar_axes.title, self.soft_line, self.hard_line,
                  self.total_line, self.now_line, self.now_points, self.loss_axes.title]
        self._live = _LiveFigure(figure, moving)

    def update(self, temperature: float, teacher, student, *, soft: float, hard: float, total: float,
               entropy_bits: float, curves=None) -> None:
        """Show the soft targets at ``temperature`` and mark it on the loss curves.

        Parameters
        ----------
        temperature : float
            The current T.
        teacher, student : array_like
            :math:`p^{(T)}` and :math:`q^{(T)}`, one probability per class.
        soft, hard, total : float
            The two terms of the loss at T and their sum, in nats.
        entropy_bits : float
            The entropy of the soft targets, in bits (in the title).
        curves : (soft, hard, total), optional
            New loss curves over the panel's temperature grid (when alpha changed).
        """
        for bars, values in ((self.teacher_bars, teacher), (self.student_bars, student)):
            for bar, value in zip(bars, values):
                _set_height(bar, float(value))
        self.bar_axes.title.set_text(f"T = {temperature:.1f}: H(p_T) = {entropy_bits:.3f} bits")
        if curves is not None:
            for line, values in zip((self.soft_line, self.hard_line, self.total_line), curves):
                line.set_ydata(values)
            _, high = _finite_extremes(*curves)
            _set_ylim(self.loss_axes, 0, _nice_ceiling(high * 1.15, minimum=0.5))
        self.now_line.set_xdata([temperature, temperature])
        self.now_points.set_data([temperature] * 3, [soft, hard, total])
        self.loss_axes.title.set_text(f"at T = {temperature:.1f}: L = {total:.4f} nats")
        self._live.check()


class BinningPanel(_LivePanel):
    r"""Live figure for a normal density cut into bins of width Δ, and the entropy of the bins.

    Left, the density of :math:`\mathcal N(0, \sigma^2)` (line) and the
    binned distribution drawn as a density, each bin's probability divided
    by Δ (filled steps).  Right, the entropy :math:`H_\Delta` of the bins
    against :math:`\log(1/\Delta)`: the curve for the current σ, the line
    :math:`h + \log(1/\Delta)` it approaches, h itself (dashed) and the
    current Δ as a point.

    Parameters
    ----------
    log_inverse_widths : (float, float)
        The range of :math:`\log(1/\Delta)` on the right panel's axis.
    unit : str, keyword-only
        Unit of the entropies; "nats" by default.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> panel = BinningPanel((-1.0, 5.0))
    >>> panel.update(1.0, 1.0, probs=[0.5, 0.5], edges=[-1, 0, 1], h=1.419, binned_entropy=0.693,
    ...              log_inverse_width=0.0, curve=([0.0, 1.0], [0.69, 1.5]))
    >>> panel.point.get_data()
    ([0.0], [0.693])
    """

    def __init__(self, log_inverse_widths, *, unit: str = "nats", presentation: bool = False, size=None):
        self.unit = unit
        self._updated = False
        low, high = (float(value) for value in log_inverse_widths)
        size = size or ((14.0, 5.0) if presentation else (9.4, 3.3))
        figure, (self.density_axes, self.entropy_axes) = new_figure(ncols=2, size=size, presentation=presentation)
        self.figure = figure
        with style(presentation=presentation):
            ax = self.density_axes
            self.bins = ax.stairs([0.0], [0.0, 1.0], fill=True, color=PALETTE["sky"], alpha=0.55, hatch="//",
                                  edgecolor=PALETTE["blue"], label="bins: P(bin) / Δ")
            (self.density_line,) = ax.plot([0.0], [0.0], color=PALETTE["black"], linewidth=1.8,
                                           label="density f(x)")
            ax.set_xlabel("x")
            ax.set_ylabel("density (per unit of x)")
            ax.set_title("σ = 8.88, Δ = 8.888: 8888 bins")
            ax.legend(loc="upper right")

            ax = self.entropy_axes
            grid = np.linspace(low, high, 2)
            self._grid = grid
            (self.bridge_line,) = ax.plot(grid, grid, color=PALETTE["orange"], linestyle=(0, (6, 3)), linewidth=2.4,
                                          label=r"$h + \log(1/\Delta)$")
            self.h_line = ax.axhline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1.2, label="h")
            (self.curve_line,) = ax.plot(grid, grid, color=PALETTE["blue"], linewidth=1.4,
                                         label=r"$H_\Delta$ for this σ, every Δ")
            (self.point,) = ax.plot([0.0], [0.0], marker="o", markersize=12 if presentation else 8,
                                    color=PALETTE["vermillion"], linestyle="none", zorder=3)
            self.point_text = ax.annotate("", (0.0, 0.0), xytext=(8, -14), textcoords="offset points")
            ax.set_xlim(low, high)
            ax.set_ylim(-2.5, 8.0)
            ax.set_xlabel(f"log(1/Δ) ({unit})")
            ax.set_ylabel(f"entropy ({unit})")
            ax.set_title(r"$H_\Delta$ = 8.888, h − log Δ = 8.888 nats")
            ax.legend(loc="upper left")  # no numbers in a legend: it stays in the background
        moving = [self.bins, self.density_line, self.density_axes.title, self.bridge_line, self.h_line,
                  self.curve_line, self.point, self.point_text, self.entropy_axes.title]
        self._live = _LiveFigure(figure, moving)

    def update(self, sigma: float, width: float, *, probs, edges, h: float, binned_entropy: float,
               log_inverse_width: float, curve=None) -> None:
        r"""Show the density and its bins, and put the point at (log(1/Δ), H_Δ).

        Parameters
        ----------
        sigma, width : float
            The standard deviation and the bin width Δ; the density is drawn from σ.
        probs, edges : array_like
            The bins' probabilities and their edges (finite; one more edge than bins).
        h : float
            The differential entropy, in the panel's unit.
        binned_entropy : float
            The entropy of the bins, in the panel's unit.
        log_inverse_width : float
            :math:`\log(1/\Delta)` in the panel's unit: where the point goes.
        curve : (array_like, array_like), optional
            A new curve of H_Δ against log(1/Δ) (when σ changed).
        """
        probs = np.asarray(probs, dtype=float)
        edges = np.asarray(edges, dtype=float)
        self.bins.set_data(probs / width, edges)
        # Both limits change in steps, not with every move of σ: a rescale costs a full redraw.
        reach = _steady_ceiling(self.density_axes.get_xlim()[1] if self._updated else None, 4.0 * sigma,
                                minimum=0.1)
        x = np.linspace(-reach, reach, 401)
        density = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
        self.density_line.set_data(x, density)
        if self.density_axes.get_xlim() != (-reach, reach):
            self.density_axes.set_xlim(-reach, reach)
        _, high = _finite_extremes(density, probs / width)
        top = getattr(self.density_axes, "_bitsandnats_ylim", (0, None))[1]
        _set_ylim(self.density_axes, 0, _steady_ceiling(top, high * 1.15, minimum=0.1))
        self._updated = True
        self.density_axes.title.set_text(f"σ = {sigma:.3g}, Δ = {width:.3g}: {probs.shape[0]:,} bins")

        self.bridge_line.set_ydata(h + self._grid)
        self.h_line.set_ydata([h, h])
        if curve is not None:
            self.curve_line.set_data(*curve)
        x_now = float(log_inverse_width)
        self.point.set_data([x_now], [binned_entropy])
        self.point_text.xy = (x_now, binned_entropy)
        self.point_text.set_text(f"Δ = {width:.3g}")
        self.entropy_axes.title.set_text(f"$H_\\Delta$ = {binned_entropy:.3f}, h − log Δ = {h + x_now:.3f} {self.unit}")
        self._live.check()
