// The sampling explorer: H(P, Q) and KL(P ‖ Q) estimated from N seeded draws of P, drawn and computed in the browser.
//
// State lives in the model's synced traits (P and Q in thousandths, N as its
// position on the ladder of sizes, the seed).  The draws are Python's
// `bitsandnats.sampling.draw`, repeated exactly: the 32-bit generator
// mulberry32 (integer arithmetic with Math.imul) and inverse-CDF sampling on
// whole-number thresholds.  The averages come from twin.js; everything is in bits.

import { averageSurprisalRunning, crossEntropy, klDivergence, surprisal, formatNumber } from "./twin.js";
import {
  h, s, yAxis, linear, messageBox, applyTheme, keepDrawn, modelWriter, layOutCharts, showReadouts, showNotes,
  explorerRoot, button,
} from "./svg.js";
import { ladderControls, ladderPage, rungValue, chartBox, axisLabel } from "./charts.js";

const KEYS = ["size_index", "seed", "error", "presentation", "theme"];
/** Seeds are 32-bit whole numbers. */
export const MAX_SEED = 2 ** 32 - 1;
const WORDS = 2 ** 32;
// Points drawn per curve: the running estimates at about this many draws n spread evenly on the log scale.
const POINTS = 400;

/** The first `n` words of mulberry32 seeded with `seed`, as Python's `random_words(n, seed)`. */
export function randomWords(n, seed) {
  const words = new Array(n);
  let state = seed >>> 0;
  for (let k = 0; k < n; k += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    words[k] = (t ^ (t >>> 14)) >>> 0;
  }
  return words;
}

/**
 * Where each outcome's share of the 2^32 words ends, for probabilities in
 * whole thousandths: round(2^32 · C_k / 1000), C_k the counts up to k, as
 * Python's `thresholds(p)` (the products are below 2^53, exact in doubles,
 * and never near a rounding tie).
 */
export function thresholds(counts) {
  let cumulative = 0;
  return counts.map((count) => {
    cumulative += count;
    return Math.floor((cumulative * WORDS + 500) / 1000);
  });
}

/** `n` draws from P (counts in thousandths) for `seed`, as Python's `draw(p, n, seed)`: event indices. */
export function drawSamples(counts, n, seed) {
  const ends = thresholds(counts);
  return randomWords(n, seed).map((word) => {
    let k = 0;
    while (ends[k] <= word) k += 1;
    return k;
  });
}

/**
 * The standard error s/√n of the first n values, for every n, as Python's
 * `standard_error(values, running=True)`, in the same order of operations:
 * sums of the values less the first, NaN for n = 1, ∞ from an infinite value on.
 */
export function runningStandardError(values) {
  const shift = Number.isFinite(values[0]) ? values[0] : 0;
  let first = 0;
  let second = 0;
  let infinite = false;
  return values.map((value, i) => {
    const n = i + 1;
    const d = (Number.isFinite(value) ? value : 0) - shift;
    infinite = infinite || !Number.isFinite(value);
    first += d;
    second += d * d;
    if (n === 1) return NaN;
    if (infinite) return Infinity;
    const squares = Math.max(second - (first * first) / n, 0);
    return Math.sqrt(squares / ((n - 1) * n)) + 0;
  });
}

/**
 * Everything the explorer shows for P and Q (counts in thousandths), N draws
 * and a seed, in bits: the draws, each running estimate with its running
 * standard error, the exact values and the readouts.
 */
export function samplingNumbers(p, q, n, seed) {
  const samples = drawSamples(p, n, seed);
  const pp = p.map((count) => count / 1000);
  const qq = q.map((count) => count / 1000);
  const underQ = averageSurprisalRunning(samples, qq, 2);
  const underP = averageSurprisalRunning(samples, pp, 2);
  const crossTerms = samples.map((x) => surprisal(qq[x], 2));
  const klTerms = samples.map((x) => surprisal(qq[x], 2) - surprisal(pp[x], 2));
  const cross = { running: underQ, errors: runningStandardError(crossTerms), exact: crossEntropy(pp, qq, 2) };
  const kl = { running: underQ.map((value, i) => value - underP[i] + 0), errors: runningStandardError(klTerms),
    exact: klDivergence(pp, qq, 2) };
  const last = n - 1;
  return {
    samples,
    cross,
    kl,
    readouts: [
      ["estimate of H(P,Q)", "estimate of H(P, Q), mean of \u2212log\u2082 Q(x)", cross.running[last]],
      ["H(P,Q)", "H(P, Q), exact", cross.exact],
      ["SE of H(P,Q)", "standard error of the H(P, Q) estimate", cross.errors[last]],
      ["estimate of KL(P||Q)", "estimate of KL(P \u2016 Q), mean of log\u2082 P(x)/Q(x)", kl.running[last]],
      ["KL(P||Q)", "KL(P \u2016 Q), exact", kl.exact],
      ["SE of KL(P||Q)", "standard error of the KL estimate", kl.errors[last]],
    ],
  };
}

