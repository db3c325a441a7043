"""What every explorer shares: synced state, controls by name, atomic moves, display, and closing.

An explorer is an anywidget: Python holds its state in synced traits, and
an ES module beside its Python class draws it as SVG in the browser and
computes the numbers it shows there with the JavaScript twin of
:mod:`bitsandnats.measures` (``twin.js``).  The traits are the one source of
truth: a move in the browser sets them and is sent to the kernel; a move in
Python (:meth:`Explorer.set`) sets them and is sent to the browser; both
sides draw from them.  ``readouts()`` computes the same numbers in Python,
with the package's own functions, from the same state.

Every explorer module is loaded as one ES module (anywidget takes a single
module): the shared files it imports (``twin.js``, ``svg.js``, ...) come first,
then its own, with the relative imports between them removed
(:func:`module_source`).  Node's tests import the files as they are.
"""

from __future__ import annotations

import base64
import re
import weakref
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import anywidget
import traitlets

from .. import plots

__all__ = ["Explorer", "Control", "module_source"]

_HERE = Path(__file__).parent
_LOCAL_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*\n?', re.MULTILINE)


@lru_cache(maxsize=None)
def module_source(name: str) -> str:
    """The ES module of explorer ``name`` (``<name>.js`` here), as one module anywidget can load.

    anywidget loads a single module, so the files a module imports from
    (``import {...} from "./twin.js";``) are put in front of it, each once, in
    the order the imports need them, and the import lines are removed.
    """
    ordered: list[str] = []

    def visit(file: str) -> None:
        if file in ordered:
            return
        for dependency in _LOCAL_IMPORT.findall((_HERE / file).read_text(encoding="utf-8")):
            visit(dependency)
        ordered.append(file)

    visit(f"{name}.js")
    return "\n".join(f"// ---- {file}\n" + _LOCAL_IMPORT.sub("", (_HERE / file).read_text(encoding="utf-8"))
                     for file in ordered)


_STYLESHEET = (_HERE / "explorers.css").read_text(encoding="utf-8")


class Control:
    """One control of an explorer, by the name a learner sees on it ("P[red]", "T", "σ").

    ``value`` reads the value the control shows; setting it moves the
    explorer exactly as dragging the control does (:meth:`Explorer.set`).
    ``minimum``, ``maximum`` and ``step`` describe its range (``options`` for
    a control with a fixed list of values).
    """

    def __init__(self, explorer: Explorer, name: str, *, minimum=None, maximum=None, step=None, options=None):
        self._explorer = weakref.ref(explorer)
        self.name = name
        self.minimum, self.maximum, self.step = minimum, maximum, step
        self.options = None if options is None else tuple(options)

    @classmethod
    def on_ladder(cls, explorer: Explorer, ladder) -> Control:
        """The control of ``explorer`` that stands on ``ladder`` (a :class:`~bitsandnats.explorers.grid.Ladder`)."""
        return cls(explorer, ladder.name, minimum=ladder.values[0], maximum=ladder.values[-1], options=ladder.values)

    @property
    def explorer(self) -> Explorer:
        explorer = self._explorer()
        if explorer is None:
            raise ValueError(f"the explorer of control {self.name!r} no longer exists")
        return explorer

    @property
    def value(self):
        return self.explorer.value_of(self.name)

    @value.setter
    def value(self, value) -> None:
        self.explorer.set({self.name: value})

    def __repr__(self) -> str:
        return f"Control({self.name!r}, value={self.value!r})"


# Explorers made in each notebook cell, with the run that made them: running
# the cell again closes them, so the old ones (and their comms) do not pile up
# in the kernel.
_MADE_IN_CELL: dict[str, tuple[str, list[weakref.ref]]] = {}


def _current_cell_run() -> tuple[str, str] | None:
    """The notebook cell being run and this run's message id, if the front end said which cell it is.

    JupyterLab sends the cell's id with each execution request.
    """
    try:
        from ipykernel.kernelbase import Kernel

        if not Kernel.initialized():
            return None
        parent = Kernel.instance().get_parent("shell")
    except Exception:  # no kernel, or an ipykernel without get_parent: nothing to track
        return None
    metadata = parent.get("metadata") or {}
    cell_id = metadata.get("cellId") or metadata.get("cell_id")
    if not cell_id:
        return None
    return str(cell_id), str((parent.get("header") or {}).get("msg_id", ""))


