"""What the task detail shows and what it queues, as plain data (no widgets).

Everything here runs on the detail's worker thread: :func:`load` reads one
consistent snapshot of a case from the local store (the person's queued
actions included, so offline they see what they did), :func:`queue` puts one
command in the outbox. The widgets get frozen dataclasses and dicts only.

The comments, pending comments and the timeline come from
:func:`backoffice.sync.case_view.case_data`, the same assembly the
``backoffice case`` command prints, so the CLI and the window never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.commands import COMMAND_ENTITIES, JSONValue
from backoffice.domain.corrections import ensure_not_shared
from backoffice.domain.deadline_status import DeadlineStatus, WarningLevel, deadline_status
from backoffice.domain.deadlines import step_due_date
from backoffice.domain.inspections import InspectionPart
from backoffice.domain.model import (
    Case,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    DeferredMaterial,
    Inspection,
    Material,
    RemovedCorrectionItem,
    ReviewTask,
    Verdict,
)
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, UnitOfWork
from backoffice.store.cases import CaseDeadline
from backoffice.store.inbox_query import CASE_ENDED, StepClock, completed_on, step_clock
from backoffice.store.mapping import Entity
from backoffice.store.pending import queue_on_confirmed
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data
from backoffice.sync.colleagues import Colleague, reviewers_except
from backoffice.sync.files import FileCache, FileTransport
from ui.inbox.detail_case_data import CaseExtras, read_extras
from ui.inbox.list_rows import is_coordinator, require_own_claim, takes_claim

# What the applicant reads (a correction notice's reasons) is Chinese.
APPLICANT_LANGUAGE = "zh"


class DetailSession(Protocol):
    """What the task detail needs of :class:`ui.session.Session` (tests pass a stand-in)."""

    @property
    def store(self) -> Store: ...

    @property
    def account(self) -> Account: ...

    @property
    def files(self) -> FileCache: ...

    @property
    def client(self) -> FileTransport: ...

    @property
    def statusChanged(self) -> SignalInstance: ...

    def local_action(self) -> None: ...


@dataclass(frozen=True)
class StepDeadline:
    due: dt.date
    estimated: bool  # the engine's estimate: the platform sent no step deadline
    status: DeadlineStatus  # level CLOCK_STOPPED while the step clock stands
    clock: StepClock = StepClock.RUNNING  # DONE: the date is history, no warning


@dataclass(frozen=True)
class Snapshot:
    """One case as the person's department sees it, from one read transaction."""

    task: ReviewTask  # the department's own task on the case
    case: Case
    deadline: CaseDeadline | None
    step: StepDeadline | None
    tasks: tuple[ReviewTask, ...]  # every department's; others' in reduced form
    # This department's, the ones it reviews: the platform sends no other department's
    # materials, nor how many they have (their count is unknown here, not 0).
    materials: tuple[Material, ...]
    deferred: tuple[DeferredMaterial, ...]
    own_deferred: tuple[DeferredMaterial, ...]  # those this department asks for when missing
    notices: tuple[CorrectionNotice, ...]
    departments: Mapping[str, str]  # code → name, for the departments on the case
    comments: tuple[dict[str, Any], ...]  # case_data's, pending ones marked
    timeline: tuple[dict[str, Any], ...]
    cached: frozenset[str]  # file hashes of the materials that are in the cache
    today: dt.date
    extras: CaseExtras  # procedures, extensions, Art. 32 limit
    colleagues: tuple[Colleague, ...] = ()  # who the task can be handed to (cached list)
    # The joint site inspections of the case this department takes part in, with every
    # department's part (the store receives them only for participants).
    inspections: tuple[Inspection, ...] = ()
    inspection_parts: tuple[InspectionPart, ...] = ()
    completed_on: dt.date | None = None  # the day the case's completing decision was sealed

    def department_name(self, code: str) -> str:
        return self.departments.get(code) or code


