// The log-loss explorer: one control per prediction, each example's loss
// and the mean, and the examples on the curve −ln q, drawn and computed in
// the browser.
//
// State lives in the model's synced traits (the labels, and the predictions
// as whole thousandths); every change, from this page or from the kernel,
// goes through the same path: the model changes, one redraw is scheduled for
// the next animation frame, and the redraw computes what it shows from the
// model with twin.js.

import { STEPS, binaryCrossEntropy, logLoss, formatNumber } from "./twin.js";
import {
  h, s, clear, niceCeiling, ticks, tickText, yAxis, linear, patterns, patternPrefix, stepControl, messageBox,
  applyTheme, parseProbability, keepDrawn, modelWriter, layOutCharts, showReadouts, sizeChart, explorerRoot,
} from "./svg.js";

const LOG_LOSS_KEYS = ["labels", "predictions", "error", "presentation", "theme"];

/**
 * Everything the log-loss explorer shows, from the labels and the predictions
 * as whole thousandths: each example's loss and the mean (nats), and q, the
 * probability each prediction gave to the example's true label.
 */
export function logLossNumbers(labels, counts) {
  const predictions = counts.map((count) => count / STEPS);
  return {
    labels,
    counts,
    predictions,
    losses: labels.map((label, i) => binaryCrossEntropy(label, predictions[i])),
    mean: logLoss(labels, predictions),
    trueClass: labels.map((label, i) => (label === 1 ? counts[i] : STEPS - counts[i]) / STEPS),
  };
}

/** The readouts as the table shows them: key, label and text, as Python's summary writes them. */
export function logLossReadouts(numbers) {
  return [
    ...numbers.losses.map((loss, i) => ({ key: `loss[${i + 1}]`,
      label: `example ${i + 1} (y = ${numbers.labels[i]}, \u0177 = ${numbers.predictions[i].toFixed(3)})`,
      text: `${formatNumber(loss, 3)} nats` })),
    { key: "log loss", label: "log loss, the mean", text: `${formatNumber(numbers.mean, 3)} nats` },
  ];
}

function render({ model, el }) {
  const root = explorerRoot(el, "logloss");
  const message = messageBox();
  const labels = model.get("labels");
  const { commit, refuse } = modelWriter(model);
  const move = (index, count) => {
    const counts = model.get("predictions");
    if (counts[index] === count) return;
    commit({ predictions: counts.map((old, i) => (i === index ? count : old)) });
  };

  // -- one control per prediction, in a group per label (the labels never change)
  const controls = labels.map((label, index) => {
    const name = `\u0177[${index + 1}]`;
    return stepControl({
      name,
      steps: STEPS,
      format: (count) => (count / STEPS).toFixed(3),
      describe: (count) => `${name} = ${(count / STEPS).toFixed(3)}, example ${index + 1}, label y = ${label}`,
      parse: (text) => parseProbability(text, name, STEPS),
      onMove: (count) => move(index, count),
      onRefused: refuse,
    });
  });
  const groups = [1, 0].filter((label) => labels.includes(label)).map((label) =>
    h("div", { class: "bn-group" },
      h("div", { class: "bn-group-title", text: `Examples with label y = ${label}: \u0177 = P(class 1)` }),
      controls.filter((_, i) => labels[i] === label).map((control) => control.row)));

  const barsBox = h("div", { class: "bn-chart" });
  const curveBox = h("div", { class: "bn-chart" });
  const barsSvg = s("svg", { role: "img", "data-chart": "losses", "data-patterns": patternPrefix() });
  const curveSvg = s("svg", { role: "img", "data-chart": "curve" });
  const barsTitle = h("div", { class: "bn-chart-title" });
  barsBox.append(barsTitle,
    h("div", { class: "bn-chart-caption", text: "plain bars: y = 1; hatched bars: y = 0; cross-hatched to the top " +
      "and marked \u221e: certain and wrong; dashed line: the mean" }), barsSvg);
  curveBox.append(h("div", { class: "bn-chart-title", text: "Each example on the curve \u2212ln q" }),
    h("div", { class: "bn-chart-caption", text: "q is the probability given to the true label: \u0177 for y = 1 " +
      "(filled circles), 1 \u2212 \u0177 for y = 0 (open squares); \u00d7n: n examples at one point" }), curveSvg);
  // Bottoms aligned: the charts have the same height, their titles and captions may not.
  const charts = h("div", { class: "bn-charts", style: "align-items: flex-end" }, barsBox, curveBox);
  const readouts = h("div", { class: "bn-readouts-box" });
  const notes = h("div", { class: "bn-notes" });
  root.append(
    h("div", { class: "bn-title", text: "Log loss: each example's cross-entropy, and their mean" }),
    h("div", { class: "bn-controls" }, groups),
    message.box, charts, readouts, notes);

  let chartsWidth = 640; // the width the charts share, followed as it changes (keepDrawn below)
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const counts = model.get("predictions");
    controls.forEach((control, i) => control.show(counts[i]));
    message.show(model.get("error"));

    const numbers = logLossNumbers(labels, counts);
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const chartWidth = layOutCharts([barsBox, curveBox], chartsWidth, fontSize);
    const look = { theme, fontSize, width: chartWidth };
    barsTitle.textContent = `log loss = mean of the bars = ${formatNumber(numbers.mean, 3)} nats`;
    drawLosses(barsSvg, numbers, look);
    drawOnCurve(curveSvg, numbers, look);
    showReadouts(readouts, logLossReadouts(numbers));
    const certainAndWrong = numbers.losses.flatMap((loss, i) => (loss === Infinity ? [String(i + 1)] : []));
    clear(notes);
    if (certainAndWrong.length) {
      notes.append(h("p", { text: `\u26a0 Example ${certainAndWrong.join(", ")}: the model is certain and wrong ` +
        "(probability 0 for the true class), so its loss is \u2212ln 0 = \u221e, and so is the mean. Libraries clip " +
        "predictions away from 0 and 1 to keep training going (see the agreement explorer below)." }));
    }
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, LOG_LOSS_KEYS, draw, { watched: charts, onWidth: followWidth });
}

