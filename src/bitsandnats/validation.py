"""Every input check of the package, each named by what it checks.

Each check turns its argument into a float (or int) array or number, or
raises ``ValueError`` with a message that names the argument, says what is
wrong and shows the offending value exactly as Python writes it (``1.0000001``,
never a rounded ``1``).  Nothing here repairs bad input: a row that does not
sum to one is an error (the message points to :func:`bitsandnats.normalize`),
never silently rescaled, and a masked array is refused rather than read with
its mask ignored.

The array checks make as few passes over the data as they can (one sum and
one minimum for a distribution), because they run on every slider move and
on arrays of millions of events in the benchmarks.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal

import numpy as np

__all__ = [
    "SUM_TOLERANCE",
    "shown",
    "as_float_array",
    "check_finite",
    "check_distribution",
    "check_probabilities",
    "check_positive",
    "check_same_events",
    "check_labels",
    "check_base",
    "check_number",
    "check_whole_number",
    "check_flag",
    "check_logits",
    "check_real",
    "check_choice",
    "check_text",
    "check_broadcastable",
]

#: How far a row of a distribution may sum from 1 before it is rejected.
SUM_TOLERANCE = 1e-6


def _as_given(value) -> str:
    """A single argument as Python writes it (numpy scalars as the Python number they hold)."""
    if isinstance(value, np.generic):
        value = value.item()
    try:
        return repr(value)
    except ValueError:  # an int past Python's limit for printing (4,300 digits)
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"


def shown(value) -> str:
    """A value as an error message shows it: floats in full (``1.0000001``, not ``1``).

    Examples
    --------
    >>> shown(1.0000001), shown(np.float64(2.0000000001)), shown(2.0), shown("a")
    ('1.0000001', '2.0000000001', '2', "'a'")
    """
    if isinstance(value, (float, np.floating)):
        text = repr(float(value))
        return text[:-2] if text.endswith(".0") else text  # 2, not 2.0
    return _as_given(value)


def _exact_numbers(array: np.ndarray, name: str) -> np.ndarray:
    """An object array of Python numbers (huge ints, Fractions, Decimals) as float64."""
    for item in array.flat:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, (numbers.Real, Decimal)):
            if item is None:  # astype(float) would quietly make it NaN
                raise ValueError(f"{name} must be numeric, got None")
            raise ValueError(f"{name} must be numeric, got non-numeric entries such as {shown(item)}")
    try:
        return array.astype(np.float64)
    except OverflowError:
        raise ValueError(f"{name} has an entry too large for a float64 (beyond 1.8e308)") from None


def as_float_array(values, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array, or raise if it is not numeric or empty.

    Strings are refused even where they spell a number, and so are masked
    arrays (their mask would be lost): fill or compress them first.

    Examples
    --------
    >>> as_float_array([1, 2], "p")
    array([1., 2.])
    >>> as_float_array(["a"], "p")
    Traceback (most recent call last):
    ...
    ValueError: p must be numeric, got an array of dtype <U1
    >>> as_float_array([10**400, 1], "p")
    Traceback (most recent call last):
    ...
    ValueError: p has an entry too large for a float64 (beyond 1.8e308)
    """
    if isinstance(values, np.ma.MaskedArray):
        raise ValueError(f"{name} is a masked array, whose mask would be lost; pass {name}.compressed() or {name}.filled(...) instead")
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:  # ragged nested lists
        raise ValueError(f"{name} must be a numeric array: {error}") from None
    if array.dtype.kind == "O":
        array = _exact_numbers(array, name)
    elif array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got an array of dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    return np.asarray(array, dtype=np.float64)


