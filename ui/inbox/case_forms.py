"""The case actions' forms: one at a time, chosen by a row of buttons above them, and
the parts they are made of.

The task detail's clock and extension tab stacked its forms: on a 768-pixel
screen the tab shows about 190 px of page, and the extension form sat
below the suspend form, out of sight. Here each form has the page to
itself, and the button naming it stays in sight above.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
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
    """Buttons (one per form, ``<name>Choice``) over a stack of the forms (``<name>``).

    One button checked at a time, kept so by hand, not by a QButtonGroup: Qt takes
    Tab focus from a group's unchecked buttons, and the other form was reached by
    the arrow keys only, which nothing said. The buttons come first in Tab's order,
    as on screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formChooser")
        self.buttons: list[QToolButton] = []
        self.row = FlowLayout()  # the names wrap on a narrow pane, not widen it
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row)
        layout.addWidget(self.stack, 1)

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
        index = self.stack.addWidget(page)
        button.clicked.connect(lambda _on: self._choose(index))
        self.buttons.append(button)
        self.row.addWidget(button)
        button.setChecked(self.stack.count() == 1)
        self._buttons_first()
        return button

    def _choose(self, index: int) -> None:
        """Page ``index`` to the front, its button the one checked (pressed again too)."""
        self.stack.setCurrentIndex(index)
        for number, button in enumerate(self.buttons):
            button.setChecked(number == index)

    def _buttons_first(self) -> None:
        """The buttons, then the forms in their own order: the forms are made before
        the chooser's buttons, which Tab's order (the order of making) followed."""
        window = self.window()
        inside: list[QWidget] = []
        widget = window.nextInFocusChain()
        while widget is not None and widget is not window:
            if (self.stack.isAncestorOf(widget)
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                inside.append(widget)
            widget = widget.nextInFocusChain()
        for first, second in pairwise([*self.buttons, *inside]):
            QWidget.setTabOrder(first, second)

    def show_form(self, widget: QWidget) -> bool:
        """Bring the page holding ``widget`` to the front; False if none does."""
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                self._choose(index)
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
