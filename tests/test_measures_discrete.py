"""bitsandnats.measures.discrete: entropy, cross-entropy, KL divergence, surprisal, average surprisal, per-event terms.

The kinds of test, by section: return types and batches; infinities and zeros;
bases; relations between the measures; precision against exact ``decimal``
references (nearly equal distributions, nearly certain ones); the identities
of information theory as Hypothesis properties; cross-checks against SciPy;
average_surprisal; cross_entropy_terms and kl_terms.  The source documents'
worked numbers are in tests/test_documents.py; the sliced multi-core route for
long inputs in tests/test_measures_engine.py; refused input in
tests/test_validation.py.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from reference import (
    PROPERTY_SETTINGS,
    P,
    Q,
    batches_of_pairs,
    close,
    distributions,
    exact_entropy_nats,
    exact_kl_nats,
    nearly_equal_pair,
    pairs,
    quietly,
    random_distribution,
    relative_error,
    rng_for,
)

import bitsandnats as bn
from bitsandnats import measures
from bitsandnats.measures import average_surprisal

LN2 = math.log(2)


# --- return types -----------------------------------------------------------------------------


ONE_D_CALLS = {
    "entropy": lambda: bn.entropy(P),
    "cross_entropy": lambda: bn.cross_entropy(P, Q),
    "kl_divergence": lambda: bn.kl_divergence(P, Q),
    "surprisal": lambda: bn.surprisal(0.25),
}


@pytest.mark.parametrize("name", ONE_D_CALLS)
def test_a_single_case_gives_a_python_float(name):
    value = ONE_D_CALLS[name]()
    # np.float64 subclasses float, so check the exact type: notebooks print these.
    assert type(value) is float


BATCH_CALLS = {
    "entropy": (lambda: bn.entropy([P, Q, [1.0, 0.0, 0.0]]), (3,)),
    "cross_entropy": (lambda: bn.cross_entropy([P, Q], [Q, P]), (2,)),
    "kl_divergence": (lambda: bn.kl_divergence([P, Q], [Q, P]), (2,)),
    "surprisal": (lambda: bn.surprisal([[0.5, 0.25], [1.0, 0.125]]), (2, 2)),
    "entropy_3d": (lambda: bn.entropy(np.full((2, 4, 3), 1 / 3)), (2, 4)),
}


@pytest.mark.parametrize("name", BATCH_CALLS)
def test_a_batch_gives_an_array_with_one_value_per_row(name):
    call, shape = BATCH_CALLS[name]
    value = call()
    assert isinstance(value, np.ndarray)
    assert value.shape == shape
    assert value.dtype == np.float64


def test_a_batch_of_one_row_is_still_an_array():
    value = bn.entropy([[0.5, 0.5]])
    assert isinstance(value, np.ndarray) and value.shape == (1,)


def test_results_are_never_negative_zero():
    # -sum(1 * log 1) is -0.0 in floating point; printed as "-0.0" in a notebook.
    for value in (bn.entropy([1.0, 0.0]), bn.cross_entropy([1.0, 0.0], [1.0, 0.0]), bn.surprisal(1.0)):
        assert value == 0.0 and math.copysign(1.0, value) == 1.0
    assert math.copysign(1.0, bn.entropy([[1.0, 0.0]])[0]) == 1.0


# --- batches agree with row-by-row results ----------------------------------------------------


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(20240611)
    p = rng.dirichlet(np.ones(6), size=(4, 5))
    q = rng.dirichlet(np.ones(6), size=(4, 5))
    p[0, 0, :3] = 0.0  # zeros must not break the batch path
    p[0, 0] /= p[0, 0].sum()
    q[1, 1, 2] = 0.0  # ... nor an infinite row
    q[1, 1] /= q[1, 1].sum()
    return p, q


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_pairwise_measures_of_a_batch_equal_the_row_by_row_results(function, batch):
    p, q = batch
    together = quietly(function, p, q)
    one_by_one = np.array([[quietly(function, p[i, j], q[i, j]) for j in range(5)] for i in range(4)])
    assert np.isinf(together[1, 1]) and np.isinf(one_by_one[1, 1])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-13, atol=1e-15)


def test_entropy_of_a_batch_equals_the_row_by_row_results(batch):
    p, _ = batch
    together = bn.entropy(p, base=10)
    one_by_one = np.array([[bn.entropy(row, base=10) for row in rows] for rows in p])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_a_single_q_is_broadcast_against_a_batch_of_p(function):
    batch_p = [P, [0.2, 0.2, 0.6], [1.0, 0.0, 0.0]]
    together = function(batch_p, Q)
    np.testing.assert_allclose(together, [function(row, Q) for row in batch_p], rtol=1e-13)


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_a_single_p_is_broadcast_against_a_batch_of_q(function):
    batch_q = [Q, [0.2, 0.2, 0.6], P]
    together = function(P, batch_q)
    assert together.shape == (3,)
    np.testing.assert_allclose(together, [function(P, row) for row in batch_q], rtol=1e-13, atol=1e-15)


# --- infinite results, and zeros -------------------------------------------------------------


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_q_zero_where_p_is_positive_gives_inf_quietly(function):
    assert quietly(function, [0.5, 0.5], [1.0, 0.0]) == math.inf


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_q_zero_where_p_is_positive_gives_inf_quietly_in_a_batch(function):
    value = quietly(function, [[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]])
    assert value[0] == math.inf and np.isfinite(value[1])


@pytest.mark.parametrize("function", [bn.cross_entropy, bn.kl_divergence])
def test_inf_survives_a_shared_zero_elsewhere_in_the_row(function):
    # The shared zero makes 0 * log 0 = nan in a plain sum; it must not hide the inf.
    assert quietly(function, [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == math.inf
    assert quietly(function, [[0.5, 0.5, 0.0]], [[1.0, 0.0, 0.0]])[0] == math.inf


def test_surprisal_of_an_impossible_outcome_is_inf_quietly():
    assert quietly(bn.surprisal, 0.0) == math.inf
    np.testing.assert_array_equal(quietly(bn.surprisal, [0.0, 1.0]), [math.inf, 0.0])


def test_zeros_in_p_contribute_nothing():
    assert quietly(bn.entropy, [0.5, 0.5, 0.0]) == 1.0
    assert quietly(bn.entropy, [1.0, 0.0, 0.0]) == 0.0
    assert quietly(bn.cross_entropy, [0.5, 0.0, 0.5], [0.5, 0.0, 0.5]) == 1.0
    assert quietly(bn.kl_divergence, [0.5, 0.0, 0.5], [0.5, 0.0, 0.5]) == 0.0
    assert quietly(bn.kl_divergence, [1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0, rel=1e-15)


def test_zeros_in_p_contribute_nothing_in_a_batch():
    np.testing.assert_array_equal(quietly(bn.entropy, [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]), [1.0, 0.0])
    np.testing.assert_array_equal(quietly(bn.cross_entropy, [[0.5, 0.0, 0.5]], [[0.5, 0.0, 0.5]]), [1.0])
    np.testing.assert_array_equal(quietly(bn.kl_divergence, [[0.5, 0.0, 0.5]], [[0.5, 0.0, 0.5]]), [0.0])


# --- bases --------------------------------------------------------------------------------------


def test_base_changes_the_unit_of_entropy():
    bits = bn.entropy(P)
    assert bn.entropy(P, base=math.e) == pytest.approx(bits * math.log(2), rel=1e-14)
    assert bn.entropy(P, base=10) == pytest.approx(bits * math.log10(2), rel=1e-14)
    assert bn.entropy([0.25] * 4, base=4) == pytest.approx(1.0, rel=1e-15)


def test_information_measures_default_to_bits():
    assert bn.surprisal(0.25) == 2.0
    assert bn.entropy([0.25] * 4) == 2.0


# --- relations between the measures ----------------------------------------------------------


def test_cross_entropy_of_p_with_itself_is_its_entropy():
    assert bn.cross_entropy(P, P) == pytest.approx(bn.entropy(P), rel=1e-15)


@given(st.floats(0.01, 0.99), st.lists(st.floats(0.01, 0.99), min_size=2, max_size=6))
def test_cross_entropy_minus_kl_is_the_constant_entropy(y, predictions):
    target = [y, 1 - y]
    differences = [
        bn.cross_entropy(target, [q, 1 - q], base=math.e) - bn.kl_divergence(target, [q, 1 - q], base=math.e)
        for q in predictions
    ]
    assert np.allclose(differences, bn.entropy(target, base=math.e), atol=1e-12)


def test_one_hot_cross_entropy_equals_kl():
    rng = np.random.default_rng(5)
    q = rng.dirichlet(np.ones(4), size=6)
    one_hot = np.eye(4)[rng.integers(0, 4, size=6)]
    assert np.allclose(bn.cross_entropy(one_hot, q, base=math.e), bn.kl_divergence(one_hot, q, base=math.e), atol=1e-12)
    soft = 0.9 * one_hot + 0.1 / 4
    gap = bn.cross_entropy(soft, q, base=math.e) - bn.kl_divergence(soft, q, base=math.e)
    assert np.allclose(gap, bn.entropy(soft, base=math.e), atol=1e-12)
    assert (gap > 0).all()


def test_label_smoothing_minimum_is_reached_at_the_target():
    k, alpha = 5, 0.1
    target = (1 - alpha) * np.eye(k)[2] + alpha / k
    best = bn.cross_entropy(target, target, base=math.e)
    assert best == pytest.approx(bn.entropy(target, base=math.e), rel=1e-12)
    for margin in (0.0, 2.0, 4.0, 8.0, 16.0):
        q = bn.softmax(margin * np.eye(k)[2])
        assert bn.cross_entropy(target, q, base=math.e) >= best - 1e-12


# --- precision: KL of nearly equal distributions, against exact references --------------------
#
# The references (tests/reference.py) are evaluated at 50 significant digits directly from the float inputs.
# Nearly equal distributions are built on a grid of multiples of 2**-52 whose entries add up to exactly 1.


DELTAS = [1e-2, 3e-3, 1e-3, 1e-6, 1e-9]


SIZES = [3, 10, 100, 1000]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("delta", DELTAS)
def test_kl_of_nearly_equal_distributions_has_full_relative_precision(delta, n):
    # delta = 1e-2 and 3e-3 sit where a plain sum is used but already cancels;
    # 1e-3 and below need the series.  Both sides of that switch are covered.
    rng = np.random.default_rng(1000 * n + int(-math.log10(delta) * 10))
    p, q = nearly_equal_pair(rng, n, delta)
    assert math.fsum(p) == 1.0 and math.fsum(q) == 1.0
    exact = exact_kl_nats(p, q)
    assert exact > 0
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
def test_kl_of_nearly_equal_distributions_in_bits_has_full_relative_precision(delta):
    p, q = nearly_equal_pair(np.random.default_rng(5), 50, delta)
    exact_bits = exact_kl_nats(p, q) / Decimal(2).ln()
    assert relative_error(bn.kl_divergence(p, q), exact_bits) < 1e-12


def test_kl_of_a_batch_of_nearly_equal_rows_has_full_relative_precision():
    rng = np.random.default_rng(8)
    rows = [nearly_equal_pair(rng, 40, delta) for delta in (1e-1, 1e-2, 1e-3, 1e-6, 1e-9, 0.0)]
    p = np.array([a for a, _ in rows])
    q = np.array([b for _, b in rows])
    values = bn.kl_divergence(p, q, base=math.e)
    for value, a, b in zip(values[:-1], p, q):
        assert relative_error(float(value), exact_kl_nats(a, b)) < 1e-12
    assert values[-1] == 0.0  # delta = 0: the same distribution


@pytest.mark.parametrize("n", [3, 100, 1000])
def test_the_naive_sum_fails_where_the_package_does_not(n):
    # Shows the care is needed: each term p*ln(p/q) is about 1e-9 and they
    # cancel to about 5e-19, far below the rounding of the terms.
    p, q = nearly_equal_pair(np.random.default_rng(1), n, 1e-9)
    exact = exact_kl_nats(p, q)
    naive_error = relative_error(float(np.sum(p * np.log(p / q))), exact)
    package_error = relative_error(bn.kl_divergence(p, q, base=math.e), exact)
    assert package_error < 1e-12
    assert naive_error > 1e-4
    assert naive_error > 1e6 * package_error


@pytest.mark.parametrize("delta", [1e-3, 1e-6])
@pytest.mark.parametrize("n", [3, 100, 1000])
def test_kl_of_float_renormalised_distributions_follows_the_exact_sum(delta, n):
    # The everyday way of making Q: the sums are 1 only up to rounding.
    rng = np.random.default_rng(n)
    p = rng.random(n) + 0.05
    p /= p.sum()
    q = p * (1 + delta * rng.standard_normal(n))
    q /= q.sum()
    exact = exact_kl_nats(p, q)
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


def test_kl_is_never_negative_even_when_rounding_makes_the_exact_sum_negative():
    # Q is P scaled up by one part in 1e15: its entries sum to slightly more,
    # so sum(p * ln(p/q)) on these floats is about -1e-15.
    p = np.array([0.25, 0.25, 0.5])
    q = p * (1 + 1e-15)
    assert exact_kl_nats(p, q) < 0
    assert bn.kl_divergence(p, q) == 0.0
    assert bn.kl_divergence([p, p], [q, q]).tolist() == [0.0, 0.0]


def test_kl_with_a_subnormal_q_is_finite_and_exact():
    """p/q overflows when q is subnormal; the divergence is finite (536 bits here) and without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = bn.kl_divergence([0.5, 0.5], [1.0, 5e-324])
        batch = bn.kl_divergence(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[1.0, 5e-324], [1.0, 0.0]]))
    # Exactly 536 bits (0.5 * log2(0.5 / 2**-1074) - 0.5); the nats sum is rounded once more before the unit change.
    assert bn.cross_entropy([0.5, 0.5], [1.0, 5e-324]) - bn.entropy([0.5, 0.5]) == 536.0
    assert value == pytest.approx(536.0, rel=4e-16) and batch[0] == value
    assert batch[1] == np.inf  # a q of exactly 0 still rules the event out


