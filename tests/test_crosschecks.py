"""Cross-checks against SciPy and scikit-learn on random valid inputs.

Inputs come from a seeded generator, in 1-D and 2-D, small and large (the
300_000-event cases run the package's parallel route).  Agreement is required
to 1e-12 relative: both sides compute the same sums, only in different orders.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics

import bitsandnats as bn

RTOL = 1e-12
SIZES_1D = [2, 7, 1000, 300_000]
SHAPES_2D = [(50, 3), (8, 1000)]


def random_distribution(rng, shape, zeros=False):
    weights = rng.gamma(0.5, size=shape)  # uneven weights, some very small
    if zeros:
        weights[..., ::5] = 0.0  # exact zeros in every fifth event
        weights[..., 1] += 1e-3  # ... but never a whole row of them
    return weights / weights.sum(axis=-1, keepdims=True)


@pytest.fixture
def rng(request):
    # One fixed seed per test case (crc32, not hash(): that changes per process),
    # so each case is reproducible on its own.
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


@pytest.mark.parametrize("zeros", [False, True], ids=["positive", "with_zeros"])
@pytest.mark.parametrize("n", SIZES_1D)
def test_entropy_matches_scipy_in_1d(n, zeros, rng):
    p = random_distribution(rng, n, zeros)
    assert bn.entropy(p) == pytest.approx(scipy.stats.entropy(p, base=2), rel=RTOL)
    assert bn.entropy(p, base=math.e) == pytest.approx(scipy.stats.entropy(p), rel=RTOL)


@pytest.mark.parametrize("zeros", [False, True], ids=["positive", "with_zeros"])
@pytest.mark.parametrize("shape", SHAPES_2D, ids=str)
def test_entropy_matches_scipy_in_2d(shape, zeros, rng):
    p = random_distribution(rng, shape, zeros)
    np.testing.assert_allclose(bn.entropy(p), scipy.stats.entropy(p, base=2, axis=-1), rtol=RTOL)


@pytest.mark.parametrize("zeros", [False, True], ids=["positive", "zeros_in_p"])
@pytest.mark.parametrize("n", SIZES_1D)
def test_kl_divergence_matches_scipy_in_1d(n, zeros, rng):
    p = random_distribution(rng, n, zeros)
    q = random_distribution(rng, n)
    assert bn.kl_divergence(p, q) == pytest.approx(scipy.stats.entropy(p, q, base=2), rel=RTOL)
    assert bn.kl_divergence(p, q, base=math.e) == pytest.approx(math.fsum(scipy.special.rel_entr(p, q)), rel=RTOL)


@pytest.mark.parametrize("zeros", [False, True], ids=["positive", "zeros_in_p"])
@pytest.mark.parametrize("shape", SHAPES_2D, ids=str)
def test_kl_divergence_matches_scipy_in_2d(shape, zeros, rng):
    p = random_distribution(rng, shape, zeros)
    q = random_distribution(rng, shape)
    np.testing.assert_allclose(bn.kl_divergence(p, q), scipy.stats.entropy(p, q, base=2, axis=-1), rtol=RTOL)
    np.testing.assert_allclose(
        bn.kl_divergence(p, q, base=math.e), scipy.special.rel_entr(p, q).sum(axis=-1), rtol=RTOL
    )


def test_kl_divergence_is_infinite_where_scipy_says_so(rng):
    p = random_distribution(rng, (4, 6))
    q = random_distribution(rng, (4, 6), zeros=True)
    expected = scipy.stats.entropy(p, q, axis=-1)
    assert np.isinf(expected).all()
    np.testing.assert_array_equal(bn.kl_divergence(p, q, base=math.e), expected)


@pytest.mark.parametrize("zeros", [False, True], ids=["positive", "zeros_in_p"])
@pytest.mark.parametrize("n", SIZES_1D)
def test_cross_entropy_matches_scipy_in_1d(n, zeros, rng):
    p = random_distribution(rng, n, zeros)
    q = random_distribution(rng, n)
    expected = scipy.stats.entropy(p, base=2) + scipy.stats.entropy(p, q, base=2)
    assert bn.cross_entropy(p, q) == pytest.approx(expected, rel=RTOL)
    from_scratch = -math.fsum(np.where(p > 0, p * np.log(q), 0.0))
    assert bn.cross_entropy(p, q, base=math.e) == pytest.approx(from_scratch, rel=RTOL)


@pytest.mark.parametrize("shape", SHAPES_2D, ids=str)
def test_cross_entropy_matches_scipy_in_2d(shape, rng):
    p = random_distribution(rng, shape, zeros=True)
    q = random_distribution(rng, shape)
    expected = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(p, q, axis=-1)
    np.testing.assert_allclose(bn.cross_entropy(p, q, base=math.e), expected, rtol=RTOL)


def test_broadcast_q_matches_scipy(rng):
    p = random_distribution(rng, (20, 9))
    q = random_distribution(rng, 9)
    expected = scipy.stats.entropy(p, np.broadcast_to(q, p.shape), base=2, axis=-1)
    np.testing.assert_allclose(bn.kl_divergence(p, q), expected, rtol=RTOL)


# --------------------------------------------------------------------------
# Log loss against scikit-learn
# --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 10, 1000, 300_000])
def test_binary_log_loss_matches_sklearn(n, rng):
    y = rng.integers(0, 2, n)
    prob = rng.uniform(0.001, 0.999, n)  # inside sklearn's clipping, so no clipping differences
    expected = sklearn.metrics.log_loss(y, prob, labels=[0, 1])
    assert bn.log_loss(y, prob) == pytest.approx(expected, rel=RTOL)
    assert bn.log_loss(y, prob, base=2) == pytest.approx(expected / math.log(2), rel=RTOL)
    assert bn.log_loss(y, prob, eps=1e-7) == pytest.approx(expected, rel=RTOL)


@pytest.mark.parametrize("n", [10, 1000])
def test_binary_cross_entropy_matches_sklearn_per_example(n, rng):
    y = rng.integers(0, 2, n)
    prob = rng.uniform(0.001, 0.999, n)
    per_example = bn.binary_cross_entropy(y, prob)
    expected = [sklearn.metrics.log_loss([label], [p], labels=[0, 1]) for label, p in zip(y[:10], prob[:10])]
    np.testing.assert_allclose(per_example[:10], expected, rtol=RTOL)
    assert float(np.mean(per_example)) == pytest.approx(sklearn.metrics.log_loss(y, prob), rel=RTOL)


@pytest.mark.parametrize(("n", "k"), [(5, 3), (200, 4), (2000, 10)])
def test_multiclass_log_loss_with_integer_labels_matches_sklearn(n, k, rng):
    probs = random_distribution(rng, (n, k))
    # The last class never occurs, so sklearn needs `labels=` to know there are k.
    labels = rng.integers(0, k - 1, n)
    expected = sklearn.metrics.log_loss(labels, probs, labels=np.arange(k))
    assert bn.log_loss(labels, probs) == pytest.approx(expected, rel=RTOL)
    assert bn.log_loss(np.eye(k)[labels], probs) == pytest.approx(expected, rel=RTOL)


def test_multiclass_log_loss_with_soft_labels_matches_the_mean_scipy_cross_entropy(rng):
    targets = random_distribution(rng, (100, 5), zeros=True)
    probs = random_distribution(rng, (100, 5))
    expected = np.mean(scipy.stats.entropy(targets, axis=-1) + scipy.stats.entropy(targets, probs, axis=-1))
    assert bn.log_loss(targets, probs) == pytest.approx(expected, rel=RTOL)


# --------------------------------------------------------------------------
# Logits, surprisal, differential entropy
# --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5,), (40, 6), (3, 4, 1000)], ids=str)
def test_softmax_and_log_softmax_match_scipy(shape, rng):
    logits = rng.normal(scale=20.0, size=shape)
    np.testing.assert_allclose(bn.softmax(logits), scipy.special.softmax(logits, axis=-1), rtol=1e-12, atol=1e-300)
    # Not scipy.special.log_softmax: it loses the relative precision of the
    # largest entry (log of 1 + tiny); logsumexp of the shifted logits keeps it.
    shifted = logits - logits.max(axis=-1, keepdims=True)
    expected = shifted - scipy.special.logsumexp(shifted, axis=-1, keepdims=True)
    np.testing.assert_allclose(bn.log_softmax(logits), expected, rtol=1e-12)
    np.testing.assert_allclose(bn.log_softmax(logits), scipy.special.log_softmax(logits, axis=-1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        bn.softmax(logits, temperature=3.5), scipy.special.softmax(logits / 3.5, axis=-1), rtol=1e-12, atol=1e-300
    )


@pytest.mark.parametrize("shape", [(6,), (40, 6), (7, 1000)], ids=str)
def test_cross_entropy_from_logits_matches_scipy_logsumexp(shape, rng):
    logits = rng.normal(scale=10.0, size=shape)
    labels = rng.integers(0, shape[-1], shape[:-1])
    picked = np.take_along_axis(logits, labels[..., None], axis=-1)[..., 0]
    # Shift first: logsumexp(z) - z_k would lose the digits of a small loss.
    expected = scipy.special.logsumexp(logits - picked[..., None], axis=-1)
    np.testing.assert_allclose(bn.cross_entropy_from_logits(labels, logits), expected, rtol=RTOL)
    np.testing.assert_allclose(bn.cross_entropy_from_logits(labels, logits, base=2), expected / math.log(2), rtol=RTOL)


def test_surprisal_matches_numpy_log2(rng):
    prob = rng.uniform(1e-9, 1.0, (30, 30))
    np.testing.assert_allclose(bn.surprisal(prob), -np.log2(prob), rtol=1e-14)


def test_differential_entropy_normal_matches_scipy(rng):
    sigma = rng.uniform(0.01, 100.0, 25)
    expected = scipy.stats.norm(scale=sigma).entropy()
    np.testing.assert_allclose(bn.differential_entropy_normal(sigma), expected, rtol=RTOL, atol=1e-15)
    assert bn.differential_entropy_normal(2.5) == pytest.approx(float(scipy.stats.norm(scale=2.5).entropy()), rel=RTOL)


def test_differential_entropy_uniform_matches_scipy(rng):
    width = rng.uniform(0.01, 100.0, 25)
    expected = scipy.stats.uniform(scale=width).entropy()
    np.testing.assert_allclose(bn.differential_entropy_uniform(width), expected, rtol=RTOL, atol=1e-15)
