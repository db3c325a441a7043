"""Write the navigation bars of the numbered notebooks, and the map in the start notebook.

    python tools/add_navigation.py            rewrite what is out of date
    python tools/add_navigation.py --check    change nothing; exit 1 naming the notebooks that are out of date

Modelled on tools/add_navigation.py of the Python Data Science Handbook.

The one list
    ``SEQUENCE`` below is the reading order: the only place that says which notebooks
    make up the sequence and in what order.  Titles are not repeated here: each one is
    read from its notebook's first line, ``# NN · Title``, the heading the reader sees,
    so renaming a notebook means editing its heading and running this script.  The
    first entry is the start notebook, the "contents" page; its heading is free-form.
    ``notebooks/classroom.ipynb`` (a Voilà dashboard) is not part of the sequence.

What is written
    * In every notebook of the sequence, one markdown cell directly after the title
      cell and one at the very end, both with the same line::

          [← 02 · Entropy](02_entropy.ipynb) | [Contents](00_start_here.ipynb) | [04 · Cross-entropy as a loss →](04_...)

      The previous notebook is left out on the first page, the next on the last; no bar
      links a page to itself or twice to the same page, so 01 has no separate "← 00"
      (its "Contents" is the previous page) and the start notebook's bar has only "next".
    * In the start notebook, the rows of the table under ``| # | Notebook | ...``: number,
      linked title, in sequence order.  The last column (the question each notebook
      answers) is prose, not navigation: it is kept, row by row, from the table as it is.

Finding its own cells again
    A navigation cell has the ids ``navigation-top`` / ``navigation-bottom``, the cell
    metadata ``{"bitsandnats": {"navigation": true}}`` and a first line
    ``<!-- navigation: ... -->`` (invisible when rendered; a warning to whoever edits the
    cell by hand).  A cell with that metadata or that first line is replaced wherever it
    is; everything else in a notebook is left as it is, byte for byte.

Output
    JSON as Jupyter writes it (``indent=1``, ``ensure_ascii=False``, keys in the order
    read, a final newline), so that a notebook whose navigation is current is not
    rewritten and one whose navigation changes differs only in those cells.
    Standard library only.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

# The reading order.  Add a notebook here (and give it a "# NN · Title" heading), then
# run this script.
SEQUENCE = (
    "00_start_here.ipynb",
    "01_surprise.ipynb",
    "02_entropy.ipynb",
    "03_cross_entropy_and_kl.ipynb",
    "04_cross_entropy_as_a_loss.ipynb",
    "05_many_classes.ipynb",
    "06_distillation.ipynb",
    "07_continuous.ipynb",
    "08_code_lengths.ipynb",
    "09_misconceptions.ipynb",
    "10_sampling.ipynb",
    "11_forward_and_reverse_kl.ipynb",
    "12_mutual_information.ipynb",
    "13_real_data.ipynb",
)
CONTENTS = SEQUENCE[0]
CONTENTS_LABEL = "Contents"

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NUMBERED = re.compile(r"^(\d{2})_[\w.-]*\.ipynb$")
HEADING = re.compile(r"^# (\d{2}) · (\S.*?)\s*$")

METADATA_KEY = "bitsandnats"
COMMENT_START = "<!-- navigation:"
COMMENT = f"{COMMENT_START} written by tools/add_navigation.py; edit that script or the headings, not this cell -->"
TOP_ID = "navigation-top"
BOTTOM_ID = "navigation-bottom"
SEPARATOR = " | "

MAP_HEADER = re.compile(r"^\|\s*#\s*\|\s*Notebook\s*\|")
MAP_ROW = re.compile(r"^\|\s*(\d{2})\s*\|\s*\[[^\]]*\]\(([^()\s]+)\)\s*\|(.*)\|\s*$")


class NavigationError(Exception):
    """The notebooks are not in a state this script can write navigation for."""


# --- reading and writing notebooks ---------------------------------------------------


def read_notebook(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def dumps(notebook: dict) -> str:
    """The notebook as Jupyter writes it."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def split_source(text: str) -> list[str]:
    """A cell source as Jupyter stores it: one string per line, each but the last ending in a newline."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


# --- the sequence and its titles -------------------------------------------------------


def check_sequence(folder: Path) -> None:
    """SEQUENCE names exactly the numbered notebooks in ``folder``, in number order."""
    problems = []
    for name in SEQUENCE:
        if not NUMBERED.match(name):
            problems.append(f"{name} in SEQUENCE is not named NN_name.ipynb")
        elif not (folder / name).is_file():
            problems.append(f"{name} is in SEQUENCE but not in {folder}")
    on_disk = sorted(path.name for path in folder.glob("*.ipynb") if NUMBERED.match(path.name))
    unlisted = [name for name in on_disk if name not in SEQUENCE]
    if unlisted:
        problems.append(f"not in SEQUENCE (tools/add_navigation.py): {', '.join(unlisted)}")
    numbers = [name[:2] for name in SEQUENCE]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        problems.append(f"SEQUENCE is not in strictly increasing number order: {', '.join(numbers)}")
    if problems:
        raise NavigationError("\n".join(problems))


def title_of(name: str, notebook: dict) -> str:
    """The title from the notebook's heading ``# NN · Title`` (first line of the first cell)."""
    cells = notebook.get("cells", [])
    first_line = cell_text(cells[0]).split("\n", 1)[0] if cells else ""
    match = HEADING.match(first_line)
    if not match or cells[0].get("cell_type") != "markdown":
        raise NavigationError(f"{name}: the first cell should be markdown starting with '# {name[:2]} · Title', not {first_line!r}")
    if match.group(1) != name[:2]:
        raise NavigationError(f"{name}: the heading is numbered {match.group(1)}, the file {name[:2]}")
    return match.group(2)


