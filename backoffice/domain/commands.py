"""Commands: what a person did, as data, queued until the platform confirms it.

A command names its target record and the record's **confirmed** version it
was made against (``base_version``), so the platform can tell a stale edit
(SYNC.md, principle 3). Its id is generated here, on the client, so a retry
after a lost response is recognised by the platform as the same command.

The functions below apply a command to a domain object. The store uses them
twice: when the person acts (effective state = current effective + command)
and after every pull (effective = new confirmed + every still-pending
command, re-applied in order). A command that no longer fits the record
raises the same error the state machine raises for the person, which the
store records as a conflict instead of losing the command.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeAlias, TypeVar, cast

from backoffice.domain import clock, decisions, inspection_payloads
from backoffice.domain.corrections import ensure_not_shared
from backoffice.domain.deadlines import JOINT_EXTENSION_DAYS
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import InspectionPart
from backoffice.domain.model import (
    Case,
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    Decision,
    Extension,
    ExtensionStatus,
    Inspection,
    Material,
    ReviewTask,
    SpecialProcedure,
    SpecialProcedureKind,
    Verdict,
    draft_correction,
)
from backoffice.domain.notes import check_comment_text
from backoffice.domain.payload_dates import check_payload_dates
from backoffice.domain.procedure_dates import check_procedure_end, check_procedure_start
from backoffice.domain.states import CASE_PAST_REVIEW, TASK_MACHINE, CaseStatus, TaskStatus

JSONValue: TypeAlias = "str | int | float | bool | None | list[JSONValue] | dict[str, JSONValue]"
Payload: TypeAlias = Mapping[str, JSONValue]

# Entity kinds: the same names the store uses for its tables and outbox rows.
CASE = "case"
REVIEW_TASK = "review_task"
MATERIAL = "material"
CORRECTION_NOTICE = "correction_notice"
SPECIAL_PROCEDURE = "special_procedure"
INSPECTION = "inspection"
INSPECTION_REQUEST = "inspection_request"
INSPECTION_PART = "inspection_part"
DECISION = "decision"
EXTENSION = "extension"

# The command format this client writes. Stored with every queued command,
# so a queue written by an older version is still understood (and pushed as
# what it is) after an upgrade.
COMMAND_FORMAT = 1

# Commands that add a record next to their target (a comment on a case)
# instead of changing it: applying one leaves the target as it is, so they
# never conflict with another department's change to the case, and the
# platform does not check their base version.
APPEND_KINDS = frozenset(
    {"comment.add", "extension.request", "notification.send", "inspection.request",
     "decision.draft"}
)

# Commands that may be queued on a record the store does not have
# (``pending.queue_without_target``). The store keeps requested extensions
# (migration 0012), so the case detail queues an approval on the kept
# request like any command; a request the platform sent before that was not
# kept, and an approval of it by id is queued without a target, on version
# 0. The platform checks its base like any change's, so it comes back a
# conflict carrying the request, which re-applied goes through on its version.
UNKEPT_TARGET_KINDS = frozenset({"extension.approve"})

# Task actions a reviewer takes on this client: every action of the task
# machine but these two, which reach us only as confirmed records, never as
# local commands: "withdraw" (the applicant's, through the platform) and
# "receive_correction" (the applicant supplied the corrections), and
# "notice_issued" (the lead issued the notice holding the department's items).
_PLATFORM_TASK_ACTIONS = frozenset({"withdraw", "receive_correction", "notice_issued"})
_TASK_ACTIONS = tuple(
    dict.fromkeys(
        t.action for t in TASK_MACHINE.transitions if t.action not in _PLATFORM_TASK_ACTIONS
    )
)

COMMAND_ENTITIES: Mapping[str, str] = {
    **{f"task.{a}": REVIEW_TASK for a in _TASK_ACTIONS},
    "material.verdict": MATERIAL,
    # The lead department issues the case's one combined notice (6.9, Art. 32).
    "correction_notice.issue": CORRECTION_NOTICE,
    # Before issuing, the lead department rewords or drops any department's item.
    "correction_notice.edit": CORRECTION_NOTICE,
    # A special procedure stops the clock (Art. 45); ending it restarts it.
    "case.suspend": CASE,
    "special_procedure.end": SPECIAL_PROCEDURE,
    "comment.add": CASE,
    # Art. 42: asked for here, approved by a signer of the lead department;
    # the platform records both and tells the applicant on approval.
    "extension.request": CASE,
    "extension.approve": EXTENSION,
    "notification.send": CASE,
    # Joint site inspections (backoffice/domain/inspections.py): a department
    # asks from its review task (a request beside the case; the platform
    # merges it into the case's joint inspection for that site) ...
    "inspection.request": CASE,
    # ... the organiser plans, every participating department answers ...
    "inspection.propose": INSPECTION,
    "inspection.reschedule": INSPECTION,
    "inspection.cancel": INSPECTION,
    "inspection.confirm": INSPECTION,
    "inspection.decline": INSPECTION,
    # ... and each records its own part of the joint record on site.
    "inspection.record_part": INSPECTION_PART,
    # The decision (backoffice/domain/decisions.py): a reviewer drafts it beside
    # the case and submits it, a signer seals it, and it is issued.
    "decision.draft": CASE,
    "decision.submit": DECISION,
    "decision.seal": DECISION,
    "decision.issue": DECISION,
}

# The most working days any request may ask for (Art. 42: a jointly handled
# case's one extension); a case's own limit is extensions.extension_limit.
MAX_EXTENSION_DAYS = JOINT_EXTENSION_DAYS
NOTIFICATION_CHANNELS = ("sms", "mail", "portal")
NOTIFICATION_KINDS = ("correction_notice", "inspection_appointment", "other")
MAX_NOTIFICATION = 2000


def _bad_payload(kind: str, field_name: str) -> DomainError:
    return DomainError("command.bad_payload", kind=kind, field=field_name)


@dataclass(frozen=True, slots=True)
class Command:
    """One thing a person did, addressed to one record at one version."""

    id: str
    kind: str
    entity: str
    entity_id: str
    base_version: int
    created_at: dt.datetime
    # Excluded from hashing: a dict is not hashable, and id already identifies it.
    payload: Payload = field(default_factory=dict, hash=False)
    # The user name of the person who acted: the command is only ever pushed
    # under that person's sign-in.
    author: str = ""
    format_version: int = COMMAND_FORMAT

    def __post_init__(self) -> None:
        expected = COMMAND_ENTITIES.get(self.kind)
        if expected is None:
            raise DomainError("command.unknown_kind", kind=self.kind)
        if expected != self.entity:
            raise DomainError(
                "command.wrong_entity", kind=self.kind, entity=self.entity, expected=expected
            )
        if not self.id or not self.entity_id:
            raise DomainError("command.missing_id", kind=self.kind)
        if self.created_at.tzinfo is None:
            raise DomainError("command.naive_created_at", command=self.id)
        try:
            # Round-trip so the payload cannot hold tuples, sets or objects
            # that would come back different from the outbox.
            copy = json.loads(json.dumps(dict(self.payload), ensure_ascii=False))
        except (TypeError, ValueError):
            raise DomainError("command.payload_not_json", kind=self.kind) from None
        object.__setattr__(self, "payload", copy)

    @classmethod
    def new(
        cls,
        kind: str,
        entity_id: str,
        base_version: int,
        payload: Payload | None = None,
        *,
        author: str = "",
        now: dt.datetime | None = None,
    ) -> Command:
        """A fresh command with a client-generated id (uuid4)."""
        entity = COMMAND_ENTITIES.get(kind)
        if entity is None:
            raise DomainError("command.unknown_kind", kind=kind)
        return cls(
            id=str(uuid.uuid4()),
            kind=kind,
            entity=entity,
            entity_id=entity_id,
            base_version=base_version,
            created_at=now if now is not None else dt.datetime.now(dt.UTC),
            payload=dict(payload or {}),
            author=author,
        )


def _text(command: Command, name: str, *, required: bool) -> str:
    value = command.payload.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad_payload(command.kind, name)
    return value


def apply_to_task(command: Command, task: ReviewTask) -> ReviewTask:
    """The task after ``command``; raises IllegalTransition if it does not fit."""
    _check_target(command, REVIEW_TASK, task.id)
    action = command.kind.removeprefix("task.")
    if action == "claim":
        return task.apply("claim", assignee=_text(command, "assignee", required=True))
    if action == "give_opinion":
        opinion = _text(command, "opinion", required=True)
        return replace(task.apply(action), opinion=opinion)
    if action == "transfer" and command.payload.get("to_user") is not None:
        return hand_over(command, task)
    if action == "transfer":
        # The task goes to the department named (not this one's responsibility);
        # the platform creates that department's task, we only need it named.
        _text(command, "to_department", required=True)
    elif action == "request_correction":
        _correction_items(command)
        _second_notice_reason(command)
    return task.apply(action)


def check_case_in_review(kind: str, case_code: str, status: CaseStatus) -> None:
    """``task.case_past_review`` for a task command on a case past review.

    The task's own machine cannot tell: a task with its opinion given may be
    reopened while the case waits for its decision, never once it is decided.
    The platform refuses it, and the client before queuing.
    """
    if kind in COMMAND_ENTITIES and COMMAND_ENTITIES[kind] == REVIEW_TASK and \
            status in CASE_PAST_REVIEW:
        raise DomainError("task.case_past_review", case_code=case_code, current=status.value)


def hand_over(command: Command, task: ReviewTask) -> ReviewTask:
    """``task.transfer`` to a colleague (``to_user``): the task stays in the department.

    Not the machine's ``transfer`` (that gives the matter to another
    department): the colleague takes the task over as if they had claimed it,
    so it is the machine's release and claim, and allowed where those are.
    Whether the colleague is a reviewer of the department only the platform
    knows for sure; the client checks against its cached list before queuing.
    """
    if command.payload.get("to_department") is not None:
        raise _bad_payload(command.kind, "to_department")
    colleague = _text(command, "to_user", required=True)
    if colleague == task.assignee:
        raise DomainError("transfer.same_assignee", user=colleague)
    released = task.apply("release") if task.status != TaskStatus.UNCLAIMED else task
    return released.apply("claim", assignee=colleague)


def correction_draft(
    command: Command,
    task: ReviewTask,
    notices: Iterable[CorrectionNotice],
    *,
    new_id: str,
    materials: Iterable[Material] = (),
) -> CorrectionNotice:
    """The case's one correction notice draft after a ``task.request_correction``.

    ``notices``: the case's correction notices as the store has them. The
    department's items go into the case's single draft, and a second notice
    after one has gone out is refused (``correction.second_notice``) unless
    the command carries ``second_notice_reason`` and the exception of
    :func:`backoffice.domain.model.ensure_one_time_notice` applies. The reason
    is part of the command, so it reaches the platform with it: a second
    notice is never sent silently. ``materials``: the case's, as far as known;
    none of the items may name an e-licence the platform looks up itself (9.1.2).
    """
    _check_target(command, REVIEW_TASK, task.id)
    if command.kind != "task.request_correction":
        raise _bad_payload(command.kind, "kind")
    items = _correction_items(command)
    ensure_not_shared(items, materials)
    return draft_correction(
        notices,
        task.case_code,
        items,
        new_id=new_id,
        second_notice_reason=_second_notice_reason(command),
    )


def _second_notice_reason(command: Command) -> str:
    """Optional; when present it must say something (a blank reason is no reason)."""
    if command.payload.get("second_notice_reason") is None:
        return ""
    return _text(command, "second_notice_reason", required=True)


def _correction_items(command: Command) -> tuple[CorrectionItem, ...]:
    """At least one item, each with a material, a department and a reason."""
    raw = command.payload.get("items")
    if not isinstance(raw, list) or not raw:
        raise _bad_payload(command.kind, "items")
    items: list[CorrectionItem] = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise _bad_payload(command.kind, "items")
        values = {k: entry.get(k) for k in ("material_name", "department_code", "reason")}
        if not all(isinstance(v, str) for v in values.values()):
            raise _bad_payload(command.kind, "items")
        items.append(CorrectionItem(**cast(dict[str, str], values)))
    return tuple(items)


def check_verdict_taker(task: ReviewTask, author: str, holder_name: str = "") -> None:
    """Refuse a verdict on the task's materials from anyone but its holder in review.

    The verdicts are the reviewer's who has the task (9.5.1): not an
    unclaimed task's, nor a colleague's over the holder's, nor one after the
    department's opinion (it rests on the verdicts it had). ``holder_name``:
    the holder as people read them (their name, not the user name). The
    platform asks it of every ``material.verdict``, re-applied ones too, and
    the client's store before queuing one.
    """
    if task.status != TaskStatus.IN_REVIEW:
        raise DomainError("material.task_not_in_review", case_code=task.case_code,
                          current=task.status.value)
    if task.assignee != author:
        raise DomainError("material.not_task_holder", case_code=task.case_code,
                          holder=holder_name or task.assignee or "")


def apply_to_material(command: Command, material: Material) -> Material:
    """The material after a ``material.verdict`` on one of its checks."""
    _check_target(command, MATERIAL, material.id)
    try:
        check = Check(_text(command, "check", required=True))
    except ValueError:
        raise _bad_payload(command.kind, "check") from None
    try:
        verdict = Verdict(_text(command, "verdict", required=True))
    except ValueError:
        raise _bad_payload(command.kind, "verdict") from None
    note = _text(command, "note", required=False)
    return material.with_verdict(CheckVerdict(check, verdict, note))


def _check_target(command: Command, entity: str, entity_id: str) -> None:
    if command.entity != entity or command.entity_id != entity_id:
        raise DomainError(
            "command.wrong_target",
            command=command.id,
            entity=entity,
            entity_id=entity_id,
        )


def check_append(command: Command) -> None:
    """Validate an append command's payload (its target does not change)."""
    check_payload_dates(command.kind, command.payload)
    if command.kind == "comment.add":
        text = command.payload.get("text")
        if not isinstance(text, str):
            raise _bad_payload(command.kind, "text")
        check_comment_text(text)  # empty or too long: said with the limit
    elif command.kind == "extension.request":
        days = command.payload.get("working_days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            raise _bad_payload(command.kind, "working_days")
        if days > MAX_EXTENSION_DAYS:
            raise DomainError("extension.over_limit", case_code=command.entity_id,
                              working_days=days, limit=MAX_EXTENSION_DAYS)
        if len(_text(command, "reason", required=True)) > 2000:
            raise _bad_payload(command.kind, "reason")
    elif command.kind == "notification.send":
        if command.payload.get("channel") not in NOTIFICATION_CHANNELS:
            raise _bad_payload(command.kind, "channel")
        if command.payload.get("kind") not in NOTIFICATION_KINDS:
            raise _bad_payload(command.kind, "kind")
        if len(_text(command, "text", required=True)) > MAX_NOTIFICATION:
            raise _bad_payload(command.kind, "text")
    elif command.kind == "inspection.request":
        inspection_payloads.request_fields(command.kind, command.payload)
    elif command.kind == "decision.draft":
        decision_draft(command, "-")


def _day(command: Command, name: str) -> dt.date:
    value = command.payload.get(name)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _no_day()
    except ValueError:
        raise _bad_payload(command.kind, name) from None


def _no_day() -> dt.date:
    raise ValueError("not a date")


def _shanghai_day(moment: dt.datetime) -> dt.date:
    # The day the person acted, where they acted: deterministic on every
    # re-application, unlike "today".
    return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).date()


