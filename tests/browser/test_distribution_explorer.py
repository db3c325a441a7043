"""Notebook 03's DistributionExplorer in a real JupyterLab and Chromium, driven as a learner drives it.

The notebook is opened once for this module (a fresh kernel) and run with
Run All from the Run menu; every test starts from the explorer's starting
point (Reset, bits, the terms view) and drives it with the real keyboard and
the real mouse: arrows, PageUp/PageDown, Home/End on the range controls,
typed values (good ones and junk), pointer drags on the P and Q chart, every
button and toggle, and the events editor.

After every action the page is read and checked against the package, never
against numbers written down here (explorer_page.check_numbers): the
distributions are read from the typed fields, the readouts must be
bitsandnats.measures' numbers for them, the bars as tall as the
probabilities, the numbers on the term bars the package's terms.  Where the
action has a known result (a key press, a drag to a height), P and Q must
also be exactly what the explorer's rule gives (bitsandnats.explorers.grid),
so that an action that moved nothing cannot pass.  The kernel's explorer must
hold the same state once the page has synced it (a cell that prints it), and
the page must log no console error and throw no exception.

Thirty rapid drags must leave exactly the SVG that a fresh view of the same
widget draws; and at 800, 1280 and 1920 px, in the light and dark themes,
with presentation off and on, nothing may overflow, and in presentation
mode (1280×720) every text must be at least 24 px.  Screenshots of each
combination go to artifacts/.
"""

from __future__ import annotations

import random
import re

import pytest

from bitsandnats.explorers import grid
from bitsandnats.explorers.distribution import TARGETS_BITS

from .explorer_page import (COLOURS, EXPLORER_NAME, NOTEBOOK, P_COUNTS, Q_COUNTS, ROOT, STEPS, action, after_moves,
                            PRESENTATION_PX, assert_kernel_agrees, axis_problems, chart, check_numbers,
                            distribution_explorers, drag, expect, expected_readouts, field, overflow_problems,
                            pq_geometry, press, probability_text, range_input, readout_text, reset, shown,
                            take_kernel_updates, text_under, toggle_button, type_value, wait_for_kernel_quiet,
                            wait_until_still, watch_kernel)
from .jupyter_browser import (DARK, LIGHT, ConsoleErrors, add_and_run_cell, artifacts_dir, cell_stdout, open_notebook,
                              page_errors, run_all, screenshot, set_theme, shut_down_kernels, wait_for_figures)

RED, GREEN, BLUE = COLOURS
#: The viewport every test but the layout test runs in.
VIEWPORT = {"width": 1400, "height": 1000}


class Notebook:
    """Notebook 03, open and run in one page, with its console watched."""

    def __init__(self, page):
        self.page = page
        self.console = ConsoleErrors(page)


