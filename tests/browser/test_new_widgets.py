"""The widgets new in notebooks 03 and 09-12, in a real JupyterLab and Chromium, driven as a learner drives them.

Prediction (notebooks 03 and 09): before the commit the widget shows its
question and nothing of the answer; the learner picks an option (keyboard)
or types a number, commits (the Commit button, or Enter in the field), and
then sees the guess, the answer, a verdict and the explanation; "Try again"
takes all of it away.  What the page shows after the commit must be exactly
what Python's ``Prediction.revealed()`` gives for the kernel's widget (which
must hold the committed guess), and a number's "Off by" must also be the
package's |guess − H(P, P)| for notebook 03's P.

SamplingExplorer (10), FittingExplorer (11), JointExplorer (12): one
keyboard move or button press each; the readouts in the page must change
and equal the kernel's explorer's ``readouts()`` for the state the kernel
then holds (which must be the state the move asked for), written as the
explorer writes them (:func:`bitsandnats.notation.number_text`).

One JupyterLab page goes from notebook to notebook (each run with Run All,
its kernel ended afterwards); the page must log no console error.
"""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest

from bitsandnats import measures
from bitsandnats.explorers.joint import independent_counts
from bitsandnats.explorers.predict import REVEALED_LABELS, VERDICTS
from bitsandnats.explorers.sampling import SIZES
from bitsandnats.notation import number_text

from .explorer_page import P as P_03, expect, wait_for_kernel_quiet, wait_until_still, watch_kernel
from .jupyter_browser import (ConsoleErrors, add_and_run_cell, artifacts_dir, cell_stdout, open_lab, page_errors,
                              run_all, shut_down_kernels, switch_notebook, wait_for_figures)

VIEWPORT = {"width": 1400, "height": 1000}

#: What a widget shows as its readouts: {data-key: text} of its readout table's rows.
_ROWS_JS = """(root) => Object.fromEntries(Array.from(root.querySelectorAll('table.bn-readouts tr[data-key]'))
  .map(row => [row.dataset.key, row.querySelector('td').textContent]))"""


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for the module, its console and its kernel traffic watched."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    console = ConsoleErrors(page)
    watch_kernel(page)
    try:
        open_lab(page, lab)
        yield page, console
    finally:
        context.close()


@pytest.fixture
def run_notebook(lab, lab_page, request):
    """Open a notebook in the module's page and Run All; afterwards: no console error, the kernel ended."""
    page, console = lab_page
    mark = len(console.messages)
    opened = []

    def run(name: str):
        # Requests to an earlier notebook's (ended) kernel may never be answered: forget them.
        page.evaluate("() => window.__bnKernel.pending.clear()")
        switch_notebook(page, name)
        opened.append(name)
        run_all(page)
        wait_for_figures(page)
        errors = page_errors(page)
        assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
        return page

    yield run
    try:
        if getattr(request.node, "failed", False):
            page.screenshot(path=str(artifacts_dir() / f"lab-new-widgets-{request.node.name}-failure.png"),
                            full_page=True)
        errors = console.since(mark)
        assert not errors, "console errors in the page:\n" + "\n---\n".join(errors)
    finally:
        for name in opened:
            shut_down_kernels(lab, name)


def kernel_json(page, expression: str):
    """``expression`` evaluated by the notebook's kernel once it has heard everything the page sent, via JSON."""
    wait_for_kernel_quiet(page)
    cell = add_and_run_cell(page, f"import json as _json\nprint(_json.dumps({expression}))")
    return json.loads(cell_stdout(cell))


def rows(root) -> dict[str, str]:
    return root.evaluate(_ROWS_JS)


# --------------------------------------------------------------------------------------------
# Prediction

def prediction(page, question_part: str):
    """The Prediction widget whose question contains ``question_part``."""
    found = page.locator(".bn-explorer.bn-predict").filter(
        has=page.locator(".bn-question", has_text=question_part))
    expect(found).to_have_count(1)
    return found


def assert_hidden(widget, explanation_part: str) -> None:
    """Nothing of the answer in the widget's DOM: no result, none of the revealed rows, no explanation."""
    text = widget.evaluate("(root) => root.textContent")
    for label in ("The answer", "Off by", "Verdict", *VERDICTS.values()):
        assert label not in text, (label, text)
    assert explanation_part not in text, text
    assert widget.locator(".bn-result").evaluate("(node) => node.childElementCount") == 0
    expect(widget.locator('button[data-action="Commit"]')).to_be_visible()


