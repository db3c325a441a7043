"""Tests of the live explorers (bitsandnats.explorers), headless.

Every explorer is driven the way a reader drives it, through its sliders
(``.sliders[name].value = ...`` or ``.set(...)``); the readouts and the
figure's artists are then compared with the package's own measures for the
new state.  A seeded storm of 10,000 random moves per explorer (extremes
included, some repeated) checks that the state stays valid, that nothing
raises and that no readout is ever NaN.

Without a browser, ``canvas.draw_idle()`` only sends a message and nothing
is drawn; the storms therefore also render the figure with Agg every few
thousand moves, so that drawing is exercised on the odd states (infinite
terms, empty bins, zeros).  Once a canvas has been drawn, a move is blitted
(see bitsandnats.plots._LiveFigure): a separate test checks that a blitted
frame is, pixel for pixel, what a full draw shows.
"""

from __future__ import annotations

import io
import math
import types

import numpy as np
import pytest

from bitsandnats import explorers, measures

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
EVENTS = ["red", "green", "blue"]
Y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
TEACHER = [6.0, 3.5, 3.0, -1.0, -2.0]
STUDENT = [2.0, 0.5, 1.5, 0.5, -0.5]
CLASSES = ["cat", "dog", "fox", "car", "truck"]

FACTORIES = {
    "distribution": lambda: explorers.DistributionExplorer(P, Q, EVENTS),
    "entropy agreement": lambda: explorers.EntropyAgreementExplorer(P, Q, EVENTS),
    "coin": lambda: explorers.CoinExplorer(),
    "log loss": lambda: explorers.LogLossExplorer(Y, Y_HAT),
    "loss agreement": lambda: explorers.LossAgreementExplorer(1, 0.8),
    "temperature": lambda: explorers.TemperatureExplorer(TEACHER, STUDENT, CLASSES),
    "binning": lambda: explorers.BinningExplorer(),
}


@pytest.fixture(scope="module")
def built():
    """One explorer of each kind, for the tests that only look."""
    return {name: make() for name, make in FACTORIES.items()}


def heights(bars):
    return np.array([bar.get_height() for bar in bars])


def assert_distribution(values):
    values = np.asarray(values)
    assert values.min() >= 0.0
    assert abs(math.fsum(values) - 1.0) <= 1e-9


# --- the documents' numbers at the default state -------------------------------------


def test_default_states_reproduce_the_worked_numbers(built):
    values = built["distribution"].readouts()
    assert [round(values[key], 3) for key in ("H(P,Q)", "H(Q,P)", "H(P)", "KL(P||Q)")] == [3.288, 2.906, 1.361, 1.927]
    assert round(built["coin"].readouts()["H"], 4) == 0.7219
    losses = [round(value, 3) for key, value in built["log loss"].readouts().items() if key.startswith("loss[")]
    assert losses == [0.223, 0.105, 0.105, 0.511, 0.223, 0.105, 0.511, 0.223, 0.105, 0.357]
    assert round(built["log loss"].readouts()["log loss"], 3) == 0.247
    agreement = built["loss agreement"].readouts()
    for key in ("loss", "loss, eps=1e-7", "loss, scikit-learn", "loss, Keras"):
        assert round(agreement[key], 3) == 0.223
    assert round(built["temperature"].readouts()["loss"], 4) == 1.6182
    assert round(built["binning"].readouts()["H_Δ"], 4) == 1.4590


def test_every_explorer_has_the_shared_interface(built):
    for name, explorer in built.items():
        assert explorer.sliders, name
        assert all(hasattr(slider, "value") for slider in explorer.sliders.values())
        readouts = explorer.readouts()
        assert readouts and all(isinstance(value, float) for value in readouts.values()), name
        assert len(explorer.summary().splitlines()) == len(readouts)


# --- DistributionExplorer ------------------------------------------------------------------


def assert_readouts(explorer, expected):
    """The explorer's readouts are the package's values (computed there in batches: equal to rounding)."""
    values = explorer.readouts()
    assert values.keys() == expected.keys()
    for key, value in expected.items():
        assert values[key] == pytest.approx(value, rel=1e-14, abs=1e-15), key


