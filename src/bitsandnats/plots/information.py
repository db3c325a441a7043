"""Pictures of information (notebooks 01 and 02): surprisal, the entropy of a coin, each outcome's share of an entropy, and average surprise.

Each function draws one panel, into its own new figure (``ax=None``) or into
the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import measures
from ..notation import amount, log_symbol, number_text, units
from ._style import INK, PALETTE, _describe, _figure_and_axes, style

def _plain(base) -> str:
    """A logarithm of ``base`` as plain text (for alt text): ln, log₂, log₁₀."""
    return {"nats": "ln", "bits": "log₂", "hartleys": "log₁₀"}.get(units(base), f"log base {base:g}")


__all__ = ["surprisal_curve", "binary_entropy_curve", "entropy_share_curve", "surprise_running_average"]

# Marked points on one curve: a different shape (and colour) for each.
_MARKERS = ("o", "s", "D", "^", "v", "P")
_MARKER_COLOURS = ("blue", "orange", "green", "vermillion", "purple", "sky")


def surprisal_curve(*, marked=(1.0, 0.5, 0.25, 0.1, 0.01), base: float = 2, presentation: bool = False,
                    ax=None) -> Figure:
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
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = surprisal_curve(marked=(0.5, 0.25))
    >>> ax = fig.axes[0]
    >>> [round(float(c.get_offsets()[0][1]), 3) for c in ax.collections]
    [1.0, 2.0]
    >>> ax.get_ylabel()
    'surprisal $-\\log_2 p$ (bits)'
    """
    unit = units(base)
    marked = np.atleast_1d(np.asarray(marked, dtype=float))
    if marked.ndim != 1 or not 1 <= marked.shape[0] <= len(_MARKERS):
        raise ValueError(f"marked must hold 1 to {len(_MARKERS)} probabilities, got {marked.shape[0]}")
    if not ((marked > 0) & (marked <= 1)).all():
        raise ValueError("marked probabilities must lie in (0, 1]; p = 0 has infinite surprisal")
    heights = np.atleast_1d(measures.surprisal(marked, base=base))
    top = max(float(heights.max()) * 1.2, measures.surprisal(0.1, base=base) * 1.2)
    smallest = float(base) ** (-top)  # where the curve leaves the top of the panel
    grid = np.concatenate([np.geomspace(smallest, 0.05, 300), np.linspace(0.05, 1.0, 300)[1:]])
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    log = log_symbol(base)
    with style(presentation=presentation):
        ax.plot(grid, measures.surprisal(grid, base=base), color=INK, linewidth=1.8,
                label=rf"$-{log} p$")
        for prob, height, marker, colour in zip(marked, heights, _MARKERS, _MARKER_COLOURS):
            ax.scatter([prob], [height], s=55, marker=marker, color=PALETTE[colour], zorder=3)
            ax.annotate(f"p = {prob:g}: {amount(height, unit)}", (prob, height), xytext=(8, 4),
                        textcoords="offset points")
        ax.annotate(r"$\to \infty$ as $p \to 0$", (smallest, top), xytext=(10, -16), textcoords="offset points")
        ax.set_xlim(0, 1.25)
        ax.set_ylim(0, top)
        ax.set_xticks(np.linspace(0, 1, 6))
        ax.set_xlabel("probability p of the outcome")
        ax.set_ylabel(rf"surprisal $-{log} p$ ({unit})")
    listed = ", ".join(f"p = {prob:g}: {amount(height, unit)}" for prob, height in zip(marked, heights))
    _describe(ax, f"Curve of the surprisal −{_plain(base)} p in {unit} against the probability p of an outcome, "
                  f"0 at p = 1 and rising without bound as p goes to 0; every halving of p adds "
                  f"{amount(measures.surprisal(0.5, base=base), unit)}. Marked points: {listed}.")
    return figure


