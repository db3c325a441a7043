"""The log-loss explorer (notebook 04): one control per prediction, each example's loss and their mean, on −ln q."""

from __future__ import annotations

import math
import numbers

import numpy as np
import traitlets

from .. import measures, plots
from . import grid
from ..notation import number_text
from ..plots._style import _describe
from ._base import Control, Explorer

__all__ = ["LogLossExplorer", "label_of", "MIN_EXAMPLES", "MAX_EXAMPLES"]

#: How many examples a log-loss explorer holds, at least and at most (one control each).
MIN_EXAMPLES, MAX_EXAMPLES = 2, 20


def label_of(value, name: str) -> int:
    """A binary label, 0 or 1, as an int; a ValueError naming ``name`` for anything else.

    Examples
    --------
    >>> label_of(1, "y"), label_of(0.0, "y"), label_of(np.int64(1), "y")
    (1, 0, 1)
    >>> label_of(0.5, "y")
    Traceback (most recent call last):
    ...
    ValueError: y must be a label, 0 or 1, got 0.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value not in (0, 1):
        raise ValueError(f"{name} must be a label, 0 or 1, got {value!r}")
    return int(value)


def _as_list(values, name: str, what: str) -> list:
    """``values`` as a new list (so the caller's array can change without moving the explorer)."""
    if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
        raise ValueError(f"{name} must be a one-dimensional sequence of {what}, got {values!r}")
    return list(values)


class LogLossExplorer(Explorer):
    r"""Binary predictions you can move: each example's loss, the mean log loss, and the curve −ln q.

    One control per prediction ŷᵢ, the predicted probability of class 1 for
    example i (keyboard: arrows ±0.001, PageUp/PageDown ±0.01, Home/End, or
    typed).  The bars show each example's binary cross-entropy
    :math:`-[y \ln \hat y + (1 - y) \ln(1 - \hat y)]` in nats, and the dashed
    line their mean, the log loss; the right chart puts each example on the
    curve −ln q at q, the probability its prediction gave to its true label
    (ŷ for y = 1, 1 − ŷ for y = 0).  A prediction of exactly 0 or 1 on the
    wrong side is certain and wrong: its loss is ∞ (the bar is cross-hatched
    and marked ∞), and so is the mean; nothing raises.

    Parameters
    ----------
    y_true : sequence of int
        The labels, 0 or 1, from :data:`MIN_EXAMPLES` to :data:`MAX_EXAMPLES` of them.
    y_prob : sequence of float
        Starting predicted probabilities of class 1, one per label, on the grid of 0.001.
    presentation : bool, keyword-only
        Large type, for a projector.

    Examples
    --------
    >>> explorer = LogLossExplorer([1, 0, 1, 1], [0.95, 0.25, 0.65, 0.5])
    >>> round(explorer.readouts()["log loss"], 3)
    0.366
    >>> explorer.set({"ŷ[1]": 0.0})
    >>> explorer.readouts()["loss[1]"], explorer.readouts()["log loss"]
    (inf, inf)
    >>> explorer.close()
    """

    title = "Log-loss explorer"
    _module = "logloss"

    #: The examples' labels, 0 or 1 (fixed when the explorer is made).
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    #: The predictions ŷ, as whole thousandths, one per label.
    predictions = traitlets.List(traitlets.Int()).tag(sync=True)

    def __init__(self, y_true, y_prob, *, presentation: bool = False):
        labels = [label_of(value, f"y_true[{i}]") for i, value in enumerate(_as_list(y_true, "y_true", "labels"))]
        counts = [grid.count_of(value, f"y_prob[{i}]")
                  for i, value in enumerate(_as_list(y_prob, "y_prob", "probabilities"))]
        if len(labels) != len(counts):
            raise ValueError(f"y_true and y_prob must have one entry per example, got {len(labels)} and {len(counts)}")
        if not MIN_EXAMPLES <= len(labels) <= MAX_EXAMPLES:
            raise ValueError(f"y_true must hold {MIN_EXAMPLES} to {MAX_EXAMPLES} examples, got {len(labels)}")
        self._labels = tuple(labels)
        self._control_names = tuple(f"ŷ[{i + 1}]" for i in range(len(labels)))
        super().__init__(presentation=presentation, labels=labels, predictions=counts)

    # -- controls and moves -----------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {name: Control(self, name, minimum=0.0, maximum=1.0, step=grid.STEP) for name in self._control_names}

    def value_of(self, name: str) -> float:
        return self.predictions[self._control_names.index(name)] / grid.STEPS

    def _moved(self, moves: dict) -> dict:
        counts = list(self.predictions)
        for name, value in moves.items():
            counts[self._control_names.index(name)] = grid.count_of(value, name)
        return {"predictions": counts}

    def _check_state(self) -> None:
        if tuple(self.labels) != self._labels:
            raise ValueError("labels are the examples' and cannot be changed")
        if len(self.predictions) != len(self._labels):
            raise ValueError(f"predictions must hold one per example ({len(self._labels)}), "
                             f"got {len(self.predictions)}")
        if min(self.predictions) < 0 or max(self.predictions) > grid.STEPS:
            raise ValueError(f"predictions must be whole thousandths from 0 to {grid.STEPS}, got {self.predictions}")

    # -- what is shown ---------------------------------------------------------------------

    def examples(self) -> tuple[np.ndarray, np.ndarray]:
        """The labels, and the predictions ŷ as the controls show them (whole thousandths)."""
        return np.array(self._labels, dtype=float), np.array(self.predictions) / grid.STEPS

    def readouts(self) -> dict[str, float]:
        """Each example's loss ("loss[1]", ...) and their mean ("log loss"), in nats."""
        y, y_prob = self.examples()
        losses = measures.binary_cross_entropy(y, y_prob)
        values = {f"loss[{i + 1}]": float(loss) for i, loss in enumerate(losses)}
        values["log loss"] = measures.log_loss(y, y_prob)
        return values

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = list(self.readouts().values())
        rows = [(f"example {i + 1} (y = {label}, ŷ = {count / grid.STEPS:.3f})", f"{number_text(loss)} nats")
                for i, (label, count, loss) in enumerate(zip(self._labels, self.predictions, values))]
        rows.append(("log loss, the mean", f"{number_text(values[-1])} nats"))
        return rows

    def still_figure(self):
        """Each example's loss as a bar with their mean (left), and the examples on the curve −ln q (right)."""
        y, y_prob = self.examples()
        losses = measures.binary_cross_entropy(y, y_prob)
        mean = measures.log_loss(y, y_prob)
        finite = losses[np.isfinite(losses)]
        top = max(1.0, float(finite.max(initial=0.0)) * 1.4)
        heights = np.where(np.isinf(losses), top, losses)
        positive = y == 1
        figure, (bar_axes, curve_axes) = plots.new_figure(ncols=2, size=(9.4, 3.4), presentation=self.presentation)
        with plots.style(presentation=self.presentation):
            colours = [plots.PALETTE["blue" if is_positive else "vermillion"] for is_positive in positive]
            bars = bar_axes.bar(np.arange(len(y)), heights, 0.7, color=colours, edgecolor=plots.INK,
                                linewidth=0.6)
            for bar, is_positive, loss in zip(bars, positive, losses):
                bar.set_hatch("xx" if np.isinf(loss) else "" if is_positive else "\\\\")
            if math.isfinite(mean):
                bar_axes.axhline(mean, color=plots.INK, linestyle="--", label="mean, the log loss")
                bar_axes.legend(loc="upper left")
            # Each bar's loss is written under it, beside its label: the mean's dashed line crosses no number.
            bar_axes.set_xticks(np.arange(len(y)), [f"{i + 1}\ny={label}\n{number_text(loss)}"
                                                    for i, (label, loss) in enumerate(zip(self._labels, losses))],
                                fontsize="x-small" if len(y) > 6 else "small")
            bar_axes.set(ylim=(0, top * 1.15), xlabel="example, its label and its loss (nats)", ylabel="loss (nats)",
                         title=f"log loss = mean of the bars = {number_text(mean)} nats")

            curve_top = max(5.0, top)
            q = np.linspace(math.exp(-curve_top), 1.0, 400)
            curve_axes.plot(q, -np.log(q), color=plots.INK, label="loss = −ln q")
            q_true = np.where(positive, y_prob, 1.0 - y_prob)
            shown = np.where(np.isinf(losses), curve_top, losses)
            curve_axes.scatter(q_true[positive], shown[positive], marker="o", color=plots.PALETTE["blue"], zorder=3,
                               label="y = 1: q = ŷ")
            curve_axes.scatter(q_true[~positive], shown[~positive], marker="s", s=90, facecolors="none",
                               edgecolors=plots.PALETTE["vermillion"], linewidths=1.8, zorder=4,
                               label="y = 0: q = 1 − ŷ")
            if np.isinf(losses).any():
                curve_axes.annotate("∞", (0.0, curve_top), xytext=(8, -4), textcoords="offset points", va="top")
            curve_axes.set(xlim=(0, 1.04), ylim=(0, curve_top * 1.05), xlabel="q, probability given to the true class",
                           ylabel="loss (nats)", title="Each example on the curve −ln q")
            curve_axes.legend(loc="upper right")
        _describe(bar_axes, "On the left, a bar per example, its loss in nats (positives plain, negatives hatched): "
                            + ", ".join(f"example {i + 1} (y = {label}) {number_text(loss)}"
                                        for i, (label, loss) in enumerate(zip(self._labels, losses)))
                            + f"; their mean, the log loss, is {number_text(mean)} nats (dashed line).")
        _describe(curve_axes, "On the right, the curve −ln q in nats against q, the probability given to the true class, "
                              "with each example on it (positives as circles, negatives as open squares).")
        return figure
