"""What a screen reader says of a control, and room for a line edit's words.

A control without a visible label (a box with placeholder text, a list
under a heading of its own) has no name for assistive technology: Orca and
Narrator said "edit" or "list", or read out a drop-down's current value as
its name. :func:`named` gives it one, translated as the rest of the UI; a
control with a visible label gets its name from that label (``setBuddy``).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyleOptionFrame, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, label: QLabel | None = None) -> W:
    """``widget`` called ``name`` by screen readers; ``label`` (shown beside it) takes
    the focus to it with its mnemonic."""
    widget.setAccessibleName(name)
    if label is not None:
        label.setBuddy(widget)
    return widget


def keep_words(edit: QLineEdit, words: str) -> None:
    """``edit`` never narrower than ``words`` and its clear button: squeezed by a large
    font, a search box showed only "…"."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    margins = edit.textMargins()
    room = (edit.fontMetrics().horizontalAdvance(words) + margins.left() + margins.right()
            + 2 * edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, edit)
            + edit.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, option, edit) + 12)
    edit.setMinimumWidth(room)
