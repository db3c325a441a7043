"""The DistributionExplorer of notebook 03, driven from the keyboard in a real JupyterLab, as a learner would.

Each test opens notebook 03 (a fresh kernel), runs it all from the Run menu
and finds the live explorer (sliders P[...] and Q[...], the unit toggle, the
ipympl figure, the readout table).  Expected readouts are computed here with
bitsandnats' public functions and printed the way the explorer prints them
(three decimals, ∞), never written down.

* test_keyboard_infinity_and_units: an arrow key moves P[red] one step and
  the readouts follow; Reset restores the starting readouts exactly; Home
  drives Q[blue] to 0 and H(P, Q) and KL(P‖Q) become ∞ (H(P) unchanged);
  the nats button switches every readout to nats with the right values.
  Every readout is compared with the package's value for the new P and Q
  (bitsandnats.measures.rebalance).  A screenshot of the explorer goes to
  artifacts/.
* test_key_latency: 20 arrow-key presses on P[red]; per press, the time to
  the readout's new text and to the figure's next frame, measured in the page.
  Medians go to artifacts/browser-key-latency.json and the end of the run;
  nothing is asserted about speed, only that every press changed the readouts
  and redrew the figure.
"""

from __future__ import annotations

import json
import math
import re
import time

import bitsandnats as bn

from .explorer_page import (COLOURS, NOTEBOOK, P, Q, STEP, amount, distribution_explorer, expect, expected_readouts,
                            latency_stats, number, press, read_readouts, read_sliders, readout, slider, slider_handle,
                            slider_text, start_watching, unit_button, wait_until_settled, watch_kernel)
from .jupyter_browser import (LATENCY_PROBE_JS, artifacts_dir, measure_key_latency, open_notebook, page_errors,
                              run_all, shut_down_kernels, wait_for_figures)

def open_explorer(page, lab):
    """Open 03 in a fresh workspace, Run All, and return its DistributionExplorer, settled."""
    watch_kernel(page)
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    wait_for_figures(page)
    errors = page_errors(page)
    assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
    explorer = distribution_explorer(page)
    expect(explorer).to_have_count(1)
    explorer.scroll_into_view_if_needed()
    start_watching(explorer)
    wait_until_settled(page)
    return explorer


def _screenshot_on_failure(page, name: str):
    try:
        page.screenshot(path=str(artifacts_dir() / f"{name}-failure.png"), full_page=True)
    except Exception:  # the page may be gone; the failure itself matters more
        pass


