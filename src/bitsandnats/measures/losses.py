"""Losses: the cross-entropy as machine learning uses it.

Binary and multi-class log loss, the softmax and its logarithm, the
cross-entropy computed straight from logits, and the Gaussian negative
log-likelihood (the squared error seen as a cross-entropy).  In nats by
default, as the frameworks report them.  Each function validates once, then
computes along one path (as scikit-learn's ``log_loss`` does), built on the
element-wise rules of :mod:`._terms`.
"""

from __future__ import annotations

import math

import numpy as np

from ..notation import nats_in
from ..validation import (
    as_float_array,
    check_distribution,
    check_finite,
    check_labels,
    check_logits,
    check_number,
    check_positive,
    check_probabilities,
)
from . import _engine
from ._terms import log_of, times_log

__all__ = ["binary_cross_entropy", "log_loss", "softmax", "log_softmax", "cross_entropy_from_logits", "gaussian_nll"]


def _binary_slice(y_true, y_prob, work):
    """Sum of ``y log p + (1 - y) log(1 - p)`` over a slice, in nats.

    ``log(1 - p)`` is taken as ``log w + e`` with ``w = fl(1 - p)`` and its
    rounding error ``e = (1 - p) - w``, recovered exactly (Fast2Sum, as
    1 >= p).  That is ``log(w + e)`` less about ``e p / w``, and e is 0 unless
    p < 1/2, where ``|log(1 - p)| >= p``: the relative error stays below
    2**-53, as accurate as ``log1p(-p)`` and half its cost (glibc's log1p
    measured twice as slow as log for arguments away from 0).

    Hard 0/1 labels (the usual case) need one logarithm per example, of
    ``|(1 - y) - p|``: ``p`` for y = 1 and ``w`` for y = 0.  Soft labels (any
    y strictly between 0 and 1 in the slice) take both logarithms.
    """
    scratch, spare = work[:2]
    floor = _engine.lowest(float(y_true.min()), float(y_prob.min()), 1.0 - float(y_true.max()), 1.0 - float(y_prob.max()))
    if not floor >= 0:
        return floor, math.nan
    complement = np.subtract(1.0, y_true, out=scratch)
    if _engine.dot(y_true, complement) == 0.0:  # y (1 - y) = 0 everywhere: hard labels
        signed = np.subtract(complement, y_prob, out=spare)  # -p where y = 1, fl(1 - p) where y = 0
        np.subtract(complement, signed, out=complement)
        np.subtract(complement, y_prob, out=complement)  # the exact rounding error, 0 where y = 1
        correction = float(complement.sum())
        np.abs(signed, out=signed)
        np.log(signed, out=signed)
        return floor, float(signed.sum()) + correction
    np.log(y_prob, out=spare)
    with_label = _engine.dot(y_true, spare)
    rounded = np.subtract(1.0, y_prob, out=spare)
    error = np.subtract(1.0, rounded, out=scratch)
    np.subtract(error, y_prob, out=error)
    np.log(rounded, out=rounded)
    log_not_p = np.add(rounded, error, out=spare)
    complement = np.subtract(1.0, y_true, out=scratch)
    return floor, with_label + _engine.dot(complement, log_not_p)


def _binary_nats(y_true: np.ndarray, y_prob: np.ndarray) -> np.ndarray:
    """Per-example binary cross-entropy in nats, inputs already checked."""
    with np.errstate(divide="ignore"):
        log_not_p = np.log1p(-y_prob)
    return -(times_log(y_true, log_of(y_prob)) + times_log(1.0 - y_true, log_not_p))


