"""Units of information and how their numbers are written: the one place for both.

A logarithm base fixes the unit: base 2 measures in bits, base e in nats,
base 10 in hartleys.  One nat is :math:`1/\\ln 2 \\approx 1.4427` bits, so the
same amount of information is 1 nat or 1.4427 bits, as the same length is
1 inch or 2.54 cm.  The measures compute in nats and convert once, with
:func:`nats_in`.

Numbers shown to a learner (explorer readouts, figure labels) are written by
:func:`number_text`: ``∞`` for an infinite value, a true minus sign, and
never ``−0.000``.  ``formatNumber`` in ``explorers/twin.js`` writes them the
same way in the browser.

Plain text has no subscripts, so names such as p_T and H_Δ are written with
an underscore there, as TeX writes them; :func:`typeset_html` and the
explorers' pages (``typeset`` in ``explorers/svg.js``, the same rule) show
them as the prose does, with the T or Δ lowered.  :class:`Lines` carries a
computation's printed lines both ways, so a notebook shows them typeset and
nbval compares their plain text.
"""

from __future__ import annotations

import html
import math
import re

from .validation import check_base, shown

__all__ = ["UNIT_BASES", "units", "nats_in", "log_symbol", "number_text", "amount", "typeset_html", "Lines"]

#: The named units and their logarithm bases.
UNIT_BASES = {"bits": 2.0, "nats": math.e, "hartleys": 10.0}


def _named(base: float) -> str | None:
    for name, known in UNIT_BASES.items():
        if math.isclose(base, known, rel_tol=1e-12):
            return name
    return None


def units(base) -> str:
    """Name of the unit that a logarithm base measures information in.

    Examples
    --------
    >>> units(2), units(math.e), units(10), units(3)
    ('bits', 'nats', 'hartleys', 'base-3 units')
    """
    value = check_base(base)
    return _named(value) or f"base-{value:g} units"


def nats_in(base) -> float:
    """How many nats one unit of ``base`` is: ``ln(base)``; a result in nats divided by it is in that unit.

    Dividing by ``ln(base)`` (one rounding) rather than multiplying by
    ``1 / ln(base)`` (two) keeps exact answers exact: 1.5 bits, not 1.4999999999999998.

    Examples
    --------
    >>> round(nats_in(2), 4), nats_in(math.e)
    (0.6931, 1.0)
    >>> 1.0397207708399179 / nats_in(2)  # the entropy of (1/2, 1/4, 1/4), from nats to bits
    1.5
    """
    return math.log(check_base(base))


def log_symbol(base) -> str:
    r"""How a logarithm of ``base`` is written in a formula (LaTeX).

    Examples
    --------
    >>> log_symbol(2), log_symbol(math.e), log_symbol(10), log_symbol(3)
    ('\\log_2', '\\ln', '\\log_{10}', '\\log_{3}')
    """
    value = check_base(base)
    return {"bits": r"\log_2", "nats": r"\ln", "hartleys": r"\log_{10}"}.get(_named(value), rf"\log_{{{value:g}}}")


def number_text(value: float, decimals: int = 3) -> str:
    """A number as a learner reads it: ∞ for infinity, a true minus sign, never "−0.000".

    Examples
    --------
    >>> number_text(1.41894), number_text(float("inf")), number_text(-0.0001), number_text(-0.3)
    ('1.419', '∞', '0.000', '−0.300')
    """
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


def amount(value: float, unit: str, significant: int = 3) -> str:
    """A value with its unit, to ``significant`` digits, singular for exactly 1 (1 bit, 2 bits).

    Examples
    --------
    >>> amount(1.0, "bits"), amount(3.32193, "bits"), amount(-0.884, "nats", 2), amount(float("inf"), "bits")
    ('1 bit', '3.32 bits', '−0.88 nats', '∞ bits')
    """
    if math.isinf(value):
        return f"{number_text(value)} {unit}"
    text = format(value, f".{significant}g")
    if float(text) == 1.0 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{text.replace('-', '−')} {unit}"


# A letter, an underscore and one letter or digit, not followed by more of a word: p_T, H_Δ, Q_f, but
# not teacher_logits.  explorers/svg.js's SUBSCRIPT is the same rule.
_SUBSCRIPT = re.compile(r"(?<=[^\W\d_])_([^\W_])(?!\w)")


def typeset_html(text: str) -> str:
    """``text`` as HTML, each name such as p_T or H_Δ written with its subscript lowered.

    The subscript is one letter or digit after a letter and an underscore,
    ending a word (``teacher_logits`` stays as it is).  Everything else is
    escaped, so the result is safe to show.

    Examples
    --------
    >>> typeset_html("KL(p_T ‖ q_T) = 0.1242 nats")
    'KL(p<sub>T</sub> ‖ q<sub>T</sub>) = 0.1242 nats'
    >>> typeset_html("H_Δ < h − ln Δ for teacher_logits")
    'H<sub>Δ</sub> &lt; h − ln Δ for teacher_logits'
    """
    return _SUBSCRIPT.sub(r"<sub>\1</sub>", html.escape(_check_line(text, "text"), quote=False))


def _check_line(value, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {shown(value)}")
    if "\n" in value:
        raise ValueError(f"{name} must be one line of text, got {value!r}")
    return value


class Lines:
    """Lines of a computation's results, shown typeset in a notebook and as plain text elsewhere.

    A notebook cell that ends with ``Lines(...)`` shows the lines as HTML,
    names such as H(p_T) with their subscripts (:func:`typeset_html`), in
    the monospaced type of printed output; its plain text, which nbval
    compares and a terminal prints, is the lines as given.

    Parameters
    ----------
    *lines : str
        The lines, in order; each is one line of text (it may be empty).

    Examples
    --------
    >>> shown = Lines("H_Δ = 1.4590 nats", "h − ln Δ = 1.4189 nats")
    >>> shown
    H_Δ = 1.4590 nats
    h − ln Δ = 1.4189 nats
    >>> shown._repr_html_().splitlines()[1]
    'H<sub>Δ</sub> = 1.4590 nats'
    """

    def __init__(self, *lines: str):
        if not lines:
            raise ValueError("lines must hold at least one line, got none")
        self.lines = tuple(_check_line(line, f"lines[{index}]") for index, line in enumerate(lines))

    def __repr__(self) -> str:
        return "\n".join(self.lines)

    def _repr_html_(self) -> str:
        # Preformatted, so columns that line up in the plain text line up here too.
        return "<pre class=\"bn-lines\">\n" + "\n".join(map(typeset_html, self.lines)) + "</pre>"
