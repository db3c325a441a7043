"""Time the live explorers: a slider move shown in place, against rebuilding the figure.

    python benchmarks/explorer_latency.py              # 200 moves per explorer (a few minutes)
    python benchmarks/explorer_latency.py --moves 50   # a quicker, rougher run

For each explorer a seeded sequence of slider moves is replayed: mostly drags
(one slider step either way, as the arrow keys or a slow drag move it), every
fourth a jump to any position.  Each move is timed two ways:

* **in place**: from setting the slider's value to the frame handed to the
  browser, kernel side.  The explorer recomputes through bitsandnats.measures,
  updates its artists and readouts and, when the background still holds,
  blits: the moving artists drawn over the saved background, and ipympl's
  diff image encoded for the front end.  When a limit or a label changed it
  asks for a full draw instead (``draw_idle``); the browser would answer with a
  draw request, so here ``canvas.draw()`` runs at once and is counted.  (The
  canvas is first told, as a browser would, that the front end is there.)
* **rebuild**: what ``ipywidgets.interact`` with the inline backend does on
  every move: a new figure built from scratch with the same numbers and the
  same drawing code, laid out, rendered and encoded as a PNG.

The two are timed alternately, move after move, so a burst of load hits both.
The table gives the medians (milliseconds), the share of moves that were
blitted, and the ratio rebuild / in place.  The two agreement explorers have no
figure: only their update (numbers and text readouts) is timed.
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
from machine import cpu_model, usable_cores

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
    cpu, cores = cpu_model(), usable_cores()
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


def planned_moves(explorer, moves: int, rng) -> list:
    """(slider, step, position): a drag of one step either way (position None) or, every fourth move, a jump."""
    sliders = list(explorer.sliders.values())
    plan = []
    for move in range(moves):
        slider = sliders[rng.integers(len(sliders))]
        if move % 4 == 3 or hasattr(slider, "options") or type(slider).__name__ == "FloatLogSlider":
            plan.append((slider, 0.0, slider_positions(slider, rng, 1)[0]))
        else:
            plan.append((slider, slider.step if rng.random() < 0.5 else -slider.step, None))
    return plan


def target(slider, step: float, position):
    """Where a planned move takes the slider from where it is now (a move can shift other sliders)."""
    if position is not None:
        return position
    return float(np.clip(round(slider.value + step, 10), slider.min, slider.max))


def time_explorer(name: str, make, moves: int, rng) -> dict:
    explorer = make()
    canvas = explorer.canvas
    asked = []
    if canvas is not None:
        # What a browser says when it shows the canvas: from now on frames go out as diffs.
        canvas._handle_message(canvas, {"type": "initialized"}, [])
        canvas.draw_idle = lambda: asked.append(True)  # the browser's side of draw_idle: see below
        canvas.draw()
    in_place, rebuild = [], []
    blits_before = explorer.panel._live.blits if canvas is not None else 0
    gc.collect()
    gc.disable()
    try:
        for slider, step, position in planned_moves(explorer, moves, rng):
            value = target(slider, step, position)
            if slider.value == value:  # at an end already: not a move
                continue
            asked.clear()
            start = time.perf_counter()
            slider.value = value
            if asked:  # a full draw was asked for: the browser requests it, the kernel draws
                canvas.draw()
            in_place.append(time.perf_counter() - start)
            if canvas is not None:
                start = time.perf_counter()
                rebuild_png(explorer)
                rebuild.append(time.perf_counter() - start)
    finally:
        gc.enable()
    row = {"name": name, "moves": len(in_place), "in_place": 1e3 * float(np.median(in_place))}
    if canvas is not None:
        row["rebuild"] = 1e3 * float(np.median(rebuild))
        row["blitted"] = (explorer.panel._live.blits - blits_before) / len(in_place)
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
        extra = (f", rebuild {row['rebuild']:.1f} ms, {row['blitted']:.0%} of moves blitted"
                 if "rebuild" in row else " (no figure)")
        print(f"{name}: in place {row['in_place']:.1f} ms{extra}", flush=True)

    print("\n| Explorer | Moves | In place (ms) | Blitted | Rebuild, the `interact` way (ms) | Rebuild / in place |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        if "rebuild" in row:
            print(f"| {row['name']} | {row['moves']} | {row['in_place']:.1f} | {row['blitted']:.0%} | "
                  f"{row['rebuild']:.1f} | {row['rebuild'] / row['in_place']:.1f}x |")
        else:
            print(f"| {row['name']} | {row['moves']} | {row['in_place']:.1f} | (no figure) | | |")
    print("\nMedians over the moves.  In place: slider value set -> measures -> artists and readouts updated -> "
          "frame encoded for the browser (a blit, or a full draw where a limit or label changed).  Rebuild: a "
          "new figure with the same content, laid out, drawn and encoded as a PNG on every move.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
