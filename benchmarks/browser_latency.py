"""From a key press or a pointer move to the new picture on screen: notebook 03's explorer in JupyterLab and Chromium.

    python benchmarks/browser_latency.py                  # 40 key presses, 40 drag moves, 20 interact presses
    python benchmarks/browser_latency.py --moves 80 --interact-presses 30

What a learner waits for, all in one run, on one page: the script starts
its own JupyterLab (on a temporary copy of notebooks/, as the browser tests
do: tests/browser/jupyter_browser.py), opens notebook 03 in Debian's
Chromium, runs it all, and measures in the page (``performance.now()`` and
the events' own ``timeStamp``, no round trip to Python inside a
measurement):

1. **key press**: ArrowUp/ArrowDown on the DistributionExplorer's P[red]
   control, from the keydown to the frame that shows the change;
2. **pointer drag**: the mouse held down on P[red]'s column and moved, from
   the pointermove to the frame that shows the change;
3. **the usual way**: an ``ipywidgets.interact`` over a FloatSlider that
   rebuilds a matplotlib figure of the same content on every change
   (``%matplotlib inline``; ``bitsandnats.plots.contributions``: P and Q
   and their terms), added in a scratch cell: from the keydown on its
   slider to the frame that shows the new image, decoded;
4. **a fast drag**: 100 pointer moves dispatched 10 ms apart (one second),
   then release: how far each frame lags behind the pointer, and when the
   last position is on screen, counted from the release.

"The frame that shows the change": a MutationObserver sees the explorer's
chart and readout table change (the explorer redraws both in one animation
frame); a message posted from there arrives once that frame's rendering
task is done (style, layout, paint: the "requestAnimationFrame +
postMessage" way of timing the next paint), which is the time taken.  The
start of the frame after that (the next requestAnimationFrame) is reported
too, as an upper bound.  After each move the script checks, outside the
timed part, that the chart's markup and the readouts' text did change.

Goals: key and pointer median ≤ 16.7 ms and p95 ≤ 33 ms; the interact way
≥ 10x slower; in the fast drag the last position on screen within 50 ms of
the release.  Prints a table with the ratios and writes everything to
artifacts/browser-latency.json.  Nothing is asserted: the numbers depend on
the machine (printed; run it on an idle one).  The server is stopped by its
PID and its temporary directory removed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
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
sys.path.insert(0, str(ROOT / "tests"))  # the tests' shared checks (explorer_checks), as pytest finds them

from tests.browser import explorer_page as ep  # noqa: E402
from tests.browser import jupyter_browser as jb  # noqa: E402

from machine import describe, versions  # noqa: E402

if Path(jb.__file__).resolve().parents[2] != ROOT:  # pragma: no cover - another "tests" package on the path
    sys.exit(f"imported the browser helpers from {jb.__file__}, not from {ROOT / 'tests/browser'}")

GOALS = {"median_ms": 16.7, "p95_ms": 33.0, "ratio": 10.0, "release_ms": 50.0}

#: The usual way, in a scratch cell: interact over a FloatSlider, a new matplotlib figure on every change.
INTERACT_CELL = """%matplotlib inline
import ipywidgets

def contributions_for(p_red):
    return bn.plots.contributions(bn.rebalance(P, 0, p_red), Q, colours)

