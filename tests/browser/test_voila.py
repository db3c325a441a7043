"""Notebook 03 as the classroom sees it: `make present NB=03` (Voila), in Chromium.

The server is started by the Makefile's own recipe (jupyter_browser.voila_server),
so this also checks that `make present` works.  The page must show no code
(Voila's strip_sources), and its DistributionExplorer must answer the
keyboard with the package's numbers.
"""

from __future__ import annotations

import bitsandnats as bn
import pytest

from .explorer_page import (COLOURS, NOTEBOOK, P, Q, distribution_explorer, expect, expected_readouts, press,
                            read_readouts, readout, slider, slider_text, start_watching, wait_until_settled,
                            watch_kernel)
from .jupyter_browser import NOTEBOOKS, VOILA_READY_PATH, artifacts_dir, voila_server, wait_for_figures


@pytest.fixture(scope="module")
def voila(browser, scratch):
    """`make present NB=03` on a free port, stopped by its PID at the end."""
    server = voila_server(scratch / "voila", notebook=NOTEBOOK[:2])
    server.workdir.mkdir(parents=True, exist_ok=True)
    server.start(VOILA_READY_PATH)
    try:
        yield server
    finally:
        server.stop()


def _explorer_source_line() -> str:
    """The line of notebook 03 that makes the explorer: code that must not reach the page."""
    import nbformat

    for cell in nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code" and "DistributionExplorer(" in cell.source:
            return next(line for line in cell.source.splitlines() if "DistributionExplorer(" in line).strip()
    raise AssertionError(f"{NOTEBOOK} has no cell that makes a DistributionExplorer")


def test_voila_hides_code_and_the_explorer_answers(voila, page):
    try:
        watch_kernel(page)
        page.goto(voila.url + "/", timeout=180_000)
        explorer = distribution_explorer(page)
        expect(explorer).to_have_count(1, timeout=180_000)
        wait_for_figures(page)

        # No code: code cells are there (their outputs are), their sources are not.
        code_cells = page.locator(".jp-CodeCell")
        assert code_cells.count() > 0
        expect(page.locator(".jp-CodeCell:not(.jp-mod-noInput)")).to_have_count(0)
        # (Markdown cells keep their input area: the rendered text lives there.)
        for selector in (".jp-CodeCell .jp-InputArea", ".jp-InputPrompt", ".cm-editor", ".CodeMirror"):
            expect(page.locator(selector)).to_have_count(0)
        source = _explorer_source_line()
        assert source not in page.content(), f"the page contains notebook code: {source!r}"

        explorer.scroll_into_view_if_needed()
        start_watching(explorer)
        wait_until_settled(page)
        assert read_readouts(explorer) == expected_readouts(P, Q)

        # End drives P[red] to 1: P becomes certain of red, which Q calls unlikely but possible, and
        # H(Q, P) becomes infinite (the JupyterLab test covers arrow steps).
        press(page, explorer, "P[red]", "End")
        expect(slider(explorer, "P[red]").locator(".widget-readout")).to_have_text(slider_text(1.0))
        certain_red = bn.rebalance(P, 0, 1.0)
        want = expected_readouts(certain_red, Q)
        expect(readout(explorer, "H(P, Q)")).to_have_text(want["H(P, Q)"])
        wait_until_settled(page)
        assert read_readouts(explorer) == want
        assert want["H(Q, P)"].startswith("∞")  # P rules out green and blue, which Q allows
        for colour, value in zip(COLOURS[1:], certain_red[1:]):
            expect(slider(explorer, f"P[{colour}]").locator(".widget-readout")).to_have_text(slider_text(value))
        explorer.screenshot(path=str(artifacts_dir() / "voila-03-distribution-explorer.png"))
    except BaseException:
        try:
            page.screenshot(path=str(artifacts_dir() / "voila-03-failure.png"), full_page=True)
        except Exception:
            pass
        raise
