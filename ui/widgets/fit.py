"""Scroll areas and splitters that let a crowded pane fit a low screen.

The task detail stacks a case header, its actions, the materials, the page
viewer and the tabs; on a 768-pixel laptop screen they do not all fit at
their preferred heights. A box layout short of room takes the same from
every item, so what matters is who asks for how much: these ask for what
their page needs now (:class:`FittingScrollArea`) or for no more than
their minimum (:class:`CompactSplitter`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget


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


def scrolled(page: QWidget, area: QScrollArea | None = None) -> QScrollArea:
    """``page`` in a frameless scroll area (``<page name>Scroll``) that resizes it."""
    area = area or QScrollArea()
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
