"""Fixtures for the explorers' JavaScript twin, made by the Python package itself.

``src/bitsandnats/explorers/twin.js`` recomputes in the browser what
:mod:`bitsandnats.measures` and :mod:`bitsandnats.explorers.grid` compute in
the kernel.  This script draws random inputs (fixed seed), hard ones on
purpose (zeros in P and Q, Q = 0 < P, nearly equal P and Q, distributions on
the explorers' grid of thousandths, logits far apart, the far tail of erfc),
and writes what Python answers for each, one JSON file per JavaScript
function, into the directory given on the command line::

    python tests/js/make_fixtures.py DIRECTORY

``tests/js/twin.test.mjs`` reads them (``BITSANDNATS_FIXTURES=DIRECTORY node
--test tests/js/``) and ``tests/test_twin_js.py`` runs both.

A file holds ``{"function": name, "cases": [...]}``; a case holds ``args``
(the JavaScript call's arguments, in order) and either ``expected`` or
``error`` (Python refuses the input: JavaScript must throw), and for
``distillationLoss`` a ``scale`` (see :func:`distillation_scale`).  JSON has
no infinity or NaN, so numbers that are ``inf``, ``-inf`` or ``nan`` are
written as those strings.  erf, erfc and the normal CDF have no counterpart
in the package; they are compared with SciPy (see :func:`scipy_or_libm`).

Each function's cases come from its own random stream, and the functions are
made in parallel processes, one per core: the whole run takes a few seconds.
"""

from __future__ import annotations

import json
import math
import os
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import scipy.special

from bitsandnats import measures
from bitsandnats.explorers import grid

SEED = 20_240_917
CASES = 10_000
# binned_normal cases hold up to 6,002 bins each (sigma = 3, width = 0.01), so
# there are fewer of them; their bins total about 400,000.
BINNED_CASES = 600
# A running average of N draws is checked at the first draws, at about 40
# draws spread evenly on a log scale, and at the last: its error grows with N.
RUNNING_CHECKED_FIRST = 10
RUNNING_CHECKED_SPREAD = 40
BASES = (2.0, math.e, 10.0)
SMALLEST_NORMAL = sys.float_info.min


def number_text(value: float, digits: str) -> str:
    """A readout's number as text: ∞ for infinity, a proper minus sign, no "-0.000".

    The rule of the old explorers' ``_number_text`` (``explorers/_old.py``),
    kept here because that module is going away and twin.js must keep it.
    """
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = format(value, digits)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


def encoded(value):
    """``value`` as JSON can hold it: arrays as lists, and the floats inf, -inf and nan as strings."""
    if isinstance(value, np.ndarray):
        items = value.tolist()
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            if value.ndim != 1:
                return [encoded(item) for item in value]
            for i in np.flatnonzero(~np.isfinite(value)).tolist():
                items[i] = encoded(items[i])
        return items
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, dict):
        return {key: encoded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encoded(item) for item in value]
    return value


class Cases:
    """The cases of one JavaScript function: Python's answer for each set of arguments."""

    def __init__(self, function: str):
        self.function = function
        self.cases: list[dict] = []

    def add(self, args, compute, **extra):
        """Record ``compute()`` as the answer to ``args``, with any ``extra`` fields."""
        self.cases.append({"args": encoded(args), "expected": encoded(compute()), **encoded(extra)})

    def refused(self, args, compute):
        """Record that Python refuses ``args``: ``compute()`` raises a ValueError."""
        try:
            compute()
        except ValueError as error:
            self.cases.append({"args": encoded(args), "error": str(error)})
        else:
            raise AssertionError(f"{self.function}: Python accepts {args}, meant as a refused case")

    def write(self, directory: Path) -> None:
        text = json.dumps({"function": self.function, "cases": self.cases}, ensure_ascii=False,
                          allow_nan=False, separators=(",", ":"))
        (directory / f"{self.function}.json").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# Random inputs.
# ---------------------------------------------------------------------------

def log_uniform(rng, low: float, high: float, size=None):
    return np.exp(rng.uniform(math.log(low), math.log(high), size))


