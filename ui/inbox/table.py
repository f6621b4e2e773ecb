"""The inbox table widget: fixed row heights, first column widths, the columns menu.

:class:`ui.inbox.view.InboxList` gives it the model and decides what the
rows are (query, selection, refresh); the table only lays the rows out and
lets the person size and hide its columns (right click on the header).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ui.inbox.list_format import Column, widest_badge_texts

# Typical content per column, for first widths that show it whole (the
# person resizes from there; the widths of a saved view win). The deadlines
# are measured in the current language (widest_badge_texts).
_SAMPLES: dict[Column, str] = {
    Column.CASE_CODE: "220100-20261123-000022",
    Column.SERVICE_ITEM: "食品经营许可证核发",
    Column.APPLICANT: "长春市德润餐饮管理有限公司",
    Column.ACCEPTED: "2026-11-23 14:05",
    Column.STATUS: "待申请人补正",
    Column.ASSIGNEE: "scjg.cc.reviewer1",
}
_DEADLINES = (Column.STEP_DUE, Column.CASE_DUE)


class InboxView(QTableView):
    """The table: rows of fixed height (no measuring of 200,000 rows)."""

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

    def set_default_widths(self) -> None:
        """First widths that show each column's typical content (once the model is set)."""
        metrics = self.fontMetrics()
        for column, sample in _SAMPLES.items():
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        deadline = max(metrics.horizontalAdvance(text) for text in widest_badge_texts())
        for column in _DEADLINES:
            self.setColumnWidth(column, deadline + 24)

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("inboxColumnsMenu")
        for column in Column:
            action = QAction(self.model().headerData(column, Qt.Orientation.Horizontal), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))
