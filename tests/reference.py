"""Reference values and inputs the measures' tests share (tests/test_measures_*.py, tests/test_documents.py).

A plain module of functions, strategies and constants, imported by the test
modules (``from reference import ...``; pytest puts ``tests/`` on the path):

- the source documents' inputs (:data:`P`, :data:`Q`, :data:`Y_TRUE`,
  :data:`Y_PROB`);
- from-scratch ``math`` formulas (:func:`scratch_entropy_bits` ...), so that a
  result that merely rounds right, or a wrong base, cannot pass;
- exact references computed with :mod:`decimal` at 50 significant digits
  directly from the float inputs (``Decimal(float)`` is exact), so they are the
  true value of the formula on the numbers the package received
  (:func:`exact_kl_nats`, :func:`exact_entropy_nats`, :func:`relative_error`);
- nearly equal distributions on an exact grid (:func:`nearly_equal_pair`);
- random inputs: Hypothesis strategies (:func:`distributions`, :func:`pairs`,
  :func:`batches_of_pairs`) and seeded arrays (:func:`random_distribution`,
  :func:`rng_for`);
- :func:`quietly`, a call with every warning turned into an error.
"""

from __future__ import annotations

import math
import warnings
import zlib
from decimal import Decimal, localcontext

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

# --- the source documents' inputs --------------------------------------------------------------

#: The colour distributions (red, green, blue) of "A Gentle Introduction to Cross-Entropy".
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]

#: Its ten binary examples: the labels and the predicted probabilities of class 1.
Y_TRUE = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_PROB = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def quietly(function, *args, **kwargs):
    """Call ``function`` with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


# --- from-scratch formulas ---------------------------------------------------------------------


def scratch_cross_entropy_bits(p, q):
    return -sum(pi * math.log2(qi) for pi, qi in zip(p, q) if pi > 0)


def scratch_entropy_bits(p):
    return -sum(pi * math.log2(pi) for pi in p if pi > 0)


def scratch_kl_bits(p, q):
    return sum(pi * math.log2(pi / qi) for pi, qi in zip(p, q) if pi > 0)


# --- exact references --------------------------------------------------------------------------


def exact_kl_nats(p, q) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        return sum(
            (Decimal(a) * (Decimal(a) / Decimal(b)).ln() for a, b in zip(p.tolist(), q.tolist()) if a > 0),
            Decimal(0),
        )


def exact_entropy_nats(p) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        return -sum((Decimal(a) * Decimal(a).ln() for a in p.tolist() if a > 0), Decimal(0))


def relative_error(value: float, exact: Decimal) -> float:
    with localcontext() as context:
        context.prec = 50
        return float(abs((Decimal(value) - exact) / exact))


# --- nearly equal distributions ----------------------------------------------------------------
#
# Built on a grid of multiples of 2**-52 whose entries add up to exactly 1.  With floats that sum
# to 1 only up to rounding, sum(p * ln(p/q)) is itself dominated by that rounding (about 1e-16)
# once the divergence is below it, and can even be negative, so there would be nothing meaningful
# left to compare at delta = 1e-9.

GRID = 2**52  # units below 2**53 are exact in float64, and so are units / GRID


def grid_units(weights, total=GRID):
    """Integer units proportional to ``weights`` that add up to exactly ``total``."""
    units = np.floor(weights / weights.sum() * total).astype(np.int64)
    units[np.argmax(units)] += total - int(units.sum())
    return units


def nearly_equal_pair(rng, n, delta, total=GRID):
    """P, and Q = P * (1 + delta * z) renormalised, both summing to exactly total / GRID."""
    p = grid_units(rng.random(n) + 0.05, total) / GRID
    z = np.clip(rng.standard_normal(n), -3.0, 3.0)
    q = grid_units(p * (1.0 + delta * z), total) / GRID
    return p, q


# --- random inputs -----------------------------------------------------------------------------

# Drawing the examples dominates the run time; 100 per property keeps a module to a few seconds
# while still finding the edge cases (zeros, one event).
PROPERTY_SETTINGS = settings(deadline=None)  # the example count comes from the profile: fewer in make test-fast


@st.composite
def distributions(draw, size=None, zeros=True):
    """Distributions of 1..20 events, made by normalising positive floats, sometimes with exact zeros."""
    n = size if size is not None else draw(st.integers(min_value=1, max_value=20))
    weights = np.array(draw(st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=n, max_size=n)))
    if zeros and n > 1:
        # Exact zeros in some events (a bit mask, one draw: drawing is the slow
        # part of these tests), but never in all of them.
        bits = draw(st.integers(min_value=0, max_value=2 ** (n - 1) - 1))
        weights[1:][[(bits >> i) & 1 == 1 for i in range(n - 1)]] = 0.0
        weights = np.roll(weights, draw(st.integers(min_value=0, max_value=n - 1)))
    return weights / weights.sum()


@st.composite
def pairs(draw, zeros=True, size=None):
    n = size if size is not None else draw(st.integers(min_value=1, max_value=20))
    return draw(distributions(size=n, zeros=zeros)), draw(distributions(size=n, zeros=zeros))


@st.composite
def batches_of_pairs(draw):
    n = draw(st.integers(min_value=1, max_value=20))
    rows = draw(st.lists(pairs(zeros=False, size=n), min_size=1, max_size=5))
    return np.array([p for p, _ in rows]), np.array([q for _, q in rows])


def close(a, b, rel=1e-9, abs_=1e-13):
    """Equal within a relative tolerance, plus an absolute slack for values near zero.

    Values near zero carry an absolute rounding error of a few 1e-16 per term,
    which no relative tolerance can absorb.
    """
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def rng_for(name: str) -> np.random.Generator:
    """A generator seeded from a test's name (crc32, not hash(): that changes per process).

    Each test case, given ``request.node.name``, is then reproducible on its own.
    """
    return np.random.default_rng(zlib.crc32(name.encode()))


def random_distribution(rng, shape, zeros=False):
    """Uneven weights (some very small), normalised on the last axis; with ``zeros``, every fifth event is 0."""
    weights = rng.gamma(0.5, size=shape)
    if zeros:
        weights[..., ::5] = 0.0  # exact zeros in every fifth event
        weights[..., 1] += 1e-3  # ... but never a whole row of them
    return weights / weights.sum(axis=-1, keepdims=True)


# --- the coding tests' inputs (tests/test_coding_*.py) -----------------------------------------
#
# Appended after the measures' references, so their imports are here rather than at the top.

import pytest  # noqa: E402
from hypothesis import assume  # noqa: E402

import bitsandnats as bn  # noqa: E402

#: The names of the colours of :data:`P` and :data:`Q`, in order.
COLOURS = ["red", "green", "blue"]


def refused(call, message):
    """Assert that call() raises a ValueError matching ``message``."""
    with pytest.raises(ValueError, match=message):
        call()


@st.composite
def distributions_with_ties(draw, min_size=1, max_size=10, allow_zero=True):
    """A 1-D probability distribution of min_size..max_size events, possibly with zeros and ties.

    Unlike :func:`distributions`, some weights are drawn from a few round values, so that equal
    probabilities (ties in Huffman's construction) come up often.
    """
    low = 0.0 if allow_zero else 1e-3
    weights = draw(st.lists(st.one_of(st.floats(low, 1.0), st.sampled_from([low, 0.25, 0.5, 1.0])),
                            min_size=min_size, max_size=max_size))
    assume(sum(weights) > 0)
    return bn.normalize(weights)
