"""Tests of bitsandnats.coding.codes: building prefix codes and measuring their lengths in bits."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import COLOURS, P, Q, distributions_with_ties, refused

import bitsandnats as bn
from bitsandnats import coding

# Rounding slack for comparisons of sums of floats with entropies.
SLACK = 1e-9

# Bad input must raise its ValueError and nothing else: a numpy RuntimeWarning on the way fails the test.
pytestmark = pytest.mark.filterwarnings("error")


def lengths(code):
    return [len(word) for word in code.values()]


def exact_kraft(code):
    return sum(Fraction(1, 2 ** len(word)) for word in code.values())


# --- the colour example ----------------------------------------------------------


def test_colour_codes():
    assert coding.huffman_code(P, COLOURS) == {"red": "10", "green": "11", "blue": "0"}
    assert coding.huffman_code(Q, COLOURS) == {"red": "0", "green": "10", "blue": "11"}
    assert coding.shannon_code(Q, COLOURS) == {"red": "0", "green": "100", "blue": "10100"}
    assert lengths(coding.shannon_code(P, COLOURS)) == [4, 2, 1]


def test_colour_average_lengths():
    assert coding.average_code_length(P, coding.huffman_code(P, COLOURS)) == pytest.approx(1.5)
    # A Huffman code built for Q on P's data: below H(P, Q) = 3.288, because with three symbols the
    # only complete code shape is (1, 2, 2), which behaves like the distribution (0.5, 0.25, 0.25).
    huffman_q = coding.huffman_code(Q, COLOURS)
    assert coding.average_code_length(P, huffman_q) == pytest.approx(1.9)
    assert coding.average_code_length(P, huffman_q) < bn.cross_entropy(P, Q)
    # The Shannon code built for Q does land in [H(P, Q), H(P, Q) + 1).
    shannon_q = coding.average_code_length(P, coding.shannon_code(Q, COLOURS))
    assert shannon_q == pytest.approx(3.8)
    assert bn.cross_entropy(P, Q) <= shannon_q < bn.cross_entropy(P, Q) + 1


def test_average_length_of_complete_code_is_cross_entropy_with_implied_distribution():
    code = coding.huffman_code(Q, COLOURS)
    implied = coding.implied_distribution(code)
    np.testing.assert_allclose(implied, [0.5, 0.25, 0.25])
    assert coding.average_code_length(P, code) == pytest.approx(bn.cross_entropy(P, implied))


# --- structure of the codes --------------------------------------------------------


@given(distributions_with_ties())
def test_huffman_is_prefix_free_and_complete(p):
    code = coding.huffman_code(p)
    assert list(code) == list(range(len(p)))
    assert coding.is_prefix_free(code)
    assert all(set(word) <= {"0", "1"} and word for word in code.values())
    if len(p) >= 2:
        assert exact_kraft(code) == 1  # Huffman's tree is full: no bit pattern is wasted
    else:
        assert code == {0: "0"}
    assert coding.kraft_sum(code) == float(exact_kraft(code))


@given(distributions_with_ties(allow_zero=False))
def test_shannon_is_prefix_free_with_ideal_lengths_rounded_up(q):
    code = coding.shannon_code(q)
    assert coding.is_prefix_free(code)
    assert exact_kraft(code) <= 1
    for prob, length in zip(q, lengths(code)):
        assert length >= 1
        assert 2.0 ** -length <= prob  # never shorter than the ideal length
        assert length == 1 or 2.0 ** -(length - 1) > prob  # and less than one bit longer


def test_is_prefix_free_detects_prefixes_and_duplicates():
    assert coding.is_prefix_free({"a": "0", "b": "10", "c": "11"})
    assert not coding.is_prefix_free({"a": "0", "b": "01"})
    assert not coding.is_prefix_free({"a": "10", "b": "0", "c": "101"})  # prefix not adjacent in input order
    assert not coding.is_prefix_free({"a": "1", "b": "1"})


@pytest.mark.parametrize("symbols", [None, COLOURS])
def test_huffman_ties_are_deterministic(symbols):
    first = coding.huffman_code([1 / 3] * 3, symbols)
    assert first == coding.huffman_code([1 / 3] * 3, symbols)
    # Among equal probabilities the earlier symbols are merged first, so the last one is shortest.
    assert lengths(first) == [2, 2, 1]
    assert coding.huffman_code([0.25] * 4) == {0: "00", 1: "01", 2: "10", 3: "11"}


def test_code_from_lengths_is_canonical_and_checks_kraft():
    assert coding.code_from_lengths([3, 1, 3, 2]) == {0: "110", 1: "0", 2: "111", 3: "10"}
    assert coding.code_from_lengths(np.array([2.0, 1.0, 2.0])) == {0: "10", 1: "0", 2: "11"}
    with pytest.raises(ValueError, match="Kraft"):
        coding.code_from_lengths([1, 1, 1])


@pytest.mark.parametrize(
    "lengths_, message",
    [
        ([0, 1], r"^lengths\[0\] must be a whole number from 1 to 10000, got 0$"),
        ([1, 1.5], r"^lengths\[1\] must be a whole number from 1 to 10000, got 1.5$"),
        ([True, 1], r"^lengths\[0\] must be a whole number from 1 to 10000, got True$"),
        ([1, "2"], r"^lengths\[1\] must be a whole number from 1 to 10000, got '2'$"),
        ([1, None], r"^lengths\[1\] must be a whole number from 1 to 10000, got None$"),
        ([10**9], r"^lengths\[0\] must be a whole number from 1 to 10000, got 1000000000$"),
        (5, r"^lengths must be a sequence of whole numbers, got 5$"),
        ([], r"^lengths is empty$"),
    ],
)
def test_code_from_lengths_refuses_bad_lengths(lengths_, message):
    refused(lambda: coding.code_from_lengths(lengths_), message)


@given(st.lists(st.integers(1, 12), min_size=1, max_size=12))
def test_code_from_lengths_exists_exactly_under_kraft(lengths_):
    kraft = sum(Fraction(1, 2**length) for length in lengths_)
    if kraft <= 1:
        code = coding.code_from_lengths(lengths_)
        assert lengths(code) == lengths_
        assert coding.is_prefix_free(code)
    else:
        with pytest.raises(ValueError, match="Kraft"):
            coding.code_from_lengths(lengths_)


# --- edge cases: one symbol, zero probabilities, bad input ---------------------------


def test_single_symbol_gets_one_bit():
    code = coding.huffman_code([1.0], ["only"])
    assert code == {"only": "0"}
    assert coding.encode(["only"] * 3, code) == "000"
    assert coding.decode("000", code) == ["only"] * 3
    assert coding.shannon_code([1.0], ["only"]) == {"only": "0"}


def test_certain_symbol_costs_exactly_one_bit():
    # The one case where the Huffman bound H <= L < H + 1 is met with L = H + 1.
    p = [0.0, 1.0, 0.0]
    code = coding.huffman_code(p)
    assert coding.average_code_length(p, code) == 1.0 == bn.entropy(p) + 1


def test_zero_probability_symbols_still_get_codewords():
    q = [0.5, 0.5, 0.0]
    code = coding.huffman_code(q, "abc")
    assert set(code) == set("abc")
    assert max(lengths(code)) == len(code["c"])  # among the longest
    message = list("abcabc")
    assert coding.decode(coding.encode(message, code), code) == message
    # P can produce "c", Q says it cannot: the cross-entropy is infinite, the code's cost is not.
    p = [1 / 3] * 3
    assert math.isinf(bn.cross_entropy(p, q))
    assert coding.average_code_length(p, code) == pytest.approx((1 + 2 + 2) / 3)


def test_shannon_code_refuses_zero_probability():
    with pytest.raises(ValueError, match=r"symbol 'blue' probability 0.*smooth"):
        coding.shannon_code([0.5, 0.5, 0.0], COLOURS)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: coding.huffman_code([0.5, 0.6]), "sum to 1"),
        (lambda: coding.huffman_code([[0.5, 0.5]]), "1-D"),
        (lambda: coding.huffman_code([0.5, 0.5], ["a"]), "symbols has 1 entries"),
        (lambda: coding.huffman_code([0.5, 0.5], ["a", "a"]), "distinct"),
        (lambda: coding.average_code_length([0.5, 0.5], {"a": "0"}, ["a", "b"]), "'b' has positive probability"),
    ],
)
def test_bad_input_raises_clear_errors(call, message):
    refused(call, message)


# --- the defects of issue 11: each a ValueError naming the argument, no other exception ----------------


BAD_CODES = [
    ({"a": 0}, r"^code must map each symbol to a non-empty string of '0' and '1', but it maps 'a' to 0$"),
    ({"a": "0", "b": None}, r"^code must map each symbol to a non-empty string of '0' and '1', but it maps 'b' to None$"),
    ({"a": "0", "b": "1 0"}, r"^code must map each symbol to a non-empty string of '0' and '1', but it maps 'b' to '1 0'$"),
    ({"a": ["0"]}, r"^code must map each symbol to a non-empty string of '0' and '1', but it maps 'a' to \['0'\]$"),
    ({}, r"^code must be a non-empty dict from symbol to codeword, got \{\}$"),
    ([("a", "0")], r"^code must be a non-empty dict from symbol to codeword, got \[\('a', '0'\)\]$"),
    (None, r"^code must be a non-empty dict from symbol to codeword, got None$"),
]

# Every public function that takes a code, called with it and otherwise good arguments: coding.messages'
# as well as these, since all of them check a code with the same helper of coding.codes.
CODE_USERS = {
    "encode": lambda code: coding.encode(["a"], code),
    "decode": lambda code: coding.decode("0", code),
    "average_code_length": lambda code: coding.average_code_length([1.0], code, ["a"]),
    "implied_distribution": coding.implied_distribution,
    "kraft_sum": coding.kraft_sum,
    "is_prefix_free": coding.is_prefix_free,
    "bits_per_symbol": lambda code: coding.bits_per_symbol(["a"], code),
    "bits_per_symbol with blocks": lambda code: coding.bits_per_symbol(["a"], code, block=1),
}


@pytest.mark.parametrize("code, message", BAD_CODES)
@pytest.mark.parametrize("function", list(CODE_USERS))
def test_every_function_taking_a_code_refuses_a_bad_one_by_name(function, code, message):
    refused(lambda: CODE_USERS[function](code), message)


# Every public function that takes an alphabet, the block codes of coding.messages too: all of them
# check it with the same helper of coding.codes.
@pytest.mark.parametrize(
    "call",
    [
        lambda symbols: coding.huffman_code([0.5, 0.5], symbols),
        lambda symbols: coding.shannon_code([0.5, 0.5], symbols),
        lambda symbols: coding.code_from_lengths([1, 1], symbols),
        lambda symbols: coding.block_distribution([0.5, 0.5], 2, symbols),
        lambda symbols: coding.block_code([0.5, 0.5], 2, symbols),
        lambda symbols: coding.average_code_length([0.5, 0.5], {"a": "0", "b": "1"}, symbols),
    ],
)
def test_unhashable_symbols_are_refused_by_name(call):
    refused(lambda: call([[1], [2]]), r"^symbols must be hashable \(strings, numbers, tuples\), but one is \[1\]$")
    refused(lambda: call(np.array([[1], [2]])), r"^symbols must be hashable \(strings, numbers, tuples\), but one is \[1\]$")
    refused(lambda: call({"a", "b"}), r"^symbols must be in order \(a list, tuple or string\), got a set$")
    refused(lambda: call(5), r"^symbols must be a sequence of symbols, got 5$")


def test_numpy_symbols_become_python_values():
    code = coding.huffman_code(P, np.array(COLOURS))
    assert all(type(symbol) is str for symbol in code)


# --- lengths: bounds and optimality ------------------------------------------------------


@given(distributions_with_ties(min_size=2))
def test_huffman_average_length_between_entropy_and_entropy_plus_one(p):
    average = coding.average_code_length(p, coding.huffman_code(p))
    entropy = bn.entropy(p)
    assert entropy - SLACK <= average
    assert average < entropy + 1 + SLACK
    if np.count_nonzero(p) == 1:
        assert average == 1.0


def test_huffman_bound_is_strict_on_examples():
    for p in ([0.1, 0.4, 0.5], [0.9, 0.1], [0.6, 0.2, 0.1, 0.05, 0.05], [0.99, 0.005, 0.005]):
        average = coding.average_code_length(p, coding.huffman_code(p))
        assert bn.entropy(p) <= average < bn.entropy(p) + 1


@given(distributions_with_ties(min_size=1, max_size=8), st.data())
def test_shannon_code_for_q_costs_between_cross_entropy_and_one_more_bit(p, data):
    q = data.draw(distributions_with_ties(min_size=len(p), max_size=len(p), allow_zero=False))  # over p's events
    average = coding.average_code_length(p, coding.shannon_code(q))
    cross = bn.cross_entropy(p, q)
    assert cross - SLACK <= average < cross + 1 + SLACK


def test_dyadic_distribution_reaches_entropy_exactly():
    p = [0.5, 0.25, 0.125, 0.125]
    for builder in (coding.huffman_code, coding.shannon_code):
        assert coding.average_code_length(p, builder(p)) == 1.75 == pytest.approx(bn.entropy(p))


def brute_force_best_length(p):
    """Smallest expected length over every length assignment allowed by Kraft's inequality."""
    n = len(p)
    best = math.inf
    for candidate in itertools.product(range(1, n), repeat=n):
        if sum(Fraction(1, 2**length) for length in candidate) <= 1:
            best = min(best, float(np.dot(p, candidate)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_huffman_is_optimal_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    p = rng.dirichlet(np.full(n, 0.7))
    if seed % 3 == 0:
        p[0] = 0.0  # include zero probabilities
        p = p / p.sum()
    huffman = coding.average_code_length(p, coding.huffman_code(p))
    assert huffman == pytest.approx(brute_force_best_length(p), abs=1e-12)


@settings(max_examples=40)
@given(distributions_with_ties(min_size=2, max_size=5))
def test_huffman_is_optimal_property(p):
    huffman = coding.average_code_length(p, coding.huffman_code(p))
    assert huffman <= brute_force_best_length(p) + 1e-12
