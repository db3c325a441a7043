r"""Predict, then see: a question whose answer is shown only after the learner commits to a guess.

A :class:`Prediction` asks one question, either a choice among options
("True" / "False", "larger" / "smaller" / "equal") or a number with a unit.
The answer is computed by the package in the notebook and passed in; the
learner picks or types a guess and presses **Commit**, and only then sees
their guess beside the answer, whether it was right (for a number: how far
off, absolutely and relative to the answer, and whether within the
tolerance) and the explanation.  **Try again** takes the commitment back.

What is shown before the commit holds nothing of the answer: the live view
draws the answer only once ``committed`` is true, and the display bundle's
``text/plain`` and PNG (what nbval compares, what GitHub shows) carry only the
question, whatever the state.  The answer does sit in the widget's model
(a static page needs it there to answer without a kernel); that is the one
place it is.

The numbers revealed are written by :func:`~bitsandnats.notation.number_text`
here and by ``formatNumber`` (twin.js) in the browser, which write every
number identically; :meth:`Prediction.revealed` gives the rows the browser
shows after the commit.

Examples
--------
>>> import bitsandnats as bn
>>> claim = Prediction.true_or_false("H(P, P) is 0 when Q = P.", bn.cross_entropy([0.5, 0.5], [0.5, 0.5]) == 0,
...                                  "H(P, P) = H(P) = 1 bit for a fair coin: the entropy, not 0.")
>>> print(claim.summary())
H(P, P) is 0 when Q = P.
Options: True / False
Commit your prediction in the live widget to see the answer.
>>> claim.verdict is None
True
>>> claim.commit("True")
>>> claim.verdict
'wrong'
>>> claim.revealed()[1]
('The answer', 'False')
>>> claim.close()
>>> guess = Prediction.number("H(P) of a fair coin, in bits?", bn.entropy([0.5, 0.5]), "One bit.", unit="bits",
...                           tolerance=0.05)
>>> guess.commit(1.1)
>>> guess.revealed()[2]
('Off by', '0.100 bits too high, 10.0 % of the answer')
>>> guess.close()
"""

from __future__ import annotations

import math
import re
import textwrap

import traitlets

from .. import plots
from ..notation import number_text
from ..plots._style import _describe
from ..validation import check_choice, check_flag, check_number, check_text, check_whole_number, shown
from ._base import Control, Explorer

__all__ = ["Prediction", "parse_guess", "REVEALED_LABELS", "VERDICTS", "KINDS"]

#: The two kinds of question.
KINDS = ("choice", "number")
#: The labels of the rows shown after a commit, in order ("Off by" only for a number).  No stored output may
#: hold them (tests/test_no_spoilers.py looks for them).
REVEALED_LABELS = ("Your prediction", "The answer", "Off by", "Verdict")
#: The start of the verdict's text, right and wrong: shown only after a commit.
VERDICTS = {"right": "Right", "wrong": "Not this time"}
#: What the question card and the text summary say instead of the answer.
INVITATION = "Commit your prediction in the live widget to see the answer."

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)


def parse_guess(text: str, unit: str = "") -> float:
    """A typed guess as a finite number, or a ``ValueError`` saying what to type (as the browser parses it).

    Spaces around it are ignored, a true minus sign (−) counts as one, and
    the unit may follow the number (``"1.5 bits"``).  Anything else, NaN,
    the infinities and numbers too large for a float64 are refused.

    Examples
    --------
    >>> parse_guess(" −1.5 "), parse_guess("2e-3"), parse_guess("1.5 bits", "bits")
    (-1.5, 0.002, 1.5)
    >>> parse_guess("nan")
    Traceback (most recent call last):
    ...
    ValueError: guess must be a number, such as 1.5; got "nan"
    """
    if not isinstance(text, str):
        raise ValueError(f"guess must be typed text, got {shown(text)}")
    trimmed = text.strip().replace("\u2212", "-")
    if unit and trimmed.endswith(unit):
        trimmed = trimmed[: -len(unit)].strip()
    example = f"1.5 {unit}" if unit else "1.5"
    if not _NUMBER.match(trimmed):
        raise ValueError(f'guess must be a number, such as {example}; got "{text.strip()}"')
    value = float(trimmed)
    if not math.isfinite(value):
        raise ValueError(f'guess must be a number a float64 can hold; got "{text.strip()}"')
    return value


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


