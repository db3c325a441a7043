"""Self-checking exercises: the answers live here, not in the notebooks.

A notebook asks a question and the learner writes an answer into a cell; the
call ``check("02.1", answer)`` says whether it is right.  Expected answers are
computed with :mod:`bitsandnats.measures` when the check runs, so they cannot
drift from the package, and a learner reading the notebook's source does not
see them.

How the help comes, one step at a time:

* the first wrong answer to an exercise gets a **hint**;
* the second wrong answer (and every later one) gets the hint and a **worked
  solution**: the steps with their numbers, computed by the package when it is
  shown, never stored in a notebook;
* a learner who wants the worked solution at once asks for it with
  ``bn.exercises.solution("04.3")``.

Wrong answers are counted per exercise id for the running kernel (Python
session); restarting the kernel, or :func:`reset_attempts`, starts the count
again.  ``None`` (the stored answer) and an answer that is not a usable number
(words where a number is wanted, ``True``, a list) do not count as attempts:
they get a reminder or the reason plus the hint.  A right answer is always
just right.

Each exercise has an id ``"NN.k"`` (notebook number, exercise number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import coding, fitting, measures, sampling
from .notation import typeset_html
from .validation import check_choice, check_real

__all__ = ["Exercise", "EXERCISES", "check", "Feedback", "Step", "WorkedSolution", "solution", "attempts",
           "reset_attempts", "SOLUTION_AFTER"]

#: How many wrong answers to one exercise bring its worked solution into check()'s reply.
SOLUTION_AFTER = 2

# Wrong answers so far, per exercise id, in this Python session (kernel).
_wrong_attempts: dict[str, int] = {}


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: ``text`` with a ``{}`` for each computed number in ``values``.

    The numbers are computed by the package when the solution is asked for;
    :meth:`__str__` writes them in (4 decimals, whole numbers without any,
    ∞ for an infinite value).

    Examples
    --------
    >>> str(Step("log2 6 = {} bits", (math.log2(6),)))
    'log2 6 = 2.5850 bits'
    """

    text: str
    values: tuple = ()

    def __str__(self) -> str:
        return self.text.format(*(_shown_number(value) for value in self.values))


