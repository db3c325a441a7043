"""bitsandnats.calibration: reliability bins, expected calibration error, temperature scaling, perplexity.

Exact small cases worked by hand; a perfectly calibrated predictor has ECE 0;
temperature scaling recovers a temperature planted in synthetic logits and
agrees with SciPy's bounded minimiser; the binary bins agree with
scikit-learn's ``calibration_curve``; perplexity of a uniform guess is the
number of classes; bad input is refused with the argument named; notebook 13's
exercises against independent computations.  Every test runs with warnings
turned into errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import sklearn.calibration
import sklearn.metrics

import bitsandnats as bn
from bitsandnats import calibration
from bitsandnats.calibration import (
    expected_calibration_error,
    fit_temperature,
    log_loss_at_temperature,
    perplexity,
    reliability,
)
from bitsandnats.exercises import EXERCISES, check

pytestmark = pytest.mark.filterwarnings("error")

Y4 = [0, 1, 1, 0]
P4 = [[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.8, 0.2]]


def synthetic_logits(n, k, seed, *, spread=2.0):
    """Logits, and labels drawn from their softmax: a model calibrated by construction."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, spread, size=(n, k))
    probs = bn.softmax(logits)
    cumulative = probs.cumsum(axis=1)
    labels = (rng.random((n, 1)) > cumulative).sum(axis=1)
    return np.minimum(labels, k - 1), logits


# --- reliability ------------------------------------------------------------------------------


