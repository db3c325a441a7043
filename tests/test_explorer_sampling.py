"""The sampling explorer (notebook 10), headless: its numbers, its controls, its refusals, its display, its draws in node.

As for the other ladder explorers (the checks they share are in
tests/explorer_checks.py): the explorer is driven through ``.set(...)`` and
``.sliders[name].value``, every expected number comes from
:mod:`bitsandnats.sampling` and :mod:`bitsandnats.measures` for the values the
controls show, and a seeded storm of 10,000 moves mixes values on the
controls with junk.  The browser's module must draw exactly Python's sample
and compute the same readouts.
"""

from __future__ import annotations

import json
import math
import random
from functools import lru_cache

import numpy as np
import pytest
from explorer_checks import (JUNK_FOR_EVERY_CONTROL, REFUSED, assert_close_ends_the_widget,
                             assert_closed_explorers_leave_little, assert_display_bundle, run_module_in_node,
                             spell_rung, storm)
from matplotlib.figure import Figure

from bitsandnats import measures, sampling
from bitsandnats.explorers.sampling import SIZES, SamplingExplorer

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
SIZE_JUNK = [0, 1, 5, 11, 15, 99, 150, 1_001, 200_000, 10**6, 1e5 + 1]
SEED_JUNK = [-1, 2**32, 2**40, 0.5, 1.5, "3"]


@lru_cache(maxsize=None)
def expected_readouts(p: tuple, q: tuple, n: int, seed: int) -> dict:
    """The readouts from the package, keyed as the explorer keys them."""
    samples = sampling.draw(p, n, seed)
    cross, cross_error = sampling.sample_cross_entropy(samples, q, error=True)
    kl, kl_error = sampling.sample_kl(samples, p, q, error=True)
    return {"estimate of H(P,Q)": cross, "H(P,Q)": measures.cross_entropy(p, q), "SE of H(P,Q)": cross_error,
            "estimate of KL(P||Q)": kl, "KL(P||Q)": measures.kl_divergence(p, q), "SE of KL(P||Q)": kl_error}


def test_the_default_is_the_colours_example_with_a_thousand_draws_in_bits():
    explorer = SamplingExplorer()
    assert (explorer.events, explorer.truth, explorer.belief) == (["red", "green", "blue"], P, Q)
    assert explorer.sliders["N"].value == 1_000 and explorer.sliders["seed"].value == 10
    assert explorer.readouts() == expected_readouts(tuple(P), tuple(Q), 1_000, 10)
    lines = explorer.summary().splitlines()
    assert lines[:4] == ["P = red 0.100, green 0.400, blue 0.500", "Q = red 0.800, green 0.150, blue 0.050",
                         "N = 1,000 draws", "seed = 10"]
    assert all(line.endswith(" bits") for line in lines[4:]) and len(lines) == 10
    explorer.close()


def test_the_sizes_run_from_ten_to_a_hundred_thousand_in_the_one_two_five_series():
    assert [int(value) for value in SIZES.values] == [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000,
                                                      20_000, 50_000, 100_000]


def test_a_larger_n_extends_the_sample_and_resample_moves_to_the_next_seed():
    explorer = SamplingExplorer(size=100, seed=2**32 - 1)
    small = explorer.samples()
    explorer.set(N=10_000)
    assert (explorer.samples()[:100] == small).all()
    explorer.resample()
    assert explorer.seed == 0 and explorer.error == ""
    explorer.close()


def test_with_many_draws_the_estimates_are_within_a_few_standard_errors():
    explorer = SamplingExplorer(size=100_000, seed=3)
    values = explorer.readouts()
    for quantity in ("H(P,Q)", "KL(P||Q)"):
        error = values[f"SE of {quantity}"]
        assert 0 < error < 0.01
        assert abs(values[f"estimate of {quantity}"] - values[quantity]) < 4 * error
    explorer.close()