def _shown_number(value) -> str:
    """A computed number as a worked solution writes it: ``2.5850``, ``23006``, ``∞``, ``0.006867``.

    Four decimals from 1 up, four significant digits below 1, so that a small
    number keeps enough digits to divide by.
    """
    if isinstance(value, str):
        return value
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1:
        return f"{value:.4f}"
    return f"{value:.4g}"


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
    #: The worked solution: a zero-argument callable returning the :class:`Step` s, computed when asked; optional.
    solution: Callable[[], list[Step]] | None = None


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shows itself as its message (one line, or with a worked solution below)."""

    exercise_id: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return _typeset(self.message)


@dataclass(frozen=True)
class WorkedSolution:
    """The worked solution of one exercise: its steps and its answer, shown as a numbered list."""

    exercise_id: str
    steps: tuple[str, ...]
    answer: str

    @property
    def message(self) -> str:
        if not self.steps:
            return f"📖 {self.exercise_id}: no worked solution is written for this exercise yet; {self.answer}"
        lines = [f"📖 {self.exercise_id}, worked solution:", ""]
        lines += [f"{number}. {step}" for number, step in enumerate(self.steps, start=1)]
        lines += ["", f"Answer: {self.answer}."]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return _typeset(self.message)


def _typeset(message: str) -> str:
    # Markdown passes <sub> through, and shows the escaped &lt; &amp; as < &: p_T and H_Δ as the prose has them.
    return "\n".join(typeset_html(line) for line in message.split("\n"))


def _written_answer(exercise: Exercise, expected) -> str:
    """The expected answer as the ✅ line and a worked solution write it: ``2.58496 bits``, ``"hard"``."""
    if isinstance(expected, str):
        return expected
    unit = f" {exercise.unit}" if exercise.unit else ""
    return f"{expected:g}{unit}"


def solution(exercise_id: str) -> WorkedSolution:
    """The worked solution of exercise ``exercise_id``: its steps with their numbers, and the answer.

    The numbers are computed by the package now, from the exercise's data;
    nothing of it is stored in a notebook.  :func:`check` shows the same
    solution by itself after :data:`SOLUTION_AFTER` wrong answers.  An exercise
    without a written solution says so and gives its hint.

    Parameters
    ----------
    exercise_id : str
        The exercise, such as ``"04.3"``.

    Raises
    ------
    ValueError
        If ``exercise_id`` is not the id of an exercise.

    Examples
    --------
    >>> solution("demo.1")
    📖 demo.1, worked solution:
    <BLANKLINE>
    1. A fair coin has two outcomes, each with probability 0.5; each has surprisal −log2 0.5 = 1 bit.
    2. The entropy is the probability-weighted average: 0.5 × 1 + 0.5 × 1 = 1 bit.
    <BLANKLINE>
    Answer: 1 bit.
    """
    exercise_id = check_choice(exercise_id, "exercise_id", sorted(EXERCISES))
    exercise = EXERCISES[exercise_id]
    if exercise.solution is None:
        return WorkedSolution(exercise_id, (), f"the hint: {exercise.hint}")
    steps = tuple(str(step) for step in exercise.solution())
    return WorkedSolution(exercise_id, steps, _written_answer(exercise, exercise.answer()))


def attempts(exercise_id: str) -> int:
    """How many wrong answers to ``exercise_id`` :func:`check` has seen in this session."""
    exercise_id = check_choice(exercise_id, "exercise_id", sorted(EXERCISES))
    return _wrong_attempts.get(exercise_id, 0)


def reset_attempts(exercise_id: str | None = None) -> None:
    """Forget the wrong answers to ``exercise_id``, or to every exercise when it is ``None``."""
    if exercise_id is None:
        _wrong_attempts.clear()
    else:
        _wrong_attempts.pop(check_choice(exercise_id, "exercise_id", sorted(EXERCISES)), None)


def _normal_text(value: str) -> str:
    return "".join(str(value).split()).lower()


def _numeric_answer(answer) -> float:
    """A learner's answer as a float: a number, or text that spells one (``"1.0"``, ``"inf"``).

    Raises ``ValueError`` saying why it is not a usable number: a bool, a
    list, an array, NaN, or a number too large for a float64.
    """
    if isinstance(answer, str):
        try:
            answer = float(answer)
        except ValueError:
            raise ValueError(f"answer must be a number, got {answer!r}") from None
    return check_real(answer, "answer")


def check(exercise_id: str, answer) -> Feedback:
    """Check a learner's answer to exercise ``exercise_id``.

    Returns a :class:`Feedback` that displays as one line: right, not yet (with
    a hint), or a reminder to fill in the answer.  It is truthy when right.
    Wrong answers are counted per exercise for this session: from the
    :data:`SOLUTION_AFTER`-th on (the second), the hint is followed by the
    worked solution, as :func:`solution` gives it.  An answer that is not a
    usable number where one is expected (words, True, a list, NaN,
    ``10**400``) gets a ❌ that says why and the hint, never a traceback, which
    would bury the hint; like ``None``, it does not count as an attempt.

    Parameters
    ----------
    exercise_id : str
        The exercise, such as ``"02.1"``; the ids are the keys of
        :data:`EXERCISES`.
    answer : number, str or None
        The learner's answer.

    Raises
    ------
    ValueError
        If ``exercise_id`` is not the id of an exercise.

    Examples
    --------
    >>> reset_attempts()
    >>> check("demo.1", 1.0)
    ✅ demo.1: right. 1 bit.
    >>> check("demo.1", None)
    ✍️ demo.1: replace None with your answer, then run the cell again.
    >>> check("demo.1", 10**400)
    ❌ demo.1: answer must be a number, got a number too large for a float64. Hint: two equally likely outcomes; log2 of 2
    >>> check("demo.1", 2)
    ❌ demo.1: not yet. Hint: two equally likely outcomes; log2 of 2
    >>> check("demo.1", 0.5)
    ❌ demo.1: not yet. Hint: two equally likely outcomes; log2 of 2
    <BLANKLINE>
    📖 demo.1, worked solution:
    <BLANKLINE>
    1. A fair coin has two outcomes, each with probability 0.5; each has surprisal −log2 0.5 = 1 bit.
    2. The entropy is the probability-weighted average: 0.5 × 1 + 0.5 × 1 = 1 bit.
    <BLANKLINE>
    Answer: 1 bit.
    >>> attempts("demo.1")
    2
    """
    exercise_id = check_choice(exercise_id, "exercise_id", sorted(EXERCISES))
    exercise = EXERCISES[exercise_id]
    if answer is None or answer is Ellipsis:
        return Feedback(exercise_id, False, f"✍️ {exercise_id}: replace None with your answer, then run the cell again.")
    expected = exercise.answer()
    if isinstance(expected, str):
        correct = _normal_text(answer) == _normal_text(expected)
    else:
        try:
            value = _numeric_answer(answer)
        except ValueError as error:
            return Feedback(exercise_id, False, f"❌ {exercise_id}: {error}. Hint: {exercise.hint}")
        correct = math.isclose(value, float(expected), rel_tol=exercise.rel_tol, abs_tol=exercise.abs_tol) or (
            math.isinf(expected) and value == expected
        )
    if correct:
        return Feedback(exercise_id, True, f"✅ {exercise_id}: right. {_written_answer(exercise, expected)}.")
    _wrong_attempts[exercise_id] = _wrong_attempts.get(exercise_id, 0) + 1
    message = f"❌ {exercise_id}: not yet. Hint: {exercise.hint}"
    if _wrong_attempts[exercise_id] >= SOLUTION_AFTER and exercise.solution is not None:
        message += "\n\n" + solution(exercise_id).message
    return Feedback(exercise_id, False, message)


def _gradient_ratio(z: float, label: int) -> float:
    """|d cross-entropy/dz| / |d squared error/dz| for one example with logit z (exercise 05.3)."""
    from .training import logit_gradient

    return logit_gradient(z, label) / logit_gradient(z, label, loss="squared_error")


# Notebook 06's logits for one photo of a cat (classes cat, dog, fox, car, truck).
_TEACHER_06 = (6.0, 3.5, 3.0, -1.0, -2.0)
_STUDENT_06 = (2.0, 0.5, 1.5, 0.5, -0.5)


def _gradient_sizes_06(temperature: float) -> tuple[float, float]:
    """Sizes (norms) of the hard and of the bare soft gradient in notebook 06, without T² (exercise 06.3)."""
    soft = np.linalg.norm(measures.soft_target_gradient(_STUDENT_06, _TEACHER_06, temperature=temperature))
    hard = np.linalg.norm(measures.softmax(_STUDENT_06) - np.eye(len(_STUDENT_06))[0])
    return float(hard), float(soft)


def _hard_to_soft_06(temperature: float) -> float:
    """How many times the hard gradient's size is the bare soft one's, with alpha = 0.5 (exercise 06.3)."""
    hard, soft = _gradient_sizes_06(temperature)
    return hard / soft


# --- worked solutions -----------------------------------------------------------------------------
# One function per exercise, returning its steps; every number in them is computed here when the solution is
# asked for (check() after two wrong answers, or solution(id)). The blocks of notebooks 11 and 12 have none yet.

_COLOURS_P = (0.10, 0.40, 0.50)
_COLOURS_Q = (0.80, 0.15, 0.05)


def _solution_demo_1() -> list[Step]:
    each = measures.surprisal(0.5)
    return [
        Step("A fair coin has two outcomes, each with probability 0.5; each has surprisal −log2 0.5 = {} bit.", (each,)),
        Step("The entropy is the probability-weighted average: 0.5 × {} + 0.5 × {} = {} bit.",
             (each, each, measures.entropy([0.5, 0.5]))),
    ]


def _solution_01_1() -> list[Step]:
    return [
        Step("A fair die shows a six with probability 1/6 = {}.", (1 / 6,)),
        Step("Its surprisal is −log2(1/6) = log2 6 = {} bits: between 2 bits (4 outcomes) and 3 bits (8 outcomes).",
             (measures.surprisal(1 / 6),)),
    ]


def _solution_01_2() -> list[Step]:
    return [
        Step("The surprisal of p = 1/1000 is −log2 0.001 = log2 1000 = {} bits.", (measures.surprisal(1 / 1000),)),
        Step("A check: 2^10 = {} outcomes would carry exactly 10 bits, and 1000 is a little fewer.", (2**10,)),
    ]


def _solution_01_3() -> list[Step]:
    p = 0.3  # any probability for A gives the same difference
    now, rarer = measures.surprisal(p, base=math.e), measures.surprisal(p / 50, base=math.e)
    return [
        Step("Take any probability for A, say p = 0.3: I(A) = −ln 0.3 = {} nats.", (now,)),
        Step("B has probability p/50 = {}: I(B) = −ln(p/50) = {} nats.", (p / 50, rarer)),
        Step("The difference, I(B) − I(A) = {} nats, is ln 50 = {} nats: −ln(p/50) = −ln p + ln 50 for every p.",
             (rarer - now, math.log(50))),
    ]


def _solution_02_1() -> list[Step]:
    each = measures.surprisal(1 / 20)
    return [
        Step("Each of the 20 faces has probability 1/20 and surprisal −log2(1/20) = log2 20 = {} bits.", (each,)),
        Step("The entropy averages twenty equal surprisals, so it is that same {} bits.",
             (measures.entropy([1 / 20] * 20),)),
    ]


def _solution_02_2() -> list[Step]:
    p = [0.5, 0.25, 0.25]
    s = measures.surprisal(p)
    return [
        Step("The surprisals −log2 p of the three outcomes: {}, {} and {} bits.", tuple(s)),
        Step("Weighted by their probabilities: 0.5 × {} + 0.25 × {} + 0.25 × {} = {} bits.",
             (*s, measures.entropy(p))),
    ]


def _solution_02_3() -> list[Step]:
    return [
        Step("H(0.9/0.1) = −0.9 log2 0.9 − 0.1 log2 0.1 = {} bits.", (measures.entropy([0.9, 0.1]),)),
        Step("H(0.6/0.4) = −0.6 log2 0.6 − 0.4 log2 0.4 = {} bits.", (measures.entropy([0.6, 0.4]),)),
        Step("The coin nearer to fair has more: the binary entropy curve peaks at {} bit for 0.5/0.5.",
             (measures.entropy([0.5, 0.5]),)),
    ]


def _mixture_03() -> list[float]:
    """Notebook 03's halfway mixture M = (P + Q) / 2 of the colours."""
    return [(p + q) / 2 for p, q in zip(_COLOURS_P, _COLOURS_Q)]


