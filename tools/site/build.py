"""Build the static site: every notebook as a web page whose explorers stay live with no kernel.

Usage::

    python tools/site/build.py [--out _site] [--assets build/site-assets]

What it does
    * The notebooks are exported from their stored outputs, never executed, by
      nbconvert's HTMLExporter with this folder's template (``templates/bitsandnats-site``,
      built on nbconvert's ``lab`` template).  The notebooks store their widget state,
      the explorers' ES modules included, and the page embeds it: ``static/widgets.js``,
      the site's widget manager, draws every explorer and predict widget from it, and
      their own modules compute what they show, so inputs, drags, buttons and readouts
      all work without a kernel.  Every widget of the collection is an anywidget, so that
      manager is anywidget's part alone (a model to get, set and watch, an element to
      draw in); html-manager's ``libembed-amd.js``, which renders any widget, is 3.6 MB
      and was most of a cold load (benchmarks/site_load.py).
    * Everything a page loads is on the site: this folder's ``static/`` files, the
      explorers' modules, and from nbconvert JupyterLab's styles and its light and dark
      themes.  Nothing is loaded from another host when a page is read.
    * The TeX is typeset here, not in the reader's browser: ``typeset.mjs`` runs MathJax 3
      (npm's ``mathjax-full``, installed at build time) under Node.js over each page and writes every formula as
      SVG.  A page then loads no math renderer and no font, shows its formulas before any
      script has run, and the explorers are not kept waiting while MathJax typesets
      (benchmarks/site_load.py found MathJax 2 in the page the largest script cost
      of a cold load).  The widget state is checked to come through byte for byte.
    * Each explorer's ES module is one file of the site, shared by every widget that uses
      it (:func:`share_modules`), instead of a copy in each widget's stored state.
    * Each page gets a header: the contents page, the previous and next notebook (the
      reading order of ``tools/add_navigation.py``), a light/dark switch (``static/site.js``;
      ``theme.css`` holds both of JupyterLab's themes, the dark one under
      ``:root[data-bn-theme=dark]``), and a Binder badge (a local SVG) that opens the
      notebook with a kernel, at the repository ``tools/project.py`` reads from
      pyproject.toml.  Links between notebooks point at their pages.

Why nbconvert
    Tried for this: Jupyter Book 2 and mystmd fetch their theme from the network and
    fail offline; Jupyter Book 1 (Sphinx) builds offline but its pages load MathJax,
    require.js and the widget manager from CDNs.  nbconvert's HTML export takes a local
    URL for each of them, keeps the widget state, and renders anywidgets live offline;
    what it lacks (navigation, a contents page, the theme switch) is this script and
    its small template.

The npm package is installed once into ``--assets`` (kept between builds, git-ignored
under build/); ``--out`` is replaced whole on every build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = HERE / "templates"
TEMPLATE = "bitsandnats-site"

sys.path.insert(0, str(HERE.parent))
import add_navigation  # noqa: E402  (tools/ is not a package)
import project  # noqa: E402

#: The page of the notebook that is not in the reading order: the explorers alone, for a classroom.
CLASSROOM = "classroom.ipynb"
#: Where the site's scripts and styles go, relative to the pages.
STATIC = "_static"
#: Where the notebooks' figures go, one PNG file each.
IMAGES = "_images"
#: Where the explorers' ES modules go, one file per distinct module (named by its content's hash).
MODULES = f"{STATIC}/modules"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: Said on every page, under the header.
NOTE = ("This page runs without a kernel: its explorers and predictions compute in your browser. Panels that "
        "compare the package with other Python libraries need a running kernel and say so; for those, launch "
        "the notebook on Binder.")


def npm_packages() -> list[str]:
    """The npm packages the build needs: MathJax 3, to typeset the TeX."""
    return ["mathjax-full@3"]


# --- what the pages load ---------------------------------------------------------------------


def install_npm_packages(assets: Path) -> Path:
    """``node_modules`` in ``assets`` with :func:`npm_packages`, installed unless already there."""
    wanted = npm_packages()
    stamp = assets / "installed.json"
    modules = assets / "node_modules"
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted and modules.is_dir():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make site needs npm (Node.js) to fetch the pages' scripts: install Node.js and npm")
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "package.json").write_text('{"private": true}\n')
    # npm's cache and logs stay in `assets` too, not in the home directory.
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error",
                    f"--cache={assets / 'npm-cache'}", *wanted], cwd=assets, check=True)
    stamp.write_text(json.dumps(wanted))
    return modules


def copy_static(static: Path) -> None:
    """The scripts and styles every page loads, into ``static``."""
    shutil.copytree(HERE / "static", static)
    lab = Path(_lab_template_dir()) / "static"
    shutil.copy2(lab / "index.css", static / "lab.css")
    (static / "theme.css").write_text(both_themes(lab / "theme-light.css", lab / "theme-dark.css"))


def _lab_template_dir() -> str:
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates"):
        if (Path(folder) / "lab" / "static" / "theme-dark.css").is_file():
            return str(Path(folder) / "lab")
    raise SystemExit("nbconvert's lab template was not found (is nbconvert installed?)")


def both_themes(light: Path, dark: Path) -> str:
    """JupyterLab's light theme for the page, and its dark theme under ``:root[data-bn-theme="dark"]``.

    Both files set JupyterLab's CSS variables on ``:root`` only; the dark one is
    scoped to the attribute the theme switch sets, so switching swaps every
    variable at once.
    """
    dark_text = dark.read_text()
    scoped, count = re.subn(r":root\b", ':root[data-bn-theme="dark"]', dark_text)
    if count == 0:
        raise SystemExit(f"{dark}: no :root rule to scope; has nbconvert's lab theme changed?")
    return ("/* JupyterLab's light theme (nbconvert's lab template). */\n" + light.read_text()
            + "\n/* JupyterLab's dark theme, for the switch. */\n" + scoped)


# --- the pages -------------------------------------------------------------------------------


def page_name(notebook: str) -> str:
    return notebook.removesuffix(".ipynb") + ".html"


_NOTEBOOK_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#]+?)\.ipynb(#[^"]*)?"')


def link_pages(text: str, known: set[str]) -> str:
    """Links from one notebook to another, ``href="03_x.ipynb#part"``, pointed at the pages instead."""
    def relink(match: re.Match) -> str:
        name = match.group(1) + ".ipynb"
        if name not in known:
            raise SystemExit(f"a link points at {name}, which is not a notebook of the site")
        return f'href="{page_name(name)}{match.group(2) or ""}"'

    return _NOTEBOOK_LINK.sub(relink, text)


def share_modules(notebook, out: Path) -> int:
    """Each anywidget's ES module written once to the site, and the widget given a stub that imports it.

    A notebook stores every widget's module in full (about 60 kB each; 09 has
    eleven Predictions with the same one).  On the site each distinct module
    is a file under ``_static/modules/``, named by the hash of its text, and a
    widget's ``_esm`` becomes a two-line module that imports that file and
    passes on what it exports: the browser fetches and compiles the module
    once for all the widgets of a page, and caches it for the next page.
    anywidget imports an ``_esm`` that is not an http(s) URL from a blob URL,
    where a relative import has no base, so the stub resolves the file
    against the page's own address.  Returns the number of widgets changed.
    """
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    shared = 0
    for model in state.values():
        esm = model.get("state", {}).get("_esm")
        if model.get("model_module") != "anywidget" or not isinstance(esm, str):
            continue
        name = f"{MODULES}/{hashlib.sha256(esm.encode('utf-8')).hexdigest()[:16]}.js"
        target = out / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(esm, encoding="utf-8")
        model["state"]["_esm"] = (f"const shared = await import(new URL({json.dumps(name)}, document.baseURI).href);\n"
                                  "export default shared.default;\n")
        shared += 1
    return shared


def site_context(name: str, title: str, order: list[str], titles: dict[str, str]) -> dict:
    """What the header and footer of ``name``'s page show."""
    position = order.index(name) if name in order else None

    def neighbour(offset: int):
        if position is None or not 0 <= position + offset < len(order):
            return None
        other = order[position + offset]
        return {"href": page_name(other), "title": titles[other]}

    return {"static": STATIC, "previous": neighbour(-1), "next": neighbour(1), "note": NOTE, "title": title,
            "binder": project.binder_url(f"notebooks/{name}",
                                         interface="voila" if name == CLASSROOM else "lab")}


def exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = TEMPLATE
    # Every PNG to a file of its own under _images/ (written by build()), not a data URL in the page.
    config.HTMLExporter.preprocessors = ["nbconvert.preprocessors.ExtractOutputPreprocessor"]
    config.ExtractOutputPreprocessor.extract_output_types = {"image/png"}
    return HTMLExporter(config=config)


def read_titles() -> tuple[list[str], dict[str, str]]:
    """The reading order (the contents notebook first) and every page's title, as the reader sees it."""
    add_navigation.check_sequence(NOTEBOOKS)
    order = list(add_navigation.SEQUENCE)
    titles = {}
    for name in [*order, CLASSROOM]:
        notebook = add_navigation.read_notebook(NOTEBOOKS / name)
        first = add_navigation.cell_text(notebook["cells"][0]).split("\n", 1)[0]
        titles[name] = first.removeprefix("# ").strip()
    # The start notebook's heading is the collection's name; in the navigation it is the start.
    titles[add_navigation.CONTENTS] = f"{add_navigation.CONTENTS[:2]} · Start here"
    return order, titles


def map_questions() -> dict[str, str]:
    """The question each notebook answers, from the start notebook's map (TeX and all: the page typesets it)."""
    notebook = add_navigation.read_notebook(NOTEBOOKS / add_navigation.CONTENTS)
    questions = {}
    for cell in notebook["cells"]:
        for line in add_navigation.cell_text(cell).split("\n"):
            match = add_navigation.MAP_ROW.match(line)
            if cell.get("cell_type") == "markdown" and match:
                questions[match.group(2)] = match.group(3).strip()
    return questions


