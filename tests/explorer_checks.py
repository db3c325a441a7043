"""Checks every explorer's tests share (tests/test_explorer_*.py): one place for each, so all hold to the same bar.

A plain module of functions and constants, imported by the test modules
(``from explorer_checks import ...``; pytest puts ``tests/`` on the path).
Each test module stays about one explorer; what is the same for all of them
is written here once:

- the junk no control may take (:data:`JUNK_FOR_EVERY_CONTROL`,
  :data:`JUNK_FOR_PROBABILITIES`) and its refusal (:func:`assert_junk_refused`);
- a storm of random moves made as a notebook makes them (:func:`storm`, and
  :func:`ladder_storm` for the explorers whose controls stand on ladders);
- the display bundle (:func:`assert_display_bundle`), closing
  (:func:`assert_close_ends_the_widget`) and the memory that 200 closed
  explorers leave (:func:`assert_closed_explorers_leave_little`);
- the bundled ES module (:func:`assert_one_es_module`) and running it in node
  (:func:`run_module_in_node`);
- a still figure in nats only (:func:`assert_in_nats_only`).
"""

from __future__ import annotations

import base64
import gc
import json
import math
import os
import re
import shutil
import subprocess
import tracemalloc
import weakref
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import psutil
import pytest

from bitsandnats import measures
from bitsandnats.explorers._base import module_source

# --- junk -------------------------------------------------------------------------------

#: Values that no control of any explorer takes: not real numbers (text, None, the booleans, a list, an array, a
#: complex number), NaN and the infinities, numbers too tiny (1e-310 next to a rung of 0) or too large for any
#: control (1e308, and an int beyond float's range).  Each must be refused with a ValueError naming the control,
#: and change nothing.
JUNK_FOR_EVERY_CONTROL = [math.nan, math.inf, -math.inf, 1e-310, -1e-310, 1e308, 10**400, -1.0, "1", "text", None,
                          True, False, [1.0], 1j, np.array([1.0]), np.nan]

#: What a probability control (a number from 0 to 1 in steps of 0.001) must refuse besides: just outside [0, 1],
#: between two steps, and a probability as text or in a list.
JUNK_FOR_PROBABILITIES = [1.5, -0.001, 0.0005, 0.1234, "0.5", [0.5], [0.2]]

def probability_junk() -> list:
    """The junk for a probability control, each a ``pytest.param`` with a readable id, for ``@pytest.mark.parametrize``."""
    return [pytest.param(value, id=repr(value) if not isinstance(value, int) or abs(value) < 10**20 else "10**400")
            for value in PROBABILITY_JUNK]


#: The junk a probability control refuses, in the parametrized tests and in the storms.
PROBABILITY_JUNK = JUNK_FOR_EVERY_CONTROL + JUNK_FOR_PROBABILITIES


def assert_junk_refused(explorer, value, names, state: Callable[[], object]) -> None:
    """Each control in ``names`` refuses ``value`` through its slider and through ``set``, naming itself; no change.

    ``state()`` is the explorer's state, which must be the same after as before.
    """
    before = state()
    for name in names:
        with pytest.raises(ValueError, match=re.escape(name)):
            explorer.sliders[name].value = value
        with pytest.raises(ValueError, match=re.escape(name)):
            explorer.set({name: value})
    assert state() == before


# --- storms of moves ----------------------------------------------------------------------

class _Refused:
    def __repr__(self) -> str:
        return "REFUSED"


#: What a drawn move shows when it must be refused (see :func:`storm`).
REFUSED = _Refused()


def make_move(explorer, moves: dict, rng) -> None:
    """Move ``explorer`` as a notebook does, one of three ways chosen by ``rng``.

    A single move goes half the time through its control (``sliders[name].value
    = value``); otherwise, and always for several moves at once, through
    ``set``, given a dict (``set({...})``) or keywords (``set(**{...})``).
    """
    if len(moves) == 1 and rng.random() < 0.5:
        [(name, value)] = moves.items()
        explorer.sliders[name].value = value
    elif rng.random() < 0.5:
        explorer.set(moves)
    else:
        explorer.set(**moves)