# --- precision: entropy of nearly certain distributions ---------------------------------------


@pytest.mark.parametrize(
    "p",
    [
        np.array([1 - 2.0**-40, 2.0**-40]),
        np.array([0.5, 0.5 - 1e-300, 1e-300]),
        np.array([1.0 - 3e-12, 1e-12, 1e-12, 1e-12]),
    ],
    ids=["almost_certain", "one_tiny_event", "three_tiny_events"],
)
def test_entropy_of_nearly_certain_distributions_has_full_relative_precision(p):
    exact = exact_entropy_nats(p)
    assert relative_error(bn.entropy(p, base=math.e), exact) < 1e-13
    assert relative_error(float(bn.entropy(p[np.newaxis], base=math.e)[0]), exact) < 1e-13


# --- properties: the identities of information theory hold on random inputs --------------------
#
# Distributions have 1..20 events and are built by normalising positive floats, sometimes with exact zeros
# (reference.distributions).  Where a comparison allows an absolute slack on top of the relative one, it is
# because values near zero carry an absolute rounding error of a few 1e-16 per term.


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


# --- cross-checks against SciPy ----------------------------------------------------------------
#
# Inputs come from a seeded generator, in 1-D and 2-D, small and large (the 300_000-event cases run the
# package's parallel route).  Agreement is required to 1e-12 relative: both sides compute the same sums,
# only in different orders.