/** The draws n (1 to `n`) at which the curves are drawn: about POINTS of them, evenly on the log scale. */
function drawnSizes(n) {
  const sizes = new Set([1, n]);
  for (let k = 0; k <= POINTS; k += 1) sizes.add(Math.round(n ** (k / POINTS)));
  return [...sizes].sort((a, b) => a - b);
}

function render({ model, el }) {
  const root = explorerRoot(el, "sampling");
  const message = messageBox();
  const writer = modelWriter(model);
  const controls = ladderControls(model, { N: "size_index" }, writer);
  const sizes = model.get("ladders").N;

  const seedField = h("input", { type: "text", inputmode: "numeric", class: "bn-field", "aria-label": "seed, typed",
    "data-name": "seed", size: 10 });
  const commitSeed = () => {
    const text = seedField.value.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(Number.isSafeInteger(value) && value <= MAX_SEED)) {
      writer.refuse(`seed must be a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(text)}`);
      return;
    }
    if (value !== model.get("seed")) writer.commit({ seed: value });
  };
  seedField.addEventListener("change", commitSeed);
  seedField.addEventListener("keydown", (event) => {
    if (event.key === "Enter") commitSeed();
  });
  seedField.addEventListener("blur", () => {
    seedField.value = String(model.get("seed"));
  });
  const resample = button("Resample", "draw a fresh sample: the next seed", () =>
    writer.commit({ seed: (model.get("seed") + 1) % (MAX_SEED + 1) }));
  const seedRow = h("div", { class: "bn-control bn-control-action" },
    h("label", { class: "bn-control-label", text: "seed" }), seedField, resample);

  const crossChart = chartBox("cross-entropy");
  const klChart = chartBox("kl");
  const { row: charts, readouts, notes } = ladderPage(root, {
    title: "Estimating H(P, Q) and KL(P \u2016 Q) from N draws of P (bits)",
    heading: "The number of draws N and the seed of the sample",
    rows: [...controls.rows, seedRow], message, charts: [crossChart, klChart],
  });

  let chartsWidth = 640;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    controls.show();
    if (document.activeElement !== seedField) seedField.value = String(model.get("seed"));
    message.show(model.get("error"));
    const n = rungValue(sizes, model.get("size_index"));
    const seed = model.get("seed");
    const numbers = samplingNumbers(model.get("p"), model.get("q"), n, seed);
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const width = layOutCharts([crossChart.box, klChart.box], chartsWidth, fontSize, 22);
    const look = { theme, fontSize, width };
    drawEstimate(crossChart, numbers.cross, n, look, "\u2212log\u2082 Q(x): the estimate of H(P, Q) after n draws",
      "H(P, Q)");
    drawEstimate(klChart, numbers.kl, n, look, "log\u2082 P(x)/Q(x): the estimate of KL(P \u2016 Q) after n draws",
      "KL(P \u2016 Q)");
    showReadouts(readouts, numbers.readouts.map(([key, label, value]) =>
      ({ key, label, text: `${formatNumber(value, 4)} bits` })));
    showNotes(notes, explain(numbers, n));
  }
  return keepDrawn(model, KEYS, draw, { watched: charts, onWidth: (width) => { chartsWidth = width; } });
}

function explain(numbers, n) {
  const [estimate, exact, error] = numbers.readouts.slice(0, 3).map(([, , value]) => value);
  const off = (estimate - exact) / error;
  return [
    `${n.toLocaleString("en")} draws: the estimate of H(P, Q) is ${formatNumber(Math.abs(off), 1)} standard ` +
      `errors ${off >= 0 ? "above" : "below"} the exact value; about 95 samples in 100 land within 2.`,
    "The standard error shrinks like 1/\u221aN: a hundred times more draws for one more correct decimal. " +
      "Resample to see another sample of the same size.",
  ];
}

