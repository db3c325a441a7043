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
from ..notation import log_symbol, number_text, units
from ._style import INK, P_STYLE, PALETTE, Q_STYLE, _describe, _figure_and_axes, event_colours, style

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
    events = [str(event) for event in events]
    figure, ax = _figure_and_axes(ax, presentation=presentation)
    positions = np.arange(len(events))
    width = 0.38
    by_event = event_colours(events)
    with style(presentation=presentation):
        for offset, values, look in ((-width / 2, p, P_STYLE), (width / 2, q, Q_STYLE)):
            colour = by_event or look["color"]
            ax.bar(positions + offset, values, width, color=colour, hatch=look["hatch"], edgecolor="white",
                   linewidth=0, label=look["label"])
        ax.set_xticks(positions, events)
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        if by_event:  # the colours are the events': the legend says which bar is which by its hatching
            ax.legend(handles=_hatch_key(("P (plain)", P_STYLE["hatch"]), ("Q (hatched)", Q_STYLE["hatch"])),
                      loc="upper left", bbox_to_anchor=(1.01, 1.0), title="bars coloured\nby event")
        else:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: never covers a bar
        if title:
            ax.set_title(title)
    pairs = ", ".join(f"{event} P {number_text(a, 2)}, Q {number_text(b, 2)}" for event, a, b in zip(events, p, q))
    _describe(ax, f"{'Bar chart titled “' + title + '”: ' if title else 'Bar chart: '}the probabilities of two "
                  f"distributions P and Q (no unit) side by side for each event"
                  f"{', each event drawn in its own colour, P plain and Q hatched' if by_event else ', P plain, Q hatched'}: "
                  f"{pairs}.")
    return figure


