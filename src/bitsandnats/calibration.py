r"""Calibration: how well predicted probabilities match the frequencies they claim, and fixing them by temperature.

A classifier is **calibrated** when, of all the examples it gives confidence
0.8, about 80 % are right.  Accuracy cannot see this (it looks only at the top
class); log loss can, because it charges :math:`-\ln q` for the probability
:math:`q` given to what happened, so a right answer given 0.999 where 0.9
would have been honest is cheap, and a wrong one given 0.999 is very dear.

* :func:`reliability` sorts predictions into bins of confidence and gives each
  bin's mean confidence, accuracy and count: the numbers of a reliability
  diagram (:func:`bitsandnats.plots.calibration.reliability_diagram`);
* :func:`expected_calibration_error` is their count-weighted mean gap;
* :func:`log_loss_at_temperature` and :func:`fit_temperature`: temperature
  scaling (Guo et al., 2017) divides every logit by one number :math:`T > 0`,
  chosen to minimise the log loss on a validation split; the top class, and
  so the accuracy, never changes;
* :func:`perplexity` turns a cross-entropy into the effective number of
  equally likely classes the model is choosing among.

Losses are in nats unless ``base`` says otherwise; calibration errors are
differences of probabilities and have no unit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .measures.losses import cross_entropy_from_logits
from .notation import nats_in
from .validation import (
    as_float_array,
    check_base,
    check_distribution,
    check_labels,
    check_logits,
    check_number,
    check_probabilities,
    check_whole_number,
    shown,
)

__all__ = [
    "Reliability",
    "reliability",
    "expected_calibration_error",
    "log_loss_at_temperature",
    "fit_temperature",
    "perplexity",
]

# Golden-section search: the bracket for ln T and the width at which it stops.
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
_LOG_T_TOLERANCE = 1e-9


class Reliability(NamedTuple):
    """The numbers of a reliability diagram, one entry per bin of confidence.

    ``confidence`` and ``accuracy`` are NaN for an empty bin (its ``count`` is 0).
    """

    #: Bin edges, ``n_bins + 1`` of them from 0 to 1; bin b holds confidences in (edges[b], edges[b+1]] (the first also 0).
    edges: np.ndarray
    #: Mean predicted probability in each bin.
    confidence: np.ndarray
    #: Fraction of the bin's predictions that came true.
    accuracy: np.ndarray
    #: Number of predictions in each bin.
    count: np.ndarray


def _confidence_and_outcome(y_true, y_prob) -> tuple[np.ndarray, np.ndarray]:
    """Each prediction's stated probability and whether that event happened (1.0 or 0.0)."""
    probs = as_float_array(y_prob, "y_prob")
    if probs.ndim == 1:
        probs = check_probabilities(probs, "y_prob")
        labels = check_labels(y_true, 2, "y_true")
        if labels.shape != probs.shape:
            raise ValueError(f"y_true and y_prob must have the same shape, got {labels.shape} and {probs.shape}")
        return probs, labels.astype(np.float64)
    if probs.ndim != 2:
        raise ValueError(f"y_prob must have shape (n,) or (n, k), got {probs.shape}")
    probs = check_distribution(probs, "y_prob")
    labels = as_float_array(y_true, "y_true")
    if labels.shape != probs.shape[:1]:
        raise ValueError(f"y_true must hold one label per row of y_prob, shape {probs.shape[:1]}, got shape {labels.shape}")
    labels = check_labels(labels, probs.shape[1], "y_true")
    top = probs.argmax(axis=1)
    return probs[np.arange(probs.shape[0]), top], (top == labels).astype(np.float64)


