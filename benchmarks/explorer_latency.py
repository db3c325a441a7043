"""Kernel time per move of every live explorer: the comm message from the browser handled, and the readouts.

    python benchmarks/explorer_latency.py              # 400 moves per explorer
    python benchmarks/explorer_latency.py --moves 100  # a quicker, rougher run

The explorers draw and compute in the browser; the kernel's part of a move
is to take the new state the browser sends and keep its own copy in step.
For each explorer a seeded sequence of moves is replayed, mostly one step of
one control either way (an arrow key, a slow drag), every fourth a jump to
any value of it.  Each move is turned into the state the browser would send
for it (``explorer._moved``: the same rule as the browser's), wrapped in the
comm message ipywidgets delivers (``{"method": "update", "state": ...}``),
and timed twice, with ``time.perf_counter``:

* **comm handler**: ``explorer._handle_msg(message)``, what the kernel runs
  for each message from the browser: the state checked and set, observers
  run (the two agreement explorers compute their table with SciPy,
  scikit-learn or Keras here), the echo sent back;
* **readouts**: ``explorer.readouts()``, the same numbers computed in
  Python with bitsandnats.measures (what notebooks and tests read).

No kernel runs: the widgets' comms are ipywidgets' stand-in, which builds
each message and sends it nowhere (in a kernel, the message is then
serialised onto the socket).  The goal is a median of at most 2 ms per move
(handler and readouts together).  The table gives medians and 95th
percentiles in milliseconds.
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

os.environ.setdefault("KERAS_BACKEND", "jax")

try:
    import bitsandnats  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bitsandnats import explorers  # noqa: E402

SEED = 20251122
#: The goal for the median kernel time of one move, in milliseconds.
GOAL_MS = 2.0

P, Q, EVENTS = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"]
Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]

EXPLORERS = {
    "DistributionExplorer (03)": lambda: explorers.DistributionExplorer(P, Q, EVENTS),
    "EntropyAgreementExplorer (03)": lambda: explorers.EntropyAgreementExplorer(P, Q, EVENTS),
    "CoinExplorer (02)": lambda: explorers.CoinExplorer(),
    "LogLossExplorer (04)": lambda: explorers.LogLossExplorer(Y, Y_HAT),
    "LossAgreementExplorer (04)": lambda: explorers.LossAgreementExplorer(1, 0.8),
    "TemperatureExplorer (06)": lambda: explorers.TemperatureExplorer(
        [6.0, 3.5, 3.0, -1.0, -2.0], [2.0, 0.5, 1.5, 0.5, -0.5], ["cat", "dog", "fox", "car", "truck"]),
    "BinningExplorer (07)": lambda: explorers.BinningExplorer(),
}


def describe_machine() -> list[str]:
    import anywidget
    import ipywidgets

    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    return [
        f"CPU:      {cpu_model()}, {usable_cores()} usable cores",
        f"versions: Python {platform.python_version()}, anywidget {anywidget.__version__}, "
        f"ipywidgets {ipywidgets.__version__}, numpy {np.__version__}",
        f"Load:     {load} (1, 5, 15 min) at the start",
    ]


def next_value(control, rng, jump: bool):
    """Where a move takes ``control`` from where it is: one step (or option) either way, or a jump anywhere."""
    if control.options is not None:
        options = list(control.options)
        if jump:
            return options[rng.integers(len(options))]
        here = options.index(control.value)
        return options[min(len(options) - 1, max(0, here + (1 if rng.random() < 0.5 else -1)))]
    steps = round((control.maximum - control.minimum) / control.step)
    if jump:
        return round(control.minimum + control.step * rng.integers(steps + 1), 10)
    value = control.value + (control.step if rng.random() < 0.5 else -control.step)
    return round(min(control.maximum, max(control.minimum, value)), 10)


def update_message(state: dict) -> dict:
    """The comm message ipywidgets hands the widget for a state sent by the browser."""
    return {"content": {"data": {"method": "update", "state": {**state, "error": ""}, "buffer_paths": []}},
            "buffers": []}


def time_explorer(name: str, make, moves: int, rng) -> dict:
    explorer = make()
    controls = list(explorer.controls().values())
    handler, readouts = [], []
    gc.collect()
    gc.disable()
    try:
        for move in range(moves):
            control = controls[rng.integers(len(controls))]
            value = next_value(control, rng, jump=move % 4 == 3)
            if value == control.value:  # at an end already: not a move
                continue
            message = update_message(explorer._moved({control.name: value}))
            start = time.perf_counter()
            explorer._handle_msg(message)
            middle = time.perf_counter()
            explorer.readouts()
            end = time.perf_counter()
            handler.append(middle - start)
            readouts.append(end - middle)
            assert explorer.error == "", f"{name}: the move {control.name} = {value!r} was refused: {explorer.error}"
    finally:
        gc.enable()
        explorer.close()
    total = [a + b for a, b in zip(handler, readouts)]
    return {"name": name, "moves": len(total), "handler": milliseconds(handler), "readouts": milliseconds(readouts),
            "total": milliseconds(total), "total_p95": milliseconds(total, 0.95)}


def milliseconds(seconds: list[float], quantile: float = 0.5) -> float:
    """A quantile (the median by default) of times in seconds, in milliseconds."""
    return 1e3 * float(np.quantile(seconds, quantile))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=400, help="moves per explorer (default 400)")
    args = parser.parse_args(argv)
    print("\n".join(describe_machine()))
    print(f"Moves:    {args.moves} per explorer, seed {SEED}\n")
    rng = np.random.default_rng(SEED)
    rows = []
    for name, make in EXPLORERS.items():
        row = time_explorer(name, make, args.moves, rng)
        rows.append(row)
        print(f"{name}: comm handler {row['handler']:.2f} ms + readouts {row['readouts']:.2f} ms", flush=True)

    print(f"\n| Explorer | Moves | Comm handler (ms) | readouts() (ms) | Per move (ms) | p95 (ms) "
          f"| Goal ≤ {GOAL_MS:g} ms |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for row in rows:
        verdict = "met" if row["total"] <= GOAL_MS else "NOT met"
        print(f"| {row['name']} | {row['moves']} | {row['handler']:.2f} | {row['readouts']:.2f} | {row['total']:.2f} | "
              f"{row['total_p95']:.2f} | {verdict} |")
    print(f"\nMedians (and the 95th percentile of the total) over the moves, in milliseconds; overall median "
          f"{statistics.median(row['total'] for row in rows):.2f} ms.  Comm handler: the state from the browser "
          f"checked and set, observers run, the echo built.  readouts(): the numbers in Python.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
