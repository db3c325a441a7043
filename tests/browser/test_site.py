"""The static site (`make site`): every page offline, typeset and quiet; its explorers live with no kernel.

The site is built as `make site` builds it (``tools/site/build.py``), into a
temporary directory (npm's packages too, so nothing lands in the checkout),
served on 127.0.0.1, and opened in Chromium with every request to any other
host aborted and recorded.  There is no kernel anywhere: the site's widget
manager (tools/site/static/widgets.js) draws the widgets from the state
stored in the notebooks, and what the explorers show they compute in the page.

Checked on every page, the contents page included: nothing was asked from
outside; no console error; every image has its alt text (the package's, from
the output's metadata); the math is typeset (as SVG, by MathJax when the
site was built) with no TeX left raw in the prose and no MathJax error; every widget view is drawn
(each one's explorer root, with its charts) and fits its box with nothing
sticking out; at 1280 and at 360 px wide the page does not scroll sideways.
The classroom page, on a projector's 1280 × 720, shows every explorer in its
presentation type (24 px) and fitting.  Then, as a learner would use them:

* notebook 03: the distribution explorer answers the keyboard and a pointer
  drag, and its numbers are the package's for the distributions it shows
  (explorer_page.check_numbers); the SciPy panel shows the numbers stored for
  the starting point, and after a move says that it needs a kernel;
* notebooks 09 and 03: every prediction reveals, after the commit (a choice
  picked with the keyboard, a number typed), exactly what Python's
  ``Prediction.revealed()`` gives for the widget stored in the notebook with
  the guess the page made;
* every explorer of every page, of each of the package's kinds: a key on
  its first control changes its readouts, every button of it is pressed, and
  nothing logs an error or stops drawing;
* the light/dark switch: the page and the explorers take the dark colours,
  and a reload keeps the choice.

And in the files: every figure a page names is a PNG on the site; every
widget imports one shared module file, byte for byte the module its
notebook stores (what nbval and the JupyterLab tests ran).

Without npm the test is skipped, except under CI (CI=true), where npm is part
of the set-up and its absence fails the test.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bitsandnats.explorers.predict import Prediction

from .explorer_page import (COLOURS, P_COUNTS, Q_COUNTS, check_numbers, distribution_explorers, drag, expect,
                            overflow_problems, press, range_input, wait_until_still)
from .jupyter_browser import BIN, NOTEBOOKS, ON_CI, ConsoleErrors, artifacts_dir, is_local, private_environment

ROOT = NOTEBOOKS.parent
BUILDER = ROOT / "tools" / "site" / "build.py"
PAGES = ["index.html", *sorted(path.with_suffix(".html").name for path in NOTEBOOKS.glob("*.ipynb"))]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1280, "height": 720}

#: What a page shows: its widget views and explorers, its math, raw TeX left in the prose, its width.
_PAGE_JS = """() => {
  const prose = Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedHTMLCommon, main.jp-RenderedHTMLCommon'));
  return {
    views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    explorers: document.querySelectorAll('.bn-explorer').length,
    undrawn: Array.from(document.querySelectorAll('.bn-explorer svg[data-chart]'))
      .filter((svg) => !(svg.getBoundingClientRect().width > 0)).map((svg) => svg.dataset.chart),
    withoutAlt: Array.from(document.querySelectorAll('main img')).filter((img) => !img.alt ||
      img.alt.startsWith('No description')).length,
    math: document.querySelectorAll('mjx-container svg').length,
    mathErrors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    rawTex: prose.flatMap((node) => node.innerText.match(/\\$[^$\\n]+\\$|\\\\(frac|sum|log|mathrm)\\b/g) || []),
    scrollWidth: document.scrollingElement.scrollWidth,
    clientWidth: document.scrollingElement.clientWidth,
  };
}"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def site(scratch):
    """The site built by tools/site/build.py into the scratch directory and served on 127.0.0.1; yields its URL."""
    if shutil.which("npm") is None:
        message = "npm is not installed: make site needs it to fetch the pages' scripts"
        if ON_CI:
            pytest.fail(message, pytrace=False)
        # Only locally: a machine without npm still runs the rest; CI (which installs npm) fails above.
        pytest.skip(message)
    out, assets = scratch / "site", scratch / "site-assets"
    built = subprocess.run([str(BIN / "python"), str(BUILDER), "--out", str(out), "--assets", str(assets)],
                           cwd=ROOT, env=private_environment(scratch / "site-home"), capture_output=True, text=True,
                           timeout=900)
    assert built.returncode == 0, f"the site build failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}"
    assert sorted(path.name for path in out.glob("*.html")) == sorted(PAGES)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Offline:
    """A browser context in which every request to another host is aborted and recorded."""

    def __init__(self, browser, viewport):
        self.outside: list[str] = []
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._only_local)

    def _only_local(self, route):
        if is_local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url: str):
        """A new page at ``url``, loaded and its widgets drawn; with its console watched."""
        page = self.context.new_page()
        page.console_errors = ConsoleErrors(page)
        page.goto(url)
        page.wait_for_load_state("load")
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        expect(page.locator(".bn-explorer")).to_have_count(views)
        for explorer in page.locator(".bn-explorer").all():
            wait_until_still(explorer)
        return page


