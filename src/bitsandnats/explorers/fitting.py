"""The forward/reverse KL explorer (notebook 11): one normal fitted to a two-peaked P by KL(P‖Q) and by KL(Q‖P)."""

from __future__ import annotations

from functools import lru_cache

import traitlets

from .. import fitting, plots
from ..notation import number_text
from ._ladders import LadderExplorer
from .grid import Ladder

__all__ = ["FittingExplorer", "SEPARATIONS", "WEIGHTS", "SIGMA"]

#: The distance between the peaks' means: 0 to 8 in steps of 0.5; the count is the number of halves.
SEPARATIONS = Ladder.steps("separation", first=0, last=16, per=2, decimals=1, what="from 0 to 8 in steps of 0.5")
#: The weight of the first (left) peak: 0.10 to 0.90 in steps of 0.05; the count is the number of twentieths.
WEIGHTS = Ladder.steps("weight", first=2, last=18, per=20, decimals=2, what="from 0.10 to 0.90 in steps of 0.05")
#: Each peak's standard deviation.  Only separation / σ shapes the fits, so σ is fixed and the separation is in σ.
SIGMA = 1.0


def mixture(separation: float, weight: float) -> fitting.NormalMixture:
    """P: peaks at ∓separation/2, each with σ = :data:`SIGMA`, the left one with ``weight``."""
    return fitting.NormalMixture([weight, 1 - weight], [-separation / 2, separation / 2], [SIGMA, SIGMA])


@lru_cache(maxsize=len(SEPARATIONS.values) * len(WEIGHTS.values))
def _fits(separation: float, weight: float):
    """Both fits, every reverse minimum and the cross divergences: moves revisit the same few hundred states."""
    p = mixture(separation, weight)
    forward = fitting.fit_forward(p)
    minima = fitting.fit_reverse(p, all_minima=True)
    reverse = minima[0]
    return (forward, minima, fitting.reverse_kl(p, forward.mu, forward.sigma),
            fitting.forward_kl(p, reverse.mu, reverse.sigma))