def storm(explorer, rng, draw: Callable[[], dict], *, state: Callable[[], object],
          check: Callable[[dict], None], moves: int = 10_000) -> int:
    """Make ``moves`` random moves on ``explorer`` and check each; the number refused.

    ``draw()`` gives one move: each control's name mapped to ``(value, shows)``,
    the value to move it to and what the control must then show, or
    :data:`REFUSED` for a value it must refuse.  The move is made by
    :func:`make_move`.  A move with a refused value must raise a ValueError
    naming one of the controls given junk and leave ``state()`` as it was
    (all or nothing); any other move must be taken, and each moved control
    must then show what was drawn.  After every move, taken or not,
    ``check(taken)`` checks the explorer, ``taken`` being what each moved
    control shows ({} after a refused move).  The caller bounds the count
    returned, so that both kinds of move are known to have happened.
    """
    refused = 0
    for number in range(moves):
        drawn = draw()
        values = {name: value for name, (value, _) in drawn.items()}
        junk = [name for name, (_, shows) in drawn.items() if shows is REFUSED]
        before = state()
        try:
            make_move(explorer, values, rng)
        except ValueError as error:
            assert junk, f"move {number}, {values!r}, was refused: {error}"
            assert any(name in str(error) for name in junk), f"move {number}: {error!r} names none of {junk}"
            assert state() == before, f"move {number}, {values!r}, was refused but changed the state"
            refused += 1
            taken = {}
        else:
            assert not junk, f"move {number}, {values!r}, was taken"
            taken = {name: shows for name, (_, shows) in drawn.items()}
            for name, shows in taken.items():
                assert explorer.sliders[name].value == shows, f"move {number}: {name} shows the wrong value"
        check(taken)
    return refused


def spell_rung(rng, ladder, count: int):
    """The rung ``count`` of ``ladder`` written one of the ways a learner may write it, chosen by ``rng``.

    The float itself, a numpy float64, the exact fraction of the text shown,
    an int where the rung is whole, and the decimal computed as digits times a
    power of ten (0.35 as 35 * 0.01, which is 0.35000000000000003).
    """
    value, text = ladder.value(count), ladder.text(count)
    spelling = rng.choice(["float", "int", "numpy", "fraction", "computed"])
    if spelling == "int" and value == int(value):
        return int(value)
    if spelling == "numpy":
        return np.float64(value)
    if spelling == "fraction":
        return Fraction(text)
    if spelling == "computed":
        decimals = len(text.partition(".")[2])
        return int(text.replace(".", "")) * (1 / 10**decimals)
    return value


def ladder_storm(explorer, rng, rungs: dict, start: dict, junk: dict, expected_readouts: Callable[..., dict], *,
                 spell: Callable = spell_rung, moves: int = 10_000) -> None:
    """A :func:`storm` on an explorer whose controls stand on ladders (temperature, binning).

    ``rungs`` maps each control's name to its ladder and the trait that holds
    its count; ``start``, each name to the value its control shows before the
    first move; ``junk``, each name to its own junk, drawn with
    :data:`JUNK_FOR_EVERY_CONTROL`.  A move sets one or both controls, each
    given junk three times in ten, otherwise a random rung spelled by
    ``spell(rng, ladder, count)``.  After every move each count must be a
    whole number on its ladder, every control must show the value the moves
    so far left it on (those not moved keep theirs) and ``readouts()`` must be
    ``expected_readouts(*shown)``, the values in the order of ``rungs``.
    """
    names = list(rungs)
    shown = dict(start)
    expected: dict[tuple, dict] = {}

    def draw() -> dict:
        drawn = {}
        for name in rng.sample(names, rng.choice([1, 1, 2])):
            ladder = rungs[name][0]
            if rng.random() < 0.3:
                drawn[name] = (rng.choice(JUNK_FOR_EVERY_CONTROL + junk[name]), REFUSED)
            else:
                count = rng.randrange(ladder.first, ladder.last + 1)
                drawn[name] = (spell(rng, ladder, count), ladder.value(count))
        return drawn

    def check(taken: dict) -> None:
        shown.update(taken)
        for name, (ladder, trait) in rungs.items():
            count = getattr(explorer, trait)
            assert type(count) is int and ladder.first <= count <= ladder.last
            assert explorer.sliders[name].value == ladder.value(count) == shown[name]
        key = tuple(shown[name] for name in names)
        if key not in expected:
            expected[key] = expected_readouts(*key)
        assert explorer.readouts() == expected[key], f"readouts wrong at {shown}"

    refused = storm(explorer, rng, draw, state=lambda: tuple(getattr(explorer, trait) for _, trait in rungs.values()),
                    check=check, moves=moves)
    # About 37% of the moves hold junk: two in three move one control (junk 30%), one in three two (51%).
    assert refused > 0.2 * moves and moves - refused > 0.6 * moves, refused


# --- display, closing, memory ---------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_display_bundle(explorer, title: str) -> str:
    """The display bundle: the live view of this very widget, a PNG, and ``title`` over the summary; its text.

    The widget view is what JupyterLab and Voilà show; the PNG is what
    GitHub and nbviewer show; ``text/plain`` is what nbval compares, so it must
    be the explorer's title and summary, readouts and units, nothing else.
    """
    data, _ = explorer._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id
    assert base64.b64decode(data["image/png"])[:8] == PNG_SIGNATURE
    assert data["text/plain"] == f"{title}\n{explorer.summary()}"
    return data["text/plain"]


def assert_close_ends_the_widget(explorer) -> None:
    """``close()`` ends the widget's comm, and closing again is harmless (a cell run again closes it too)."""
    assert explorer.comm is not None
    explorer.close()
    assert explorer.comm is None
    explorer.close()
    assert explorer.comm is None


