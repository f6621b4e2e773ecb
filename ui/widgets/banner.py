"""A banner across the top of a page for a problem that stays until it is solved.

Unlike a status-bar message (``QStatusBar.showMessage`` is wiped as soon as
the pointer passes over a menu), the banner stays put and its text can be
selected and copied for support. Title and message are plain text
(:class:`~ui.widgets.plain.PlainLabel`): a message names paths and may quote
a server. The caller passes finished, translated text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets.plain import PlainLabel

# Dark red on pale red: readable in the light and the dark Fusion palette,
# since the banner sets both colours itself.
_STYLE = (
    "QFrame#{name} {{ background: #fdecea; border: 1px solid #f5c2c0;"
    " border-left: 4px solid #b91c1c; border-radius: 3px; }}"
    "QFrame#{name} QLabel {{ color: #7f1d1d; background: transparent; border: none; }}"
)


class ProblemBanner(QFrame):
    """Hidden until :meth:`show_problem`; then a bold title and the message, word-wrapped."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The style sheet is keyed on the object name, so set it first.
        self.setObjectName(object_name)
        self.setStyleSheet(_STYLE.format(name=object_name))
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title_label = PlainLabel("", self)
        self.title_label.setObjectName(f"{object_name}Title")
        bold = QFont(self.title_label.font())
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.title_label.setWordWrap(True)

        self.message_label = PlainLabel("", self)
        self.message_label.setObjectName(f"{object_name}Message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        self.hide()

    def show_problem(self, title: str, message: str) -> None:
        self.title_label.setText(title)
        self.message_label.setText(message)
        self.setAccessibleName(title)
        self.setAccessibleDescription(message)
        self.show()

    def text(self) -> str:
        """Title and message, as shown (tests, copying)."""
        return f"{self.title_label.text()}\n{self.message_label.text()}"