class FittingExplorer(LadderExplorer):
    r"""One normal Q fitted to a two-peaked P, both ways: the separation of the peaks and the left one's weight.

    P is :math:`w\,\mathcal N(-d/2, 1) + (1 - w)\,\mathcal N(d/2, 1)`.  Left,
    P's density with the forward fit (minimum of KL(P ‖ Q): moment matching,
    :func:`bitsandnats.fitting.fit_forward`) and the reverse fit (best minimum
    of KL(Q ‖ P), :func:`bitsandnats.fitting.fit_reverse`).  Right, the reverse
    divergence for the best σ at each candidate μ of the search's first grid
    (:func:`bitsandnats.fitting.reverse_landscape`), with every local minimum
    marked.  The browser computes all of it with the same algorithm
    (``fitting.js``), so the explorer works on a static page.  In nats.

    Parameters
    ----------
    separation : float, keyword-only
        The starting distance d between the means, one of :data:`SEPARATIONS`; 6 by default.
    weight : float, keyword-only
        The starting weight w of the left peak, one of :data:`WEIGHTS`; 0.5 by default.
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = FittingExplorer(separation=8, weight=0.3)
    >>> {name: round(value, 3) for name, value in explorer.readouts().items()}  # doctest: +NORMALIZE_WHITESPACE
    {'forward μ': 1.6, 'forward σ': 3.8, 'KL(P||Q_forward)': 0.724, 'KL(Q_forward||P)': 2.096,
     'reverse μ': 4.0, 'reverse σ': 1.001, 'KL(Q_reverse||P)': 0.357, 'KL(P||Q_reverse)': 8.978,
     'reverse minima': 2}
    >>> explorer.close()
    """

    title = "Forward and reverse KL explorer"
    _module = "fitting"

    #: The separation as its position in :data:`SEPARATIONS`.
    separation_index = traitlets.Int(0).tag(sync=True)
    #: The left peak's weight as its position in :data:`WEIGHTS`.
    weight_index = traitlets.Int(2).tag(sync=True)

    _CONTROLS = {"separation": ("separation_index", SEPARATIONS), "weight": ("weight_index", WEIGHTS)}

    def __init__(self, *, separation: float = 6.0, weight: float = 0.5, presentation: bool = False):
        super().__init__(presentation=presentation, separation_index=SEPARATIONS.count_of(separation, "separation"),
                         weight_index=WEIGHTS.count_of(weight, "weight"))

    @property
    def separation(self) -> float:
        """The separation as the control shows it."""
        return self.value_of("separation")

    @property
    def weight(self) -> float:
        """The left peak's weight as the control shows it."""
        return self.value_of("weight")

    def target(self) -> fitting.NormalMixture:
        """P, the mixture on the controls."""
        return mixture(self.separation, self.weight)

    def reverse_minima(self) -> list[fitting.Fit]:
        """Every local minimum of KL(Q ‖ P) found, the best first."""
        return list(_fits(self.separation, self.weight)[1])

    def readouts(self) -> dict[str, float]:
        """The numbers shown: each fit's μ and σ (in σ of a peak), the divergences in nats, the minima's count."""
        forward, minima, cross_forward, cross_reverse = _fits(self.separation, self.weight)
        reverse = minima[0]
        return {"forward μ": forward.mu, "forward σ": forward.sigma, "KL(P||Q_forward)": forward.divergence,
                "KL(Q_forward||P)": cross_forward, "reverse μ": reverse.mu, "reverse σ": reverse.sigma,
                "KL(Q_reverse||P)": reverse.divergence, "KL(P||Q_reverse)": cross_reverse,
                "reverse minima": len(minima)}

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = self.readouts()
        return [
            ("separation", SEPARATIONS.text(self.separation_index)),
            ("weight", WEIGHTS.text(self.weight_index)),
            ("forward fit Q_f: μ", number_text(values["forward μ"], 3)),
            ("forward fit Q_f: σ", number_text(values["forward σ"], 3)),
            ("KL(P‖Q_f), what it minimises", f"{number_text(values['KL(P||Q_forward)'], 4)} nats"),
            ("KL(Q_f‖P), the other direction", f"{number_text(values['KL(Q_forward||P)'], 4)} nats"),
            ("reverse fit Q_r: μ", number_text(values["reverse μ"], 3)),
            ("reverse fit Q_r: σ", number_text(values["reverse σ"], 3)),
            ("KL(Q_r‖P), what it minimises", f"{number_text(values['KL(Q_reverse||P)'], 4)} nats"),
            ("KL(P‖Q_r), the other direction", f"{number_text(values['KL(P||Q_reverse)'], 4)} nats"),
            ("local minima of KL(Q‖P)", str(values["reverse minima"])),
        ]

    def still_figure(self):
        """P with both fits (left), and the reverse KL's landscape along μ with its minima (right), as a Figure."""
        p = self.target()
        presentation = self.presentation
        figure, (left, right) = plots.new_figure(ncols=2, size=(14.0, 5.6) if presentation else (11.0, 4.0),
                                                 presentation=presentation)
        from ..plots.fitting import forward_and_reverse_fits

        forward_and_reverse_fits(p, presentation=presentation, ax=left)
        left.set_title(f"separation {SEPARATIONS.text(self.separation_index)}, "
                       f"left weight {WEIGHTS.text(self.weight_index)}")
        mus, lowest = fitting.reverse_landscape(p)
        minima = self.reverse_minima()
        with plots.style(presentation=presentation):
            right.plot(mus, lowest, color=plots.INK, linewidth=1.8,
                       label="lowest KL(Q‖P) over σ, at each μ")
            right.plot([m.mu for m in minima], [m.divergence for m in minima], linestyle="none", marker="o",
                       markersize=12 if presentation else 8, markerfacecolor="none",
                       color=plots.PALETTE["vermillion"], label="local minima")
            right.plot([minima[0].mu], [minima[0].divergence], linestyle="none", marker="o",
                       markersize=12 if presentation else 8, color=plots.PALETTE["vermillion"],
                       label=f"best: KL(Q‖P) = {number_text(minima[0].divergence, 4)} nats")
            right.set_ylim(bottom=0)
            right.set_xlabel("μ, the mean of Q")
            right.set_ylabel("KL(Q‖P) (nats)")
            right.set_title("the reverse fit's valleys")
            right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize="small")
        return figure
