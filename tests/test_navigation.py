"""Navigation between the notebooks: every page links its neighbours and the index, no link is dead.

The notebooks are found when the tests are collected (notebooks/NN_*.ipynb), so
the checks cover whatever notebooks exist; "neighbour" means the previous and
next existing notebook in number order.  Links are read from markdown cells:
``[text](target)`` and ``![alt](target)``, reference definitions
``[label]: target``, and HTML ``<a href=...>`` / ``<img src=...>``.  Code spans,
fenced code blocks and HTML comments are not links.  Links with a URL scheme
(``https:``, ``mailto:``, ``attachment:``, ...) and pure anchors (``#...``)
are not checked; everything else must name a file that exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
INDEX_NAME = "00_start_here.ipynb"
NUMBERED = re.compile(r"^(\d{2})_[\w.-]*\.ipynb$")


def numbered_notebooks() -> list[Path]:
    """notebooks/NN_*.ipynb, in number order."""
    found = [path for path in NOTEBOOK_DIR.glob("*.ipynb") if NUMBERED.match(path.name)]
    return sorted(found, key=lambda path: (int(NUMBERED.match(path.name).group(1)), path.name))


NOTEBOOKS = numbered_notebooks()
NON_INDEX = [path for path in NOTEBOOKS if path.name != INDEX_NAME]


def cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def markdown_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        notebook = json.load(handle)
    return [cell_text(cell) for cell in notebook["cells"] if cell.get("cell_type") == "markdown"]


def all_cells(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["cells"]


# --- link extraction -----------------------------------------------------------------

_FENCED = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# [text](target "title"): one level of nested brackets in the text, one level of
# balanced parentheses in the target, an optional title.
_INLINE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"
    r"\(\s*(<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))+)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
_HTML = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def strip_code(markdown: str) -> str:
    """Markdown without fenced code blocks, code spans and HTML comments."""
    markdown = _FENCED.sub("", markdown)
    markdown = _COMMENT.sub("", markdown)
    return _CODE_SPAN.sub("", markdown)


def link_targets(markdown: str) -> list[str]:
    """Every link target in a markdown text, as written."""
    text = strip_code(markdown)
    targets = [match.group(1) for match in _INLINE.finditer(text)]
    targets += [match.group(1) for match in _REFERENCE.finditer(text)]
    targets += [next(group for group in match.groups() if group is not None) for match in _HTML.finditer(text)]
    return [target[1:-1] if target.startswith("<") and target.endswith(">") else target for target in targets]


def local_path(target: str) -> str | None:
    """The file part of a link that points into the repository, or None for URLs and anchors."""
    target = target.strip()
    if not target or target.startswith("#") or target.startswith("//") or _SCHEME.match(target):
        return None
    return unquote(re.split(r"[?#]", target, maxsplit=1)[0])


def local_links(text: str, base: Path) -> set[Path]:
    """Resolved paths of the relative links in a markdown text, relative to the folder ``base``."""
    paths = set()
    for target in link_targets(text):
        file_part = local_path(target)
        if file_part:
            paths.add((base / file_part).resolve())
    return paths


def neighbours(path: Path) -> list[Path]:
    position = NOTEBOOKS.index(path)
    return [NOTEBOOKS[i] for i in (position - 1, position + 1) if 0 <= i < len(NOTEBOOKS)]


def required_links(path: Path) -> list[Path]:
    """The neighbours and (except for the index itself) the index."""
    wanted = neighbours(path)
    index = NOTEBOOK_DIR / INDEX_NAME
    if path.name != INDEX_NAME and index not in wanted:
        wanted.append(index)
    return wanted


def names(paths) -> list[str]:
    return sorted(path.name for path in paths)


# --- the parser itself -------------------------------------------------------------------


def test_link_parser():
    text = (
        "[← 01 · Surprise](01_surprise.ipynb) · [Index](00_start_here.ipynb#top) · "
        "[a [nested] text](<02 entropy.ipynb> \"title\") ![figure](img/plot.png)\n"
        "<a href=\"03_x.ipynb\">three</a> <img src='fig.svg'> [site](https://example.org) [here](#anchor) "
        "[mail](mailto:someone@example.org) ![att](attachment:image.png) [space](05%20five.ipynb)\n"
        "`[not a link](missing.ipynb)` and\n```\n[nor this](missing.ipynb)\n```\n"
        "<!-- [nor this](missing.ipynb) -->\n"
        "[ref]: 06_six.ipynb\n"
    )
    targets = link_targets(text)
    assert "missing.ipynb" not in " ".join(targets)
    files = [local_path(target) for target in targets]
    assert [f for f in files if f] == [
        "01_surprise.ipynb", "00_start_here.ipynb", "02 entropy.ipynb", "img/plot.png",
        "05 five.ipynb", "06_six.ipynb", "03_x.ipynb", "fig.svg",
    ]
    assert files.count(None) == 4  # https, #anchor, mailto, attachment


def test_notebook_numbers_are_unique():
    numbers = [NUMBERED.match(path.name).group(1) for path in NOTEBOOKS]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not repeated, f"more than one notebook with number(s) {repeated}"


# --- the checks ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", NON_INDEX, ids=lambda path: path.name)
def test_links_to_neighbours_and_index(path):
    linked = set().union(*(local_links(text, path.parent) for text in markdown_cells(path)))
    missing = [wanted for wanted in required_links(path) if wanted.resolve() not in linked]
    assert not missing, f"{path.name} does not link to {names(missing)}"


@pytest.mark.parametrize("path", NON_INDEX, ids=lambda path: path.name)
def test_navigation_bar_at_top_and_bottom(path):
    """The convention: the first markdown cell ends with the navigation line, and the last cell is it."""
    wanted = {p.resolve() for p in required_links(path)}
    cells = all_cells(path)
    first = next((cell_text(c) for c in cells if c.get("cell_type") == "markdown"), "")
    first_last_line = first.strip().splitlines()[-1] if first.strip() else ""
    missing_top = wanted - local_links(first_last_line, path.parent)
    assert not missing_top, f"{path.name}: the last line of the first markdown cell lacks links to {names(missing_top)}"
    last = cells[-1] if cells else {}
    assert last.get("cell_type") == "markdown", f"{path.name}: the last cell should be the markdown navigation line"
    missing_bottom = wanted - local_links(cell_text(last), path.parent)
    assert not missing_bottom, f"{path.name}: the last cell lacks links to {names(missing_bottom)}"


def test_index_links_every_notebook():
    index = NOTEBOOK_DIR / INDEX_NAME
    assert index.exists(), f"the index notebook {INDEX_NAME} is missing"
    linked = set().union(*(local_links(text, index.parent) for text in markdown_cells(index)))
    missing = [path for path in NOTEBOOKS if path.name != INDEX_NAME and path.resolve() not in linked]
    assert not missing, f"{INDEX_NAME} does not link to {names(missing)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_dead_relative_links(path):
    dead = []
    for number, text in enumerate(markdown_cells(path), start=1):
        for target in link_targets(text):
            file_part = local_path(target)
            if file_part is None:
                continue
            if file_part.startswith("/"):
                dead.append(f"markdown cell {number}: {target!r} (absolute path; use a relative link)")
            elif not (path.parent / file_part).exists():
                dead.append(f"markdown cell {number}: {target!r}")
    assert not dead, f"{path.name} links to missing files:\n" + "\n".join(dead)
