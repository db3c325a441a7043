"""bitsandnats.measures.joint: marginals, joint and conditional entropy, mutual information, pointwise MI.

The kinds of test, by section: exact small tables worked by hand; the
identities of information theory (chain rule, I = H(X) + H(Y) − H(X, Y) >= 0,
I <= min(H(X), H(Y)), symmetry) as Hypothesis properties; independence (0,
within 1e-15) and perfect dependence (H(X)); precision near independence
against an exact ``decimal`` reference; agreement with scikit-learn's
``mutual_info_score`` on counts; units; refused input; no warnings.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import PROPERTY_SETTINGS, close, distributions, rng_for
from sklearn.metrics import mutual_info_score

import bitsandnats as bn
from bitsandnats.measures import joint
from bitsandnats.measures.joint import (conditional_entropy, joint_entropy, marginals, mutual_information,
                                        pointwise_mutual_information)

pytestmark = pytest.mark.filterwarnings("error")


@st.composite
def tables(draw, zeros=True):
    """Joint tables of 1..5 rows by 1..5 columns: one distribution over the cells, sometimes with exact zeros."""
    rows = draw(st.integers(min_value=1, max_value=5))
    columns = draw(st.integers(min_value=1, max_value=5))
    return draw(distributions(size=rows * columns, zeros=zeros)).reshape(rows, columns)


@st.composite
def independent_tables(draw):
    """The outer product of two distributions: X and Y independent (up to the rounding of the products)."""
    px = draw(distributions(size=draw(st.integers(min_value=1, max_value=5))))
    py = draw(distributions(size=draw(st.integers(min_value=1, max_value=5))))
    return np.outer(px, py)


def entropies(pxy):
    """H(X), H(Y) in bits from the marginals, through the package's entropy."""
    px, py = marginals(pxy)
    return bn.entropy(px), bn.entropy(py)


# --- exact small tables ------------------------------------------------------------------------


def test_the_package_exports_the_joint_measures():
    for name in joint.__all__:
        assert getattr(bn, name) is getattr(joint, name)
        assert name in bn.measures.__all__


def test_marginals_are_the_row_and_column_sums():
    px, py = marginals([[0.1, 0.2, 0.3], [0.0, 0.25, 0.15]])
    np.testing.assert_allclose(px, [0.6, 0.4], rtol=1e-15)
    np.testing.assert_allclose(py, [0.1, 0.45, 0.45], rtol=1e-15)


def test_a_worked_table_by_hand():
    # Rows x1, x2; columns y1, y2.  P(x) = (1/2, 1/2), P(y) = (3/4, 1/4).
    pxy = [[0.5, 0.0], [0.25, 0.25]]
    assert joint_entropy(pxy) == pytest.approx(1.5, rel=1e-15)   # cells 1/2, 1/4, 1/4
    assert conditional_entropy(pxy) == 0.5                   # H(Y|X): 1/2 · 0 + 1/2 · 1
    h_y = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert conditional_entropy(pxy, given="y") == pytest.approx(1.5 - h_y, rel=1e-15)  # H(X|Y) = H(X,Y) − H(Y)
    assert mutual_information(pxy) == pytest.approx(h_y - 0.5, rel=1e-14)            # I = H(Y) − H(Y|X)


def test_two_fair_coins_copied_share_one_bit():
    pxy = [[0.5, 0.0], [0.0, 0.5]]
    assert (joint_entropy(pxy), conditional_entropy(pxy), mutual_information(pxy)) == (1.0, 0.0, 1.0)


def test_a_symmetric_channel_by_hand():
    # X a fair bit, Y = X flipped with probability 1/4: I = 1 − H(1/4) bits.
    pxy = [[0.375, 0.125], [0.125, 0.375]]
    h_quarter = -(0.25 * math.log2(0.25) + 0.75 * math.log2(0.75))
    assert mutual_information(pxy) == pytest.approx(1 - h_quarter, rel=1e-14)
    assert conditional_entropy(pxy) == pytest.approx(h_quarter, rel=1e-15)


def test_units_follow_the_base():
    pxy = [[0.375, 0.125], [0.125, 0.375]]
    for function in (joint_entropy, conditional_entropy, mutual_information):
        bits, nats = function(pxy), function(pxy, base=math.e)
        assert nats * (1 / math.log(2)) == pytest.approx(bits, rel=1e-14)
        assert function(pxy, base=10) == pytest.approx(nats / math.log(10), rel=1e-14)


def test_one_row_or_one_column_carries_no_shared_information():
    row = [[0.2, 0.3, 0.5]]
    assert mutual_information(row) == 0.0 and conditional_entropy(row) == bn.entropy([0.2, 0.3, 0.5])
    assert conditional_entropy(row, given="y") == 0.0
    assert mutual_information(np.transpose(row)) == 0.0


