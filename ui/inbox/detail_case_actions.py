"""The case actions of the task detail: the one notice, the clock, an extension.

- **Edit and issue the one combined correction notice** (一次性告知, 6.9;
  行政许可法 Art. 32): the lead department's panel, :mod:`.detail_notice`,
  put into the correction notice tab under every department's items.
- **Suspend the clock for a special procedure** (Art. 45, ``suspendForm``):
  ``case.suspend`` and the written notice to the applicant
  (``notification.send``) in one transaction; **end** a running procedure
  (``endProcedure``) with ``special_procedure.end``.
- **Request an extension** (Art. 42, ``extensionForm``):
  ``extension.request``, once per case and of at most 10 working days (15
  when several departments handle the case jointly,
  :mod:`backoffice.domain.extensions`).
- **Approve a requested extension** (``extensionApproval``): the request
  the store keeps (days, reason, who asked and when) and, for a signer of
  the lead department only, ``approveExtension``: ``extension.approve`` on
  the kept record's version. Everyone else sees it awaiting approval. Once
  the approval is synced the deadline moves and the platform tells the
  applicant.

Like the rest of the detail, everything is queued in the outbox on the
detail's one store worker and works offline; input is checked here first
(nothing is stored on a message), refusals of the store come back through
the detail in the words of ``backoffice.messages``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain import clock
from backoffice.domain.commands import MAX_EXTENSION_DAYS
from backoffice.domain.extensions import extension_limit, joint
from backoffice.domain.model import SpecialProcedureKind
from backoffice.domain.states import CaseStatus
from ui.inbox.case_forms import (
    FormChooser,
    beside,
    date_edit,
    day_of,
    note_label,
    qdate,
    reason_edit,
    tight,
    untitled,
)
from ui.inbox.detail_case_data import (
    MAX_EXTENSION_REASON,
    MAX_SUSPEND_REASON,
    MIN_EXTENSION_DAYS,
    CaseCommand,
    queue_all,
    queue_approval,
    suspension_text,
)
from ui.inbox.detail_data import DetailSession, Snapshot, own_task_active
from ui.inbox.detail_notice import NoticeIssue
from ui.inbox.detail_panels import CorrectionPanel
from ui.inbox.detail_text import safe
from ui.inbox.people import person_text

Run = Callable[[Callable[[], object], Callable[[object], None]], None]


def procedure_name(kind: SpecialProcedureKind) -> str:
    return {
        SpecialProcedureKind.HEARING: QCoreApplication.translate("CaseActions", "Hearing"),
        SpecialProcedureKind.BIDDING: QCoreApplication.translate("CaseActions", "Bidding"),
        SpecialProcedureKind.AUCTION: QCoreApplication.translate("CaseActions", "Auction"),
        SpecialProcedureKind.TESTING: QCoreApplication.translate(
            "CaseActions", "Inspection and testing"
        ),
        SpecialProcedureKind.QUARANTINE: QCoreApplication.translate("CaseActions", "Quarantine"),
        SpecialProcedureKind.APPRAISAL: QCoreApplication.translate("CaseActions", "Appraisal"),
        SpecialProcedureKind.EXPERT_REVIEW: QCoreApplication.translate(
            "CaseActions", "Expert review"
        ),
    }[kind]


def _suspend_title() -> str:
    return QCoreApplication.translate("CaseActions", "Suspend the clock for a special procedure")


def _extension_title() -> str:
    return QCoreApplication.translate("CaseActions", "Request an extension (Art. 42 of the Administrative Licensing Law)")


def _extended_once() -> str:
    return QCoreApplication.translate(
        "CaseActions",
        "The case has been extended once already; the law allows one extension (Art. 42).",
    )


class CaseActions(QWidget):
    """``caseActions``: the clock (``suspendForm``, ``endProcedure``) and ``extensionForm``.

    It also puts :class:`NoticeIssue` into the detail's correction panel.
    ``queued`` is emitted after commands reached the outbox, with their ids: the
    detail says so and follows them to the platform.
    """

    queued = Signal(object)  # tuple[str, ...]

    def __init__(
        self,
        session: DetailSession,
        correction: CorrectionPanel,
        run: Run,
        say: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseActions")
        self.session, self._run, self._say = session, run, say
        self.snapshot: Snapshot | None = None
        self.correction = correction
        self.issue = NoticeIssue(correction, self._queue, say, run)
        box = correction.layout()
        assert box is not None
        box.addWidget(self.issue)
        self.issue.hide()

        inner = QWidget(self)
        # One form at a time, each named by a button in sight: stacked, the extension
        # form was below the fold of a 768-pixel screen's tab.
        self.forms = FormChooser(inner)
        self.approval_form = self._approval_form(inner)
        self.end_form = self._end_form(inner)
        self.suspend_form = self._suspend_form(inner)
        self.extension_form = self._extension_form(inner)
        self.forms.add(QCoreApplication.translate("CaseActions", "Special procedure (Art. 45)"),
                       "clockForms", [self.end_form, self.suspend_form])
        self.forms.add(QCoreApplication.translate("CaseActions", "Extension (Art. 42)"),
                       "extensionForms", [self.extension_form])
        column = QVBoxLayout(inner)
        margins = column.contentsMargins()  # above and below: the forms' room on a laptop
        column.setContentsMargins(margins.left(), 4, margins.right(), 0)
        # First: a request awaiting its signer is what the page asks to act on.
        column.addWidget(self.approval_form)
        # All the room below to the forms: the stack gives a page its hint's height,
        # a wrapped note's lines counted at another width (the page's own layout
        # shares by the real width).
        column.addWidget(self.forms, 1)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("CaseActions", "Clock and extension")

    def show_form(self, widget: QWidget) -> None:
        """Bring the form holding ``widget`` to the front (nothing if none does)."""
        self.forms.show_form(widget)

    # ---- building -----------------------------------------------------------------------

    def _suspend_form(self, parent: QWidget) -> QWidget:
        form = untitled(parent, _suspend_title())
        form.setObjectName("suspendForm")
        self.procedure = QComboBox(form)
        self.procedure.setObjectName("procedureKind")
        # Named: a drop-down is otherwise called by its current choice.
        self.procedure.setAccessibleName(QCoreApplication.translate("CaseActions", "Procedure"))
        for kind in SpecialProcedureKind:
            self.procedure.addItem(procedure_name(kind), kind.value)
        self.suspend_start = date_edit(form, "suspendStart")  # before the reason: Tab's order
        self.suspend_reason = reason_edit(
            form,
            "suspendReason",
            QCoreApplication.translate("CaseActions", "Why the procedure is needed (required)"),
        )
        self.suspend_state = note_label(form, "", "suspendState")
        self.suspend = QPushButton(
            QCoreApplication.translate("CaseActions", "Suspend the clock"), form
        )
        self.suspend.setObjectName("suspendClock")
        self.suspend.clicked.connect(self._suspend)
        starts = QLabel(QCoreApplication.translate("CaseActions", "Starts on"), form)
        starts.setBuddy(self.suspend_start)
        first = QHBoxLayout()
        first.addWidget(self.procedure, 1)
        first.addWidget(starts)
        first.addWidget(self.suspend_start)
        layout = tight(QFormLayout(form))
        layout.addRow(QCoreApplication.translate("CaseActions", "Procedure"), first)
        layout.addRow(QCoreApplication.translate("CaseActions", "Reason"), self.suspend_reason)
        told = note_label(form, QCoreApplication.translate(
            "CaseActions",
            "The applicant is told in writing (a notice on the portal) that the time "
            "of the procedure does not count toward the time limit (Art. 45 of the "
            "Administrative Licensing Law).",
        ))
        layout.addRow(beside(told, self.suspend))
        layout.addRow(self.suspend_state)
        return form

    def _end_form(self, parent: QWidget) -> QGroupBox:
        form = QGroupBox(
            QCoreApplication.translate("CaseActions", "End the special procedure"), parent
        )
        form.setObjectName("endProcedureForm")
        self.running = note_label(form, "", "runningProcedure")
        self.end_date = date_edit(form, "procedureEnd")
        self.end = QPushButton(
            QCoreApplication.translate("CaseActions", "End procedure, resume the clock"), form
        )
        self.end.setObjectName("endProcedure")
        self.end.clicked.connect(self._end)
        layout = QFormLayout(form)
        layout.addRow(self.running)
        layout.addRow(QCoreApplication.translate("CaseActions", "Ended on"), self.end_date)
        layout.addRow(self.end)
        form.hide()
        return form

    def _extension_form(self, parent: QWidget) -> QWidget:
        form = untitled(parent, _extension_title())
        form.setObjectName("extensionForm")
        self.extension_days = QSpinBox(form)
        self.extension_days.setObjectName("extensionDays")
        # Down to 0 on purpose: no days gets a message, not a silent 1. The top is
        # the case's Art. 42 limit (show_snapshot), said in ``extension_limit``.
        self.extension_days.setRange(0, MAX_EXTENSION_DAYS)
        self.extension_days.setValue(10)
        self.extension_limit = note_label(form, "", "extensionLimit")
        self.extension_reason = reason_edit(
            form,
            "extensionReason",
            QCoreApplication.translate(
                "CaseActions", "Why the case needs more time (required; the applicant is told)"
            ),
        )
        self.extensions = note_label(form, "", "extensionList")
        self.extend = QPushButton(
            QCoreApplication.translate("CaseActions", "Request extension"), form
        )
        self.extend.setObjectName("requestExtension")
        self.extend.clicked.connect(self._extend)
        days = QHBoxLayout()  # the limit beside the days: a line of its own each was too tall
        days.addWidget(self.extension_days)
        days.addWidget(self.extension_limit, 1)
        layout = tight(QFormLayout(form))
        layout.addRow(QCoreApplication.translate("CaseActions", "Working days"), days)
        layout.addRow(QCoreApplication.translate("CaseActions", "Reason"), self.extension_reason)
        who = note_label(form, QCoreApplication.translate(
            "CaseActions",
            "A signer of the lead department, who stands for the head of the body, "
            "approves the extension; the platform then tells the applicant the reason "
            "and the new due date. Until then the deadline stays.",
        ))
        layout.addRow(beside(who, self.extend))
        layout.addRow(self.extensions)
        return form

    def _approval_form(self, parent: QWidget) -> QGroupBox:
        form = QGroupBox(
            QCoreApplication.translate("CaseActions", "Extension awaiting approval (Art. 42)"),
            parent,
        )
        form.setObjectName("extensionApproval")
        self.awaiting = note_label(form, "", "awaitingExtension")
        self.approval_note = note_label(form, "", "approvalNote")
        self.approve = QPushButton(
            QCoreApplication.translate("CaseActions", "Approve extension"), form
        )
        self.approve.setObjectName("approveExtension")
        self.approve.clicked.connect(self._approve)
        # The button beside the note, not under it: on a 768-pixel screen the
        # tab is low, and the approval should be in sight without scrolling.
        row = QHBoxLayout()
        row.addWidget(self.approval_note, 1)
        row.addWidget(self.approve)
        layout = QVBoxLayout(form)
        layout.addWidget(self.awaiting)
        layout.addLayout(row)
        form.hide()
        return form

    # ---- showing ------------------------------------------------------------------------

    def clear(self) -> None:
        """Another task is shown: typed text and dates start over."""
        for edit in (self.suspend_reason, self.extension_reason):
            edit.clear()
        today = qdate(clock.today())
        self.suspend_start.setDate(today)
        self.end_date.setDate(today)
        self.extension_days.setValue(10)
        self.procedure.setCurrentIndex(0)

    def show_snapshot(self, s: Snapshot) -> None:
        self.snapshot = s
        mine = self.session.account.department_code
        active = s.task.department_code == mine and own_task_active(s.task)
        self.issue.show_snapshot(s, lead=s.case.lead_department == mine)
        running = s.extras.running()
        in_review = s.case.status == CaseStatus.IN_REVIEW
        self.suspend_form.setEnabled(active and in_review and running is None)
        if running is not None:
            state = QCoreApplication.translate(
                "CaseActions", "The clock is suspended: {procedure} since {date}."
            ).format(procedure=procedure_name(running.kind), date=running.started_on.isoformat())
        elif s.case.status == CaseStatus.SUSPENDED and s.extras.procedures:
            state = QCoreApplication.translate(
                "CaseActions", "The procedure has ended; the clock resumes at the next sync."
            )
        elif s.case.status == CaseStatus.SUSPENDED:
            state = QCoreApplication.translate(
                "CaseActions",
                "The clock is suspended (queued); the procedure can be ended after the next sync.",
            )
        elif not in_review:
            state = QCoreApplication.translate(
                "CaseActions", "The clock can be suspended only while the case is in review."
            )
        else:
            state = ""
        self.suspend_state.setText(state)
        self.suspend_state.setVisible(bool(state))
        self.end_form.setVisible(running is not None)
        # In its place while a procedure runs: both were more than a laptop's tab shows.
        self.suspend_form.setVisible(running is None)
        self.end_form.setEnabled(active)
        # A procedure starts and ends between the acceptance and today: a
        # mistyped year would stop every department's clock for decades.
        today = qdate(clock.today())
        self.suspend_start.setDateRange(qdate(clock.to_shanghai_date(s.case.accepted_at)), today)
        if running is not None:
            self.running.setText(state)
            self.end_date.setDateRange(qdate(running.started_on), max(today, qdate(running.started_on)))
        self._show_extension_limit(s, active)
        self._show_extensions(s)
        self._show_approval(s)

    def _show_extension_limit(self, s: Snapshot, active: bool) -> None:
        """Art. 42: one extension per case, of at most 10 working days (15 when joint)."""
        limit = extension_limit(s.tasks)
        self.extension_days.setMaximum(limit)
        if s.extras.extensions:
            text = _extended_once()
        elif joint(s.tasks):
            text = QCoreApplication.translate(
                "CaseActions",
                "At most {days} working days: several departments handle this case jointly "
                "(Art. 42 allows one extension of 15 working days for joint handling).",
            ).format(days=limit)
        else:
            text = QCoreApplication.translate(
                "CaseActions",
                "At most {days} working days: Art. 42 allows one extension of 10 working days "
                "(15 when several departments handle the case jointly).",
            ).format(days=limit)
        self.extension_limit.setText(text)
        self.extension_form.setEnabled(active and not s.extras.extensions)

    def _show_extensions(self, s: Snapshot) -> None:
        lines = [
            (QCoreApplication.translate(
                "CaseActions", "Extension approved: 1 working day on {date} by {signer} ({reason})"
            ) if e.working_days == 1 else QCoreApplication.translate(
                "CaseActions", "Extension approved: {days} working days on {date} by {signer} ({reason})"
            )).format(
                days=e.working_days,
                date=e.approved_on.isoformat() if e.approved_on else "",
                signer=safe(e.approved_by),
                reason=safe(e.reason),
            )
            for e in s.extras.extensions
        ]
        lines += [
            (QCoreApplication.translate(
                "CaseActions", "Requested, waiting for the next sync: 1 working day ({reason})",
            ) if r.working_days == 1 else QCoreApplication.translate(
                "CaseActions",
                "Requested, waiting for the next sync: {days} working days ({reason})",
            )).format(days=r.working_days, reason=safe(r.reason))
            for r in s.extras.requested
        ]
        self.extensions.setText("\n".join(lines))
        self.extensions.setVisible(bool(lines))

    def _show_approval(self, s: Snapshot) -> None:
        """The oldest request awaiting a signer; the approval is offered to a lead signer."""
        waiting = sorted(s.extras.awaiting,
                         key=lambda e: (e.requested_on or dt.date.min, e.id))
        self.approval_form.setVisible(bool(waiting))
        if not waiting:
            return
        lines = [
            (QCoreApplication.translate(
                "CaseActions", "1 working day, asked by {who} on {date}: {reason}",
            ) if e.working_days == 1 else QCoreApplication.translate(
                "CaseActions",
                "{days} working days, asked by {who} on {date}: {reason}",
            )).format(
                days=e.working_days,
                who=person_text(s.extras.names.get(e.requested_by, ""), e.requested_by)
                if e.requested_by else "—",
                date=e.requested_on.isoformat() if e.requested_on else "—",
                reason=safe(e.reason),
            )
            for e in waiting
        ]
        self.awaiting.setText("\n".join(lines))
        account = self.session.account
        signer = (account.department_code == s.case.lead_department
                  and account.username in s.extras.signers)
        if s.extras.extensions:
            note = _extended_once()
        elif signer:
            note = (QCoreApplication.translate(
                "CaseActions",
                "Approving extends the deadline by 1 working day once synced; the "
                "platform tells the applicant the reason and the new due date.",
            ) if waiting[0].working_days == 1 else QCoreApplication.translate(
                "CaseActions",
                "Approving extends the deadline by {days} working days once synced; the "
                "platform tells the applicant the reason and the new due date.",
            )).format(days=waiting[0].working_days)
        else:
            note = QCoreApplication.translate(
                "CaseActions", "Pending approval by a signer of the lead department."
            )
        self.approval_note.setText(note)
        self.approve.setVisible(signer)
        self.approve.setEnabled(signer and not s.extras.extensions)

    # ---- actions ------------------------------------------------------------------------

    def _approve(self) -> None:
        s = self.snapshot
        if s is None or not s.extras.awaiting:
            return
        extension = min(s.extras.awaiting, key=lambda e: (e.requested_on or dt.date.min, e.id))
        store, author = self.session.store, self.session.account.username
        tasks, approved = s.tasks, len(s.extras.extensions)
        self._queue_with(lambda: queue_approval(store, author, extension, tasks, approved))

    def _suspend(self) -> None:
        s = self.snapshot
        if s is None:
            return
        reason = self._reason(self.suspend_reason, MAX_SUSPEND_REASON)
        if reason is None:
            return
        kind = SpecialProcedureKind(str(self.procedure.currentData()))
        start = day_of(self.suspend_start)
        accepted, today = clock.to_shanghai_date(s.case.accepted_at), clock.today()
        if not accepted <= start <= today:  # the range of the date field, said in words
            self._say(QCoreApplication.translate(
                "CaseActions", "The procedure starts between the acceptance ({accepted}) and "
                "today ({today}); nothing was queued.").format(
                    accepted=accepted.isoformat(), today=today.isoformat()))
            return
        code = s.case.case_code
        self._queue(
            [
                CaseCommand(
                    "case.suspend",
                    code,
                    {"procedure": kind.value, "started_on": start.isoformat(), "reason": reason},
                ),
                CaseCommand(
                    "notification.send",
                    code,
                    {
                        "channel": "portal",
                        "kind": "other",
                        "text": suspension_text(s.case, kind, start, reason),
                    },
                ),
            ],
            then=self.suspend_reason.clear,
        )

    def _end(self) -> None:
        s = self.snapshot
        running = s.extras.running() if s is not None else None
        if running is None:
            return
        ended = day_of(self.end_date)
        if ended < running.started_on:
            self._say(
                QCoreApplication.translate(
                    "CaseActions",
                    "The procedure cannot end before it started ({date}); nothing was queued.",
                ).format(date=running.started_on.isoformat())
            )
            return
        if ended > clock.today():
            self._say(QCoreApplication.translate(
                "CaseActions", "The procedure cannot end after today; nothing was queued."))
            return
        self._queue(
            [CaseCommand("special_procedure.end", running.id, {"ended_on": ended.isoformat()})]
        )

    def _extend(self) -> None:
        s = self.snapshot
        if s is None:
            return
        days, limit = self.extension_days.value(), extension_limit(s.tasks)
        if not MIN_EXTENSION_DAYS <= days <= limit:
            self._say(
                QCoreApplication.translate(
                    "CaseActions",
                    "An extension of this case is {low} to {high} working days; "
                    "nothing was queued.",
                ).format(low=MIN_EXTENSION_DAYS, high=limit)
            )
            self.extension_days.setFocus()
            return
        reason = self._reason(self.extension_reason, MAX_EXTENSION_REASON)
        if reason is None:
            return
        self._queue(
            [
                CaseCommand(
                    "extension.request",
                    s.case.case_code,
                    {"working_days": days, "reason": reason},
                )
            ],
            then=self.extension_reason.clear,
        )

    def _reason(self, edit: QPlainTextEdit, limit: int) -> str | None:
        """The reason typed, or None after saying what is wrong with it."""
        text = edit.toPlainText().strip()
        if not text:
            self._say(
                QCoreApplication.translate(
                    "CaseActions", "Write the reason first; nothing was queued."
                )
            )
        elif len(text) > limit:
            self._say(
                QCoreApplication.translate(
                    "CaseActions",
                    "The reason may have at most {limit} characters; nothing was queued.",
                ).format(limit=limit)
            )
        else:
            return text
        edit.setFocus()
        return None

    def _queue(
        self, commands: Sequence[CaseCommand], *, then: Callable[[], None] | None = None
    ) -> None:
        store, author = self.session.store, self.session.account.username
        batch = list(commands)
        self._queue_with(lambda: queue_all(store, author, batch), then=then)

    def _queue_with(
        self, work: Callable[[], object], *, then: Callable[[], None] | None = None
    ) -> None:
        def done(result: object) -> None:
            self.session.local_action()
            if then is not None:
                then()
            self.queued.emit(tuple(result) if isinstance(result, list) else ())

        self._run(work, done)
