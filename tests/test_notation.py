"""bitsandnats.notation: the names of the units of information, and names typeset with subscripts.

number_text, amount, log_symbol and nats_in are checked by their doctests and,
as the explorers and figures use them, by tests/test_explorer_*.py and
tests/test_plots_*.py; a base that is not one is refused in
tests/test_validation.py.
"""

from __future__ import annotations

import json
import math
import subprocess
from importlib import resources

import numpy as np
import pytest
from explorer_checks import node

import bitsandnats as bn
from bitsandnats import notation


def module_source_file(name: str) -> str:
    return resources.files("bitsandnats.explorers").joinpath(name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("base", "name"),
    [(2, "bits"), (2.0, "bits"), (np.float64(2), "bits"), (math.e, "nats"), (np.e, "nats"), (10, "hartleys"), (3, "base-3 units"), (0.5, "base-0.5 units")],
)
def test_units_names_the_unit_of_a_base(base, name):
    assert bn.units(base) == name


# --- typeset names: p_T, H_Δ ---------------------------------------------------------------------

#: Names the notebooks and explorers write, and look-alikes that must stay as they are.
TYPESET_CASES = [
    "KL(p_T ‖ q_T) = 0.1242 nats",
    "entropy of the soft targets H(p_T)",
    "gap H_Δ − (h − ln Δ)",
    "KL(P‖Q_f), what it minimises",
    "σ_1 and x_2",
    "teacher_logits, student_logits, q_cat",
    "a_b_c",
    "x_1y",
    "_T at the start",
    "H(P, Q) = 1.75 bits",
    "",
]


def test_typeset_html_lowers_one_letter_subscripts_and_escapes_the_rest():
    assert notation.typeset_html("H(p_T) < 2") == "H(p<sub>T</sub>) &lt; 2"
    assert notation.typeset_html("gap H_Δ") == "gap H<sub>Δ</sub>"
    assert notation.typeset_html("teacher_logits & q_cat") == "teacher_logits &amp; q_cat"
    assert notation.typeset_html("<sub>") == "&lt;sub&gt;"


@pytest.mark.parametrize("bad", [None, 3, b"p_T", ["p_T"], "two\nlines"])
def test_typeset_html_refuses_what_is_not_one_line_of_text(bad):
    with pytest.raises(ValueError, match="text must be"):
        notation.typeset_html(bad)


def test_lines_show_plain_text_to_nbval_and_typeset_html_to_a_notebook():
    shown = notation.Lines("Δ = 1     H_Δ = 1.4590 nats", "", "Δ = 0.5   H_Δ = 2.1224 nats")
    assert repr(shown) == "Δ = 1     H_Δ = 1.4590 nats\n\nΔ = 0.5   H_Δ = 2.1224 nats"
    assert shown._repr_html_() == ('<pre class="bn-lines">\nΔ = 1     H<sub>Δ</sub> = 1.4590 nats\n\n'
                                   'Δ = 0.5   H<sub>Δ</sub> = 2.1224 nats</pre>')


@pytest.mark.parametrize(("lines", "message"), [((), "at least one line"), (("ok", 2.5), r"lines\[1\] must be a string"),
                                                (("a\nb",), r"lines\[0\] must be one line")])
def test_lines_refuse_what_is_not_lines_of_text(lines, message):
    with pytest.raises(ValueError, match=message):
        notation.Lines(*lines)


def test_the_explorers_pages_typeset_the_same_names_as_python(tmp_path):
    """svg.js's ``typeset`` (readouts, legends, notes) and ``spoken`` (tooltips, labels for screen readers)."""
    command = node()
    (tmp_path / "svg.mjs").write_text(module_source_file("svg.js"), encoding="utf-8")
    driver = tmp_path / "driver.mjs"
    driver.write_text(f"""
// Just enough of a document for h("sub", {{ text }}): the nodes are read back as HTML.
globalThis.document = {{ createElement: (tag) => ({{ tag, textContent: "", setAttribute() {{}} }}) }};
const {{ typeset, spoken }} = await import("./svg.mjs");
const html = (nodes) => nodes.map((n) => typeof n === "string" ? n : `<${{n.tag}}>${{n.textContent}}</${{n.tag}}>`).join("");
const cases = {json.dumps(TYPESET_CASES)};
console.log(JSON.stringify(cases.map((text) => [html(typeset(text)), spoken(text)])));
""", encoding="utf-8")
    run = subprocess.run([command, str(driver)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    for text, (html, spoken) in zip(TYPESET_CASES, json.loads(run.stdout)):
        assert html == notation.typeset_html(text), text
        assert spoken == notation._SUBSCRIPT.sub(r" sub \1", text), text
