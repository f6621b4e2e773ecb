"""What the case actions need beyond the snapshot, and how they are queued (no widgets).

Runs on the task detail's worker thread, like :mod:`ui.inbox.detail_data`:
:func:`read_extras` reads, inside the snapshot's read transaction, the
case's special procedures, extensions (approved; requested, awaiting a
signer; and requests still in the outbox), the department's signers (who
may approve) and the Art. 32 limit for issuing the correction notice;
:func:`queue_all` puts several commands in the outbox in **one** write
transaction, so a suspension and the written notice to the applicant that
goes with it (Art. 45) are stored together or not at all.

The texts the applicant reads (the notice preview, the notification of a
special procedure) are built here in Chinese whatever the language of the
interface: they are what the platform sends to the applicant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.commands import COMMAND_ENTITIES, Command, JSONValue
from backoffice.domain.deadline_status import DeadlineStatus, deadline_status
from backoffice.domain.errors import BackofficeError, StoreError
from backoffice.domain.extensions import check_extension
from backoffice.domain.model import (
    Case,
    CaseKind,
    CaseStatus,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Extension,
    ReviewTask,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CASE_PAST_REVIEW
from backoffice.signing import correction_notice
from backoffice.store import Store
from backoffice.store.outbox import ACTIVE, OutboxState
from backoffice.store.pending import record_command
from backoffice.store.uow import UnitOfWork
from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

NOTICE_DAYS = 5  # 行政许可法 Art. 32: the one notice within five (working) days
MAX_SUSPEND_REASON = 500  # the reason travels in the applicant's notification (≤ 2000)
MAX_EXTENSION_REASON = 2000  # backoffice.domain.commands.check_append
MIN_EXTENSION_DAYS = 1

# The procedure as the applicant reads it (always Chinese: the platform's text).
PROCEDURE_ZH: Mapping[SpecialProcedureKind, str] = {
    SpecialProcedureKind.HEARING: "听证",
    SpecialProcedureKind.BIDDING: "招标",
    SpecialProcedureKind.AUCTION: "拍卖",
    SpecialProcedureKind.TESTING: "检验、检测",
    SpecialProcedureKind.QUARANTINE: "检疫",
    SpecialProcedureKind.APPRAISAL: "鉴定",
    SpecialProcedureKind.EXPERT_REVIEW: "专家评审",
}


@dataclass(frozen=True)
class NoticeLimit:
    """Art. 32: the day by which the combined notice must have gone out."""

    due: dt.date
    status: DeadlineStatus


@dataclass(frozen=True)
class PendingExtension:
    working_days: int
    reason: str


@dataclass(frozen=True)
class CaseExtras:
    procedures: tuple[SpecialProcedure, ...] = ()
    extensions: tuple[Extension, ...] = ()  # approved (the platform's records)
    requested: tuple[PendingExtension, ...] = ()  # asked for here, not yet sent/confirmed
    # Requested on the platform, awaiting a signer of the lead department (Art. 42).
    awaiting: tuple[Extension, ...] = ()
    # The department's signers, from the colleague list the sync keeps: the
    # platform is the judge; this only says whom to offer the approval.
    signers: frozenset[str] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)  # login → display name
    notice_limit: NoticeLimit | None = None
    # The error code of the platform's refusal of issuing the draft notice, if any,
    # and the details it kept with it (the departments it found still open).
    notice_refused: str | None = None
    notice_refused_details: Mapping[str, object] | None = None

    def running(self) -> SpecialProcedure | None:
        return next((p for p in self.procedures if p.ended_on is None), None)


@dataclass(frozen=True)
class CaseCommand:
    kind: str
    entity_id: str
    payload: Mapping[str, JSONValue]


def read_extras(uow: UnitOfWork, case: Case, calendar: WorkCalendar) -> CaseExtras:
    """The case's procedures, extensions and notice limit (inside ``uow``)."""
    procedures = tuple(
        sorted(uow.special_procedures.for_case(case.case_code), key=lambda p: p.started_on)
    )
    stored = uow.extensions.for_case(case.case_code)
    colleagues = parse(uow.sync_state.get(COLLEAGUES_KEY))
    signers = frozenset(c.username for c in colleagues if "signer" in c.roles)
    names = {c.username: c.display_name for c in colleagues}
    # The platform names the approver; an approval queued here holds the signer's
    # login until the next sync, so it is shown by the name the platform will give.
    extensions = tuple(
        replace(e, approved_by=names.get(e.approved_by) or e.approved_by)
        for e in stored if e.approved)
    awaiting = tuple(e for e in stored if not e.approved)
    requested: list[PendingExtension] = []
    for entry in uow.outbox.entries(ACTIVE, entity="case", entity_id=case.case_code):
        c = entry.command
        days = c.payload.get("working_days")
        if c.kind == "extension.request" and isinstance(days, int):
            requested.append(PendingExtension(days, str(c.payload.get("reason") or "")))
    notices = uow.correction_notices.for_case(case.case_code)
    limit = None
    if notice_limit_applies(case, notices):
        limit = notice_limit(case, calendar, clock.today())
    draft = draft_notice(notices)
    refused = None
    if draft is not None:
        refusals = [e for e in uow.outbox.entries(
            (OutboxState.REFUSED,), entity="correction_notice", entity_id=draft.id)
            if e.command.kind == "correction_notice.issue"]
        refused = refusals[-1] if refusals else None
    return CaseExtras(procedures, extensions, tuple(requested), awaiting=awaiting,
                      signers=signers, names=names, notice_limit=limit,
                      notice_refused=refused.last_error if refused else None,
                      notice_refused_details=refused.error_details if refused else None)


