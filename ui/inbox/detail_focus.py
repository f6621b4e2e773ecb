"""The focus kept where the person works across a task action's hold and each reload.

While a task command is being queued the detail disables the task's
buttons (a double click would queue twice); Qt then moves the focus off
the pressed button, to the tab bar, and a keyboard user lost their place.
A reload can take the focused control away too: the correction items the
platform folded into the notice (after the next sync) leave nothing to add,
and Qt moved the focus from the disabled button to the case header, the
first control of the pane. The control's substitute takes the focus then:
the next keyboard step in the same section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def _takes_focus(widget: QWidget) -> bool:
    return (widget.isEnabled() and widget.isVisible()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


class FocusKeeper:
    def __init__(self, area: QWidget) -> None:
        self._area = area  # the focus is only kept within it (the detail pane)
        self._back: QWidget | None = None  # where the focus was when the action began
        self._parked: QWidget | None = None  # where Qt moved it meanwhile
        self._current: QWidget | None = None  # where it was when the reload began

    def hold(self, disable: Callable[[], None]) -> None:
        self._back = QApplication.focusWidget()
        disable()
        self._parked = QApplication.focusWidget()

    def reloading(self) -> None:
        """A reload is about to change the controls: note where the focus is."""
        self._current = QApplication.focusWidget()

    def restore(self, instead: Mapping[QWidget, Sequence[QWidget]]) -> None:
        """After the reload: the focus back to the pressed widget (or to the one it was on
        when the reload began), or to the first of ``instead[widget]`` that takes it when
        that is disabled or hidden now (Give opinion → the opinion's text); not if the
        person moved on during the hold."""
        back, parked, current = self._back, self._parked, self._current
        self._back = self._parked = self._current = None
        if back is None or current is not parked:
            back = current  # no action's hold, or the person moved on since
        now = QApplication.focusWidget()
        if back is None or now is back or not self._area.isAncestorOf(back):
            return
        if now is current and back is current:
            return  # the reload left the focus alone
        for target in (back, *instead.get(back, ())):
            if _takes_focus(target):
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return
