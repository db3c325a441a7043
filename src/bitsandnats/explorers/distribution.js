// The distribution explorer: P and Q over named events, drawn and computed in the browser.
//
// State lives in the model's synced traits (events, p, q as whole
// thousandths, unit, view, target); every change, from this page or from
// the kernel, goes through the same path: the model changes, one redraw is
// scheduled for the next animation frame, and the redraw computes what it
// shows from the model with twin.js.

import {
  STEPS, apportion, entropy, crossEntropy, klDivergence, entropyTerms, crossEntropyTerms, klTerms, formatNumber,
} from "./twin.js";
import {
  h, s, niceCeiling, yAxis, linear, patterns, button, messageBox, applyTheme, toggle, patternPrefix,
  titleLines, modelWriter, keepDrawn, layOutCharts, showReadouts, showNotes, sizeChart, explorerRoot,
} from "./svg.js";
import { distributionControls, moveOne, BASES } from "./pq.js";

const LOG = { bits: "log\u2082", nats: "ln", hartleys: "log\u2081\u2080" };
const KEYS = ["events", "p", "q", "unit", "view", "target", "error", "presentation", "theme"];

/** Everything the explorer shows, computed from whole thousandths `pCounts`, `qCounts` in `unit`. */
export function distributionNumbers(pCounts, qCounts, unit) {
  const base = BASES[unit];
  const p = pCounts.map((count) => count / STEPS);
  const q = qCounts.map((count) => count / STEPS);
  return {
    p,
    q,
    readouts: [
      ["H(P)", "H(P)", entropy(p, base)],
      ["H(Q)", "H(Q)", entropy(q, base)],
      ["H(P,Q)", "H(P, Q)", crossEntropy(p, q, base)],
      ["H(Q,P)", "H(Q, P)", crossEntropy(q, p, base)],
      ["KL(P||Q)", "KL(P\u2016Q)", klDivergence(p, q, base)],
      ["KL(Q||P)", "KL(Q\u2016P)", klDivergence(q, p, base)],
    ],
    entropyTerms: entropyTerms(p, base),
    crossTerms: crossEntropyTerms(p, q, base),
    klTerms: klTerms(p, q, base),
    klBits: klDivergence(p, q, 2),
  };
}

