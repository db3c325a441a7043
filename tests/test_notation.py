"""bitsandnats.notation: the names of the units of information.

number_text, amount, log_symbol and nats_in are checked by their doctests and,
as the explorers and figures use them, by tests/test_explorer_*.py and
tests/test_plots_*.py; a base that is not one is refused in
tests/test_validation.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import bitsandnats as bn


@pytest.mark.parametrize(
    ("base", "name"),
    [(2, "bits"), (2.0, "bits"), (np.float64(2), "bits"), (math.e, "nats"), (np.e, "nats"), (10, "hartleys"), (3, "base-3 units"), (0.5, "base-0.5 units")],
)
def test_units_names_the_unit_of_a_base(base, name):
    assert bn.units(base) == name
