"""A question before what cannot be taken back: plain text, Cancel the default.

Opened without blocking (``open()``, the answer by ``finished``): the caller
reads the button pressed, so Escape and the title bar's close count as Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def final_question(parent: QWidget, *, name: str, title: str, text: str, consequence: str,
                   action: str) -> QMessageBox:
    """``action`` names the Yes button; ``text`` may hold names from the platform."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(consequence)
    box.button(QMessageBox.StandardButton.Yes).setText(action)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box
