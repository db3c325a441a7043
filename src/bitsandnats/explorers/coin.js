// The coin explorer: a coin on the binary entropy curve, and the average
// surprise of its first N seeded tosses, drawn and computed in the browser.
//
// State lives in the model's synced traits (p_heads in whole thousandths,
// draws, and the tosses as whole-number thresholds); every change, from this
// page or from the kernel, goes through the same path: the model changes, one
// redraw is scheduled for the next animation frame, and the redraw computes
// what it shows from the model with twin.js.

import { STEPS, entropy, averageSurprisalRunning, formatNumber } from "./twin.js";
import {
  h, s, clear, niceCeiling, ticks, tickText, yAxis, linear, stepControl, messageBox, applyTheme, parseProbability,
  modelWriter, keepDrawn, layOutCharts, showReadouts, sizeChart, explorerRoot,
} from "./svg.js";

const COIN_KEYS = ["p_heads", "draws", "sizes", "thresholds", "error", "presentation", "theme"];
// Points on the binary entropy curve: enough for a smooth line at any width.
const CURVE_POINTS = 200;

/**
 * The tosses' thresholds as whole numbers.  The trait holds them as
 * little-endian unsigned 16-bit integers; they arrive as a DataView (from the
 * kernel, or a page's saved state), or any other view of the bytes.
 */
export function decodeThresholds(bytes) {
  const view = bytes instanceof DataView ? bytes
    : new DataView(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength);
  const values = new Uint16Array(view.byteLength / 2);
  for (let i = 0; i < values.length; i += 1) values[i] = view.getUint16(2 * i, true);
  return values;
}

/**
 * The first `draws` tosses of a coin with p(heads) = count / STEPS: 0 heads, 1 tails.
 * Toss i is tails iff count <= thresholds[i] (see Python's `tails_thresholds`),
 * the very tosses Python makes.
 */
export function coinTosses(count, thresholds, draws) {
  const tosses = new Array(draws);
  for (let i = 0; i < draws; i += 1) tosses[i] = count <= thresholds[i] ? 1 : 0;
  return tosses;
}

/** Everything the coin explorer shows for p(heads) = count / STEPS and its first `draws` tosses, in bits. */
export function coinNumbers(count, draws, thresholds) {
  const pHeads = count / STEPS;
  const coin = [pHeads, 1 - pHeads];
  const tosses = coinTosses(count, thresholds, draws);
  const running = averageSurprisalRunning(tosses, coin, 2);
  let tails = 0;
  for (const toss of tosses) tails += toss;
  return {
    count, draws, pHeads, coin, running, tails,
    entropy: entropy(coin, 2),
    average: running[draws - 1],
    label: `${pHeads.toFixed(3)}/${((STEPS - count) / STEPS).toFixed(3)}`,
  };
}

/** The readouts as the table shows them: key, label and text, as Python's summary writes them. */
export function coinReadouts(numbers) {
  const shownN = numbers.draws.toLocaleString("en-US");
  return [
    { key: "H", label: `entropy of the ${numbers.label} coin, H`, text: `${formatNumber(numbers.entropy, 4)} bits` },
    { key: "average surprise", label: `average surprise of N = ${shownN} tosses`,
      text: `${formatNumber(numbers.average, 4)} bits` },
  ];
}