def expected_distribution_readouts(p, q, base=2):
    return {
        "H(P)": measures.entropy(p, base=base),
        "H(Q)": measures.entropy(q, base=base),
        "H(P,Q)": measures.cross_entropy(p, q, base=base),
        "H(Q,P)": measures.cross_entropy(q, p, base=base),
        "KL(P||Q)": measures.kl_divergence(p, q, base=base),
        "KL(Q||P)": measures.kl_divergence(q, p, base=base),
    }


def assert_distribution_figure(explorer, base=2):
    p, q, panel = explorer.p, explorer.q, explorer.panel
    np.testing.assert_array_equal(heights(panel.p_bars), p)
    np.testing.assert_array_equal(heights(panel.q_bars), q)
    np.testing.assert_array_equal(heights(panel.entropy_bars), measures.cross_entropy_terms(p, p, base=base))
    cross = measures.cross_entropy_terms(p, q, base=base)
    kl = measures.kl_terms(p, q, base=base)
    finite = np.isfinite(kl)
    np.testing.assert_array_equal(heights(panel.cross_bars)[finite], cross[finite])
    np.testing.assert_array_equal(heights(panel.kl_bars)[finite], kl[finite])
    # an infinite term is drawn inside the panel, cross-hatched and labelled ∞
    for index in np.flatnonzero(~finite):
        for bars, values in ((panel.cross_bars, panel.cross_values), (panel.kl_bars, panel.kl_values)):
            assert bars[index].get_hatch() == "xx"
            assert values.texts[index].get_text() == "∞"
            assert 0 < bars[index].get_height() < bars[index].axes.get_ylim()[1]


def test_moving_a_p_slider_rescales_the_others_in_proportion():
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.sliders["P[red]"].value = 0.55
    np.testing.assert_allclose(explorer.p, [0.55, 0.2, 0.25], rtol=0, atol=1e-15)
    assert explorer.p[0] == 0.55
    assert explorer.p[1] / explorer.p[2] == pytest.approx(0.4 / 0.5, rel=1e-14)  # ratios kept
    assert [explorer.sliders[f"P[{e}]"].value for e in EVENTS] == pytest.approx(list(explorer.p), abs=1e-15)
    np.testing.assert_array_equal(explorer.q, Q)  # the other distribution is untouched
    assert_readouts(explorer, expected_distribution_readouts(explorer.p, explorer.q))
    assert_distribution_figure(explorer)


def test_a_q_slider_and_set_do_the_same_as_a_drag():
    by_value = explorers.DistributionExplorer(P, Q, EVENTS)
    by_set = explorers.DistributionExplorer(P, Q, EVENTS)
    by_value.sliders["Q[green]"].value = 0.3
    by_set.set(**{"Q[green]": 0.3})
    np.testing.assert_array_equal(by_value.q, by_set.q)
    np.testing.assert_array_equal(by_value.q, measures.rebalance(Q, 1, 0.3))
    assert by_value.readouts() == by_set.readouts()
    assert_readouts(by_set, expected_distribution_readouts(P, by_set.q))
    assert_distribution_figure(by_set)


def test_rescaled_sliders_sit_on_a_step_so_the_browser_sends_nothing_back():
    """The browser snaps a slider to its step and reports the snapped value as a move; nothing may be off a step."""
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.sliders["P[red]"].value = 0.11  # P[green] and P[blue] become 0.3956 and 0.4944
    assert explorer.p == pytest.approx(measures.rebalance(P, 0, 0.11), abs=1e-15)
    for name, slider in explorer.sliders.items():
        steps = (slider.value - slider.min) / slider.step
        assert abs(steps - round(steps)) < 1e-9, f"{name} = {slider.value} is between steps"
    assert [explorer.sliders[f"P[{event}]"].value for event in EVENTS] == [0.11, 0.4, 0.49]
    updates = explorer.updates
    explorer.sliders["P[blue]"].value = 0.49  # what a browser would echo: not a move
    assert explorer.updates == updates
    assert explorer.readouts()["H(P,Q)"] == pytest.approx(measures.cross_entropy(measures.rebalance(P, 0, 0.11), Q))


