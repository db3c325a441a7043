"""Time the gradient-descent training of notebook 05 (bitsandnats.training), per run and per loss.

    python benchmarks/training.py               # 21 repeats
    python benchmarks/training.py --repeats 5   # a quicker, rougher run

Notebook 05 trains the same logistic regression twice, with cross-entropy and
with squared error, from a confidently wrong start (weights -2, -2), on
``two_blobs()`` (200 points, 200 epochs of full-batch gradient descent); its
figures need both runs, so they should take a small part of a second.  The
goal is the one a test used to assert on the wall clock (the old
test_training_is_deterministic_and_fast): two data sets and two runs of
each loss (four runs) together in at most 1 s.  The timing belongs here;
tests/test_training.py::test_training_is_deterministic keeps the
behavioural check.

Each repeat times ``two_blobs`` and then one run of each loss with
``time.perf_counter``, the garbage collector off; the table gives the best
and the median of the repeats in milliseconds, and the four-run total
against the goal.  Nothing is asserted: the numbers depend on the machine
and its load (run it on an idle one).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from machine import cpu_model, usable_cores

try:
    import bitsandnats  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bitsandnats import training  # noqa: E402

#: Where notebook 05 starts both runs.
CONFIDENTLY_WRONG = [-2.0, -2.0]
#: The goal for two data sets and two runs of each loss together, in seconds.
GOAL_SECONDS = 1.0


def describe_machine() -> list[str]:
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    return [
        f"CPU:      {cpu_model()}, {usable_cores()} usable cores",
        f"versions: Python {platform.python_version()}, numpy {np.__version__}",
        f"Load:     {load} (1, 5, 15 min) at the start",
    ]


def time_once() -> dict[str, float]:
    """Seconds for ``two_blobs()`` and for one run of each loss on it."""
    times = {}
    start = time.perf_counter()
    x, y = training.two_blobs()
    times["two_blobs()"] = time.perf_counter() - start
    for loss in training.LOSSES:
        start = time.perf_counter()
        training.train_logistic_regression(x, y, loss=loss, initial_weights=CONFIDENTLY_WRONG)
        times[f"train, {loss}"] = time.perf_counter() - start
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21, help="repeats of each timing (default 21)")
    args = parser.parse_args(argv)
    print("\n".join(describe_machine()))
    print(f"Repeats:  {args.repeats}, after one warm-up\n")

    time_once()  # warm-up: imports, numpy's first calls
    runs: list[dict[str, float]] = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.repeats):
            runs.append(time_once())
    finally:
        gc.enable()

    print("| Step | Best (ms) | Median (ms) |")
    print("|---|---:|---:|")
    for step in runs[0]:
        values = [run[step] for run in runs]
        print(f"| {step} | {1e3 * min(values):.2f} | {1e3 * statistics.median(values):.2f} |")
    # What the test used to time: two data sets and two runs of each loss.
    totals = [2 * run["two_blobs()"] + 2 * sum(v for k, v in run.items() if k.startswith("train")) for run in runs]
    median = statistics.median(totals)
    verdict = "met" if median <= GOAL_SECONDS else "NOT met"
    print(f"\nTwo data sets and four runs (two per loss): median {1e3 * median:.1f} ms, best "
          f"{1e3 * min(totals):.1f} ms, {median / GOAL_SECONDS:.1%} of the {GOAL_SECONDS:g} s goal ({verdict}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
