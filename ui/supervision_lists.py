"""The efficiency dialog's four lists, one tab each (:mod:`ui.supervision`).

Completed late, open cases overdue, escalated late, the department's own
steps overdue: four tables one above the other left none of them a readable
height on a 1366×768 screen. The platform's words are item text, drawn as
plain text (never markup), whole in the tooltip where a column elides them.

Every list's first column is the case code: double-click, Enter or the
context menu's *Open case* asks for that case (``caseRequested``); the
dialog opens it in the inbox.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from backoffice import messages
from backoffice.supervision import Efficiency, OverdueCase
from ui.widgets.plain import plain_tooltip


def stop_note(case: OverdueCase) -> str:
    """Why a case whose status says its clock is stopped is overdue all the same."""
    if case.stopped_late_on is None:
        return ""
    return QCoreApplication.translate(
        "EfficiencyDialog", "Stopped on {day}, after the deadline: the stop does not count"
    ).format(day=case.stopped_late_on.isoformat())


def open_tip() -> str:
    return QCoreApplication.translate(
        "EfficiencyDialog", "Show your department's review task on the selected case in the inbox")


class CaseTable(QTableWidget):
    """A list of cases whose Enter opens the current row's case, rather than going on
    to the dialog's default button (*Show*, which would read the figures again)."""

    opened = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            event.accept()
            self.opened.emit()
            return
        super().keyPressEvent(event)


