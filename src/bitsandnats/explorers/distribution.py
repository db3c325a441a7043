"""The distribution explorer (notebook 03): P and Q over named events, and every term of H(P), H(P, Q), KL(P ‖ Q)."""

from __future__ import annotations

import random

import numpy as np
import traitlets

from .. import measures, plots
from . import grid
from ..notation import UNIT_BASES, number_text
from ._base import Control, Explorer

__all__ = ["DistributionExplorer"]

#: How many events a distribution explorer holds, at least and at most.
MIN_EVENTS, MAX_EVENTS = 2, 10
#: The longest event name, in characters.
MAX_NAME = 24
#: The target game's KL values, in bits: one is drawn for each new target.
TARGETS_BITS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
#: How close KL(P ‖ Q) must come to the target, in bits.
TARGET_TOLERANCE_BITS = 0.01

_VIEWS = ("bars", "area")


def _checked_events(events, name: str = "events") -> list[str]:
    try:
        names = list(events)
    except TypeError:
        raise ValueError(f"{name} must be a list of event names, got {events!r}") from None
    if not MIN_EVENTS <= len(names) <= MAX_EVENTS:
        raise ValueError(f"{name} must name {MIN_EVENTS} to {MAX_EVENTS} events, got {len(names)}")
    for event in names:
        if not isinstance(event, str) or not event.strip() or len(event) > MAX_NAME:
            raise ValueError(f"{name} must be non-empty names of at most {MAX_NAME} characters, got {event!r}")
    duplicates = sorted({event for event in names if names.count(event) > 1})
    if duplicates:
        raise ValueError(f"{name} must be different names, but {', '.join(map(repr, duplicates))} "
                         f"appears more than once")
    return names


