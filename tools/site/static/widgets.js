// The site's widget manager: draws a page's explorers and predictions from
// the widget state the page embeds, with no kernel.
//
// Every widget of this collection is an anywidget: an AnyModel whose `_esm`
// trait is its ES module and whose `_css` is its stylesheet.  What
// anywidget's front end gives such a module in JupyterLab is what it gets
// here: `render({ model, el })` with a model to get, set and watch (its
// synced traits, JSON values) and an element to draw in.  The standard
// renderer, html-manager's libembed-amd.js, does the same for any widget but
// is 3.6 MB (every ipywidgets control), which made it most of a cold load:
// benchmarks/site_load.py.  There is no kernel to send to, so `save_changes`
// and `send` send nothing: a change stays in the page, which computes what
// it shows from it.

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

/** Whether two trait values are the same JSON value (as Backbone's change detection decides for a trait). */
function same(a, b) {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A widget's stored traits with its binary ones put back: the widget state
 * keeps a Bytes trait apart, base64 (or hex) text at a path into the traits;
 * a module gets it as a DataView, as in JupyterLab.
 */
export function withBuffers(values, buffers = []) {
  const traits = structuredClone(values);
  for (const { path, data, encoding } of buffers) {
    const bytes = encoding === "hex"
      ? Uint8Array.from(data.match(/../g) ?? [], (pair) => parseInt(pair, 16))
      : Uint8Array.from(atob(data), (character) => character.charCodeAt(0));
    const parent = path.slice(0, -1).reduce((node, key) => node[key], traits);
    parent[path[path.length - 1]] = new DataView(bytes.buffer);
  }
  return traits;
}

/** A widget's model: its traits, and the callbacks watching them ("change:<name>" and "change"). */
export class Model {
  #values;
  #listeners = new Map();

  constructor(values, buffers) {
    this.#values = withBuffers(values, buffers);
  }

  get(name) {
    return this.#values[name];
  }

  set(name, value) {
    if (same(this.#values[name], value)) return;
    this.#values[name] = value;
    this.#emit(`change:${name}`, value);
    this.#emit("change");
  }

  save_changes() {}

  send() {}

  on(event, callback) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(callback);
  }

  off(event, callback) {
    if (event === undefined) this.#listeners.clear();
    else if (callback === undefined) this.#listeners.delete(event);
    else this.#listeners.get(event)?.delete(callback);
  }

  #emit(event, value) {
    // A copy: a callback may stop watching while the others are called.
    for (const callback of [...(this.#listeners.get(event) ?? [])]) callback(this, value);
  }
}

const modules = new Map();
const styles = new Set();

/** The ES module of `esm` (its text), imported once however many widgets share it. */
function loadModule(esm) {
  if (!modules.has(esm)) {
    const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
    modules.set(esm, import(url).finally(() => URL.revokeObjectURL(url)));
  }
  return modules.get(esm);
}

/** The stylesheet `css`, added to the page once. */
function addStyle(css) {
  if (!css || styles.has(css)) return;
  styles.add(css);
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
}

async function renderView(view, state, modelOf) {
  const { model_id: id } = JSON.parse(view.textContent);
  const el = document.createElement("div");
  el.className = "bn-widget";
  view.before(el);
  const entry = state[id];
  if (!entry || entry.model_module !== "anywidget") {
    el.textContent = "This widget needs a running kernel: launch the notebook on Binder to see it.";
    return;
  }
  try {
    addStyle(entry.state._css);
    const module = await loadModule(entry.state._esm);
    const widget = module.default ?? module;
    const model = modelOf(id, widget);
    await model.ready;
    await widget.render?.({ model, el, experimental: {} });
  } catch (error) {
    el.textContent = `This widget could not be drawn: ${error}`;
    console.error(error);
  }
}

async function renderWidgets() {
  const script = document.querySelector(STATE);
  if (!script) return;
  const { state } = JSON.parse(script.textContent);
  const models = new Map();
  // One model per widget id, shared by its views; a module's initialize() runs once per model, as anywidget does.
  const modelOf = (id, widget) => {
    if (!models.has(id)) {
      const model = new Model(state[id].state, state[id].buffers);
      model.ready = Promise.resolve(widget.initialize?.({ model, experimental: {} }));
      models.set(id, model);
    }
    return models.get(id);
  };
  await Promise.all(Array.from(document.querySelectorAll(VIEW), (view) => renderView(view, state, modelOf)));
}

// Imported without a page (tests/test_site_build.py, under Node.js), it only defines the above.
if (globalThis.document) renderWidgets();
