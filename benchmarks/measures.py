"""Time the bitsandnats measures against the functions people would use instead.

    python benchmarks/measures.py            # the full sizes (about a minute)
    python benchmarks/measures.py --quick    # small sizes, a smoke run of a few seconds

Every call goes through the public API, exactly as a user would make it, so the
times include bitsandnats' input validation (finite, non-negative, sums to 1).
Each pair of contenders is timed alternately, call after call, so that a burst
of load on the machine hits both; the table gives the best and the median of
the repeats and the ratio of each.  Every row also checks that the two results
agree (relative difference), and the log-loss row asserts agreement to 1e-12.

The output ends with a markdown table that can be pasted into a README.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import inspect
import io
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from machine import cpu_model, usable_cores

import numpy as np

try:
    import bitsandnats as bn
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import bitsandnats as bn

import scipy
import scipy.stats
import sklearn
import sklearn.metrics

SEED = 20240611
AGREEMENT = 1e-12


# ---------------------------------------------------------------------------
# The machine


def numpy_simd() -> str:
    """The SIMD extensions numpy was built for and found on this CPU."""
    for module in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            umath = __import__(module, fromlist=["__cpu_features__"])
        except ImportError:
            continue
        found = [name for name, present in umath.__cpu_features__.items() if present]
        dispatch = list(getattr(umath, "__cpu_dispatch__", []))
        missing = [name for name in dispatch if name not in found]
        text = f"baseline {' '.join(umath.__cpu_baseline__)}; found {' '.join(found[-6:])}"
        return text + (f"; not found {' '.join(missing)}" if missing else "")
    # Older or unusual builds: numpy.show_runtime() prints the same facts.
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        np.show_runtime()
    return " ".join(buffer.getvalue().split())[:200]


def blas() -> str:
    try:
        import threadpoolctl  # comes with scikit-learn
    except ImportError:
        return "unknown"
    for info in threadpoolctl.threadpool_info():
        if info.get("user_api") == "blas" and "numpy" in info.get("filepath", ""):
            return f"{info['internal_api']} {info.get('version')} ({info.get('num_threads')} threads)"
    return "unknown"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe_machine() -> list[str]:
    return [
        f"CPU:      {cpu_model()}, {usable_cores()} usable cores ({os.cpu_count()} logical)",
        f"numpy:    {np.__version__}   SIMD: {numpy_simd()}",
        f"BLAS:     {blas()}",
        f"scipy:    {scipy.__version__}   scikit-learn: {sklearn.__version__}   "
        f"bitsandnats: {getattr(bn, '__version__', '?')}",
        f"Python:   {platform.python_version()} on {platform.system()} {platform.release()}",
        f"Load:     {load_average()} (1, 5, 15 min) at the start",
    ]


# ---------------------------------------------------------------------------
# Timing


@dataclass
class Row:
    measure: str
    size: str
    ours: str
    theirs: str
    ours_times: list[float]
    theirs_times: list[float]
    difference: float
    goal: float | None

    @property
    def best_ratio(self) -> float:
        return min(self.theirs_times) / min(self.ours_times)

    @property
    def median_ratio(self) -> float:
        return float(np.median(self.theirs_times) / np.median(self.ours_times))

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return "-"
        return f">= {self.goal:g}x: " + ("met" if self.best_ratio >= self.goal else "NOT met")


def race(ours, theirs, repeats: int):
    """Time two callables alternately; return their results and times (s)."""
    result_ours, result_theirs = ours(), theirs()  # warm up (thread pool, caches, imports)
    ours_times, theirs_times = [], []
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for function, times in ((ours, ours_times), (theirs, theirs_times)):
                start = time.perf_counter()
                function()
                times.append(time.perf_counter() - start)
    finally:
        if was_enabled:
            gc.enable()
    return result_ours, result_theirs, ours_times, theirs_times


def relative_difference(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.abs(b), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - b) / scale))


def sklearn_log_loss(y_true, y_prob):
    """scikit-learn's log_loss, with the probabilities passed the way this version wants."""
    if "y_proba" in inspect.signature(sklearn.metrics.log_loss).parameters:
        return sklearn.metrics.log_loss(y_true, y_proba=y_prob)  # 1.9 renamed y_pred
    return sklearn.metrics.log_loss(y_true, y_prob)


def naive_cross_entropy_from_logits(labels, logits):
    """What one writes without thinking about it: softmax, then -log of the label's probability."""
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exps / exps.sum(axis=1, keepdims=True)
    return -np.log(probs[np.arange(labels.shape[0]), labels])


