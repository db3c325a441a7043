// The joint-table explorer: a live table of P(x, y), its marginals, and the
// information X and Y share, drawn and computed in the browser.
//
// State lives in the model's synced traits (the cells as whole thousandths,
// row by row; the labels and names, fixed); every change, from this page or
// from the kernel, goes through the same path: the model changes, one redraw
// is scheduled for the next animation frame, and the redraw computes what it
// shows from the model with twin.js (entropy, klDivergence) and the two
// functions twin.js lacks, written here: the marginals and the conditional
// entropy (tests/test_explorer_joint.py checks them against Python in node).

import { STEPS, apportion, rebalance, entropy, klDivergence, formatNumber } from "./twin.js";
import {
  h, s, linear, stepControl, messageBox, applyTheme, parseProbability, modelWriter, keepDrawn, layOutCharts,
  showReadouts, sizeChart, explorerRoot, button,
} from "./svg.js";

const JOINT_KEYS = ["cells", "error", "presentation", "theme"];

/** The counts of each row (P(x) in thousandths) and each column (P(y)), as whole numbers. */
export function marginalCounts(counts, rows, columns) {
  const rowCounts = Array.from({ length: rows }, (_, i) => {
    let total = 0;
    for (let j = 0; j < columns; j += 1) total += counts[i * columns + j];
    return total;
  });
  const columnCounts = Array.from({ length: columns }, (_, j) => {
    let total = 0;
    for (let i = 0; i < rows; i += 1) total += counts[i * columns + j];
    return total;
  });
  return { rowCounts, columnCounts };
}

/**
 * The table with the same marginals whose variables are independent, on the grid: each cell weighted by its
 * row's count times its column's, shared over STEPS by largest remainder (as Python's `independent_counts`).
 */
export function independentCounts(counts, rows, columns) {
  const { rowCounts, columnCounts } = marginalCounts(counts, rows, columns);
  const weights = [];
  for (let i = 0; i < rows; i += 1) for (let j = 0; j < columns; j += 1) weights.push(rowCounts[i] * columnCounts[j]);
  return apportion(weights, STEPS);
}

/** The marginals of a table (an array of rows): P(x), the row sums, and P(y), the column sums. */
export function marginals(table) {
  const px = table.map((row) => row.reduce((sum, value) => sum + value, 0));
  const py = table[0].map((_, j) => table.reduce((sum, row) => sum + row[j], 0));
  return { px, py };
}

/**
 * H(Y | X) = -Σ p(x, y) log_base(p(x, y) / p(x)) for a table whose rows are x; with `given = "y"`, H(X | Y).
 * Every term is >= 0 (p(x, y) <= p(x)), 0 where p(x, y) = 0; as Python's `measures.conditional_entropy`.
 */
export function conditionalEntropy(table, given = "x", base = 2) {
  if (given !== "x" && given !== "y") throw new RangeError(`given must be "x" or "y", got ${given}`);
  if (typeof base !== "number" || !Number.isFinite(base) || base <= 0 || base === 1) {
    throw new RangeError(`base must be a positive number other than 1, got ${base}`);
  }
  const rows = given === "x" ? table : table[0].map((_, j) => table.map((row) => row[j]));
  let nats = 0;
  for (const row of rows) {
    const known = row.reduce((sum, value) => sum + value, 0);
    for (const value of row) if (value > 0) nats -= value * Math.log(value / known);
  }
  return nats / Math.log(base) + 0;
}

/**
 * I(X; Y) = KL(P(x, y) ‖ P(x) P(y)) through twin.js's klDivergence, the product divided by the table's total
 * (the sum of P(x)), as Python's `measures.mutual_information`.
 */
export function mutualInformation(table, base = 2) {
  const { px, py } = marginals(table);
  const total = px.reduce((sum, value) => sum + value, 0);
  const independent = px.flatMap((x) => py.map((y) => (x * y) / total));
  return klDivergence(table.flat(), independent, base);
}

/** Everything the explorer shows, in bits, for the cells as whole thousandths, row by row. */
export function jointNumbers(counts, rows, columns) {
  const table = Array.from({ length: rows }, (_, i) => counts.slice(i * columns, (i + 1) * columns).map(
    (count) => count / STEPS));
  const { px, py } = marginals(table);
  return {
    counts, rows, columns, table, px, py,
    ...marginalCounts(counts, rows, columns),
    values: {
      "H(X)": entropy(px, 2),
      "H(Y)": entropy(py, 2),
      "H(X,Y)": entropy(table.flat(), 2),
      "H(X|Y)": conditionalEntropy(table, "y", 2),
      "H(Y|X)": conditionalEntropy(table, "x", 2),
      "I(X;Y)": mutualInformation(table, 2),
    },
  };
}

