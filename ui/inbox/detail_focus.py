"""The focus back where the person was after a task action's hold.

While a task command is being queued the detail disables the task's
buttons (a double click would queue twice); Qt then moves the focus off
the pressed button, to the tab bar, and a keyboard user lost their place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QApplication, QWidget


class FocusKeeper:
    def __init__(self) -> None:
        self._back: QWidget | None = None  # where the focus was when the action began
        self._parked: QWidget | None = None  # where Qt moved it meanwhile

    def hold(self, disable: Callable[[], None]) -> None:
        self._back = QApplication.focusWidget()
        disable()
        self._parked = QApplication.focusWidget()

    def restore(self, instead: Mapping[QWidget, QWidget]) -> None:
        """The focus back to the pressed widget, or to ``instead[pressed]`` when that is
        disabled now (Give opinion → the opinion's text); not if the person moved on."""
        back, parked = self._back, self._parked
        self._back = self._parked = None
        if back is None or back is parked or QApplication.focusWidget() is not parked:
            return
        for target in (back, instead.get(back)):
            if target is not None and target.isEnabled() and target.isVisible():
                target.setFocus()
                return
