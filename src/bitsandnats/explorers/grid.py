"""Values on a control's grid: probabilities in whole thousandths that sum to exactly 1, and ladders of values.

A probability an explorer shows is a whole number of steps of 1/1000 (so
three decimals show it exactly), and a distribution is a list of such
counts that sums to exactly :data:`STEPS`.  Every number an explorer
computes comes from these counts divided by 1000, so what a learner reads
on a control is what the readouts were computed from.

Moving one event rescales the others in proportion to what they had, and
rounds the shares by largest remainder; this module and the explorers'
JavaScript twin (``twin.js``) do it in integer arithmetic, so the browser
and the kernel reach the same counts exactly.

Other controls (a temperature, a bin width) stand on a :class:`Ladder`, a
fixed list of values each shown exactly as it is computed with.

Examples
--------
>>> rebalance([100, 400, 500], 0, 550)
[550, 200, 250]
>>> apportion([1, 1, 1], 1000)
[334, 333, 333]
"""

from __future__ import annotations

import bisect
import math
import numbers
from dataclasses import dataclass

__all__ = ["STEPS", "STEP", "apportion", "rebalance", "count_of", "counts_of", "Ladder"]

#: Steps in a probability of 1: a probability is a whole number of thousandths.
STEPS = 1000
#: The size of one step, as a probability.
STEP = 1 / STEPS


