"""Pictures that compare P with Q (notebooks 00, 03 and 09): the two distributions, each event's terms, estimates.

Each function draws into its own new figure (``ax=None``, or ``axes=None``
for the two panels of :func:`contributions`) or into the Axes it is given,
and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import measures
from ..notation import number_text, units
from ._style import P_STYLE, PALETTE, Q_STYLE, _figure_and_axes, style

__all__ = ["distributions", "contributions", "convergence"]


def distributions(p, q, events, *, presentation: bool = False, title: str | None = None, ax=None) -> Figure:
    """Side-by-side bars of two distributions P and Q over named events.

    P is drawn plain, Q hatched, so colour is not the only cue.

    Parameters
    ----------
    p, q : array_like
        Two distributions over the same events (one-dimensional).
    events : sequence of str
        The names of the events, one per entry of ``p``.
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
    >>> fig = distributions([0.5, 0.25, 0.25], [0.125, 0.125, 0.75], ["sun", "cloud", "rain"])
    >>> [round(float(bar.get_height()), 3) for bar in fig.axes[0].patches]
    [0.5, 0.25, 0.25, 0.125, 0.125, 0.75]
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    figure, ax = _figure_and_axes(ax, presentation=presentation)
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


def contributions(p, q, events, *, base: float = 2, presentation: bool = False, title: str | None = None,
                  axes=None) -> Figure:
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
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    title : str, optional, keyword-only
        A title for the whole figure (the figure the axes are in).
    axes : sequence of two matplotlib Axes, optional, keyword-only
        Where to draw the two panels (terms, KL terms); by default a new
        figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``axes`` belong to.

    Examples
    --------
    >>> fig = contributions([0.5, 0.25, 0.25], [0.125, 0.125, 0.75], ["sun", "cloud", "rain"])
    >>> left, right = fig.axes
    >>> [round(float(bar.get_height()), 3) for bar in right.patches]
    [1.0, 0.25, -0.396]
    >>> left.get_ylabel(), right.get_ylabel()
    ('term per event (bits)', 'KL term per event (bits)')
    """
    unit = units(base)
    entropy_part = measures.cross_entropy_terms(p, p, base=base)
    cross_part = measures.cross_entropy_terms(p, q, base=base)
    kl_part = measures.kl_terms(p, q, base=base)
    if cross_part.ndim != 1:
        raise ValueError(f"contributions draws one pair of distributions; p and q must be one-dimensional, got shape {cross_part.shape}")
    if len(events) != cross_part.shape[0]:
        raise ValueError(f"events has {len(events)} names but p and q have {cross_part.shape[0]} events")
    figure, (left, right) = _figure_and_axes(axes, count=2, size=(11.0, 4.0), presentation=presentation)
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
            left.bar_label(bars, labels=[number_text(v) for v in values], padding=2, fontsize="small")
        left.set_xticks(positions, events)
        left.set_ylim(0, left_top)
        left.set_ylabel(f"term per event ({unit})")
        left.legend(loc="upper left")
        left.set_title(f"H(P) = {number_text(entropy_part.sum())}, H(P, Q) = {number_text(cross_part.sum())} {unit}")

        up = {"color": PALETTE["green"], "hatch": "", "label": "Q(x) < P(x): term > 0"}
        down = {"color": PALETTE["vermillion"], "hatch": "\\\\", "label": "Q(x) > P(x): term < 0"}
        looks = [up if value >= 0 else down for value in kl_part]
        heights = np.where(np.isinf(kl_part), kl_high + 0.3 * kl_span, kl_part)
        bars = right.bar(positions, heights, 0.6, color=[look["color"] for look in looks], edgecolor="white")
        for bar, look in zip(bars, looks):
            bar.set_hatch(look["hatch"])
        right.bar_label(bars, labels=[number_text(v) for v in kl_part], padding=2, fontsize="small")
        right.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
        shown = [look for look in (up, down) if any(item is look for item in looks)]
        right.legend(handles=[Patch(facecolor=look["color"], hatch=look["hatch"], edgecolor="white",
                                    label=look["label"]) for look in shown], loc="upper left")
        right.set_xticks(positions, events)
        right.set_ylim(kl_low - 0.25 * kl_span if kl_low < 0 else 0.0, kl_high + 0.45 * kl_span)
        right.set_ylabel(f"KL term per event ({unit})")
        right.set_title(f"KL(P‖Q) = {number_text(kl_part.sum())} {unit}")
        if title:
            figure.suptitle(title)
    return figure


def convergence(sizes, estimates, exact, *, unit: str = "nats", quantity: str = "KL divergence",
                presentation: bool = False, title: str | None = None, ax=None) -> Figure:
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
    >>> fig = convergence([100, 1000, 10000], [float("inf"), 0.48, 0.444], 0.4431)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'KL divergence (nats)')
    """
    sizes = np.asarray(sizes, dtype=float)
    estimates = np.asarray(estimates, dtype=float)
    if sizes.shape != estimates.shape or sizes.ndim != 1:
        raise ValueError(f"sizes and estimates must be one-dimensional and of equal length, got {sizes.shape} and {estimates.shape}")
    figure, ax = _figure_and_axes(ax, presentation=presentation)
    finite = np.isfinite(estimates)
    values = np.concatenate([estimates[finite], [exact]])
    low, high = float(values.min()), float(values.max())
    span = max(high - low, 0.05 * max(abs(high), 1e-12))
    top = high + 0.35 * span
    with style(presentation=presentation):
        ax.axhline(exact, color=PALETTE["black"], linestyle="--", linewidth=1.2,
                   label=f"exact: {number_text(exact, 4)} {unit}")
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
