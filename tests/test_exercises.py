"""Tests of bitsandnats.exercises.check, and of the exercises the notebooks use.

Every exercise must accept its own answer, reject a clearly wrong one with a
hint, and remind about ``None``.  The notebooks are scanned for
``check("ID", ...)`` calls (``bn.exercises.check``, ``exercises.check`` or an
imported ``check``): each id must exist and belong to the notebook's number,
and every exercise (except the demo) must be used somewhere.
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

from bitsandnats.exercises import EXERCISES, Exercise, Feedback, check
from bitsandnats.sampling import draw

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NUMBERED = re.compile(r"^(\d{2})_[\w.-]*\.ipynb$")
CHECK_CALL = re.compile(r"\bcheck\(\s*(?:exercise_id\s*=\s*)?([\"'])(.*?)\1")
ID_FORMAT = re.compile(r"^(\d{2}|demo)\.\d+$")
UNUSED_ALLOWED = {"demo.1"}

IDS = sorted(EXERCISES)


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
SOFT_TARGETS_06 = scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)

#: The answer to each exercise, computed without bitsandnats (math, SciPy, or by hand).
INDEPENDENT = {
    "01.1": math.log2(6),
    "01.2": math.log2(1000),
    "01.3": math.log(100),
    "02.1": math.log2(20),
    "02.2": 1.5,
    "02.3": "0.6/0.4",
    "03.1": stats.entropy(COLOURS_Q, COLOURS_P, base=2),
    "03.2": stats.entropy(COLOURS_P, base=math.e) + stats.entropy(COLOURS_P, COLOURS_Q, base=math.e),
    "03.3": "H(P,Q)",
    "04.1": -math.log(0.3),
    "04.2": math.log(2),
    "04.3": -(0.7 * math.log(0.7) + 0.3 * math.log(0.3)),
    "05.1": math.log(math.e + math.e**3 + 1) - 1,
    "05.2": stats.entropy([0.91] + [0.01] * 9),
    "05.3": 1 / (2 * _sigma(-4.0) * _sigma(4.0)),
    "06.1": SOFT_TARGETS_06[0],
    "06.2": stats.entropy(SOFT_TARGETS_06),
    "06.3": "hard",
    "07.1": 0.5 * math.log2(2 * math.pi * math.e * 0.05**2),
    "07.2": 0.5 * math.log2(2 * math.pi * math.e * 4) - math.log2(0.01),  # h - log2(bin width), near enough
    "07.3": 0.3 / (2 * 0.25) + 0.5 * math.log(2 * math.pi * 0.25),
    "08.1": 0.80 * 1 + 0.15 * 2 + 0.05 * 2,  # Q's Huffman code: red 0, green 10, blue 11
    "08.2": 0.5 * 1 + 0.25 * 2 + 0.125 * 3 + 0.125 * 3,
    "08.3": 0.80 * 2 + 0.15 * 2 + 0.05 * 1,  # P's code: red 10, green 11, blue 0
    "09.1": stats.entropy([0.7, 0.2, 0.1], base=2),
    "09.2": math.log(1 / 2) + (4 + 1) / 2 - 0.5,
    # 10: the variance of -log2 Q(x) under P over 0.01**2, rounded up; a sample's average; held-out draws' mean -ln Q
    "10.1": math.ceil((sum(p * math.log2(1 / q) ** 2 for p, q in zip((0.10, 0.40, 0.50), (0.80, 0.15, 0.05)))
                       - sum(p * math.log2(1 / q) for p, q in zip((0.10, 0.40, 0.50), (0.80, 0.15, 0.05))) ** 2)
                      / 1e-4),
    "10.2": (math.log2(1 / 0.8) + 2 * math.log2(1 / 0.15) + 3 * math.log2(1 / 0.05)) / 6,
    "10.3": float(np.dot(np.bincount(draw([0.10, 0.40, 0.50], 2000, 7),
                                     minlength=3), -np.log([0.80, 0.15, 0.05])) / 2000),
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
    "01.3": math.log(10),  # a factor of 10, not 100
    "02.3": "0.9/0.1",
    "03.1": stats.entropy(COLOURS_P, COLOURS_Q, base=2),  # KL(P || Q), the other direction
    "03.2": 3.288,  # the bits, not the nats
    "03.3": "H(Q,P)",
    "04.1": -math.log2(0.3),  # bits instead of nats
    "06.1": 0.5,
    "06.2": stats.entropy(SOFT_TARGETS_06, base=2),  # bits instead of nats
    "06.3": "soft",
    "07.1": -0.5 * math.log2(2 * math.pi * math.e * 0.05**2),  # the sign lost
    "07.2": 0.5 * math.log2(2 * math.pi * math.e * 4),  # the bin width forgotten
    "07.3": 0.3,  # the mean squared error itself
    "08.3": 0.10 * 1 + 0.40 * 2 + 0.50 * 2,  # P's data on Q's code, the other way round
    "09.1": 0,
    "09.2": math.log(2) + (1 + 1) / (2 * 4) - 0.5,  # KL(N(0, 1) || N(1, 2**2)), the notebook's direction
}


def test_every_exercise_has_an_independent_answer():
    assert set(INDEPENDENT) == set(EXERCISES) - UNUSED_ALLOWED
    assert set(USUAL_MISTAKES) <= set(INDEPENDENT)


@pytest.mark.parametrize("exercise_id", sorted(INDEPENDENT))
def test_independent_answer_is_right(exercise_id):
    independent = INDEPENDENT[exercise_id]
    assert check(exercise_id, independent), (independent, expected_of(exercise_id))
    if not isinstance(independent, str) and exercise_id != "07.2":  # 07.2's is an approximation
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
