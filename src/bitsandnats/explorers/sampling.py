"""The sampling explorer (notebook 10): H(P, Q) and KL(P ‖ Q) estimated from N seeded draws of P, in bits."""

from __future__ import annotations

import traitlets

from .. import measures, plots, sampling
from ..notation import number_text
from ..plots._style import _describe
from ..validation import check_whole_number
from ._base import Control
from ._ladders import LadderExplorer
from .grid import Ladder, counts_of

__all__ = ["SamplingExplorer", "SIZES"]

_SIZE_TEXTS = [f"{mantissa * 10**power}" for power in range(1, 6) for mantissa in (1, 2, 5)][:-2]
#: The sample sizes N: 10 to 100,000 in the 1-2-5 series.
SIZES = Ladder.listed("N", _SIZE_TEXTS, "on the list " + ", ".join(_SIZE_TEXTS))

#: The colours example of notebook 03: P the truth, Q the belief.
DEFAULT_P = (0.10, 0.40, 0.50)
DEFAULT_Q = (0.80, 0.15, 0.05)
DEFAULT_EVENTS = ("red", "green", "blue")
MAX_EVENTS = 10


def _checked_events(events, size: int) -> list[str]:
    if isinstance(events, (str, bytes)):
        raise ValueError(f"events must be a list of {size} names, got {events!r}")
    try:
        names = list(events)
    except TypeError:
        raise ValueError(f"events must be a list of {size} names, got {events!r}") from None
    if len(names) != size or not all(isinstance(name, str) and name.strip() for name in names):
        raise ValueError(f"events must be {size} non-empty names, one per probability, got {names!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"events must be different names, got {names!r}")
    return names


class SamplingExplorer(LadderExplorer):
    r"""H(P, Q) and KL(P ‖ Q) estimated from N draws of P, with the standard error, against the exact values.

    The draws are :func:`bitsandnats.sampling.draw`'s for the seed (mulberry32
    and inverse-CDF sampling, which the browser repeats exactly); the first
    N of a seed are the same for every N, so a larger N extends the sample.
    Left, the running average of :math:`-\log_2 Q(x_i)` against the number of
    draws n (log scale), with a band of ±2 standard errors and the exact
    H(P, Q) dashed; right, the same for :math:`\log_2 P(x_i)/Q(x_i)` and
    KL(P ‖ Q).  Everything is in bits.

    P and Q are fixed when the explorer is made (probabilities in steps of
    0.001, Q(x) > 0 wherever P(x) > 0, so that both measures are finite);
    the controls are N, on the list 10, 20, 50, ..., 100,000
    (:data:`SIZES`), and the seed, with a button that draws a fresh sample
    (the next seed, :meth:`resample`).

    Parameters
    ----------
    p, q : sequence of float
        The truth and the belief; the colours example by default.
    events : sequence of str
        The events' names; red, green, blue by default.
    size : int, keyword-only
        The starting N, one of :data:`SIZES`; 1,000 by default.
    seed : int, keyword-only
        The starting seed, 0 to 2³² − 1; 10 by default.
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = SamplingExplorer([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], ["a", "b", "c"], size=100, seed=1)
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'estimate of H(P,Q)': 1.76, 'H(P,Q)': 1.75, 'SE of H(P,Q)': 0.0429, 'estimate of KL(P||Q)': 0.29, 'KL(P||Q)': 0.25, 'SE of KL(P||Q)': 0.0832}
    >>> explorer.resample()
    >>> explorer.sliders["seed"].value
    2
    >>> explorer.close()
    """

    title = "Sampling explorer"
    _module = "sampling"

    _CONTROLS = {"N": ("size_index", SIZES)}

    #: The events' names (fixed).
    events = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: P and Q in whole thousandths (fixed).
    p = traitlets.List(traitlets.Int()).tag(sync=True)
    q = traitlets.List(traitlets.Int()).tag(sync=True)
    #: N as its position in :data:`SIZES`.
    size_index = traitlets.Int(0).tag(sync=True)
    #: The seed of the draws.
    seed = traitlets.Int(0).tag(sync=True)

    def __init__(self, p=DEFAULT_P, q=DEFAULT_Q, events=DEFAULT_EVENTS, *, size: int = 1_000, seed: int = 10,
                 presentation: bool = False):
        p_counts = counts_of(p, "p")
        q_counts = counts_of(q, "q")
        if not 2 <= len(p_counts) <= MAX_EVENTS or len(q_counts) != len(p_counts):
            raise ValueError(f"p and q must have the same number of events, 2 to {MAX_EVENTS}, got "
                             f"{len(p_counts)} and {len(q_counts)}")
        ruled_out = [i for i, (a, b) in enumerate(zip(p_counts, q_counts)) if a > 0 and b == 0]
        if ruled_out:
            raise ValueError(f"q must give every event that p can produce a probability above 0 (q[{ruled_out[0]}] "
                             "is 0): otherwise H(P, Q) is infinite and there is nothing to estimate")
        names = _checked_events(events, len(p_counts))
        size_index = SIZES.count_of(size, "size")
        seed = check_whole_number(seed, "seed", high=sampling.MAX_SEED)
        super().__init__(presentation=presentation, events=names, p=p_counts, q=q_counts, size_index=size_index,
                         seed=seed)
        self._fixed = (list(names), list(p_counts), list(q_counts))

    # -- controls and moves -------------------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {**super().controls(),
                "seed": Control(self, "seed", minimum=0, maximum=sampling.MAX_SEED, step=1)}

    def value_of(self, name: str):
        if name == "seed":
            return self.seed
        return int(super().value_of(name))

    def _moved(self, moves: dict) -> dict:
        state = {}
        for name, value in moves.items():
            if name == "seed":
                state["seed"] = check_whole_number(value, "seed", high=sampling.MAX_SEED)
            else:
                state.update(super()._moved({name: value}))
        return state

    def resample(self) -> None:
        """A fresh sample: the next seed (after 2³² − 1, 0), as the Resample button does."""
        self.set(seed=(self.seed + 1) % (sampling.MAX_SEED + 1))

    def _check_state(self) -> None:
        super()._check_state()
        if not 0 <= self.seed <= sampling.MAX_SEED:
            raise ValueError(f"seed must be a whole number from 0 to {sampling.MAX_SEED}, got {self.seed}")
        if (list(self.events), list(self.p), list(self.q)) != self._fixed:
            raise ValueError("events, p and q are fixed when the explorer is made and cannot change")

    # -- what is shown ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """N, the number of draws, as the control shows it."""
        return int(SIZES.value(self.size_index))

    @property
    def truth(self) -> list[float]:
        """P as probabilities."""
        return [count / 1000 for count in self.p]

    @property
    def belief(self) -> list[float]:
        """Q as probabilities."""
        return [count / 1000 for count in self.q]

    def samples(self):
        """The N draws from P shown, as event indices: ``sampling.draw(P, N, seed)``."""
        return sampling.draw(self.truth, self.size, self.seed)

    def readouts(self) -> dict[str, float]:
        """The estimates, the exact values and the standard errors, all in bits."""
        samples, p, q = self.samples(), self.truth, self.belief
        cross, cross_error = sampling.sample_cross_entropy(samples, q, error=True)
        kl, kl_error = sampling.sample_kl(samples, p, q, error=True)
        return {"estimate of H(P,Q)": cross, "H(P,Q)": measures.cross_entropy(p, q), "SE of H(P,Q)": cross_error,
                "estimate of KL(P||Q)": kl, "KL(P||Q)": measures.kl_divergence(p, q), "SE of KL(P||Q)": kl_error}

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = self.readouts()
        bits = lambda key: f"{number_text(values[key], 4)} bits"  # noqa: E731
        distribution = lambda counts: ", ".join(f"{event} {count / 1000:.3f}"  # noqa: E731
                                                for event, count in zip(self.events, counts))
        return [
            ("P", distribution(self.p)),
            ("Q", distribution(self.q)),
            ("N", f"{self.size:,} draws"),
            ("seed", str(self.seed)),
            ("estimate of H(P, Q), mean of −log₂ Q(x)", bits("estimate of H(P,Q)")),
            ("H(P, Q), exact", bits("H(P,Q)")),
            ("standard error of the H(P, Q) estimate", bits("SE of H(P,Q)")),
            ("estimate of KL(P ‖ Q), mean of log₂ P(x)/Q(x)", bits("estimate of KL(P||Q)")),
            ("KL(P ‖ Q), exact", bits("KL(P||Q)")),
            ("standard error of the KL estimate", bits("SE of KL(P||Q)")),
        ]

    def still_figure(self):
        """The two running estimates with their ±2 standard-error bands and exact lines, as a Figure."""
        samples, p, q = self.samples(), self.truth, self.belief
        values = self.readouts()
        figure, (left, right) = plots.new_figure(ncols=2, size=(14.0, 5.6) if self.presentation else (11.0, 3.8),
                                                 presentation=self.presentation)
        from ..plots import sampling as sampling_plots

        running, errors = sampling.sample_cross_entropy(samples, q, running=True, error=True)
        sampling_plots.running_estimate(running, values["H(P,Q)"], errors, quantity="cross-entropy H(P, Q)",
                                        presentation=self.presentation, ax=left)
        running, errors = sampling.sample_kl(samples, p, q, running=True, error=True)
        sampling_plots.running_estimate(running, values["KL(P||Q)"], errors, quantity="KL(P ‖ Q)",
                                        presentation=self.presentation, ax=right)
        with plots.style(presentation=self.presentation):
            left.set_title(f"N = {self.size:,}, seed {self.seed}: {number_text(values['estimate of H(P,Q)'], 4)} "
                           f"± {number_text(values['SE of H(P,Q)'], 4)} bits")
            right.set_title(f"{number_text(values['estimate of KL(P||Q)'], 4)} "
                            f"± {number_text(values['SE of KL(P||Q)'], 4)} bits")
        _describe(left, f"N = {self.size:,} draws from P with seed {self.seed}. "
                        + getattr(left, plots._style.ALT_ATTRIBUTE))
        return figure

