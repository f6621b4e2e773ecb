"""The decision (审查决定, 9.5.4): its life cycle, its commands, and what must hold first.

A reviewer drafts (``decision.draft``, a new record beside the case) and
submits; a signer seals (the platform's signing service, or a local
certificate whose sealed document is uploaded: ``decision.seal``); the
sealed decision is issued to the applicant (``decision.issue``). The same
functions run on the client (offline, on the effective state) and on the
platform, so both refuse the same things.

:func:`check_decision` explains itself: it returns every problem found, as
codes with parameters, each either ``blocking`` (a field its document needs
left empty — :data:`DOCUMENT_FIELDS` —, open corrections, a department still
reviewing, a refusal of acceptance past its five days, an escalation reported
after the deadline) or a warning
(the deadline has passed: allowed, recorded as overdue with the reason).

A grant, refusal or escalation decides on every department's review (joint
handling, 9.5.4.1; 6.13): it is submitted and sealed only on a case in
``deciding`` — every live task has given its opinion — and issued only once
its seal moved the case on. Out of that order is 逆程序 (11.3 b), refused
rather than recorded: :func:`case_after_seal` raises where the case cannot
take the decision's step. A refusal of acceptance (不予受理) is decided at
acceptance (9.3.2/9.3.3), on the spot or within five working days
(行政许可法 Art. 32; after that the application counts as accepted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.deadlines import CORRECTION_NOTICE_DAYS, due_date
from backoffice.domain.decision_model import COURIER, DELIVERY_METHODS, ONLINE
from backoffice.domain.errors import DomainError
from backoffice.domain.model import (
    Case,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Decision,
    DecisionKind,
    DecisionStatus,
    Inspection,
    ReviewTask,
)
from backoffice.domain.states import (
    CASE_MACHINE,
    CaseStatus,
    InspectionStatus,
    StateMachine,
    TaskStatus,
    Transition,
)

DECISION_MACHINE: StateMachine[DecisionStatus] = StateMachine(
    "decision",
    [
        Transition("submit", DecisionStatus.DRAFT, DecisionStatus.SUBMITTED),
        Transition("seal", DecisionStatus.SUBMITTED, DecisionStatus.SEALED),
        Transition("issue", DecisionStatus.SEALED, DecisionStatus.ISSUED),
    ],
)

# The case's step when the decision is sealed: a grant or refusal decides it,
# an escalation reports it upwards (9.5.4.3), a refusal of acceptance (不予受理,
# 9.3.3) ends it — not accepted — wherever it stood before a decision; the
# platform registers it on issue (6.7).
CASE_ACTION = {DecisionKind.GRANT: "decide", DecisionKind.REFUSE: "decide",
               DecisionKind.ESCALATE: "escalate",
               DecisionKind.REFUSE_ACCEPTANCE: "refuse_acceptance"}
LIVE_TASK = (TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
             TaskStatus.SUSPENDED, TaskStatus.OPINION_GIVEN)
MAX_TEXT = 4000
# What each kind's document needs of the decision itself: the decision's part of
# the ``required`` list of its template (resources/documents/<kind>.toml), which
# a test holds to this table. Checked before a decision is saved, so none that
# cannot be made into its document ever reaches the signer.
DOCUMENT_FIELDS: dict[DecisionKind, tuple[str, ...]] = {
    DecisionKind.GRANT: ("legal_basis",),
    DecisionKind.REFUSE: ("reasons", "legal_basis"),
    DecisionKind.REFUSE_ACCEPTANCE: ("reasons", "legal_basis"),
    DecisionKind.ESCALATE: ("report_by", "legal_basis"),
}
# The long-standing words for some of them; any other is decision.field_missing.
_MISSING = {"reasons": "decision.refusal_without_reasons",
            "report_by": "decision.escalation_without_report_date"}
_REFUSAL = (DecisionKind.REFUSE, DecisionKind.REFUSE_ACCEPTANCE)
# Art. 32: acceptance is refused on the spot or within the five days the one-time
# correction notice has; after them the application counts as accepted.
ACCEPTANCE_DECISION_DAYS = CORRECTION_NOTICE_DAYS
# The findings that say the case is not ready for a decision on the merits yet.
NOT_READY = frozenset({"decision.opinions_pending", "decision.case_not_deciding"})
_SHA256_LEN = 64
MAX_ADDRESS = 500  # a postal address, and the notification that names it stays within its limit


# The kinds of document number (文号) a department reserves for local seals:
# an escalation (上报告知书) is numbered 报〔year〕n号, any other decision 许〔year〕n号.
NumberKind = Literal["decision", "escalate"]


def decision_id(command_id: str) -> str:
    """The id the platform gives the decision a ``decision.draft`` creates."""
    return f"decision-{command_id}"


def number_kind(kind: DecisionKind) -> NumberKind:
    """The kind of document number a decision of ``kind`` is sealed with."""
    return "escalate" if kind == DecisionKind.ESCALATE else "decision"


def _bad(kind: str, name: str) -> DomainError:
    return DomainError("command.bad_payload", kind=kind, field=name)


def _str(kind: str, payload: Mapping[str, Any], name: str) -> str:
    value = payload.get(name, "")
    if not isinstance(value, str):
        raise _bad(kind, name)
    if len(value) > MAX_TEXT:  # the person's own text: told with the limit, in words
        raise DomainError("decision.text_too_long", field=name, limit=MAX_TEXT,
                          length=len(value))
    return value


def draft_from_payload(kind_name: str, payload: Mapping[str, Any], *, id: str, case_code: str,
                       department_code: str, author: str) -> Decision:
    """The decision a ``decision.draft`` creates (status draft, or submitted with ``submit``)."""
    try:
        kind = DecisionKind(str(payload.get("kind")))
    except ValueError:
        raise _bad(kind_name, "kind") from None
    report_by: dt.date | None = None
    if payload.get("report_by") is not None:
        try:
            report_by = dt.date.fromisoformat(str(payload["report_by"]))
        except ValueError:
            raise _bad(kind_name, "report_by") from None
    days = payload.get("notice_days", 0)
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise _bad(kind_name, "notice_days")
    flags = {}
    for name in ("joint", "public_notice", "submit"):
        value = payload.get(name, False)
        if not isinstance(value, bool):
            raise _bad(kind_name, name)
        flags[name] = value
    status = DecisionStatus.SUBMITTED if flags["submit"] else DecisionStatus.DRAFT
    return Decision(
        id=id, case_code=case_code, department_code=department_code, kind=kind, status=status,
        reasons=_str(kind_name, payload, "reasons"),
        legal_basis=_str(kind_name, payload, "legal_basis"), report_by=report_by,
        joint=flags["joint"], public_notice=flags["public_notice"], notice_days=days,
        overdue_reason=_str(kind_name, payload, "overdue_reason"), drafted_by=author,
    )


def apply_to_decision(kind_name: str, payload: Mapping[str, Any], decision: Decision, *,
                      author: str, on: dt.date) -> Decision:
    """``decision.submit|seal|issue`` on ``decision``; raises when it does not fit now."""
    action = kind_name.removeprefix("decision.")
    status = DECISION_MACHINE.apply(decision.status, action)
    if action == "seal":
        sha = payload.get("document_sha256")
        number = payload.get("document_number")
        if not isinstance(sha, str) or len(sha) != _SHA256_LEN:
            raise _bad(kind_name, "document_sha256")
        if not isinstance(number, str) or not number.strip() or len(number) > 128:
            raise _bad(kind_name, "document_number")
        return replace(decision, status=status, document_sha256=sha, document_number=number,
                       decided_on=on, sealed_by=author)
    if action == "issue":
        delivery, address = delivery_of(kind_name, payload)
        return replace(decision, status=status, delivery=delivery, delivery_address=address)
    return replace(decision, status=status)


def delivery_of(kind_name: str, payload: Mapping[str, Any]) -> tuple[str, str]:
    """How an issued decision reaches the applicant, and where a courier takes it (9.7).

    The one rule of the desk and the platform. A payload without ``delivery``
    (a client from before it was recorded) is an online delivery: what the
    platform did for every issue then, telling the applicant on the portal to
    download the decision. An address is kept for a courier only.
    """
    delivery = payload.get("delivery", ONLINE)
    if delivery not in DELIVERY_METHODS:
        raise DomainError("decision.delivery_unknown")
    address = _str(kind_name, payload, "delivery_address").strip()
    if delivery != COURIER:
        return delivery, ""
    if not address:
        raise DomainError("decision.delivery_address_missing")
    if len(address) > MAX_ADDRESS:  # the applicant is told it in one notification
        raise DomainError("decision.text_too_long", field="delivery_address",
                          limit=MAX_ADDRESS, length=len(address))
    return delivery, address


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the decision desk has to say, worded by ``backoffice.messages``."""

    code: str
    params: Mapping[str, str | tuple[str, ...]]  # a tuple: several names, joined when worded
    blocking: bool = True


