"""Entities and value objects of the back office, named by the glossary.

Plain frozen dataclasses: the store hands these to the rest of the app (never
ORM rows), the UI gets them across threads safely, and a change is a new
object made with :func:`dataclasses.replace` after the state machine agreed.
``version`` is the platform's record version; a command carries it as its
base so the platform can detect a stale edit (SYNC.md, principle 3).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from backoffice.domain.errors import DomainError
from backoffice.domain.states import (
    CASE_MACHINE,
    TASK_MACHINE,
    CaseStatus,
    InspectionStatus,
    TaskStatus,
)


class CaseKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即办件: done on the spot
    PROMISED = "promised"  # 承诺件: within the promised working days
    ESCALATED = "escalated"  # 上报件: decided by the upper-level authority


class Check(enum.StrEnum):
    """The three checks of material review (9.5.1)."""

    AUTHENTICITY = "authenticity"  # 真实性
    LEGALITY = "legality"  # 合法性
    CONFORMITY = "conformity"  # 规范性


class Verdict(enum.StrEnum):
    PENDING = "pending"
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


class ApplicantKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


class SpecialProcedureKind(enum.StrEnum):
    """特别程序 (9.3.4, 9.5.3; 行政许可法 Art. 45): time not counted."""

    HEARING = "hearing"  # 听证
    BIDDING = "bidding"  # 招标
    AUCTION = "auction"  # 拍卖
    TESTING = "testing"  # 检验 / 检测
    QUARANTINE = "quarantine"  # 检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审


class DecisionKind(enum.StrEnum):
    GRANT = "grant"  # 准予
    REFUSE = "refuse"  # 不予
    ESCALATE = "escalate"  # 上报
    REFUSE_ACCEPTANCE = "refuse_acceptance"  # 不予受理


class DecisionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SEALED = "sealed"
    ISSUED = "issued"


class CorrectionNoticeStatus(enum.StrEnum):
    DRAFT = "draft"  # departments still adding items
    ISSUED = "issued"  # sent to the applicant, all items at once (6.9)
    ANSWERED = "answered"  # applicant supplied the corrections


_CASE_CODE = re.compile(r"^[0-9A-Za-z-]{6,64}$")


def _require(condition: bool, code: str, **params: object) -> None:
    if not condition:
        raise DomainError(code, **params)


def _require_limits(promised: int, statutory: int, code: str, **params: object) -> None:
    """A promised time limit sits inside the statutory one (承诺时限 ≤ 法定时限)."""
    _require(0 <= promised <= statutory, code, promised=promised, statutory=statutory, **params)


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    division_code: str  # administrative division, e.g. 220100 长春市


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """An entry of the catalog (事项目录)."""

    code: str
    name: str
    department_code: str
    promised_days: int
    statutory_days: int
    kind: CaseKind = CaseKind.PROMISED
    material_names: tuple[str, ...] = ()
    needs_inspection: bool = False

    def __post_init__(self) -> None:
        _require_limits(
            self.promised_days,
            self.statutory_days,
            "service_item.promised_exceeds_statutory",
            item=self.code,
        )


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    id_number: str  # 身份证号 / 统一社会信用代码; demo data is fictional and marked
    kind: ApplicantKind = ApplicantKind.PERSON
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    """办件: one application accepted at one window."""

    case_code: str
    service_item_code: str
    service_item_name: str
    applicant: Applicant
    lead_department: str
    kind: CaseKind
    status: CaseStatus
    accepted_at: dt.datetime
    promised_days: int
    statutory_days: int
    division_code: str = ""
    site_address: str = ""
    # The platform's own computed deadline is authoritative when present.
    platform_due_date: dt.date | None = None
    version: int = 0

    def __post_init__(self) -> None:
        _require(
            bool(_CASE_CODE.match(self.case_code)), "case.bad_code", case_code=self.case_code
        )
        _require(
            self.accepted_at.tzinfo is not None,
            "case.naive_accepted_at",
            case_code=self.case_code,
        )
        _require_limits(
            self.promised_days,
            self.statutory_days,
            "case.promised_exceeds_statutory",
            case_code=self.case_code,
        )

    def apply(self, action: str) -> Case:
        return replace(self, status=CASE_MACHINE.apply(self.status, action))


@dataclass(frozen=True, slots=True)
class CheckVerdict:
    check: Check
    verdict: Verdict = Verdict.PENDING
    note: str = ""

    def __post_init__(self) -> None:
        # A failed check must say why: the reason goes into the correction notice.
        _require(
            self.verdict != Verdict.FAIL or bool(self.note.strip()),
            "material.fail_without_reason",
            check=self.check.value,
        )


def _pending_checks() -> tuple[CheckVerdict, ...]:
    return tuple(CheckVerdict(c) for c in Check)


@dataclass(frozen=True, slots=True)
class Material:
    """申请材料, with the reviewing department's verdict per check."""

    id: str
    case_code: str
    name: str
    department_code: str
    required: bool = True
    original_required: bool = False  # originals to bring (8.4.2, 8.4.3)
    file_sha256: str | None = None
    from_shared_platform: bool = False  # e-licence looked up, not asked again (9.1.2)
    checks: tuple[CheckVerdict, ...] = field(default_factory=_pending_checks)
    version: int = 0

    def __post_init__(self) -> None:
        kinds = [c.check for c in self.checks]
        _require(
            len(kinds) == len(set(kinds)), "material.duplicate_check", material=self.id
        )

    def verdict(self, check: Check) -> CheckVerdict:
        for c in self.checks:
            if c.check == check:
                return c
        return CheckVerdict(check)

    def with_verdict(self, verdict: CheckVerdict) -> Material:
        others = tuple(c for c in self.checks if c.check != verdict.check)
        ordered = sorted((*others, verdict), key=lambda c: list(Check).index(c.check))
        return replace(self, checks=tuple(ordered))

    @property
    def overall(self) -> Verdict:
        verdicts = {c.verdict for c in self.checks} - {Verdict.NOT_APPLICABLE}
        if Verdict.FAIL in verdicts:
            return Verdict.FAIL
        if Verdict.PENDING in verdicts or not self.checks:
            return Verdict.PENDING
        return Verdict.PASS


