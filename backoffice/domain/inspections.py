"""Joint site inspections (9.5.2): requests, the organiser's plan, the field record.

A department that needs to see the site raises an :class:`InspectionRequest`
from its review task. Requests of several departments for the same case and
site become **one** :class:`~backoffice.domain.model.Inspection` (9.5.2.3),
organised by the case's lead department when it takes part, else by the
department that asked first (``lead_department`` of the inspection). The
organiser proposes a slot and a team; every participating department
confirms or declines (with a reason) the proposal it saw; when all have
confirmed, the inspection is confirmed and the applicant is told when, where,
who comes and which originals to have ready (8.4.3).

On site each department fills its own :class:`InspectionPart` — checklist
lines, findings, photos, on-site correction requests (9.5.2.2), its result
and the inspector's confirmation — one command per save, so two departments
never overwrite each other and two people of one department editing the
same part from the same version conflict instead of one silently losing.

Everything here is pure: the platform and the client's store apply the same
functions (the platform adds what only it knows: who may act, the case's
deadline, which files exist).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from backoffice.domain.errors import DomainError
from backoffice.domain.guards import _require
from backoffice.domain.inspection_model import Names, identified, said_department
from backoffice.domain.model import Answer, Inspection, InspectionAnswer, Verdict
from backoffice.domain.states import INSPECTION_MACHINE, InspectionStatus

MAX_REASON = 2000  # characters of a request's, decline's, reschedule's or cancellation's reason
MAX_NOTE = 2000  # characters of a checklist line's note
MAX_FINDINGS = 20_000
MAX_LINES = 200
MAX_PHOTOS = 50
MAX_TEAM = 20
MAX_SLOT = dt.timedelta(hours=12)  # one visit, not a campaign
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class InspectionResult(enum.StrEnum):
    """A department's result of the site inspection (9.5.2)."""

    PASS = "pass"  # 合格
    PASS_WITH_CORRECTIONS = "pass_with_corrections"  # 整改后符合: corrected as asked on site, then given (9.5.2.2)
    FAIL = "fail"  # 不合格


@dataclass(frozen=True, slots=True)
class InspectionRequest:
    """A department asks for a site inspection of a case (from its review task)."""

    id: str
    case_code: str
    department_code: str
    site_address: str
    reason: str
    checklist: tuple[str, ...]  # the points the department wants checked
    requested_by: str
    requested_at: dt.datetime
    inspection_id: str = ""  # the joint inspection it became part of ("" until the platform says)
    task_id: str = ""
    version: int = 0

    def __post_init__(self) -> None:
        _require(bool(self.reason.strip()) and len(self.reason) <= MAX_REASON,
                 "inspection.request_without_reason", request=self.id)
        _require(self.requested_at.tzinfo is not None, "inspection.naive_time", id=self.id)
        _require(len(set(self.checklist)) == len(self.checklist)
                 and all(item.strip() for item in self.checklist),
                 "inspection.bad_checklist", id=self.id)


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    item: str
    verdict: Verdict = Verdict.PENDING
    note: str = ""

    def __post_init__(self) -> None:
        # A failed point must say what was found: it is the finding the
        # applicant is told to correct.
        _require(self.verdict != Verdict.FAIL or bool(self.note.strip()),
                 "inspection.fail_without_note", item=self.item)
        _require(bool(self.item.strip()) and len(self.note) <= MAX_NOTE,
                 "inspection.bad_checklist", id=self.item)


@dataclass(frozen=True, slots=True)
class InspectionPhoto:
    """A photo attached on site: the uploaded (downscaled) file and the original's hash."""

    sha256: str
    original_sha256: str
    caption: str = ""

    def __post_init__(self) -> None:
        _require(bool(_SHA256.match(self.sha256)) and bool(_SHA256.match(self.original_sha256)),
                 "inspection.bad_photo_hash", sha256=self.sha256[:64])


@dataclass(frozen=True, slots=True)
class OnSiteCorrection:
    """现场整改: what the applicant was told on the spot to correct (9.5.2.2)."""

    item: str
    requirement: str

    def __post_init__(self) -> None:
        _require(bool(self.requirement.strip()) and len(self.requirement) <= MAX_NOTE,
                 "inspection.bad_correction", item=self.item)


