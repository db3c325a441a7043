"""The temperature explorer (notebook 06): distillation's soft targets and loss as T and α move.

Also home of :class:`Ladder`, the fixed list of values a control can stand
on, which the binning explorer uses too.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import traitlets

from .. import measures, plots
from ..notation import number_text
from ..plots._style import _describe
from ._ladders import LadderExplorer
from .grid import Ladder

__all__ = ["TemperatureExplorer", "TEMPERATURES", "ALPHAS"]

#: How many classes a temperature explorer needs at least.
MIN_CLASSES = 2




#: The temperatures T: 0.5 to 10 in steps of 0.1; the count is the number of tenths.
TEMPERATURES = Ladder.steps("T", first=5, last=100, per=10, decimals=1, what="from 0.5 to 10 in steps of 0.1")
#: The weights α of the soft term: 0 to 1 in steps of 0.05; the count is the number of twentieths.
ALPHAS = Ladder.steps("α", first=0, last=20, per=20, decimals=2, what="from 0 to 1 in steps of 0.05")


def _checked_logits(values, name: str) -> list[float]:
    """Finite logits, one per class, as a new list; a ValueError naming ``name`` otherwise."""
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be one logit (a number) per class, got {values!r}")
    try:
        logits = np.array(values, dtype=float)  # a copy: the caller's array can change, the explorer's cannot
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be one logit (a number) per class, got {values!r}") from None
    if logits.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, one logit per class, got shape {logits.shape}")
    if not np.isfinite(logits).all():
        raise ValueError(f"{name} must be finite numbers, got {logits.tolist()}")
    # At the lowest temperature the logits are doubled: that must stay a float.
    with np.errstate(over="ignore"):
        doubled = logits / TEMPERATURES.values[0]
    if not np.isfinite(doubled).all():
        raise ValueError(f"{name} must stay finite when divided by T = {TEMPERATURES.texts[0]}, got {logits.tolist()}")
    return logits.tolist()


def _checked_classes(classes, n_logits: int) -> list[str]:
    if isinstance(classes, str):
        raise ValueError(f"classes must be a list of class names, got the single string {classes!r}")
    try:
        names = list(classes)
    except TypeError:
        raise ValueError(f"classes must be a list of class names, got {classes!r}") from None
    if len(names) < MIN_CLASSES:
        raise ValueError(f"classes must name at least {MIN_CLASSES} classes, got {len(names)}")
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"classes must be non-empty names, got {name!r}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"classes must be different names, but {', '.join(map(repr, duplicates))} "
                         f"appears more than once")
    if len(names) != n_logits:
        raise ValueError(f"classes must name each logit: {len(names)} classes for {n_logits} logits")
    return names


def _checked_label(label, n_classes: int) -> int:
    if isinstance(label, bool) or not isinstance(label, numbers.Integral) or not 0 <= label < n_classes:
        raise ValueError(f"label must be a class index, a whole number from 0 to {n_classes - 1}, got {label!r}")
    return int(label)


class TemperatureExplorer(LadderExplorer):
    r"""Distillation at a temperature you choose: the soft targets, the student, and the loss, in nats.

    The control ``T`` divides both sets of logits by T before the softmax.
    The left chart shows, per class, the teacher's soft targets
    :math:`p_T = \mathrm{softmax}(v/T)` (plain) beside the student's
    :math:`q_T = \mathrm{softmax}(z/T)` (hatched), flattening towards the
    uniform level as T grows.  The right chart shows the distillation loss
    (:func:`bitsandnats.measures.distillation_loss`) and its two terms
    against T: the soft term :math:`\alpha T^2\,\mathrm{KL}(p_T \| q_T)` and
    the hard term :math:`(1-\alpha)\,H(y, q)` with :math:`q = \mathrm{softmax}(z)`,
    which does not depend on T; the current T is marked.  The control ``α``
    sets the weight of the soft term.

    T takes the values 0.5 to 10 in steps of 0.1 and α the values 0 to 1 in
    steps of 0.05 (:data:`TEMPERATURES`, :data:`ALPHAS`); what a control
    shows is the number the readouts are computed with.  Every readout is
    in nats, the entropy of the soft targets H(p_T) too.

    Parameters
    ----------
    teacher_logits, student_logits : array_like
        One finite logit per class (copied).
    classes : sequence of str
        One distinct name per class, at least two.
    label : int, keyword-only
        The true class, an index into ``classes``; 0 by default.
    temperature : float, keyword-only
        The starting T, 0.5 to 10 in steps of 0.1; 4 by default.
    alpha : float, keyword-only
        The starting α, 0 to 1 in steps of 0.05; 0.7 by default.
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = TemperatureExplorer([6.0, 3.5, 3.0, -1.0, -2.0], [2.0, 0.5, 1.5, 0.5, -0.5],
    ...                                ["cat", "dog", "fox", "car", "truck"])
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'KL(p_T||q_T)': 0.1242, 'soft term': 1.3907, 'hard term': 0.2275, 'loss': 1.6182, 'H(p_T)': 1.3856}
    >>> explorer.set(T=1, α=0.5)
    >>> round(explorer.readouts()["loss"], 4), explorer.sliders["T"].value
    (0.6018, 1.0)
    >>> explorer.close()
    """

    title = "Temperature explorer"
    _module = "temperature"

    classes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    teacher_logits = traitlets.List(traitlets.Float()).tag(sync=True)
    student_logits = traitlets.List(traitlets.Float()).tag(sync=True)
    label = traitlets.Int(0).tag(sync=True)
    #: T as a whole number of tenths (T = 4 is 40).
    temperature_tenths = traitlets.Int(40).tag(sync=True)
    #: α as a whole number of twentieths (α = 0.7 is 14).
    alpha_twentieths = traitlets.Int(14).tag(sync=True)

    _CONTROLS = {"T": ("temperature_tenths", TEMPERATURES), "α": ("alpha_twentieths", ALPHAS)}

    def __init__(self, teacher_logits, student_logits, classes, *, label: int = 0, temperature: float = 4.0,
                 alpha: float = 0.7, presentation: bool = False):
        teacher = _checked_logits(teacher_logits, "teacher_logits")
        student = _checked_logits(student_logits, "student_logits")
        if len(teacher) != len(student):
            raise ValueError(f"teacher_logits and student_logits must have one logit per class, got "
                             f"{len(teacher)} and {len(student)}")
        names = _checked_classes(classes, len(teacher))
        super().__init__(presentation=presentation, classes=names, teacher_logits=teacher, student_logits=student,
                         label=_checked_label(label, len(names)),
                         temperature_tenths=TEMPERATURES.count_of(temperature, "temperature"),
                         alpha_twentieths=ALPHAS.count_of(alpha, "alpha"))

    # -- controls and moves -----------------------------------------------------------

    def _check_state(self) -> None:
        teacher = _checked_logits(self.teacher_logits, "teacher_logits")
        student = _checked_logits(self.student_logits, "student_logits")
        if len(teacher) != len(student):
            raise ValueError("teacher_logits and student_logits must have one logit per class")
        _checked_label(self.label, len(_checked_classes(self.classes, len(teacher))))
        super()._check_state()

    # -- what is shown ---------------------------------------------------------------------------

    @property
    def temperature(self) -> float:
        """T as the control shows it."""
        return self.value_of("T")

    @property
    def alpha(self) -> float:
        """α as the control shows it."""
        return self.value_of("α")

    def soft_targets(self) -> tuple[np.ndarray, np.ndarray]:
        """The teacher's soft targets p_T and the student's q_T at the current T, one probability per class."""
        return (measures.softmax(self.teacher_logits, temperature=self.temperature),
                measures.softmax(self.student_logits, temperature=self.temperature))

    def _loss(self, temperature: float, alpha: float) -> float:
        return measures.distillation_loss(self.label, self.student_logits, self.teacher_logits,
                                          temperature=temperature, alpha=alpha)

    def readouts(self) -> dict[str, float]:
        """The numbers shown, all in nats.

        ``"KL(p_T||q_T)"`` the divergence of the student's softened
        distribution from the soft targets; ``"soft term"`` α T² times it;
        ``"hard term"`` (1 − α) H(y, q), the cross-entropy with the label at
        T = 1; ``"loss"`` their sum, the distillation loss; ``"H(p_T)"`` the
        entropy of the soft targets.
        """
        temperature, alpha = self.temperature, self.alpha
        p_t, q_t = self.soft_targets()
        return {
            "KL(p_T||q_T)": measures.kl_divergence(p_t, q_t, base=math.e),
            "soft term": alpha * self._loss(temperature, 1.0),
            "hard term": (1.0 - alpha) * self._loss(1.0, 0.0),
            "loss": self._loss(temperature, alpha),
            "H(p_T)": measures.entropy(p_t, base=math.e),
        }

    def _summary_rows(self) -> list[tuple[str, str]]:
        values = self.readouts()
        entropy_bits = measures.entropy(self.soft_targets()[0], base=2)
        return [
            ("T", TEMPERATURES.text(self.temperature_tenths)),
            ("α", ALPHAS.text(self.alpha_twentieths)),
            ("KL(p_T ‖ q_T)", f"{number_text(values['KL(p_T||q_T)'], 4)} nats"),
            ("soft term α T² KL", f"{number_text(values['soft term'], 4)} nats"),
            ("hard term (1 − α) H(y, q)", f"{number_text(values['hard term'], 4)} nats"),
            ("distillation loss L", f"{number_text(values['loss'], 4)} nats"),
            ("entropy of the soft targets H(p_T)", f"{number_text(values['H(p_T)'], 4)} nats "
                                                   f"(the same amount as {number_text(entropy_bits, 3)} bits)"),
        ]

    def still_figure(self):
        """The soft targets at T (left) and the loss and its terms against T (right), in nats, as a Figure."""
        temperature, alpha = self.temperature, self.alpha
        p_t, q_t = self.soft_targets()
        values = self.readouts()
        grid = np.array(TEMPERATURES.values)
        soft = np.array([alpha * self._loss(t, 1.0) for t in grid])
        hard = np.full_like(soft, values["hard term"])
        total = np.array([self._loss(t, alpha) for t in grid])
        presentation = self.presentation
        figure, (bars, curves) = plots.new_figure(ncols=2, size=(14.0, 5.6) if presentation else (10.0, 3.8),
                                                  presentation=presentation)
        positions = np.arange(len(self.classes))
        with plots.style(presentation=presentation):
            bars.bar(positions - 0.2, p_t, 0.4, color=plots.P_STYLE["color"], edgecolor=plots.INK, linewidth=0.6,
                     label="teacher's soft targets $p_T$")
            bars.bar(positions + 0.2, q_t, 0.4, color=plots.Q_STYLE["color"], hatch=plots.Q_STYLE["hatch"],
                     edgecolor=plots.INK, linewidth=0.6, label="student $q_T$ (hatched)")
            bars.axhline(1 / len(self.classes), color=plots.PALETTE["grey"], linestyle="--", linewidth=1.0,
                         label="uniform")
            bars.set_xticks(positions, [f"{name} (label)" if i == self.label else name
                                        for i, name in enumerate(self.classes)])
            bars.set_ylim(0, 1)
            bars.set_ylabel("probability")
            bars.set_title(f"T = {TEMPERATURES.text(self.temperature_tenths)}: "
                           rf"$H(p_T)$ = {number_text(values['H(p_T)'], 3)} nats")
            bars.legend(loc="upper right")

            curves.plot(grid, total, color=plots.PALETTE["blue"], linewidth=2.2, label="loss L")
            curves.plot(grid, soft, color=plots.PALETTE["orange"], linestyle="--", linewidth=2.0,
                        label=r"soft term $\alpha T^2\,\mathrm{KL}(p_T \,\|\, q_T)$")
            curves.plot(grid, hard, color=plots.PALETTE["green"], linestyle=":", linewidth=2.4,
                        label=r"hard term $(1-\alpha)\,H(y, q)$")
            curves.axvline(temperature, color=plots.PALETTE["grey"], linewidth=1.0)
            curves.plot([temperature] * 3, [values["soft term"], values["hard term"], values["loss"]],
                        linestyle="none", marker="o", color=plots.INK, zorder=3)
            curves.set_xlim(grid[0], grid[-1])
            curves.set_ylim(0, None)
            curves.set_xlabel("temperature T")
            curves.set_ylabel("loss (nats)")
            curves.set_title(f"α = {ALPHAS.text(self.alpha_twentieths)}, at T = "
                             f"{TEMPERATURES.text(self.temperature_tenths)}: L = {number_text(values['loss'], 4)} nats")
            # Under the panel: the curves' shape depends on the logits, and no curve may run through it.
            curves.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=3, fontsize="small")
        _describe(bars, f"On the left, grouped bars of the teacher's soft targets p_T (plain) and the student's q_T (hatched) "
                        f"at T = {TEMPERATURES.text(self.temperature_tenths)}, one probability per class: "
                        + ", ".join(f"{name} {number_text(a, 3)} and {number_text(b, 3)}"
                                    for name, a, b in zip(self.classes, p_t, q_t))
                        + f"; the soft targets' entropy H(p_T) is {number_text(values['H(p_T)'], 3)} nats.")
        _describe(curves, f"On the right, the distillation loss L in nats against the temperature T, with its soft term "
                          f"α T² KL(p_T ‖ q_T) (dashed) and hard term (1 − α) H(y, q) (dotted), for α = "
                          f"{ALPHAS.text(self.alpha_twentieths)}; at T = {TEMPERATURES.text(self.temperature_tenths)} "
                          f"the soft term is {number_text(values['soft term'], 4)}, the hard term "
                          f"{number_text(values['hard term'], 4)} and L = {number_text(values['loss'], 4)} nats.")
        return figure
