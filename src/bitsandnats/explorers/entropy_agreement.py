"""The SciPy agreement explorer (notebook 03): this package's H(P), KL(P ‖ Q) and H(P, Q) beside ``scipy.stats.entropy``."""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
import traitlets

from .. import measures, plots
from ..notation import number_text
from .distribution import TwoDistributions

__all__ = ["EntropyAgreementExplorer"]

_LABELS = {"H(P)": "H(P)", "KL(P||Q)": "KL(P‖Q)", "H(P,Q)": "H(P, Q)"}


@lru_cache(maxsize=4096)
def _scipy_values(p: tuple, q: tuple, base: float) -> tuple[float, float]:
    """SciPy's H(P) and KL(P ‖ Q); kept per state, since controls return to the same states often."""
    from scipy.stats import entropy as scipy_entropy

    return float(scipy_entropy(np.array(p), base=base)), float(scipy_entropy(np.array(p), np.array(q), base=base))


class EntropyAgreementExplorer(TwoDistributions):
    """This package's H(P), KL(P ‖ Q) and H(P, Q) beside ``scipy.stats.entropy``, for P and Q you move.

    The same controls as :class:`~bitsandnats.explorers.DistributionExplorer`;
    instead of charts, a table puts each number from
    :mod:`bitsandnats.measures` beside SciPy's and says what any difference
    means.  SciPy has no cross-entropy function: its H(P, Q) is
    ``entropy(p) + entropy(p, q)``.  The numbers are computed in the kernel
    (SciPy is a Python library): the widget shows them only while they belong
    to the distributions on screen, and says so when no kernel answers (on a
    static page).

    Parameters
    ----------
    p, q : sequence of float
        The starting distributions, on the grid of 0.001.
    events : sequence of str
        One distinct name per event, 2 to 10 of them.
    base : float, keyword-only
        Unit: 2 (bits, default), e (nats) or 10 (hartleys).
    presentation : bool, keyword-only
        Large type and controls, for a projector.

    Examples
    --------
    >>> explorer = EntropyAgreementExplorer([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"])
    >>> values = explorer.readouts()
    >>> abs(values["KL(P||Q)"] - values["KL(P||Q) SciPy"]) < 1e-12
    True
    >>> explorer.set({"Q[blue]": 0.0})
    >>> explorer.readouts()["KL(P||Q) SciPy"]
    inf
    """

    title = "Agreement with SciPy"
    _module = "entropy_agreement"

    #: The kernel's numbers for one state: {"for": state key, "rows": [[key, label, text], ...], "notes": [...]}.
    computed = traitlets.Dict().tag(sync=True)

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False):
        import scipy.stats  # noqa: F401  (fail here, not at the first move, if SciPy is missing)

        super().__init__(p, q, events, base=base, presentation=presentation)
        self.observe(self._answer, names=["events", "p", "q", "unit"])
        self._answer()

    def state_key(self) -> str:
        """The state the numbers belong to, written as the browser writes it (``JSON.stringify``)."""
        return json.dumps([self.events, self.p, self.q, self.unit], separators=(",", ":"), ensure_ascii=False)

    def readouts(self) -> dict[str, float]:
        p, q = self.distributions()
        base = self.base
        ours = {"H(P)": measures.entropy(p, base=base), "KL(P||Q)": measures.kl_divergence(p, q, base=base),
                "H(P,Q)": measures.cross_entropy(p, q, base=base)}
        scipy_h, scipy_kl = _scipy_values(tuple(p), tuple(q), base)
        theirs = {"H(P)": scipy_h, "KL(P||Q)": scipy_kl, "H(P,Q)": scipy_h + scipy_kl}
        values = {}
        for key in ours:
            values[key] = ours[key]
            values[f"{key} SciPy"] = theirs[key]
        return values

    def _rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for key, value in self.readouts().items():
            name = key.removesuffix(" SciPy")
            source = "SciPy" if key.endswith(" SciPy") else "bitsandnats"
            rows.append((key, f"{_LABELS[name]}, {source}", f"{number_text(value, 6)} {self.unit}"))
        return rows

    def _notes(self) -> list[str]:
        values = self.readouts()
        p, q = self.distributions()
        notes = []
        largest = 0.0
        for key in _LABELS:
            ours, theirs = values[key], values[f"{key} SciPy"]
            if math.isinf(ours) or math.isinf(theirs):
                if ours != theirs:  # pragma: no cover - would be a bug in one of the two
                    notes.append(f"{_LABELS[key]}: one is ∞ and the other is not.")
                continue
            largest = max(largest, abs(ours - theirs))
        if any((qx == 0 and px > 0) for px, qx in zip(p, q)):
            notes.append("Q gives an event of P probability 0: both libraries say H(P, Q) and KL(P‖Q) are ∞.")
        if largest == 0:
            notes.append("Every finite value is identical, to the last bit of a float64.")
        else:
            notes.append(f"The finite values differ by at most {largest:.1e} {self.unit}: rounding in the last "
                         f"digits of a float64, because the two libraries add up the terms differently.")
        if (p == 0).any():
            notes.append("P gives some event probability 0: both libraries count its term as 0 (0 · log 0 = 0).")
        notes.append("SciPy rescales input that does not sum to 1 without a word, and bitsandnats refuses it; the "
                     "controls keep both sums at exactly 1, so that difference cannot show here.")
        return notes

    def _answer(self, _change=None) -> None:
        """Compute the table for the state on screen and send it with the state it belongs to."""
        self.computed = {"for": self.state_key(), "rows": [list(row) for row in self._rows()],
                         "notes": self._notes()}

    def _summary_rows(self) -> list[tuple[str, str]]:
        rows = super()._summary_rows()[:2]  # P and Q
        return rows + [(label, text) for _key, label, text in self._rows()]

    def still_figure(self):
        p, q = self.distributions()
        return plots.distributions(p, q, self.events, presentation=self.presentation,
                                   title="P and Q (numbers beside SciPy's in the live table)")