def revealed(widget) -> list[list[str]]:
    """The result rows the widget shows, [label, text] in order."""
    return widget.locator(".bn-result tr[data-key]").evaluate_all(
        "(rows) => rows.map(row => [row.querySelector('th').textContent, row.querySelector('td').textContent])")


def test_choice_prediction_notebook_09(run_notebook):
    """Claim 1 of notebook 09: hidden before the commit, Python's revealed() after it, hidden again on Try again."""
    page = run_notebook("09_misconceptions.ipynb")
    widget = prediction(page, "Cross-entropy H(P, Q) is the number of extra bits")
    widget.scroll_into_view_if_needed()
    assert widget.locator(".bn-question").inner_text().startswith("Cross-entropy H(P, Q) is the number of extra")
    assert_hidden(widget, "that is the KL divergence")

    # The keyboard: Tab-like focus on the first option, Space picks it; then the Commit button.
    radios = widget.locator('input[type="radio"]')
    expect(radios).to_have_count(2)
    first = radios.nth(0)
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    picked = first.get_attribute("data-option")
    assert_hidden(widget, "that is the KL divergence")  # a pick is not a commitment
    widget.locator('button[data-action="Commit"]').click()
    expect(widget.locator(".bn-result tr[data-key]")).to_have_count(3)
    wait_until_still(widget)

    shown = revealed(widget)
    kernel = kernel_json(page, "{'guess': claim_1.guess, 'committed': claim_1.committed, "
                               "'verdict': claim_1.verdict, 'revealed': claim_1.revealed()}")
    assert kernel["guess"] == picked and kernel["committed"] is True
    assert shown == [list(row) for row in kernel["revealed"]]
    assert [label for label, _ in shown] == ["Your prediction", "The answer", "Verdict"]
    assert shown[0][1] == picked
    assert widget.locator(".bn-result").get_attribute("data-verdict") == kernel["verdict"]
    assert shown[2][1].startswith(VERDICTS[kernel["verdict"]])
    assert "that is the KL divergence" in widget.locator(".bn-explanation").inner_text()
    expect(widget.locator('button[data-action="Commit"]')).to_be_hidden()
    expect(radios.nth(0)).to_be_disabled()

    # Try again: the answer leaves the page, the options come back, the focus on the picked one.
    widget.locator('button[data-action="Try again"]').click()
    expect(widget.locator(".bn-result tr")).to_have_count(0)
    assert_hidden(widget, "that is the KL divergence")
    expect(first).to_be_focused()
    expect(first).to_be_enabled()

    # The other option with the arrow key, committed: the verdict turns.
    page.keyboard.press("ArrowDown")
    second = radios.nth(1)
    expect(second).to_be_checked()
    widget.locator('button[data-action="Commit"]').click()
    expect(widget.locator(".bn-result tr[data-key]")).to_have_count(3)
    wait_until_still(widget)
    shown_again = revealed(widget)
    kernel_again = kernel_json(page, "{'guess': claim_1.guess, 'verdict': claim_1.verdict, "
                                     "'revealed': claim_1.revealed()}")
    assert kernel_again["guess"] == second.get_attribute("data-option")
    assert shown_again == [list(row) for row in kernel_again["revealed"]]
    assert {kernel["verdict"], kernel_again["verdict"]} == {"right", "wrong"}  # one of two options is the answer
    assert shown_again[1] == shown[1]  # the same answer both times

    # Each widget's options are its own: ids unique in the page, and a click on the next claim's option label
    # picks that claim's option (with shared ids it picked claim 1's, and all radios were one group).
    ids = page.evaluate("() => Array.from(document.querySelectorAll('.bn-predict [id]')).map(node => node.id)")
    assert len(ids) == len(set(ids)), sorted(ids)
    other = prediction(page, "With the coin added")
    other.locator("label.bn-option").nth(1).click()
    expect(other.locator('input[type="radio"]').nth(1)).to_be_checked()
    expect(second).to_be_checked()


