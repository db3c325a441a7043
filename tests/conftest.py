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