def test_the_others_share_evenly_when_they_are_all_zero():
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.set({"P[blue]": 1.0})
    np.testing.assert_array_equal(explorer.p, [0.0, 0.0, 1.0])
    explorer.set({"P[blue]": 0.4})
    np.testing.assert_allclose(explorer.p, [0.3, 0.3, 0.4], rtol=0, atol=1e-15)
    explorer.set({"P[blue]": 0.0})
    np.testing.assert_allclose(explorer.p, [0.5, 0.5, 0.0], rtol=0, atol=1e-15)
    assert explorer.readouts()["H(P)"] == pytest.approx(1.0, abs=1e-12)


def test_one_move_is_one_update_and_no_figure_is_rebuilt():
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    figure, patches = explorer.figure, [len(ax.patches) for ax in explorer.figure.axes]
    texts = [len(ax.texts) for ax in explorer.figure.axes]
    before = explorer.updates
    explorer.sliders["P[green]"].value = 0.2  # moves two other sliders too
    assert explorer.updates == before + 1
    explorer.buttons["swap"].click()
    assert explorer.updates == before + 2
    explorer.controls["unit"].value = math.e
    assert explorer.updates == before + 3
    assert explorer.figure is figure and explorer.canvas.figure is figure
    assert [len(ax.patches) for ax in figure.axes] == patches
    assert [len(ax.texts) for ax in figure.axes] == texts


def test_buttons_reset_swap_copy_and_uniform():
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.buttons["swap"].click()
    np.testing.assert_array_equal(explorer.p, Q)
    np.testing.assert_array_equal(explorer.q, P)
    assert explorer.readouts()["H(P,Q)"] == measures.cross_entropy(Q, P)

    explorer.buttons["Q = P"].click()
    np.testing.assert_array_equal(explorer.q, explorer.p)
    values = explorer.readouts()
    assert values["KL(P||Q)"] == 0.0 and values["H(P,Q)"] == pytest.approx(values["H(P)"], abs=1e-15)

    explorer.buttons["uniform P"].click()
    np.testing.assert_allclose(explorer.p, [1 / 3] * 3)
    assert explorer.readouts()["H(P)"] == pytest.approx(math.log2(3), abs=1e-12)

    explorer.set({"P[red]": 0.9, "Q[blue]": 0.0})
    explorer.buttons["reset"].click()
    np.testing.assert_array_equal(explorer.p, P)
    np.testing.assert_array_equal(explorer.q, Q)
    assert [explorer.sliders[f"Q[{e}]"].value for e in EVENTS] == Q
    assert_readouts(explorer, expected_distribution_readouts(P, Q))
    assert_distribution_figure(explorer)


@pytest.mark.parametrize(("label", "base"), explorers.UNITS)
def test_switching_units_rescales_every_readout(label, base):
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.set({"Q[blue]": 0.0})  # include infinite readouts
    in_bits = explorer.readouts()
    explorer.set(unit=base)
    assert explorer.unit == label
    factor = math.log(2) / math.log(base)
    for key, value in explorer.readouts().items():
        if math.isinf(in_bits[key]):
            assert value == math.inf
        else:
            assert value == pytest.approx(in_bits[key] * factor, rel=1e-13)
    assert label in explorer.panel.kl_axes.get_ylabel() and label in explorer.summary()
    assert_distribution_figure(explorer, base=base)


