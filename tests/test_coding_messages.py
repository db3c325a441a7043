"""Tests of bitsandnats.coding.messages: encoding, decoding and coding blocks of symbols."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import COLOURS, P, Q, distributions_with_ties, refused

import bitsandnats as bn
from bitsandnats import coding

# Bad input must raise its ValueError and nothing else: a numpy RuntimeWarning on the way fails the test.
pytestmark = pytest.mark.filterwarnings("error")


# --- bad input (with the defects of issue 11): each a ValueError naming the argument, no other exception ----


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: coding.encode(["purple"], coding.huffman_code(P, COLOURS)), "'purple' has no codeword"),
        (lambda: coding.decode("012", {"a": "0", "b": "1"}), "only '0' and '1'"),
        (lambda: coding.decode("11", {"a": "0", "b": "10"}), r"^bits 0\.\. \('11'\) do not start with any codeword$"),
        (lambda: coding.decode("011", {"a": "0", "b": "10"}), r"^bits 1\.\. \('11'\) do not start with any codeword$"),
        (lambda: coding.decode("0", {"a": "0", "b": "01"}), "not prefix-free"),
        (lambda: coding.encode("a", {"a": ""}), "non-empty string"),
        (lambda: coding.blocks("abc", 2), "1 left over"),
        (lambda: coding.blocks("abc", 0), r"^n must be a whole number at least 1, got 0$"),
        (lambda: coding.blocks("abc", True), r"^n must be a whole number at least 1, got True$"),
        (lambda: coding.blocks("abc", 1.5), r"^n must be a whole number at least 1, got 1.5$"),
        (lambda: coding.blocks("abc", 2, drop_tail="no"), r"^drop_tail must be True or False, got 'no'$"),
        (lambda: coding.blocks(5, 2), r"^message must be a sequence of symbols, got 5$"),
        (lambda: coding.encode(5, {"a": "0"}), r"^message must be a sequence of symbols, got 5$"),
        (lambda: coding.encode([["a"]], {"a": "0"}), r"^message must hold hashable symbols"),
        (lambda: coding.bits_per_symbol("ab", {"a": "0"}, block=0), r"^block must be a whole number at least 1, got 0$"),
        (lambda: coding.bits_per_symbol("ab", {"a": "0"}, block="2"), r"^block must be a whole number at least 1, got '2'$"),
        (lambda: coding.bits_per_symbol(None, {"a": "0"}), r"^message must be a sequence of symbols, got None$"),
        (lambda: coding.block_code(P, 2, method="arithmetic"), r"^method must be one of 'huffman', 'shannon'; got 'arithmetic'$"),
        (lambda: coding.block_code(P, 2, method=["huffman"]), r"^method must be a string, one of 'huffman', 'shannon'; got \['huffman'\]$"),
        (lambda: coding.block_distribution(P, 20), r"^blocks of n = 20 symbols from 3 events number 3\*\*20, too many \(at most 1,000,000\)"),
    ],
)
def test_bad_input_raises_clear_errors(call, message):
    refused(call, message)


@pytest.mark.parametrize("bits", ["1", "01", "0001"])
def test_bits_that_end_inside_a_codeword_say_so(bits):
    code = {"a": "0", "b": "10", "c": "11"}
    refused(lambda: coding.decode(bits, code),
            r"^bits end with '1', the start of a codeword but not a whole one: the message was cut short$")
    long_code = {"a": "0", "b": "100", "c": "101", "d": "11"}
    refused(lambda: coding.decode("0" + bits[:-1] + "10", long_code), r"^bits end with '10', the start of a codeword")


@pytest.mark.parametrize("n", [1001, 10**6, 10**7, 10**400])
def test_block_length_beyond_the_limit_is_refused_before_any_work(n):
    # With one symbol there is one block whatever n is, but it is n symbols long: the limit is on n too.
    refused(lambda: coding.block_distribution([1.0], n), rf"^n must be a whole number from 1 to 1000, got {n}$")
    refused(lambda: coding.block_code([1.0], n), r"^n must be a whole number from 1 to 1000")


def test_block_count_is_checked_without_computing_it():
    # 10,000 events and blocks of 1,000: 10**4000 blocks, a number whose digits could not even be printed.
    p = np.full(10_000, 1e-4)
    refused(lambda: coding.block_distribution(p, 1000), r"^blocks of n = 1000 symbols from 10000 events number 10000\*\*1000")
    refused(lambda: coding.block_distribution([0.5, 0.5], 20), r"^blocks of n = 20 symbols from 2 events number 2\*\*20")
    assert len(coding.block_distribution([0.5, 0.5], 19)[1]) == 2**19  # the largest power of 2 allowed


def test_one_symbol_blocks_up_to_the_limit_are_fine():
    probabilities, block_symbols = coding.block_distribution([1.0], 1000, ["x"])
    assert probabilities.tolist() == [1.0] and block_symbols == [("x",) * 1000]
    assert coding.block_code([1.0], np.int64(1000), ["x"]) == {("x",) * 1000: "0"}


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


@given(distributions_with_ties(min_size=1, max_size=8), st.data())
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
