// The temperature explorer: distillation's soft targets and loss, drawn and computed in the browser.
//
// State lives in the model's synced traits (the logits, the classes, the
// label, T as whole tenths and α as whole twentieths); every change, from
// this page or from the kernel, goes through the same path: the model
// changes, one redraw is scheduled for the next animation frame, and the
// redraw computes what it shows from the model with twin.js.  Everything is
// in nats.

import { entropy, klDivergence, softmax, distillationLoss, formatNumber } from "./twin.js";
import {
  s, spoken, yAxis, linear, messageBox, applyTheme, keepDrawn, modelWriter, layOutCharts, showReadouts, showNotes,
  explorerRoot,
} from "./svg.js";
import { ladderControls, ladderPage, rungValue, rungText, axisTop, chartBox, axisLabel, xAxis } from "./charts.js";

const KEYS = ["classes", "teacher_logits", "student_logits", "label", "temperature_tenths", "alpha_twentieths",
  "error", "presentation", "theme"];

/**
 * Everything the explorer shows, in nats, for the teacher's and the
 * student's logits, the label's class index, T and α, and the loss curves
 * over `temperatures` (every T the control has).  The readouts are computed
 * as the Python explorer's `readouts()` computes them.
 */
export function temperatureNumbers({ teacher, student, label, temperature, alpha, temperatures }) {
  const pT = softmax(teacher, temperature);
  const qT = softmax(student, temperature);
  // T² KL(p_T ‖ q_T): the soft term for α = 1.  H(y, q): the hard term for α = 0, the same at every T.
  const softAlone = (t) => distillationLoss(label, student, teacher, t, 1);
  const hardAlone = distillationLoss(label, student, teacher, 1, 0);
  const kl = klDivergence(pT, qT, Math.E);
  const soft = alpha * softAlone(temperature);
  const hard = (1 - alpha) * hardAlone;
  const loss = distillationLoss(label, student, teacher, temperature, alpha);
  const entropyNats = entropy(pT, Math.E);
  const softCurve = temperatures.map(softAlone);
  return {
    temperature,
    alpha,
    pT,
    qT,
    kl,
    soft,
    hard,
    loss,
    hardAlone,
    entropyNats,
    entropyBits: entropy(pT, 2),
    readouts: [
      ["KL(p_T||q_T)", "KL(p_T \u2016 q_T)", kl],
      ["soft term", "soft term \u03b1 T\u00b2 KL", soft],
      ["hard term", "hard term (1 \u2212 \u03b1) H(y, q)", hard],
      ["loss", "distillation loss L", loss],
      ["H(p_T)", "entropy of the soft targets H(p_T)", entropyNats],
    ],
    curves: {
      loss: temperatures.map((t) => distillationLoss(label, student, teacher, t, alpha)),
      soft: softCurve.map((value) => alpha * value),
      hard: temperatures.map(() => hard),
    },
    // The loss curves' highest point for any α (the loss is a weighted mean of the two terms alone).
    ceiling: Math.max(hardAlone, ...softCurve),
  };
}

function render({ model, el }) {
  const root = explorerRoot(el, "temperature");
  const message = messageBox();
  const controls = ladderControls(model, { T: "temperature_tenths", "\u03b1": "alpha_twentieths" },
    modelWriter(model));
  const ladders = model.get("ladders");
  const barsChart = chartBox("soft-targets");
  const lossChart = chartBox("loss");
  const { row: charts, readouts, notes } = ladderPage(root, {
    title: "Distillation: the soft targets and the loss as T and \u03b1 change",
    heading: "The temperature T and the soft term's weight \u03b1",
    rows: controls.rows, message, charts: [barsChart, lossChart],
  });

  let chartsWidth = 640;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const tenths = model.get("temperature_tenths");
    const twentieths = model.get("alpha_twentieths");
    controls.show();
    message.show(model.get("error"));

    const temperatureText = rungText(ladders.T, tenths);
    const alphaText = rungText(ladders["\u03b1"], twentieths);
    const classes = model.get("classes");
    const label = model.get("label");
    const numbers = temperatureNumbers({
      teacher: model.get("teacher_logits"),
      student: model.get("student_logits"),
      label,
      temperature: rungValue(ladders.T, tenths),
      alpha: rungValue(ladders["\u03b1"], twentieths),
      temperatures: ladders.T.values,
    });
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const look = { theme, fontSize, width: layOutCharts([barsChart.box, lossChart.box], chartsWidth, fontSize, 22) };
    drawSoftTargets(barsChart, numbers, look, { classes, label, temperatureText });
    drawLoss(lossChart, numbers, look, { temperatures: ladders.T.values, tenths, ladders, temperatureText, alphaText });
    showReadouts(readouts, numbers.readouts.map(([key, text, value]) =>
      ({ key, label: text, text: `${formatNumber(value, 4)} nats` })));
    const lines = explain(numbers, classes, label, temperatureText, alphaText);
    showNotes(notes, lines);
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, KEYS, draw, { watched: charts, onWidth: followWidth });
}