def test_reliability_of_a_small_case_by_hand():
    bins = reliability(Y4, P4, n_bins=5)
    np.testing.assert_allclose(bins.edges, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert bins.count.tolist() == [0, 0, 1, 2, 1]
    # Top-class confidences 0.9, 0.7, 0.6, 0.8; right, right, wrong, right.
    np.testing.assert_allclose(bins.confidence[2:], [0.6, 0.75, 0.9])
    np.testing.assert_array_equal(bins.accuracy[2:], [0.0, 1.0, 1.0])
    assert np.isnan(bins.confidence[:2]).all() and np.isnan(bins.accuracy[:2]).all()


def test_reliability_of_binary_probabilities_counts_positives():
    bins = reliability([1, 0, 1, 1], [0.15, 0.15, 0.85, 0.95], n_bins=2)
    assert bins.count.tolist() == [2, 2]
    np.testing.assert_allclose(bins.confidence, [0.15, 0.9])
    np.testing.assert_allclose(bins.accuracy, [0.5, 1.0])


def test_reliability_bins_are_closed_on_the_right_and_zero_joins_the_first():
    bins = reliability([1, 1, 1, 1, 1], [0.0, 0.1, 0.1000001, 0.5, 1.0], n_bins=10)
    assert bins.count.tolist() == [2, 1, 0, 0, 1, 0, 0, 0, 0, 1]


def test_reliability_ties_go_to_the_lowest_class():
    bins = reliability([0, 1], [[0.5, 0.5], [0.5, 0.5]], n_bins=2)
    assert bins.count.tolist() == [2, 0]
    assert bins.accuracy[0] == 0.5


def test_reliability_counts_every_prediction():
    labels, logits = synthetic_logits(1000, 4, 1)
    bins = reliability(labels, bn.softmax(logits), n_bins=15)
    assert bins.count.sum() == 1000 and bins.count.dtype.kind == "i"
    # No top-class confidence is below 1/k.
    assert bins.count[: int(15 / 4)].sum() == 0


@pytest.mark.parametrize("n_bins", [3, 5, 10, 20])
def test_reliability_agrees_with_scikit_learn_on_binary_predictions(n_bins):
    rng = np.random.default_rng(n_bins)
    y_prob = rng.random(500)
    y_prob[:20] = np.linspace(0, 1, n_bins + 1)[rng.integers(0, n_bins + 1, 20)]  # some exactly on the edges
    y_true = (rng.random(500) < y_prob).astype(int)
    prob_true, prob_pred = sklearn.calibration.calibration_curve(y_true, y_prob, n_bins=n_bins)
    bins = reliability(y_true, y_prob, n_bins=n_bins)
    filled = bins.count > 0
    np.testing.assert_allclose(bins.accuracy[filled], prob_true, rtol=1e-12)
    np.testing.assert_allclose(bins.confidence[filled], prob_pred, rtol=1e-12)


# --- expected calibration error ----------------------------------------------------------------


def test_ece_of_the_small_case_by_hand():
    assert expected_calibration_error(Y4, P4, n_bins=5) == pytest.approx((0.6 + 2 * 0.25 + 0.1) / 4, abs=1e-15)


def test_ece_is_zero_for_a_perfectly_calibrated_predictor():
    # In each bin the fraction of positives is exactly the stated probability.
    y_prob = [0.3] * 10 + [0.7] * 10 + [1.0] * 5
    y_true = [1] * 3 + [0] * 7 + [1] * 7 + [0] * 3 + [1] * 5
    assert expected_calibration_error(y_true, y_prob) == pytest.approx(0.0, abs=1e-15)
    # Ten classes, confidence 0.8 everywhere, right on exactly 80 of 100 examples.
    probs = np.full((100, 10), 0.2 / 9)
    probs[:, 0] = 0.8
    labels = np.where(np.arange(100) < 80, 0, 3)
    assert expected_calibration_error(labels, probs) == pytest.approx(0.0, abs=1e-14)


def test_ece_is_small_when_labels_come_from_the_predictions():
    labels, logits = synthetic_logits(100_000, 5, 2)
    assert expected_calibration_error(labels, bn.softmax(logits)) < 0.01
    # Over-confident by a factor 3 in the logits: clearly not calibrated.
    assert expected_calibration_error(labels, bn.softmax(3 * logits)) > 0.1


def test_ece_is_the_count_weighted_gap():
    labels, logits = synthetic_logits(2000, 3, 3)
    probs = bn.softmax(2 * logits)
    confidence, right = probs.max(axis=1), probs.argmax(axis=1) == labels
    which = np.clip(np.ceil(confidence * 10).astype(int) - 1, 0, 9)
    by_hand = sum(
        abs(right[which == b].mean() - confidence[which == b].mean()) * np.sum(which == b)
        for b in range(10) if np.any(which == b)
    ) / 2000
    assert expected_calibration_error(labels, probs) == pytest.approx(by_hand, rel=1e-12)


# --- temperature scaling ------------------------------------------------------------------------


def test_log_loss_at_temperature_is_the_log_loss_of_the_softened_probabilities():
    labels, logits = synthetic_logits(300, 10, 4)
    for temperature in [0.5, 1.0, 2.5]:
        probs = bn.softmax(logits, temperature=temperature)
        nats = log_loss_at_temperature(labels, logits, temperature)
        assert nats == pytest.approx(bn.log_loss(labels, probs), rel=1e-12)
        assert nats == pytest.approx(sklearn.metrics.log_loss(labels, probs, labels=range(10)), rel=1e-12)
        assert log_loss_at_temperature(labels, logits, temperature, base=2) == pytest.approx(nats / math.log(2), rel=1e-14)
        # The top class never moves, so accuracy is the same at every temperature.
        np.testing.assert_array_equal(probs.argmax(axis=1), logits.argmax(axis=1))


def test_fit_temperature_of_the_three_to_one_case_is_exact():
    assert fit_temperature([0, 0, 0, 1], [[2.0, 0.0]] * 4) == pytest.approx(2 / math.log(3), rel=1e-7)


@pytest.mark.parametrize("planted", [0.5, 3.0])
def test_fit_temperature_recovers_a_planted_temperature(planted):
    labels, logits = synthetic_logits(20_000, 10, 5)
    # The model reports logits / planted: softmax(reported · planted) is the truth.
    fitted = fit_temperature(labels, logits / planted)
    assert fitted == pytest.approx(1 / planted, rel=0.03)


def test_fit_temperature_is_the_minimum_scipy_finds():
    labels, logits = synthetic_logits(500, 4, 6, spread=4.0)
    fitted = fit_temperature(labels, logits)
    found = scipy.optimize.minimize_scalar(
        lambda log_t: log_loss_at_temperature(labels, logits, math.exp(log_t)),
        bounds=(math.log(0.01), math.log(100)), method="bounded", options={"xatol": 1e-10},
    )
    assert math.log(fitted) == pytest.approx(found.x, abs=1e-6)
    best = log_loss_at_temperature(labels, logits, fitted)
    assert best <= log_loss_at_temperature(labels, logits, fitted * 1.001)
    assert best <= log_loss_at_temperature(labels, logits, fitted / 1.001)


def test_fit_temperature_is_deterministic():
    labels, logits = synthetic_logits(300, 10, 7)
    assert fit_temperature(labels, logits) == fit_temperature(labels, logits.copy())


def test_fit_temperature_refuses_a_minimum_at_the_end_of_the_interval():
    # Every example classified correctly: the loss falls all the way to T = 0.
    with pytest.raises(ValueError, match=r"smallest at the end low=0\.01 "):
        fit_temperature([0, 1], [[1.0, 0.0], [0.0, 1.0]])
    # The same logits and opposite labels: the best is (1/2, 1/2), at T = infinity.
    with pytest.raises(ValueError, match=r"smallest at the end high=100"):
        fit_temperature([0, 1], [[1.0, 0.0], [1.0, 0.0]])


# --- perplexity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [2, 3, 10, 1000])
def test_perplexity_of_a_uniform_guess_is_the_number_of_classes(k):
    uniform = np.full(k, 1 / k)
    assert perplexity(bn.cross_entropy(uniform, uniform, base=math.e)) == pytest.approx(k, rel=1e-12)
    assert perplexity(bn.cross_entropy(uniform, uniform, base=2), base=2) == pytest.approx(k, rel=1e-12)
    labels = np.arange(k) % k
    assert perplexity(log_loss_at_temperature(labels, np.zeros((k, k)), 1.0)) == pytest.approx(k, rel=1e-12)


def test_perplexity_is_the_same_in_nats_and_in_bits():
    nats = 0.4
    assert perplexity(nats) == pytest.approx(perplexity(nats / math.log(2), base=2), rel=1e-14)
    assert perplexity(nats) == pytest.approx(math.exp(0.4), rel=1e-15)


def test_perplexity_of_zero_infinity_and_arrays():
    assert perplexity(0) == 1.0 and perplexity(math.inf) == math.inf
    assert perplexity(1e6) == math.inf  # beyond float64, quietly
    result = perplexity([0.0, math.log(4)])
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, [1.0, 4.0])
    assert isinstance(perplexity(np.float32(1.0)), float)


