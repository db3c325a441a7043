r"""Building and measuring prefix codes: Huffman's, Shannon's, and canonical codes from lengths.

A code is a ``dict`` from symbol to codeword, a string of ``'0'`` and ``'1'``,
in the order of the alphabet.  Symbols are any hashable values; the default
alphabet is ``0, 1, ..., n-1``.  All lengths are in bits.

* :func:`huffman_code` builds the optimal prefix code for a distribution,
  :func:`shannon_code` gives each symbol its ideal length rounded up, and
  :func:`code_from_lengths` the canonical code with given lengths.
* :func:`average_code_length` is the expected length in bits per symbol,
  :func:`implied_distribution` the probabilities a code is ideal for,
  :func:`kraft_sum` and :func:`is_prefix_free` check a code's structure.

Using codes on messages (encoding, decoding, blocks of symbols) is
:mod:`bitsandnats.coding.messages`.

Examples
--------
>>> code = huffman_code([0.10, 0.40, 0.50], ["red", "green", "blue"])
>>> code
{'red': '10', 'green': '11', 'blue': '0'}
>>> average_code_length([0.10, 0.40, 0.50], code)
1.5
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction

import numpy as np

from ..validation import check_distribution, check_whole_number, shown

__all__ = [
    "huffman_code",
    "shannon_code",
    "code_from_lengths",
    "average_code_length",
    "implied_distribution",
    "kraft_sum",
    "is_prefix_free",
]

# A longer codeword would take gigabytes to write out; Huffman's and Shannon's
# codes of float64 probabilities stay below about 1,600 bits.
_MAX_CODEWORD_LENGTH = 10_000


def _distribution_1d(p, name: str) -> np.ndarray:
    array = check_distribution(p, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a single distribution (1-D), got shape {array.shape}")
    return array


def _alphabet(symbols, size: int, name: str = "p") -> list:
    if symbols is None:
        return list(range(size))
    if isinstance(symbols, (set, frozenset)):  # its order, which pairs symbols with probabilities, is arbitrary
        raise ValueError(f"symbols must be in order (a list, tuple or string), got a {type(symbols).__name__}")
    # numpy scalars (np.str_, np.int64) would show up in the code's keys.
    try:
        symbols = symbols.tolist() if isinstance(symbols, np.ndarray) else list(symbols)
    except TypeError:
        raise ValueError(f"symbols must be a sequence of symbols, got {shown(symbols)}") from None
    if len(symbols) != size:
        raise ValueError(f"symbols has {len(symbols)} entries but {name} has {size} events")
    seen = set()
    for symbol in symbols:
        try:
            repeated = symbol in seen
        except TypeError:  # a list or an array cannot be a dict key
            raise ValueError(
                f"symbols must be hashable (strings, numbers, tuples), but one is {shown(symbol)}"
            ) from None
        if repeated:
            raise ValueError(f"symbols must be distinct, but {symbol!r} appears more than once")
        seen.add(symbol)
    return symbols


def _kraft(lengths: Iterable[int]) -> Fraction:
    """The exact Kraft sum of codeword lengths, summed per distinct length (fast for a million codewords)."""
    counts = Counter(lengths)
    longest = max(counts)
    return Fraction(sum(count << (longest - length) for length, count in counts.items()), 1 << longest)


def code_from_lengths(lengths, symbols=None) -> dict:
    r"""The canonical prefix code with the given codeword lengths.

    Symbols are taken in order of (length, position in the alphabet); each gets
    the next free binary number of its length.  Such a code exists exactly when
    the lengths satisfy Kraft's inequality

    .. math:: \sum_x 2^{-\ell(x)} \le 1 .

    Parameters
    ----------
    lengths : sequence of int
        Codeword length in bits for each symbol, each at least 1.
    symbols : sequence of hashable, optional
        The alphabet, same length as ``lengths``; ``0 .. n-1`` by default.

    Returns
    -------
    dict
        Symbol to codeword (a string of ``'0'`` and ``'1'``), in alphabet order.

    Raises
    ------
    ValueError
        If a length is not a whole number from 1 to 10,000, or the lengths
        break Kraft's inequality (then no prefix code has them).

    Examples
    --------
    >>> code_from_lengths([2, 2, 1], ["red", "green", "blue"])
    {'red': '10', 'green': '11', 'blue': '0'}
    >>> code_from_lengths([1, 1, 2])
    Traceback (most recent call last):
    ...
    ValueError: lengths [1, 1, 2] break Kraft's inequality (sum of 2**-length is 5/4 > 1), so no prefix code has them
    """
    try:
        lengths = list(lengths)
    except TypeError:
        raise ValueError(f"lengths must be a sequence of whole numbers, got {shown(lengths)}") from None
    if not lengths:
        raise ValueError("lengths is empty")
    lengths = [
        check_whole_number(length, f"lengths[{index}]", low=1, high=_MAX_CODEWORD_LENGTH)
        for index, length in enumerate(lengths)
    ]
    symbols = _alphabet(symbols, len(lengths), "lengths")
    kraft = _kraft(lengths)
    if kraft > 1:
        raise ValueError(
            f"lengths {lengths} break Kraft's inequality (sum of 2**-length is {kraft} > 1), "
            "so no prefix code has them"
        )
    return _canonical_code(lengths, symbols)


def _canonical_code(lengths: list[int], symbols: list) -> dict:
    """The canonical code of checked lengths (within Kraft's inequality) over a checked alphabet."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    codewords = {}
    value, previous = 0, lengths[order[0]]
    for rank, index in enumerate(order):
        if rank:
            value = (value + 1) << (lengths[index] - previous)
        previous = lengths[index]
        codewords[index] = format(value, f"0{previous}b")
    return {symbols[i]: codewords[i] for i in range(len(lengths))}


def _huffman_lengths(p: np.ndarray) -> list[int]:
    """Codeword lengths from Huffman's merges, with deterministic tie-breaking."""
    n = len(p)
    if n == 1:
        return [1]
    # Heap entries are (weight, creation order, node).  Leaves are created in
    # alphabet order and merged nodes after them, so among equal weights the
    # earlier symbol, then the older node, is merged first.
    parent = [-1] * (2 * n - 1)
    heap = [(float(weight), index) for index, weight in enumerate(p)]
    heapq.heapify(heap)
    created = n
    while len(heap) > 1:
        weight_a, node_a = heapq.heappop(heap)
        weight_b, node_b = heapq.heappop(heap)
        parent[node_a] = parent[node_b] = created
        heapq.heappush(heap, (weight_a + weight_b, created))
        created += 1
    depth = [0] * (2 * n - 1)
    for node in range(2 * n - 3, -1, -1):  # parents are created after children
        depth[node] = depth[parent[node]] + 1
    return depth[:n]


def huffman_code(p, symbols=None) -> dict:
    r"""The Huffman code of a distribution: an optimal binary prefix code.

    Huffman's construction repeatedly merges the two least likely entries;
    each merge adds one bit to the codewords of every symbol inside them.  No
    prefix code has a smaller average length on data from P, and

    .. math:: H(P) \le L = \sum_x P(x)\,\ell(x) < H(P) + 1 \quad\text{bits per symbol}

    (for a P with at least two possible symbols; see the notes for the rest).

    Parameters
    ----------
    p : array_like
        A 1-D probability distribution over the alphabet.
    symbols : sequence of hashable, optional
        The alphabet, same length as ``p``; ``0 .. n-1`` by default.

    Returns
    -------
    dict
        Symbol to codeword, in alphabet order.  Codewords are assigned
        canonically from the lengths (see :func:`code_from_lengths`).

    Notes
    -----
    * Ties: among equal probabilities the symbol earlier in the alphabet is
      merged first (so it may end up with the longer codeword); the result is
      the same on every run and platform.
    * Zero probabilities: every symbol gets a codeword, a zero-probability one
      gets one of the longest.  Used on data from P it costs nothing; used as
      a code *built for Q* on data from P, it still encodes every symbol P can
      produce, in finitely many bits, even where :math:`H(P, Q)` is infinite.
    * One possible symbol: a code needs at least one bit per symbol, so a
      single-symbol alphabet gets the codeword ``'0'``, and a P that is
      certain of one symbol has :math:`L = 1 = H(P) + 1` bit, the one case
      where the upper bound is not strict.

    Examples
    --------
    >>> huffman_code([0.10, 0.40, 0.50], ["red", "green", "blue"])
    {'red': '10', 'green': '11', 'blue': '0'}
    >>> huffman_code([0.80, 0.15, 0.05], ["red", "green", "blue"])
    {'red': '0', 'green': '10', 'blue': '11'}
    >>> huffman_code([0.5, 0.5, 0.0])
    {0: '10', 1: '0', 2: '11'}
    >>> huffman_code([1.0], ["only"])
    {'only': '0'}
    """
    p = _distribution_1d(p, "p")
    symbols = _alphabet(symbols, len(p))
    return _canonical_code(_huffman_lengths(p), symbols)


def shannon_code(q, symbols=None) -> dict:
    r"""The Shannon code of a distribution: ideal lengths rounded up.

    Each symbol gets :math:`\ell(x) = \lceil -\log_2 q(x) \rceil` bits (at least
    1), so its codeword follows Q's own idea of how surprising it is.  Used on
    data from any distribution P, the average length is

    .. math:: H(P, Q) \le \sum_x P(x)\,\ell(x) < H(P, Q) + 1 \quad\text{bits per symbol},

    because each length is within one bit above :math:`-\log_2 q(x)`.  With
    P = Q this gives :math:`[H(Q), H(Q) + 1)`, though a Huffman code is
    shorter still.

    Parameters
    ----------
    q : array_like
        A 1-D probability distribution with every entry greater than 0.
    symbols : sequence of hashable, optional
        The alphabet, same length as ``q``; ``0 .. n-1`` by default.

    Returns
    -------
    dict
        Symbol to codeword, in alphabet order (canonical, see
        :func:`code_from_lengths`).

    Raises
    ------
    ValueError
        If a symbol has probability 0: it would need an infinitely long
        codeword, just as :math:`H(P, Q)` is infinite when P can produce it.
        Smooth q first (e.g. ``0.99 * q + 0.01 / len(q)``), or use
        :func:`huffman_code`, which gives such symbols finite codewords.

    Examples
    --------
    >>> shannon_code([0.80, 0.15, 0.05], ["red", "green", "blue"])
    {'red': '0', 'green': '100', 'blue': '10100'}
    >>> shannon_code([0.5, 0.25, 0.25])
    {0: '0', 1: '10', 2: '11'}
    """
    q = _distribution_1d(q, "q")
    symbols = _alphabet(symbols, len(q), "q")
    if (q == 0).any():
        where = symbols[int(np.argmin(q))]
        raise ValueError(
            f"q gives symbol {where!r} probability 0, which would need an infinitely long codeword; "
            "smooth q first (e.g. 0.99 * q + 0.01 / len(q)) or use huffman_code"
        )
    # q = m * 2**e with 0.5 <= m < 1 gives ceil(-log2 q) = 1 - e exactly,
    # so 2**-length <= q holds without rounding error.
    lengths = [max(1, 1 - math.frexp(float(value))[1]) for value in q]
    return _canonical_code(lengths, symbols)


def _is_bits(text) -> bool:
    return isinstance(text, str) and not text.strip("01")


def _check_code(code) -> None:
    """Raise unless ``code`` maps symbols to codewords: non-empty strings of '0' and '1'."""
    if not isinstance(code, Mapping) or not code:
        raise ValueError(f"code must be a non-empty dict from symbol to codeword, got {shown(code)}")
    for symbol, word in code.items():
        if not (_is_bits(word) and word):
            raise ValueError(
                f"code must map each symbol to a non-empty string of '0' and '1', "
                f"but it maps {shown(symbol)} to {shown(word)}"
            )


def average_code_length(p, code: Mapping, symbols=None) -> float:
    r"""Expected codeword length, in bits per symbol, of a code on data from P.

    .. math:: L = \sum_x P(x)\,\ell(x)

    For any prefix code :math:`L \ge H(P)`.  For a complete code (Kraft sum 1,
    as Huffman's) it equals the cross-entropy :math:`H(P, 2^{-\ell})` with the
    distribution the code implies (see :func:`implied_distribution`).

    Parameters
    ----------
    p : array_like
        1-D distribution of the symbols.
    code : dict
        Symbol to codeword.
    symbols : sequence of hashable, optional
        The symbol each entry of ``p`` belongs to; the code's own order
        (``list(code)``) by default.

    Examples
    --------
    >>> code = huffman_code([0.80, 0.15, 0.05], ["red", "green", "blue"])
    >>> round(average_code_length([0.10, 0.40, 0.50], code), 3)
    1.9
    """
    _check_code(code)
    p = _distribution_1d(p, "p")
    symbols = _alphabet(list(code) if symbols is None else symbols, len(p))
    missing = [s for s, weight in zip(symbols, p) if weight > 0 and s not in code]
    if missing:
        raise ValueError(f"symbol {missing[0]!r} has positive probability but no codeword in the code")
    lengths = np.array([len(code[s]) if s in code else 0 for s in symbols], dtype=float)
    return float(p @ lengths)


def implied_distribution(code: Mapping) -> np.ndarray:
    r"""The probabilities a code is ideal for: :math:`2^{-\ell(x)}` per symbol.

    A codeword of :math:`\ell` bits is the ideal length for a symbol of
    probability :math:`2^{-\ell}`, so every code "believes" in a distribution.
    The entries sum to the Kraft sum: 1 for a complete code such as Huffman's,
    less when some bit patterns are never used.

    Examples
    --------
    >>> implied_distribution({"red": "0", "green": "10", "blue": "11"})
    array([0.5 , 0.25, 0.25])
    """
    _check_code(code)
    return np.array([2.0 ** -len(word) for word in code.values()])


def kraft_sum(code: Mapping) -> float:
    r"""Kraft sum :math:`\sum_x 2^{-\ell(x)}` of a code (at most 1 for a prefix code).

    Examples
    --------
    >>> kraft_sum({"a": "0", "b": "10", "c": "11"})
    1.0
    >>> kraft_sum(shannon_code([0.10, 0.40, 0.50]))
    0.8125
    """
    _check_code(code)
    return float(_kraft(map(len, code.values())))


def is_prefix_free(code: Mapping) -> bool:
    """Whether no codeword is a prefix of another (or equal to another).

    Examples
    --------
    >>> is_prefix_free({"a": "0", "b": "10", "c": "11"})
    True
    >>> is_prefix_free({"a": "0", "b": "01"})
    False
    """
    _check_code(code)
    return _prefix_free(code.values())


def _prefix_free(codewords: Iterable[str]) -> bool:
    words = sorted(codewords)
    # If u is a prefix of w, every word sorted between them starts with u too,
    # so checking neighbours in sorted order is enough.
    return all(not later.startswith(earlier) for earlier, later in zip(words, words[1:]))
