"""Colleagues as the task detail shows them: ``name (login)``, and a list of them that
keeps the name in sight when it is narrow.

One form for the hand-over list, the header's "claimed by" and the inbox's
transfer menu (``InboxBulk``'s "To colleague {name} ({user})"): Chinese puts
full-width brackets, ``名字（login）``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

from ui.inbox.detail_text import safe

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the item's display name (its data: the login)


def person_text(name: str, user: str) -> str:
    """The name, the login in brackets; the login alone when no name is known."""
    if not name:
        return safe(user)
    return QCoreApplication.translate("TaskDetail", "{name} ({user})").format(
        name=safe(name), user=safe(user))


class PersonCombo(QComboBox):
    """Colleagues by ``person_text``; when the box is too narrow for one, the login is
    shortened, not the name ("张娟国（演示）（zj.jl.co…）", not "…(zj.jl.coord")."""

    def add_person(self, name: str, user: str) -> None:
        self.addItem(person_text(name, user), user)
        self.setItemData(self.count() - 1, name, NAME_ROLE)

    def shown_text(self, room: int) -> str:
        """The current item's text as it fits ``room`` pixels."""
        full, metrics = self.currentText(), self.fontMetrics()
        name, user = self.currentData(NAME_ROLE), self.currentData()
        if metrics.horizontalAdvance(full) <= room or not name or not isinstance(user, str):
            return metrics.elidedText(full, Qt.TextElideMode.ElideRight, room)
        for keep in range(len(user) - 1, 0, -1):
            text = person_text(name, user[:keep] + "…")
            if metrics.horizontalAdvance(text) <= room:
                return text
        return metrics.elidedText(safe(name), Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.shown_text(field.width() - 2)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
