"""Scroll areas and splitters that let a crowded pane fit a low screen.

The task detail stacks a case header, its actions, the materials, the page
viewer and the tabs; on a 768-pixel laptop screen they do not all fit at
their preferred heights. A box layout short of room takes the same from
every item, so what matters is who asks for how much: these ask for what
their page needs now (:class:`FittingScrollArea`) or for no more than
their minimum (:class:`CompactSplitter`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFocusFrame, QFrame, QScrollArea, QSplitter, QWidget


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for the room its page needs now (not at first show)."""

    def sizeHint(self) -> QSize:
        page = self.widget()
        if page is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        hint = page.sizeHint()
        if page.hasHeightForWidth() and self.viewport().width() > 0:
            hint.setHeight(page.heightForWidth(self.viewport().width()))
        return hint + QSize(frame, frame)


class CompactSplitter(QSplitter):
    """Asks for no more than its minimum: the room above it is served first.

    With the splitter's large wish, the case header lost its last lines on
    a 768-pixel screen. Given the layout's stretch, it gets the rest.
    """

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()


def scrolled(page: QWidget, area: QScrollArea | None = None, *, name: str = "",
             tab_stop: bool = True) -> QScrollArea:
    """``page`` in a frameless scroll area (``<page name>Scroll``) that resizes it.

    ``name``: what a screen reader calls the area. ``tab_stop``: the area
    takes the focus (its arrow keys scroll) while its page does not fit, and
    only then: a frameless area shows no focus, and a Tab stop that scrolls
    nothing looked like the focus was lost. Without, it is never a stop (Tab
    goes to the page's controls, which it scrolls into sight).
    """
    area = area or QScrollArea()
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    if name:
        area.setAccessibleName(name)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if tab_stop:
        bars = (area.verticalScrollBar(), area.horizontalScrollBar())

        def follow(_low: int = 0, _high: int = 0) -> None:
            scrolls = any(bar.maximum() > 0 for bar in bars)
            area.setFocusPolicy(Qt.FocusPolicy.StrongFocus if scrolls else Qt.FocusPolicy.NoFocus)

        for bar in bars:
            bar.rangeChanged.connect(follow)
        _FocusRing(area)
    return area


class _FocusRing(QObject):
    """A frame round ``area`` while it has the focus: frameless, it showed none."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.ring = QFocusFrame(area)
        area.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.ring.setWidget(watched)
            self.ring.show()
        elif event.type() == QEvent.Type.FocusOut:
            self.ring.hide()
        return False