def binary_cross_entropy(y_true, y_prob, *, base: float = math.e):
    r"""Per-example cross-entropy of binary predictions (log loss before averaging).

    .. math:: \ell(y, \hat y) = -\left[y \log_b \hat y + (1 - y) \log_b (1 - \hat y)\right]

    This is H(P, Q) for the two-outcome distributions P = (1 - y, y) and
    Q = (1 - ŷ, ŷ), and also the Bernoulli negative log-likelihood.

    Parameters
    ----------
    y_true : array_like
        Labels in [0, 1]: 0/1 for hard labels, fractions for soft labels.
    y_prob : array_like
        Predicted probability of class 1, same shape as ``y_true``.
    base : float, keyword-only
        Logarithm base; e by default (nats), as in machine learning.

    Returns
    -------
    float or ndarray
        One loss per example; ``inf`` for a certain prediction that is wrong.

    Examples
    --------
    >>> binary_cross_entropy([1, 0], [0.5, 0.25]).round(3)
    array([0.693, 0.288])
    >>> binary_cross_entropy(1, 0.0)
    inf
    """
    nats_per_unit = nats_in(base)
    y_true = check_probabilities(y_true, "y_true")
    y_prob = check_probabilities(y_prob, "y_prob")
    if y_true.shape != y_prob.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {y_true.shape} and {y_prob.shape}")
    return _engine.finish(_binary_nats(y_true, y_prob) / nats_per_unit)


def log_loss(y_true, y_prob, *, base: float = math.e, eps: float = 0.0):
    r"""Mean cross-entropy of predictions over examples (log loss).

    .. math:: L = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k} y_{ik} \log_b \hat y_{ik}

    Parameters
    ----------
    y_true : array_like
        For binary ``y_prob`` of shape (n,): labels in [0, 1] of shape (n,).
        For ``y_prob`` of shape (n, k): integer labels 0..k-1 of shape (n,), or
        one-hot / probability rows of shape (n, k).
    y_prob : array_like
        Shape (n,): the predicted probability of class 1.  Shape (n, k): rows of
        class probabilities, each summing to 1.
    base : float, keyword-only
        Logarithm base; e by default (nats).
    eps : float, keyword-only
        0 (default) computes the exact loss, so a certain wrong prediction gives
        ``inf``.  A positive value clips predictions to [eps, 1 - eps] first, as
        the libraries do: Keras uses 1e-7, scikit-learn the machine epsilon of
        the input's dtype (about 2.2e-16 for float64).

    Examples
    --------
    >>> y = [1, 0, 1, 1]
    >>> yhat = [0.95, 0.25, 0.65, 0.5]
    >>> round(log_loss(y, yhat), 3)
    0.366
    >>> log_loss([1], [0.0]), round(log_loss([1], [0.0], eps=1e-7), 2)
    (inf, 16.12)
    >>> round(log_loss([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]), 4)
    0.2899
    """
    nats_per_unit = nats_in(base)
    eps = check_number(eps, "eps", low=0.0, high=0.5, high_open=True)
    probs = as_float_array(y_prob, "y_prob")
    if probs.ndim == 1:
        labels = as_float_array(y_true, "y_true")
        if eps == 0:
            sums = _engine.sums_if_valid(_binary_slice, labels, probs, n_distributions=0)
            if sums is not None and not np.isnan(sums[0]):
                return float(-sums[0] / labels.shape[0] / nats_per_unit)
        probs = check_probabilities(probs, "y_prob")
        labels = check_probabilities(labels, "y_true")
        if labels.shape != probs.shape:
            raise ValueError(f"y_true and y_prob must have the same shape, got {labels.shape} and {probs.shape}")
        if eps > 0:
            probs = np.clip(probs, eps, 1.0 - eps)
        return float(_binary_nats(labels, probs).mean() / nats_per_unit)
    if probs.ndim != 2:
        raise ValueError(f"y_prob must have shape (n,) or (n, k), got {probs.shape}")
    probs = check_distribution(probs, "y_prob")
    n_examples, n_classes = probs.shape
    targets = as_float_array(y_true, "y_true")
    if eps > 0:
        probs = np.clip(probs, eps, 1.0 - eps)
    if targets.ndim == 1:
        if targets.shape[0] != n_examples:
            raise ValueError(f"y_true has {targets.shape[0]} labels but y_prob has {n_examples} rows")
        labels = check_labels(targets, n_classes, "y_true")
        return float(-log_of(probs[np.arange(n_examples), labels]).mean() / nats_per_unit)
    if targets.shape == (n_examples, 1) and n_classes > 1:
        raise ValueError(
            f"y_true has shape {targets.shape}: a column of labels; pass them as shape ({n_examples},) "
            f"(y_true.ravel()), or pass probability rows of shape {probs.shape}"
        )
    targets = check_distribution(targets, "y_true")
    if targets.shape != probs.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {targets.shape} and {probs.shape}")
    return float(-times_log(targets, log_of(probs)).sum(axis=-1).mean() / nats_per_unit)


