"""Every notebook runs top to bottom in a real JupyterLab, in a real browser, without an error.

nbval already executes the notebooks in a kernel; this is what a learner
does instead: open the notebook in JupyterLab, Run All from the menu, and
look.  It catches what only a browser shows: widgets and ipympl figures that
fail to display, and front-end errors in outputs.
"""

from __future__ import annotations

import time

import pytest
from .jupyter_browser import (NOTEBOOKS, RUN_ALL_SECONDS, artifacts_dir, cell_state, open_notebook, page_errors, run_all,
                             shut_down_kernels, wait_for_figures)

NAMES = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("name", NAMES)
def test_run_all_in_jupyterlab(lab, page, name):
    try:
        open_notebook(page, lab, name)
        code_cells = len(cell_state(page)["prompts"])
        start = time.monotonic()
        run_all(page)
        wait_for_figures(page)
        RUN_ALL_SECONDS[name] = time.monotonic() - start
        state = cell_state(page)
        assert len(state["prompts"]) == code_cells > 0
        errors = page_errors(page)
        assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
    except BaseException:
        page.screenshot(path=str(artifacts_dir() / f"lab-{name.removesuffix('.ipynb')}-failure.png"), full_page=True)
        raise
    finally:
        shut_down_kernels(lab, name)
