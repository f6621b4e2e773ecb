"""The planning page's widgets: requests on the left, the calendar, slots on the right.

Widgets only (engineering brief, pattern 8): they show what the workspace
hands them and expose their controls; the workspace decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain.inspections import appointment_text
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.planning.model import SearchResult
from ui.planner import words
from ui.planner.legend import legend
from ui.planner.view import PlannerView
from ui.widgets.access import named
from ui.widgets.flow import FlowLayout
from ui.widgets.item_lines import ItemLines
from ui.widgets.listing import listed
from ui.widgets.plain import PlainLabel, plain_tooltip

# The calendar's ◀ and ▶ (browsers' back and forward; free in this window).
PREVIOUS_KEY, NEXT_KEY = "Alt+Left", "Alt+Right"


def _button(name: str, text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    return button


def _line(name: str, placeholder: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _label(name: str, parent: QWidget) -> PlainLabel:
    label = PlainLabel("", parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class PlanPage(QWidget):
    exportRequested = Signal(str)  # the file chosen for the iCalendar export

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plannerPlan")
        # Left: the department's inspections and the request form.
        self.requests = QListWidget(self)
        self.requests.setObjectName("plannerRequests")
        # Lines longer than the pane are elided (the site is in the tooltip), not scrolled;
        # every line drawn, the one after a line of Chinese too.
        self.requests.setItemDelegate(ItemLines(self.requests, elide=True))
        self.requests.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.request_box = QGroupBox(QCoreApplication.translate("Planner", "Request a site inspection"), self)
        self.request_box.setObjectName("plannerRequestBox")
        self.request_case = _label("plannerRequestCase", self.request_box)
        # Short placeholders (the longer ones were cut at 1366 px), the rest in the tooltip.
        self.request_site = _line("plannerRequestSite", QCoreApplication.translate(
            "Planner", "Site address"), self.request_box)
        self.request_site.setToolTip(QCoreApplication.translate(
            "Planner", "The site's address; left empty, the case's address is used"))
        self.request_reason = _line("plannerRequestReason", QCoreApplication.translate(
            "Planner", "Why visit the site"), self.request_box)
        self.request_reason.setToolTip(QCoreApplication.translate(
            "Planner", "Why the site must be seen"))
        self.request_checklist = QPlainTextEdit(self.request_box)
        self.request_checklist.setObjectName("plannerRequestChecklist")
        # Tab moves on to Request inspection; a typed tab would become part of a point.
        self.request_checklist.setTabChangesFocus(True)
        self.request_checklist.setPlaceholderText(QCoreApplication.translate("Planner", "Points to check, one per line"))
        self.send_request = _button("plannerRequestSend", QCoreApplication.translate("Planner", "Request inspection"),
                                    self.request_box)
        form = QFormLayout(self.request_box)
        form.addRow(self.request_case)
        form.addRow(QCoreApplication.translate("Planner", "Site"), self.request_site)
        form.addRow(QCoreApplication.translate("Planner", "Reason"), self.request_reason)
        form.addRow(QCoreApplication.translate("Planner", "Checklist"), self.request_checklist)
        form.addRow(self.send_request)
        self.show_request(None, "", ())
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        # Named, as every list and box below: Orca said "list" or a drop-down's value.
        requests_title = PlainLabel(QCoreApplication.translate("Planner", "Joint inspections of the department"), left)
        requests_title.setWordWrap(True)  # in one line it made the pane 212 px wide
        named(self.requests, requests_title.text(), requests_title)
        column.addWidget(requests_title)
        column.addWidget(self.requests, 1)
        column.addWidget(self.request_box)

        # Middle: the calendar with its navigation and the drag's live feedback.
        self.previous = _button("plannerPrevious", "◀", self)
        self.next = _button("plannerNext", "▶", self)
        self.span = QComboBox(self)
        self.span.setObjectName("plannerSpan")
        self.span.addItems([QCoreApplication.translate("Planner", "Day"), QCoreApplication.translate("Planner", "Week")])
        self.span.setCurrentIndex(1)
        named(self.span, QCoreApplication.translate("Planner", "Days shown"))
        # The arrows alone said nothing to a screen reader or a hovering mouse, and
        # had no key: named by what they move (a day or a week, as the view shows).
        self.previous.setShortcut(QKeySequence(PREVIOUS_KEY))
        self.next.setShortcut(QKeySequence(NEXT_KEY))
        self.span.currentIndexChanged.connect(lambda _i: self._name_arrows())
        self._name_arrows()
        self.refresh_button = _button("plannerRefresh", QCoreApplication.translate("Planner", "Refresh free/busy"), self)
        self.export = _button("plannerExport", QCoreApplication.translate("Planner", "Export to calendar (.ics)…"), self)
        self.export.clicked.connect(self._choose_export)
        self.free_busy = _label("plannerFreeBusyStatus", self)
        self.view = PlannerView(self)
        self.calendar_note = _label("plannerCalendarNote", self)
        self.calendar_note.setText(QCoreApplication.translate(
            "Planner", "Hatched days: the work calendar of their year is provisional — its "
            "holidays and adjusted working days are not published yet. Check a time on such a "
            "day before proposing it."))
        self.calendar_note.setVisible(False)
        self.conflict = _label("plannerConflict", self)
        self.show_drag_hint(True)
        middle = QWidget(self)
        centre = QVBoxLayout(middle)
        centre.setContentsMargins(0, 0, 0, 0)
        # Wrapped to the pane's width: in one row the buttons made the calendar's pane
        # 538 px wide and the page 1040, wider than a 1024-pixel window.
        bar = FlowLayout()
        for w in (self.previous, self.next, self.span, self.refresh_button, self.export):
            bar.addWidget(w)
        centre.addLayout(bar)
        centre.addWidget(self.free_busy)
        centre.addWidget(self.view, 1)
        centre.addWidget(legend(middle))
        centre.addWidget(self.calendar_note)
        centre.addWidget(self.conflict)

        # Right: the inspection, the engine's slots, the answers, the notice.
        self.summary = _label("plannerInspection", self)
        # The proposal as the departments answer it: time, team, deadline, each answer.
        self.proposal = _label("plannerProposal", self)
        self.proposal_warning = _label("plannerProposalWarning", self)
        self.proposal_warning.setStyleSheet("color: #b3261e;")
        self.slots_title = PlainLabel(QCoreApplication.translate("Planner", "Suggested slots"), self)
        self.slots = QListWidget(self)
        self.slots.setObjectName("plannerSlots")
        named(self.slots, self.slots_title.text(), self.slots_title)
        # As the inspections' list: a long team elided (whole in the tooltip), never a
        # sideways scroll bar taking the room of the second suggestion.
        self.slots.setItemDelegate(ItemLines(self.slots, elide=True))
        self.slots.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation = _label("plannerExplanation", self)
        self.after_deadline = _line("plannerAfterDeadlineReason",
                                    QCoreApplication.translate("Planner", "Reason for a time after the deadline"), self)
        self.reschedule = _line("plannerRescheduleReason", QCoreApplication.translate("Planner", "Reason for a new time"), self)
        self.propose = _button("plannerPropose", QCoreApplication.translate("Planner", "Propose this slot"), self)
        self.answer_reason = _line("plannerAnswerReason", QCoreApplication.translate("Planner", "Why the department cannot come"),
                                   self)
        self.confirm = _button("plannerConfirm", QCoreApplication.translate("Planner", "Confirm for the department"), self)
        self.decline = _button("plannerDecline", QCoreApplication.translate("Planner", "Decline"), self)
        self.notice = QPlainTextEdit(self)
        self.notice.setObjectName("plannerNotice")
        self.notice.setReadOnly(True)
        self.notice.setMaximumHeight(110)
        self.open_notice = _button("plannerNoticeOpen", QCoreApplication.translate(
            "Planner", "Print the notice…"), self)
        self.cancel_reason = _line("plannerCancelReason", QCoreApplication.translate(
            "Planner", "Why the inspection is cancelled"), self)
        self.cancel = _button("plannerCancel", QCoreApplication.translate(
            "Planner", "Cancel the inspection"), self)
        self.message = _label("plannerMessage", self)
        # A reason box is called what its placeholder asks: the placeholder is gone once typed in.
        for edit in (self.after_deadline, self.reschedule, self.answer_reason, self.cancel_reason):
            named(edit, edit.placeholderText())
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.summary)
        side.addWidget(self.slots_title)
        side.addWidget(self.slots, 1)
        # A participant has no suggestions: the room goes here, not between the lines.
        self._room = QWidget(right)
        self._room.setVisible(False)
        side.addWidget(self._room, 1)
        side.addWidget(self.explanation)
        side.addWidget(self.after_deadline)
        side.addWidget(self.reschedule)
        side.addWidget(self.propose)
        side.addWidget(self.proposal)  # right above the answer it is the answer to
        side.addWidget(self.proposal_warning)
        side.addWidget(self.answer_reason)
        answers = FlowLayout()  # "Confirm for the department" and "Decline" in one row: 266 px
        answers.addWidget(self.confirm)
        answers.addWidget(self.decline)
        side.addLayout(answers)
        self.notice_title = PlainLabel(QCoreApplication.translate(
            "Planner", "Notice to the applicant"), right)
        named(self.notice, self.notice_title.text(), self.notice_title)
        side.addWidget(self.notice_title)
        side.addWidget(self.notice)
        side.addWidget(self.open_notice)
        side.addWidget(self.cancel_reason)
        side.addWidget(self.cancel)
        side.addWidget(self.message)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("plannerSplitter")
        splitter.setChildrenCollapsible(False)
        for pane in (left, middle, right):
            splitter.addWidget(pane)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 900, 280])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(splitter)
        self._dialog: QFileDialog | None = None
        # Reasons typed belong to one inspection and its proposal: kept per (id, proposal),
        # so one typed for another is never sent with this one's answer or proposal.
        self._reasons_of: tuple[str, int] | None = None
        self._reasons: dict[tuple[str, int], tuple[str, str, str, str]] = {}

    def _name_arrows(self) -> None:
        day = self.span.currentIndex() == 0
        for button, name in (
                (self.previous, QCoreApplication.translate("Planner", "Previous day") if day
                 else QCoreApplication.translate("Planner", "Previous week")),
                (self.next, QCoreApplication.translate("Planner", "Next day") if day
                 else QCoreApplication.translate("Planner", "Next week"))):
            button.setAccessibleName(name)
            button.setToolTip(QCoreApplication.translate("Planner", "{action} ({keys})").format(
                action=name,
                keys=button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))

    def show_inspections(self, found: Sequence[Inspection], names: Mapping[str, str],
                         now: dt.datetime | None = None) -> None:
        """``now``: a proposed time before it is marked as passed (it can no longer be
        confirmed), not left reading as a visit still to come."""
        current = self.requests.currentRow()
        self.requests.blockSignals(True)
        self.requests.clear()
        for i in found:
            when = words.when(i.starts_at, i.ends_at) if i.starts_at and i.ends_at else "—"
            who = listed(names.get(d, d) for d in i.departments)
            if now is not None and i.status == InspectionStatus.PROPOSED and i.starts_at \
                    and i.starts_at <= now:
                when = QCoreApplication.translate("Planner", "{when} (passed)").format(when=when)
            item = QListWidgetItem(f"{i.case_code} · {words.status(i.status.value)}\n{when}\n{who}")
            item.setToolTip(plain_tooltip(i.site_address))  # the server's text, never HTML
            self.requests.addItem(item)
        if 0 <= current < len(found):
            self.requests.setCurrentRow(current)
        self.requests.blockSignals(False)

    def _keep_reasons(self, i: Inspection | None) -> None:
        key = None if i is None else (i.id, i.proposal)
        if key == self._reasons_of:
            return
        edits = (self.after_deadline, self.reschedule, self.answer_reason, self.cancel_reason)
        if self._reasons_of is not None:
            late, why, answer, cancel = (e.text() for e in edits)
            self._reasons[self._reasons_of] = (late, why, answer, cancel)
        self._reasons_of = key
        kept = self._reasons.pop(key, ("", "", "", "")) if key is not None else ("",) * 4
        for edit, text in zip(edits, kept, strict=True):
            edit.setText(text)

    def show_role(self, organiser: bool) -> None:
        """The organiser plans; a participant answers the proposal and is not shown the
        organiser's suggestions or proposing as if they could act on them."""
        for w in (self.slots_title, self.slots, self.explanation, self.after_deadline,
                  self.reschedule, self.propose):
            w.setVisible(organiser)
        self._room.setVisible(not organiser)

    def show_proposal(self, text: str, warning: str) -> None:
        self.proposal.setText(text)
        self.proposal.setVisible(bool(text))
        self.proposal_warning.setText(warning)
        self.proposal_warning.setVisible(bool(warning))
        if warning:  # a confirmation then is refused: not offered, and the button says why
            self.confirm.setEnabled(False)
        self.confirm.setToolTip(plain_tooltip(warning))

    def show_inspection(self, i: Inspection | None, names: Mapping[str, str],
                        lang: str = "zh") -> None:
        self._keep_reasons(i)
        if i is None:
            self.show_proposal("", "")
            self.summary.setText(QCoreApplication.translate(
                "Planner", "Choose an inspection in the list."))
            self.notice.setPlainText("")
            self.notice.setPlaceholderText("")
            self.open_notice.setToolTip("")
            for w in (self.propose, self.confirm, self.decline, self.open_notice, self.cancel,
                      self.cancel_reason, self.after_deadline, self.reschedule,
                      self.answer_reason):
                w.setEnabled(False)
            return
        for w in (self.after_deadline, self.reschedule, self.answer_reason):
            w.setEnabled(True)
        lead = names.get(i.lead_department, i.lead_department)
        self.summary.setText(QCoreApplication.translate(
            "Planner", "{case} at {site}\nOrganiser: {lead} · {status}").format(
                case=i.case_code, site=i.site_address, lead=lead,
                status=words.status(i.status.value)))
        # The applicant's notice of a confirmed time only; otherwise the reason, also on
        # the disabled print button.
        withheld = words.notice_withheld(i, lang)
        self.notice.setPlainText("" if withheld else appointment_text(i, names))
        self.notice.setPlaceholderText(withheld)
        # Until there is a notice its room goes to the proposal and the answers (at 768 px
        # they were cut off); why there is none stays on the print button and its tab.
        for part in (self.notice_title, self.notice):
            part.setVisible(not withheld)
        self.open_notice.setEnabled(not withheld)
        self.open_notice.setToolTip(withheld)

    def show_drag_hint(self, dragging: bool) -> None:
        """The hint to drag, only where dragging proposes: it offered what did nothing."""
        self.conflict.setText(QCoreApplication.translate(
            "Planner", "Drag on an inspector's lane to try another time (or, in the calendar, "
            "the arrow keys and Enter).") if dragging else "")

    def show_slots(self, found: SearchResult | None, lang: str,
                   notes: Mapping[int, str] | None = None) -> None:
        """``notes``: a line more for some rows (a declined time, the time held)."""
        self.slots.clear()
        if found is None:
            self.explanation.setText("")
            return
        for row, slot in enumerate(found.slots):
            team = listed(m.name for m in slot.team)
            note = (notes or {}).get(row)
            item = QListWidgetItem(f"{words.when(slot.start, slot.end)}\n{team}"
                                   + (f"\n{note}" if note else ""))
            item.setToolTip(plain_tooltip(item.text()))  # names from the platform: plain
            self.slots.addItem(item)
        text = words.explanation(found.explanation, lang)
        if not found.slots and not text:
            text = QCoreApplication.translate("Planner", "No slot found.")
        self.explanation.setText(text)

    def show_request(self, case_code: str | None, site: str, checklist: Sequence[str]) -> None:
        self.request_box.setEnabled(case_code is not None)
        self.request_case.setText(
            QCoreApplication.translate("Planner", "Case {case}").format(case=case_code)
            if case_code else QCoreApplication.translate(
                "Planner", "Use “Request site inspection” on a review task in the inbox."))
        self.request_site.setText(site)
        self.request_checklist.setPlainText("\n".join(checklist))
        if case_code is None:
            self.request_reason.clear()

    def _choose_export(self) -> None:
        # open(), not exec(): no nested event loop (tests, the sync status behind it).
        dialog = QFileDialog(self, QCoreApplication.translate("Planner", "Export to calendar"))
        dialog.setObjectName("plannerExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("ics")
        dialog.setNameFilter(QCoreApplication.translate("Planner", "iCalendar (*.ics)"))
        dialog.selectFile("inspections.ics")
        dialog.fileSelected.connect(self.exportRequested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()