ipywidgets.interact(contributions_for, p_red=ipywidgets.FloatSlider(value=P[0], min=0.05, max=0.9, step=0.01,
                                                                     description="P[red]"))"""

#: The in-page probe.  ``arm(kind)`` starts a measurement at the next event of that kind (keydown, or a
#: pointermove with the button down), taking the event's timeStamp; ``watch(nodes)`` says which parts of the
#: page must all have changed (MutationObserver); once they have, a message posted from the observer marks
#: the end of that frame's rendering ("painted"), and the next animation frame's start is noted too.  For an
#: <img>, the change counts once the image is decoded.  ``done`` holds the finished measurement.
PROBE_JS = """() => {
  if (window.__bnProbe) return;
  const probe = window.__bnProbe = {armed: null, current: null, done: null, targets: []};
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { if (probe.current) { probe.current.painted = performance.now(); finish(); } };
  const finish = () => {
    const c = probe.current;
    if (c && c.painted !== undefined && c.nextFrame !== undefined) { probe.done = c; probe.current = null; }
  };
  const start = (event) => {
    if (probe.armed === 'key' && event.type === 'keydown'
        || probe.armed === 'pointer' && event.type === 'pointermove' && (event.buttons & 1)) {
      probe.armed = null;
      probe.current = {t0: event.timeStamp, handler: performance.now(), changed: probe.targets.map(() => null)};
    }
  };
  document.addEventListener('keydown', start, true);
  document.addEventListener('pointermove', start, true);
  const allChanged = () => {
    const c = probe.current;
    if (!c || c.changed.some(t => t === null) || c.seen !== undefined) return;
    c.seen = performance.now();
    channel.port2.postMessage(null);
    requestAnimationFrame(() => { if (probe.current === c) { c.nextFrame = performance.now(); finish(); } });
  };
  probe.observer = new MutationObserver((records) => {
    const c = probe.current;
    if (!c) return;
    const now = performance.now();
    probe.targets.forEach((target, i) => {
      if (c.changed[i] !== null || !records.some(r => target.node.contains(r.target))) return;
      const image = target.image ? target.node.querySelector('img') : null;
      if (target.image) {
        if (!image || image === target.last) return;
        target.last = image;
        image.decode().then(() => { if (probe.current === c) { c.changed[i] = performance.now(); allChanged(); } });
      } else {
        c.changed[i] = now;
      }
    });
    allChanged();
  });
  probe.watch = (nodes, image) => {
    probe.observer.disconnect();
    probe.targets = nodes.map(node => ({node, image, last: image ? node.querySelector('img') : null}));
    for (const node of nodes) probe.observer.observe(node, {subtree: true, childList: true, attributes: true,
                                                            characterData: true});
  };
}"""

#: What must change for a move of the explorer: its P and Q chart, and its readouts.
WATCH_EXPLORER_JS = """(root) => window.__bnProbe.watch([root.querySelector('svg[data-chart="pq"]'),
                                                          root.querySelector('.bn-readouts').parentElement], false)"""
#: What must change for a move of the interact: the image in its output.
WATCH_INTERACT_JS = """(output) => window.__bnProbe.watch([output], true)"""

SNAPSHOT_JS = """(root) => [root.querySelector('svg[data-chart="pq"]').outerHTML,
                           root.querySelector('.bn-readouts').textContent]"""
RESULT_JS = """() => { const d = window.__bnProbe.done; window.__bnProbe.done = null;
  return d && {painted_ms: d.painted - d.t0, next_frame_ms: d.nextFrame - d.t0,
               handler_delay_ms: d.handler - d.t0}; }"""

#: The fast drag's recorder: every pointer event on the chart (timeStamp, clientY, type, and the
#: timeStamps of the moves the browser merged into it) and, for every rendered frame, when it was done and
#: the P[red] the page shows in it.
BURST_JS = """(root) => {
  const svg = root.querySelector('svg[data-chart="pq"]');
  const range = root.querySelector('input.bn-range[data-name="P[red]"]');
  const log = window.__bnBurst = {events: [], frames: [], running: true};
  const note = (event) => log.events.push([event.timeStamp, event.clientY, event.type,
    event.getCoalescedEvents ? event.getCoalescedEvents().map(e => [e.timeStamp, e.clientY]) : []]);
  for (const type of ['pointerdown', 'pointermove', 'pointerup']) svg.addEventListener(type, note, true);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => log.frames.push([performance.now(), Number(range.value)]);
  const tick = () => { channel.port2.postMessage(null); if (log.running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  log.stop = () => { log.running = false;
    for (const type of ['pointerdown', 'pointermove', 'pointerup']) svg.removeEventListener(type, note, true); };
}"""


def stats(values) -> dict[str, float]:
    values = [value for value in values if value is not None]
    return {"median": statistics.median(values), "p95": ep.percentile(values, 0.95), "min": min(values),
            "max": max(values), "n": len(values)}


def measure(page, root, act, *, changed_js, timeout: float = 30.0) -> dict:
    """One move: arm the probe, act, wait for the measurement; then check that the picture really changed."""
    before = page.evaluate(changed_js, root) if changed_js else None
    act()
    page.wait_for_function("() => window.__bnProbe.done !== null", timeout=timeout * 1000, polling=10)
    result = page.evaluate(RESULT_JS)
    if changed_js:
        after = page.evaluate(changed_js, root)
        result["chart_changed"], result["readouts_changed"] = before[0] != after[0], before[1] != after[1]
    return result


def key_presses(page, explorer, count: int) -> list[dict]:
    control = ep.range_input(explorer, "P[red]")
    page.evaluate(WATCH_EXPLORER_JS, explorer.element_handle())
    results = []
    for i in range(count):
        key = "ArrowUp" if (i // 10) % 2 == 0 else "ArrowDown"  # ten up, ten down, ...
        control.focus()
        page.evaluate("() => { window.__bnProbe.armed = 'key'; }")
        results.append({"key": key, **measure(page, explorer.element_handle(), lambda: page.keyboard.press(key),
                                              changed_js=SNAPSHOT_JS)})
    return results


def drag_moves(page, explorer, count: int) -> list[dict]:
    page.evaluate(WATCH_EXPLORER_JS, explorer.element_handle())
    geometry = ep.pq_geometry(explorer)
    x = geometry.x("P[red]")
    start = ep.shown(explorer).p[0]
    page.mouse.move(x, geometry.y(start))
    page.mouse.down()
    results = []
    try:
        for i in range(count):
            target = start + 5 * (1 + i % 20 if (i // 20) % 2 == 0 else 20 - i % 20 - 1)  # up 100 and back
            page.evaluate("() => { window.__bnProbe.armed = 'pointer'; }")
            results.append({"to": target, **measure(page, explorer.element_handle(),
                                                    lambda: page.mouse.move(x, geometry.y(target)),
                                                    changed_js=SNAPSHOT_JS)})
    finally:
        page.mouse.up()
    return results


def interact_presses(page, count: int) -> tuple[list[dict], str]:
    cell = jb.add_and_run_cell(page, INTERACT_CELL)
    output = cell.locator(".widget-output")
    ep.expect(output.locator("img")).to_have_count(1)
    handle = cell.get_by_role("slider")
    handle.scroll_into_view_if_needed()
    page.evaluate(WATCH_INTERACT_JS, output.element_handle())
    results = []
    for i in range(count):
        key = "ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft"
        handle.focus()
        page.evaluate("() => { window.__bnProbe.armed = 'key'; }")
        results.append({"key": key, **measure(page, None, lambda: page.keyboard.press(key), changed_js=None,
                                              timeout=60)})
        ep.wait_for_kernel_quiet(page, quiet_ms=100)
    size = output.locator("img").evaluate("img => `${img.naturalWidth}x${img.naturalHeight}`")
    return results, size


def dispatch_paced(debug_port: int, page_url: str, events: list[tuple[float, dict]]) -> float:
    """Send mouse events to the page at their times (seconds from now) without waiting for each to be handled.

    Playwright's mouse waits until the page has handled each event (a frame
    or more), so it cannot send one every 10 ms.  This goes straight to the
    DevTools protocol of the page's target (a second client beside
    Playwright's) and reads the answers only at the end: the browser gets
    each event when it is due, as from a real mouse.  Returns how late the
    latest one was sent, in seconds.
    """
    import urllib.request

    import websocket  # websocket-client, a dependency of jupyter_server

    with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json", timeout=10) as response:
        targets = json.load(response)
    target = next(t for t in targets if t.get("type") == "page" and t.get("url") == page_url)
    socket = websocket.create_connection(target["webSocketDebuggerUrl"], suppress_origin=True, timeout=60)
    try:
        began, late = time.perf_counter(), 0.0
        for number, (due, params) in enumerate(events, start=1):
            while (left := began + due - time.perf_counter()) > 0:
                time.sleep(min(left, 0.001))
            late = max(late, time.perf_counter() - began - due)
            socket.send(json.dumps({"id": number, "method": "Input.dispatchMouseEvent", "params": params}))
        answered = set()
        while len(answered) < len(events):
            message = json.loads(socket.recv())
            if "error" in message:
                raise RuntimeError(f"the browser refused a mouse event: {message}")
            answered.add(message.get("id"))
    finally:
        socket.close()
    return late


def fast_drag(page, explorer, debug_port: int, moves: int = 100, interval: float = 0.010) -> dict:
    """Press, ``moves`` pointer moves ``interval`` apart, release; when each frame was drawn and what it showed."""
    geometry = ep.pq_geometry(explorer)
    x = geometry.x("P[red]")
    start = ep.shown(explorer).p[0]
    targets = [100 + (i * 7) % 500 for i in range(1, moves + 1)]  # every move a new height
    mouse = {"x": x, "button": "left", "clickCount": 1}
    events = [(0.0, {**mouse, "type": "mousePressed", "y": geometry.y(start), "buttons": 1})]
    events += [((i + 1) * interval, {**mouse, "type": "mouseMoved", "y": geometry.y(target), "buttons": 1})
               for i, target in enumerate(targets)]
    events.append(((moves + 1) * interval, {**mouse, "type": "mouseReleased", "y": geometry.y(targets[-1]),
                                            "buttons": 0}))
    page.evaluate(BURST_JS, explorer.element_handle())
    late = dispatch_paced(debug_port, page.url, events)
    ep.wait_until_still(explorer)
    log = page.evaluate("() => { window.__bnBurst.stop(); const {events, frames} = window.__bnBurst;"
                        " return {events, frames}; }")
    pressed = next(stamp for stamp, _y, kind, _merged in log["events"] if kind == "pointerdown")
    release = next(stamp for stamp, _y, kind, _merged in log["events"] if kind == "pointerup")
    # Every position the browser took in (the moves it merged into one event included), and when.
    positions = sorted((stamp, geometry.count_at(y))
                       for first, y0, kind, merged in log["events"] if kind != "pointerup"
                       for stamp, y in (merged or [(first, y0)]))
    # Each frame drawn during the drag: how long before it the position it shows came in, and whether it went
    # back to a position older than the one the frame before showed.
    lags, shown_before, back = [], -1, 0
    for at, value in log["frames"]:
        if pressed <= at <= release:
            earlier = [i for i, (stamp, count) in enumerate(positions) if stamp <= at and count == value]
            if earlier:
                lags.append(at - positions[earlier[-1]][0])
                back += earlier[-1] < shown_before
                shown_before = max(shown_before, earlier[-1])
    last = targets[-1]
    final = next((at for at, value in log["frames"] if value == last and at >= positions[-1][0]), None)
    return {"moves_sent": moves, "sending_late_ms_max": 1e3 * late, "drag_ms": release - pressed,
            "pointer_events": sum(1 for *_rest, kind, _merged in log["events"] if kind == "pointermove"),
            "positions_taken_in": len(positions) - 1,
            "frames_during_drag": sum(1 for at, _value in log["frames"] if pressed <= at <= release),
            "frame_lag_ms": stats(lags) if lags else None, "frames_back_to_an_older_position": back,
            "last_on_screen_after_release_ms": None if final is None else final - release,
            "shows_last_position": ep.shown(explorer).p[0] == last}


def main_thread_ms(cdp) -> dict[str, float]:
    """The page's main thread so far (Chromium's Performance metrics): ms spent in script, style and layout."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"script": 1e3 * metrics["ScriptDuration"], "style": 1e3 * metrics["RecalcStyleDuration"],
            "layout": 1e3 * metrics["LayoutDuration"], "layouts": metrics["LayoutCount"]}