class Prediction(Explorer):
    r"""One question to predict before the answer is shown: a choice among options, or a number with a unit.

    Parameters
    ----------
    question : str
        The question, plain text (paragraphs separated by a blank line).
    kind : {"choice", "number"}
        Pick one of ``options``, or type a number in ``unit``.
    answer : str or float
        The right option, or the number (finite), computed by the package.
    explanation : str
        Why, shown after the commit (plain text, paragraphs as for ``question``).
    options : sequence of str
        For ``kind="choice"``: two or more distinct options.
    unit : str
        For ``kind="number"``: the unit of the answer and the guess ("bits", "nats"; "" for a pure number).
    tolerance : float
        For ``kind="number"``: a guess within this distance of the answer, in ``unit``, counts as right.
    digits : int
        For ``kind="number"``: decimals shown (0 to 12).
    presentation : bool
        Everything at 24 px, for a projector.

    Notes
    -----
    For a number guess :math:`g` and answer :math:`a`, the guess is off by
    :math:`|g - a|` (in ``unit``), which is :math:`100\,|g - a| / |a|` per cent
    of the answer (not defined when :math:`a = 0`), and it is right when
    :math:`|g - a| \le` ``tolerance``.

    Examples
    --------
    >>> which = Prediction.choice("Is H(Q, P) larger or smaller than H(P, Q)?", ["larger", "smaller", "equal"],
    ...                           "smaller", "Here it is smaller.")
    >>> which.set(guess="larger")            # a pick, not yet a commitment
    >>> which.committed, which.verdict
    (False, None)
    >>> which.commit()
    >>> which.verdict
    'wrong'
    >>> which.try_again(); which.commit("smaller"); which.verdict
    'right'
    >>> which.close()
    """

    title = "Predict, then see"
    _module = "predict"

    question = traitlets.Unicode("").tag(sync=True)
    kind = traitlets.Unicode("choice").tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    tolerance = traitlets.Float(0.0).tag(sync=True)
    digits = traitlets.Int(3).tag(sync=True)
    answer = traitlets.Union([traitlets.Unicode(), traitlets.Float()]).tag(sync=True)
    explanation = traitlets.Unicode("").tag(sync=True)
    #: The learner's pick or number (None until they give one); the one they committed once ``committed``.
    guess = traitlets.Union([traitlets.Unicode(), traitlets.Float()], allow_none=True, default_value=None).tag(
        sync=True)
    #: Whether the learner has committed: only then is the answer drawn.
    committed = traitlets.Bool(False).tag(sync=True)

    def __init__(self, question, kind, answer, explanation, *, options=(), unit="", tolerance=0.0, digits=3,
                 presentation: bool = False):
        question = check_text(question, "question")
        kind = check_choice(kind, "kind", KINDS)
        explanation = check_text(explanation, "explanation")
        if not isinstance(unit, str):
            raise ValueError(f"unit must be a string, got {shown(unit)}")
        if kind == "choice":
            if isinstance(options, str) or not hasattr(options, "__iter__"):
                raise ValueError(f"options must be a list of two or more strings, got {shown(options)}")
            options = list(options)
            if len(options) < 2:
                raise ValueError(f"options must hold two or more options, got {shown(options)}")
            options = [check_text(option, "options") for option in options]
            if len(set(options)) != len(options):
                raise ValueError(f"options must be distinct, got {shown(options)}")
            answer = check_choice(answer, "answer", options)
            if unit or tolerance != 0.0:
                raise ValueError("unit and tolerance are for kind='number' only")
            options, digits, tolerance = [str(option) for option in options], 3, 0.0
        else:
            if len(options):
                raise ValueError("options are for kind='choice' only")
            answer = check_number(answer, "answer")
            tolerance = check_number(tolerance, "tolerance", low=0)
            digits = check_whole_number(digits, "digits", low=0, high=12)
            options = []
        super().__init__(presentation=presentation, question=question, kind=kind, options=options, unit=unit,
                         tolerance=tolerance, digits=digits, answer=answer, explanation=explanation)
        self._fixed = {name: getattr(self, name) for name in
                       ("question", "kind", "options", "unit", "tolerance", "digits", "answer", "explanation")}

    @classmethod
    def choice(cls, question, options, answer, explanation, **kwargs) -> Prediction:
        """A question with ``options`` to pick from, ``answer`` being one of them."""
        return cls(question, "choice", answer, explanation, options=options, **kwargs)

    @classmethod
    def number(cls, question, answer, explanation, *, unit, tolerance, digits=3, **kwargs) -> Prediction:
        """A question whose answer is a number in ``unit``; a guess within ``tolerance`` of it is right."""
        return cls(question, "number", answer, explanation, unit=unit, tolerance=tolerance, digits=digits, **kwargs)

    @classmethod
    def true_or_false(cls, claim, truth, explanation, **kwargs) -> Prediction:
        """Is ``claim`` true?  ``truth`` (True or False, computed by the package) decides the answer."""
        truth = check_flag(truth, "truth")
        return cls(claim, "choice", "True" if truth else "False", explanation, options=("True", "False"), **kwargs)

    # -- the learner's moves -----------------------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {"guess": Control(self, "guess", options=self.options or None)}

    def value_of(self, name: str):
        return self.guess

    def _checked_guess(self, guess):
        if self.kind == "choice":
            listed = " / ".join(self.options)
            if not isinstance(guess, str) or guess not in self.options:
                raise ValueError(f"guess must be one of the options {listed}; got {shown(guess)}")
            return str(guess)
        if isinstance(guess, str):
            return parse_guess(guess, self.unit)
        return check_number(guess, "guess")

    def _moved(self, moves: dict) -> dict:
        if self.committed:
            raise ValueError("guess cannot change once committed: press Try again (try_again()) first")
        return {"guess": self._checked_guess(moves["guess"])}

    def commit(self, guess=None) -> None:
        """Commit to ``guess`` (or to the guess already picked): the answer is then shown, and ``verdict`` set.

        A choice is one of the options; a number is a finite number or text
        such as ``"1.5"`` (:func:`parse_guess`).  A bad guess is refused with
        a ``ValueError`` saying what is wanted, and nothing changes.
        """
        if self.committed:
            raise ValueError("already committed: press Try again (try_again()) to commit another guess")
        if guess is None:
            if self.guess is None:
                raise ValueError("guess is missing: pick or type one, then commit")
            guess = self.guess
        self._apply({"guess": self._checked_guess(guess), "committed": True})

    def try_again(self) -> None:
        """Take the commitment back: the answer is hidden again, and the guess stays to be changed."""
        self._apply({"committed": False})

    def _check_state(self) -> None:
        for name, value in self._fixed.items():
            if getattr(self, name) != value:
                raise ValueError(f"{name} is fixed by the notebook and cannot change")
        if self.guess is not None:
            if self.kind == "choice" and not isinstance(self.guess, str):
                raise ValueError(f"guess must be one of the options, got {shown(self.guess)}")
            if self.kind == "number" and (isinstance(self.guess, str) or not math.isfinite(self.guess)):
                raise ValueError(f"guess must be a finite number, got {shown(self.guess)}")
            self._checked_guess(self.guess)
        elif self.committed:
            raise ValueError("guess is missing, so nothing can be committed")

    # -- what is shown -----------------------------------------------------------------------------

    @property
    def verdict(self) -> str | None:
        """None before the commit; then ``"right"`` or ``"wrong"`` (a number: within the tolerance or not)."""
        if not self.committed:
            return None
        if self.kind == "choice":
            return "right" if self.guess == self.answer else "wrong"
        return "right" if abs(self.guess - self.answer) <= self.tolerance else "wrong"

    def _amount(self, value: float) -> str:
        text = number_text(value, self.digits)
        return f"{text} {self.unit}" if self.unit else text

    def revealed(self) -> list[tuple[str, str]]:
        """The rows the widget shows after the commit, label and text (none before it); the explanation follows them."""
        if not self.committed:
            return []
        if self.kind == "choice":
            right = self.guess == self.answer
            return [("Your prediction", self.guess), ("The answer", self.answer),
                    ("Verdict", f"{VERDICTS['right']}: the answer is what you predicted." if right else
                     f"{VERDICTS['wrong']}: the answer is not what you predicted.")]
        difference = self.guess - self.answer
        off = abs(difference)
        side = "" if off == 0 else " too high" if difference > 0 else " too low"
        relative = (f", {number_text(100 * off / abs(self.answer), 1)} % of the answer" if self.answer != 0
                    else " (the answer is 0, so no relative error)")
        within = self._amount(self.tolerance)
        verdict = (f"{VERDICTS['right']}: within ±{within} of the answer." if self.verdict == "right" else
                   f"{VERDICTS['wrong']}: more than ±{within} from the answer.")
        return [("Your prediction", self._amount(self.guess)), ("The answer", self._amount(self.answer)),
                ("Off by", f"{self._amount(off)}{side}{relative}"), ("Verdict", verdict)]

    def readouts(self) -> dict[str, float]:
        """For a committed number: the guess, the answer, how far off (in ``unit``) and that as a share of the answer."""
        if not self.committed or self.kind != "number":
            return {}
        off = abs(self.guess - self.answer)
        values = {"guess": self.guess, "answer": self.answer, "off by": off}
        if self.answer != 0:
            values["relative"] = off / abs(self.answer)
        return values

    def _asked(self) -> list[str]:
        """The question as shown before the commit: its paragraphs, what to give, the invitation."""
        if self.kind == "choice":
            wanted = "Options: " + " / ".join(self.options)
        else:
            wanted = f"Answer with a number, in {self.unit}" if self.unit else "Answer with a number"
        return [*_paragraphs(self.question), wanted, INVITATION]

    def summary(self) -> str:
        """The question only, whatever the state (what nbval compares and a text-only reader sees)."""
        return "\n".join(self._asked())

    def _summary_rows(self) -> list[tuple[str, str]]:
        return [("question", " ".join(_paragraphs(self.question)))]

    def still_figure(self):
        """The question card: the question and what to answer with, never the answer (what GitHub shows)."""
        presentation = self.presentation
        lines = []
        for paragraph in self._asked():
            lines.extend(textwrap.wrap(paragraph, 64 if presentation else 90) or [""])
            lines.append("")
        lines.pop()
        height = 0.6 + 0.24 * (len(lines) + 2) * (1.6 if presentation else 1.0)
        figure, axes = plots.new_figure(size=(9.0 if presentation else 7.5, height), presentation=presentation)
        axes.set_axis_off()
        with plots.style(presentation=presentation):
            size = 16 if presentation else 10
            axes.text(0.0, 1.0, self.title, fontsize=size * 1.2, fontweight="bold", va="top", ha="left",
                      transform=axes.transAxes, parse_math=False)
            axes.text(0.0, 1.0 - 1.8 / (len(lines) + 2), "\n".join(lines), fontsize=size, va="top", ha="left",
                      transform=axes.transAxes, parse_math=False, linespacing=1.4)
        _describe(axes, f"{self.title}: " + " ".join(" ".join(paragraph.split()) for paragraph in self._asked()))
        return figure
