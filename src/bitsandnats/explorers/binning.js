// The binning explorer: a normal density cut into bins of width Δ, and the entropy of the bins, in the browser.
//
// State lives in the model's synced traits (σ and Δ as positions in their
// ladders of nice values); every change, from this page or from the kernel,
// goes through the same path: the model changes, one redraw is scheduled for
// the next animation frame, and the redraw computes the bins and their
// entropy with twin.js.  Everything is in nats.

import { entropy, binnedNormal, differentialEntropyNormal, formatNumber } from "./twin.js";
import {
  h, s, yAxis, linear, messageBox, applyTheme, keepDrawn, modelWriter, layOutCharts, showReadouts, showNotes, explorerRoot,
} from "./svg.js";
import { ladderControls, ladderPage, rungValue, rungText, axisTop, chartBox, axisLabel, xAxis } from "./charts.js";

const KEYS = ["sigma_index", "width_index", "error", "presentation", "theme"];
// The entropy chart's axes hold every σ and Δ of the controls: ln(1/Δ) from ln(1/2) to ln 100, and
// entropies from h + ln(1/Δ) at σ = 0.1, Δ = 2 (−1.58 nats) to H_Δ at σ = 2.5, Δ = 0.01 (6.94 nats).
const LOG_INVERSE_WIDTHS = [-1, 5];
const ENTROPIES = [-2, 8];

/**
 * Everything the explorer shows for N(0, σ²) in bins of width Δ, in nats:
 * the bins (±10σ, and one for each tail, as Python's `binned_normal`), their
 * entropy H_Δ, the differential entropy h, h − ln Δ and the gap.
 */
export function binningNumbers(sigma, width) {
  const { probs, edges } = binnedNormal(sigma, width);
  const binnedEntropy = entropy(probs, Math.E);
  const h = differentialEntropyNormal(sigma);
  const bridge = h - Math.log(width);
  return {
    sigma,
    width,
    probs,
    edges,
    h,
    binnedEntropy,
    readouts: [
      ["H_\u0394", "H_\u0394, entropy of the bins", binnedEntropy],
      ["h", "h, differential entropy", h],
      ["h - ln \u0394", "h \u2212 ln \u0394", bridge],
      ["gap", "gap H_\u0394 \u2212 (h \u2212 ln \u0394)", binnedEntropy - bridge],
    ],
  };
}

function render({ model, el }) {
  const root = explorerRoot(el, "binning");
  const message = messageBox();
  const controls = ladderControls(model, { "\u03c3": "sigma_index", "\u0394": "width_index" }, modelWriter(model));
  const ladders = model.get("ladders");
  const sigmas = ladders["\u03c3"];
  const widths = ladders["\u0394"];
  // H_Δ for every Δ of the control, for each σ drawn so far: the curve on the entropy chart.
  const curves = new Map();
  const curveFor = (sigmaIndex) => {
    if (!curves.has(sigmaIndex)) {
      const sigma = rungValue(sigmas, sigmaIndex);
      curves.set(sigmaIndex, widths.values.map((width) => entropy(binnedNormal(sigma, width).probs, Math.E)));
    }
    return curves.get(sigmaIndex);
  };

  const densityChart = chartBox("density");
  const entropyChart = chartBox("entropy");
  const { row: charts, readouts, notes } = ladderPage(root, {
    title: "A normal density in bins: the entropy of the bins against h \u2212 ln \u0394",
    heading: "The spread \u03c3 of the density and the bin width \u0394",
    rows: controls.rows, message, charts: [densityChart, entropyChart],
  });

  let chartsWidth = 640;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const sigmaIndex = model.get("sigma_index");
    const widthIndex = model.get("width_index");
    controls.show();
    message.show(model.get("error"));

    const texts = { sigma: rungText(sigmas, sigmaIndex), width: rungText(widths, widthIndex) };
    const numbers = binningNumbers(rungValue(sigmas, sigmaIndex), rungValue(widths, widthIndex));
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const width = layOutCharts([densityChart.box, entropyChart.box], chartsWidth, fontSize, 22);
    const look = { theme, fontSize, width };
    drawDensity(densityChart, numbers, look, texts);
    drawEntropies(entropyChart, numbers, look, { texts, widths: widths.values, curve: curveFor(sigmaIndex) });
    showReadouts(readouts, numbers.readouts.map(([key, label, value]) =>
      ({ key, label, text: `${formatNumber(value, 4)} nats` })));
    showNotes(notes, explain(numbers, texts));
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, KEYS, draw, { watched: charts, onWidth: followWidth });
}

/** A positive number with at least four decimals, and three significant digits when it is small (0.000000667). */
function smallNumber(value) {
  return formatNumber(value, value > 0 ? Math.max(4, 2 - Math.floor(Math.log10(value))) : 4);
}

function explain(numbers, texts) {
  const ratio = numbers.width / numbers.sigma;
  const gap = numbers.readouts[3][2];
  return [
    `${numbers.probs.length.toLocaleString("en")} bins of width \u0394 = ${texts.width} for \u03c3 = ${texts.sigma}: ` +
      "\u00b110\u03c3 cut into bins, and one more bin for each tail.",
    `\u0394/\u03c3 = ${smallNumber(ratio)}: the gap H_\u0394 \u2212 (h \u2212 ln \u0394) = ${smallNumber(gap)} nats ` +
      "depends only on \u0394/\u03c3, and once \u0394 is well below \u03c3 it is close to " +
      "\u0394\u00b2/(24\u03c3\u00b2) = " +
      `${smallNumber(ratio * ratio / 24)} nats: halve \u0394 and it shrinks about fourfold, while H_\u0394 grows ` +
      "by ln 2 nats (one bit) without end.",
  ];
}

