"""The distribution explorer (bitsandnats.explorers.DistributionExplorer) in a browser page: find it, drive it, read it.

Shared by the browser tests (JupyterLab, Voila, a static HTML export) and
benchmarks/browser_latency.py.  Everything is found inside the explorer's
own root element (``.bn-explorer.bn-distribution``), by the names a learner
sees on it: ``P[red]`` on a control, ``H(P)`` on a readout.

Expected numbers come from the package itself: the distributions are read
from the page (the typed fields, three decimals), the readouts computed from
them with :mod:`bitsandnats.measures` and written the way the explorer writes
them (:func:`bitsandnats.notation.number_text` and the unit).

Waiting.  The explorer draws in the browser, in the animation frame after
its model changed; the kernel is told at once, unless an earlier message is
still unanswered: ipywidgets then holds the change back until it is (one
update on the way at a time).  So a test waits for what it expects to see (a
field's new value), or until the explorer has been still for two frames
(:func:`wait_until_still`); and before it asks the kernel for its state,
until the kernel has answered every message of the page and the page's
kernel websocket has been quiet a moment (:func:`wait_for_kernel_quiet`).
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass

from bitsandnats import measures
from bitsandnats.explorers import grid
from bitsandnats.notation import UNIT_BASES, number_text

from explorer_checks import distribution_readouts

from .jupyter_browser import NOTEBOOKS

#: The notebook with the DistributionExplorer, and the name it has there.
NOTEBOOK = "03_cross_entropy_and_kl.ipynb"
EXPLORER_NAME = "pq_explorer"
#: The explorer's root element.
ROOT = ".bn-explorer.bn-distribution"
#: Whole thousandths: the grid every probability of the explorer lives on.
STEPS = grid.STEPS
#: The readouts of a DistributionExplorer, by their ``data-key``, in order.
READOUT_KEYS = ("H(P)", "H(Q)", "H(P,Q)", "H(Q,P)", "KL(P||Q)", "KL(Q||P)")

#: An init script (page.add_init_script, before the page loads): every frame on the page's kernel
#: websockets is seen before the application sees it.  ``window.__bnKernel.pending`` holds the ids of
#: the shell requests (a widget's updates are comm_msg requests) that the kernel has not yet finished
#: (its iopub "idle" status for that request); ``last`` is the time of the last frame either way;
#: ``updates`` lists the widget states the kernel sent of its own accord (comm "update" messages: the
#: widget's model id and the keys set), as opposed to its echoes of the page's own changes
#: ("echo_update").  Both of Jupyter's websocket formats are read: JSON text and the v1 binary protocol.
KERNEL_TRAFFIC_JS = r"""(() => {
  if (window.__bnKernel) return;
  const state = window.__bnKernel = {pending: new Set(), last: 0, updates: []};
  const utf8 = new TextDecoder();
  function decode(data) {
    if (typeof data === 'string') {
      const m = JSON.parse(data);
      return {channel: m.channel, header: m.header || {}, parent: m.parent_header || {}, content: m.content || {}};
    }
    if (!(data instanceof ArrayBuffer)) return null;
    const view = new DataView(data), n = Number(view.getBigUint64(0, true)), offsets = [];
    for (let i = 0; i < n; i++) offsets.push(Number(view.getBigUint64(8 * (1 + i), true)));
    const end = i => (i + 1 < n ? offsets[i + 1] : data.byteLength);
    const part = i => utf8.decode(new Uint8Array(data, offsets[i], end(i) - offsets[i]));
    return {channel: part(0), header: JSON.parse(part(1)), parent: JSON.parse(part(2)), content: JSON.parse(part(4))};
  }
  function note(direction, data) {
    state.last = performance.now();
    let m = null;
    try { m = decode(data); } catch (error) { m = null; }
    if (!m) return;
    if (direction === 'sent' && m.channel === 'shell' && m.header.msg_id) state.pending.add(m.header.msg_id);
    if (direction === 'recv' && m.channel === 'iopub' && m.header.msg_type === 'status'
        && m.content.execution_state === 'idle') state.pending.delete(m.parent.msg_id);
    const comm = m.content.data || {};
    if (direction === 'recv' && m.header.msg_type === 'comm_msg' && comm.method === 'update') {
      state.updates.push([m.content.comm_id, Object.keys(comm.state || {})]);
    }
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes('/channels')) this.addEventListener('message', event => note('recv', event.data));
    }
    send(data) {
      if (String(this.url).includes('/channels')) note('sent', data);
      return super.send(data);
    }
  };
})();"""

_KERNEL_QUIET_JS = """(quiet) => {
  const kernel = window.__bnKernel;
  return kernel.pending.size === 0 && performance.now() - kernel.last > quiet;
}"""

#: Resolves once two animation frames have passed in which nothing in ``root`` changed.
_STILL_JS = """(root) => new Promise((resolve) => {
  let changed = true;
  const observer = new MutationObserver(() => { changed = true; });
  observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  const check = () => {
    if (!changed) { observer.disconnect(); resolve(true); return; }
    changed = false;
    requestAnimationFrame(() => requestAnimationFrame(check));
  };
  requestAnimationFrame(check);
})"""

#: Everything the explorer shows as text, in one look (one animation frame's worth of DOM).
_SHOWN_JS = """(root) => {
  const pressed = (name) => {
    const button = root.querySelector(`.bn-toggle[aria-label="${name}"] button[aria-pressed="true"]`);
    return button ? button.dataset.value : null;
  };
  const fields = {}, ranges = {}, readouts = {};
  for (const field of root.querySelectorAll('input.bn-field')) fields[field.dataset.name] = field.value;
  for (const range of root.querySelectorAll('input.bn-range')) ranges[range.dataset.name] = Number(range.value);
  for (const row of root.querySelectorAll('table.bn-readouts tr[data-key]')) {
    readouts[row.dataset.key] = row.querySelector('td').textContent;
  }
  const message = root.querySelector('.bn-message'), game = root.querySelector('p.bn-game');
  return {fields, ranges, readouts, unit: pressed('unit'), view: pressed('view'),
          message: message.hidden ? '' : message.textContent, game: game.hidden ? '' : game.textContent,
          focused: root.contains(document.activeElement) ? (document.activeElement.dataset.name || null) : null};
}"""

#: The P and Q chart's geometry, in viewport pixels (what page.mouse takes): the y of probability 0 and
#: of probability 1 (the zero line and the top grid line of its axis), the plot's left and right ends,
#: and the P bars' total height (P sums to 1, so it must equal zero - one: the bars are to scale).
_PQ_GEOMETRY_JS = """(svg) => {
  const ctm = svg.getScreenCTM();
  const point = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(ctm); return [p.x, p.y]; };
  const lines = Array.from(svg.querySelectorAll('.bn-axis line'));
  const zero = svg.querySelector('.bn-axis line.bn-zero');
  const top = Math.min(...lines.map(line => Number(line.getAttribute('y1'))));
  const x1 = Number(zero.getAttribute('x1')), x2 = Number(zero.getAttribute('x2'));
  const bars = Array.from(svg.querySelectorAll('rect[data-bar^="P["]'));
  const heights = bars.reduce((sum, bar) => sum + Number(bar.getAttribute('height')), 0);
  return {zero: point(x1, Number(zero.getAttribute('y1')))[1], one: point(x1, top)[1],
          left: point(x1, 0)[0], right: point(x2, 0)[0], bar_heights: heights * ctm.d,
          events: bars.map(bar => bar.dataset.bar.slice(2, -1))};
}"""


#: What the charts say in numbers: each P and Q bar's height as a share of the axis from 0 to 1, every
#: value written on a term bar (by its ``data-value`` key), each chart's axis (tick labels and heights),
#: the "Q=0" flags, and each chart's title.
_CHARTS_JS = """(root) => {
  const svg = (name) => root.querySelector(`svg[data-chart="${name}"]`);
  const pq = svg('pq');
  const zero = Number(pq.querySelector('.bn-axis line.bn-zero').getAttribute('y1'));
  const one = Math.min(...Array.from(pq.querySelectorAll('.bn-axis line')).map(l => Number(l.getAttribute('y1'))));
  const bars = {}, values = {};
  for (const bar of pq.querySelectorAll('rect[data-bar]')) {
    bars[bar.dataset.bar] = Number(bar.getAttribute('height')) / (zero - one);
  }
  for (const text of root.querySelectorAll('svg text[data-value]')) values[text.dataset.value] = text.textContent;
  const axes = ['pq', 'terms', 'kl'].map(name =>
    Array.from(svg(name).querySelectorAll('.bn-axis text:not(.bn-axis-label)'))
      .map(text => [text.textContent, Number(text.getAttribute('y'))]));
  return {bars, values, axes, flags: pq.querySelectorAll('text.bn-flag').length,
          titles: ['pq', 'terms', 'kl'].map(name => svg(name).getAttribute('aria-label'))};
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
#: The same P and Q as the explorer holds them: whole thousandths.
P_COUNTS, Q_COUNTS = grid.counts_of(P, "P"), grid.counts_of(Q, "Q")


def expect(*args, **kwargs):
    """Playwright's expect, imported when first used: without Playwright the browser tests are skipped
    (tests/browser/conftest.py), so importing these modules must not need it."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Finding and waiting

def watch_kernel(page) -> None:
    """Track the page's kernel traffic from the start: call before the page is opened."""
    page.add_init_script(KERNEL_TRAFFIC_JS)


def wait_for_kernel_quiet(page, *, quiet_ms: float = 300.0, timeout: float = 30.0) -> None:
    """Until the kernel has finished every request of the page and its websocket has been quiet for ``quiet_ms``."""
    page.wait_for_function(_KERNEL_QUIET_JS, arg=quiet_ms, timeout=timeout * 1000, polling=50)


def take_kernel_updates(page, model_id: str) -> list[list[str]]:
    """The updates the kernel sent widget ``model_id`` of its own accord since the last call (the keys of each)."""
    updates = page.evaluate("() => window.__bnKernel.updates.splice(0)")
    return [keys for comm, keys in updates if comm == model_id]


def distribution_explorers(page):
    """Every distribution explorer in the page, in page order."""
    return page.locator(ROOT)


def wait_until_still(explorer) -> None:
    """Until two animation frames have passed in which nothing in the explorer changed."""
    explorer.evaluate(_STILL_JS)


def range_input(explorer, name: str):
    """The range control of one probability, by its name ("P[red]")."""
    return explorer.locator(f'input.bn-range[data-name="{name}"]')


def field(explorer, name: str):
    """The typed field of one probability, by its name ("P[red]")."""
    return explorer.locator(f'input.bn-field[data-name="{name}"]')


def action(explorer, label: str):
    """One of the explorer's buttons, by its visible label ("Reset", "Swap P and Q")."""
    return explorer.locator(f'button[data-action="{label}"]')


def toggle_button(explorer, group: str, value: str):
    """One button of a toggle: group "unit" (bits, nats, hartleys) or "view" (bars, area)."""
    return explorer.locator(f'.bn-toggle[aria-label="{group}"] button[data-value="{value}"]')


def chart(explorer, name: str):
    """One of the three charts: "pq", "terms" or "kl"."""
    return explorer.locator(f'svg[data-chart="{name}"]')


def press(explorer, name: str, key: str) -> None:
    """Focus the range control of ``name`` and press ``key``, as a learner tabbing to it would."""
    control = range_input(explorer, name)
    control.focus()
    expect(control).to_be_focused()
    explorer.page.keyboard.press(key)


def type_value(explorer, name: str, text: str, *, commit: str = "Enter") -> None:
    """Type ``text`` into the field of ``name`` (replacing what it shows), then press ``commit`` (Enter, or Tab)."""
    box = field(explorer, name)
    box.fill(text)
    box.press(commit)


def reset(explorer) -> None:
    """Back to the explorer's starting point: Reset, bits and the terms view (Reset keeps the unit and the view)."""
    action(explorer, "Reset").click()
    toggle_button(explorer, "unit", "bits").click()
    toggle_button(explorer, "view", "bars").click()
    expect(field(explorer, f"P[{COLOURS[0]}]")).to_have_value(probability_text(P_COUNTS[0]))
    wait_until_still(explorer)


# --------------------------------------------------------------------------------------------
# Reading, and the package's numbers

def probability_text(count: int) -> str:
    """A probability as the explorer's typed field shows it: whole thousandths, three decimals."""
    return f"{count / STEPS:.3f}"


def readout_text(value: float, unit: str) -> str:
    """A readout as the explorer writes it: ``number_text`` (∞, a true minus sign) and the unit."""
    return f"{number_text(value)} {unit}"


def expected_readouts(p_counts, q_counts, unit: str) -> dict[str, str]:
    """What the explorer should show for P and Q (whole thousandths) in ``unit``, from bitsandnats.measures."""
    values = distribution_readouts([count / STEPS for count in p_counts], [count / STEPS for count in q_counts],
                                   UNIT_BASES[unit])
    return {key: readout_text(float(value), unit) for key, value in values.items()}


@dataclass
class Shown:
    """What one explorer shows: the events, P and Q (from the typed fields), the readouts, the toggles, the messages."""

    events: list[str]
    p: list[int]
    q: list[int]
    fields: dict[str, str]
    ranges: dict[str, int]
    readouts: dict[str, str]
    unit: str
    view: str
    message: str
    game: str
    focused: str | None

    def state(self) -> dict:
        """The state as the kernel holds it: events, P and Q in whole thousandths, unit and view."""
        return {"events": self.events, "p": self.p, "q": self.q, "unit": self.unit, "view": self.view}


def shown(explorer) -> Shown:
    """Read everything the explorer shows, in one look."""
    raw = explorer.evaluate(_SHOWN_JS)
    names = list(raw["fields"])
    events = [name[2:-1] for name in names if name.startswith("P[")]

    def count(name: str) -> int:
        # A field being typed in, or left with refused text in it, shows no value: its control's stands for it
        # (check_numbers tells the second case apart).
        text = raw["fields"][name]
        if name == raw["focused"] or not re.fullmatch(r"[01]\.\d{3}", text):
            return raw["ranges"][name]
        return round(float(text) * STEPS)

    return Shown(events=events, p=[count(f"P[{event}]") for event in events],
                 q=[count(f"Q[{event}]") for event in events], fields=raw["fields"], ranges=raw["ranges"],
                 readouts=raw["readouts"], unit=raw["unit"], view=raw["view"], message=raw["message"],
                 game=raw["game"], focused=raw["focused"])


def check_numbers(explorer) -> Shown:
    """Read the explorer and check that its numbers are the package's; returns what it shows.

    Every typed field shows its range's value with three decimals (except the
    one being typed in), P and Q each sum to exactly 1, and every readout is
    bitsandnats.measures' number for the P and Q in the fields, in the unit
    the unit toggle shows, written as the explorer writes it.
    """
    now = shown(explorer)
    for name, count in now.ranges.items():
        if name != now.focused:
            assert now.fields[name] == probability_text(count), (name, now.fields[name], count)
    assert sum(now.p) == STEPS and sum(now.q) == STEPS, (now.p, now.q)
    assert now.unit in UNIT_BASES, now.unit
    assert list(now.readouts) == list(READOUT_KEYS), now.readouts
    assert now.readouts == expected_readouts(now.p, now.q, now.unit), (now.p, now.q, now.unit)
    check_charts(explorer, now)
    return now


def check_charts(explorer, now: Shown) -> None:
    """The charts show what the fields and readouts show.

    Each P and Q bar is as tall as its probability (a share of the axis from
    0 to 1); where Q is 0 and P is not, the bar is flagged "Q=0".  In the
    terms view every number written on a bar is the package's term (the
    terms of H(P) and H(P, Q), the signed KL terms; two decimals, as the
    explorer writes them); in the area view the two charts' titles give
    H(P) and H(P, Q) as the readouts do.
    """
    charts = explorer.evaluate(_CHARTS_JS)
    for which, counts in (("P", now.p), ("Q", now.q)):
        for event, count in zip(now.events, counts):
            height = charts["bars"][f"{which}[{event}]"]
            assert math.isclose(height, count / STEPS, abs_tol=1e-9), (which, event, height, count)
    assert charts["flags"] == sum(1 for p, q in zip(now.p, now.q) if q == 0 < p), charts
    p = [count / STEPS for count in now.p]
    q = [count / STEPS for count in now.q]
    base = UNIT_BASES[now.unit]
    if now.view == "bars":
        terms = {}
        for key, values in (("H(P)", measures.cross_entropy_terms(p, p, base=base)),
                            ("H(P,Q)", measures.cross_entropy_terms(p, q, base=base)),
                            ("KL", measures.kl_terms(p, q, base=base))):
            terms.update({f"{key}[{event}]": number_text(float(value), 2) for event, value in zip(now.events, values)})
        for key, text in charts["values"].items():
            assert text == terms[key], (key, text, terms[key])
    else:
        assert charts["titles"][1].startswith(f"H(P) = {now.readouts['H(P)']}:"), charts["titles"]
        assert charts["titles"][2].startswith(f"H(P, Q) = {now.readouts['H(P,Q)']}:"), charts["titles"]


def axis_problems(explorer) -> list[str]:
    """Charts whose tick labels do not say the values at their heights (labels and heights out of proportion)."""
    problems = []
    for name, ticks in zip(("pq", "terms", "kl"), explorer.evaluate(_CHARTS_JS)["axes"]):
        values = [float(text.replace("\u2212", "-")) for text, _y in ticks]
        heights = [y for _text, y in ticks]
        in_proportion = len(ticks) >= 2 and all(
            math.isclose((value - values[0]) * (heights[1] - heights[0]),
                         (values[1] - values[0]) * (height - heights[0]), abs_tol=1e-9)
            for value, height in zip(values, heights))
        if not in_proportion:
            problems.append(f"{name}: {[text for text, _y in ticks]} at heights {[round(y, 1) for y in heights]}")
    return problems


def kernel_state(page, name: str = EXPLORER_NAME) -> dict:
    """The explorer's state as the kernel holds it, once the kernel has heard everything the page sent.

    Runs a cell that prints it (a learner would ``print(pq_explorer.p, pq_explorer.q)``).
    """
    from .jupyter_browser import add_and_run_cell, cell_stdout

    wait_for_kernel_quiet(page)
    cell = add_and_run_cell(page, f"import json\nprint(json.dumps({{key: getattr({name}, key) for key in "
                                  f"('events', 'p', 'q', 'unit', 'view')}}))")
    return json.loads(cell_stdout(cell))


def assert_kernel_agrees(explorer, name: str = EXPLORER_NAME) -> None:
    """The kernel's explorer holds exactly the state the page shows."""
    assert kernel_state(explorer.page, name) == shown(explorer).state()


# --------------------------------------------------------------------------------------------
# Layout

#: The smallest type in presentation mode, in CSS pixels (for a projector at 1280×720).
PRESENTATION_PX = 24

#: For every .bn-explorer in the page: how far its content is wider than its box (scrollWidth - clientWidth),
#: how far it sticks out of its output area, and how far any of its visible descendants sticks out of it.
_OVERFLOW_JS = """() => Array.from(document.querySelectorAll('.bn-explorer')).map((root) => {
  const box = root.getBoundingClientRect();
  const output = root.closest('.jp-OutputArea-output').getBoundingClientRect();
  const sticking = [], reported = new Set();
  for (const node of root.querySelectorAll('*')) {
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const out = Math.max(box.left - r.left, r.right - box.right);
    let inside = false;  // report the outermost element that sticks out, not all its children too
    for (let up = node.parentElement; up && up !== root && !inside; up = up.parentElement) inside = reported.has(up);
    if (out > 0.5 && !inside) {
      reported.add(node);
      sticking.push(`${Math.round(out)} px: <${node.tagName.toLowerCase()} ${node.getAttribute('class') || ''}> `
                    + `${(node.textContent || '').trim().slice(0, 60)}`);
    }
  }
  return {presentation: root.classList.contains('bn-presentation'), scroll: root.scrollWidth - root.clientWidth,
          beyond_output: Math.max(output.left - box.left, box.right - output.right), sticking};
})"""

#: Whether the notebook or the page itself can be scrolled sideways (JupyterLab's notebook scrolls in its
#: panel, Voila's page in its body).
_PAGE_SCROLLS_JS = """() => {
  const scrollers = [document.documentElement, document.body,
                     ...document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')];
  return scrollers.map(node => node.scrollWidth - node.clientWidth).filter(extra => extra > 0).length > 0;
}"""

#: Every piece of text in an explorer at its size on screen (px): an SVG text's computed size times the
#: chart's scale; an element with text of its own (label, button, readout, typed field, ...) its computed size.
_TEXT_SIZES_JS = """(root) => {
  const sizes = [];
  const own = (node) => Array.from(node.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
  for (const node of root.querySelectorAll('*')) {
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const isSvg = node instanceof SVGElement;
    const typed = node.tagName === 'INPUT' && node.type !== 'range';  // a range control shows no text
    if (!(own(node) || typed || node.tagName === 'BUTTON')) continue;
    let size = parseFloat(getComputedStyle(node).fontSize);
    if (isSvg) {
      const svg = node.ownerSVGElement;
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    const text = (node.textContent || node.value || '').slice(0, 40);
    sizes.push([Math.round(size * 100) / 100, node.tagName.toLowerCase(), text]);
  }
  return sizes;
}"""

def overflow_problems(page) -> list[str]:
    """Where the explorers in the page do not fit, in words (none: an empty list).

    An explorer must not be wider inside than its box (scrollWidth), nor
    wider than its output area, nothing in it may stick out of it (an SVG
    title drawn past the chart's edge does not count in scrollWidth), and
    the notebook or the page must not scroll sideways.
    """
    problems = []
    for index, found in enumerate(page.evaluate(_OVERFLOW_JS)):
        if found["scroll"] > 0 or found["beyond_output"] > 0.5 or found["sticking"]:
            kind = "presentation explorer" if found["presentation"] else "explorer"
            problems.append(f"{kind} {index}: {found['scroll']} px wider inside than its box, "
                            f"{found['beyond_output']:.0f} px beyond its output area, sticking out: "
                            f"{found['sticking']}")
    if page.evaluate(_PAGE_SCROLLS_JS):
        problems.append("the notebook or the page scrolls sideways")
    return problems


def text_under(explorer, minimum: float) -> list:
    """Every text of the explorer smaller than ``minimum`` px on screen: (size, tag, the text)."""
    return [size for size in explorer.evaluate(_TEXT_SIZES_JS) if size[0] < minimum]


# --------------------------------------------------------------------------------------------
# Pointer drags on the P and Q chart

@dataclass
class PQGeometry:
    """Where the P and Q chart is on screen (viewport pixels): its probability axis and its columns."""

    zero: float
    one: float
    left: float
    right: float
    events: list[str]

    def y(self, count: int) -> float:
        """The height on screen of probability ``count`` / 1000."""
        return self.zero + (self.one - self.zero) * count / STEPS

    def count_at(self, y: float) -> int:
        """The probability (whole thousandths) a drag to height ``y`` gives: the explorer's rule, clamped to [0, 1]."""
        return min(STEPS, max(0, round((y - self.zero) / (self.one - self.zero) * STEPS)))

    def x(self, name: str, within: float = 0.5) -> float:
        """A point in the column half of ``name`` ("P[red]": the left half, "Q[red]": the right half).

        ``within`` is where in that half, from 0 (its left end) to 1 (its right end).
        """
        band = (self.right - self.left) / len(self.events)
        half = 0.0 if name.startswith("P[") else 0.5
        return self.left + band * (self.events.index(name[2:-1]) + half + 0.5 * within)


def pq_geometry(explorer) -> PQGeometry:
    """The P and Q chart's geometry now, checked: its P bars together are exactly as tall as the axis from 0 to 1."""
    raw = chart(explorer, "pq").evaluate(_PQ_GEOMETRY_JS)
    assert math.isclose(raw["bar_heights"], raw["zero"] - raw["one"], rel_tol=1e-9), raw
    return PQGeometry(zero=raw["zero"], one=raw["one"], left=raw["left"], right=raw["right"], events=raw["events"])


#: Record the height of every pointer event the P and Q chart receives with the button down (the press and
#: each move); ``svg.__bnRecorded()`` stops recording and returns them.  The browser may merge moves that
#: come within one frame into one event: the explorer sees what is recorded here, not what was sent.
_RECORD_POINTER_JS = """(svg) => {
  const seen = [];
  const note = (event) => { if (event.type === 'pointerdown' || (event.buttons & 1)) seen.push(event.clientY); };
  svg.addEventListener('pointerdown', note, true);
  svg.addEventListener('pointermove', note, true);
  svg.__bnRecorded = () => {
    svg.removeEventListener('pointerdown', note, true);
    svg.removeEventListener('pointermove', note, true);
    return seen;
  };
}"""


def drag(explorer, name: str, counts: list[int], *, within: float = 0.5) -> list[int]:
    """Press in the column half of ``name`` at the height of ``counts[0]``, move through the others, release.

    Returns the probability each pointer event the chart received asks for,
    in order: what the explorer must apply, one after another.  The
    geometry is read before the press: the axis does not move while dragging.
    """
    mouse = explorer.page.mouse
    geometry = pq_geometry(explorer)
    svg = chart(explorer, "pq")
    x = geometry.x(name, within)
    mouse.move(x, geometry.y(counts[0]))
    svg.evaluate(_RECORD_POINTER_JS)
    mouse.down()
    for count in counts[1:]:
        mouse.move(x, geometry.y(count))
    mouse.up()
    return [geometry.count_at(y) for y in svg.evaluate("svg => svg.__bnRecorded()")]


def after_moves(counts: list[int], index: int, targets: list[int]) -> list[int]:
    """A distribution after its event ``index`` was set to each of ``targets`` in turn (the explorer's rebalance)."""
    for target in targets:
        if counts[index] != target:
            counts = grid.rebalance(counts, index, target)
    return counts


# --------------------------------------------------------------------------------------------
# Latency statistics (benchmarks/browser_latency.py)

def percentile(values, fraction: float) -> float:
    """The ``fraction`` quantile, linear between order statistics (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
