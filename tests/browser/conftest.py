"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the whole session.

Locally, without Chromium (or Playwright), every browser test is skipped and
the end of the run says so in one plain line.  Under CI (CI=true) a missing
browser is a failure: CI installs Chromium, so its absence is a broken set-up.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from .jupyter_browser import (ON_CI, RUN_ALL_SECONDS, artifacts_dir, chromium_problem, copy_notebooks, lab_server,
                             launch_browser, shut_down_kernels)

_SKIPPED: dict[str, str] = {}


def require_browser() -> None:
    problem = chromium_problem()
    if problem is None:
        return
    if ON_CI:
        pytest.fail(f"browser tests cannot run on CI: {problem}", pytrace=False)
    # Locally a machine without Chromium can still run everything else; the skip is
    # announced in one line at the end of the run (pytest_terminal_summary below).
    _SKIPPED["reason"] = problem
    pytest.skip(f"browser tests skipped: {problem}")


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def scratch():
    """A temporary directory for the session's servers, removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="bitsandnats-browser-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def lab(browser, scratch):
    """A real `jupyter lab` on a temporary copy of notebooks/ (outputs cleared), stopped by its PID at the end."""
    notebooks = scratch / "notebooks"
    copy_notebooks(notebooks)
    server = lab_server(scratch / "lab", notebooks=notebooks)
    server.workdir.mkdir(parents=True, exist_ok=True)
    server.start("/api/status")
    try:
        yield server
    finally:
        shut_down_kernels(server)
        server.stop()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test, 1400 px wide so that explorers fit unwrapped."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Mark a test whose call failed (``item.failed``), so that its fixtures can take a screenshot of the page."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed = True
    return report


def pytest_terminal_summary(terminalreporter):
    if "reason" in _SKIPPED:
        terminalreporter.write_sep("=", "browser tests SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(f"The browser tests did not run: {_SKIPPED['reason']}.")
    if RUN_ALL_SECONDS:
        terminalreporter.write_sep("-", "Run All in JupyterLab (Chromium), seconds per notebook")
        for name, seconds in sorted(RUN_ALL_SECONDS.items()):
            terminalreporter.write_line(f"  {name:<40} {seconds:6.1f} s")
        terminalreporter.write_line(f"  {'total':<40} {sum(RUN_ALL_SECONDS.values()):6.1f} s")
        try:
            (artifacts_dir() / "browser-run-all.json").write_text(
                json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": RUN_ALL_SECONDS}, indent=2))
        except OSError:
            pass