function render({ model, el }) {
  const root = explorerRoot(el, "coin");
  const message = messageBox();
  const { commit, refuse } = modelWriter(model);
  const moveHeads = (count) => {
    if (count !== model.get("p_heads")) commit({ p_heads: count });
  };

  const heads = stepControl({
    name: "p(heads)",
    steps: STEPS,
    format: (count) => (count / STEPS).toFixed(3),
    describe: (count) => `p(heads) = ${(count / STEPS).toFixed(3)}`,
    parse: (text) => parseProbability(text, "p(heads)", STEPS),
    onMove: moveHeads,
    onRefused: refuse,
  });
  const sampleSize = sampleSizeControl((index) => {
    const draws = model.get("sizes")[index];
    if (draws !== model.get("draws")) commit({ draws });
  });

  const curveBox = h("div", { class: "bn-chart" });
  const runningBox = h("div", { class: "bn-chart" });
  const curveSvg = s("svg", { role: "img", "data-chart": "curve", class: "bn-draggable" });
  const runningSvg = s("svg", { role: "img", "data-chart": "running" });
  curveBox.append(
    h("div", { class: "bn-chart-title", text: "Where the coin sits on the entropy curve (drag along it)" }), curveSvg);
  runningBox.append(h("div", { class: "bn-chart-title", text: "N tosses: average surprise against H" }),
    h("div", { class: "bn-chart-caption", text: "solid line: the average surprise of the first n tosses; " +
      "dashed line: the coin's entropy H; square: n = N" }),
    runningSvg);
  // Bottoms aligned: the charts have the same height, their titles may not.
  const charts = h("div", { class: "bn-charts", style: "align-items: flex-end" }, curveBox, runningBox);
  const readouts = h("div", { class: "bn-readouts-box" });
  const notes = h("div", { class: "bn-notes" });
  root.append(
    h("div", { class: "bn-title", text: "A coin: its entropy, and the average surprise of its tosses" }),
    h("div", { class: "bn-controls" }, h("div", { class: "bn-group" }, heads.row),
      h("div", { class: "bn-group" }, sampleSize.row)),
    message.box, charts, readouts, notes);

  // The entropy curve depends on nothing but the unit: computed once.
  const curve = Array.from({ length: CURVE_POINTS + 1 }, (_, k) => {
    const p = k / CURVE_POINTS;
    return [p, entropy([p, 1 - p], 2)];
  });

  // -- dragging along the curve moves p(heads)
  let curveLayout = null; // set by each draw: how a pointer's x maps to p(heads)
  const countAt = (event) => {
    const box = curveSvg.getBoundingClientRect();
    const x = (event.clientX - box.left) * (curveLayout.width / box.width);
    return Math.min(STEPS, Math.max(0, Math.round(curveLayout.x.invert(x) * STEPS)));
  };
  let dragging = false;
  curveSvg.addEventListener("pointerdown", (event) => {
    if (!curveLayout) return;
    event.preventDefault();
    curveSvg.setPointerCapture(event.pointerId);
    dragging = true;
    moveHeads(countAt(event));
  });
  curveSvg.addEventListener("pointermove", (event) => {
    if (dragging) moveHeads(countAt(event));
  });
  const endDrag = () => {
    dragging = false;
  };
  curveSvg.addEventListener("pointerup", endDrag);
  curveSvg.addEventListener("pointercancel", endDrag);

  let chartsWidth = 640; // the width the charts share, followed as it changes (keepDrawn below)
  let thresholdBytes = null; // the trait's value that `thresholds` was decoded from
  let thresholds = null;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const count = model.get("p_heads");
    const draws = model.get("draws");
    if (model.get("thresholds") !== thresholdBytes) {
      thresholdBytes = model.get("thresholds");
      thresholds = decodeThresholds(thresholdBytes);
    }
    heads.show(count);
    sampleSize.show(draws, model.get("sizes"));
    message.show(model.get("error"));

    const numbers = coinNumbers(count, draws, thresholds);
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const chartWidth = layOutCharts([curveBox, runningBox], chartsWidth, fontSize);
    const look = { theme, fontSize, width: chartWidth };
    curveLayout = drawCurve(curveSvg, numbers, curve, look);
    drawRunning(runningSvg, numbers, thresholds.length, look);
    showReadouts(readouts, coinReadouts(numbers));
    let gap = formatNumber(numbers.average - numbers.entropy, 4);
    if (!gap.startsWith("\u2212")) gap = `+${gap}`;
    const whole = (value) => value.toLocaleString("en-US");
    clear(notes).append(h("p", { text: `${whole(numbers.tails)} tails and ${whole(draws - numbers.tails)} heads in ` +
      `the first ${whole(draws)} tosses; the average is ${gap} bits away from H.` }));
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, COIN_KEYS, draw, { watched: charts, onWidth: followWidth });
}

/**
 * The N control: a labelled range over the allowed sample sizes (by
 * position, so every stop is one of them), with N shown beside it.  The
 * range's own keys move it: arrows one size, Home and End to the ends.
 */
function sampleSizeControl(onMove) {
  const range = h("input", { type: "range", min: 0, step: 1, class: "bn-range", "aria-label": "N", "data-name": "N" });
  const shown = h("output", { class: "bn-field", "data-name": "N, shown" });
  range.addEventListener("input", () => onMove(Number(range.value)));
  return {
    row: h("div", { class: "bn-control" }, h("label", { class: "bn-control-label", text: "N" }), range, shown),
    show(draws, sizes) {
      range.max = String(sizes.length - 1);
      range.value = String(sizes.indexOf(draws));
      range.setAttribute("aria-valuetext", `N = ${draws.toLocaleString("en-US")} tosses`);
      shown.textContent = draws.toLocaleString("en-US");
    },
  };
}

