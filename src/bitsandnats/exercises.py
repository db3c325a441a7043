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

import numpy as np

from . import coding
from . import measures
from .validation import check_choice, check_real

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
    An answer that is not a usable number where one is expected (words,
    True, a list, NaN, ``10**400``) gets a ❌ that says why and the hint,
    never a traceback, which would bury the hint.

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
    >>> check("demo.1", 1.0)
    ✅ demo.1: right. 1 bit.
    >>> check("demo.1", 2)
    ❌ demo.1: not yet. Hint: two equally likely outcomes; log2 of 2
    >>> check("demo.1", None)
    ✍️ demo.1: replace None with your answer, then run the cell again.
    >>> check("demo.1", 10**400)
    ❌ demo.1: answer must be a number, got a number too large for a float64. Hint: two equally likely outcomes; log2 of 2
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
        unit = f" {exercise.unit}" if exercise.unit else ""
        written = f"{expected:g}" if not isinstance(expected, str) else expected
        return Feedback(exercise_id, True, f"✅ {exercise_id}: right. {written}{unit}.")
    return Feedback(exercise_id, False, f"❌ {exercise_id}: not yet. Hint: {exercise.hint}")


def _gradient_ratio(z: float) -> float:
    """|d cross-entropy/dz| / |d squared error/dz| for a positive example (exercise 05.3)."""
    from .training import logit_gradient

    return logit_gradient(z, 1) / logit_gradient(z, 1, loss="squared_error")


# Notebook 06's logits for one photo of a cat (classes cat, dog, fox, car, truck).
_TEACHER_06 = (6.0, 3.5, 3.0, -1.0, -2.0)
_STUDENT_06 = (2.0, 0.5, 1.5, 0.5, -0.5)


def _larger_term_without_t_squared(temperature: float) -> str:
    """'soft' or 'hard': whose gradient is larger in notebook 06 with alpha = 0.5 and no T² (exercise 06.3)."""
    import numpy as np

    soft = np.linalg.norm(measures.soft_target_gradient(_STUDENT_06, _TEACHER_06, temperature=temperature))
    hard = np.linalg.norm(measures.softmax(_STUDENT_06) - np.eye(len(_STUDENT_06))[0])
    return "soft" if soft > hard else "hard"


