"""The read-only parts of the task detail: case header, departments, deferred materials, timeline.

Everything from the platform is data, shown as plain text (PlainLabel, tree
items, read-only plain-text edits — never rich text), and control characters
are made visible (:func:`safe`): a name with an escape sequence or a bell in
it must neither hide text nor surprise a screen reader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from backoffice.domain.deadline_status import DeadlineStatus, WarningLevel
from backoffice.domain.inspections import InspectionPart, InspectionResult, joint_result
from backoffice.domain.model import Answer, ApplicantKind, CaseKind, Inspection
from backoffice.domain.states import InspectionStatus, TaskStatus
from backoffice.store.inbox_query import CaseOutcome, StepClock, case_outcome
from backoffice.sync.case_view import event_summary
from ui.inbox.detail_data import Snapshot
from ui.inbox.detail_text import local_time, safe
from ui.inbox.people import person_text
from ui.widgets.plain import PlainLabel, plain_tooltip


def task_status_text(status: TaskStatus) -> str:
    return {
        TaskStatus.UNCLAIMED: QCoreApplication.translate("TaskDetail", "unclaimed"),
        TaskStatus.IN_REVIEW: QCoreApplication.translate("TaskDetail", "in review"),
        TaskStatus.AWAITING_APPLICANT: QCoreApplication.translate(
            "TaskDetail", "awaiting the applicant"
        ),
        TaskStatus.SUSPENDED: QCoreApplication.translate("TaskDetail", "clock suspended"),
        TaskStatus.OPINION_GIVEN: QCoreApplication.translate("TaskDetail", "opinion given"),
        TaskStatus.TRANSFERRED: QCoreApplication.translate("TaskDetail", "transferred"),
        TaskStatus.WITHDRAWN: QCoreApplication.translate("TaskDetail", "withdrawn"),
    }[status]


def _level_text(level: WarningLevel) -> str:
    return {
        WarningLevel.NORMAL: QCoreApplication.translate("TaskDetail", "in time"),
        WarningLevel.DUE_SOON: QCoreApplication.translate("TaskDetail", "due soon"),
        WarningLevel.DUE_TODAY: QCoreApplication.translate("TaskDetail", "due today"),
        WarningLevel.OVERDUE: QCoreApplication.translate("TaskDetail", "overdue"),
        WarningLevel.CLOCK_STOPPED: QCoreApplication.translate("TaskDetail", "clock suspended"),
    }[level]


def _outcome_text(outcome: CaseOutcome, completed: dt.date | None) -> str:
    day = completed.isoformat() if completed else ""
    return {
        CaseOutcome.OPEN: "",
        CaseOutcome.ON_TIME: QCoreApplication.translate(
            "TaskDetail", "case completed on time on {date}").format(date=day),
        CaseOutcome.LATE: QCoreApplication.translate(
            "TaskDetail", "case completed late on {date}").format(date=day),
        CaseOutcome.COMPLETED: QCoreApplication.translate("TaskDetail", "case completed"),
        CaseOutcome.REPORTED: QCoreApplication.translate(
            "TaskDetail", "case escalated to the upper-level authority"),
        CaseOutcome.WITHDRAWN: QCoreApplication.translate("TaskDetail", "case withdrawn"),
    }[outcome]


def deadline_text(
    due: dt.date,
    status: DeadlineStatus,
    *,
    differs: bool = False,
    estimated: bool = False,
    done: bool = False,
    ended: TaskStatus | None = None,
    outcome: CaseOutcome = CaseOutcome.OPEN,
    completed: dt.date | None = None,
) -> str:
    """The deadline in the words of the list's badge (``list_format.badge_text``).

    ``done``: the department's part is over, the date is history (no count,
    no level), said as it ended (``ended``: transferred and withdrawn are
    not a completed step); a stopped clock has no count either, since nobody is late
    while it stands; past the date the count is "N working days late".
    ``outcome``: the case's deadline once the case has ended, history too, said
    as it ended (``completed``: the day its decision was sealed).
    """
    parts = [due.isoformat()]
    ended_as = _outcome_text(outcome, completed)
    if ended_as:
        parts.append(ended_as)
    elif done and ended is TaskStatus.TRANSFERRED:
        parts.append(QCoreApplication.translate("TaskDetail", "transferred to another department"))
    elif done and ended is TaskStatus.WITHDRAWN:
        parts.append(QCoreApplication.translate("TaskDetail", "case withdrawn"))
    elif done:
        parts.append(QCoreApplication.translate("TaskDetail", "step completed"))
    elif status.level is WarningLevel.CLOCK_STOPPED:
        parts.append(_level_text(status.level))
    elif status.remaining == -1:  # singular or plural by the number, no %n forms
        parts.append(QCoreApplication.translate("TaskDetail", "1 working day late"))
    elif status.remaining == 1:
        parts.append(QCoreApplication.translate("TaskDetail", "1 working day left"))
    elif status.remaining < 0:
        parts.append(
            QCoreApplication.translate("TaskDetail", "{days} working days late").format(
                days=-status.remaining
            )
        )  # "late" is the level: "overdue" after it said it twice
    else:
        parts.append(
            QCoreApplication.translate("TaskDetail", "{days} working days left").format(
                days=status.remaining
            )
        )
        parts.append(_level_text(status.level))
    if status.provisional:
        parts.append(QCoreApplication.translate("TaskDetail", "provisional calendar"))
    if differs:
        parts.append(
            QCoreApplication.translate(
                "TaskDetail", "the offline estimate differs from the platform's date"
            )
        )
    if estimated:
        parts.append(QCoreApplication.translate("TaskDetail", "estimated offline"))
    return " · ".join(parts)


class CaseHeader(QWidget):
    """``caseHeader``: one PlainLabel per field, each with its own objectName."""

    FIELDS = (
        "caseCode",
        "serviceItem",
        "applicant",
        "leadDepartment",
        "caseKind",
        "accepted",
        "siteAddress",
        "caseDeadline",
        "stepDeadline",
        "taskStatus",
    )
    COMPACT = ("caseCode", "stepDeadline")  # what a low pane keeps of the header
    # The task pane's height below which the header is compact: a 768-pixel screen's pane
    # is ~680 px, a 1080-pixel one's ~990.
    LOW_PANE = 800

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        captions = (
            QCoreApplication.translate("TaskDetail", "Case code"),
            QCoreApplication.translate("TaskDetail", "Service item"),
            QCoreApplication.translate("TaskDetail", "Applicant"),
            QCoreApplication.translate("TaskDetail", "Lead department"),
            QCoreApplication.translate("TaskDetail", "Kind"),
            QCoreApplication.translate("TaskDetail", "Accepted"),
            QCoreApplication.translate("TaskDetail", "Site address"),
            QCoreApplication.translate("TaskDetail", "Case deadline"),
            QCoreApplication.translate("TaskDetail", "Our step deadline"),
            QCoreApplication.translate("TaskDetail", "Our task"),
        )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self._form = form
        self.compact = False
        self._chosen = False  # the user's own choice holds over the pane's height
        self.values: dict[str, PlainLabel] = {}
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("caseHeaderToggle")
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_compact(not self.compact, chosen=True))
        for name, caption in zip(self.FIELDS, captions, strict=True):
            label = PlainLabel("", self)
            label.setObjectName(f"detail_{name}")
            label.setWordWrap(True)
            self.values[name] = label
            if name == "caseCode":  # the toggle on the first line, where it stays in sight
                row = QWidget(self)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(label, 1)
                line.addWidget(self.toggle)
                form.addRow(caption, row)
            else:
                form.addRow(caption, label)
        self.set_compact(False)

    def set_compact(self, compact: bool, *, chosen: bool = False) -> None:
        """Only the case code and our step's deadline (a low screen: the page viewer below
        needs the room), or every line."""
        self._chosen = self._chosen or chosen
        self.compact = compact
        for row, name in enumerate(self.FIELDS):
            self._form.setRowVisible(row, not compact or name in self.COMPACT)
        self.toggle.setText(
            QCoreApplication.translate("TaskDetail", "All case details ▾") if compact
            else QCoreApplication.translate("TaskDetail", "Fewer details ▴"))

    def compact_height(self) -> int:
        """The height of the compact header's lines at the header's width (they wrap)."""
        rows = [self.values["caseCode"].parentWidget(), self.values["stepDeadline"]]
        heights = [w.heightForWidth(w.width()) if w.hasHeightForWidth() and w.width() > 0
                   else w.sizeHint().height() for w in rows if w is not None]
        return sum(heights) + max(self._form.verticalSpacing(), 0) * (len(heights) - 1)

    def fit_height(self, pane_height: int) -> None:
        """Compact on a low pane (a 768-pixel screen) unless the user chose otherwise."""
        if not self._chosen and (pane_height < self.LOW_PANE) != self.compact:
            self.set_compact(pane_height < self.LOW_PANE)

    def show_snapshot(self, s: Snapshot, me: str) -> None:
        case, task = s.case, s.task
        kind = {
            ApplicantKind.PERSON: QCoreApplication.translate("TaskDetail", "person"),
            ApplicantKind.COMPANY: QCoreApplication.translate("TaskDetail", "company"),
        }
        case_kind = {
            CaseKind.IMMEDIATE: QCoreApplication.translate("TaskDetail", "immediate case"),
            CaseKind.PROMISED: QCoreApplication.translate("TaskDetail", "promised case"),
            CaseKind.ESCALATED: QCoreApplication.translate("TaskDetail", "escalated case"),
        }
        if s.deadline is not None:
            dl = deadline_text(
                s.deadline.due, s.deadline.status, differs=s.deadline.deadline.differs,
                outcome=case_outcome(case.status, s.deadline.due, s.completed_on),
                completed=s.completed_on,
            )
        else:
            dl = QCoreApplication.translate("TaskDetail", "unknown")
        step = (
            deadline_text(
                s.step.due,
                s.step.status,
                estimated=s.step.estimated,
                done=s.step.clock is StepClock.DONE,
                ended=task.status,
            )
            if s.step
            else QCoreApplication.translate("TaskDetail", "unknown")
        )
        if task.assignee:
            who = (
                QCoreApplication.translate("TaskDetail", "claimed by you")
                if task.assignee == me
                else QCoreApplication.translate("TaskDetail", "claimed by {user}").format(
                    user=person_text(
                        next((c.display_name for c in s.colleagues
                              if c.username == task.assignee), ""), task.assignee)
                )
            )
            status = f"{task_status_text(task.status)} · {who}"
        else:
            status = task_status_text(task.status)
        values = {
            "caseCode": case.case_code,
            "serviceItem": f"{safe(case.service_item_name)} ({safe(case.service_item_code)})",
            "applicant": f"{safe(case.applicant.name)} · {kind[case.applicant.kind]}",
            "leadDepartment": safe(s.department_name(case.lead_department)),
            "caseKind": QCoreApplication.translate(
                "TaskDetail", "{kind}, {promised} working days promised, {statutory} statutory"
            ).format(
                kind=case_kind[case.kind],
                promised=case.promised_days,
                statutory=case.statutory_days,
            ),
            "accepted": local_time(case.accepted_at.isoformat()),
            "siteAddress": safe(case.site_address)
            or QCoreApplication.translate("TaskDetail", "none"),
            "caseDeadline": dl,
            "stepDeadline": step,
            "taskStatus": status,
        }
        for name, text in values.items():
            self.values[name].setText(text)


def _photos_text(count: int) -> str:
    # Singular or plural by the number, without %n forms (the house rule).
    if count == 1:
        return QCoreApplication.translate("TaskDetail", "1 photo")
    return QCoreApplication.translate("TaskDetail", "{count} photos").format(count=count)


def _tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    return tree


def _item(values: list[str], tooltip: str = "") -> QTreeWidgetItem:
    item = QTreeWidgetItem([safe(v) for v in values])
    if tooltip:
        for column in range(len(values)):
            item.setToolTip(column, plain_tooltip(tooltip))
    return item


def department_progress(parent: QWidget) -> QTreeWidget:
    return _tree(
        parent,
        "departmentProgress",
        [
            QCoreApplication.translate("TaskDetail", "Department"),
            QCoreApplication.translate("TaskDetail", "Status"),
            # A task's reviewer, or who recorded or confirmed an inspection's part.
            QCoreApplication.translate("TaskDetail", "Handled by"),
            QCoreApplication.translate("TaskDetail", "Materials"),
            QCoreApplication.translate("TaskDetail", "Published opinion"),
        ],
    )


def fill_department_progress(tree: QTreeWidget, s: Snapshot) -> None:
    tree.clear()
    for t in sorted(
        s.tasks, key=lambda t: (t.department_code != s.task.department_code, t.department_code)
    ):
        name = s.department_name(t.department_code)
        if t.department_code == s.case.lead_department:
            name = QCoreApplication.translate("TaskDetail", "{department} (lead)").format(
                department=name
            )
        own = t.department_code == s.task.department_code
        # Others' tasks reach us in reduced form: status and published opinion only;
        # their materials not at all, so how many they have is unknown, not 0.
        count = str(len(s.materials)) if own else "—"
        who = _person(s, t.assignee) if t.assignee else "—"
        item = _item([name, task_status_text(t.status), who, count, t.opinion or "—"], t.opinion)
        if not own:
            item.setToolTip(
                3,
                QCoreApplication.translate(
                    "TaskDetail", "Another department's materials are not sent here: their number is unknown."
                ),
            )
        tree.addTopLevelItem(item)
    _add_inspections(tree, s)


def _person(s: Snapshot, user: str) -> str:
    """By name when the department's kept staff list knows them (another department's
    people are not in it: their login)."""
    return person_text(s.extras.names.get(user, ""), user)


def _part_by(s: Snapshot, part: InspectionPart | None) -> str:
    """Who confirmed the part on site, else who last saved it: said which, for the
    column is a task's reviewer on the other rows."""
    if part is not None and part.confirmed_by:
        return QCoreApplication.translate("TaskDetail", "confirmed by {person}").format(
            person=_person(s, part.confirmed_by))
    if part is not None and part.recorded_by:
        return QCoreApplication.translate("TaskDetail", "recorded by {person}").format(
            person=_person(s, part.recorded_by))
    return "—"


