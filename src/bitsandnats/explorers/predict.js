// Predict, then see: one question, and its answer only after the learner commits to a guess.
//
// State lives in the model's synced traits: the question, the kind
// ("choice" or "number"), the options or the unit and tolerance, the answer
// and the explanation (fixed by the notebook), and the learner's `guess` and
// `committed`.  Nothing of the answer is put into the page until `committed`
// is true: the result is built then, and removed when the learner presses
// "Try again".  It works without a kernel: on a static page the model is
// local and the commit is answered here.

import { formatNumber } from "./twin.js";
import { h, clear, button, messageBox, applyTheme, explorerRoot, keepDrawn } from "./svg.js";

const KEYS = ["guess", "committed", "error", "presentation", "theme"];

/** The rows shown after a commit, labelled as Python's `REVEALED_LABELS`. */
export const REVEALED_LABELS = ["Your prediction", "The answer", "Off by", "Verdict"];
const VERDICTS = { right: "Right", wrong: "Not this time" };
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A typed guess as `{ value }`, a finite number, or `{ error }` saying what to
 * type: exactly as Python's `parse_guess` (spaces ignored, − as a minus sign,
 * the unit may follow the number).
 */
export function parseGuess(text, unit = "") {
  const given = String(text).trim();
  let trimmed = given.replaceAll("\u2212", "-");
  if (unit && trimmed.endsWith(unit)) trimmed = trimmed.slice(0, -unit.length).trim();
  const example = unit ? `1.5 ${unit}` : "1.5";
  if (!NUMBER.test(trimmed)) return { error: `guess must be a number, such as ${example}; got "${given}"` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `guess must be a number a float64 can hold; got "${given}"` };
  return { value };
}

function amount(value, state) {
  const text = formatNumber(value, state.digits);
  return state.unit ? `${text} ${state.unit}` : text;
}

/** "right" or "wrong" for a committed guess (a number: within the tolerance or not), as Python's `verdict`. */
export function verdict(state) {
  if (state.kind === "choice") return state.guess === state.answer ? "right" : "wrong";
  return Math.abs(state.guess - state.answer) <= state.tolerance ? "right" : "wrong";
}

/** The rows shown after a commit, `[label, text]`, as Python's `Prediction.revealed()`. */
export function revealedRows(state) {
  if (state.kind === "choice") {
    const right = state.guess === state.answer;
    return [["Your prediction", state.guess], ["The answer", state.answer],
      ["Verdict", right ? `${VERDICTS.right}: the answer is what you predicted.`
        : `${VERDICTS.wrong}: the answer is not what you predicted.`]];
  }
  const difference = state.guess - state.answer;
  const off = Math.abs(difference);
  const side = off === 0 ? "" : difference > 0 ? " too high" : " too low";
  const relative = state.answer !== 0 ? `, ${formatNumber((100 * off) / Math.abs(state.answer), 1)} % of the answer`
    : " (the answer is 0, so no relative error)";
  const within = amount(state.tolerance, state);
  return [["Your prediction", amount(state.guess, state)], ["The answer", amount(state.answer, state)],
    ["Off by", `${amount(off, state)}${side}${relative}`],
    ["Verdict", verdict(state) === "right" ? `${VERDICTS.right}: within \u00b1${within} of the answer.`
      : `${VERDICTS.wrong}: more than \u00b1${within} from the answer.`]];
}

/** Plain text as paragraphs, split at blank lines, spaces collapsed (as Python's question card). */
export function paragraphs(text) {
  return String(text).trim().split(/\n\s*\n/).map((part) => part.trim().split(/\s+/).join(" ")).filter((part) => part);
}

let instances = 0;