# Every opinion is in, or the case ended (decided, refused, withdrawn, archived): no
# notice goes out any more, and an ended case that needed none was shown as
# "46 working days late".
_REVIEW_OVER = CASE_PAST_REVIEW | {CaseStatus.DECIDING}


def notice_limit_applies(case: Case, notices: Sequence[CorrectionNotice]) -> bool:
    """Whether the Art. 32 five-day limit runs for this case now — for every department.

    It runs until the one notice has gone out, or the review is over. An
    immediate case is done on the spot (6.6): what is missing is told at the
    window there and then, so no five-day notice exists to be late with.
    """
    if case.kind == CaseKind.IMMEDIATE or case.status in _REVIEW_OVER:
        return False
    return all(n.status == CorrectionNoticeStatus.DRAFT for n in notices)


def notice_limit(case: Case, calendar: WorkCalendar, today: dt.date) -> NoticeLimit | None:
    """Five working days from the day the case was accepted (Art. 32); None if unknown."""
    accepted = case.accepted_at.astimezone(clock.shanghai_tz()).date()
    try:
        due = calendar.add_working_days(accepted, NOTICE_DAYS)
        return NoticeLimit(due, deadline_status(due, today, calendar=calendar))
    except (BackofficeError, NotImplementedError):
        return None


def queue_all(store: Store, author: str, commands: Sequence[CaseCommand]) -> list[str]:
    """Queue ``commands`` in one write transaction, each on its record's confirmed version;
    their ids (the detail's message follows them to the platform).

    Raises the first refusal (state machine, payload, unknown record); then
    nothing at all is stored.
    """
    ids = []
    with store.write() as uow:
        for c in commands:
            entity = COMMAND_ENTITIES[c.kind]
            confirmed = uow.repository(entity).confirmed(c.entity_id)
            if confirmed is None:
                raise StoreError("store.not_found", entity=entity, id=c.entity_id)
            command = Command.new(c.kind, c.entity_id, confirmed.version, c.payload, author=author)
            record_command(uow, command)
            ids.append(command.id)
    return ids


def queue_approval(store: Store, author: str, extension: Extension,
                   tasks: Sequence[ReviewTask], approved: int) -> list[str]:
    """Queue ``extension.approve`` on the kept request, after the Art. 42 checks.

    ``approved``: the case's approved extensions. The platform checks again
    on approval; here the signer hears at once what it would refuse.
    """
    check_extension(extension.case_code, extension.working_days, tasks, approved)
    return queue_all(store, author, [CaseCommand("extension.approve", extension.id, {})])


def draft_notice(notices: Sequence[CorrectionNotice]) -> CorrectionNotice | None:
    """The case's draft notice (the platform keeps one; the first if there were more)."""
    return next((n for n in notices if n.status == CorrectionNoticeStatus.DRAFT), None)


def issued_notice(notices: Sequence[CorrectionNotice]) -> CorrectionNotice | None:
    """The case's latest notice that went out (issued or answered), if any."""
    sent = [n for n in notices if n.status != CorrectionNoticeStatus.DRAFT]
    return max(sent, key=lambda n: (n.issued_on or dt.date.min, n.id), default=None)


def notice_text(case: Case, notice: CorrectionNotice, notices: Sequence[CorrectionNotice],
                departments: Mapping[str, str]) -> str:
    """The one-time correction notice as the applicant reads it (the platform's own text).

    A draft is shown as it would go out today; an issued notice as it went out.
    """
    issued_on = notice.issued_on or clock.today()
    return correction_notice.notice_text(
        case, notice, departments, issued_on=issued_on,
        ordinal=correction_notice.notice_ordinal(notices, notice))


def suspension_text(
    case: Case, kind: SpecialProcedureKind, started_on: dt.date, reason: str
) -> str:
    """The written notice to the applicant of a special procedure (Art. 45), in Chinese."""
    procedure = PROCEDURE_ZH[kind]
    return (
        f"您的申请（统一审核编码：{case.case_code}）自{started_on.year}年{started_on.month}月"
        f"{started_on.day}日起进入{procedure}程序。原因：{reason}。"
        f"依据行政许可法第四十五条，{procedure}所需时间不计算在审批期限内；"
        "程序结束后审批计时恢复。"
    )
