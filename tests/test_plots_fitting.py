"""Tests for bitsandnats.plots.fitting: forward_and_reverse_fits."""

from __future__ import annotations

import numpy as np
import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

from bitsandnats import fitting, notation
from bitsandnats.plots.fitting import forward_and_reverse_fits

FAR = fitting.NormalMixture([0.3, 0.7], [-4.0, 4.0], [1.0, 1.0])


def test_the_figure_shows_p_and_both_fits_with_the_packages_numbers_in_nats():
    fig = own_figure(lambda: forward_and_reverse_fits(FAR))
    ax = fig.axes[0]
    forward, reverse = fitting.fit_forward(FAR), fitting.fit_reverse(FAR)
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts == [
        "P, the two-peaked target",
        f"forward fit, min KL(P‖Q): μ = {notation.number_text(forward.mu, 2)}, σ = "
        f"{notation.number_text(forward.sigma, 2)}; KL(P‖Q) = {notation.number_text(forward.divergence, 4)} nats",
        f"reverse fit, min KL(Q‖P): μ = {notation.number_text(reverse.mu, 2)}, σ = "
        f"{notation.number_text(reverse.sigma, 2)}; KL(Q‖P) = {notation.number_text(reverse.divergence, 4)} nats"]
    density, wide, narrow = ax.lines
    x = density.get_xdata()
    assert np.allclose(density.get_ydata(), FAR.density(x))
    # Each fit's curve peaks at its mean with height 1 / (σ √(2π)).
    for line, fit in ((wide, forward), (narrow, reverse)):
        top = np.argmax(line.get_ydata())
        assert abs(x[top] - fit.mu) <= x[1] - x[0]
        assert line.get_ydata()[top] == pytest.approx(1 / (fit.sigma * np.sqrt(2 * np.pi)), rel=1e-4)
    assert len({str(line.get_linestyle()) for line in ax.lines}) == 3  # not colour alone
    assert "per unit of x" in ax.get_ylabel()


def test_the_figure_draws_into_given_axes_and_refuses_others():
    draw = lambda **where: forward_and_reverse_fits(FAR, **where)  # noqa: E731
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


def test_the_figure_refuses_a_p_that_is_not_a_mixture():
    with pytest.raises(ValueError, match="p must be a bitsandnats.fitting.NormalMixture"):
        forward_and_reverse_fits([0.5, 0.5])