def run(quick: bool, repeats: int) -> list[Row]:
    rng = np.random.default_rng(SEED)
    n_events = 10**5 if quick else 10**7
    n_predictions = 10**5 if quick else 10**6
    n_rows, n_classes = (10**4, 100) if quick else (10**5, 100)
    n_batch = 10**4 if quick else 10**6

    # Distributions with every event possible (uniform weights, normalised).
    p = rng.random(n_events)
    p /= p.sum()
    q = rng.random(n_events)
    q /= q.sum()
    # A batch of three-event distributions, one per row.
    p_rows = rng.random((n_batch, 3))
    p_rows /= p_rows.sum(axis=1, keepdims=True)
    q_rows = rng.random((n_batch, 3))
    q_rows /= q_rows.sum(axis=1, keepdims=True)
    # Binary predictions: hard 0/1 labels, probabilities uniform on [0, 1).
    y_true = (rng.random(n_predictions) < 0.5).astype(np.float64)
    y_prob = rng.random(n_predictions)
    # Logits of a 100-class classifier and integer labels.
    logits = rng.normal(0.0, 3.0, size=(n_rows, n_classes))
    labels = rng.integers(0, n_classes, size=n_rows)

    print(f"Inputs (numpy.random.default_rng({SEED})):")
    print(f"  p, q:    {n_events:,} events each, rng.random(n) / sum")
    print(f"  P, Q:    ({n_batch:,}, 3) rows, rng.random / row sums")
    print(f"  y, yhat: {n_predictions:,} hard 0/1 labels (rng.random(n) < 0.5) and rng.random(n) probabilities")
    print(f"  logits:  ({n_rows:,}, {n_classes}) from rng.normal(0, 3), labels from rng.integers(0, {n_classes})")
    print(f"Each contender runs {repeats} times, alternating with the other, after one warm-up call.\n")

    rows = []

    def add(measure, size, ours_name, theirs_name, ours, theirs, goal, strict=False, agreement_with=None):
        """One row; ``agreement_with`` gives the value to compare with when the reference computes something else."""
        mine, reference, ours_times, theirs_times = race(ours, theirs, repeats)
        difference = relative_difference(mine, reference if agreement_with is None else agreement_with())
        row = Row(measure, size, ours_name, theirs_name, ours_times, theirs_times, difference, goal)
        rows.append(row)
        print(
            f"{measure:28s} ours {1e3 * min(ours_times):8.2f} ms   reference {1e3 * min(theirs_times):8.2f} ms"
            f"   x{row.best_ratio:5.2f} (median x{row.median_ratio:5.2f})   rel. diff {difference:.1e}"
        )
        if strict:
            assert difference <= AGREEMENT, f"{measure}: results differ by {difference:.3g} (relative)"

    add("entropy (bits)", f"{n_events:,} events", "bitsandnats.entropy", "scipy.stats.entropy",
        lambda: bn.entropy(p), lambda: scipy.stats.entropy(p, base=2), goal=3)
    add("KL divergence (bits)", f"{n_events:,} events", "bitsandnats.kl_divergence", "scipy.stats.entropy(p, q)",
        lambda: bn.kl_divergence(p, q), lambda: scipy.stats.entropy(p, q, base=2), goal=3)
    # KL's careful path (for P and Q so close that the plain sum cancels) must not be a cliff: within 2x of
    # the cross-entropy's time (a speed-up of at least 0.5x against it), on identical inputs and on batches.
    add("KL divergence, P = Q (bits)", f"{n_events:,} events", "bitsandnats.kl_divergence",
        "bitsandnats.cross_entropy(p, p)", lambda: bn.kl_divergence(p, p), lambda: bn.cross_entropy(p, p),
        goal=0.5, agreement_with=lambda: scipy.stats.entropy(p, p, base=2))
    add("KL divergence, batch (bits)", f"{n_batch:,} x 3 rows", "bitsandnats.kl_divergence",
        "bitsandnats.cross_entropy(P, Q)", lambda: bn.kl_divergence(p_rows, q_rows),
        lambda: bn.cross_entropy(p_rows, q_rows), goal=0.5,
        agreement_with=lambda: scipy.stats.entropy(p_rows, q_rows, base=2, axis=1))
    add("KL divergence, batch, P = Q", f"{n_batch:,} x 3 rows", "bitsandnats.kl_divergence",
        "bitsandnats.cross_entropy(P, P)", lambda: bn.kl_divergence(p_rows, p_rows),
        lambda: bn.cross_entropy(p_rows, p_rows), goal=0.5,
        agreement_with=lambda: scipy.stats.entropy(p_rows, p_rows, base=2, axis=1))
    add("log loss (binary)", f"{n_predictions:,} predictions", "bitsandnats.log_loss", "sklearn.metrics.log_loss",
        lambda: bn.log_loss(y_true, y_prob), lambda: sklearn_log_loss(y_true, y_prob), goal=10, strict=True)
    add("cross-entropy from logits", f"{n_rows:,} x {n_classes} logits",
        "bitsandnats.cross_entropy_from_logits", "numpy softmax, then -log",
        lambda: bn.cross_entropy_from_logits(labels, logits),
        lambda: naive_cross_entropy_from_logits(labels, logits), goal=None)
    return rows


# ---------------------------------------------------------------------------
# The table


def milliseconds(times: list[float]) -> str:
    return f"{1e3 * min(times):.1f} ({1e3 * float(np.median(times)):.1f})"


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| Measure | Input | bitsandnats, ms | Reference | Reference, ms | Speed-up | Goal | Agreement |",
        "|---|---|---:|---|---:|---:|---|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.measure} | {row.size} | {milliseconds(row.ours_times)} | `{row.theirs}` "
            f"| {milliseconds(row.theirs_times)} | {row.best_ratio:.1f}x ({row.median_ratio:.1f}x) "
            f"| {row.verdict} | {row.difference:.0e} |"
        )
    lines.append("")
    lines.append(
        "Times are best (median) of the repeats in milliseconds; the speed-up is reference time / "
        "bitsandnats time for the best (median) runs; agreement is the largest relative difference "
        "between the two results."
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, for a smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs of each contender (default 9, 3 with --quick)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 9)
    if repeats < 1:
        parser.error("--repeats must be at least 1")

    print("Machine:")
    for line in describe_machine():
        print("  " + line)
    print()
    rows = run(args.quick, repeats)
    print(f"\nLoad average at the end: {load_average()}")
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if busy > 0.5 * usable_cores() + 1:
        print("Note: other processes were busy during the run; times are noisier than usual.")
    print("\n" + markdown_table(rows))
    missed = [row.measure for row in rows if row.goal is not None and row.best_ratio < row.goal]
    if missed:
        print(f"\nGoals not met on this machine: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