// -- the charts -----------------------------------------------------------------------------

/** Size an SVG chart to `look.width` and clear it; returns its height and plotting margins. */
function coinChartFrame(svg, look, description) {
  const { fontSize, width } = look;
  const height = Math.round(Math.min(Math.max(width * 0.6, 13 * fontSize), 24 * fontSize));
  sizeChart(svg, width, height, description);
  const margin = { left: 4.2 * fontSize, right: 1.2 * fontSize, top: 0.8 * fontSize, bottom: 3.0 * fontSize };
  return { height, margin, plotWidth: width - margin.left - margin.right };
}

/** About how wide `text` is drawn at `fontSize`: 0.56 em a character, as svg.js's titleLines reckons. */
function textWidth(text, fontSize) {
  return 0.56 * fontSize * text.length;
}

/** The first of `texts` (longest first) that fits in `room` pixels, or "" if none does. */
function fitting(texts, room, fontSize) {
  return texts.find((text) => textWidth(text, fontSize) <= room) ?? "";
}

/**
 * Tick marks and labels under the plot at `positions` ([x pixel, text]
 * pairs), and the first of the axis `labels` that fits the chart's width.
 */
function bottomAxis(svg, frame, positions, labels, fontSize) {
  const y0 = frame.height - frame.margin.bottom;
  const group = s("g", { class: "bn-axis" });
  for (const [x, text] of positions) {
    group.append(s("line", { x1: x, x2: x, y1: y0, y2: y0 + 0.3 * fontSize, class: "bn-zero" }),
      s("text", { x, y: y0 + 1.2 * fontSize, "text-anchor": "middle", text }));
  }
  group.append(s("text", { class: "bn-axis-label", x: frame.margin.left + frame.plotWidth / 2,
    y: frame.height - 0.4 * fontSize, "text-anchor": "middle",
    text: fitting(labels, frame.plotWidth + frame.margin.left, fontSize) }));
  svg.append(group);
}

/** A text label at (x, y) kept inside the chart: its anchor follows where it would otherwise spill out. */
function keptInside(x, y, text, look, attributes = {}) {
  const halfWidth = textWidth(text, look.fontSize) / 2;
  let anchor = "middle";
  if (x - halfWidth < 0) anchor = "start";
  else if (x + halfWidth > look.width) anchor = "end";
  const at = anchor === "start" ? Math.max(x, 2) : anchor === "end" ? Math.min(x, look.width - 2) : x;
  return s("text", { x: at, y, "text-anchor": anchor, text, ...attributes });
}

function drawCurve(svg, numbers, curve, look) {
  const { fontSize, theme } = look;
  const frame = coinChartFrame(svg, look,
    `The binary entropy curve, with the coin p(heads) = ${numbers.pHeads.toFixed(3)} at ` +
    `H = ${formatNumber(numbers.entropy, 4)} bits`);
  const { margin, height, plotWidth } = frame;
  const x = linear(0, 1, margin.left, margin.left + plotWidth);
  const y = linear(0, 1.2, height - margin.bottom, margin.top);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: 1.2, label: "entropy H (bits)",
    labelX: 0.9 * fontSize }));
  bottomAxis(svg, frame, ticks(0, 1, 5).map((value) => [x(value), tickText(value, 0.2)]), ["p(heads)"], fontSize);
  const path = curve.map(([p, value], k) => `${k ? "L" : "M"}${x(p)},${y(value)}`).join("");
  svg.append(s("path", { class: "bn-line", d: path, style: "stroke: var(--bn-ink)" }));
  const px = x(numbers.pHeads);
  const py = y(numbers.entropy);
  svg.append(
    s("line", { x1: px, x2: px, y1: y(0), y2: py, "stroke-dasharray": "2 3", style: "stroke: var(--bn-muted)" }),
    s("circle", { cx: px, cy: py, r: 0.4 * fontSize, fill: theme.mark_color, style: "stroke: var(--bn-ink)",
      "data-mark": "coin" }));
  // Low inside the arch, which is free whatever the coin (and as much of the label as fits there).
  const entropyText = `H = ${formatNumber(numbers.entropy, 4)} bits`;
  svg.append(s("text", { x: x(0.5), y: y(0.25), "text-anchor": "middle", class: "bn-value",
    text: fitting([`p = ${numbers.pHeads.toFixed(3)}: ${entropyText}`, entropyText], 0.85 * plotWidth, fontSize) }));
  return { x, width: look.width };
}

