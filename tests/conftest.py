"""Shared test configuration: the suite leaves nothing behind, and its slow tier is marked.

Hypothesis keeps two kinds of files by default: an example database and some
caches (Unicode tables, constants found in the source), all under
``.hypothesis/`` in the working directory.  Here the database is switched off
by a settings profile, and, unless ``HYPOTHESIS_STORAGE_DIRECTORY`` is already
set (``make test`` sets it), the caches go to a temporary directory that is
removed when the session ends.

The ``slow`` marker (registered in pyproject.toml) is put on whole kinds of
test here (see :func:`is_slow_kind`); ``make test-fast`` leaves them out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "bitsandnats",
    database=None,  # no .hypothesis/examples in the repository
    deadline=None,  # timings vary too much between laptops and CI runners
)
# `make test-fast` (--hypothesis-profile=bitsandnats-fast): a quarter of the examples, for the properties whose
# test does not fix its own count; `make test` runs the full 100.  With so few examples Hypothesis tries fewer
# small inputs first, so a test that filters many out (an assume()) can fail the filter_too_much health check
# by chance (Hypothesis says as much); the fast tier skips that check, `make test` keeps it.
settings.register_profile("bitsandnats-fast", parent=settings.get_profile("bitsandnats"), max_examples=25,
                          suppress_health_check=[HealthCheck.filter_too_much])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bitsandnats"))

_OWN_STORAGE: str | None = None
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _OWN_STORAGE = tempfile.mkdtemp(prefix="bitsandnats-hypothesis-")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _OWN_STORAGE


def pytest_unconfigure(config):
    if _OWN_STORAGE is not None:
        shutil.rmtree(_OWN_STORAGE, ignore_errors=True)


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
    # A plugin, not hooks of this file, because a hook in tests/conftest.py would otherwise only see the reports
    # of tests under tests/, not those of the notebooks.
    if not config.pluginmanager.has_plugin("bitsandnats-notebook-times"):
        config.pluginmanager.register(NotebookTimes(), "bitsandnats-notebook-times")


# --- the two tiers -------------------------------------------------------------------------
#
# `make test` runs everything; `make test-fast` (pytest -m "not slow", nbval off) only the units, the properties
# and the doctests.  Whole kinds of test are marked slow here; single heavy tests carry @pytest.mark.slow in
# their own module (the 10,000-move storms, the 200-explorer memory checks, a real kernel, Node.js's twin test).

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"

#: The package's modules that call Keras for whatever they build: their doctests are slow.
KERAS_MODULES = ("bitsandnats.explorers.loss_agreement",)


def is_slow_kind(item) -> bool:
    """A notebook run by nbval, a test in a real browser (tests/browser/), or one that calls Keras.

    Importing Keras (JAX with it) alone takes seconds.  A test function calls
    Keras if its own code names it (``import keras``,
    ``keras = pytest.importorskip("keras")``); a doctest, if its module is
    one of :data:`KERAS_MODULES`.
    """
    path = Path(str(item.path))
    if path.suffix == ".ipynb" or BROWSER_TESTS in path.parents:
        return True
    if isinstance(item, pytest.DoctestItem):
        return any(item.name == module or item.name.startswith(module + ".") for module in KERAS_MODULES)
    code = getattr(getattr(item, "function", None), "__code__", None)
    return code is not None and "keras" in code.co_names + code.co_varnames


def pytest_collection_modifyitems(config, items):
    # Called once with every item of the session, the notebooks' too (unlike the path-bound hooks).
    for item in items:
        if is_slow_kind(item):
            item.add_marker(pytest.mark.slow)