def titles(notebooks: dict[str, dict]) -> dict[str, str]:
    return {name: title_of(name, notebook) for name, notebook in notebooks.items() if name != CONTENTS}


# --- what is written -------------------------------------------------------------------------


def navigation_line(name: str, titles_by_name: dict[str, str]) -> str:
    """The bar of one notebook: previous, contents, next, each at most once and never the page itself."""
    position = SEQUENCE.index(name)
    previous = SEQUENCE[position - 1] if position > 0 else None
    following = SEQUENCE[position + 1] if position + 1 < len(SEQUENCE) else None
    items = []
    if previous is not None and previous != CONTENTS:
        items.append(f"[← {previous[:2]} · {titles_by_name[previous]}]({previous})")
    if name != CONTENTS:
        items.append(f"[{CONTENTS_LABEL}]({CONTENTS})")
    if following is not None:
        items.append(f"[{following[:2]} · {titles_by_name[following]} →]({following})")
    return SEPARATOR.join(items)


def navigation_cell(cell_id: str, line: str) -> dict:
    return {
        "cell_type": "markdown",
        "id": cell_id,
        "metadata": {METADATA_KEY: {"navigation": True}},
        "source": split_source(f"{COMMENT}\n{line}"),
    }


def is_navigation(cell: dict) -> bool:
    metadata = cell.get("metadata", {}).get(METADATA_KEY, {})
    marked = isinstance(metadata, dict) and metadata.get("navigation") is True
    return marked or cell_text(cell).lstrip().startswith(COMMENT_START)


def with_navigation(name: str, notebook: dict, line: str) -> dict:
    """A copy of the notebook with its navigation cells (wherever they were) replaced by the two bars."""
    cells = [cell for cell in notebook.get("cells", []) if not is_navigation(cell)]
    if not cells:
        raise NavigationError(f"{name}: no cells besides navigation")
    result = copy.copy(notebook)
    result["cells"] = [cells[0], navigation_cell(TOP_ID, line), *cells[1:], navigation_cell(BOTTOM_ID, line)]
    return result


def map_text(text: str, titles_by_name: dict[str, str]) -> str:
    """The map cell's text with its table rows rewritten from SEQUENCE; the question column is kept."""
    lines = text.split("\n")
    header = next((i for i, line in enumerate(lines) if MAP_HEADER.match(line)), None)
    if header is None or header + 1 >= len(lines):
        raise NavigationError(f"{CONTENTS}: no map table (a line starting '| # | Notebook |')")
    start = header + 2  # after the delimiter row
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    questions = {}
    for line in lines[start:end]:
        match = MAP_ROW.match(line)
        if not match:
            raise NavigationError(f"{CONTENTS}: a map row this script cannot read, so it would lose its text: {line!r}")
        questions[match.group(2)] = match.group(3).strip()
    rows = [
        f"| {name[:2]} | [{titles_by_name[name]}]({name}) | {questions.get(name, '')} |"
        for name in SEQUENCE
        if name != CONTENTS
    ]
    return "\n".join(lines[:start] + rows + lines[end:])


def with_map(notebook: dict, titles_by_name: dict[str, str]) -> dict:
    """A copy of the start notebook with its map table rewritten (the cell is replaced only if its text changes)."""
    result = copy.copy(notebook)
    result["cells"] = list(notebook["cells"])
    for index, cell in enumerate(result["cells"]):
        if cell.get("cell_type") == "markdown" and any(MAP_HEADER.match(line) for line in cell_text(cell).split("\n")):
            old = cell_text(cell)
            new = map_text(old, titles_by_name)
            if new != old:
                result["cells"][index] = {**cell, "source": split_source(new)}
            return result
    raise NavigationError(f"{CONTENTS}: no map table (a markdown cell with a line starting '| # | Notebook |')")


def plan(folder: Path) -> dict[str, tuple[dict, dict]]:
    """For every notebook of the sequence: (as it is, as this script would write it)."""
    check_sequence(folder)
    notebooks = {name: read_notebook(folder / name) for name in SEQUENCE}
    titles_by_name = titles(notebooks)
    result = {}
    for name, notebook in notebooks.items():
        wanted = with_navigation(name, notebook, navigation_line(name, titles_by_name))
        if name == CONTENTS:
            wanted = with_map(wanted, titles_by_name)
        result[name] = (notebook, wanted)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any navigation is out of date")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR, help="the folder of the notebooks (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        planned = plan(args.notebooks)
    except NavigationError as error:
        print(f"add_navigation: {error}", file=sys.stderr)
        return 2
    stale = [name for name, (current, wanted) in planned.items() if current != wanted]
    if args.check:
        if stale:
            print("navigation out of date in: " + ", ".join(stale), file=sys.stderr)
            print("run: python tools/add_navigation.py", file=sys.stderr)
            return 1
        print(f"navigation up to date in all {len(planned)} notebooks")
        return 0
    for name in stale:
        (args.notebooks / name).write_text(dumps(planned[name][1]), encoding="utf-8", newline="\n")
        print(f"wrote {name}")
    if not stale:
        print(f"navigation up to date in all {len(planned)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
