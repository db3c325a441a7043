"""The coin explorer (notebook 02): a coin on the binary entropy curve, and the average surprise of N seeded tosses."""

from __future__ import annotations

import numbers

import numpy as np
import traitlets

from .. import measures, plots
from . import grid
from ..notation import number_text
from ..plots._style import _describe
from ._base import Control, Explorer

__all__ = ["CoinExplorer", "tails_thresholds", "SAMPLE_SIZES", "MAX_DRAWS"]

#: The sample sizes N the N control offers: those up to ``max_draws``, and ``max_draws`` itself.
SAMPLE_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
#: The most tosses an explorer draws.  Every toss is sent to the browser and averaged there at
#: each move, so the limit keeps a move within a frame (the old explorer took 25 s for 10**9).
MAX_DRAWS = 100_000


def tails_thresholds(uniforms) -> np.ndarray:
    """For each uniform number u, the largest whole k with k/1000 <= u: toss i is tails iff count <= thresholds[i].

    A toss is tails when its uniform number is at least p(heads), and
    p(heads) is ``count / 1000`` for a whole ``count`` from 0 to 1000.  The
    floats ``count / 1000`` grow with ``count``, so ``u >= count / 1000``
    holds exactly when ``count`` is at most the largest k with
    ``k / 1000 <= u``, compared as the same floats.  That turns the test into
    a comparison of whole numbers, which the browser makes identically.

    Parameters
    ----------
    uniforms : array_like
        Numbers in [0, 1), as ``numpy.random.Generator.random`` draws them.

    Returns
    -------
    ndarray of int
        One threshold per number, from 0 to 999.

    Examples
    --------
    >>> tails_thresholds([0.0, 0.0009, 0.001, 0.8, 0.7999999])
    array([  0,   0,   1, 800, 799])
    """
    steps = np.arange(grid.STEPS + 1) / grid.STEPS  # exactly the floats p(heads) takes
    return np.searchsorted(steps, np.asarray(uniforms, dtype=float), side="right") - 1


def _sample_sizes(max_draws: int) -> list[int]:
    """The values N can take for ``max_draws`` tosses, smallest first."""
    return sorted({size for size in SAMPLE_SIZES if size <= max_draws} | {max_draws})