function render({ model, el }) {
  const root = explorerRoot(el, "distribution");
  const message = messageBox();
  const { commit, refuse } = modelWriter(model);
  const move = (which, index, count) => moveOne(model, commit, which, index, count);

  const controls = distributionControls(model, { commit, refuse });

  const units = toggle("unit", [["bits", "bits", "base 2"], ["nats", "nats", "base e"], ["hartleys", "hartleys", "base 10"]],
    (unit) => commit({ unit }));
  const views = toggle("view", [["bars", "terms", "each event's terms as bars"],
    ["area", "area view", "H(P, Q) and H(P) as areas: width P(x), height the surprise"]], (view) => commit({ view }));
  const randomCounts = (n) => apportion(Array.from({ length: n }, () => 1 + Math.floor(Math.random() * 999)), STEPS);
  const buttons = h("div", { class: "bn-buttons" },
    button("Reset", "back to the starting P and Q", () => {
      const start = model.get("start");
      commit({ events: [...start.events], p: [...start.p], q: [...start.q], target: null });
    }),
    button("Swap P and Q", "exchange the two distributions", () => commit({ p: model.get("q"), q: model.get("p") })),
    button("Set Q = P", "make the belief equal to the truth", () => commit({ q: [...model.get("p")] })),
    button("Make P uniform", "every event equally likely under P",
      () => commit({ p: apportion(model.get("events").map(() => 1), STEPS) })),
    button("Random", "new random P and Q", () => {
      const n = model.get("events").length;
      commit({ p: randomCounts(n), q: randomCounts(n) });
    }),
    button("New target", "a KL(P\u2016Q) to reach by shaping Q", () => {
      const targets = model.get("game").targets.filter((value) => value !== model.get("target"));
      commit({ target: targets[Math.floor(Math.random() * targets.length)] });
    }));
  const game = h("p", { class: "bn-game", role: "status", "aria-live": "polite" });

  const charts = h("div", { class: "bn-charts" });
  const chartBoxes = [0, 1, 2].map(() => h("div", { class: "bn-chart" }));
  const svgs = chartBoxes.map((box, index) => {
    const svg = s("svg", { role: "img", "data-chart": ["pq", "terms", "kl"][index], "data-patterns": patternPrefix(),
      class: index === 0 ? "bn-draggable" : null });
    box.append(svg);
    return svg;
  });
  charts.append(...chartBoxes);
  const readouts = h("div", { class: "bn-readouts-box" });
  const notes = h("div", { class: "bn-notes" });

  root.append(
    h("div", { class: "bn-title", text: "P and Q: entropy, cross-entropy and KL divergence" }),
    h("div", { class: "bn-controls" }, controls.pGroup, controls.qGroup,
      h("div", { class: "bn-group" }, h("div", { class: "bn-group-title", text: "Unit and view" }), units.group,
        views.group, controls.editor)),
    buttons, game, message.box, charts, readouts, notes);

  // -- dragging the top of a bar in the P and Q chart
  let drag = null; // { which, index, y }
  let pqLayout = null; // set by each draw: how to map a pointer to an event and a probability
  const pqSvg = svgs[0];
  const pointerTarget = (event) => {
    if (!pqLayout) return null;
    const box = pqSvg.getBoundingClientRect();
    const scale = pqLayout.width / box.width;
    const x = (event.clientX - box.left) * scale;
    const y = (event.clientY - box.top) * scale;
    const index = Math.floor((x - pqLayout.left) / pqLayout.band);
    if (index < 0 || index >= pqLayout.n) return null;
    const within = (x - pqLayout.left) / pqLayout.band - index;
    return { which: within < 0.5 ? "p" : "q", index, y };
  };
  const countAt = (y) => Math.min(STEPS, Math.max(0, Math.round(pqLayout.y.invert(y) * STEPS)));
  pqSvg.addEventListener("pointerdown", (event) => {
    const target = pointerTarget(event);
    if (!target) return;
    event.preventDefault();
    pqSvg.setPointerCapture(event.pointerId);
    drag = target;
    move(drag.which, drag.index, countAt(target.y));
  });
  pqSvg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = pqSvg.getBoundingClientRect();
    const y = (event.clientY - box.top) * (pqLayout.width / box.width);
    move(drag.which, drag.index, countAt(y));
  });
  const endDrag = () => {
    drag = null;
  };
  pqSvg.addEventListener("pointerup", endDrag);
  pqSvg.addEventListener("pointercancel", endDrag);

  // -- one redraw per animation frame
  let chartsWidth = 960; // the width the charts share, followed as it changes (keepDrawn below)
  function draw() {
    const events = model.get("events");
    const pCounts = model.get("p");
    const qCounts = model.get("q");
    const unit = model.get("unit");
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    controls.show(events, pCounts, qCounts);
    units.show(unit);
    views.show(model.get("view"));
    message.show(model.get("error"));

    const numbers = distributionNumbers(pCounts, qCounts, unit);
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const chartWidth = layOutCharts(chartBoxes, chartsWidth, fontSize);
    const look = { theme, fontSize, width: chartWidth, unit, events, fill: null };
    pqLayout = drawPQ(svgs[0], numbers, look);
    if (model.get("view") === "area") {
      drawAreas(svgs[1], numbers, look, "entropy");
      drawAreas(svgs[2], numbers, look, "cross");
    } else {
      drawTerms(svgs[1], numbers, look);
      drawKL(svgs[2], numbers, look);
    }
    showReadouts(readouts, numbers.readouts.map(([key, label, value]) =>
      ({ key, label, text: `${formatNumber(value, 3)} ${unit}` })));
    showNotes(notes, explain(numbers, events, unit));
    const target = model.get("target");
    if (target === null || target === undefined) {
      game.hidden = true;
    } else {
      game.hidden = false;
      const tolerance = model.get("game").tolerance;
      const gap = numbers.klBits - target;
      game.textContent = Math.abs(gap) <= tolerance
        ? `\u2713 Target reached: KL(P\u2016Q) = ${formatNumber(numbers.klBits, 3)} bits is within ${tolerance} bits of ${target.toFixed(2)} bits.`
        : `Target game: shape Q until KL(P\u2016Q) = ${target.toFixed(2)} bits (within ${tolerance}). Now ` +
          `${formatNumber(numbers.klBits, 3)} bits: ${gap > 0 ? "too far from P" : "too close to P"}.`;
    }
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, KEYS, draw, { watched: charts, onWidth: followWidth });
}

function explain(numbers, events, unit) {
  const lines = [];
  for (const [first, second, a, b] of [[numbers.p, numbers.q, "P", "Q"], [numbers.q, numbers.p, "Q", "P"]]) {
    const ruledOut = events.filter((_, i) => second[i] === 0 && first[i] > 0);
    if (ruledOut.length) {
      lines.push(`\u26a0 ${b} gives ${ruledOut.join(", ")} probability 0, but ${a} does not: an outcome of ${a} that ` +
        `${b} calls impossible has infinite surprise, so H(${a}, ${b}) and KL(${a}\u2016${b}) are \u221e.`);
    }
  }
  const [hp, , hpq, , klpq] = numbers.readouts.map((row) => row[2]);
  if (Number.isFinite(hpq)) {
    lines.push(`H(P) + KL(P\u2016Q) = ${formatNumber(hp, 3)} + ${formatNumber(klpq, 3)} = ${formatNumber(hpq, 3)} ` +
      `${unit} = H(P, Q): the unavoidable part plus the price of believing Q.`);
  }
  return lines;
}