/** A log scale from [d0, d1] (both > 0) to pixels [r0, r1]. */
function logScale(d0, d1, r0, r1) {
  const toPixels = linear(Math.log10(d0), Math.log10(d1), r0, r1);
  return (value) => toPixels(Math.log10(value));
}

/** "1", "10", "100", "1k", "10k", "100k": a decade's label, short enough for a narrow chart. */
function decadeText(value) {
  return value >= 1000 ? `${value / 1000}k` : String(value);
}

/**
 * The running average as an SVG path with at most four points per pixel
 * column (first, lowest, highest, last), however many tosses there are: the
 * same picture as every point, without 100,000 of them in the page.
 */
function runningPath(running, x, y) {
  const parts = [];
  let column = null;
  let first = 0;
  let low = 0;
  let high = 0;
  let last = 0;
  const flush = () => {
    if (column === null) return;
    for (const value of [first, low, high, last]) parts.push(`${parts.length ? "L" : "M"}${column},${y(value)}`);
  };
  running.forEach((value, i) => {
    const here = Math.round(x(i + 1));
    if (here !== column) {
      flush();
      column = here;
      first = low = high = value;
    }
    low = Math.min(low, value);
    high = Math.max(high, value);
    last = value;
  });
  flush();
  return parts.join("");
}

function drawRunning(svg, numbers, maxDraws, look) {
  const { fontSize, theme } = look;
  const { running, draws } = numbers;
  const frame = coinChartFrame(svg, look,
    `The average surprise of the first n tosses for n up to ${draws}, ending at ${formatNumber(numbers.average, 4)} ` +
    `bits, against the entropy H = ${formatNumber(numbers.entropy, 4)} bits`);
  const { margin, height, plotWidth } = frame;
  let highest = Math.max(1, numbers.entropy);
  for (const value of running) highest = Math.max(highest, value);
  const top = niceCeiling(highest * 1.15);
  const x = logScale(0.8, maxDraws * 1.5, margin.left, margin.left + plotWidth);
  const y = linear(0, top, height - margin.bottom, margin.top);
  // Five ticks: the step is then 1, 2 or 5 times a power of ten for every niceCeiling top.
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: top, count: 5, label: "surprise (bits)",
    labelX: 0.9 * fontSize }));
  const decades = [];
  for (let value = 1; value <= maxDraws; value *= 10) decades.push(value);
  // Leave out every other decade's label when they would touch.
  const room = plotWidth / Math.max(1, decades.length);
  const every = room < 3.2 * fontSize ? 2 : 1;
  bottomAxis(svg, frame, decades.filter((_, i) => i % every === 0).map((value) => [x(value), decadeText(value)]),
    ["number of tosses n (log scale)", "tosses n (log scale)", "n (log scale)"], fontSize);
  const hy = y(numbers.entropy);
  const endOnTheRight = x(draws) > margin.left + plotWidth / 2;
  svg.append(
    s("line", { x1: margin.left, x2: margin.left + plotWidth, y1: hy, y2: hy, "stroke-dasharray": "7 4",
      class: "bn-line", style: "stroke: var(--bn-ink)", "data-line": "H" }),
    // Under the dashed line, at the end away from the end of the running line.
    s("text", { x: endOnTheRight ? margin.left + 0.4 * fontSize : margin.left + plotWidth, y: hy + 1.2 * fontSize,
      "text-anchor": endOnTheRight ? "start" : "end",
      text: fitting([`H = ${formatNumber(numbers.entropy, 4)} bits`, "H"], plotWidth / 2, fontSize) }),
    s("path", { class: "bn-line", d: runningPath(running, x, y), stroke: theme.p_color, "data-line": "running" }));
  const ex = x(draws);
  const ey = y(numbers.average);
  const side = 0.5 * fontSize;
  svg.append(s("rect", { x: ex - side, y: ey - side, width: 2 * side, height: 2 * side, fill: theme.mark_color,
    style: "stroke: var(--bn-ink)", "data-mark": "end" }));
  // Over the point, unless it is at the top of the chart.
  const below = ey - 1.8 * fontSize < margin.top;
  const averageText = `${formatNumber(numbers.average, 4)} bits`;
  svg.append(keptInside(ex, below ? ey + 1.6 * fontSize : ey - 0.9 * fontSize,
    fitting([`N = ${draws.toLocaleString("en-US")}: ${averageText}`, averageText], plotWidth, fontSize), look,
    { class: "bn-value" }));
}

export default { render };
