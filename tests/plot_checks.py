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
