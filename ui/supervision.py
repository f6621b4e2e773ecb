"""The efficiency dialog (View ▸ Efficiency…): the figures of 12.3.4 for a chosen period.

The figures and their rules are :mod:`backoffice.supervision`'s, as the
command line's ``backoffice efficiency`` shows them; this is only their
window. They are read on a worker thread (:class:`ui.dialogs.worker.BackgroundCall`
on the :func:`~ui.dialogs.worker.reading_pool`), so a long period over a large
store never freezes the window; *Show* reads again. Closing the dialog
abandons its read (it stops at its next step; its result is dropped).
"Today" is the day of each reading, never the day the dialog opened. Case codes, service items and overdue reasons come from the
platform and are shown as plain text (item views and
:class:`~ui.widgets.plain.PlainLabel` never interpret markup).

A case of any list opens in the inbox (double-click, Enter, *Open case*):
the dialog closes, the inbox shows the department's review task of that
case in its detail, its row current when the list has it. A case without
such a task in the local store stays where it is, and the dialog says why.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages, system_reasons
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.supervision import (
    FIRST_DAY,
    LAST_DAY,
    NOT_AVAILABLE,
    Abandoned,
    Efficiency,
    Period,
    efficiency,
)
from backoffice.supervision_export import tsv_text, write_csv
from backoffice.sync.case_view import own_task
from backoffice.sync.status import SyncState
from ui.dialogs.worker import BackgroundCall, describe_failure, reading_pool
from ui.supervision_lists import EfficiencyLists, open_tip
from ui.widgets.fit import scrolled
from ui.widgets.plain import PlainLabel

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


def _figures(store: Store, department: str, period: Period, today: dt.date,
             abandon: threading.Event) -> Efficiency | None:
    """On the worker thread: the figures, or None once the dialog has given them up."""
    try:
        return efficiency(store, department, period, today=today, abandoned=abandon.is_set)
    except Abandoned:
        return None


def show_efficiency(shell: Shell) -> None:
    """Open the dialog on the signed-in person's store (nothing without a session)."""
    session = shell.session
    if not shell.dialogs.enabled or session is None:
        return
    account = session.account
    dialog = EfficiencyDialog(
        shell.window, session.store, account.department_code,
        account.department_name or account.department_code, lang=shell.lang)
    # Read again after each sync round: figures a round has changed would be stale.
    dialog.after_sync(session.status)  # the round the figures are read after
    session.statusChanged.connect(dialog.after_sync)
    dialog.taskRequested.connect(lambda task_id: _open_in_inbox(shell, dialog, task_id))
    shell.dialogs.open_dialog(dialog)


def _open_in_inbox(shell: Shell, dialog: QDialog, task_id: str) -> None:
    """The task in the inbox's detail; the dialog closes (window-modal, it would keep
    the inbox out of reach)."""
    window = shell.window
    inbox: Any = window.workspace_page("inbox")
    if not hasattr(getattr(inbox, "list", None), "show_task"):
        return  # no session's inbox (signed out meanwhile): nothing to show it in
    dialog.accept()
    window.show_workspace(window.workspace_keys().index("inbox"))
    inbox.list.show_task(task_id)
    inbox.setFocus(Qt.FocusReason.OtherFocusReason)  # its table takes the keys


