"""Pictures of distillation (notebook 06): soft targets at several temperatures, and the T² factor.

Each function draws one panel, into its own new figure (``ax=None``) or into
the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import measures
from ..notation import number_text, units
from ._style import _SERIES_LOOKS, PALETTE, _check_series_count, _describe, _figure_and_axes, style

__all__ = ["soft_targets", "gradient_scaling"]


def soft_targets(logits, temperatures, classes, *, base: float = 2, presentation: bool = False,
                 title: str | None = None, ax=None) -> Figure:
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
    >>> fig = soft_targets([2.0, 0.0], [1, 4], ["yes", "no"])
    >>> [round(float(bar.get_height()), 4) for bar in fig.axes[0].patches]
    [0.8808, 0.1192, 0.6225, 0.3775]
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['T = 1: H = 0.53 bits', 'T = 4: H = 0.96 bits', 'uniform (T → ∞): H = 1.00 bits']
    """
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or len(classes) != logits.shape[0]:
        raise ValueError(f"logits must be one-dimensional with one entry per class; got shape {logits.shape} "
                         f"and {len(classes)} classes")
    _check_series_count(len(temperatures), "temperatures")
    unit = units(base)
    figure, ax = _figure_and_axes(ax, size=(8.0, 3.8), presentation=presentation)
    positions = np.arange(len(classes))
    width = 0.8 / len(temperatures)
    uniform = measures.entropy(np.full(len(classes), 1.0 / len(classes)), base=base)
    with style(presentation=presentation):
        for index, (temperature, look) in enumerate(zip(temperatures, _SERIES_LOOKS)):
            probs = measures.softmax(logits, temperature=temperature)
            offset = (index - (len(temperatures) - 1) / 2) * width
            ax.bar(positions + offset, probs, width, color=look["color"], hatch=look["hatch"], edgecolor="white",
                   linewidth=0, label=f"T = {temperature:g}: H = {number_text(measures.entropy(probs, base=base), 2)} {unit}")
        ax.axhline(1.0 / len(classes), color=PALETTE["grey"], linestyle="--", linewidth=1.0,
                   label=f"uniform (T → ∞): H = {number_text(uniform, 2)} {unit}")
        ax.set_xticks(positions, classes)
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        handles, labels = ax.get_legend_handles_labels()
        # Outside the panel: the dashed uniform line and the bars never run through it.
        ax.legend(handles[1:] + handles[:1], labels[1:] + labels[:1], loc="upper left", bbox_to_anchor=(1.01, 1.0))
        if title:
            ax.set_title(title)
    _describe(ax, f"{title + '. ' if title else ''}Grouped bar chart of the softmax of the logits "
                  + ", ".join(f"{name} {value:g}" for name, value in zip(classes, logits))
                  + " at temperatures " + ", ".join(f"{t:g}" for t in temperatures)
                  + f": probabilities (no unit) per class, flattening towards the uniform 1/{len(classes)} (dashed line) "
                  f"as T rises. Entropies in {unit}: " + "; ".join(labels[1:] + labels[:1]) + ".")
    return figure


def gradient_scaling(temperatures, soft_norms, *, hard_norm: float | None = None, limit: float | None = None,
                     unit: str = "nats", presentation: bool = False, ax=None) -> Figure:
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
    figure, ax = _figure_and_axes(ax, size=(9.5, 3.8), presentation=presentation)  # room for the legend beside it
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
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: no curve runs through it
    _describe(ax, f"Line chart on logarithmic axes of the size of the soft-target gradient in {unit} per unit of "
                  f"logit against the temperature T from {temperatures[0]:g} to {temperatures[-1]:g}: bare, it falls "
                  f"like 1/T², from {number_text(soft_norms[0], 4)} to {number_text(soft_norms[-1], 4)}; times T² it "
                  f"levels off at {number_text(soft_norms[-1] * temperatures[-1] ** 2, 4)}"
                  + (f" (large-T limit {number_text(limit, 4)})" if limit is not None else "")
                  + (f"; the hard-label term's gradient is {number_text(hard_norm, 4)} at every T" if hard_norm is not None else "")
                  + ".")
    return figure
