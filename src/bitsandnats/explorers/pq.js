// The controls of two distributions P and Q over named events, shared by the
// distribution explorer and the SciPy agreement explorer: one row per event
// and distribution (a range over whole thousandths and a typed value), and
// an editor to add, remove and rename events.

import { STEPS, apportion, rebalance } from "./twin.js";
import { h, clear, stepControl, button, parseProbability } from "./svg.js";

/** The units a distribution explorer can show, and their logarithm bases. */
export const BASES = { bits: 2, nats: Math.E, hartleys: 10 };
const MAX_EVENTS = 10;
const MIN_EVENTS = 2;
const MAX_NAME = 24;

/** Why a name cannot be an event's, or "" if it can. */
export function nameProblem(name, others) {
  if (!name.trim()) return "an event needs a name";
  if (name.length > MAX_NAME) return `an event's name has at most ${MAX_NAME} characters`;
  if (others.includes(name)) return `there is already an event called ${JSON.stringify(name)}`;
  return "";
}

/** Set event `index` of distribution `which` ("p" or "q") to `count` thousandths; the others rescale. */
export function moveOne(model, commit, which, index, count) {
  const counts = model.get(which);
  if (counts[index] === count) return;
  commit({ [which]: rebalance(counts, index, count) });
}

/**
 * The P and Q controls and the events editor.  `commit(changes)` sets traits
 * and sends them; `refuse(message)` shows why a move was not made.
 * `show(events, p, q)` brings the controls to the model's state (rebuilding
 * the rows when the events changed).
 */
export function distributionControls(model, { commit, refuse }) {
  const move = (which, index, count) => moveOne(model, commit, which, index, count);
  const pGroup = h("div", { class: "bn-group" });
  const qGroup = h("div", { class: "bn-group" });
  const eventsEditor = h("details", { class: "bn-group bn-events-editor" });
  let rows = { p: [], q: [] };
  let builtFor = null;
  function buildControls(events) {
    rows = { p: [], q: [] };
    for (const [which, group, heading] of [["p", pGroup, "P, the truth"], ["q", qGroup, "Q, the belief (hatched)"]]) {
      clear(group).append(h("div", { class: "bn-group-title", text: heading }));
      events.forEach((event, index) => {
        const name = `${which.toUpperCase()}[${event}]`;
        const control = stepControl({
          name,
          label: event,
          steps: STEPS,
          format: (count) => (count / STEPS).toFixed(3),
          parse: (text) => parseProbability(text, name, STEPS),
          onMove: (count) => move(which, index, count),
          onRefused: refuse,
        });
        rows[which].push(control);
        group.append(control.row);
      });
    }
    clear(eventsEditor).append(h("summary", { text: "Edit events (add, remove, rename)" }));
    events.forEach((event, index) => {
      const field = h("input", { type: "text", class: "bn-name", value: event, "aria-label": `name of event ${index + 1}`,
        maxlength: MAX_NAME });
      field.addEventListener("change", () => {
        const name = field.value;
        const current = model.get("events");
        const problem = nameProblem(name, current.filter((_, i) => i !== index));
        if (problem) {
          field.value = current[index];
          refuse(`Cannot rename ${JSON.stringify(current[index])}: ${problem}.`);
          return;
        }
        commit({ events: current.map((old, i) => (i === index ? name : old)) });
      });
      const remove = button("Remove", `remove the event ${event}; the others share its probability`, () => {
        const current = model.get("events");
        if (current.length <= MIN_EVENTS) {
          refuse(`A distribution needs at least ${MIN_EVENTS} events.`);
          return;
        }
        const kept = (counts) => apportion(counts.filter((_, i) => i !== index), STEPS);
        commit({ events: current.filter((_, i) => i !== index), p: kept(model.get("p")), q: kept(model.get("q")) });
      });
      eventsEditor.append(h("div", { class: "bn-event-row" }, field, remove));
    });
    eventsEditor.append(button("Add event", "a new event with probability 0 under P and Q", () => {
      const current = model.get("events");
      if (current.length >= MAX_EVENTS) {
        refuse(`At most ${MAX_EVENTS} events.`);
        return;
      }
      let number = current.length + 1;
      while (current.includes(`event ${number}`)) number += 1;
      commit({ events: [...current, `event ${number}`], p: [...model.get("p"), 0], q: [...model.get("q"), 0] });
    }));
  }

  return {
    pGroup,
    qGroup,
    editor: eventsEditor,
    show(events, pCounts, qCounts) {
      const signature = events.join("\u0000");
      if (signature !== builtFor) {
        buildControls(events);
        builtFor = signature;
      }
      rows.p.forEach((control, i) => control.show(pCounts[i]));
      rows.q.forEach((control, i) => control.show(qCounts[i]));
    },
  };
}