// -- the charts -----------------------------------------------------------------------------

/** Size an SVG chart to `look.width` and clear it; returns its height and margins. */
function lossChartFrame(svg, look, description, bottomLines) {
  const { fontSize, width } = look;
  const height = Math.round(Math.min(Math.max(width * 0.6, 13 * fontSize), 24 * fontSize));
  sizeChart(svg, width, height, description);
  const margin = { left: 4.2 * fontSize, right: 1.2 * fontSize, top: 1.4 * fontSize,
    bottom: (1.4 + 1.2 * bottomLines) * fontSize };
  return { height, margin, plotWidth: width - margin.left - margin.right };
}

/** The top of a loss axis: room above the largest finite loss (and the mean), at least `minimum` nats. */
function lossTop(numbers, minimum) {
  let highest = 0;
  for (const value of [...numbers.losses, numbers.mean]) if (Number.isFinite(value)) highest = Math.max(highest, value);
  return niceCeiling(Math.max(minimum, highest * 1.3));
}

function drawLosses(svg, numbers, look) {
  const { fontSize, theme } = look;
  const n = numbers.losses.length;
  const band = Math.max(0, look.width - 5.4 * fontSize) / n; // the plot's width (see lossChartFrame), shared
  // Each example's number and label under its bar when there is room for it, every other one otherwise.
  const every = band >= 1.5 * fontSize ? 1 : 2;
  const withLabels = band >= 2.4 * fontSize;
  const frame = lossChartFrame(svg, look,
    `Each example's loss in nats, ${numbers.losses.map((loss) => formatNumber(loss, 3)).join(", ")}; ` +
    `their mean, the log loss, is ${formatNumber(numbers.mean, 3)} nats`, withLabels ? 2 : 1);
  const { margin, height, plotWidth } = frame;
  const fill = patterns(theme, svg.dataset.patterns);
  svg.append(fill.defs);
  const top = lossTop(numbers, 1);
  const y = linear(0, top, height - margin.bottom, margin.top);
  // Five ticks: the step is then 1, 2 or 5 times a power of ten for every niceCeiling top.
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: top, count: 5, label: "loss (nats)",
    labelX: 0.9 * fontSize }));
  const barWidth = band * 0.7;
  const showValues = barWidth >= 2.9 * fontSize;
  numbers.losses.forEach((loss, i) => {
    const x = margin.left + i * band + (band - barWidth) / 2;
    const infinite = loss === Infinity;
    const barTop = y(infinite ? top : loss);
    svg.append(s("rect", { class: "bn-bar", "data-bar": `loss[${i + 1}]`, x, width: barWidth, y: barTop,
      height: y(0) - barTop, fill: infinite ? fill.infinite : numbers.labels[i] === 1 ? theme.p_color : fill.over }));
    if (infinite || showValues) {
      svg.append(s("text", { x: x + barWidth / 2, y: barTop - 0.3 * fontSize,
        "text-anchor": "middle", class: "bn-value", "data-value": `loss[${i + 1}]`, text: formatNumber(loss, 3) }));
    }
    if (i % every === 0) {
      const labelY = height - margin.bottom + 1.2 * fontSize;
      svg.append(s("text", { x: x + barWidth / 2, y: labelY, "text-anchor": "middle", class: "bn-tick",
        text: String(i + 1) }));
      if (withLabels) {
        svg.append(s("text", { x: x + barWidth / 2, y: labelY + 1.2 * fontSize, "text-anchor": "middle",
          class: "bn-tick", text: `y=${numbers.labels[i]}` }));
      }
    }
  });
  if (Number.isFinite(numbers.mean)) {
    const my = y(numbers.mean);
    svg.append(s("line", { x1: margin.left, x2: margin.left + plotWidth, y1: my, y2: my, class: "bn-line",
      "stroke-dasharray": "7 4", style: "stroke: var(--bn-ink)", "data-line": "mean" }));
  }
  svg.append(s("text", { x: margin.left + plotWidth / 2, y: height - 0.3 * fontSize, "text-anchor": "middle",
    class: "bn-axis-label", text: "example" }));
}