RTOL = 1e-12


SIZES_1D = [2, 7, 1000, 300_000]


SHAPES_2D = [(50, 3), (8, 1000)]


@pytest.fixture
def rng(request):
    # One fixed seed per test case, so each case is reproducible on its own.
    return rng_for(request.node.name)


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


def test_surprisal_matches_numpy_log2(rng):
    prob = rng.uniform(1e-9, 1.0, (30, 30))
    np.testing.assert_allclose(bn.surprisal(prob), -np.log2(prob), rtol=1e-14)


# --- average_surprisal -----------------------------------------------------------------------


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


# --- per-event terms: cross_entropy_terms and kl_terms ------------------------------------------


def random_pairs(seed: int, n_events: int, batch: int = 50, alpha: float = 1.0):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.full(n_events, alpha), size=batch), rng.dirichlet(np.full(n_events, alpha), size=batch)


weight_lists = st.integers(min_value=2, max_value=8).flatmap(
    lambda n: st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=n, max_size=n).filter(lambda w: sum(w) > 1e-3)
)


class TestCrossEntropyTerms:
    def test_terms_sum_to_cross_entropy_for_a_batch(self):
        p, q = random_pairs(1, 5)
        terms = measures.cross_entropy_terms(p, q)
        assert terms.shape == p.shape
        assert np.allclose(terms.sum(axis=-1), bn.cross_entropy(p, q), rtol=1e-12)
        assert (terms >= 0).all()

    def test_base_only_rescales(self):
        assert np.allclose(measures.cross_entropy_terms(P, Q, base=math.e), measures.cross_entropy_terms(P, Q) * math.log(2))

    def test_entropy_terms_are_the_special_case_q_equal_p(self):
        assert np.allclose(measures.cross_entropy_terms(P, P).sum(), bn.entropy(P))

    def test_zero_in_p_contributes_nothing_and_zero_in_q_is_infinite(self):
        with np.errstate(all="raise"):  # no warnings either
            terms = measures.cross_entropy_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
        assert terms[0] == pytest.approx(0.5)
        assert terms[1] == math.inf
        assert terms[2] == 0.0
        assert measures.cross_entropy_terms([1.0, 0.0], [1.0, 0.0]).tolist() == [0.0, 0.0]

    def test_batch_broadcasts_against_one_q(self):
        p, _ = random_pairs(2, 3, batch=4)
        terms = measures.cross_entropy_terms(p, Q)
        assert terms.shape == (4, 3)
        assert np.allclose(terms.sum(axis=-1), bn.cross_entropy(p, np.broadcast_to(Q, p.shape)))

    @pytest.mark.parametrize(
        ("p", "q", "message"),
        [
            ([0.5, 0.6], [0.5, 0.5], "p must sum to 1"),
            ([0.5, 0.5], [1.5, -0.5], "q has a negative entry"),
            ([0.5, 0.5], [0.2, 0.3, 0.5], "same shape"),
            ([0.5, float("nan")], [0.5, 0.5], "p contains NaN"),
            (0.5, [0.5, 0.5], "single number"),
        ],
    )
    def test_bad_input_is_rejected_like_the_other_measures(self, p, q, message):
        with pytest.raises(ValueError, match=message):
            measures.cross_entropy_terms(p, q)
        with pytest.raises(ValueError, match=message):
            measures.kl_terms(p, q)