#: Every exercise in the collection, by id.
EXERCISES: dict[str, Exercise] = {
    "demo.1": Exercise(
        question="Entropy of a fair coin, in bits?",
        answer=lambda: measures.entropy([0.5, 0.5]),
        hint="two equally likely outcomes; log2 of 2",
        unit="bit",
    ),
    # 01 surprise
    "01.1": Exercise(
        question="You roll a fair six-sided die and it shows a six. How much information is that, in bits?",
        answer=lambda: measures.surprisal(1 / 6),
        hint="a six has probability 1/6; its surprisal is -log2(1/6) = log2 6, between 2 and 3 bits",
        unit="bits",
    ),
    "01.2": Exercise(
        question="How many bits of information does an event with a 1-in-1000 chance carry when it happens?",
        answer=lambda: measures.surprisal(1 / 1000),
        hint="-log2(0.001); since 2**10 = 1024 is close to 1000, expect a little under 10 bits",
        unit="bits",
    ),
    "01.3": Exercise(
        question="Event B is 100 times rarer than event A. How many more nats of information does B carry than A?",
        answer=lambda: measures.surprisal(0.3 / 100, base=math.e) - measures.surprisal(0.3, base=math.e),
        hint="dividing p by 100 adds -ln(1/100) = ln 100 nats, whatever p was: twice the 2.303 nats of a factor 10",
        unit="nats",
    ),
    # 02 entropy
    "02.1": Exercise(
        question="What is the entropy of a fair twenty-sided die, in bits?",
        answer=lambda: measures.entropy([1 / 20] * 20),
        hint="twenty equally likely faces: every one has surprisal log2 20 bits, so their average is log2 20 too",
        unit="bits",
    ),
    "02.2": Exercise(
        question="What is the entropy of the distribution [0.5, 0.25, 0.25], in bits?",
        answer=lambda: measures.entropy([0.5, 0.25, 0.25]),
        hint="the surprisals are 1, 2 and 2 bits; weight each by its probability and add",
        unit="bits",
    ),
    "02.3": Exercise(
        question='Which coin has more entropy: "0.9/0.1" or "0.6/0.4"?',
        answer=lambda: "0.9/0.1" if measures.entropy([0.9, 0.1]) > measures.entropy([0.6, 0.4]) else "0.6/0.4",
        hint='answer with the string "0.9/0.1" or "0.6/0.4"; on the binary entropy curve, '
        "which one is closer to the fair coin at the top?",
    ),
    # 03 cross-entropy and KL
    "03.1": Exercise(
        question="For the colours, P = [0.10, 0.40, 0.50] and Q = [0.80, 0.15, 0.05]: what is KL(Q ‖ P), in bits?",
        answer=lambda: measures.kl_divergence([0.80, 0.15, 0.05], [0.10, 0.40, 0.50]),
        hint="swap the roles: sum Q(x) log2(Q(x)/P(x)), or H(Q, P) - H(Q); it is not KL(P ‖ Q) = 1.927 bits",
        unit="bits",
    ),
    "03.2": Exercise(
        question="The same H(P, Q), in nats instead of bits?",
        answer=lambda: measures.cross_entropy([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], base=math.e),
        hint="use the natural logarithm (base=math.e), or multiply the bits by ln 2 = 0.693",
        unit="nats",
    ),
    "03.3": Exercise(
        question='Which is larger for the colours, "H(P,Q)" or "H(Q,P)"?',
        answer=lambda: "H(P,Q)" if measures.cross_entropy([0.10, 0.40, 0.50], [0.80, 0.15, 0.05])
        > measures.cross_entropy([0.80, 0.15, 0.05], [0.10, 0.40, 0.50]) else "H(Q,P)",
        hint='answer with the string "H(P,Q)" or "H(Q,P)"; the larger one is where the scoring distribution '
        "gives a tiny probability to an event the other distribution produces often",
    ),
    # 04 cross-entropy as a loss
    "04.1": Exercise(
        question="A model gives ŷ = 0.3 to an example whose label is y = 1. What is its loss, in nats?",
        answer=lambda: measures.binary_cross_entropy(1, 0.3),
        hint="only the probability given to the true class counts: -ln of it",
        unit="nats",
    ),
    "04.2": Exercise(
        question="A lazy model predicts ŷ = 0.5 for all ten examples. What is its mean log loss, in nats?",
        answer=lambda: measures.log_loss([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0.5] * 10),
        hint="every example, positive or negative, gets probability 0.5 for its true class",
        unit="nats",
    ),
    "04.3": Exercise(
        question="With a soft label y = 0.7, what is the smallest loss any prediction ŷ can reach, in nats?",
        answer=lambda: measures.binary_cross_entropy(0.7, 0.7),
        hint="the best prediction is ŷ = y, and the loss there is the entropy of (0.7, 0.3) in nats",
        unit="nats",
    ),
    # 05 many classes
    "05.1": Exercise(
        question="Logits [1.0, 3.0, 0.0], true class 0. What is the cross-entropy loss, in nats?",
        answer=lambda: measures.cross_entropy_from_logits(0, [1.0, 3.0, 0.0]),
        hint="log-sum-exp of the logits minus the logit of the true class",
        unit="nats",
    ),
    "05.2": Exercise(
        question="Ten classes, label smoothing with alpha = 0.1. What is the smallest loss any model can reach, in nats?",
        answer=lambda: measures.entropy([0.9 + 0.1 / 10] + [0.1 / 10] * 9, base=math.e),
        hint="the target puts 0.9 + 0.1/10 on the true class and 0.1/10 on each other; the minimum is its entropy",
        unit="nats",
    ),
    "05.3": Exercise(
        question=(
            "A positive example (y = 1) has logit z = -4. How many times larger is the gradient of "
            "cross-entropy with respect to z than that of the squared error?"
        ),
        answer=lambda: _gradient_ratio(-4.0),
        hint="divide sigma(z) - 1 by 2 (sigma(z) - 1) sigma(z) (1 - sigma(z)); most of it cancels",
        unit="times",
    ),
    # 06 distillation
    "06.1": Exercise(
        question="A teacher gives the logits [4.0, 1.0, 0.0]. At temperature T = 3, what probability do its soft targets give the top class?",
        answer=lambda: float(measures.softmax([4.0, 1.0, 0.0], temperature=3.0)[0]),
        hint="divide every logit by 3 first, then take the softmax: e^(4/3) / (e^(4/3) + e^(1/3) + e^0)",
    ),
    "06.2": Exercise(
        question=(
            "Same teacher, T = 3, and a student with logits [1.0, 1.0, 1.0]. By how many nats does the "
            "cross-entropy H(p_T, q_T) exceed KL(p_T ‖ q_T)?"
        ),
        answer=lambda: measures.entropy(measures.softmax([4.0, 1.0, 0.0], temperature=3.0), base=math.e),
        hint="H(P, Q) = H(P) + KL(P ‖ Q), so the gap is the entropy of the teacher's soft targets, whatever the student says",
        unit="nats",
    ),
    "06.3": Exercise(
        question=(
            "This notebook's teacher and student, alpha = 0.5 and T = 8, but WITHOUT the factor T². "
            "Which term's gradient is larger: 'soft' or 'hard'?"
        ),
        answer=lambda: _larger_term_without_t_squared(8.0),
        hint="compare the size of soft_target_gradient at T = 8 with that of softmax(z) − y; the first shrinks like 1/T²",
    ),
    # 07 continuous
    "07.1": Exercise(
        question="What is the differential entropy of a normal distribution with σ = 0.05, in bits?",
        answer=lambda: measures.differential_entropy_normal(0.05, base=2),
        hint="½ log2(2πeσ²); a density this narrow rises far above 1, so expect a negative number",
        unit="bits",
    ),
    "07.2": Exercise(
        question="A normal distribution with σ = 2 is cut into bins of width Δ = 0.01. What is the entropy of the bins, in bits?",
        answer=lambda: measures.entropy(measures.binned_normal(2.0, 0.01), base=2),
        hint="for small bins H_Δ ≈ h − log2 Δ, with h = ½ log2(2πeσ²) in bits",
        unit="bits",
    ),
    "07.3": Exercise(
        question=(
            "A regression model assumes Gaussian noise with a fixed σ = 0.5 and reaches a mean squared error "
            "of 0.3. What is its mean negative log-likelihood, in nats?"
        ),
        answer=lambda: measures.gaussian_nll(0.0, math.sqrt(0.3), sigma=0.5),
        hint="mean NLL = MSE / (2σ²) + ½ ln(2πσ²)",
        unit="nats",
    ),
    # 08 code lengths
    "08.1": Exercise(
        question="Q's own Huffman code, used on data from Q itself: how many bits per symbol on average?",
        answer=lambda: coding.average_code_length([0.80, 0.15, 0.05], coding.huffman_code([0.80, 0.15, 0.05])),
        hint="weight the length of each of Q's codewords by how often Q produces that colour; "
        "it lands between H(Q) = 0.884 bits and H(Q) + 1",
        unit="bits per symbol",
    ),
    "08.2": Exercise(
        question="Four symbols with probabilities 1/2, 1/4, 1/8, 1/8: the average length of their Huffman code, in bits per symbol?",
        answer=lambda: coding.average_code_length([0.5, 0.25, 0.125, 0.125], coding.huffman_code([0.5, 0.25, 0.125, 0.125])),
        hint="every probability is a power of 1/2, so each ideal length -log2 p is already a whole number "
        "and the code can use it exactly; weight those lengths by the probabilities",
        unit="bits per symbol",
    ),
    "08.3": Exercise(
        question="Data from Q encoded with the Huffman code built for P (red 10, green 11, blue 0): bits per symbol on average?",
        answer=lambda: coding.average_code_length([0.80, 0.15, 0.05], coding.huffman_code([0.10, 0.40, 0.50])),
        hint="Q mostly produces red, which P's code spends 2 bits on; weight P's codeword lengths by Q's probabilities",
        unit="bits per symbol",
    ),
    # 09 misconceptions
    "09.1": Exercise(
        question="A soft label P = [0.7, 0.2, 0.1]. What is the smallest cross-entropy H(P, Q) any model Q can reach, in bits?",
        answer=lambda: measures.entropy([0.7, 0.2, 0.1]),
        hint="the best model is Q = P, and then the cross-entropy is not 0 but the entropy H(P)",
        unit="bits",
    ),
    "09.2": Exercise(
        question="KL(N(1, 2²) ‖ N(0, 1²)), the reverse of the notebook's KL(N(0, 1²) ‖ N(1, 2²)), in nats?",
        answer=lambda: measures.kl_divergence_normal(1.0, 2.0, 0.0, 1.0),
        hint="bn.measures.kl_divergence_normal(mu1, sigma1, mu2, sigma2) with P = N(1, 2²) first; "
        "the answer is not 0.443 nats",
        unit="nats",
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
    ),
    "10.2": Exercise(
        question=(
            "Six draws came out red, green, blue, blue, green, blue. Scored by Q = (0.80, 0.15, 0.05), what is "
            "this sample's estimate of H(P, Q), in bits?"
        ),
        answer=lambda: measures.average_surprisal([0, 1, 2, 2, 1, 2], [0.80, 0.15, 0.05]),
        hint="average −log₂ Q(x) over the six draws: two of them cost −log₂ 0.15, three −log₂ 0.05, one −log₂ 0.8",
        unit="bits",
    ),
    "10.3": Exercise(
        question=(
            "The model Q = (0.80, 0.15, 0.05) is scored on 2,000 held-out draws of P = (0.10, 0.40, 0.50), "
            "bitsandnats.sampling.draw(P, 2000, seed=7). What is its log loss on them, in nats?"
        ),
        answer=lambda: __import__("bitsandnats.sampling", fromlist=["draw"]).sample_cross_entropy(
            __import__("bitsandnats.sampling", fromlist=["draw"]).draw([0.10, 0.40, 0.50], 2000, 7),
            [0.80, 0.15, 0.05], base=math.e),
        hint="the log loss is the average of −ln Q(x) over the draws: sample_cross_entropy(samples, Q, base=math.e), "
        "not base 2",
        unit="nats",
    ),
})
# --- 11 · Forward and reverse KL ---
from . import fitting as _fitting  # noqa: E402  (this block's own import, beside its questions)