def apply_to_notice(command: Command, notice: CorrectionNotice) -> CorrectionNotice:
    """The one combined notice, issued on the day the lead department sent it.

    The check against the case's other notices (one-time notice, 6.9) is the
    platform's, which has them all; :func:`correction_draft` already refuses
    a second notice when the department adds its items here.
    """
    _check_target(command, CORRECTION_NOTICE, notice.id)
    if command.kind == "correction_notice.edit":
        return edit_notice(command, notice)
    return notice.issue(_shanghai_day(command.created_at),
                        second_notice_reason=_second_notice_reason(command))


MAX_CORRECTION_REASON = 2000  # characters of an item's reason (the wire record's limit)


def edit_notice(command: Command, notice: CorrectionNotice) -> CorrectionNotice:
    """``correction_notice.edit``: the lead rewords (``reason``) or drops one item.

    ``item`` names the item as the lead saw it (material, department,
    reason): if it changed meanwhile, the edit does not fit and is refused
    rather than applied to something else.
    """
    raw = command.payload.get("item")
    if not isinstance(raw, dict):
        raise _bad_payload(command.kind, "item")
    values = {k: raw.get(k) for k in ("material_name", "department_code", "reason")}
    if not all(isinstance(v, str) for v in values.values()):
        raise _bad_payload(command.kind, "item")
    item = CorrectionItem(**cast(dict[str, str], values))
    reason = _text(command, "reason", required=False)
    dropped = _text(command, "dropped_reason", required=False)
    for name, value in (("reason", reason), ("dropped_reason", dropped)):
        if len(value) > MAX_CORRECTION_REASON:
            raise _bad_payload(command.kind, name)
    return notice.edited(item, reason=reason, dropped_reason=dropped)