@dataclass(frozen=True, slots=True)
class InspectionPart:
    """One participating department's part of the joint record.

    ``recorded_by`` is the last person who saved it; ``confirmed_by`` the
    inspector who confirmed it on site — after which it is final.
    """

    id: str
    inspection_id: str
    case_code: str
    department_code: str
    lines: tuple[ChecklistLine, ...] = ()
    findings: str = ""
    photos: tuple[InspectionPhoto, ...] = ()
    corrections: tuple[OnSiteCorrection, ...] = ()
    result: InspectionResult | None = None
    recorded_by: str = ""
    confirmed_by: str = ""
    confirmed_at: dt.datetime | None = None
    version: int = 0

    def __post_init__(self) -> None:
        items = [line.item for line in self.lines]
        _require(len(items) == len(set(items)) and len(items) <= MAX_LINES,
                 "inspection.bad_checklist", id=self.id)
        _require(len(self.photos) <= MAX_PHOTOS and len(self.findings) <= MAX_FINDINGS,
                 "inspection.part_too_large", part=self.id,
                 case_code=self.case_code)
        failed = any(line.verdict == Verdict.FAIL for line in self.lines)
        _require(not (self.result == InspectionResult.PASS and failed),
                 "inspection.pass_with_failed_line", part=self.id,
                 case_code=self.case_code)
        _require(self.result != InspectionResult.PASS_WITH_CORRECTIONS or bool(self.corrections),
                 "inspection.corrections_missing", part=self.id,
                 case_code=self.case_code)
        # 9.5.2.2: with corrections asked on site the result comes once they are
        # made: "pass with corrections" (or fail), never a plain pass.
        _require(not (self.result == InspectionResult.PASS and self.corrections),
                 "inspection.pass_with_corrections_asked", part=self.id,
                 case_code=self.case_code)
        if self.confirmed_by:
            pending = any(line.verdict == Verdict.PENDING for line in self.lines)
            _require(self.result is not None and not pending and self.confirmed_at is not None,
                     "inspection.part_incomplete", part=self.id,
                     case_code=self.case_code)
        _require(self.confirmed_at is None or self.confirmed_at.tzinfo is not None,
                 "inspection.naive_time", id=self.id)

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_by)


def part_id(inspection_id: str, department_code: str) -> str:
    """The id of a department's part: one per department and inspection."""
    return f"{inspection_id}--{department_code}"


# --- the organiser's plan and the departments' answers ----------------------------------


def same_site(a: str, b: str) -> bool:
    """Two addresses name the same site (whitespace and full-width spaces aside)."""
    return _site_key(a) == _site_key(b)


def _site_key(address: str) -> str:
    return re.sub(r"[\s\u3000]+", "", address)


def open_for_joining(inspection: Inspection) -> bool:
    """Another department's request may still join this inspection."""
    return INSPECTION_MACHINE.can(inspection.status, "join")


def join(inspection: Inspection, department_code: str, *, case_lead: str = "",
         department_names: Names | None = None) -> Inspection:
    """``department_code``'s request merged into the inspection.

    With a slot proposed or confirmed, the newcomer has to answer it too (the
    inspection is proposed again). While nothing is planned yet, the case's
    lead department takes over organising when it joins.
    """
    _require(department_code not in inspection.departments, "inspection.already_requested",
             **identified(inspection), **said_department(department_code, department_names))
    status = INSPECTION_MACHINE.apply(inspection.status, "join")
    lead = inspection.lead_department
    if department_code == case_lead and inspection.status == InspectionStatus.REQUESTED:
        lead = case_lead
    answers = inspection.answers
    if status == InspectionStatus.PROPOSED:
        answers = (*answers, InspectionAnswer(department_code))
    return replace(inspection, departments=(*inspection.departments, department_code),
                   lead_department=lead, status=status, answers=answers,
                   department_names=department_names)


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    inspectors: tuple[str, ...]

    def __post_init__(self) -> None:
        _require(self.starts_at.tzinfo is not None and self.ends_at.tzinfo is not None,
                 "inspection.naive_time", id="slot")
        _require(self.starts_at < self.ends_at <= self.starts_at + MAX_SLOT,
                 "inspection.bad_slot", start=self.starts_at.isoformat(),
                 end=self.ends_at.isoformat())
        _require(0 < len(self.inspectors) <= MAX_TEAM
                 and len(set(self.inspectors)) == len(self.inspectors)
                 and all(i.strip() for i in self.inspectors), "inspection.bad_team")

    @property
    def day(self) -> dt.date:
        return self.starts_at.astimezone(SHANGHAI).date()


