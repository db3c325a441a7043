"""What ``import bitsandnats`` loads: the measures, not the pictures or the widgets.

Checked in a fresh interpreter, since this test process has imported
everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import bitsandnats as bn
value = bn.entropy([0.5, 0.5])
loaded = {name: name in sys.modules for name in ("matplotlib", "ipywidgets", "anywidget")}
bn.plots  # asking for the pictures loads matplotlib, and only then
after = "matplotlib" in sys.modules
print(json.dumps({"value": value, "loaded": loaded, "after": after}))
"""


def test_computing_a_number_loads_neither_matplotlib_nor_the_widgets():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(result.stdout)
    assert seen["value"] == 1.0
    assert seen["loaded"] == {"matplotlib": False, "ipywidgets": False, "anywidget": False}
    assert seen["after"] is True
