"""The explorers' JavaScript twin (src/bitsandnats/explorers/twin.js) agrees with the Python package.

``tests/js/make_fixtures.py`` writes the package's answers to some 200,000
random inputs into a temporary directory, then ``node --test`` runs the
JavaScript tests in ``tests/js/``, which check the twin against every one.
Without Node.js the test is skipped, except on CI (``CI=true``), which
installs Node.js: there a missing ``node`` is a failure, not a silent skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from explorer_checks import node as node_or_skip

JS_TESTS = Path(__file__).resolve().parent / "js"
REPOSITORY = JS_TESTS.parent.parent
# Generous: the whole test takes about 25 s of CPU time, the fixtures made on
# every core; these only keep a hung process from blocking the suite.
FIXTURE_TIMEOUT = 300
NODE_TIMEOUT = 300

pytestmark = pytest.mark.slow  # Node.js, and about 25 s of CPU time


def test_twin_js_agrees_with_python(tmp_path):
    node = node_or_skip()
    fixtures = tmp_path / "fixtures"
    made = subprocess.run([sys.executable, str(JS_TESTS / "make_fixtures.py"), str(fixtures)],
                          cwd=REPOSITORY, capture_output=True, text=True, timeout=FIXTURE_TIMEOUT)
    if made.returncode != 0:
        pytest.fail(f"make_fixtures.py failed:\n{made.stdout}\n{made.stderr}", pytrace=False)
    # The test files are named, not the directory: Node.js 18 and 20 search a
    # directory for test files, but from Node.js 21 on arguments are globs.
    tests = sorted(str(path) for path in JS_TESTS.glob("*.test.mjs"))
    assert tests, f"no *.test.mjs files in {JS_TESTS}"
    run = subprocess.run([node, "--test", *tests], cwd=REPOSITORY, capture_output=True, text=True,
                         timeout=NODE_TIMEOUT, env={**os.environ, "BITSANDNATS_FIXTURES": str(fixtures)})
    if run.returncode != 0:
        pytest.fail(f"node --test failed (exit status {run.returncode}):\n{run.stdout}\n{run.stderr}", pytrace=False)