@pytest.fixture(scope="module")
def notebook(browser, lab):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    opened = Notebook(page)
    watch_kernel(page)
    try:
        open_notebook(page, lab, NOTEBOOK)
        run_all(page)
        wait_for_figures(page)
        errors = page_errors(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        yield opened
    finally:
        shut_down_kernels(lab, NOTEBOOK)
        context.close()


@pytest.fixture
def explorer(notebook, request):
    """The notebook's explorer, back at its starting point; afterwards, no console error may have come."""
    page = notebook.page
    mark = len(notebook.console.messages)
    page.set_viewport_size(VIEWPORT)
    found = distribution_explorers(page).first
    found.scroll_into_view_if_needed()
    reset(found)
    yield found
    if getattr(request.node, "failed", False):
        page.screenshot(path=str(artifacts_dir() / f"lab-03-{request.node.name}-failure.png"), full_page=True)
    errors = notebook.console.since(mark)
    assert not errors, "console errors in the page:\n" + "\n---\n".join(errors)


def test_starting_point(explorer):
    """The explorer opens on notebook 03's P and Q, in bits, with the package's numbers and no message."""
    now = check_numbers(explorer)
    assert (now.events, now.p, now.q, now.unit, now.view) == (COLOURS, P_COUNTS, Q_COUNTS, "bits", "bars")
    assert now.message == "" and now.game == ""
    assert_kernel_agrees(explorer)


#: (control, key, where the key takes it from where it is): arrows one step, PageUp/PageDown ten, Home/End
#: the ends, and never past them.
KEYS = [
    (f"P[{RED}]", "ArrowUp", lambda c: c + 1),
    (f"P[{RED}]", "ArrowRight", lambda c: c + 1),
    (f"P[{RED}]", "PageUp", lambda c: c + 10),
    (f"P[{RED}]", "ArrowDown", lambda c: c - 1),
    (f"P[{RED}]", "ArrowLeft", lambda c: c - 1),
    (f"P[{RED}]", "PageDown", lambda c: c - 10),
    (f"P[{RED}]", "PageDown", lambda c: c - 10),
    (f"Q[{GREEN}]", "End", lambda c: STEPS),
    (f"Q[{GREEN}]", "ArrowUp", lambda c: STEPS),  # already at 1: nothing moves
    (f"Q[{GREEN}]", "PageDown", lambda c: c - 10),
    (f"P[{GREEN}]", "Home", lambda c: 0),
    (f"P[{GREEN}]", "ArrowDown", lambda c: 0),  # already at 0
    (f"Q[{BLUE}]", "Home", lambda c: 0),  # P[blue] > 0: H(P, Q) and KL(P‖Q) become ∞
    (f"P[{BLUE}]", "End", lambda c: STEPS),
]


def test_keyboard(explorer):
    """Each key moves its control as documented, the others of its distribution rescale, and every number follows.

    Ends with Q[blue] = 0 under P[blue] = 1: KL(P‖Q) and H(P, Q) are ∞ and the bar is flagged.
    """
    for name, key, rule in KEYS:
        before = shown(explorer)
        which = name[0].lower()
        index = before.events.index(name[2:-1])
        counts = getattr(before, which)
        target = min(STEPS, max(0, rule(counts[index])))
        press(explorer, name, key)
        expect(range_input(explorer, name)).to_have_value(str(target))
        wait_until_still(explorer)
        now = check_numbers(explorer)
        assert getattr(now, which) == after_moves(counts, index, [target]), (name, key)
        assert getattr(now, "q" if which == "p" else "p") == getattr(before, "q" if which == "p" else "p")
    assert now.readouts["KL(P||Q)"] == now.readouts["H(P,Q)"] == readout_text(float("inf"), "bits")
    assert_kernel_agrees(explorer)


#: Text that is not a probability on the grid of 0.001: refused with a message, nothing moves.
JUNK = ["abc", "0.2505", "1.5", "-0.1", "", "0.0001", "1e-4", "½"]


def test_typed_values(explorer):
    """A typed probability moves its control (Enter, or leaving the field); junk shows a message and moves nothing."""
    type_value(explorer, f"P[{GREEN}]", "0.25")
    expect(range_input(explorer, f"P[{GREEN}]")).to_have_value("250")
    wait_until_still(explorer)
    now = check_numbers(explorer)
    assert now.p == after_moves(P_COUNTS, 1, [250]) and now.message == ""

    type_value(explorer, f"Q[{RED}]", ".3", commit="Tab")
    expect(range_input(explorer, f"Q[{RED}]")).to_have_value("300")
    # No longer being typed in: shown as the explorer writes it.
    expect(field(explorer, f"Q[{RED}]")).to_have_value("0.300")
    wait_until_still(explorer)
    now = check_numbers(explorer)
    assert now.q == after_moves(Q_COUNTS, 0, [300])

    message = explorer.locator(".bn-message[role=alert]")
    name = f"P[{RED}]"
    stale = []
    for text in JUNK:
        before = shown(explorer)
        pictures = chart_markup(explorer)
        type_value(explorer, name, text)
        expect(message).to_be_visible()
        expect(message).to_contain_text(name)
        wait_until_still(explorer)
        now = shown(explorer)
        assert (now.ranges, now.readouts) == (before.ranges, before.readouts), text
        assert chart_markup(explorer) == pictures, f"typing {text!r} changed a chart"
        # Leaving the field should put back the value the control holds, so that the page never shows two
        # values for P[red] (checked after the loop, so that every junk text is tried).
        field(explorer, name).blur()
        wait_until_still(explorer)
        if field(explorer, name).input_value() != probability_text(before.ranges[name]):
            stale.append(text)

    # A good value again: it moves, and the message goes.
    type_value(explorer, name, "0.5")
    expect(range_input(explorer, name)).to_have_value("500")
    expect(message).to_be_hidden()
    check_numbers(explorer)
    assert_kernel_agrees(explorer)
    assert not stale, (f"after refusing these texts (typed, then Enter) and leaving the field, the field still "
                       f"shows the refused text instead of its control's value: {stale}")


def chart_markup(explorer) -> list[str]:
    """The three charts' SVG markup, with the per-chart pattern ids (bn-chartN) made the same in every view."""
    markup = [chart(explorer, name).evaluate("svg => svg.outerHTML") for name in ("pq", "terms", "kl")]
    return [re.sub(r"bn-chart\d+", "bn-chart", text) for text in markup]


def test_pointer_drags(explorer):
    """Pressing and dragging anywhere in an event's half column sets that probability to the pointer's height.

    On a bar's top, in the empty space above a short bar, at the far edges
    of a half, and past the ends of the axis (clamped to 0 and 1).  The
    pointer events the chart received are recorded in the page, and P and Q
    must be exactly what the explorer's rule gives for them in turn.
    """
    geometry = pq_geometry(explorer)
    assert geometry.events == COLOURS
    start = shown(explorer)

    # On the top of P[red]'s bar, down to 0.3.
    asked = drag(explorer, f"P[{RED}]", [P_COUNTS[0], 200, 300])
    expect(range_input(explorer, f"P[{RED}]")).to_have_value("300")
    now = check_numbers(explorer)
    assert now.p == after_moves(start.p, 0, asked) and now.q == start.q

    # Q[blue] is short (0.05): press in the empty space high above it, at 0.6, then drag to 0.45.
    asked = drag(explorer, f"Q[{BLUE}]", [600, 200, 450])
    expect(range_input(explorer, f"Q[{BLUE}]")).to_have_value("450")
    before, now = now, check_numbers(explorer)
    assert now.q == after_moves(before.q, 2, asked) and now.p == before.p

    # At the left end of P[green]'s half and the right end of Q[green]'s.
    asked = drag(explorer, f"P[{GREEN}]", [100, 150], within=0.02)
    expect(range_input(explorer, f"P[{GREEN}]")).to_have_value("150")
    before, now = now, check_numbers(explorer)
    assert now.p == after_moves(before.p, 1, asked)
    asked = drag(explorer, f"Q[{GREEN}]", [100, 120], within=0.98)
    expect(range_input(explorer, f"Q[{GREEN}]")).to_have_value("120")
    before, now = now, check_numbers(explorer)
    assert now.q == after_moves(before.q, 1, asked)

    # Past the top of the axis: 1, and Q gives red and green nothing, which P does not.
    asked = drag(explorer, f"Q[{BLUE}]", [400, 900, 1300])
    expect(range_input(explorer, f"Q[{BLUE}]")).to_have_value(str(STEPS))
    before, now = now, check_numbers(explorer)
    assert asked[-1] == STEPS and now.q == [0, 0, STEPS]
    assert now.readouts["KL(P||Q)"] == readout_text(float("inf"), "bits")
    # Past the bottom: 0.
    asked = drag(explorer, f"P[{BLUE}]", [300, 100, -250])
    expect(range_input(explorer, f"P[{BLUE}]")).to_have_value("0")
    before, now = now, check_numbers(explorer)
    assert asked[-1] == 0 and now.p == after_moves(before.p, 2, asked)
    assert_kernel_agrees(explorer)


def test_buttons_and_toggles(explorer):
    """Every button and toggle does what it says, and every number follows."""
    start = shown(explorer)

    action(explorer, "Swap P and Q").click()
    expect(field(explorer, f"P[{RED}]")).to_have_value(probability_text(Q_COUNTS[0]))
    now = check_numbers(explorer)
    assert (now.p, now.q) == (start.q, start.p)
    action(explorer, "Swap P and Q").click()
    expect(field(explorer, f"P[{RED}]")).to_have_value(probability_text(P_COUNTS[0]))

    action(explorer, "Set Q = P").click()
    expect(field(explorer, f"Q[{RED}]")).to_have_value(probability_text(P_COUNTS[0]))
    now = check_numbers(explorer)
    assert now.q == now.p == start.p
    assert now.readouts["KL(P||Q)"] == now.readouts["KL(Q||P)"] == readout_text(0.0, "bits")
    assert now.readouts["H(P,Q)"] == now.readouts["H(P)"]

    action(explorer, "Make P uniform").click()
    uniform = grid.apportion([1] * len(COLOURS), STEPS)
    expect(field(explorer, f"P[{RED}]")).to_have_value(probability_text(uniform[0]))
    assert check_numbers(explorer).p == uniform

    before = shown(explorer)
    action(explorer, "Random").click()
    explorer.page.wait_for_function(
        "([root, before]) => Array.from(root.querySelectorAll('input.bn-range')).map(r => r.value).join() !== before",
        arg=[explorer.element_handle(), ",".join(str(count) for count in before.ranges.values())])
    wait_until_still(explorer)
    check_numbers(explorer)

    # The target game: a target from the game's list, and how far KL(P‖Q) (in bits) is from it.
    game = explorer.locator("p.bn-game")
    targets = []
    for _ in range(2):
        action(explorer, "New target").click()
        expect(game).to_be_visible()
        wait_until_still(explorer)
        now = check_numbers(explorer)
        # Not there yet ("... = 0.50 bits (within 0.01). Now 1.927 bits: ..."), or, when the random P and Q
        # happen to be close enough already, reached ("... KL(P‖Q) = 0.505 bits is within 0.01 bits of 0.50 bits").
        playing = re.search(r"KL\(P‖Q\) = (\d+\.\d\d) bits \(within [\d.]+\)\. Now (\S+) bits", now.game)
        reached = re.search(r"Target reached: KL\(P‖Q\) = (\S+) bits is within ([\d.]+) bits of (\d+\.\d\d) bits",
                            now.game)
        assert playing or reached, now.game
        target, shown_kl = (playing.group(1), playing.group(2)) if playing else (reached.group(3), reached.group(1))
        targets.append(float(target))
        assert targets[-1] in TARGETS_BITS
        kl_bits = expected_readouts(now.p, now.q, "bits")["KL(P||Q)"]
        assert f"{shown_kl} bits" == kl_bits
        if reached:
            assert abs(float(shown_kl) - float(target)) <= float(reached.group(2))
    assert targets[0] != targets[1], "a new target must differ from the one before"

    action(explorer, "Reset").click()
    expect(game).to_be_hidden()
    now = check_numbers(explorer)
    assert (now.p, now.q) == (P_COUNTS, Q_COUNTS)

    for unit in ("nats", "hartleys", "bits"):
        toggle_button(explorer, "unit", unit).click()
        expect(toggle_button(explorer, "unit", unit)).to_have_attribute("aria-pressed", "true")
        wait_until_still(explorer)
        now = check_numbers(explorer)
        assert now.unit == unit and all(text.endswith(f" {unit}") for text in now.readouts.values())

    toggle_button(explorer, "view", "area").click()
    expect(chart(explorer, "terms").locator('rect[data-area^="entropy["]')).to_have_count(len(COLOURS))
    expect(chart(explorer, "kl").locator('rect[data-area^="cross["]')).to_have_count(len(COLOURS))
    assert check_numbers(explorer).view == "area"
    toggle_button(explorer, "unit", "nats").click()
    expect(toggle_button(explorer, "unit", "nats")).to_have_attribute("aria-pressed", "true")
    check_numbers(explorer)  # the area charts' titles in nats
    toggle_button(explorer, "view", "bars").click()
    expect(chart(explorer, "terms").locator("rect[data-term]")).to_have_count(2 * len(COLOURS))
    check_numbers(explorer)
    assert_kernel_agrees(explorer)


def test_events_editor(explorer):
    """Add, rename and remove events; a refused edit says why; Reset brings the notebook's events back."""
    editor = explorer.locator("details.bn-events-editor")
    editor.locator("summary").click()
    message = explorer.locator(".bn-message[role=alert]")

    editor.locator('button[data-action="Add event"]').click()
    expect(field(explorer, "P[event 4]")).to_have_value("0.000")
    now = check_numbers(explorer)
    assert now.events == [*COLOURS, "event 4"] and now.p == [*P_COUNTS, 0] and now.q == [*Q_COUNTS, 0]

    rename = editor.locator('input.bn-name[aria-label="name of event 1"]')
    rename.fill("crimson")
    rename.press("Tab")
    expect(field(explorer, "P[crimson]")).to_have_value(probability_text(P_COUNTS[0]))
    assert check_numbers(explorer).events == ["crimson", GREEN, BLUE, "event 4"]

    rename.fill(GREEN)
    rename.press("Tab")
    expect(message).to_contain_text(f'there is already an event called "{GREEN}"')
    expect(rename).to_have_value("crimson")
    assert shown(explorer).events == ["crimson", GREEN, BLUE, "event 4"]

    # Give the new event some probability, then remove it: the others share it in proportion.
    press(explorer, "P[event 4]", "PageUp")
    expect(range_input(explorer, "P[event 4]")).to_have_value("10")
    before = check_numbers(explorer)
    editor.locator(".bn-event-row").nth(3).locator('button[data-action="Remove"]').click()
    expect(field(explorer, "P[event 4]")).to_have_count(0)
    now = check_numbers(explorer)
    assert now.events == ["crimson", GREEN, BLUE] and now.message == ""
    assert now.p == grid.apportion(before.p[:3], STEPS) and now.q == grid.apportion(before.q[:3], STEPS)
    assert_kernel_agrees(explorer)

    action(explorer, "Reset").click()
    expect(field(explorer, f"P[{RED}]")).to_be_visible()
    now = check_numbers(explorer)
    assert (now.events, now.p, now.q) == (COLOURS, P_COUNTS, Q_COUNTS)


def test_rapid_drags_leave_what_a_fresh_view_draws(explorer, notebook):
    """Thirty quick drags, with no waiting in between: the charts are exactly those a new view of the same widget
    draws, and P and Q are where the pointer events say, in the page and in the kernel.

    The new view is a second display of the same widget (a cell showing
    ``pq_explorer`` again); its charts are compared as markup, with the
    per-chart pattern ids made the same.
    """
    rng = random.Random(3)
    drags = []
    for _ in range(30):
        name = f"{rng.choice('PQ')}[{rng.choice(COLOURS)}]"
        drags.append((name, [rng.randrange(0, STEPS + 1) for _ in range(4)]))
    expected = {"p": list(P_COUNTS), "q": list(Q_COUNTS)}
    for name, counts in drags:
        asked = drag(explorer, name, counts, within=rng.random())
        which = name[0].lower()
        expected[which] = after_moves(expected[which], COLOURS.index(name[2:-1]), asked)
    wait_for_kernel_quiet(notebook.page)
    wait_until_still(explorer)
    now = check_numbers(explorer)
    first = chart_markup(explorer)

    cell = add_and_run_cell(notebook.page, EXPLORER_NAME)
    second = cell.locator(ROOT)
    expect(second).to_have_count(1)
    wait_for_figures(notebook.page)
    wait_until_still(second)
    assert shown(second).state() == now.state()
    assert chart_markup(second) == first

    assert (now.p, now.q) == (expected["p"], expected["q"]), "the drags did not end where their pointer events say"
    assert_kernel_agrees(explorer)


def test_the_kernel_only_echoes_the_pages_moves(explorer):
    """The kernel answers the page's own moves with echoes only, never with a state update of its own.

    ipywidgets answers each change from the page with an "echo_update",
    which the page ignores while it has newer changes of its own on the way.
    A state the kernel sends of its own accord ("update") is applied by the
    page unconditionally: one that repeats an earlier move undoes the moves
    made since, so a quick drag jumps back and rescales from a stale state.
    A key press, a drag, a button, a toggle and a refused typed value must
    bring none.
    """
    page = explorer.page
    model_id = cell_stdout(add_and_run_cell(page, f"print({EXPLORER_NAME}.model_id)")).strip()
    wait_for_kernel_quiet(page)
    take_kernel_updates(page, model_id)  # what the kernel sent before: not this test's
    press(explorer, f"P[{RED}]", "ArrowUp")
    drag(explorer, f"Q[{GREEN}]", [300, 400, 500])
    action(explorer, "Swap P and Q").click()
    toggle_button(explorer, "unit", "nats").click()
    type_value(explorer, f"P[{BLUE}]", "abc")
    expect(explorer.locator(".bn-message[role=alert]")).to_be_visible()
    assert_kernel_agrees(explorer)
    updates = take_kernel_updates(page, model_id)
    assert not updates, (f"the kernel sent the page {len(updates)} widget updates of its own (the keys of each: "
                         f"{updates}) in answer to the page's own changes")


def test_axis_labels_say_their_values(explorer):
    """Every chart's tick labels are the values at their heights, whatever the scale the charts choose.

    At the start, with Q = P (the term charts then end at 1, ticks every
    0.25), with P uniform, in nats and in hartleys, and in the area view.
    """
    found = []

    def look(what: str) -> None:
        wait_until_still(explorer)
        check_numbers(explorer)
        found.extend(f"{what}: {problem}" for problem in axis_problems(explorer))

    look("start")
    action(explorer, "Set Q = P").click()
    look("Q = P")
    action(explorer, "Make P uniform").click()
    look("P uniform")
    for unit in ("nats", "hartleys"):
        toggle_button(explorer, "unit", unit).click()
        look(unit)
    toggle_button(explorer, "view", "area").click()
    look("area view")
    assert not found, "tick labels that are not the values at their heights:\n" + "\n".join(found)


# --------------------------------------------------------------------------------------------
# Layout: widths, themes, presentation

WIDTHS = (800, 1280, 1920)


def test_layout_widths_themes_presentation(explorer, notebook):
    """No overflow at 800, 1280 and 1920 px, light and dark, presentation off and on; projector-sized type.

    A second explorer with presentation=True is added in a new cell.  For each
    combination: no .bn-explorer is wider inside than its box, none is wider
    than its output area, nothing in it sticks out of it, and the notebook
    does not scroll sideways; a screenshot of each explorer is saved.  At
    1280×720 every text of the presentation explorer (chart text at its
    scale on screen, controls, buttons, readouts) is at least 24 px.
    """
    page = notebook.page
    cell = add_and_run_cell(page, "bn.explorers.DistributionExplorer(P, Q, colours, presentation=True)")
    projected = cell.locator(f"{ROOT}.bn-presentation")
    expect(projected).to_have_count(1)
    wait_for_figures(page)
    problems = []
    try:
        for theme in (LIGHT, DARK):
            set_theme(page, theme)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 720 if width == 1280 else 900})
                for view in distribution_explorers(page).all():
                    wait_until_still(view)
                problems += [(theme, width, problem) for problem in overflow_problems(page)]
                tag = f"{width}-{'dark' if theme == DARK else 'light'}"
                screenshot(explorer, artifacts_dir() / f"lab-03-explorer-{tag}.png")
                screenshot(projected, artifacts_dir() / f"lab-03-explorer-{tag}-presentation.png")
                if width == 1280:
                    small = text_under(projected, PRESENTATION_PX)
                    if small:
                        problems.append((theme, width, f"presentation text under {PRESENTATION_PX} px: {small}"))
    finally:
        set_theme(page, LIGHT)
    assert not problems, "\n".join(map(str, problems))