def check_decision(decision: Decision, case: Case, *, tasks: Iterable[ReviewTask] = (),
                   notices: Iterable[CorrectionNotice] = (), inspections: Iterable[Inspection] = (),
                   today: dt.date, for_seal: bool = False,
                   calendar: WorkCalendar | None = None,
                   department_names: Mapping[str, str] | None = None) -> tuple[Finding, ...]:
    """Every problem of ``decision`` on ``case``; blocking ones stop submitting or sealing.

    ``tasks``: the case's review tasks; ``notices``: its correction notices;
    ``for_seal`` adds what only sealing needs (a joint decision has every
    department's opinion). ``calendar`` counts the working days of acceptance
    (the default calendar without it). ``department_names``: departments by
    code, for the findings to name them as the signer knows them (a code
    not in it is said as it is); their codes stay in ``department_code(s)``.
    """
    names = department_names or {}
    d = decision.id or "-"
    found = [Finding(_missing_code(decision.kind, name), {"decision": d, "field": name})
             for name in missing_fields(decision)]
    if decision.public_notice and not 0 < decision.notice_days <= 60:
        found.append(Finding("decision.notice_period_missing", {"decision": d}))
    made = decision.status in (DecisionStatus.SEALED, DecisionStatus.ISSUED)
    # Once decided (or suspended, or ended) the case is past acceptance — unless
    # it ended by this very refusal, sealed already.
    ended_by_it = made and case.status in (CaseStatus.NOT_ACCEPTED, CaseStatus.ARCHIVED)
    if decision.kind == DecisionKind.REFUSE_ACCEPTANCE and not ended_by_it:
        if not CASE_MACHINE.can(case.status, "refuse_acceptance"):
            found.append(Finding("decision.acceptance_past",
                                 {"case_code": case.case_code, "current": case.status.value}))
        else:
            found.extend(_acceptance_period(case, today, calendar))
    # Sealed already, its case moved on: it was checked when sealed. (Being
    # sealed — ``for_seal`` — it carries its new status already.)
    unreviewed = None if made and not for_seal else \
        _review_unfinished(decision, case, tasks, for_seal=for_seal, names=names)
    if unreviewed is not None:
        found.append(unreviewed)
    if decision.kind == DecisionKind.ESCALATE and decision.report_by is not None:
        found.extend(_report_by(decision, case, today))
    if decision.kind != DecisionKind.REFUSE_ACCEPTANCE:
        # Deciding on a case whose applicant still owes corrections, or whose
        # site was not yet seen, decides on material nobody has reviewed (9.5.4).
        for notice in notices:
            if notice.status in (CorrectionNoticeStatus.DRAFT, CorrectionNoticeStatus.ISSUED) \
                    and (notice.items or notice.status == CorrectionNoticeStatus.ISSUED):
                found.append(Finding("decision.open_corrections",
                                     {"case_code": case.case_code, "notice": notice.id}))
        found.extend(_inspection_unfinished(case, i) for i in inspections
                     if i.status not in (InspectionStatus.RECORDED, InspectionStatus.CANCELLED))
    due = case.platform_due_date
    if due is not None and today > due:
        found.append(Finding("decision.overdue", {"case_code": case.case_code,
                                                  "due_date": due.isoformat()},
                             blocking=not decision.overdue_reason.strip()))
    if decision.joint and unreviewed is None:  # else said once above, with every department
        for code in missing_opinions(tasks):
            found.append(Finding("decision.opinion_missing",
                                 {"decision": d, "department": names.get(code, code),
                                  "department_code": code}, blocking=for_seal))
    return tuple(found)


