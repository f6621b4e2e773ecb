"""List rows of a few lines, each drawn whole: one text layout measures and draws a row.

Qt's item painting takes each next line to be as tall as the one before it:
a line of Chinese (a taller fallback font) followed by a Latin line pushed
that last line out of the row — the decision desk lost a case's state, the
planner a slot's note under its team — and its word wrap measured a row at
one width and drew it at a narrower one. Here one ``QTextLayout``, made at
the width the row is drawn at, gives both the row's height and what is
drawn. A line longer than the row wraps, or with ``elide`` ends in "…" (the
list keeps the whole text in the item's tooltip).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

PAD = 2  # above and below a row's lines


def text_margin(widget: QWidget | None) -> int:
    """The margin Qt's item views keep left and right of an item's text."""
    style = widget.style() if widget is not None else QApplication.style()
    return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1


def lay_out(text: str, font: QFont, width: int, *, elide: bool = False
            ) -> tuple[QTextLayout, int]:
    """``text`` laid out in lines of ``width`` (its own lines kept), and their height."""
    width = max(width, 1)
    lines = text.replace("\n", "\u2028").split("\u2028")  # an item's text has either
    if elide:
        metrics = QFontMetricsF(font)
        lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
    layout = QTextLayout("\u2028".join(lines), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap if elide
                       else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, math.ceil(height)


class ItemLines(QStyledItemDelegate):
    """Every line of an item shown, as wide as the list: wrapped, or with ``elide``
    each cut short with "…". Rows ask for no width of their own (no sideways
    scrolling); a list that wraps is best in ``QListView.ResizeMode.Adjust``, so
    its rows are measured again when its width changes."""

    def __init__(self, parent: QObject | None = None, *, elide: bool = False) -> None:
        super().__init__(parent)
        self._elide = elide

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        # The row is drawn as wide as the view's viewport (the list is in list
        # mode and asks for no width of its own), so it is measured there.
        width = view.viewport().width() if isinstance(view, QListView) else opt.rect.width()
        _, height = lay_out(opt.text, opt.font, width - 2 * text_margin(view), elide=self._elide)
        return QSize(0, height + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        view = opt.widget
        style = view.style() if view is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)  # background
        margin = text_margin(view)
        layout, _ = lay_out(text, opt.font, opt.rect.width() - 2 * margin, elide=self._elide)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = (QPalette.ColorGroup.Disabled if not enabled
                 else QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        role = (QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        layout.draw(painter, QPointF(opt.rect.left() + margin, opt.rect.top() + PAD))
        painter.restore()