def test_number_prediction_notebook_03(run_notebook):
    """H(P, P) in notebook 03: type a number, Enter; "Off by" is |guess − H(P, P)| by the package."""
    page = run_notebook("03_cross_entropy_and_kl.ipynb")
    widget = prediction(page, "That is H(P, P), in bits")
    widget.scroll_into_view_if_needed()
    assert_hidden(widget, "even a code built on the true frequencies")
    guess = 1.5
    box = widget.locator("input.bn-guess")
    box.fill(str(guess))
    box.press("Enter")
    expect(widget.locator(".bn-result tr[data-key]")).to_have_count(4)
    wait_until_still(widget)

    shown = dict(revealed(widget))
    assert list(shown) == list(REVEALED_LABELS)
    answer = measures.cross_entropy(P_03, P_03)  # notebook 03's P, read from its cells
    off = guess - answer
    side = "too high" if off > 0 else "too low"
    assert shown["Off by"].startswith(f"{number_text(abs(off), 3)} bits {side}, "
                                      f"{number_text(100 * abs(off) / answer, 1)} % of the answer"), shown
    assert shown["Your prediction"] == f"{number_text(guess, 3)} bits"
    assert shown["The answer"] == f"{number_text(answer, 3)} bits"
    kernel = kernel_json(page, "{'guess': truth_prediction.guess, 'revealed': truth_prediction.revealed()}")
    assert kernel["guess"] == guess
    assert list(shown.items()) == [tuple(row) for row in kernel["revealed"]]
    assert shown["Verdict"].startswith(VERDICTS["wrong"])

    widget.locator('button[data-action="Try again"]').click()
    expect(widget.locator(".bn-result tr")).to_have_count(0)
    assert_hidden(widget, "even a code built on the true frequencies")
    expect(box).to_be_focused()
    expect(box).to_be_enabled()


# --------------------------------------------------------------------------------------------
# The explorers of notebooks 10-12

def explorer(page, kind: str):
    found = page.locator(f".bn-explorer.bn-{kind}")
    expect(found).to_have_count(1)
    found.scroll_into_view_if_needed()
    return found


def press_key(root, name: str, key: str) -> None:
    """Focus the range control ``name`` and press ``key``, as a learner tabbing to it would."""
    control = root.locator(f'input.bn-range[data-name="{name}"]')
    control.focus()
    expect(control).to_be_focused()
    root.page.keyboard.press(key)


class KeyMove(NamedTuple):
    """One key on one control: the kernel's state (``state`` evaluated) and the page's readouts, before and after."""

    start: dict
    before: dict[str, str]
    after: dict[str, str]
    now: dict


def key_move(page, root, state: str, control: str, key: str) -> KeyMove:
    """Press ``key`` on the range ``control`` and read the page and the kernel before and after."""
    start, before = kernel_json(page, state), rows(root)
    press_key(root, control, key)
    wait_until_still(root)
    return KeyMove(start, before, rows(root), kernel_json(page, state))


def bits(value: float) -> str:
    return f"{number_text(value, 4)} bits"


def test_sampling_explorer_notebook_10(run_notebook):
    """Resample (the next seed) and ArrowUp on N (the next size): the readouts are the kernel's for its new state."""
    page = run_notebook("10_sampling.ipynb")
    root = explorer(page, "sampling")
    state = "{'seed': sampling_explorer.seed, 'size': sampling_explorer.size, 'readouts': sampling_explorer.readouts()}"
    start = kernel_json(page, state)
    before = rows(root)

    root.locator('button[data-action="Resample"]').click()
    expect(root.locator('input.bn-field[data-name="seed"]')).to_have_value(str(start["seed"] + 1))
    press_key(root, "N", "ArrowUp")
    next_count = SIZES.count_of(start["size"], "size") + 1
    next_size = int(SIZES.value(next_count))
    expect(root.locator('input.bn-field[data-name="N"]')).to_have_value(SIZES.text(next_count))
    wait_until_still(root)
    after = rows(root)
    now = kernel_json(page, state)
    assert (now["seed"], now["size"]) == (start["seed"] + 1, next_size)
    assert after == {key: bits(value) for key, value in now["readouts"].items()}
    assert after["estimate of H(P,Q)"] != before["estimate of H(P,Q)"]
    assert after["H(P,Q)"] == before["H(P,Q)"]  # the exact value does not depend on the sample


def test_fitting_explorer_notebook_11(run_notebook):
    """ArrowUp on the separation (one step of 0.5): the fits' readouts are the kernel's for its new state."""
    page = run_notebook("11_forward_and_reverse_kl.ipynb")
    root = explorer(page, "fitting")
    state = "{'separation': explorer.separation, 'weight': explorer.weight, 'readouts': explorer.readouts()}"
    start, before, after, now = key_move(page, root, state, "separation", "ArrowUp")
    expect(root.locator('input.bn-field[data-name="separation"]')).to_have_value(f"{start['separation'] + 0.5:.1f}")
    assert (now["separation"], now["weight"]) == (start["separation"] + 0.5, start["weight"])
    expected = {key: f"{number_text(value, 4)} nats" if key.startswith("KL") else number_text(value, 3)
                for key, value in now["readouts"].items() if key != "reverse minima"}
    assert after == expected
    assert after["forward σ"] != before["forward σ"]


