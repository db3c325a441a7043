"""The live explorers (bitsandnats.explorers) in a browser page: find them, drive them, read them, wait for them.

Shared by test_distribution_explorer.py, test_voila.py and
benchmarks/browser_latency.py.  Works the same in JupyterLab and in Voila:
everything is located inside the explorer's own output, by what a reader
sees (slider labels, the readout table's row headers, the unit buttons).

Waiting.  One key press on a slider is not one message: the kernel answers
with the new readouts and the other sliders' new values, and the browser may
answer those in turn (see ``wait_until_settled``).  So the tests never read
a value the moment it first appears: they wait until the kernel has answered
every message the page sent (tracked in the page, from the kernel websocket's
own frames) and nothing in the explorer has changed for a short quiet time.
"""

from __future__ import annotations

import ast
import math
import re
import statistics

import bitsandnats as bn

from .jupyter_browser import NOTEBOOKS, READOUTS_JS, SLIDERS_JS

#: The notebook with the DistributionExplorer.
NOTEBOOK = "03_cross_entropy_and_kl.ipynb"
#: The explorer's sliders move in steps of 0.01 (bitsandnats.explorers).
STEP = 0.01

#: The readouts of a DistributionExplorer, as its table labels them (row headers), in order.
DISTRIBUTION_READOUTS = ("H(P)", "H(Q)", "H(P, Q)", "H(Q, P)", "KL(P‖Q)", "KL(Q‖P)")

#: An init script (page.add_init_script, before the page loads): every frame on the page's kernel
#: websockets is seen before the application sees it.  ``window.__bnKernel.pending`` holds the ids of
#: the shell requests (slider moves are comm_msg requests) that the kernel has not yet finished (its
#: iopub "idle" status for that request); ``last`` is the time of the last frame either way.  With
#: ``window.__bnKernel.log = []`` every frame is also described there (the latency benchmark's timeline).
#: Both of Jupyter's websocket formats are read: JSON text and the v1 binary protocol.
KERNEL_TRAFFIC_JS = r"""(() => {
  if (window.__bnKernel) return;
  const state = window.__bnKernel = {pending: new Set(), last: 0, log: null, sockets: 0};
  const utf8 = new TextDecoder();
  function decode(data) {
    if (typeof data === 'string') {
      const m = JSON.parse(data);
      return {channel: m.channel, header: m.header || {}, parent: m.parent_header || {}, content: m.content || {},
              buffers: (m.buffers || []).length};
    }
    if (!(data instanceof ArrayBuffer)) return null;
    const view = new DataView(data), n = Number(view.getBigUint64(0, true)), offsets = [];
    for (let i = 0; i < n; i++) offsets.push(Number(view.getBigUint64(8 * (1 + i), true)));
    const end = i => (i + 1 < n ? offsets[i + 1] : data.byteLength);
    const part = i => utf8.decode(new Uint8Array(data, offsets[i], end(i) - offsets[i]));
    return {channel: part(0), header: JSON.parse(part(1)), parent: JSON.parse(part(2)), content: JSON.parse(part(4)),
            buffers: Math.max(0, n - 6)};
  }
  function note(direction, data) {
    const now = performance.now();
    state.last = now;
    let m = null;
    try { m = decode(data); } catch (error) { m = null; }
    if (m) {
      if (direction === 'sent' && m.channel === 'shell' && m.header.msg_id) state.pending.add(m.header.msg_id);
      if (direction === 'recv' && m.channel === 'iopub' && m.header.msg_type === 'status'
          && m.content.execution_state === 'idle') state.pending.delete(m.parent.msg_id);
    }
    if (state.log && m) {
      const data_ = m.content.data || {}, entry = {t: now, direction, channel: m.channel, type: m.header.msg_type,
                                                    buffers: m.buffers, size: data.byteLength || data.length || 0};
      if (data_.method) entry.method = data_.method;
      if (data_.state && 'value' in data_.state) {
        const value = data_.state.value;
        entry.value = typeof value === 'string' && value.includes("role='status'") ? 'readouts' : value;
      }
      if (m.content.execution_state) entry.state = m.content.execution_state;
      state.log.push(entry);
    }
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes('/channels')) {
        state.sockets += 1;
        this.addEventListener('message', event => note('recv', event.data));
      }
    }
    send(data) {
      if (String(this.url).includes('/channels')) note('sent', data);
      return super.send(data);
    }
  };
})();"""

#: Watch one explorer (its root element): ``window.__bnActivity.last`` is the time of the last change
#: in it (DOM mutation, or a frame drawn onto one of its canvases).
ACTIVITY_JS = """(root) => {
  if (window.__bnActivity) return true;
  const activity = window.__bnActivity = {last: performance.now()};
  new MutationObserver(() => { activity.last = performance.now(); })
      .observe(root, {childList: true, subtree: true, characterData: true, attributes: true});
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    if (this.canvas && root.contains(this.canvas)) activity.last = performance.now();
    return drawImage.apply(this, args);
  };
  return true;
}"""

SETTLED_JS = """(quiet) => {
  const kernel = window.__bnKernel, activity = window.__bnActivity, now = performance.now();
  return kernel.pending.size === 0 && now - kernel.last > quiet && now - activity.last > quiet;
}"""


