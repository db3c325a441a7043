"""Notebook 03 exported to static HTML with its widget state: the explorers still work with no kernel and no internet.

The notebook is executed and exported by nbconvert (``jupyter nbconvert
--execute --to html``, widget state stored), the way a teacher puts a
notebook on a web page.  Everything the page loads is local: the widget
front ends come from npm, installed at test time into a temporary directory
(never into the checkout): ``@jupyter-widgets/html-manager``'s
``embed-amd.js`` as the widget renderer, requirejs's ``require.js``, MathJax 2
(nbconvert's template is written for MathJax 2), and anywidget's front end,
``dist/index.js``, copied beside the page as ``anywidget.js``: embed-amd asks
requirejs for each widget module by name first (``require(["anywidget"])``,
which requirejs loads as ``anywidget.js`` from the page's directory) and only
then tries a CDN.  The directory is served on 127.0.0.1 and opened in
Chromium with every request to any other host aborted, and recorded.

Checked: the page asked for nothing from outside; it logs no console error;
the distribution explorer renders, answers the keyboard (ArrowUp on P[red]),
and its readouts are the package's numbers for the distributions shown
(explorer_page.check_numbers).  The SciPy agreement explorer's numbers come
from the kernel: the page shows those stored with the notebook for its
starting point, and after a move it says there is no kernel
(``.bn-kernel-readouts[data-state=no-kernel]``) instead of showing numbers
that belong to another state.

Without npm the test is skipped, except under CI (CI=true), where npm is part
of the set-up and its absence fails the test.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .explorer_page import (COLOURS, NOTEBOOK, P_COUNTS, Q_COUNTS, check_numbers, distribution_explorers, expect,
                            press, range_input, wait_until_still)
from .jupyter_browser import (BIN, NOTEBOOKS, ON_CI, ConsoleErrors, artifacts_dir, is_local, private_environment,
                              screenshot)


def npm_packages() -> list[str]:
    """The npm packages the page needs, pinned to what the kernel side speaks.

    html-manager 1.x is the one for ipywidgets 8; anywidget's front end must
    be the Python package's own version.
    """
    from importlib.metadata import version

    return ["@jupyter-widgets/html-manager@1", "requirejs@2", "mathjax@2", f"anywidget@{version('anywidget')}"]


#: Where the page finds each script, relative to it (the directory served holds the page and node_modules/).
REQUIRE_JS = "node_modules/requirejs/require.js"
EMBED_AMD = "node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js"
MATHJAX = "node_modules/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"


def _run(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 600) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")


@pytest.fixture(scope="module")
def site(browser, scratch):
    """The exported page and its scripts in one directory, served on 127.0.0.1; yields the page's URL."""
    npm = shutil.which("npm")
    if npm is None:
        message = "npm is not installed: the static HTML test needs it to fetch the widget front ends"
        if ON_CI:
            pytest.fail(message, pytrace=False)
        # Only locally: a machine without npm still runs the rest; CI (which installs npm) fails above.
        pytest.skip(message)
    root = scratch / "static"
    root.mkdir()
    env = private_environment(scratch / "static-home")
    # npm's own cache and logs stay in the scratch directory too.
    _run([npm, "install", "--prefix", str(root), "--no-audit", "--no-fund", "--no-save", "--loglevel=error",
          f"--cache={scratch / 'npm-cache'}", *npm_packages()], cwd=root, env=env)
    shutil.copy(root / "node_modules/anywidget/dist/index.js", root / "anywidget.js")
    shutil.copy(NOTEBOOKS / NOTEBOOK, root / NOTEBOOK)
    _run([str(BIN / "jupyter-nbconvert"), "--execute", "--to", "html", "--ExecutePreprocessor.store_widget_state=True",
          "--ExecutePreprocessor.timeout=300", f"--HTMLExporter.require_js_url={REQUIRE_JS}",
          f"--HTMLExporter.widget_renderer_url={EMBED_AMD}", f"--HTMLExporter.mathjax_url={MATHJAX}", NOTEBOOK],
         cwd=root, env=env)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{NOTEBOOK.removesuffix('.ipynb')}.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def test_static_page_works_without_kernel_or_internet(site, page):
    outside = []

    def only_local(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    console = ConsoleErrors(page)
    try:
        page.goto(site)
        explorer = distribution_explorers(page)
        expect(explorer).to_have_count(1)
        expect(explorer.locator('svg[data-chart="pq"] rect[data-bar]')).to_have_count(2 * len(COLOURS))
        wait_until_still(explorer)
        start = check_numbers(explorer)
        assert (start.events, start.p, start.q) == (COLOURS, P_COUNTS, Q_COUNTS)

        name = f"P[{COLOURS[0]}]"
        press(explorer, name, "ArrowUp")
        expect(range_input(explorer, name)).to_have_value(str(P_COUNTS[0] + 1))
        wait_until_still(explorer)
        assert check_numbers(explorer).p[0] == P_COUNTS[0] + 1

        # The agreement explorer: the kernel's numbers for the stored state, then "no kernel" after a move.
        agreement = page.locator(".bn-explorer.bn-agreement")
        expect(agreement).to_have_count(1)
        kernel_box = agreement.locator(".bn-kernel-readouts")
        expect(kernel_box).to_have_attribute("data-state", "computed")
        expect(kernel_box.locator('tr[data-key]').first).to_be_visible()
        press(agreement, name, "ArrowUp")
        expect(agreement.locator(".bn-kernel-readouts[data-state=no-kernel]")).to_contain_text("No kernel")

        # MathJax came from this machine and typeset the notebook's formulas.
        page.wait_for_function("() => window.MathJax && document.querySelectorAll('.MathJax_CHTML').length > 0")
        screenshot(explorer, artifacts_dir() / "static-03-distribution-explorer.png")
        assert not outside, f"the page asked for things from outside this machine: {outside}"
        assert not console.messages, "console errors in the page:\n" + "\n---\n".join(console.messages)
    except BaseException:
        try:
            page.screenshot(path=str(artifacts_dir() / "static-03-failure.png"), full_page=True)
        except Exception:
            pass
        raise
