"""Colleagues as the task detail shows them: ``name (login)``, and a list of them that
keeps the name in sight when it is narrow.

One form for the hand-over list, the header's "claimed by" and the inbox's
transfer menu (``InboxBulk``'s "To colleague {name} ({user})"): Chinese puts
full-width brackets, ``名字（login）``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

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
    shortened, not the name ("张娟国（演示）（zj.jl.co…）", not "…(zj.jl.coord").

    At least as wide as a typical name (its minimum: the task detail's actions fit a
    1366-pixel screen); as wide as its longest entry when the row has the room (its
    size hint), so a wide window shows the names whole.
    """

    MINIMUM_CHARACTERS = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(self.MINIMUM_CHARACTERS)
        # That policy leaves Qt's hint alone when entries change; ours follows them.
        model = self.model()
        for changed in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            changed.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())),
                     default=0)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        # A few pixels over the text: paintEvent's field keeps a margin.
        whole = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                              QSize(widest + 4, hint.height()), self)
        return QSize(max(hint.width(), whole.width()), hint.height())

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

    def room(self) -> int:
        """The pixels the current item's text has, as the box is now."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return field.width() - 2

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(self.room())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