function explain(numbers, classes, label, temperatureText, alphaText) {
  const order = numbers.pT.map((_, i) => i).sort((i, j) => numbers.pT[j] - numbers.pT[i]);
  const [first, second] = order;
  const n = classes.length;
  return [
    `At T = ${temperatureText} the teacher gives ${classes[first]} ${formatNumber(numbers.pT[first], 3)} and the ` +
      `runner-up, ${classes[second]}, ${formatNumber(numbers.pT[second], 3)}; the label is ${classes[label]}.`,
    `L = \u03b1 T\u00b2 KL + (1 \u2212 \u03b1) H(y, q) = ${alphaText} \u00d7 ${temperatureText}\u00b2 \u00d7 ` +
      `${formatNumber(numbers.kl, 4)} + ${formatNumber(1 - numbers.alpha, 2)} \u00d7 ` +
      `${formatNumber(numbers.hardAlone, 4)} = ${formatNumber(numbers.loss, 4)} nats.`,
    `H(p_T) = ${formatNumber(numbers.entropyNats, 4)} nats, the same amount as ` +
      `${formatNumber(numbers.entropyBits, 3)} bits; over ${n} classes it is at most ln ${n} = ` +
      `${formatNumber(Math.log(n), 4)} nats (${formatNumber(Math.log2(n), 3)} bits), reached by the uniform ` +
      "distribution that the soft targets approach as T grows.",
  ];
}

// -- the charts -----------------------------------------------------------------------------

function drawSoftTargets(chart, numbers, look, { classes, label, temperatureText }) {
  const { theme, fontSize } = look;
  const n = classes.length;
  const fill = chart.begin(look, `Soft targets at T = ${temperatureText}`, [
    { label: "teacher p_T", fill: theme.p_color },
    { label: "student q_T (hatched)", fill: "q" },
    { label: `uniform 1/${n}`, stroke: "var(--bn-muted)", dash: "5 3" },
  ]);
  const { svg, plot } = chart;
  const y = linear(0, 1, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: 0, high: 1, count: 5 }),
    axisLabel(plot, "probability", fontSize));
  const band = (plot.right - plot.left) / n;
  const barWidth = band * 0.38;
  const showValues = barWidth >= 2.3 * fontSize;
  const maxChars = Math.max(2, Math.floor(band / (0.6 * fontSize)));
  numbers.pT.forEach((p, i) => {
    const x = plot.left + i * band + band * 0.1;
    for (const [value, key, whose, barFill, offset] of [[p, "p_T", "the teacher's soft target", theme.p_color, 0],
      [numbers.qT[i], "q_T", "the student's probability", fill.q, barWidth + band * 0.04]]) {
      svg.append(s("rect", { class: "bn-bar", "data-bar": `${key}[${classes[i]}]`, x: x + offset, width: barWidth,
        y: y(value), height: Math.max(0, y(0) - y(value)), fill: barFill },
      s("title", { text: `${classes[i]}: ${whose} ${formatNumber(value, 3)}` })));
      if (showValues) {
        svg.append(s("text", { class: "bn-value", x: x + offset + barWidth / 2, y: y(value) - 0.3 * fontSize,
          "text-anchor": "middle", text: formatNumber(value, 2) }));
      }
    }
    const name = classes[i].length > maxChars ? `${classes[i].slice(0, maxChars - 1)}\u2026` : classes[i];
    const middle = plot.left + (i + 0.5) * band;
    svg.append(s("text", { x: middle, y: plot.bottom + 1.2 * fontSize, "text-anchor": "middle", text: name,
      "font-weight": i === label ? 700 : null }, s("title", { text: classes[i] })));
    if (i === label) {
      svg.append(s("text", { x: middle, y: plot.bottom + 2.3 * fontSize, "text-anchor": "middle", text: "(label)" }));
    }
  });
  svg.append(s("line", { x1: plot.left, x2: plot.right, y1: y(1 / n), y2: y(1 / n), stroke: "var(--bn-muted)",
    "stroke-width": 1.5, "stroke-dasharray": "5 3", "data-line": "uniform" }));
}

function drawLoss(chart, numbers, look, { temperatures, tenths, ladders, temperatureText, alphaText }) {
  const { theme, fontSize } = look;
  const lines = [
    ["loss", "loss L", theme.p_color, null],
    ["soft", "soft term \u03b1 T\u00b2 KL", theme.q_color, "8 4"],
    ["hard", "hard term (1 \u2212 \u03b1) H(y, q)", theme.third_color, "2 4"],
  ];
  chart.begin(look, `The loss against T, \u03b1 = ${alphaText} (nats)`, [
    ...lines.map(([, label, stroke, dash]) => ({ label, stroke, dash })),
    { label: `T = ${temperatureText}`, stroke: "var(--bn-muted)" },
  ]);
  const { svg, plot } = chart;
  const low = temperatures[0];
  const high = temperatures[temperatures.length - 1];
  const x = linear(low, high, plot.left, plot.right);
  const top = axisTop(numbers.ceiling);
  const y = linear(0, top, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: 0, high: top, count: 5 }),
    axisLabel(plot, "loss (nats)", fontSize),
    xAxis({ x, low, high, plot, fontSize, label: "temperature T" }));
  const now = tenths - ladders.T.first;
  const current = x(temperatures[now]);
  svg.append(s("line", { x1: current, x2: current, y1: plot.top, y2: plot.bottom, stroke: "var(--bn-muted)",
    "stroke-width": 1.5, "data-line": "T" }));
  for (const [key, , stroke, dash] of lines) {
    const values = numbers.curves[key];
    svg.append(s("polyline", { class: "bn-line", "data-curve": key, stroke, "stroke-dasharray": dash,
      "stroke-linecap": "round", fill: "none",
      points: values.map((value, i) => `${x(temperatures[i]).toFixed(1)},${y(value).toFixed(1)}`).join(" ") }));
  }
  for (const [key, label, stroke] of lines) {
    const value = numbers.curves[key][now];
    svg.append(s("circle", { "data-point": key, cx: current, cy: y(value), r: 0.35 * fontSize, fill: stroke,
      stroke: "var(--bn-ink)", "stroke-width": 1.2 },
    s("title", { text: `${spoken(label)} = ${formatNumber(value, 4)} nats` })));
  }
}

export default { render };
