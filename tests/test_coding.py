"""Tests of bitsandnats.coding: prefix codes whose lengths are measured in bits."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bitsandnats as bn
from bitsandnats import coding

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
COLOURS = ["red", "green", "blue"]

# Rounding slack for comparisons of sums of floats with entropies.
SLACK = 1e-9


def lengths(code):
    return [len(word) for word in code.values()]


def exact_kraft(code):
    return sum(Fraction(1, 2 ** len(word)) for word in code.values())


# --- strategies ------------------------------------------------------------------


@st.composite
def distributions(draw, min_size=1, max_size=10, allow_zero=True):
    """A 1-D probability distribution, possibly with zeros and ties."""
    low = 0.0 if allow_zero else 1e-3
    weights = draw(st.lists(st.one_of(st.floats(low, 1.0), st.sampled_from([low, 0.25, 0.5, 1.0])),
                            min_size=min_size, max_size=max_size))
    assume(sum(weights) > 0)
    return bn.normalize(weights)


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


@given(distributions())
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


@given(distributions(allow_zero=False))
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
    with pytest.raises(ValueError, match="Kraft"):
        coding.code_from_lengths([1, 1, 1])
    with pytest.raises(ValueError, match="whole numbers >= 1"):
        coding.code_from_lengths([0, 1])
    with pytest.raises(ValueError, match="whole numbers >= 1"):
        coding.code_from_lengths([1.5, 1])


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
        (lambda: coding.encode(["purple"], coding.huffman_code(P, COLOURS)), "'purple' has no codeword"),
        (lambda: coding.decode("012", {"a": "0", "b": "1"}), "only '0' and '1'"),
        (lambda: coding.decode("1", {"a": "0", "b": "10"}), "do not start with any codeword"),
        (lambda: coding.decode("0", {"a": "0", "b": "01"}), "not prefix-free"),
        (lambda: coding.encode("a", {"a": ""}), "non-empty string"),
        (lambda: coding.average_code_length([0.5, 0.5], {"a": "0"}, ["a", "b"]), "'b' has positive probability"),
        (lambda: coding.blocks("abc", 2), "1 left over"),
        (lambda: coding.blocks("abc", 0), "n must be"),
        (lambda: coding.block_code(P, 2, method="arithmetic"), "method"),
        (lambda: coding.block_distribution(P, 20), "too many"),
    ],
)
def test_bad_input_raises_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_numpy_symbols_become_python_values():
    code = coding.huffman_code(P, np.array(COLOURS))
    assert all(type(symbol) is str for symbol in code)


# --- encoding and decoding ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("builder", [coding.huffman_code, coding.shannon_code])
def test_round_trip_on_random_messages(seed, builder):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(rng.integers(2, 9)))
    symbols = [f"s{i}" for i in range(len(p))]
    code = builder(p, symbols)
    message = rng.choice(symbols, size=2_000, p=p).tolist()
    bits = coding.encode(message, code)
    assert set(bits) <= {"0", "1"}
    assert len(bits) == sum(len(code[s]) for s in message)
    assert coding.decode(bits, code) == message


@given(distributions(min_size=1, max_size=8), st.data())
def test_round_trip_property(p, data):
    code = coding.huffman_code(p)
    message = data.draw(st.lists(st.integers(0, len(p) - 1), max_size=60))
    assert coding.decode(coding.encode(message, code), code) == message


def test_round_trip_of_blocks():
    rng = np.random.default_rng(7)
    message = rng.choice(COLOURS, size=999, p=P).tolist()
    code = coding.block_code(P, 3, COLOURS)
    cut = coding.blocks(message, 3)
    decoded = coding.decode(coding.encode(cut, code), code)
    assert [symbol for block in decoded for symbol in block] == message


# --- lengths: bounds and optimality ------------------------------------------------------


@given(distributions(min_size=2))
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


@given(distributions(min_size=1, max_size=8), distributions(min_size=1, max_size=8, allow_zero=False))
def test_shannon_code_for_q_costs_between_cross_entropy_and_one_more_bit(p, q):
    assume(len(p) == len(q))
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
@given(distributions(min_size=2, max_size=5))
def test_huffman_is_optimal_property(p):
    huffman = coding.average_code_length(p, coding.huffman_code(p))
    assert huffman <= brute_force_best_length(p) + 1e-12


# --- blocks ----------------------------------------------------------------------------------


def test_block_distribution_is_the_product():
    probabilities, pairs = coding.block_distribution(P, 2, COLOURS)
    assert len(pairs) == 9 and pairs[1] == ("red", "green")
    assert probabilities.sum() == pytest.approx(1.0)
    assert probabilities[1] == pytest.approx(0.10 * 0.40)
    for n in (1, 2, 3):
        block_p, _ = coding.block_distribution(P, n)
        assert bn.entropy(block_p) == pytest.approx(n * bn.entropy(P))
        assert bn.cross_entropy(block_p, coding.block_distribution(Q, n)[0]) == pytest.approx(n * bn.cross_entropy(P, Q))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_block_codes_close_the_gap(n):
    block_p, _ = coding.block_distribution(P, n, COLOURS)
    own = coding.average_code_length(block_p, coding.block_code(P, n, COLOURS)) / n
    assert bn.entropy(P) <= own < bn.entropy(P) + 1 / n
    other = coding.average_code_length(block_p, coding.block_code(Q, n, COLOURS, method="shannon")) / n
    assert bn.cross_entropy(P, Q) <= other < bn.cross_entropy(P, Q) + 1 / n


def test_block_gap_tends_to_kl():
    n = 6
    block_p, _ = coding.block_distribution(P, n, COLOURS)
    own = coding.average_code_length(block_p, coding.block_code(P, n, COLOURS)) / n
    other = coding.average_code_length(block_p, coding.block_code(Q, n, COLOURS, method="shannon")) / n
    assert abs((other - own) - bn.kl_divergence(P, Q)) < 1 / n


# --- measuring -----------------------------------------------------------------------------------


def test_bits_per_symbol_matches_expected_length_on_exact_frequencies():
    message = ["red"] * 1 + ["green"] * 4 + ["blue"] * 5  # exactly P's frequencies
    for code in (coding.huffman_code(P, COLOURS), coding.huffman_code(Q, COLOURS), coding.shannon_code(Q, COLOURS)):
        assert coding.bits_per_symbol(message, code) == pytest.approx(coding.average_code_length(P, code))


def test_bits_per_symbol_with_blocks_drops_the_tail():
    code = coding.block_code([0.5, 0.5], 2, "ab")  # four pairs, two bits each
    assert coding.bits_per_symbol("abbab", code, block=2) == 1.0
    one = coding.block_code([0.5, 0.5], 1, "ab")
    assert coding.bits_per_symbol("abb", one, block=1) == 1.0
    with pytest.raises(ValueError, match="shorter than one block"):
        coding.bits_per_symbol("a", code, block=2)
    with pytest.raises(ValueError, match="empty"):
        coding.bits_per_symbol([], one)


def test_measured_length_is_close_to_expected_on_a_large_sample():
    rng = np.random.default_rng(2025)
    message = rng.choice(COLOURS, size=20_000, p=P).tolist()
    for build in (lambda: coding.huffman_code(P, COLOURS), lambda: coding.shannon_code(Q, COLOURS)):
        code = build()
        expected = coding.average_code_length(P, code)
        # Standard error is below 0.01 bits for either code; allow five of them.
        assert coding.bits_per_symbol(message, code) == pytest.approx(expected, abs=0.05)
