"""bitsandnats.measures.distillation: the soft-target loss and its gradients."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import bitsandnats as bn


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_a_class_the_student_rules_out_but_the_teacher_does_not_makes_the_loss_infinite():
    # The teacher is sure of class 1, which the student's logits put infinitely far below class 0.
    assert bn.distillation_loss(0, [1e308, -1e308], [-1e308, 1e308], temperature=1.0, alpha=0.5) == math.inf


def test_alpha_zero_or_one_drops_its_term_even_when_that_term_is_infinite():
    student, teacher = [1e308, -1e308], [-1e308, 1e308]
    assert bn.distillation_loss(0, student, teacher, temperature=1.0, alpha=0.0) == 0.0  # the hard term alone
    assert bn.distillation_loss(1, student, teacher, temperature=1.0, alpha=1.0) == math.inf


def test_classes_both_rule_out_add_nothing():
    value = bn.distillation_loss(0, [5.0, 1e308, -1e308], [5.0, 1e308, -1e308], temperature=1.0, alpha=0.5)
    assert np.isfinite(value)
