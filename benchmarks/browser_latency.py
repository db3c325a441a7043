"""Key press to readout, and key press to redrawn figure: notebook 03's explorer in a real JupyterLab and Chromium.

    python benchmarks/browser_latency.py                    # 40 arrow-key presses on P[red]
    python benchmarks/browser_latency.py --presses 80 --slider "Q[green]"
    python benchmarks/browser_latency.py --timeline         # also every kernel message of one press

What a learner waits for.  The script starts its own JupyterLab (on a
temporary copy of notebooks/, as the browser tests do: tests/browser/
jupyter_browser.py), opens notebook 03 in Debian's Chromium, runs it all,
focuses a slider of the DistributionExplorer and presses the arrow keys,
right then left (half each), waiting after every press until everything has
settled.  Per press, in the page, from the keydown (performance.now()):

* **readout**: until the readout table shows a different text (a
  MutationObserver on the table);
* **figure**: until ipympl draws its next frame onto the visible canvas (a
  hook on drawImage; the figure's pixels are compared between presses, so a
  frame that changed nothing would be reported);
* **last readout / last frame**: until the last change the press caused, if
  it caused more than one;

and, from the kernel websocket's own frames (seen in the page before
JupyterLab sees them): when the slider's move left for the kernel, when the
kernel's first reply, the new readouts and the figure's image (an ipympl
message with a binary buffer) came back, and how many moves the page sent
for one key press.

Prints the medians and 90th percentiles, then a markdown table, and writes
everything to artifacts/browser-latency.json.  Nothing is asserted: the
numbers depend on the machine (the script prints it; run it on an idle one).
The servers are stopped by their PIDs and their temporary directories
removed; nothing is written into the checkout except artifacts/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.dont_write_bytecode = True  # no __pycache__ in tests/browser/ from importing the helpers
SCRATCH = Path(tempfile.mkdtemp(prefix="bitsandnats-latency-"))
# This process's own caches (matplotlib's, through bitsandnats) go to the scratch directory too.
for _name, _sub in (("MPLCONFIGDIR", "matplotlib"), ("XDG_CACHE_HOME", "cache")):
    os.environ.setdefault(_name, str(SCRATCH / "home" / _sub))
sys.path.insert(0, str(ROOT))

from tests.browser import explorer_page as ep  # noqa: E402
from tests.browser import jupyter_browser as jb  # noqa: E402

from machine import cpu_model, usable_cores  # noqa: E402

if Path(jb.__file__).resolve().parents[2] != ROOT:  # pragma: no cover - another "tests" package on the path
    sys.exit(f"imported the browser helpers from {jb.__file__}, not from {ROOT / 'tests/browser'}")


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("jupyterlab", "ipywidgets", "ipympl", "matplotlib", "numpy", "playwright"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    try:
        found["chromium"] = subprocess.run([str(jb.CHROMIUM), "--version"], capture_output=True, text=True,
                                           timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found["chromium"] = "-"
    return found


def machine() -> dict[str, object]:
    cpu, cores = cpu_model(), usable_cores()
    return {"cpu": cpu, "cores": cores, "python": platform.python_version(), "load": os.getloadavg()}


def timeline(log: list[dict], start: float, end: float) -> dict[str, object]:
    """What the kernel websocket carried for one press (between its keydown and the next)."""
    frames = [entry for entry in log if start <= entry["t"] < end]
    moves = [e for e in frames if e["direction"] == "sent" and e["type"] == "comm_msg" and e.get("method") == "update"]
    replies = [e for e in frames if e["direction"] == "recv" and e["type"] == "comm_msg"]
    readouts = [e for e in replies if e.get("value") == "readouts"]
    images = [e for e in replies if e["buffers"] > 0]

    def first(entries):
        return entries[0]["t"] - start if entries else None

    return {"move_sent_ms": first(moves), "first_reply_ms": first(replies), "readouts_msg_ms": first(readouts),
            "image_msg_ms": first(images), "moves_sent": len(moves), "readout_msgs": len(readouts),
            "image_msgs": len(images), "image_bytes": [e["size"] for e in images]}


def stats(values) -> dict[str, float] | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "p90": ep.percentile(values, 0.9), "min": min(values),
            "max": max(values), "n": len(values)}


ROWS = [  # (key in a press's record, what it is)
    ("readout_ms", "key → readout text changed"),
    ("canvas_ms", "key → figure redrawn (first frame)"),
    ("last_readout_ms", "key → last readout change"),
    ("last_canvas_ms", "key → last frame"),
    ("move_sent_ms", "key → move sent to the kernel"),
    ("first_reply_ms", "key → kernel's first reply"),
    ("readouts_msg_ms", "key → readouts message received"),
    ("image_msg_ms", "key → figure image received"),
]


def run(presses: int, slider_name: str, warmup: int, settle_ms: float, show_timeline: bool) -> dict:
    from playwright.sync_api import sync_playwright

    notebooks = SCRATCH / "notebooks"
    jb.copy_notebooks(notebooks)
    server = jb.lab_server(SCRATCH / "lab", notebooks=notebooks)
    server.workdir.mkdir(parents=True, exist_ok=True)
    print(f"starting JupyterLab on {server.url} (log: {server.log})", flush=True)
    server.start("/api/status")
    try:
        with sync_playwright() as playwright:
            browser = jb.launch_browser(playwright)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.set_default_timeout(60_000)
                page = context.new_page()
                ep.watch_kernel(page)
                started = time.monotonic()
                jb.open_notebook(page, server, ep.NOTEBOOK)
                jb.run_all(page)
                jb.wait_for_figures(page)
                print(f"opened and ran {ep.NOTEBOOK} in {time.monotonic() - started:.1f} s", flush=True)
                errors = jb.page_errors(page)
                if errors:
                    raise RuntimeError("error output in the page:\n" + "\n---\n".join(errors))
                explorer = ep.distribution_explorer(page)
                ep.expect(explorer).to_have_count(1)
                explorer.scroll_into_view_if_needed()
                ep.start_watching(explorer)
                ep.wait_until_settled(page)
                explorer.evaluate(jb.LATENCY_PROBE_JS)
                handle = ep.slider_handle(explorer, slider_name)
                if warmup:
                    jb.measure_key_latency(page, handle, ["ArrowRight", "ArrowLeft"] * (warmup // 2 + warmup % 2),
                                           settle_ms=settle_ms)
                keys = ["ArrowRight"] * (presses - presses // 2) + ["ArrowLeft"] * (presses // 2)
                page.evaluate("() => { window.__bnKernel.log = []; }")
                print(f"pressing {len(keys)} arrow keys on {slider_name} ...", flush=True)
                records = jb.measure_key_latency(page, handle, keys, settle_ms=settle_ms)
                log = page.evaluate("() => window.__bnKernel.log")
                ends = [r["key_at"] for r in records[1:]] + [float("inf")]
                for record, end in zip(records, ends):
                    record.update(timeline(log, record["key_at"], end))
                if show_timeline:
                    print(f"\nkernel websocket, press 1 ({keys[0]}), ms from the keydown:")
                    for entry in log:
                        if records[0]["key_at"] <= entry["t"] < ends[0]:
                            detail = {k: v for k, v in entry.items() if k not in ("t", "direction")}
                            print(f"  {entry['t'] - records[0]['key_at']:8.1f}  {entry['direction']:<4}  {detail}")
                geometry = explorer.evaluate(
                    "root => { const c = root.querySelector('.jupyter-matplotlib-canvas-div canvas');"
                    " return {canvas: [c.width, c.height], output_width: root.getBoundingClientRect().width}; }")
            finally:
                browser.close()
    finally:
        jb.shut_down_kernels(server)
        server.stop()
    return {"records": records, "keys": keys, "geometry": geometry}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=40, help="arrow-key presses measured (default 40)")
    parser.add_argument("--slider", default="P[red]", help="the slider pressed (default P[red])")
    parser.add_argument("--warmup", type=int, default=2, help="presses before the measured ones (default 2)")
    parser.add_argument("--settle-ms", type=float, default=300.0,
                        help="quiet time after a press before the next one (default 300)")
    parser.add_argument("--timeline", action="store_true", help="print every kernel message of the first press")
    args = parser.parse_args(argv)
    if args.presses < 2:
        parser.error("--presses must be at least 2")
    problem = jb.chromium_problem()
    if problem:
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2

    info = {"machine": machine(), "versions": versions()}
    print(f"machine: {info['machine']['cpu']}, {info['machine']['cores']} usable cores, "
          f"load {', '.join(f'{x:.2f}' for x in info['machine']['load'])}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    try:
        result = run(args.presses, args.slider, args.warmup, args.settle_ms, args.timeline)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    records = result["records"]

    summary = {key: stats(record.get(key) for record in records) for key, _label in ROWS}
    counts = {
        "presses": len(records),
        "without_readout_change": sum(1 for r in records if r["readout_ms"] is None or not r["text_changed"]),
        "without_redraw": sum(1 for r in records if r["canvas_ms"] is None or not r["canvas_changed"]),
        "frames_per_press": statistics.median(r["frames"] for r in records),
        "readout_updates_per_press": statistics.median(r["readouts"] for r in records),
        "moves_sent_per_press": statistics.median(r["moves_sent"] for r in records),
        "presses_with_echoed_moves": sum(1 for r in records if r["moves_sent"] > 1),
    }
    image_sizes = [size for r in records for size in r["image_bytes"]]
    counts["image_kb_median"] = statistics.median(image_sizes) / 1024 if image_sizes else 0.0
    print(f"\n{ep.NOTEBOOK}, DistributionExplorer, {len(records)} presses on {args.slider} "
          f"(ArrowRight x {result['keys'].count('ArrowRight')}, ArrowLeft x {result['keys'].count('ArrowLeft')}); "
          f"ms from the keydown:")
    for key, label in ROWS:
        s = summary[key]
        if s:
            print(f"  {label:<38} median {s['median']:7.1f}   p90 {s['p90']:7.1f}   "
                  f"min {s['min']:7.1f}   max {s['max']:7.1f}   (n={s['n']})")
        else:
            print(f"  {label:<38} (never)")
    print(f"  per press (median): {counts['frames_per_press']:g} frames, {counts['readout_updates_per_press']:g} "
          f"readout updates, {counts['moves_sent_per_press']:g} moves sent to the kernel; "
          f"{counts['presses_with_echoed_moves']} of {len(records)} presses sent more than one move; "
          f"figure image {counts['image_kb_median']:.1f} KiB (median)")
    if counts["without_readout_change"] or counts["without_redraw"]:
        print(f"  !! {counts['without_readout_change']} presses left the readouts unchanged, "
              f"{counts['without_redraw']} did not redraw the figure")
    geometry = result["geometry"]
    print(f"  figure canvas {geometry['canvas'][0]}x{geometry['canvas'][1]} px in an output "
          f"{geometry['output_width']:.0f} px wide")

    print("\n| What | median (ms) | p90 (ms) | min (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    for key, label in ROWS:
        s = summary[key]
        if s:
            print(f"| {label} | {s['median']:.1f} | {s['p90']:.1f} | {s['min']:.1f} | {s['max']:.1f} |")
    print(f"\n{len(records)} presses on {args.slider}; {info['machine']['cpu']}, {info['machine']['cores']} cores; "
          f"Chromium headless ({info['versions']['chromium']}), JupyterLab {info['versions']['jupyterlab']}, "
          f"ipywidgets {info['versions']['ipywidgets']}, ipympl {info['versions']['ipympl']}.")

    out = jb.artifacts_dir() / "browser-latency.json"
    out.write_text(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "slider": args.slider, **info,
                               "summary_ms": summary, "counts": counts, "geometry": geometry,
                               "presses": records}, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