def test_exact_numbers_are_taken_as_floats():
    pxy = [[Fraction(3, 8), Fraction(1, 8)], [Fraction(1, 8), Fraction(3, 8)]]
    assert mutual_information(pxy) == mutual_information([[0.375, 0.125], [0.125, 0.375]])


def test_results_are_python_floats():
    pxy = np.array([[0.375, 0.125], [0.125, 0.375]])
    for function in (joint_entropy, conditional_entropy, mutual_information):
        assert type(function(pxy)) is float


# --- the identities ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(tables())
def test_the_chain_rule_both_ways(pxy):
    h_x, h_y = entropies(pxy)
    h_xy = joint_entropy(pxy)
    assert close(h_xy, h_x + conditional_entropy(pxy), abs_=1e-12)
    assert close(h_xy, h_y + conditional_entropy(pxy, given="y"), abs_=1e-12)


@PROPERTY_SETTINGS
@given(tables())
def test_mutual_information_is_the_sum_of_the_marginal_entropies_less_the_joint(pxy):
    h_x, h_y = entropies(pxy)
    information = mutual_information(pxy)
    assert information >= 0.0
    assert close(information, h_x + h_y - joint_entropy(pxy), abs_=1e-12)
    assert close(information, h_y - conditional_entropy(pxy), abs_=1e-12)
    assert close(information, h_x - conditional_entropy(pxy, given="y"), abs_=1e-12)


@PROPERTY_SETTINGS
@given(tables())
def test_mutual_information_is_symmetric_and_at_most_either_entropy(pxy):
    h_x, h_y = entropies(pxy)
    information = mutual_information(pxy)
    assert close(information, mutual_information(pxy.T), abs_=1e-15)
    assert information <= min(h_x, h_y) + 1e-12
    assert 0.0 <= conditional_entropy(pxy) <= h_y + 1e-12      # knowing X never leaves more uncertainty about Y
    assert max(h_x, h_y) - 1e-12 <= joint_entropy(pxy) <= h_x + h_y + 1e-12


@PROPERTY_SETTINGS
@given(tables())
def test_the_pointwise_information_averages_to_the_mutual_information(pxy):
    pmi = pointwise_mutual_information(pxy)
    assert pmi.shape == pxy.shape
    assert np.isneginf(pmi[pxy == 0]).all() and np.isfinite(pmi[pxy > 0]).all()
    average = math.fsum((pxy[pxy > 0] * pmi[pxy > 0]).tolist())
    assert close(average, mutual_information(pxy), abs_=1e-12)


@PROPERTY_SETTINGS
@given(independent_tables())
def test_independent_variables_share_nothing(pxy):
    assert 0.0 <= mutual_information(pxy) <= 1e-15
    h_x, h_y = entropies(pxy)
    assert close(joint_entropy(pxy), h_x + h_y, abs_=1e-12)
    assert close(conditional_entropy(pxy), h_y, abs_=1e-12)


@PROPERTY_SETTINGS
@given(distributions(size=None), st.randoms(use_true_random=False))
def test_one_variable_determining_the_other_shares_all_of_its_entropy(px, random):
    # Y is a relabelling of X: one cell per row, in distinct columns.
    n = px.shape[0]
    columns = list(range(n))
    random.shuffle(columns)
    pxy = np.zeros((n, n))
    pxy[np.arange(n), columns] = px
    h_x = bn.entropy(px)
    assert close(mutual_information(pxy), h_x, abs_=1e-15)
    assert conditional_entropy(pxy) == 0.0 and conditional_entropy(pxy, given="y") == 0.0
    assert close(joint_entropy(pxy), h_x, rel=1e-15)


def test_exact_products_give_exactly_zero():
    # Dyadic marginals: every product and every sum is exact, so the table is exactly independent.
    pxy = np.outer([0.5, 0.25, 0.25], [0.125, 0.375, 0.5])
    assert mutual_information(pxy) == 0.0
    assert conditional_entropy(pxy) == bn.entropy([0.125, 0.375, 0.5])


# --- precision near independence ------------------------------------------------------------------


def exact_mutual_information_nats(pxy) -> Decimal:
    """Σ p log(p / (P(x) P(y))) at 50 digits, from the float entries exactly as given."""
    with localcontext() as context:
        context.prec = 50
        cells = [[Decimal(value) for value in row] for row in pxy.tolist()]
        px = [sum(row, Decimal(0)) for row in cells]
        py = [sum(column, Decimal(0)) for column in zip(*cells)]
        return sum((value * (value / (px[i] * py[j])).ln() for i, row in enumerate(cells)
                    for j, value in enumerate(row) if value > 0), Decimal(0))