def pick_base(rng) -> float:
    """Mostly bits, nats or hartleys; now and then another base, above or below 1."""
    if rng.random() < 0.85:
        return BASES[rng.integers(len(BASES))]
    return float(rng.uniform(1.05, 16.0) if rng.random() < 0.8 else rng.uniform(0.05, 0.95))


def grid_counts(rng, n: int) -> list[int]:
    """Whole thousandths summing to 1000, as the explorers' controls hold them, often with zeros."""
    kind = rng.random()
    if kind < 0.08:
        counts = [0] * n
        counts[rng.integers(n)] = grid.STEPS
        return counts
    weights = rng.integers(0, 1000, n)
    if kind < 0.5:
        weights[rng.random(n) < 0.3] = 0
    return grid.apportion(weights.tolist(), grid.STEPS)


def on_grid(counts) -> np.ndarray:
    return np.asarray(counts, dtype=np.int64) / grid.STEPS


def general_distribution(rng, n: int) -> np.ndarray:
    """A random distribution: Dirichlet spread from very uneven to flat, sometimes with exact zeros."""
    p = rng.dirichlet(np.full(n, log_uniform(rng, 0.02, 5.0)))
    if rng.random() < 0.3:
        p[rng.random(n) < 0.3] = 0.0
    if rng.random() < 0.15:  # a few entries far below the others (down to 1e-300)
        p[rng.random(n) < 0.4] *= 10.0 ** -rng.uniform(5, 300)
    # No subnormal entries: where q(x) is subnormal, p(x) / q(x) can overflow,
    # and measures.kl_divergence then returns inf for a finite divergence
    # (kl_terms does not); that is Python's to fix, not the twin's to copy.
    p[p < SMALLEST_NORMAL] = 0.0
    if p.sum() == 0:
        p[rng.integers(n)] = 1.0
    return p / p.sum()


def distribution(rng, n: int) -> np.ndarray:
    return on_grid(grid_counts(rng, n)) if rng.random() < 0.5 else general_distribution(rng, n)


def nearly(rng, p: np.ndarray) -> np.ndarray:
    """A distribution close to ``p``: each entry moved by a relative 1e-15 to 1e-1, or a step or two on the grid."""
    if rng.random() < 0.3:
        counts = np.rint(p * grid.STEPS).astype(int).tolist()
        if sum(counts) == grid.STEPS and np.allclose(on_grid(counts), p):
            index = int(rng.integers(len(counts)))
            count = int(np.clip(counts[index] + rng.choice([-3, -2, -1, 1, 2, 3]), 0, grid.STEPS))
            return on_grid(grid.rebalance(counts, index, count))
    q = p * (1.0 + log_uniform(rng, 1e-15, 1e-1) * rng.standard_normal(p.shape[0]))
    q = np.maximum(q, 0.0)
    return q / q.sum() if q.sum() > 0 else p.copy()


def distribution_pair(rng) -> tuple[np.ndarray, np.ndarray]:
    """P and Q over 2 to 10 events: independent, nearly equal, equal, or Q ruling out an event of P."""
    n = int(rng.integers(2, 11))
    p = distribution(rng, n)
    kind = rng.random()
    if kind < 0.4:
        q = distribution(rng, n)
    elif kind < 0.75:
        q = nearly(rng, p)
    elif kind < 0.85:
        q = p.copy()
    else:
        q = distribution(rng, n)
        possible = np.flatnonzero(p > 0)
        ruled_out = rng.choice(possible, size=int(rng.integers(1, possible.shape[0] + 1)), replace=False)
        if ruled_out.shape[0] == n:  # Q must keep some event
            ruled_out = ruled_out[:1]
        q[ruled_out] = 0.0
        if q.sum() == 0:  # Q had all its mass on the events ruled out: move it to another one
            q[rng.choice(np.setdiff1d(np.arange(n), ruled_out))] = 1.0
        q = q / q.sum()
    return p, q