def _solution_03_1() -> list[Step]:
    mixture = _mixture_03()
    terms = measures.kl_terms(mixture, _COLOURS_P)
    return [
        Step("The halfway mixture M = (P + Q)/2 = ({}, {}, {}).", tuple(mixture)),
        Step("KL(M ‖ P) = Σ M(x) log2(M(x)/P(x)), colour by colour: red {}, green {}, blue {} bits.", tuple(terms)),
        Step("Their sum: KL(M ‖ P) = {} bits.", (measures.kl_divergence(mixture, _COLOURS_P),)),
        Step("The other way round, KL(P ‖ M) = {} bits: not the same, because KL divergence is not symmetric.",
             (measures.kl_divergence(_COLOURS_P, mixture),)),
    ]


def _solution_03_2() -> list[Step]:
    terms = measures.cross_entropy_terms(_COLOURS_P, _COLOURS_Q, base=math.e)
    bits = measures.cross_entropy(_COLOURS_P, _COLOURS_Q)
    return [
        Step("H(P, Q) = −Σ P(x) ln Q(x), colour by colour: −0.10 ln 0.80 = {}, −0.40 ln 0.15 = {}, "
             "−0.50 ln 0.05 = {} nats.", tuple(terms)),
        Step("Their sum: {} nats.", (float(terms.sum()),)),
        Step("The same amount from the bits: {} bits × ln 2 = {} × {} = {} nats.",
             (bits, bits, math.log(2), bits * math.log(2))),
    ]


def _solution_03_3() -> list[Step]:
    terms = measures.cross_entropy_terms(_COLOURS_Q, _COLOURS_P)
    return [
        Step("In H(Q, P) the balls come as Q says and are priced with P's code: red comes with probability "
             "Q(red) = 0.80 and costs −log2 P(red) = −log2 0.10 = {} bits.", (measures.surprisal(0.10),)),
        Step("Red's term: 0.80 × {} = {} bits per ball.", (measures.surprisal(0.10), terms[0])),
        Step("All three terms of H(Q, P): red {}, green {}, blue {} bits, together {} bits. One colour carries "
             "almost all of it; in H(P, Q) two common colours, green and blue, are both underrated by Q, "
             "which is why H(P, Q) = {} bits is the larger.",
             (*terms, float(terms.sum()), measures.cross_entropy(_COLOURS_P, _COLOURS_Q))),
    ]


def _solution_04_1() -> list[Step]:
    return [
        Step("With y = 1 only the probability given to class 1 counts: q = ŷ = 0.3."),
        Step("The loss is −ln 0.3 = {} nats (in bits it would be −log2 0.3 = {}).",
             (measures.binary_cross_entropy(1, 0.3), measures.surprisal(0.3))),
    ]


def _solution_04_2() -> list[Step]:
    each = measures.binary_cross_entropy(1, 0.5)
    return [
        Step("A positive example gets q = ŷ = 0.5 for its class, a negative one q = 1 − ŷ = 0.5: every example's "
             "loss is −ln 0.5 = {} nats.", (each,)),
        Step("The mean of ten equal losses is that same loss, {} nats = ln 2: the same amount as 1 bit.",
             (measures.log_loss([1] * 5 + [0] * 5, [0.5] * 10),)),
    ]


def _solution_04_3() -> list[Step]:
    return [
        Step("The loss H(P, Q) = H(P) + KL(P ‖ Q) is smallest where KL(P ‖ Q) = 0, at ŷ = y = 0.9."),
        Step("There it is the entropy of (0.9, 0.1) in nats: −0.9 ln 0.9 − 0.1 ln 0.1 = {} + {} = {} nats.",
             (*measures.cross_entropy_terms([0.9, 0.1], [0.9, 0.1], base=math.e),
              measures.binary_cross_entropy(0.9, 0.9))),
        Step("Any other ŷ adds its KL divergence on top: ŷ = 0.99, for one, costs {} nats.",
             (measures.binary_cross_entropy(0.9, 0.99),)),
    ]


def _solution_05_1() -> list[Step]:
    logits = [1.0, 3.0, 0.0]
    total = sum(math.exp(z) for z in logits)
    return [
        Step("The log-sum-exp of the logits: ln(e^1 + e^3 + e^0) = ln {} = {}.", (total, math.log(total))),
        Step("Minus the true class's logit, 1: {} − 1 = {} nats.",
             (math.log(total), measures.cross_entropy_from_logits(0, logits))),
        Step("The same from the probability: softmax gives class 0 the probability {}, and −ln {} = {} nats.",
             (measures.softmax(logits)[0], measures.softmax(logits)[0], -math.log(measures.softmax(logits)[0]))),
    ]


def _solution_05_2() -> list[Step]:
    target = [0.9 + 0.1 / 10] + [0.1 / 10] * 9
    return [
        Step("The smoothed target puts 0.9 + 0.1/10 = {} on the true class and 0.1/10 = {} on each of the nine "
             "others.", (target[0], target[1])),
        Step("The best a model can do is to predict that target exactly; its loss is then the target's entropy: "
             "−{} ln {} − 9 × {} ln {} = {} nats.",
             (target[0], target[0], target[1], target[1], measures.entropy(target, base=math.e))),
    ]


def _solution_05_3() -> list[Step]:
    from .training import logit_gradient, sigmoid

    z, y = 3.0, 0
    s = float(sigmoid(z))
    ce, se = logit_gradient(z, y), logit_gradient(z, y, loss="squared_error")
    return [
        Step("The prediction: ŷ = σ(3) = {}, confidently wrong for a negative example.", (s,)),
        Step("Cross-entropy: ∂ℓ/∂z = σ(z) − y = {} − 0 = {} per unit of z.", (s, ce)),
        Step("Squared error: ∂ℓ/∂z = 2 (σ(z) − y) σ(z) (1 − σ(z)) = 2 × {} × {} × {} = {} per unit of z.",
             (s, s, 1 - s, se)),
        Step("The ratio {} / {} = {} is 1 / (2 σ(z)(1 − σ(z))): the sigmoid's slope, small for a confident "
             "prediction, shrinks the squared error's pull.", (ce, se, ce / se)),
    ]


def _solution_06_1() -> list[Step]:
    scaled = [v / 3 for v in (4.0, 1.0, 0.0)]
    weights = [math.exp(v) for v in scaled]
    return [
        Step("Divide the logits by T = 3: {}, {}, {}.", tuple(scaled)),
        Step("Their exponentials: {}, {}, {}; their sum: {}.", (*weights, sum(weights))),
        Step("The top class's share: {} / {} = {}.",
             (weights[0], sum(weights), float(measures.softmax([4.0, 1.0, 0.0], temperature=3.0)[0]))),
    ]


def _solution_06_2() -> list[Step]:
    soft = measures.softmax([4.0, 1.0, 0.0], temperature=3.0)
    student = measures.softmax([1.0, 1.0, 1.0], temperature=3.0)
    return [
        Step("H(p_T, q_T) = H(p_T) + KL(p_T ‖ q_T), so the gap is H(p_T), whatever the student's logits."),
        Step("The soft targets p_T = softmax([4, 1, 0] / 3) = ({}, {}, {}).", tuple(soft)),
        Step("Their entropy, −Σ p ln p = {} nats.", (measures.entropy(soft, base=math.e),)),
        Step("A check with this student: H(p_T, q_T) = {} nats, KL = {} nats, difference {} nats.",
             (measures.cross_entropy(soft, student, base=math.e), measures.kl_divergence(soft, student, base=math.e),
              measures.cross_entropy(soft, student, base=math.e) - measures.kl_divergence(soft, student, base=math.e))),
    ]


