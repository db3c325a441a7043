"""Tests of bitsandnats.exercises.check, and of the exercises the notebooks use.

Every exercise must accept its own answer, reject a clearly wrong one with a
hint, and remind about ``None``; a second wrong answer brings the worked
solution.  The notebooks are scanned for ``check("ID", ...)`` calls
(``bn.exercises.check``, ``exercises.check`` or an imported ``check``): each id
must exist and belong to the notebook's number, and every exercise (except the
demo) must be used somewhere.  No notebook may show an exercise's answer
before the learner tries it (in its stored outputs or its markdown), and no
notebook's source may hold a worked solution's numbers.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import mutual_info_score

from bitsandnats import exercises
from bitsandnats.exercises import (EXERCISES, SOLUTION_AFTER, Exercise, Feedback, Step, WorkedSolution, attempts,
                                   check, reset_attempts, solution)
from bitsandnats.notation import typeset_html
from bitsandnats.sampling import draw

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NUMBERED = re.compile(r"^(\d{2})_[\w.-]*\.ipynb$")
CHECK_CALL = re.compile(r"\bcheck\(\s*(?:exercise_id\s*=\s*)?([\"'])(.*?)\1")
ID_FORMAT = re.compile(r"^(\d{2}|demo)\.\d+$")
UNUSED_ALLOWED = {"demo.1"}

IDS = sorted(EXERCISES)


@pytest.fixture(autouse=True)
def fresh_attempts():
    """Every test starts with no wrong answers counted, and leaves none behind."""
    reset_attempts()
    yield
    reset_attempts()


def expected_of(exercise_id):
    return EXERCISES[exercise_id].answer()


def clearly_wrong(expected):
    """An answer far outside any tolerance of the expected one."""
    if isinstance(expected, str):
        return "certainly not " + expected
    if math.isinf(expected):
        return 1.0
    return float(expected) + 1.0 + 10.0 * abs(float(expected))


# --- every exercise -----------------------------------------------------------------------


def test_there_are_exercises():
    assert "demo.1" in EXERCISES
    assert all(ID_FORMAT.match(exercise_id) for exercise_id in EXERCISES), sorted(EXERCISES)


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_is_well_formed(exercise_id):
    exercise = EXERCISES[exercise_id]
    assert isinstance(exercise, Exercise)
    assert exercise.question.strip() and exercise.hint.strip()
    expected = exercise.answer()
    assert isinstance(expected, str) or not math.isnan(float(expected)), "the expected answer must not be NaN"


@pytest.mark.parametrize("exercise_id", IDS)
def test_own_answer_is_right(exercise_id):
    expected = expected_of(exercise_id)
    feedback = check(exercise_id, expected)
    assert isinstance(feedback, Feedback)
    assert feedback.correct and bool(feedback)
    assert feedback.message.startswith(f"✅ {exercise_id}: right.")
    unit = EXERCISES[exercise_id].unit
    if unit:
        assert unit in feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_clearly_wrong_answer_gets_a_hint(exercise_id):
    feedback = check(exercise_id, clearly_wrong(expected_of(exercise_id)))
    assert not feedback
    assert feedback.message.startswith(f"❌ {exercise_id}: not yet.")
    assert "Hint: " + EXERCISES[exercise_id].hint in feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_none_gets_the_reminder(exercise_id):
    feedback = check(exercise_id, None)
    assert not feedback
    assert feedback.message == f"✍️ {exercise_id}: replace None with your answer, then run the cell again."
    assert repr(feedback) == feedback.message == feedback._repr_markdown_()


def test_numeric_exercise_rejects_text_with_a_hint():
    numeric = next(i for i in IDS if not isinstance(expected_of(i), str))
    feedback = check(numeric, "one bit")
    assert not feedback
    assert feedback.message == f"❌ {numeric}: answer must be a number, got 'one bit'. Hint: {EXERCISES[numeric].hint}"


@pytest.mark.parametrize(
    "answer, reason",
    [
        (10**400, "a number too large for a float64"),
        (-(10**400), "a number too large for a float64"),
        (Fraction(10**400, 3), "a number too large for a float64"),
        (True, "True"),
        (np.bool_(False), "False"),
        ([4.32], "[4.32]"),
        (np.array([4.32]), "array([4.32])"),
        (float("nan"), "NaN"),
        ("nan", "NaN"),
        (4.32 + 0j, "(4.32+0j)"),
        ("", "''"),
    ],
)
def test_an_answer_that_is_not_a_usable_number_gets_feedback_not_an_error(answer, reason):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # np.array([4.32]) must not become a number with a DeprecationWarning
        feedback = check("02.1", answer)
    assert not feedback
    assert feedback.message == f"❌ 02.1: answer must be a number, got {reason}. Hint: {EXERCISES['02.1'].hint}"


def test_numbers_within_tolerance_are_right():
    assert check("demo.1", 1.0005)
    assert check("demo.1", np.float32(1.0))
    assert check("demo.1", "1.0")  # a number typed as text still counts
    assert not check("demo.1", 1.01)


@pytest.mark.parametrize("answer", [1, np.int64(1), np.array(1.0), Fraction(1), Decimal("1.000"), " 1 "])
def test_numbers_of_any_kind_are_answers(answer):
    assert check("demo.1", answer)


@pytest.mark.parametrize("bad_id", ["nope", "99.9", "", "DEMO.1", " 02.1"])
def test_unknown_id_raises(bad_id):
    with pytest.raises(ValueError, match=rf"^exercise_id must be one of '01.1', '01.2', .*, 'demo.1'; got {re.escape(repr(bad_id))}$"):
        check(bad_id, 1.0)


@pytest.mark.parametrize("bad_id", [["02.1"], ("02.1",), 2.1, None, np.array(["02.1"])])
def test_an_id_that_is_not_a_string_raises_listing_the_ids(bad_id):
    message = rf"^exercise_id must be a string, one of '01.1', '01.2', .*, 'demo.1'; got {re.escape(repr(bad_id))}$"
    with pytest.raises(ValueError, match=message):
        check(bad_id, 1)


# --- string answers and infinite answers, with exercises made for the test -------------------


@pytest.fixture
def extra_exercises(monkeypatch):
    monkeypatch.setitem(EXERCISES, "test.text", Exercise(
        question="Which is larger, H(P,Q) or H(Q,P)?", answer=lambda: "H(P,Q)", hint="compare them"))
    monkeypatch.setitem(EXERCISES, "test.inf", Exercise(
        question="KL([0.5, 0.5] ‖ [1, 0]) in bits?", answer=lambda: math.inf, hint="Q rules out an event P produces",
        unit="bits"))
    return EXERCISES


@pytest.mark.parametrize("answer", ["H(P,Q)", "h(p,q)", "H(p, q)", "  h ( P , Q ) ", "H(P,q)\n"])
def test_string_answers_ignore_case_and_spaces(extra_exercises, answer):
    assert check("test.text", answer)


@pytest.mark.parametrize("answer", ["H(Q,P)", "HPQ", 3.288])
def test_wrong_string_answers(extra_exercises, answer):
    feedback = check("test.text", answer)
    assert not feedback and "Hint: compare them" in feedback.message


@pytest.mark.parametrize("exercise_id", [i for i in IDS if isinstance(expected_of(i), str)])
def test_real_string_exercises_ignore_case(exercise_id):
    expected = expected_of(exercise_id)
    for variant in (expected.upper(), expected.lower(), expected.swapcase(), f"  {expected} "):
        assert check(exercise_id, variant), variant


@pytest.mark.parametrize("answer", [math.inf, float("inf"), np.inf, "inf"])
def test_infinite_answer_is_right(extra_exercises, answer):
    feedback = check("test.inf", answer)
    assert feedback and feedback.message == "✅ test.inf: right. inf bits."


@pytest.mark.parametrize("answer", [1e308, -math.inf, 0.0, float("nan")])
def test_finite_or_negative_answer_to_infinite_exercise_is_wrong(extra_exercises, answer):
    assert not check("test.inf", answer)


# --- every answer against an independent computation, and the usual mistakes ----------------------


def _sigma(z):
    return 1 / (1 + math.exp(-z))


COLOURS_P = [0.10, 0.40, 0.50]
COLOURS_Q = [0.80, 0.15, 0.05]
MIXTURE_03 = [0.45, 0.275, 0.275]  # (P + Q) / 2, by hand
SOFT_TARGETS_06 = scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)
TEACHER_06, STUDENT_06 = np.array([6.0, 3.5, 3.0, -1.0, -2.0]), np.array([2.0, 0.5, 1.5, 0.5, -0.5])


def _hard_over_soft_06(temperature):
    """Norm of q - y over the norm of (q_T - p_T) / T for notebook 06's student and teacher, with SciPy's softmax."""
    hard = np.linalg.norm(scipy_softmax(STUDENT_06) - np.eye(5)[0])
    soft = np.linalg.norm((scipy_softmax(STUDENT_06 / temperature) - scipy_softmax(TEACHER_06 / temperature))
                          / temperature)
    return hard / soft

#: The answer to each exercise, computed without bitsandnats (math, SciPy, or by hand).
INDEPENDENT = {
    "01.1": math.log2(6),
    "01.2": math.log2(1000),
    "01.3": math.log(50),
    "02.1": math.log2(20),
    "02.2": 1.5,
    "02.3": "0.6/0.4",
    "03.1": stats.entropy(MIXTURE_03, COLOURS_P, base=2),
    "03.2": stats.entropy(COLOURS_P, base=math.e) + stats.entropy(COLOURS_P, COLOURS_Q, base=math.e),
    "03.3": -0.80 * math.log2(0.10),  # red's term of H(Q, P)
    "04.1": -math.log(0.3),
    "04.2": math.log(2),
    "04.3": -(0.9 * math.log(0.9) + 0.1 * math.log(0.1)),
    "05.1": math.log(math.e + math.e**3 + 1) - 1,
    "05.2": stats.entropy([0.91] + [0.01] * 9),
    "05.3": 1 / (2 * _sigma(3.0) * _sigma(-3.0)),
    "06.1": SOFT_TARGETS_06[0],
    "06.2": stats.entropy(SOFT_TARGETS_06),
    "06.3": _hard_over_soft_06(12.0),
    "07.1": 0.5 * math.log2(2 * math.pi * math.e * 0.05**2),
    "07.2": 0.5 * math.log2(2 * math.pi * math.e * 9) - math.log2(0.01),  # h - log2(bin width), near enough
    "07.3": 0.3 / (2 * 0.25) + 0.5 * math.log(2 * math.pi * 0.25),
    "08.1": 0.80 * 1 + 0.15 * 2 + 0.05 * 2,  # Q's Huffman code: red 0, green 10, blue 11
    "08.2": 0.5 * 1 + 0.25 * 2 + 0.125 * 3 + 0.125 * 3,
    "08.3": 0.80 * 2 + 0.15 * 2 + 0.05 * 1,  # P's code: red 10, green 11, blue 0
    "09.1": stats.entropy([0.7, 0.2, 0.1], base=2),
    "09.2": math.log(1 / 2) + (4 + 1) / 2 - 0.5,
    "09.3": 0.5 * math.log2(0.5 / 0.8) + 0.5 * math.log2(0.5 / 0.2),  # the coin's own KL: independent parts add
    # 10: the variance of -log2 Q(x) under P over 0.01**2, rounded up; a sample's average; held-out draws' mean -ln Q
    "10.1": math.ceil((sum(p * math.log2(1 / q) ** 2 for p, q in zip((0.10, 0.40, 0.50), (0.80, 0.15, 0.05)))
                       - sum(p * math.log2(1 / q) for p, q in zip((0.10, 0.40, 0.50), (0.80, 0.15, 0.05))) ** 2)
                      / 1e-4),
    "10.2": (math.log2(1 / 0.8) + 2 * math.log2(1 / 0.15) + 3 * math.log2(1 / 0.05)) / 6,
    "10.3": float(np.dot(np.bincount(draw([0.10, 0.40, 0.50], 2000, 7),
                                     minlength=3), -np.log([0.80, 0.15, 0.05])) / 2000),
    # 11: moment matching; reverse KL on the heavier peak, where q is about p / 0.8; maximum likelihood is forward
    "11.1": math.sqrt(0.25 + 0.24 * 9),  # σ² = σ_peak² + w1 w2 (μ2 − μ1)²
    "11.2": -math.log(0.8),  # the limit of well-separated peaks, near enough
    "11.3": "forward",
    # 12: a conditional entropy, a die's information about "at least 5", a mutual information in nats
    "12.1": 0.4 * stats.entropy([0.625, 0.375], base=2) + 0.6 * stats.entropy([1 / 12, 11 / 12], base=2),
    "12.2": stats.entropy([1 / 3, 2 / 3], base=2),
    "12.3": mutual_info_score(None, None, contingency=np.array([[1, 3], [4, 2]])),
    # 13: perplexity 2**0.6; a softmax loss in bits; a count-weighted calibration gap
    "13.1": 2**0.6,
    "13.2": (math.log(math.exp(1.5) + math.exp(0.5) + 1.0) - 1.5) / math.log(2),
    "13.3": (50 * abs(40 / 50 - 0.9) + 150 * abs(147 / 150 - 0.99)) / 200,
}

#: A wrong answer a learner is likely to give, for the exercises where one is typical.
USUAL_MISTAKES = {
    "01.3": math.log2(50),  # bits, not nats
    "02.3": "0.9/0.1",
    "03.1": stats.entropy(COLOURS_P, MIXTURE_03, base=2),  # KL(P || M), the other direction
    "03.2": 3.288,  # the bits, not the nats
    "03.3": -0.10 * math.log2(0.80),  # red's term of H(P, Q), the other way round
    "04.1": -math.log2(0.3),  # bits instead of nats
    "06.1": 0.5,
    "06.2": stats.entropy(SOFT_TARGETS_06, base=2),  # bits instead of nats
    "04.3": 0,  # the floor of a hard label
    "05.3": 1 / (_sigma(3.0) * _sigma(-3.0)),  # the factor 2 of the squared error forgotten
    "06.3": _hard_over_soft_06(12.0) / 144,  # with the factor T², which the question drops
    "07.1": -0.5 * math.log2(2 * math.pi * math.e * 0.05**2),  # the sign lost
    "07.2": 0.5 * math.log2(2 * math.pi * math.e * 4),  # the bin width forgotten
    "07.3": 0.3,  # the mean squared error itself
    "08.3": 0.10 * 1 + 0.40 * 2 + 0.50 * 2,  # P's data on Q's code, the other way round
    "09.1": 0,
    "09.2": math.log(2) + (1 + 1) / (2 * 4) - 0.5,  # KL(N(0, 1) || N(1, 2**2)), the notebook's direction
    "09.3": 0,  # claim 2's answer, as if the wrong coin cost nothing
    "11.1": 0.5,  # one peak's own σ
    "11.2": -math.log(0.2),  # the lighter peak's weight
    "11.3": "reverse",
}


def test_every_exercise_has_an_independent_answer():
    assert set(INDEPENDENT) == set(EXERCISES) - UNUSED_ALLOWED
    assert set(USUAL_MISTAKES) <= set(INDEPENDENT)


@pytest.mark.parametrize("exercise_id", sorted(INDEPENDENT))
def test_independent_answer_is_right(exercise_id):
    independent = INDEPENDENT[exercise_id]
    assert check(exercise_id, independent), (independent, expected_of(exercise_id))
    if not isinstance(independent, str) and exercise_id not in ("07.2", "11.2"):  # those two are approximations
        assert expected_of(exercise_id) == pytest.approx(independent, rel=1e-9)


@pytest.mark.parametrize("exercise_id", sorted(USUAL_MISTAKES))
def test_usual_mistake_is_not_yet_right(exercise_id):
    feedback = check(exercise_id, USUAL_MISTAKES[exercise_id])
    assert not feedback and "Hint: " + EXERCISES[exercise_id].hint in feedback.message


@pytest.mark.parametrize("exercise_id", [i for i in IDS if not isinstance(expected_of(i), str)])
def test_ten_percent_off_is_not_yet_right(exercise_id):
    assert not check(exercise_id, expected_of(exercise_id) * 1.1)


# --- the notebooks' use of the exercises ------------------------------------------------------


def notebook_check_calls() -> dict[str, list[str]]:
    """Notebook file name -> exercise ids passed to check(...) in its code cells."""
    calls = {}
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        with path.open(encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
        ids = []
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                ids += [match.group(2) for match in CHECK_CALL.finditer(source)]
        calls[path.name] = ids
    return calls


def test_call_pattern_finds_the_usual_forms():
    source = 'bn.exercises.check("02.1", answer)\nexercises.check( \'02.2\', x)\ncheck(exercise_id="02.3", answer=a)\n'
    assert [m.group(2) for m in CHECK_CALL.finditer(source)] == ["02.1", "02.2", "02.3"]
    assert not CHECK_CALL.search("bn.validation.check_distribution('p', 'p')")


def test_notebooks_check_only_existing_exercises_of_their_own_number():
    problems = []
    for name, ids in notebook_check_calls().items():
        number = NUMBERED.match(name).group(1) if NUMBERED.match(name) else None
        for exercise_id in ids:
            if exercise_id not in EXERCISES:
                problems.append(f"{name}: check({exercise_id!r}) is not in EXERCISES")
            elif not exercise_id.startswith("demo.") and exercise_id.split(".")[0] != number:
                problems.append(f"{name}: check({exercise_id!r}) belongs to notebook {exercise_id.split('.')[0]}")
    assert not problems, "\n".join(problems)


def test_every_exercise_is_used_by_a_notebook():
    used = {exercise_id for ids in notebook_check_calls().values() for exercise_id in ids}
    unused = sorted(set(EXERCISES) - used - UNUSED_ALLOWED)
    assert not unused, f"exercises no notebook checks: {unused}"


# --- hints first, then a worked solution ------------------------------------------------------------------------


def has_solution(exercise_id):
    return EXERCISES[exercise_id].solution is not None


SOLVED = [i for i in IDS if has_solution(i)]


def test_every_exercise_has_a_worked_solution():
    missing = [i for i in IDS if not has_solution(i)]
    assert not missing, f"exercises without a worked solution: {missing}"


@pytest.mark.parametrize("exercise_id", SOLVED)
def test_the_worked_solution_is_steps_with_numbers_and_the_answer(exercise_id):
    worked = solution(exercise_id)
    assert isinstance(worked, WorkedSolution) and worked.exercise_id == exercise_id
    assert len(worked.steps) >= 2
    assert all(step.strip() and "{}" not in step for step in worked.steps)
    assert any(re.search(r"\d\.\d", step) or re.search(r"\b\d{2,}\b", step) for step in worked.steps)
    right = check(exercise_id, expected_of(exercise_id)).message
    assert right == f"✅ {exercise_id}: right. {worked.answer}."  # the same answer, written the same way
    assert worked.message.startswith(f"📖 {exercise_id}, worked solution:\n\n1. ")
    assert worked.message.endswith(f"\n\nAnswer: {worked.answer}.")
    assert repr(worked) == worked.message
    # In a notebook, names such as p_T and H_Δ are typeset with their subscripts, as the prose has them.
    assert worked._repr_markdown_() == "\n".join(map(typeset_html, worked.message.split("\n")))
    assert attempts(exercise_id) == 0  # asking is not an attempt


def test_a_worked_solution_in_a_notebook_typesets_p_t():
    shown = solution("06.2")._repr_markdown_()
    assert "H(p<sub>T</sub>, q<sub>T</sub>)" in shown and "p_T" not in shown


@pytest.mark.parametrize("exercise_id", SOLVED)
def test_every_step_is_made_of_the_exercise_s_own_computation(exercise_id):
    steps = EXERCISES[exercise_id].solution()
    assert all(isinstance(step, Step) for step in steps)
    assert any(step.values for step in steps), "a worked solution computes at least one number"
    assert all(step.text.count("{}") == len(step.values) for step in steps)


@pytest.mark.parametrize("exercise_id", IDS)
def test_first_wrong_answer_gets_the_hint_the_second_the_worked_solution(exercise_id):
    wrong = clearly_wrong(expected_of(exercise_id))
    hint_only = f"❌ {exercise_id}: not yet. Hint: {EXERCISES[exercise_id].hint}"
    assert check(exercise_id, wrong).message == hint_only
    assert attempts(exercise_id) == 1
    second = check(exercise_id, wrong)
    assert attempts(exercise_id) == SOLUTION_AFTER == 2
    if has_solution(exercise_id):
        assert second.message == hint_only + "\n\n" + solution(exercise_id).message
        assert check(exercise_id, wrong).message == second.message  # and after every later wrong answer
    else:
        assert second.message == hint_only
    assert not second
    assert check(exercise_id, expected_of(exercise_id)).message.startswith(f"✅ {exercise_id}: right.")


def test_none_and_unusable_answers_are_not_attempts():
    for answer in (None, Ellipsis, "one bit", True, [1.0], float("nan")):
        check("02.1", answer)
    assert attempts("02.1") == 0
    assert "worked solution" not in check("02.1", 1.0).message
    assert "worked solution" in check("02.1", 2.0).message


def test_attempts_are_counted_per_exercise_and_can_be_reset():
    check("01.1", 1.0)
    check("01.2", 1.0)
    assert (attempts("01.1"), attempts("01.2"), attempts("01.3")) == (1, 1, 0)
    assert "worked solution" not in check("01.3", 1.0).message  # 01.1's attempt does not count for 01.3
    check("01.1", 1.0)
    reset_attempts("01.1")
    assert (attempts("01.1"), attempts("01.2")) == (0, 1)
    assert "worked solution" not in check("01.1", 1.0).message
    reset_attempts()
    assert attempts("01.2") == 0
    assert exercises._wrong_attempts == {}


def test_a_right_answer_after_wrong_ones_is_just_right():
    check("demo.1", 3)
    check("demo.1", 3)
    assert check("demo.1", 1).message == "✅ demo.1: right. 1 bit."


@pytest.mark.parametrize("call", [solution, attempts, reset_attempts])
@pytest.mark.parametrize("bad_id", ["nope", "99.9", 2.1, ["04.3"]])
def test_unknown_ids_raise_in_the_helpers(call, bad_id):
    with pytest.raises(ValueError, match=r"^exercise_id must be "):
        call(bad_id)


def test_an_exercise_without_a_solution_says_so(monkeypatch):
    monkeypatch.setitem(EXERCISES, "test.bare", Exercise(question="1 + 1?", answer=lambda: 2.0, hint="count"))
    worked = solution("test.bare")
    assert worked.steps == ()
    assert worked.message == "📖 test.bare: no worked solution is written for this exercise yet; the hint: count"
    check("test.bare", 5)
    assert check("test.bare", 5).message == "❌ test.bare: not yet. Hint: count"


def test_solution_numbers_are_computed_when_asked(monkeypatch):
    monkeypatch.setitem(EXERCISES, "test.live", Exercise(
        question="log2 8?", answer=lambda: math.log2(8), hint="2 × 2 × 2", unit="bits",
        solution=lambda: [Step("log2 8 = {} bits", (math.log2(8),)), Step("check: 2^{} = 8", (3,))]))
    assert solution("test.live").message == "📖 test.live, worked solution:\n\n1. log2 8 = 3 bits\n2. check: 2^3 = 8\n\nAnswer: 3 bits."


@pytest.mark.parametrize("value, shown", [(2.584962500721156, "2.5850"), (15358, "15358"), (3.0, "3"),
                                          (0.006867037, "0.006867"), (-2.2748325, "-2.2748"), (math.inf, "∞"),
                                          (0.25, "0.25"), ("10", "10")])
def test_step_numbers_are_written_with_enough_digits(value, shown):
    assert str(Step("{}", (value,))) == shown


# --- no spoilers: the answer is not on screen before the learner tries ---------------------------------------


def significant_digits(text):
    return len(text.replace(".", "").replace("-", "").strip("0"))


def spoiler_patterns(value):
    """Regular expressions for the ways a notebook would show ``value``.

    At 3 and at 4 decimals (the sign ignored, so a − of any kind matches),
    each only if it has at least three significant digits once leading and
    trailing zeros are dropped: 0.500, 0.033 or 2.000 are too common in any
    text to be evidence.  A whole-number answer is also searched as an integer
    (plain, or with a thousands separator) when it has three digits or more;
    1, 2 or 10 are everywhere.  A match must not be part of a longer number.
    """
    value = abs(float(value))
    forms = [f"{value:.{decimals}f}" for decimals in (3, 4)]
    forms = [form for form in forms if significant_digits(form) >= 3]
    patterns = [re.escape(form) for form in forms]
    if value.is_integer() and value >= 100:
        whole = int(value)
        patterns += [re.escape(str(whole)), re.escape(f"{whole:,}"), re.escape(f"{whole:,}".replace(",", "\u2009"))]
    return [re.compile(r"(?<![\d.,])" + pattern + r"(?![\d]|[.,]\d)") for pattern in dict.fromkeys(patterns)]


def shown_texts(notebook):
    """(where, text) for everything a reader sees before running anything: markdown cells and stored outputs."""
    for index, cell in enumerate(notebook["cells"]):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            yield f"cell {index} (markdown)", source
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = output.get("text", "")
                yield f"cell {index} (stream)", "".join(text) if isinstance(text, list) else text
            for kind in ("text/plain", "text/markdown"):
                data = output.get("data", {}).get(kind)
                if data is not None:
                    yield f"cell {index} ({kind})", "".join(data) if isinstance(data, list) else data


def spoilers(notebook, value):
    found = []
    for pattern in spoiler_patterns(value):
        for where, text in shown_texts(notebook):
            for match in pattern.finditer(text):
                found.append(f"{where}: …{text[max(0, match.start() - 60):match.end() + 20]}…")
    return found


def notebook_of(exercise_id):
    paths = sorted(NOTEBOOK_DIR.glob(exercise_id.split(".")[0] + "_*.ipynb"))
    return paths[0] if paths else None


NUMERIC_WITH_NOTEBOOK = [i for i in IDS if notebook_of(i) and not isinstance(expected_of(i), str)]


@pytest.mark.parametrize("exercise_id", NUMERIC_WITH_NOTEBOOK)
def test_no_notebook_shows_its_exercise_s_answer(exercise_id):
    notebook = json.loads(notebook_of(exercise_id).read_text(encoding="utf-8"))
    found = spoilers(notebook, expected_of(exercise_id))
    assert not found, f"{exercise_id}'s answer {expected_of(exercise_id)!r} is on screen in " \
                      f"{notebook_of(exercise_id).name}:\n" + "\n".join(found)


def fake_notebook(markdown="", stream="", plain="", markdown_output=""):
    return {"cells": [
        {"cell_type": "markdown", "source": [markdown]},
        {"cell_type": "code", "source": "x", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": [stream]},
            {"output_type": "execute_result", "data": {"text/plain": plain}},
            {"output_type": "display_data", "data": {"text/markdown": [markdown_output]}},
        ]},
    ]}


@pytest.mark.parametrize("where", ["markdown", "stream", "plain", "markdown_output"])
@pytest.mark.parametrize("shown", ["KL(M‖P) = 0.591 bits", "0.5906", "loss 0.5906 nats", "(0.591)"])
def test_the_spoiler_scan_finds_a_spoiled_answer(where, shown):
    notebook = fake_notebook(**{where: shown})
    assert spoilers(notebook, expected_of("03.1"))


def test_the_spoiler_scan_fails_the_made_up_notebook(tmp_path):
    spoiled = fake_notebook(stream="KL(Q‖P) = 2.022 bits\n", markdown="the floor is $H(P) \\approx 0.611$ nats")
    assert spoilers(spoiled, 2.0216479703638055) and spoilers(spoiled, 0.6108643020548935)
    assert spoilers(fake_notebook(plain="N = 15,358 draws"), 15358.0)
    assert spoilers(fake_notebook(plain="N = 15358"), 15358)
    assert spoilers(fake_notebook(plain="h = −2.275 bits"), -2.2748325097067212)


@pytest.mark.parametrize("shown", ["10.5906", "0.59061", "20.591", "0.5910", "5906", "0.59"])
def test_the_spoiler_scan_ignores_other_numbers(shown):
    assert not spoilers(fake_notebook(stream=shown, markdown=shown), expected_of("03.1"))


@pytest.mark.parametrize("value, shown", [(0.5002880350577577, "accuracy 0.500"), (1.5, "1.500 bits"),
                                          (2.0, "2.000"), (10.0, "10 draws"), (0.032499, "0.032"),
                                          (15358.0, "1535.8")])
def test_the_spoiler_scan_ignores_round_numbers_too_common_to_be_evidence(value, shown):
    assert not spoilers(fake_notebook(stream=shown), value)


# --- worked solutions stay in the package ----------------------------------------------------------------------


def solution_numbers(exercise_id):
    """The computed numbers of an exercise's worked solution (not the words, not the data it was given)."""
    return [value for step in EXERCISES[exercise_id].solution() for value in step.values
            if not isinstance(value, str) and math.isfinite(float(value))]


def notebook_sources(notebook):
    for index, cell in enumerate(notebook["cells"]):
        source = cell.get("source", "")
        yield index, "".join(source) if isinstance(source, list) else source


SOLVED_WITH_NOTEBOOK = [i for i in SOLVED if notebook_of(i)]


@pytest.mark.parametrize("exercise_id", SOLVED_WITH_NOTEBOOK)
def test_no_notebook_source_holds_a_worked_solution_s_numbers(exercise_id):
    notebook = json.loads(notebook_of(exercise_id).read_text(encoding="utf-8"))
    sources = list(notebook_sources(notebook))
    problems = []
    for value in solution_numbers(exercise_id):
        for pattern in spoiler_patterns(value):
            problems += [f"cell {index}: {pattern.pattern}" for index, source in sources if pattern.search(source)]
    for step in solution(exercise_id).steps:
        problems += [f"cell {index}: the step {step!r}" for index, source in sources if step in source]
    assert not problems, f"{notebook_of(exercise_id).name} holds {exercise_id}'s worked solution:\n" + "\n".join(problems)


def test_no_stored_output_holds_a_worked_solution():
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for where, text in shown_texts(notebook):
            assert "worked solution:" not in text and "📖" not in text, f"{path.name} {where}"