def probabilities(rng, size: int) -> np.ndarray:
    """Probabilities anywhere in [0, 1]: on the grid, uniform, tiny, within a hair of 1, or exactly 0 or 1."""
    kinds = [rng.integers(0, grid.STEPS + 1, size) / grid.STEPS, rng.random(size), 10.0 ** -rng.uniform(0, 300, size),
             1.0 - 10.0 ** -rng.uniform(1, 16, size), rng.integers(0, 2, size).astype(np.float64)]
    kind = rng.choice(len(kinds), size, p=[0.25, 0.3, 0.2, 0.15, 0.1])
    return np.choose(kind, kinds)


def labels(rng, size: int) -> np.ndarray:
    """Binary labels: mostly hard (0 or 1), a quarter soft (any probability)."""
    return np.where(rng.random(size) < 0.75, rng.integers(0, 2, size).astype(np.float64), probabilities(rng, size))


def logits(rng, n: int) -> np.ndarray:
    """Logits spread by 0.01 to 2,000, sometimes shifted far from 0 or tied."""
    values = rng.standard_normal(n) * log_uniform(rng, 0.01, 2_000.0)
    if rng.random() < 0.2:
        values = values + rng.choice([-1.0, 1.0]) * log_uniform(rng, 10.0, 1e5)
    if rng.random() < 0.1:
        values[rng.random(n) < 0.5] = values[0]
    return values


def temperature(rng) -> float:
    return 1.0 if rng.random() < 0.15 else float(rng.uniform(0.5, 10.0))


# ---------------------------------------------------------------------------
# One set of cases per JavaScript function.
# ---------------------------------------------------------------------------

def entropies(rng) -> list[Cases]:
    total, terms = Cases("entropy"), Cases("entropyTerms")
    for _ in range(CASES):
        p, base = distribution(rng, int(rng.integers(2, 11))), pick_base(rng)
        total.add([p, base], lambda: measures.entropy(p, base=base))
        terms.add([p, base], lambda: measures.cross_entropy_terms(p, p, base=base))
    for base in (1.0, -2.0, 0.0):
        total.refused([[0.5, 0.5], base], lambda: measures.entropy([0.5, 0.5], base=base))
    return [total, terms]


def cross_entropies(rng) -> list[Cases]:
    total, terms = Cases("crossEntropy"), Cases("crossEntropyTerms")
    for _ in range(CASES):
        (p, q), base = distribution_pair(rng), pick_base(rng)
        total.add([p, q, base], lambda: measures.cross_entropy(p, q, base=base))
        terms.add([p, q, base], lambda: measures.cross_entropy_terms(p, q, base=base))
    total.refused([[0.5, 0.5], [0.2, 0.3, 0.5], 2.0], lambda: measures.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5]))
    return [total, terms]


def kl_divergences(rng) -> list[Cases]:
    total, terms = Cases("klDivergence"), Cases("klTerms")
    for _ in range(CASES):
        (p, q), base = distribution_pair(rng), pick_base(rng)
        total.add([p, q, base], lambda: measures.kl_divergence(p, q, base=base))
        terms.add([p, q, base], lambda: measures.kl_terms(p, q, base=base))
    total.refused([[0.5, 0.5], [1.0], 2.0], lambda: measures.kl_divergence([0.5, 0.5], [1.0]))
    return [total, terms]


def surprisals(rng) -> Cases:
    cases = Cases("surprisal")
    for prob in probabilities(rng, CASES).tolist():
        base = pick_base(rng)
        cases.add([prob, base], lambda: measures.surprisal(prob, base=base))
    return cases


def running_averages(rng) -> Cases:
    """Running average surprisal of 1 to 1,000 draws, and of 100,000 coin tosses as the coin explorer's longest N."""
    cases = Cases("averageSurprisalRunning")
    lengths = np.rint(log_uniform(rng, 1.0, 1_000.0, CASES)).astype(int).tolist() + [100_000] * 5
    for draws in lengths:
        n = 2 if draws == 100_000 else int(rng.integers(2, 11))
        p = distribution(rng, n)
        # Mostly outcomes of P itself; sometimes of another distribution, which
        # can draw an outcome that P rules out (an infinite surprisal).
        source = p if rng.random() < 0.8 else distribution(rng, n)
        tosses = rng.choice(n, size=draws, p=source)
        base = pick_base(rng)
        running = measures.average_surprisal(tosses, p, base=base, running=True)
        spread = np.power(float(draws), np.linspace(0.0, 1.0, RUNNING_CHECKED_SPREAD)).astype(int) - 1
        checked = np.unique(np.concatenate([np.arange(min(draws, RUNNING_CHECKED_FIRST)), spread, [draws - 1]]))
        cases.add([tosses, p, base], lambda: {"positions": checked, "values": running[checked]})
    return cases