@dataclass(frozen=True, slots=True)
class DeferredMaterial:
    """容缺受理 (3.5, 9.3.6): a non-key material accepted against a commitment."""

    id: str
    case_code: str
    material_name: str
    commitment: str  # the applicant's written commitment
    committed_on: dt.date
    due_date: dt.date
    fulfilled_on: dt.date | None = None
    version: int = 0
    # The department that reviews the material (the catalog's); "" when the
    # platform did not say (records of contract versions before it did).
    department_code: str = ""

    def __post_init__(self) -> None:
        _require(
            self.due_date >= self.committed_on,
            "deferred.due_before_commitment",
            material=self.material_name,
        )

    def outstanding(self, on: dt.date) -> bool:
        return self.fulfilled_on is None or self.fulfilled_on > on

    def owner(self, materials: Iterable[Material], lead_department: str) -> str:
        """The department that answers for this deferred material.

        The platform names it (``department_code``, from the catalog entry's
        material). A record without it falls back to what the platform sends
        anyway: the case's material of that name names the department that
        reviews it (and moves with a transferred task); failing that — the
        material is another department's, which we are not sent, or optional
        and not handed in — the lead department, which runs the case for the
        window that accepted the deferral.
        """
        if self.department_code:
            return self.department_code
        for m in materials:
            if m.case_code == self.case_code and m.name == self.material_name:
                return m.department_code
        return lead_department


@dataclass(frozen=True, slots=True)
class ReviewTask:
    """审核任务: one per department per case, each with its own step limit."""

    id: str
    case_code: str
    department_code: str
    status: TaskStatus
    step_days: int
    assignee: str | None = None
    opinion: str = ""
    step_due_date: dt.date | None = None  # platform's, when it sent one
    version: int = 0

    def __post_init__(self) -> None:
        _require(self.step_days >= 0, "task.negative_step_days", task=self.id)

    def apply(self, action: str, *, assignee: str | None = None) -> ReviewTask:
        status = TASK_MACHINE.apply(self.status, action)
        who = self.assignee
        if action == "claim":
            _require(bool(assignee), "task.claim_without_assignee", task=self.id)
            who = assignee
        elif action in ("release", "transfer"):
            who = None
        return replace(self, status=status, assignee=who)


@dataclass(frozen=True, slots=True)
class CorrectionItem:
    material_name: str
    department_code: str
    reason: str

    def __post_init__(self) -> None:
        _require(bool(self.reason.strip()), "correction.item_without_reason",
                 material=self.material_name)


