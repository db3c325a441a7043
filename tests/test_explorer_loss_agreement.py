"""The loss-agreement explorer (bitsandnats.explorers.LossAgreementExplorer), headless.

Its exact and clipped losses come from bitsandnats (in Python, and in the
page from twin.js); scikit-learn's and Keras's come from the kernel, in the
trait ``computed``, tagged with the state they belong to.  After every move
that tag must be the state on screen, and every number must be what the
package (and, checked on a sample of states, the libraries themselves) give
for the values the controls show.

Building the explorer imports Keras (with JAX, seconds), and every move
calls it: every test that builds one is marked slow, all but the
constructor's refusals.
"""

from __future__ import annotations

import json
import math
import os
import random
import warnings

import numpy as np
import pytest
from explorer_checks import (PROBABILITY_JUNK, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, assert_junk_refused,
                             probability_junk, run_module_in_node, storm)

from bitsandnats import measures
from bitsandnats.explorers import LossAgreementExplorer
from bitsandnats.notation import number_text

os.environ.setdefault("KERAS_BACKEND", "jax")

LIBRARY_KEYS = ("loss, scikit-learn", "loss, Keras")


def package_readouts(label: int, prediction: float) -> dict[str, float]:
    return {"loss": float(measures.binary_cross_entropy(label, prediction)),
            "loss, eps=1e-7": measures.log_loss([label], [prediction], eps=1e-7)}


def library_readouts(label: int, prediction: float) -> dict[str, float]:
    """The libraries' own answers, called here directly."""
    import keras
    from sklearn.metrics import log_loss

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sklearn_value = float(log_loss([label], [prediction], labels=[0, 1]))
    keras_value = float(keras.losses.binary_crossentropy(np.array([float(label)]), np.array([prediction])))
    return {"loss, scikit-learn": sklearn_value, "loss, Keras": keras_value}


def assert_computed_for_the_state_shown(explorer):
    computed = explorer.computed
    assert computed["for"] == f"{explorer.sliders['y'].value}:{round(explorer.sliders['ŷ'].value * 1000)}"
    values = explorer.readouts()
    assert computed["rows"] == [[key, label, f"{number_text(values[key], 10)} nats"]
                                for key, label in zip(LIBRARY_KEYS, ("scikit-learn (float64)", "Keras (float32)"))]
    assert computed["notes"]


@pytest.fixture
def explorer():
    made = LossAgreementExplorer(1, 0.8)
    yield made
    made.close()


# --- the documents' numbers ------------------------------------------------------------


@pytest.mark.slow
def test_default_state_agrees_four_ways(explorer):
    values = explorer.readouts()
    assert list(values) == ["loss", "loss, eps=1e-7", "loss, scikit-learn", "loss, Keras"]
    assert [round(value, 3) for value in values.values()] == [0.223] * 4
    assert values["loss, Keras"] != values["loss"]  # float32: it shows in the eighth decimal
    assert explorer.summary() == ("example = y = 1, ŷ = 0.800\n"
                                  "bitsandnats, exact = 0.2231435513 nats\n"
                                  "bitsandnats, clipped like Keras (eps=1e-7) = 0.2231435513 nats\n"
                                  "scikit-learn (float64) = 0.2231435513 nats\n"
                                  "Keras (float32) = 0.2231435329 nats")
    assert_computed_for_the_state_shown(explorer)
    assert "float32" in explorer.computed["notes"][0]


@pytest.mark.slow
def test_a_certain_wrong_prediction_is_clipped_differently_by_each_library(explorer):
    explorer.sliders["ŷ"].value = 0.0
    values = explorer.readouts()
    assert values["loss"] == math.inf
    assert [round(values[key], 2) for key in ("loss, eps=1e-7", "loss, scikit-learn", "loss, Keras")] == [
        16.12, 36.04, 16.12]
    note = explorer.computed["notes"][0]
    assert "certain and wrong" in note and "36.04" in note and "16.12" in note and "15.94" not in note
    explorer.set(y=0, **{"ŷ": 1.0})
    assert round(explorer.readouts()["loss, Keras"], 2) == 15.94  # float32 rounds 1 − 1e-7
    assert "15.94" in explorer.computed["notes"][0]
    explorer.set(y=1)
    assert explorer.readouts()["loss"] == 0.0 and "certain and right" in explorer.computed["notes"][0]


@pytest.mark.slow
def test_the_browser_computes_and_writes_the_same_exact_losses(tmp_path, explorer):
    states = [(label, count) for label in (0, 1) for count in (0, 1, 2, 137, 500, 800, 998, 999, 1000)]
    script = f"""
const out = {json.dumps(states)}.map(([label, count]) => ({{
  key: explorer.agreementKey(label, count),
  rows: explorer.agreementReadouts(label, count).map((row) => [row.key, row.label, row.text]),
}}));
console.log(JSON.stringify(out));
"""
    for (label, count), browser in zip(states, run_module_in_node("loss_agreement", script, tmp_path)):
        explorer.set(y=label, **{"ŷ": count / 1000})
        assert browser["key"] == explorer.computed["for"] == explorer.state_key
        summary = dict(explorer._summary_rows())
        assert [(label_, text) for _, label_, text in browser["rows"]] == [
            (row_label, summary[row_label]) for row_label in ("bitsandnats, exact",
                                                              "bitsandnats, clipped like Keras (eps=1e-7)")]