def _scaled_logits(logits, temperature, name: str = "logits") -> np.ndarray:
    """Checked logits divided by the checked temperature, refused if that overflows float64."""
    temperature = check_number(temperature, "temperature", low=0.0, low_open=True)
    logits = check_logits(logits, name)
    if temperature == 1.0:  # the usual case: spare a pass over the logits
        return logits
    with np.errstate(over="ignore"):
        scaled = logits / temperature
    if not np.isfinite(scaled).all():
        raise ValueError(f"{name} divided by temperature={temperature!r} overflow float64; use a larger temperature")
    return scaled


def _shifted_logits(scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``z - max z`` and ``log sum exp(z - max z)`` (kept as a trailing axis of 1).

    Their difference is ``log softmax(z)``; callers that need only a few of
    its entries take them from ``shifted`` and skip the full subtraction.
    """
    top = scaled.argmax(axis=-1)[..., np.newaxis]
    with np.errstate(over="ignore"):  # a gap beyond float64 is -inf: probability 0
        shifted = scaled - np.take_along_axis(scaled, top, axis=-1)
    # The largest term of the sum is exactly 1: add up the others and use log1p,
    # so that a confident class keeps its small log-probability to full precision.
    others = np.exp(shifted)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return shifted, np.log1p(others.sum(axis=-1, keepdims=True))


def log_softmax(logits, *, temperature: float = 1.0):
    r"""Logarithm of the softmax, computed stably by shifting by the maximum.

    .. math:: \log \sigma(z)_k = \frac{z_k}{T} - \log \sum_j e^{z_j / T}

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    >>> log_softmax([1000.0, 0.0]).round(1)
    array([    0., -1000.])
    """
    shifted, log_normaliser = _shifted_logits(_scaled_logits(logits, temperature))
    return shifted - log_normaliser


def softmax(logits, *, temperature: float = 1.0):
    r"""Turn logits into probabilities: the softmax, with an optional temperature.

    .. math:: \sigma(z)_k = \frac{e^{z_k / T}}{\sum_j e^{z_j / T}}

    A temperature above 1 flattens the distribution, below 1 sharpens it.

    Examples
    --------
    >>> softmax([1.0, 1.0, 1.0]).round(4)
    array([0.3333, 0.3333, 0.3333])
    >>> softmax([2.0, 0.0], temperature=2.0).round(4)
    array([0.7311, 0.2689])
    """
    scaled = _scaled_logits(logits, temperature)
    with np.errstate(over="ignore"):  # a gap beyond float64 is -inf: probability 0
        exps = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def cross_entropy_from_logits(y_true, logits, *, base: float = math.e):
    r"""Per-example cross-entropy of softmax(logits), computed from the logits.

    .. math:: \ell = -\sum_k y_k \log \sigma(z)_k = \log\sum_j e^{z_j} - \sum_k y_k z_k

    Working through log-sum-exp keeps the result finite and exact for logits
    as large as ±1e4, where taking the softmax first would give log 0 = -inf.

    Parameters
    ----------
    y_true : array_like
        Integer labels 0..k-1 (shape ``logits.shape[:-1]``), or probability rows
        with the same shape as ``logits``.
    logits : array_like
        Unnormalised scores, last axis = classes.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Examples
    --------
    >>> round(cross_entropy_from_logits(0, [2.0, 1.0, 0.1]), 4)
    0.417
    >>> cross_entropy_from_logits([1], [[10000.0, -10000.0]])
    array([20000.])
    """
    nats_per_unit = nats_in(base)
    shifted, log_normaliser = _shifted_logits(check_logits(logits))
    targets = as_float_array(y_true, "y_true")
    if targets.shape == shifted.shape:
        targets = check_distribution(targets, "y_true")
        losses = -times_log(targets, shifted - log_normaliser).sum(axis=-1)
    elif targets.shape == shifted.shape[:-1]:
        labels = check_labels(targets, shifted.shape[-1], "y_true")[..., np.newaxis]
        # -log softmax(z)[label], without forming the whole log-softmax array.
        losses = (log_normaliser - np.take_along_axis(shifted, labels, axis=-1))[..., 0]
    else:
        raise ValueError(
            f"y_true must be labels of shape {shifted.shape[:-1]} or probability rows of shape "
            f"{shifted.shape}, got shape {targets.shape}"
        )
    return _engine.finish(losses / nats_per_unit)


def gaussian_nll(y_true, y_pred, *, sigma: float = 1.0, base: float = math.e):
    r"""Negative log-likelihood of ``y_true`` under a normal model centred on the prediction.

    .. math::
        -\log_b \mathcal N(y;\, \hat y, \sigma^2)
        = \Big[\frac{(y - \hat y)^2}{2\sigma^2} + \tfrac12 \ln(2\pi\sigma^2)\Big] / \ln b

    For a fixed σ it is the squared error times :math:`1/(2\sigma^2)` plus a
    constant, so minimising its mean is minimising the mean squared error:
    the mean squared error is, up to that affine map, the cross-entropy
    between the data and a Gaussian model.  Being the negative logarithm of
    a density, not of a probability, it can be negative (wherever the
    density at y exceeds 1).

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed values and predictions; they broadcast against each other
        (a single prediction for many values is fine).
    sigma : float or array_like, keyword-only
        Standard deviation of the model, > 0; 1 by default.
    base : float, keyword-only
        Logarithm base; e by default (nats).

    Returns
    -------
    float or ndarray
        One value per (broadcast) element; take the mean for a data set.

    Examples
    --------
    >>> round(gaussian_nll(0.0, 0.0), 4)
    0.9189
    >>> gaussian_nll([1.0, 3.0], 1.0, sigma=0.2).round(4)
    array([-0.6905, 49.3095])
    """
    nats_per_unit = nats_in(base)
    sigma = check_positive(sigma, "sigma")
    y_true = check_finite(y_true, "y_true")
    y_pred = check_finite(y_pred, "y_pred")
    try:
        np.broadcast_shapes(y_true.shape, y_pred.shape, sigma.shape)
    except ValueError:
        raise ValueError(
            f"y_true, y_pred and sigma must broadcast together, got shapes {y_true.shape}, "
            f"{y_pred.shape} and {sigma.shape}"
        ) from None
    # Divided by sigma before squaring, since sigma**2 overflows or underflows long before sigma does; the
    # normaliser as in differential_entropy_normal: ln(2 pi sigma**2) / 2 while sigma**2 is a normal float.
    moderate = (sigma > 1e-150) & (sigma < 1e150)
    squared = np.where(moderate, sigma, 1.0) ** 2
    normaliser = np.where(moderate, 0.5 * np.log(2.0 * math.pi * squared),
                          0.5 * math.log(2.0 * math.pi) + np.log(sigma))
    nats = 0.5 * ((y_true - y_pred) / sigma) ** 2 + normaliser
    return _engine.finish(nats / nats_per_unit)