@dataclass(frozen=True, slots=True)
class RemovedCorrectionItem:
    """An item the lead department took out of the draft before issuing it.

    ``dropped_reason`` says why it was dropped; empty when the item was only
    reworded (its new wording is among the notice's items). Kept on the
    notice so supervision can see what a department asked for and what the
    applicant was told, and so the department's item is not proposed again.
    """

    material_name: str
    department_code: str
    reason: str  # the wording the department contributed
    dropped_reason: str = ""


@dataclass(frozen=True, slots=True)
class CorrectionNotice:
    """一次性告知书: every department's corrections to the applicant at once.

    A case has one notice (6.9, 9.3.3; 行政许可法 Art. 32): departments put
    their items into the case's single draft (:func:`draft_correction`,
    :meth:`combined_with`) and the draft goes out once (:meth:`issue`). The
    rule and its one exception: :func:`ensure_one_time_notice`.
    """

    id: str
    case_code: str
    items: tuple[CorrectionItem, ...]
    status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT
    issued_on: dt.date | None = None
    version: int = 0
    removed: tuple[RemovedCorrectionItem, ...] = ()

    def __post_init__(self) -> None:
        _require(
            self.status == CorrectionNoticeStatus.DRAFT or bool(self.items),
            "correction.empty_notice",
            notice=self.id,
        )

    def combined_with(self, other: CorrectionNotice) -> CorrectionNotice:
        """One notice for the case: departments' lists are merged, never drip-fed."""
        _require(other.case_code == self.case_code, "correction.other_case",
                 notice=self.id, other=other.id)
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        seen = set(self.items)
        merged = self.items + tuple(i for i in other.items if i not in seen)
        removed = self.removed + tuple(r for r in other.removed if r not in self.removed)
        return replace(self, items=merged, removed=removed)

    def issue(
        self,
        on: dt.date,
        *,
        earlier: Iterable[CorrectionNotice] = (),
        second_notice_reason: str = "",
    ) -> CorrectionNotice:
        """This draft sent to the applicant on ``on``.

        ``earlier``: the case's other notices, so that a second notice is
        refused (:func:`ensure_one_time_notice`). An empty draft cannot go out.
        """
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        ensure_one_time_notice(earlier, self, second_notice_reason=second_notice_reason)
        return replace(self, status=CorrectionNoticeStatus.ISSUED, issued_on=on)

    def edited(
        self, item: CorrectionItem, *, reason: str = "", dropped_reason: str = ""
    ) -> CorrectionNotice:
        """The draft with ``item`` reworded to ``reason``, or dropped for ``dropped_reason``.

        The lead department's editing before the one notice goes out (6.9):
        whatever it changes of another department's item stays on the record
        (:class:`RemovedCorrectionItem`). Exactly one of the two is given.
        """
        _require(self.status == CorrectionNoticeStatus.DRAFT, "correction.already_issued",
                 notice=self.id)
        _require(item in self.items, "correction.item_not_found", notice=self.id,
                 material=item.material_name)
        _require(bool(reason.strip()) != bool(dropped_reason.strip()), "correction.bad_edit",
                 notice=self.id, material=item.material_name)
        if dropped_reason.strip():
            items = tuple(i for i in self.items if i != item)
        else:
            new = CorrectionItem(item.material_name, item.department_code, reason)
            _require(new not in self.items, "correction.item_not_found", notice=self.id,
                     material=item.material_name)
            items = tuple(new if i == item else i for i in self.items)
        gone = RemovedCorrectionItem(item.material_name, item.department_code, item.reason,
                                     dropped_reason)
        return replace(self, items=items, removed=(*self.removed, gone))