function render({ model, el }) {
  instances += 1;
  // anywidget may evaluate this module once per widget, so the counter alone repeats from widget to widget (the
  // same ids, one radio group across all of them): a random part keeps each view's ids its own.
  const id = `bn-predict${instances}-${Math.random().toString(36).slice(2, 10)}`;
  const root = explorerRoot(el, "predict");
  const get = (key) => model.get(key);
  const kind = get("kind");
  const unit = get("unit");
  const message = messageBox();
  message.box.id = `${id}-message`;

  const question = h("div", { class: "bn-question", id: `${id}-question` },
    paragraphs(get("question")).map((text) => h("p", { text })));

  // The learner's input: radio buttons (arrow keys move between them) or a number field (Enter commits).
  let radios = [];
  let field = null;
  let input;
  if (kind === "choice") {
    radios = get("options").map((option, i) => {
      const radio = h("input", { type: "radio", name: `${id}-options`, value: option, id: `${id}-option${i}`,
        "data-option": option });
      radio.addEventListener("keydown", (event) => {
        const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        // The arrows move between this question's options, as in any radio group; JupyterLab would otherwise
        // take them to move between cells.
        event.preventDefault();
        event.stopPropagation();
        const next = radios[(i + step + radios.length) % radios.length].firstChild;
        next.focus();
        next.checked = true;
        next.dispatchEvent(new Event("change"));
      });
      radio.addEventListener("change", () => {
        if (radio.checked && !get("committed")) {
          model.set("guess", option);
          model.set("error", "");
          model.save_changes();
        }
      });
      return h("label", { class: "bn-option", for: `${id}-option${i}`, style: "display: block; margin: 0.2em 0;" },
        radio, ` ${option}`);
    });
    input = h("fieldset", { class: "bn-options", "aria-describedby": `${id}-question`,
      style: "border: 1px solid var(--bn-rule); border-radius: 4px; margin: 0.4em 0; padding: 0.3em 0.8em;" },
    h("legend", { text: "Your prediction" }), ...radios);
  } else {
    field = h("input", { type: "text", inputmode: "decimal", class: "bn-field bn-guess", size: 10,
      "aria-label": `Your prediction${unit ? `, in ${unit}` : ""}`, "aria-describedby": `${id}-question ${id}-message`,
      "data-name": "guess" });
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        commit();
      }
    });
    input = h("div", { class: "bn-control", style: "display: flex; gap: 0.6em; align-items: center;" },
      h("label", { class: "bn-control-label", text: "Your prediction" }), field,
      unit ? h("span", { class: "bn-unit", text: unit }) : null);
  }

  function commit() {
    if (get("committed")) return;
    let guess = get("guess");
    if (kind === "number") {
      const parsed = parseGuess(field.value, unit);
      if (parsed.error) {
        model.set("error", parsed.error);
        model.save_changes();
        field.focus();
        return;
      }
      guess = parsed.value;
    } else if (guess === null || guess === undefined) {
      model.set("error", "Pick one of the options first, then press Commit.");
      model.save_changes();
      return;
    }
    model.set("guess", guess);
    model.set("committed", true);
    model.set("error", "");
    model.save_changes();
  }
  function tryAgain() {
    model.set("committed", false);
    model.set("error", "");
    model.save_changes();
  }

  const commitButton = button("Commit", "commit to your prediction and see the answer", commit);
  const result = h("div", { class: "bn-result", role: "status", "aria-live": "polite" });
  root.append(h("div", { class: "bn-title", text: "Predict, then see" }), question, input,
    h("div", { class: "bn-buttons" }, commitButton), message.box, result);

  let shownCommitted = false;
  function draw() {
    applyTheme(root, get("theme"), get("presentation"));
    message.show(get("error"));
    const committed = get("committed");
    const guess = get("guess");
    for (const label of radios) {
      const radio = label.firstChild;
      radio.checked = radio.value === guess;
      radio.disabled = committed;
    }
    if (field) {
      field.disabled = committed;
      if (guess !== null && guess !== undefined && document.activeElement !== field) field.value = String(guess);
    }
    commitButton.style.display = committed ? "none" : "";
    const focusHere = root.contains(document.activeElement) || document.activeElement === document.body;
    const changed = committed !== shownCommitted;
    shownCommitted = committed;
    clear(result);
    delete result.dataset.verdict;
    if (!committed) {
      // Back from "Try again": the learner's input takes the focus, to change the prediction.
      if (changed && focusHere) (field || radios.map((label) => label.firstChild).find((r) => r.checked) || commitButton).focus();
      return;
    }
    // Only now does anything of the answer enter the page.
    const state = { kind, unit, guess, answer: get("answer"), tolerance: get("tolerance"), digits: get("digits") };
    const rows = revealedRows(state);
    result.dataset.verdict = verdict(state);
    const again = button("Try again", "hide the answer and change your prediction", tryAgain);
    result.append(
      h("table", { class: "bn-readouts" }, h("tbody", {}, rows.map(([label, text]) =>
        h("tr", { "data-key": label }, h("th", { scope: "row", text: label }), h("td", { text }))))),
      h("div", { class: "bn-notes bn-explanation" }, paragraphs(get("explanation")).map((text) => h("p", { text }))),
      h("div", { class: "bn-buttons" }, again));
    if (changed && focusHere) again.focus();
  }
  return keepDrawn(model, KEYS, draw);
}

export default { render };
