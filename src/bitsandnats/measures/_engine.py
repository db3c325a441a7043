"""The fast reduction engine: long 1-D inputs summed in cache-sized slices on every core.

A measure hands the engine a *kernel*, a function of slices of its inputs
that returns the slice's smallest entry (its "floor") and some sums.  The
engine runs the kernel over the slices, in a thread pool for long inputs,
and adds up the results.  The same pass gathers the sums and minimum that
validation needs, so a valid input is read once; anything suspicious sends
the caller to the full checks of :mod:`bitsandnats.validation`.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..validation import SUM_TOLERANCE

__all__ = ["reduce_in_slices", "sums_if_valid", "dot", "mass", "row_dot", "finish", "lowest"]

# Long 1-D inputs are reduced in cache-sized slices on every core: numpy's
# ufuncs release the GIL, and two small scratch buffers per thread avoid
# allocating (and page-faulting) temporaries as large as the input.  The same
# pass gathers the sums and minimum that validation needs, so a valid input
# is read once; anything suspicious falls back to the full checks.
#
# On x86 without AVX-512 numpy's float64 log is glibc's scalar log (about
# 4 ns an element at best), so every kernel takes as few logarithms as it can
# and keeps its other passes to cheap vectorised ones.  Inner products use
# BLAS (np.dot, several times faster than einsum) on pieces of at most
# _DOT_PIECE elements: OpenBLAS computes a dot product of up to 10,000
# elements in the calling thread, so it never starts threads of its own that
# would compete with the slice workers (no threadpoolctl needed).
_SLICE = 1 << 15
_DOT_PIECE = 1 << 13
_PARALLEL_FROM = 1 << 17
_TASKS_PER_WORKER = 6  # the pool hands out this many pieces per worker, so a core slowed by
#                        other work (or a busy hyperthread sibling) does less of it
_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
_pool_pid = 0  # a child made by fork() inherits the pool but not its threads
_buffers = threading.local()
_WORK_ROWS = 4  # scratch rows per thread: 4 x 256 KiB


def lowest(*values) -> float:
    """The smallest of some minima, NaN if any of them is NaN."""
    smallest = min(values)
    return math.nan if any(value != value for value in values) else float(smallest)


def reduce_in_slices(kernel, *arrays, exact: bool = False):
    """Run ``kernel(*slices, work)`` over slices of equal-length 1-D arrays.

    ``work`` is a (4, slice length) array of scratch space, the thread's own, so
    that kernels compute in place, in cache.  The kernel returns
    ``(floor, *sums)`` for its slice.  The result is the smallest floor
    (NaN if any was NaN) and the totals of the sums, as an array: correctly
    rounded (:func:`math.fsum`) if ``exact``, for finite sums whose slices'
    totals may cancel.
    """
    global _pool, _pool_pid
    length = arrays[0].shape[0]

    def reduce_range(start: int, stop: int):
        buffers = getattr(_buffers, "work", None)
        if buffers is None or buffers.shape[1] < min(_SLICE, stop - start):
            buffers = np.empty((_WORK_ROWS, min(_SLICE, stop - start)))
            if threading.current_thread() is not threading.main_thread():
                _buffers.work = buffers  # kept by each pool thread, reused by the next call
        floors, sums = [], []
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for first in range(start, stop, _SLICE):
                last = min(first + _SLICE, stop)
                size = last - first
                floor, *parts = kernel(*(a[first:last] for a in arrays), buffers[:, :size])
                floors.append(floor)
                sums.append(parts)
        return floors, sums

    if length < _PARALLEL_FROM or _WORKERS == 1:
        floors, sums = reduce_range(0, length)
    else:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="bitsandnats")
            _pool_pid = os.getpid()
        n_slices = -(-length // _SLICE)
        n_tasks = min(n_slices, _WORKERS * _TASKS_PER_WORKER)
        bounds = [min(length, _SLICE * (n_slices * k // n_tasks)) for k in range(n_tasks + 1)]
        floors, sums = [], []
        for part_floors, part_sums in _pool.map(reduce_range, bounds[:-1], bounds[1:]):
            floors += part_floors
            sums += part_sums
    if exact:
        return lowest(*floors), np.array([math.fsum(column) for column in zip(*sums)])
    with np.errstate(invalid="ignore", over="ignore"):
        totals = np.sum(np.array(sums, dtype=np.float64), axis=0)
    return lowest(*floors), totals


def sums_if_valid(kernel, *arrays, n_distributions: int):
    """The kernel's sums over 1-D inputs, or None if any input fails a check.

    The kernel's floor must be >= 0 (it is NaN or negative for a NaN or a
    negative entry), and its first ``n_distributions`` sums are the masses of
    the inputs, which must be 1.  None sends the caller to the full checks,
    which raise the precise error.
    """
    if any(a.ndim != 1 for a in arrays) or len({a.shape for a in arrays}) != 1:
        return None
    floor, sums = reduce_in_slices(kernel, *arrays)
    masses = sums[:n_distributions]
    if floor >= 0 and (np.abs(masses - 1.0) <= SUM_TOLERANCE).all():
        return sums[n_distributions:]
    return None


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product of two 1-D arrays with BLAS, in pieces small enough that
    BLAS stays in the calling thread (see _DOT_PIECE)."""
    length = a.shape[0]
    if length <= _DOT_PIECE:
        return float(np.dot(a, b))
    total = 0.0
    for start in range(0, length, _DOT_PIECE):
        total += np.dot(a[start : start + _DOT_PIECE], b[start : start + _DOT_PIECE])
    return float(total)


# A slice's sum as a BLAS inner product with ones: several times faster than
# numpy's pairwise sum, and as accurate as the mass checks need.
_ONES = np.ones(_SLICE)
_ONES.flags.writeable = False


def mass(a: np.ndarray) -> float:
    """Sum of a 1-D slice (at most _SLICE long, as the kernels get them), by :func:`dot` with ones."""
    return dot(a, _ONES[: a.shape[0]]) if a.shape[0] <= _SLICE else float(a.sum())


def finish(values):
    """A 0-d result becomes a Python float; a batch stays an array."""
    values = np.asarray(values, dtype=np.float64) + 0.0  # turns -0.0 into 0.0
    return float(values) if values.ndim == 0 else values


def row_dot(a: np.ndarray, b: np.ndarray):
    """Sum of ``a * b`` over the last axis, using BLAS for a single row."""
    if a.ndim == 1 and b.ndim == 1:
        return dot(a, b)
    return np.einsum("...i,...i->...", a, b)