@pytest.fixture
def offline(browser):
    contexts = []

    def make(viewport=DESKTOP) -> Offline:
        contexts.append(Offline(browser, viewport))
        return contexts[-1]

    yield make
    for context in contexts:
        assert not context.outside, f"pages asked for things from outside this machine: {context.outside}"
        context.context.close()


def failure_screenshot(page, name: str) -> None:
    try:
        page.screenshot(path=str(artifacts_dir() / f"site-{name}-failure.png"), full_page=True)
    except Exception:
        pass


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_is_offline_typeset_drawn_and_quiet(site, offline, viewport):
    browser = offline(viewport)
    problems = {}
    for name in PAGES:
        page = browser.open(site + name)
        try:
            shown = page.evaluate(_PAGE_JS)
            found = []
            if shown["explorers"] != shown["views"] or shown["undrawn"]:
                found.append(f"widgets: {shown['views']} views, {shown['explorers']} drawn, charts with no width "
                             f"{shown['undrawn']}")
            if shown["withoutAlt"]:
                found.append(f"{shown['withoutAlt']} images without their alt text")
            if name not in ("index.html", "classroom.html") and shown["math"] == 0:
                found.append("no typeset math")
            if shown["mathErrors"] or shown["rawTex"]:
                found.append(f"math: {shown['mathErrors']} errors, raw TeX {shown['rawTex'][:5]}")
            if shown["scrollWidth"] > shown["clientWidth"]:
                found.append(f"scrolls sideways: {shown['scrollWidth']} px of content in {shown['clientWidth']} px")
            found += overflow_problems(page)  # every explorer fits its box, nothing sticks out
            if page.console_errors.messages:
                found.append("console errors: " + " | ".join(page.console_errors.messages))
            if found:
                problems[name] = found
                failure_screenshot(page, f"{viewport['width']}-{name}")
        finally:
            page.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_classroom_page_fits_a_projector(site, offline):
    """The classroom page at 1280 × 720: every explorer in presentation type (24 px), none wider than the screen."""
    page = offline(PROJECTOR).open(site + "classroom.html")
    explorers = page.locator(".bn-explorer")
    assert explorers.count() > 0
    sizes = explorers.evaluate_all("(roots) => roots.map((root) => [root.classList.contains('bn-presentation'), "
                                   "parseFloat(getComputedStyle(root).fontSize)])")
    assert all(presentation and size >= 24 for presentation, size in sizes), sizes
    assert not overflow_problems(page)
    assert not page.console_errors.messages, page.console_errors.messages


def test_the_distribution_explorer_of_03_answers_keyboard_and_pointer(site, offline):
    page = offline().open(site + "03_cross_entropy_and_kl.html")
    try:
        explorer = distribution_explorers(page).first
        explorer.scroll_into_view_if_needed()
        start = check_numbers(explorer)
        assert (start.events, start.p, start.q) == (COLOURS, P_COUNTS, Q_COUNTS)

        name = f"P[{COLOURS[0]}]"
        press(explorer, name, "ArrowUp")
        expect(range_input(explorer, name)).to_have_value(str(P_COUNTS[0] + 1))
        wait_until_still(explorer)
        assert check_numbers(explorer).p[0] == P_COUNTS[0] + 1

        target = f"Q[{COLOURS[2]}]"
        drag(explorer, target, [Q_COUNTS[2], 300, 450])
        expect(range_input(explorer, target)).to_have_value("450")
        wait_until_still(explorer)
        assert check_numbers(explorer).q[2] == 450

        # The SciPy panel: the numbers stored for the starting point, then, after a move, "needs a kernel".
        agreement = page.locator(".bn-explorer.bn-agreement")
        expect(agreement).to_have_count(1)
        kernel_box = agreement.locator(".bn-kernel-readouts")
        expect(kernel_box).to_have_attribute("data-state", "computed")
        expect(kernel_box.locator("tr[data-key]").first).to_be_visible()
        press(agreement, name, "ArrowUp")
        expect(agreement.locator(".bn-kernel-readouts[data-state=no-kernel]")).to_contain_text("need a running kernel")
        assert not page.console_errors.messages, page.console_errors.messages
    except BaseException:
        failure_screenshot(page, "03")
        raise