def after_deadline(slot: Slot, due_date: dt.date | None) -> bool:
    return due_date is not None and slot.ends_at.astimezone(SHANGHAI).date() > due_date


def check_deadline(slot: Slot, due_date: dt.date | None, reason: str) -> None:
    """A slot after the case's deadline only on purpose, with the reason on the record.

    The inspection must fit the promised time limit (6.6); a slot after it is
    refused (``inspection.after_deadline``) unless the organiser says why —
    an applicant who cannot receive inspectors earlier, say — which is then
    kept on the inspection for supervision (11.3 b: 超时限 is what it checks).
    """
    if after_deadline(slot, due_date) and not reason.strip():
        assert due_date is not None
        raise DomainError("inspection.after_deadline", day=slot.day.isoformat(),
                          due_date=due_date.isoformat())


# An inspector's time is taken by a visit proposed to them, or one that stands.
BOOKED = frozenset({InspectionStatus.PROPOSED, InspectionStatus.CONFIRMED,
                    InspectionStatus.RECORDED})
CONFIRMED_VISITS = frozenset({InspectionStatus.CONFIRMED, InspectionStatus.RECORDED})


def check_team_free(inspection_id: str, slot: Slot, others: Iterable[Inspection], *,
                    taking: frozenset[InspectionStatus] = BOOKED,
                    names: Mapping[str, str] | None = None) -> None:
    """No inspector of ``slot`` is on another visit (in a ``taking`` state) at the same time.

    Two organisers planning from the same free/busy may pick the same
    inspector for the same hour; the one who comes second is refused
    (``inspection.inspector_busy``, naming the inspector — by ``names``,
    account → name, as the free/busy lists them; by account otherwise — and
    the other visit's time, not its case, which the caller may not be allowed
    to see).
    """
    for other in others:
        if (other.id == inspection_id or other.status not in taking
                or other.starts_at is None or other.ends_at is None
                or not (other.starts_at < slot.ends_at and slot.starts_at < other.ends_at)):
            continue
        both = [name for name in slot.inspectors if name in other.inspectors]
        if both:
            start, end = other.starts_at.astimezone(SHANGHAI), other.ends_at.astimezone(SHANGHAI)
            raise DomainError("inspection.inspector_busy", user=both[0],
                              inspector=(names or {}).get(both[0]) or both[0],
                              start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%Y-%m-%d %H:%M}")


def without_inspector(inspection: Inspection, department_of: Mapping[str, str]
                      ) -> tuple[str, ...]:
    """The participating departments with no inspector in ``department_of`` (inspector →
    department), in the inspection's order.

    Each of them keeps any time from being proposed: every department taking
    part sends one of its own inspectors (9.5.2.1: the departments' inspectors
    inspect and give the result; 9.5.2.3: together), and only its inspector
    confirms its part on site. A department that received the organiser's
    place by a transfer with nobody to send is no exception: the planner says
    so rather than search for a team that cannot exist.
    """
    staffed = set(department_of.values())
    return tuple(d for d in inspection.departments if d not in staffed)


def check_team(inspection: Inspection, slot: Slot, department_of: Mapping[str, str], *,
               department_names: Names | None = None) -> None:
    """``slot``'s team: inspectors (``department_of``: inspector → department) of the
    participating departments, one at least of each (:func:`without_inspector`).

    Refused with ``inspection.unknown_inspector`` (someone not such an inspector)
    or ``inspection.department_without_inspector`` (a department nobody is sent from).
    """
    for name in slot.inspectors:
        _require(department_of.get(name) in inspection.departments,
                 "inspection.unknown_inspector", user=name[:64])
    missing = without_inspector(inspection, {n: department_of[n] for n in slot.inspectors})
    if missing:
        raise DomainError("inspection.department_without_inspector",
                          **said_department(missing[0], department_names))


