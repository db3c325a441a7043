"""The loss-agreement explorer (notebook 04): one prediction's loss from this package, scikit-learn and Keras."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache

import numpy as np
import traitlets

from .. import measures, plots
from . import grid
from ..notation import number_text
from ..plots._style import _describe
from ._base import Control, Explorer
from .logloss import label_of

__all__ = ["LossAgreementExplorer", "KERAS_EPSILON"]

#: Keras's clipping: predictions are kept within [1e-7, 1 − 1e-7].
KERAS_EPSILON = 1e-7
#: Decimals of the losses shown, enough to show float32's rounding (about the eighth).
DECIMALS = 10


@lru_cache(maxsize=1)
def _keras():
    """Keras, imported on first use (the backend must be chosen before the import: JAX unless one was)."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    return keras


@lru_cache(maxsize=4096)
def _library_losses(label: int, count: int) -> tuple[float, float]:
    """scikit-learn's and Keras's loss (nats) for one example with this label and ŷ = count / 1000.

    Both libraries check their input at length, and a control comes back to
    the same positions again and again, so their answers are kept.
    """
    from sklearn.metrics import log_loss as sklearn_log_loss

    prediction = count / grid.STEPS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns about a prediction of exactly 0 or 1: that is the point
        sklearn_value = float(sklearn_log_loss([label], [prediction], labels=[0, 1]))
    keras_value = float(_keras().losses.binary_crossentropy(np.array([float(label)]), np.array([prediction])))
    return sklearn_value, keras_value


def _explain(label: int, prediction: float, exact: float, sklearn_value: float, keras_value: float) -> list[str]:
    """Why the four losses differ (or agree) for this example, in words."""
    notes = []
    certain = prediction in (0.0, 1.0)
    if certain and prediction != label:
        notes.append(
            f"⚠ ŷ = {prediction:g} for a label {label}: certain and wrong. The exact loss is −ln 0 = ∞. "
            "scikit-learn clips predictions to [ε, 1 − ε] with ε = 2.2e-16, the float64 machine epsilon, so it "
            "reports −ln ε = 36.04 nats; Keras clips to [1e-7, 1 − 1e-7], so it reports −ln 1e-7 = 16.12 nats"
            + (", or 15.94 nats here, because float32 rounds 1 − 1e-7 to 1 − 2⁻²³ and −ln 2⁻²³ = 15.94"
               if prediction == 1.0 else "")
            + ". The clipping keeps training going; the exact value says how bad the prediction is.")
    elif certain:
        notes.append(
            f"ŷ = {prediction:g} for a label {label}: certain and right, so the exact loss is 0. Keras clips the "
            "prediction 1e-7 away from certainty and charges about 1e-7 nats for it; scikit-learn's clip at "
            "2.2e-16 costs about 2.2e-16 nats.")
    else:
        gap = abs(keras_value - exact)
        notes.append(
            f"Keras computes in float32, about 7 significant digits: here it differs from the float64 result by "
            f"{gap:.1e} nats, far too little to matter for training. scikit-learn and bitsandnats both use float64"
            + (" and agree exactly." if sklearn_value == exact else
               f" and differ by {abs(sklearn_value - exact):.1e} nats, rounding in the last digits."))
    return notes


