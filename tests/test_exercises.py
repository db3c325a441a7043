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

from bitsandnats import exercises
from bitsandnats.exercises import EXERCISES, Exercise, Feedback, check

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


@pytest.mark.parametrize(
    "truth, explanation, message",
    [
        (1, "x", r"^truth must be True or False, got 1$"),
        (None, "x", r"^truth must be True or False, got None$"),
        ("True", "x", r"^truth must be True or False, got 'True'$"),
        (True, "", r"^explanation must be a non-empty string, got ''$"),
        (True, None, r"^explanation must be a non-empty string, got None$"),
    ],
)
def test_reveal_refuses_what_the_notebook_got_wrong(truth, explanation, message):
    with pytest.raises(ValueError, match=message):
        exercises.reveal(True, truth, explanation)


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


def test_module_exports():
    assert {"check", "EXERCISES", "Exercise", "Feedback"} <= set(exercises.__all__)