def binary_losses(rng) -> list[Cases]:
    single, mean = Cases("binaryCrossEntropy"), Cases("logLoss")
    for y, q in zip(labels(rng, CASES).tolist(), probabilities(rng, CASES).tolist()):
        single.add([y, q], lambda: measures.binary_cross_entropy(y, q))
    sizes = rng.integers(1, 31, CASES)
    splits = np.cumsum(sizes)[:-1]
    for ys, qs in zip(np.split(labels(rng, sizes.sum()), splits), np.split(probabilities(rng, sizes.sum()), splits)):
        mean.add([ys, qs], lambda: measures.log_loss(ys, qs))
    single.refused([1.5, 0.5], lambda: measures.binary_cross_entropy(1.5, 0.5))
    single.refused([1.0, -0.1], lambda: measures.binary_cross_entropy(1.0, -0.1))
    return [single, mean]


def distillation_scale(label, student, teacher, t: float, alpha: float) -> float:
    """The size of the terms that make up a distillation loss, which its rounding errors are relative to.

    The soft term sums p (log p - log q) over the classes, and where the
    student nearly matches the teacher these cancel: each log-probability
    carries a rounding error relative to its own size, so Python's loss and
    the twin's differ by about 1e-16 times alpha T^2 sum p (|log p| + |log q|)
    (plus the hard term), however small the loss itself is.  Only a size, so
    plain numpy does (the package's checks would double the script's time).
    """
    def log_softmax(z):
        shifted = z - z.max()
        return shifted - math.log(np.exp(shifted).sum())

    log_p, log_q = log_softmax(teacher / t), log_softmax(student / t)
    soft = float(np.sum(np.exp(log_p) * (np.abs(log_p) + np.abs(log_q))))
    return alpha * t**2 * soft - (1.0 - alpha) * float(log_softmax(student)[label])


def softmaxes(rng) -> list[Cases]:
    plain, logs, distillation = Cases("softmax"), Cases("logSoftmax"), Cases("distillationLoss")
    for _ in range(CASES):
        n = int(rng.integers(2, 11))
        z, t = logits(rng, n), temperature(rng)
        plain.add([z, t], lambda: measures.softmax(z, temperature=t))
        logs.add([z, t], lambda: measures.log_softmax(z, temperature=t))
        student = logits(rng, n)
        teacher = student.copy() if rng.random() < 0.1 else logits(rng, n)
        label = int(rng.integers(n))
        alpha = float(rng.choice([0.0, 1.0])) if rng.random() < 0.2 else float(rng.random())
        distillation.add([label, student, teacher, t, alpha],
                         lambda: measures.distillation_loss(label, student, teacher, temperature=t, alpha=alpha),
                         scale=distillation_scale(label, student, teacher, t, alpha))
    plain.refused([[1.0, 2.0], 0.0], lambda: measures.softmax([1.0, 2.0], temperature=0.0))
    distillation.refused([0, [1.0, 2.0], [2.0, 1.0], 2.0, 1.5],
                         lambda: measures.distillation_loss(0, [1.0, 2.0], [2.0, 1.0], temperature=2.0, alpha=1.5))
    return [plain, logs, distillation]


def scipy_or_libm(scipy_function, libm_function, points: np.ndarray) -> np.ndarray:
    """SciPy's values, except where SciPy flushes a positive subnormal result to 0.

    SciPy's erfc (Cephes) returns 0 once x^2 passes ln(2^1024) = 709.78, at
    x = 26.64, though erfc(x) stays a positive subnormal number up to x = 27.2
    (and the normal CDF likewise below u = -37.7).  There the value comes from
    ``libm_function``: Python's math module, which calls the C library's erfc.
    """
    values = scipy_function(points)
    flushed = (values == 0) & np.isfinite(points)
    values[flushed] = [libm_function(point) for point in points[flushed].tolist()]
    return values


