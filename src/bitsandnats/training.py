"""Tiny models trained by gradient descent, for the notebooks.

Notebook 05 trains the same logistic regression twice, once by minimising
cross-entropy (log loss) and once by minimising the mean squared error of the
predicted probability, and compares the learning curves.  Everything here is
plain numpy, deterministic (data come from a seeded generator, training is
full-batch gradient descent with no randomness) and fast: a few hundred
epochs on a few hundred points take milliseconds.

The model is :math:`\\hat y = \\sigma(z)`, :math:`z = w \\cdot x + b`, with
:math:`\\sigma(z) = 1 / (1 + e^{-z})`.  Losses are averaged over examples;
cross-entropy is in nats, the squared error is in squared probability (it has
no information unit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .validation import (
    check_broadcastable,
    check_choice,
    check_finite,
    check_labels,
    check_number,
    check_whole_number,
    shown,
)

__all__ = [
    "LOSSES",
    "Training",
    "two_blobs",
    "sigmoid",
    "logit_gradient",
    "loss_and_gradients",
    "train_logistic_regression",
]

#: The losses a model can be trained with.
LOSSES = ("cross_entropy", "squared_error")

# Limits that keep a mistyped size from filling the memory: two_blobs(10**9)
# would need 16 GB, and each epoch stores four numbers of history.  The
# notebooks use a few hundred of each.
_MAX_POINTS = 1_000_000
_MAX_EPOCHS = 1_000_000


def _check_labels01(y, n: int) -> np.ndarray:
    y = check_labels(y, 2, "y").astype(np.float64)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of x, got {y.shape}")
    return y


def _check_inputs(x) -> np.ndarray:
    x = check_finite(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n, d), one row per example, got {x.shape}")
    return x


def _check_weights(weights, name: str, columns: int) -> np.ndarray:
    weights = check_finite(weights, name)
    if weights.shape != (columns,):
        raise ValueError(f"{name} must have shape ({columns},), one per column of x, got {weights.shape}")
    return weights


def _logits(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """z = x @ w + b, inf or NaN where it overflows (the callers refuse those with their own message)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return x @ weights + bias


def _checked_logits(x: np.ndarray, weights: np.ndarray, bias: float, names: tuple[str, str]) -> np.ndarray:
    z = _logits(x, weights, bias)
    if not np.isfinite(z).all():
        raise ValueError(
            f"x @ {names[0]} + {names[1]} overflows a float64 (beyond 1.8e308) for some row of x; "
            f"scale x down or use smaller {names[0]}"
        )
    return z