def inspection_status_text(status: InspectionStatus) -> str:
    return {
        InspectionStatus.REQUESTED: QCoreApplication.translate("TaskDetail", "requested"),
        InspectionStatus.PROPOSED: QCoreApplication.translate(
            "TaskDetail", "time proposed, awaiting answers"
        ),
        InspectionStatus.CONFIRMED: QCoreApplication.translate("TaskDetail", "confirmed"),
        InspectionStatus.RECORDED: QCoreApplication.translate("TaskDetail", "recorded"),
        InspectionStatus.CANCELLED: QCoreApplication.translate("TaskDetail", "cancelled"),
    }[status]


def inspection_result_text(result: InspectionResult | None) -> str:
    if result is None:
        return QCoreApplication.translate("TaskDetail", "no result yet")
    return {
        InspectionResult.PASS: QCoreApplication.translate("TaskDetail", "pass"),
        InspectionResult.PASS_WITH_CORRECTIONS: QCoreApplication.translate(
            "TaskDetail", "pass with corrections"
        ),
        InspectionResult.FAIL: QCoreApplication.translate("TaskDetail", "fail"),
    }[result]


def _answer_text(answer: Answer) -> str:
    return {
        Answer.PENDING: QCoreApplication.translate("TaskDetail", "answer pending"),
        Answer.CONFIRMED: QCoreApplication.translate("TaskDetail", "time confirmed"),
        Answer.DECLINED: QCoreApplication.translate("TaskDetail", "time declined"),
    }[answer]


