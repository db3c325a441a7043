"""Shared test configuration: the suite leaves nothing behind.

Hypothesis keeps two kinds of files by default: an example database and some
caches (Unicode tables, constants found in the source), all under
``.hypothesis/`` in the working directory.  Here the database is switched off
by a settings profile, and, unless ``HYPOTHESIS_STORAGE_DIRECTORY`` is already
set (``make test`` sets it), the caches go to a temporary directory that is
removed when the session ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import settings

settings.register_profile(
    "bitsandnats",
    database=None,  # no .hypothesis/examples in the repository
    deadline=None,  # timings vary too much between laptops and CI runners
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bitsandnats"))

_OWN_STORAGE: str | None = None
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _OWN_STORAGE = tempfile.mkdtemp(prefix="bitsandnats-hypothesis-")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _OWN_STORAGE


def pytest_unconfigure(config):
    if _OWN_STORAGE is not None:
        shutil.rmtree(_OWN_STORAGE, ignore_errors=True)


class NotebookWidgetViews:
    """Notebook outputs that hold a live explorer: compare its text, never its widget view.

    An explorer (bitsandnats.explorers) displays as one bundle: an anywidget
    view, whose ``application/vnd.jupyter.widget-view+json`` names a model id
    that is new in every run; a PNG of its state (for GitHub and nbviewer),
    which nbval does not compare; and a ``text/plain`` summary of its readouts,
    which it does.  nbval skips the widget view by default today; it is listed
    here so that the rule is explicit and survives a change of nbval's defaults.
    Registered as a plugin in pytest_configure (below), because a hook in
    tests/conftest.py would otherwise only see collectors under tests/, not the
    notebooks.
    """

    SKIPPED = ("application/vnd.jupyter.widget-view+json",)

    @staticmethod
    def pytest_collectstart(collector):
        if str(getattr(collector, "path", "")).endswith(".ipynb") and hasattr(collector, "skip_compare"):
            missing = tuple(key for key in NotebookWidgetViews.SKIPPED if key not in collector.skip_compare)
            collector.skip_compare = tuple(collector.skip_compare) + missing


class NotebookTimes:
    """Prints how long nbval took over each notebook (kernel start included) at the end of the run.

    The goal is at most 10 s a notebook and 60 s for all of them on the
    project's machine; this is a report, not a timed test.
    """

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report):
        path = report.nodeid.split("::", 1)[0]
        if path.endswith(".ipynb"):
            self.seconds[path] = self.seconds.get(path, 0.0) + report.duration

    def pytest_terminal_summary(self, terminalreporter):
        if not self.seconds:
            return
        terminalreporter.write_sep("-", "nbval, seconds per notebook (goal: <= 10 s each, <= 60 s in all)")
        for path, seconds in sorted(self.seconds.items()):
            terminalreporter.write_line(f"  {path:<48} {seconds:6.1f} s")
        terminalreporter.write_line(f"  {'total':<48} {sum(self.seconds.values()):6.1f} s")


def pytest_configure(config):
    for name, plugin in (("bitsandnats-notebook-widget-views", NotebookWidgetViews()),
                         ("bitsandnats-notebook-times", NotebookTimes())):
        if not config.pluginmanager.has_plugin(name):
            config.pluginmanager.register(plugin, name)