def apportion(weights, total: int) -> list[int]:
    """Split ``total`` whole steps in proportion to whole-number ``weights``, by largest remainder.

    Each share is first rounded down; the steps left over go one each to the
    shares with the largest remainders, and between equal remainders to the
    lower index (so the result never depends on anything but the input).
    If every weight is 0 the steps are shared evenly, as if all weights were 1.

    Parameters
    ----------
    weights : sequence of int
        Non-negative whole numbers.
    total : int
        The whole number of steps to share, >= 0.

    Returns
    -------
    list of int
        One share per weight, summing to exactly ``total``.

    Examples
    --------
    >>> apportion([2, 1], 10)
    [7, 3]
    >>> apportion([0, 0, 0], 2)
    [1, 1, 0]
    """
    weights = [int(weight) for weight in weights]
    if not weights:
        raise ValueError("weights must hold at least one weight")
    if min(weights) < 0 or total < 0:
        raise ValueError(f"weights and total must be non-negative, got {weights} and {total}")
    if sum(weights) == 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    shares = [weight * total // whole for weight in weights]
    remainders = [weight * total % whole for weight in weights]
    left = total - sum(shares)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        shares[index] += 1
    return shares


def rebalance(counts, index: int, count: int) -> list[int]:
    """Set event ``index`` to ``count`` steps; the others share the rest in proportion to what they had.

    This is what dragging one probability does: the other events keep their
    ratios to each other as nearly as whole steps allow (largest remainder,
    see :func:`apportion`), and the distribution still sums to exactly
    :data:`STEPS`.  If the others all had 0 they share the rest evenly.

    Examples
    --------
    >>> rebalance([1000, 0, 0], 0, 400)
    [400, 300, 300]
    >>> rebalance([333, 333, 334], 2, 0)
    [500, 500, 0]
    """
    counts = [int(value) for value in counts]
    others = [value for i, value in enumerate(counts) if i != index]
    shares = iter(apportion(others, STEPS - count))
    return [count if i == index else next(shares) for i in range(len(counts))]


def count_of(value, name: str) -> int:
    """The whole number of steps in a probability typed or dragged to ``value``, or a ValueError naming ``name``.

    A probability must be a real number from 0 to 1 on the grid of steps of
    0.001 (within 1e-9 of a step, so that ``0.1 + 0.2`` is 0.3).  Nothing is
    rounded to the grid or clamped into range: a value off the grid is
    refused, and so is a tiny positive number that would become 0, because
    probability 0 means impossible.

    Examples
    --------
    >>> count_of(0.25, "P[red]")
    250
    >>> count_of(0.0005, "P[red]")
    Traceback (most recent call last):
    ...
    ValueError: P[red] must be a probability in steps of 0.001 (0, 0.001, ..., 1), got 0.0005
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    try:
        value = float(value)
    except OverflowError:  # an int beyond float's range
        raise ValueError(f"{name} must be a probability from 0 to 1, got an integer of {len(str(value))} digits") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a probability from 0 to 1, got {value:g}")
    steps = round(value * STEPS)
    if abs(value * STEPS - steps) > 1e-6 or (steps == 0) != (value == 0.0):
        raise ValueError(f"{name} must be a probability in steps of {STEP:g} (0, {STEP:g}, ..., 1), got {value:g}")
    return steps


def counts_of(values, name: str) -> list[int]:
    """A whole distribution on the grid, as counts of steps; a ValueError naming ``name`` otherwise.

    Examples
    --------
    >>> counts_of([0.1, 0.4, 0.5], "p")
    [100, 400, 500]
    >>> counts_of([0.5, 0.4], "p")
    Traceback (most recent call last):
    ...
    ValueError: p must sum to 1, got 0.9
    """
    try:
        items = list(values)
    except TypeError:
        raise ValueError(f"{name} must be a sequence of probabilities, got {values!r}") from None
    counts = [count_of(value, f"{name}[{i}]") for i, value in enumerate(items)]
    if sum(counts) != STEPS:
        raise ValueError(f"{name} must sum to 1, got {sum(counts) / STEPS:g}")
    return counts


#: A value typed or set counts as a rung's value within this relative distance (so 0.1 + 0.2 is 0.3).
_RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Ladder:
    """The values one control can show, in order: its rungs, each shown exactly as its text.

    A control's state is a whole number, its *count*: the rung's position
    plus ``first`` (so the temperature's count is its number of tenths,
    5 for T = 0.5).  What the control shows, ``texts[i]``, is exactly the
    number computed with, ``values[i]``; a value is taken only if it is one
    of the rungs (within 1e-9, relatively), never rounded onto one.

    Parameters
    ----------
    name : str
        The control's name, as the learner sees it ("T", "σ").
    values : tuple of float
        The rungs, increasing.
    texts : tuple of str
        Each rung as shown.
    what : str
        The rule, in words, for messages: "from 0.5 to 10 in steps of 0.1".
    first : int
        The count of the first rung.

    Examples
    --------
    >>> ladder = Ladder.steps("T", first=5, last=100, per=10, decimals=1, what="from 0.5 to 10 in steps of 0.1")
    >>> ladder.count_of(2.5), ladder.value(25), ladder.text(100)
    (25, 2.5, '10.0')
    >>> ladder.count_of(2.55)
    Traceback (most recent call last):
    ...
    ValueError: T must be a number from 0.5 to 10 in steps of 0.1, got 2.55
    """

    name: str
    values: tuple
    texts: tuple
    what: str
    first: int = 0

    @classmethod
    def steps(cls, name: str, *, first: int, last: int, per: int, decimals: int, what: str) -> Ladder:
        """Whole numbers ``first`` to ``last`` of steps of 1/``per``, shown with ``decimals`` decimals.

        Each value is ``count / per``, the double nearest the decimal it shows.
        """
        values = tuple(count / per for count in range(first, last + 1))
        return cls(name, values, tuple(f"{value:.{decimals}f}" for value in values), what, first)

    @classmethod
    def listed(cls, name: str, texts, what: str) -> Ladder:
        """The values written in ``texts`` ("0.012"), each the double nearest its decimal."""
        texts = tuple(texts)
        return cls(name, tuple(float(text) for text in texts), texts, what)

    @property
    def last(self) -> int:
        """The count of the last rung."""
        return self.first + len(self.values) - 1

    def value(self, count: int) -> float:
        """The value at ``count``."""
        return self.values[count - self.first]

    def text(self, count: int) -> str:
        """The value at ``count`` as the control shows it."""
        return self.texts[count - self.first]

    def count_of(self, value, name: str | None = None) -> int:
        """The count of the rung ``value`` is on, or a ``ValueError`` naming ``name`` (the control by default).

        Refused: anything but a real number (text, None, True), NaN and the
        infinities, and every number that is not one of the rungs, be it
        outside the range, between two rungs or a tiny number such as 1e-310
        near a rung of 0.
        """
        name = name or self.name
        problem = f"{name} must be a number {self.what}, got {value!r}"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(problem)
        try:
            number = float(value)
        except OverflowError:  # an int beyond float's range
            raise ValueError(problem) from None
        index = bisect.bisect_left(self.values, number)
        for candidate in (index - 1, index):
            if 0 <= candidate < len(self.values):
                rung = self.values[candidate]
                if abs(number - rung) <= _RELATIVE_TOLERANCE * abs(rung):
                    return self.first + candidate
        raise ValueError(f"{name} must be a number {self.what}, got {number!r}")

    def check_count(self, count, trait: str) -> None:
        """Raise ``ValueError`` unless ``count`` (the synced trait ``trait``) is a rung's count."""
        if isinstance(count, bool) or not isinstance(count, int) or not self.first <= count <= self.last:
            raise ValueError(f"{trait} must be a whole number from {self.first} to {self.last} "
                             f"({self.name} {self.what}), got {count!r}")

    def for_browser(self) -> dict:
        """The ladder as the ES module reads it: name, rungs, texts, the rule and the first count."""
        return {"name": self.name, "values": list(self.values), "texts": list(self.texts), "what": self.what,
                "first": self.first}
