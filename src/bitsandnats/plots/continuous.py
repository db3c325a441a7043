"""Pictures of continuous data (notebook 07): normal densities and the bridge from binned to differential entropy.

Each function draws one panel, into its own new figure (``ax=None``) or into
the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import measures
from ..notation import log_symbol, number_text, units
from ._style import _SERIES_LOOKS, INK, PALETTE, _check_series_count, _describe, _figure_and_axes, style

__all__ = ["normal_densities", "binned_entropy_bridge"]


def normal_densities(sigmas, *, mu: float = 0.0, base: float = np.e, presentation: bool = False,
                     ax=None) -> Figure:
    r"""Normal densities for several standard deviations, each with its differential entropy.

    The legend gives :math:`h = \tfrac12 \log_b(2\pi e\sigma^2)` for each curve,
    with its sign (it is negative for a narrow density); a grey line marks
    density 1, above which a density's logarithm, and so its contribution to
    :math:`-\int f \log f`, changes sign.

    Parameters
    ----------
    sigmas : sequence of float
        Up to five standard deviations, each > 0.
    mu : float, keyword-only
        The common mean.
    base : float, keyword-only
        Unit of h; e by default (nats).
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
    >>> fig = normal_densities([0.1, 1.0])
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()][:2]
    ['σ = 0.1: h = −0.88 nats', 'σ = 1: h = +1.42 nats']
    """
    sigmas = [float(sigma) for sigma in sigmas]
    _check_series_count(len(sigmas), "sigmas")
    unit = units(base)
    reach = 3.5 * max(sigmas)
    x = np.linspace(mu - reach, mu + reach, 2001)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        for sigma, look in zip(sigmas, _SERIES_LOOKS):
            density = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
            h = measures.differential_entropy_normal(sigma, base=base)
            sign = "+" if round(h, 2) > 0 else ""  # h can be negative: its sign is always shown
            ax.plot(x, density, color=look["color"], linestyle=look["linestyle"], linewidth=2.2,
                    label=f"σ = {sigma:g}: h = {sign}{number_text(h, 2)} {unit}")
        ax.axhline(1.0, color=PALETTE["grey"], linewidth=1.0, label="density 1")
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(bottom=0)
        ax.set_xlabel("x")
        ax.set_ylabel("density f(x)\n(probability per unit of x)")
        ax.legend(loc="upper right")
    entropies = "; ".join(f"σ = {sigma:g}: h = {number_text(measures.differential_entropy_normal(sigma, base=base), 2)} {unit}"
                          for sigma in sigmas)
    _describe(ax, f"Curves of normal densities f(x) (probability per unit of x) with mean {mu:g} for standard deviations "
                  + ", ".join(f"{sigma:g}" for sigma in sigmas)
                  + f", with a line at density 1. Their differential entropies: {entropies}; a narrow density's is negative.")
    return figure


def binned_entropy_bridge(widths, binned_entropies, h, *, base: float = np.e, presentation: bool = False,
                          ax=None) -> Figure:
    r"""Entropy of a binned density against ln(1/Δ) (in nats; log_b(1/Δ) in base b), with the line h + ln(1/Δ).

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
    >>> fig = binned_entropy_bridge([1.0, 0.1], [1.459, 3.722], 1.419)
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), [round(float(x), 3) for x in ax.lines[0].get_xdata()]
    ('ln(1/Δ) (nats)', [0.0, 2.303])
    """
    widths = np.asarray(widths, dtype=float)
    binned_entropies = np.asarray(binned_entropies, dtype=float)
    if widths.shape != binned_entropies.shape or widths.ndim != 1:
        raise ValueError(f"widths and binned_entropies must be one-dimensional and of equal length, got "
                         f"{widths.shape} and {binned_entropies.shape}")
    unit = units(base)
    log = log_symbol(base)
    plain = {"nats": "ln", "bits": "log₂", "hartleys": "log₁₀"}.get(unit, f"log_{base:g}")
    x = np.log(1.0 / widths) / np.log(base)
    line_x = np.linspace(min(0.0, float(x.min())) - 0.3, float(x.max()) + 0.5, 50)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        ax.plot(x, binned_entropies, linestyle="none", marker="o", markersize=9, color=PALETTE["blue"],
                label=r"$H_\Delta$: entropy of the binned distribution", zorder=3)
        ax.plot(line_x, h + line_x, color=PALETTE["orange"], linestyle="-", linewidth=1.8,
                label=rf"$h + {log}(1/\Delta)$")
        ax.axhline(h, color=INK, linestyle="--", linewidth=1.2,
                   label=f"h = {number_text(h)} {unit} (differential entropy)")
        for width, x_value, y_value in zip(widths, x, binned_entropies):
            ax.annotate(f"Δ = {width:g}", (x_value, y_value), xytext=(8, -14), textcoords="offset points")
        ax.set_xlabel(f"{plain}(1/Δ) ({unit})")
        ax.set_ylabel(f"entropy ({unit})")
        ax.legend(loc="upper left")
    listed = "; ".join(f"Δ = {width:g}: {number_text(value, 4)} {unit}" for width, value in zip(widths, binned_entropies))
    _describe(ax, f"Scatter of the entropy H_Δ of the binned density in {unit} against {plain}(1/Δ), approaching "
                  f"the line h + {plain}(1/Δ) as the bins get finer; the dashed line is the differential entropy "
                  f"h = {number_text(h)} {unit}. Points: {listed}.")
    return figure
