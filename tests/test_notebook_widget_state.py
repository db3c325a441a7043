"""The widget state stored in the notebooks carries the explorers' current ES modules.

nbconvert stores each explorer's state, its ES module included, in the
notebook's metadata when the notebook is executed; nbviewer and an HTML
export draw the explorers from that state, with no kernel.  A module changed
since the notebook was last run would show readers an old explorer, so this
fails until the notebook is run again (README: "Editing a notebook").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitsandnats.explorers._base import module_source

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def stored_modules(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    models = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [model["state"]["_esm"] for model in models.values() if "_esm" in model.get("state", {})]


def explorer_module(source: str) -> str:
    """The explorer's own module, named by the last part of the bundle (``// ---- coin.js``)."""
    return [line for line in source.splitlines() if line.startswith("// ---- ")][-1][len("// ---- "):-len(".js")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_stored_explorers_are_the_current_ones(path):
    for source in stored_modules(path):
        assert source == module_source(explorer_module(source)), (
            f"{path.name} stores an old {explorer_module(source)}.js: run the notebook again "
            f"(jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False)")


def test_the_explorer_notebooks_store_their_explorers():
    with_explorers = {path.name for path in NOTEBOOKS if stored_modules(path)}
    assert {"02_entropy.ipynb", "03_cross_entropy_and_kl.ipynb", "04_cross_entropy_as_a_loss.ipynb",
            "06_distillation.ipynb", "07_continuous.ipynb", "classroom.ipynb"} <= with_explorers
