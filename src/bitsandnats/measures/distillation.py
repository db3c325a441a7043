"""Knowledge distillation: a student trained on a teacher's softened predictions.

The soft-target loss is a KL divergence between the teacher's and the
student's softmax at a temperature T; :func:`distillation_loss` mixes it with
the ordinary cross-entropy on the labels, and the gradients show why the soft
term is multiplied by T².  In nats by default.
"""

from __future__ import annotations

import math

import numpy as np

from ..notation import nats_in
from ..validation import as_float_array, check_distribution, check_labels, check_logits, check_number, check_same_events
from . import _engine
from ._terms import times_log
from .losses import cross_entropy_from_logits, log_softmax, softmax

__all__ = ["soft_target_gradient", "distillation_loss", "distillation_gradient"]


def _checked(student_logits, teacher_logits, temperature):
    """The temperature and both sets of logits, checked once for every function here."""
    temperature = check_number(temperature, "temperature", low=0.0, low_open=True)
    student = check_logits(student_logits, "student_logits")
    teacher = check_logits(teacher_logits, "teacher_logits")
    check_same_events(student, teacher, ("student_logits", "teacher_logits"))
    return student, teacher, temperature


def _soft_gradient(student, teacher, temperature) -> np.ndarray:
    """(q - p) / T in nats per unit of logit, for checked inputs."""
    q = softmax(student, temperature=temperature)
    p = softmax(teacher, temperature=temperature)
    return (q - p) / temperature


def soft_target_gradient(student_logits, teacher_logits, *, temperature: float, base: float = math.e):
    r"""Gradient of the soft-target loss with respect to the student's logits.

    With soft targets :math:`p = \sigma(v / T)` from the teacher's logits v and
    the student's softened prediction :math:`q = \sigma(z / T)`,

    .. math::
        \frac{\partial}{\partial z_i} \mathrm{KL}(p \,\|\, q) = \frac{q_i - p_i}{T}
        \ \text{nats per unit of logit}

    (divided by :math:`\ln b` for another base b).  It is the same for the
    cross-entropy :math:`H(p, q)`, which differs from the KL divergence by
    :math:`H(p)`, a constant for the student.  For a large temperature,
    :math:`q_i - p_i \approx \big((z_i - \bar z) - (v_i - \bar v)\big) / (kT)`
    over k classes, so the gradient shrinks like :math:`1/T^2`: the reason
    :func:`distillation_loss` multiplies the soft term by :math:`T^2`.

    Parameters
    ----------
    student_logits, teacher_logits : array_like
        Logits z and v, last axis = classes; leading axes are a batch.
    temperature : float, keyword-only
        T > 0, applied to both the teacher and the student.
    base : float, keyword-only
        Logarithm base of the loss being differentiated; e by default (nats).

    Returns
    -------
    ndarray
        One partial derivative per logit, shape of the broadcast inputs.
        Each row sums to 0.

    Examples
    --------
    >>> soft_target_gradient([0.0, 0.0], [2.0, 0.0], temperature=2.0).round(4)
    array([-0.1155,  0.1155])
    >>> soft_target_gradient([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], temperature=4.0)
    array([0., 0., 0.])
    """
    nats_per_unit = nats_in(base)
    student, teacher, temperature = _checked(student_logits, teacher_logits, temperature)
    return _soft_gradient(student, teacher, temperature) / nats_per_unit + 0.0


def _one_hot_targets(y_true, shape) -> np.ndarray:
    """Probability rows for ``y_true``: labels become one-hot, rows are checked."""
    targets = as_float_array(y_true, "y_true")
    if targets.shape == tuple(shape):
        return check_distribution(targets, "y_true")
    if targets.shape == tuple(shape[:-1]):
        labels = check_labels(targets, shape[-1], "y_true")
        return (labels[..., np.newaxis] == np.arange(shape[-1])).astype(np.float64)
    raise ValueError(
        f"y_true must be labels of shape {tuple(shape[:-1])} or probability rows of shape "
        f"{tuple(shape)}, got shape {targets.shape}"
    )


