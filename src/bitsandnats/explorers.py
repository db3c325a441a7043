"""Live explorers: sliders, buttons and figures that answer as you drag them.

Each explorer wires ipywidgets controls to numbers from
:mod:`bitsandnats.measures` and to a live panel from :mod:`bitsandnats.plots`
(a figure built once, then updated in place).  The figures are plain
:class:`matplotlib.figure.Figure` objects wrapped in ipympl's canvas widget
directly, so no ``%matplotlib widget`` magic is needed and the notebooks keep
their static PNG figures (:func:`bitsandnats.plots.show`) beside the live ones.

The explorers, by notebook:

* :class:`CoinExplorer` (02): a coin's place on the binary entropy curve, and
  the average surprise of N tosses against the entropy;
* :class:`DistributionExplorer` (03): P and Q over named events, every
  event's share of H(P), H(P, Q) and KL(P ‖ Q), in bits, nats or hartleys;
* :class:`EntropyAgreementExplorer` (03): the same sliders, with this
  package's numbers beside ``scipy.stats.entropy``;
* :class:`LogLossExplorer` (04): one slider per prediction, each example's loss
  and the mean, and the examples on the curve -ln q;
* :class:`LossAgreementExplorer` (04): one prediction pushed towards 0 or 1,
  with its loss from this package, scikit-learn and Keras side by side;
* :class:`TemperatureExplorer` (06): the temperature reshaping soft targets
  and the distillation loss;
* :class:`BinningExplorer` (07): bin width Δ and spread σ, the entropy of the
  bins against h - log Δ.

Every explorer shares one interface, used by the notebooks and the tests:

* it displays itself in a notebook (the widget, plus a short text summary of
  its readouts as ``text/plain``, which is what nbval compares);
* ``.sliders`` maps a readable name (``"P[red]"``, ``"p(heads)"``, ``"T"``) to
  its ipywidgets slider, ``.controls`` the other controls (unit toggles,
  choices) and ``.buttons`` the buttons;
* ``.readouts()`` maps each readout's name (``"H(P)"``, ``"KL(P||Q)"``) to the
  number shown, and ``.summary()`` gives them as text with their units;
* ``.set(**values)``, or setting a slider's ``.value``, updates everything
  exactly as a user's drag does: one move, one recomputation, one redraw.

Examples
--------
>>> from bitsandnats.explorers import DistributionExplorer
>>> explorer = DistributionExplorer([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"])
>>> round(explorer.readouts()["H(P,Q)"], 3)
3.288
>>> explorer.set(**{"Q[blue]": 0.0})
>>> explorer.readouts()["KL(P||Q)"]
inf
"""

from __future__ import annotations

import html
import itertools
import math
import os
import warnings
from collections import namedtuple
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from . import measures, plots
from .validation import check_distribution, check_probabilities

__all__ = [
    "CoinExplorer",
    "DistributionExplorer",
    "EntropyAgreementExplorer",
    "LogLossExplorer",
    "LossAgreementExplorer",
    "TemperatureExplorer",
    "BinningExplorer",
]

#: The units an explorer can switch between: label and logarithm base.
UNITS = (("bits", 2.0), ("nats", math.e), ("hartleys", 10.0))

# One readout: its key in readouts(), the number, its unit, how it is printed,
# and how it is written for people (HTML).
Readout = namedtuple("Readout", "key value unit digits label")

_FIGURE_NUMBERS = itertools.count(1)


def _number_text(value: float, digits: str) -> str:
    """A readout's number as text: ∞ for infinity, a proper minus sign, no "-0.000"."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = format(value, digits)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


def _amount(readout: Readout) -> str:
    text = _number_text(readout.value, readout.digits)
    return f"{text} {readout.unit}" if readout.unit else text


def _on_a_step(slider, value: float) -> float:
    """``value`` moved to the nearest position of a linear slider's steps (any other control: unchanged)."""
    step = getattr(slider, "step", None)
    if not step or type(slider).__name__ == "FloatLogSlider":
        return value
    steps = round((value - slider.min) / step)
    return min(max(round(slider.min + steps * step, 12), slider.min), slider.max)


def _canvas(figure):
    """Wrap a figure in ipympl's canvas widget, without pyplot, toolbar, header or footer."""
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(figure)
    with warnings.catch_warnings():
        # ipympl's toolbar passes the canvas on to traitlets, which warns about it; not ours to fix.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="traitlets")
        FigureManager(canvas, next(_FIGURE_NUMBERS))
    canvas.toolbar_visible = False
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    return canvas