def _slot_text(i: Inspection) -> str:
    if i.starts_at is None or i.ends_at is None:
        return QCoreApplication.translate("TaskDetail", "no time yet")
    return f"{local_time(i.starts_at.isoformat())}–{local_time(i.ends_at.isoformat())[-5:]}"


def _add_inspections(tree: QTreeWidget, s: Snapshot) -> None:
    """The case's joint inspections under the departments: status, time, every part.

    One row per inspection (its status, time, place and the joint result, or
    the reason of a cancellation), one child per participating department
    (its answer or result, who confirmed on site, photos, findings): every
    participant sees the whole record, as the platform sends it.
    """
    for i in s.inspections:
        parts = {p.department_code: p for p in s.inspection_parts if p.inspection_id == i.id}
        if i.status == InspectionStatus.CANCELLED:
            outcome = QCoreApplication.translate("TaskDetail", "cancelled: {reason}").format(
                reason=i.reason
            )
        elif len(parts) == len(i.departments) and all(p.result for p in parts.values()):
            outcome = QCoreApplication.translate("TaskDetail", "joint result: {result}").format(
                result=inspection_result_text(joint_result(parts.values()))
            )
        else:
            outcome = i.site_address
        title = (
            QCoreApplication.translate("TaskDetail", "Joint site inspection")
            if i.joint
            else QCoreApplication.translate("TaskDetail", "Site inspection")
        )
        row = _item(
            [title, inspection_status_text(i.status), _slot_text(i), str(len(i.departments)),
             outcome],
            f"{i.site_address}\n{i.reason}".strip(),
        )
        row.setData(0, Qt.ItemDataRole.UserRole, i.id)
        answers = {a.department_code: a for a in i.answers}
        for code in i.departments:
            name = s.department_name(code)
            if code == i.lead_department:
                name = QCoreApplication.translate("TaskDetail", "{department} (organiser)").format(
                    department=name
                )
            part = parts.get(code)
            if part is not None and (part.result is not None or part.confirmed):
                state = inspection_result_text(part.result)
            elif code in answers and i.status == InspectionStatus.PROPOSED:
                state = _answer_text(answers[code].answer)
            else:
                state = inspection_result_text(None)
            photos = _photos_text(len(part.photos)) if part is not None else "—"
            findings = part.findings if part is not None and part.findings else "—"
            row.addChild(_item([name, state, _part_by(s, part), photos, findings], findings))
        tree.addTopLevelItem(row)
        row.setExpanded(True)
    tree.setRootIsDecorated(bool(s.inspections))


