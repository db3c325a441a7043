"""Self-checking exercises: the answers live here, not in the notebooks.

A notebook asks a question and the learner writes an answer into a cell; the
call ``check("02.1", answer)`` says whether it is right and, if not, gives a
hint.  Expected answers are computed with :mod:`bitsandnats.measures` when the
check runs, so they cannot drift from the package, and a learner reading the
notebook's source does not see them.

Each exercise has an id ``"NN.k"`` (notebook number, exercise number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from . import measures

__all__ = ["Exercise", "EXERCISES", "check", "Feedback"]


@dataclass(frozen=True)
class Exercise:
    """One question: how to compute its answer and how to help a learner.

    ``answer`` is a zero-argument callable returning the expected value: a
    number (compared with ``rel_tol``/``abs_tol``) or a string (compared
    case-insensitively after stripping spaces).
    """

    question: str
    answer: Callable[[], Any]
    hint: str
    unit: str = ""
    rel_tol: float = 1e-3
    abs_tol: float = 1e-3


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shows itself as one line of text."""

    exercise_id: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return self.message


def _normal_text(value: str) -> str:
    return "".join(str(value).split()).lower()


def check(exercise_id: str, answer) -> Feedback:
    """Check a learner's answer to exercise ``exercise_id``.

    Returns a :class:`Feedback` that displays as one line: right, not yet (with
    a hint), or a reminder to fill in the answer.  It is truthy when right.

    Examples
    --------
    >>> check("demo.1", 1.0)
    ✅ demo.1: right. 1 bit.
    >>> check("demo.1", 2)
    ❌ demo.1: not yet. Hint: two equally likely outcomes; log2 of 2
    >>> check("demo.1", None)
    ✍️ demo.1: replace None with your answer, then run the cell again.
    """
    if exercise_id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"exercise_id {exercise_id!r} is not an exercise; known ids: {known}")
    exercise = EXERCISES[exercise_id]
    if answer is None or answer is Ellipsis:
        return Feedback(exercise_id, False, f"✍️ {exercise_id}: replace None with your answer, then run the cell again.")
    expected = exercise.answer()
    if isinstance(expected, str):
        correct = _normal_text(answer) == _normal_text(expected)
    else:
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return Feedback(exercise_id, False, f"❌ {exercise_id}: expected a number, got {answer!r}. Hint: {exercise.hint}")
        correct = math.isclose(value, float(expected), rel_tol=exercise.rel_tol, abs_tol=exercise.abs_tol) or (
            math.isinf(expected) and value == expected
        )
    if correct:
        unit = f" {exercise.unit}" if exercise.unit else ""
        shown = f"{expected:g}" if not isinstance(expected, str) else expected
        return Feedback(exercise_id, True, f"✅ {exercise_id}: right. {shown}{unit}.")
    return Feedback(exercise_id, False, f"❌ {exercise_id}: not yet. Hint: {exercise.hint}")


#: Every exercise in the collection, by id.
EXERCISES: dict[str, Exercise] = {
    "demo.1": Exercise(
        question="Entropy of a fair coin, in bits?",
        answer=lambda: measures.entropy([0.5, 0.5]),
        hint="two equally likely outcomes; log2 of 2",
        unit="bit",
    ),
    # 01 surprise
    # 02 entropy
    # 03 cross-entropy and KL
    # 04 cross-entropy as a loss
    # 05 many classes
    # 06 distillation
    # 07 continuous
    # 08 code lengths
    # 09 misconceptions
}

