"""bitsandnats.sampling: the seeded sampler, the standard error, and the estimates of H(P, Q) and KL(P || Q).

The estimates must converge (a fixed seed, a large N, within a few standard
errors of the exact value), their spread over many seeds must shrink like
1/√N and match the standard error, exact cases must come out exactly, bad
input must be refused with a ValueError naming the argument, and nothing
may raise a numpy warning.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from bitsandnats import measures
from bitsandnats.sampling import (MAX_SEED, WORDS, draw, random_words, sample_cross_entropy, sample_kl,
                                  standard_error, thresholds)

pytestmark = pytest.mark.filterwarnings("error")

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


# --- the generator and the sampler ------------------------------------------------------------

def test_the_words_are_mulberry32s():
    # From the reference JavaScript (Tommy Ettinger's mulberry32, as published by bryc), run in node.
    assert random_words(4, 0).tolist() == [1144304738, 1416247, 958946056, 627933444]
    assert random_words(4, 1).tolist() == [2693262067, 11749833, 2265367787, 4213581821]
    assert random_words(4, MAX_SEED).tolist() == [3850105811, 813802916, 3073704848, 4054706436]
    assert random_words(4, 123456789).tolist() == [1107202814, 4169434471, 3372958138, 885470128]


def test_the_words_are_32_bit_and_a_longer_run_extends_a_shorter_one():
    words = random_words(100_000, 99)
    assert words.dtype == np.int64 and words.min() >= 0 and words.max() < WORDS
    assert (random_words(1_000, 99) == words[:1_000]).all()
    assert random_words(0, 5).shape == (0,)
    # Roughly uniform: each of 16 equal ranges holds 1/16 of the words, within five standard deviations.
    counts = np.bincount(words >> 28, minlength=16)
    assert np.abs(counts - 6250).max() < 5 * math.sqrt(100_000 / 16 * 15 / 16)


def test_thresholds_on_the_grid_of_thousandths_are_the_browsers_whole_number_ones():
    rng = random.Random(11)
    for _ in range(2_000):
        size = rng.randint(2, 10)
        cuts = sorted(rng.randint(0, 1000) for _ in range(size - 1))
        counts = [b - a for a, b in zip([0, *cuts], [*cuts, 1000])]
        expected = [(sum(counts[:k + 1]) * WORDS + 500) // 1000 for k in range(size)]
        assert thresholds([count / 1000 for count in counts]).tolist() == expected, counts


def test_draw_gives_each_outcome_its_probability_and_never_an_impossible_one():
    p = [0.2, 0.0, 0.3, 0.5]
    samples = draw(p, 200_000, seed=4)
    frequencies = np.bincount(samples, minlength=4) / 200_000
    assert frequencies[1] == 0
    assert np.abs(frequencies - p).max() < 5 * math.sqrt(0.25 / 200_000)
    assert (draw(p, 50, seed=4) == samples[:50]).all()
    assert (draw(p, 50, seed=5) != samples[:50]).any()
    assert draw([1.0], 3, seed=0).tolist() == [0, 0, 0]


# --- the standard error -----------------------------------------------------------------------

def test_standard_error_is_the_sample_deviation_over_root_n():
    values = np.random.default_rng(0).normal(size=1_000)
    assert standard_error(values) == pytest.approx(np.std(values, ddof=1) / math.sqrt(1_000), rel=1e-14)
    running = standard_error(values, running=True)
    assert math.isnan(running[0])
    for n in (2, 3, 10, 999, 1_000):
        assert running[n - 1] == pytest.approx(np.std(values[:n], ddof=1) / math.sqrt(n), rel=1e-10)
    assert standard_error([[1.0, 1.0], [1.0, 3.0]]).tolist() == [0.0, 1.0]
    assert standard_error([2.0, 2.0, 2.0]) == 0.0


def test_an_infinite_value_makes_the_standard_error_infinite_from_there_on():
    assert standard_error([1.0, math.inf, 2.0]) == math.inf
    assert standard_error([1.0, 2.0, math.inf, 2.0], running=True)[1:].tolist() == [0.5, math.inf, math.inf]


# --- the estimates ----------------------------------------------------------------------------

def test_a_sample_with_exactly_ps_frequencies_gives_the_exact_values():
    p, q = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
    samples = [0, 1, 0, 2]
    assert sample_cross_entropy(samples, q) == pytest.approx(measures.cross_entropy(p, q), abs=1e-15)
    assert sample_kl(samples, p, q) == pytest.approx(measures.kl_divergence(p, q), abs=1e-15)
    assert sample_cross_entropy(samples, q, base=math.e) == pytest.approx(1.75 * math.log(2), rel=1e-15)
    assert sample_kl(samples, p, p, error=True) == (0.0, 0.0)


def test_the_running_estimate_ends_at_the_estimate_and_kl_is_cross_entropy_less_the_entropy_estimate():
    samples = draw(P, 5_000, seed=8)
    running, errors = sample_cross_entropy(samples, Q, running=True, error=True)
    estimate, error = sample_cross_entropy(samples, Q, error=True)
    assert running.shape == errors.shape == (5_000,)
    assert running[-1] == pytest.approx(estimate, rel=1e-13) and errors[-1] == pytest.approx(error, rel=1e-10)
    assert running[0] == -math.log2(Q[samples[0]])
    kl, kl_error = sample_kl(samples, P, Q, error=True)
    assert kl == pytest.approx(estimate - measures.average_surprisal(samples, P), rel=1e-13)
    assert sample_kl(samples, P, Q, running=True)[-1] == pytest.approx(kl, rel=1e-13)
    terms = np.log2(np.array(P)[samples] / np.array(Q)[samples])
    assert kl_error == pytest.approx(np.std(terms, ddof=1) / math.sqrt(5_000), rel=1e-12)


def test_a_batch_of_samples_gives_one_estimate_each():
    batch = np.stack([draw(P, 100, seed=seed) for seed in range(4)])
    estimates, errors = sample_cross_entropy(batch, Q, error=True)
    assert estimates.shape == errors.shape == (4,)
    assert estimates[2] == sample_cross_entropy(batch[2], Q)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_a_large_sample_the_estimates_land_within_a_few_standard_errors(seed):
    samples = draw(P, 100_000, seed=seed)
    for (estimate, error), exact in ((sample_cross_entropy(samples, Q, error=True), measures.cross_entropy(P, Q)),
                                     (sample_kl(samples, P, Q, error=True), measures.kl_divergence(P, Q))):
        assert 0 < error < 0.02
        assert abs(estimate - exact) < 4 * error


def _exact_spread(p, q, n):
    """The true standard deviation of the average of n terms -log2 Q(x), x from P."""
    terms = -np.log2(q)
    mean = float(np.dot(p, terms))
    return math.sqrt(float(np.dot(p, (terms - mean) ** 2)) / n)


def test_the_spread_over_many_seeds_shrinks_like_one_over_root_n_and_matches_the_standard_error():
    seeds = range(400)
    spreads = {}
    for n in (100, 10_000):
        estimates, errors = sample_cross_entropy(np.stack([draw(P, n, seed=seed) for seed in seeds]), Q, error=True)
        spreads[n] = float(np.std(estimates, ddof=1))
        # 400 seeds measure a spread to about 1/sqrt(800) = 3.5 %: 15 % is over four of those.
        assert spreads[n] == pytest.approx(_exact_spread(P, Q, n), rel=0.15)
        assert float(np.mean(errors)) == pytest.approx(_exact_spread(P, Q, n), rel=0.05)
        # About 95 % of the estimates within two standard errors of the exact value.
        inside = np.abs(estimates - measures.cross_entropy(P, Q)) < 2 * errors
        assert 0.90 < inside.mean() <= 1.0
    assert spreads[100] / spreads[10_000] == pytest.approx(10, rel=0.2)


def test_a_sample_that_q_rules_out_makes_the_estimates_infinite():
    q = [0.5, 0.5, 0.0]
    assert sample_cross_entropy([0, 2, 1], q, error=True) == (math.inf, math.inf)
    assert sample_kl([0, 2, 1], P, q) == math.inf
    running = sample_cross_entropy([0, 1, 2, 0], q, running=True)
    assert running.tolist() == [1.0, 1.0, math.inf, math.inf]


# --- refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call, named", [
    (lambda: random_words(-1, 0), "n"),
    (lambda: random_words(2.5, 0), "n"),
    (lambda: random_words(3, -1), "seed"),
    (lambda: random_words(3, WORDS), "seed"),
    (lambda: random_words(3, "1"), "seed"),
    (lambda: random_words(3, True), "seed"),
    (lambda: draw([0.5, 0.6], 3, 0), "p"),
    (lambda: draw([[0.5, 0.5]], 3, 0), "p"),
    (lambda: draw(P, math.nan, 0), "n"),
    (lambda: draw(P, 3, 1.5), "seed"),
    (lambda: standard_error([1.0]), "values"),
    (lambda: standard_error(2.0), "values"),
    (lambda: standard_error([1.0, math.nan]), "values"),
    (lambda: standard_error([1.0, -math.inf]), "values"),
    (lambda: standard_error(["a", "b"]), "values"),
    (lambda: standard_error([1.0, 2.0], running=1), "running"),
    (lambda: sample_cross_entropy([0, 3], Q), "samples"),
    (lambda: sample_cross_entropy([0.5, 1], Q), "samples"),
    (lambda: sample_cross_entropy(1, Q), "samples"),
    (lambda: sample_cross_entropy([0, 1], [0.5, 0.6]), "q"),
    (lambda: sample_cross_entropy([0, 1], [[0.5, 0.5]]), "q"),
    (lambda: sample_cross_entropy([0, 1], Q, base=1), "base"),
    (lambda: sample_cross_entropy([0, 1], Q, running="yes"), "running"),
    (lambda: sample_cross_entropy([0, 1], Q, error=1), "error"),
    (lambda: sample_cross_entropy([0], Q, error=True), "samples"),
    (lambda: sample_kl([0, 1], [0.0, 0.5, 0.5], Q), "samples"),
    (lambda: sample_kl([0, 1], [0.5, 0.5], Q), "p and q"),
    (lambda: sample_kl([0, 1], P, [0.5, 0.6, 0.1]), "q"),
    (lambda: sample_kl([0, 1], P, Q, base=-2), "base"),
])
def test_bad_input_is_refused_naming_the_argument(call, named):
    with pytest.raises(ValueError, match=named):
        call()
