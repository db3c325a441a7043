"""Every notebook runs top to bottom in a real JupyterLab, in a real browser, without an error.

nbval already executes the notebooks in a kernel; this is what a learner
does instead: open the notebook in JupyterLab, Run All from the menu, and
look.  It catches what only a browser shows: explorers that fail to display
or to draw their charts (every ``.bn-explorer svg`` must be drawn), error
outputs, and errors in the page's console (an explorer's module that throws).
One JupyterLab page opens the notebooks one after another, as a learner
going through the collection would.
"""

from __future__ import annotations

import time

import pytest
from .jupyter_browser import (NOTEBOOKS, RUN_ALL_SECONDS, ConsoleErrors, artifacts_dir, cell_state, open_lab,
                              page_errors, run_all, shut_down_kernels, switch_notebook, wait_for_figures)

NAMES = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for the module, with its console watched."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    console = ConsoleErrors(page)
    try:
        open_lab(page, lab)
        yield page, console
    finally:
        context.close()


@pytest.mark.parametrize("name", NAMES)
def test_run_all_in_jupyterlab(lab, lab_page, name):
    page, console = lab_page
    mark = len(console.messages)
    try:
        switch_notebook(page, name)
        code_cells = len(cell_state(page)["prompts"])
        start = time.monotonic()
        run_all(page)
        wait_for_figures(page)
        RUN_ALL_SECONDS[name] = time.monotonic() - start
        state = cell_state(page)
        assert len(state["prompts"]) == code_cells > 0
        errors = page_errors(page)
        assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
        errors = console.since(mark)
        assert not errors, f"{name}: console errors in the page:\n" + "\n---\n".join(errors)
    except BaseException:
        page.screenshot(path=str(artifacts_dir() / f"lab-{name.removesuffix('.ipynb')}-failure.png"), full_page=True)
        raise
    finally:
        shut_down_kernels(lab, name)
