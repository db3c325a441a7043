r"""Prefix codes: Huffman construction, encoding and decoding, to measure code lengths in bits.

Entropy and cross-entropy are averages of ideal code lengths: a symbol of
probability :math:`q` deserves :math:`-\log_2 q` bits.  This package builds real
binary codes, whose codewords are strings of ``'0'`` and ``'1'`` with a whole
number of bits, so that code lengths can be *measured* by encoding messages
rather than asserted.

* :func:`huffman_code` builds the optimal prefix code for a distribution:
  no other prefix code has a shorter average length on data from it, and
  that average :math:`L` satisfies :math:`H(P) \le L < H(P) + 1`.
* :func:`shannon_code` gives each symbol :math:`\lceil -\log_2 q(x) \rceil`
  bits, the ideal length rounded up.  Built for Q and used on data from P, its
  average length lies in :math:`[H(P, Q), H(P, Q) + 1)` whatever P is.  A
  Huffman code built for Q has no such guarantee on data from P.
* :func:`average_code_length` is the expected length in bits per symbol;
  :func:`implied_distribution`, :func:`kraft_sum` and :func:`is_prefix_free`
  look at a code's structure.
* :func:`encode` and :func:`decode` turn messages into bit strings and back.
* :func:`block_distribution`, :func:`block_code` and :func:`bits_per_symbol`
  code blocks of n symbols at a time, which shrinks the rounding loss to
  less than 1/n bit per symbol.

Building and measuring codes is :mod:`~bitsandnats.coding.codes`; using them
on messages, one symbol or one block at a time, is
:mod:`~bitsandnats.coding.messages`.  Every public name of both is here too.

A code is a ``dict`` from symbol to codeword, in the order of the alphabet.
Symbols are any hashable values; the default alphabet is ``0, 1, ..., n-1``.
All lengths are in bits.

Examples
--------
>>> code = huffman_code([0.10, 0.40, 0.50], ["red", "green", "blue"])
>>> code
{'red': '10', 'green': '11', 'blue': '0'}
>>> encode(["blue", "red", "green"], code)
'01011'
>>> decode("01011", code)
['blue', 'red', 'green']
>>> average_code_length([0.10, 0.40, 0.50], code)
1.5
"""

from __future__ import annotations

from .codes import (
    average_code_length,
    code_from_lengths,
    huffman_code,
    implied_distribution,
    is_prefix_free,
    kraft_sum,
    shannon_code,
)
from .messages import bits_per_symbol, block_code, block_distribution, blocks, decode, encode

__all__ = [
    "huffman_code",
    "shannon_code",
    "code_from_lengths",
    "encode",
    "decode",
    "average_code_length",
    "implied_distribution",
    "kraft_sum",
    "is_prefix_free",
    "block_distribution",
    "block_code",
    "blocks",
    "bits_per_symbol",
]