def error_functions(rng) -> list[Cases]:
    """erf and erfc against SciPy: all of [-6, 6], the tail out to 27.5 and beyond, tiny x, and fdlibm's breakpoints."""
    breakpoints = [0.25, 0.84375, 1.25, 1 / 0.35, 6.0, 28.0, 2.0**-28, 2.0**-56, 2.0**-1015]
    near = [np.nextafter(x, direction) for x in breakpoints for direction in (0.0, np.inf)] + breakpoints
    signs = rng.choice([-1.0, 1.0], 4_000)
    xs = np.concatenate([
        rng.uniform(-6.0, 6.0, 6_000),
        rng.uniform(0.0, 27.5, 5_000),
        rng.uniform(-30.0, 30.0, 1_500),
        signs * 10.0 ** -rng.uniform(0.0, 323.0, 4_000),
        np.concatenate([near, np.negative(near)]),
        [0.0, -0.0, np.inf, -np.inf, np.nan, 26.0, 26.5, 27.0, 27.2, 27.3],
    ])
    us = np.concatenate([rng.uniform(-40.0, 10.0, 6_000), rng.uniform(-5.0, 5.0, 4_000),
                         rng.choice([-1.0, 1.0], 1_000) * 10.0 ** -rng.uniform(0.0, 300.0, 1_000),
                         [0.0, -0.0, np.inf, -np.inf, -37.0, -38.0, -39.0]])
    functions = []
    references = (("erf", scipy.special.erf(xs), xs),
                  ("erfc", scipy_or_libm(scipy.special.erfc, math.erfc, xs), xs),
                  ("normalCdf", scipy_or_libm(scipy.special.ndtr, lambda u: 0.5 * math.erfc(-u / math.sqrt(2)), us), us))
    for name, values, points in references:
        cases = Cases(name)
        for x, value in zip(points.tolist(), values.tolist()):
            cases.add([x], lambda: value)
        functions.append(cases)
    return functions


def normals(rng) -> list[Cases]:
    binned, differential = Cases("binnedNormal"), Cases("differentialEntropyNormal")
    settings = [(3.0, 0.01, None), (0.05, 2.0, None), (1.0, 1.0, 2.0), (0.05, 0.01, None)]
    for _ in range(BINNED_CASES):
        sigma, width = float(log_uniform(rng, 0.05, 3.0)), float(log_uniform(rng, 0.01, 2.0))
        settings.append((sigma, width, None if rng.random() < 0.8 else float(rng.uniform(0.5, 12.0))))
    for sigma, width, span in settings:
        options = {} if span is None else {"span": span}
        args = [sigma, width] if span is None else [sigma, width, span]

        def compute():
            probs, edges = measures.binned_normal(sigma, width, return_edges=True, **options)
            return {"probs": probs, "edges": edges}

        binned.add(args, compute)
    binned.refused([0.0, 0.1], lambda: measures.binned_normal(0.0, 0.1))
    binned.refused([1.0, 1e-7], lambda: measures.binned_normal(1.0, 1e-7))
    sigmas = np.concatenate([log_uniform(rng, 1e-3, 1e3, CASES - 1_000),
                             1 / math.sqrt(2 * math.pi * math.e) * (1 + rng.uniform(-1e-3, 1e-3, 1_000))])
    for sigma in sigmas.tolist():
        differential.add([sigma], lambda: measures.differential_entropy_normal(sigma))
    differential.refused([0.0], lambda: measures.differential_entropy_normal(0.0))
    return [binned, differential]


