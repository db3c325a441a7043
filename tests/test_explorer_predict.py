"""The predict widget, headless: construction, the commit flow, refusals, and that nothing shown before a commit tells.

A Prediction is driven as a notebook or the browser drives it: ``set(guess=...)``
(a pick), ``commit()``, ``try_again()`` and ``set_state`` (the browser's
moves).  What it reveals is checked against the numbers computed here from
the guess and the answer, and the browser's module (predict.js) must parse
guesses and write the revealed rows exactly as Python does (node).
"""

from __future__ import annotations

import base64
import json
import math
import random

import numpy as np
import pytest
from explorer_checks import (JUNK_FOR_EVERY_CONTROL, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, run_module_in_node, storm)
from matplotlib.figure import Figure

from bitsandnats import measures
from bitsandnats.explorers.predict import INVITATION, REVEALED_LABELS, VERDICTS, Prediction, parse_guess
from bitsandnats.notation import number_text

EXPLANATION = "Because the sum weighs each cost by how often it is paid."


def true_or_false(truth=False):
    return Prediction.true_or_false("Cross-entropy is the extra bits for using Q.", truth, EXPLANATION)


def entropy_number(**kwargs):
    return Prediction.number("H(P) for P = (0.5, 0.25, 0.25), in bits?", measures.entropy([0.5, 0.25, 0.25]),
                             EXPLANATION, unit="bits", tolerance=kwargs.pop("tolerance", 0.05), **kwargs)


def state(widget):
    return (widget.guess, widget.committed)


def figure_texts(figure: Figure) -> str:
    return "\n".join(text.get_text() for axes in figure.axes for text in axes.texts) + "\n".join(
        text.get_text() for text in figure.texts)


# --- construction -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("arguments, named", [
    ({"question": ""}, "question"),
    ({"question": None}, "question"),
    ({"kind": "guess"}, "kind"),
    ({"kind": ["choice"]}, "kind"),
    ({"explanation": "  "}, "explanation"),
    ({"options": "True"}, "options"),
    ({"options": ["True"]}, "options"),
    ({"options": ["True", "True"]}, "options"),
    ({"options": ["True", ""]}, "options"),
    ({"options": ["True", 1]}, "options"),
    ({"options": 3}, "options"),
    ({"answer": "maybe"}, "answer"),
    ({"answer": True}, "answer"),
    ({"unit": "bits"}, "unit"),
    ({"tolerance": 0.1}, "tolerance"),
    ({"presentation": 1}, "presentation"),
])
def test_a_choice_refuses_bad_arguments_and_names_them(arguments, named):
    given = {"question": "Q?", "kind": "choice", "answer": "False", "explanation": "x",
             "options": ["True", "False"], **arguments}
    with pytest.raises(ValueError, match=named):
        Prediction(given.pop("question"), given.pop("kind"), given.pop("answer"), given.pop("explanation"), **given)


@pytest.mark.parametrize("arguments, named", [
    ({"answer": math.nan}, "answer"),
    ({"answer": math.inf}, "answer"),
    ({"answer": "1.5"}, "answer"),
    ({"answer": None}, "answer"),
    ({"tolerance": -0.1}, "tolerance"),
    ({"tolerance": math.nan}, "tolerance"),
    ({"tolerance": "0.1"}, "tolerance"),
    ({"digits": -1}, "digits"),
    ({"digits": 1.5}, "digits"),
    ({"digits": 13}, "digits"),
    ({"unit": None}, "unit"),
    ({"options": ["a", "b"]}, "options"),
])
def test_a_number_refuses_bad_arguments_and_names_them(arguments, named):
    given = {"question": "Q?", "kind": "number", "answer": 1.5, "explanation": "x", "unit": "bits",
             "tolerance": 0.1, **arguments}
    with pytest.raises(ValueError, match=named):
        Prediction(given.pop("question"), given.pop("kind"), given.pop("answer"), given.pop("explanation"), **given)


@pytest.mark.parametrize("truth", [1, "True", None, np.float64(1.0)])
def test_true_or_false_takes_only_a_computed_truth(truth):
    with pytest.raises(ValueError, match="truth must be True or False"):
        Prediction.true_or_false("A claim.", truth, "x")


def test_true_or_false_takes_numpy_bools_and_makes_the_answer_an_option():
    claim = Prediction.true_or_false("A claim.", np.bool_(True), "x")
    assert (claim.options, claim.answer, claim.kind) == (["True", "False"], "True", "choice")
    claim.close()


# --- the commit flow -----------------------------------------------------------------------------------------


def test_a_choice_shows_nothing_until_committed_then_the_verdict_and_try_again_hides_it():
    claim = true_or_false(False)
    assert (claim.guess, claim.committed, claim.verdict, claim.revealed(), claim.readouts()) == (
        None, False, None, [], {})
    claim.set(guess="True")
    assert (claim.committed, claim.verdict, claim.revealed()) == (False, None, [])
    claim.commit()
    assert claim.verdict == "wrong"
    assert claim.revealed() == [("Your prediction", "True"), ("The answer", "False"),
                                ("Verdict", "Not this time: the answer is not what you predicted.")]
    claim.try_again()
    assert (claim.guess, claim.committed, claim.verdict, claim.revealed()) == ("True", False, None, [])
    claim.commit("False")
    assert claim.verdict == "right" and claim.revealed()[2] == (
        "Verdict", "Right: the answer is what you predicted.")
    claim.close()


