"""bitsandnats.validation: every check refuses what it must, with a message naming the argument, and accepts every kind of number."""

from __future__ import annotations

import math
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import bitsandnats as bn
from bitsandnats import validation


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("call, message", [
    (lambda: bn.entropy([10**400, 1]), r"^p has an entry too large for a float64 \(beyond 1\.8e308\)$"),
    (lambda: bn.entropy(np.array(["0.5", "0.5"], dtype=object)), r"^p must be numeric, got non-numeric entries such as '0\.5'$"),
    (lambda: bn.entropy(np.array([0.5, None], dtype=object)), r"^p must be numeric, got None$"),
    (lambda: bn.entropy(np.ma.masked_array([0.5, 0.5, 0.3], mask=[0, 0, 1])), r"^p is a masked array, whose mask would be lost; pass p\.compressed\(\)"),
    (lambda: bn.log_loss(np.ma.masked_array([1, 0]), [0.5, 0.5]), r"^y_true is a masked array"),
    (lambda: bn.entropy([1e308, 1e308]), r"^p must sum to 1 along its last axis \(within 1e-06\), but a row sums to inf"),
    (lambda: bn.surprisal(1.0000001), r"^prob must be a probability in \[0, 1\], got 1\.0000001$"),
    (lambda: bn.log_loss([2.0000000001, 0], [[0.2, 0.3, 0.5]] * 2), r"^y_true must hold whole-number class labels, got 2\.0000000001$"),
    (lambda: bn.log_loss(np.array([[0], [1]]), [[0.5, 0.5]] * 2), r"^y_true has shape \(2, 1\): a column of labels; pass them as shape \(2,\)"),
    (lambda: bn.entropy([0.5, 0.5], base=10**400), r"^base must be a positive number other than 1, got a number too large for a float64$"),
    (lambda: bn.softmax([1.0, 2.0], temperature=10**400), r"^temperature must be a positive number, got a number too large for a float64$"),
    (lambda: bn.softmax([1.0, 2.0], temperature="2"), r"^temperature must be a positive number, got '2'$"),
    (lambda: bn.softmax([1.0, 2.0], temperature=np.array([2.0, 3.0])), r"^temperature must be a positive number, got array"),
    (lambda: bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=2, alpha=True), r"^alpha must be a number in \[0, 1\], got True$"),
    (lambda: bn.average_surprisal([0, 1], [0.5, 0.5], running="no"), r"^running must be True or False, got 'no'$"),
    (lambda: bn.binned_normal(1, 1, return_edges="yes"), r"^return_edges must be True or False, got 'yes'$"),
    (lambda: bn.rebalance([0.5, 0.5], 2.5, 0.1), r"^index must be a whole number from 0 to 1, got 2\.5$"),
], ids=lambda value: "" if callable(value) else None)
def test_refusals_name_the_argument_and_show_the_value_in_full(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("number", [np.float32(2.0), np.float64(2.0), np.array(2.0), np.int64(2), Fraction(2), Decimal("2"), 2, 2.0])
def test_every_kind_of_number_is_a_number(number):
    assert bn.softmax([1.0, 2.0], temperature=number).tolist() == bn.softmax([1.0, 2.0], temperature=2.0).tolist()
    assert bn.entropy([0.25, 0.75], base=number) == bn.entropy([0.25, 0.75])
    assert bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=number, alpha=0.5) == \
        bn.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=2.0, alpha=0.5)


@pytest.mark.parametrize("eps", [np.float32(1e-7), Fraction(1, 10**7), Decimal("1e-7"), np.array(1e-7)])
def test_eps_of_any_numeric_type(eps):
    assert bn.log_loss([1, 0], [1.0, 0.0], eps=eps) == pytest.approx(bn.log_loss([1, 0], [1.0, 0.0], eps=float(eps)), rel=1e-6)


def test_exact_numbers_in_arrays_are_read_as_floats():
    assert bn.entropy([Fraction(1, 4), Fraction(3, 4)]) == bn.entropy([0.25, 0.75])
    assert bn.entropy(np.array([Decimal("0.5"), Decimal("0.5")], dtype=object)) == 1.0
    assert bn.entropy([2**70 // 2**70, 0]) == 0.0


@pytest.mark.parametrize("value, expected", [(1.0000001, "1.0000001"), (2.0, "2"), (np.float64(-3.5), "-3.5"), (7, "7"), ("a", "'a'")])
def test_shown_writes_values_in_full(value, expected):
    assert validation.shown(value) == expected


@pytest.mark.parametrize("value", [True, np.bool_(False), None, "1", 1 + 0j, [1.0]])
def test_check_number_refuses_what_is_not_one_real_number(value):
    with pytest.raises(ValueError, match=r"^rate must be a number in \[0, 1\], got "):
        validation.check_number(value, "rate", low=0, high=1)


def test_check_number_bounds_open_and_closed():
    assert validation.check_number(0, "alpha", low=0, high=1) == 0.0
    with pytest.raises(ValueError, match=r"^step must be a number in \(0, 1\), got 1$"):
        validation.check_number(1, "step", low=0, high=1, low_open=True, high_open=True)
    with pytest.raises(ValueError, match=r"^shift must be a finite number, got inf$"):
        validation.check_number(math.inf, "shift")


@pytest.mark.parametrize("value, expected", [(3, 3), (np.int64(3), 3), (3.0, 3), (np.array(3), 3), (Fraction(6, 2), 3)])
def test_check_whole_number_accepts_whole_numbers_of_any_type(value, expected):
    assert validation.check_whole_number(value, "n", low=1) == expected


@pytest.mark.parametrize("value", [2.5, math.nan, math.inf, True, "3", 0])
def test_check_whole_number_refuses_the_rest(value):
    with pytest.raises(ValueError, match=r"^n must be a whole number at least 1, got "):
        validation.check_whole_number(value, "n", low=1)
