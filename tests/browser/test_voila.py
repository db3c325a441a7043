"""The classroom dashboard as a teacher starts it: `make present` (Voila on notebooks/classroom.ipynb), in Chromium.

The server is started by the Makefile's own recipe with no NB (its default,
the classroom notebook: jupyter_browser.voila_server), so this also checks
that `make present` works and shows the classroom.  The page must show no
code (Voila's strip_sources), log no console error, and its distribution
explorer must answer the keyboard with the package's numbers for the
distributions it shows (explorer_page.check_numbers).  The classroom's
explorers are in presentation mode, for a projector: at 1280×720 nothing
may overflow and every text of the distribution explorer must be at least
24 px.

These machines have no internet.  Voila's own page template links Font
Awesome's stylesheets from a CDN (for icons the explorers do not use): those
may fail to load; any other failure is a console error, and fails the test.
"""

from __future__ import annotations

import re

import pytest

from .explorer_page import (PRESENTATION_PX, STEPS, check_numbers, distribution_explorers, expect, overflow_problems,
                            press, range_input, shown, text_under, wait_until_still, watch_kernel)
from .jupyter_browser import (NOTEBOOKS, VOILA_READY_PATH, ConsoleErrors, artifacts_dir, screenshot, voila_server,
                              wait_for_figures)

#: The notebook `make present` shows by default.
CLASSROOM = "classroom.ipynb"


@pytest.fixture(scope="module")
def voila(browser, scratch):
    """`make present` on a free port, stopped by its PID at the end."""
    server = voila_server(scratch / "voila")
    server.workdir.mkdir(parents=True, exist_ok=True)
    server.start(VOILA_READY_PATH)
    try:
        yield server
    finally:
        server.stop()


def _code_lines() -> list[str]:
    """Every line of code in the classroom notebook: none of it may reach the page."""
    import nbformat

    return [line.strip() for cell in nbformat.read(NOTEBOOKS / CLASSROOM, as_version=4).cells
            if cell.cell_type == "code" for line in cell.source.splitlines() if line.strip()]


def test_classroom_hides_code_and_the_explorer_answers(voila, page):
    console = ConsoleErrors(page, offline=True)
    try:
        watch_kernel(page)
        page.goto(voila.url + "/", timeout=180_000)
        explorer = distribution_explorers(page)
        expect(explorer).to_have_count(1, timeout=180_000)
        wait_for_figures(page)
        expect(page).to_have_title(CLASSROOM.removesuffix(".ipynb"))

        # No code: code cells are there (their outputs are), their sources are not.
        code_cells = page.locator(".jp-CodeCell")
        assert code_cells.count() > 0
        expect(page.locator(".jp-CodeCell:not(.jp-mod-noInput)")).to_have_count(0)
        # (Markdown cells keep their input area: the rendered text lives there.)
        for selector in (".jp-CodeCell .jp-InputArea", ".jp-InputPrompt", ".cm-editor", ".CodeMirror"):
            expect(page.locator(selector)).to_have_count(0)
        text = page.locator("body").inner_text()
        shown_code = [line for line in _code_lines() if line in text]
        assert not shown_code, f"the page shows notebook code: {shown_code}"

        # The projector: 1280×720.
        expect(explorer).to_have_class(re.compile(r"\bbn-presentation\b"))
        page.set_viewport_size({"width": 1280, "height": 720})
        for view in page.locator(".bn-explorer").all():
            wait_until_still(view)
        assert not overflow_problems(page)
        assert not text_under(explorer, PRESENTATION_PX)

        explorer.scroll_into_view_if_needed()
        start = check_numbers(explorer)

        # One step up on P's first event, then End on Q's last: each goes where the key says, the others of
        # its distribution rescale, and every number is the package's for what is shown.
        first, last = f"P[{start.events[0]}]", f"Q[{start.events[-1]}]"
        press(explorer, first, "ArrowUp")
        expect(range_input(explorer, first)).to_have_value(str(start.p[0] + 1))
        wait_until_still(explorer)
        check_numbers(explorer)
        press(explorer, last, "End")
        expect(range_input(explorer, last)).to_have_value(str(STEPS))
        wait_until_still(explorer)
        now = check_numbers(explorer)
        assert now.q == [0] * (len(now.events) - 1) + [STEPS]
        assert shown(explorer).readouts["KL(P||Q)"].startswith("∞")  # P gives the others some, Q none
        screenshot(explorer, artifacts_dir() / "voila-classroom-distribution-explorer.png")
        assert not console.messages, "console errors in the page:\n" + "\n---\n".join(console.messages)
        assert all("/@fortawesome/fontawesome-free@" in url for url in console.unreachable), console.unreachable
    except BaseException:
        try:
            page.screenshot(path=str(artifacts_dir() / "voila-classroom-failure.png"), full_page=True)
        except Exception:
            pass
        raise