def deferred_materials(parent: QWidget) -> QTreeWidget:
    tree = _tree(
        parent,
        "deferredMaterials",
        [
            QCoreApplication.translate("TaskDetail", "Material"),
            QCoreApplication.translate("TaskDetail", "Commitment"),
            QCoreApplication.translate("TaskDetail", "Due"),
            QCoreApplication.translate("TaskDetail", "State"),
        ],
    )
    # The name whole, the commitment the rest of the row (its whole text in the
    # tooltip): at 100 px each they read "工程质量安全…" with most of a laptop's row empty.
    header = tree.header()
    header.setStretchLastSection(False)
    fit, stretch = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
    for column, mode in enumerate((fit, stretch, fit, fit)):
        header.setSectionResizeMode(column, mode)
    return tree


def fill_deferred(tree: QTreeWidget, s: Snapshot) -> int:
    """Fill the list; the number still outstanding."""
    tree.clear()
    outstanding = 0
    for d in s.deferred:
        if d.outstanding(s.today):
            outstanding += 1
            state = (
                QCoreApplication.translate("TaskDetail", "overdue")
                if d.due_date < s.today
                else QCoreApplication.translate("TaskDetail", "outstanding")
            )
        else:
            state = QCoreApplication.translate("TaskDetail", "supplied on {date}").format(
                date=d.fulfilled_on.isoformat() if d.fulfilled_on else ""
            )
        tree.addTopLevelItem(
            _item([d.material_name, d.commitment, d.due_date.isoformat(), state], d.commitment)
        )
    return outstanding


