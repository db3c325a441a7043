"""Still figures for notebook 10, estimating the measures from samples: a running estimate, and its spread against N.

:func:`bitsandnats.plots.information.surprise_running_average` draws one
running average against an entropy; :func:`running_estimate` adds what an
estimate needs beside it, a band of ±2 standard errors, and names the
quantity estimated (a cross-entropy, a KL divergence).
:func:`spread_against_size` shows, on log-log axes, how the spread of the
estimates over many seeds falls along the line σ/√N.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from ..notation import number_text, units
from ..validation import check_number
from ._style import INK, PALETTE, _describe, _figure_and_axes, style

__all__ = ["running_estimate", "spread_against_size"]


def running_estimate(running, exact, errors=None, *, quantity: str = "cross-entropy H(P, Q)", base: float = 2,
                     presentation: bool = False, ax=None) -> Figure:
    r"""The estimate after each of N draws against N (log scale), the exact value, and a band of ±2 standard errors.

    The band runs from :math:`\hat H_n - 2\,\mathrm{SE}_n` to
    :math:`\hat H_n + 2\,\mathrm{SE}_n` for every n >= 2: the range in which an
    estimate from n draws lands about 95 times in 100.  It narrows like
    :math:`1/\sqrt n` around the running estimate, which wanders into the
    exact value's dashed line.

    Parameters
    ----------
    running : array_like
        The estimate after 1, 2, ..., N draws, for example
        ``sample_cross_entropy(samples, q, running=True)``.
    exact : float
        The value estimated, drawn as a dashed line.
    errors : array_like, optional
        The standard error after each draw (NaN for the first); no band without it.
    quantity : str, keyword-only
        What is estimated, for the axis label and the legend.
    base : float, keyword-only
        The logarithm base the values are in; 2 by default (bits).
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
    >>> fig = running_estimate([2.0, 1.5, 1.0, 1.25], 1.25, [math.nan, 0.5, 0.58, 0.48])
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'cross-entropy H(P, Q) (bits)')
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['exact: 1.2500 bits', 'estimate from the first N draws', '±2 standard errors']
    """
    unit = units(base)
    running = np.asarray(running, dtype=float)
    if running.ndim != 1 or running.shape[0] < 1:
        raise ValueError(f"running must be a one-dimensional array of running estimates, got shape {running.shape}")
    exact = check_number(exact, "exact") if not (isinstance(exact, float) and math.isinf(exact)) else exact
    if errors is not None:
        errors = np.asarray(errors, dtype=float)
        if errors.shape != running.shape:
            raise ValueError(f"errors must have the shape of running, {running.shape}, got {errors.shape}")
    sizes = np.arange(1, running.shape[0] + 1)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.6), presentation=presentation)
    with style(presentation=presentation):
        ax.axhline(exact, color=INK, linestyle="--", linewidth=1.3,
                   label=f"exact: {number_text(exact, 4)} {unit}")
        ax.plot(sizes, running, color=PALETTE["blue"], linewidth=1.6, label="estimate from the first N draws")
        shown = [running[np.isfinite(running)], [exact]]
        if errors is not None:
            banded = np.isfinite(errors)
            low, high = running - 2 * np.where(banded, errors, 0.0), running + 2 * np.where(banded, errors, 0.0)
            ax.fill_between(sizes, low, high, where=banded, color=PALETTE["sky"], alpha=0.35, linewidth=0,
                            hatch="..", label="±2 standard errors")
            # The band's first few draws can be very wide: the view follows it from N = 10 on.
            later = banded & (sizes >= min(10, sizes[-1]))
            shown += [low[later & np.isfinite(low)], high[later & np.isfinite(high)]]
        values = np.concatenate([np.ravel(v) for v in shown])
        values = values[np.isfinite(values)]
        bottom, top = float(values.min()), float(values.max())
        margin = 0.08 * max(top - bottom, 1e-9)
        ax.set_ylim(bottom - margin, top + margin)
        ax.set_xscale("log")
        ax.set_xlim(1, max(sizes[-1], 2) * 1.3)
        ax.set_xlabel("number of draws N (log scale)")
        ax.set_ylabel(f"{quantity} ({unit})")
        ax.legend(loc="upper right")
    _describe(ax, f"Line chart of the running estimate of the {quantity} in {unit} after each of N = 1 to "
                  f"{running.shape[0]:,} draws, on a logarithmic N axis"
                  + (", inside a band of ±2 standard errors that narrows like 1/√N" if errors is not None else "")
                  + f"; the exact value {number_text(exact, 4)} {unit} is the dashed line, and the estimate after all "
                  f"{running.shape[0]:,} draws is {number_text(float(running[-1]), 4)} {unit}.")
    return figure


def spread_against_size(sizes, spreads, sigma, *, base: float = 2, presentation: bool = False, ax=None) -> Figure:
    r"""The spread of the estimates over many seeds against N, on log-log axes, beside the line σ/√N.

    Each point is the standard deviation of many estimates, each from N
    draws with its own seed; the line is :math:`\sigma / \sqrt N`, σ the
    standard deviation of one term, which the points follow: a line of
    slope −1/2, so a hundred times more draws for a tenth of the spread.

    Parameters
    ----------
    sizes : sequence of int
        The sample sizes N, increasing.
    spreads : sequence of float
        The measured spread (standard deviation) of the estimates at each N.
    sigma : float
        The standard deviation of one term, > 0, in the same unit.
    base : float, keyword-only
        The logarithm base the values are in; 2 by default (bits).
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
    >>> fig = spread_against_size([10, 100, 1000], [0.31, 0.1, 0.032], 1.0)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_yscale(), ax.get_ylabel()
    ('log', 'log', 'spread of the estimates (bits)')
    """
    unit = units(base)
    sizes = np.asarray(sizes, dtype=float)
    spreads = np.asarray(spreads, dtype=float)
    if sizes.ndim != 1 or sizes.shape != spreads.shape or sizes.shape[0] < 1:
        raise ValueError(f"sizes and spreads must be one-dimensional and of equal length, got {sizes.shape} "
                         f"and {spreads.shape}")
    if not (np.isfinite(sizes).all() and sizes.min() >= 1 and np.isfinite(spreads).all() and spreads.min() > 0):
        raise ValueError("sizes must be at least 1 and spreads positive and finite")
    sigma = check_number(sigma, "sigma", low=0, low_open=True)
    line = np.geomspace(sizes.min(), sizes.max(), 50)
    figure, ax = _figure_and_axes(ax, size=(6.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.plot(line, sigma / np.sqrt(line), color=INK, linestyle="--", linewidth=1.3,
                label=f"σ/√N, σ = {number_text(sigma, 3)} {unit} (slope −1/2)")
        ax.plot(sizes, spreads, marker="o", linestyle="none", color=PALETTE["vermillion"],
                label="spread over the seeds")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("number of draws N (log scale)")
        ax.set_ylabel(f"spread of the estimates ({unit})")
        ax.legend(loc="upper right")
    listed = ", ".join(f"N = {int(n):,}: {number_text(float(v), 4)}" for n, v in zip(sizes, spreads))
    _describe(ax, f"Log-log chart of the spread (standard deviation) of the estimates over many seeds in {unit} against "
                  f"the number of draws N, following the dashed line σ/√N with σ = {number_text(sigma, 3)} {unit} "
                  f"(slope −1/2): {listed}.")
    return figure