def _draw_move(rng):
    drawn = {}
    for name in rng.sample(["N", "seed"], rng.choice([1, 1, 2])):
        if rng.random() < 0.3:
            junk = SIZE_JUNK if name == "N" else SEED_JUNK
            drawn[name] = (rng.choice(JUNK_FOR_EVERY_CONTROL + junk), REFUSED)
        elif name == "N":
            count = rng.randrange(SIZES.first, SIZES.last + 1)
            drawn[name] = (spell_rung(rng, SIZES, count), int(SIZES.value(count)))
        else:
            seed = rng.choice([0, 1, 2, 2**32 - 1, rng.randrange(2**32)])
            drawn[name] = (rng.choice([seed, np.int64(seed), float(seed)]), seed)
    return drawn


@pytest.mark.slow
def test_a_storm_of_moves_and_junk_keeps_the_state_valid_and_the_readouts_right():
    explorer = SamplingExplorer(size=10, seed=0)
    rng = random.Random(20251210)
    # Keep the storm's samples small enough: a fraction of the moves go to large N.
    refused = storm(explorer, rng, lambda: _draw_move(rng),
                    state=lambda: (explorer.size_index, explorer.seed),
                    check=lambda taken: _check(explorer), moves=10_000)
    assert 2_000 < refused < 6_000
    explorer.close()


def _check(explorer):
    assert type(explorer.size_index) is int and SIZES.first <= explorer.size_index <= SIZES.last
    assert type(explorer.seed) is int and 0 <= explorer.seed <= sampling.MAX_SEED
    if explorer.size <= 1_000:  # the larger samples are checked in the tests above
        assert explorer.readouts() == expected_readouts(tuple(P), tuple(Q), explorer.size, explorer.seed)


@pytest.mark.parametrize("arguments, named", [
    ({"p": [0.5, 0.6]}, "p"),
    ({"p": [0.1, 0.4, 0.4999]}, "p"),
    ({"q": [0.5, 0.5]}, "p and q"),
    ({"q": [0.5, 0.5, 0.0]}, "q"),
    ({"p": [1.0], "q": [1.0], "events": ["a"]}, "p and q"),
    ({"events": ["red", "green"]}, "events"),
    ({"events": ["red", "red", "blue"]}, "events"),
    ({"events": "rgb"}, "events"),
    ({"events": ["red", "", "blue"]}, "events"),
    ({"size": 15}, "size"),
    ({"size": 10**6}, "size"),
    ({"size": math.nan}, "size"),
    ({"size": "100"}, "size"),
    ({"seed": -1}, "seed"),
    ({"seed": 2**32}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"seed": None}, "seed"),
    ({"presentation": 1}, "presentation"),
])
def test_the_constructor_refuses_bad_arguments_and_names_them(arguments, named):
    with pytest.raises(ValueError, match=named):
        SamplingExplorer(**arguments)


def test_an_impossible_event_of_p_may_have_q_zero():
    explorer = SamplingExplorer([0.5, 0.5, 0.0], [0.25, 0.75, 0.0], ["a", "b", "c"], size=100)
    assert math.isfinite(explorer.readouts()["estimate of H(P,Q)"])
    assert (explorer.samples() != 2).all()
    explorer.close()


def test_state_from_the_browser_is_taken_when_valid_and_refused_otherwise():
    explorer = SamplingExplorer()
    explorer.set_state({"size_index": 0, "seed": 7})
    assert (explorer.size, explorer.seed, explorer.error) == (10, 7, "")
    for bad in ({"size_index": -1}, {"size_index": 13}, {"seed": -1}, {"seed": 2**32}, {"p": [500, 250, 250]},
                {"events": ["a", "b", "c"]}, {"ladders": {"N": {}}}):
        explorer.set_state(bad)
        assert explorer.error.startswith("Refused:"), bad
        assert (explorer.size, explorer.seed, explorer.truth) == (10, 7, P)
    explorer.close()


