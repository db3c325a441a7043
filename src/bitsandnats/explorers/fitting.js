// The forward/reverse KL explorer: one normal fitted to a two-peaked P, both ways, in the browser.
//
// State lives in the model's synced traits (the peaks' separation and the
// first peak's weight, as positions in their ladders); every change redraws,
// and the redraw computes both fits here, with the same algorithm as Python's
// bitsandnats.fitting: the densities at the points of an even grid,
// normalised, their KL as the sum of twin.js's klTerms; the forward fit by
// moment matching, the reverse fit by a grid of 41 × 21 candidates over
// (μ, ln σ) and a compass search from every local minimum.  All in nats.

import { klTerms, formatNumber } from "./twin.js";
import {
  s, yAxis, linear, messageBox, applyTheme, keepDrawn, modelWriter, layOutCharts, showReadouts, showNotes, explorerRoot,
} from "./svg.js";
import { ladderControls, ladderPage, rungValue, rungText, axisTop, chartBox, axisLabel, xAxis } from "./charts.js";

const KEYS = ["separation_index", "weight_index", "error", "presentation", "theme"];

// The constants of bitsandnats.fitting, which tests/test_explorer_fitting.py checks against Python's.
export const CONSTANTS = {
  POINTS_PER_SIGMA: 5, SPAN: 10, LIMIT: 30, SEARCH_MUS: 41, SEARCH_SIGMAS: 21, HALVINGS: 20, MAX_STEPS: 300,
  SAME_MINIMUM: 1e-3, TIE: 1e-9,
};
//: The peaks' common standard deviation: only separation / σ matters, so σ is fixed.
export const SIGMA = 1;
const C = CONSTANTS;
const ROOT_TWO_PI = Math.sqrt(2 * Math.PI);

