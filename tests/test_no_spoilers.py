"""No stored output gives an answer away: predictions are made before anything is revealed.

After Run All (which notebook 00 recommends) every cell's output is on screen,
and the outputs stored in the files are what GitHub and nbviewer show.  So no
stored output may hold a verdict or a revealed answer: the old reveal's
wording ("The claim is FALSE", ✅, ❌, "you predicted"), an exercise's
"Correct", or what the predict widget shows only after a commit (its row
labels and verdicts, :data:`bitsandnats.explorers.predict.REVEALED_LABELS`).
Scanned: every output's text/plain, text/markdown and text/html, stream text,
error text, and every string in an output's metadata (image alt text); and the
stored state of every predict widget must be uncommitted, or a static page
would open with its answer shown.

The scan is tried on made-up notebooks too, so that it is known to fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitsandnats.explorers.predict import INVITATION, REVEALED_LABELS, VERDICTS, Prediction

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

#: Text that gives a verdict or an answer away (case matters: "True or False" in a question is fine).
MARKERS = ("The claim is", "TRUE", "FALSE", "Correct", "✅", "❌", "you predicted", "You predicted",
           *REVEALED_LABELS, *(f"{verdict}:" for verdict in VERDICTS.values()))
TEXT_KINDS = ("text/plain", "text/markdown", "text/html")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _strings(value):
    """Every string inside a JSON value (metadata: alt text, titles, ...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _output_texts(output: dict):
    """(where, text) for each text an output shows or describes."""
    if "text" in output:
        yield f"stream {output.get('name', '')}".strip(), _text(output["text"])
    if output.get("output_type") == "error":
        yield "error", "\n".join([output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])])
    for kind in TEXT_KINDS:
        if kind in output.get("data", {}):
            yield kind, _text(output["data"][kind])
    for text in _strings(output.get("metadata", {})):
        yield "metadata", text


def spoilers(notebook: dict, name: str = "notebook") -> list[str]:
    """Each place in ``notebook`` (a parsed .ipynb) whose stored output gives an answer away, in words."""
    found = []
    for number, cell in enumerate(notebook.get("cells", [])):
        where = f"{name}, cell {number} (id {cell.get('id', '?')})"
        for output in cell.get("outputs", []):
            for kind, text in _output_texts(output):
                for marker in MARKERS:
                    if marker in text:
                        found.append(f"{where}: {marker!r} in its {kind} output")
    models = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in models.items():
        state = model.get("state", {})
        if "// ---- predict.js" in state.get("_esm", "") and state.get("committed") is not False:
            found.append(f"{name}: the stored predict widget {model_id} is committed, so a static page shows "
                         f"its answer")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_stored_output_gives_an_answer_away(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert spoilers(notebook, path.name) == []


# --- the scan can fail ---------------------------------------------------------------------------------------


def _notebook(*outputs, widget_state=None):
    notebook = {"cells": [{"cell_type": "code", "id": "fake-1", "source": "", "outputs": list(outputs)}],
                "metadata": {}}
    if widget_state is not None:
        notebook["metadata"]["widgets"] = {WIDGET_STATE: {"state": widget_state}}
    return notebook


def _display(data, metadata=None):
    return {"output_type": "display_data", "data": data, "metadata": metadata or {}}


@pytest.mark.parametrize("output, kind", [
    ({"output_type": "stream", "name": "stdout", "text": ["The claim is FALSE.\n"]}, "stream stdout"),
    (_display({"text/markdown": "✅ Right: you predicted True, and so it is."}), "text/markdown"),
    (_display({"text/plain": "❌ Not quite"}), "text/plain"),
    (_display({"text/html": "<b>Correct!</b>"}), "text/html"),
    (_display({"text/plain": "Your prediction = 1.5 bits"}), "text/plain"),
    (_display({"text/plain": "The answer is 1.361 bits"}), "text/plain"),
    (_display({"text/plain": "Off by 0.1 bits"}), "text/plain"),
    (_display({"text/plain": "Not this time: more than ±0.05 bits"}), "text/plain"),
    (_display({"image/png": "iVBOR"}, {"image/png": {"alt": "Verdict: TRUE"}}), "metadata"),
    ({"output_type": "execute_result", "execution_count": 1, "metadata": {},
      "data": {"text/plain": ["x\n", "it is TRUE"]}}, "text/plain"),
])
def test_a_fake_notebook_with_a_verdict_fails_naming_the_cell(output, kind):
    found = spoilers(_notebook(output), "fake.ipynb")
    assert found and all(text.startswith("fake.ipynb, cell 0 (id fake-1): ") for text in found)
    assert any(text.endswith(f"in its {kind} output") for text in found), found


def test_a_stored_committed_prediction_fails():
    widget = Prediction.true_or_false("A claim.", False, "Because.")
    esm = widget._esm
    widget.close()
    committed = {"model-1": {"state": {"_esm": esm, "committed": True, "guess": "True"}}}
    assert spoilers(_notebook(widget_state=committed), "fake.ipynb") == [
        "fake.ipynb: the stored predict widget model-1 is committed, so a static page shows its answer"]
    uncommitted = {"model-1": {"state": {"_esm": esm, "committed": False, "guess": None}}}
    assert spoilers(_notebook(widget_state=uncommitted)) == []


def test_the_predict_widgets_own_display_passes():
    for widget in (Prediction.true_or_false("Cross-entropy is symmetric: True or False?", False, "It is not."),
                   Prediction.number("H(P), in bits?", 1.5, "It is 1.5 bits.", unit="bits", tolerance=0.05)):
        data, metadata = widget._repr_mimebundle_()
        assert INVITATION in data["text/plain"]
        assert spoilers(_notebook(_display(data, metadata))) == []
        widget.commit("True" if widget.kind == "choice" else 1.0)
        assert spoilers(_notebook(_display(*widget._repr_mimebundle_()))) == []
        widget.close()
