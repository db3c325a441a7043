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

from dataclasses import dataclass, field

import numpy as np

from .validation import as_float_array

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


def _check_loss(loss) -> str:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def _check_count(value, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_labels01(y, n: int) -> np.ndarray:
    y = as_float_array(y, "y")
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of x, got {y.shape}")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("y must hold labels 0 and 1 only")
    return y


def _check_inputs(x) -> np.ndarray:
    x = as_float_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n, d), one row per example, got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x must be finite")
    return x


def two_blobs(n: int = 200, *, separation: float = 4.0, spread: float = 1.0, seed: int = 2025):
    """Two round Gaussian clouds in the plane, one per class, half the points each.

    Class 1 is centred at ``(+s/2, +s/2) / sqrt(2)`` and class 0 at the
    opposite point, so the centres are ``separation`` apart; both have
    standard deviation ``spread`` in every direction.

    Parameters
    ----------
    n : int
        Number of points (even, at least 2).
    separation : float, keyword-only
        Distance between the two centres.
    spread : float, keyword-only
        Standard deviation of each cloud.
    seed : int, keyword-only
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same data.

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
    n = _check_count(n, "n", minimum=2)
    if n % 2:
        raise ValueError(f"n must be even (half the points in each class), got {n}")
    if not (np.isfinite(separation) and separation >= 0):
        raise ValueError(f"separation must be a non-negative number, got {separation!r}")
    if not (np.isfinite(spread) and spread > 0):
        raise ValueError(f"spread must be a positive number, got {spread!r}")
    rng = np.random.default_rng(seed)
    half = n // 2
    centre = np.full(2, separation / 2 / np.sqrt(2))
    x = np.concatenate([rng.normal(-centre, spread, size=(half, 2)), rng.normal(centre, spread, size=(half, 2))])
    y = np.repeat([0.0, 1.0], half)
    return x, y


def sigmoid(z):
    r"""The logistic function, computed without overflow for any finite z.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    result = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(result) if result.ndim == 0 else result


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
        Logits and labels (0 or 1), broadcast together.
    loss : {"cross_entropy", "squared_error"}, keyword-only

    Examples
    --------
    >>> round(logit_gradient(-6.0, 1), 4), round(logit_gradient(-6.0, 1, loss="squared_error"), 4)
    (-0.9975, -0.0049)
    """
    loss = _check_loss(loss)
    prob = np.asarray(sigmoid(z))
    error = prob - np.asarray(y, dtype=np.float64)
    gradient = error if loss == "cross_entropy" else 2.0 * error * prob * (1.0 - prob)
    return float(gradient) if gradient.ndim == 0 else gradient


def _mean_loss(z: np.ndarray, y: np.ndarray, loss: str) -> float:
    if loss == "cross_entropy":
        # -[y ln s + (1-y) ln(1-s)] = ln(1 + e^z) - y z, exact for any finite z
        return float(np.mean(np.logaddexp(0.0, z) - y * z))
    return float(np.mean((np.asarray(sigmoid(z)) - y) ** 2))


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

    Examples
    --------
    >>> value, grad_w, grad_b = loss_and_gradients([0.0, 0.0], 0.0, [[1.0, 2.0]], [1])
    >>> round(value, 4), grad_w.tolist(), grad_b
    (0.6931, [-0.5, -1.0], -0.5)
    """
    loss = _check_loss(loss)
    x = _check_inputs(x)
    y = _check_labels01(y, x.shape[0])
    weights = as_float_array(weights, "weights")
    if weights.shape != (x.shape[1],):
        raise ValueError(f"weights must have shape ({x.shape[1]},), one per column of x, got {weights.shape}")
    z = x @ weights + float(bias)
    per_example = np.asarray(logit_gradient(z, y, loss=loss))
    return _mean_loss(z, y, loss), x.T @ per_example / x.shape[0], float(per_example.mean())


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
        """Predicted probability of class 1 for each row of ``x``."""
        return np.asarray(sigmoid(_check_inputs(x) @ self.weights + self.bias))


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
        Number of gradient steps.
    learning_rate : float, keyword-only
        Step size :math:`\eta`, the same for either loss.
    initial_weights : array_like of shape (d,), keyword-only
        Starting weights; zeros by default.
    initial_bias : float, keyword-only

    Returns
    -------
    Training
        Final weights and bias, and the per-epoch history.

    Examples
    --------
    >>> x, y = two_blobs(200, seed=2025)
    >>> run = train_logistic_regression(x, y, epochs=50)
    >>> float(run.history["accuracy"][-1]), len(run.history["epoch"])
    (0.975, 51)
    """
    loss = _check_loss(loss)
    x = _check_inputs(x)
    y = _check_labels01(y, x.shape[0])
    epochs = _check_count(epochs, "epochs", minimum=0)
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    weights = np.zeros(x.shape[1]) if initial_weights is None else as_float_array(initial_weights, "initial_weights").copy()
    bias = float(initial_bias)
    history = {name: np.empty(epochs + 1) for name in ("loss", "log_loss", "accuracy", "gradient_norm")}
    for epoch in range(epochs + 1):
        value, grad_w, grad_b = loss_and_gradients(weights, bias, x, y, loss=loss)
        z = x @ weights + bias
        history["loss"][epoch] = value
        history["log_loss"][epoch] = value if loss == "cross_entropy" else _mean_loss(z, y, "cross_entropy")
        history["accuracy"][epoch] = np.mean((z > 0) == (y == 1))
        history["gradient_norm"][epoch] = np.sqrt(grad_w @ grad_w + grad_b**2)
        if epoch < epochs:
            weights = weights - learning_rate * grad_w
            bias = bias - learning_rate * grad_b
    history["epoch"] = np.arange(epochs + 1)
    return Training(loss=loss, weights=weights, bias=bias, history=history)
