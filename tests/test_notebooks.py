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


NUMBERED = sorted(path.name for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def still_figures(cells):
    """Indices of the code cells that show a still figure (a PNG that is not a live widget's fallback)."""
    return [index for index, cell in enumerate(cells) if cell["cell_type"] == "code"
            and any("image/png" in output.get("data", {}) and WIDGET_VIEW not in output.get("data", {})
                    for output in cell.get("outputs", []))]


def missing_captions(cells):
    return [index for index in still_figures(cells)
            if index + 1 == len(cells) or cells[index + 1]["cell_type"] != "markdown"
            or not _source(cells[index + 1]).lstrip().startswith("*")]


@pytest.mark.parametrize("name", NUMBERED)
def test_every_still_figure_has_a_caption_under_it(name):
    """A figure is followed by a markdown cell that opens with its caption, in italics."""
    missing = missing_captions(_cells(name))
    assert not missing, f"{name}: the figures in cells {missing} have no italic caption cell under them"


def test_a_figure_without_a_caption_is_found():
    figure = {"cell_type": "code", "source": [], "outputs": [{"data": {"image/png": "", "text/plain": ""}}]}
    widget = {"cell_type": "code", "source": [], "outputs": [{"data": {"image/png": "", WIDGET_VIEW: {}}}]}
    caption = {"cell_type": "markdown", "source": ["*What the picture shows.*"]}
    prose = {"cell_type": "markdown", "source": ["## Next section"]}
    assert missing_captions([figure, caption, widget, prose]) == []
    assert missing_captions([figure, prose]) == [0] and missing_captions([caption, figure]) == [1]


@pytest.mark.parametrize("name", NUMBERED)
def test_every_notebook_ends_with_further_reading(name):
    """The last cell before the navigation bar lists further reading, with links."""
    cells = [cell for cell in _cells(name) if cell.get("id") != "navigation-bottom"]
    last = _source(cells[-1])
    assert last.startswith("## Further reading"), f"{name}: no further-reading list at the end"
    assert last.count("](https://") >= 2, f"{name}: the further-reading list has fewer than two links"