def reliability(y_true, y_prob, n_bins: int = 10) -> Reliability:
    r"""Per bin of confidence: the mean confidence, the accuracy and the number of predictions.

    The interval [0, 1] is cut into ``n_bins`` equal bins
    :math:`B_b = (\tfrac{b-1}{M}, \tfrac{b}{M}]` (the first also holds 0), and
    for the predictions whose confidence :math:`c_i` falls in :math:`B_b`

    .. math::
        \operatorname{conf}(B_b) = \frac{1}{|B_b|} \sum_{i \in B_b} c_i, \qquad
        \operatorname{acc}(B_b) = \frac{1}{|B_b|} \sum_{i \in B_b} [\text{prediction } i \text{ came true}].

    A calibrated model has :math:`\operatorname{acc} \approx \operatorname{conf}`
    in every bin: its points lie on the diagonal of the reliability diagram.

    Parameters
    ----------
    y_true : array_like
        Integer class labels, shape (n,).
    y_prob : array_like
        Shape (n, k): rows of class probabilities.  The confidence is the top
        class's probability, and a prediction "came true" when the top class is
        the label (ties go to the lowest class, as ``argmax`` does).
        Shape (n,): the probability of class 1 of a binary model, labels 0 and
        1; the confidence is that probability and "came true" means the label
        is 1, so ``accuracy`` is the fraction of positives, as in
        :func:`sklearn.calibration.calibration_curve`.
    n_bins : int, default 10
        How many equal bins of confidence.

    Returns
    -------
    Reliability
        ``edges`` (``n_bins + 1``), and per bin ``confidence``, ``accuracy``
        (probabilities, no unit; NaN for an empty bin) and ``count``.

    Examples
    --------
    >>> r = reliability([0, 1, 1, 0], [[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.8, 0.2]], n_bins=5)
    >>> r.count.tolist()
    [0, 0, 1, 2, 1]
    >>> r.confidence[2:].round(3).tolist(), r.accuracy[2:].tolist()
    ([0.6, 0.75, 0.9], [0.0, 1.0, 1.0])
    """
    n_bins = check_whole_number(n_bins, "n_bins", low=1)
    confidence, outcome = _confidence_and_outcome(y_true, y_prob)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.searchsorted(edges[1:-1], confidence, side="left")  # (lower, upper]; 0 joins the first bin
    count = np.bincount(which, minlength=n_bins)
    filled = count > 0
    mean_confidence = np.full(n_bins, np.nan)
    mean_outcome = np.full(n_bins, np.nan)
    mean_confidence[filled] = np.bincount(which, weights=confidence, minlength=n_bins)[filled] / count[filled]
    mean_outcome[filled] = np.bincount(which, weights=outcome, minlength=n_bins)[filled] / count[filled]
    return Reliability(edges, mean_confidence, mean_outcome, count)


def expected_calibration_error(y_true, y_prob, n_bins: int = 10) -> float:
    r"""Expected calibration error: the gap between accuracy and confidence, averaged over the bins by count.

    .. math::
        \mathrm{ECE} = \sum_{b=1}^{M} \frac{|B_b|}{n}\,
        \big|\operatorname{acc}(B_b) - \operatorname{conf}(B_b)\big|

    with the bins of :func:`reliability`.  It is a difference of
    probabilities, so it has no unit (not bits, not nats); 0 means every bin's
    accuracy equals its mean confidence.  It depends on the number of bins and,
    on a few hundred examples, is itself noisy by a percentage point or so.

    Parameters
    ----------
    y_true, y_prob, n_bins
        As in :func:`reliability`.

    Returns
    -------
    float
        The ECE, from 0 to 1.

    Examples
    --------
    Gaps of 0.6, 0.25 and 0.1 in bins of 1, 2 and 1 predictions: (0.6 + 2 × 0.25 + 0.1) / 4.

    >>> round(expected_calibration_error([0, 1, 1, 0], [[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.8, 0.2]], n_bins=5), 12)
    0.3
    """
    bins = reliability(y_true, y_prob, n_bins)
    filled = bins.count > 0
    gaps = np.abs(bins.accuracy[filled] - bins.confidence[filled])
    return float(np.dot(bins.count[filled], gaps) / bins.count.sum())