/** The readouts as the table shows them: key, label and text, as Python's summary writes them. */
export function jointReadouts(numbers, [xName, yName], xLabels, yLabels) {
  const shown = (counts) => counts.map((count) => (count / STEPS).toFixed(3)).join(", ");
  const described = {
    "H(X)": `H(X), entropy of ${xName}`,
    "H(Y)": `H(Y), entropy of ${yName}`,
    "H(X,Y)": "H(X,Y), joint entropy",
    "H(X|Y)": `H(X|Y), ${xName} left once ${yName} is known`,
    "H(Y|X)": `H(Y|X), ${yName} left once ${xName} is known`,
    "I(X;Y)": "I(X;Y) = KL(P(x,y) \u2016 P(x)P(y)), mutual information",
  };
  return [
    { key: "P(x)", label: `P(x) for X = ${xName}: ${xLabels.join(", ")}`, text: shown(numbers.rowCounts) },
    { key: "P(y)", label: `P(y) for Y = ${yName}: ${yLabels.join(", ")}`, text: shown(numbers.columnCounts) },
    ...Object.entries(described).map(([key, label]) => ({ key, label,
      text: `${formatNumber(numbers.values[key], 4)} bits` })),
  ];
}

function render({ model, el }) {
  const root = explorerRoot(el, "joint");
  const message = messageBox();
  const xLabels = model.get("x_labels");
  const yLabels = model.get("y_labels");
  const names = model.get("names");
  const rows = xLabels.length;
  const columns = yLabels.length;
  const { commit, refuse } = modelWriter(model);
  const move = (index, count) => {
    const counts = model.get("cells");
    if (counts[index] === count) return;
    commit({ cells: rebalance(counts, index, count) });
  };

  // -- one control per cell, in a group per row (an outcome of X)
  const controls = [];
  const rowTitles = [];
  const groups = xLabels.map((x, i) => {
    const title = h("div", { class: "bn-group-title" });
    rowTitles.push(title);
    const group = h("div", { class: "bn-group" }, title);
    yLabels.forEach((y, j) => {
      const name = `P[${x}, ${y}]`;
      const control = stepControl({
        name,
        steps: STEPS,
        format: (count) => (count / STEPS).toFixed(3),
        describe: (count) => `${name} = ${(count / STEPS).toFixed(3)}: ${names[0]} ${x} and ${names[1]} ${y}`,
        parse: (text) => parseProbability(text, name, STEPS),
        onMove: (count) => move(i * columns + j, count),
        onRefused: refuse,
      });
      controls.push(control);
      group.append(control.row);
    });
    return group;
  });
  const buttons = h("div", { class: "bn-buttons" },
    button("independent", "set the table to the product of its marginals, P(x) P(y), rounded to steps of 0.001",
      () => commit({ cells: independentCounts(model.get("cells"), rows, columns) })),
    button("reset", "bring back the table the explorer started with", () => commit({ cells: model.get("initial") })));

  const tableBox = h("div", { class: "bn-chart" });
  const diagramBox = h("div", { class: "bn-chart" });
  const tableSvg = s("svg", { role: "img", "data-chart": "table" });
  const diagramSvg = s("svg", { role: "img", "data-chart": "diagram" });
  const diagramTitle = h("div", { class: "bn-chart-title" });
  tableBox.append(h("div", { class: "bn-chart-title", text: `P(x, y): ${names[0]} (rows) and ${names[1]} (columns)` }),
    h("div", { class: "bn-chart-caption", text: "the darker a cell, the likelier the pair; framed: the marginals " +
      "P(x) (row sums, right) and P(y) (column sums, below)" }), tableSvg);
  diagramBox.append(diagramTitle,
    h("div", { class: "bn-chart-caption", text: "plain: H(X|Y); cross-hatched: I(X;Y), the part H(X) and H(Y) " +
      "share; hatched: H(Y|X); end to end they make H(X,Y)" }), diagramSvg);
  const charts = h("div", { class: "bn-charts", style: "align-items: flex-end" }, tableBox, diagramBox);
  const readouts = h("div", { class: "bn-readouts-box" });
  root.append(
    h("div", { class: "bn-title", text: "Joint table: P(x, y), its marginals, and the information X and Y share" }),
    h("div", { class: "bn-controls" }, groups), buttons, message.box, charts, readouts);

  let chartsWidth = 640;
  function draw() {
    const theme = model.get("theme");
    applyTheme(root, theme, model.get("presentation"));
    const counts = model.get("cells");
    controls.forEach((control, i) => control.show(counts[i]));
    message.show(model.get("error"));
    const numbers = jointNumbers(counts, rows, columns);
    rowTitles.forEach((title, i) => {
      title.textContent = `${names[0]} = ${xLabels[i]}: P(x) = ${(numbers.rowCounts[i] / STEPS).toFixed(3)}`;
    });
    const fontSize = parseFloat(getComputedStyle(root).fontSize) || 13;
    const chartWidth = layOutCharts([tableBox, diagramBox], chartsWidth, fontSize);
    const look = { theme, fontSize, width: chartWidth };
    drawTable(tableSvg, numbers, xLabels, yLabels, look);
    diagramTitle.textContent = `I(X;Y) = ${formatNumber(numbers.values["I(X;Y)"], 4)} bits: what H(X) and H(Y) share`;
    drawDiagram(diagramSvg, numbers, look);
    showReadouts(readouts, jointReadouts(numbers, names, xLabels, yLabels));
  }
  return keepDrawn(model, JOINT_KEYS, draw, { watched: charts, onWidth: (width) => { chartsWidth = width; } });
}

