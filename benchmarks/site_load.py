"""From a cold start to an explorer that answers a key: the static site against a local JupyterLab.

    python benchmarks/site_load.py                      # builds the site, 7 site loads per page, 3 lab starts
    python benchmarks/site_load.py --site _site --repeats 11 --lab-repeats 5

What a reader waits for before the first explorer does anything, all in one
run, in Debian's Chromium (headless, with the browser tests' switches:
tests/browser/jupyter_browser.py):

1. **the static site** (tools/site/build.py, built by this script into a
   temporary directory unless ``--site`` names a built one), served by
   ``python -m http.server`` on 127.0.0.1: notebook 03's page and the
   classroom page, each load in a new browser context (an empty cache; the
   DevTools ``Network.setCacheDisabled`` too).  Timed in the page, from its
   navigation start (``performance.now()`` counts from it) until the first
   distribution explorer answers: its ``.bn-explorer`` root is there, every
   chart of it is an <svg> drawn at a non-zero size, it has readouts; then
   its first ``input.bn-range`` is focused and ArrowUp pressed (Playwright),
   and the time taken is the end of the rendering of the frame in which
   its readouts (``table.bn-readouts``) show the change (a MutationObserver
   sees them change; a message posted from the next animation frame
   arrives once that frame is rendered).  The explorer drawn, the page's
   DOMContentLoaded and load events, and the key's own latency (its
   keydown ``timeStamp`` to the change on screen) are reported beside it.
   Every request to a host other than 127.0.0.1 is aborted and counted
   (it must be 0), and the bytes the page transferred (DevTools
   ``Network.loadingFinished``'s encoded lengths, all of the page's
   requests until it answered) are summed: what a phone downloads.
2. **the peer: a local ``make lab`` start**: from launching JupyterLab
   (this venv's ``jupyter-lab``, on a temporary copy of the notebooks,
   with its own port and Jupyter directories, as the browser tests start
   one) through opening notebook 03 in a new browser context, waiting for
   its kernel, Run All, to the same answer from its first distribution
   explorer (the same in-page probe; the kernel may still be running later
   cells, as a learner would not wait for them).  The server is stopped
   by its PID after each repeat.
3. The ratio lab / site, and the goal: the site's median ≤ 1.5 s.

Also one more load of each page, not timed, under a Chromium trace
(``devtools.timeline``): the main thread's work until the answer, by
script and by kind (parse HTML, compile and run each script, style and
layout, MathJax, the widget manager, the explorers), to say where the time
goes.

Prints the machine and a markdown table; writes everything to
artifacts/site-load.json.  Nothing is asserted: the numbers depend on the
machine (run it on an idle one).  Nothing is written to the checkout but
build/site-assets (the npm packages the builder caches, git-ignored) and
artifacts/.
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
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.dont_write_bytecode = True  # no __pycache__ in tests/browser/ or tools/ from importing them
SCRATCH = Path(tempfile.mkdtemp(prefix="bitsandnats-site-load-"))
for _name, _sub in (("MPLCONFIGDIR", "matplotlib"), ("XDG_CACHE_HOME", "cache")):
    os.environ.setdefault(_name, str(SCRATCH / "home" / _sub))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tests.browser import jupyter_browser as jb  # noqa: E402

from machine import describe, versions  # noqa: E402

if Path(jb.__file__).resolve().parents[2] != ROOT:  # pragma: no cover - another "tests" package on the path
    sys.exit(f"imported the browser helpers from {jb.__file__}, not from {ROOT / 'tests/browser'}")

GOAL_S = 1.5
NOTEBOOK = "03_cross_entropy_and_kl.ipynb"
PAGES = {"notebook 03": "03_cross_entropy_and_kl.html", "classroom": "classroom.html"}
EXPLORER = ".bn-explorer.bn-distribution"

#: Installed before any script of the page runs.  Notes when the first distribution explorer's root appears
#: and when it is drawn (every <svg> of it non-empty at a non-zero size, and its readouts there): a
#: MutationObserver on the whole document, which looks at the layout only once the root exists.
#: ``arm()`` then waits for the readouts to change (after the key press) and for the frame showing that.
PROBE_JS = """(() => {
  if (window.top !== window) return;
  const t = window.__bnLoad = {root: null, rootSeen: null, drawn: null, keydown: null, changed: null,
                               painted: null, nextFrame: null};
  const isDrawn = (root) => {
    const svgs = root.querySelectorAll('svg');
    if (!svgs.length || !root.querySelector('table.bn-readouts td') || !root.querySelector('input.bn-range'))
      return false;
    for (const svg of svgs) {
      const box = svg.getBoundingClientRect();
      if (!(box.width > 0 && box.height > 0 && svg.childElementCount > 0)) return false;
    }
    return true;
  };
  const check = () => {
    if (t.drawn !== null) return;
    const root = t.root || document.querySelector('%(explorer)s');
    if (!root) return;
    if (t.rootSeen === null) { t.rootSeen = performance.now(); t.root = root; }
    if (isDrawn(root)) { t.drawn = performance.now(); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const readouts = () => t.root.querySelector('table.bn-readouts').textContent;
  t.arm = () => {
    const before = readouts();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { if (t.painted === null) t.painted = performance.now(); };
    document.addEventListener('keydown', (event) => { if (t.keydown === null) t.keydown = event.timeStamp; },
                              {capture: true, once: true});
    const watcher = new MutationObserver(() => {
      if (t.changed !== null || t.keydown === null || readouts() === before) return;
      t.changed = performance.now();
      watcher.disconnect();
      requestAnimationFrame(() => { channel.port2.postMessage(null);
                                    requestAnimationFrame(() => { t.nextFrame = performance.now(); }); });
    });
    watcher.observe(t.root, {subtree: true, childList: true, characterData: true, attributes: true});
  };
})()""" % {"explorer": EXPLORER}

#: What the page knows of its own load once it has answered (all in ms from its navigation start).
TIMES_JS = """() => {
  const t = window.__bnLoad, nav = performance.getEntriesByType('navigation')[0];
  const resource = (end) => { const r = performance.getEntriesByType('resource').find(e => e.name.split('?')[0]
                                .endsWith(end)); return r ? r.responseEnd : null; };
  return {root_seen: t.rootSeen, drawn: t.drawn, keydown: t.keydown, changed: t.changed, painted: t.painted,
          next_frame: t.nextFrame, dom_content_loaded: nav.domContentLoadedEventStart, load: nav.loadEventStart,
          html_received: nav.responseEnd, embed_amd_received: resource('embed-amd.js'),
          anywidget_received: resource('anywidget.js'), mathjax_received: resource('MathJax.js'),
          mathjax_done: window.__bnMathJaxDone || null};
}"""

#: MathJax 2 tells when it has typeset the page (its "End" signal); noted from the page's start.
MATHJAX_HOOK_JS = """(() => {
  const hook = () => { if (window.MathJax && MathJax.Hub && MathJax.Hub.Register) {
      MathJax.Hub.Register.StartupHook('End', () => { window.__bnMathJaxDone = performance.now(); }); return true; }
    return false; };
  if (!hook()) { const timer = setInterval(() => { if (hook()) clearInterval(timer); }, 5); }
})()"""


def stats(values) -> dict[str, float]:
    values = [v for v in values if v is not None]
    if not values:
        return {"median": float("nan"), "best": float("nan"), "max": float("nan"), "n": 0}
    return {"median": statistics.median(values), "best": min(values), "max": max(values), "n": len(values)}


class Traffic:
    """One page's requests, through its own DevTools session: the browser cache off, bytes summed, and every
    request to another host than 127.0.0.1 aborted and counted (Playwright's routing, on the context)."""

    def __init__(self, context, page):
        self.bytes = 0
        self.responses = 0
        self.outside: list[str] = []
        self.by_type: dict[str, int] = defaultdict(int)
        self._types: dict[str, str] = {}
        context.route(lambda url: not jb.is_local(url), self._abort)
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _abort(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def _response(self, event) -> None:
        self._types[event["requestId"]] = event.get("type", "Other")

    def _finished(self, event) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.bytes += size
        self.responses += 1
        self.by_type[self._types.get(event["requestId"], "Other")] += size

    def summary(self) -> dict:
        return {"bytes": self.bytes, "responses": self.responses, "outside_requests": len(self.outside),
                "outside_urls": self.outside[:20], "bytes_by_type": dict(self.by_type)}


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(120_000)
    context.add_init_script(PROBE_JS)
    context.add_init_script(MATHJAX_HOOK_JS)
    page = context.new_page()
    return context, page


def wait_and_press(page, *, timeout: float = 120.0) -> dict:
    """Wait for the first distribution explorer to be drawn, press ArrowUp on its first range control, and wait
    for the frame that shows its readouts changed; the page's own times (ms from its navigation start)."""
    page.wait_for_function("() => window.__bnLoad && window.__bnLoad.drawn !== null", timeout=timeout * 1000,
                           polling=5)
    page.evaluate("() => window.__bnLoad.arm()")
    control = page.locator(EXPLORER).first.locator("input.bn-range").first
    control.focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => window.__bnLoad.nextFrame !== null", timeout=30_000, polling=5)
    return page.evaluate(TIMES_JS)


def site_server(site: Path) -> jb.Server:
    port = jb.free_port()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return jb.Server("http.server", [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                                     str(site), str(port)], f"http://127.0.0.1:{port}", "", SCRATCH, env,
                     cwd=SCRATCH)


def site_load(browser, url: str) -> dict:
    context, page = new_page(browser)
    try:
        traffic = Traffic(context, page)
        console = jb.ConsoleErrors(page, offline=True)
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        times = wait_and_press(page)
        times["wall_ms"] = 1e3 * (time.perf_counter() - began)
        times.update(traffic.summary())
        times["console_errors"] = list(console.messages)
        return times
    finally:
        context.close()


def lab_start(browser, notebooks: Path, workdir: Path) -> dict:
    """One cold ``make lab``: launch JupyterLab, open notebook 03, Run All, until its first explorer answers."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    server = jb.lab_server(workdir, notebooks=notebooks)
    server.workdir.mkdir(parents=True, exist_ok=True)
    marks = {}
    began, began_epoch = time.perf_counter(), time.time()
    server.start("/api/status")
    marks["server_answers"] = time.perf_counter()
    try:
        context, page = new_page(browser)
        try:
            traffic = Traffic(context, page)
            console = jb.ConsoleErrors(page, offline=True)
            jb.open_notebook(page, server, NOTEBOOK)
            marks["kernel_idle"] = time.perf_counter()
            # The page's times count from its navigation start (performance.timeOrigin, ms since the epoch).
            to_launch = page.evaluate("() => performance.timeOrigin") / 1e3 - began_epoch
            attempts = 1
            jb._click_run_all(page)
            started = time.perf_counter()
            while True:  # the first Run All after a start can leave cells unrun (see jb.run_all): run again
                try:
                    page.wait_for_function("() => window.__bnLoad.drawn !== null", timeout=1000, polling=5)
                    break
                except PlaywrightTimeout:
                    state = jb.cell_state(page)
                    idle = state["status"] == "idle" and "[*]:" not in state["prompts"]
                    if time.perf_counter() - started > 240:
                        raise TimeoutError(f"no distribution explorer drawn after Run All: {state}")
                    if idle and time.perf_counter() - started > 5 and attempts < 3:
                        attempts += 1
                        jb._click_run_all(page)
                        started = time.perf_counter()
            times = wait_and_press(page)
            answered = time.perf_counter()
            result = {"server_answers_ms": 1e3 * (marks["server_answers"] - began),
                      "kernel_idle_ms": 1e3 * (marks["kernel_idle"] - began),
                      "drawn_ms": 1e3 * to_launch + times["drawn"],
                      "painted_ms": 1e3 * to_launch + times["painted"],
                      "wall_ms": 1e3 * (answered - began), "run_alls": attempts,
                      "key_ms": times["painted"] - times["keydown"], "page": times}
            result.update(traffic.summary())
            result["console_errors"] = list(console.messages)
            return result
        finally:
            context.close()
    finally:
        jb.shut_down_kernels(server)
        server.stop()


# --- where the time goes: one traced load per page ------------------------------------------------

#: Trace events that are work of their own, by what they are.
KINDS = {"ParseHTML": "parse HTML", "ParseAuthorStyleSheet": "parse CSS", "UpdateLayoutTree": "style",
         "Layout": "layout", "Paint": "paint", "PrePaint": "paint", "Layerize": "paint",
         "v8.compile": "compile script", "v8.compileModule": "compile script",
         "v8.parseOnBackground": "compile script", "EvaluateScript": "run script", "v8.evaluateModule": "run script",
         "FunctionCall": "run script", "TimerFire": "run script", "EventDispatch": "run script",
         "FireAnimationFrame": "run script", "v8.run": "run script", "MajorGC": "garbage collection",
         "MinorGC": "garbage collection", "V8.GCScavenger": "garbage collection",
         "V8.GCFinalizeMC": "garbage collection", "V8.GCCompactor": "garbage collection",
         "ScheduleStyleRecalculation": None}


def _script_label(url: str, known: str) -> str:
    if not url:
        return "(page inline or eval'd)"
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if url.startswith("blob:") or url.startswith("data:"):
        return "explorer modules (blob/data URLs)"
    if "/mathjax/" in url:
        return "MathJax"
    if name == known:
        return "page inline scripts"
    return name


def trace_breakdown(events: list[dict], page_file: str, until_ms: float, origin_ts: float) -> dict:
    """The renderer main thread's work from the navigation start to ``until_ms``: self time by kind, and script
    time (compile and run) by the script it belongs to."""
    main = None
    for e in events:
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain":
            # the page's renderer: the one that ran ParseHTML of the page's own URL
            pid, tid = e["pid"], e["tid"]
            if any(x.get("name") == "ParseHTML" and x["pid"] == pid and x["tid"] == tid
                   and page_file in str(x.get("args", {}).get("beginData", {}).get("url", "")) for x in events):
                main = (pid, tid)
                break
    if main is None:
        return {"error": "the page's main thread is not in the trace"}
    end_ts = origin_ts + until_ms * 1e3
    spans = []
    for e in events:
        if (e["pid"], e["tid"]) != main or e.get("ph") != "X" or "dur" not in e:
            continue
        if e["ts"] + e["dur"] < origin_ts or e["ts"] > end_ts:
            continue
        spans.append(e)
    spans.sort(key=lambda e: (e["ts"], -e["dur"]))
    # Self time of each span (its time minus its children's), attributed by kind and by script URL.
    by_kind: dict[str, float] = defaultdict(float)
    by_script: dict[str, float] = defaultdict(float)
    tasks = 0.0
    stack: list[list] = []  # [event, end, child time, url]

    def close(entry):
        event, _end, child, url = entry
        own = event["dur"] - child
        kind = KINDS.get(event["name"], "other")
        if event["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            kind = "other"
        if kind:
            by_kind[kind] += own / 1e3
            if kind in ("compile script", "run script", "garbage collection") or url:
                if kind in ("compile script", "run script", "garbage collection"):
                    by_script[_script_label(url, page_file)] += own / 1e3

    for e in spans:
        while stack and stack[-1][1] <= e["ts"]:
            close(stack.pop())
        data = e.get("args", {}).get("data", {}) or {}
        url = data.get("url") or data.get("fileName") or e.get("args", {}).get("fileName") or ""
        if not url and stack:
            url = stack[-1][3]
        if stack:
            stack[-1][2] += e["dur"]
        elif e["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            tasks += e["dur"] / 1e3
        stack.append([e, e["ts"] + e["dur"], 0.0, url])
    while stack:
        close(stack.pop())
    long_tasks = sorted(((e["ts"] - origin_ts) / 1e3, e["dur"] / 1e3) for e in spans
                        if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask") and e["dur"] >= 50e3)
    by_kind.pop("other", None)
    return {"busy_ms": tasks, "by_kind_ms": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
            "script_by_file_ms": dict(sorted(by_script.items(), key=lambda kv: -kv[1])),
            "long_tasks_ms": [[round(at, 1), round(dur, 1)] for at, dur in long_tasks]}


def cpu_profile(events: list[dict], origin_ts: float, until_ms: float, page_file: str) -> dict[str, float]:
    """V8's sampled CPU profile of the page's main thread (in the trace): JavaScript self time by script file,
    from the navigation start to ``until_ms`` (which code really ran, where the trace events only name the
    outermost script of each task)."""
    by_thread: dict = defaultdict(lambda: {"nodes": {}, "samples": [], "deltas": [], "start": None})
    for e in events:
        if e.get("name") == "Profile":
            by_thread[(e["pid"], e["id"])]["start"] = e["args"]["data"].get("startTime")
        elif e.get("name") == "ProfileChunk":
            profile = by_thread[(e["pid"], e["id"])]
            data = e["args"]["data"]
            for node in data.get("cpuProfile", {}).get("nodes", []):
                profile["nodes"][node["id"]] = node
            profile["samples"] += data.get("cpuProfile", {}).get("samples", [])
            profile["deltas"] += data.get("timeDeltas", [])
    best: dict[str, float] = {}
    for profile in by_thread.values():
        if profile["start"] is None:
            continue
        found: dict[str, float] = defaultdict(float)
        at = profile["start"]
        end_ts = origin_ts + until_ms * 1e3
        for sample, delta in zip(profile["samples"], profile["deltas"]):
            at += delta
            if not origin_ts <= at <= end_ts:
                continue
            frame = profile["nodes"].get(sample, {}).get("callFrame", {})
            name = frame.get("functionName", "")
            url = frame.get("url", "")
            if name in ("(idle)", "(program)", "(garbage collector)", "(root)"):
                label = name
            else:
                label = _script_label(url, page_file)
            found[label] += delta / 1e3
        if sum(found.values()) > sum(best.values()):  # the page's renderer: the thread that ran the most
            best = found
    best.pop("(idle)", None)
    return {k: round(v, 1) for k, v in sorted(best.items(), key=lambda kv: -kv[1])}


def traced_load(browser, url: str, page_file: str) -> dict:
    context, page = new_page(browser)
    try:
        Traffic(context, page)
        path = SCRATCH / "trace.json"
        browser.start_tracing(page=page, path=str(path),
                              categories=["devtools.timeline", "v8", "disabled-by-default-devtools.timeline",
                                          "blink.user_timing", "__metadata",
                                          "disabled-by-default-v8.cpu_profiler"])
        page.goto(url, wait_until="commit")
        times = wait_and_press(page)
        origin = page.evaluate("() => performance.timeOrigin")
        browser.stop_tracing()
        trace = json.loads(path.read_text())
        events = trace["traceEvents"] if isinstance(trace, dict) else trace
        # The trace's clock: its navigationStart mark of this page (the clock of ts, in µs).
        starts = [e["ts"] for e in events if e.get("name") == "navigationStart"
                  and page_file in str(e.get("args", {}).get("data", {}).get("documentLoaderURL", ""))]
        origin_ts = starts[-1] if starts else None
        if origin_ts is None:
            return {"times": times, "error": "no navigationStart for the page in the trace"}
        return {"times": times, "time_origin": origin,
                **trace_breakdown(events, page_file, times["painted"], origin_ts),
                "js_self_ms_by_file": cpu_profile(events, origin_ts, times["painted"], page_file)}
    finally:
        context.close()


def package_versions() -> dict[str, str]:
    return versions(("jupyterlab", "anywidget", "ipywidgets", "nbconvert", "playwright"), jb.CHROMIUM)


def build_site() -> Path:
    sys.path.insert(0, str(ROOT / "tools" / "site"))
    import build  # tools/site/build.py

    out = SCRATCH / "site"
    began = time.perf_counter()
    build.build(out, ROOT / "build" / "site-assets")
    print(f"site built in {SCRATCH / 'site'} in {time.perf_counter() - began:.1f} s", flush=True)
    return out


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    site = args.site.resolve() if args.site else build_site()
    sizes = {label: (site / name).stat().st_size for label, name in PAGES.items()}
    result: dict = {"site": {label: [] for label in PAGES}, "lab": [], "page_bytes_on_disk": sizes}
    server = site_server(site)
    print(f"serving {site} on {server.url}", flush=True)
    server.start("/index.html", timeout=30)
    try:
        with sync_playwright() as playwright:
            browser = jb.launch_browser(playwright)
            try:
                for label, name in PAGES.items():  # one load each first, not counted: the server and disk warm
                    site_load(browser, f"{server.url}/{name}")
                for i in range(args.repeats):
                    for label, name in PAGES.items():  # alternately, so a burst of load hits both
                        one = site_load(browser, f"{server.url}/{name}")
                        result["site"][label].append(one)
                        print(f"site {label} #{i + 1}: drawn {one['drawn']:.0f} ms, answered {one['painted']:.0f} ms"
                              f" ({one['bytes'] / 1e6:.2f} MB, {one['outside_requests']} outside requests)",
                              flush=True)
                if not args.no_trace:
                    result["trace"] = {label: traced_load(browser, f"{server.url}/{name}", name)
                                       for label, name in PAGES.items()}
                if args.lab_repeats:
                    notebooks = SCRATCH / "notebooks"
                    jb.copy_notebooks(notebooks)
                    for i in range(args.lab_repeats):
                        one = lab_start(browser, notebooks, SCRATCH / f"lab-{i}")
                        result["lab"].append(one)
                        print(f"lab #{i + 1}: server answers {one['server_answers_ms']:.0f} ms, kernel idle "
                              f"{one['kernel_idle_ms']:.0f} ms, explorer drawn {one['drawn_ms']:.0f} ms, answered "
                              f"{one['painted_ms']:.0f} ms ({one['run_alls']} Run All)", flush=True)
            finally:
                browser.close()
    finally:
        server.stop()
    return result


def print_breakdown(label: str, trace: dict) -> None:
    if "error" in trace:
        print(f"\n{label}: {trace['error']}")
        return
    t = trace["times"]
    print(f"\n{label}, one traced load (not in the table): answered at {t['painted']:.0f} ms; HTML received "
          f"{t['html_received']:.0f}, DOMContentLoaded {t['dom_content_loaded']:.0f}, embed-amd.js received "
          f"{t['embed_amd_received'] or float('nan'):.0f}, load event {t['load']:.0f}, MathJax done "
          f"{t['mathjax_done'] or float('nan'):.0f}, explorer root {t['root_seen']:.0f}, drawn {t['drawn']:.0f}; "
          f"main thread busy {trace['busy_ms']:.0f} ms of it")
    print("  by kind (self time, ms): " + ", ".join(f"{k} {v:.0f}" for k, v in trace["by_kind_ms"].items()
                                                  if v >= 1))
    print("  script (compile + run + GC) by file (ms): " + ", ".join(
        f"{k} {v:.0f}" for k, v in trace["script_by_file_ms"].items() if v >= 1))
    print("  JavaScript self time by file, sampled (ms): " + ", ".join(
        f"{k} {v:.0f}" for k, v in trace.get("js_self_ms_by_file", {}).items() if v >= 1))
    print("  tasks of 50 ms or more (start, duration; ms): " + ", ".join(
        f"{at:.0f}+{dur:.0f}" for at, dur in trace["long_tasks_ms"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built (default: build one in a temporary directory)")
    parser.add_argument("--repeats", type=int, default=7, help="cold loads of each site page (default 7)")
    parser.add_argument("--lab-repeats", type=int, default=3, help="cold JupyterLab starts (default 3; 0: none)")
    parser.add_argument("--no-trace", action="store_true", help="skip the traced load that says where the time goes")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.lab_repeats < 0:
        parser.error("--repeats must be at least 1, --lab-repeats at least 0")
    problem = jb.chromium_problem()
    if problem:
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2
    info = describe(package_versions(), load_key="load_start")
    try:
        result = run(args)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    info["load_end"] = os.getloadavg()

    rows = {}
    for label, loads in result["site"].items():
        rows[f"site: {label} page, cold load"] = {
            "answered": stats(r["painted"] for r in loads), "drawn": stats(r["drawn"] for r in loads),
            "dcl": stats(r["dom_content_loaded"] for r in loads), "load": stats(r["load"] for r in loads),
            "key": stats(r["painted"] - r["keydown"] for r in loads),
            "bytes": statistics.median(r["bytes"] for r in loads),
            "outside": sum(r["outside_requests"] for r in loads),
            "errors": sum(len(r["console_errors"]) for r in loads)}
    if result["lab"]:
        loads = result["lab"]
        rows["lab: JupyterLab start, notebook 03, Run All"] = {
            "answered": stats(r["painted_ms"] for r in loads), "drawn": stats(r["drawn_ms"] for r in loads),
            "dcl": stats(r["kernel_idle_ms"] for r in loads), "load": stats(r["server_answers_ms"] for r in loads),
            "key": stats(r["key_ms"] for r in loads), "bytes": statistics.median(r["bytes"] for r in loads),
            "outside": sum(r["outside_requests"] for r in loads),
            "errors": sum(len(r["console_errors"]) for r in loads)}
    site_03 = rows["site: notebook 03 page, cold load"]["answered"]["median"]
    print("\nms from the navigation start (lab: from launching jupyter-lab) to the frame that shows the first "
          "distribution explorer's readouts changed by ArrowUp; median (best):\n")
    print("| What | n | answered (ms) | explorer drawn (ms) | DOMContentLoaded / lab: kernel idle (ms) | "
          "key → readouts on screen (ms) | transferred (MB) | outside requests | vs site 03 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in rows.items():
        a, d, c, k = r["answered"], r["drawn"], r["dcl"], r["key"]
        print(f"| {label} | {a['n']} | {a['median']:.0f} ({a['best']:.0f}) | {d['median']:.0f} ({d['best']:.0f}) | "
              f"{c['median']:.0f} ({c['best']:.0f}) | {k['median']:.0f} | {r['bytes'] / 1e6:.2f} | {r['outside']} | "
              f"{a['median'] / site_03:.1f}x |")
    if result["lab"]:
        lab = rows["lab: JupyterLab start, notebook 03, Run All"]["answered"]
        print(f"\nlab / site (notebook 03, medians): {lab['median'] / site_03:.1f}x "
              f"(best runs: {lab['best'] / rows['site: notebook 03 page, cold load']['answered']['best']:.1f}x); "
              f"the lab's server answered /api/status after "
              f"{rows['lab: JupyterLab start, notebook 03, Run All']['load']['median']:.0f} ms (median)")
    verdicts = {f"{label}: median ≤ {GOAL_S} s": r["answered"]["median"] <= 1e3 * GOAL_S
                for label, r in rows.items() if label.startswith("site")}
    print("goal: " + "; ".join(f"{goal}: {'met' if ok else 'NOT met'}" for goal, ok in verdicts.items()))
    outside = sum(r["outside"] for label, r in rows.items())
    print(f"requests to hosts other than 127.0.0.1, aborted: {outside}"
          + ("" if outside == 0 else "  !! the site must make none"))
    for label, loads in result["site"].items():
        by_type = loads[0]["bytes_by_type"]
        print(f"{label}: {loads[0]['responses']} responses, "
              + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1]))
              + f" (the HTML file {result['page_bytes_on_disk'][label] / 1e6:.2f} MB on disk)")
    errors = [e for loads in result["site"].values() for r in loads for e in r["console_errors"]]
    if errors:
        print("!! console errors in the site's pages:\n" + "\n".join(sorted(set(errors))[:10]))
    for label, trace in result.get("trace", {}).items():
        print_breakdown(label, trace)
    print(f"\n{info['cpu']}, {info['cores']} cores, load {info['load_start'][0]:.2f} at the start, "
          f"{info['load_end'][0]:.2f} at the end; Chromium headless ({info['versions']['chromium']}), "
          f"JupyterLab {info['versions']['jupyterlab']}, anywidget {info['versions']['anywidget']}, "
          f"nbconvert {info['versions']['nbconvert']}, Python {info['python']}.")
    out = jb.artifacts_dir() / "site-load.json"
    out.write_text(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": info,
                               "summary_ms": rows, "goals": verdicts, **result}, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