class _Explorer:
    """What every explorer shares: readouts, set(), the display and the update cycle."""

    title = "Explorer"

    def __init__(self, *, presentation: bool = False):
        self.presentation = bool(presentation)
        self.sliders: dict[str, widgets.Widget] = {}
        self.controls: dict[str, widgets.Widget] = {}
        self.buttons: dict[str, widgets.Button] = {}
        self.figure = None
        self.canvas = None
        self.panel = None
        #: How many times the explorer has recomputed and redrawn (one per move).
        self.updates = 0
        self._busy = False  # set while the explorer itself moves sliders
        self._readouts: list[Readout] = []
        self._notes: list[str] = []
        self.readout_html = widgets.HTML(layout=widgets.Layout(margin="4px 0 0 0"))
        # One layout and one style shared by all sliders (a notebook stores each widget model once).
        self._slider_layout = widgets.Layout(width="340px" if self.presentation else "260px")
        self._slider_style = widgets.SliderStyle(description_width="initial")
        self._button_layout = widgets.Layout(width="auto")
        self.widget: widgets.Widget | None = None

    # -- the shared interface -------------------------------------------------------

    def readouts(self) -> dict[str, float]:
        """Each readout's name mapped to the number it shows (in the explorer's current unit)."""
        return {readout.key: readout.value for readout in self._readouts}

    def summary(self) -> str:
        """The readouts as text, one per line, each with its unit."""
        return "\n".join(f"{readout.label} = {_amount(readout)}" for readout in self._readouts)

    def set(self, values=None, /, **kwargs) -> None:
        """Move sliders or controls by name, one after another, each exactly as a user's drag.

        Names with brackets do not fit keyword syntax: pass a dict
        (``explorer.set({"P[red]": 0.2})``) or unpack one
        (``explorer.set(**{"P[red]": 0.2})``).
        """
        moves = dict(values or {}, **kwargs)
        known = {**self.sliders, **self.controls}
        for name in moves:
            if name not in known:
                raise KeyError(f"{self.title} has no slider or control named {name!r}; "
                               f"it has {', '.join(map(repr, known))}")
        for name, value in moves.items():
            known[name].value = value

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self._one_line()
        return bundle

    def __repr__(self) -> str:
        return self._one_line()

    # -- for subclasses ------------------------------------------------------------------

    def _one_line(self) -> str:
        shown = ", ".join(f"{readout.key}={_amount(readout)}" for readout in self._readouts)
        return f"{self.title}: {shown}"

    def _slider(self, name: str, value: float, *, minimum: float = 0.0, maximum: float = 1.0, step: float = 0.01,
                digits: str = ".2f", kind=widgets.FloatSlider, **options):
        slider = kind(value=value, min=minimum, max=maximum, step=step, description=name, readout_format=digits,
                      continuous_update=True, style=self._slider_style, layout=self._slider_layout, **options)
        self.sliders[name] = slider
        return slider

    def _attach(self) -> None:
        """Build the live panel once and wrap its figure in a canvas widget."""
        self.panel = self._new_panel()
        self.figure = self.panel.figure
        self.canvas = _canvas(self.figure)

    def _new_panel(self):  # pragma: no cover - explorers with a figure define it
        """A fresh panel (figure and artists) for this explorer; drawn on by ``_compute``."""
        raise NotImplementedError

    # Cached pieces of a panel (curves) that ``_compute`` only redraws when they change;
    # cleared when a panel is new (see benchmarks/explorers.py, which rebuilds panels).
    _PANEL_CACHES: tuple[str, ...] = ()

    def _button(self, name: str, description: str, tooltip: str, action) -> widgets.Button:
        button = widgets.Button(description=description, tooltip=tooltip,
                                layout=self._button_layout)
        button.on_click(lambda _button: action())
        self.buttons[name] = button
        return button

    def _show_readouts(self) -> None:
        size = "1.35em" if self.presentation else "0.95em"
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left;padding-right:1em;font-weight:normal'>"
            f"{html.escape(readout.label)}</th><td style='text-align:right'><b>"
            f"{html.escape(_amount(readout))}</b></td></tr>"
            for readout in self._readouts)
        notes = "".join(f"<p style='margin:0.3em 0'>{note}</p>" for note in self._notes)
        self.readout_html.value = (f"<div role='status' aria-live='polite' style='font-size:{size}'>"
                                   f"<table>{rows}</table>{notes}</div>")

    def _refresh(self) -> None:
        """Recompute, update the panel in place, show the readouts, redraw what moved."""
        self._compute()
        self._show_readouts()
        if self.panel is not None:
            self.panel.redraw()
        self.updates += 1

    def _compute(self) -> None:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def _moved(self, _change=None) -> None:
        if not self._busy:
            self._refresh()

    def _push(self, sliders, values) -> None:
        """Move sliders to new values without each move answering on its own.

        A value between two of a slider's steps is shown at the nearest step:
        the browser would snap it there anyway and send the snapped value back
        as if the reader had moved that slider, which would rescale the
        distribution a second time.  The explorer keeps the exact values (its
        readouts use them); the sliders show them to their step.
        """
        self._busy = True
        try:
            for slider, value in zip(sliders, values):
                slider.value = _on_a_step(slider, float(value))
        finally:
            self._busy = False


class _TwoDistributions(_Explorer):
    """Sliders for P and Q over named events; moving one rescales the rest of its distribution."""

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False):
        super().__init__(presentation=presentation)
        p = check_distribution(p, "p")
        q = check_distribution(q, "q")
        self.events = [str(event) for event in events]
        if p.ndim != 1 or q.shape != p.shape or len(self.events) != p.shape[0] or p.shape[0] < 2:
            raise ValueError(f"p and q must be one-dimensional distributions over the same events (at least two), "
                             f"one per name in events; got shapes {p.shape}, {q.shape} and {len(self.events)} names")
        self._preset = (p.copy(), q.copy())
        self.p, self.q = p.copy(), q.copy()
        measures.units(base)  # checks the base
        self.p_sliders = [self._slider(f"P[{event}]", value, digits=".3f") for event, value in zip(self.events, p)]
        self.q_sliders = [self._slider(f"Q[{event}]", value, digits=".3f") for event, value in zip(self.events, q)]
        for index, slider in enumerate(self.p_sliders):
            slider.observe(lambda change, index=index: self._dragged("p", index, change["new"]), names="value")
        for index, slider in enumerate(self.q_sliders):
            slider.observe(lambda change, index=index: self._dragged("q", index, change["new"]), names="value")
        self.unit_toggle = widgets.ToggleButtons(options=list(UNITS), value=self._known_base(base),
                                                 description="unit", style={"button_width": "auto"},
                                                 tooltips=["base 2", "base e", "base 10"])
        self.unit_toggle.observe(self._moved, names="value")
        self.controls["unit"] = self.unit_toggle

    @staticmethod
    def _known_base(base: float) -> float:
        for _name, value in UNITS:
            if math.isclose(float(base), value, rel_tol=1e-12):
                return value
        raise ValueError(f"base must be 2 (bits), e (nats) or 10 (hartleys) in an explorer, got {base!r}")

    @property
    def base(self) -> float:
        """The logarithm base of the readouts: 2, e or 10."""
        return self.unit_toggle.value

    @property
    def unit(self) -> str:
        """The unit of the readouts: "bits", "nats" or "hartleys"."""
        return measures.units(self.base)

    def _dragged(self, which: str, index: int, value: float) -> None:
        if self._busy:
            return
        sliders = self.p_sliders if which == "p" else self.q_sliders
        current = self.p if which == "p" else self.q
        new = measures.rebalance(current, index, min(max(float(value), 0.0), 1.0))
        if which == "p":
            self.p = new
        else:
            self.q = new
        self._push([s for i, s in enumerate(sliders) if i != index], [v for i, v in enumerate(new) if i != index])
        self._refresh()

    def _set_both(self, p, q) -> None:
        self.p, self.q = np.array(p, dtype=float), np.array(q, dtype=float)
        self._push(self.p_sliders + self.q_sliders, np.concatenate([self.p, self.q]))
        self._refresh()

    def reset(self) -> None:
        """Back to the distributions the explorer was made with."""
        self._set_both(*self._preset)

    def swap(self) -> None:
        """Exchange P and Q."""
        self._set_both(self.q, self.p)

    def copy_p_to_q(self) -> None:
        """Make Q equal to P (KL(P‖Q) becomes 0, H(P, Q) becomes H(P))."""
        self._set_both(self.p, self.p)

    def make_p_uniform(self) -> None:
        """Give every event the same probability under P."""
        self._set_both(np.full(self.p.shape, 1.0 / self.p.shape[0]), self.q)

    def _zero_notes(self) -> list[str]:
        notes = []
        for first, second, first_name, second_name in ((self.p, self.q, "P", "Q"), (self.q, self.p, "Q", "P")):
            ruled_out = [self.events[i] for i in np.flatnonzero((second == 0) & (first > 0))]
            if ruled_out:
                names = ", ".join(html.escape(name) for name in ruled_out)
                notes.append(
                    f"⚠ {second_name} gives <b>{names}</b> probability 0, but {first_name} does not: an outcome "
                    f"of {first_name} that {second_name} calls impossible has infinite surprise, so "
                    f"H({first_name},{second_name}) and KL({first_name}‖{second_name}) are ∞.")
        return notes


