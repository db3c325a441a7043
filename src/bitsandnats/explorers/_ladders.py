"""Explorers whose controls each stand on a ladder of values (temperature, binning): the shared moves."""

from __future__ import annotations

import traitlets

from ._base import Control, Explorer

__all__ = ["LadderExplorer"]


class LadderExplorer(Explorer):
    """An explorer whose every control stands on a :class:`~bitsandnats.explorers.grid.Ladder`.

    Subclasses set ``_CONTROLS``, mapping each control's name to the synced
    trait that holds its count and its ladder; the ladders reach the browser
    once, in the ``ladders`` trait, so both sides show the same values.
    """

    _CONTROLS: dict = {}

    #: The controls' ladders, for the browser (constant).
    ladders = traitlets.Dict().tag(sync=True)

    def __init__(self, **traits):
        super().__init__(ladders=self._ladders_for_browser(), **traits)

    @classmethod
    def _ladders_for_browser(cls) -> dict:
        return {name: ladder.for_browser() for name, (_, ladder) in cls._CONTROLS.items()}

    def controls(self) -> dict[str, Control]:
        return {name: Control.on_ladder(self, ladder) for name, (_, ladder) in self._CONTROLS.items()}

    def value_of(self, name: str) -> float:
        trait, ladder = self._CONTROLS[name]
        return ladder.value(getattr(self, trait))

    def _moved(self, moves: dict) -> dict:
        return {self._CONTROLS[name][0]: self._CONTROLS[name][1].count_of(value) for name, value in moves.items()}

    def _check_state(self) -> None:
        for trait, ladder in self._CONTROLS.values():
            ladder.check_count(getattr(self, trait), trait)
        if self.ladders != self._ladders_for_browser():
            raise ValueError("ladders are the explorer's constants and cannot change")