def _solution_06_3() -> list[Step]:
    hard, soft = _gradient_sizes_06(12.0)
    return [
        Step("The hard term's gradient softmax(z) − y has size {} nats per unit of logit, at every T.", (hard,)),
        Step("The soft term's gradient at T = 12, soft_target_gradient(student, teacher, temperature=12), has "
             "size {}.", (soft,)),
        Step("With α = 0.5 both terms get the same weight, so the ratio is {} / {} = {}.", (hard, soft, hard / soft)),
        Step("With the factor T² = {} the soft gradient would be {} instead, and the ratio {}: T² puts the two "
             "back on the same scale.", (12.0**2, 12.0**2 * soft, hard / (12.0**2 * soft))),
    ]


def _solution_07_1() -> list[Step]:
    sigma = 0.05
    inside = 2 * math.pi * math.e * sigma**2
    return [
        Step("h = ½ log2(2πeσ²) with σ² = {}: 2πeσ² = {}.", (sigma**2, inside)),
        Step("½ log2 {} = {} bits: negative, because this density rises to {} at its peak, far above 1.",
             (inside, measures.differential_entropy_normal(sigma, base=2), 1 / (sigma * math.sqrt(2 * math.pi)))),
    ]


def _solution_07_2() -> list[Step]:
    sigma, width = 3.0, 0.01
    h = measures.differential_entropy_normal(sigma, base=2)
    return [
        Step("The differential entropy h = ½ log2(2πeσ²) = ½ log2(2πe × 9) = {} bits.", (h,)),
        Step("Bins of width Δ = 0.01 add −log2 Δ = {} bits.", (-math.log2(width),)),
        Step("H_Δ ≈ h − log2 Δ = {} bits; the exact sum over the bins gives {} bits.",
             (h - math.log2(width), measures.entropy(measures.binned_normal(sigma, width), base=2))),
    ]


def _solution_07_3() -> list[Step]:
    sigma, mse = 0.5, 0.3
    return [
        Step("One point's NLL under N(ŷ, σ²) is (y − ŷ)²/(2σ²) + ½ ln(2πσ²); averaged, (y − ŷ)² becomes the MSE."),
        Step("MSE/(2σ²) = 0.3 / (2 × {}) = {} nats.", (sigma**2, mse / (2 * sigma**2))),
        Step("½ ln(2πσ²) = ½ ln {} = {} nats.", (2 * math.pi * sigma**2, 0.5 * math.log(2 * math.pi * sigma**2))),
        Step("Together: {} nats.", (measures.gaussian_nll(0.0, math.sqrt(mse), sigma=sigma),)),
    ]


def _code_steps(built_for, used_on, names) -> list[Step]:
    """The steps of a Huffman code built for one distribution and used on another (exercises 08.x)."""
    code = coding.huffman_code(list(built_for))
    lengths = [len(code[k]) for k in range(len(built_for))]
    words = ", ".join(f"{name} {{}}" for name in names)
    weighted = " + ".join(f"{p:g} × {{}}" for p in used_on)
    return [
        Step(f"Huffman's code for ({', '.join(f'{p:g}' for p in built_for)}): {words}.",
             tuple(code[k] for k in range(len(built_for)))),
        Step(f"Weight each codeword's length by how often it is used: {weighted} = {{}} bits per symbol.",
             (*lengths, coding.average_code_length(list(used_on), code))),
    ]


def _solution_08_1() -> list[Step]:
    return _code_steps(_COLOURS_Q, _COLOURS_Q, ("red", "green", "blue")) + [
        Step("It lies between H(Q) = {} bits and H(Q) + 1, as a code of whole-bit lengths must.",
             (measures.entropy(_COLOURS_Q),)),
    ]


def _solution_08_2() -> list[Step]:
    p = (0.5, 0.25, 0.125, 0.125)
    return _code_steps(p, p, ("a", "b", "c", "d")) + [
        Step("Every length equals −log2 p, so the average equals the entropy, {} bits.", (measures.entropy(p),)),
    ]


def _solution_08_3() -> list[Step]:
    return _code_steps(_COLOURS_P, _COLOURS_Q, ("red", "green", "blue")) + [
        Step("Q's own code would need {} bits per symbol: the rest is the price of the wrong code.",
             (coding.average_code_length(list(_COLOURS_Q), coding.huffman_code(list(_COLOURS_Q))),)),
    ]


def _solution_09_1() -> list[Step]:
    p = [0.7, 0.2, 0.1]
    return [
        Step("H(P, Q) = H(P) + KL(P ‖ Q) is smallest at Q = P, where KL = 0."),
        Step("There it is H(P) = −Σ P log2 P, with terms {}, {}, {} bits.", tuple(measures.cross_entropy_terms(p, p))),
        Step("Their sum: {} bits, not 0.", (measures.entropy(p),)),
    ]


def _solution_09_2() -> list[Step]:
    return [
        Step("KL(N(μ1, σ1²) ‖ N(μ2, σ2²)) = ln(σ2/σ1) + (σ1² + (μ1 − μ2)²)/(2σ2²) − ½, here with μ1 = 1, σ1 = 2, "
             "μ2 = 0, σ2 = 1."),
        Step("ln(1/2) = {}; (4 + 1)/2 = {}; minus ½.", (math.log(1 / 2), (4 + 1) / 2)),
        Step("Together: {} nats.", (measures.kl_divergence_normal(1.0, 2.0, 0.0, 1.0),)),
    ]


def _colours_with_coin_09(q_heads: float) -> tuple[np.ndarray, np.ndarray]:
    """Claim 2's six events (colour, coin): P with a fair coin, Q with a coin that lands heads ``q_heads`` of the time."""
    return (np.outer(_COLOURS_P, [0.5, 0.5]).ravel(),
            np.outer(_COLOURS_Q, [q_heads, 1 - q_heads]).ravel())


def _kl_growth_09_3() -> float:
    """How many bits KL(P‖Q) gains when claim 2's coin is added and Q believes it lands heads 80 % of the time."""
    p_coin, q_coin = _colours_with_coin_09(0.8)
    return measures.kl_divergence(p_coin, q_coin) - measures.kl_divergence(_COLOURS_P, _COLOURS_Q)


def _solution_09_3() -> list[Step]:
    p_coin, q_coin = _colours_with_coin_09(0.8)
    with_coin, without = measures.kl_divergence(p_coin, q_coin), measures.kl_divergence(_COLOURS_P, _COLOURS_Q)
    heads, tails = 0.5 * math.log2(0.5 / 0.8), 0.5 * math.log2(0.5 / 0.2)
    return [
        Step("Six events (colour, coin): P(x, c) = P(x) × 0.5 and Q(x, c) = Q(x) × Q(c), with Q(heads) = 0.8 and "
             "Q(tails) = 0.2, built as in claim 2 with np.outer."),
        Step("KL(P‖Q) over the six events is {} bits; over the colours alone it is {} bits.", (with_coin, without)),
        Step("The difference: {} bits.", (with_coin - without,)),
        Step("Why: each log splits, log2 [P(x) 0.5 / (Q(x) Q(c))] = log2 [P(x)/Q(x)] + log2 [0.5/Q(c)], so the KL of "
             "independent parts adds. The colours' waste is unchanged and the coin adds its own "
             "KL([0.5, 0.5] ‖ [0.8, 0.2]) = 0.5 log2(0.5/0.8) + 0.5 log2(0.5/0.2) = {} + {} = {} bits.",
             (heads, tails, measures.kl_divergence([0.5, 0.5], [0.8, 0.2]))),
        Step("H(P, Q) grows by the coin's 1 bit of information plus that waste: {} bits.",
             (measures.cross_entropy(p_coin, q_coin) - measures.cross_entropy(_COLOURS_P, _COLOURS_Q),)),
    ]