def _checked_labels_and_logits(y_true, logits) -> tuple[np.ndarray, np.ndarray]:
    logits = check_logits(logits)
    if logits.ndim != 2 or logits.shape[1] < 2:
        raise ValueError(f"logits must have shape (n, k) with k >= 2 classes, got {logits.shape}")
    labels = as_float_array(y_true, "y_true")
    if labels.shape != logits.shape[:1]:
        raise ValueError(f"y_true must hold one label per row of logits, shape {logits.shape[:1]}, got shape {labels.shape}")
    return check_labels(labels, logits.shape[1], "y_true"), logits


def _loss_at(labels: np.ndarray, logits: np.ndarray, temperature: float) -> float:
    return float(np.mean(cross_entropy_from_logits(labels, logits / temperature)))


def log_loss_at_temperature(y_true, logits, temperature: float, *, base: float = math.e) -> float:
    r"""The log loss of ``softmax(logits / T)``: what temperature scaling minimises.

    .. math:: L(T) = \frac1n \sum_{i=1}^{n} \Big( \log \sum_j e^{z_{ij}/T} - \frac{z_{i y_i}}{T} \Big)

    computed from the logits (log-sum-exp), so it stays finite where the
    probabilities would round to 0.  Dividing by :math:`T` never changes which
    class has the largest logit, so accuracy is the same at every :math:`T`.

    Parameters
    ----------
    y_true : array_like
        Integer class labels, shape (n,).
    logits : array_like
        Shape (n, k), the model's logits (for scikit-learn's
        ``LogisticRegression``, ``decision_function``).
    temperature : float
        :math:`T > 0`; 1 gives the model's own probabilities, above 1 softer,
        below 1 sharper.
    base : float, keyword-only
        Logarithm base; e by default (nats), 2 for bits.

    Examples
    --------
    >>> round(log_loss_at_temperature([0, 1], [[2.0, 0.0], [2.0, 0.0]], 1.0), 4)
    1.1269
    >>> round(log_loss_at_temperature([0, 1], [[2.0, 0.0], [2.0, 0.0]], 2.0), 4)
    0.8133
    """
    labels, logits = _checked_labels_and_logits(y_true, logits)
    temperature = check_number(temperature, "temperature", low=0.0, low_open=True)
    nats_per_unit = nats_in(base)
    with np.errstate(over="ignore"):
        scaled = logits / temperature
    if not np.isfinite(scaled).all():
        raise ValueError(f"logits divided by temperature={temperature!r} overflow float64; use a larger temperature")
    return _loss_at(labels, scaled, 1.0) / nats_per_unit