def distillation_loss(y_true, student_logits, teacher_logits, *, temperature: float, alpha: float,
                      base: float = math.e):
    r"""Knowledge-distillation loss: soft targets from a teacher plus the hard labels.

    .. math::
        L = \alpha \, T^2 \, \mathrm{KL}\big(\sigma(v / T) \,\|\, \sigma(z / T)\big)
            + (1 - \alpha) \, H\big(y, \sigma(z)\big)

    z are the student's logits, v the teacher's, :math:`\sigma` the softmax and
    T the temperature.  The first term pulls the student's softened
    distribution towards the teacher's soft targets; the second is the usual
    cross-entropy with the labels, at temperature 1.  The factor
    :math:`T^2` (Hinton, Vinyals and Dean, 2015) undoes the :math:`1/T^2`
    by which the soft term's gradient shrinks (see
    :func:`soft_target_gradient`), so the balance that ``alpha`` sets between
    the two terms does not drift when T changes.  Using the cross-entropy
    :math:`H(\sigma(v/T), \sigma(z/T))` instead of the KL divergence would add
    the teacher's entropy, a constant for the student: same gradients, a
    different value.

    Parameters
    ----------
    y_true : array_like
        Integer class labels (shape ``student_logits.shape[:-1]``), or
        probability rows of the same shape as ``student_logits``.
    student_logits, teacher_logits : array_like
        Logits, last axis = classes; leading axes are a batch.
    temperature : float, keyword-only
        T > 0, used for both distributions in the soft term.
    alpha : float, keyword-only
        Weight of the soft (teacher) term, in [0, 1]; the hard-label term
        gets ``1 - alpha``.
    base : float, keyword-only
        Logarithm base; e by default (nats), as in the frameworks.

    Returns
    -------
    float or ndarray
        One loss per example (average them yourself for a batch).

    Examples
    --------
    >>> teacher, student = [3.0, 1.0, 0.0], [1.0, 1.0, 0.0]
    >>> round(distillation_loss(0, student, teacher, temperature=2.0, alpha=0.5), 4)
    0.6754
    >>> distillation_loss(0, student, teacher, temperature=2.0, alpha=0.0) == cross_entropy_from_logits(0, student)
    True
    """
    nats_per_unit = nats_in(base)
    alpha = check_number(alpha, "alpha", low=0.0, high=1.0)
    student, teacher, temperature = _checked(student_logits, teacher_logits, temperature)
    log_p = log_softmax(teacher, temperature=temperature)
    log_q = log_softmax(student, temperature=temperature)
    # A class the teacher rules out (p = 0) adds nothing; one the student rules out but the teacher
    # does not makes the soft term infinite.
    with np.errstate(invalid="ignore"):  # -inf - (-inf) where both rule a class out: weight 0 there
        soft = np.maximum(times_log(np.exp(log_p), log_p - log_q).sum(axis=-1), 0.0)
    hard = np.asarray(cross_entropy_from_logits(y_true, student))
    # alpha = 0 or 1 drops a term entirely, even an infinite one (0 * inf would be NaN).
    soft_part = times_log(alpha * temperature**2, soft)
    hard_part = times_log(1.0 - alpha, hard)
    return _engine.finish((soft_part + hard_part) / nats_per_unit)


def distillation_gradient(y_true, student_logits, teacher_logits, *, temperature: float, alpha: float,
                          base: float = math.e):
    r"""Gradient of :func:`distillation_loss` with respect to the student's logits.

    .. math::
        \frac{\partial L}{\partial z_i}
        = \alpha \, T \, (q^{(T)}_i - p^{(T)}_i) + (1 - \alpha) (q_i - y_i)

    with :math:`p^{(T)} = \sigma(v/T)`, :math:`q^{(T)} = \sigma(z/T)`,
    :math:`q = \sigma(z)` and y the one-hot label (or the label row); in nats
    per unit of logit for ``base=e``.  The soft part is
    :math:`T^2` times :func:`soft_target_gradient`.

    Parameters
    ----------
    y_true, student_logits, teacher_logits, temperature, alpha, base
        As in :func:`distillation_loss`.

    Returns
    -------
    ndarray
        One partial derivative per logit; each row sums to 0.

    Examples
    --------
    >>> teacher, student = [3.0, 1.0, 0.0], [1.0, 1.0, 0.0]
    >>> distillation_gradient(0, student, teacher, temperature=2.0, alpha=0.5).round(4)
    array([-0.5337,  0.3636,  0.1701])
    """
    nats_per_unit = nats_in(base)
    alpha = check_number(alpha, "alpha", low=0.0, high=1.0)
    student, teacher, temperature = _checked(student_logits, teacher_logits, temperature)
    targets = _one_hot_targets(y_true, student.shape)
    soft = temperature**2 * _soft_gradient(student, teacher, temperature)
    hard = softmax(student) - targets
    return (alpha * soft + (1.0 - alpha) * hard) / nats_per_unit + 0.0