def stored_predictions(notebook: str) -> dict[str, dict]:
    """The Prediction widgets stored in ``notebook``'s widget state, by question: their synced traits."""
    metadata = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["metadata"]
    models = metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].values()
    return {model["state"]["question"]: model["state"] for model in models if "question" in model["state"]}


def revealed_rows(widget) -> list[list[str]]:
    return widget.locator(".bn-result tr[data-key]").evaluate_all(
        "(rows) => rows.map(row => [row.querySelector('th').textContent, row.querySelector('td').textContent])")


def python_prediction(traits: dict, guess) -> Prediction:
    """The Prediction that the stored traits describe, committed to ``guess``."""
    python = Prediction(traits["question"], traits["kind"], traits["answer"], traits["explanation"],
                        options=traits["options"], unit=traits["unit"], tolerance=traits["tolerance"],
                        digits=traits["digits"])
    python.guess = guess
    python.committed = True
    return python


@pytest.mark.parametrize("notebook", ["09_misconceptions.ipynb", "03_cross_entropy_and_kl.ipynb"])
def test_every_prediction_reveals_what_python_computes(site, offline, notebook):
    """Each Prediction of the page: nothing of the answer before the commit; after it, Python's revealed().

    A choice is picked with the keyboard (a different option from one widget
    to the next, so both verdicts come up), a number typed and committed
    with Enter; the rows shown must equal ``Prediction.revealed()`` for the
    widget stored in the notebook, with the guess the page made.
    """
    page = offline().open(site + notebook.replace(".ipynb", ".html"))
    stored = stored_predictions(notebook)
    widgets = page.locator(".bn-explorer.bn-predict")
    assert widgets.count() == len(stored) > 0
    verdicts = set()
    try:
        for index in range(widgets.count()):
            widget = widgets.nth(index)
            widget.scroll_into_view_if_needed()
            traits = stored[widget.locator(".bn-question").inner_text()]
            assert widget.locator(".bn-result tr").count() == 0  # no answer before the commit
            assert traits["explanation"][:40] not in widget.inner_text()
            if traits["kind"] == "choice":
                option = widget.locator('input[type="radio"]').nth(index % len(traits["options"]))
                option.focus()
                page.keyboard.press("Space")
                guess = option.get_attribute("data-option")
                widget.locator('button[data-action="Commit"]').click()
            else:
                guess = round(traits["answer"] + 0.25, 2)
                widget.locator("input.bn-guess").fill(str(guess))
                widget.locator("input.bn-guess").press("Enter")
            python = python_prediction(traits, guess)
            expect(widget.locator(".bn-result tr[data-key]")).to_have_count(len(python.revealed()))
            wait_until_still(widget)
            assert revealed_rows(widget) == [list(row) for row in python.revealed()], traits["question"]
            assert traits["explanation"][:40] in widget.locator(".bn-explanation").inner_text()
            verdicts.add(python.verdict)
        if notebook.startswith("09"):
            assert verdicts == {"right", "wrong"}
        assert not page.console_errors.messages, page.console_errors.messages
    except BaseException:
        failure_screenshot(page, notebook[:2])
        raise


_COLOURS_JS = """() => {
  const explorer = document.querySelector('.bn-explorer');
  const style = (node) => getComputedStyle(node);
  return {theme: document.documentElement.dataset.bnTheme, page: style(document.body).backgroundColor,
          text: style(document.body).color, explorer: style(explorer).backgroundColor,
          ink: style(explorer).getPropertyValue('--bn-ink').trim(), light: document.body.dataset.jpThemeLight,
          pressed: document.querySelector('.bn-theme-switch').getAttribute('aria-pressed')};
}"""


