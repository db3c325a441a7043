"""The binning explorer (notebook 07): a normal density cut into bins of width Δ, and the entropy of the bins."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import traitlets

from .. import measures, plots
from ..notation import number_text
from ..plots._style import _describe
from ._ladders import LadderExplorer
from .grid import Ladder

__all__ = ["BinningExplorer", "SIGMAS", "WIDTHS", "nice_values"]

#: The "nice" numbers of one decade: each control's values are these times powers of ten.
NICE_MANTISSAS = ("1", "1.2", "1.5", "2", "2.5", "3", "4", "5", "6", "8")


def nice_values(low: str, high: str) -> list[str]:
    """The nice numbers (:data:`NICE_MANTISSAS` times powers of ten) from ``low`` to ``high``, as decimals.

    Examples
    --------
    >>> nice_values("0.8", "2.5")
    ['0.8', '1', '1.2', '1.5', '2', '2.5']
    """
    texts = []
    for exponent in range(-6, 7):
        for mantissa in NICE_MANTISSAS:
            value = float(f"{mantissa}e{exponent}")
            if float(low) <= value <= float(high):
                texts.append(f"{value:g}")
    return texts


def _listing(texts) -> str:
    return "on the list " + ", ".join(texts)


_SIGMA_TEXTS = nice_values("0.1", "2.5")
_WIDTH_TEXTS = nice_values("0.01", "2")
#: The spreads σ: 0.1 to 2.5 in the 1-1.2-1.5-2-2.5-3-4-5-6-8 series; the count is the position in the list.
SIGMAS = Ladder.listed("σ", _SIGMA_TEXTS, _listing(_SIGMA_TEXTS))
#: The bin widths Δ: 0.01 to 2 in the same series.
WIDTHS = Ladder.listed("Δ", _WIDTH_TEXTS, _listing(_WIDTH_TEXTS))


@lru_cache(maxsize=len(SIGMAS.values) * len(WIDTHS.values))
def _binned_entropy(sigma: float, width: float) -> tuple[int, float]:
    """The number of bins and their entropy in nats: moves revisit the same few hundred states."""
    probs = measures.binned_normal(sigma, width)
    return probs.shape[0], measures.entropy(probs, base=math.e)


class BinningExplorer(LadderExplorer):
    r"""A normal density cut into bins: the bin width Δ and the spread σ as controls, all in nats.

    Left, the density of :math:`\mathcal N(0, \sigma^2)` and its bins, each
    bin drawn at its probability divided by Δ (from
    :func:`bitsandnats.measures.binned_normal`, ±10σ binned finely and one
    bin for each tail).  Right, the entropy :math:`H_\Delta` of the bins
    against :math:`\ln(1/\Delta)` for every Δ of the control, beside the line
    :math:`h + \ln(1/\Delta)` it runs into as the bins shrink (h the
    differential entropy, :func:`bitsandnats.measures.differential_entropy_normal`);
    the current Δ is the marked point.  The gap :math:`H_\Delta - (h - \ln\Delta)`
    depends only on Δ/σ.

    σ takes the values 0.1 to 2.5 and Δ the values 0.01 to 2, both from the
    1-1.2-1.5-2-2.5-3-4-5-6-8 series (:data:`SIGMAS`, :data:`WIDTHS`), so a
    control shows exactly the number computed with.  The finest bins for
    the widest σ are about 5,000, few enough for the browser to compute on
    every move.

    Parameters
    ----------
    sigma : float, keyword-only
        The starting σ, one of :data:`SIGMAS`; 1 by default.
    width : float, keyword-only
        The starting Δ, one of :data:`WIDTHS`; 1 by default.
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = BinningExplorer()
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'H_Δ': 1.459, 'h': 1.4189, 'h - ln Δ': 1.4189, 'gap': 0.04}
    >>> explorer.set(Δ=0.1)
    >>> round(explorer.readouts()["gap"], 6)
    0.000416
    >>> explorer.close()
    """

    title = "Binning explorer"
    _module = "binning"

    #: σ as its position in :data:`SIGMAS`.
    sigma_index = traitlets.Int(0).tag(sync=True)
    #: Δ as its position in :data:`WIDTHS`.
    width_index = traitlets.Int(0).tag(sync=True)

    _CONTROLS = {"σ": ("sigma_index", SIGMAS), "Δ": ("width_index", WIDTHS)}

    def __init__(self, *, sigma: float = 1.0, width: float = 1.0, presentation: bool = False):
        super().__init__(presentation=presentation, sigma_index=SIGMAS.count_of(sigma, "sigma"),
                         width_index=WIDTHS.count_of(width, "width"))

    # -- what is shown ---------------------------------------------------------------------------

    @property
    def sigma(self) -> float:
        """σ as the control shows it."""
        return self.value_of("σ")

    @property
    def width(self) -> float:
        """Δ as the control shows it."""
        return self.value_of("Δ")

    def bins(self) -> int:
        """How many bins there are: ±10σ in bins of width Δ, and one for each tail."""
        return _binned_entropy(self.sigma, self.width)[0]

    def readouts(self) -> dict[str, float]:
        """The numbers shown, all in nats.

        ``"H_Δ"`` the entropy of the bins; ``"h"`` the differential entropy
        of N(0, σ²); ``"h - ln Δ"`` what H_Δ approaches for small Δ;
        ``"gap"`` H_Δ minus that.
        """
        binned_entropy = _binned_entropy(self.sigma, self.width)[1]
        h = measures.differential_entropy_normal(self.sigma)
        bridge = h - math.log(self.width)
        return {"H_Δ": binned_entropy, "h": h, "h - ln Δ": bridge, "gap": binned_entropy - bridge}

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = self.readouts()
        return [
            ("σ", SIGMAS.text(self.sigma_index)),
            ("Δ", WIDTHS.text(self.width_index)),
            ("bins", f"{self.bins():,}"),
            ("H_Δ, entropy of the bins", f"{number_text(values['H_Δ'], 4)} nats"),
            ("h, differential entropy", f"{number_text(values['h'], 4)} nats"),
            ("h − ln Δ", f"{number_text(values['h - ln Δ'], 4)} nats"),
            ("gap H_Δ − (h − ln Δ)", f"{number_text(values['gap'], 4)} nats"),
        ]

    def still_figure(self):
        """The density and its bins (left), and H_Δ against ln(1/Δ) beside h + ln(1/Δ) (right), as a Figure."""
        sigma, width = self.sigma, self.width
        values = self.readouts()
        probs, edges = measures.binned_normal(sigma, width, return_edges=True)
        reach = 4.0 * sigma
        # The bins in view, a run of neighbours; the tails' bins start beyond ±10σ, out of view.
        first, last = np.flatnonzero((edges[1:] > -reach) & (edges[:-1] < reach))[[0, -1]]
        x = np.linspace(-reach, reach, 401)
        density = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
        widths = np.array(WIDTHS.values)
        curve = np.array([_binned_entropy(sigma, float(w))[1] for w in widths])
        log_inverse = -np.log(widths)
        presentation = self.presentation
        figure, (left, right) = plots.new_figure(ncols=2, size=(14.0, 5.6) if presentation else (10.0, 3.8),
                                                 presentation=presentation)
        with plots.style(presentation=presentation):
            left.stairs(probs[first:last + 1] / width, np.clip(edges[first:last + 2], -reach, reach), fill=True,
                        color=plots.PALETTE["sky"], alpha=0.55, hatch="//", edgecolor=plots.PALETTE["blue"],
                        label="bins: P(bin) / Δ")
            left.plot(x, density, color=plots.INK, linewidth=1.8, label="density f(x)")
            left.set_xlim(-reach, reach)
            left.set_ylim(0, None)
            left.set_xlabel("x")
            left.set_ylabel("density (per unit of x)")
            left.set_title(f"σ = {SIGMAS.text(self.sigma_index)}, Δ = {WIDTHS.text(self.width_index)}: "
                           f"{self.bins():,} bins")
            left.legend(loc="upper right")

            # H_Δ as a wide band under the dashed line, which it meets for small Δ: the dashes let it show through.
            right.plot(log_inverse, curve, color=plots.PALETTE["blue"], linewidth=7, alpha=0.5,
                       solid_capstyle="round", label=r"$H_\Delta$ for this σ, every Δ")
            right.plot(log_inverse, values["h"] + log_inverse, color=plots.PALETTE["orange"], linestyle=(0, (6, 3)),
                       linewidth=2.2, label=r"$h + \ln(1/\Delta)$")
            right.axhline(values["h"], color=plots.INK, linestyle=":", linewidth=1.2,
                          label=f"h = {number_text(values['h'], 3)} nats")
            right.plot([-math.log(width)], [values["H_Δ"]], marker="o", markersize=12 if presentation else 8,
                       color=plots.PALETTE["vermillion"], linestyle="none", zorder=3)
            right.annotate(f"Δ = {WIDTHS.text(self.width_index)}", (-math.log(width), values["H_Δ"]),
                           xytext=(8, -14), textcoords="offset points")
            right.set_xlabel("ln(1/Δ) (nats)")
            right.set_ylabel("entropy (nats)")
            right.set_title(rf"$H_\Delta$ = {number_text(values['H_Δ'], 4)}, "
                            f"h − ln Δ = {number_text(values['h - ln Δ'], 4)} nats")
            right.legend(loc="upper left")
        _describe(left, f"On the left, the normal density with σ = {SIGMAS.text(self.sigma_index)} (a curve, probability per "
                        f"unit of x) and its {self.bins():,} bins of width Δ = {WIDTHS.text(self.width_index)} drawn as "
                        f"steps of height P(bin)/Δ.")
        _describe(right, f"On the right, the entropy in nats of the bins, H_Δ, against ln(1/Δ) for every width, beside the line "
                         f"h + ln(1/Δ) and the differential entropy h = {number_text(values['h'], 3)} nats (dotted); at "
                         f"this width H_Δ = {number_text(values['H_Δ'], 4)} nats and h − ln Δ = "
                         f"{number_text(values['h - ln Δ'], 4)} nats.")
        return figure