def test_keyboard_infinity_and_units(lab, page):
    try:
        explorer = open_explorer(page, lab)
        assert read_sliders(explorer) == {f"{d}[{c}]": slider_text(v) for d, dist in (("P", P), ("Q", Q))
                                          for c, v in zip(COLOURS, dist)}
        start = expected_readouts(P, Q)
        assert read_readouts(explorer) == start

        # One step right on P[red]: its slider moves one step, the other P sliders are rescaled, and
        # every readout is the package's value for the new P (the readouts settle once: a rescaled
        # slider sits on a step, so the browser sends nothing back).
        press(page, explorer, "P[red]", "ArrowRight")
        expect(slider(explorer, "P[red]").locator(".widget-readout")).to_have_text(slider_text(P[0] + STEP))
        new_p = bn.rebalance(P, 0, round(P[0] + STEP, 10))
        moved = expected_readouts(new_p, Q)
        expect(readout(explorer, "H(P, Q)")).to_have_text(moved["H(P, Q)"])
        wait_until_settled(page)
        assert read_readouts(explorer) == moved
        # More weight on red, the colour Q believes in most: the cross-entropy goes down.
        assert number(moved["H(P, Q)"]) < number(start["H(P, Q)"])

        # Reset: back to the starting distributions, exactly.
        explorer.get_by_role("button", name="Reset", exact=True).click()
        expect(readout(explorer, "H(P, Q)")).to_have_text(start["H(P, Q)"])
        wait_until_settled(page)
        assert read_readouts(explorer) == start

        # Home drives Q[blue] to 0: blue, half of P, becomes impossible under Q.
        press(page, explorer, "Q[blue]", "Home")
        expect(slider(explorer, "Q[blue]").locator(".widget-readout")).to_have_text(slider_text(0.0))
        q_no_blue = bn.rebalance(Q, len(Q) - 1, 0.0)
        infinite = expected_readouts(P, q_no_blue)
        assert infinite["H(P, Q)"] == infinite["KL(P‖Q)"] == amount(math.inf, "bits")
        expect(readout(explorer, "KL(P‖Q)")).to_have_text(infinite["KL(P‖Q)"])
        expect(readout(explorer, "H(P, Q)")).to_have_text(infinite["H(P, Q)"])
        expect(explorer.get_by_role("status")).to_contain_text(f"Q gives {COLOURS[-1]} probability 0")
        wait_until_settled(page)
        bits = read_readouts(explorer)
        assert bits == infinite
        # Q's own readouts stay finite: Q is 0 only where it says so itself.
        for label in ("H(Q)", "H(Q, P)", "KL(Q‖P)"):
            assert math.isfinite(number(bits[label])), (label, bits)

        # The nats button: every readout in nats, with the right values.
        nats_button = unit_button(explorer, "nats")
        nats_button.click()
        expect(nats_button).to_have_class(re.compile(r"\bmod-active\b"))
        in_nats = expected_readouts(P, q_no_blue, base=math.e)
        expect(readout(explorer, "H(P)")).to_have_text(in_nats["H(P)"])
        wait_until_settled(page)
        nats = read_readouts(explorer)
        assert set(nats) == set(bits)
        assert all(text.endswith(" " + bn.units(math.e)) for text in nats.values()), nats
        assert nats == in_nats

        explorer.screenshot(path=str(artifacts_dir() / "lab-03-distribution-explorer.png"))
        errors = page_errors(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
    except BaseException:
        _screenshot_on_failure(page, "lab-03-distribution-explorer")
        raise
    finally:
        shut_down_kernels(lab, NOTEBOOK)


# --------------------------------------------------------------------------------------------
# Latency: measured and reported, not asserted

PRESSES = ["ArrowRight"] * 10 + ["ArrowLeft"] * 10
SUMMARY_PLUGIN = "bitsandnats-key-latency"


class _LatencySummary:
    """Prints the key-press latencies at the end of the run, like the Run All times (registered on first use)."""

    def __init__(self):
        self.stats: dict[str, dict] = {}

    def pytest_terminal_summary(self, terminalreporter):
        for title, stats in self.stats.items():
            terminalreporter.write_sep("-", f"{title}, ms from keydown (in the page)")
            for key, label in (("readout_ms", "readout text changed"), ("canvas_ms", "figure redrawn (first frame)"),
                               ("last_readout_ms", "last readout change"), ("last_canvas_ms", "last frame")):
                if key in stats:
                    s = stats[key]
                    terminalreporter.write_line(f"  {label:<30} median {s['median']:6.1f}   p90 {s['p90']:6.1f}   "
                                                f"min {s['min']:6.1f}   max {s['max']:6.1f}   (n={s['n']})")


def _report_latency(config, title: str, stats: dict) -> None:
    plugin = config.pluginmanager.get_plugin(SUMMARY_PLUGIN)
    if plugin is None:
        plugin = _LatencySummary()
        config.pluginmanager.register(plugin, SUMMARY_PLUGIN)
    plugin.stats[title] = stats


def test_key_latency(lab, page, request):
    try:
        explorer = open_explorer(page, lab)
        explorer.evaluate(LATENCY_PROBE_JS)
        presses = measure_key_latency(page, slider_handle(explorer, "P[red]"), PRESSES)
        stats = latency_stats(presses)
        _report_latency(request.config, f"DistributionExplorer (03) in JupyterLab, {len(presses)} arrow-key presses",
                        stats)
        (artifacts_dir() / "browser-key-latency.json").write_text(json.dumps({
            "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "notebook": NOTEBOOK, "slider": "P[red]",
            "median_ms": {key: value["median"] for key, value in stats.items()},
            "stats_ms": stats, "presses": presses}, indent=2))
        no_readout = [i for i, p in enumerate(presses) if p["readout_ms"] is None or not p["text_changed"]]
        no_redraw = [i for i, p in enumerate(presses) if p["canvas_ms"] is None or not p["canvas_changed"]]
        assert not no_readout, f"presses {no_readout} of {PRESSES} left the readouts unchanged: {presses}"
        assert not no_redraw, f"presses {no_redraw} of {PRESSES} did not redraw the figure: {presses}"
        # The presses went where they were sent: right 10 steps and back again.
        expect(slider(explorer, "P[red]").locator(".widget-readout")).to_have_text(slider_text(P[0]))
    except BaseException:
        _screenshot_on_failure(page, "lab-03-key-latency")
        raise
    finally:
        shut_down_kernels(lab, NOTEBOOK)
