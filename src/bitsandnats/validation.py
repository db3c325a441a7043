"""Input checks shared by every measure in :mod:`bitsandnats.measures`.

Each check turns its argument into a float array, or raises ``ValueError`` with
a message that names the argument and says what is wrong with it.  Nothing here
repairs bad input: a row that does not sum to one is an error (the message
points to :func:`bitsandnats.normalize`), never silently rescaled.

The checks make as few passes over the data as they can (one sum and one
minimum for a distribution), because they run on every slider move and on
arrays of millions of events in the benchmarks.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "SUM_TOLERANCE",
    "as_float_array",
    "check_base",
    "check_distribution",
    "check_probabilities",
    "check_positive",
    "check_same_events",
    "check_labels",
]

#: How far a row of a distribution may sum from 1 before it is rejected.
SUM_TOLERANCE = 1e-6


def as_float_array(values, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array, or raise if it is not numeric or empty.

    Examples
    --------
    >>> as_float_array([1, 2], "p")
    array([1., 2.])
    >>> as_float_array(["a"], "p")
    Traceback (most recent call last):
    ...
    ValueError: p must be numeric, got an array of dtype <U1
    """
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:  # ragged nested lists
        raise ValueError(f"{name} must be a numeric array: {error}") from None
    if array.dtype.kind == "O":
        # astype(float) would quietly turn None into NaN.
        if any(item is None for item in array.flat):
            raise ValueError(f"{name} must be numeric, got None")
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numeric, got non-numeric entries") from None
    elif array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got an array of dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    return np.asarray(array, dtype=np.float64)


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
    row_sums = array.sum(axis=-1)
    if not np.isfinite(row_sums).all():
        _raise_for_non_finite(array, name)
    smallest = array.min()
    if smallest < 0:
        raise ValueError(f"{name} has a negative entry ({smallest:g}); probabilities cannot be negative")
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
    >>> check_probabilities([1.5], "y_prob")
    Traceback (most recent call last):
    ...
    ValueError: y_prob must be a probability in [0, 1], got 1.5
    """
    array = as_float_array(values, name)
    low, high = array.min(), array.max()
    if not (np.isfinite(low) and np.isfinite(high)):
        _raise_for_non_finite(array, name)
    if low < 0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {low:g}")
    if high > 1:
        raise ValueError(f"{name} must be a probability in [0, 1], got {high:g}")
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
    array = as_float_array(values, name)
    if not np.isfinite(array).all():
        _raise_for_non_finite(array, name)
    smallest = array.min()
    if smallest <= 0:
        raise ValueError(f"{name} must be greater than 0, got {smallest:g}")
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
    """
    array = as_float_array(values, name)
    if not np.isfinite(array).all():
        _raise_for_non_finite(array, name)
    if (array != np.round(array)).any():
        raise ValueError(f"{name} must hold whole-number class labels, got {array[array != np.round(array)][0]:g}")
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
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    value = float(base)
    if not math.isfinite(value) or value <= 0 or value == 1:
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    return value