def load(store: Store, files: FileCache, account: Account, task_id: str) -> Snapshot | None:
    """The snapshot around ``task_id``; None when the store no longer has it."""
    with store.read() as uow:
        task = uow.tasks.get(task_id)
        if task is None:
            return None
        case = uow.cases.get(task.case_code)
        if case is None:
            return None
        deadline = uow.cases.deadline(case.case_code)
        tasks = tuple(uow.tasks.for_case(case.case_code))
        materials = uow.materials.for_case(case.case_code)
        deferred = tuple(uow.deferred_materials.for_case(case.case_code))
        notices = tuple(uow.correction_notices.for_case(case.case_code))
        inspections = tuple(uow.inspections.for_case(case.case_code))
        parts = tuple(uow.inspection_parts.for_case(case.case_code))
        codes = {t.department_code for t in tasks} | {case.lead_department} | {
            d for i in inspections for d in i.departments}
        departments = {d.code: d.name for d in uow.departments.get_many(codes).values()}
        extras = read_extras(uow, case, store.calendar)
        completed = completed_on(uow.decisions.for_case(case.case_code))
    # The department reviews its own materials (9.5.1); the others' are theirs.
    own = tuple(m for m in materials if m.department_code == task.department_code)
    # A second read, but of the same effective state: the CLI's assembly of
    # comments (pending ones from the outbox) and of the timeline.
    data = case_data(store, case.case_code, account)
    today = clock.today()
    mine = tuple(
        d for d in deferred if d.owner(materials, case.lead_department) == task.department_code
    )
    return Snapshot(
        task=task,
        case=case,
        deadline=deadline,
        step=_step(task, case, deadline, store, today),
        tasks=tasks,
        materials=own,
        deferred=deferred,
        own_deferred=mine,
        notices=notices,
        departments=departments,
        comments=tuple(data["comments"]),
        timeline=tuple(data["timeline"]),
        cached=frozenset(m.file_sha256 for m in own if m.file_sha256 and files.has(m.file_sha256)),
        today=today,
        extras=extras,
        colleagues=reviewers_except(store, account.username),
        inspections=inspections,
        inspection_parts=parts,
        completed_on=completed,
    )


def _step(
    task: ReviewTask, case: Case, deadline: CaseDeadline | None, store: Store, today: dt.date
) -> StepDeadline | None:
    """The platform's step deadline, else the engine's (never after the case's).

    Its level follows the list's rule (``inbox_query.step_clock``): a task
    waiting for the applicant, or on a case whose clock is stopped, is not
    late; one whose part is over is neither late nor in time.
    """
    if task.step_due_date is not None:
        due, estimated = task.step_due_date, False
    elif deadline is not None:
        accepted = case.accepted_at.astimezone(clock.shanghai_tz()).date()
        due = step_due_date(accepted, task.step_days, deadline.due, calendar=store.calendar)
        estimated = True
    else:
        return None
    status = deadline_status(due, today, calendar=store.calendar)
    state = step_clock(task.status, deadline is not None and deadline.status.clock_stopped,
                       case_ended=case.status in CASE_ENDED)
    if state is StepClock.STOPPED:
        status = replace(status, level=WarningLevel.CLOCK_STOPPED, clock_stopped=True)
    return StepDeadline(due, estimated, status, state)


@dataclass(frozen=True)
class MaterialMarks:
    """What the material list says of a material beyond its own record."""

    # The reasons the answered correction notice gave for it: the applicant sent it again.
    resupplied: tuple[str, ...] = ()
    answered_on: dt.date | None = None
    # 容缺 (3.5), not handed in yet: promised by this day.
    deferred_due: dt.date | None = None
    overdue: bool = False


def material_marks(s: Snapshot) -> dict[str, MaterialMarks]:
    """The marks of the snapshot's materials, by id; a material without any is left out.

    Resupplied: named by an answered notice, so the file there now is the
    applicant's correction and the verdicts are to be given again. Deferred:
    the case's outstanding 容缺 material of that name, reviewed by this
    department when the record says which.
    """
    marks: dict[str, MaterialMarks] = {}
    for m in s.materials:
        reasons: list[str] = []
        answered: dt.date | None = None
        for n in s.notices:
            if n.status != CorrectionNoticeStatus.ANSWERED:
                continue
            mine = [i.reason for i in n.items
                    if i.material_name == m.name and i.department_code == m.department_code]
            if mine:
                reasons += mine
                answered = max(filter(None, (answered, n.answered_on)), default=None)
        deferred = next((d for d in s.deferred if d.material_name == m.name
                         and d.department_code in ("", m.department_code)
                         and d.outstanding(s.today)), None)
        if reasons or deferred is not None:
            marks[m.id] = MaterialMarks(
                resupplied=tuple(reasons), answered_on=answered,
                deferred_due=deferred.due_date if deferred else None,
                overdue=deferred is not None and deferred.due_date < s.today)
    return marks