def _solution_10_1() -> list[Step]:
    costs = measures.surprisal(list(_COLOURS_Q))
    mean = measures.cross_entropy(_COLOURS_P, _COLOURS_Q)
    variance = float(np.dot(_COLOURS_P, (costs - mean) ** 2))
    return [
        Step("Each draw costs −log2 Q(x): red {}, green {}, blue {} bits.", tuple(costs)),
        Step("Their mean under P is H(P, Q) = {} bits; their variance σ² = Σ P(x)(−log2 Q(x) − H(P, Q))² = {} bits².",
             (mean, variance)),
        Step("σ/√N = 0.01 needs N = σ²/0.01² = {}; the smallest whole N is {} draws.",
             (variance / 0.01**2, math.ceil(variance / 0.01**2))),
    ]


def _solution_10_2() -> list[Step]:
    costs = measures.surprisal(list(_COLOURS_Q))
    return [
        Step("Each colour's cost −log2 Q(x): red {}, green {}, blue {} bits.", tuple(costs)),
        Step("The six draws are 1 red, 2 green and 3 blue: (1 × {} + 2 × {} + 3 × {}) / 6 = {} bits.",
             (*costs, measures.average_surprisal([0, 1, 2, 2, 1, 2], list(_COLOURS_Q)))),
    ]


def _solution_10_3() -> list[Step]:
    samples = sampling.draw(list(_COLOURS_P), 2000, 7)
    counts = np.bincount(samples, minlength=3)
    costs = -np.log(_COLOURS_Q)
    return [
        Step("The 2,000 draws, sampling.draw(P, 2000, seed=7), hold red {}, green {} and blue {} times.",
             tuple(int(c) for c in counts)),
        Step("Each colour costs −ln Q(x): {}, {} and {} nats.", tuple(costs)),
        Step("The average cost: ({} × {} + {} × {} + {} × {}) / 2000 = {} nats.",
             (*(v for pair in zip(counts, costs) for v in pair),
              sampling.sample_cross_entropy(samples, list(_COLOURS_Q), base=math.e))),
    ]


def _solution_13_1() -> list[Step]:
    return [
        Step("The loss is in bits, so the perplexity is 2^H: 2^0.6 = {} classes.",
             (_calibration().perplexity(0.6, base=2),)),
        Step("(e^0.6 = {} would read the 0.6 bits as nats.)", (math.exp(0.6),)),
    ]


def _solution_13_2() -> list[Step]:
    scaled = [v / 2 for v in (3.0, 1.0, 0.0)]
    lse = math.log(sum(math.exp(v) for v in scaled))
    return [
        Step("Divide the logits by T = 2: {}, {}, {}.", tuple(scaled)),
        Step("log-sum-exp: ln(e^{} + e^{} + e^{}) = {}; minus the true class's {}: {} nats.",
             (*scaled, lse, scaled[0], lse - scaled[0])),
        Step("In bits: {} / ln 2 = {} bits.",
             (lse - scaled[0], _calibration().log_loss_at_temperature([0], [[3.0, 1.0, 0.0]], 2.0, base=2))),
    ]


def _solution_13_3() -> list[Step]:
    low, high = 40 / 50, 147 / 150
    return [
        Step("Bin of confidence 0.9: accuracy 40/50 = {}, gap |{} − 0.9| = {}, 50 of the 200 predictions.",
             (low, low, abs(low - 0.9))),
        Step("Bin of confidence 0.99: accuracy 147/150 = {}, gap |{} − 0.99| = {}, 150 of the 200.",
             (high, high, abs(high - 0.99))),
        Step("Weighted by the bins' shares: 0.25 × {} + 0.75 × {} = {}.",
             (abs(low - 0.9), abs(high - 0.99), _calibration_error_of_two_bins())),
    ]