class DistributionExplorer(_TwoDistributions):
    r"""Two distributions P and Q over named events, every term of H(P), H(P, Q) and KL(P ‖ Q), live.

    One slider per event for P and one for Q.  Moving a slider rescales the
    other events of that distribution in proportion, so it stays a
    distribution (if the others are all 0 they share the rest evenly); see
    :func:`bitsandnats.measures.rebalance`.  The figure shows P and Q as bars
    (Q hatched), each event's terms :math:`-P\log P` and :math:`-P\log Q`, and
    its signed KL term :math:`P\log(P/Q)`; the readouts give H(P), H(Q),
    H(P, Q), H(Q, P), KL(P ‖ Q) and KL(Q ‖ P) in bits, nats or hartleys.
    Where Q is 0 but P is not, the readouts say ∞ and the offending bars are
    marked; nothing raises.

    Buttons: reset to the starting distributions, swap P and Q, set Q = P,
    make P uniform.

    Parameters
    ----------
    p, q : array_like
        The starting distributions (also what "reset" returns to).
    events : sequence of str
        One name per event, at least two.
    base : float, keyword-only
        Starting unit: 2 (bits, default), e (nats) or 10 (hartleys).
    presentation : bool, keyword-only
        Large fonts, thick bars and wide sliders, for a projector.

    Examples
    --------
    >>> explorer = DistributionExplorer([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"])
    >>> {name: round(value, 3) for name, value in explorer.readouts().items()}
    {'H(P)': 1.361, 'H(Q)': 0.884, 'H(P,Q)': 3.288, 'H(Q,P)': 2.906, 'KL(P||Q)': 1.927, 'KL(Q||P)': 2.022}
    >>> explorer.set({"P[red]": 0.55})
    >>> explorer.p.round(4).tolist()
    [0.55, 0.2, 0.25]
    """

    title = "Distribution explorer"

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False):
        super().__init__(p, q, events, base=base, presentation=presentation)
        self._attach()
        buttons = [
            self._button("reset", "Reset", "back to the starting P and Q", self.reset),
            self._button("swap", "Swap P and Q", "exchange the two distributions", self.swap),
            self._button("Q = P", "Set Q = P", "make the belief equal to the truth", self.copy_p_to_q),
            self._button("uniform P", "Make P uniform", "every event equally likely under P", self.make_p_uniform),
        ]
        heading = "<b>{}</b>"
        self.widget = widgets.VBox([
            widgets.HBox([
                widgets.VBox([widgets.HTML(heading.format("P, the truth")), *self.p_sliders]),
                widgets.VBox([widgets.HTML(heading.format("Q, the belief (hatched)")), *self.q_sliders]),
                widgets.VBox([self.unit_toggle, widgets.HBox(buttons[:2]), widgets.HBox(buttons[2:])]),
            ], layout=widgets.Layout(flex_flow="row wrap")),
            self.canvas,
            self.readout_html,
        ])
        self._refresh()

    def _new_panel(self):
        return plots.DistributionPanel(self.events, presentation=self.presentation)

    def _compute(self) -> None:
        p, q, base, unit = self.p, self.q, self.base, self.unit
        # Each measure once for the batch of both directions: (P, Q) and (Q, P).
        forward, backward = np.stack([p, q]), np.stack([q, p])
        h_p, h_q = (float(value) for value in measures.entropy(forward, base=base))
        h_pq, h_qp = (float(value) for value in measures.cross_entropy(forward, backward, base=base))
        kl_pq, kl_qp = (float(value) for value in measures.kl_divergence(forward, backward, base=base))
        entropy_terms, cross_terms = measures.cross_entropy_terms(np.stack([p, p]), np.stack([p, q]), base=base)
        self._readouts = [
            Readout("H(P)", h_p, unit, ".3f", "H(P)"),
            Readout("H(Q)", h_q, unit, ".3f", "H(Q)"),
            Readout("H(P,Q)", h_pq, unit, ".3f", "H(P, Q)"),
            Readout("H(Q,P)", h_qp, unit, ".3f", "H(Q, P)"),
            Readout("KL(P||Q)", kl_pq, unit, ".3f", "KL(P‖Q)"),
            Readout("KL(Q||P)", kl_qp, unit, ".3f", "KL(Q‖P)"),
        ]
        notes = self._zero_notes()
        if math.isfinite(h_pq):
            notes.append(f"H(P) + KL(P‖Q) = {_number_text(h_p, '.3f')} + {_number_text(kl_pq, '.3f')} = "
                         f"{_number_text(h_pq, '.3f')} {unit} = H(P, Q): the unavoidable part plus the price of "
                         f"believing Q.")
        self._notes = notes
        self.panel.update(p, q, entropy_terms, cross_terms, measures.kl_terms(p, q, base=base),
                          h_p=h_p, h_pq=h_pq, kl_pq=kl_pq, unit=unit)