@pytest.mark.parametrize("guess", [1.5, 1.45, 1.55, 1.6, 1.4, -3, 0, "1.5", " 1.5 bits ", "1.7e0"])
def test_a_number_reveals_how_far_off_absolutely_and_relatively_in_its_unit(guess):
    widget = entropy_number()
    widget.commit(guess)
    value = float(str(guess).replace("bits", "")) if isinstance(guess, str) else float(guess)
    answer = measures.entropy([0.5, 0.25, 0.25])
    off = abs(value - answer)
    assert widget.guess == value
    assert widget.readouts() == {"guess": value, "answer": answer, "off by": off, "relative": off / answer}
    assert widget.verdict == ("right" if off <= 0.05 else "wrong")
    rows = dict(widget.revealed())
    assert list(rows) == list(REVEALED_LABELS)
    assert rows["Your prediction"] == f"{number_text(value)} bits" and rows["The answer"] == "1.500 bits"
    side = "" if off == 0 else " too high" if value > answer else " too low"
    assert rows["Off by"] == f"{number_text(off)} bits{side}, {number_text(100 * off / answer, 1)} % of the answer"
    assert rows["Verdict"].startswith(VERDICTS[widget.verdict]) and "±0.050 bits" in rows["Verdict"]
    widget.close()


def test_an_answer_of_zero_has_no_relative_error():
    widget = Prediction.number("KL(P‖P), in nats?", measures.kl_divergence([0.3, 0.7], [0.3, 0.7]), "x",
                               unit="nats", tolerance=0.01)
    widget.commit(0.2)
    assert dict(widget.revealed())["Off by"] == "0.200 nats too high (the answer is 0, so no relative error)"
    assert "relative" not in widget.readouts()
    widget.close()


@pytest.mark.parametrize("guess", [math.nan, math.inf, -math.inf, "nan", "inf", "abc", "", "1,5", "1.5 nats",
                                   None, True, [1.5], 10**400, "1e999", np.nan])
def test_a_bad_number_guess_is_refused_with_a_message_and_changes_nothing(guess):
    widget = entropy_number()
    widget.set(guess=1.0)
    with pytest.raises(ValueError, match="guess"):
        widget.commit(guess) if guess is not None else widget.set(guess=guess)
    assert state(widget) == (1.0, False)
    widget.close()


@pytest.mark.parametrize("guess", ["true", "Maybe", 1, True, None, ["True"]])
def test_a_choice_refuses_what_is_not_an_option(guess):
    claim = true_or_false()
    with pytest.raises(ValueError, match="guess must be one of the options True / False"):
        claim.set(guess=guess)
    with pytest.raises(ValueError, match="guess"):
        claim.commit(guess)
    assert state(claim) == (None, False)
    claim.close()


def test_committing_twice_or_changing_a_committed_guess_is_refused():
    claim = true_or_false()
    with pytest.raises(ValueError, match="guess is missing"):
        claim.commit()
    claim.commit("True")
    with pytest.raises(ValueError, match="already committed"):
        claim.commit("False")
    with pytest.raises(ValueError, match="Try again"):
        claim.sliders["guess"].value = "False"
    assert state(claim) == ("True", True)
    claim.close()


@pytest.mark.slow
def test_a_storm_of_picks_commits_and_junk_keeps_the_state_valid():
    rng = random.Random(20251211)
    widget = entropy_number()
    good = [0.0, 1.5, -2.25, 1e-300, 1e300, 7]

    def draw():
        if rng.random() < 0.4:
            return {"guess": (rng.choice(JUNK_FOR_EVERY_CONTROL[:3] + ["x", "1.5.5", None, True, [1.0], 1j, 10**400]), REFUSED)}
        value = rng.choice(good)
        return {"guess": (value, float(value))}

    def check(taken):
        assert widget.committed is False and (widget.guess is None or math.isfinite(widget.guess))
        assert widget.revealed() == [] and widget.verdict is None

    refused = storm(widget, rng, draw, state=lambda: state(widget), check=check)
    assert 3000 < refused < 5000
    widget.close()


# --- state from the browser --------------------------------------------------------------------------------------


def test_the_browsers_commit_is_taken_and_a_state_it_would_never_send_is_refused():
    claim = true_or_false(True)
    claim.set_state({"guess": "True", "committed": True})
    assert (claim.verdict, claim.error) == ("right", "")
    claim.set_state({"committed": False})
    for bad in ({"answer": "False"}, {"explanation": "other"}, {"options": ["a", "b"]}, {"guess": "Maybe"},
                {"guess": 1.0}, {"guess": None, "committed": True}, {"question": "Another?"}):
        claim.set_state(bad)
        assert claim.error.startswith("Refused:"), bad
        assert (claim.guess, claim.committed, claim.answer) == ("True", False, "True")
    widget = entropy_number()
    for bad in ({"guess": "1.5", "committed": True}, {"committed": True}, {"tolerance": 1.0}):
        widget.set_state(bad)
        assert widget.error.startswith("Refused:") and state(widget) == (None, False), bad
    widget.set_state({"guess": 1.5, "committed": True})
    assert widget.verdict == "right"
    claim.close()
    widget.close()