// -- the charts -----------------------------------------------------------------------------

function frame(svg, look, { titleText, label }) {
  const { fontSize } = look;
  const width = Math.max(look.width, 14 * fontSize);
  const title = titleLines(titleText, { x: 0, y: 1.1 * fontSize, width, fontSize });
  const margin = { left: 4.4 * fontSize, right: 0.6 * fontSize, top: (1.2 * title.count + 1) * fontSize,
    bottom: 2.2 * fontSize };
  const height = Math.round(Math.min(Math.max(width * 0.72, 12 * fontSize), 26 * fontSize) + margin.top);
  look.fill = patterns(look.theme, svg.dataset.patterns);
  sizeChart(svg, width, height, titleText).append(look.fill.defs, title.node);
  return { height, margin, plotWidth: width - margin.left - margin.right, label, labelX: 0.8 * fontSize };
}

function eventLabels(svg, look, left, band, y) {
  const maxChars = Math.max(2, Math.floor(band / (0.6 * look.fontSize)));
  look.events.forEach((event, i) => {
    const text = event.length > maxChars ? `${event.slice(0, maxChars - 1)}\u2026` : event;
    svg.append(s("text", { x: left + (i + 0.5) * band, y, "text-anchor": "middle", text },
      s("title", { text: event })));
  });
}

function drawPQ(svg, numbers, look) {
  const f = frame(svg, look, { titleText: "P (plain) and Q (hatched): drag a bar's top" });
  const { margin, height, plotWidth } = f;
  const fill = look.fill;
  const y = linear(0, 1, height - margin.bottom, margin.top);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: 1, count: 5, label: "probability", labelX: f.labelX }));
  const n = numbers.p.length;
  const band = plotWidth / n;
  const barWidth = band * 0.36;
  numbers.p.forEach((pValue, i) => {
    const qValue = numbers.q[i];
    const x = margin.left + i * band + band * 0.12;
    svg.append(
      s("rect", { class: "bn-bar bn-bar-handle", "data-bar": `P[${look.events[i]}]`, x, width: barWidth,
        y: y(pValue), height: Math.max(0, y(0) - y(pValue)), fill: look.theme.p_color }),
      s("rect", { class: "bn-bar bn-bar-handle", "data-bar": `Q[${look.events[i]}]`, x: x + barWidth + band * 0.04,
        width: barWidth, y: y(qValue), height: Math.max(0, y(0) - y(qValue)), fill: fill.q }));
    if (qValue === 0 && pValue > 0) {
      svg.append(s("text", { x: x + barWidth * 1.5 + band * 0.04, y: y(0) - 0.4 * look.fontSize, "text-anchor": "middle",
        class: "bn-flag", text: "Q=0" }));
    }
  });
  eventLabels(svg, look, margin.left, band, height - 0.6 * look.fontSize);
  return { left: margin.left, band, n, y, width: look.width };
}

/** A bar from 0 to `value` (or to the top, cross-hatched and marked ∞, if it is infinite), with its number. */
function termBar(svg, look, { x, width, value, y, top, fill, key, showValue }) {
  const infinite = value === Infinity;
  const end = infinite ? top : value;
  const y0 = y(0);
  const y1 = y(end);
  svg.append(s("rect", { class: "bn-bar", "data-term": key, x, width, y: Math.min(y0, y1), height: Math.abs(y0 - y1),
    fill: infinite ? look.fill.infinite : fill }));
  if (infinite || showValue) {
    const above = end >= 0;
    svg.append(s("text", { x: x + width / 2, y: above ? y1 - 0.3 * look.fontSize : y1 + 1.0 * look.fontSize,
      "text-anchor": "middle", class: "bn-value", "data-value": key, text: infinite ? "\u221e" : formatNumber(value, 2) }));
  }
}

function drawTerms(svg, numbers, look) {
  const { unit } = look;
  const f = frame(svg, look, { titleText: `Terms of H(P) (plain) and H(P, Q) (hatched), ${unit}` });
  const { margin, height, plotWidth } = f;
  const finite = [...numbers.entropyTerms, ...numbers.crossTerms].filter(Number.isFinite);
  const top = niceCeiling(Math.max(0.1, ...finite) * 1.12);
  const y = linear(0, top, height - margin.bottom, margin.top);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: top, label: `term (${unit})`, labelX: f.labelX }));
  const n = numbers.p.length;
  const band = plotWidth / n;
  const barWidth = band * 0.36;
  const showValue = barWidth >= 2.2 * look.fontSize;
  numbers.p.forEach((_, i) => {
    const x = margin.left + i * band + band * 0.12;
    termBar(svg, look, { x, width: barWidth, value: numbers.entropyTerms[i], y, top, fill: look.theme.p_color,
      key: `H(P)[${look.events[i]}]`, showValue });
    termBar(svg, look, { x: x + barWidth + band * 0.04, width: barWidth, value: numbers.crossTerms[i], y, top,
      fill: look.fill.q, key: `H(P,Q)[${look.events[i]}]`, showValue });
  });
  eventLabels(svg, look, margin.left, band, height - 0.6 * look.fontSize);
}

