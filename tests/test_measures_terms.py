"""bitsandnats.measures._terms: the element-wise 0 * log 0 and infinity rules every measure builds on."""

from __future__ import annotations


import numpy as np
import pytest

import bitsandnats as bn
from bitsandnats.measures._terms import LOG_ZERO, finite_logs, log_of, log_ratio, times_log


# Every answer here is exact, inf or a ValueError: a numpy warning is a failure.
pytestmark = pytest.mark.filterwarnings("error")


def test_a_zero_weight_is_zero_whatever_its_log():
    logs = np.array([-np.inf, np.inf, np.nan, -3.0])
    assert times_log(np.zeros(4), logs).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_positive_weight_on_log_zero_is_minus_infinity():
    assert times_log(np.array([0.5, 0.5]), log_of(np.array([0.0, 0.5]))).tolist() == [-np.inf, 0.5 * np.log(0.5)]


def test_log_ratio_is_exact_where_the_ratio_is_representable_and_finite_where_it_overflows():
    p, q = np.array([0.5, 0.5, 0.0, 0.25]), np.array([0.25, 5e-324, 0.5, 0.0])
    logs = log_ratio(p, q)
    assert logs[0] == np.log(2.0)
    assert logs[1] == pytest.approx(np.log(0.5) - np.log(5e-324), rel=1e-15)  # p/q = inf in floats
    assert logs[3] == np.inf
    assert times_log(p, logs)[2] == 0.0  # p = 0: no term, whatever the log


def test_finite_logs_stand_in_only_for_minus_infinity_and_nan():
    logs = np.array([-np.inf, np.nan, -2.0, np.inf])
    assert finite_logs(logs).tolist() == [LOG_ZERO, LOG_ZERO, -2.0, np.inf]
    assert 0.0 * LOG_ZERO == 0.0


@pytest.mark.parametrize("function", [bn.cross_entropy_terms, bn.kl_terms])
def test_per_event_terms_follow_the_rules(function):
    terms = function([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    assert terms[1] == np.inf and terms[2] == 0.0


def test_sums_follow_the_same_rules_as_the_terms():
    p, q = [0.5, 0.5, 0.0], [0.25, 0.75, 0.0]
    assert bn.cross_entropy(p, q) == pytest.approx(bn.cross_entropy_terms(p, q).sum(), rel=1e-15)
    assert bn.kl_divergence(p, q) == pytest.approx(bn.kl_terms(p, q).sum(), rel=1e-14)
    assert bn.entropy([0.5, 0.5, 0.0]) == 1.0
