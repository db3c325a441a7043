"""bitsandnats.measures._engine and the KL paths that use it: one answer whatever the length, the batch shape or the path taken."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import numpy as np
import pytest
from reference import GRID, exact_kl_nats, nearly_equal_pair, relative_error

import bitsandnats as bn
from bitsandnats.measures import _engine, discrete

getcontext().prec = 60


def exact_kl(p, q) -> float:
    return float(sum(Decimal(a) * (Decimal(a) / Decimal(b)).ln() for a, b in zip(p.tolist(), q.tolist()) if a > 0))


# Every answer here is exact, inf or a ValueError: a numpy warning is a failure.
pytestmark = pytest.mark.filterwarnings("error")


def test_sliced_sums_equal_one_pass_sums_on_long_inputs():
    rng = np.random.default_rng(3)
    p = rng.random(3 * _engine._PARALLEL_FROM + 17)
    p /= p.sum()
    floor, (mass, total) = _engine.reduce_in_slices(discrete._entropy_slice, p)
    assert floor == 0.0 and mass == pytest.approx(1.0, abs=1e-12)
    assert total == pytest.approx(float(np.dot(p, np.log(p))), rel=1e-12)


def test_exact_mode_rounds_the_totals_correctly():
    # Four slices whose totals are 1e16, 1, -1e16, 1: added in floating point they give 1, exactly 2.
    values = np.zeros(4 * _engine._SLICE)
    values[:: _engine._SLICE] = [1e16, 1.0, -1e16, 1.0]

    def first_entry(x, _work):
        return 0.0, float(x[0])

    assert _engine.reduce_in_slices(first_entry, values)[1].tolist() == [1.0]
    assert _engine.reduce_in_slices(first_entry, values, exact=True)[1].tolist() == [2.0]


def test_identical_distributions_of_any_length_have_divergence_zero():
    rng = np.random.default_rng(4)
    for size in (3, 1000, _engine._PARALLEL_FROM + 5):
        p = rng.random(size)
        p /= p.sum()
        assert bn.kl_divergence(p, p) == 0.0
        assert bn.kl_divergence(np.tile(p[:9] / p[:9].sum(), (4, 1)), np.tile(p[:9] / p[:9].sum(), (4, 1))).tolist() == [0.0] * 4


@pytest.mark.parametrize("delta", [1e-4, 1e-8])
def test_nearly_equal_long_distributions_keep_full_precision_on_every_path(delta):
    rng = np.random.default_rng(5)
    block = rng.random(997) + 0.5
    block /= block.sum()
    other = block * (1 + delta * rng.standard_normal(block.size))
    other /= other.sum()
    exact = exact_kl(block, other)
    assert bn.kl_divergence(block, other, base=math.e) == pytest.approx(exact, rel=1e-12)
    # The same rows in a batch beside rows that need no care, and one identical row: each keeps its value.
    far = rng.random(997)
    far /= far.sum()
    batch_p = np.array([block, block, far])
    batch_q = np.array([other, block, block])
    values = bn.kl_divergence(batch_p, batch_q, base=math.e)
    assert values[0] == pytest.approx(exact, rel=1e-12)
    assert values[1] == 0.0
    assert values[2] == pytest.approx(exact_kl(far, block), rel=1e-12)


def test_the_careful_sum_agrees_with_the_fast_one_where_both_are_accurate():
    rng = np.random.default_rng(6)
    p, q = rng.random((50, 8)), rng.random((50, 8))
    p /= p.sum(axis=1, keepdims=True)
    q /= q.sum(axis=1, keepdims=True)
    careful = discrete._careful_kl(p, q)
    for row, value in enumerate(careful):
        assert value == pytest.approx(exact_kl(p[row], q[row]), rel=1e-13)
    assert discrete._careful_kl(p[0], q[0]) == pytest.approx(careful[0], rel=1e-14)


def test_a_q_that_rules_an_event_out_stays_infinite_on_the_careful_path():
    p = np.array([0.5, 0.5 - 1e-12, 1e-12])
    q = np.array([0.5, 0.5, 0.0])
    assert bn.kl_divergence(p, q) == math.inf
    assert discrete._careful_kl(p, q) == math.inf
    assert discrete._careful_kl(q, p) == pytest.approx(exact_kl(q, p), rel=1e-12)


# --- long inputs, above the parallel threshold (300_000 events) -------------------------------


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
def test_kl_of_nearly_equal_long_distributions_has_full_relative_precision(delta):
    # 256 copies of a 1172-event block: 300_032 events, above the parallel
    # threshold, while the exact reference only needs the block (times 256).
    copies, block = 256, 1172
    p_block, q_block = nearly_equal_pair(np.random.default_rng(21), block, delta, total=GRID // copies)
    p, q = np.tile(p_block, copies), np.tile(q_block, copies)
    assert p.size > 300_000 and math.fsum(p) == 1.0 and math.fsum(q) == 1.0
    exact = exact_kl_nats(p_block, q_block) * copies
    assert relative_error(bn.kl_divergence(p, q, base=math.e), exact) < 1e-12


def test_entropy_of_a_long_uniform_distribution_is_log2_n():
    n = 300_000
    assert bn.entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log2(n), rel=1e-13)


def test_inputs_are_not_modified_by_any_measure():
    rng = np.random.default_rng(11)
    # Above the parallel threshold too: the fast route works in scratch buffers.
    for n in (5, 300_000):
        p = rng.dirichlet(np.ones(n))
        q = rng.dirichlet(np.ones(n))
        y = rng.integers(0, 2, n).astype(float)
        prob = rng.uniform(0.01, 0.99, n)
        saved = [a.copy() for a in (p, q, y, prob)]
        bn.entropy(p)
        bn.cross_entropy(p, q)
        bn.kl_divergence(p, q)
        bn.log_loss(y, prob)
        bn.binary_cross_entropy(y, prob)
        bn.surprisal(prob)
        bn.normalize(prob)
        for before, after in zip(saved, (p, q, y, prob)):
            np.testing.assert_array_equal(before, after)


def test_a_ratio_too_large_for_s_to_resolve_stays_finite_on_the_careful_path():
    # p/q = 1e102 on the last event: s = (p - q)/(p + q) rounds to 1, where atanh is infinite; the sum is tiny
    # against its terms, so the careful path is the one taken.
    p = np.array([0.5 - 1e-18, 0.5, 1e-18])
    q = np.array([0.5, 0.5 - 1e-120, 1e-120])
    assert bn.kl_divergence(p, q, base=math.e) == pytest.approx(exact_kl(p, q), rel=1e-10)
    assert discrete._careful_kl(np.array([p, q]), np.array([q, p])) == pytest.approx(
        [exact_kl(p, q), exact_kl(q, p)], rel=1e-10)