def test_a_zero_in_q_shows_infinity_and_marks_the_bars():
    explorer = explorers.DistributionExplorer(P, Q, EVENTS)
    explorer.set({"Q[blue]": 0.0})
    values = explorer.readouts()
    assert values["H(P,Q)"] == values["KL(P||Q)"] == math.inf
    assert math.isfinite(values["KL(Q||P)"])
    assert_distribution_figure(explorer)
    assert [text.get_text() for text in explorer.panel.q_warnings] == ["", "", "Q = 0"]
    assert "∞" in explorer.readout_html.value and "blue" in explorer.readout_html.value
    assert "H(P,Q)=∞ bits" in repr(explorer)
    explorer.figure.canvas.draw()  # drawing an infinite state works
    explorer.set({"P[blue]": 0.0})  # P no longer needs blue: finite again
    assert math.isfinite(explorer.readouts()["KL(P||Q)"])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="sum to 1"):
        explorers.DistributionExplorer([0.5, 0.6], [0.5, 0.5], ["a", "b"])
    with pytest.raises(ValueError, match="one per name"):
        explorers.DistributionExplorer(P, Q, ["a", "b"])
    with pytest.raises(ValueError, match="base"):
        explorers.DistributionExplorer(P, Q, EVENTS, base=3)
    with pytest.raises(KeyError, match="no slider or control"):
        explorers.DistributionExplorer(P, Q, EVENTS).set(**{"P[purple]": 0.5})


def test_rebalance_checks_its_input():
    with pytest.raises(ValueError, match="index"):
        measures.rebalance(P, 3, 0.5)
    with pytest.raises(ValueError, match="probability"):
        measures.rebalance(P, 0, 1.5)
    assert measures.rebalance([0.5, 0.5], 1, 1.0).tolist() == [0.0, 1.0]


# --- the other explorers ---------------------------------------------------------------


def test_entropy_agreement_matches_scipy():
    from scipy.stats import entropy as scipy_entropy

    explorer = explorers.EntropyAgreementExplorer(P, Q, EVENTS)
    explorer.set({"P[green]": 0.7, "Q[red]": 0.3})
    p, q = explorer.p, explorer.q
    values = explorer.readouts()
    assert values["H(P)"] == measures.entropy(p)
    assert values["KL(P||Q)"] == measures.kl_divergence(p, q)
    assert values["H(P,Q)"] == measures.cross_entropy(p, q)
    assert values["H(P) SciPy"] == scipy_entropy(p, base=2)
    assert values["KL(P||Q) SciPy"] == scipy_entropy(p, q, base=2)
    for key in ("H(P)", "KL(P||Q)", "H(P,Q)"):
        assert values[key] == pytest.approx(values[f"{key} SciPy"], rel=1e-13)
    explorer.set({"Q[blue]": 0.0})
    values = explorer.readouts()
    assert values["KL(P||Q)"] == values["KL(P||Q) SciPy"] == math.inf
    assert "∞" in explorer.readout_html.value


def test_coin_explorer_uses_the_notebooks_tosses():
    explorer = explorers.CoinExplorer()
    explorer.set({"p(heads)": 0.3, "N": 1000})
    tosses = np.random.default_rng(2025).choice(2, size=10_000, p=[0.3, 0.7])[:1000]
    expected = measures.average_surprisal(tosses, [0.3, 0.7], running=True)
    assert explorer.readouts() == {"H": measures.entropy([0.3, 0.7]), "average surprise": float(expected[-1])}
    panel = explorer.panel
    np.testing.assert_array_equal(panel.running_line.get_ydata(), expected)
    assert panel.point.get_data() == ([0.3], [measures.entropy([0.3, 0.7])])
    explorer.set({"p(heads)": 1.0})  # a certain coin: no surprise, no infinity
    assert explorer.readouts() == {"H": 0.0, "average surprise": 0.0}


def test_log_loss_explorer_follows_each_prediction():
    explorer = explorers.LogLossExplorer(Y, Y_HAT)
    explorer.set({"ŷ[4]": 0.95, "ŷ[7]": 0.05})
    y_hat = np.array(Y_HAT)
    y_hat[3], y_hat[6] = 0.95, 0.05
    losses = measures.binary_cross_entropy(Y, y_hat)
    values = explorer.readouts()
    assert [values[f"loss[{i}]"] for i in range(1, 11)] == list(losses)
    assert values["log loss"] == measures.log_loss(Y, y_hat)
    np.testing.assert_array_equal(heights(explorer.panel.loss_bars), losses)
    q_true = np.where(np.array(Y) == 1, y_hat, 1 - y_hat)
    points = np.vstack([explorer.panel.positives.get_offsets(), explorer.panel.negatives.get_offsets()])
    np.testing.assert_allclose(points, np.column_stack([q_true, losses])[np.r_[0:5, 5:10]])

    explorer.set({"ŷ[6]": 1.0})  # certain and wrong
    assert explorer.readouts()["loss[6]"] == explorer.readouts()["log loss"] == math.inf
    assert explorer.panel.loss_values.texts[5].get_text() == "∞"
    assert explorer.panel.loss_bars[5].get_hatch() == "xx"
    assert "certain and wrong" in explorer.readout_html.value
    explorer.figure.canvas.draw()


