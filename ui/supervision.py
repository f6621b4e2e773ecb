"""The efficiency dialog (View ▸ Efficiency…): the figures of 12.3.4 for a chosen period.

The figures and their rules are :mod:`backoffice.supervision`'s, as the
command line's ``backoffice efficiency`` shows them; this is only their
window. They are read on a worker thread (:class:`ui.dialogs.worker.BackgroundCall`),
so a long period over a large store never freezes the window; *Show* reads
again. Case codes, service items and overdue reasons come from the
platform and are shown as plain text (item views and
:class:`~ui.widgets.plain.PlainLabel` never interpret markup).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.supervision import (
    FIRST_DAY,
    LAST_DAY,
    NOT_AVAILABLE,
    Efficiency,
    Period,
    efficiency,
)
from ui.dialogs.worker import BackgroundCall, describe_failure
from ui.widgets.plain import PlainLabel, plain_tooltip

if TYPE_CHECKING:
    from backoffice.store.store import Store
    from ui.shell import Shell

def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def _object_name(key: str) -> str:
    """``on_time_rate`` → ``efficiencyOnTimeRate`` (object names are lowerCamelCase)."""
    return "efficiency" + "".join(part.title() for part in key.split("_"))


def show_efficiency(shell: Shell) -> None:
    """Open the dialog on the signed-in person's store (nothing without a session)."""
    session = shell.session
    if not shell.dialogs.enabled or session is None:
        return
    account = session.account
    shell.dialogs.open_dialog(EfficiencyDialog(
        shell.window, session.store, account.department_code,
        account.department_name or account.department_code, lang=shell.lang))