def fit_temperature(y_true, logits, *, low: float = 0.01, high: float = 100.0) -> float:
    r"""The temperature :math:`T` that minimises the log loss of ``softmax(logits / T)``.

    .. math:: \hat T = \arg\min_{T > 0} L(T), \qquad L \text{ as in } :func:`log_loss_at_temperature`

    Fit it on a validation split (not the training data, where the model is
    over-confident for a reason, and not the test split, which must stay unseen).
    :math:`L` is a convex function of :math:`1/T` (a log-sum-exp of lines in
    :math:`1/T`), so it has one minimum; a golden-section search on
    :math:`\ln T` finds it deterministically.  Near a minimum the loss is flat
    to second order, so values alone pin :math:`\hat T` down to about 1e-8 of
    itself (the square root of float64's precision), whatever the method.
    :math:`\hat T > 1` means the model was over-confident, :math:`\hat T < 1`
    under-confident.

    Parameters
    ----------
    y_true : array_like
        Integer class labels of the validation examples, shape (n,).
    logits : array_like
        Their logits, shape (n, k).
    low, high : float, keyword-only
        The search interval for :math:`T`, 0 < low < high.

    Returns
    -------
    float
        :math:`\hat T`.

    Raises
    ------
    ValueError
        For bad input, or when the minimum is at an end of the interval: for
        example when every example is classified correctly, the loss keeps
        falling as :math:`T \to 0` and there is no best temperature.

    Examples
    --------
    Four examples with the same logits, three of them of class 0: the best
    probabilities are (3/4, 1/4), and :math:`\operatorname{softmax}(2/T, 0)`
    gives them at :math:`T = 2 / \ln 3`.

    >>> round(fit_temperature([0, 0, 0, 1], [[2.0, 0.0]] * 4), 4)
    1.8205
    >>> round(2 / math.log(3), 4)
    1.8205
    """
    labels, logits = _checked_labels_and_logits(y_true, logits)
    low = check_number(low, "low", low=0.0, low_open=True)
    high = check_number(high, "high", low=0.0, low_open=True)
    if not low < high:
        raise ValueError(f"low must be less than high, got low={low!r} and high={high!r}")
    with np.errstate(over="ignore"):
        overflows = not np.isfinite(logits / low).all()
    if overflows:
        raise ValueError(f"logits divided by low={low!r} overflow float64; use a larger low")
    a, b = math.log(low), math.log(high)
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    loss_c, loss_d = _loss_at(labels, logits, math.exp(c)), _loss_at(labels, logits, math.exp(d))
    while b - a > _LOG_T_TOLERANCE:
        if loss_c <= loss_d:
            b, d, loss_d = d, c, loss_c
            c = b - _GOLDEN * (b - a)
            loss_c = _loss_at(labels, logits, math.exp(c))
        else:
            a, c, loss_c = c, d, loss_d
            d = a + _GOLDEN * (b - a)
            loss_d = _loss_at(labels, logits, math.exp(d))
    best = (a + b) / 2.0
    edge = 1e-6 * (math.log(high) - math.log(low))
    if best - math.log(low) < edge or math.log(high) - best < edge:
        end = "low" if best - math.log(low) < edge else "high"
        raise ValueError(
            f"the log loss is smallest at the end {end}={low if end == 'low' else high!r} of the search interval, "
            "so it has no minimum inside it (with every example classified correctly it falls all the way to T = 0); "
            "widen low and high, or use logits with some errors"
        )
    return math.exp(best)


def perplexity(cross_entropy, *, base: float = math.e):
    r"""Perplexity: the effective number of equally likely classes a model is choosing among.

    .. math:: \mathrm{PP} = b^{H}, \qquad \text{e.g. } e^{H_\text{nats}} = 2^{H_\text{bits}}

    A model that spreads its probability evenly over :math:`k` classes has a
    cross-entropy of :math:`\ln k` nats (:math:`\log_2 k` bits) and a
    perplexity of exactly :math:`k`; a log loss of 2.3 nats is about
    :math:`\ln 10`, a uniform guess among ten digits, and 0.4 nats is
    :math:`e^{0.4} \approx 1.5` classes.  The same amount in nats and in bits
    gives the same perplexity; pass the base the cross-entropy is in.

    Parameters
    ----------
    cross_entropy : float or array_like
        Cross-entropies (log losses), each at least 0; ``inf`` gives ``inf``.
    base : float, keyword-only
        The base of the logarithm ``cross_entropy`` was measured with: e
        (default) for nats, 2 for bits.

    Returns
    -------
    float or ndarray
        The perplexity, at least 1 (a number of classes, no unit).

    Examples
    --------
    >>> round(perplexity(math.log(10)), 12), perplexity(3.0, base=2)
    (10.0, 8.0)
    >>> round(perplexity(0.4), 3)
    1.492
    """
    base = check_base(base)
    values = as_float_array(cross_entropy, "cross_entropy")
    if np.isnan(values).any():
        raise ValueError("cross_entropy contains NaN")
    smallest = values.min()
    if smallest < 0:
        raise ValueError(f"cross_entropy must be at least 0, got {shown(smallest)}")
    with np.errstate(over="ignore"):  # beyond float64: inf, which is what b^H is there
        result = np.exp2(values) if base == 2 else np.exp(values * math.log(base))
    return float(result) if result.ndim == 0 else result