# --- nothing shown before the commit tells the answer ------------------------------------------------------------


@pytest.mark.parametrize("make", [true_or_false, entropy_number], ids=["choice", "number"])
def test_the_display_bundle_shows_only_the_question_committed_or_not(make):
    widget = make()
    text = assert_display_bundle(widget, "Predict, then see")
    assert text.splitlines()[-1] == INVITATION
    for secret in (EXPLANATION, "1.500", "Verdict", "The answer", "Right", "Not this time"):
        assert secret not in text
    png = widget._repr_mimebundle_()[0]["image/png"]
    widget.commit("False" if widget.kind == "choice" else 1.2)
    after = widget._repr_mimebundle_()[0]
    assert after["text/plain"] == text and after["image/png"] == png
    widget.close()


def test_the_question_card_holds_the_question_and_never_the_answer_or_the_explanation():
    cards = []
    for answer in (0.123456, 9.87654):
        widget = Prediction.number("How many nats?\n\nThink first.", answer, "Explained here.", unit="nats",
                                   tolerance=0.1)
        figure = widget.still_figure()
        assert isinstance(figure, Figure)
        texts = figure_texts(figure)
        assert "How many nats?" in texts and "Think first." in texts and INVITATION in texts
        assert "Explained" not in texts and number_text(answer) not in texts
        cards.append(texts)
        widget.close()
    assert cards[0] == cards[1]
    claim = true_or_false(True)
    assert "Options: True / False" in figure_texts(claim.still_figure())
    claim.close()


def test_a_presentation_card_is_larger():
    small, large = true_or_false(), Prediction.true_or_false("A claim.", True, "x", presentation=True)
    assert large.still_figure().get_size_inches()[0] > small.still_figure().get_size_inches()[0]
    small.close()
    large.close()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(true_or_false())


@pytest.mark.slow
def test_building_and_closing_two_hundred_predictions_keeps_little_memory():
    def build(index):
        widget = entropy_number()
        widget.commit(index / 100)
        return widget

    assert_closed_explorers_leave_little(build)


# --- the browser's module ------------------------------------------------------------------------------------------

TYPED = ["1.5", " −1.5 ", "+2", "2e-3", ".5", "5.", "1.5 bits", "1.5bits", "nan", "NaN", "inf", "Infinity", "",
         "abc", "1,5", "1e999", "-0", "0x10", "1.5 nats", "1e308", "  7  "]


def test_the_browser_parses_guesses_and_reveals_exactly_as_python(tmp_path):
    states = []
    for guess in (1.5, 1.45, 1.55, 1.6, 0.0, -3.25, 1e-7, 123.456):
        for answer, tolerance, unit, digits in ((1.5, 0.05, "bits", 3), (0.0, 0.01, "nats", 4),
                                                (-0.884, 0.1, "nats", 2), (2 / 3, 0.0, "", 3)):
            states.append({"kind": "number", "guess": guess, "answer": answer, "tolerance": tolerance,
                           "unit": unit, "digits": digits})
    for guess in ("True", "False"):
        states.append({"kind": "choice", "guess": guess, "answer": "False", "tolerance": 0, "unit": "", "digits": 3})
    found = run_module_in_node("predict", f"""
const states = {json.dumps(states)};
const typed = {json.dumps(TYPED)};
console.log(JSON.stringify({{
  render: typeof explorer.default.render,
  labels: explorer.REVEALED_LABELS,
  rows: states.map((state) => explorer.revealedRows(state)),
  verdicts: states.map((state) => explorer.verdict(state)),
  parsed: typed.map((text) => explorer.parseGuess(text, "bits")),
  paragraphs: explorer.paragraphs("One  two\\n\\n  three\\nfour\\n\\n\\n"),
}}));
""", tmp_path)
    assert found["render"] == "function" and found["labels"] == list(REVEALED_LABELS)
    assert found["paragraphs"] == ["One two", "three four"]
    for given, rows, verdict in zip(states, found["rows"], found["verdicts"]):
        if given["kind"] == "number":
            widget = Prediction.number("Q?", given["answer"], "x", unit=given["unit"], tolerance=given["tolerance"],
                                       digits=given["digits"])
        else:
            widget = Prediction.true_or_false("Q?", given["answer"] == "True", "x")
        widget.commit(given["guess"])
        assert [tuple(row) for row in rows] == widget.revealed(), given
        assert verdict == widget.verdict
        widget.close()
    for text, parsed in zip(TYPED, found["parsed"]):
        try:
            value = parse_guess(text, "bits")
        except ValueError as error:
            assert parsed == {"error": str(error)}, text
        else:
            assert parsed == {"value": value}, text


def test_the_png_is_a_png():
    claim = true_or_false()
    data, _ = claim._repr_mimebundle_()
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"
    claim.close()
