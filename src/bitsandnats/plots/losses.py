"""Pictures of cross-entropy as a loss (notebooks 04 and 05): log loss, clipping, training, gradients.

Each function draws into its own new figure (``ax=None``, or ``axes=None``
for the two panels of :func:`learning_curves`) or into the Axes it is given,
and returns the figure.  Losses are in nats, as the libraries compute them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..notation import number_text
from ..training import logit_gradient
from ._style import INK, PALETTE, _describe, _figure_and_axes, style

__all__ = ["log_loss_curve", "clipping_comparison", "learning_curves", "logit_gradients"]


def log_loss_curve(y_true, y_prob, *, presentation: bool = False, ax=None) -> Figure:
    """The loss -ln q against q, the probability given to the true class, with examples on it.

    Each example sits on the curve at the probability its prediction gave to
    the label it really has: ŷ for a positive example, 1 - ŷ for a negative
    one.  Positives are filled circles, negatives open squares; a number
    beside a point counts the examples stacked there.  The dashed line is
    their mean, the log loss.

    Parameters
    ----------
    y_true : array_like
        Labels 0 and 1.
    y_prob : array_like
        Predicted probability of class 1, one per label.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = log_loss_curve([1, 1, 0], [0.8, 0.8, 0.4])
    >>> [len(c.get_offsets()) for c in fig.axes[0].collections]
    [2, 1]
    """
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    q_true = np.where(y_true == 1, y_prob, 1.0 - y_prob)
    with np.errstate(divide="ignore"):
        losses = -np.log(q_true)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    grid = np.linspace(0.004, 1.0, 500)
    with style(presentation=presentation):
        ax.plot(grid, -np.log(grid), color=INK, linewidth=1.5, label=r"loss $= -\ln q$")
        positive = y_true == 1
        ax.scatter(q_true[positive], losses[positive], s=60, marker="o", color=PALETTE["blue"],
                   zorder=3, label=r"$y = 1$: $q = \hat y$")
        ax.scatter(q_true[~positive], losses[~positive], s=150, marker="s", facecolors="none",
                   edgecolors=PALETTE["vermillion"], linewidths=1.8, zorder=4, label=r"$y = 0$: $q = 1 - \hat y$")
        for q in np.unique(np.round(q_true, 12)):
            count = int(np.sum(np.isclose(q_true, q)))
            if count > 1 and q > 0:
                ax.annotate(f"×{count}", (q, -np.log(q)), xytext=(9, 6), textcoords="offset points")
        mean = float(np.mean(losses))
        ax.axhline(mean, color=PALETTE["grey"], linestyle="--", linewidth=1.2,
                   label=f"mean (log loss) {number_text(mean)} nats")
        ax.set_xlim(0, 1.04)
        ax.set_ylim(0, 5)
        ax.set_xlabel("q, probability the model gave to the true class")
        ax.set_ylabel("loss (nats)")
        ax.legend(loc="upper right")
    _describe(ax, f"Curve of the loss −ln q in nats against q, the probability the model gave to the true class, "
                  f"with the {len(q_true)} examples on it ({int(positive.sum())} positives as filled circles, "
                  f"{int((~positive).sum())} negatives as open squares) at q = "
                  + ", ".join(f"{value:g}" for value in q_true)
                  + f". Their mean, the log loss, is {number_text(mean)} nats (dashed line).")
    return figure


def clipping_comparison(prob, losses, *, presentation: bool = False, ax=None) -> Figure:
    """Loss of one positive example as its predicted probability goes to 0, per implementation.

    The x-axis is logarithmic, so the exact loss ``-ln q`` is a straight line;
    an implementation that clips its input flattens out at its clipping
    threshold.

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of the true class, all positive.
    losses : dict
        A name (shown in the legend) for each array of losses in nats, one per
        entry of ``prob``; up to four lines, each with its own colour and dash.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> q = np.geomspace(1e-20, 1, 5)
    >>> fig = clipping_comparison(q, {"exact": -np.log(q)})
    >>> fig.axes[0].get_xscale(), len(fig.axes[0].lines)
    ('log', 1)
    """
    prob = np.asarray(prob, dtype=float)
    looks = [
        {"color": INK, "linestyle": "-", "linewidth": 1.6},
        {"color": PALETTE["blue"], "linestyle": "--", "linewidth": 2.6},
        {"color": PALETTE["orange"], "linestyle": ":", "linewidth": 3.0},
        {"color": PALETTE["green"], "linestyle": "-.", "linewidth": 2.2},
    ]
    if len(losses) > len(looks):
        raise ValueError(f"losses can hold at most {len(looks)} curves, got {len(losses)}")
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.8), presentation=presentation)
    with style(presentation=presentation):
        for (name, values), look in zip(losses.items(), looks):
            ax.plot(prob, np.asarray(values, dtype=float), label=name, **look)
        ax.set_xscale("log")
        ax.set_xlabel("q, predicted probability of the true class (log scale)")
        ax.set_ylabel("loss (nats)")
        ax.legend(loc="upper right")
    ends = "; ".join(f"{name}: {number_text(float(np.asarray(values, dtype=float)[0]), 1)} nats at q = {prob[0]:.0e}"
                     for name, values in losses.items())
    _describe(ax, f"Line chart of the loss in nats of one positive example against its predicted probability q of "
                  f"the true class on a logarithmic axis, one line per implementation; the exact loss −ln q is a "
                  f"straight line, a clipped one flattens out. At the smallest q: {ends}.")
    return figure


def learning_curves(history_ce, history_mse, *, presentation: bool = False, axes=None) -> Figure:
    """Log loss and accuracy per epoch for a model trained on cross-entropy and one on squared error.

    Both panels measure the two models the same way: the left one is the
    cross-entropy on the training data in nats (whatever each model
    minimised), the right one the fraction classified correctly.

    Parameters
    ----------
    history_ce, history_mse : dict
        ``Training.history`` from :func:`bitsandnats.training.train_logistic_regression`
        (keys ``"epoch"``, ``"log_loss"``, ``"accuracy"``).
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    axes : sequence of two matplotlib Axes, optional, keyword-only
        Where to draw the two panels (log loss, accuracy); by default a new
        figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``axes`` belong to.

    Examples
    --------
    >>> h = {"epoch": np.arange(3), "log_loss": np.array([0.7, 0.4, 0.3]), "accuracy": np.array([0.5, 0.8, 0.9])}
    >>> fig = learning_curves(h, h)
    >>> len(fig.axes), [len(ax.lines) for ax in fig.axes]
    (2, [2, 2])
    """
    figure, (left, right) = _figure_and_axes(axes, count=2, size=(9.0, 3.6), presentation=presentation)
    runs = (
        (history_ce, {"color": PALETTE["blue"], "linestyle": "-", "label": "trained on cross-entropy"}),
        (history_mse, {"color": PALETTE["orange"], "linestyle": "--", "label": "trained on squared error"}),
    )
    with style(presentation=presentation):
        for history, look in runs:
            left.plot(history["epoch"], history["log_loss"], linewidth=2.2, **look)
            right.plot(history["epoch"], history["accuracy"], linewidth=2.2, **look)
        left.set_ylabel("log loss on the training data (nats)")
        left.set_ylim(bottom=0)
        right.set_ylabel("accuracy (fraction correct)")
        right.set_ylim(0, 1.02)
        for ax in (left, right):
            ax.set_xlabel("epoch (full-batch gradient steps)")
        right.legend(loc="lower right")
    finals = "; ".join(f"{look['label']}: log loss {number_text(float(np.asarray(h['log_loss'])[-1]))} nats, "
                       f"accuracy {number_text(float(np.asarray(h['accuracy'])[-1]), 2)}" for h, look in runs)
    _describe(left, "Two line charts against the epoch. On the left, log loss on the training data in nats of a model "
                    "trained on cross-entropy (solid) and one trained on squared error (dashed).")
    _describe(right, f"On the right, their accuracy (fraction correct, no unit). After the last epoch: {finals}.")
    return figure


def logit_gradients(*, z_range=(-8.0, 8.0), presentation: bool = False, ax=None) -> Figure:
    r"""Size of the gradient with respect to the logit, for a positive example, under both losses.

    Cross-entropy gives :math:`|\sigma(z) - 1|`, which approaches 1 as the
    model becomes confidently wrong (z very negative); squared error gives
    :math:`2 (1 - \sigma(z))^2 \sigma(z)`, which vanishes there.

    Parameters
    ----------
    z_range : (float, float), keyword-only
        The logits shown, from a negative one (wrong side) to a positive one.
    presentation : bool, keyword-only
        Large fonts and thick lines for projecting in a classroom.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; by default a new figure of its own.

    Returns
    -------
    Figure
        The new figure, or the figure that ``ax`` belongs to.

    Examples
    --------
    >>> fig = logit_gradients()
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['cross-entropy', 'squared error']
    """
    z = np.linspace(*z_range, 400)
    figure, ax = _figure_and_axes(ax, size=(7.0, 3.5), presentation=presentation)
    with style(presentation=presentation):
        ax.axvspan(z_range[0], 0, color=PALETTE["grey"], alpha=0.12, linewidth=0)
        ax.text(z_range[0] + 0.3, 1.03, "wrong side: the model favours class 0", va="bottom")
        ax.plot(z, np.abs(logit_gradient(z, 1)), color=PALETTE["blue"], linewidth=2.4, label="cross-entropy")
        ax.plot(z, np.abs(logit_gradient(z, 1, loss="squared_error")), color=PALETTE["orange"],
                linestyle="--", linewidth=2.4, label="squared error")
        ax.set_xlim(*z_range)
        ax.set_ylim(0, 1.15)
        ax.set_xlabel("logit z of a positive example (y = 1)")
        ax.set_ylabel(r"gradient size $|\partial \ell / \partial z|$" "\n(loss units per unit of z)")
        ax.legend(loc="upper right")
    _describe(ax, "Curves of the size of the gradient of the loss with respect to the logit z of a positive example, "
                  "in loss units per unit of z (no unit is named: it holds for any), against z: under cross-entropy it approaches 1 as the model becomes "
                  "confidently wrong (z very negative, shaded); under squared error it vanishes there.")
    return figure
