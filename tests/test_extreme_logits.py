"""Logits near the float64 limit: exact answers or a clear error, never a silent NaN."""

import math
import warnings

import numpy as np
import pytest

import bitsandnats as bn


def test_softmax_of_logits_a_float64_range_apart_is_certain():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = bn.softmax([1e308, -1e308])
        log_probs = bn.log_softmax([1e308, -1e308])
    np.testing.assert_array_equal(probs, [1.0, 0.0])
    np.testing.assert_array_equal(log_probs, [0.0, -math.inf])


def test_loss_of_a_class_pushed_beyond_float64_is_infinite_not_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bn.cross_entropy_from_logits(1, [1e308, -1e308]) == math.inf
        assert bn.cross_entropy_from_logits(0, [1e308, -1e308]) == 0.0


@pytest.mark.parametrize("function", [bn.softmax, bn.log_softmax])
def test_temperature_that_overflows_the_logits_is_refused(function):
    with pytest.raises(ValueError, match="temperature=0.1 overflow"):
        function([1e308, 0.0], temperature=0.1)