def build(out: Path, assets: Path) -> list[Path]:
    """The whole site in ``out`` (replaced); returns the pages written, the contents page first."""
    order, titles = read_titles()
    modules = install_npm_packages(assets)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_static(out / STATIC)

    import nbformat

    html_exporter = exporter()
    known = {*order, CLASSROOM}
    pages = [write_contents(out, order, titles)]
    for name in [*order, CLASSROOM]:
        node = nbformat.read(NOTEBOOKS / name, as_version=4)
        share_modules(node, out)
        node.metadata["title"] = f"{titles[name]} · Bits & Nats"
        stem = name.removesuffix(".ipynb")
        body, resources = html_exporter.from_notebook_node(
            node, resources={"bn_site": site_context(name, titles[name], order, titles), "unique_key": stem,
                             "output_files_dir": IMAGES})
        for filename, data in resources["outputs"].items():
            # A widget's output carries a PNG too (for GitHub); the page shows the live widget instead.
            if f'src="{filename}"' in body:
                (out / filename).parent.mkdir(parents=True, exist_ok=True)
                (out / filename).write_bytes(data)
        page = out / page_name(name)
        page.write_text(link_pages(body, known), encoding="utf-8")
        pages.append(page)
    typeset(pages, modules)
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ as it is
    return pages


_WIDGET_SCRIPT = re.compile(r'<script type="application/vnd\.jupyter\.widget-(?:state|view)\+json">(.*?)</script>', re.S)


def typeset(pages: list[Path], modules: Path) -> None:
    """Every page's TeX as SVG, by typeset.mjs; the widget state and views must come through unchanged."""
    before = {page: [json.loads(text) for text in _WIDGET_SCRIPT.findall(page.read_text(encoding="utf-8"))]
              for page in pages}
    node = shutil.which("node")
    if node is None:
        raise SystemExit("make site needs Node.js to typeset the pages' TeX: install Node.js")
    subprocess.run([node, str(HERE / "typeset.mjs"), str(modules), *map(str, pages)], check=True,
                   stdout=subprocess.DEVNULL)
    for page, widgets in before.items():
        after = [json.loads(text) for text in _WIDGET_SCRIPT.findall(page.read_text(encoding="utf-8"))]
        if after != widgets:
            raise SystemExit(f"{page.name}: typesetting changed its widget state or views")


def write_contents(out: Path, order: list[str], titles: dict[str, str]) -> Path:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(loader=FileSystemLoader(TEMPLATES / TEMPLATE), autoescape=select_autoescape())
    questions = map_questions()
    pages = [{"href": page_name(name), "title": titles[name], "summary": questions.get(name, "")} for name in order]
    site = {"static": STATIC, "previous": None, "next": {"href": page_name(order[0]), "title": titles[order[0]]},
            "note": NOTE, "binder": project.binder_url(f"notebooks/{order[0]}"),
            "repository": project.repository_url(), "pages": pages,
            "classroom": {"href": page_name(CLASSROOM), "title": titles[CLASSROOM]}}
    page = out / "index.html"
    page.write_text(environment.get_template("contents.html.j2").render(site=site), encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="the site's folder, replaced (default _site)")
    parser.add_argument("--assets", type=Path, default=ROOT / "build" / "site-assets",
                        help="where the npm packages are kept between builds (default build/site-assets)")
    arguments = parser.parse_args(argv)
    pages = build(arguments.out.resolve(), arguments.assets.resolve())
    size = sum(path.stat().st_size for path in arguments.out.rglob("*") if path.is_file())
    print(f"{len(pages)} pages in {arguments.out} ({size / 1e6:.1f} MB); serve it with `make serve-site`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