class TestKlTerms:
    def test_sign_of_each_term_follows_p_versus_q(self):
        p, q = random_pairs(3, 6)
        terms = measures.kl_terms(p, q)
        assert (np.sign(terms) == np.sign(p - q)).all()

    def test_terms_sum_to_kl_divergence_and_differ_from_cross_entropy_by_entropy(self):
        p, q = random_pairs(4, 7)
        kl = measures.kl_terms(p, q)
        assert np.allclose(kl.sum(axis=-1), bn.kl_divergence(p, q), rtol=1e-10)
        assert np.allclose(kl, measures.cross_entropy_terms(p, q) - measures.cross_entropy_terms(p, p))

    @given(weight_lists, weight_lists)
    def test_sum_is_never_negative(self, p_weights, q_weights):
        n = min(len(p_weights), len(q_weights))
        if sum(p_weights[:n]) < 1e-3 or sum(q_weights[:n]) < 1e-3:
            return
        p = bn.normalize(p_weights[:n])
        q = bn.normalize(q_weights[:n])
        assert measures.kl_terms(p, q).sum() >= -1e-12

    def test_zeros_and_infinities(self):
        terms = measures.kl_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
        assert terms.tolist() == [0.0, math.inf, 0.0]

    def test_extreme_ratios_stay_finite(self):
        # p/q overflows in float64 here, yet the term is a modest finite number.
        terms = measures.kl_terms([0.5, 0.5], [1.0 - 1e-320, 1e-320])
        assert np.isfinite(terms).all()
        assert terms[1] == pytest.approx(0.5 * (math.log2(0.5) - math.log2(1e-320)), rel=1e-9)

    def test_nearly_equal_distributions_keep_precision(self):
        eps = 1e-9
        terms = measures.kl_terms([0.5 + eps, 0.5 - eps], [0.5, 0.5], base=math.e)
        assert terms[0] == pytest.approx((0.5 + eps) * math.log1p(2 * eps), rel=1e-6)
        assert terms[1] == pytest.approx((0.5 - eps) * math.log1p(-2 * eps), rel=1e-6)

    def test_agrees_with_scipy_rel_entr(self):
        from scipy.special import rel_entr

        p, q = random_pairs(5, 4, alpha=0.3)
        assert np.allclose(measures.kl_terms(p, q, base=math.e), rel_entr(p, q), rtol=1e-10, atol=1e-300)
