r"""Using prefix codes on messages: encoding, decoding, and coding blocks of symbols.

* :func:`encode` and :func:`decode` turn messages into bit strings and back;
  :func:`bits_per_symbol` measures what a message costs.
* :func:`block_distribution`, :func:`block_code` and :func:`blocks` code
  blocks of n symbols at a time, which shrinks the rounding loss to less than
  1/n bit per symbol.

The codes themselves are built and measured in :mod:`bitsandnats.coding.codes`.

Examples
--------
>>> code = {"blue": "0", "red": "10", "green": "11"}
>>> encode(["blue", "red", "green"], code)
'01011'
>>> decode("01011", code)
['blue', 'red', 'green']
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

from ..validation import check_choice, check_flag, check_whole_number, shown
from .codes import _alphabet, _check_code, _distribution_1d, _is_bits, _prefix_free, huffman_code, shannon_code

__all__ = [
    "encode",
    "decode",
    "block_distribution",
    "block_code",
    "blocks",
    "bits_per_symbol",
]

# Beyond this many blocks, block_distribution refuses (the code would not fit
# in memory comfortably and Huffman's construction would take long).
_MAX_BLOCKS = 1_000_000
# Longer blocks only fit a one-symbol alphabet (two symbols already make more
# than _MAX_BLOCKS blocks of 20), whose blocks all cost one bit: nothing to see.
_MAX_BLOCK_LENGTH = 1_000


def encode(message: Iterable[Hashable], code: Mapping) -> str:
    """Encode a message: the codewords of its symbols, one after another.

    Parameters
    ----------
    message : iterable of hashable
        The symbols to encode.
    code : dict
        Symbol to codeword, e.g. from :func:`huffman_code`.

    Returns
    -------
    str
        The bits, as a string of ``'0'`` and ``'1'``; its length is the cost
        of the message in bits.

    Raises
    ------
    ValueError
        If a symbol has no codeword.

    Examples
    --------
    >>> encode("abca", {"a": "0", "b": "10", "c": "11"})
    '010110'
    """
    _check_code(code)
    return _encode(_symbols_of(message), code)


def _symbols_of(message) -> list:
    try:
        return list(message)
    except TypeError:
        raise ValueError(f"message must be a sequence of symbols, got {shown(message)}") from None


def _encode(symbols: list, code: Mapping) -> str:
    """The bits of a list of symbols with a checked code."""
    try:
        return "".join([code[symbol] for symbol in symbols])
    except KeyError as error:
        raise ValueError(f"symbol {error.args[0]!r} has no codeword in the code") from None
    except TypeError as error:  # an unhashable symbol
        raise ValueError(f"message must hold hashable symbols: {error}") from None


def decode(bits: str, code: Mapping) -> list:
    """Decode a bit string produced by :func:`encode` with a prefix code.

    Reading left to right, the first codeword that matches is the right one,
    because in a prefix code no codeword starts another: no separators needed.

    Parameters
    ----------
    bits : str
        A string of ``'0'`` and ``'1'``.
    code : dict
        The prefix code used to encode (symbol to codeword).

    Returns
    -------
    list
        The symbols, in order.

    Raises
    ------
    ValueError
        If the code is not prefix-free, ``bits`` holds other characters, the
        bits end in the middle of a codeword (a message cut short), or they
        reach a pattern that starts no codeword (an incomplete code).

    Examples
    --------
    >>> decode("010110", {"a": "0", "b": "10", "c": "11"})
    ['a', 'b', 'c', 'a']
    >>> decode("01", {"a": "0", "b": "10", "c": "11"})
    Traceback (most recent call last):
    ...
    ValueError: bits end with '1', the start of a codeword but not a whole one: the message was cut short
    """
    _check_code(code)
    if not _prefix_free(code.values()):
        raise ValueError("code is not prefix-free, so a bit string can have more than one reading")
    if not isinstance(bits, str):
        raise ValueError(f"bits must be a string of '0' and '1', got {type(bits).__name__}")
    if not _is_bits(bits):
        raise ValueError(f"bits must hold only '0' and '1', found {sorted(set(bits) - {'0', '1'})}")
    lookup = {word: symbol for symbol, word in code.items()}
    longest = max(map(len, lookup))
    message, start = [], 0
    while start < len(bits):
        for stop in range(start + 1, min(start + longest, len(bits)) + 1):
            if bits[start:stop] in lookup:
                message.append(lookup[bits[start:stop]])
                start = stop
                break
        else:
            tail = bits[start:]
            if len(tail) < longest and any(word.startswith(tail) for word in lookup):
                raise ValueError(
                    f"bits end with {tail!r}, the start of a codeword but not a whole one: the message was cut short"
                )
            raise ValueError(f"bits {start}.. ({bits[start:start + longest]!r}) do not start with any codeword")
    return message


def block_distribution(p, n: int, symbols=None) -> tuple[np.ndarray, list[tuple]]:
    r"""The distribution of blocks of ``n`` independent symbols from P.

    .. math:: P^n(x_1, \dots, x_n) = P(x_1) \cdots P(x_n), \qquad H(P^n) = n\,H(P)

    Parameters
    ----------
    p : array_like
        1-D distribution of one symbol.
    n : int
        Block length, from 1 to 1,000.
    symbols : sequence of hashable, optional
        The alphabet; ``0 .. len(p)-1`` by default.

    Returns
    -------
    probabilities : ndarray
        One probability per block, in the order of ``block_symbols``.
    block_symbols : list of tuple
        Every block, as an n-tuple of symbols (:func:`itertools.product` order).

    Raises
    ------
    ValueError
        If there would be more than 1,000,000 blocks (``len(p) ** n``): a code
        for them would take long to build and much memory to hold.

    Examples
    --------
    >>> probabilities, pairs = block_distribution([0.25, 0.75], 2, "ab")
    >>> pairs
    [('a', 'a'), ('a', 'b'), ('b', 'a'), ('b', 'b')]
    >>> probabilities
    array([0.0625, 0.1875, 0.1875, 0.5625])
    """
    p = _distribution_1d(p, "p")
    n = check_whole_number(n, "n", low=1, high=_MAX_BLOCK_LENGTH)
    # Count up to the limit only: len(p) ** n itself can have thousands of digits.
    count = 1
    for _ in range(n):
        count *= len(p)
        if count > _MAX_BLOCKS:
            raise ValueError(
                f"blocks of n = {n} symbols from {len(p)} events number {len(p)}**{n}, too many "
                f"(at most {_MAX_BLOCKS:,}); use a shorter block"
            )
    symbols = _alphabet(symbols, len(p))
    probabilities = p
    for _ in range(n - 1):
        probabilities = np.outer(probabilities, p).ravel()
    return probabilities, list(itertools.product(symbols, repeat=n))


def block_code(p, n: int, symbols=None, *, method: str = "huffman") -> dict:
    """A code for blocks of ``n`` symbols, built for the product distribution of P.

    Parameters
    ----------
    p : array_like
        1-D distribution of one symbol.
    n : int
        Block length, >= 1.
    symbols : sequence of hashable, optional
        The alphabet; ``0 .. len(p)-1`` by default.
    method : {"huffman", "shannon"}, keyword-only
        :func:`huffman_code` (optimal on data from P) or :func:`shannon_code`
        (lengths that follow P's probabilities, within 1 bit per block).

    Returns
    -------
    dict
        n-tuple of symbols to codeword.

    Examples
    --------
    >>> pairs = block_code([0.10, 0.40, 0.50], 2, "RGB")
    >>> pairs[("B", "B")], pairs[("R", "R")]
    ('10', '111110')
    """
    builders = {"huffman": huffman_code, "shannon": shannon_code}
    method = check_choice(method, "method", tuple(builders))
    probabilities, block_symbols = block_distribution(p, n, symbols)
    return builders[method](probabilities, block_symbols)


def blocks(message: Sequence, n: int, *, drop_tail: bool = False) -> list[tuple]:
    """Cut a message into consecutive blocks of ``n`` symbols (as tuples).

    Parameters
    ----------
    message : sequence
        The symbols.
    n : int
        Block length, >= 1.
    drop_tail : bool, keyword-only
        Leave out the last ``len(message) % n`` symbols that do not fill a
        block.  Otherwise (default) such a message raises ``ValueError``.

    Examples
    --------
    >>> blocks("abcdef", 2)
    [('a', 'b'), ('c', 'd'), ('e', 'f')]
    >>> blocks("abcde", 2, drop_tail=True)
    [('a', 'b'), ('c', 'd')]
    """
    n = check_whole_number(n, "n", low=1)
    drop_tail = check_flag(drop_tail, "drop_tail")
    message = _symbols_of(message)
    tail = len(message) % n
    if tail and not drop_tail:
        raise ValueError(
            f"a message of {len(message)} symbols does not split into blocks of {n} "
            f"({tail} left over); pass drop_tail=True to leave them out"
        )
    return [tuple(message[start:start + n]) for start in range(0, len(message) - tail, n)]


def bits_per_symbol(message: Sequence, code: Mapping, *, block: int | None = None) -> float:
    """Measured cost of a message: bits of its encoding per symbol encoded.

    Parameters
    ----------
    message : sequence
        The symbols.
    code : dict
        Symbol to codeword, or n-tuple to codeword for block coding.
    block : int, keyword-only, optional
        None (default): the code maps single symbols.  An int n: the code maps
        n-tuples (as from :func:`block_code`, even for n = 1), the message is
        cut with :func:`blocks`, and the last ``len(message) % n`` symbols,
        which do not fill a block, are left out of both the bits and the count.

    Returns
    -------
    float
        Bits per symbol.

    Examples
    --------
    >>> code = huffman_code([0.10, 0.40, 0.50], ["red", "green", "blue"])
    >>> bits_per_symbol(["blue", "blue", "red", "green"], code)
    1.5
    >>> bits_per_symbol("RGBBB", block_code([0.10, 0.40, 0.50], 2, "RGB"), block=2)
    2.0
    """
    _check_code(code)
    if block is None:
        units, per_unit = _symbols_of(message), 1
    else:
        per_unit = check_whole_number(block, "block", low=1)
        units = blocks(message, per_unit, drop_tail=True)
    if not units:
        raise ValueError("message is empty" if block is None else f"message is shorter than one block of {per_unit} symbols")
    return len(_encode(units, code)) / (len(units) * per_unit)
