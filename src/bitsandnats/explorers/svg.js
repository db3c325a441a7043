// Shared drawing and control helpers for the explorers' ES modules.
//
// Plain DOM and SVG, no framework.  Every explorer module imports what it
// needs from here; in the notebook the Python side concatenates twin.js,
// svg.js and the explorer's own module into one ES module (anywidget loads a
// single module), and node's tests import the files as they are.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element with attributes (`class`, `text`, `on:<event>` handlers) and children. */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** An SVG element, with attributes and children as for `h`. */
export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(node, attributes, children) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "typeset") node.replaceChildren(...typeset(value));
    else if (key.startsWith("on:")) node.addEventListener(key.slice(3), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A letter, an underscore and one letter or digit, not followed by more of a word: p_T, H_Δ (not
// teacher_logits).  Python's notation.typeset_html reads the same rule, so the page and the notebook
// typeset the same names.
const SUBSCRIPT = /(?<=\p{L})_([\p{L}\p{N}])(?![\p{L}\p{N}_])/gu;

/**
 * `text` as nodes for an HTML element, each `x_Y` written as x with Y as a
 * subscript, as the notebooks' prose typesets p_T and H_Δ.
 */
export function typeset(text) {
  const nodes = [];
  let start = 0;
  for (const match of text.matchAll(SUBSCRIPT)) {
    if (match.index > start) nodes.push(text.slice(start, match.index));
    nodes.push(h("sub", { text: match[1] }));
    start = match.index + match[0].length;
  }
  if (start < text.length) nodes.push(text.slice(start));
  return nodes;
}

/** `text` as a screen reader or a tooltip (plain text) should put it: each `x_Y` as "x sub Y". */
export function spoken(text) {
  return text.replace(SUBSCRIPT, " sub $1");
}

/**
 * A chart title that fits `width` pixels: on one line if it can, otherwise
 * broken at spaces into as many lines as it needs (estimated from the font
 * size: a bold character of DejaVu Sans, the widest of the usual faces, is
 * at most about 0.64 em on average).  Returns the <text> and its line count.
 */
export function titleLines(text, { x, y, width, fontSize, className = "bn-chart-title" }) {
  const perLine = Math.max(8, Math.floor(width / (0.64 * fontSize)));
  const lines = [];
  for (const word of text.split(" ")) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const node = s("text", { class: className, x, y },
    lines.map((line, i) => s("tspan", { x, dy: i === 0 ? 0 : "1.2em", text: line })));
  return { node, count: lines.length };
}

/**
 * Make `svg` a chart `width` × `height` CSS pixels, drawn one to one (so its
 * text keeps the explorer's type size), described for screen readers, and empty.
 */
export function sizeChart(svg, width, height, description) {
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("aria-label", spoken(description));
  return clear(svg);
}

/**
 * The root element of an explorer of `kind`, appended to anywidget's `el`.
 * Keys pressed inside it belong to the explorer: JupyterLab's shortcuts
 * (lumino's `data-lm-suppress-shortcuts`) do not look at them, so an arrow
 * key on a control moves the control and nothing else, and JupyterLab does
 * not match every one of its key bindings against every key press.
 */
export function explorerRoot(el, kind) {
  const root = h("div", { class: `bn-explorer bn-${kind}`, "data-lm-suppress-shortcuts": "true" });
  el.append(root);
  return root;
}

/** Remove every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/**
 * Redraw as soon as the state changed, at most once a frame.  `schedule()`
 * asks for a draw: the first in a frame runs once the current task is done
 * (a microtask: after every trait of one move is set, before the browser
 * paints, so a key press shows in the very next frame); any more in the same
 * frame wait for the next animation frame, and however many arrive, `draw`
 * runs once, with the latest state.  Where there is no window (node's tests),
 * the draw runs at once.
 */
export function frameScheduler(draw) {
  let queued = false;
  let drewThisFrame = false;
  const run = () => {
    queued = false;
    drewThisFrame = true;
    requestAnimationFrame(() => {
      drewThisFrame = false;
    });
    draw();
  };
  return function schedule() {
    if (typeof requestAnimationFrame !== "function") {
      draw();
      return;
    }
    if (queued) return;
    queued = true;
    if (drewThisFrame) requestAnimationFrame(run);
    else queueMicrotask(run);
  };
}

/** A "nice" upper limit for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value, minimum = 1e-9) {
  const target = Math.max(value, minimum);
  const power = 10 ** Math.floor(Math.log10(target));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= target * (1 - 1e-12)) return factor * power;
  }
  return 10 * power;
}

/** Evenly spaced tick values from `low` to `high` (both "nice"), about `count` of them. */
export function ticks(low, high, count = 4) {
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((f) => f >= rough * (1 - 1e-12));
  const values = [];
  for (let k = Math.ceil(low / step - 1e-9); k * step <= high + step * 1e-9; k += 1) {
    values.push(Math.abs(k * step) < step * 1e-9 ? 0 : k * step);
  }
  return values;
}

/** A tick label: as few decimals as the tick step needs (0.25 needs two), a proper minus sign. */
export function tickText(value, step) {
  let decimals = 0;
  while (decimals < 6 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-9 * 10 ** decimals) {
    decimals += 1;
  }
  const text = Math.abs(value).toFixed(decimals);
  return value < 0 && Number(text) !== 0 ? `\u2212${text}` : text;
}

/** A linear map from data `[d0, d1]` to pixels `[r0, r1]`. */
export function linear(d0, d1, r0, r1) {
  const scale = (r1 - r0) / (d1 - d0 || 1);
  const map = (value) => r0 + (value - d0) * scale;
  map.invert = (pixel) => d0 + (pixel - r0) / scale;
  return map;
}

/** A prefix for one chart's pattern ids, unique on the page (several explorers can share a page). */
let chartCount = 0;
export function patternPrefix() {
  chartCount += 1;
  return `bn-chart${chartCount}`;
}

/**
 * The SVG <defs> every chart draws with: hatching for Q (diagonal lines) and
 * cross-hatching for an infinite term, so colour is never the only cue.
 * `prefix` (from `patternPrefix`) keeps one chart's ids apart from another's.
 */
export function patterns(theme, prefix) {
  const id = (name) => `${prefix}-${name}`;
  const stroke = "var(--bn-ink)";
  const hatch = (name, color, paths) =>
    s("pattern", { id: id(name), patternUnits: "userSpaceOnUse", width: 8, height: 8 },
      s("rect", { width: 8, height: 8, fill: color, "fill-opacity": 0.55 }),
      ...paths.map((d) => s("path", { d, stroke, "stroke-width": theme.hatch_width, fill: "none" })));
  const defs = s("defs", {},
    hatch("q", theme.q_color, ["M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"]),
    hatch("inf", theme.infinite_color, ["M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"]),
    hatch("over", theme.over_color, ["M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"]));
  return { defs, q: `url(#${id("q")})`, infinite: `url(#${id("inf")})`, over: `url(#${id("over")})` };
}

/**
 * A y axis with grid lines: tick labels on the left of `x`, lines across to
 * `x + width`, the axis label (rotated) centred on `labelX`.  Returns the SVG group.
 */
export function yAxis({ x, width, y, low, high, count = 4, label, labelX = x - 44 }) {
  const group = s("g", { class: "bn-axis" });
  const values = ticks(low, high, count);
  const step = values.length > 1 ? values[1] - values[0] : 1;
  for (const value of values) {
    const py = y(value);
    group.append(
      s("line", { x1: x, x2: x + width, y1: py, y2: py, class: value === 0 ? "bn-zero" : "bn-grid" }),
      s("text", { x: x - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle", text: tickText(value, step) }));
  }
  if (label) {
    const middle = (y(low) + y(high)) / 2;
    group.append(s("text", { class: "bn-axis-label", transform: `translate(${labelX},${middle}) rotate(-90)`,
      "text-anchor": "middle", text: label }));
  }
  return group;
}

/**
 * Charts side by side as many as fit (each at least `minEm` em wide, at most
 * one row of all of them), otherwise fewer per row, in a row `width` pixels
 * wide: sets each box's width (each chart is drawn at exactly the width it
 * gets, the stylesheet leaves it to the module) and returns it.  Laid out at
 * each draw, since the font size changes with presentation mode.
 */
export function layOutCharts(boxes, width, fontSize, minEm = 20) {
  const gap = fontSize; // the stylesheet's gap between charts, 1 em
  const columns = Math.max(1, Math.min(boxes.length, Math.floor((width + gap) / (minEm * fontSize + gap))));
  const chartWidth = Math.max(14 * fontSize, Math.floor((width - (columns - 1) * gap) / columns) - 1);
  for (const box of boxes) box.style.width = `${chartWidth}px`;
  return chartWidth;
}

/**
 * Width of the container an explorer is drawn in, followed as it changes
 * (JupyterLab's panels, a projector, a phone).  `onWidth` gets the new width
 * in CSS pixels; the returned function stops watching.
 */
export function watchWidth(node, onWidth) {
  if (typeof ResizeObserver !== "function") {
    onWidth(node.clientWidth || 800);
    return () => {};
  }
  let last = -1;
  const observer = new ResizeObserver((entries) => {
    const width = Math.round(entries[0].contentRect.width);
    if (width > 0 && width !== last) {
      last = width;
      onWidth(width);
    }
  });
  observer.observe(node);
  return () => observer.disconnect();
}

/**
 * A probability control: a labelled range input over whole steps, beside a
 * text field that shows the value with three decimals and takes typed ones.
 * Keys on the range: arrows ±1 step, PageUp/PageDown ±10 steps, Home/End the
 * ends.  `onMove(count)` is called with the new whole number of steps;
 * `onRefused(message)` with a message when typed text is not a probability on
 * the grid (nothing moves then).
 */
export function stepControl({ name, label, steps, format, parse, onMove, onRefused, describe }) {
  const range = h("input", {
    type: "range", min: 0, max: steps, step: 1, class: "bn-range", "aria-label": name, "data-name": name,
  });
  const field = h("input", {
    type: "text", inputmode: "decimal", class: "bn-field", "aria-label": `${name}, typed`, "data-name": name,
    size: 6,
  });
  const moveBy = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };
  range.addEventListener("keydown", (event) => {
    const current = Number(range.value);
    let next = null;
    if (event.key in moveBy) next = current + moveBy[event.key];
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = steps;
    if (next === null) return;
    // The key is the control's: no default step of the range, and no one further up the page handles it again.
    event.preventDefault();
    event.stopPropagation();
    next = Math.min(steps, Math.max(0, next));
    if (next !== current) onMove(next);
  });
  range.addEventListener("input", () => onMove(Number(range.value)));
  const commit = () => {
    const result = parse(field.value);
    if (result.error) onRefused(result.error);
    else onMove(result.count);
  };
  field.addEventListener("change", commit);
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") commit();
  });
  // While the learner types, the field is theirs (a refused text stays to be corrected); once they
  // leave it, it shows the value again, so the field never disagrees with the control and the charts.
  let shown = 0;
  field.addEventListener("blur", () => {
    field.value = format(shown);
  });
  const row = h("div", { class: "bn-control" },
    h("label", { class: "bn-control-label", text: label ?? name }), range, field);
  return {
    row,
    range,
    field,
    show(count) {
      shown = count;
      range.value = String(count);
      range.setAttribute("aria-valuetext", describe ? describe(count) : format(count));
      if (document.activeElement !== field) field.value = format(count);
    },
  };
}

/** A button with a visible label and, for screen readers and hover, a longer description. */
export function button(label, description, onClick) {
  return h("button", { type: "button", class: "bn-button", title: description, "aria-label": `${label}: ${description}`,
    "data-action": label, "on:click": onClick, text: label });
}

/** A table of readouts as text (label, value with its unit), announced politely when it changes. */
export function readoutTable(rows) {
  return h("table", { class: "bn-readouts", role: "status", "aria-live": "polite" },
    h("tbody", {}, rows.map(({ key, label, text }) =>
      h("tr", { "data-key": key }, h("th", { scope: "row", typeset: label, "data-label": label }), h("td", { text })))));
}

/**
 * Show `rows` in `box` as a readout table: the texts that changed are
 * replaced in place (a move changes numbers, rarely rows), so a redraw does
 * not rebuild the table and a screen reader hears only what changed.
 */
export function showReadouts(box, rows) {
  const table = box.firstElementChild;
  const cells = table ? [...table.querySelectorAll("tr")] : [];
  const same = cells.length === rows.length && cells.every((row, i) => row.dataset.key === rows[i].key);
  if (!same) {
    clear(box).append(readoutTable(rows));
    return;
  }
  rows.forEach(({ label, text }, i) => {
    const [th, td] = cells[i].children;
    if (th.dataset.label !== label) {
      th.dataset.label = label;
      th.replaceChildren(...typeset(label));
    }
    if (td.textContent !== text) td.textContent = text;
  });
}

/** Show `lines` as paragraphs in `box`, rebuilt only when the text changed. */
export function showNotes(box, lines) {
  const text = lines.join("\n");
  if (box.dataset.text === text) return;
  box.dataset.text = text;
  clear(box).append(...lines.map((line) => h("p", { typeset: line })));
}

/** The place where a refused move is explained; empty when all is well. */
export function messageBox() {
  const box = h("div", { class: "bn-message", role: "alert" });
  return {
    box,
    show(text) {
      box.textContent = text || "";
      box.hidden = !text;
    },
  };
}

/**
 * Apply the theme handed over by Python (palette, hatching, type scale) as
 * CSS custom properties on the explorer's root, and the presentation class.
 */
export function applyTheme(root, theme, presentation) {
  // Setting custom properties restyles the whole explorer: only when they change, not on every move.
  const key = JSON.stringify([theme, Boolean(presentation)]);
  if (root.dataset.theme === key) return;
  root.dataset.theme = key;
  for (const [key, value] of Object.entries(theme)) {
    if (typeof value === "string" || typeof value === "number") {
      root.style.setProperty(`--bn-${key.replaceAll("_", "-")}`, String(value));
    }
  }
  root.classList.toggle("bn-presentation", Boolean(presentation));
}

/**
 * Typed text as a whole number of steps of 1/`steps`, refused exactly as
 * Python's `grid.count_of` refuses it: not a number, outside [0, 1], off the
 * grid (more than 1e-9 from a step), or a positive number too small to be
 * anything but 0 (probability 0 means impossible).  Returns `{ count }` or
 * `{ error }`.
 */
export function parseProbability(text, name, steps = 1000) {
  const trimmed = String(text).trim();
  if (!/^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    return { error: `${name} must be a number from 0 to 1, got ${JSON.stringify(trimmed)}` };
  }
  const value = Number(trimmed);
  if (!(value >= 0 && value <= 1)) return { error: `${name} must be a probability from 0 to 1, got ${trimmed}` };
  const count = Math.round(value * steps);
  if (Math.abs(value * steps - count) > 1e-6 || (count === 0) !== (value === 0)) {
    return { error: `${name} must be a probability in steps of ${1 / steps} (0, ${1 / steps}, ..., 1), got ${trimmed}` };
  }
  return { count };
}

/** A row of toggle buttons (one pressed), e.g. the unit: bits, nats, hartleys. */
export function toggle(name, options, onChoose) {
  const group = h("div", { class: "bn-toggle", role: "group", "aria-label": name });
  const buttons = options.map(([value, label, description]) =>
    h("button", { type: "button", "data-value": value, title: description ?? label, "aria-pressed": "false",
      "on:click": () => onChoose(value), text: label }));
  group.append(...buttons);
  return {
    group,
    show(current) {
      for (const item of buttons) item.setAttribute("aria-pressed", String(item.dataset.value === String(current)));
    },
  };
}

/**
 * Readouts that only the kernel can compute (they call SciPy, scikit-learn,
 * Keras): the Python side answers every state with the trait `computed`,
 * `{ for: <state key>, rows: [[key, label, text], ...], notes: [text, ...] }`.
 * They are shown only while they belong to the state on screen (`stateKey`);
 * otherwise the box says it is waiting for the kernel, and after `patienceMs`
 * that no kernel is answering (a static page), instead of showing stale numbers.
 */
export function kernelReadouts(patienceMs = 1500) {
  const box = h("div", { class: "bn-kernel-readouts" });
  let timer = null;
  return {
    box,
    show(computed, stateKey) {
      clearTimeout(timer);
      clear(box);
      if (computed && computed.for === stateKey) {
        box.dataset.state = "computed";
        box.append(readoutTable(computed.rows.map(([key, label, text]) => ({ key, label, text }))),
          h("div", { class: "bn-notes" }, (computed.notes || []).map((text) => h("p", { text }))));
        return;
      }
      box.dataset.state = "waiting";
      box.append(h("p", { class: "bn-waiting", role: "status", text: "Computing in the kernel\u2026" }));
      timer = setTimeout(() => {
        box.dataset.state = "no-kernel";
        clear(box).append(h("p", { class: "bn-waiting", role: "status",
          text: "No kernel is answering, so these numbers cannot be shown: they come from Python libraries " +
            "and need a running kernel: open the notebook in Jupyter to see them." }));
      }, patienceMs);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}

/**
 * How an explorer's view writes to its model: `commit(changes)` sets the
 * traits, clears the message and sends them to the kernel in one message;
 * `refuse(text)` shows why nothing moved.
 */
export function modelWriter(model) {
  return {
    commit(changes) {
      for (const [key, value] of Object.entries(changes)) model.set(key, value);
      model.set("error", "");
      model.save_changes();
    },
    refuse(text) {
      model.set("error", text);
      model.save_changes();
    },
  };
}

/**
 * Keep a view drawn from its model: one `draw` per animation frame after any
 * of `keys` changes (from this page or from the kernel), and after the
 * element `watched` changes width (`onWidth(width)` is told first).  Draws
 * once now.  Returns the cleanup anywidget calls when the view goes, which
 * also runs `stop` if given.
 */
export function keepDrawn(model, keys, draw, { watched = null, onWidth = () => {}, stop = () => {} } = {}) {
  const schedule = frameScheduler(draw);
  for (const key of keys) model.on(`change:${key}`, schedule);
  const stopWatching = watched ? watchWidth(watched, (width) => {
    onWidth(width);
    schedule();
  }) : () => {};
  draw();
  return () => {
    stopWatching();
    stop();
    for (const key of keys) model.off(`change:${key}`, schedule);
  };
}