#: Every exercise in the collection, by id.
EXERCISES: dict[str, Exercise] = {
    "demo.1": Exercise(
        question="Entropy of a fair coin, in bits?",
        answer=lambda: measures.entropy([0.5, 0.5]),
        hint="two equally likely outcomes; log2 of 2",
        unit="bit",
        solution=_solution_demo_1,
    ),
    # 01 surprise
    "01.1": Exercise(
        question="You roll a fair six-sided die and it shows a six. How much information is that, in bits?",
        answer=lambda: measures.surprisal(1 / 6),
        hint="a six has probability 1/6; its surprisal is -log2(1/6) = log2 6, between 2 and 3 bits",
        unit="bits",
        solution=_solution_01_1,
    ),
    "01.2": Exercise(
        question="How many bits of information does an event with a 1-in-1000 chance carry when it happens?",
        answer=lambda: measures.surprisal(1 / 1000),
        hint="-log2(0.001); since 2**10 = 1024 is close to 1000, expect a little under 10 bits",
        unit="bits",
        solution=_solution_01_2,
    ),
    "01.3": Exercise(
        question="Event B is 50 times rarer than event A. How many more nats of information does B carry than A?",
        answer=lambda: measures.surprisal(0.3 / 50, base=math.e) - measures.surprisal(0.3, base=math.e),
        hint="dividing p by 50 adds -ln(1/50) = ln 50 nats, whatever p was: "
        "the 2.303 nats of a factor 10 plus those of a factor 5",
        unit="nats",
        solution=_solution_01_3,
    ),
    # 02 entropy
    "02.1": Exercise(
        question="What is the entropy of a fair twenty-sided die, in bits?",
        answer=lambda: measures.entropy([1 / 20] * 20),
        hint="twenty equally likely faces: every one has surprisal log2 20 bits, so their average is log2 20 too",
        unit="bits",
        solution=_solution_02_1,
    ),
    "02.2": Exercise(
        question="What is the entropy of the distribution [0.5, 0.25, 0.25], in bits?",
        answer=lambda: measures.entropy([0.5, 0.25, 0.25]),
        hint="the surprisals are 1, 2 and 2 bits; weight each by its probability and add",
        unit="bits",
        solution=_solution_02_2,
    ),
    "02.3": Exercise(
        question='Which coin has more entropy: "0.9/0.1" or "0.6/0.4"?',
        answer=lambda: "0.9/0.1" if measures.entropy([0.9, 0.1]) > measures.entropy([0.6, 0.4]) else "0.6/0.4",
        hint='answer with the string "0.9/0.1" or "0.6/0.4"; on the binary entropy curve, '
        "which one is closer to the fair coin at the top?",
        solution=_solution_02_3,
    ),
    # 03 cross-entropy and KL
    "03.1": Exercise(
        question=(
            "For the colours, P = [0.10, 0.40, 0.50], and the halfway mixture M = (P + Q)/2 = [0.45, 0.275, 0.275]: "
            "what is KL(M ‖ P), in bits? Is it the same as KL(P ‖ M)?"
        ),
        answer=lambda: measures.kl_divergence(_mixture_03(), _COLOURS_P),
        hint="M comes first: sum M(x) log2(M(x)/P(x)), or H(M, P) - H(M); then compute KL(P ‖ M) too and compare",
        unit="bits",
        solution=_solution_03_1,
    ),
    "03.2": Exercise(
        question="The same H(P, Q), in nats instead of bits?",
        answer=lambda: measures.cross_entropy([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], base=math.e),
        hint="use the natural logarithm (base=math.e), or multiply the bits by ln 2 = 0.693",
        unit="nats",
        solution=_solution_03_2,
    ),
    "03.3": Exercise(
        question=(
            "H(Q, P) prices balls that come as Q says with P's code. How many of its bits per ball come from "
            "red, the term -Q(red) log2 P(red)?"
        ),
        answer=lambda: float(measures.cross_entropy_terms(_COLOURS_Q, _COLOURS_P)[0]),
        hint="Q produces red 80 % of the time, and P's code, which expects red only 10 % of the time, "
        "spends -log2 0.10 bits on it; bn.measures.cross_entropy_terms(Q, P) lists every colour's term",
        unit="bits",
        solution=_solution_03_3,
    ),
    # 04 cross-entropy as a loss
    "04.1": Exercise(
        question="A model gives ŷ = 0.3 to an example whose label is y = 1. What is its loss, in nats?",
        answer=lambda: measures.binary_cross_entropy(1, 0.3),
        hint="only the probability given to the true class counts: -ln of it",
        unit="nats",
        solution=_solution_04_1,
    ),
    "04.2": Exercise(
        question="A lazy model predicts ŷ = 0.5 for all ten examples. What is its mean log loss, in nats?",
        answer=lambda: measures.log_loss([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0.5] * 10),
        hint="every example, positive or negative, gets probability 0.5 for its true class",
        unit="nats",
        solution=_solution_04_2,
    ),
    "04.3": Exercise(
        question="With a soft label y = 0.9, what is the smallest loss any prediction ŷ can reach, in nats?",
        answer=lambda: measures.binary_cross_entropy(0.9, 0.9),
        hint="the best prediction is ŷ = y, and the loss there is the entropy of (0.9, 0.1) in nats, not 0",
        unit="nats",
        solution=_solution_04_3,
    ),
    # 05 many classes
    "05.1": Exercise(
        question="Logits [1.0, 3.0, 0.0], true class 0. What is the cross-entropy loss, in nats?",
        answer=lambda: measures.cross_entropy_from_logits(0, [1.0, 3.0, 0.0]),
        hint="log-sum-exp of the logits minus the logit of the true class",
        unit="nats",
        solution=_solution_05_1,
    ),
    "05.2": Exercise(
        question="Ten classes, label smoothing with alpha = 0.1. What is the smallest loss any model can reach, in nats?",
        answer=lambda: measures.entropy([0.9 + 0.1 / 10] + [0.1 / 10] * 9, base=math.e),
        hint="the target puts 0.9 + 0.1/10 on the true class and 0.1/10 on each other; the minimum is its entropy",
        unit="nats",
        solution=_solution_05_2,
    ),
    "05.3": Exercise(
        question=(
            "A negative example (y = 0) has logit z = +3: the model is confidently wrong. How many times larger "
            "is the gradient of cross-entropy with respect to z than that of the squared error?"
        ),
        answer=lambda: _gradient_ratio(3.0, 0),
        hint="divide sigma(z) - 0 by 2 (sigma(z) - 0) sigma(z) (1 - sigma(z)); most of it cancels",
        unit="times",
        solution=_solution_05_3,
    ),
    # 06 distillation
    "06.1": Exercise(
        question="A teacher gives the logits [4.0, 1.0, 0.0]. At temperature T = 3, what probability do its soft targets give the top class?",
        answer=lambda: float(measures.softmax([4.0, 1.0, 0.0], temperature=3.0)[0]),
        hint="divide every logit by 3 first, then take the softmax: e^(4/3) / (e^(4/3) + e^(1/3) + e^0)",
        solution=_solution_06_1,
    ),
    "06.2": Exercise(
        question=(
            "Same teacher, T = 3, and a student with logits [1.0, 1.0, 1.0]. By how many nats does the "
            "cross-entropy H(p_T, q_T) exceed KL(p_T ‖ q_T)?"
        ),
        answer=lambda: measures.entropy(measures.softmax([4.0, 1.0, 0.0], temperature=3.0), base=math.e),
        hint="H(P, Q) = H(P) + KL(P ‖ Q), so the gap is the entropy of the teacher's soft targets, whatever the student says",
        unit="nats",
        solution=_solution_06_2,
    ),
    "06.3": Exercise(
        question=(
            "This notebook's teacher and student, alpha = 0.5 and T = 12, but WITHOUT the factor T². "
            "How many times larger is the size (norm) of the hard term's gradient than that of the soft term's?"
        ),
        answer=lambda: _hard_to_soft_06(12.0),
        hint="divide the norm of softmax(z) − y by that of soft_target_gradient(z, v, temperature=12); "
        "the soft one shrinks roughly like 1/T², so expect a large number",
        unit="times",
        rel_tol=2e-3,
        solution=_solution_06_3,
    ),
    # 07 continuous
    "07.1": Exercise(
        question="What is the differential entropy of a normal distribution with σ = 0.05, in bits?",
        answer=lambda: measures.differential_entropy_normal(0.05, base=2),
        hint="½ log2(2πeσ²); a density this narrow rises far above 1, so expect a negative number",
        unit="bits",
        solution=_solution_07_1,
    ),
    "07.2": Exercise(
        question="A normal distribution with σ = 3 is cut into bins of width Δ = 0.01. What is the entropy of the bins, in bits?",
        answer=lambda: measures.entropy(measures.binned_normal(3.0, 0.01), base=2),
        hint="for small bins H_Δ ≈ h − log2 Δ, with h = ½ log2(2πeσ²) in bits",
        unit="bits",
        solution=_solution_07_2,
    ),
    "07.3": Exercise(
        question=(
            "A regression model assumes Gaussian noise with a fixed σ = 0.5 and reaches a mean squared error "
            "of 0.3. What is its mean negative log-likelihood, in nats?"
        ),
        answer=lambda: measures.gaussian_nll(0.0, math.sqrt(0.3), sigma=0.5),
        hint="mean NLL = MSE / (2σ²) + ½ ln(2πσ²)",
        unit="nats",
        solution=_solution_07_3,
    ),
    # 08 code lengths
    "08.1": Exercise(
        question="Q's own Huffman code, used on data from Q itself: how many bits per symbol on average?",
        answer=lambda: coding.average_code_length([0.80, 0.15, 0.05], coding.huffman_code([0.80, 0.15, 0.05])),
        hint="weight the length of each of Q's codewords by how often Q produces that colour; "
        "it lands between H(Q) = 0.884 bits and H(Q) + 1",
        unit="bits per symbol",
        solution=_solution_08_1,
    ),
    "08.2": Exercise(
        question="Four symbols with probabilities 1/2, 1/4, 1/8, 1/8: the average length of their Huffman code, in bits per symbol?",
        answer=lambda: coding.average_code_length([0.5, 0.25, 0.125, 0.125], coding.huffman_code([0.5, 0.25, 0.125, 0.125])),
        hint="every probability is a power of 1/2, so each ideal length -log2 p is already a whole number "
        "and the code can use it exactly; weight those lengths by the probabilities",
        unit="bits per symbol",
        solution=_solution_08_2,
    ),
    "08.3": Exercise(
        question="Data from Q encoded with the Huffman code built for P (red 10, green 11, blue 0): bits per symbol on average?",
        answer=lambda: coding.average_code_length([0.80, 0.15, 0.05], coding.huffman_code([0.10, 0.40, 0.50])),
        hint="Q mostly produces red, which P's code spends 2 bits on; weight P's codeword lengths by Q's probabilities",
        unit="bits per symbol",
        solution=_solution_08_3,
    ),
    # 09 misconceptions
    "09.1": Exercise(
        question="A soft label P = [0.7, 0.2, 0.1]. What is the smallest cross-entropy H(P, Q) any model Q can reach, in bits?",
        answer=lambda: measures.entropy([0.7, 0.2, 0.1]),
        hint="the best model is Q = P, and then the cross-entropy is not 0 but the entropy H(P)",
        unit="bits",
        solution=_solution_09_1,
    ),
    "09.2": Exercise(
        question="KL(N(1, 2²) ‖ N(0, 1²)), the reverse of the notebook's KL(N(0, 1²) ‖ N(1, 2²)), in nats?",
        answer=lambda: measures.kl_divergence_normal(1.0, 2.0, 0.0, 1.0),
        hint="bn.measures.kl_divergence_normal(mu1, sigma1, mu2, sigma2) with P = N(1, 2²) first; "
        "the answer is not 0.443 nats",
        unit="nats",
        solution=_solution_09_2,
    ),
    "09.3": Exercise(
        question=(
            "Claim 2 again, but Q now gets the coin wrong: it believes heads comes up 80 % of the time (still "
            "independently of the colour), while under P the coin stays fair. By how many bits does KL(P ‖ Q) over "
            "the six events exceed the KL(P ‖ Q) of the colours alone?"
        ),
        answer=_kl_growth_09_3,
        hint="build the six events as claim 2 does, with np.outer(Q, [0.8, 0.2]).ravel() for Q, and subtract "
        "bn.kl_divergence(P, Q); the colours' waste is unchanged, so what is left is the coin's own "
        "KL([0.5, 0.5] ‖ [0.8, 0.2]), in bits",
        unit="bits",
        solution=_solution_09_3,
    ),
}

