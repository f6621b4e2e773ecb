"""The case actions' forms: one at a time, chosen by a row of buttons above them, and
the parts they are made of.

The task detail's clock and extension tab stacked its forms: on a 768-pixel
screen the tab shows about 190 px of page, and the extension form sat
below the suspend form, out of sight. Here each form has the page to
itself, and the button naming it stays in sight above.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain import clock
from ui.widgets.flow import FlowLayout
from ui.widgets.plain import PlainLabel


class FormChooser(QWidget):
    """Buttons (one per form, ``<name>Choice``) over a stack of the forms (``<name>``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formChooser")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.row = FlowLayout()  # the names wrap on a narrow pane, not widen it
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row)
        layout.addWidget(self.stack, 1)
        self.group.idClicked.connect(self.stack.setCurrentIndex)

    def add(self, title: str, name: str, forms: list[QWidget]) -> QToolButton:
        """A button ``title`` showing ``forms`` (one above the other) as page ``name``."""
        page = QWidget(self.stack)
        page.setObjectName(name)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        for form in forms:
            form.setParent(page)
            column.addWidget(form)
        column.addStretch(1)
        button = QToolButton(self)
        button.setObjectName(f"{name}Choice")
        button.setText(title)
        button.setCheckable(True)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.group.addButton(button, self.stack.addWidget(page))
        self.row.addWidget(button)
        button.setChecked(self.stack.count() == 1)
        return button

    def show_form(self, widget: QWidget) -> bool:
        """Bring the page holding ``widget`` to the front; False if none does."""
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                self.stack.setCurrentIndex(index)
                button = self.group.button(index)
                if button is not None:
                    button.setChecked(True)
                return True
        return False

    def current(self) -> QWidget | None:
        return self.stack.currentWidget()


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(qdate(clock.today()))
    return edit


def reason_edit(parent: QWidget, name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab leaves the field: the form stays keyboard-reachable
    # Three lines (a reason is a sentence or two; longer ones scroll): with four, the
    # extension form's button was below a 768-pixel screen's tab.
    inside = 2 * (edit.frameWidth() + round(edit.document().documentMargin()))
    edit.setMaximumHeight(3 * edit.fontMetrics().lineSpacing() + inside)
    return edit


def note_label(parent: QWidget, text: str, name: str = "") -> PlainLabel:
    label = PlainLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def untitled(parent: QWidget, name: str) -> QWidget:
    """A form without a frame and its title (the chooser's button names its page; screen
    readers read ``name``): on a 768-pixel screen those pixels held its button."""
    form = QWidget(parent)
    form.setAccessibleName(name)
    return form


def beside(note: QWidget, button: QWidget) -> QWidget:
    """A note and its form's button in one row: under it, the button was below the fold.

    A widget, not a bare layout: a form layout's row spanning both columns got a
    layout's hint height, the note's wrapped lines cut off.
    """
    row = QWidget(note.parentWidget())
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(note, 1)
    line.addWidget(button)
    return row


def tight(layout: QFormLayout) -> QFormLayout:
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setVerticalSpacing(4)
    return layout
