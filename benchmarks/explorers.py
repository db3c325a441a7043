"""Time the live explorers: a slider move updated in place, against rebuilding the figure.

    python benchmarks/explorers.py              # 200 moves per explorer (several minutes on a slow machine)
    python benchmarks/explorers.py --moves 50   # a quicker, rougher run

For each explorer a seeded sequence of slider moves (positions a drag can
reach) is replayed, and every move is timed three ways:

* **update**: the slider event, exactly as a user's drag delivers it: the
  recomputation through bitsandnats.measures, the artists updated in place,
  the readouts rewritten and ``canvas.draw_idle()``;
* **update + draw**: the same, followed by the frame the browser then asks
  for: ipympl's ``canvas.draw()``, an Agg render of the figure plus the diff
  image sent to the front end (the canvas is first told, as a browser would,
  that the front end is there, so no PNG is encoded);
* **rebuild**: what ``ipywidgets.interact`` with the inline backend does on
  every move: a new figure built from scratch with the same numbers and the
  same drawing code, laid out, rendered and encoded as a PNG.

The update and the rebuild are timed alternately, move after move, so a burst
of load hits both.  The table gives the median of each (in milliseconds) and
the ratio rebuild / (update + draw).  The two agreement explorers have no
figure: only their update is timed.

The output ends with a markdown table (RESULTS_explorers.md holds one).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")

try:
    import bitsandnats  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import matplotlib
from bitsandnats import explorers

SEED = 20251122

P, Q, EVENTS = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"]
Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]

EXPLORERS = {
    "DistributionExplorer (03)": lambda: explorers.DistributionExplorer(P, Q, EVENTS),
    "CoinExplorer (02)": lambda: explorers.CoinExplorer(),
    "LogLossExplorer (04)": lambda: explorers.LogLossExplorer(Y, Y_HAT),
    "TemperatureExplorer (06)": lambda: explorers.TemperatureExplorer(
        [6.0, 3.5, 3.0, -1.0, -2.0], [2.0, 0.5, 1.5, 0.5, -0.5], ["cat", "dog", "fox", "car", "truck"]),
    "BinningExplorer (07)": lambda: explorers.BinningExplorer(),
    "EntropyAgreementExplorer (03)": lambda: explorers.EntropyAgreementExplorer(P, Q, EVENTS),
    "LossAgreementExplorer (04)": lambda: explorers.LossAgreementExplorer(1, 0.8),
}


def describe_machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    import ipympl
    import ipywidgets

    return [
        f"CPU:      {cpu}, {cores} usable cores",
        f"versions: Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
        f"ipympl {ipympl.__version__}, ipywidgets {ipywidgets.__version__}, numpy {np.__version__}",
        f"Load:     {load} (1, 5, 15 min) at the start",
    ]


def slider_positions(slider, rng, count: int) -> list:
    """Positions a drag can reach: on the slider's steps (or its options)."""
    if hasattr(slider, "options"):
        values = [value for _label, value in slider.options]
        return [values[i] for i in rng.integers(len(values), size=count)]
    steps = int(round((slider.max - slider.min) / slider.step))
    exponents = slider.min + slider.step * rng.integers(steps + 1, size=count)
    if type(slider).__name__ == "FloatLogSlider":
        return [float(slider.base ** e) for e in exponents]
    return [float(min(e, slider.max)) for e in exponents]


def rebuild_png(explorer) -> bytes:
    """The interact way: a new figure from scratch for the current state, rendered to a PNG."""
    saved = {name: getattr(explorer, name) for name in explorer._PANEL_CACHES}
    live = explorer.panel
    try:
        for name in saved:
            setattr(explorer, name, None)  # a new figure needs every curve
        explorer.panel = explorer._new_panel()
        explorer._compute()
        buffer = io.BytesIO()
        explorer.panel.figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        explorer.panel = live
        for name, value in saved.items():
            setattr(explorer, name, value)


def time_explorer(name: str, make, moves: int, rng) -> dict:
    explorer = make()
    if explorer.canvas is not None:
        # What a browser says when it shows the canvas: from now on frames go out as diffs.
        explorer.canvas._handle_message(explorer.canvas, {"type": "initialized"}, [])
        explorer.canvas.draw()
    sliders = list(explorer.sliders.items())
    plan = []
    for _ in range(moves):
        slider_name, slider = sliders[rng.integers(len(sliders))]
        plan.append((slider, slider_positions(slider, rng, 1)[0]))
    update, drawn, rebuild = [], [], []
    gc.collect()
    gc.disable()
    try:
        for slider, value in plan:
            if slider.value == value:  # not a move: nudge to another position first, untimed
                slider.value = slider_positions(slider, rng, 1)[0]
            start = time.perf_counter()
            slider.value = value
            middle = time.perf_counter()
            if explorer.canvas is not None:
                explorer.canvas.draw()
            end = time.perf_counter()
            update.append(middle - start)
            if explorer.canvas is not None:
                drawn.append(end - start)
                start = time.perf_counter()
                rebuild_png(explorer)
                rebuild.append(time.perf_counter() - start)
    finally:
        gc.enable()
    row = {"name": name, "moves": moves, "update": 1e3 * float(np.median(update))}
    if drawn:
        row["drawn"] = 1e3 * float(np.median(drawn))
        row["rebuild"] = 1e3 * float(np.median(rebuild))
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200, help="slider moves per explorer (default 200)")
    args = parser.parse_args(argv)
    print("\n".join(describe_machine()))
    print(f"Moves:    {args.moves} per explorer, seed {SEED}\n")
    rng = np.random.default_rng(SEED)
    rows = []
    for name, make in EXPLORERS.items():
        row = time_explorer(name, make, args.moves, rng)
        rows.append(row)
        extra = (f", update + draw {row['drawn']:.1f} ms, rebuild {row['rebuild']:.1f} ms"
                 if "drawn" in row else " (no figure)")
        print(f"{name}: update {row['update']:.2f} ms{extra}", flush=True)

    print("\n| Explorer | Moves | Update (ms) | Update + draw (ms) | Rebuild, the `interact` way (ms) | Rebuild / in place |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        if "drawn" in row:
            print(f"| {row['name']} | {row['moves']} | {row['update']:.2f} | {row['drawn']:.1f} | "
                  f"{row['rebuild']:.1f} | {row['rebuild'] / row['drawn']:.1f}x |")
        else:
            print(f"| {row['name']} | {row['moves']} | {row['update']:.2f} | (no figure) | | |")
    print("\nMedians over the moves.  Update: slider event -> measures -> artists and readouts updated in place "
          "(what every drag event costs).  Update + draw: plus ipympl's Agg frame for the browser.  Rebuild: a "
          "new figure with the same content, laid out, drawn and encoded as a PNG on every move.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