# --- refusals -----------------------------------------------------------------------------------


REFUSALS = [
    (lambda: reliability(Y4, P4, n_bins=0), r"^n_bins must be a whole number at least 1, got 0$"),
    (lambda: reliability(Y4, P4, n_bins=2.5), r"^n_bins must be a whole number"),
    (lambda: reliability([0, 1], [0.5, 1.5]), r"^y_prob must be a probability in \[0, 1\], got 1\.5$"),
    (lambda: reliability([0, 2], [0.5, 0.5]), r"^y_true has a label 2 outside 0\.\.1"),
    (lambda: reliability([0, 1, 1], [0.5, 0.5]), r"^y_true and y_prob must have the same shape"),
    (lambda: reliability([0], [[0.5, 0.6]]), r"^y_prob "),
    (lambda: reliability([0, 1], [[0.5, 0.5]]), r"^y_true must hold one label per row of y_prob"),
    (lambda: reliability([0], np.full((1, 2, 2), 0.5)), r"^y_prob must have shape \(n,\) or \(n, k\)"),
    (lambda: reliability([0.5], [[0.5, 0.5]]), r"^y_true must hold whole-number class labels"),
    (lambda: reliability([0], ["a"]), r"^y_prob must be numeric"),
    (lambda: expected_calibration_error([0], [[float("nan"), 1.0]]), r"^y_prob contains NaN$"),
    (lambda: log_loss_at_temperature([0], [[1.0, 0.0]], 0), r"^temperature must be a positive number, got 0$"),
    (lambda: log_loss_at_temperature([0], [[1.0, 0.0]], 1e-320), r"^logits divided by temperature"),
    (lambda: log_loss_at_temperature([0], [[1.0, 0.0]], 1.0, base=1), r"^base must be a positive number other than 1"),
    (lambda: log_loss_at_temperature([0], [1.0, 0.0], 1.0), r"^logits must have shape \(n, k\) with k >= 2"),
    (lambda: log_loss_at_temperature([0], [[1.0]], 1.0), r"^logits must have shape \(n, k\) with k >= 2"),
    (lambda: log_loss_at_temperature([0], [[1.0, math.inf]], 1.0), r"^logits contains inf$"),
    (lambda: log_loss_at_temperature([3], [[1.0, 0.0]], 1.0), r"^y_true has a label 3 outside 0\.\.1"),
    (lambda: fit_temperature([0, 1], [[1.0, 0.0]]), r"^y_true must hold one label per row of logits"),
    (lambda: fit_temperature([0], [[1.0, 0.0]], low=0), r"^low must be a positive number, got 0$"),
    (lambda: fit_temperature([0], [[1.0, 0.0]], high=-1), r"^high must be a positive number, got -1$"),
    (lambda: fit_temperature([0], [[1.0, 0.0]], low=2, high=1), r"^low must be less than high, got low=2\.0 and high=1\.0$"),
    (lambda: fit_temperature([0], [[1e308, 0.0]], low=0.01), r"^logits divided by low=0\.01 overflow float64"),
    (lambda: perplexity(-0.5), r"^cross_entropy must be at least 0, got -0\.5$"),
    (lambda: perplexity(float("nan")), r"^cross_entropy contains NaN$"),
    (lambda: perplexity("2.3"), r"^cross_entropy must be numeric"),
    (lambda: perplexity(1.0, base=0), r"^base must be a positive number other than 1"),
]