def apply_to_case(command: Command, case: Case) -> Case:
    """``case.suspend``: the case's clock stops; the platform opens the procedure."""
    _check_target(command, CASE, case.case_code)
    try:
        SpecialProcedureKind(_text(command, "procedure", required=True))
    except ValueError:
        raise _bad_payload(command.kind, "procedure") from None
    # "Today" as of the command: a pending suspension re-applied after a later
    # pull is judged as when the person made it.
    check_procedure_start(_day(command, "started_on"), case.accepted_at,
                        clock.to_shanghai_date(command.created_at))
    _text(command, "reason", required=True)
    return case.apply("suspend")


def apply_to_procedure(command: Command, procedure: SpecialProcedure) -> SpecialProcedure:
    """``special_procedure.end``: the procedure ends and the clock runs again."""
    _check_target(command, SPECIAL_PROCEDURE, procedure.id)
    if procedure.ended_on is not None:
        raise DomainError("special_procedure.not_running", procedure=procedure.id)
    ended = _day(command, "ended_on")
    check_procedure_end(ended, procedure.started_on, clock.to_shanghai_date(command.created_at))
    return replace(procedure, ended_on=ended)


def apply_to_inspection(command: Command, inspection: Inspection) -> Inspection:
    """The organiser's plan, a department's answer, or a cancellation."""
    _check_target(command, INSPECTION, inspection.id)
    return inspection_payloads.apply_to_inspection(command.kind, command.payload, inspection,
                                           author=command.author)