function drawKL(svg, numbers, look) {
  const { unit } = look;
  const f = frame(svg, look, { titleText: `KL terms P log(P/Q), ${unit}: up where Q < P, down where Q > P` });
  const { margin, height, plotWidth } = f;
  const finite = numbers.klTerms.filter(Number.isFinite);
  const top = niceCeiling(Math.max(0.1, ...finite) * 1.12);
  const low = -niceCeiling(Math.max(0.1, ...finite.map((v) => -v)) * 1.12);
  const y = linear(low, top, height - margin.bottom, margin.top);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low, high: top, label: `KL term (${unit})`, labelX: f.labelX }));
  const n = numbers.p.length;
  const band = plotWidth / n;
  const barWidth = band * 0.6;
  const showValue = barWidth >= 2.2 * look.fontSize;
  numbers.klTerms.forEach((value, i) => {
    termBar(svg, look, { x: margin.left + i * band + band * 0.2, width: barWidth, value, y, top,
      fill: value >= 0 ? look.theme.under_color : look.fill.over, key: `KL[${look.events[i]}]`, showValue });
  });
  eventLabels(svg, look, margin.left, band, height - 0.6 * look.fontSize);
}

/**
 * colah's picture: each event a rectangle of width P(x) and height its
 * surprise, −log P(x) for H(P) or −log Q(x) for H(P, Q), so each entropy is an
 * area and KL(P‖Q) is the difference of the two areas.  Both charts share
 * one height scale; the H(P) rectangles are outlined on the H(P, Q) chart.
 */
function drawAreas(svg, numbers, look, kind) {
  const { unit } = look;
  const base = BASES[unit];
  const heights = (values) => values.map((value) => (value > 0 ? -Math.log(value) / Math.log(base) : Infinity));
  const own = heights(numbers.p);
  const cross = heights(numbers.q);
  const [hp, , hpq] = numbers.readouts.map((row) => row[2]);
  const title = kind === "entropy"
    ? `H(P) = ${formatNumber(hp, 3)} ${unit}: width P(x), height \u2212${LOG[unit]} P(x)`
    : `H(P, Q) = ${formatNumber(hpq, 3)} ${unit}: width P(x), height \u2212${LOG[unit]} Q(x)`;
  const f = frame(svg, look, { titleText: title });
  const { margin, height, plotWidth } = f;
  const used = numbers.p.map((value) => value > 0);
  const finite = [...own, ...cross].filter((value, i) => Number.isFinite(value) && used[i % own.length]);
  const top = niceCeiling(Math.max(1, ...finite) * 1.08);
  const y = linear(0, top, height - margin.bottom, margin.top);
  const x = linear(0, 1, margin.left, margin.left + plotWidth);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: top, label: `surprise (${unit})`, labelX: f.labelX }));
  let start = 0;
  numbers.p.forEach((width, i) => {
    if (width === 0) return;
    const left = x(start);
    const right = x(start + width);
    const heightValue = kind === "entropy" ? own[i] : cross[i];
    const infinite = heightValue === Infinity;
    const yTop = y(infinite ? top : heightValue);
    svg.append(s("rect", { class: "bn-bar", "data-area": `${kind}[${look.events[i]}]`, x: left, width: right - left,
      y: yTop, height: y(0) - yTop,
      fill: infinite ? look.fill.infinite : kind === "entropy" ? look.theme.p_color : look.fill.q }));
    if (kind === "cross") {
      svg.append(s("rect", { x: left, width: right - left, y: y(own[i]), height: y(0) - y(own[i]), fill: "none",
        stroke: look.theme.p_color, "stroke-width": 2, "stroke-dasharray": "5 3" }));
    }
    if (right - left >= 2.5 * look.fontSize) {
      svg.append(s("text", { x: (left + right) / 2, y: height - 0.6 * look.fontSize, "text-anchor": "middle",
        text: look.events[i] }));
      if (infinite) svg.append(s("text", { x: (left + right) / 2, y: yTop + 1.2 * look.fontSize,
        "text-anchor": "middle", text: "\u221e" }));
    }
    start += width;
  });
}

export default { render };
