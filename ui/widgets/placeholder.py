"""A page that says what a workspace will hold, until the workspace exists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.plain import PlainLabel

# Long lines of Chinese are tiring to read; keep the text block narrow.
_TEXT_WIDTH_EM = 38


class PlaceholderPage(QWidget):
    """A heading, a description and a short status note, centred.

    The caller passes finished (translated) text: this widget knows nothing
    of workspaces, so it shows the text as plain text, whatever it contains.
    """

    def __init__(self, title: str, description: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderPage")

        self.title_label = PlainLabel(title, self)
        self.title_label.setObjectName("placeholderTitle")
        heading = QFont(self.title_label.font())
        heading.setPointSizeF(heading.pointSizeF() * 1.6)
        heading.setBold(True)
        self.title_label.setFont(heading)
        # A heading can be longer than the narrow column (a long name and roles
        # at 1.6x bold): wrapped, never cut off at the column's edge.
        self.title_label.setWordWrap(True)

        self.description_label = PlainLabel(description, self)
        self.description_label.setObjectName("placeholderDescription")
        self.description_label.setWordWrap(True)
        self.description_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.note_label = PlainLabel(note, self)
        self.note_label.setObjectName("placeholderNote")
        self.note_label.setWordWrap(True)
        muted = self.note_label.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.note_label.setPalette(muted)

        # Centred by stretches rather than by alignment: an aligned widget gets
        # its size hint, and a word-wrapped label's hint is a narrow column
        # whose last lines are cut off.
        column = QWidget(self)
        column.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * _TEXT_WIDTH_EM)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        for label in (self.title_label, self.description_label, self.note_label):
            inner.addWidget(label)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