#: What 200 explorers built and closed may leave behind, in Python's allocations and in the process's memory.
MEMORY_BOUND = 20 * 2**20


def assert_closed_explorers_leave_little(build: Callable[[int], object], *, count: int = 200,
                                         warm_up: int = 20) -> None:
    """``count`` explorers, each ``build(index)`` (made and moved) then closed, leave less than 20 MiB and none alive.

    First ``warm_up`` are built and closed, so that imports, caches and the
    allocator's pools are not counted.  Then, over the ``count`` more: every
    ``close()`` must end the comm; the memory Python allocated (tracemalloc,
    exact) and the process's resident memory (psutil, which also sees what C
    libraries allocate) must each grow by less than :data:`MEMORY_BOUND`; and
    every explorer must have been freed, since one explorer can be too small
    for memory alone to notice a few of them kept.
    """
    made: list[weakref.ref] = []

    def build_and_close(times: int) -> None:
        for index in range(times):
            explorer = build(index)
            explorer.close()
            assert explorer.comm is None
            made.append(weakref.ref(explorer))
            del explorer
        gc.collect()

    build_and_close(warm_up)
    process = psutil.Process()
    resident = process.memory_info().rss
    tracemalloc.start()
    try:
        traced = tracemalloc.get_traced_memory()[0]
        build_and_close(count)
        traced = tracemalloc.get_traced_memory()[0] - traced
    finally:
        tracemalloc.stop()
    resident = process.memory_info().rss - resident
    assert traced < MEMORY_BOUND, f"{traced / 2**20:.1f} MiB allocated by Python kept by {count} closed explorers"
    assert resident < MEMORY_BOUND, f"the process grew {resident / 2**20:.1f} MiB for {count} closed explorers"
    assert sum(ref() is not None for ref in made) == 0, "closed explorers are still alive"


# --- the browser's module ------------------------------------------------------------------


def assert_one_es_module(source: str, module: str, files: list[str] | None = None) -> None:
    """``source`` is one ES module, as anywidget loads it: each shared file once, then ``module``'s own.

    The parts are headed ``// ---- <file>``: each file once, in ``files``'
    order when given, ``<module>.js`` last; no import of a sibling file is
    left (``from "./``); and there is exactly one ``export default``.
    """
    headers = [line[len("// ---- "):] for line in source.splitlines() if line.startswith("// ---- ")]
    assert len(headers) == len(set(headers)) and headers[-1] == f"{module}.js", headers
    if files is not None:
        assert headers == files
    assert 'from "./' not in source
    assert source.count("export default") == 1


def node() -> str:
    """The path of node; without it, skip the test, or fail on CI (``CI=true``), which installs Node.js.

    So a missing node is never a silent skip where the browser's arithmetic
    must be checked (as tests/test_twin_js.py does for the twin).
    """
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not on PATH, but CI must check the explorers' browser modules: install Node.js")
        # Only locally: a machine without Node.js still runs the Python side; CI fails above instead.
        pytest.skip("node is not installed: the browser module's arithmetic cannot be checked here")
    return found


def run_module_in_node(module: str, script: str, directory: Path, *, timeout: float = 120):
    """Run ``script`` in node after ``import * as explorer from`` explorer ``module``'s ES module; its output as JSON.

    The module is the one anywidget gets (``module_source(module)``, checked
    with :func:`assert_one_es_module`), written to ``directory/<module>.mjs``
    beside a driver, ``directory/driver.mjs``: the import line, then
    ``script``, which must print one JSON value (``console.log(JSON.stringify(...))``).
    """
    source = module_source(module)
    assert_one_es_module(source, module)
    command = node()
    (directory / f"{module}.mjs").write_text(source, encoding="utf-8")
    driver = directory / "driver.mjs"
    driver.write_text(f'import * as explorer from "./{module}.mjs";\n{script}', encoding="utf-8")
    result = subprocess.run([command, str(driver)], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- still figures ---------------------------------------------------------------------------


def assert_in_nats_only(figure) -> None:
    """Every axes' title, axis labels and legend together say "nats" somewhere and "bits" nowhere."""
    texts = [text.get_text() for axes in figure.axes
             for text in (axes.title, axes.xaxis.label, axes.yaxis.label, *axes.get_legend().get_texts())]
    assert any("nats" in text for text in texts) and not any("bits" in text for text in texts), texts


def distribution_readouts(p, q, base) -> dict[str, float]:
    """What a distribution explorer must show for P and Q (probabilities) in ``base``: the package's measures.

    The oracle of the headless and the browser tests alike, written from the
    definitions (measures), not from the explorer's own ``readouts()``.
    """
    return {"H(P)": measures.entropy(p, base=base), "H(Q)": measures.entropy(q, base=base),
            "H(P,Q)": measures.cross_entropy(p, q, base=base), "H(Q,P)": measures.cross_entropy(q, p, base=base),
            "KL(P||Q)": measures.kl_divergence(p, q, base=base), "KL(Q||P)": measures.kl_divergence(q, p, base=base)}