/** A plain sum, in order. */
function plainSum(values) {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The mixture P = Σ w_i N(m_i, s_i²): its mean and standard deviation, as NormalMixture.mean and .std. */
export function mixture(weights, means, sigmas) {
  let mean = 0;
  weights.forEach((w, i) => { mean += w * means[i]; });
  let variance = 0;
  weights.forEach((w, i) => { variance += w * (sigmas[i] * sigmas[i] + (means[i] - mean) ** 2); });
  return { weights, means, sigmas, mean, std: Math.sqrt(variance) };
}

/** The grid's points, as NormalMixture.grid(reach=...): `reach` a list of [low mean, high mean, σ]. */
export function grid(p, reach = []) {
  let low = Math.min(...p.means.map((m, i) => m - C.SPAN * p.sigmas[i]));
  let high = Math.max(...p.means.map((m, i) => m + C.SPAN * p.sigmas[i]));
  for (const [lowMean, highMean, sigma] of reach) {
    low = Math.min(low, lowMean - C.SPAN * sigma);
    high = Math.max(high, highMean + C.SPAN * sigma);
  }
  low = Math.max(low, Math.min(...p.means.map((m, i) => m - C.LIMIT * p.sigmas[i])));
  high = Math.min(high, Math.max(...p.means.map((m, i) => m + C.LIMIT * p.sigmas[i])));
  const step = Math.min(...p.sigmas) / C.POINTS_PER_SIGMA;
  const count = Math.ceil((high - low) / step - 1e-9) + 1;
  return Array.from({ length: count }, (_, k) => low + k * step);
}

/** p(x), probability per unit of x. */
export function mixtureDensity(p, x) {
  let total = 0;
  p.weights.forEach((w, i) => {
    const z = (x - p.means[i]) / p.sigmas[i];
    total += (w * Math.exp(-0.5 * z * z)) / (p.sigmas[i] * ROOT_TWO_PI);
  });
  return total;
}

function normalised(values) {
  const total = plainSum(values);
  return values.map((value) => value / total);
}

/** P at the grid's points, normalised. */
export function mixtureOnGrid(p, xs) {
  return normalised(xs.map((x) => mixtureDensity(p, x)));
}

/** N(μ, σ²) at the grid's points, normalised: exp(−z²/2) / Σ exp(−z²/2). */
export function normalOnGrid(mu, sigma, xs) {
  return normalised(xs.map((x) => {
    const z = (x - mu) / sigma;
    return Math.exp(-0.5 * z * z);
  }));
}

/** KL(a ‖ b) in nats: the sum of klTerms, never below 0 (as fitting._kl_nats). */
export function fitKlNats(a, b) {
  return Math.max(plainSum(klTerms(a, b, Math.E)), 0);
}

/** KL(P ‖ N(μ, σ²)) in nats on the grid that holds both (fitting.forward_kl). */
export function forwardKl(p, mu, sigma) {
  const xs = grid(p, [[mu, mu, sigma]]);
  return fitKlNats(mixtureOnGrid(p, xs), normalOnGrid(mu, sigma, xs));
}

/** KL(N(μ, σ²) ‖ P) in nats on the grid that holds both (fitting.reverse_kl). */
export function reverseKl(p, mu, sigma) {
  const xs = grid(p, [[mu, mu, sigma]]);
  return fitKlNats(normalOnGrid(mu, sigma, xs), mixtureOnGrid(p, xs));
}

function searchBox(p) {
  const widest = Math.max(...p.sigmas);
  const low = Math.min(...p.means) - widest;
  const high = Math.max(...p.means) + widest;
  const mus = Array.from({ length: C.SEARCH_MUS }, (_, i) => low + i * ((high - low) / (C.SEARCH_MUS - 1)));
  const first = Math.log(Math.min(...p.sigmas) / 4);
  const last = Math.log(2 * p.std);
  const logSigmas = Array.from({ length: C.SEARCH_SIGMAS },
    (_, j) => first + j * ((last - first) / (C.SEARCH_SIGMAS - 1)));
  return { mus, logSigmas };
}

function refine(divergence, mu, logSigma, value, stepMu, stepLogSigma) {
  let halvings = 0;
  for (let step = 0; step < C.MAX_STEPS; step++) {
    const mus = [mu + stepMu, mu - stepMu, mu, mu];
    const logSigmas = [logSigma, logSigma, logSigma + stepLogSigma, logSigma - stepLogSigma];
    const values = mus.map((m, k) => divergence(m, logSigmas[k]));
    let best = 0;
    for (let k = 1; k < 4; k++) if (values[k] < values[best]) best = k;
    if (values[best] < value) {
      [mu, logSigma, value] = [mus[best], logSigmas[best], values[best]];
    } else {
      stepMu /= 2;
      stepLogSigma /= 2;
      halvings += 1;
      if (halvings === C.HALVINGS) break;
    }
  }
  return [mu, logSigma, value];
}

/**
 * The reverse fit's search, as fitting._search(p, "reverse"): every minimum found
 * ({ mu, sigma, divergence }, the best first, the others by depth), and the
 * first grid seen along μ (each μ and the lowest divergence over its σ).
 */
export function searchReverse(p) {
  const { mus, logSigmas } = searchBox(p);
  const xs = grid(p, [[mus[0], mus[mus.length - 1], Math.exp(logSigmas[logSigmas.length - 1])]]);
  const target = mixtureOnGrid(p, xs);
  const divergence = (mu, logSigma) => fitKlNats(normalOnGrid(mu, Math.exp(logSigma), xs), target);
  const table = mus.map((mu) => logSigmas.map((logSigma) => divergence(mu, logSigma)));
  const kept = [];
  const narrowest = Math.min(...p.sigmas);
  for (let i = 0; i < mus.length; i++) {
    for (let j = 0; j < logSigmas.length; j++) {
      const value = table[i][j];
      if (!Number.isFinite(value)) continue;
      let lowest = Infinity;
      for (let a = Math.max(i - 1, 0); a <= Math.min(i + 1, mus.length - 1); a++) {
        for (let b = Math.max(j - 1, 0); b <= Math.min(j + 1, logSigmas.length - 1); b++) {
          lowest = Math.min(lowest, table[a][b]);
        }
      }
      if (value > lowest) continue;
      const found = refine(divergence, mus[i], logSigmas[j], value, mus[1] - mus[0], logSigmas[1] - logSigmas[0]);
      const same = kept.findIndex(([mu, logSigma]) => Math.abs(found[0] - mu) <= C.SAME_MINIMUM * narrowest
        && Math.abs(found[1] - logSigma) <= C.SAME_MINIMUM);
      if (same < 0) kept.push(found);
      else if (found[2] < kept[same][2]) kept[same] = found;
    }
  }
  kept.sort((a, b) => a[0] - b[0]);
  const lowest = Math.min(...kept.map(([, , value]) => value));
  const best = kept.findIndex(([, , value]) => value <= lowest + C.TIE * (1 + lowest));
  const others = kept.filter((_, k) => k !== best).sort((a, b) => a[2] - b[2]);
  const minima = [kept[best], ...others].map(([mu, logSigma, value]) => ({ mu, sigma: Math.exp(logSigma),
    divergence: value }));
  return { minima, landscape: { mus, lowest: table.map((row) => Math.min(...row)) } };
}

/**
 * Everything the explorer shows for peaks `separation` apart (means ∓separation/2,
 * σ = 1 each) and the first (left) peak's weight `weight`, in nats.
 */
export function fittingNumbers(separation, weight) {
  const p = mixture([weight, 1 - weight], [-separation / 2, separation / 2], [SIGMA, SIGMA]);
  const forward = { mu: p.mean, sigma: p.std, divergence: forwardKl(p, p.mean, p.std) };
  const { minima, landscape } = searchReverse(p);
  const reverse = minima[0];
  const crossForward = reverseKl(p, forward.mu, forward.sigma);
  const crossReverse = forwardKl(p, reverse.mu, reverse.sigma);
  return {
    p, forward, reverse, minima, landscape,
    readouts: [
      ["forward μ", "forward fit Q_f: μ", forward.mu, ""],
      ["forward σ", "forward fit Q_f: σ", forward.sigma, ""],
      ["KL(P||Q_forward)", "KL(P‖Q_f), what it minimises", forward.divergence, " nats"],
      ["KL(Q_forward||P)", "KL(Q_f‖P), the other direction", crossForward, " nats"],
      ["reverse μ", "reverse fit Q_r: μ", reverse.mu, ""],
      ["reverse σ", "reverse fit Q_r: σ", reverse.sigma, ""],
      ["KL(Q_reverse||P)", "KL(Q_r‖P), what it minimises", reverse.divergence, " nats"],
      ["KL(P||Q_reverse)", "KL(P‖Q_r), the other direction", crossReverse, " nats"],
    ],
  };
}

/** A readout's text: μ and σ with 3 decimals, divergences with 4 and their unit (as FittingExplorer.summary). */
export function readoutText(value, unit) {
  return unit ? `${formatNumber(value, 4)}${unit}` : formatNumber(value, 3);
}

function render({ model, el }) {
  const root = explorerRoot(el, "fitting");
  const message = messageBox();
  const controls = ladderControls(model, { separation: "separation_index", weight: "weight_index" },
    modelWriter(model));
  const ladders = model.get("ladders");
  const cache = new Map();
  const numbersFor = (separationIndex, weightIndex) => {
    const key = `${separationIndex},${weightIndex}`;
    if (!cache.has(key)) {
      cache.set(key, fittingNumbers(rungValue(ladders.separation, separationIndex),
        rungValue(ladders.weight, weightIndex)));
    }
    return cache.get(key);
  };

  const densityChart = chartBox("densities");
  const landscapeChart = chartBox("landscape");
  const { row: charts, readouts, notes } = ladderPage(root, {
    title: "One normal Q fitted to a two-peaked P: by KL(P\u2016Q) and by KL(Q\u2016P)",
    heading: "The peaks' separation (each peak has \u03c3 = 1) and the weight of the left peak",
    rows: controls.rows, message, charts: [densityChart, landscapeChart],
  });

  let chartsWidth = 640;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const separationIndex = model.get("separation_index");
    const weightIndex = model.get("weight_index");
    controls.show();
    message.show(model.get("error"));
    const texts = { separation: rungText(ladders.separation, separationIndex),
      weight: rungText(ladders.weight, weightIndex) };
    const numbers = numbersFor(separationIndex, weightIndex);
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const width = layOutCharts([densityChart.box, landscapeChart.box], chartsWidth, fontSize, 22);
    const look = { theme, fontSize, width };
    drawDensities(densityChart, numbers, look, texts);
    drawLandscape(landscapeChart, numbers, look);
    showReadouts(readouts, numbers.readouts.map(([key, label, value, unit]) =>
      ({ key, label, text: readoutText(value, unit) })));
    showNotes(notes, explain(numbers, texts));
  }
  const followWidth = (width) => {
    chartsWidth = width;
  };
  return keepDrawn(model, KEYS, draw, { watched: charts, onWidth: followWidth });
}

