"""The inbox table widget: fixed row heights, first column widths, the columns menu.

:class:`ui.inbox.view.InboxList` gives it the model and decides what the
rows are (query, selection, refresh); the table only lays the rows out and
lets the person size and hide its columns (right click on the header).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QHelpEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from ui.inbox.list_format import Column, widest_badge_texts
from ui.inbox.model import SHORT_ROLE

# Typical content per column, for first widths that show it whole (the
# person resizes from there). The deadlines are measured in the current
# language (widest_badge_texts).
_SAMPLES: dict[Column, str] = {
    Column.CASE_CODE: "220100-20261123-000022",
    Column.SERVICE_ITEM: "食品经营许可证核发",
    Column.APPLICANT: "长春市德润餐饮管理有限公司",
    Column.ACCEPTED: "2026-11-23 14:05",
    Column.STATUS: "待申请人补正",
    Column.ASSIGNEE: "scjg.cc.reviewer1",
}
_DEADLINES = (Column.STEP_DUE, Column.CASE_DUE)
_PAD = 24  # beyond a sample's text: the cell's margins and some air
# The case code and the deadlines a reviewer scans by share the list's width
# first: at 1366 px in English their full verdicts at _PAD did not fit in it.
_KEY_PAD = 12

Index = QModelIndex | QPersistentModelIndex


def _text_room(view: QWidget, width: int) -> int:
    """The width a cell's text has in a column ``width`` wide, as the style elides it."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return width - 2 * margin


class _DeadlineDelegate(QStyledItemDelegate):
    """A deadline too wide for its column is shown in its short words (``list_format``),
    not cut before its verdict; its tooltip then gives the whole."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        view = self.parent()
        assert isinstance(view, InboxView)
        option.text = view.shown_text(index, option.text, option.rect.width())

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,
                  option: QStyleOptionViewItem, index: Index) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(view, InboxView):
            full = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if view.shown_text(index, full, option.rect.width()) != full:
                more = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
                QToolTip.showText(event.globalPos(), "\n".join(t for t in (full, more) if t),
                                  view)
                return True
        return super().helpEvent(event, view, option, index)


class InboxView(QTableView):
    """The table: rows of fixed height (no measuring of 200,000 rows)."""

    columnsChosen = Signal()  # the person showed or hid a column (its menu)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxView")
        self.setAccessibleName(QCoreApplication.translate("InboxList", "Review tasks"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        # Always there: a scroll bar appearing with the first rows would
        # narrow the viewport and paint the whole table a second time.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        # The key columns follow the list's width until the person sizes a column.
        self._fitting, self._sized_by_hand = False, False
        header.sectionResized.connect(self._resized)
        self._deadlines = _DeadlineDelegate(self)
        for column in _DEADLINES:
            self.setItemDelegateForColumn(column, self._deadlines)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._sized_by_hand = False

    def set_default_widths(self) -> None:
        """First widths that show each column's typical content (once the model is set)."""
        metrics, titles = self.fontMetrics(), self.horizontalHeader().fontMetrics()
        model = self.model()
        self._fitting = True
        try:
            # Each at least as wide as its title: in English "Deferred materials" and
            # "Other departments" were cut at Qt's 100 px.
            for column in Column:
                if column is Column.CASE_CODE or column in _DEADLINES:
                    continue  # fit_key_columns
                title = model.headerData(column, Qt.Orientation.Horizontal) if model else ""
                sample = _SAMPLES.get(column)
                content = (metrics.horizontalAdvance(sample) + _PAD if sample is not None
                           else self.horizontalHeader().defaultSectionSize())
                self.setColumnWidth(column, max(
                    content, titles.horizontalAdvance(str(title or "")) + _PAD))
        finally:
            self._fitting = False
        self.fit_key_columns()

    def fit_key_columns(self) -> None:
        """The case code whole, the deadlines as wide as their longest verdict when the
        list has the room, else sharing what is left down to their short words."""
        if self._sized_by_hand:
            return
        metrics = self.fontMetrics()
        code = metrics.horizontalAdvance(_SAMPLES[Column.CASE_CODE]) + _KEY_PAD
        full = max(metrics.horizontalAdvance(t) for t in widest_badge_texts()) + _KEY_PAD
        short = max(metrics.horizontalAdvance(t) for t in widest_badge_texts(short=True)) + _KEY_PAD
        shown = [c for c in _DEADLINES if not self.isColumnHidden(c)]
        width = full
        room = self.viewport().width()
        if shown and self.isVisible() and room > 0:
            left = room - (0 if self.isColumnHidden(Column.CASE_CODE) else code)
            width = max(short, min(full, left // len(shown)))
        self._fitting = True
        try:
            self.setColumnWidth(Column.CASE_CODE, code)
            for column in _DEADLINES:
                self.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def shown_text(self, index: Index, text: str, width: int | None = None) -> str:
        """What a cell whose text is ``text`` shows in ``width`` (its cell's, by default):
        a deadline's short words when the whole does not fit."""
        if width is None:
            width = self.visualRect(self.model().index(index.row(), index.column())).width()
        # Less than the room, not equal: the style elides a text exactly as wide.
        if index.column() not in _DEADLINES \
                or self.fontMetrics().horizontalAdvance(text) < _text_room(self, width):
            return text
        short = index.data(SHORT_ROLE)
        return str(short) if short else text

    def _resized(self, column: int, old: int, new: int) -> None:
        # Not by hand: our own widths, a column hidden or shown (to or from 0), the
        # last one stretched to the list's edge.
        if self._fitting or 0 in (old, new) or column == self._last_shown():
            return
        self._sized_by_hand = True

    def _last_shown(self) -> int:
        header = self.horizontalHeader()
        for visual in reversed(range(header.count())):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                return logical
        return -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_key_columns()

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("inboxColumnsMenu")
        for column in Column:
            action = QAction(self.model().headerData(column, Qt.Orientation.Horizontal), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def _show_column(self, column: Column, on: bool) -> None:
        self.setColumnHidden(column, not on)
        self.fit_key_columns()
        self.columnsChosen.emit()