def test_loss_agreement_explains_clipping_and_float32():
    import keras
    from sklearn.metrics import log_loss as sklearn_log_loss

    explorer = explorers.LossAgreementExplorer(1, 0.8)
    values = explorer.readouts()
    assert values["loss"] == measures.binary_cross_entropy(1, 0.8)
    assert values["loss, Keras"] == float(keras.losses.binary_crossentropy(np.array([1.0]), np.array([0.8])))
    assert 1e-9 < abs(values["loss, Keras"] - values["loss"]) < 1e-7  # float32
    assert "float32" in explorer.readout_html.value

    explorer.set({"ŷ": 0.0})  # label 1: certain and wrong
    values = explorer.readouts()
    assert values["loss"] == math.inf
    assert values["loss, eps=1e-7"] == pytest.approx(7 * math.log(10), rel=1e-12)
    assert values["loss, scikit-learn"] == sklearn_log_loss([1], [0.0], labels=[0, 1])
    assert round(values["loss, scikit-learn"], 2) == 36.04 and round(values["loss, Keras"], 2) == 16.12
    assert "36.04" in explorer.readout_html.value and "16.12" in explorer.readout_html.value

    explorer.set(y=0.0, **{"ŷ": 1.0})  # label 0, predicted 1: float32 rounds the clip
    assert round(explorer.readouts()["loss, Keras"], 2) == 15.94
    assert "15.94" in explorer.readout_html.value
    explorer.set({"ŷ": 0.0})  # certain and right
    assert explorer.readouts()["loss"] == 0.0 and "certain and right" in explorer.readout_html.value
    explorer.buttons["reset"].click()
    assert explorer.readouts()["loss"] == measures.binary_cross_entropy(1, 0.8)
    assert explorer.controls["y"].value == 1.0 and explorer.sliders["ŷ"].value == 0.8


def test_temperature_explorer_matches_the_distillation_measures():
    explorer = explorers.TemperatureExplorer(TEACHER, STUDENT, CLASSES)
    explorer.set({"T": 2.0, "α": 0.5})
    p_t = measures.softmax(TEACHER, temperature=2.0)
    q_t = measures.softmax(STUDENT, temperature=2.0)
    values = explorer.readouts()
    assert values["loss"] == measures.distillation_loss(0, STUDENT, TEACHER, temperature=2.0, alpha=0.5)
    assert values["KL(p_T||q_T)"] == measures.kl_divergence(p_t, q_t, base=math.e)
    assert values["soft term"] + values["hard term"] == pytest.approx(values["loss"], rel=1e-12)
    assert values["H(p_T)"] == measures.entropy(p_t)
    np.testing.assert_array_equal(heights(explorer.panel.teacher_bars), p_t)
    np.testing.assert_array_equal(heights(explorer.panel.student_bars), q_t)
    temperatures = explorer.panel.total_line.get_xdata()
    index = int(np.argmin(abs(temperatures - 7.0)))
    assert explorer.panel.total_line.get_ydata()[index] == pytest.approx(
        measures.distillation_loss(0, STUDENT, TEACHER, temperature=float(temperatures[index]), alpha=0.5), rel=1e-12)