class TwoDistributions(Explorer):
    """Two distributions P and Q over named events, on the grid of 0.001, with a unit: the shared state.

    Holds what the distribution explorer and the SciPy agreement explorer
    share: the events, P and Q as whole thousandths (each summing to exactly
    1000), the unit, the starting point, and the moves and buttons on them.
    """

    events = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: P and Q as whole thousandths, each summing to exactly 1000.
    p = traitlets.List(traitlets.Int()).tag(sync=True)
    q = traitlets.List(traitlets.Int()).tag(sync=True)
    unit = traitlets.Unicode("bits").tag(sync=True)
    #: What "reset" returns to: events, P and Q.
    start = traitlets.Dict().tag(sync=True)

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False, **traits):
        events = _checked_events(events)
        p_counts, q_counts = grid.counts_of(p, "p"), grid.counts_of(q, "q")
        if not len(p_counts) == len(q_counts) == len(events):
            raise ValueError(f"p, q and events must have one entry per event; got {len(p_counts)}, "
                             f"{len(q_counts)} and {len(events)}")
        unit = measures.units(base)
        if unit not in UNIT_BASES:
            raise ValueError(f"base must be 2 (bits), e (nats) or 10 (hartleys), got {base!r}")
        super().__init__(presentation=presentation, events=events, p=p_counts, q=q_counts, unit=unit,
                         start={"events": events, "p": p_counts, "q": q_counts}, **traits)

    # -- controls and moves -----------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        controls = {f"{which}[{event}]": Control(self, f"{which}[{event}]", minimum=0.0, maximum=1.0,
                                                 step=grid.STEP)
                    for which in ("P", "Q") for event in self.events}
        controls["unit"] = Control(self, "unit", options=UNIT_BASES)
        return controls

    def value_of(self, name: str):
        if name not in self.controls():
            raise ValueError(f"{self.title} has no control named {name!r}")
        if name in self._CHOICES:
            return getattr(self, name)
        which, event = name[0], name[2:-1]
        counts = self.p if which == "P" else self.q
        return counts[self.events.index(event)] / grid.STEPS

    #: The controls that choose one of a few options, and their options.
    _CHOICES = {"unit": tuple(UNIT_BASES)}

    def _moved(self, moves: dict) -> dict:
        state = {"p": list(self.p), "q": list(self.q)}
        for name, value in moves.items():
            if name in self._CHOICES:
                if value not in self._CHOICES[name]:
                    raise ValueError(f"{name} must be one of {', '.join(self._CHOICES[name])}, got {value!r}")
                state[name] = value
            else:
                key = "p" if name[0] == "P" else "q"
                state[key] = grid.rebalance(state[key], self.events.index(name[2:-1]), grid.count_of(value, name))
        return state

    def _check_state(self) -> None:
        events = _checked_events(self.events)
        for key in ("p", "q"):
            counts = getattr(self, key)
            if len(counts) != len(events):
                raise ValueError(f"{key} must have one entry per event, got {len(counts)} for {len(events)} events")
            if min(counts) < 0 or max(counts) > grid.STEPS or sum(counts) != grid.STEPS:
                raise ValueError(f"{key} must be whole thousandths from 0 to 1000 summing to 1000, got {counts}")
        for name, options in self._CHOICES.items():
            if getattr(self, name) not in options:
                raise ValueError(f"{name} must be one of {', '.join(options)}, got {getattr(self, name)!r}")

    # -- the buttons, for notebooks and tests -----------------------------------------------

    def reset(self) -> None:
        """Back to the events, P and Q the explorer was made with."""
        self._apply({"events": list(self.start["events"]), "p": list(self.start["p"]),
                     "q": list(self.start["q"])})

    def swap(self) -> None:
        """Exchange P and Q."""
        self._apply({"p": list(self.q), "q": list(self.p)})

    def copy_p_to_q(self) -> None:
        """Make Q equal to P: KL(P ‖ Q) becomes 0 and H(P, Q) becomes H(P)."""
        self._apply({"q": list(self.p)})

    def make_p_uniform(self) -> None:
        """Give every event the same probability under P, as nearly as whole thousandths allow."""
        self._apply({"p": grid.apportion([1] * len(self.events), grid.STEPS)})

    def randomize(self, seed: int | None = None) -> None:
        """New random P and Q on the grid (the browser's "Random" button does the same, with its own random numbers)."""
        rng = random.Random(seed)
        weights = [[rng.randrange(1, 1000) for _ in self.events] for _ in range(2)]
        self._apply({"p": grid.apportion(weights[0], grid.STEPS), "q": grid.apportion(weights[1], grid.STEPS)})

    def add_event(self, name: str) -> None:
        """A new event, with probability 0 under P and Q (drag it up to give it some)."""
        events = _checked_events([*self.events, name])
        self._apply({"events": events, "p": [*self.p, 0], "q": [*self.q, 0]})

    def remove_event(self, name: str) -> None:
        """Remove an event; the others share its probability in proportion to what they had."""
        if name not in self.events:
            raise ValueError(f"name must be one of the events {self.events}, got {name!r}")
        index = self.events.index(name)
        events = _checked_events([event for event in self.events if event != name])
        kept = [[count for i, count in enumerate(counts) if i != index] for counts in (self.p, self.q)]
        self._apply({"events": events, "p": grid.apportion(kept[0], grid.STEPS),
                     "q": grid.apportion(kept[1], grid.STEPS)})

    def rename_event(self, old: str, new: str) -> None:
        """Give an event a new name (its probabilities stay)."""
        if old not in self.events:
            raise ValueError(f"old must be one of the events {self.events}, got {old!r}")
        self._apply({"events": _checked_events([new if event == old else event for event in self.events], "new")})

    # -- what is shown ---------------------------------------------------------------------------

    @property
    def base(self) -> float:
        """The logarithm base of the readouts: 2, e or 10."""
        return UNIT_BASES[self.unit]

    def distributions(self) -> tuple[np.ndarray, np.ndarray]:
        """P and Q as the controls show them (whole thousandths)."""
        return np.array(self.p) / grid.STEPS, np.array(self.q) / grid.STEPS

    def readouts(self) -> dict[str, float]:
        p, q = self.distributions()
        base = self.base
        return {
            "H(P)": measures.entropy(p, base=base),
            "H(Q)": measures.entropy(q, base=base),
            "H(P,Q)": measures.cross_entropy(p, q, base=base),
            "H(Q,P)": measures.cross_entropy(q, p, base=base),
            "KL(P||Q)": measures.kl_divergence(p, q, base=base),
            "KL(Q||P)": measures.kl_divergence(q, p, base=base),
        }

    def _summary_rows(self) -> list[tuple[str, str]]:
        p, q = self.distributions()
        rows = [("P", ", ".join(f"{event} {value:.3f}" for event, value in zip(self.events, p))),
                ("Q", ", ".join(f"{event} {value:.3f}" for event, value in zip(self.events, q)))]
        labels = {"H(P,Q)": "H(P, Q)", "H(Q,P)": "H(Q, P)", "KL(P||Q)": "KL(P‖Q)", "KL(Q||P)": "KL(Q‖P)"}
        rows += [(labels.get(key, key), f"{number_text(value)} {self.unit}") for key, value in self.readouts().items()]
        return rows