def own_task_active(task: ReviewTask) -> bool:
    return task.status not in (TaskStatus.TRANSFERRED, TaskStatus.WITHDRAWN)


def queue(
    store: Store, author: str, kind: str, entity_id: str, payload: Mapping[str, JSONValue]
) -> Entity:
    """:func:`queue_followed`'s record."""
    return queue_followed(store, author, kind, entity_id, payload)[0]


def queue_followed(
    store: Store, author: str, kind: str, entity_id: str, payload: Mapping[str, JSONValue]
) -> tuple[Entity, str]:
    """Put one command in the outbox against the record's confirmed version; the record as
    it is now and the command's id (the detail's message follows it to the platform).

    The version is read here, in the worker, right before the write: the one
    the person saw may have moved with a sync meanwhile. Raises the state
    machine's :class:`BackofficeError` when the command does not fit (the
    store writes nothing then), ``task.held_by_colleague`` for a colleague's
    claim a reviewer may not take.
    """
    if takes_claim(kind, payload) and not is_coordinator(store, author):
        require_own_claim(store, author, entity_id)
    with store.write() as uow:
        if kind == "task.request_correction":
            _refuse_shared(uow, entity_id, payload)
        record = queue_on_confirmed(uow, kind, entity_id, payload, author)
        # The record's newest command, read in the same transaction: this one.
        entries = uow.outbox.entries(entity=COMMAND_ENTITIES[kind], entity_id=entity_id)
    return record, entries[-1].command.id


def _refuse_shared(uow: UnitOfWork, task_id: str, payload: Mapping[str, JSONValue]) -> None:
    """The platform's rule before queuing: no item for an e-licence it looks up (9.1.2)."""
    task = uow.tasks.get(task_id)
    items = payload.get("items")
    if task is None or not isinstance(items, list):
        return  # the command's own checks say what is wrong
    ensure_not_shared(
        [CorrectionItem(str(i.get("material_name")), str(i.get("department_code")),
                        str(i.get("reason")))
         for i in items if isinstance(i, dict)],
        uow.materials.for_case(task.case_code))


def correction_items(
    snapshot: Snapshot, materials: tuple[Material, ...]
) -> list[dict[str, JSONValue]]:
    """The department's correction items: every failing check, every overdue deferred material.

    Not an e-licence looked up on the shared platform (9.1.2): the applicant
    is not asked for it again; a failed check on it means querying it again.

    Items already in one of the case's notices — or taken out of one by the
    lead department, dropped or reworded — are left out: the one-time notice
    (6.9) lists each thing once, and the lead's decision stands.
    The reasons are the applicant's to read, so Chinese whatever the
    reviewer's UI language (真实性：…): worded in English they reached the
    notice as such, and were proposed again, as new, in a Chinese UI.
    """
    noticed: list[CorrectionItem | RemovedCorrectionItem] = []
    for n in snapshot.notices:
        noticed += n.items
        noticed += n.removed
    listed = {(i.material_name, i.department_code, i.reason) for i in noticed}
    items: list[dict[str, JSONValue]] = []

    def add(name: str, department: str, reason: str) -> None:
        key = (name, department, reason)
        if key not in listed:
            listed.add(key)
            items.append({"material_name": name, "department_code": department, "reason": reason})

    for m in materials:
        if m.from_shared_platform:
            continue
        for c in m.checks:
            if c.verdict == Verdict.FAIL:
                add(m.name, m.department_code,
                    f"{messages.term(c.check.value, APPLICANT_LANGUAGE)}：{c.note.strip()}")
    department = snapshot.task.department_code
    for d in snapshot.own_deferred:
        if d.overdue(snapshot.today):  # not before its due date (9.3.6)
            add(d.material_name, department, deferred_reason(d))
    return items


def deferred_reason(deferred: DeferredMaterial) -> str:
    """Why an overdue deferred material is asked for, as the applicant reads it (Chinese,
    like the notice). Only an overdue one is asked for (:meth:`DeferredMaterial.overdue`)."""
    due = f"{deferred.due_date.year}年{deferred.due_date.month}月{deferred.due_date.day}日"
    return f"容缺受理时承诺于{due}前补交，逾期未补交，请补交"
