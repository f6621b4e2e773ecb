"""The decision desk's list of cases: each a few lines (code, applicant, decision's state).

The list's own word wrap measured a row's height at one width and drew its
text at a narrower one (and without wrap it rounded three lines of mixed
fonts down to two): in English at 1366 px the last line, the decision's
state the signer looks for, was cut off. Here one text layout, made at the
width the row is drawn at, gives both the row's height and what is drawn,
and the pane is never narrower than the widest case code.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from backoffice.domain.model import Case
from ui.decisions.states import case_line

_PAD = 2  # above and below a row's lines


def _text_margin(widget: QWidget | None) -> int:
    """The margin Qt's item views keep left and right of an item's text."""
    style = widget.style() if widget is not None else QApplication.style()
    return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1


def _layout(text: str, font: QFont, width: int) -> tuple[QTextLayout, int]:
    """``text`` laid out in lines of ``width`` (its own lines kept), and their height."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(max(width, 1))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, math.ceil(height)


class _Lines(QStyledItemDelegate):
    """Every line of an item shown, wrapped at the list's width rather than cut."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        # The row is drawn as wide as the view's viewport (the list is in list
        # mode and asks for no width of its own), so it is measured there.
        width = view.viewport().width() if isinstance(view, QListView) else opt.rect.width()
        _, height = _layout(opt.text, opt.font, width - 2 * _text_margin(view))
        return QSize(0, height + 2 * _PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        view = opt.widget
        style = view.style() if view is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)  # background
        margin = _text_margin(view)
        layout, _ = _layout(text, opt.font, opt.rect.width() - 2 * margin)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = (QPalette.ColorGroup.Disabled if not enabled
                 else QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        role = (QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        layout.draw(painter, QPointF(opt.rect.left() + margin, opt.rect.top() + _PAD))
        painter.restore()


class CaseList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionCases")
        self.setItemDelegate(_Lines(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rows measured again whenever the width changes (a splitter moved, a
        # scroll bar came): a wrapped line's height depends on it.
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def list_cases(self, cases: list[Case], states: dict[str, str]) -> None:
        """``cases``, each with its decision's state from ``states`` (by case code)."""
        self.clear()
        for case in cases:
            item = QListWidgetItem(case_line(case, states.get(case.case_code, "")))
            item.setToolTip(case.service_item_name)
            self.addItem(item)
        if not cases:
            empty = QListWidgetItem(QCoreApplication.translate(
                "DecisionDesk", "No case of your department awaits its decision."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        self._fit_codes([c.case_code for c in cases])

    def show_state(self, row: int, case: Case, state: str) -> None:
        self.item(row).setText(case_line(case, state))

    def _fit_codes(self, codes: list[str]) -> None:
        """The pane keeps room for the widest code on one line, and a scroll bar."""
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        metrics = QFontMetricsF(self.font())
        widest = max((math.ceil(metrics.horizontalAdvance(c)) + 1 for c in codes), default=0)
        self.setMinimumWidth(widest + 2 * _text_margin(self) + scroll + 2 * self.frameWidth())
