"""Navigation between the notebooks: every page links its neighbours and the index, no link is dead.

The notebooks are found when the tests are collected (notebooks/NN_*.ipynb), so
the checks cover whatever notebooks exist; "neighbour" means the previous and
next existing notebook in number order.  Links are read from markdown cells:
``[text](target)`` and ``![alt](target)``, reference definitions
``[label]: target``, and HTML ``<a href=...>`` / ``<img src=...>``.  Code spans,
fenced code blocks and HTML comments are not links.  Links with a URL scheme
(``https:``, ``mailto:``, ``attachment:``, ...) and pure anchors (``#...``)
are not checked; everything else must name a file that exists.

The navigation cells themselves are written by tools/add_navigation.py; the last
tests run it: ``--check`` must pass on the repository, and on a copy of the
notebooks it must put back bars that were removed or edited.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SCRIPT = ROOT / "tools" / "add_navigation.py"
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_navigation_bar_after_the_title_and_at_the_end(path):
    """The layout tools/add_navigation.py writes: title cell, bar, ..., bar; each bar links exactly the
    neighbours and the index, never the page itself."""
    cells = all_cells(path)
    assert len(cells) >= 3, f"{path.name}: expected a title cell and two navigation cells"
    assert cells[0].get("cell_type") == "markdown" and cell_text(cells[0]).startswith("# "), (
        f"{path.name}: the first cell should be the markdown title cell"
    )
    wanted = {p.resolve() for p in required_links(path)}
    for where, cell, cell_id in (("second", cells[1], "navigation-top"), ("last", cells[-1], "navigation-bottom")):
        assert cell.get("cell_type") == "markdown" and cell.get("id") == cell_id, (
            f"{path.name}: the {where} cell should be the markdown navigation cell {cell_id!r}"
        )
        assert cell.get("metadata", {}).get("bitsandnats", {}).get("navigation") is True, (
            f"{path.name}: the {where} cell lacks the metadata {{'bitsandnats': {{'navigation': true}}}}"
        )
        linked = local_links(cell_text(cell), path.parent)
        assert linked == wanted, (
            f"{path.name}: the {where} cell links {names(linked)}, expected {names(wanted)}"
        )
    assert cell_text(cells[1]) == cell_text(cells[-1]), f"{path.name}: the top and bottom bars differ"
    between = [i for i, cell in enumerate(cells[2:-1], start=2) if str(cell.get("id", "")).startswith("navigation-")]
    assert not between, f"{path.name}: more navigation cells at {between}"


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


# --- tools/add_navigation.py ---------------------------------------------------------------


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, notebook: dict) -> None:
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def cell_index(notebook: dict, cell_id: str) -> int:
    return next(i for i, cell in enumerate(notebook["cells"]) if cell.get("id") == cell_id)


def named_in(output: str) -> set[str]:
    return set(re.findall(r"\d{2}_[\w.-]*\.ipynb", output))


@pytest.fixture
def notebook_copy(tmp_path) -> Path:
    """A copy of the numbered notebooks, brought up to date by the script (so these tests do not depend
    on the repository being current; test_navigation_is_what_the_script_writes checks that)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in NOTEBOOKS:
        shutil.copyfile(path, folder / path.name)
    result = run_script("--notebooks", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def test_navigation_is_what_the_script_writes():
    result = run_script("--check")
    assert result.returncode == 0, (
        "the navigation is not what tools/add_navigation.py writes; run `python tools/add_navigation.py`\n"
        + result.stdout + result.stderr
    )


def test_script_restores_removed_and_edited_navigation(notebook_copy):
    current = {path.name: path.read_bytes() for path in notebook_copy.iterdir()}
    result = run_script("--notebooks", str(notebook_copy))
    assert result.returncode == 0 and "wrote" not in result.stdout, "a second run changed something: " + result.stdout
    assert {path.name: path.read_bytes() for path in notebook_copy.iterdir()} == current

    damaged = {}

    def damage(name, change):
        notebook = read_json(notebook_copy / name)
        change(notebook)
        write_json(notebook_copy / name, notebook)
        damaged[name] = True

    def remove(cell_id):
        return lambda nb: nb["cells"].pop(cell_index(nb, cell_id))

    def edit_bottom(nb):
        cell = nb["cells"][cell_index(nb, "navigation-bottom")]
        cell["source"] = [line.replace("Contents", "Index") for line in cell["source"]]

    def unmark_top(nb):  # a tool that drops cell metadata: the comment still identifies the cell
        nb["cells"][cell_index(nb, "navigation-top")]["metadata"] = {}

    def remove_both(nb):
        remove("navigation-top")(nb)
        remove("navigation-bottom")(nb)

    def edit_map(nb):
        cell = next(c for c in nb["cells"] if "| # | Notebook |" in cell_text(c))
        cell["source"] = [line.replace("[Entropy](02_entropy.ipynb)", "[Entropy, old name](02_entropy.ipynb)") for line in cell["source"]]

    damage("03_cross_entropy_and_kl.ipynb", remove("navigation-top"))
    damage("05_many_classes.ipynb", edit_bottom)
    damage("07_continuous.ipynb", unmark_top)
    damage("09_misconceptions.ipynb", remove_both)
    damage("00_start_here.ipynb", edit_map)
    for name in damaged:
        assert (notebook_copy / name).read_bytes() != current[name], f"the damage to {name} changed nothing"

    check = run_script("--check", "--notebooks", str(notebook_copy))
    assert check.returncode == 1, check.stdout + check.stderr
    assert named_in(check.stdout + check.stderr) == set(damaged), "--check should name exactly the damaged notebooks"
    assert {path.name: path.read_bytes() for path in notebook_copy.iterdir() if path.name not in damaged} == {
        name: data for name, data in current.items() if name not in damaged
    }, "--check wrote something"

    result = run_script("--notebooks", str(notebook_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert named_in(result.stdout) == set(damaged)
    restored = {path.name: path.read_bytes() for path in notebook_copy.iterdir()}
    different = sorted(name for name in current if restored[name] != current[name])
    assert not different, f"not restored byte for byte: {different}"


def test_a_new_heading_reaches_the_neighbours_and_the_map(notebook_copy):
    path = notebook_copy / "02_entropy.ipynb"
    notebook = read_json(path)
    source = notebook["cells"][0]["source"]
    assert source[0] == "# 02 · Entropy\n"
    source[0] = "# 02 · Entropy, the expected surprise\n"
    write_json(path, notebook)
    assert run_script("--check", "--notebooks", str(notebook_copy)).returncode == 1

    result = run_script("--notebooks", str(notebook_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    label = "02 · Entropy, the expected surprise"
    for name, bar in (("01_surprise.ipynb", f"[{label} →](02_entropy.ipynb)"),
                      ("03_cross_entropy_and_kl.ipynb", f"[← {label}](02_entropy.ipynb)")):
        cells = read_json(notebook_copy / name)["cells"]
        assert bar in cell_text(cells[1]) and bar in cell_text(cells[-1]), f"{name}: {cell_text(cells[1])!r}"
    start = read_json(notebook_copy / INDEX_NAME)
    map_text = next(cell_text(c) for c in start["cells"] if "| # | Notebook |" in cell_text(c))
    assert "| 02 | [Entropy, the expected surprise](02_entropy.ipynb) | How much do you expect to learn" in map_text
    assert run_script("--check", "--notebooks", str(notebook_copy)).returncode == 0


def test_a_notebook_missing_from_the_list_is_reported(notebook_copy):
    shutil.copyfile(notebook_copy / "09_misconceptions.ipynb", notebook_copy / "10_extra.ipynb")
    result = run_script("--check", "--notebooks", str(notebook_copy))
    assert result.returncode == 2 and "10_extra.ipynb" in result.stderr, result.stdout + result.stderr
