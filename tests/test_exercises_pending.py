"""Exercise tests from the old topic files that tests/test_exercises.py does not cover yet: to merge there.

tests/test_exercises.py checks that every exercise accepts its own answer,
rejects a clearly wrong one with a hint and reminds about ``None``.  The tests
here check more: each expected answer against an independent computation
(SciPy, ``math``), particular wrong answers (bits for nats, KL(P‖Q) for
KL(Q‖P), an answer 10 % off), and the verdicts of ``exercises.reveal``.  They
are kept as they were, to be merged into tests/test_exercises.py by its owner.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.special import softmax as scipy_softmax

import bitsandnats as bn
from bitsandnats import exercises, measures, training
from bitsandnats.exercises import EXERCISES, check


# --- notebooks 01 and 02 (from tests/test_surprise_entropy.py) ---------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("01.1", math.log2(6)),
        ("01.2", math.log2(1000)),
        ("01.3", math.log(100)),
        ("02.1", math.log2(20)),
        ("02.2", 1.5),
    ],
)
def test_numeric_answers(exercise_id, expected):
    assert EXERCISES[exercise_id].answer() == pytest.approx(expected, rel=1e-12)
    assert check(exercise_id, expected)
    assert not check(exercise_id, expected * 1.1)


def test_the_less_lopsided_coin_has_more_entropy():
    assert EXERCISES["02.3"].answer() == "0.6/0.4"
    assert check("02.3", " 0.6/0.4 ")
    assert not check("02.3", "0.9/0.1")


# --- notebook 03 and 09: predict, then reveal; exercises (from tests/test_colours_misconceptions.py) ---


P = [0.10, 0.40, 0.50]


Q = [0.80, 0.15, 0.05]


class TestReveal:
    def test_without_a_prediction_it_still_explains(self):
        shown = exercises.reveal(None, False, "Because.")
        assert not shown
        assert "No prediction yet" in repr(shown)
        assert "The claim is FALSE. Because." in repr(shown)

    @pytest.mark.parametrize(("prediction", "truth", "right"), [(True, True, True), (False, False, True), (True, False, False), (False, True, False)])
    def test_verdict(self, prediction, truth, right):
        shown = exercises.reveal(prediction, truth, "Why.")
        assert bool(shown) is right
        assert repr(shown).startswith("✅" if right else "❌")
        assert f"The claim is {'TRUE' if truth else 'FALSE'}." in repr(shown)

    def test_accepts_numpy_bools_and_words(self):
        assert exercises.reveal(np.bool_(False), np.float64(1.0) > 2, "x")
        assert exercises.reveal(" True ", True, "x")
        assert not exercises.reveal("false", True, "x")

    def test_a_prediction_that_is_not_true_or_false_gets_a_reminder(self):
        shown = exercises.reveal("maybe", True, "x")
        assert not shown and "should be True or False" in repr(shown)
        assert "The claim is TRUE" in repr(shown)

    def test_markdown_puts_verdict_and_explanation_in_separate_paragraphs(self):
        assert "\n\n" in exercises.reveal(True, True, "x")._repr_markdown_()


class TestExercises:
    def test_03_answers(self):
        kl_qp = stats.entropy(Q, P, base=2)
        assert exercises.check("03.1", kl_qp)
        assert not exercises.check("03.1", bn.kl_divergence(P, Q))
        ce_nats = stats.entropy(P, base=math.e) + stats.entropy(P, Q, base=math.e)
        assert exercises.check("03.2", ce_nats)
        assert not exercises.check("03.2", 3.288)
        assert exercises.check("03.3", "H(P, Q)")
        assert not exercises.check("03.3", "H(Q,P)")

    def test_09_answers(self):
        assert exercises.check("09.1", stats.entropy([0.7, 0.2, 0.1], base=2))
        assert not exercises.check("09.1", 0)
        assert exercises.check("09.2", math.log(1 / 2) + (4 + 1) / 2 - 0.5)
        assert not exercises.check("09.2", measures.kl_divergence_normal(0.0, 1.0, 1.0, 2.0))


# --- notebooks 04 and 05 (from tests/test_losses_training.py) ----------------------------------


@pytest.mark.parametrize("exercise_id", ["04.1", "04.2", "04.3", "05.1", "05.2", "05.3"])
def test_exercises_accept_the_answer_and_reject_a_wrong_one(exercise_id):
    expected = EXERCISES[exercise_id].answer()
    assert check(exercise_id, expected)
    assert not check(exercise_id, expected * 1.1 + 0.1)
    assert "replace None" in repr(check(exercise_id, None))


def test_exercise_answers_have_the_right_values():
    assert EXERCISES["04.1"].answer() == pytest.approx(-math.log(0.3))
    assert EXERCISES["04.2"].answer() == pytest.approx(math.log(2))
    assert EXERCISES["04.3"].answer() == pytest.approx(-(0.7 * math.log(0.7) + 0.3 * math.log(0.3)))
    assert EXERCISES["05.1"].answer() == pytest.approx(math.log(math.e + math.e**3 + 1) - 1)
    assert EXERCISES["05.3"].answer() == pytest.approx(1 / (2 * training.sigmoid(-4.0) * training.sigmoid(4.0)))


# --- notebooks 06 and 07 (from tests/test_distillation_continuous.py) ---------------------------


def test_exercise_answers():
    assert check("06.1", scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)[0])
    assert not check("06.1", 0.5)
    p = scipy_softmax(np.array([4.0, 1.0, 0.0]) / 3)
    assert check("06.2", -np.sum(p * np.log(p)))
    assert not check("06.2", -np.sum(p * np.log2(p)))  # bits instead of nats
    assert check("06.3", " Hard ")
    assert not check("06.3", "soft")
    assert check("07.1", 0.5 * math.log2(2 * math.pi * math.e * 0.05**2))
    assert check("07.1", -2.2748)
    assert not check("07.1", 2.2748)
    assert check("07.2", 0.5 * math.log2(2 * math.pi * math.e * 4) - math.log2(0.01))
    assert not check("07.2", 0.5 * math.log2(2 * math.pi * math.e * 4))
    assert check("07.3", 0.3 / (2 * 0.25) + 0.5 * math.log(2 * math.pi * 0.25))
    assert not check("07.3", 0.3)
    for key in ("06.1", "06.2", "06.3", "07.1", "07.2", "07.3"):
        assert EXERCISES[key].hint
        assert "replace None" in check(key, None).message