def timeline(parent: QWidget) -> QTreeWidget:
    tree = _tree(
        parent,
        "caseTimeline",
        [
            QCoreApplication.translate("TaskDetail", "When"),
            QCoreApplication.translate("TaskDetail", "What"),
            QCoreApplication.translate("TaskDetail", "Details"),
        ],
    )
    # The time and the event whole: at the default width they read "2026-11-26 0…"
    # and "发出一次性告…"; the details take the rest.
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _event_text(kind: str) -> str:
    return {
        "accepted": QCoreApplication.translate("TaskDetail", "accepted at the window"),
        "correction_notice_issued": QCoreApplication.translate(
            "TaskDetail", "correction notice issued"
        ),
        "correction_notice_answered": QCoreApplication.translate(
            "TaskDetail", "corrections came in"
        ),
        "suspended": QCoreApplication.translate("TaskDetail", "clock suspended"),
        "resumed": QCoreApplication.translate("TaskDetail", "clock resumed"),
        "extension_requested": QCoreApplication.translate("TaskDetail", "extension requested"),
        "extension_approved": QCoreApplication.translate("TaskDetail", "extension approved"),
        "notification_sent": QCoreApplication.translate("TaskDetail", "applicant notified"),
        "comment": QCoreApplication.translate("TaskDetail", "comment"),
        "decision": QCoreApplication.translate("TaskDetail", "decision"),
        "decision_issued": QCoreApplication.translate("TaskDetail", "decision issued"),
        "inspection_requested": QCoreApplication.translate(
            "TaskDetail", "site inspection requested"
        ),
        "inspection_proposed": QCoreApplication.translate(
            "TaskDetail", "site inspection time proposed"
        ),
        "inspection_declined": QCoreApplication.translate(
            "TaskDetail", "site inspection time declined"
        ),
        "inspection_confirmed": QCoreApplication.translate(
            "TaskDetail", "site inspection confirmed"
        ),
        "inspection_rescheduled": QCoreApplication.translate(
            "TaskDetail", "site inspection rescheduled"
        ),
        "inspection_cancelled": QCoreApplication.translate(
            "TaskDetail", "site inspection cancelled"
        ),
        "inspection_recorded": QCoreApplication.translate(
            "TaskDetail", "site inspection recorded"
        ),
    }.get(kind, kind)


def fill_timeline(tree: QTreeWidget, events: tuple[dict[str, Any], ...], lang: str) -> None:
    tree.clear()
    for e in events:
        summary = event_summary(e, lang)
        tree.addTopLevelItem(
            _item([local_time(e.get("at")), _event_text(str(e.get("kind"))), summary], summary)
        )
