"""Pictures of fitting one normal to a two-peaked P (notebook 11): the forward and the reverse KL fit.

Each function draws one panel, into its own new figure (``ax=None``) or into
the Axes it is given, and returns the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import fitting
from ..notation import number_text
from ._style import PALETTE, _figure_and_axes, style

__all__ = ["forward_and_reverse_fits"]


def _normal_density(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def forward_and_reverse_fits(p: fitting.NormalMixture, *, presentation: bool = False, ax=None) -> Figure:
    r"""P's density, with the normal that minimises KL(P ‖ Q) and the one that minimises KL(Q ‖ P).

    The forward fit (:func:`bitsandnats.fitting.fit_forward`, moment
    matching) spreads over every peak; the reverse fit
    (:func:`bitsandnats.fitting.fit_reverse`, the best of its minima) sits
    where it can keep its mass inside P.  The legend gives each fit's μ, σ
    and divergence in nats.

    Parameters
    ----------
    p : bitsandnats.fitting.NormalMixture
        The target P.
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
    >>> p = fitting.NormalMixture([0.3, 0.7], [-4.0, 4.0], [1.0, 1.0])
    >>> fig = forward_and_reverse_fits(p)
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['P, the two-peaked target', 'forward fit, min KL(P‖Q): μ = 1.60, σ = 3.80; KL(P‖Q) = 0.7242 nats', 'reverse fit, min KL(Q‖P): μ = 4.00, σ = 1.00; KL(Q‖P) = 0.3566 nats']
    """
    if not isinstance(p, fitting.NormalMixture):
        raise ValueError(f"p must be a bitsandnats.fitting.NormalMixture, got {type(p).__name__}")
    forward = fitting.fit_forward(p)
    reverse = fitting.fit_reverse(p)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    low = min(min(m - 4 * s for m, s in zip(p.means, p.sigmas)), forward.mu - 3 * forward.sigma)
    high = max(max(m + 4 * s for m, s in zip(p.means, p.sigmas)), forward.mu + 3 * forward.sigma)
    x = np.linspace(low, high, 1201)
    with style(presentation=presentation):
        ax.fill_between(x, p.density(x), color=PALETTE["blue"], alpha=0.3, linewidth=0)
        ax.plot(x, p.density(x), color=PALETTE["blue"], linewidth=2.2, label="P, the two-peaked target")
        ax.plot(x, _normal_density(x, forward.mu, forward.sigma), color=PALETTE["orange"], linestyle="--",
                linewidth=2.2, label=f"forward fit, min KL(P‖Q): μ = {number_text(forward.mu, 2)}, "
                f"σ = {number_text(forward.sigma, 2)}; KL(P‖Q) = {number_text(forward.divergence, 4)} nats")
        ax.plot(x, _normal_density(x, reverse.mu, reverse.sigma), color=PALETTE["green"], linestyle=":",
                linewidth=2.6, label=f"reverse fit, min KL(Q‖P): μ = {number_text(reverse.mu, 2)}, "
                f"σ = {number_text(reverse.sigma, 2)}; KL(Q‖P) = {number_text(reverse.divergence, 4)} nats")
        ax.set_xlim(low, high)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("x")
        ax.set_ylabel("density (per unit of x)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize="small")
    return figure