def _inspection_unfinished(case: Case, inspection: Inspection) -> Finding:
    """Named as the person knows the visit, by its time and site (its id means nothing)."""
    params = {"case_code": case.case_code, "inspection": inspection.id,
              "site": inspection.site_address}
    if inspection.starts_at is None or inspection.ends_at is None:
        return Finding("decision.inspection_unscheduled", params)
    start, end = (t.astimezone(clock.shanghai_tz()) for t in (inspection.starts_at,
                                                               inspection.ends_at))
    return Finding("decision.inspection_unfinished",
                   {**params, "slot": f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"})


def _review_unfinished(decision: Decision, case: Case, tasks: Iterable[ReviewTask], *,
                       for_seal: bool, names: Mapping[str, str]) -> Finding | None:
    """A decision on the merits before every department has reviewed the case (9.5.4.1).

    Only a draft may wait for the opinions: a submitted decision goes to the
    signer, who would seal a decision nobody reviewed.
    """
    if decision.kind == DecisionKind.REFUSE_ACCEPTANCE:
        return None
    pending = missing_opinions(tasks)
    if not pending and CASE_MACHINE.can(case.status, CASE_ACTION[decision.kind]):
        return None
    params = {"case_code": case.case_code, "current": case.status.value}
    blocking = for_seal or decision.status != DecisionStatus.DRAFT
    if pending:
        # A list, for the message to join as its language does (甲、乙 / A, B).
        return Finding("decision.opinions_pending",
                       {**params, "departments": tuple(names.get(c, c) for c in pending),
                        "department_codes": tuple(pending)}, blocking=blocking)
    return Finding("decision.case_not_deciding", params, blocking=blocking)


def accepted_on(case: Case) -> dt.date:
    """The day the case was accepted, in Beijing (where its working days are counted)."""
    return clock.to_shanghai_date(case.accepted_at)


def _acceptance_period(case: Case, today: dt.date,
                       calendar: WorkCalendar | None) -> list[Finding]:
    last = due_date(accepted_on(case), ACCEPTANCE_DECISION_DAYS, calendar=calendar)
    if today <= last:
        return []
    return [Finding("decision.acceptance_period_over", {
        "case_code": case.case_code, "accepted_on": accepted_on(case).isoformat(),
        "last_day": last.isoformat(), "limit": str(ACCEPTANCE_DECISION_DAYS)})]


def report_by_range(case: Case, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """The days an escalation may promise to report by (9.5.4.3: within the time limit).

    From acceptance to the case's deadline; a case already overdue reports at
    once, so up to today (its decision is overdue and says why). No upper end
    while the platform has not given the deadline.
    """
    due = case.platform_due_date
    return accepted_on(case), (None if due is None else max(due, today))


def _report_by(decision: Decision, case: Case, today: dt.date) -> list[Finding]:
    report_by = decision.report_by
    assert report_by is not None
    earliest, latest = report_by_range(case, today)
    if earliest <= report_by and (latest is None or report_by <= latest):
        return []
    return [Finding("decision.report_by_outside", {
        "decision": decision.id or "-", "report_by": report_by.isoformat(),
        "earliest": earliest.isoformat(), "latest": (latest or earliest).isoformat()})]


def check_issue(decision: Decision, case: Case) -> None:
    """Raise unless the seal of ``decision`` moved ``case`` on (decided, reported, not accepted).

    A decision sealed out of order (before every opinion was in) must not
    reach the applicant either.
    """
    action = CASE_ACTION[decision.kind]
    sealed = {t.target for t in CASE_MACHINE.transitions if t.action == action}
    # Reported and not-accepted cases may be archived before the document goes out.
    if case.status not in sealed and not (
            case.status == CaseStatus.ARCHIVED and any(CASE_MACHINE.can(s, "archive")
                                                       for s in sealed)):
        raise DomainError("decision.case_not_decided", decision=decision.id,
                          case_code=case.case_code, current=case.status.value)


def missing_fields(decision: Decision) -> list[str]:
    """The fields of :data:`DOCUMENT_FIELDS` that ``decision`` leaves empty."""
    out = []
    for name in DOCUMENT_FIELDS.get(decision.kind, ()):
        value = getattr(decision, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            out.append(name)
    return out


def _missing_code(kind: DecisionKind, name: str) -> str:
    if name == "legal_basis" and kind in _REFUSAL:
        return "decision.refusal_without_legal_basis"
    return _MISSING.get(name, "decision.field_missing")


def missing_opinions(tasks: Iterable[ReviewTask]) -> list[str]:
    """Departments with a live task on the case but no opinion yet (9.5.4.1)."""
    return sorted({t.department_code for t in tasks
                   if t.status in LIVE_TASK and t.status != TaskStatus.OPINION_GIVEN})


def case_after_seal(decision: Decision, case: Case) -> Case:
    """The case once ``decision`` is sealed (decided, reported upwards, or not accepted).

    Raises :class:`IllegalTransition` where the case cannot take that step
    (say a grant on a case still in review): a seal that left the case where
    it was would be a decision out of order (逆程序, 11.3 b).
    """
    return case.apply(CASE_ACTION[decision.kind])