def two_blobs(n: int = 200, *, separation: float = 4.0, spread: float = 1.0, seed: int = 2025):
    """Two round Gaussian clouds in the plane, one per class, half the points each.

    Class 1 is centred at ``(+s/2, +s/2) / sqrt(2)`` and class 0 at the
    opposite point, so the centres are ``separation`` apart; both have
    standard deviation ``spread`` in every direction.

    Parameters
    ----------
    n : int
        Number of points (even, from 2 to 1,000,000).
    separation : float, keyword-only
        Distance between the two centres, at least 0.
    spread : float, keyword-only
        Standard deviation of each cloud, greater than 0.
    seed : int, keyword-only
        Seed of :func:`numpy.random.default_rng`, a whole number >= 0: the
        same seed gives the same data.

    Returns
    -------
    x : ndarray of shape (n, 2)
    y : ndarray of shape (n,)
        Labels 0 and 1, as floats, in the order of the rows of ``x``.

    Examples
    --------
    >>> x, y = two_blobs(6, seed=0)
    >>> x.shape, y.tolist()
    ((6, 2), [0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    """
    n = check_whole_number(n, "n", low=2, high=_MAX_POINTS)
    if n % 2:
        raise ValueError(f"n must be even (half the points in each class), got {n}")
    separation = check_number(separation, "separation", low=0)
    spread = check_number(spread, "spread", low=0, low_open=True)
    seed = check_whole_number(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    half = n // 2
    centre = np.full(2, separation / 2 / np.sqrt(2))
    x = np.concatenate([rng.normal(-centre, spread, size=(half, 2)), rng.normal(centre, spread, size=(half, 2))])
    if not np.isfinite(x).all():  # the centres stay below 6.4e307, so only the spread can push a point beyond
        raise ValueError(f"spread = {shown(spread)} is too large: some points fall beyond 1.8e308, the largest float64")
    y = np.repeat([0.0, 1.0], half)
    return x, y


def sigmoid(z):
    r"""The logistic function, computed without overflow for any finite z.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Parameters
    ----------
    z : float or array_like
        Finite logits.

    Returns
    -------
    float or ndarray
        A float for a single number, else an array of the shape of ``z``.

    Raises
    ------
    ValueError
        If ``z`` is not numeric (None, text) or holds NaN or inf.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    >>> sigmoid(None)
    Traceback (most recent call last):
    ...
    ValueError: z must be numeric, got None
    """
    result = _sigmoid(check_finite(z, "z"))
    return float(result) if result.ndim == 0 else result


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows, and each branch divides by a number in [1, 2].
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logit_gradient(z, y, *, loss: str = "cross_entropy"):
    r"""Derivative of one example's loss with respect to its logit z.

    .. math::

        \frac{\partial \ell_{\mathrm{CE}}}{\partial z} = \sigma(z) - y, \qquad
        \frac{\partial \ell_{\mathrm{SE}}}{\partial z} = 2\,(\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z))

    for :math:`\ell_{\mathrm{CE}} = -[y \ln \sigma(z) + (1 - y) \ln(1 - \sigma(z))]`
    (in nats) and :math:`\ell_{\mathrm{SE}} = (\sigma(z) - y)^2`.  The extra
    factor :math:`\sigma(1 - \sigma)` makes the squared error's gradient vanish
    when the model is confidently wrong.

    Parameters
    ----------
    z, y : float or array_like
        Finite logits and labels (0 or 1), broadcast together.
    loss : {"cross_entropy", "squared_error"}, keyword-only

    Returns
    -------
    float or ndarray
        A float when both are single numbers, else an array of their
        broadcast shape.

    Examples
    --------
    >>> round(logit_gradient(-6.0, 1), 4), round(logit_gradient(-6.0, 1, loss="squared_error"), 4)
    (-0.9975, -0.0049)
    """
    loss = check_choice(loss, "loss", LOSSES)
    z = check_finite(z, "z")
    y = check_labels(y, 2, "y").astype(np.float64)
    check_broadcastable(z, y, ("z", "y"))
    gradient = _per_example_gradient(z, y, loss)
    return float(gradient) if gradient.ndim == 0 else gradient


def _per_example_gradient(z: np.ndarray, y: np.ndarray, loss: str) -> np.ndarray:
    prob = _sigmoid(z)
    error = prob - y
    return error if loss == "cross_entropy" else 2.0 * error * prob * (1.0 - prob)


def _mean_loss(z: np.ndarray, y: np.ndarray, loss: str) -> float:
    # Dividing by n before summing keeps the sum within float64 even where
    # every loss is near 1e308 (logits that large are finite, and allowed).
    if loss == "cross_entropy":
        # -[y ln s + (1-y) ln(1-s)] = ln(1 + e^z) - y z, exact for any finite z
        return float(np.sum((np.logaddexp(0.0, z) - y * z) / len(z)))
    return float(np.sum((_sigmoid(z) - y) ** 2 / len(z)))


def _loss_and_gradients(z: np.ndarray, x: np.ndarray, y: np.ndarray, loss: str):
    """Mean loss and its gradients at the finite logits z = x @ w + b, from checked inputs."""
    per_example = _per_example_gradient(z, y, loss) / len(z)  # each within [-1/n, 1/n]: no sum overflows
    return _mean_loss(z, y, loss), x.T @ per_example, float(np.sum(per_example))


def loss_and_gradients(weights, bias: float, x, y, *, loss: str = "cross_entropy"):
    r"""Mean loss of a logistic regression and its gradient with respect to w and b.

    .. math:: L(w, b) = \frac1n \sum_i \ell(y_i, \sigma(w \cdot x_i + b)), \qquad
              \nabla_w L = \frac1n \sum_i \frac{\partial \ell}{\partial z_i} x_i, \quad
              \frac{\partial L}{\partial b} = \frac1n \sum_i \frac{\partial \ell}{\partial z_i}

    Parameters
    ----------
    weights : array_like of shape (d,)
    bias : float
    x : array_like of shape (n, d)
    y : array_like of shape (n,)
        Labels 0 and 1.
    loss : {"cross_entropy", "squared_error"}, keyword-only
        Cross-entropy is in nats.

    Returns
    -------
    (float, ndarray of shape (d,), float)
        The loss, its gradient with respect to ``weights`` and to ``bias``.

    Raises
    ------
    ValueError
        If an argument is not numeric, holds NaN or inf, has the wrong shape,
        ``y`` holds another label than 0 and 1, or the logits
        ``x @ weights + bias`` overflow a float64.

    Examples
    --------
    >>> value, grad_w, grad_b = loss_and_gradients([0.0, 0.0], 0.0, [[1.0, 2.0]], [1])
    >>> round(value, 4), grad_w.tolist(), grad_b
    (0.6931, [-0.5, -1.0], -0.5)
    """
    loss = check_choice(loss, "loss", LOSSES)
    x = _check_inputs(x)
    y = _check_labels01(y, x.shape[0])
    weights = _check_weights(weights, "weights", x.shape[1])
    bias = check_number(bias, "bias")
    return _loss_and_gradients(_checked_logits(x, weights, bias, ("weights", "bias")), x, y, loss)


@dataclass(frozen=True)
class Training:
    """The outcome of :func:`train_logistic_regression`.

    ``history`` maps each name to one value per epoch, epoch 0 being the
    starting point before any step:

    * ``"epoch"``: 0, 1, ..., epochs;
    * ``"loss"``: the loss being minimised (nats for cross-entropy);
    * ``"log_loss"``: the cross-entropy in nats, whatever the training loss,
      so that two runs can be compared on one scale;
    * ``"accuracy"``: fraction of points on the right side of ``z = 0``;
    * ``"gradient_norm"``: length of the full gradient ``(∇w L, ∂L/∂b)``.
    """

    loss: str
    weights: np.ndarray
    bias: float
    history: dict = field(repr=False)

    def predict_proba(self, x) -> np.ndarray:
        """Predicted probability of class 1 for each row of ``x`` (shape (n, d), d as in training)."""
        x = _check_inputs(x)
        if x.shape[1] != len(self.weights):
            raise ValueError(f"x must have {len(self.weights)} columns, one per weight, got shape {x.shape}")
        return _sigmoid(_checked_logits(x, self.weights, self.bias, ("weights", "bias")))


def train_logistic_regression(
    x,
    y,
    *,
    loss: str = "cross_entropy",
    epochs: int = 200,
    learning_rate: float = 0.5,
    initial_weights=None,
    initial_bias: float = 0.0,
) -> Training:
    r"""Fit :math:`\sigma(w \cdot x + b)` by full-batch gradient descent.

    Each epoch takes one step :math:`(w, b) \leftarrow (w, b) - \eta \nabla L`
    on the whole data set.  No randomness: the same inputs give the same run.

    Parameters
    ----------
    x : array_like of shape (n, d)
    y : array_like of shape (n,)
        Labels 0 and 1.
    loss : {"cross_entropy", "squared_error"}, keyword-only
        What to minimise.
    epochs : int, keyword-only
        Number of gradient steps, from 0 to 1,000,000.
    learning_rate : float, keyword-only
        Step size :math:`\eta` (greater than 0), the same for either loss.
    initial_weights : array_like of shape (d,), keyword-only
        Finite starting weights; zeros by default.
    initial_bias : float, keyword-only
        Finite starting bias.

    Returns
    -------
    Training
        Final weights and bias, and the per-epoch history.

    Raises
    ------
    ValueError
        If an option is out of range or not a number, the data are not as
        for :func:`loss_and_gradients`, or the steps are so large that the
        weights or logits leave the range of a float64 (then the message
        names ``learning_rate``).

    Examples
    --------
    >>> x, y = two_blobs(200, seed=2025)
    >>> run = train_logistic_regression(x, y, epochs=50)
    >>> float(run.history["accuracy"][-1]), len(run.history["epoch"])
    (0.975, 51)
    """
    loss = check_choice(loss, "loss", LOSSES)
    x = _check_inputs(x)
    y = _check_labels01(y, x.shape[0])
    epochs = check_whole_number(epochs, "epochs", low=0, high=_MAX_EPOCHS)
    learning_rate = check_number(learning_rate, "learning_rate", low=0, low_open=True)
    if initial_weights is None:
        weights = np.zeros(x.shape[1])
    else:  # a copy, so that the caller's array and the result never share memory
        weights = _check_weights(initial_weights, "initial_weights", x.shape[1]).copy()
    bias = check_number(initial_bias, "initial_bias")
    z = _checked_logits(x, weights, bias, ("initial_weights", "initial_bias"))
    history = {name: np.empty(epochs + 1) for name in ("loss", "log_loss", "accuracy", "gradient_norm")}
    for epoch in range(epochs + 1):
        value, grad_w, grad_b = _loss_and_gradients(z, x, y, loss)
        history["loss"][epoch] = value
        history["log_loss"][epoch] = value if loss == "cross_entropy" else _mean_loss(z, y, "cross_entropy")
        history["accuracy"][epoch] = np.mean((z > 0) == (y == 1))
        history["gradient_norm"][epoch] = math.hypot(*grad_w, grad_b)  # no overflow in squaring
        if epoch < epochs:
            with np.errstate(over="ignore", invalid="ignore"):  # refused just below, naming the cause
                weights = weights - learning_rate * grad_w
            bias = bias - learning_rate * grad_b
            z = _logits(x, weights, bias)
            if not (np.isfinite(weights).all() and math.isfinite(bias) and np.isfinite(z).all()):
                raise ValueError(
                    f"learning_rate = {shown(learning_rate)} is too large: at step {epoch + 1} the weights "
                    "or the logits x @ w + b left the range of a float64 (1.8e308); take smaller steps"
                )
    history["epoch"] = np.arange(epochs + 1)
    return Training(loss=loss, weights=weights, bias=bias, history=history)
