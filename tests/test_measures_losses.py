"""bitsandnats.measures.losses: log loss, softmax, the cross-entropy from logits, the Gaussian NLL."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import bitsandnats as bn


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_soft_targets_with_a_zero_on_a_class_of_minus_infinite_log_probability_are_quiet():
    assert bn.cross_entropy_from_logits([1.0, 0.0], [1e308, -1e308]) == 0.0
    assert bn.cross_entropy_from_logits([0.0, 1.0], [1e308, -1e308]) == np.inf


def test_soft_label_rows_with_zeros_in_log_loss_are_quiet():
    assert bn.log_loss([[1.0, 0.0]], [[1.0, 0.0]]) == 0.0
    assert bn.log_loss([[0.0, 1.0]], [[1.0, 0.0]]) == np.inf
