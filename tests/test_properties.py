"""Property tests: the identities of information theory hold on random inputs.

Distributions have 1..20 events and are built by normalising positive floats,
sometimes with exact zeros.  Where a comparison allows an absolute slack on top
of the relative one, it is because values near zero carry an absolute rounding
error of a few 1e-16 per term, which no relative tolerance can absorb.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import bitsandnats as bn

# Drawing the examples dominates the run time; 100 per property keeps the whole
# file to a few seconds while still finding the edge cases (zeros, one event).
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None)

LN2 = math.log(2)


@st.composite
def distributions(draw, size=None, zeros=True):
    n = size if size is not None else draw(st.integers(min_value=1, max_value=20))
    weights = np.array(draw(st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=n, max_size=n)))
    if zeros and n > 1:
        # Exact zeros in some events (a bit mask, one draw: drawing is the slow
        # part of these tests), but never in all of them.
        bits = draw(st.integers(min_value=0, max_value=2 ** (n - 1) - 1))
        weights[1:][[(bits >> i) & 1 == 1 for i in range(n - 1)]] = 0.0
        weights = np.roll(weights, draw(st.integers(min_value=0, max_value=n - 1)))
    return weights / weights.sum()


@st.composite
def pairs(draw, zeros=True, size=None):
    n = size if size is not None else draw(st.integers(min_value=1, max_value=20))
    return draw(distributions(size=n, zeros=zeros)), draw(distributions(size=n, zeros=zeros))


@st.composite
def batches_of_pairs(draw):
    n = draw(st.integers(min_value=1, max_value=20))
    rows = draw(st.lists(pairs(zeros=False, size=n), min_size=1, max_size=5))
    return np.array([p for p, _ in rows]), np.array([q for _, q in rows])


def close(a, b, rel=1e-9, abs_=1e-13):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args, **kwargs)


# --------------------------------------------------------------------------
# KL divergence
# --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(pairs())
def test_kl_divergence_is_never_negative(pq):
    p, q = pq
    assert quietly(bn.kl_divergence, p, q) >= 0.0


@PROPERTY_SETTINGS
@given(distributions())
def test_kl_divergence_of_a_distribution_with_itself_is_zero(p):
    assert quietly(bn.kl_divergence, p, p) == 0.0
    assert quietly(bn.kl_divergence, p, p, base=math.e) == 0.0


@PROPERTY_SETTINGS
@given(pairs())
def test_kl_divergence_is_at_least_pinskers_bound(pq):
    # Pinsker: KL(P||Q) >= (sum |p - q|)^2 / 2 nats, so KL > 0 whenever P != Q,
    # and by at least as much as the distributions differ.
    p, q = pq
    l1 = math.fsum(np.abs(p - q))
    kl = quietly(bn.kl_divergence, p, q, base=math.e)
    assert kl >= 0.5 * l1 * l1 * (1 - 1e-9)
    if l1 > 1e-6:
        assert kl > 0.0


@PROPERTY_SETTINGS
@given(pairs())
def test_kl_divergence_is_infinite_exactly_when_q_misses_an_event_of_p(pq):
    p, q = pq
    misses = bool(((p > 0) & (q == 0)).any())
    assert math.isinf(quietly(bn.kl_divergence, p, q)) == misses
    assert math.isinf(quietly(bn.cross_entropy, p, q)) == misses


# --------------------------------------------------------------------------
# Cross-entropy = entropy + KL
# --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(pairs())
def test_cross_entropy_is_entropy_plus_kl_divergence(pq):
    p, q = pq
    cross = quietly(bn.cross_entropy, p, q)
    kl = quietly(bn.kl_divergence, p, q)
    if math.isfinite(cross):
        assert close(cross, bn.entropy(p) + kl)
    else:
        assert kl == math.inf


@PROPERTY_SETTINGS
@given(pairs())
def test_cross_entropy_is_never_below_entropy(pq):
    p, q = pq
    assert quietly(bn.cross_entropy, p, q) >= bn.entropy(p) * (1 - 1e-12) - 1e-15


@PROPERTY_SETTINGS
@given(batches_of_pairs())
def test_batch_identities_hold_row_by_row(pq):
    p, q = pq
    np.testing.assert_allclose(bn.cross_entropy(p, q), bn.entropy(p) + bn.kl_divergence(p, q), rtol=1e-9, atol=1e-13)


# --------------------------------------------------------------------------
# Entropy bounds, units, additivity
# --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(distributions())
def test_entropy_lies_between_zero_and_log2_n(p):
    h = bn.entropy(p)
    assert 0.0 <= h <= math.log2(len(p)) * (1 + 1e-12) + 1e-15


@PROPERTY_SETTINGS
@given(distributions())
def test_entropy_is_largest_for_the_uniform_distribution(p):
    n = len(p)
    uniform = bn.entropy(np.full(n, 1.0 / n))
    assert close(uniform, math.log2(n), rel=1e-13, abs_=1e-15)
    assert bn.entropy(p) <= uniform * (1 + 1e-12) + 1e-15


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=19), st.integers(min_value=1, max_value=20))
def test_a_certain_outcome_has_zero_entropy(k, n):
    p = np.zeros(max(n, k + 1))
    p[k] = 1.0
    assert bn.entropy(p) == 0.0


@PROPERTY_SETTINGS
@given(distributions())
def test_entropy_in_nats_is_entropy_in_bits_times_ln2(p):
    assert close(bn.entropy(p, base=math.e), bn.entropy(p, base=2) * LN2, rel=1e-12, abs_=1e-15)


@PROPERTY_SETTINGS
@given(pairs(), st.floats(min_value=1.01, max_value=100.0) | st.floats(min_value=0.01, max_value=0.99))
def test_changing_the_base_rescales_by_the_log_of_the_base(pq, base):
    p, q = pq
    scale = math.log(base)
    assert close(bn.entropy(p, base=base) * scale, bn.entropy(p, base=math.e), rel=1e-12, abs_=1e-15)
    kl = quietly(bn.kl_divergence, p, q, base=base)
    kl_nats = quietly(bn.kl_divergence, p, q, base=math.e)
    if math.isfinite(kl_nats):
        assert close(kl * scale, kl_nats, rel=1e-12, abs_=1e-15)
    else:
        assert kl == (math.inf if base > 1 else -math.inf)


@PROPERTY_SETTINGS
@given(distributions(), distributions())
def test_entropy_of_independent_variables_adds_up(p, q):
    joint = np.outer(p, q).ravel()
    assert close(bn.entropy(joint), bn.entropy(p) + bn.entropy(q))


@PROPERTY_SETTINGS
@given(pairs(), pairs())
def test_kl_divergence_of_product_distributions_adds_up(pq, rs):
    (p, q), (r, s) = pq, rs
    joint = quietly(bn.kl_divergence, np.outer(p, r).ravel(), np.outer(q, s).ravel(), base=math.e)
    separate = quietly(bn.kl_divergence, p, q, base=math.e) + quietly(bn.kl_divergence, r, s, base=math.e)
    if math.isfinite(separate):
        assert close(joint, separate, rel=1e-9, abs_=1e-12)
    else:
        assert joint == math.inf


# --------------------------------------------------------------------------
# One-hot targets: cross-entropy, KL and log loss agree
# --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(distributions(), st.data())
def test_for_a_one_hot_p_cross_entropy_kl_and_log_loss_agree(q, data):
    k = data.draw(st.integers(min_value=0, max_value=len(q) - 1))
    p = np.zeros_like(q)
    p[k] = 1.0
    cross = quietly(bn.cross_entropy, p, q, base=math.e)
    kl = quietly(bn.kl_divergence, p, q, base=math.e)
    loss = quietly(bn.log_loss, [k], [q])
    if q[k] == 0:
        assert cross == kl == loss == math.inf
    else:
        expected = -math.log(q[k])
        for value in (cross, kl, loss):
            assert close(value, expected, rel=1e-12, abs_=1e-15)


labels = st.sampled_from([0.0, 1.0]) | st.floats(min_value=0.0, max_value=1.0)
probabilities = st.floats(min_value=0.0, max_value=1.0)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(labels, probabilities), min_size=1, max_size=50))
def test_binary_log_loss_is_the_mean_of_binary_cross_entropy(examples):
    # Any labels and predictions in [0, 1], certain ones included: the fast
    # route of log_loss and the per-example route must agree, inf included.
    y = np.array([label for label, _ in examples])
    prob = np.array([p for _, p in examples])
    loss = quietly(bn.log_loss, y, prob)
    per_example = quietly(bn.binary_cross_entropy, y, prob)
    assert loss >= 0.0
    assert close(loss, math.fsum(per_example) / len(y), rel=1e-12, abs_=0.0)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=1), st.floats(min_value=0.01, max_value=0.99)), min_size=1, max_size=50))
def test_binary_log_loss_equals_the_two_column_form(examples):
    y = np.array([label for label, _ in examples])
    prob = np.array([p for _, p in examples])
    two_columns = np.column_stack([1 - prob, prob])
    assert close(bn.log_loss(y, two_columns), bn.log_loss(y, prob), rel=1e-12)


# --------------------------------------------------------------------------
# Logits
# --------------------------------------------------------------------------

moderate_logits = st.lists(st.floats(min_value=-50.0, max_value=50.0), min_size=1, max_size=20).map(np.array)
huge_logits = st.lists(st.floats(min_value=-1e4, max_value=1e4), min_size=1, max_size=20).map(np.array)


@PROPERTY_SETTINGS
@given(moderate_logits, st.data())
def test_cross_entropy_from_logits_equals_softmax_then_cross_entropy(logits, data):
    k = data.draw(st.integers(min_value=0, max_value=len(logits) - 1))
    one_hot = np.eye(len(logits))[k]
    via_softmax = bn.cross_entropy(one_hot, bn.softmax(logits), base=math.e)
    direct = bn.cross_entropy_from_logits(k, logits)
    assert math.isfinite(via_softmax) and math.isfinite(direct)
    assert close(direct, via_softmax, rel=1e-9, abs_=1e-13)


@PROPERTY_SETTINGS
@given(moderate_logits, st.data())
def test_cross_entropy_from_logits_with_soft_targets_equals_softmax_then_cross_entropy(logits, data):
    targets = data.draw(distributions(size=len(logits)))
    via_softmax = bn.cross_entropy(targets, bn.softmax(logits), base=math.e)
    assert close(bn.cross_entropy_from_logits(targets, logits), via_softmax, rel=1e-9, abs_=1e-13)


@PROPERTY_SETTINGS
@given(huge_logits, st.data())
def test_cross_entropy_from_logits_stays_finite_for_huge_logits(logits, data):
    k = data.draw(st.integers(min_value=0, max_value=len(logits) - 1))
    loss = quietly(bn.cross_entropy_from_logits, k, logits)
    assert math.isfinite(loss) and loss >= 0.0
    # The loss is at least the gap to the largest logit and at most that plus log n.
    gap = float(logits.max() - logits[k])
    assert gap * (1 - 1e-15) <= loss <= gap + math.log(len(logits)) + 1e-9


@PROPERTY_SETTINGS
@given(huge_logits, st.floats(min_value=0.05, max_value=20.0))
def test_softmax_is_a_distribution_and_log_softmax_is_its_log(logits, temperature):
    probs = quietly(bn.softmax, logits, temperature=temperature)
    log_probs = quietly(bn.log_softmax, logits, temperature=temperature)
    assert (probs >= 0).all() and abs(math.fsum(probs) - 1.0) <= 1e-14
    assert np.isfinite(log_probs).all() and (log_probs <= 0).all()
    np.testing.assert_allclose(np.exp(log_probs), probs, rtol=1e-12, atol=1e-300)
    # softmax output is accepted as a distribution by the measures
    assert 0.0 <= bn.entropy(probs) <= math.log2(len(logits)) + 1e-12