# The exercises of notebooks 10 to 13, one block each, so that each notebook's questions stay together.
# --- 10 · Sampling ---
EXERCISES.update({
    "10.1": Exercise(
        question=(
            "Draws of P = (0.10, 0.40, 0.50) are scored by Q = (0.80, 0.15, 0.05): one term −log₂ Q(x) has a "
            "standard deviation σ. How many draws N make the standard error σ/√N of the H(P, Q) estimate "
            "0.01 bits (the smallest whole N that reaches it)?"
        ),
        answer=lambda: math.ceil(float(np.dot([0.10, 0.40, 0.50], (measures.surprisal([0.80, 0.15, 0.05])
                                                                    - measures.cross_entropy([0.10, 0.40, 0.50],
                                                                                             [0.80, 0.15, 0.05]))
                                               ** 2)) / 0.01**2),
        hint="σ² = Σ P(x) (−log₂ Q(x) − H(P, Q))², and σ/√N = 0.01 gives N = σ² / 0.01²; round up",
        unit="draws",
        rel_tol=2e-3,
        abs_tol=0.5,
        solution=_solution_10_1,
    ),
    "10.2": Exercise(
        question=(
            "Six draws came out red, green, blue, blue, green, blue. Scored by Q = (0.80, 0.15, 0.05), what is "
            "this sample's estimate of H(P, Q), in bits?"
        ),
        answer=lambda: measures.average_surprisal([0, 1, 2, 2, 1, 2], [0.80, 0.15, 0.05]),
        hint="average −log₂ Q(x) over the six draws: two of them cost −log₂ 0.15, three −log₂ 0.05, one −log₂ 0.8",
        unit="bits",
        solution=_solution_10_2,
    ),
    "10.3": Exercise(
        question=(
            "The model Q = (0.80, 0.15, 0.05) is scored on 2,000 held-out draws of P = (0.10, 0.40, 0.50), "
            "bitsandnats.sampling.draw(P, 2000, seed=7). What is its log loss on them, in nats?"
        ),
        answer=lambda: sampling.sample_cross_entropy(
            sampling.draw([0.10, 0.40, 0.50], 2000, 7),
            [0.80, 0.15, 0.05], base=math.e),
        hint="the log loss is the average of −ln Q(x) over the draws: sample_cross_entropy(samples, Q, base=math.e), "
        "not base 2",
        unit="nats",
        solution=_solution_10_3,
    ),
})
# --- 11 · Forward and reverse KL ---


def _solution_11_1() -> list[Step]:
    p = fitting.NormalMixture([0.4, 0.6], [-1.0, 2.0], [0.5, 0.5])
    mean = 0.4 * -1.0 + 0.6 * 2.0
    return [
        Step("Forward KL is minimised by matching P's mean and variance. Mean: 0.4 × (−1) + 0.6 × 2 = {}.", (mean,)),
        Step("Variance: the peaks' own σ² = {} plus the spread of their means, 0.4 × 0.6 × (2 − (−1))² = {}.",
             (0.25, 0.4 * 0.6 * 9)),
        Step("σ = √({} + {}) = {}.", (0.25, 0.4 * 0.6 * 9, fitting.fit_forward(p).sigma)),
    ]


def _solution_11_2() -> list[Step]:
    best = fitting.fit_reverse(fitting.NormalMixture([0.2, 0.8], [-4.0, 4.0], [1.0, 1.0]))
    return [
        Step("Reverse KL puts Q on one peak; the heavier one, weight 0.8, costs least: μ = {}, σ = {}.",
             (best.mu, best.sigma)),
        Step("Where Q has its mass, P is about 0.8 × Q, so ln(q/p) ≈ −ln 0.8 = {} nats.", (-math.log(0.8),)),
        Step("The search over μ and σ gives KL(Q ‖ P) = {} nats, {} nats from that estimate.",
             (best.divergence, abs(best.divergence + math.log(0.8)))),
    ]


def _solution_11_3() -> list[Step]:
    p = fitting.NormalMixture([0.3, 0.7], [-3.0, 3.0], [1.0, 1.0])
    forward, reverse = fitting.fit_forward(p), fitting.fit_reverse(p)
    return [
        Step("Maximum likelihood minimises the average −ln q over the draws, which estimates "
             "H(P, Q) = h(P) + KL(P ‖ Q): the forward direction.", ()),
        Step("So it matches P's moments: the forward fit is μ = {}, σ = {}; the reverse fit sits on a peak, "
             "μ = {}, σ = {}.", (forward.mu, forward.sigma, reverse.mu, reverse.sigma)),
    ]




def _maximum_likelihood_direction() -> str:
    """Which fit a normal fitted by maximum likelihood to 100,000 draws from 11.3's P lands on (seeded)."""
    p = fitting.NormalMixture([0.3, 0.7], [-3.0, 3.0], [1.0, 1.0])
    rng = np.random.default_rng(11)
    peaks = rng.random(100_000) < p.weights[0]
    draws = np.where(peaks, rng.normal(p.means[0], 1.0, peaks.size), rng.normal(p.means[1], 1.0, peaks.size))
    found = np.array([draws.mean(), draws.std()])  # the maximum-likelihood normal
    forward, reverse = fitting.fit_forward(p), fitting.fit_reverse(p)
    distances = {name: float(np.hypot(*(found - [fit.mu, fit.sigma]))) for name, fit in
                 (("forward", forward), ("reverse", reverse))}
    return min(distances, key=distances.get)


