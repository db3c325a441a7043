"""Pictures of calibration (notebook 13): the reliability diagram, before and after temperature scaling.

Each function draws into its own new figure (``ax=None``) or into the Axes
it is given, and returns the figure.  Every number on it is computed by
:mod:`bitsandnats.calibration`.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .. import calibration
from ..notation import number_text
from ..validation import as_float_array
from ._style import _SERIES_LOOKS, PALETTE, _check_series_count, _describe, _figure_and_axes, style

__all__ = ["reliability_diagram"]

_MARKERS = ("o", "s", "^", "D", "v")
# Where each series writes its counts, in points from its marker: one above, one below, ...
_COUNT_OFFSETS = ((-6, 7), (6, -13), (-6, -13), (6, 7), (9, -3))


def reliability_diagram(y_true, predictions, *, n_bins: int = 10, presentation: bool = False, ax=None) -> Figure:
    """Accuracy against confidence, bin by bin, beside the diagonal of a calibrated model.

    For each set of predictions, a marker per non-empty bin of confidence sits
    at (mean confidence, accuracy) of the predictions in it
    (:func:`bitsandnats.calibration.reliability`), and the number beside it
    counts them.  A calibrated model's markers lie on the dashed diagonal; a
    marker below it is over-confident (right less often than it claims), one
    above it under-confident.  The legend gives each set's expected
    calibration error (a probability, no unit).

    Parameters
    ----------
    y_true : array_like
        Integer class labels, shape (n,).
    predictions : dict
        A name (shown in the legend) for each array of predicted probabilities
        for ``y_true``: rows of shape (n, k), whose top class is the
        prediction, or for a binary model the probabilities of class 1, shape
        (n,); one to five sets, all of the same kind.
    n_bins : int, keyword-only
        How many equal bins of confidence.
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
    >>> y = [0, 1, 1, 0]
    >>> probs = [[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.8, 0.2]]
    >>> fig = reliability_diagram(y, {"model": probs}, n_bins=5)
    >>> fig.axes[0].lines[1].get_xydata().round(2).tolist()
    [[0.6, 0.0], [0.75, 1.0], [0.9, 1.0]]
    >>> [text.get_text() for text in fig.axes[0].texts]
    ['1', '2', '1']
    """
    if not isinstance(predictions, dict):
        raise ValueError(f"predictions must be a dict of name: probabilities, got {type(predictions).__name__}")
    _check_series_count(len(predictions), "predictions")
    dimensions = {as_float_array(probs, f"predictions[{name!r}]").ndim for name, probs in predictions.items()}
    if len(dimensions) > 1:
        raise ValueError("predictions must all be rows of class probabilities (n, k) or all binary probabilities (n,), not a mix")
    binary = dimensions == {1}
    # Every number first, so that bad input is refused before anything is drawn.
    results = {
        name: (calibration.reliability(y_true, probs, n_bins),
               calibration.expected_calibration_error(y_true, probs, n_bins))
        for name, probs in predictions.items()
    }
    figure, ax = _figure_and_axes(ax, size=(5.8, 5.2), presentation=presentation)
    with style(presentation=presentation):
        ax.plot([0, 1], [0, 1], color=PALETTE["grey"], linestyle="--", linewidth=1.2, label="calibrated: accuracy = confidence")
        for index, (name, (bins, ece)) in enumerate(results.items()):
            look = _SERIES_LOOKS[index]
            filled = bins.count > 0
            x, y = bins.confidence[filled], bins.accuracy[filled]
            ax.plot(x, y, color=look["color"], linestyle=look["linestyle"], marker=_MARKERS[index],
                    markersize=7, linewidth=1.6, label=f"{name}: ECE {number_text(ece)}")
            for xi, yi, count in zip(x, y, bins.count[filled]):
                ax.annotate(str(int(count)), (xi, yi), xytext=_COUNT_OFFSETS[index], textcoords="offset points",
                            color=look["color"], fontsize="small", ha="center")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.05)
        ax.set_aspect("equal")
        if binary:
            ax.set_xlabel("mean predicted probability of class 1")
            ax.set_ylabel("fraction of class 1 (observed)")
        else:
            ax.set_xlabel("confidence: mean probability of the top class")
            ax.set_ylabel("accuracy: fraction where the top class is right")
        ax.set_title(f"Reliability diagram, {n_bins} bins\n(the numbers count the predictions in each bin)")
        ax.legend(loc="lower right")
    errors = "; ".join(f"{name}: expected calibration error {number_text(ece)}" for name, (_, ece) in results.items())
    _describe(ax, f"Reliability diagram with {n_bins} bins of confidence: for each set of predictions, the "
                  f"{'observed fraction of class 1 against the mean predicted probability' if binary else 'accuracy against the mean confidence'} "
                  f"in each bin (probabilities, no unit), beside the dashed diagonal of a calibrated model; below the "
                  f"diagonal is over-confident. {errors}.")
    return figure

