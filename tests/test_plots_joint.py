"""bitsandnats.plots.joint: the joint table with its marginals, and the information diagram (notebook 12)."""

from __future__ import annotations

import math

import pytest
from plot_checks import assert_draws_into_given_axes, assert_refuses_bad_axes, own_figure

from bitsandnats import measures
from bitsandnats.notation import number_text
from bitsandnats.plots.joint import information_diagram, information_parts, joint_table

pytestmark = pytest.mark.filterwarnings("error")

WEATHER = [[0.30, 0.05], [0.15, 0.50]]
THREE_BY_TWO = [[0.2, 0.1], [0.0, 0.3], [0.25, 0.15]]


def test_the_table_writes_every_cell_and_both_marginals():
    figure = own_figure(lambda: joint_table(THREE_BY_TWO, x_labels=["a", "b", "c"], y_labels=["u", "v"]))
    ax = figure.axes[0]
    texts = [text.get_text() for text in ax.texts]
    px, py = measures.marginals(THREE_BY_TWO)
    assert texts[:6] == [f"{value:.3f}" for row in THREE_BY_TWO for value in row]
    assert texts[6:9] == [f"{value:.3f}" for value in px] and texts[9:11] == [f"{value:.3f}" for value in py]
    assert texts[11:] == ["P(x)", "P(y)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["u", "v"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.images[0].get_array().tolist() == THREE_BY_TWO


def test_the_table_names_its_variables():
    figure = joint_table(WEATHER, x_name="Weather", y_name="Umbrella")
    ax = figure.axes[0]
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("Weather (rows)", "Umbrella (columns)")
    assert ax.get_title() == "P(weather, umbrella), with the marginals P(weather) and P(umbrella)"


@pytest.mark.parametrize("base, unit", [(2, "bits"), (math.e, "nats")])
def test_the_diagram_lays_the_pieces_end_to_end_from_the_measures(base, unit):
    parts = information_parts(WEATHER, base=base)
    px, py = measures.marginals(WEATHER)
    assert parts == {"H(X)": measures.entropy(px, base=base), "H(Y)": measures.entropy(py, base=base),
                     "H(X,Y)": measures.joint_entropy(WEATHER, base=base),
                     "H(X|Y)": measures.conditional_entropy(WEATHER, given="y", base=base),
                     "H(Y|X)": measures.conditional_entropy(WEATHER, base=base),
                     "I(X;Y)": measures.mutual_information(WEATHER, base=base)}
    ax = own_figure(lambda: information_diagram(WEATHER, base=base)).axes[0]
    bars = [value for p in ax.patches for value in (round(p.get_y() + p.get_height() / 2), p.get_x(), p.get_width())]
    left, shared, right = parts["H(X|Y)"], parts["I(X;Y)"], parts["H(Y|X)"]
    # Matplotlib keeps a bar as its two ends, so a width comes back as (start + width) - start.
    assert bars == pytest.approx([0, 0.0, left, 0, left, shared, 1, left, shared, 1, left + shared, right,
                                  2, 0.0, left, 2, left, shared, 2, left + shared, right], rel=1e-14)
    # The pieces add up to the whole: the chain rule, drawn.
    assert left + shared + right == pytest.approx(parts["H(X,Y)"], rel=1e-14)
    assert ax.get_xlabel() == f"information ({unit})"
    assert ax.get_title() == f"I(X;Y) = {number_text(shared)} {unit}: what H(X) and H(Y) share"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [f"{name} = {number_text(parts[name])} {unit}" for name in ("H(X|Y)", "I(X;Y)", "H(Y|X)")]
    for name in ("H(X)", "H(Y)", "H(X,Y)"):
        assert f"{name} = {number_text(parts[name])}" in [text.get_text() for text in ax.texts]


def test_independent_variables_share_no_bar():
    ax = information_diagram([[0.25, 0.25], [0.25, 0.25]]).axes[0]
    assert [p.get_width() for p in ax.patches] == [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]


@pytest.mark.parametrize("draw", [
    lambda **where: joint_table(WEATHER, **where),
    lambda **where: information_diagram(THREE_BY_TWO, **where),
])
def test_each_figure_draws_alone_or_into_given_axes(draw):
    assert_draws_into_given_axes(draw)
    assert_refuses_bad_axes(draw)


@pytest.mark.parametrize("arguments, message", [
    ({"pxy": [0.5, 0.5]}, "pxy must be a 2-D table"),
    ({"pxy": [[0.5, 0.6]]}, "pxy must sum to 1"),
    ({"x_labels": ["one"]}, "x_labels must hold 2 names"),
    ({"y_labels": "ab"}, "y_labels must be a sequence"),
    ({"y_labels": ["a", ""]}, r"y_labels\[1\]"),
    ({"x_name": ""}, "x_name"),
])
def test_the_table_refuses_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        joint_table(**{"pxy": WEATHER, **arguments})


def test_the_diagram_refuses_bad_tables_and_bases():
    with pytest.raises(ValueError, match="pxy"):
        information_diagram([[0.5, -0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match="base"):
        information_diagram(WEATHER, base=1)