class EntropyAgreementExplorer(_TwoDistributions):
    """This package's H(P), KL(P ‖ Q) and H(P, Q) beside ``scipy.stats.entropy``, live.

    The same sliders as :class:`DistributionExplorer` (moving one rescales
    the rest of its distribution); instead of a figure, a table puts each
    number from :mod:`bitsandnats.measures` beside SciPy's and says what any
    difference means.  SciPy has no cross-entropy function: its H(P, Q) is
    ``entropy(p) + entropy(p, q)``.

    Parameters
    ----------
    p, q : array_like
        The starting distributions.
    events : sequence of str
        One name per event.
    base : float, keyword-only
        Unit: 2 (bits, default), e (nats) or 10 (hartleys).
    presentation : bool, keyword-only
        Large fonts, for a projector.

    Examples
    --------
    >>> explorer = EntropyAgreementExplorer([0.10, 0.40, 0.50], [0.80, 0.15, 0.05], ["red", "green", "blue"])
    >>> values = explorer.readouts()
    >>> abs(values["KL(P||Q)"] - values["KL(P||Q) SciPy"]) < 1e-12
    True
    """

    title = "Agreement with SciPy"

    def __init__(self, p, q, events, *, base: float = 2, presentation: bool = False):
        import scipy.stats  # noqa: F401  (fail here, not at the first move, if SciPy is missing)

        super().__init__(p, q, events, base=base, presentation=presentation)
        reset = self._button("reset", "Reset", "back to the starting P and Q", self.reset)
        self.widget = widgets.VBox([
            widgets.HBox([
                widgets.VBox([widgets.HTML("<b>P</b>"), *self.p_sliders]),
                widgets.VBox([widgets.HTML("<b>Q</b>"), *self.q_sliders]),
                widgets.VBox([self.unit_toggle, reset]),
            ], layout=widgets.Layout(flex_flow="row wrap")),
            self.readout_html,
        ])
        self._refresh()

    def _compute(self) -> None:
        p, q, base, unit = self.p, self.q, self.base, self.unit
        ours = {
            "H(P)": measures.entropy(p, base=base),
            "KL(P||Q)": measures.kl_divergence(p, q, base=base),
            "H(P,Q)": measures.cross_entropy(p, q, base=base),
        }
        scipy_h, scipy_kl = _scipy_values(p.tobytes(), q.tobytes(), base)
        theirs = {"H(P)": scipy_h, "KL(P||Q)": scipy_kl, "H(P,Q)": scipy_h + scipy_kl}
        labels = {"H(P)": "H(P)", "KL(P||Q)": "KL(P‖Q)", "H(P,Q)": "H(P, Q)"}
        self._readouts = []
        for key in ours:
            self._readouts.append(Readout(key, ours[key], unit, ".6f", f"{labels[key]}, bitsandnats"))
            self._readouts.append(Readout(f"{key} SciPy", theirs[key], unit, ".6f", f"{labels[key]}, SciPy"))
        notes = self._zero_notes()
        largest = 0.0
        for key in ours:
            a, b = ours[key], theirs[key]
            if math.isinf(a) or math.isinf(b):
                if a != b:  # pragma: no cover - would be a bug in one of the two
                    notes.append(f"<b>{labels[key]}: one is ∞ and the other is not.</b>")
                continue
            largest = max(largest, abs(a - b))
        if largest == 0:
            notes.append("Every finite value is identical, to the last bit of a float64.")
        else:
            notes.append(f"The finite values differ by at most {largest:.1e} {unit}: rounding in the last digits "
                         f"of a float64, because the two libraries add up the terms differently.")
        if (p == 0).any():
            notes.append("P gives some event probability 0: both libraries count its term as 0 (0 · log 0 = 0).")
        notes.append("SciPy rescales input that does not sum to 1 without a word, and bitsandnats refuses it; the "
                     "sliders keep both sums at 1, so that difference cannot show here (the cell above shows it).")
        self._notes = notes


@lru_cache(maxsize=4096)
def _scipy_values(p_bytes: bytes, q_bytes: bytes, base: float) -> tuple[float, float]:
    """SciPy's H(P) and KL(P ‖ Q).

    ``scipy.stats.entropy`` spends most of its time checking and broadcasting
    its input; the explorers return to the same states often (a slider at an
    end, the buttons), so its answers are kept for each state.
    """
    from scipy.stats import entropy as scipy_entropy

    p, q = np.frombuffer(p_bytes), np.frombuffer(q_bytes)
    return float(scipy_entropy(p, base=base)), float(scipy_entropy(p, q, base=base))