# --- moves ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_storm_of_random_moves_keeps_the_state_valid_and_the_readouts_true(explorer):
    rng = random.Random(20250605)
    # Besides the junk for any probability: what only ŷ takes (0.5) and what neither takes.
    junk = {"y": PROBABILITY_JUNK + [2, -1, 0.5], "ŷ": PROBABILITY_JUNK + [2, -1]}
    moves = 0

    def draw() -> dict:
        kind = rng.random()
        if kind < 0.4:
            value = rng.choice([0.0, 1.0, 0.001, 0.999, rng.randrange(1001) / 1000])
            return {"ŷ": (value, value)}
        if kind < 0.6:
            value = rng.choice([0, 1, 0.0, 1.0, np.int64(1)])
            return {"y": (value, int(value))}
        if kind < 0.7:
            label, value = rng.choice([0, 1]), rng.randrange(1001) / 1000
            return {"y": (label, label), "ŷ": (value, value)}
        name = rng.choice(["y", "ŷ"])
        drawn = {name: (rng.choice(junk[name]), REFUSED)}
        if rng.random() < 0.3:  # junk beside a good move: nothing happens at all
            drawn["y" if name == "ŷ" else "ŷ"] = (0, 0)
        return drawn

    def check(taken: dict) -> None:
        nonlocal moves
        label, prediction = explorer.sliders["y"].value, explorer.sliders["ŷ"].value
        assert label in (0, 1) and type(label) is int
        assert isinstance(explorer.prediction, int) and 0 <= explorer.prediction <= 1000
        assert prediction == explorer.prediction / 1000
        values = explorer.readouts()
        assert {key: values[key] for key in ("loss", "loss, eps=1e-7")} == package_readouts(label, prediction)
        assert_computed_for_the_state_shown(explorer)
        if moves % 500 == 0:
            assert {key: values[key] for key in LIBRARY_KEYS} == library_readouts(label, prediction)
        moves += 1

    refused = storm(explorer, rng, draw, state=lambda: (explorer.label, explorer.prediction, dict(explorer.computed)),
                    check=check)
    assert 1_500 < refused < 5_000  # both kinds of move really happened


@pytest.mark.slow
@pytest.mark.parametrize("value", probability_junk())
def test_each_kind_of_junk_is_refused_with_the_controls_name(explorer, value):
    assert_junk_refused(explorer, value, ["ŷ", "y"], lambda: (explorer.label, explorer.prediction))


@pytest.mark.slow
def test_a_browser_state_is_checked_and_answered(explorer):
    for state in ({"prediction": 1001}, {"label": 2}, {"label": 0, "prediction": -1}):
        explorer.set_state(state)
        assert (explorer.label, explorer.prediction) == (1, 800)
        assert explorer.error.startswith("Refused:")
        assert_computed_for_the_state_shown(explorer)
    explorer.set_state({"label": 0, "prediction": 999})
    assert explorer.computed["for"] == "0:999"
    assert_computed_for_the_state_shown(explorer)


@pytest.mark.slow
def test_reset_returns_to_the_start(explorer):
    explorer.set(y=0, **{"ŷ": 0.25})
    explorer.reset()
    assert (explorer.sliders["y"].value, explorer.sliders["ŷ"].value) == (1, 0.8)
    assert explorer.computed["for"] == "1:800"


# --- construction -----------------------------------------------------------------------


@pytest.mark.parametrize("arguments, name", [
    ({"label": 2}, "label"), ({"label": 0.5}, "label"), ({"label": "1"}, "label"), ({"label": None}, "label"),
    ({"label": True}, "label"), ({"label": math.nan}, "label"),
    ({"prediction": 0.8005}, "prediction"), ({"prediction": 1.5}, "prediction"), ({"prediction": -0.2}, "prediction"),
    ({"prediction": math.nan}, "prediction"), ({"prediction": "0.8"}, "prediction"),
    ({"prediction": 1e-310}, "prediction"),
])
def test_bad_arguments_are_refused_by_name(arguments, name):
    with pytest.raises(ValueError, match=name):
        LossAgreementExplorer(**arguments)


# --- display, closing, memory -----------------------------------------------------------


@pytest.mark.slow
def test_the_display_carries_the_live_view_a_picture_and_the_summary(explorer):
    explorer.set({"ŷ": 0.0})
    assert "bitsandnats, exact = ∞ nats" in assert_display_bundle(explorer, "Three libraries")


@pytest.mark.slow
def test_the_still_figure_shows_the_four_losses(explorer):
    explorer.set({"ŷ": 0.0})
    axes = explorer.still_figure().axes[0]
    widths = [bar.get_width() for bar in axes.patches]
    assert widths[1:] == pytest.approx([16.118, 36.044, 16.118], abs=1e-3)
    assert axes.patches[0].get_hatch() == "xx"  # the infinite exact loss
    assert [label.get_text() for label in axes.get_yticklabels()] == [
        "bitsandnats, exact", "bitsandnats, clipped like Keras (eps=1e-7)", "scikit-learn (float64)", "Keras (float32)"]


@pytest.mark.slow
def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(LossAgreementExplorer())


@pytest.mark.slow
def test_two_hundred_explorers_built_and_closed_leave_little_behind():
    def build(index: int) -> LossAgreementExplorer:
        explorer = LossAgreementExplorer(index % 2, 0.5)
        explorer.set({"ŷ": 0.25})
        return explorer

    assert_closed_explorers_leave_little(build)  # the warm-up also imports Keras
