// The loss-agreement explorer: one example's loss four ways.  bitsandnats'
// two (exact, and clipped like Keras) are computed here with twin.js and
// follow every move, with or without a kernel; scikit-learn's and Keras's
// come from the kernel (the trait `computed`, tagged with the state they
// belong to) and are shown only while they belong to the state on screen.
//
// State lives in the model's synced traits (label, prediction in whole
// thousandths); every change, from this page or from the kernel, goes
// through the same path: the model changes, one redraw is scheduled for the
// next animation frame, and the redraw shows the model.

import { STEPS, binaryCrossEntropy, formatNumber } from "./twin.js";
import {
  h, stepControl, button, messageBox, applyTheme, parseProbability, toggle, kernelReadouts, modelWriter, keepDrawn,
  showReadouts, explorerRoot,
} from "./svg.js";

const AGREEMENT_KEYS = ["label", "prediction", "computed", "error", "presentation", "theme"];
// Keras's clipping, as Python's KERAS_EPSILON.
const KERAS_EPSILON = 1e-7;
// Decimals shown: enough to show float32's rounding, about the eighth.
const LOSS_DECIMALS = 10;

/** The key of a state, as Python's `state_key` writes it: the libraries' numbers are tagged with it. */
export function agreementKey(label, count) {
  return `${label}:${count}`;
}

/**
 * bitsandnats' two losses of one example, in nats, as readout rows (key,
 * label, text, as Python's summary writes them): exact, and with the
 * prediction clipped to [1e-7, 1 − 1e-7] first, as `log_loss(..., eps=1e-7)`
 * clips it.
 */
export function agreementReadouts(label, count) {
  const prediction = count / STEPS;
  const clipped = Math.min(Math.max(prediction, KERAS_EPSILON), 1 - KERAS_EPSILON);
  return [
    { key: "loss", label: "bitsandnats, exact",
      text: `${formatNumber(binaryCrossEntropy(label, prediction), LOSS_DECIMALS)} nats` },
    { key: "loss, eps=1e-7", label: "bitsandnats, clipped like Keras (eps=1e-7)",
      text: `${formatNumber(binaryCrossEntropy(label, clipped), LOSS_DECIMALS)} nats` },
  ];
}

function render({ model, el }) {
  const root = explorerRoot(el, "loss-agreement");
  const message = messageBox();
  const { commit, refuse } = modelWriter(model);

  const labels = toggle("y", [["1", "y = 1", "the example is positive"], ["0", "y = 0", "the example is negative"]],
    (value) => {
      if (Number(value) !== model.get("label")) commit({ label: Number(value) });
    });
  labels.group.dataset.name = "y";
  const prediction = stepControl({
    name: "\u0177",
    steps: STEPS,
    format: (count) => (count / STEPS).toFixed(3),
    describe: (count) => `\u0177 = ${(count / STEPS).toFixed(3)}`,
    parse: (text) => parseProbability(text, "\u0177", STEPS),
    onMove: (count) => {
      if (count !== model.get("prediction")) commit({ prediction: count });
    },
    onRefused: refuse,
  });
  const reset = button("Reset", "back to the starting example", () => commit({ ...model.get("start") }));
  const here = h("div", { class: "bn-readouts-box" });
  const fromKernel = kernelReadouts();
  root.append(
    h("div", { class: "bn-title", text: "One prediction, its loss four ways: bitsandnats, scikit-learn and Keras" }),
    h("div", { class: "bn-controls" },
      h("div", { class: "bn-group" }, h("div", { class: "bn-group-title", text: "Label" }), labels.group),
      h("div", { class: "bn-group" },
        h("div", { class: "bn-group-title", text: "Prediction \u0177 = P(class 1)" }), prediction.row),
      h("div", { class: "bn-group" }, h("div", { class: "bn-buttons" }, reset))),
    message.box,
    h("div", { class: "bn-group-title", text: "bitsandnats, computed in this page" }), here,
    h("div", { class: "bn-group-title", text: "scikit-learn and Keras, computed in the kernel" }), fromKernel.box);

  function draw() {
    applyTheme(root, model.get("theme"), model.get("presentation"));
    const label = model.get("label");
    const count = model.get("prediction");
    labels.show(String(label));
    prediction.show(count);
    message.show(model.get("error"));
    showReadouts(here, agreementReadouts(label, count));
    fromKernel.show(model.get("computed"), agreementKey(label, count));
  }
  return keepDrawn(model, AGREEMENT_KEYS, draw, { stop: () => fromKernel.stop() });
}

export default { render };