class Explorer(anywidget.AnyWidget):
    """The base of every explorer: see the module's docstring.

    Subclasses set ``_module`` (the name of their ``.js`` file), declare
    their synced traits, and define ``controls()`` (name to :class:`Control`),
    ``value_of(name)``, ``_moved(moves)`` (the new trait values for a dict of
    moves, or a ``ValueError``), ``_check_state()`` (for state that arrives
    from the browser), ``readouts()``, ``_summary_rows()`` and
    ``still_figure()``.
    """

    title = "Explorer"
    _module = ""

    presentation = traitlets.Bool(False).tag(sync=True)
    theme = traitlets.Dict().tag(sync=True)
    #: The last move that was refused, in words, shown in the widget ("" when none was).
    error = traitlets.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs):
        if cls.__dict__.get("_module"):
            cls._esm = module_source(cls._module)
            cls._css = _STYLESHEET
        super().__init_subclass__(**kwargs)

    def __init__(self, *, presentation: bool = False, **traits):
        if not isinstance(presentation, bool):
            raise ValueError(f"presentation must be True or False, got {presentation!r}")
        super().__init__(presentation=presentation, theme=plots.web_theme(), **traits)
        self._forget_earlier_runs_of_this_cell()

    # -- the interface notebooks and tests use -------------------------------------

    @property
    def sliders(self) -> dict[str, Control]:
        """Every control by name: read ``.value`` to see what it shows, set it to move it."""
        return self.controls()

    def controls(self) -> dict[str, Control]:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def value_of(self, name: str):  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def set(self, values=None, /, **kwargs) -> None:
        """Move controls by name, all at once, exactly as the widget does.

        Names with brackets do not fit keyword syntax: pass a dict
        (``explorer.set({"P[red]": 0.2})``) or unpack one
        (``explorer.set(**{"P[red]": 0.2})``).  The moves are applied in
        order to a copy of the state; if any of them is refused (a
        ``ValueError`` naming the control and what is wrong), nothing
        changes.
        """
        moves = dict(values or {}, **kwargs)
        known = self.controls()
        for name in moves:
            if name not in known:
                raise ValueError(f"{self.title} has no control named {name!r}; it has "
                                 f"{', '.join(map(repr, known))}")
        self._apply(self._moved(moves))

    def readouts(self) -> dict[str, float]:  # pragma: no cover - every explorer defines it
        """Each readout's name mapped to the number shown, computed by :mod:`bitsandnats.measures`."""
        raise NotImplementedError

    def summary(self) -> str:
        """The readouts as text, one per line, each with its unit (what nbval compares)."""
        return "\n".join(f"{label} = {text}" for label, text in self._summary_rows())

    def still_figure(self):  # pragma: no cover - every explorer defines it
        """A matplotlib figure of the current state: the picture GitHub and nbviewer show."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the widget and its comm; the explorer can no longer be shown or moved from the browser."""
        super().close()

    # -- display ---------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = f"{self.title}\n{self.summary()}"
        # Crisp on HiDPI screens and described for screen readers, as every still figure (plots.show).
        png, png_metadata = plots.png_bundle(self.still_figure())
        data["image/png"] = base64.b64encode(png).decode("ascii")
        metadata = dict(metadata or {})
        metadata["image/png"] = png_metadata
        return data, metadata

    def __repr__(self) -> str:
        return f"<{self.title}: {'; '.join(f'{label} = {text}' for label, text in self._summary_rows())}>"

    # -- for subclasses ------------------------------------------------------------------

    def _summary_rows(self) -> list[tuple[str, str]]:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def _moved(self, moves: dict) -> dict:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def _check_state(self) -> None:
        """Raise ``ValueError`` if the synced state is not one the explorer can show (state from the browser)."""

    def _apply(self, new_traits: dict) -> None:
        """Set several traits as one change: one message to the browser, one redraw, all or nothing.

        If something that answers the change fails (a kernel-side computation),
        the traits go back to what they were and the error is raised.
        """
        before = {key: getattr(self, key) for key in new_traits}
        try:
            with self.hold_sync(), self.hold_trait_notifications():
                for key, value in new_traits.items():
                    setattr(self, key, value)
                self.error = ""
        except Exception:
            self._restore(before)
            raise

    def _restore(self, values: dict) -> None:
        with self.hold_trait_notifications():
            for name, value in values.items():
                self.set_trait(name, value)

    @contextmanager
    def hold_trait_notifications(self):
        """traitlets' hold, plus: state from the browser is checked whole before anything hears of it.

        ipywidgets applies the browser's state under its property lock (which
        also keeps the kernel from sending the same values back).  A state
        the explorer cannot show is refused there, as a ``TraitError``, so
        traitlets rolls every trait back and no observer runs.
        """
        with super().hold_trait_notifications():
            yield
            if self._property_lock:
                try:
                    self._check_state()
                except ValueError as error:
                    raise traitlets.TraitError(str(error)) from None

    def set_state(self, sync_data):
        """State from the browser: taken whole if the explorer can show it, otherwise refused and explained.

        The browser's module never sends a state it would not show itself;
        this guards the kernel's state against anything else (an old page, a
        hand-edited message), and puts the browser back on the kernel's state.
        If what answers the change in the kernel fails, the learner is told in
        the widget, and the state stays as it was, here and on the page.
        """
        names = [name for name in sync_data if name in self.keys]
        before = {name: getattr(self, name) for name in names}
        try:
            super().set_state(sync_data)
        except traitlets.TraitError as error:  # refused, and already rolled back
            self.error = f"Refused: {error}"
            self.send_state(names)
        except Exception as error:  # a bug in a kernel-side answer: shown, never only logged
            self._restore(before)
            self.error = (f"The kernel could not answer this move ({type(error).__name__}: {error}); "
                          f"nothing changed.")
            self.send_state(names)

    def _forget_earlier_runs_of_this_cell(self) -> None:
        run = _current_cell_run()
        if run is None:
            return
        cell_id, message_id = run
        made_by, explorers = _MADE_IN_CELL.get(cell_id, (message_id, []))
        if made_by != message_id:
            for earlier in explorers:
                explorer = earlier()
                if explorer is not None:
                    explorer.close()
            explorers = []
        explorers.append(weakref.ref(self))
        _MADE_IN_CELL[cell_id] = (message_id, explorers)