def check_finite(values, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array of finite numbers.

    Examples
    --------
    >>> check_finite([0.5, -2], "logits")
    array([ 0.5, -2. ])
    >>> check_finite([1.0, float("nan")], "y_true")
    Traceback (most recent call last):
    ...
    ValueError: y_true contains NaN
    """
    array = as_float_array(values, name)
    if not np.isfinite(array).all():
        _raise_for_non_finite(array, name)
    return array


def _raise_for_non_finite(array: np.ndarray, name: str) -> None:
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains inf")


def check_distribution(values, name: str) -> np.ndarray:
    """Return ``values`` as an array whose last axis is a probability distribution.

    Every entry must be finite and non-negative, and every row (last axis) must
    sum to 1 within :data:`SUM_TOLERANCE`.

    Examples
    --------
    >>> check_distribution([0.25, 0.75], "p")
    array([0.25, 0.75])
    >>> check_distribution([1, 1], "q")
    Traceback (most recent call last):
    ...
    ValueError: q must sum to 1 along its last axis (within 1e-06), but a row sums to 2; use bitsandnats.normalize(q) to turn weights into a distribution
    """
    array = as_float_array(values, name)
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array of event probabilities, got a single number")
    with np.errstate(over="ignore"):  # a sum beyond float64 is refused below, as any sum far from 1
        row_sums = array.sum(axis=-1)
    if not np.isfinite(row_sums).all() and not np.isfinite(array).all():
        _raise_for_non_finite(array, name)
    smallest = array.min()
    if smallest < 0:
        raise ValueError(f"{name} has a negative entry ({shown(smallest)}); probabilities cannot be negative")
    off = np.abs(row_sums - 1.0)
    if not (off <= SUM_TOLERANCE).all():
        worst = np.ravel(row_sums)[np.argmax(np.ravel(off))]
        raise ValueError(
            f"{name} must sum to 1 along its last axis (within {SUM_TOLERANCE:g}), "
            f"but a row sums to {worst:.10g}; use bitsandnats.normalize({name}) "
            "to turn weights into a distribution"
        )
    return array


def check_probabilities(values, name: str) -> np.ndarray:
    """Return ``values`` as an array of numbers in [0, 1] (any shape).

    Examples
    --------
    >>> check_probabilities([0.0, 0.5, 1.0], "y_prob")
    array([0. , 0.5, 1. ])
    >>> check_probabilities([1.0000001], "y_prob")
    Traceback (most recent call last):
    ...
    ValueError: y_prob must be a probability in [0, 1], got 1.0000001
    """
    array = as_float_array(values, name)
    low, high = array.min(), array.max()
    if not (np.isfinite(low) and np.isfinite(high)):
        _raise_for_non_finite(array, name)
    if low < 0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {shown(low)}")
    if high > 1:
        raise ValueError(f"{name} must be a probability in [0, 1], got {shown(high)}")
    return array


def check_positive(values, name: str) -> np.ndarray:
    """Return ``values`` as an array of finite numbers greater than zero.

    Examples
    --------
    >>> check_positive(2, "sigma")
    array(2.)
    >>> check_positive(0, "sigma")
    Traceback (most recent call last):
    ...
    ValueError: sigma must be greater than 0, got 0
    """
    array = check_finite(values, name)
    smallest = array.min()
    if smallest <= 0:
        raise ValueError(f"{name} must be greater than 0, got {shown(smallest)}")
    return array


def check_same_events(first: np.ndarray, second: np.ndarray, names: tuple[str, str]) -> None:
    """Raise unless two arrays describe the same events with compatible batches.

    Examples
    --------
    >>> check_same_events(np.ones(3), np.ones(4), ("p", "q"))
    Traceback (most recent call last):
    ...
    ValueError: p and q must have the same shape, got (3,) and (4,)
    """
    if first.shape != second.shape:
        try:
            np.broadcast_shapes(first.shape[:-1], second.shape[:-1])
        except ValueError:
            compatible = False
        else:
            compatible = first.shape[-1:] == second.shape[-1:]
        if not compatible:
            raise ValueError(
                f"{names[0]} and {names[1]} must have the same shape, "
                f"got {first.shape} and {second.shape}"
            )


def check_labels(values, n_classes: int, name: str) -> np.ndarray:
    """Return integer class labels in ``0 .. n_classes - 1`` as an int array.

    Examples
    --------
    >>> check_labels([0, 2, 1], 3, "y_true")
    array([0, 2, 1])
    >>> check_labels([0, 3], 3, "y_true")
    Traceback (most recent call last):
    ...
    ValueError: y_true has a label 3 outside 0..2 (there are 3 classes)
    >>> check_labels([2.0000000001], 3, "y_true")
    Traceback (most recent call last):
    ...
    ValueError: y_true must hold whole-number class labels, got 2.0000000001
    """
    array = check_finite(values, name)
    fractional = array != np.round(array)
    if fractional.any():
        raise ValueError(f"{name} must hold whole-number class labels, got {shown(array[fractional][0])}")
    low, high = array.min(), array.max()
    if low < 0 or high > n_classes - 1:
        bad = low if low < 0 else high
        raise ValueError(
            f"{name} has a label {bad:g} outside 0..{n_classes - 1} (there are {n_classes} classes)"
        )
    return array.astype(np.intp)


def check_base(base) -> float:
    """Return the logarithm base as a float, or raise if it cannot be one.

    Examples
    --------
    >>> check_base(2)
    2.0
    >>> check_base(1)
    Traceback (most recent call last):
    ...
    ValueError: base must be a positive number other than 1, got 1
    """
    value = _real(base, "base", "a positive number other than 1")
    if not math.isfinite(value) or value <= 0 or value == 1:
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    return value


def _real(value, name: str, wanted: str) -> float:
    """One real number as a float: Python and numpy numbers, 0-d arrays, Fraction, Decimal; never a bool."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, Decimal)):
        raise ValueError(f"{name} must be {wanted}, got {_as_given(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be {wanted}, got a number too large for a float64") from None


def check_number(value, name: str, *, low: float = -math.inf, high: float = math.inf,
                 low_open: bool = False, high_open: bool = False) -> float:
    """Return one finite real number in the interval from ``low`` to ``high`` as a float.

    Python and numpy numbers, 0-d arrays, ``Fraction`` and ``Decimal`` are all
    numbers; a bool, a string or None is not.  The bounds are included unless
    ``low_open`` / ``high_open`` say otherwise.

    Examples
    --------
    >>> check_number(np.float32(0.5), "alpha", low=0, high=1)
    0.5
    >>> check_number(0, "temperature", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: temperature must be a positive number, got 0
    >>> check_number("a", "learning_rate", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a positive number, got 'a'
    """
    if low > -math.inf and high < math.inf:
        wanted = f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low == 0 and low_open:
        wanted = "a positive number"
    elif low > -math.inf:
        wanted = f"a number {'greater than' if low_open else 'at least'} {low:g}"
    elif high < math.inf:
        wanted = f"a number {'less than' if high_open else 'at most'} {high:g}"
    else:
        wanted = "a finite number"
    number = _real(value, name, wanted)
    inside = (number > low if low_open else number >= low) and (number < high if high_open else number <= high)
    if not (math.isfinite(number) and inside):
        raise ValueError(f"{name} must be {wanted}, got {_as_given(value)}")
    return number


def check_whole_number(value, name: str, *, low: int = 0, high: int | None = None) -> int:
    """Return a whole number from ``low`` to ``high`` (both included) as an int.

    Python and numpy integers are whole numbers; so is a float or 0-d array
    holding one exactly (``3.0``); a bool is not.

    Examples
    --------
    >>> check_whole_number(np.int64(3), "n", low=1)
    3
    >>> check_whole_number(2.5, "n", low=1)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number at least 1, got 2.5
    """
    wanted = f"a whole number from {low} to {high}" if high is not None else f"a whole number at least {low}"
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, Decimal)):
        raise ValueError(f"{name} must be {wanted}, got {shown(value)}")
    if not isinstance(value, numbers.Integral):
        if not (math.isfinite(value) and value == math.floor(value)):
            raise ValueError(f"{name} must be {wanted}, got {shown(value)}")
    whole = int(value)
    if whole < low or (high is not None and whole > high):
        raise ValueError(f"{name} must be {wanted}, got {shown(value)}")
    return whole