def ensure_one_time_notice(
    existing: Iterable[CorrectionNotice],
    new: CorrectionNotice,
    *,
    second_notice_reason: str = "",
) -> None:
    """Refuse a second correction notice for a case (一次性告知).

    The standard (6.9, 9.3.3) and 行政许可法 Art. 32 want *everything* to be
    corrected told in one notice. Once a notice for the case has gone out
    (issued or answered), another one is what the rule forbids — drip-feeding
    the applicant — and raises ``correction.second_notice`` (params
    ``case_code``, ``issued_on`` of the first notice). Departments that find
    something while the notice is still a draft add it to that draft.

    One exception, explicit and reasoned: the applicant's **supplement is
    itself defective** (the resubmitted floor plan still does not mark the
    emergency exits). Art. 32 is about the materials the applicant handed
    in; a defect in a supplement did not exist when the first notice was
    written, so no notice could have told it, and refusing to tell it would
    leave a refusal as the only way out for a fixable application. A second notice is therefore allowed only when

    - ``second_notice_reason`` says why (it travels with the command and is on
      the record for supervision; a blank one counts as none),
    - every earlier notice is answered (the supplement is in: while a notice
      is out, more items would be drip-feeding), and
    - every item names a material listed in an earlier notice, i.e. one the
      applicant supplemented; any other material was there to be checked the
      first time (``correction.second_notice_new_material``).
    """
    earlier = [
        n
        for n in existing
        if n.case_code == new.case_code
        and n.id != new.id
        and n.status != CorrectionNoticeStatus.DRAFT
    ]
    if not earlier:
        return
    dates = sorted(n.issued_on for n in earlier if n.issued_on is not None)
    issued_on = dates[0].isoformat() if dates else ""
    answered = all(n.status == CorrectionNoticeStatus.ANSWERED for n in earlier)
    _require(
        answered and bool(second_notice_reason.strip()),
        "correction.second_notice",
        case_code=new.case_code,
        issued_on=issued_on,
    )
    supplemented = {item.material_name for n in earlier for item in n.items}
    for item in new.items:
        _require(
            item.material_name in supplemented,
            "correction.second_notice_new_material",
            case_code=new.case_code,
            material=item.material_name,
            issued_on=issued_on,
        )


def draft_correction(
    existing: Iterable[CorrectionNotice],
    case_code: str,
    items: Iterable[CorrectionItem],
    *,
    new_id: str,
    second_notice_reason: str = "",
) -> CorrectionNotice:
    """The case's one draft notice with a department's ``items`` added.

    Every draft of the case found in ``existing`` is folded into the first
    one (departments' lists are combined, never sent apart); with no draft, a
    new one gets ``new_id``. The result already passes
    :func:`ensure_one_time_notice`, so a department cannot start a second
    notice once the first has gone out, except as that function allows.
    """
    notices = [n for n in existing if n.case_code == case_code]
    drafts = [n for n in notices if n.status == CorrectionNoticeStatus.DRAFT]
    draft = drafts[0] if drafts else CorrectionNotice(new_id, case_code, ())
    for other in drafts[1:]:
        draft = draft.combined_with(other)
    draft = draft.combined_with(CorrectionNotice(draft.id, case_code, tuple(items)))
    ensure_one_time_notice(notices, draft, second_notice_reason=second_notice_reason)
    return draft


@dataclass(frozen=True, slots=True)
class SpecialProcedure:
    """特别程序: its duration is not counted (行政许可法 Art. 45)."""

    id: str
    case_code: str
    kind: SpecialProcedureKind
    started_on: dt.date
    ended_on: dt.date | None = None
    applicant_notified_on: dt.date | None = None  # Art. 45: told in writing
    version: int = 0

    def __post_init__(self) -> None:
        # The same rule as the suspension it causes, checked when the record is
        # made: stored wrong, it would break every deadline of the case later.
        self.suspension()

    def suspension(self) -> Suspension:
        """The clock suspension this procedure causes."""
        return Suspension(self.started_on, self.ended_on, reason=self.kind.value)


@dataclass(frozen=True, slots=True)
class Suspension:
    """中止计时: an inclusive range of dates that does not count; ``end=None`` runs."""

    start: dt.date
    end: dt.date | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise DomainError(
                "deadline.suspension_ends_before_start", start=str(self.start), end=str(self.end)
            )

    @property
    def running(self) -> bool:
        return self.end is None


@dataclass(frozen=True, slots=True)
class Extension:
    """延期 (行政许可法 Art. 42): approved by the head of the body, reason told."""

    working_days: int
    reason: str
    approved_by: str
    approved_on: dt.date
    case_code: str = ""
    # The platform's id and record version: the store and the sync need an
    # identity to update a stored extension in place.
    id: str = ""
    version: int = 0

    def __post_init__(self) -> None:
        if self.working_days <= 0:
            raise DomainError("deadline.extension_not_positive", working_days=self.working_days)
        if not self.reason.strip():
            raise DomainError("deadline.extension_reason_missing")
        if not self.approved_by.strip():
            raise DomainError("deadline.extension_approver_missing")