def binary_entropy_curve(*, marked=(0.5, 0.8), base: float = 2, presentation: bool = False, ax=None) -> Figure:
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
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = binary_entropy_curve(marked=(0.1, 0.9))
    >>> ax = fig.axes[0]
    >>> [round(float(c.get_offsets()[0][1]), 4) for c in ax.collections]
    [0.469, 0.469]
    >>> ax.get_ylabel()
    'entropy H (bits)'
    """
    unit = units(base)
    marked = np.atleast_1d(np.asarray(marked, dtype=float))
    if marked.ndim != 1 or marked.shape[0] > len(_MARKERS):
        raise ValueError(f"marked must hold at most {len(_MARKERS)} probabilities, got {marked.shape[0]}")
    if not ((marked >= 0) & (marked <= 1)).all():
        raise ValueError("marked probabilities of heads must lie in [0, 1]")
    grid = np.linspace(0.0, 1.0, 501)
    curve = measures.entropy(np.stack([grid, 1.0 - grid], axis=-1), base=base)
    peak = measures.entropy([0.5, 0.5], base=base)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.axhline(peak, color=PALETTE["grey"], linestyle=":", linewidth=1.2)
        ax.text(1.0, peak, f"maximum: {amount(peak, unit, 4)}", ha="right", va="bottom", color=PALETTE["grey"])
        ax.plot(grid, curve, color=INK, linewidth=1.8)
        for prob, marker, colour in zip(marked, _MARKERS, _MARKER_COLOURS):
            height = measures.entropy([prob, 1.0 - prob], base=base)
            ax.scatter([prob], [height], s=60, marker=marker, color=PALETTE[colour], zorder=3)
            near_top = height > 0.8 * peak
            ax.annotate(f"{prob:g}/{1 - prob:g} coin: {number_text(height, 4)} {unit}", (prob, height),
                        xytext=(0, -12 if near_top else 10), textcoords="offset points", ha="center",
                        va="top" if near_top else "bottom")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, peak * 1.15)
        ax.set_xlabel("p(heads)")
        ax.set_ylabel(f"entropy H ({unit})")
    listed = "; ".join(f"{prob:g}/{1 - prob:g} coin: {number_text(measures.entropy([prob, 1.0 - prob], base=base), 4)} {unit}"
                       for prob in marked)
    _describe(ax, f"Curve of the entropy H of a coin in {unit} against its probability of heads, 0 at p = 0 and "
                  f"p = 1, peaking at {amount(peak, unit, 4)} for a fair coin (dotted line)."
                  + (f" Marked coins: {listed}." if listed else ""))
    return figure


def entropy_share_curve(*, marked=(0.01, 0.1, 0.9), base: float = 2, presentation: bool = False, ax=None) -> Figure:
    r"""An outcome's share of the entropy, :math:`p \log_b (1/p)`, against its probability p.

    .. math:: H(P) = \sum_x \underbrace{P(x) \log_b \frac{1}{P(x)}}_{\text{share of } x}

    A rare outcome is very surprising, but it happens rarely, so its share
    is small and goes to 0 as p does: the share peaks at :math:`p = 1/e`
    (where the derivative :math:`-\ln p - 1` is 0), at :math:`1/(e \ln b)`,
    0.531 bits.  Each probability in ``marked`` gets a point labelled with
    its surprise and its share; the peak is marked too.

    Parameters
    ----------
    marked : sequence of float, keyword-only
        Probabilities in (0, 1] to mark; at most five.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).  The unit is named on the axis.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = entropy_share_curve(marked=(0.5,))
    >>> ax = fig.axes[0]
    >>> [round(float(c.get_offsets()[0][1]), 4) for c in ax.collections]  # the peak, then p = 0.5
    [0.5307, 0.5]
    >>> ax.get_ylabel()
    'share of the entropy, p log₂(1/p) (bits)'
    """
    unit = units(base)
    marked = np.atleast_1d(np.asarray(marked, dtype=float))
    if marked.ndim != 1 or marked.shape[0] > len(_MARKERS) - 1:
        raise ValueError(f"marked must hold at most {len(_MARKERS) - 1} probabilities, got {marked.shape[0]}")
    if not ((marked > 0) & (marked <= 1)).all():
        raise ValueError("marked probabilities must lie in (0, 1]")
    grid = np.linspace(0.0, 1.0, 1001)
    rows = np.stack([grid, 1.0 - grid], axis=-1)
    share = measures.cross_entropy_terms(rows, rows, base=base)[:, 0]  # 0 at p = 0: the 0 log 0 rule
    peak_p = float(np.exp(-1.0))
    peak = float(measures.cross_entropy_terms([peak_p, 1.0 - peak_p], [peak_p, 1.0 - peak_p], base=base)[0])
    symbol = {"bits": "log₂", "nats": "ln", "hartleys": "log₁₀"}.get(unit, "log")
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.plot(grid, share, color=INK, linewidth=1.8)
        points = [(peak_p, peak, f"peak at p = 1/e ≈ {peak_p:.3f}: share {number_text(peak, 3)} {unit}")]
        for prob in marked:
            surprise = float(measures.surprisal(prob, base=base))
            points.append((prob, prob * surprise,
                           f"p = {prob:g}: surprise {number_text(surprise, 2)} {unit}, share {number_text(prob * surprise, 3)} {unit}"))
        for (prob, height, label), marker, colour in zip(points, _MARKERS, _MARKER_COLOURS):
            ax.scatter([prob], [height], s=60, marker=marker, color=PALETTE[colour], zorder=3)
            ax.annotate(label, (prob, height), xytext=(6, 8), textcoords="offset points",
                        ha="left" if prob < 0.6 else "right", va="bottom")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, peak * 1.3)
        ax.set_xlabel("probability p of the outcome")
        ax.set_ylabel(f"share of the entropy, p {symbol}(1/p) ({unit})")
    _describe(ax, f"Curve of an outcome's share of the entropy, p {symbol}(1/p) in {unit}, against its probability p: "
                  f"0 at p = 0 and p = 1, peaking at p = 1/e. Marked points: " + "; ".join(label for _, _, label in points) + ".")
    return figure


def surprise_running_average(averages, entropy, *, base: float = 2, marked=(), presentation: bool = False,
                             ax=None) -> Figure:
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
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = surprise_running_average([1.0, 1.5, 4 / 3, 1.5], 1.5, marked=(4,))
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'average surprise (bits)')
    >>> float(ax.collections[0].get_offsets()[0][1])
    1.5
    """
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
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.6), presentation=presentation)
    with style(presentation=presentation):
        ax.axhline(entropy, color=INK, linestyle="--", linewidth=1.3,
                   label=f"entropy H = {number_text(entropy, 4)} {unit}")
        ax.plot(sizes, averages, color=PALETTE["blue"], linewidth=1.6, label="average surprise of the first N draws")
        for size, marker in zip(marked, _MARKERS):
            value = averages[size - 1]
            ax.scatter([size], [value], s=55, marker=marker, color=PALETTE["vermillion"], zorder=3)
            right_half = size > np.sqrt(sizes[-1])  # on the log axis: label to the left of the point
            ax.annotate(f"N = {size:,}: {number_text(value, 4)} {unit}", (size, value),
                        xytext=(-6 if right_half else 6, 8), textcoords="offset points",
                        ha="right" if right_half else "left")
        ax.set_xscale("log")
        ax.set_xlim(1, sizes[-1] * 1.5)
        ax.set_ylim(0, high * 1.25)
        ax.set_xlabel("number of draws N (log scale)")
        ax.set_ylabel(f"average surprise ({unit})")
        ax.legend(loc="upper right")
    listed = ", ".join(f"N = {size:,}: {number_text(averages[size - 1], 4)} {unit}" for size in marked)
    _describe(ax, f"Line chart of the average surprise of the first N draws in {unit} against N on a logarithmic axis, "
                  f"settling on the entropy H = {number_text(entropy, 4)} {unit} (dashed line)"
                  + (f". Marked: {listed}." if listed else "."))
    return figure
