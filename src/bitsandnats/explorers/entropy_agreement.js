// The SciPy agreement explorer: the controls of P and Q in the page, the
// numbers from the kernel (bitsandnats beside scipy.stats.entropy), shown
// only while they belong to the distributions on screen.

import { h, button, messageBox, applyTheme, toggle, kernelReadouts, modelWriter, keepDrawn, explorerRoot } from "./svg.js";
import { distributionControls } from "./pq.js";

const KEYS = ["events", "p", "q", "unit", "computed", "error", "presentation", "theme"];

function render({ model, el }) {
  const root = explorerRoot(el, "agreement");
  const message = messageBox();
  const { commit, refuse } = modelWriter(model);
  const controls = distributionControls(model, { commit, refuse });
  const units = toggle("unit", [["bits", "bits", "base 2"], ["nats", "nats", "base e"], ["hartleys", "hartleys", "base 10"]],
    (unit) => commit({ unit }));
  const table = kernelReadouts();
  root.append(
    h("div", { class: "bn-title", text: "This package beside scipy.stats.entropy (computed in the kernel)" }),
    h("div", { class: "bn-controls" }, controls.pGroup, controls.qGroup,
      h("div", { class: "bn-group" }, h("div", { class: "bn-group-title", text: "Unit" }), units.group,
        controls.editor,
        h("div", { class: "bn-buttons" }, button("Reset", "back to the starting P and Q", () => {
          const start = model.get("start");
          commit({ events: [...start.events], p: [...start.p], q: [...start.q] });
        })))),
    message.box, table.box);

  function draw() {
    applyTheme(root, model.get("theme"), model.get("presentation"));
    const events = model.get("events");
    controls.show(events, model.get("p"), model.get("q"));
    units.show(model.get("unit"));
    message.show(model.get("error"));
    // The key is written exactly as the kernel writes it (json.dumps, compact).
    const key = JSON.stringify([events, model.get("p"), model.get("q"), model.get("unit")]);
    table.show(model.get("computed"), key);
  }
  return keepDrawn(model, KEYS, draw, { stop: () => table.stop() });
}

export default { render };