// -- the charts -----------------------------------------------------------------------------

/** About how wide `text` is drawn at `fontSize`. */
function textWidth(text, fontSize) {
  return 0.6 * fontSize * text.length;
}

/** The table as a grid of cells shaded by probability, the marginals framed on the right and below. */
function drawTable(svg, numbers, xLabels, yLabels, look) {
  const { fontSize, width, theme } = look;
  const { rows, columns, table } = numbers;
  const labelWidth = Math.max(...xLabels.map((label) => textWidth(label, fontSize))) + 0.8 * fontSize;
  const top = 1.8 * fontSize;
  const cell = Math.max(3.4 * fontSize, Math.min(6 * fontSize, (width - labelWidth - 0.6 * fontSize) / (columns + 1.2)));
  const height = Math.round(top + (rows + 1.2) * cell + 0.6 * fontSize);
  sizeChart(svg, width, height, `The joint table of ${rows} rows and ${columns} columns with its marginals`);
  const highest = Math.max(...table.flat(), 1e-12);
  const x0 = labelWidth;
  const gap = 0.2 * cell;
  yLabels.forEach((label, j) => svg.append(s("text", { x: x0 + (j + 0.5) * cell, y: top - 0.5 * fontSize,
    "text-anchor": "middle", text: label })));
  svg.append(s("text", { x: x0 + columns * cell + gap + 0.5 * cell, y: top - 0.5 * fontSize, "text-anchor": "middle",
    text: "P(x)" }));
  table.forEach((row, i) => {
    const y = top + i * cell;
    svg.append(s("text", { x: x0 - 0.4 * fontSize, y: y + cell / 2, "text-anchor": "end",
      "dominant-baseline": "middle", text: xLabels[i] }));
    row.forEach((value, j) => {
      svg.append(
        s("rect", { x: x0 + j * cell, y, width: cell, height: cell, fill: theme.p_color,
          "fill-opacity": (0.08 + 0.82 * value / highest).toFixed(3), style: "stroke: var(--bn-ink)",
          "stroke-width": 0.6, "data-cell": `${i},${j}` }),
        s("text", { x: x0 + (j + 0.5) * cell, y: y + cell / 2, "text-anchor": "middle", "dominant-baseline": "middle",
          class: "bn-value", text: (numbers.counts[i * columns + j] / STEPS).toFixed(3),
          style: value > 0.6 * highest ? "fill: white" : "" }));
    });
    const mx = x0 + columns * cell + gap;
    svg.append(
      s("rect", { x: mx, y, width: cell, height: cell, fill: "none", style: "stroke: var(--bn-muted)",
        "data-marginal": `x${i}` }),
      s("text", { x: mx + cell / 2, y: y + cell / 2, "text-anchor": "middle", "dominant-baseline": "middle",
        text: (numbers.rowCounts[i] / STEPS).toFixed(3) }));
  });
  const my = top + rows * cell + gap;
  svg.append(s("text", { x: x0 - 0.4 * fontSize, y: my + cell / 2, "text-anchor": "end",
    "dominant-baseline": "middle", text: "P(y)" }));
  numbers.columnCounts.forEach((count, j) => svg.append(
    s("rect", { x: x0 + j * cell, y: my, width: cell, height: cell, fill: "none", style: "stroke: var(--bn-muted)",
      "data-marginal": `y${j}` }),
    s("text", { x: x0 + (j + 0.5) * cell, y: my + cell / 2, "text-anchor": "middle", "dominant-baseline": "middle",
      text: (count / STEPS).toFixed(3) })));
}