class CoinExplorer(_Explorer):
    """A coin's entropy on the binary entropy curve, and the average surprise of N seeded tosses.

    The ``p(heads)`` slider moves the point along the curve; the ``N`` slider
    sets how many tosses the sampling demo averages.  The tosses are seeded
    and shared by every coin: toss i is tails when the i-th number of
    ``numpy.random.default_rng(seed).random(max_draws)`` is at least
    p(heads), which is exactly how ``rng.choice(2, p=[p, 1 - p])`` decides,
    so with the same seed the tosses are notebook 02's.

    Parameters
    ----------
    p_heads : float
        Starting probability of heads; 0.8 by default.
    draws : int, keyword-only
        Starting number of tosses N; 100 by default.
    seed : int, keyword-only
        Seed of the tosses; 2025 by default.
    max_draws : int, keyword-only
        The largest N on the slider; 10,000 by default.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> explorer = CoinExplorer(0.8, draws=10)
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'H': 0.7219, 'average surprise': 1.3219}
    >>> explorer.set({"p(heads)": 0.5})
    >>> explorer.readouts()["H"]
    1.0
    """

    title = "Coin explorer"

    def __init__(self, p_heads: float = 0.8, *, draws: int = 100, seed: int = 2025, max_draws: int = 10_000,
                 presentation: bool = False):
        super().__init__(presentation=presentation)
        p_heads = float(check_probabilities(p_heads, "p_heads"))
        max_draws = int(max_draws)
        if max_draws < 1:
            raise ValueError(f"max_draws must be at least 1, got {max_draws}")
        sizes = [n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
                             100_000) if n <= max_draws]
        if max_draws not in sizes:
            sizes.append(max_draws)
        if draws not in sizes:
            raise ValueError(f"draws must be one of {sizes}, got {draws!r}")
        self._uniforms = np.random.default_rng(seed).random(max_draws)
        self._attach()
        heads = self._slider("p(heads)", p_heads)
        size = widgets.SelectionSlider(options=[(f"{n:,}", n) for n in sizes], value=draws, description="N",
                                       continuous_update=True, style=self._slider_style,
                                       layout=self._slider_layout)
        self.sliders["N"] = size
        for slider in (heads, size):
            slider.observe(self._moved, names="value")
        self.widget = widgets.VBox([widgets.HBox([heads, size]), self.canvas, self.readout_html])
        self._refresh()

    def _new_panel(self):
        grid = np.linspace(0.0, 1.0, 201)
        curve = measures.entropy(np.stack([grid, 1.0 - grid], axis=-1), base=2)
        return plots.CoinPanel(grid, curve, max_draws=self._uniforms.shape[0], unit="bits",
                               presentation=self.presentation)

    def _compute(self) -> None:
        p_heads = float(self.sliders["p(heads)"].value)
        draws = int(self.sliders["N"].value)
        coin = [p_heads, 1.0 - p_heads]
        h = measures.entropy(coin, base=2)
        tosses = (self._uniforms[:draws] >= p_heads).astype(np.int64)  # 0 = heads, 1 = tails
        running = measures.average_surprisal(tosses, coin, base=2, running=True)
        average = float(running[-1])
        self._readouts = [
            Readout("H", h, "bits", ".4f", f"entropy of the {p_heads:.2f}/{1 - p_heads:.2f} coin, H"),
            Readout("average surprise", average, "bits", ".4f", f"average surprise of N = {draws:,} tosses"),
        ]
        tails = int(tosses.sum())
        self._notes = [f"{tails:,} tails and {draws - tails:,} heads in the first {draws:,} tosses; the average "
                       f"is {_number_text(average - h, '+.4f')} bits away from H."]
        self.panel.update(p_heads, h, running)

    def _one_line(self) -> str:
        return (f"{self.title}: p(heads)={self.sliders['p(heads)'].value:.2f}, N={self.sliders['N'].value:,}: "
                + ", ".join(f"{readout.key}={_amount(readout)}" for readout in self._readouts))


