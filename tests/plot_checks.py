"""Checks every still figure's tests share (tests/test_plots_*.py): one place for each, so all hold to the same bar.

A plain module of functions, imported by the test modules
(``from plot_checks import ...``; pytest puts ``tests/`` on the path).
Each test module stays about one module of :mod:`bitsandnats.plots`; what is
the same for every figure function is written here once:

- with ``ax=None`` it builds a Figure of its own, outside pyplot's list of
  figures (:func:`own_figure`);
- given Axes of a 1x2 pyplot grid it draws into them what it draws alone,
  makes no figure and returns the Axes' figure (:func:`assert_draws_into_given_axes`);
- it refuses an ``ax`` that is not an Axes, or the wrong number of ``axes``,
  with a ValueError naming the argument, before drawing anything
  (:func:`assert_refuses_bad_axes`).

``draw`` is always a function of the keyword arguments ``ax=`` or ``axes=``
alone, for example ``lambda **where: plots.surprisal_curve(base=2, **where)``.
Every pyplot figure made here is closed again, so memory stays flat.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FixedLocator  # noqa: E402


@contextmanager
def pyplot_grid(ncols: int = 2):
    """A pyplot figure with ``ncols`` Axes side by side, closed on leaving."""
    figure, axes = plt.subplots(1, ncols)
    try:
        yield figure, axes
    finally:
        plt.close(figure)


def own_figure(draw) -> Figure:
    """``draw()`` with no Axes: a Figure of its own, which pyplot does not hold."""
    before = plt.get_fignums()
    figure = draw()
    assert isinstance(figure, Figure)
    assert plt.get_fignums() == before
    return figure


def _fixed_ticks(axis):
    """The ticks a figure chose itself (automatic ones depend on the size of the Axes)."""
    if not isinstance(axis.get_major_locator(), FixedLocator):
        return None
    return axis.get_majorticklocs().tolist(), [text.get_text() for text in axis.get_majorticklabels()]


def drawing(ax) -> dict:
    """What an Axes shows, in data coordinates: to compare two drawings of one figure."""
    legend = ax.get_legend()
    return {
        "lines": [line.get_xydata().tolist() for line in ax.lines],
        "collections": [
            (np.asarray(c.get_offsets()).tolist(), [path.vertices.tolist() for path in c.get_paths()])
            for c in ax.collections
        ],
        "patches": [p.get_bbox().bounds if isinstance(p, Rectangle) else type(p).__name__ for p in ax.patches],
        "hatches": [p.get_hatch() for p in ax.patches],
        "texts": [text.get_text() for text in ax.texts],
        "labels": (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()),
        "ticks": _fixed_ticks(ax.xaxis),
        "legend": None if legend is None else [text.get_text() for text in legend.get_texts()],
        "scales": (ax.get_xscale(), ax.get_yscale()),
        "limits": (ax.get_xlim(), ax.get_ylim()),
    }


def assert_draws_into_given_axes(draw, *, panels: int = 1) -> None:
    """Drawn into a 1x2 pyplot grid (``ax=`` its left Axes, or ``axes=`` both), as ``draw()`` draws alone.

    No figure is made, the figure returned is the Axes' own, every Axes
    drawn into has artists, and a one-panel figure leaves the other Axes empty.
    """
    alone = own_figure(draw)
    with pyplot_grid() as (figure, axes):
        before = plt.get_fignums()
        returned = draw(ax=axes[0]) if panels == 1 else draw(axes=axes)
        assert plt.get_fignums() == before, "a figure was made although Axes were given"
        assert returned is figure is axes[0].figure
        used = list(axes[:panels])
        for ax in used:
            assert ax.get_children() and (ax.has_data() or ax.texts)
        assert [drawing(ax) for ax in used] == [drawing(ax) for ax in alone.axes]
        if panels == 1:
            assert not axes[1].has_data() and not axes[1].texts
        # The Axes may also come as a tuple (unpacked from plt.subplots), for a two-panel figure.
        if panels == 2:
            with pyplot_grid() as (other, (left, right)):
                assert draw(axes=(left, right)) is other


def assert_refuses_bad_axes(draw, *, panels: int = 1) -> None:
    """An ``ax`` that is not an Axes, or not ``panels`` Axes of one figure, is a ValueError naming it.

    Nothing is drawn and no figure is made.
    """
    with pyplot_grid(3) as (figure, axes), pyplot_grid() as (elsewhere, far):
        before = plt.get_fignums()
        if panels == 1:
            for bad in ("left", 3, figure, axes, [axes[0]]):
                with pytest.raises(ValueError, match=r"^ax must be a matplotlib Axes or None, got "):
                    draw(ax=bad)
        else:
            for bad in (axes[0], "left", axes, [axes[0]], (axes[0], "right"), [axes[0], far[1]]):
                with pytest.raises(ValueError, match=rf"^axes must be a sequence of {panels} matplotlib Axes"):
                    draw(axes=bad)
        assert plt.get_fignums() == before
        assert not any(ax.has_data() or ax.texts for ax in [*axes, *far])


# --- access: alt text and units, for every still figure ---------------------------------------------

import math as _math  # noqa: E402
import re as _re  # noqa: E402

_UNIT_WORDS = {"bit": "bits", "bits": "bits", "nat": "nats", "nats": "nats", "hartley": "hartleys",
               "hartleys": "hartleys"}


def figure_texts(figure) -> list[str]:
    """Every text a reader sees on a figure: titles, axis labels, legend entries and titles, annotations."""
    texts = []
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None:
        texts.append(suptitle.get_text())
    for ax in figure.get_axes():
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [ax.get_xlabel(), ax.get_ylabel()]
        texts += [text.get_text() for text in ax.texts]
        texts += [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [text.get_text() for text in legend.get_texts()] + [legend.get_title().get_text()]
    texts += [text.get_text() for text in figure.texts]
    return [text for text in texts if text]


def units_named(texts) -> set[str]:
    """The units (bits, nats, hartleys) that some text names."""
    words = _re.findall(r"[A-Za-z]+", " ".join(texts))
    return {_UNIT_WORDS[word.lower()] for word in words if word.lower() in _UNIT_WORDS}


def assert_accessible(figure) -> str:
    """A figure names at most one unit, and its alt text is a real description naming that unit.

    Returns the alt text.
    """
    from bitsandnats import plots

    shown = units_named(figure_texts(figure))
    assert len(shown) <= 1, f"the figure mixes units: {sorted(shown)} in {figure_texts(figure)}"
    alt = plots.alt_text(figure)
    assert len(alt) >= 60 and "$" not in alt, alt
    for ax in figure.get_axes():
        assert getattr(ax, "_bitsandnats_alt", None), f"a panel without its own description: {ax.get_title()!r}"
    named = units_named([alt])
    if shown:
        assert named == shown, f"the alt text names {sorted(named)}, the figure {sorted(shown)}: {alt}"
    else:
        assert not named and ("no unit" in alt or "probabilit" in alt), alt
    return alt


def text_boxes(figure, texts):
    """The window extents of some texts on a drawn figure (empty texts left out)."""
    renderer = figure.canvas.get_renderer()
    return [text.get_window_extent(renderer) for text in texts if text.get_text() and text.get_visible()]


def overlapping(boxes) -> list[tuple[int, int]]:
    """The pairs of boxes that overlap (by more than half a pixel)."""
    pairs = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
                pairs.append((i, j))
    return pairs


# Every still figure, drawn with the inputs its notebook gives it.
COLOURS = ["red", "green", "blue"]
P_COLOURS, Q_COLOURS = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
Y_04 = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_HAT_04 = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
TEACHER, STUDENT, CLASSES = [6.0, 3.5, 3.0, -1.0, -2.0], [2.0, 0.5, 1.5, 0.5, -0.5], ["cat", "dog", "fox", "car", "truck"]


def _learning():
    epochs = np.arange(30)
    ce = {"epoch": epochs, "log_loss": 0.7 * np.exp(-epochs / 8) + 0.1, "accuracy": 1 - 0.5 * np.exp(-epochs / 5)}
    se = {"epoch": epochs, "log_loss": 0.7 * np.exp(-epochs / 20) + 0.2, "accuracy": 1 - 0.5 * np.exp(-epochs / 12)}
    return ce, se


def _gradients():
    import bitsandnats as bn

    teacher, student = np.array(TEACHER), np.array(STUDENT)
    temperatures = np.arange(1, 11)
    soft = np.array([np.linalg.norm(bn.measures.soft_target_gradient(student, teacher, temperature=t))
                     for t in temperatures])
    hard = float(np.linalg.norm(bn.softmax(student) - np.eye(5)[0]))
    centred = (student - student.mean()) - (teacher - teacher.mean())
    return temperatures, soft, hard, float(np.linalg.norm(centred) / 5)


def _bridge():
    import bitsandnats as bn

    widths = [1, 0.5, 0.1, 0.01]
    binned = [bn.entropy(bn.measures.binned_normal(1.0, w), base=_math.e) for w in widths]
    return widths, binned, bn.differential_entropy_normal(1.0)


def _running():
    import bitsandnats as bn

    tosses = np.random.default_rng(2025).choice(2, size=10_000, p=[0.8, 0.2])
    return bn.measures.average_surprisal(tosses, [0.8, 0.2], running=True), bn.entropy([0.8, 0.2])


def _sampled():
    import bitsandnats as bn
    import bitsandnats.sampling

    sample = bitsandnats.sampling.draw(P_COLOURS, 10_000, seed=10)
    running, errors = bitsandnats.sampling.sample_cross_entropy(sample, Q_COLOURS, running=True, error=True)
    return running, bn.cross_entropy(P_COLOURS, Q_COLOURS), errors


def still_figures() -> dict:
    """Every still figure function of the package (plots.joint's and plots.fitting's aside), as notebooks call it."""
    import bitsandnats as bn
    from bitsandnats import plots
    from bitsandnats.plots import calibration as calibration_plots
    from bitsandnats.plots import sampling as sampling_plots

    q = np.geomspace(1e-20, 1, 41)
    return {
        "distributions": lambda: plots.distributions(P_COLOURS, Q_COLOURS, COLOURS, title="The world P and the belief Q"),
        "distributions (weather)": lambda: plots.distributions([0.5, 0.25, 0.25], [0.125, 0.125, 0.75],
                                                                ["sun", "cloud", "rain"]),
        "contributions": lambda: plots.contributions(P_COLOURS, Q_COLOURS, COLOURS),
        "contributions (nats, presentation)": lambda: plots.contributions(P_COLOURS, Q_COLOURS, COLOURS, base=_math.e,
                                                                          presentation=True),
        "convergence": lambda: plots.convergence([100, 1000, 10000], [_math.inf, 0.48, 0.444], 0.4431,
                                                 title="Binned KL(P‖Q) for P = N(0, 1²), Q = N(1, 2²)"),
        "surprisal_curve": lambda: plots.surprisal_curve(marked=(1.0, 0.5, 0.25, 0.1, 0.01)),
        "entropy_share_curve": lambda: plots.entropy_share_curve(marked=(0.01, 0.1, 0.9)),
        "surprise_running_average": lambda: plots.surprise_running_average(*_running(), marked=(10, 100, 10_000)),
        "binary_entropy_curve": lambda: plots.binary_entropy_curve(marked=(0.5, 0.8)),
        "log_loss_curve": lambda: plots.log_loss_curve(Y_04, Y_HAT_04),
        "clipping_comparison": lambda: plots.clipping_comparison(q, {"exact": -np.log(q),
                                                                     "clipped at 1e-7": -np.log(np.maximum(q, 1e-7))}),
        "learning_curves": lambda: plots.learning_curves(*_learning()),
        "logit_gradients": lambda: plots.logit_gradients(),
        "soft_targets": lambda: plots.soft_targets(TEACHER, [1, 2, 4, 8], CLASSES, title="The teacher's soft targets"),
        "gradient_scaling": lambda: (lambda t, s, h, lim: plots.gradient_scaling(t, s, hard_norm=h, limit=lim))(*_gradients()),
        "normal_densities": lambda: plots.normal_densities([0.1, 0.25, 0.5, 1.0, 2.0]),
        "binned_entropy_bridge": lambda: plots.binned_entropy_bridge(*_bridge()),
        "code_lengths": lambda: plots.code_lengths([1, 2, 3], {"Huffman code for P": [1.5, 1.41, 1.39]},
                                                   expected={"Huffman code for P": [1.5, 1.405, 1.385]},
                                                   references={"H(P)": bn.entropy(P_COLOURS)}),
        "running_estimate": lambda: sampling_plots.running_estimate(*_sampled()),
        "spread_against_size": lambda: sampling_plots.spread_against_size([10, 100, 1000], [0.47, 0.15, 0.047], 1.49),
        "reliability_diagram": lambda: calibration_plots.reliability_diagram(
            [0, 1, 1, 0, 1, 0, 1, 1], {"T = 1": [0.9, 0.8, 0.6, 0.3, 0.95, 0.2, 0.55, 0.7]}, n_bins=5),
    }


def explorer_figures() -> dict:
    """Every explorer's still figure (the PNG GitHub shows), as the notebooks build the explorers."""
    from bitsandnats import explorers as ex
    from bitsandnats.explorers.joint import JointExplorer
    from bitsandnats.explorers.predict import Prediction
    from bitsandnats.explorers.sampling import SamplingExplorer

    return {
        "DistributionExplorer": lambda: ex.DistributionExplorer(P_COLOURS, Q_COLOURS, COLOURS),
        "EntropyAgreementExplorer": lambda: ex.EntropyAgreementExplorer(P_COLOURS, Q_COLOURS, COLOURS),
        "CoinExplorer": lambda: ex.CoinExplorer(0.8, draws=100),
        "LogLossExplorer": lambda: ex.LogLossExplorer(Y_04, Y_HAT_04),
        "LossAgreementExplorer": lambda: ex.LossAgreementExplorer(1, 0.8),
        "TemperatureExplorer": lambda: ex.TemperatureExplorer(TEACHER, STUDENT, CLASSES, label=0, temperature=4, alpha=0.7),
        "BinningExplorer": lambda: ex.BinningExplorer(sigma=1.0, width=1.0),
        "SamplingExplorer": lambda: SamplingExplorer(P_COLOURS, Q_COLOURS, COLOURS, size=1000, seed=10),
        "JointExplorer": lambda: JointExplorer(),
        "Prediction": lambda: Prediction("Which is larger, H(P) or H(P, Q), in bits?", "choice", "H(P, Q)", "Gibbs.",
                                         options=["H(P)", "H(P, Q)"]),
    }
