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
"""

from __future__ import annotations

import math

from .validation import check_base

__all__ = ["UNIT_BASES", "units", "nats_in", "log_symbol", "number_text", "amount"]

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