class Answer(enum.StrEnum):
    """A participating department's answer to the organiser's proposed slot."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class InspectionAnswer:
    department_code: str
    answer: Answer = Answer.PENDING
    reason: str = ""  # why the department declined; the organiser plans again with it
    by: str = ""  # the user who answered

    def __post_init__(self) -> None:
        _require(self.answer != Answer.DECLINED or bool(self.reason.strip()),
                 "inspection.decline_without_reason", department=self.department_code)


@dataclass(frozen=True, slots=True)
class Inspection:
    """现场勘察 / 联合勘察: departments go together, once (9.5.2.3).

    ``lead_department`` is the organiser: it proposes, reschedules and
    cancels. ``proposal`` counts the slots proposed, so an answer names the
    proposal it answers and a confirmation of an old slot never counts for
    a new one; ``answers`` are the departments' answers to the current one.
    ``originals``: what the applicant is told to bring (8.4.3). The flow is
    :mod:`backoffice.domain.inspections`.
    """

    id: str
    case_code: str
    lead_department: str
    departments: tuple[str, ...]
    site_address: str
    status: InspectionStatus = InspectionStatus.REQUESTED
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    inspectors: tuple[str, ...] = ()
    version: int = 0
    proposal: int = 0
    answers: tuple[InspectionAnswer, ...] = ()
    originals: tuple[str, ...] = ()
    reason: str = ""  # of the last reschedule or of the cancellation
    # Set when the organiser deliberately proposed a slot after the case's
    # deadline (the platform refuses one without it).
    after_deadline_reason: str = ""

    def __post_init__(self) -> None:
        _require(self.lead_department in self.departments, "inspection.lead_not_participant",
                 inspection=self.id)
        answered = [a.department_code for a in self.answers]
        strangers = sorted(set(answered) - set(self.departments))
        _require(not strangers and len(answered) == len(set(answered)),
                 "inspection.bad_answers", inspection=self.id, department=", ".join(strangers))
        _require(self.proposal >= 0, "inspection.bad_answers", inspection=self.id,
                 department="")
        twice = sorted({d for d in self.departments if self.departments.count(d) > 1})
        _require(not twice, "inspection.duplicate_department",
                 inspection=self.id, department=", ".join(twice))
        _require(
            self.starts_at is None or self.ends_at is None or self.ends_at > self.starts_at,
            "inspection.ends_before_start",
            inspection=self.id,
        )

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1


@dataclass(frozen=True, slots=True)
class Decision:
    """审查决定 (9.5.4)."""

    id: str
    case_code: str
    department_code: str
    kind: DecisionKind
    status: DecisionStatus = DecisionStatus.DRAFT
    reasons: str = ""
    legal_basis: str = ""
    decided_on: dt.date | None = None
    document_number: str | None = None  # 文号, allocated by the platform at sealing
    report_by: dt.date | None = None  # escalation: reported by this date
    version: int = 0
    # The lead department's joint decision gathering every department's opinion (9.5.4.1).
    joint: bool = False
    public_notice: bool = False  # 公示 where the law requires it (9.5.4.5)
    notice_days: int = 0  # the public notice's period, working days
    overdue_reason: str = ""  # decided after the deadline: why (recorded, not refused)
    document_sha256: str | None = None  # the sealed decision document
    archive_sha256: str | None = None  # the archive package, once issued (9.8)
    drafted_by: str = ""
    sealed_by: str = ""

    def __post_init__(self) -> None:
        # A refusal is a written notice with reasons and legal basis (9.5.4.4, 6.7).
        if self.kind in (DecisionKind.REFUSE, DecisionKind.REFUSE_ACCEPTANCE):
            _require(bool(self.reasons.strip()), "decision.refusal_without_reasons",
                     decision=self.id)
            _require(bool(self.legal_basis.strip()), "decision.refusal_without_legal_basis",
                     decision=self.id)
        if self.kind == DecisionKind.ESCALATE:
            _require(self.report_by is not None, "decision.escalation_without_report_date",
                     decision=self.id)
        _require(not self.public_notice or 0 < self.notice_days <= 60,
                 "decision.notice_period_missing", decision=self.id)