EXERCISES.update({
    "11.1": Exercise(
        question=("P = 0.4 N(−1, 0.5²) + 0.6 N(2, 0.5²). The normal Q that minimises KL(P ‖ Q): what is its "
                  "standard deviation σ?"),
        answer=lambda: fitting.fit_forward(fitting.NormalMixture([0.4, 0.6], [-1.0, 2.0], [0.5, 0.5])).sigma,
        hint="forward KL is minimised by moment matching: σ² is P's variance, the peaks' own σ² plus the spread "
        "of their means about P's mean",
        solution=_solution_11_1,
    ),
    "11.2": Exercise(
        question=("P = 0.2 N(−4, 1) + 0.8 N(4, 1). The normal Q that minimises KL(Q ‖ P) sits on one peak: "
                  "how many nats is KL(Q ‖ P) there?"),
        answer=lambda: fitting.fit_reverse(fitting.NormalMixture([0.2, 0.8], [-4.0, 4.0], [1.0, 1.0])).divergence,
        hint="Q copies the heavier peak, so q is about p / 0.8 wherever Q has mass: ln(q/p) is about −ln 0.8",
        unit="nats",
        solution=_solution_11_2,
    ),
    "11.3": Exercise(
        question=('P = 0.3 N(−3, 1) + 0.7 N(3, 1). Fit a normal to 100,000 draws from P by maximum likelihood: '
                  'does it land on the "forward" fit or on the "reverse" fit?'),
        answer=_maximum_likelihood_direction,
        hint='answer with the string "forward" or "reverse"; the average −ln q over draws from P estimates '
        "H(P, Q) = h(P) + KL(P ‖ Q)",
        solution=_solution_11_3,
    ),
})
def _solution_12_1() -> list[Step]:
    table = [[0.25, 0.15], [0.05, 0.55]]
    rows = [measures.entropy(np.array(row) / sum(row)) for row in table]
    return [
        Step("P(rain) = {}, P(dry) = {}.", (0.40, 0.60)),
        Step("Given rain the umbrella's entropy is H(0.625, 0.375) = {} bits; given dry, H(1/12, 11/12) = {} bits.",
             tuple(rows)),
        Step("H(Y|X) = 0.4 × {} + 0.6 × {} = {} bits.",
             (*rows, measures.conditional_entropy(table, given="x", base=2))),
    ]


def _solution_12_2() -> list[Step]:
    return [
        Step("X decides Y, so nothing about Y is left once X is known: H(Y|X) = {}.", (0.0,)),
        Step("I(X;Y) = H(Y) − H(Y|X) = H(1/3, 2/3) = {} bits (not H(X) = log2 6 = {} bits).",
             (measures.entropy([1 / 3, 2 / 3]), math.log2(6))),
    ]


def _solution_12_3() -> list[Step]:
    table = np.array([[0.10, 0.30], [0.40, 0.20]])
    product = np.outer(table.sum(axis=1), table.sum(axis=0))
    return [
        Step("Marginals: P(x) = ({}, {}), P(y) = ({}, {}).", (*table.sum(axis=1), *table.sum(axis=0))),
        Step("Under independence the table would be P(x)P(y) = ({}, {}; {}, {}).", tuple(product.ravel())),
        Step("I(X;Y) = KL(P(x,y) ‖ P(x)P(y)) = Σ p ln(p / (P(x)P(y))) = {} nats.",
             (measures.mutual_information(table, base=math.e),)),
    ]


# --- 12 · Mutual information ---
EXERCISES.update({
    "12.1": Exercise(
        question="In another town, weather (rows: rain, dry) and umbrella (columns: umbrella, none) have the "
                 "joint table [[0.25, 0.15], [0.05, 0.55]]. How much uncertainty about the umbrella is left, on "
                 "average, once you know the weather: what is H(Y|X), in bits?",
        answer=lambda: measures.conditional_entropy([[0.25, 0.15], [0.05, 0.55]], given="x", base=2),
        hint="average each row's entropy, weighted by P(x): row rain is (0.25, 0.15) / 0.40, row dry "
             "(0.05, 0.55) / 0.60; or use the chain rule, H(X,Y) − H(X)",
        unit="bits",
        solution=_solution_12_1,
    ),
    "12.2": Exercise(
        question="X is the roll of a fair die (1 to 6) and Y says whether X is at least 5 (yes or no). "
                 "What is the mutual information I(X;Y), in bits?",
        answer=lambda: measures.mutual_information([[1 / 6, 0.0]] * 4 + [[0.0, 1 / 6]] * 2, base=2),
        hint="X determines Y, so H(Y|X) = 0 and I(X;Y) = H(Y): the entropy of a yes/no with P(yes) = 1/3; "
             "it is not H(X) = log2 6",
        unit="bits",
        solution=_solution_12_2,
    ),
    "12.3": Exercise(
        question="What is I(X;Y) for the joint table [[0.10, 0.30], [0.40, 0.20]], in nats?",
        answer=lambda: measures.mutual_information([[0.10, 0.30], [0.40, 0.20]], base=math.e),
        hint="KL(P(x,y) ‖ P(x)P(y)) with natural logarithms: the marginals are (0.4, 0.6) and (0.5, 0.5); "
             "in nats, not bits (divide bits by log2 e ≈ 1.4427)",
        unit="nats",
        solution=_solution_12_3,
    ),
})
# --- 13 · Cross-entropy on real data ---
def _calibration():
    """bitsandnats.calibration, imported when an exercise of notebook 13 is checked."""
    from . import calibration

    return calibration


def _calibration_error_of_two_bins() -> float:
    """13.3: 50 predictions at confidence 0.9 (40 right) and 150 at 0.99 (147 right)."""
    probs = np.array([[0.9, 0.1]] * 50 + [[0.99, 0.01]] * 150)
    labels = np.array([0] * 40 + [1] * 10 + [0] * 147 + [1] * 3)
    return _calibration().expected_calibration_error(labels, probs)


EXERCISES.update({
    "13.1": Exercise(
        question="A classifier's held-out log loss is 0.6 bits. What is its perplexity, the effective number of equally likely classes?",
        answer=lambda: _calibration().perplexity(0.6, base=2),
        hint="perplexity is 2^H for H in bits (e^H for H in nats: the same number); "
        "e^0.6 would read the bits as nats",
        unit="classes",
        solution=_solution_13_1,
    ),
    "13.2": Exercise(
        question="An example of class 0 has logits [3, 1, 0]. After temperature scaling with T = 2, what is its loss, in bits?",
        answer=lambda: _calibration().log_loss_at_temperature([0], [[3.0, 1.0, 0.0]], 2.0, base=2),
        hint="divide the logits by 2 first, then take log-sum-exp minus the true class's logit; "
        "that is in nats, so divide by ln 2",
        unit="bits",
        solution=_solution_13_2,
    ),
    "13.3": Exercise(
        question=(
            "Of 50 predictions made with confidence 0.9, 40 are right; of 150 made with confidence 0.99, 147 are right. "
            "What is the expected calibration error of these 200 predictions?"
        ),
        answer=_calibration_error_of_two_bins,
        hint="each bin's gap |accuracy − confidence|, weighted by its share of the 200 predictions; "
        "a plain mean of the two gaps ignores that one bin is three times larger",
        unit="(a probability, no unit)",
        solution=_solution_13_3,
    ),
})