def check_confirm_team(answered: Inspection, department: str,
                       department_of: Mapping[str, str], *, organiser: str,
                       department_names: Names | None = None,
                       known: Iterable[str] | None = None) -> None:
    """Refuse ``department``'s confirmation (``answered``: the inspection with it) while
    it has nobody on the team, or while it makes the inspection confirmed with any
    participating department so (``department_of``: inspector → department) — the
    applicant would be told a department comes that sends nobody; every department
    sends one of its own inspectors (9.5.2.1, 9.5.2.3).

    A department that joined, or took a departed one's place, after the team was proposed
    has none on it: the organiser (``organiser``, its name) proposes the time again with
    one of its inspectors (at the same time, held by the applicant, if it stands) —
    ``inspection.confirm_without_inspector``, naming the department. ``known``: the
    departments whose inspectors ``department_of`` lists (the client: its own colleagues,
    the free/busy it kept); the others are left to the platform (None: all checked).
    """
    on_team = {department_of[n] for n in answered.inspectors if n in department_of}
    checked = (department, *(answered.departments
                             if answered.status == InspectionStatus.CONFIRMED else ()))
    shown = None if known is None else set(known)
    for code in dict.fromkeys(checked):
        if code not in on_team and (shown is None or code in shown):
            raise DomainError("inspection.confirm_without_inspector", **identified(answered),
                              **said_department(code, department_names), organiser=organiser)


def propose(inspection: Inspection, slot: Slot, *, originals: Sequence[str] | None = None,
            after_deadline_reason: str = "", reason: str = "",
            action: str = "propose") -> Inspection:
    """The organiser's slot and team (``action``: ``propose`` or ``reschedule``).

    Every participating department answers anew: answers to an earlier
    proposal do not carry over. A reschedule must say why.
    """
    if action == "reschedule":
        _require(bool(reason.strip()) and len(reason) <= MAX_REASON,
                 "inspection.reason_missing", **identified(inspection), action=action)
    status = INSPECTION_MACHINE.apply(inspection.status, action)
    return replace(
        inspection, status=status, starts_at=slot.starts_at, ends_at=slot.ends_at,
        inspectors=slot.inspectors, proposal=inspection.proposal + 1,
        answers=tuple(InspectionAnswer(d) for d in inspection.departments),
        originals=tuple(originals) if originals is not None else inspection.originals,
        reason=reason if action == "reschedule" else inspection.reason,
        after_deadline_reason=after_deadline_reason)


def answer(inspection: Inspection, department_code: str, proposal: int, *, confirmed: bool,
           by: str, reason: str = "", department_names: Names | None = None) -> Inspection:
    """A participating department confirms or declines the proposal it saw.

    The last confirmation confirms the inspection; a decline drops the slot
    (it no longer blocks anybody's calendar) and keeps the reason beside the
    department's answer, for the organiser's next proposal.
    """
    department = said_department(department_code, department_names)
    _require(department_code in inspection.departments, "inspection.not_participant",
             **identified(inspection), **department)
    action = "confirm" if confirmed else "decline"
    status = INSPECTION_MACHINE.apply(inspection.status, action)
    _require(proposal == inspection.proposal, "inspection.proposal_changed",
             **identified(inspection), proposal=proposal, latest=inspection.proposal)
    given = {a.department_code: a for a in inspection.answers}
    mine = given.get(department_code)
    _require(mine is None or mine.answer == Answer.PENDING, "inspection.already_answered",
             **identified(inspection), **department)
    if not confirmed:
        _require(bool(reason.strip()) and len(reason) <= MAX_REASON,
                 "inspection.decline_without_reason", **department)
    given[department_code] = InspectionAnswer(
        department_code, Answer.CONFIRMED if confirmed else Answer.DECLINED,
        "" if confirmed else reason, by, department_names=department_names)
    answers = tuple(given.get(d, InspectionAnswer(d)) for d in inspection.departments)
    updated = replace(inspection, status=status, answers=answers,
                      department_names=department_names)
    if not confirmed:
        return replace(updated, starts_at=None, ends_at=None)
    if all(a.answer == Answer.CONFIRMED for a in answers):
        updated = replace(updated, status=INSPECTION_MACHINE.apply(status, "all_confirmed"))
    return updated