def notebook_starting_point() -> tuple[list[float], list[float], list[str]]:
    """P, Q and the colours as notebook 03 defines them (its literal assignments), so that no number is copied here."""
    import nbformat

    found = {}
    for cell in nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name in ("P", "Q", "colours") and name not in found:
                    found[name] = ast.literal_eval(node.value)
    return found["P"], found["Q"], found["colours"]


#: P, Q and the event names of notebook 03's explorer.
P, Q, COLOURS = notebook_starting_point()


def expect(*args, **kwargs):
    """Playwright's expect, imported when first used: without Playwright the browser tests are skipped
    (tests/browser/conftest.py), so importing these modules must not need it."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def watch_kernel(page) -> None:
    """Track the page's kernel traffic from the start: call before the page is opened."""
    page.add_init_script(KERNEL_TRAFFIC_JS)


def distribution_explorer(page):
    """The DistributionExplorer's output: the one with sliders for P[red] and an ipympl figure.

    (Notebook 03 also shows an EntropyAgreementExplorer, with the same sliders and no figure.)
    """
    return (page.locator(".jp-OutputArea-output")
            .filter(has=page.locator(".jupyter-matplotlib-canvas-div"))
            .filter(has=page.locator(".widget-slider .widget-label", has_text=re.compile(r"^P\[red\]$"))))


def slider(explorer, name: str):
    """One slider of an explorer, by its label ("P[red]")."""
    page = explorer.page
    return explorer.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile("^" + re.escape(name) + "$")))


def slider_handle(explorer, name: str):
    """The focusable handle of a slider (noUiSlider's role=slider element): where the arrow keys go."""
    return slider(explorer, name).get_by_role("slider")


def readout(explorer, label: str):
    """The value cell of one readout row, by the row's header as shown ("H(P, Q)")."""
    status = explorer.get_by_role("status")
    return status.locator("tr").filter(has=explorer.page.get_by_role("rowheader", name=label, exact=True)).locator("td")


def unit_button(explorer, unit: str):
    return explorer.locator(".widget-toggle-button").filter(has_text=re.compile("^" + re.escape(unit) + "$"))


def press(page, explorer, name: str, key: str) -> None:
    """Focus one slider's handle and press a key, as a learner tabbing to it would."""
    handle = slider_handle(explorer, name)
    handle.focus()
    expect(handle).to_be_focused()
    page.keyboard.press(key)


def slider_text(value: float) -> str:
    """A slider's readout for a value it can show (its readout format is .3f)."""
    return format(value, ".3f")


def read_readouts(explorer) -> dict[str, str]:
    """Every readout as shown, keyed by its row header as shown ("H(P, Q)" -> "3.288 bits")."""
    shown = explorer.evaluate(READOUTS_JS)
    by_key = {label.replace(" ", ""): label for label in DISTRIBUTION_READOUTS}
    return {by_key.get(key, key): text for key, text in shown.items()}


def read_sliders(explorer) -> dict[str, str]:
    return explorer.evaluate(SLIDERS_JS)


def start_watching(explorer) -> None:
    explorer.evaluate(ACTIVITY_JS)


def wait_until_settled(page, *, quiet_ms: float = 400.0, timeout: float = 30.0) -> None:
    """Until the kernel has finished every request of the page and the explorer has been still for ``quiet_ms``."""
    page.wait_for_function(SETTLED_JS, arg=quiet_ms, timeout=timeout * 1000, polling=50)


# --------------------------------------------------------------------------------------------
# Expected values, from the package itself

def amount(value: float, unit: str) -> str:
    """A number as the explorers print it: three decimals, ∞ for infinity, a true minus sign, no "-0.000"."""
    if math.isinf(value):
        text = "∞" if value > 0 else "−∞"
    else:
        text = format(value, ".3f")
        if text.startswith("-") and float(text) == 0:
            text = text[1:]
        text = text.replace("-", "−")
    return f"{text} {unit}"


def expected_readouts(p, q, *, base: float = 2) -> dict[str, str]:
    """What a DistributionExplorer over P and Q should show, computed with bitsandnats' public functions."""
    unit = bn.units(base)
    values = {
        "H(P)": bn.entropy(p, base=base),
        "H(Q)": bn.entropy(q, base=base),
        "H(P, Q)": bn.cross_entropy(p, q, base=base),
        "H(Q, P)": bn.cross_entropy(q, p, base=base),
        "KL(P‖Q)": bn.kl_divergence(p, q, base=base),
        "KL(Q‖P)": bn.kl_divergence(q, p, base=base),
    }
    return {label: amount(float(value), unit) for label, value in values.items()}


def number(text: str) -> float:
    """The number in a readout's text ("3.288 bits", "∞ nats", "−0.5 bits")."""
    head = text.split()[0].replace("−", "-")
    return {"∞": math.inf, "-∞": -math.inf}.get(head) or float(head)


# --------------------------------------------------------------------------------------------
# Latency statistics

def percentile(values, fraction: float) -> float:
    """The ``fraction`` quantile, linear between order statistics (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_stats(presses: list[dict]) -> dict[str, dict[str, float]]:
    """Median, 90th percentile, min and max of each time measure_key_latency gives, over the presses that have it."""
    stats = {}
    for key in ("readout_ms", "canvas_ms", "last_readout_ms", "last_canvas_ms"):
        values = [press[key] for press in presses if press.get(key) is not None]
        if values:
            stats[key] = {"median": statistics.median(values), "p90": percentile(values, 0.9),
                          "min": min(values), "max": max(values), "n": len(values)}
    return stats
