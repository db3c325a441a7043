"""Tests for notebooks 01 (surprise) and 02 (entropy): average_surprisal, their plots and exercises."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import bitsandnats as bn
from bitsandnats import plots
from bitsandnats.exercises import EXERCISES, check
from bitsandnats.measures import average_surprisal

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


# --- average_surprisal ------------------------------------------------------------------------


def test_exact_frequencies_give_exactly_the_entropy():
    assert average_surprisal([0, 0, 0, 0, 1], [0.8, 0.2]) == pytest.approx(bn.entropy([0.8, 0.2]), rel=1e-14)
    assert average_surprisal([0, 1, 2, 0], [0.5, 0.25, 0.25]) == pytest.approx(1.5, rel=1e-14)


def test_single_outcome_is_its_surprisal():
    assert average_surprisal([2], [0.5, 0.25, 0.25]) == pytest.approx(bn.surprisal(0.25), rel=1e-14)
    assert isinstance(average_surprisal([2], [0.5, 0.25, 0.25]), float)


def test_running_average_after_each_draw():
    running = average_surprisal([0, 1, 2, 0], [0.5, 0.25, 0.25], running=True)
    np.testing.assert_allclose(running, [1.0, 1.5, 5 / 3, 1.5], rtol=1e-14)
    assert running.shape == (4,)


def test_running_average_ends_at_the_plain_average():
    rng = np.random.default_rng(1)
    p = [0.1, 0.2, 0.3, 0.4]
    samples = rng.choice(4, size=500, p=p)
    running = average_surprisal(samples, p, running=True)
    assert running[-1] == pytest.approx(average_surprisal(samples, p), rel=1e-12)


def test_base_changes_the_unit_only():
    samples, p = [0, 1, 1, 2], [0.2, 0.3, 0.5]
    bits = average_surprisal(samples, p)
    nats = average_surprisal(samples, p, base=math.e)
    assert nats == pytest.approx(bits * math.log(2), rel=1e-14)


def test_batch_of_samples_gives_one_average_per_row():
    p = [0.5, 0.5]
    values = average_surprisal([[0, 1], [1, 1]], p)
    assert values.shape == (2,)
    np.testing.assert_allclose(values, [1.0, 1.0])
    assert average_surprisal([[0, 1], [1, 1]], p, running=True).shape == (2, 2)


def test_converges_to_the_entropy():
    rng = np.random.default_rng(2025)
    p = [0.7, 0.2, 0.1]
    samples = rng.choice(3, size=200_000, p=p)
    # standard error of the mean surprisal is about 0.002 bits here; allow ten of them
    assert average_surprisal(samples, p) == pytest.approx(bn.entropy(p), abs=0.02)


def test_an_impossible_outcome_makes_it_infinite():
    assert average_surprisal([0, 1], [1.0, 0.0]) == math.inf
    running = average_surprisal([0, 1, 0], [1.0, 0.0], running=True)
    assert running[0] == 0.0 and np.isinf(running[1:]).all()


@pytest.mark.parametrize(
    ("samples", "p", "message"),
    [
        ([0, 3], [0.5, 0.5], "samples has a label 3"),
        ([0, 0.5], [0.5, 0.5], "whole-number"),
        ([0, 1], [0.5, 0.6], "p must sum to 1"),
        ([0, 1], [[0.5, 0.5], [0.5, 0.5]], "one distribution"),
        (1, [0.5, 0.5], "single number"),
    ],
)
def test_bad_input_is_refused(samples, p, message):
    with pytest.raises(ValueError, match=message):
        average_surprisal(samples, p)


# --- plots ----------------------------------------------------------------------------------


def test_surprisal_curve_marks_the_right_heights():
    fig = plots.surprisal_curve(marked=(1.0, 0.5, 0.1))
    ax = fig.axes[0]
    heights = [float(c.get_offsets()[0][1]) for c in ax.collections]
    np.testing.assert_allclose(heights, [0.0, 1.0, math.log2(10)], atol=1e-12)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, -np.log2(x), rtol=1e-12)
    assert x.max() == 1.0 and x.min() > 0
    assert "bits" in ax.get_ylabel()
    assert any("1 bit" == t.get_text().split(": ")[-1] for t in ax.texts)


def test_surprisal_curve_in_nats_names_the_unit():
    ax = plots.surprisal_curve(base=math.e, marked=(0.1,)).axes[0]
    assert ax.get_ylabel().endswith("(nats)")
    assert float(ax.collections[0].get_offsets()[0][1]) == pytest.approx(math.log(10))


@pytest.mark.parametrize("marked", [(0.0,), (1.5,), tuple(np.linspace(0.1, 1, 7))])
def test_surprisal_curve_refuses_bad_marks(marked):
    with pytest.raises(ValueError, match="marked"):
        plots.surprisal_curve(marked=marked)


def test_binary_entropy_curve():
    ax = plots.binary_entropy_curve(marked=(0.5, 0.8)).axes[0]
    x, y = ax.lines[-1].get_data()
    assert y[0] == 0.0 and y[-1] == 0.0
    assert x[np.argmax(y)] == pytest.approx(0.5) and y.max() == pytest.approx(1.0)
    np.testing.assert_allclose(y, y[::-1], atol=1e-12)  # symmetric in p and 1 - p
    heights = [round(float(c.get_offsets()[0][1]), 4) for c in ax.collections]
    assert heights == [1.0, 0.7219]
    assert ax.get_ylabel() == "entropy H (bits)"
    assert len(plots.binary_entropy_curve(marked=()).axes[0].collections) == 0
    with pytest.raises(ValueError, match="marked"):
        plots.binary_entropy_curve(marked=(1.2,))


def test_surprise_running_average():
    averages = [2.0, 1.0, 1.0, 0.75]
    ax = plots.surprise_running_average(averages, 0.8113, marked=(1, 4)).axes[0]
    x, y = ax.lines[-1].get_data()
    np.testing.assert_array_equal(x, [1, 2, 3, 4])
    np.testing.assert_array_equal(y, averages)
    assert [float(c.get_offsets()[0][1]) for c in ax.collections] == [2.0, 0.75]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "average surprise (bits)"
    assert "0.8113 bits" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(ValueError, match="between 1 and 4"):
        plots.surprise_running_average(averages, 0.8, marked=(5,))


# --- exercises and notebooks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("01.1", math.log2(6)),
        ("01.2", math.log2(1000)),
        ("01.3", math.log(100)),
        ("02.1", math.log2(20)),
        ("02.2", 1.5),
    ],
)
def test_numeric_answers(exercise_id, expected):
    assert EXERCISES[exercise_id].answer() == pytest.approx(expected, rel=1e-12)
    assert check(exercise_id, expected)
    assert not check(exercise_id, expected * 1.1)


def test_the_less_lopsided_coin_has_more_entropy():
    assert EXERCISES["02.3"].answer() == "0.6/0.4"
    assert check("02.3", " 0.6/0.4 ")
    assert not check("02.3", "0.9/0.1")


def _cells(name):
    with (NOTEBOOK_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)["cells"]


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("name", sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb")))
def test_notebooks_use_no_pyplot_and_have_no_timing_metadata(name):
    """Every notebook: figures without pyplot, and cells without the run times that nbconvert can store."""
    for cell in _cells(name):
        if cell["cell_type"] == "code":
            assert "pyplot" not in _source(cell) and "%matplotlib" not in _source(cell)
            assert "execution" not in cell.get("metadata", {})


def test_explorer_slots():
    text_01 = "\n".join(_source(c) for c in _cells("01_surprise.ipynb") if c["cell_type"] == "markdown")
    text_02 = "\n".join(_source(c) for c in _cells("02_entropy.ipynb") if c["cell_type"] == "markdown")
    assert "explorer-slot" not in text_01
    assert text_02.count("<!-- explorer-slot: coin -->") == 1