class LossAgreementExplorer(Explorer):
    """One prediction pushed towards 0 or 1: its loss from this package, scikit-learn and Keras.

    A single example with label ``y`` (a toggle) and predicted probability
    ``ŷ`` of class 1 (a control on the grid of 0.001).  Its loss, in nats,
    four ways: exactly (:func:`bitsandnats.binary_cross_entropy`), clipped
    like Keras (:func:`bitsandnats.log_loss` with ``eps=1e-7``), with
    ``sklearn.metrics.log_loss`` and with ``keras.losses.binary_crossentropy``;
    the notes explain each difference as it appears: Keras's float32
    arithmetic (about 1e-8 nats on an ordinary prediction), and the clipping
    of a prediction at exactly 0 or 1.  There the exact loss is ∞,
    scikit-learn's is capped at 36.04 nats and Keras's at 16.12 nats (15.94
    for a prediction of exactly 1).

    The first two are computed in the page too, so they follow every move
    even on a static page; the libraries' numbers and the notes come from
    the kernel (the trait ``computed``, tagged with the state they belong
    to), and without one the page says so instead of showing numbers that
    belong to another state.  Keras is imported on first use, with
    ``KERAS_BACKEND=jax`` unless a backend was chosen before.

    Parameters
    ----------
    label : int
        Starting label, 1 (default) or 0.
    prediction : float
        Starting predicted probability of class 1, on the grid of 0.001; 0.8 by default.
    presentation : bool, keyword-only
        Large type, for a projector.

    Examples
    --------
    >>> explorer = LossAgreementExplorer(1, 0.8)
    >>> explorer.set({"ŷ": 0.0})
    >>> {name: round(value, 2) for name, value in explorer.readouts().items()}
    {'loss': inf, 'loss, eps=1e-7': 16.12, 'loss, scikit-learn': 36.04, 'loss, Keras': 16.12}
    >>> explorer.close()
    """

    title = "Three libraries"
    _module = "loss_agreement"

    #: The example's label, 0 or 1.
    label = traitlets.Int(1).tag(sync=True)
    #: ŷ, the predicted probability of class 1, in whole thousandths.
    prediction = traitlets.Int().tag(sync=True)
    #: What "reset" returns to: {"label": ..., "prediction": ...}.
    start = traitlets.Dict().tag(sync=True)
    #: The libraries' numbers for one state: {"for": state key, "rows": [[key, label, text], ...], "notes": [...]}.
    computed = traitlets.Dict().tag(sync=True)

    def __init__(self, label: int = 1, prediction: float = 0.8, *, presentation: bool = False):
        label = label_of(label, "label")
        count = grid.count_of(prediction, "prediction")
        super().__init__(presentation=presentation, label=label, prediction=count,
                         start={"label": label, "prediction": count})
        self._update_computed()
        self.observe(self._update_computed, names=["label", "prediction"])

    # -- controls and moves -----------------------------------------------------------

    def controls(self) -> dict[str, Control]:
        return {"y": Control(self, "y", options=(0, 1)),
                "ŷ": Control(self, "ŷ", minimum=0.0, maximum=1.0, step=grid.STEP)}

    def value_of(self, name: str):
        return self.label if name == "y" else self.prediction / grid.STEPS

    def _moved(self, moves: dict) -> dict:
        state = {"label": self.label, "prediction": self.prediction}
        for name, value in moves.items():
            if name == "y":
                state["label"] = label_of(value, name)
            else:
                state["prediction"] = grid.count_of(value, name)
        return state

    def _check_state(self) -> None:
        if self.label not in (0, 1):
            raise ValueError(f"label must be 0 or 1, got {self.label}")
        if not 0 <= self.prediction <= grid.STEPS:
            raise ValueError(f"prediction must be whole thousandths from 0 to {grid.STEPS}, got {self.prediction}")

    def reset(self) -> None:
        """Back to the starting label and prediction."""
        self._apply(dict(self.start))

    # -- what is shown ---------------------------------------------------------------------

    @property
    def state_key(self) -> str:
        """The state the libraries' numbers belong to, as the browser writes it: "<label>:<thousandths>"."""
        return f"{self.label}:{self.prediction}"

    def readouts(self) -> dict[str, float]:
        """The example's loss in nats: exact, clipped at 1e-7, scikit-learn's and Keras's."""
        prediction = self.prediction / grid.STEPS
        sklearn_value, keras_value = _library_losses(self.label, self.prediction)
        return {
            "loss": float(measures.binary_cross_entropy(self.label, prediction)),
            "loss, eps=1e-7": measures.log_loss([self.label], [prediction], eps=KERAS_EPSILON),
            "loss, scikit-learn": sklearn_value,
            "loss, Keras": keras_value,
        }

    _LABELS = {
        "loss": "bitsandnats, exact",
        "loss, eps=1e-7": "bitsandnats, clipped like Keras (eps=1e-7)",
        "loss, scikit-learn": "scikit-learn (float64)",
        "loss, Keras": "Keras (float32)",
    }

    def _summary_rows(self) -> list[tuple[str, str]]:
        rows = [("example", f"y = {self.label}, ŷ = {self.prediction / grid.STEPS:.3f}")]
        rows += [(self._LABELS[key], f"{number_text(value, DECIMALS)} nats") for key, value in self.readouts().items()]
        return rows

    def _update_computed(self, _change=None) -> None:
        """Answer the state on screen with the libraries' numbers and the notes (the trait ``computed``)."""
        try:
            self._check_state()
        except ValueError:
            return  # a state from the browser about to be refused: set_state puts the last good one back
        values = self.readouts()
        rows = [[key, self._LABELS[key], f"{number_text(values[key], DECIMALS)} nats"]
                for key in ("loss, scikit-learn", "loss, Keras")]
        notes = _explain(self.label, self.prediction / grid.STEPS, values["loss"], values["loss, scikit-learn"],
                         values["loss, Keras"])
        self.computed = {"for": self.state_key, "rows": rows, "notes": notes}

    def still_figure(self):
        """The four losses as bars, each with its value; an infinite one cross-hatched to the top and marked ∞."""
        values = self.readouts()
        labels = [self._LABELS[key] for key in values]
        losses = np.array(list(values.values()))
        finite = losses[np.isfinite(losses)]
        # Room right of the longest finite bar for its value; an infinite bar runs to the edge.
        right = max(0.5, float(finite.max(initial=0.0))) * 1.9
        figure, axes = plots.new_figure(size=(8.0, 2.8), presentation=self.presentation)
        with plots.style(presentation=self.presentation):
            bars = axes.barh(np.arange(4)[::-1], np.where(np.isinf(losses), right, losses), 0.6,
                             color=plots.PALETTE["blue"], edgecolor=plots.INK, linewidth=0.6)
            for bar, loss in zip(bars, losses):
                if np.isinf(loss):
                    bar.set_hatch("xx")
                # On an infinite bar the value sits on a small white card, in dark text, over the hatching.
                card = {"bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1.5},
                        "color": "#222222"} if np.isinf(loss) else {}
                axes.annotate(f"{number_text(loss, DECIMALS)} nats",
                              (right * 0.5 if np.isinf(loss) else loss, bar.get_y() + bar.get_height() / 2),
                              xytext=(4, 0), textcoords="offset points", va="center", **card)
            axes.set_yticks(np.arange(4)[::-1], labels)
            axes.set(xlim=(0, right), xlabel="loss (nats)",
                     title=f"y = {self.label}, ŷ = {self.prediction / grid.STEPS:.3f}: one loss, four ways")
            axes.grid(axis="x", alpha=0.3)
        _describe(axes, f"Horizontal bars of one loss in nats for y = {self.label}, ŷ = "
                        f"{self.prediction / grid.STEPS:.3f}, computed four ways: "
                        + "; ".join(f"{label}: {number_text(loss, DECIMALS)} nats" for label, loss in zip(labels, losses))
                        + ".")
        return figure