class EfficiencyDialog(QDialog):
    # After each reading of the figures (or its failure) is shown.
    shown = Signal()
    # The id of the department's review task of the case asked for, to open in the inbox.
    taskRequested = Signal(str)

    def __init__(self, parent: QWidget | None, store: Store, department_code: str,
                 department_name: str, *, lang: str | None = None,
                 today: dt.date | Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("efficiencyDialog")
        self.setWindowTitle(QCoreApplication.translate("EfficiencyDialog", "Efficiency"))
        self._store = store
        self._department = department_code
        self._lang = messages.resolve_language(lang)
        # Asked at each reading: a dialog left open past midnight lists the new day's.
        if today is None:
            self._today: Callable[[], dt.date] = clock.today
        elif callable(today):
            self._today = today
        else:
            fixed = today
            self._today = lambda: fixed
        month = Period.month_of(self._today())

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
        self.copy_button = QPushButton(
            QCoreApplication.translate("EfficiencyDialog", "&Copy all"), self)
        self.copy_button.setObjectName("efficiencyCopy")
        self.copy_button.setToolTip(QCoreApplication.translate(
            "EfficiencyDialog",
            "Copy the figures and the lists, tab-separated, to paste into a spreadsheet"))
        self.copy_button.clicked.connect(self.copy_all)
        self.export_button = QPushButton(
            QCoreApplication.translate("EfficiencyDialog", "&Export CSV…"), self)
        self.export_button.setObjectName("efficiencyExport")
        self.export_button.clicked.connect(self._choose_export)
        for button in (self.copy_button, self.export_button):
            button.setAutoDefault(False)
            button.setEnabled(False)  # until figures are shown
            dates.addWidget(button)

        self.scope_label = PlainLabel("", self)
        self.scope_label.setObjectName("efficiencyScope")
        self.scope_label.setWordWrap(True)
        self._department_name = department_name

        self.values: dict[str, PlainLabel] = {}
        self._headings: dict[str, str] = {}  # templates: "today" is the reading's day
        self._heading_labels: dict[str, PlainLabel] = {}
        figures = QGroupBox(QCoreApplication.translate("EfficiencyDialog", "Figures"), self)
        form = QFormLayout(figures)
        form.setVerticalSpacing(2)
        for key, heading in (
            ("accepted",
             QCoreApplication.translate("EfficiencyDialog", "Cases accepted")),
            ("immediate",
             QCoreApplication.translate("EfficiencyDialog", "Immediate cases among them")),
            ("immediate_ratio",
             QCoreApplication.translate("EfficiencyDialog", "Immediate-case ratio")),
            ("refused",
             QCoreApplication.translate(
                 "EfficiencyDialog", "Refusals of acceptance (not counted as accepted)")),
            ("completed",
             QCoreApplication.translate("EfficiencyDialog", "Cases completed")),
            ("on_time",
             QCoreApplication.translate("EfficiencyDialog", "Completed on time")),
            ("on_time_rate",
             QCoreApplication.translate("EfficiencyDialog", "On-time completion rate")),
            ("overdue_open",
             QCoreApplication.translate("EfficiencyDialog", "Open cases overdue today ({today})")),
            ("escalated", QCoreApplication.translate("EfficiencyDialog", "Cases escalated")),
            ("escalated_late",
             QCoreApplication.translate("EfficiencyDialog", "Escalated after the deadline")),
            ("overdue_steps",
             QCoreApplication.translate(
                 "EfficiencyDialog", "Own review steps overdue today ({today}, any case)")),
        ):
            value = PlainLabel("—", figures)
            value.setObjectName(_object_name(key))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            title = PlainLabel(heading, figures)
            form.addRow(title, value)
            self.values[key] = value
            self._headings[key] = heading
            self._heading_labels[key] = title

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

        self.lists = EfficiencyLists(self, self._lang)
        self.late_table = self.lists.late_table
        self.overdue_table = self.lists.overdue_table
        self.escalations_table = self.lists.escalations_table
        self.steps_table = self.lists.steps_table

        self.error_label = PlainLabel("", self)
        self.error_label.setObjectName("efficiencyError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#efficiencyError { color: #b91c1c; }")
        self.error_label.hide()
        # "Reading…" while the figures are read; where an export was saved.
        self.status_label = PlainLabel("", self)
        self.status_label.setObjectName("efficiencyStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        # Out of the scroll area, beside Close: always in reach, whatever the lists' height.
        self.open_button = buttons.addButton(
            QCoreApplication.translate("EfficiencyDialog", "&Open case"),
            QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("efficiencyOpenCase")
        self.open_button.setToolTip(open_tip())
        self.open_button.setAutoDefault(False)
        self.open_button.setEnabled(False)  # until a row of a list is current
        self.open_button.clicked.connect(self.lists.open_current)
        self.lists.currentCaseChanged.connect(
            lambda: self.open_button.setEnabled(self.lists.current_case() is not None))
        self.lists.caseRequested.connect(self.open_case)

        # All but the buttons in a scroll area: at a large font or scale the content
        # scrolls rather than being cut off, and Open case and Close stay in reach.
        page = QWidget(self)
        page.setObjectName("efficiencyPage")
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(dates)
        body.addWidget(self.scope_label)
        body.addWidget(self.error_label)
        body.addWidget(self.status_label)
        body.addLayout(top)
        body.addWidget(self.lists, 1)
        layout = QVBoxLayout(self)
        self._scroll = scrolled(page)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(buttons)
        self._fit_screen()
        self._titles(None)
        self._dated(self._today())

        self.figures: Efficiency | None = None
        self._save_dialog: QFileDialog | None = None
        self._last_sync: object = None
        self._following = False
        self._pick_list = False
        self._again = False  # a sync ended while the figures were being read
        self._closed = False
        self._abandon = threading.Event()  # the running read's: set as the dialog closes
        self._call = BackgroundCall(self, pool=reading_pool())
        self._call.succeeded.connect(self._on_done)
        self._call.failed.connect(self._on_failed)
        self.refresh()

    def _fit_screen(self) -> None:
        # 1000×660 at most, within the screen: at scale 2 a 1366×768 screen
        # has 683×384 of room, and the fixed size went off it.
        parent = self.parentWidget()
        screen = (parent or self).screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size()
        self.resize(min(1000, room.width() * 9 // 10), min(660, room.height() * 9 // 10))

    def _titles(self, found: Efficiency | None) -> None:
        self.lists.titles(found, (self._today() if found is None else found.today).isoformat())

    def _dated(self, today: dt.date) -> None:
        for key, label in self._heading_labels.items():
            label.setText(self._headings[key].format(today=today.isoformat()))

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDateRange(_qdate(FIRST_DAY), _qdate(LAST_DAY))
        edit.setDate(_qdate(day))
        return edit

    @property
    def busy(self) -> bool:
        return self._call.running

    @Slot(str)
    def open_case(self, case_code: str) -> None:
        """``taskRequested`` with the department's review task of ``case_code``; a case
        without one in the local store says so (a case led here that only other
        departments review, one gone from the store since the reading)."""
        try:
            task = own_task(self._store, case_code, self._department)
        except BackofficeError as exc:
            self.error_label.setText(QCoreApplication.translate(
                "EfficiencyDialog", "{reason} It cannot be opened in the inbox.").format(
                    reason=messages.render(exc, self._lang)))
            self.error_label.show()
            self._scroll.ensureWidgetVisible(self.error_label)
            return
        self.error_label.hide()
        self.taskRequested.emit(task.id)

    @Slot(object)
    def after_sync(self, status: object) -> None:
        """A sync round ended: the same period read again, if the round changed the store."""
        key = (getattr(status, "last_success", None), getattr(status, "conflicts", None))
        syncing = getattr(status, "state", None) is SyncState.SYNCING
        if not self._following:
            # The status as the dialog opened: the figures read now are current,
            # unless a round is under way, whose end must read them again.
            self._following = True
            self._last_sync = object() if syncing else key
            return
        if syncing or key == self._last_sync or self._closed:
            return
        self._last_sync = key
        if self._call.running:
            self._again = True
        elif self.figures is not None:
            self._read(self.figures.period)

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
        self._read(Period(start, end), pick_list=True)

    def _read(self, period: Period, *, pick_list: bool = False) -> None:
        # A period the person asked for opens on its first list that has rows;
        # a reading after a sync leaves the list the person is looking at.
        if self._closed:
            return
        self._pick_list = pick_list
        store, department, today = self._store, self._department, self._today()
        abandon = self._abandon = threading.Event()
        self.show_button.setEnabled(False)
        # Nothing to copy or export until the reading ends; another period's
        # figures go at once: beside the new dates they would be read as theirs.
        if self.figures is None or self.figures.period != period:
            self._clear()
        self.copy_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.status_label.setText(QCoreApplication.translate(
            "EfficiencyDialog", "Reading the figures from {start} to {end}…").format(
                start=period.start.isoformat(), end=period.end.isoformat()))
        self.status_label.show()
        self._call.start(lambda: _figures(store, department, period, today, abandon))

    def done(self, result: int) -> None:
        # Closed: the read under way stops at its next step and its result is
        # dropped, so it holds no thread another dialog's reading waits for.
        self._closed = True
        self._abandon.set()
        super().done(result)

    def _show_error(self, text: str) -> None:
        self._clear()
        self.status_label.hide()
        self.error_label.setText(text)
        self.error_label.show()

    def _clear(self) -> None:
        # The last period's figures go: beside other dates they would be read as theirs.
        self.figures = None
        self.scope_label.setText("")
        for value in self.values.values():
            value.setText("—")
        self.lists.clear()
        self._titles(None)
        self.copy_button.setEnabled(False)
        self.export_button.setEnabled(False)

    def _finished(self) -> None:
        self.show_button.setEnabled(True)
        if self._again and self.figures is not None:
            self._again = False
            self._read(self.figures.period)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        if self._closed:
            return
        self.show_button.setEnabled(True)
        self._again = False
        self._show_error(describe_failure(exc, self._lang))
        self.shown.emit()

    @Slot(object)
    def _on_done(self, found: object) -> None:
        if self._closed or found is None:
            return  # given up as the dialog closed
        assert isinstance(found, Efficiency)
        self.figures = found
        self.error_label.hide()
        self.status_label.hide()
        self._dated(found.today)
        self.scope_label.setText(QCoreApplication.translate(
            "EfficiencyDialog",
            "Cases led by {department}, accepted or completed from {start} to {end} "
            "(Beijing dates, both included); and the review steps of {department} on "
            "every case, those led by other departments too.").format(
                department=self._department_name, start=found.period.start.isoformat(),
                end=found.period.end.isoformat()))
        shown = {
            "accepted": str(found.accepted),
            "immediate": str(found.immediate),
            "immediate_ratio": found.immediate_ratio.words(self._lang),
            "refused": str(found.refused),
            "completed": str(found.completed),
            "on_time": str(found.on_time),
            "on_time_rate": found.on_time_rate.words(self._lang),
            "overdue_open": str(len(found.overdue_open)),
            "escalated": str(found.escalated),
            "escalated_late": str(len(found.late_escalations)),
            "overdue_steps": str(len(found.overdue_steps)),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self._titles(found)
        self.lists.show_figures(found, pick_list=self._pick_list)
        self.copy_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self._finished()
        self.shown.emit()

    # ---- copy and export ----------------------------------------------------------

    def rows(self) -> list[list[str]]:
        """What the dialog shows, as rows: the scope, the figures, each list with its heads."""
        out = [[self.scope_label.text()], []]
        out += [[self._heading_labels[key].text(), label.text()]
                for key, label in self.values.items()]
        out += [[label.text()] for label in self.unavailable_labels]
        return out + self.lists.rows()

    @Slot()
    def copy_all(self) -> None:
        if self.figures is not None:
            QApplication.clipboard().setText(tsv_text(self.rows()))

    def _choose_export(self) -> None:
        if self.figures is None:
            return
        # open(), not exec(): no nested event loop. The name offered is ours,
        # from the dates; the person chooses the place and may change it.
        dialog = QFileDialog(
            self, QCoreApplication.translate("EfficiencyDialog", "Export the figures"))
        dialog.setObjectName("efficiencyExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setNameFilter(
            QCoreApplication.translate("EfficiencyDialog", "CSV, for Excel (*.csv)"))
        period = self.figures.period
        dialog.selectFile(f"efficiency-{period.start.isoformat()}-{period.end.isoformat()}.csv")
        dialog.fileSelected.connect(self.export_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._save_dialog = dialog
        dialog.open()

    @Slot(str)
    def export_to(self, path: str) -> None:
        """The rows shown, to ``path`` as CSV (UTF-8 with BOM, for Excel)."""
        if not path or self.figures is None:
            return
        try:
            write_csv(Path(path), self.rows())
        except OSError as exc:
            why = system_reasons.reason(exc)
            if why.startswith(messages.SYSTEM):
                why = messages.render_code(why, {}, self._lang)
            self.error_label.setText(QCoreApplication.translate(
                "EfficiencyDialog", "The figures could not be saved to {path}: {reason}")
                .format(path=path, reason=why))
            self.error_label.show()
            return
        self.error_label.hide()
        self.status_label.setText(QCoreApplication.translate(
            "EfficiencyDialog", "The figures were saved to {path}.").format(path=path))
        self.status_label.show()