def package_versions() -> dict[str, str]:
    return versions(("jupyterlab", "ipywidgets", "anywidget", "matplotlib", "playwright"), jb.CHROMIUM)


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    notebooks = SCRATCH / "notebooks"
    jb.copy_notebooks(notebooks)
    server = jb.lab_server(SCRATCH / "lab", notebooks=notebooks)
    server.workdir.mkdir(parents=True, exist_ok=True)
    print(f"starting JupyterLab on {server.url} (log: {server.log})", flush=True)
    server.start("/api/status")
    try:
        with sync_playwright() as playwright:
            debug_port = jb.free_port()
            browser = jb.launch_browser(playwright, f"--remote-debugging-port={debug_port}")
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.set_default_timeout(60_000)
                page = context.new_page()
                console = jb.ConsoleErrors(page)
                ep.watch_kernel(page)
                jb.open_notebook(page, server, ep.NOTEBOOK)
                jb.run_all(page)
                jb.wait_for_figures(page)
                explorer = ep.distribution_explorers(page).first
                explorer.scroll_into_view_if_needed()
                ep.wait_until_still(explorer)
                frame_ms = page.evaluate("""() => new Promise(resolve => { const times = [];
                  const tick = (t) => { times.push(t); if (times.length < 61) requestAnimationFrame(tick);
                    else resolve((times[60] - times[0]) / 60); }; requestAnimationFrame(tick); })""")
                page.evaluate(PROBE_JS)
                key_presses(page, explorer, 4)  # warm-up
                print(f"{args.moves} key presses on P[red] ...", flush=True)
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable")
                before = main_thread_ms(cdp)
                keys = key_presses(page, explorer, args.moves)
                after = main_thread_ms(cdp)
                per_press = {name: (after[name] - before[name]) / args.moves for name in after}
                print(f"{args.moves} drag moves on P[red]'s column ...", flush=True)
                drags = drag_moves(page, explorer, args.moves)
                print("100 pointer moves in one second ...", flush=True)
                ep.reset(explorer)
                burst = fast_drag(page, explorer, debug_port)
                print(f"{args.interact_presses} key presses on an ipywidgets.interact slider (matplotlib inline) ...",
                      flush=True)
                interact, image = interact_presses(page, args.interact_presses)
                errors = list(console.messages)
            finally:
                browser.close()
    finally:
        jb.shut_down_kernels(server)
        server.stop()
    return {"keys": keys, "drags": drags, "interact": interact, "interact_image": image, "burst": burst,
            "frame_ms": frame_ms, "main_thread_ms_per_key_press": per_press, "console_errors": errors}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=40, help="key presses, and drag moves, measured (default 40)")
    parser.add_argument("--interact-presses", type=int, default=20,
                        help="key presses on the interact slider (default 20)")
    args = parser.parse_args(argv)
    if args.moves < 2 or args.interact_presses < 2:
        parser.error("--moves and --interact-presses must be at least 2")
    problem = jb.chromium_problem()
    if problem:
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2

    info = describe(package_versions())
    try:
        result = run(args)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)

    rows = {"key press → explorer redrawn": result["keys"], "pointer move → explorer redrawn": result["drags"],
            "key press → interact image (matplotlib inline)": result["interact"]}
    summary = {label: {"painted": stats(r["painted_ms"] for r in records),
                       "next_frame": stats(r["next_frame_ms"] for r in records)} for label, records in rows.items()}
    unchanged = sum(1 for r in result["keys"] + result["drags"] if not (r["chart_changed"] and r["readouts_changed"]))
    key_median = summary["key press → explorer redrawn"]["painted"]["median"]
    print(f"\nframe interval in this browser: {result['frame_ms']:.1f} ms; ms from the event's timeStamp:\n")
    print("| What | n | median (ms) | p95 (ms) | max (ms) | next frame begun, median (ms) | vs key press |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, s in summary.items():
        painted = s["painted"]
        print(f"| {label} | {painted['n']} | {painted['median']:.1f} | {painted['p95']:.1f} | {painted['max']:.1f} | "
              f"{s['next_frame']['median']:.1f} | {painted['median'] / key_median:.1f}x |")
    work = result["main_thread_ms_per_key_press"]
    print(f"\nper key press (the whole measurement, both sides of it included), the page's main thread ran script "
          f"{work['script']:.1f} ms, style {work['style']:.1f} ms, layout {work['layout']:.1f} ms "
          f"({work['layouts']:.1f} layouts)")
    burst = result["burst"]
    lag = burst["frame_lag_ms"]
    print(f"\nfast drag: {burst['moves_sent']} moves sent 10 ms apart (at most {burst['sending_late_ms_max']:.1f} ms "
          f"late); the chart got {burst['pointer_events']} pointermove events holding {burst['positions_taken_in']} "
          f"positions (the browser merges moves within a frame) and drew {burst['frames_during_drag']} frames in "
          f"{burst['drag_ms']:.0f} ms from press to release; each frame showed a position {lag['median']:.1f} ms "
          f"old (median; p95 {lag['p95']:.1f}, max {lag['max']:.1f}), {burst['frames_back_to_an_older_position']} "
          f"frames went back to an older position than the frame before; the last position was on screen "
          f"{burst['last_on_screen_after_release_ms']:.1f} ms after the release (negative: before it)"
          f"{'' if burst['shows_last_position'] else '  !! the page does not show it'}.")

    explorer_s = [summary[label]["painted"] for label in list(rows)[:2]]
    interact_s = summary["key press → interact image (matplotlib inline)"]["painted"]
    verdicts = {
        "median ≤ 16.7 ms (key, pointer)": all(s["median"] <= GOALS["median_ms"] for s in explorer_s),
        "p95 ≤ 33 ms (key, pointer)": all(s["p95"] <= GOALS["p95_ms"] for s in explorer_s),
        "interact ≥ 10x slower (median)": interact_s["median"] >= GOALS["ratio"] * key_median,
        "fast drag: last position within 50 ms of release": (burst["last_on_screen_after_release_ms"] is not None
                                                             and burst["last_on_screen_after_release_ms"]
                                                             <= GOALS["release_ms"]),
    }
    print("\ngoals: " + "; ".join(f"{goal}: {'met' if ok else 'NOT met'}" for goal, ok in verdicts.items()))
    if unchanged:
        print(f"!! {unchanged} measured moves left the chart or the readouts as they were before the move, once "
              f"the move was measured (shown, then undone?)")
    if result["console_errors"]:
        print("!! console errors in the page:\n" + "\n".join(result["console_errors"]))
    print(f"\n{info['cpu']}, {info['cores']} cores; Chromium headless ({info['versions']['chromium']}), "
          f"JupyterLab {info['versions']['jupyterlab']}, anywidget {info['versions']['anywidget']}, ipywidgets "
          f"{info['versions']['ipywidgets']}, matplotlib {info['versions']['matplotlib']}; interact image "
          f"{result['interact_image']} px.")

    out = jb.artifacts_dir() / "browser-latency.json"
    out.write_text(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": info, "summary_ms": summary,
                               "goals": verdicts, **result}, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