def test_binning_explorer_matches_binned_normal():
    explorer = explorers.BinningExplorer()
    explorer.set({"σ": 0.5, "Δ": 0.1})
    sigma, width = explorer.sliders["σ"].value, explorer.sliders["Δ"].value
    probs = measures.binned_normal(sigma, width)
    values = explorer.readouts()
    assert values["H_Δ"] == measures.entropy(probs, base=math.e)
    assert values["h"] == measures.differential_entropy_normal(sigma)
    assert values["h - ln Δ"] == pytest.approx(values["h"] - math.log(width), rel=1e-14)
    assert explorer.panel.point.get_data()[1] == [values["H_Δ"]]
    np.testing.assert_allclose(explorer.panel.bins.get_data().values * width, probs)
    # the curve for this σ (moved from the σ = 1 curve) goes through direct computations
    x, y = explorer.panel.curve_line.get_data()
    for i in (5, 30, 55):
        direct = measures.entropy(measures.binned_normal(sigma, math.exp(-x[i])), base=math.e)
        assert y[i] == pytest.approx(direct, rel=1e-12)


# --- display -------------------------------------------------------------------------------


def test_display_is_a_widget_with_a_short_deterministic_text(built):
    for name, explorer in built.items():
        bundle = explorer._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "application/vnd.jupyter.widget-view+json"}, name
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
        text = bundle["text/plain"]
        assert text == FACTORIES[name]()._repr_mimebundle_()["text/plain"]
        assert len(text) < 400 and "model_id" not in text and "0x" not in text
        assert text.startswith(explorer.title)


def test_canvas_is_ipympl_without_toolbar_or_pyplot(built):
    from ipympl.backend_nbagg import Canvas
    from matplotlib import pyplot

    for name, explorer in built.items():
        if explorer.canvas is None:
            continue
        assert isinstance(explorer.canvas, Canvas), name
        assert explorer.canvas.toolbar_visible is False and explorer.canvas.header_visible is False
        assert explorer.canvas.footer_visible is False and explorer.canvas.resizable is False
    assert pyplot.get_fignums() == []


def test_presentation_mode_uses_large_type():
    normal = explorers.DistributionExplorer(P, Q, EVENTS)
    large = explorers.DistributionExplorer(P, Q, EVENTS, presentation=True)
    assert large.panel.kl_axes.title.get_fontsize() > normal.panel.kl_axes.title.get_fontsize()
    assert large.panel.kl_values.texts[0].get_fontsize() > normal.panel.kl_values.texts[0].get_fontsize()
    assert large.figure.get_figwidth() > normal.figure.get_figwidth()
    assert "1.35em" in large.readout_html.value


def test_conftest_skips_widget_views_in_notebook_comparisons():
    import conftest

    notebook = types.SimpleNamespace(path="notebooks/03_x.ipynb", skip_compare=("metadata",))
    conftest.NotebookWidgetViews.pytest_collectstart(notebook)
    assert "application/vnd.jupyter.widget-view+json" in notebook.skip_compare
    other = types.SimpleNamespace(path="tests/test_x.py")
    conftest.NotebookWidgetViews.pytest_collectstart(other)  # not a notebook: left alone
    assert not hasattr(other, "skip_compare")


# --- the storm ------------------------------------------------------------------------------

MOVES = 10_000


def random_value(slider, rng, last_extreme):
    """A random move: an extreme (sometimes the same one again), a slider position, or any value."""
    if hasattr(slider, "options"):  # a selection slider: one of its positions, often an end
        labels = [value for _label, value in slider.options]
        roll = rng.random()
        return labels[0] if roll < 0.2 else labels[-1] if roll < 0.4 else labels[rng.integers(len(labels))]
    log = type(slider).__name__ == "FloatLogSlider"
    low, high = slider.min, slider.max
    roll = rng.random()
    if roll < 0.15 and last_extreme is not None:
        value = last_extreme  # the same extreme again
    elif roll < 0.3:
        value = low
    elif roll < 0.45:
        value = high
    elif roll < 0.9:  # a position a drag can reach
        value = low + slider.step * rng.integers(round((high - low) / slider.step) + 1)
        value = min(value, high)
    else:
        value = rng.uniform(low, high)
    return slider.base ** value if log else float(value)


def check_state(name, explorer):
    values = explorer.readouts().values()
    assert not any(math.isnan(value) for value in values), name
    if isinstance(explorer, explorers._TwoDistributions):
        assert_distribution(explorer.p)
        assert_distribution(explorer.q)
    if hasattr(explorer, "y_prob"):
        assert explorer.y_prob.min() >= 0 and explorer.y_prob.max() <= 1