def apply_to_part(command: Command, part: InspectionPart) -> InspectionPart:
    """``inspection.record_part``: the department's part as the person saved it."""
    _check_target(command, INSPECTION_PART, part.id)
    return inspection_payloads.apply_to_part(command.kind, command.payload, part,
                                     author=command.author, at=command.created_at)


def decision_draft(command: Command, department_code: str) -> Decision:
    """The decision a ``decision.draft`` on a case creates (id from the command id)."""
    return decisions.draft_from_payload(
        command.kind, command.payload, id=decisions.decision_id(command.id),
        case_code=command.entity_id, department_code=department_code, author=command.author)


def apply_to_decision(command: Command, decision: Decision) -> Decision:
    """``decision.submit|seal|issue``, dated the day the person acted."""
    _check_target(command, DECISION, decision.id)
    return decisions.apply_to_decision(command.kind, command.payload, decision,
                                       author=command.author,
                                       on=_shanghai_day(command.created_at))


def apply_to_extension(command: Command, extension: Extension) -> Extension:
    """``extension.approve``: a requested extension is approved by the command's author.

    Re-applied to one approved already (a signer's approval confirmed, or
    queued without a target before the request was kept), it stays as it
    is: whether it was this approval or another signer's, the platform's
    answer to the command tells. The Art. 42 limits are the platform's to
    check again on approval (the departments on the case may have changed).
    """
    _check_target(command, EXTENSION, extension.id)
    if extension.approved:
        return extension
    return replace(extension, status=ExtensionStatus.APPROVED, approved_by=command.author,
                   approved_on=_shanghai_day(command.created_at))


Target = TypeVar(
    "Target", ReviewTask, Material, Case, CorrectionNotice, SpecialProcedure, Inspection,
    InspectionPart, Decision, Extension,
)


def apply_command(command: Command, target: Target) -> Target:
    """Dispatch on the target's type; the result has the same type."""
    if command.kind in APPEND_KINDS:
        # Every append kind adds to a case.
        _check_target(command, CASE, target.case_code if isinstance(target, Case) else "")
        check_append(command)
        return target
    check_payload_dates(command.kind, command.payload)
    if isinstance(target, ReviewTask):
        return apply_to_task(command, target)
    if isinstance(target, Material):
        return apply_to_material(command, target)
    if isinstance(target, CorrectionNotice):
        return apply_to_notice(command, target)
    if isinstance(target, Case):
        return apply_to_case(command, target)
    if isinstance(target, SpecialProcedure):
        return apply_to_procedure(command, target)
    if isinstance(target, Inspection):
        return apply_to_inspection(command, target)
    if isinstance(target, InspectionPart):
        return apply_to_part(command, target)
    if isinstance(target, Decision):
        return apply_to_decision(command, target)
    if isinstance(target, Extension):
        return apply_to_extension(command, target)
    raise DomainError("command.unknown_kind", kind=command.kind)