/** About how wide `text` is drawn at `fontSize`: 0.56 em a character, as svg.js's titleLines reckons. */
function textWidth(text, fontSize) {
  return 0.56 * fontSize * text.length;
}

/** The first of `texts` (longest first) that fits in `room` pixels, or "" if none does. */
function fitting(texts, room, fontSize) {
  return texts.find((text) => textWidth(text, fontSize) <= room) ?? "";
}

/** Points of −ln q from q = e^(−top) (where the curve leaves the chart) to 1: dense where it is steep. */
function minusLogCurve(top) {
  const points = [];
  for (let k = 0; k <= 120; k += 1) {
    const loss = top * (1 - k / 120);
    points.push([Math.exp(-loss), loss]);
  }
  for (let k = 1; k <= 80; k += 1) points.push([k / 80, -Math.log(k / 80)]);
  return points.sort((a, b) => a[0] - b[0]);
}

function drawOnCurve(svg, numbers, look) {
  const { fontSize, theme } = look;
  const frame = lossChartFrame(svg, look,
    "The curve loss = \u2212ln q, with each example at q, the probability its prediction gave to its true label", 1);
  const { margin, height, plotWidth } = frame;
  const top = Math.max(5, lossTop(numbers, 1));
  const x = linear(0, 1.04, margin.left, margin.left + plotWidth);
  const y = linear(0, top, height - margin.bottom, margin.top);
  svg.append(yAxis({ x: margin.left, width: plotWidth, y, low: 0, high: top, count: 5, label: "loss (nats)",
    labelX: 0.9 * fontSize }));
  const axis = s("g", { class: "bn-axis" });
  for (const value of ticks(0, 1, 5)) {
    axis.append(s("text", { x: x(value), y: height - margin.bottom + 1.2 * fontSize, "text-anchor": "middle",
      text: tickText(value, 0.2) }));
  }
  axis.append(s("text", { class: "bn-axis-label", x: margin.left + plotWidth / 2, y: height - 0.3 * fontSize,
    "text-anchor": "middle",
    text: fitting(["q, probability given to the true label", "q, probability of the true label", "q"],
      plotWidth + margin.left, fontSize) }));
  svg.append(axis);
  svg.append(s("path", { class: "bn-line", style: "stroke: var(--bn-ink)",
    d: minusLogCurve(top).map(([q, loss], k) => `${k ? "L" : "M"}${x(q)},${y(loss)}`).join("") }));
  if (Number.isFinite(numbers.mean)) {
    const my = y(numbers.mean);
    svg.append(s("line", { x1: margin.left, x2: margin.left + plotWidth, y1: my, y2: my, class: "bn-line",
      "stroke-dasharray": "7 4", style: "stroke: var(--bn-muted)", "data-line": "mean" }),
    // At the left, where the curve is far above the mean and the examples seldom are.
    s("text", { x: margin.left + 0.4 * fontSize, y: my - 0.35 * fontSize,
      text: fitting([`mean ${formatNumber(numbers.mean, 3)} nats`, "mean"], x(0.5) - x(0), fontSize) }));
  }
  // Examples at the same q sit on one point; it says how many.
  const stacked = new Map();
  numbers.trueClass.forEach((q, i) => {
    const key = `${q}:${numbers.labels[i]}`;
    if (!stacked.has(key)) stacked.set(key, []);
    stacked.get(key).push(i);
  });
  const size = 0.45 * fontSize;
  for (const indices of stacked.values()) {
    const i = indices[0];
    const infinite = numbers.losses[i] === Infinity;
    const px = x(numbers.trueClass[i]);
    const py = y(infinite ? top : numbers.losses[i]);
    const names = indices.map((k) => `ex${k + 1}`).join(" ");
    svg.append(numbers.labels[i] === 1
      ? s("circle", { cx: px, cy: py, r: size, fill: theme.p_color, style: "stroke: var(--bn-ink)",
        "data-point": names })
      : s("rect", { x: px - size, y: py - size, width: 2 * size, height: 2 * size, fill: "none",
        stroke: theme.over_color, "stroke-width": 2, "data-point": names }));
    const note = [infinite ? "\u221e" : "", indices.length > 1 ? `\u00d7${indices.length}` : ""]
      .filter(Boolean).join(" ");
    if (note) {
      // To the right of the point, or to its left where the chart ends.
      const right = px + 1.4 * size + textWidth(note, fontSize) <= look.width;
      svg.append(s("text", { x: right ? px + 1.4 * size : px - 1.4 * size, "text-anchor": right ? "start" : "end",
        y: py + (infinite ? 1.2 * fontSize : -0.4 * fontSize), class: "bn-value", text: note }));
    }
  }
}

export default { render };