class DistributionExplorer(TwoDistributions):
    r"""Two distributions P and Q over named events, and every term of H(P), H(P, Q) and KL(P ‖ Q), live.

    P is the truth, Q the belief.  Each probability is set by dragging the
    top of its bar, or with its control (keyboard: arrows ±0.001,
    PageUp/PageDown ±0.01, Home/End), or typed.  Probabilities live on a
    grid of steps of 0.001 and each distribution always sums to exactly 1:
    moving one event rescales the others in proportion, rounded by largest
    remainder (:func:`bitsandnats.explorers.grid.rebalance`), the same in the
    browser and here.  The charts show P and Q, each event's terms
    :math:`-P\log P` and :math:`-P\log Q`, and its signed KL term
    :math:`P\log(P/Q)`; the *area view* draws H(P, Q) as rectangles of width
    P(x) and height :math:`-\log Q(x)` beside H(P) with heights
    :math:`-\log P(x)`, so KL(P ‖ Q) is the difference of the two areas.
    Where Q is 0 but P is not, the readouts say ∞ and the bars are marked.

    The learner can add, remove and rename events (2 to 10), switch between
    bits, nats and hartleys, press reset, swap, Q = P, P uniform and random,
    and play the target game: shape Q until KL(P ‖ Q) is within 0.01 bits of
    the target.

    Parameters
    ----------
    p, q : sequence of float
        The starting distributions, on the grid of 0.001 (also what "reset" returns to).
    events : sequence of str
        One distinct name per event, 2 to 10 of them.
    base : float, keyword-only
        Starting unit: 2 (bits, default), e (nats) or 10 (hartleys).
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = DistributionExplorer([0.5, 0.25, 0.25], [0.125, 0.125, 0.75], ["sun", "cloud", "rain"])
    >>> {name: round(value, 3) for name, value in explorer.readouts().items()}
    {'H(P)': 1.5, 'H(Q)': 1.061, 'H(P,Q)': 2.354, 'H(Q,P)': 1.875, 'KL(P||Q)': 0.854, 'KL(Q||P)': 0.814}
    >>> explorer.set({"P[sun]": 0.55})
    >>> [explorer.sliders[name].value for name in ("P[sun]", "P[cloud]", "P[rain]")]
    [0.55, 0.225, 0.225]
    >>> explorer.set({"Q[sun]": 0.0})
    >>> explorer.readouts()["KL(P||Q)"]
    inf
    """

    title = "Distribution explorer"
    _module = "distribution"

    view = traitlets.Unicode("bars").tag(sync=True)
    #: The target game's KL(P ‖ Q), in bits; None when no game is on.
    target = traitlets.Float(None, allow_none=True).tag(sync=True)
    #: The game's rules, for the browser: the targets it draws from and the tolerance, in bits.
    game = traitlets.Dict().tag(sync=True)

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False):
        super().__init__(p, q, events, base=base, presentation=presentation,
                         game={"targets": list(TARGETS_BITS), "tolerance": TARGET_TOLERANCE_BITS})

    _CHOICES = {"unit": tuple(UNIT_BASES), "view": _VIEWS}

    def controls(self) -> dict[str, Control]:
        return {**super().controls(), "view": Control(self, "view", options=_VIEWS)}

    def _check_state(self) -> None:
        super()._check_state()
        if self.target is not None and self.target not in TARGETS_BITS:
            raise ValueError(f"target must be one of {TARGETS_BITS} bits, got {self.target!r}")

    def reset(self) -> None:
        """Back to the events, P and Q the explorer was made with, and no target."""
        with self.hold_sync():
            super().reset()
            self.target = None

    def new_target(self, target_bits: float | None = None, *, seed: int | None = None) -> None:
        """Start the target game: shape Q until KL(P ‖ Q) is within 0.01 bits of ``target_bits``.

        ``target_bits`` must be one of :data:`TARGETS_BITS`; by default one is drawn at random.
        """
        if target_bits is None:
            target_bits = random.Random(seed).choice(TARGETS_BITS)
        if target_bits not in TARGETS_BITS:
            raise ValueError(f"target_bits must be one of {TARGETS_BITS}, got {target_bits!r}")
        self._apply({"target": float(target_bits)})

    def _summary_rows(self) -> list[tuple[str, str]]:
        rows = super()._summary_rows()
        if self.target is not None:
            rows.append(("target KL(P‖Q)", f"{self.target:.2f} bits"))
        return rows

    def still_figure(self):
        p, q = self.distributions()
        return plots.contributions(p, q, self.events, base=self.base, presentation=self.presentation)