def test_joint_explorer_notebook_12(run_notebook):
    """PageUp on the first cell, then "independent": the readouts are the kernel's for its new table."""
    page = run_notebook("12_mutual_information.ipynb")
    root = explorer(page, "joint")
    state = "{'cells': joint_explorer.cells, 'readouts': joint_explorer.readouts()}"
    start = kernel_json(page, state)
    first = root.locator("input.bn-range").first
    name = first.get_attribute("data-name")
    before = rows(root)

    press_key(root, name, "PageUp")
    expect(first).to_have_value(str(start["cells"][0] + 10))
    wait_until_still(root)
    moved = rows(root)
    now = kernel_json(page, state)
    assert now["cells"][0] == start["cells"][0] + 10 and sum(now["cells"]) == 1000
    assert {key: moved[key] for key in now["readouts"]} == {key: bits(v) for key, v in now["readouts"].items()}
    assert moved["I(X;Y)"] != before["I(X;Y)"]

    root.locator('button[data-action="independent"]').click()
    wanted = independent_counts(now["cells"], 2, 2)
    expect(first).to_have_value(str(wanted[0]))
    wait_until_still(root)
    independent = rows(root)
    after = kernel_json(page, state)
    assert after["cells"] == wanted
    assert {key: independent[key] for key in after["readouts"]} == {key: bits(v)
                                                                   for key, v in after["readouts"].items()}
    columns = [sum(wanted[j::2]) for j in range(2)]
    assert independent["P(y)"] == ", ".join(f"{count / 1000:.3f}" for count in columns)
    assert independent["I(X;Y)"] != moved["I(X;Y)"]


# --------------------------------------------------------------------------------------------
# The explorers of notebooks 06 and 07: their numbers, and p_T and H_Δ typeset as the prose has them

def nats(value: float) -> str:
    return f"{number_text(value, 4)} nats"


def assert_no_raw_subscripts(root) -> None:
    """What the learner reads (innerText) has no p_T or H_Δ written with an underscore."""
    shown = root.evaluate("(node) => node.innerText")
    for raw in ("p_T", "q_T", "H_Δ"):
        assert raw not in shown, (raw, shown)


def test_temperature_explorer_notebook_06(run_notebook):
    """ArrowUp on T: the readouts are the kernel's for its new T; p_T is typeset in the readouts, legend and notes."""
    page = run_notebook("06_distillation.ipynb")
    root = explorer(page, "temperature")
    state = ("{'temperature': temperature_explorer.temperature, 'alpha': temperature_explorer.alpha, "
             "'readouts': temperature_explorer.readouts()}")
    start, before, after, now = key_move(page, root, state, "T", "ArrowUp")
    assert now["temperature"] > start["temperature"] and now["alpha"] == start["alpha"]
    assert after == {key: nats(value) for key, value in now["readouts"].items()}
    assert after["H(p_T)"] != before["H(p_T)"]  # the soft targets flatten as T grows

    label = root.locator('tr[data-key="KL(p_T||q_T)"] th')
    assert label.inner_html() == "KL(p<sub>T</sub> \u2016 q<sub>T</sub>)"
    assert "p<sub>T</sub>" in root.locator('.bn-chart:has(svg[data-chart="soft-targets"]) .bn-legend').inner_html()
    assert "H(p<sub>T</sub>)" in root.locator(".bn-notes").inner_html()
    assert_no_raw_subscripts(root)
    # The notebook's printed lines (notation.Lines) are typeset the same way.
    printed = page.locator("pre", has_text="soft term KL(").first
    assert "KL(p<sub>T</sub> \u2016 q<sub>T</sub>)" in printed.inner_html()


def test_binning_explorer_notebook_07(run_notebook):
    """ArrowDown on Δ (a finer bin): the readouts are the kernel's; H_Δ is typeset in the readouts and the legend."""
    page = run_notebook("07_continuous.ipynb")
    root = explorer(page, "binning")
    state = "{'sigma': binning_explorer.sigma, 'width': binning_explorer.width, 'readouts': binning_explorer.readouts()}"
    start, before, after, now = key_move(page, root, state, "\u0394", "ArrowDown")
    assert now["width"] < start["width"] and now["sigma"] == start["sigma"]
    assert after == {key: nats(value) for key, value in now["readouts"].items()}
    assert after["H_\u0394"] != before["H_\u0394"]

    assert root.locator('tr[data-key="H_\u0394"] th').inner_html() == "H<sub>\u0394</sub>, entropy of the bins"
    assert "H<sub>\u0394</sub>" in root.locator(".bn-legend").nth(1).inner_html()
    assert_no_raw_subscripts(root)
