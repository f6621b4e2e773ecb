"""Labels and tooltips for data: never interpreted as HTML.

A ``QLabel`` guesses (``Qt.TextFormat.AutoText``) and renders anything that
looks like markup as rich text, and a tooltip is rich text as soon as it
starts with a tag. A path, an applicant's name, a material's file name or a
server's message can contain ``<`` and ``&``: shown through Qt's guess it
would be mangled (``<b>x</b>`` turns bold) or could pull in images and
links. So the rule for every widget under ``ui/``: text that comes from data
— anything not a literal, translated string of ours — goes through
:class:`PlainLabel` and :func:`plain_tooltip`. Rich text is for our own,
translated strings only (the About box).
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows exactly that text ("" stays "": no tooltip)."""
    if not text:
        return ""
    # Escaped and wrapped in <p>, so Qt takes it as rich text that says `text`;
    # WhiteSpaceNormal lets long tooltips wrap (Pre would use no-break spaces).
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def set_plain_tooltip(widget: QWidget, text: str) -> None:
    """``widget``'s tooltip ``text``, and the same, plain, as what screen readers describe
    it by: Qt gives them the tooltip when there is no description, and read out
    the ``<p>`` that :func:`plain_tooltip` wraps it in."""
    widget.setToolTip(plain_tooltip(text))
    widget.setAccessibleDescription(text)


class PlainLabel(QLabel):
    """A ``QLabel`` whose text and tooltip are always plain text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(plain_tooltip(text))
        self.setAccessibleDescription(text)


class ElidedTitle(PlainLabel):
    """A name that gives way to the controls beside it: elided, whole in the tooltip."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        # text() stays whole (automation reads it); only the painting is cut.
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              room.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, room, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())
        painter.end()