def grid_arithmetic(rng) -> list[Cases]:
    """apportion and rebalance with every event count 2 to 10, ties, and others that are all zero."""
    apportioned, rebalanced = Cases("apportion"), Cases("rebalance")
    for case in range(CASES):
        n = 2 + case % 9
        weights = rng.integers(0, 10 ** int(rng.integers(1, 7)), int(rng.integers(1, 11)))
        kind = rng.random()
        if kind < 0.15:
            weights[:] = 0
        elif kind < 0.3:
            weights[:] = weights[0]  # equal remainders: ties go to the lower index
        elif kind < 0.6:
            weights[rng.random(weights.shape[0]) < 0.4] = 0
        total = int(rng.integers(0, grid.STEPS + 1)) if rng.random() < 0.8 else int(rng.integers(0, 10**6))
        apportioned.add([weights, total], lambda: grid.apportion(weights.tolist(), total))

        counts = grid_counts(rng, n)
        index = int(rng.integers(n))
        if rng.random() < 0.15:  # the others all at zero: they share the rest evenly
            counts = [grid.STEPS if i == index else 0 for i in range(n)]
        count = int(rng.choice([0, grid.STEPS])) if rng.random() < 0.1 else int(rng.integers(0, grid.STEPS + 1))
        rebalanced.add([counts, index, count], lambda: grid.rebalance(counts, index, count))
    for weights, total in (([], 5), ([1, -1], 5), ([1, 2], -1)):
        apportioned.refused([weights, total], lambda: grid.apportion(weights, total))
    for counts, index, count in (([500, 500], 0, 1001), ([1000], 0, 400)):
        rebalanced.refused([counts, index, count], lambda: grid.rebalance(counts, index, count))
    return [apportioned, rebalanced]


def formatted_numbers(rng) -> Cases:
    """Readout text: ordinary numbers, exact ties (0.125 to two decimals), near ties, tiny negatives, huge numbers."""
    cases = Cases("formatNumber")
    for _ in range(CASES):
        digits = int(rng.choice([3, 3, 3, 4, 0, 1, 2, 5, 6, 10]))
        kind = rng.random()
        if kind < 0.2:
            value = float(rng.uniform(-10.0, 10.0))
        elif kind < 0.4:
            value = float(rng.choice([-1.0, 1.0]) * 10.0 ** rng.uniform(-8, 8))
        elif kind < 0.6:  # an exact tie: (odd whole number) / 2^(digits + 1)
            value = float(rng.choice([-1.0, 1.0]) * (2 * int(rng.integers(0, 10**5)) + 1) / 2 ** (digits + 1))
        elif kind < 0.7:  # one step of the double either side of a tie
            tie = (2 * int(rng.integers(0, 10**5)) + 1) / 2 ** (digits + 1)
            value = float(np.nextafter(tie, rng.choice([0.0, np.inf])))
        elif kind < 0.8:  # halfway in decimal, not in binary: 0.0005, 2.3455, ...
            value = float((int(rng.integers(0, 10**5)) + 0.5) / 10**digits)
        elif kind < 0.9:  # small negatives that round to zero: never "−0.000"
            value = -float(rng.uniform(0.0, 0.5)) / 10**digits
        else:
            value = float(measures.entropy(distribution(rng, int(rng.integers(2, 11))), base=pick_base(rng)))
        cases.add([value, digits], lambda: number_text(value, f".{digits}f"))
    for value in (0.0, -0.0, math.inf, -math.inf, math.nan, 0.5, -0.5, 1.5, 2.5, 1e20, 9.999999999999999e20,
                  1e21, -1e21, 1.2345e25, 1e300, -1.7976931348623157e308, 5e-324):
        for digits in (0, 3):
            cases.add([value, digits], lambda: number_text(value, f".{digits}f"))
    return cases


# Slowest first, so that the pool's last task is a short one.
MAKERS = (running_averages, softmaxes, kl_divergences, cross_entropies, binary_losses, entropies, normals,
          grid_arithmetic, error_functions, formatted_numbers, surprisals)


def make(index: int, directory: Path) -> None:
    """Write the fixtures of ``MAKERS[index]``, from a random stream of its own, named after it."""
    maker = MAKERS[index]
    made = maker(np.random.default_rng([SEED, zlib.crc32(maker.__name__.encode())]))
    for cases in made if isinstance(made, list) else [made]:
        cases.write(directory)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} DIRECTORY", file=sys.stderr)
        return 2
    directory = Path(argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=max(1, min(cores, len(MAKERS)))) as pool:
        list(pool.map(make, range(len(MAKERS)), [directory] * len(MAKERS)))  # re-raises a worker's error
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