// -- the charts -----------------------------------------------------------------------------

function drawEstimate(chart, series, n, look, heading, name) {
  const { theme, fontSize } = look;
  chart.begin(look, heading, [
    { label: "estimate from the first n draws", stroke: theme.p_color },
    { label: "\u00b12 standard errors", fill: theme.q_color },
    { label: `exact ${name} = ${formatNumber(series.exact, 4)} bits`, stroke: "var(--bn-ink)", dash: "6 4" },
  ]);
  const { svg, plot } = chart;
  const at = drawnSizes(n);
  // The view holds the exact value and the curve and band from n = 10 on (the band is very wide before).
  let low = series.exact;
  let high = series.exact;
  for (const size of at) {
    const value = series.running[size - 1];
    const spread = 2 * series.errors[size - 1];
    const values = size >= Math.min(10, n) && Number.isFinite(spread) ? [value - spread, value + spread] : [];
    if (size >= Math.min(10, n)) values.push(value);
    for (const v of values) {
      if (Number.isFinite(v)) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
  }
  const margin = 0.08 * Math.max(high - low, 1e-9);
  low -= margin;
  high += margin;
  const top = Math.max(Math.log10(n), 1);
  const x = linear(0, top, plot.left, plot.right);
  const y = linear(low, high, plot.bottom, plot.top);
  const clampY = (value) => Math.min(plot.bottom, Math.max(plot.top, y(value)));
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low, high, count: 5 }),
    axisLabel(plot, `${name} (bits)`, fontSize), logAxis(x, top, plot, fontSize));
  const banded = at.filter((size) => size >= 2 && Number.isFinite(series.errors[size - 1]));
  if (banded.length > 1) {
    const upper = banded.map((size) =>
      `${x(Math.log10(size)).toFixed(1)},${clampY(series.running[size - 1] + 2 * series.errors[size - 1]).toFixed(1)}`);
    const lower = banded.slice().reverse().map((size) =>
      `${x(Math.log10(size)).toFixed(1)},${clampY(series.running[size - 1] - 2 * series.errors[size - 1]).toFixed(1)}`);
    svg.append(s("polygon", { "data-band": name, points: [...upper, ...lower].join(" "), fill: theme.q_color,
      "fill-opacity": 0.3, stroke: "none" }));
  }
  svg.append(
    s("line", { "data-line": name, x1: plot.left, x2: plot.right, y1: y(series.exact), y2: y(series.exact),
      stroke: "var(--bn-ink)", "stroke-width": 1.5, "stroke-dasharray": "6 4" }),
    s("polyline", { class: "bn-line", "data-curve": name, fill: "none", stroke: theme.p_color,
      points: at.map((size) => `${x(Math.log10(size)).toFixed(1)},${clampY(series.running[size - 1]).toFixed(1)}`)
        .join(" ") }));
  const last = series.running[n - 1];
  svg.append(s("circle", { "data-point": name, cx: x(Math.log10(n)), cy: clampY(last), r: 0.38 * fontSize,
    fill: theme.mark_color, stroke: "var(--bn-ink)", "stroke-width": 1.2 },
  s("title", { text: `n = ${n.toLocaleString("en")}: ${formatNumber(last, 4)} \u00b1 ` +
    `${formatNumber(series.errors[n - 1], 4)} bits` })));
}

/** The x axis: n from 1 to N on a log scale, ticks at the powers of ten. */
function logAxis(x, top, plot, fontSize) {
  const group = s("g", { class: "bn-axis" });
  for (let power = 0; power <= Math.floor(top + 1e-9); power += 1) {
    group.append(
      s("line", { x1: x(power), x2: x(power), y1: plot.bottom, y2: plot.bottom + 0.3 * fontSize, class: "bn-zero" }),
      s("text", { x: x(power), y: plot.bottom + 1.25 * fontSize, "text-anchor": "middle",
        text: (10 ** power).toLocaleString("en") }));
  }
  group.append(s("text", { class: "bn-axis-label", x: (plot.left + plot.right) / 2, y: plot.bottom + 2.5 * fontSize,
    "text-anchor": "middle", text: "number of draws n (log scale)" }));
  return group;
}

export default { render };