@pytest.mark.parametrize("call, message", REFUSALS)
def test_bad_input_is_refused_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_public_name_is_documented_with_an_example():
    for name in calibration.__all__:
        doc = getattr(calibration, name).__doc__
        assert doc and (name == "Reliability" or ">>>" in doc), name


# --- notebook 13's exercises, against independent computations ----------------------------------


INDEPENDENT_13 = {
    "13.1": 2 ** 0.6,
    "13.2": (math.log(math.exp(1.5) + math.exp(0.5) + 1.0) - 1.5) / math.log(2),
    "13.3": (50 * abs(40 / 50 - 0.9) + 150 * abs(147 / 150 - 0.99)) / 200,
}
USUAL_MISTAKES_13 = {
    "13.1": math.exp(0.6),  # the bits read as nats
    "13.2": math.log(math.exp(1.5) + math.exp(0.5) + 1.0) - 1.5,  # nats, not bits
    "13.3": (abs(40 / 50 - 0.9) + abs(147 / 150 - 0.99)) / 2,  # bins not weighted by their counts
}


def test_the_exercises_of_notebook_13_are_there():
    assert {key for key in EXERCISES if key.startswith("13.")} == set(INDEPENDENT_13)


@pytest.mark.parametrize("exercise_id", sorted(INDEPENDENT_13))
def test_exercise_answers_of_notebook_13(exercise_id):
    assert EXERCISES[exercise_id].answer() == pytest.approx(INDEPENDENT_13[exercise_id], rel=1e-9)
    assert check(exercise_id, INDEPENDENT_13[exercise_id])
    assert not check(exercise_id, USUAL_MISTAKES_13[exercise_id])