class EfficiencyDialog(QDialog):
    # After each reading of the figures (or its failure) is shown.
    shown = Signal()

    def __init__(self, parent: QWidget | None, store: Store, department_code: str,
                 department_name: str, *, lang: str | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("efficiencyDialog")
        self.setWindowTitle(QCoreApplication.translate("EfficiencyDialog", "Efficiency"))
        self._store = store
        self._department = department_code
        self._lang = messages.resolve_language(lang)
        self._today = clock.today() if today is None else today
        month = Period.month_of(self._today)

        self.start_edit = self._date_edit("efficiencyFrom", month.start)
        self.end_edit = self._date_edit("efficiencyTo", month.end)
        self.show_button = QPushButton(
            QCoreApplication.translate("EfficiencyDialog", "&Show"), self)
        self.show_button.setObjectName("efficiencyShow")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        dates = QHBoxLayout()
        labels = (QCoreApplication.translate("EfficiencyDialog", "&From"),
                  QCoreApplication.translate("EfficiencyDialog", "&To"))
        for label, edit in zip(labels, (self.start_edit, self.end_edit), strict=True):
            # Our own translated words, with a mnemonic: a plain QLabel.
            title = QLabel(label, self)
            # The mnemonic's underline splits the word into two runs drawn
            # without the kerning between them that the size hint counts:
            # "&To" lost its "o". Without kerning both agree.
            font = title.font()
            font.setKerning(False)
            title.setFont(font)
            title.setBuddy(edit)
            dates.addWidget(title)
            dates.addWidget(edit)
        dates.addWidget(self.show_button)
        dates.addStretch(1)

        self.scope_label = PlainLabel("", self)
        self.scope_label.setObjectName("efficiencyScope")
        self.scope_label.setWordWrap(True)
        self._department_name = department_name

        self.values: dict[str, PlainLabel] = {}
        figures = QGroupBox(QCoreApplication.translate("EfficiencyDialog", "Figures"), self)
        form = QFormLayout(figures)
        for key, heading in (
            ("accepted",
             QCoreApplication.translate("EfficiencyDialog", "Cases accepted")),
            ("immediate",
             QCoreApplication.translate("EfficiencyDialog", "Immediate cases among them")),
            ("immediate_ratio",
             QCoreApplication.translate("EfficiencyDialog", "Immediate-case ratio")),
            ("completed",
             QCoreApplication.translate("EfficiencyDialog", "Cases completed")),
            ("on_time",
             QCoreApplication.translate("EfficiencyDialog", "Completed on time")),
            ("on_time_rate",
             QCoreApplication.translate("EfficiencyDialog", "On-time completion rate")),
            ("overdue_open",
             QCoreApplication.translate("EfficiencyDialog", "Open cases overdue today")),
        ):
            value = PlainLabel("—", figures)
            value.setObjectName(_object_name(key))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(PlainLabel(heading, figures), value)
            self.values[key] = value

        missing = QGroupBox(QCoreApplication.translate(
            "EfficiencyDialog", "Not available from the local store"), self)
        missing.setObjectName("efficiencyNotAvailable")
        missing_layout = QVBoxLayout(missing)
        self.unavailable_labels: list[PlainLabel] = []
        for metric, code in NOT_AVAILABLE:
            reason = PlainLabel(messages.render_code(code, {}, self._lang), missing)
            reason.setObjectName(_object_name(metric))
            reason.setWordWrap(True)
            missing_layout.addWidget(reason)
            self.unavailable_labels.append(reason)
        missing_layout.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(figures, 1)
        top.addWidget(missing, 1)

        self.late_title = PlainLabel("", self)
        self.late_table = self._table("efficiencyLate", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Due date"),
            QCoreApplication.translate("EfficiencyDialog", "Completed on"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late"),
            QCoreApplication.translate("EfficiencyDialog", "Overdue reason")])
        self.overdue_title = PlainLabel("", self)
        self.overdue_table = self._table("efficiencyOverdue", [
            QCoreApplication.translate("EfficiencyDialog", "Case code"),
            QCoreApplication.translate("EfficiencyDialog", "Service item"),
            QCoreApplication.translate("EfficiencyDialog", "Status"),
            QCoreApplication.translate("EfficiencyDialog", "Due date"),
            QCoreApplication.translate("EfficiencyDialog", "Working days late")])

        self.error_label = PlainLabel("", self)
        self.error_label.setObjectName("efficiencyError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#efficiencyError { color: #b91c1c; }")
        self.error_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.scope_label)
        layout.addWidget(self.error_label)
        layout.addLayout(top)
        layout.addWidget(self.late_title)
        layout.addWidget(self.late_table, 2)
        layout.addWidget(self.overdue_title)
        layout.addWidget(self.overdue_table, 1)
        layout.addWidget(buttons)
        self.resize(1000, 660)

        self.figures: Efficiency | None = None
        self._call = BackgroundCall(self)
        self._call.succeeded.connect(self._on_done)
        self._call.failed.connect(self._on_failed)
        self.refresh()

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDateRange(_qdate(FIRST_DAY), _qdate(LAST_DAY))
        edit.setDate(_qdate(day))
        return edit

    def _table(self, name: str, heads: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(heads), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(heads)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        # Sized to their contents once filled (_fill), then the person's to drag;
        # the service item's long names give way first (elided, whole in the tooltip).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)
        return table

    @property
    def busy(self) -> bool:
        return self._call.running

    @Slot()
    def refresh(self) -> None:
        """Read the figures of the chosen period again, on a worker thread."""
        if self._call.running:
            return
        start, end = _day(self.start_edit), _day(self.end_edit)
        if end < start:
            self._show_error(messages.render(BackofficeError(
                "efficiency.bad_period", start=start.isoformat(), end=end.isoformat()),
                self._lang))
            self.shown.emit()
            return
        store, department, today = self._store, self._department, self._today
        period = Period(start, end)
        self.show_button.setEnabled(False)
        self._call.start(lambda: efficiency(store, department, period, today=today))

    def _show_error(self, text: str) -> None:
        # The last period's figures go: beside other dates they would be read as theirs.
        self.figures = None
        self.scope_label.setText("")
        for value in self.values.values():
            value.setText("—")
        for title, table in ((self.late_title, self.late_table),
                             (self.overdue_title, self.overdue_table)):
            title.setText("")
            table.setRowCount(0)
        self.error_label.setText(text)
        self.error_label.show()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self.show_button.setEnabled(True)
        self._show_error(describe_failure(exc, self._lang))
        self.shown.emit()

    @Slot(object)
    def _on_done(self, found: object) -> None:
        self.show_button.setEnabled(True)
        assert isinstance(found, Efficiency)
        self.figures = found
        self.error_label.hide()
        self.scope_label.setText(QCoreApplication.translate(
            "EfficiencyDialog",
            "Cases led by {department}, accepted or completed from {start} to {end} "
            "(Beijing dates, both included).").format(
                department=self._department_name, start=found.period.start.isoformat(),
                end=found.period.end.isoformat()))
        shown = {
            "accepted": str(found.accepted),
            "immediate": str(found.immediate),
            "immediate_ratio": found.immediate_ratio.words(self._lang),
            "completed": str(found.completed),
            "on_time": str(found.on_time),
            "on_time_rate": found.on_time_rate.words(self._lang),
            "overdue_open": str(len(found.overdue_open)),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self.late_title.setText(QCoreApplication.translate(
            "EfficiencyDialog", "Completed late ({count})").format(count=len(found.late)))
        self._fill(self.late_table, [
            [x.case_code, x.service_item_name, x.due_date.isoformat(),
             x.completed_on.isoformat(), str(x.working_days_late), x.overdue_reason]
            for x in found.late])
        self.overdue_title.setText(QCoreApplication.translate(
            "EfficiencyDialog", "Open cases overdue on {today} ({count})").format(
            today=found.today.isoformat(), count=len(found.overdue_open)))
        self._fill(self.overdue_table, [
            [x.case_code, x.service_item_name, messages.term(x.status, self._lang),
             x.due_date.isoformat(), str(x.working_days_late)]
            for x in found.overdue_open])
        self.shown.emit()

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                # Item views draw their text as plain text: the platform's words stay as they are.
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        # The service item (column 1) gives way to what follows it, the overdue
        # reason above all: no wider than a third of the table.
        table.setColumnWidth(1, min(table.columnWidth(1), table.viewport().width() // 3))