@pytest.mark.parametrize("nudge", [1e-3, 1e-5, 1e-7])
def test_nearly_independent_tables_keep_their_digits(request, nudge):
    rng = rng_for(request.node.name)
    # An exactly independent dyadic table, with mass moved between cells in a 2x2 pattern: the step is a
    # multiple of 2**-52, so every entry, marginal and product is exact and the table sums to exactly 1.
    pxy = np.outer([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])
    step = math.ldexp(round(math.ldexp(nudge * rng.random(), 52)), -52)
    pxy[0, 0] += step
    pxy[0, 1] -= step
    pxy[1, 0] -= step
    pxy[1, 1] += step
    exact = exact_mutual_information_nats(pxy)
    found = mutual_information(pxy, base=math.e)
    assert abs(Decimal(found) - exact) <= Decimal(1e-9) * exact
    # The difference of entropies has lost most of these digits: the reason for going through KL.
    h_x, h_y = (bn.entropy(m, base=math.e) for m in marginals(pxy))
    by_difference = h_x + h_y - joint_entropy(pxy, base=math.e)
    if nudge <= 1e-7:
        assert abs(Decimal(by_difference) - exact) > Decimal(1e-6) * exact


# --- scikit-learn -----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (5, 2)])
def test_agrees_with_scikit_learn_on_counts(request, shape):
    rng = rng_for(request.node.name)
    for _ in range(20):
        counts = rng.integers(0, 30, size=shape)
        counts[0, 0] += 1  # never an empty table
        pxy = counts / counts.sum()
        assert mutual_information(pxy, base=math.e) == pytest.approx(
            mutual_info_score(None, None, contingency=counts), rel=1e-12, abs=1e-15)


def test_agrees_with_scikit_learn_on_labels():
    rng = np.random.default_rng(12)
    x = rng.integers(0, 3, size=500)
    y = (x + rng.integers(0, 2, size=500)) % 4
    counts = np.zeros((3, 4))
    np.add.at(counts, (x, y), 1)
    assert mutual_information(counts / 500, base=math.e) == pytest.approx(mutual_info_score(x, y), rel=1e-12)


# --- refused input --------------------------------------------------------------------------------

FUNCTIONS = [marginals, joint_entropy, conditional_entropy, mutual_information, pointwise_mutual_information]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("pxy, message", [
    ([0.5, 0.5], r"pxy must be a 2-D table .* shape \(2,\)"),
    (0.5, r"pxy must be a 2-D table .* shape \(\)"),
    (np.full((2, 2, 2), 0.125), r"pxy must be a 2-D table .* shape \(2, 2, 2\)"),
    ([[0.5, 0.5], [0.5, 0.5]], r"pxy must sum to 1 .* sums to 2"),
    ([[0.6, 0.5], [-0.1, 0.0]], r"pxy has a negative entry \(-0.1\)"),
    ([[0.5, math.nan], [0.25, 0.25]], r"pxy"),
    ([[0.5, math.inf], [0.25, 0.25]], r"pxy"),
    ([["a", "b"], ["c", "d"]], r"pxy must be numeric"),
    (np.zeros((0, 2)), r"pxy is empty"),
    ([[0.5, 0.5], [0.5]], r"pxy must be a numeric array"),
])
def test_bad_tables_are_refused_naming_pxy(function, pxy, message):
    with pytest.raises(ValueError, match=message):
        function(pxy)


@pytest.mark.parametrize("given_value", ["X", "z", None, 0, ["x"]])
def test_given_must_name_x_or_y(given_value):
    with pytest.raises(ValueError, match="given must be"):
        conditional_entropy([[0.5, 0.5]], given=given_value)


@pytest.mark.parametrize("function", [joint_entropy, conditional_entropy, mutual_information,
                                      pointwise_mutual_information])
@pytest.mark.parametrize("base", [1, 0, -2, math.nan, "2"])
def test_bad_bases_are_refused(function, base):
    with pytest.raises(ValueError, match="base"):
        function([[0.5, 0.5]], base=base)


def test_tables_with_zero_rows_and_columns_are_quiet():
    # A row and a column that never happen: 0 · log 0 = 0 everywhere, and no warning (warnings are errors here).
    pxy = [[0.0, 0.0, 0.0], [0.0, 0.5, 0.25], [0.0, 0.0, 0.25]]
    assert joint_entropy(pxy) == pytest.approx(1.5, rel=1e-15)
    assert math.isfinite(mutual_information(pxy)) and mutual_information(pxy) > 0
    # Row x2 (P = 3/4) splits 2 : 1, row x3 (P = 1/4) is certain.
    h_two_to_one = -(2 / 3) * math.log2(2 / 3) - (1 / 3) * math.log2(1 / 3)
    assert conditional_entropy(pxy) == pytest.approx(0.75 * h_two_to_one, rel=1e-14)
    pmi = pointwise_mutual_information(pxy)
    assert np.isneginf(pmi[0]).all() and np.isneginf(pmi[:, 0]).all()