def _whole_number(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return int(value)


class CoinExplorer(Explorer):
    r"""A coin's entropy on the binary entropy curve, and the average surprise of N seeded tosses.

    The ``p(heads)`` control moves the coin's point along the binary entropy
    curve :math:`H(p) = -p \log_2 p - (1 - p) \log_2 (1 - p)` (bits); the
    ``N`` control sets how many tosses the right-hand chart averages: the
    running average of the surprise of the first n tosses, n = 1 ... N,
    against the dashed line at H, which it approaches as N grows.  Dragging
    along the curve moves p(heads) too.

    The tosses are seeded and shared by every coin: toss i is tails when the
    i-th number of ``numpy.random.default_rng(seed).random(max_draws)`` is
    at least p(heads), which is how ``rng.choice(2, p=[p, 1 - p])`` decides,
    so with the same seed they are notebook 02's tosses.  The browser gets
    them as whole-number thresholds (:func:`tails_thresholds`), so it tosses
    exactly the same coins as Python for every p(heads) on the grid.

    Parameters
    ----------
    p_heads : float
        Starting probability of heads, on the grid of 0.001; 0.8 by default.
    draws : int, keyword-only
        Starting number of tosses N, one of :data:`SAMPLE_SIZES` up to
        ``max_draws`` (or ``max_draws`` itself); 100 by default.
    seed : int, keyword-only
        Seed of the tosses, >= 0; 2025 by default (notebook 02's).
    max_draws : int, keyword-only
        The largest N, 1 to :data:`MAX_DRAWS`; 10,000 by default.
    presentation : bool, keyword-only
        Large type, for a projector.

    Examples
    --------
    >>> explorer = CoinExplorer(0.9, draws=10)
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'H': 0.469, 'average surprise': 1.103}
    >>> explorer.set({"p(heads)": 0.1})
    >>> round(explorer.readouts()["H"], 4)
    0.469
    >>> explorer.close()
    """

    title = "Coin explorer"
    _module = "coin"

    #: p(heads) in whole thousandths.
    p_heads = traitlets.Int().tag(sync=True)
    #: N, the number of tosses averaged.
    draws = traitlets.Int().tag(sync=True)
    #: The values N can take, smallest first.
    sizes = traitlets.List(traitlets.Int()).tag(sync=True)
    #: One whole number per toss (max_draws of them): the toss is tails iff p_heads <= its threshold.
    #: As little-endian unsigned 16-bit integers: sent as one binary buffer, stored on one line.
    thresholds = traitlets.Bytes().tag(sync=True)

    def __init__(self, p_heads: float = 0.8, *, draws: int = 100, seed: int = 2025, max_draws: int = 10_000,
                 presentation: bool = False):
        count = grid.count_of(p_heads, "p_heads")
        seed = _whole_number(seed, "seed")
        if seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed}")
        max_draws = _whole_number(max_draws, "max_draws")
        if not 1 <= max_draws <= MAX_DRAWS:
            raise ValueError(f"max_draws must be from 1 to {MAX_DRAWS:,}, got {max_draws:,}")
        sizes = _sample_sizes(max_draws)
        if isinstance(draws, bool) or not isinstance(draws, numbers.Integral) or draws not in sizes:
            raise ValueError(f"draws must be one of {sizes}, got {draws!r}")
        self._thresholds = tails_thresholds(np.random.default_rng(seed).random(max_draws))
        self._threshold_bytes = self._thresholds.astype("<u2").tobytes()
        super().__init__(presentation=presentation, p_heads=count, draws=int(draws), sizes=sizes,
                         thresholds=self._threshold_bytes)

    # -- controls and moves -----------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {"p(heads)": Control(self, "p(heads)", minimum=0.0, maximum=1.0, step=grid.STEP),
                "N": Control(self, "N", options=self.sizes)}

    def value_of(self, name: str):
        return self.p_heads / grid.STEPS if name == "p(heads)" else self.draws

    def _moved(self, moves: dict) -> dict:
        state = {"p_heads": self.p_heads, "draws": self.draws}
        for name, value in moves.items():
            if name == "p(heads)":
                state["p_heads"] = grid.count_of(value, name)
            else:
                if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value not in self.sizes:
                    raise ValueError(f"N must be one of {self.sizes}, got {value!r}")
                state["draws"] = int(value)
        return state

    def _check_state(self) -> None:
        if not 0 <= self.p_heads <= grid.STEPS:
            raise ValueError(f"p_heads must be whole thousandths from 0 to {grid.STEPS}, got {self.p_heads}")
        if self.draws not in self.sizes:
            raise ValueError(f"draws must be one of {self.sizes}, got {self.draws}")
        # The tosses are the seed's: nothing from the browser may change them.
        if self.thresholds != self._threshold_bytes:
            raise ValueError("thresholds are the seeded tosses and cannot be changed")
        if self.sizes != _sample_sizes(len(self._thresholds)):
            raise ValueError("sizes follow from max_draws and cannot be changed")

    # -- what is shown ---------------------------------------------------------------------

    @property
    def coin(self) -> list[float]:
        """The coin as the control shows it: [p(heads), p(tails)]."""
        p_heads = self.p_heads / grid.STEPS
        return [p_heads, 1.0 - p_heads]

    def tosses(self) -> np.ndarray:
        """The first N tosses: 0 for heads, 1 for tails."""
        return (self._thresholds[:self.draws] >= self.p_heads).astype(np.int64)

    def readouts(self) -> dict[str, float]:
        """H, the coin's entropy, and the average surprise of its first N tosses, both in bits."""
        return {"H": measures.entropy(self.coin, base=2),
                "average surprise": measures.average_surprisal(self.tosses(), self.coin, base=2)}

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = self.readouts()
        heads, tails = self.p_heads / grid.STEPS, (grid.STEPS - self.p_heads) / grid.STEPS
        return [(f"entropy of the {heads:.3f}/{tails:.3f} coin, H", f"{number_text(values['H'], 4)} bits"),
                (f"average surprise of N = {self.draws:,} tosses",
                 f"{number_text(values['average surprise'], 4)} bits")]

    def still_figure(self):
        """The coin on the binary entropy curve (left) and the running average surprise of N tosses (right)."""
        coin = self.coin
        entropy = measures.entropy(coin, base=2)
        running = measures.average_surprisal(self.tosses(), coin, base=2, running=True)
        figure, (curve_axes, sample_axes) = plots.new_figure(ncols=2, size=(9.4, 3.4),
                                                             presentation=self.presentation)
        curve_p = np.linspace(0.0, 1.0, 201)
        with plots.style(presentation=self.presentation):
            curve_axes.plot(curve_p, measures.entropy(np.stack([curve_p, 1.0 - curve_p], axis=-1), base=2),
                            color=plots.INK)
            curve_axes.plot([coin[0]], [entropy], marker="o", color=plots.PALETTE["vermillion"], linestyle="none")
            curve_axes.plot([coin[0], coin[0]], [0, entropy], color=plots.PALETTE["grey"], linestyle=":")
            # Low inside the arch, which is free whatever the coin (the browser puts it there too).
            curve_axes.text(0.5, 0.25, f"p = {coin[0]:.3f}: H = {number_text(entropy, 4)} bits", ha="center")
            curve_axes.set(xlim=(0, 1), ylim=(0, 1.3), xlabel="p(heads)", ylabel="entropy H (bits)",
                           title="Where the coin sits on the entropy curve")
            sizes = np.arange(1, self.draws + 1)
            sample_axes.axhline(entropy, color=plots.INK, linestyle="--",
                                label=f"entropy H = {number_text(entropy, 4)} bits")
            sample_axes.plot(sizes, running, color=plots.PALETTE["blue"], label="average surprise of the first n")
            sample_axes.plot([self.draws], [running[-1]], marker="s", color=plots.PALETTE["vermillion"],
                             linestyle="none", label=f"N = {self.draws:,}: {number_text(running[-1], 4)} bits")
            sample_axes.set_xscale("log")
            sample_axes.set(xlim=(0.8, len(self._thresholds) * 1.5), ylim=(0, max(1.2, float(running.max()) * 1.25)),
                            xlabel="number of tosses n (log scale)", ylabel="average surprise (bits)",
                            title="N tosses: average surprise against H")
            # Away from the lines, which lie near H once the tosses pile up.
            sample_axes.legend(loc="lower right" if entropy > 0.6 else "upper right")
        _describe(curve_axes, f"On the left, the binary entropy curve in bits against p(heads), with this coin marked at "
                              f"p = {coin[0]:.3f}: H = {number_text(entropy, 4)} bits.")
        _describe(sample_axes, f"On the right, the average surprise in bits of the first n of {self.draws:,} tosses against n "
                               f"on a logarithmic axis, beside the entropy {number_text(entropy, 4)} bits (dashed); "
                               f"after all {self.draws:,} tosses it is {number_text(running[-1], 4)} bits.")
        return figure