def _maximum_likelihood_direction() -> str:
    """Which fit a normal fitted by maximum likelihood to 100,000 draws from 11.3's P lands on (seeded)."""
    p = _fitting.NormalMixture([0.3, 0.7], [-3.0, 3.0], [1.0, 1.0])
    rng = np.random.default_rng(11)
    peaks = rng.random(100_000) < p.weights[0]
    draws = np.where(peaks, rng.normal(p.means[0], 1.0, peaks.size), rng.normal(p.means[1], 1.0, peaks.size))
    found = np.array([draws.mean(), draws.std()])  # the maximum-likelihood normal
    forward, reverse = _fitting.fit_forward(p), _fitting.fit_reverse(p)
    distances = {name: float(np.hypot(*(found - [fit.mu, fit.sigma]))) for name, fit in
                 (("forward", forward), ("reverse", reverse))}
    return min(distances, key=distances.get)


EXERCISES.update({
    "11.1": Exercise(
        question=("P = 0.4 N(−1, 0.5²) + 0.6 N(2, 0.5²). The normal Q that minimises KL(P ‖ Q): what is its "
                  "standard deviation σ?"),
        answer=lambda: _fitting.fit_forward(_fitting.NormalMixture([0.4, 0.6], [-1.0, 2.0], [0.5, 0.5])).sigma,
        hint="forward KL is minimised by moment matching: σ² is P's variance, the peaks' own σ² plus the spread "
        "of their means about P's mean",
    ),
    "11.2": Exercise(
        question=("P = 0.2 N(−4, 1) + 0.8 N(4, 1). The normal Q that minimises KL(Q ‖ P) sits on one peak: "
                  "how many nats is KL(Q ‖ P) there?"),
        answer=lambda: _fitting.fit_reverse(_fitting.NormalMixture([0.2, 0.8], [-4.0, 4.0], [1.0, 1.0])).divergence,
        hint="Q copies the heavier peak, so q is about p / 0.8 wherever Q has mass: ln(q/p) is about −ln 0.8",
        unit="nats",
    ),
    "11.3": Exercise(
        question=('P = 0.3 N(−3, 1) + 0.7 N(3, 1). Fit a normal to 100,000 draws from P by maximum likelihood: '
                  'does it land on the "forward" fit or on the "reverse" fit?'),
        answer=_maximum_likelihood_direction,
        hint='answer with the string "forward" or "reverse"; the average −ln q over draws from P estimates '
        "H(P, Q) = h(P) + KL(P ‖ Q)",
    ),
})
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
    ),
    "12.2": Exercise(
        question="X is the roll of a fair die (1 to 6) and Y says whether X is at least 5 (yes or no). "
                 "What is the mutual information I(X;Y), in bits?",
        answer=lambda: measures.mutual_information([[1 / 6, 0.0]] * 4 + [[0.0, 1 / 6]] * 2, base=2),
        hint="X determines Y, so H(Y|X) = 0 and I(X;Y) = H(Y): the entropy of a yes/no with P(yes) = 1/3; "
             "it is not H(X) = log2 6",
        unit="bits",
    ),
    "12.3": Exercise(
        question="What is I(X;Y) for the joint table [[0.10, 0.30], [0.40, 0.20]], in nats?",
        answer=lambda: measures.mutual_information([[0.10, 0.30], [0.40, 0.20]], base=math.e),
        hint="KL(P(x,y) ‖ P(x)P(y)) with natural logarithms: the marginals are (0.4, 0.6) and (0.5, 0.5); "
             "in nats, not bits (divide bits by log2 e ≈ 1.4427)",
        unit="nats",
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
    ),
    "13.2": Exercise(
        question="An example of class 0 has logits [3, 1, 0]. After temperature scaling with T = 2, what is its loss, in bits?",
        answer=lambda: _calibration().log_loss_at_temperature([0], [[3.0, 1.0, 0.0]], 2.0, base=2),
        hint="divide the logits by 2 first, then take log-sum-exp minus the true class's logit; "
        "that is in nats, so divide by ln 2",
        unit="bits",
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
    ),
})