def luminance(css_colour: str) -> float:
    red, green, blue = (int(value) for value in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_dark_switch_turns_the_page_and_its_explorers_dark_and_is_remembered(site, offline):
    browser = offline()
    page = browser.open(site + "03_cross_entropy_and_kl.html")
    light = page.evaluate(_COLOURS_JS)
    assert light["theme"] == "light" and light["light"] == "true" and light["pressed"] == "false"
    assert luminance(light["page"]) > 200 and luminance(light["explorer"]) > 200

    page.locator(".bn-theme-switch").click()
    dark = page.evaluate(_COLOURS_JS)
    assert dark["theme"] == "dark" and dark["light"] == "false" and dark["pressed"] == "true"
    assert luminance(dark["page"]) < 60 and luminance(dark["explorer"]) < 60
    assert luminance(dark["text"]) > 150 and dark["ink"] != light["ink"]  # the explorers draw in the dark ink

    page.reload()
    page.wait_for_load_state("load")
    # Remembered, and set before the first paint: the first script of the page has set it by "load".
    assert page.evaluate("() => document.documentElement.dataset.bnTheme") == "dark"
    other = browser.open(site + "index.html")
    assert other.evaluate("() => document.documentElement.dataset.bnTheme") == "dark"
    other.locator(".bn-theme-switch").click()
    assert other.evaluate("() => document.documentElement.dataset.bnTheme") == "light"


def test_every_figure_a_page_shows_is_on_the_site(site, scratch):
    """The figures are files of their own (_images/), each one a page names: present, a PNG, and named once."""
    out = scratch / "site"
    named = []
    for page in PAGES:
        named += re.findall(r'<img [^>]*src="(_images/[^"]+)"', (out / page).read_text(encoding="utf-8"))
    assert named and len(named) == len(set(named))
    for source in named:
        assert (out / source).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", source
    assert sorted(path.relative_to(out).as_posix() for path in (out / "_images").iterdir()) == sorted(named)


def test_every_explorer_runs_the_module_its_notebook_stores(site, scratch):
    """Each widget of a page imports one shared module file, and that file is its notebook's stored module, exactly."""
    out = scratch / "site"
    stub = re.compile(r'^const shared = await import\(new URL\("(_static/modules/[0-9a-f]{16}\.js)", document\.baseURI\)'
                      r'\.href\);\nexport default shared\.default;\n$')
    used = set()
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        stored = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("widgets", {})
        stored = stored.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        page = (out / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
        found = re.search(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', page, re.S)
        shown = json.loads(found.group(1))["state"] if found else {}
        assert shown.keys() == stored.keys(), notebook.name
        for model_id, model in stored.items():
            if model["model_module"] != "anywidget":
                assert shown[model_id] == model
                continue
            match = stub.match(shown[model_id]["state"]["_esm"])
            assert match, (notebook.name, shown[model_id]["state"]["_esm"][:200])
            assert (out / match.group(1)).read_text(encoding="utf-8") == model["state"]["_esm"], notebook.name
            rest = {key: value for key, value in shown[model_id]["state"].items() if key != "_esm"}
            assert rest == {key: value for key, value in model["state"].items() if key != "_esm"}
            used.add(match.group(1))
    assert sorted(path.relative_to(out).as_posix() for path in (out / "_static" / "modules").iterdir()) == sorted(used)


_READOUTS_JS = """(root) => Array.from(root.querySelectorAll('table.bn-readouts td')).map((cell) => cell.textContent)"""


def test_every_explorer_of_every_page_answers_without_a_kernel(site, offline):
    """Each explorer of the site (predictions aside, tested above): a key on its first control moves it and changes
    what its readouts say; then every one of its buttons is pressed; nothing logs an error or stops drawing."""
    browser = offline()
    problems, kinds = {}, set()
    for name in PAGES:
        page = browser.open(site + name)
        try:
            explorers = page.locator(".bn-explorer:not(.bn-predict)")
            for index in range(explorers.count()):
                root = explorers.nth(index)
                where = f"{name} explorer {index} ({root.get_attribute('class')})"
                control = root.locator("input.bn-range").first
                if control.count() == 0:
                    continue
                kinds.add(root.evaluate("(node) => node.dataset.kind || Array.from(node.classList)"
                                        ".find((name) => name.startsWith('bn-') && !['bn-explorer', "
                                        "'bn-presentation'].includes(name))"))
                control.scroll_into_view_if_needed()
                before, value = root.evaluate(_READOUTS_JS), control.input_value()
                control.focus()
                page.keyboard.press("ArrowDown" if value == control.get_attribute("max") else "ArrowUp")
                wait_until_still(root)
                if control.input_value() == value:
                    problems[where] = "the key did not move the control"
                elif root.evaluate(_READOUTS_JS) == before:
                    problems[where] = "the readouts did not change"
                for button in root.locator("button[data-action]").all():
                    if button.is_visible() and button.is_enabled():
                        button.click()
                        wait_until_still(root)
                if root.locator("svg[data-chart]").count() and not root.evaluate(
                        "(node) => Array.from(node.querySelectorAll('svg[data-chart]')).every("
                        "(svg) => svg.getBoundingClientRect().width > 0)"):
                    problems[where] = "a chart stopped drawing"
            if page.console_errors.messages:
                problems[name] = "console errors: " + " | ".join(page.console_errors.messages)
        finally:
            page.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    # Every kind of explorer the package has (explorerRoot(el, kind) in its module) was among them.
    sources = (ROOT / "src" / "bitsandnats" / "explorers").glob("*.js")
    every_kind = {f"bn-{kind}" for path in sources for kind in re.findall(r'explorerRoot\(el, "([a-z-]+)"\)',
                                                                           path.read_text(encoding="utf-8"))}
    assert kinds == every_kind - {"bn-predict"}, (sorted(kinds), sorted(every_kind))
