// Chart and control helpers for explorers whose controls run over a ladder of
// values (temperature.js, binning.js): the ladder control, the chart layout,
// axes with labels and legends.

import { h, s, clear, stepControl, ticks, tickText, patterns, patternPrefix, sizeChart, typeset } from "./svg.js";

/**
 * A control over a ladder of values, as Python's `Ladder.for_browser()`
 * describes it ({ name, values, texts, what, first }): svg.js's step control
 * over the rungs (arrows one rung, PageUp/PageDown ten, Home/End the ends),
 * whose field shows the rung's text and takes a typed value if it is one of
 * the rungs (within 1e-9 relatively, as in Python).  `onMove(count)` gets the
 * new count, `onRefused(message)` Python's message for a value that is not a rung.
 */
export function ladderControl(ladder, label, onMove, onRefused) {
  const { name, values, texts, what, first } = ladder;
  const parse = (text) => {
    const trimmed = String(text).trim();
    const typed = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
    const index = values.findIndex((value) => Math.abs(typed - value) <= 1e-9 * Math.abs(value));
    return index < 0 ? { error: `${name} must be a number ${what}, got ${JSON.stringify(trimmed)}` } : { count: index };
  };
  const control = stepControl({ name, label, steps: values.length - 1, format: (index) => texts[index], parse,
    onMove: (index) => onMove(first + index), onRefused });
  return { row: control.row, show: (count) => control.show(count - first) };
}

/**
 * The controls of a ladder explorer, one per entry of `traits` (a control's
 * name, as in the model's `ladders`, to the trait that holds its count): each
 * commits its own trait; `show()` brings them all to the model's state.
 */
export function ladderControls(model, traits, { commit, refuse }) {
  const ladders = model.get("ladders");
  const controls = Object.entries(traits).map(([name, trait]) => ({
    trait,
    control: ladderControl(ladders[name], name, (count) => {
      if (count !== model.get(trait)) commit({ [trait]: count });
    }, refuse),
  }));
  return {
    rows: controls.map(({ control }) => control.row),
    show() {
      for (const { trait, control } of controls) control.show(model.get(trait));
    },
  };
}

/**
 * A ladder explorer's page in `root`: its title, its controls under a
 * heading, the message box, the charts (from `chartBox`) side by side, the
 * readouts and the notes.  Returns the charts' row and the two text boxes.
 */
export function ladderPage(root, { title, heading, rows, message, charts }) {
  const row = h("div", { class: "bn-charts" }, charts.map((chart) => chart.box));
  const readouts = h("div", { class: "bn-readouts-box" });
  const notes = h("div", { class: "bn-notes" });
  root.append(
    h("div", { class: "bn-title", typeset: title }),
    h("div", { class: "bn-controls" }, h("div", { class: "bn-group" },
      h("div", { class: "bn-group-title", typeset: heading }), rows)),
    message.box, row, readouts, notes);
  return { row, readouts, notes };
}

/** The value of a ladder's rung `count`, and its text. */
export function rungValue(ladder, count) {
  return ladder.values[count - ladder.first];
}

export function rungText(ladder, count) {
  return ladder.texts[count - ladder.first];
}

/** The top of a y axis from 0 that holds `value`: the first of about five ticks at or above it. */
export function axisTop(value) {
  const marks = ticks(0, value, 5);
  const step = marks.length > 1 ? marks[1] - marks[0] : value || 1;
  return Math.max(step, Math.ceil(value / step - 1e-9) * step);
}

/**
 * One chart: a heading and a legend in HTML (they wrap on a narrow page),
 * then the SVG.  `begin(look, heading, legend)` sizes the SVG to the chart's
 * width and the font size, clears it, writes the heading and the legend
 * (entries { label, fill } for a filled box, "q" for Q's hatching, or
 * { label, stroke, dash, width } for a line), and sets `plot`, the area inside the
 * axes; it returns the SVG's patterns.
 */
export function chartBox(name) {
  const heading = h("div", { class: "bn-group-title" });
  const key = h("div", { class: "bn-legend", style: "display:flex;flex-wrap:wrap;gap:0.1em 1.1em;margin:0 0 0.2em" });
  const svg = s("svg", { role: "img", "data-chart": name, "data-patterns": patternPrefix() });
  const chart = {
    box: h("div", { class: "bn-chart" }, heading, key, svg),
    svg,
    plot: null,
    begin({ theme, fontSize, width: boxWidth }, headingText, legend) {
      // Never drawn narrower than this: in a narrower box the SVG is scaled down to fit.
      const width = Math.max(boxWidth, 18 * fontSize);
      const height = Math.round(Math.min(Math.max(width * 0.6, 12 * fontSize), 22 * fontSize));
      const fill = patterns(theme, svg.dataset.patterns);
      sizeChart(svg, width, height, headingText).append(fill.defs);
      heading.replaceChildren(...typeset(headingText));
      clear(key).append(...legend.map((entry) => legendEntry(entry, fill)));
      chart.plot = { left: 3.9 * fontSize, right: width - 1.2 * fontSize, top: 0.8 * fontSize,
        bottom: height - 2.8 * fontSize };
      return fill;
    },
  };
  return chart;
}

export function legendEntry({ label, fill, stroke, dash, width = 2.4 }, patternsOfChart) {
  // Sized inline: the stylesheet makes every SVG in a chart as wide as the chart.
  const sample = s("svg", { viewBox: "0 0 24 12", style: "display:inline-block;width:2em;height:1em;flex:none",
    "aria-hidden": "true" },
    fill
      ? s("rect", { x: 2, y: 1, width: 20, height: 10, fill: fill === "q" ? patternsOfChart.q : fill,
        stroke: "var(--bn-ink)", "stroke-width": 0.8 })
      : s("line", { x1: 1, x2: 23, y1: 6, y2: 6, stroke, "stroke-width": width, "stroke-dasharray": dash,
        "stroke-linecap": "round" }));
  return h("span", { style: "display:inline-flex;align-items:center;gap:0.35em" }, sample,
    h("span", { typeset: label }));
}

/** A y axis's label, turned to run up the left edge of the chart. */
export function axisLabel(plot, text, fontSize) {
  const middle = (plot.top + plot.bottom) / 2;
  return s("text", { class: "bn-axis-label", transform: `translate(${0.9 * fontSize},${middle}) rotate(-90)`,
    "text-anchor": "middle", text });
}

/** An x axis under `plot`: tick marks and labels for the scale `x` from `low` to `high`, and a label. */
export function xAxis({ x, low, high, plot, fontSize, label, count = 5 }) {
  const group = s("g", { class: "bn-axis" });
  const marks = ticks(low, high, count);
  const step = marks.length > 1 ? marks[1] - marks[0] : 1;
  for (const value of marks) {
    group.append(
      s("line", { x1: x(value), x2: x(value), y1: plot.bottom, y2: plot.bottom + 0.3 * fontSize, class: "bn-zero" }),
      s("text", { x: x(value), y: plot.bottom + 1.25 * fontSize, "text-anchor": "middle",
        text: tickText(value, step) }));
  }
  group.append(s("text", { class: "bn-axis-label", x: (plot.left + plot.right) / 2, y: plot.bottom + 2.5 * fontSize,
    "text-anchor": "middle", text: label }));
  return group;
}