@pytest.mark.parametrize("name", list(FACTORIES))
def test_a_storm_of_random_moves_keeps_every_explorer_valid(name):
    explorer = FACTORIES[name]()
    rng = np.random.default_rng(20251122)
    sliders = list(explorer.sliders.values())
    controls = [(control, [value for _label, value in control.options]) for control in explorer.controls.values()]
    buttons = list(explorer.buttons.values())
    last_extreme = None
    changes = 0
    for move in range(MOVES):
        roll = rng.random()
        if roll < 0.02 and buttons:
            buttons[rng.integers(len(buttons))].click()
        elif roll < 0.04 and controls:
            control, options = controls[rng.integers(len(controls))]
            control.value = options[rng.integers(len(options))]
        else:
            slider = sliders[rng.integers(len(sliders))]
            value = random_value(slider, rng, last_extreme)
            before = slider.value
            slider.value = value
            changes += slider.value != before
            is_log = type(slider).__name__ == "FloatLogSlider"
            if not hasattr(slider, "options") and not is_log and value in (slider.min, slider.max):
                last_extreme = value
        check_state(name, explorer)
        if explorer.canvas is not None and move % 2500 == 0:
            # A real Agg render of whatever state the storm reached.  (Not canvas.draw(): that
            # would start blitting, which test_a_blitted_move_shows_what_a_full_draw_shows covers.)
            explorer.figure.savefig(io.BytesIO(), format="rgba")
    assert explorer.updates >= changes > MOVES / 2  # every slider move that changed a value recomputed


# --- blitting: what a slider move shows is what a full draw would show -----------------


def rendered(explorer) -> np.ndarray:
    """The figure drawn from scratch, everything included, as an RGBA array."""
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="rgba", dpi=explorer.figure.dpi)
    width, height = explorer.figure.canvas.get_width_height(physical=True)
    return np.frombuffer(buffer.getvalue(), np.uint8).reshape(height, width, 4)


def outside_legends(explorer) -> np.ndarray:
    """A mask of the pixels outside every legend (which stays in the background, under what moves)."""
    height, width = explorer.figure.canvas.get_width_height(physical=True)[::-1]
    mask = np.ones((height, width), dtype=bool)
    renderer = explorer.canvas.get_renderer()
    for ax in explorer.figure.axes:
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent(renderer)
            mask[max(0, int(height - box.y1) - 1):int(height - box.y0) + 2, max(0, int(box.x0) - 1):int(box.x1) + 2] = False
    return mask


@pytest.mark.parametrize("name", [name for name in FACTORIES if name not in ("entropy agreement", "loss agreement")])
def test_a_blitted_move_shows_what_a_full_draw_shows(name):
    explorer = FACTORIES[name]()
    canvas = explorer.canvas
    # A stand-in for the browser, which answers draw_idle's message by asking for a full draw.
    canvas.draw_idle = canvas.draw
    canvas.draw()
    rng = np.random.default_rng(7)
    sliders = list(explorer.sliders.values())
    blitted = 0
    for move in range(24):
        slider = sliders[rng.integers(len(sliders))]
        full_draws = explorer.panel._live.full_draws
        if move % 4 == 3 or hasattr(slider, "options"):  # a jump
            slider.value = random_value(slider, rng, None)
        else:  # a drag: one step either way, as the arrow keys move a slider
            step = slider.step * (1 if rng.random() < 0.5 else -1)
            slider.value = float(np.clip(slider.value + step, slider.min, slider.max))
        blitted += explorer.panel._live.full_draws == full_draws
        shown = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
        expected = rendered(explorer)
        differs = (shown != expected).any(axis=2) & outside_legends(explorer)
        assert not differs.any(), f"{name}: {int(differs.sum())} pixels differ from a full draw"
        canvas.draw()  # savefig moved the ticks (marking them changed): start the next move from a fresh frame
    assert blitted >= 12, f"{name}: only {blitted} of 24 moves were blitted"