def _hatch_key(*entries):
    """Legend handles in a neutral grey that tell plain from hatched bars (when the colours are the events')."""
    return [Patch(facecolor=PALETTE["grey"], hatch=hatch, edgecolor="white", linewidth=0, label=label)
            for label, hatch in entries]


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
    events = [str(event) for event in events]
    figure, (left, right) = _figure_and_axes(axes, count=2, size=(14.0, 5.6) if presentation else (11.0, 4.4),
                                         presentation=presentation)
    positions = np.arange(len(events))
    width = 0.38
    by_event = event_colours(events)
    log = log_symbol(base)
    # Many events: the labels stand upright, so neighbours never run into each other.
    upright = len(events) > (3 if presentation else 5)
    label_size = "x-small" if upright else "small"
    finite_left = np.concatenate([entropy_part, cross_part])
    finite_left = finite_left[np.isfinite(finite_left)]
    left_top = max(float(finite_left.max(initial=0.0)), 0.5) * (1.45 if upright else 1.25)
    finite_kl = kl_part[np.isfinite(kl_part)]
    kl_high = max(float(finite_kl.max(initial=0.0)), 0.25)
    kl_low = min(float(finite_kl.min(initial=0.0)), 0.0)
    kl_span = kl_high - kl_low
    with style(presentation=presentation):
        parts = (
            (-width / 2, entropy_part, P_STYLE, rf"$-P(x)\,{log} P(x)$, sums to $H(P)$"),
            (width / 2, cross_part, Q_STYLE, rf"$-P(x)\,{log} Q(x)$, sums to $H(P, Q)$"),
        )
        nothing = np.asarray(p, dtype=float) == 0  # P(x) = 0: both terms are 0, written once for the pair
        for offset, values, look, label in parts:
            heights = np.where(np.isinf(values), left_top / 1.15, values)
            bars = left.bar(positions + offset, heights, width, color=by_event or look["color"], hatch=look["hatch"],
                            edgecolor="white", linewidth=0, label=label)
            left.bar_label(bars, labels=["" if empty else number_text(v) for v, empty in zip(values, nothing)],
                           padding=2, fontsize=label_size, rotation=90 if upright else 0)
        for position in positions[nothing]:
            left.annotate("0", (position, 0.0), xytext=(0, 2), textcoords="offset points", ha="center",
                          va="bottom", fontsize=label_size)
        left.set_xticks(positions, events)
        left.set_ylim(0, left_top)
        left.set_ylabel(f"term per event ({unit})")
        if by_event:
            handles = _hatch_key((parts[0][3], P_STYLE["hatch"]), (parts[1][3], Q_STYLE["hatch"]))
        else:
            handles = left.get_legend_handles_labels()[0]
        _legend_below(left, handles, "bars coloured by event" if by_event else None, presentation)
        left.set_title(rf"$H(P)$ = {number_text(entropy_part.sum())}, $H(P, Q)$ = {number_text(cross_part.sum())} {unit}")

        up = {"color": PALETTE["green"], "hatch": "", "label": "term > 0: Q(x) < P(x)"}
        down = {"color": PALETTE["vermillion"], "hatch": "\\\\", "label": "term < 0: Q(x) > P(x)"}
        looks = [up if value >= 0 else down for value in kl_part]
        colours = by_event or [look["color"] for look in looks]
        heights = np.where(np.isinf(kl_part), kl_high + 0.3 * kl_span, kl_part)
        bars = right.bar(positions, heights, 0.6, color=colours, edgecolor="white", linewidth=0)
        for bar, look in zip(bars, looks):
            bar.set_hatch(look["hatch"])
        right.bar_label(bars, labels=[number_text(v) for v in kl_part], padding=2, fontsize=label_size,
                        rotation=90 if upright else 0)
        right.axhline(0.0, color=INK, linewidth=0.8)
        shown = [look for look in (up, down) if any(item is look for item in looks)]
        if by_event:
            handles = _hatch_key(*[(look["label"], look["hatch"]) for look in shown])
        else:
            handles = [Patch(facecolor=look["color"], hatch=look["hatch"], edgecolor="white", linewidth=0,
                             label=look["label"]) for look in shown]
        _legend_below(right, handles, None, presentation)
        right.set_xticks(positions, events)
        reach = 0.6 if upright else 0.35
        right.set_ylim(kl_low - reach * kl_span if kl_low < 0 else 0.0, kl_high + reach * kl_span)
        right.set_ylabel(f"KL term per event ({unit})")
        right.set_title(rf"$\mathrm{{KL}}(P \,\|\, Q)$ = {number_text(kl_part.sum())} {unit}")
        if title:
            figure.suptitle(title)
    terms = "; ".join(f"{event}: {number_text(a)} and {number_text(b)}, KL term {number_text(c)}"
                      for event, a, b, c in zip(events, entropy_part, cross_part, kl_part))
    colouring = " Each event is drawn in its own colour." if by_event else ""
    _describe(left, f"{title + '. ' if title else ''}Bar chart of each event's term of the entropy H(P), "
                    f"−P(x) {_plain_log(base)} P(x) (plain bars), beside its term of the cross-entropy H(P, Q), "
                    f"−P(x) {_plain_log(base)} Q(x) (hatched bars), in {unit}.{colouring} "
                    f"H(P) = {number_text(entropy_part.sum())} {unit}, H(P, Q) = {number_text(cross_part.sum())} {unit}.")
    _describe(right, f"Bar chart of each event's KL term P(x) {_plain_log(base)} (P(x)/Q(x)) in {unit}, pointing "
                     f"up where Q gives the event less probability than P and down (hatched) where it gives more; "
                     f"they add up to KL(P ‖ Q) = {number_text(kl_part.sum())} {unit}. Terms per event "
                     f"(entropy term and cross-entropy term, KL term): {terms}.")
    return figure


def _plain_log(base) -> str:
    """A logarithm of ``base`` as plain text: ln, log₂, log₁₀."""
    return {"nats": "ln", "bits": "log₂", "hartleys": "log₁₀"}.get(units(base), f"log base {base:g}")


def _legend_below(ax, handles, title, presentation: bool) -> None:
    """A legend under the tick labels of ``ax``: it never covers a bar or a label."""
    from matplotlib.transforms import offset_copy

    below = offset_copy(ax.transAxes, fig=ax.figure, y=-(34 if presentation else 24), units="points")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
              title=title, ncols=1)


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
        ax.axhline(exact, color=INK, linestyle="--", linewidth=1.2,
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
    listed = ", ".join(f"n = {int(size):,}: {number_text(value, 4)}" for size, value in zip(sizes, estimates))
    _describe(ax, f"{title + '. ' if title else ''}Line chart of estimates of the {quantity} in {unit} against the "
                  f"sample size n on a logarithmic axis, approaching the exact value {number_text(exact, 4)} {unit} "
                  f"(dashed line): {listed}.")
    return figure