let diagramCount = 0;

/** The information diagram: H(X) and H(Y) as bars overlapping on I(X;Y), above H(X,Y) as the three pieces. */
function drawDiagram(svg, numbers, look) {
  const { fontSize, width, theme } = look;
  const v = numbers.values;
  const left = v["H(X|Y)"];
  const shared = v["I(X;Y)"];
  const right = v["H(Y|X)"];
  const barHeight = 1.8 * fontSize;
  const labelWidth = 4.6 * fontSize;
  const margin = { left: labelWidth, right: 1.0 * fontSize, top: 0.6 * fontSize, bottom: 2.8 * fontSize };
  const height = Math.round(margin.top + 3 * barHeight * 1.5 + margin.bottom);
  sizeChart(svg, width, height, `The information diagram in bits: H(X|Y) = ${formatNumber(left, 4)}, ` +
    `I(X;Y) = ${formatNumber(shared, 4)}, H(Y|X) = ${formatNumber(right, 4)}, ` +
    `H(X,Y) = ${formatNumber(v["H(X,Y)"], 4)}`);
  diagramCount += 1;
  const prefix = `bn-joint${diagramCount}`;
  const stroke = "var(--bn-ink)";
  const pattern = (name, color, d) => s("pattern", { id: `${prefix}-${name}`, patternUnits: "userSpaceOnUse",
    width: 8, height: 8 }, s("rect", { width: 8, height: 8, fill: color, "fill-opacity": 0.6 }),
  ...d.map((path) => s("path", { d: path, stroke, "stroke-width": theme.hatch_width, fill: "none" })));
  svg.append(s("defs", {},
    pattern("shared", theme.third_color, ["M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"]),
    pattern("right", theme.q_color, ["M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"])));
  const fills = { "H(X|Y)": theme.p_color, "I(X;Y)": `url(#${prefix}-shared)`, "H(Y|X)": `url(#${prefix}-right)` };
  const total = Math.max(v["H(X,Y)"], 1e-12);
  // Room on the right for each bar's total.
  const plotRight = width - margin.right - textWidth("H(X,Y) = 0.0000", fontSize);
  const x = linear(0, total, margin.left, Math.max(margin.left + 4 * fontSize, plotRight));
  const bars = [
    ["H(X)", [["H(X|Y)", 0, left], ["I(X;Y)", left, shared]]],
    ["H(Y)", [["I(X;Y)", left, shared], ["H(Y|X)", left + shared, right]]],
    ["H(X,Y)", [["H(X|Y)", 0, left], ["I(X;Y)", left, shared], ["H(Y|X)", left + shared, right]]],
  ];
  bars.forEach(([name, pieces], k) => {
    const y = margin.top + k * barHeight * 1.5;
    svg.append(s("text", { x: margin.left - 0.4 * fontSize, y: y + barHeight / 2, "text-anchor": "end",
      "dominant-baseline": "middle", text: name }));
    for (const [piece, start, size] of pieces) {
      svg.append(s("rect", { x: x(start), y, width: Math.max(0, x(start + size) - x(start)), height: barHeight,
        fill: fills[piece], "fill-opacity": piece === "H(X|Y)" ? 0.75 : 1, style: `stroke: ${stroke}`,
        "stroke-width": 0.8, "data-piece": piece, "data-bar": name }));
    }
    const [, start, size] = pieces[pieces.length - 1];
    svg.append(s("text", { x: x(start + size) + 0.3 * fontSize, y: y + barHeight / 2, "dominant-baseline": "middle",
      class: "bn-value", text: `${formatNumber(v[name], 3)}` }));
  });
  const axisY = margin.top + 3 * barHeight * 1.5 - 0.3 * barHeight;
  svg.append(s("line", { x1: x(0), x2: x(total), y1: axisY, y2: axisY, class: "bn-zero" }),
    s("text", { x: x(0), y: axisY + 1.2 * fontSize, "text-anchor": "middle", text: "0" }),
    s("text", { x: x(total), y: axisY + 1.2 * fontSize, "text-anchor": "middle", text: formatNumber(total, 3) }),
    s("text", { class: "bn-axis-label", x: (x(0) + x(total)) / 2, y: axisY + 2.3 * fontSize, "text-anchor": "middle",
      text: "information (bits)" }));
}

export default { render };