def check_flag(value, name: str) -> bool:
    """Return a True/False option, refusing anything else (``"no"`` would be truthy).

    Examples
    --------
    >>> check_flag(np.bool_(True), "running")
    True
    >>> check_flag("no", "running")
    Traceback (most recent call last):
    ...
    ValueError: running must be True or False, got 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {shown(value)}")
    return bool(value)


def check_logits(values, name: str = "logits") -> np.ndarray:
    """Return finite logits with at least one axis (the last axis holds the classes).

    Examples
    --------
    >>> check_logits([2.0, -1.0])
    array([ 2., -1.])
    >>> check_logits(3.0, "student_logits")
    Traceback (most recent call last):
    ...
    ValueError: student_logits must be an array with one logit per class, got a single number
    """
    array = check_finite(values, name)
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array with one logit per class, got a single number")
    return array


def check_real(value, name: str) -> float:
    """Return one real number as a float, infinities included (NaN is refused).

    For a value that may rightly be infinite, such as a learner's answer to a
    question whose answer is infinity; :func:`check_number` otherwise.

    Examples
    --------
    >>> check_real(float("inf"), "answer"), check_real(np.int8(3), "answer")
    (inf, 3.0)
    >>> check_real(True, "answer")
    Traceback (most recent call last):
    ...
    ValueError: answer must be a number, got True
    >>> check_real(10**400, "answer")
    Traceback (most recent call last):
    ...
    ValueError: answer must be a number, got a number too large for a float64
    """
    number = _real(value, name, "a number")
    if math.isnan(number):
        raise ValueError(f"{name} must be a number, got NaN")
    return number


def check_choice(value, name: str, choices) -> str:
    """Return ``value`` as a ``str`` if it is one of the strings ``choices``.

    Anything else, a list or an array included, is refused with the choices
    listed (testing such a value for membership would raise a ``TypeError``
    or compare element by element).

    Examples
    --------
    >>> check_choice(np.str_("huffman"), "method", ("huffman", "shannon"))
    'huffman'
    >>> check_choice(["huffman"], "method", ("huffman", "shannon"))
    Traceback (most recent call last):
    ...
    ValueError: method must be a string, one of 'huffman', 'shannon'; got ['huffman']
    >>> check_choice("hinge", "loss", ("cross_entropy", "squared_error"))
    Traceback (most recent call last):
    ...
    ValueError: loss must be one of 'cross_entropy', 'squared_error'; got 'hinge'
    """
    listed = ", ".join(repr(choice) for choice in choices)
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, one of {listed}; got {shown(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {listed}; got {shown(value)}")
    return str(value)


def check_text(value, name: str) -> str:
    """Return ``value`` as a ``str`` if it is a string with more than spaces in it.

    Examples
    --------
    >>> check_text("Because.", "explanation")
    'Because.'
    >>> check_text("  ", "explanation")
    Traceback (most recent call last):
    ...
    ValueError: explanation must be a non-empty string, got '  '
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {shown(value)}")
    return str(value)


def check_broadcastable(first: np.ndarray, second: np.ndarray, names: tuple[str, str]) -> tuple[int, ...]:
    """Return the shape two arrays broadcast to, or raise naming both.

    Examples
    --------
    >>> check_broadcastable(np.ones(3), np.ones((2, 1)), ("z", "y"))
    (2, 3)
    >>> check_broadcastable(np.ones(3), np.ones(2), ("z", "y"))
    Traceback (most recent call last):
    ...
    ValueError: z and y must broadcast together, got shapes (3,) and (2,)
    """
    try:
        return np.broadcast_shapes(first.shape, second.shape)
    except ValueError:
        raise ValueError(
            f"{names[0]} and {names[1]} must broadcast together, got shapes {first.shape} and {second.shape}"
        ) from None
