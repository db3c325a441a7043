"""The notebooks' hygiene: figures without pyplot, no stored run times, the explorer slots where they belong.

nbval runs the notebooks themselves and compares their outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def _cells(name):
    with (NOTEBOOK_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)["cells"]


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("name", sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb")))
def test_notebooks_use_no_pyplot_and_have_no_timing_metadata(name):
    """Every notebook: figures without pyplot, and cells without the run times that nbconvert can store."""
    for cell in _cells(name):
        if cell["cell_type"] == "code":
            assert "pyplot" not in _source(cell) and "%matplotlib" not in _source(cell)
            assert "execution" not in cell.get("metadata", {})


def test_explorer_slots():
    text_01 = "\n".join(_source(c) for c in _cells("01_surprise.ipynb") if c["cell_type"] == "markdown")
    text_02 = "\n".join(_source(c) for c in _cells("02_entropy.ipynb") if c["cell_type"] == "markdown")
    assert "explorer-slot" not in text_01
    assert text_02.count("<!-- explorer-slot: coin -->") == 1