// -- the charts -----------------------------------------------------------------------------

function drawDensity(chart, numbers, look, texts) {
  const { theme, fontSize } = look;
  const { sigma, width, probs, edges } = numbers;
  chart.begin(look, `N(0, \u03c3\u00b2) for \u03c3 = ${texts.sigma}, in bins of \u0394 = ${texts.width}`, [
    { label: "bins: P(bin) / \u0394", fill: theme.p_color },
    { label: "density f(x)", stroke: "var(--bn-ink)" },
  ]);
  const { svg, plot } = chart;
  const reach = 4 * sigma;
  const peak = 1 / (sigma * Math.sqrt(2 * Math.PI));
  // The bins in view are a run of neighbours: the tails' bins start beyond ±10σ, out of view.
  const inView = [];
  probs.forEach((prob, i) => {
    if (edges[i + 1] > -reach && edges[i] < reach) inView.push(i);
  });
  const heights = inView.map((i) => probs[i] / width);
  const top = axisTop(Math.max(peak, ...heights) * 1.05);
  const x = linear(-reach, reach, plot.left, plot.right);
  const y = linear(0, top, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: 0, high: top, count: 5 }),
    axisLabel(plot, "density (per unit of x)", fontSize),
    xAxis({ x, low: -reach, high: reach, plot, fontSize, label: "x" }));
  const clip = (edge) => x(Math.min(reach, Math.max(-reach, edge)));
  let path = `M${clip(edges[inView[0]]).toFixed(2)},${y(0).toFixed(2)}`;
  inView.forEach((i, k) => {
    path += `V${y(heights[k]).toFixed(2)}H${clip(edges[i + 1]).toFixed(2)}`;
  });
  path += `V${y(0).toFixed(2)}Z`;
  svg.append(s("path", { class: "bn-bar", "data-bins": inView.length, d: path, fill: theme.p_color,
    "fill-opacity": 0.45 }));
  const samples = 240;
  const points = Array.from({ length: samples + 1 }, (_, k) => {
    const at = -reach + (2 * reach * k) / samples;
    const density = peak * Math.exp(-0.5 * (at / sigma) ** 2);
    return `${x(at).toFixed(1)},${y(density).toFixed(1)}`;
  });
  svg.append(s("polyline", { class: "bn-line", "data-curve": "density", points: points.join(" "), fill: "none",
    stroke: "var(--bn-ink)" }));
}

function drawEntropies(chart, numbers, look, { texts, widths, curve }) {
  const { theme, fontSize } = look;
  chart.begin(look, "H_\u0394 against ln(1/\u0394), beside h + ln(1/\u0394) (nats)", [
    { label: "H_\u0394, every \u0394 for this \u03c3", stroke: theme.p_color, width: 5 }, // the band's look
    { label: "h + ln(1/\u0394)", stroke: theme.q_color, dash: "7 4" },
    { label: "h", stroke: "var(--bn-ink)", dash: "2 3" },
  ]);
  const { svg, plot } = chart;
  const x = linear(...LOG_INVERSE_WIDTHS, plot.left, plot.right);
  const y = linear(...ENTROPIES, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: ENTROPIES[0], high: ENTROPIES[1], count: 5 }),
    axisLabel(plot, "entropy (nats)", fontSize),
    xAxis({ x, low: LOG_INVERSE_WIDTHS[0], high: LOG_INVERSE_WIDTHS[1], plot, fontSize,
      label: "ln(1/\u0394) (nats)" }));
  const { h: differential } = numbers;
  const [left, right] = LOG_INVERSE_WIDTHS;
  svg.append(
    s("line", { "data-line": "h", x1: x(left), x2: x(right), y1: y(differential), y2: y(differential),
      stroke: "var(--bn-ink)", "stroke-width": 1.5, "stroke-dasharray": "2 3" }),
    // A wide band under the dashed line, which it meets for small Δ: the dashes let it show through.
    // (Not a .bn-line: the stylesheet gives those the theme's line width.)
    s("polyline", { "data-curve": "H_\u0394", fill: "none", stroke: theme.p_color, "stroke-width": 0.45 * fontSize,
      "stroke-opacity": 0.6, "stroke-linejoin": "round",
      points: widths.map((width, i) => `${x(-Math.log(width)).toFixed(1)},${y(curve[i]).toFixed(1)}`).join(" ") }),
    s("line", { "data-line": "h + ln(1/\u0394)", x1: x(left), x2: x(right), y1: y(differential + left),
      y2: y(differential + right), stroke: theme.q_color, "stroke-width": 2.2, "stroke-dasharray": "7 4" }));
  const px = x(-Math.log(numbers.width));
  const py = y(numbers.binnedEntropy);
  svg.append(
    s("circle", { "data-point": "H_\u0394", cx: px, cy: py, r: 0.42 * fontSize, fill: theme.mark_color,
      stroke: "var(--bn-ink)", "stroke-width": 1.2 },
    s("title", { text: `\u0394 = ${texts.width}: the bins' entropy is ${formatNumber(numbers.binnedEntropy, 4)} nats` })),
    // Below right of the point (under the line) on the left half, above left (over the curve) on the right half.
    px < (plot.left + plot.right) / 2
      ? s("text", { x: px + 0.7 * fontSize, y: py + 1.3 * fontSize, text: `\u0394 = ${texts.width}` })
      : s("text", { x: px - 0.7 * fontSize, y: py - 0.6 * fontSize, "text-anchor": "end",
        text: `\u0394 = ${texts.width}` }));
}

export default { render };