def cancel(inspection: Inspection, reason: str) -> Inspection:
    _require(bool(reason.strip()) and len(reason) <= MAX_REASON, "inspection.reason_missing",
             **identified(inspection), action="cancel")
    return replace(inspection, status=INSPECTION_MACHINE.apply(inspection.status, "cancel"),
                   reason=reason)


def all_parts_in(inspection: Inspection, parts: Iterable[InspectionPart]) -> Inspection:
    """Recorded once every participating department's part is confirmed on site."""
    confirmed = {p.department_code for p in parts
                 if p.inspection_id == inspection.id and p.confirmed}
    if inspection.status != InspectionStatus.CONFIRMED or not set(
            inspection.departments) <= confirmed:
        return inspection
    return replace(inspection, status=INSPECTION_MACHINE.apply(inspection.status, "all_parts_in"))


def joint_result(parts: Iterable[InspectionPart]) -> InspectionResult | None:
    """The joint record's result: the strictest department's; None until all have one."""
    results = [p.result for p in parts]
    if not results or any(r is None for r in results):
        return None
    for worst in (InspectionResult.FAIL, InspectionResult.PASS_WITH_CORRECTIONS):
        if worst in results:
            return worst
    return InspectionResult.PASS


def check_notice(inspection: Inspection) -> None:
    """The applicant's notice is made only of a time every department confirmed (8.4.3).

    A time proposed — first, or again after a reschedule, a newcomer or a
    hand-over — is not agreed yet: the applicant told of it would keep the
    originals ready for a visit that may not happen then. Refused with
    ``inspection.notice_cancelled``, ``inspection.not_scheduled`` or
    ``inspection.notice_not_confirmed``, whose sentence says why.
    """
    _require(inspection.status != InspectionStatus.CANCELLED, "inspection.notice_cancelled",
             **identified(inspection))
    _require(inspection.starts_at is not None and inspection.ends_at is not None,
             "inspection.not_scheduled", **identified(inspection))
    _require(inspection.status in CONFIRMED_VISITS, "inspection.notice_not_confirmed",
             case_code=inspection.case_code)


def said_clock(moment: dt.datetime) -> str:
    """The hour of ``moment`` as the applicant reads it, Beijing time: 9时00分."""
    local = moment.astimezone(SHANGHAI)
    return f"{local.hour}时{local.minute:02d}分"


def said_time(moment: dt.datetime) -> str:
    """A visit's ``moment`` as the applicant reads it, by text message and on the printed
    notice alike, Beijing time: 2025年3月4日9时00分 (GB/T 9704's numerals, no leading
    zeros)."""
    local = moment.astimezone(SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日{said_clock(local)}"


def appointment_text(inspection: Inspection, department_names: Mapping[str, str]) -> str:
    """The applicant's notice of a confirmed inspection (8.4.3): when, where, who, what to bring.

    Chinese, as the applicant reads it; sent through the platform (SMS or
    portal) and printable as it is — of a confirmed time only (``check_notice``).
    """
    check_notice(inspection)
    assert inspection.starts_at is not None and inspection.ends_at is not None
    who = "、".join(department_names.get(d, d) for d in inspection.departments)
    kind = "联合现场勘察" if inspection.joint else "现场勘察"
    lines = [
        f"办件 {inspection.case_code} {kind}通知：",
        f"时间：{said_time(inspection.starts_at)}至{said_clock(inspection.ends_at)}",
        f"地点：{inspection.site_address}",
        f"参加部门：{who}（一次上门，共同勘察）",
    ]
    if inspection.originals:
        lines.append("请届时备齐以下材料原件：" + "；".join(inspection.originals))
    else:
        lines.append("无需另备材料原件。")
    return "\n".join(lines)