class EfficiencyLists(QTabWidget):
    # The case code of the row to open (double-click, Enter, Open case).
    caseRequested = Signal(str)
    # The current list or its current row changed: whether there is a case to open.
    currentCaseChanged = Signal()

    def __init__(self, parent: QWidget | None, lang: str) -> None:
        super().__init__(parent)
        self.setObjectName("efficiencyLists")
        self._lang = lang
        self.late_table = self._table("efficiencyLate", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Due date"),
            QCoreApplication.translate("EfficiencyDialog", "Completed on"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late"),
            QCoreApplication.translate("EfficiencyDialog", "Overdue reason"),
        ])
        self.overdue_table = self._table("efficiencyOverdue", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Status"),
            QCoreApplication.translate("EfficiencyDialog", "Due date"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late"),
            QCoreApplication.translate("EfficiencyDialog", "Note"),
        ])
        self.escalations_table = self._table("efficiencyLateEscalations", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Due date"),
            QCoreApplication.translate("EfficiencyDialog", "Escalated on"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late"),
            QCoreApplication.translate("EfficiencyDialog", "Overdue reason"),
        ])
        self.steps_table = self._table("efficiencyOverdueSteps", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Lead department"),
            QCoreApplication.translate("EfficiencyDialog", "Task status"),
            QCoreApplication.translate("EfficiencyDialog", "Step deadline"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late"),
        ])
        for table in self.tables():
            self.addTab(table, "")
        self.currentChanged.connect(lambda _index: self.currentCaseChanged.emit())

    def tables(self) -> tuple[QTableWidget, ...]:
        return (self.late_table, self.overdue_table, self.escalations_table, self.steps_table)

    def titles(self, found: Efficiency | None, today: str) -> None:
        counts = (None, None, None, None) if found is None else (
            len(found.late), len(found.overdue_open), len(found.late_escalations),
            len(found.overdue_steps))
        titles = (
            QCoreApplication.translate("EfficiencyDialog", "Completed late ({count})"),
            QCoreApplication.translate("EfficiencyDialog", "Open cases overdue on {today} ({count})"),
            QCoreApplication.translate("EfficiencyDialog", "Escalated late ({count})"),
            QCoreApplication.translate("EfficiencyDialog", "Own steps overdue on {today} ({count})"),
        )
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            text = title.format(count="—" if count is None else count, today=today)
            self.setTabText(index, text)
            # A screen reader names the table as the tab does (its count too).
            self.tables()[index].setAccessibleName(text)

    def current_case(self) -> str | None:
        """The case code of the shown list's current row, if it has one."""
        table = self.currentWidget()
        if not isinstance(table, QTableWidget) or table.currentRow() < 0:
            return None
        item = table.item(table.currentRow(), 0)
        return item.text() if item is not None and item.text() else None

    def open_current(self) -> None:
        case_code = self.current_case()
        if case_code is not None:
            self.caseRequested.emit(case_code)

    def clear(self) -> None:
        for table in self.tables():
            self._fill(table, [])

    def show_figures(self, found: Efficiency, *, pick_list: bool) -> None:
        """The lists of ``found``; ``pick_list``: open on the first list that has rows."""
        lang = self._lang
        self._fill(self.late_table, [
            [x.case_code, x.service_item_name, x.due_date.isoformat(),
             x.completed_on.isoformat(), str(x.working_days_late), x.overdue_reason]
            for x in found.late])
        self._fill(self.overdue_table, [
            [x.case_code, x.service_item_name, messages.term(x.status, lang),
             x.due_date.isoformat(), str(x.working_days_late), stop_note(x)]
            for x in found.overdue_open])
        self._fill(self.escalations_table, [
            [x.case_code, x.service_item_name, x.due_date.isoformat(),
             x.reported_on.isoformat(), str(x.working_days_late), x.overdue_reason]
            for x in found.late_escalations])
        self._fill(self.steps_table, [
            [x.case_code, x.service_item_name, x.lead_department_name or x.lead_department,
             messages.term(x.status, lang), x.step_due_date.isoformat(),
             str(x.working_days_late)]
            for x in found.overdue_steps])
        if pick_list:
            counts = (found.late, found.overdue_open, found.late_escalations, found.overdue_steps)
            self.setCurrentIndex(next((i for i, x in enumerate(counts) if x),
                                      self.currentIndex()))

    def rows(self) -> list[list[str]]:
        """Each list with its title and heads, as rows (Copy all, the CSV)."""
        out: list[list[str]] = []
        for index, table in enumerate(self.tables()):
            out += [[], [self.tabText(index)]]
            heads = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
            out.append([h.text() if h is not None else "" for h in heads])
            for r in range(table.rowCount()):
                cells = [table.item(r, c) for c in range(table.columnCount())]
                out.append([i.text() if i is not None else "" for i in cells])
        return out

    def _table(self, name: str, heads: list[str]) -> CaseTable:
        table = CaseTable(0, len(heads), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(heads)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab leaves the table for the next control, as everywhere else in the
        # dialog; the arrow keys move within it. On, Tab walked the cells and
        # the keyboard never reached Close.
        table.setTabKeyNavigation(False)
        header = table.horizontalHeader()
        # Sized to their contents once filled (_fill), then the person's to drag;
        # the service item's long names give way first (elided, whole in the tooltip).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)
        table.opened.connect(self.open_current)
        table.doubleClicked.connect(lambda _index: self.open_current())
        table.currentCellChanged.connect(lambda *_cells: self.currentCaseChanged.emit())
        # Right-click, or the Menu key from the keyboard.
        action = QAction(QCoreApplication.translate("EfficiencyDialog", "&Open case"), table)
        action.setObjectName(name + "Open")
        action.setToolTip(open_tip())
        action.triggered.connect(self.open_current)
        table.addAction(action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return table

    def _fill(self, table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                # Item views draw their text as plain text: the platform's words stay as they are.
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                table.setItem(r, c, item)
        # All but the last column to their contents: sized so, the last one
        # stopped stretching (after a re-read, in an empty list) and left a
        # gap or a scroll bar. It takes the rest of the width.
        for column in range(table.columnCount() - 1):
            table.resizeColumnToContents(column)
        # The service item (column 1) gives way to what follows it, the overdue
        # reason above all: no wider than a third of the table. A table on a tab
        # not shown has not been laid out: the shown one's width is its own.
        shown = self.currentWidget()
        width = table.viewport().width() if table.isVisible() or \
            not isinstance(shown, QTableWidget) else shown.viewport().width()
        table.setColumnWidth(1, min(table.columnWidth(1), width // 3))