class LogLossExplorer(_Explorer):
    """Binary predictions you can drag: each example's loss, the mean log loss, and the curve -ln q.

    One slider per prediction ŷ (the predicted probability of class 1); the
    bars show each example's cross-entropy loss in nats and the dashed line
    their mean, the log loss; the right panel puts each example on the curve
    -ln q at q, the probability given to its true class.  A prediction of
    exactly 0 or 1 on the wrong side gives an infinite loss: the readouts say
    ∞ and the bar is marked; nothing raises.

    Parameters
    ----------
    y_true : array_like
        Labels, 0 or 1.
    y_prob : array_like
        Starting predicted probabilities of class 1, one per label.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> explorer = LogLossExplorer(y, [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3])
    >>> round(explorer.readouts()["log loss"], 3)
    0.247
    >>> explorer.set({"ŷ[1]": 0.0})
    >>> explorer.readouts()["log loss"]
    inf
    """

    title = "Log-loss explorer"

    def __init__(self, y_true, y_prob, *, presentation: bool = False):
        super().__init__(presentation=presentation)
        y_true = check_probabilities(y_true, "y_true")
        y_prob = check_probabilities(y_prob, "y_prob")
        if y_true.ndim != 1 or y_true.shape != y_prob.shape or not np.isin(y_true, (0.0, 1.0)).all():
            raise ValueError("y_true must be 0/1 labels and y_prob one probability per label (one-dimensional)")
        self.y_true = y_true
        self.y_prob = y_prob.copy()
        self._attach()
        sliders = []
        for index, (label, value) in enumerate(zip(y_true, y_prob)):
            slider = self._slider(f"ŷ[{index + 1}]", float(value), tooltip=f"example {index + 1}, label y = {label:g}")
            slider.observe(lambda change, index=index: self._dragged(index, change["new"]), names="value")
            sliders.append(slider)
        half = (len(sliders) + 1) // 2
        self.widget = widgets.VBox([
            widgets.HBox([widgets.VBox(sliders[:half]), widgets.VBox(sliders[half:])],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.canvas,
            self.readout_html,
        ])
        self._refresh()

    def _new_panel(self):
        grid = np.linspace(0.004, 1.0, 400)
        return plots.LogLossPanel(self.y_true, grid, measures.surprisal(grid, base=math.e),
                                  presentation=self.presentation)

    def _dragged(self, index: int, value: float) -> None:
        self.y_prob[index] = min(max(float(value), 0.0), 1.0)
        self._refresh()

    def _compute(self) -> None:
        y, y_prob = self.y_true, self.y_prob
        losses = measures.binary_cross_entropy(y, y_prob)
        mean = measures.log_loss(y, y_prob)
        q_true = np.where(y == 1, y_prob, 1.0 - y_prob)
        self._readouts = [Readout(f"loss[{i + 1}]", float(loss), "nats", ".3f", f"example {i + 1} (y = {label:g})")
                          for i, (loss, label) in enumerate(zip(losses, y))]
        self._readouts.append(Readout("log loss", mean, "nats", ".3f", "log loss, the mean"))
        certain_and_wrong = [str(i + 1) for i in np.flatnonzero(np.isinf(losses))]
        self._notes = []
        if certain_and_wrong:
            self._notes.append(
                f"⚠ Example {', '.join(certain_and_wrong)}: the model is certain and wrong (probability 0 for the true "
                f"class), so its loss is −ln 0 = ∞, and so is the mean. Libraries clip predictions away from 0 and 1 "
                f"to keep training going (see the agreement explorer below).")
        self.panel.update(q_true, losses, mean)

    def _one_line(self) -> str:
        losses = " ".join(_number_text(readout.value, ".3f") for readout in self._readouts[:-1])
        return f"{self.title}: log loss={_amount(self._readouts[-1])}; per example {losses} nats"


# Keras's clipping, and what float32 makes of it.
_KERAS_EPSILON = 1e-7


@lru_cache(maxsize=1)
def _keras():
    """Keras, imported on first use (the backend must be chosen before the import)."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    return keras


class LossAgreementExplorer(_Explorer):
    """One prediction pushed towards 0 or 1: its loss from this package, scikit-learn and Keras.

    A single example with label ``y`` (a toggle) and predicted probability
    ``ŷ`` of class 1 (a slider).  The table shows its loss four ways: exactly
    (:func:`bitsandnats.binary_cross_entropy`), clipped like Keras
    (:func:`bitsandnats.log_loss` with ``eps=1e-7``), with
    ``sklearn.metrics.log_loss`` and with ``keras.losses.binary_crossentropy``;
    the text explains each difference as it appears: Keras's float32
    arithmetic (about 1e-8 nats on an ordinary prediction), and the clipping
    of a prediction at exactly 0 or 1.  There the exact loss is ∞,
    scikit-learn's is capped at 36.04 nats and Keras's at 16.12 nats (15.94
    for a prediction of exactly 1).

    Keras is imported on first use, with ``KERAS_BACKEND=jax`` unless a
    backend was chosen before.

    Parameters
    ----------
    label : int
        Starting label, 1 (default) or 0.
    prediction : float
        Starting predicted probability of class 1; 0.8 by default.
    presentation : bool, keyword-only
        Large fonts, for a projector.

    Examples
    --------
    >>> explorer = LossAgreementExplorer(1, 0.8)
    >>> explorer.set({"ŷ": 0.0})
    >>> {name: round(value, 2) for name, value in explorer.readouts().items()}
    {'loss': inf, 'loss, eps=1e-7': 16.12, 'loss, scikit-learn': 36.04, 'loss, Keras': 16.12}
    """

    title = "Three libraries"

    def __init__(self, label: int = 1, prediction: float = 0.8, *, presentation: bool = False):
        super().__init__(presentation=presentation)
        if label not in (0, 1):
            raise ValueError(f"label must be 0 or 1, got {label!r}")
        prediction = float(check_probabilities(prediction, "prediction"))
        from sklearn.metrics import log_loss as sklearn_log_loss

        self._sklearn_log_loss = sklearn_log_loss
        self._preset = (float(label), prediction)
        toggle = widgets.ToggleButtons(options=[("y = 1", 1.0), ("y = 0", 0.0)], value=float(label),
                                       description="label", style={"button_width": "auto"},
                                       tooltips=["the example is positive", "the example is negative"])
        self.controls["y"] = toggle
        slider = self._slider("ŷ", prediction, tooltip="predicted probability of class 1")
        for control in (toggle, slider):
            control.observe(self._moved, names="value")
        reset = self._button("reset", "Reset", "back to the starting example", self.reset)
        self.widget = widgets.VBox([widgets.HBox([toggle, slider, reset],
                                                 layout=widgets.Layout(flex_flow="row wrap")),
                                    self.readout_html])
        self._refresh()

    def reset(self) -> None:
        """Back to the starting label and prediction."""
        self._push([self.controls["y"], self.sliders["ŷ"]], self._preset)
        self._refresh()

    def _libraries(self, label: float, prediction: float) -> tuple[float, float]:
        return _library_losses(label, prediction, self._sklearn_log_loss)

    def _compute(self) -> None:
        label = float(self.controls["y"].value)
        prediction = min(max(float(self.sliders["ŷ"].value), 0.0), 1.0)
        exact = measures.binary_cross_entropy(label, prediction)
        clipped = measures.log_loss([label], [prediction], eps=_KERAS_EPSILON)
        sklearn_value, keras_value = self._libraries(label, prediction)
        self._readouts = [
            Readout("loss", exact, "nats", ".10f", "bitsandnats, exact"),
            Readout("loss, eps=1e-7", clipped, "nats", ".10f", "bitsandnats, clipped like Keras (eps=1e-7)"),
            Readout("loss, scikit-learn", sklearn_value, "nats", ".10f", "scikit-learn (float64)"),
            Readout("loss, Keras", keras_value, "nats", ".10f", "Keras (float32)"),
        ]
        self._notes = self._explain(label, prediction, exact, sklearn_value, keras_value)

    @staticmethod
    def _explain(label, prediction, exact, sklearn_value, keras_value) -> list[str]:
        notes = []
        certain = prediction in (0.0, 1.0)
        if certain and prediction != label:
            notes.append(
                f"⚠ <b>ŷ = {prediction:g} for a label {label:g}: certain and wrong.</b> The exact loss is −ln 0 = ∞. "
                "scikit-learn clips predictions to [ε, 1 − ε] with ε = 2.2e-16, the float64 machine epsilon, so it "
                "reports −ln ε = 36.04 nats; Keras clips to [1e-7, 1 − 1e-7], so it reports −ln 1e-7 = 16.12 nats"
                + (", or 15.94 nats here, because float32 rounds 1 − 1e-7 to 1 − 2⁻²³ and −ln 2⁻²³ = 15.94"
                   if prediction == 1.0 else "")
                + ". The clipping keeps training going; the exact value says how bad the prediction is.")
        elif certain:
            notes.append(
                f"ŷ = {prediction:g} for a label {label:g}: certain and right, so the exact loss is 0. Keras clips the "
                "prediction 1e-7 away from certainty and charges about 1e-7 nats for it; scikit-learn's clip at "
                "2.2e-16 costs about 2.2e-16 nats.")
        if not certain:
            gap = abs(keras_value - exact)
            notes.append(
                f"Keras computes in float32, about 7 significant digits: here it differs from the float64 result by "
                f"{gap:.1e} nats, far too little to matter for training. scikit-learn and bitsandnats both use float64"
                + (" and agree exactly." if sklearn_value == exact else
                   f" and differ by {abs(sklearn_value - exact):.1e} nats, rounding in the last digits."))
        return notes

    def _one_line(self) -> str:
        shown = ", ".join(f"{readout.key}={_number_text(readout.value, '.4f')}" for readout in self._readouts)
        return f"{self.title} (y={self.controls['y'].value:g}, ŷ={self.sliders['ŷ'].value:.2f}): {shown} nats"


@lru_cache(maxsize=4096)
def _library_losses(label: float, prediction: float, sklearn_log_loss) -> tuple[float, float]:
    """scikit-learn's and Keras's loss for one example.

    Both libraries check their input at length; a slider comes back to the same
    positions again and again, so their answers are kept.
    """
    keras = _keras()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sklearn_value = float(sklearn_log_loss([label], [prediction], labels=[0, 1]))
    keras_value = float(keras.losses.binary_crossentropy(np.array([label]), np.array([prediction])))
    return sklearn_value, keras_value


class TemperatureExplorer(_Explorer):
    r"""Distillation at a temperature you choose: the soft targets, the student, and the loss.

    The ``T`` slider divides both sets of logits by T before the softmax:
    the left panel shows the teacher's soft targets :math:`p^{(T)}` and the
    student's :math:`q^{(T)}` flattening as T grows; the right panel shows
    the distillation loss (:func:`bitsandnats.measures.distillation_loss`)
    and its two terms, the soft term :math:`\alpha T^2\,\mathrm{KL}(p^{(T)}\|q^{(T)})`
    and the hard term :math:`(1-\alpha) H(y, q)`, against T.  The ``α``
    slider sets the weight of the soft term.

    Parameters
    ----------
    teacher_logits, student_logits : array_like
        One logit per class.
    classes : sequence of str
        The class names.
    label : int, keyword-only
        The true class (index); 0 by default.
    temperature, alpha : float, keyword-only
        Starting T (4) and α (0.7).
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> explorer = TemperatureExplorer([6.0, 3.5, 3.0, -1.0, -2.0], [2.0, 0.5, 1.5, 0.5, -0.5],
    ...                                ["cat", "dog", "fox", "car", "truck"])
    >>> round(explorer.readouts()["loss"], 4)
    1.6182
    """

    title = "Temperature explorer"

    def __init__(self, teacher_logits, student_logits, classes, *, label: int = 0, temperature: float = 4.0,
                 alpha: float = 0.7, presentation: bool = False):
        super().__init__(presentation=presentation)
        self.teacher_logits = np.asarray(teacher_logits, dtype=float)
        self.student_logits = np.asarray(student_logits, dtype=float)
        self.classes = [str(name) for name in classes]
        self.label = int(label)
        # Checks the logits, the label and alpha; the hard term does not depend on T.
        self._hard = measures.distillation_loss(self.label, self.student_logits, self.teacher_logits,
                                                temperature=1.0, alpha=0.0)
        if len(self.classes) != self.teacher_logits.shape[-1] or self.teacher_logits.ndim != 1:
            raise ValueError("classes must name each of the logits (one-dimensional)")
        self._temperatures = np.round(np.arange(0.5, 10.0 + 1e-9, 0.1), 10)
        # T² KL(p_T ‖ q_T) on the grid: the soft term for alpha = 1.
        self._soft = np.array([measures.distillation_loss(self.label, self.student_logits, self.teacher_logits,
                                                          temperature=t, alpha=1.0) for t in self._temperatures])
        self._curves_alpha = None
        self._attach()
        t_slider = self._slider("T", float(temperature), minimum=0.5, maximum=10.0, step=0.1, digits=".1f")
        a_slider = self._slider("α", float(alpha), minimum=0.0, maximum=1.0, step=0.05, digits=".2f",
                                tooltip="weight of the soft (teacher) term")
        t_slider.observe(self._moved, names="value")
        a_slider.observe(self._moved, names="value")
        self.widget = widgets.VBox([widgets.HBox([t_slider, a_slider]), self.canvas, self.readout_html])
        self._refresh()

    _PANEL_CACHES = ("_curves_alpha",)

    def _new_panel(self):
        return plots.TemperaturePanel(self.classes, self._temperatures, presentation=self.presentation)

    def _compute(self) -> None:
        temperature = float(self.sliders["T"].value)
        alpha = float(self.sliders["α"].value)
        p_t = measures.softmax(self.teacher_logits, temperature=temperature)
        q_t = measures.softmax(self.student_logits, temperature=temperature)
        kl = measures.kl_divergence(p_t, q_t, base=math.e)
        soft_alone = measures.distillation_loss(self.label, self.student_logits, self.teacher_logits,
                                                temperature=temperature, alpha=1.0)
        total = measures.distillation_loss(self.label, self.student_logits, self.teacher_logits,
                                           temperature=temperature, alpha=alpha)
        soft, hard = alpha * soft_alone, (1.0 - alpha) * self._hard
        entropy_bits = measures.entropy(p_t, base=2)
        self._readouts = [
            Readout("KL(p_T||q_T)", kl, "nats", ".4f", "KL(p_T ‖ q_T)"),
            Readout("soft term", soft, "nats", ".4f", "soft term α T² KL"),
            Readout("hard term", hard, "nats", ".4f", "hard term (1 − α) H(y, q)"),
            Readout("loss", total, "nats", ".4f", "distillation loss L"),
            Readout("H(p_T)", entropy_bits, "bits", ".3f", "entropy of the soft targets H(p_T)"),
        ]
        self._notes = [f"T = {temperature:.1f}, α = {alpha:.2f}: the soft targets give the runner-up classes "
                       f"{_number_text(float(p_t[np.argsort(p_t)[-2]]), '.3f')} and less; the largest entropy "
                       f"possible for {len(self.classes)} classes is {math.log2(len(self.classes)):.3f} bits."]
        curves = None
        if alpha != self._curves_alpha:
            soft_curve = alpha * self._soft
            hard_curve = np.full_like(soft_curve, (1.0 - alpha) * self._hard)
            curves = (soft_curve, hard_curve, soft_curve + hard_curve)
            self._curves_alpha = alpha
        self.panel.update(temperature, p_t, q_t, soft=soft, hard=hard, total=total, entropy_bits=entropy_bits,
                          curves=curves)

    def _one_line(self) -> str:
        return (f"{self.title}: T={self.sliders['T'].value:.1f}, α={self.sliders['α'].value:.2f}: "
                + ", ".join(f"{readout.key}={_amount(readout)}" for readout in self._readouts))


@lru_cache(maxsize=1024)
def _binned(sigma: float, width: float):
    """The binned normal and its entropy in nats; sliders revisit the same positions."""
    probs, edges = measures.binned_normal(sigma, width, return_edges=True)
    return probs, edges, measures.entropy(probs, base=math.e)


class BinningExplorer(_Explorer):
    r"""A normal density cut into bins: the bin width Δ and the spread σ as sliders.

    Left, the density of :math:`\mathcal N(0, \sigma^2)` and its bins (each
    bin's probability divided by Δ, from
    :func:`bitsandnats.measures.binned_normal`).  Right, the entropy
    :math:`H_\Delta` of the bins against :math:`\ln(1/\Delta)`, beside the line
    :math:`h + \ln(1/\Delta)` (h the differential entropy) that it
    approaches as the bins shrink.  All in nats.

    The curve of :math:`H_\Delta` is computed once, for σ = 1 on a grid of
    ratios r = Δ/σ: binning :math:`\mathcal N(0, \sigma^2)` with width Δ
    gives exactly the same probabilities as binning :math:`\mathcal N(0, 1)`
    with width Δ/σ, so for another σ the same curve only moves along the
    axis.  The point itself is always computed directly.

    Parameters
    ----------
    sigma, width : float, keyword-only
        Starting σ and Δ; 1 and 1.
    presentation : bool, keyword-only
        Large fonts and thick lines, for a projector.

    Examples
    --------
    >>> explorer = BinningExplorer()
    >>> {name: round(value, 4) for name, value in explorer.readouts().items()}
    {'H_Δ': 1.459, 'h': 1.4189, 'h - ln Δ': 1.4189, 'gap': 0.04}
    """

    title = "Binning explorer"
    # log10 ranges of the two sliders
    _WIDTHS = (-2.0, 0.3)
    _SIGMAS = (-1.0, 0.4)

    def __init__(self, *, sigma: float = 1.0, width: float = 1.0, presentation: bool = False):
        super().__init__(presentation=presentation)
        self._curve_sigma = None
        self._attach()
        ratios = np.geomspace(10 ** (self._WIDTHS[0] - self._SIGMAS[1]), 10 ** (self._WIDTHS[1] - self._SIGMAS[0]), 60)
        self._ratios = ratios
        self._ratio_entropies = np.array([_binned(1.0, float(r))[2] for r in ratios])
        common = {"base": 10.0, "step": 0.05, "readout_format": ".3g", "continuous_update": True,
                  "style": self._slider_style, "layout": self._slider_layout}
        self.sliders["Δ"] = widgets.FloatLogSlider(value=width, min=self._WIDTHS[0], max=self._WIDTHS[1],
                                                   description="Δ", **common)
        self.sliders["σ"] = widgets.FloatLogSlider(value=sigma, min=self._SIGMAS[0], max=self._SIGMAS[1],
                                                   description="σ", **common)
        for slider in self.sliders.values():
            slider.observe(self._moved, names="value")
        self.widget = widgets.VBox([widgets.HBox(list(self.sliders.values())), self.canvas, self.readout_html])
        self._refresh()

    _PANEL_CACHES = ("_curve_sigma",)

    def _new_panel(self):
        low = -self._WIDTHS[1] * math.log(10)
        high = -self._WIDTHS[0] * math.log(10)
        return plots.BinningPanel((low - 0.2, high + 0.2), unit="nats", presentation=self.presentation)

    def _compute(self) -> None:
        sigma = float(self.sliders["σ"].value)
        width = float(self.sliders["Δ"].value)
        probs, edges, binned_entropy = _binned(sigma, width)
        h = measures.differential_entropy_normal(sigma)
        log_inverse_width = math.log(1.0 / width)
        bridge = h + log_inverse_width
        self._readouts = [
            Readout("H_Δ", binned_entropy, "nats", ".4f", "H_Δ, entropy of the bins"),
            Readout("h", h, "nats", ".4f", "h, differential entropy"),
            Readout("h - ln Δ", bridge, "nats", ".4f", "h − ln Δ"),
            Readout("gap", binned_entropy - bridge, "nats", ".4f", "gap H_Δ − (h − ln Δ)"),
        ]
        self._notes = [f"{probs.shape[0]:,} bins of width Δ = {width:.3g} for σ = {sigma:.3g} (Δ/σ = "
                       f"{width / sigma:.3g}); the gap shrinks like Δ² once Δ is well below σ."]
        curve = None
        if sigma != self._curve_sigma:
            # H_Δ for this σ at Δ = r σ is the σ = 1 value at r: same curve, moved along the axis.
            curve = (-np.log(self._ratios * sigma), self._ratio_entropies)
            self._curve_sigma = sigma
        finite_edges = edges.copy()
        finite_edges[0], finite_edges[-1] = edges[1] - width, edges[-2] + width
        self.panel.update(sigma, width, probs=probs, edges=finite_edges, h=h, binned_entropy=binned_entropy,
                          log_inverse_width=log_inverse_width, curve=curve)

    def _one_line(self) -> str:
        return (f"{self.title}: σ={self.sliders['σ'].value:.3g}, Δ={self.sliders['Δ'].value:.3g}: "
                + ", ".join(f"{readout.key}={_amount(readout)}" for readout in self._readouts))