def test_the_display_carries_the_live_view_a_png_and_the_summary():
    explorer = SamplingExplorer(size=100)
    assert_display_bundle(explorer, "Sampling explorer")
    explorer.close()


def test_the_still_figure_shows_both_running_estimates_in_bits():
    explorer = SamplingExplorer(size=200, seed=4)
    figure = explorer.still_figure()
    assert isinstance(figure, Figure)
    values = explorer.readouts()
    for ax, exact, estimate in zip(figure.axes, ("H(P,Q)", "KL(P||Q)"), ("estimate of H(P,Q)", "estimate of KL(P||Q)")):
        exact_line, curve = ax.lines
        assert list(exact_line.get_ydata()) == [values[exact]] * 2
        assert curve.get_ydata()[-1] == pytest.approx(values[estimate], rel=1e-12)
        assert ax.get_ylabel().endswith("(bits)") and ax.collections  # the band
    explorer.close()


def test_close_ends_the_widget_and_can_be_repeated():
    assert_close_ends_the_widget(SamplingExplorer(size=10))


@pytest.mark.slow
def test_building_and_closing_two_hundred_explorers_keeps_little_memory():
    assert_closed_explorers_leave_little(lambda index: SamplingExplorer(size=100, seed=index))


def test_the_browser_draws_the_same_samples_and_computes_the_same_readouts_as_python(tmp_path):
    rng = random.Random(5)
    seeds = [0, 1, 2**32 - 1, 123456789] + [rng.randrange(2**32) for _ in range(4)]
    cases = [([100, 400, 500], [800, 150, 50], 5_000, seeds[0]), ([500, 0, 500], [1, 998, 1], 1_000, seeds[1]),
             ([1000, 0], [999, 1], 100, seeds[2]), ([125, 250, 375, 250], [250, 250, 250, 250], 20_000, seeds[3])]
    cases += [([1, 999], [500, 500], 100_000, seed) for seed in seeds[4:6]]
    cases += [([333, 333, 334], [100, 100, 800], 10, seed) for seed in seeds[6:]]
    found = run_module_in_node("sampling", f"""
const cases = {json.dumps(cases)};
const words = [0, 1, {2**32 - 1}, 123456789].map((seed) => explorer.randomWords(1000, seed));
const results = cases.map(([p, q, n, seed]) => {{
  const numbers = explorer.samplingNumbers(p, q, n, seed);
  return {{ samples: numbers.samples, thresholds: explorer.thresholds(p),
    errors: [numbers.cross.errors.slice(0, 12), numbers.kl.errors.slice(-3)],
    readouts: Object.fromEntries(numbers.readouts.map(([key, , value]) => [key, value])) }};
}});
console.log(JSON.stringify({{ render: typeof explorer.default.render, words, results }}));
""", tmp_path)
    assert found["render"] == "function"
    for seed, words in zip([0, 1, 2**32 - 1, 123456789], found["words"]):
        assert words == sampling.random_words(1000, seed).tolist()
    for (p, q, n, seed), result in zip(cases, found["results"]):
        pp, qq = tuple(c / 1000 for c in p), tuple(c / 1000 for c in q)
        assert result["thresholds"] == sampling.thresholds(pp).tolist()
        samples = sampling.draw(pp, n, seed)
        assert result["samples"] == samples.tolist(), (p, n, seed)
        python = expected_readouts(pp, qq, n, seed)
        assert result["readouts"].keys() == python.keys()
        for key, value in python.items():
            assert result["readouts"][key] == pytest.approx(value, rel=1e-12, abs=1e-13), (p, q, n, seed, key)
        _, running_errors = sampling.sample_cross_entropy(samples, qq, running=True, error=True)
        _, kl_errors = sampling.sample_kl(samples, pp, qq, running=True, error=True)
        js_first = [math.nan if value is None else value for value in result["errors"][0]]
        np.testing.assert_allclose(js_first, running_errors[:12], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(result["errors"][1], kl_errors[-3:], rtol=1e-12, atol=1e-14)
