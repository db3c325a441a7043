"""tools/site: the static site's builder and its widget manager, piece by piece.

The whole site is built, served and read in Chromium by
tests/browser/test_site.py; here are the pieces that decide what a page
holds, each on small inputs: links between notebooks, the two themes, the
shared modules, the contents page's questions, and static/widgets.js's model
(under Node.js) against what anywidget's models do in JupyterLab.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from explorer_checks import node

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tools" / "site"
sys.path.insert(0, str(SITE))
import build  # noqa: E402  (tools/site is not a package)


def test_links_between_notebooks_point_at_their_pages():
    known = {"03_cross_entropy_and_kl.ipynb", "00_start_here.ipynb"}
    text = ('<a href="03_cross_entropy_and_kl.ipynb">03</a> <a href="00_start_here.ipynb#The-map">map</a> '
            '<a href="https://example.org/x.ipynb">elsewhere</a> <a href="#Exercises">here</a>')
    assert build.link_pages(text, known) == (
        '<a href="03_cross_entropy_and_kl.html">03</a> <a href="00_start_here.html#The-map">map</a> '
        '<a href="https://example.org/x.ipynb">elsewhere</a> <a href="#Exercises">here</a>')
    with pytest.raises(SystemExit, match="99_missing.ipynb"):
        build.link_pages('<a href="99_missing.ipynb">?</a>', known)


def test_both_themes_put_the_dark_one_under_the_switch(tmp_path):
    light, dark = tmp_path / "light.css", tmp_path / "dark.css"
    light.write_text(":root { --jp-layout-color0: white; }\n")
    dark.write_text(":root {\n  --jp-layout-color0: #111;\n}\n")
    both = build.both_themes(light, dark)
    assert ":root { --jp-layout-color0: white; }" in both
    assert ':root[data-bn-theme="dark"] {\n  --jp-layout-color0: #111;\n}' in both
    dark.write_text("body { color: red; }\n")
    with pytest.raises(SystemExit, match="no :root rule"):
        build.both_themes(light, dark)


def notebook_with_widgets(states: dict) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["widgets"] = {build.WIDGET_STATE: {"state": states, "version_major": 2, "version_minor": 0}}
    return notebook


def test_each_distinct_module_is_written_once_and_every_widget_imports_it(tmp_path):
    esm = 'export default { render({ el }) { el.textContent = "ü"; } };\n'
    states = {
        "a": {"model_module": "anywidget", "model_name": "AnyModel", "state": {"_esm": esm, "value": 1}},
        "b": {"model_module": "anywidget", "model_name": "AnyModel", "state": {"_esm": esm, "value": 2}},
        "c": {"model_module": "anywidget", "model_name": "AnyModel", "state": {"_esm": "export default {};"}},
        "layout": {"model_module": "@jupyter-widgets/base", "model_name": "LayoutModel", "state": {"width": "1px"}},
    }
    notebook = notebook_with_widgets(json.loads(json.dumps(states)))
    assert build.share_modules(notebook, tmp_path) == 3
    shown = notebook.metadata["widgets"][build.WIDGET_STATE]["state"]
    files = sorted((tmp_path / build.MODULES).iterdir())
    assert len(files) == 2 and sorted(path.read_text(encoding="utf-8") for path in files) == sorted(
        [esm, "export default {};"])
    assert shown["a"]["state"]["_esm"] == shown["b"]["state"]["_esm"] != shown["c"]["state"]["_esm"]
    assert 'document.baseURI' in shown["a"]["state"]["_esm"]
    assert shown["a"]["state"]["value"] == 1 and shown["layout"] == states["layout"]
    assert build.share_modules(notebook_with_widgets({}), tmp_path) == 0


def test_the_contents_page_has_every_notebooks_question():
    questions = build.map_questions()
    order, titles = build.read_titles()
    assert set(questions) == set(order[1:])  # every notebook but the start itself, which holds the map
    assert all(question.strip() for question in questions.values())
    assert titles[order[0]] == "00 · Start here"


def test_the_widget_models_behave_as_anywidgets_models(tmp_path):
    """static/widgets.js's Model and withBuffers under Node.js: changes, watchers, binary traits."""
    command = node()
    (tmp_path / "widgets.mjs").write_text((SITE / "static" / "widgets.js").read_text(encoding="utf-8"))
    raw = bytes([1, 0, 255, 2])
    driver = tmp_path / "driver.mjs"
    driver.write_text(f"""
const {{ Model, withBuffers }} = await import("./widgets.mjs");
const seen = [];
const model = new Model({{ counts: [1, 2], label: "a" }}, []);
const watcher = (m, value) => seen.push(["counts", value, m === model]);
model.on("change:counts", watcher);
model.on("change", () => seen.push(["any"]));
model.set("counts", [1, 2]);            // the same value: no change, no event
model.set("counts", [3, 4]);
model.set("label", "b");
model.off("change:counts", watcher);
model.set("counts", [5, 6]);
model.off();
model.set("label", "c");
model.save_changes(); model.send({{}});  // no kernel: nothing to do
const traits = withBuffers({{ nested: {{ a: 1 }} }},
  [{{ path: ["bytes"], data: {json.dumps(base64.b64encode(raw).decode())}, encoding: "base64" }},
   {{ path: ["nested", "hex"], data: {json.dumps(raw.hex())}, encoding: "hex" }}]);
const bytes = (view) => Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
console.log(JSON.stringify({{ seen, counts: model.get("counts"), label: model.get("label"),
  bytes: bytes(traits.bytes), hex: bytes(traits.nested.hex), a: traits.nested.a,
  dataView: traits.bytes instanceof DataView }}));
""")
    run = subprocess.run([command, str(driver)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["seen"] == [["counts", [3, 4], True], ["any"], ["any"], ["any"]]
    assert (found["counts"], found["label"]) == ([5, 6], "c")
    assert found["bytes"] == found["hex"] == list(raw) and found["a"] == 1 and found["dataView"]