function explain(numbers, texts) {
  const { forward, reverse, minima } = numbers;
  const lines = [
    `Peaks ${texts.separation} apart, the left one with weight ${texts.weight}. The forward fit has P's own mean ` +
      `and standard deviation (μ = ${formatNumber(forward.mu, 3)}, σ = ${formatNumber(forward.sigma, 3)}): it must ` +
      "not be small anywhere P is not, so it covers both peaks.",
  ];
  if (minima.length === 1) {
    lines.push("KL(Q\u2016P) has one minimum here: the peaks are close enough for one bell to sit over both.");
  } else {
    lines.push(`KL(Q\u2016P) has ${minima.length} local minima (the dots on the right), at μ = ` +
      `${minima.map((m) => formatNumber(m.mu, 3)).join(", ")}; the best, μ = ${formatNumber(reverse.mu, 3)}, ` +
      `reaches ${formatNumber(reverse.divergence, 4)} nats. A fit started near another one would stay there.`);
  }
  return lines;
}

// -- the charts -----------------------------------------------------------------------------

function drawDensities(chart, numbers, look, texts) {
  const { theme, fontSize } = look;
  const { p, forward, reverse } = numbers;
  chart.begin(look, `P with peaks ${texts.separation} apart (left weight ${texts.weight}), and the two fits`, [
    { label: "P", fill: theme.p_color },
    { label: "forward fit, min KL(P\u2016Q)", stroke: theme.q_color, dash: "7 4" },
    { label: "reverse fit, min KL(Q\u2016P)", stroke: theme.third_color, dash: "2 3", width: 3 },
  ]);
  const { svg, plot } = chart;
  const low = Math.min(Math.min(...p.means) - 4, forward.mu - 3 * forward.sigma);
  const high = Math.max(Math.max(...p.means) + 4, forward.mu + 3 * forward.sigma);
  const samples = 300;
  const at = Array.from({ length: samples + 1 }, (_, k) => low + ((high - low) * k) / samples);
  const normal = (mu, sigma) => at.map((x) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * ROOT_TWO_PI));
  const curves = { P: at.map((x) => mixtureDensity(p, x)), forward: normal(forward.mu, forward.sigma),
    reverse: normal(reverse.mu, reverse.sigma) };
  const top = axisTop(Math.max(...curves.P, ...curves.forward, ...curves.reverse) * 1.05);
  const x = linear(low, high, plot.left, plot.right);
  const y = linear(0, top, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: 0, high: top, count: 5 }),
    axisLabel(plot, "density (per unit of x)", fontSize),
    xAxis({ x, low, high, plot, fontSize, label: "x" }));
  const points = (values) => values.map((value, k) => `${x(at[k]).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  svg.append(
    s("polygon", { "data-curve": "P", points: `${x(low).toFixed(1)},${y(0).toFixed(1)} ${points(curves.P)} ` +
      `${x(high).toFixed(1)},${y(0).toFixed(1)}`, fill: theme.p_color, "fill-opacity": 0.3,
    stroke: theme.p_color, "stroke-width": 2 }),
    s("polyline", { class: "bn-line", "data-curve": "forward", points: points(curves.forward), fill: "none",
      stroke: theme.q_color, "stroke-dasharray": "7 4" }),
    s("polyline", { class: "bn-line", "data-curve": "reverse", points: points(curves.reverse), fill: "none",
      stroke: theme.third_color, "stroke-dasharray": "2 3", "stroke-width": 3 }));
}

function drawLandscape(chart, numbers, look) {
  const { theme, fontSize } = look;
  const { landscape, minima } = numbers;
  chart.begin(look, "KL(Q\u2016P) for the best σ at each μ (nats): the reverse fit's valleys", [
    { label: "lowest KL(Q\u2016P) over σ, at each μ", stroke: "var(--bn-ink)" },
    { label: "local minima (the best filled)", stroke: theme.mark_color, width: 6 },
  ]);
  const { svg, plot } = chart;
  const { mus, lowest } = landscape;
  const low = mus[0];
  const high = mus[mus.length - 1];
  const top = axisTop(Math.max(...lowest) * 1.05 || 1);
  const x = linear(low, high, plot.left, plot.right);
  const y = linear(0, top, plot.bottom, plot.top);
  svg.append(yAxis({ x: plot.left, width: plot.right - plot.left, y, low: 0, high: top, count: 5 }),
    axisLabel(plot, "KL(Q\u2016P) (nats)", fontSize),
    xAxis({ x, low, high, plot, fontSize, label: "μ, the mean of Q" }),
    s("polyline", { class: "bn-line", "data-curve": "landscape", fill: "none", stroke: "var(--bn-ink)",
      points: mus.map((mu, i) => `${x(mu).toFixed(1)},${y(lowest[i]).toFixed(1)}`).join(" ") }));
  minima.forEach((minimum, k) => {
    svg.append(s("circle", { "data-point": k === 0 ? "best" : "minimum", cx: x(minimum.mu), cy: y(minimum.divergence),
      r: 0.42 * fontSize, fill: k === 0 ? theme.mark_color : "none", stroke: theme.mark_color, "stroke-width": 2 },
    s("title", { text: `μ = ${formatNumber(minimum.mu, 3)}, σ = ${formatNumber(minimum.sigma, 3)}: ` +
      `KL(Q\u2016P) = ${formatNumber(minimum.divergence, 4)} nats` })));
  });
}

export default { render };
