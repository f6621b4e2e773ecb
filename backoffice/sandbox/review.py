"""The review commands of the platform, on top of the domain's rules.

Task and material commands go through :func:`backoffice.domain.commands.apply_command`
(the same code the client runs offline), so the platform refuses exactly what
the client's state machines refuse. What only the platform can do lives
here: advancing the case when its tasks move, creating the receiving
department's task on a transfer (and handing it the departed department's
place in the case's inspections), the one combined correction notice, the
clock of special procedures, extensions and comments.

Kinds (``entity``): ``task.claim|release|reopen|transfer|give_opinion|
request_correction`` (review_task), ``material.verdict`` (material),
``correction_notice.issue|edit`` (correction_notice, lead department),
``case.suspend``, ``extension.request``, ``comment.add`` (case),
``special_procedure.end`` (special_procedure), ``extension.approve``
(extension, a signer of the lead department), ``notification.send`` (case,
a reviewer of a department on it; issuing a correction notice also records
a notification).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backoffice.api import convert
from backoffice.api import records as r
from backoffice.domain import commands as dc
from backoffice.domain import extensions, opinion_readiness, procedure_dates
from backoffice.domain import model as m
from backoffice.domain import notice_readiness as readiness
from backoffice.domain.errors import DomainError
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import colleagues, inspections, timing
from backoffice.sandbox.commands import Ctx, Kind
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import LIVE_TASK, Body, Ledger, Stored, live_departments
from backoffice.signing import correction_notice

REVIEWER = ("reviewer", "coordinator")


def _bad(ctx: Ctx, name: str) -> DomainError:
    return DomainError("command.bad_payload", kind=ctx.command.kind, field=name)


def _text(ctx: Ctx, name: str, *, limit: int = 4000) -> str:
    value = ctx.command.payload.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _bad(ctx, name)
    return value


def _date(ctx: Ctx, name: str) -> dt.date:
    value = ctx.command.payload.get(name)
    if value is None:
        return ctx.today
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(ctx, name) from None


def _domain(body: Body) -> Any:
    return convert.to_domain(convert.parse_record(body))


def _merge(old: Body, new: Any, **extra: Any) -> Body:
    return {**old, **convert.to_wire(new), **extra}


def _domain_command(ctx: Ctx, payload: dict[str, Any] | None = None) -> dc.Command:
    c = ctx.command
    return dc.Command(str(c.id), c.kind, c.entity, c.entity_id, c.base_version, c.created_at,
                      payload if payload is not None else c.payload)


def _case(ctx: Ctx, case_code: str) -> Stored:
    case = ctx.ledger.get("case", case_code)
    if case is None:
        raise ApiError(404, "not_found", entity="case", id=case_code)
    return case


def _case_action(ctx: Ctx, case: Stored, action: str) -> Stored:
    new = _merge(case.body, _domain(case.body).apply(action))
    case.body = ctx.put("case", new)
    return case


def _put_task(ctx: Ctx, old: Body, task: m.ReviewTask) -> Body:
    return ctx.put("review_task", _merge(old, task), department_code=task.department_code)


# --- authorization ---------------------------------------------------------------


def own_record(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER)
    if target.department_code != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


def involved(ctx: Ctx, target: Stored) -> None:
    code = target.case_code or target.id
    if ctx.user.department_code not in ctx.ledger.case_departments(code):
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


def involved_reviewer(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER, "signer")
    involved(ctx, target)


def lead_reviewer(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER, "signer")
    _require_lead(ctx, target)


def lead_signer(ctx: Ctx, target: Stored) -> None:
    ctx.need_role("signer")
    _require_lead(ctx, target)


def _require_lead(ctx: Ctx, target: Stored) -> None:
    case = _case(ctx, str(target.case_code))
    if case.body["lead_department"] != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


# --- tasks and materials ------------------------------------------------------------


def task_command(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    case_code = str(target.case_code)
    dc.check_case_in_review(ctx.command.kind, case_code,
                            CaseStatus(_case(ctx, case_code).body["status"]))
    payload = dict(ctx.command.payload)
    if ctx.command.kind == "task.claim":
        payload.setdefault("assignee", ctx.user.username)
        if payload["assignee"] != ctx.user.username:
            ctx.need_role("coordinator")
            # Only someone who can review the task holds it: not a name that
            # does not exist, a signer, or a reviewer of another department.
            _check_colleague(ctx, payload["assignee"], str(target.department_code))
    if ctx.command.kind == "task.transfer":
        return transfer(ctx, target)
    task: m.ReviewTask = _domain(target.body)
    if ctx.command.kind == "task.release":
        own_claim(ctx, task)
    command = _domain_command(ctx, payload)
    if ctx.command.kind == "task.request_correction":
        contribute_items(ctx, command, task)
    try:
        moved = dc.apply_to_task(command, task)
    except DomainError as exc:
        raise _holder_named(ctx, exc) from None
    if ctx.command.kind == opinion_readiness.OPINION:
        own = [_domain(s.body) for s in ctx.ledger.of_case(task.case_code, "material")
               if s.department_code == task.department_code]
        notices = [_domain(s.body)
                   for s in ctx.ledger.of_case(task.case_code, "correction_notice")]
        opinion_readiness.check_ready_for_opinion(task, own, notices)
    body = _put_task(ctx, target.body, moved)
    case = _case(ctx, task.case_code)
    status = CaseStatus(case.body["status"])
    if ctx.command.kind == "task.claim":
        for action, source in (("route", CaseStatus.ACCEPTED), ("start_review", CaseStatus.ROUTED)):
            if status == source:
                status = CaseStatus(_case_action(ctx, case, action).body["status"])
    elif ctx.command.kind == "task.give_opinion" and status == CaseStatus.IN_REVIEW:
        tasks = [s.body for s in ctx.ledger.of_case(task.case_code, "review_task")]
        live = [t for t in tasks if TaskStatus(t["status"]) in LIVE_TASK]
        if all(t["status"] == TaskStatus.OPINION_GIVEN.value for t in live):
            _case_action(ctx, case, "all_opinions_in")
    elif ctx.command.kind == "task.reopen" and status == CaseStatus.DECIDING:
        # An opinion taken back: the case waits for it again, not for a decision.
        _case_action(ctx, case, "reopen_review")
    return "review_task", body


def _holder_named(ctx: Ctx, exc: DomainError) -> DomainError:
    """A claim of a task someone has: who, by the name colleagues know (their login beside)."""
    holder = exc.params.get("holder")
    if exc.code != "task.already_claimed" or not isinstance(holder, str):
        return exc
    return DomainError(exc.code, **{**exc.params, "holder_login": holder,
                                    "holder": colleagues.display_name(ctx.ledger.conn, holder)})


def own_claim(ctx: Ctx, task: m.ReviewTask) -> None:
    """Releasing or handing over a colleague's claim takes the task from them.

    That is a coordinator's call, as claiming for someone else is: a reviewer
    only lets go of their own claim.
    """
    if task.assignee and task.assignee != ctx.user.username and \
            "coordinator" not in ctx.user.roles:
        raise ApiError(403, "task.claimed_by_other", task=task.id, assignee=task.assignee)


def contribute_items(ctx: Ctx, command: dc.Command, task: m.ReviewTask) -> None:
    """The department's items go into the case's one draft notice (6.9)."""
    items = command.payload.get("items")
    if not isinstance(items, list) or any(
            not isinstance(i, dict) or i.get("department_code") != task.department_code
            for i in items):
        raise _bad(ctx, "items")
    stored = {s.id: s.body for s in ctx.ledger.of_case(task.case_code, "correction_notice")}
    notices = [_domain(b) for b in stored.values()]
    materials = [_domain(s.body) for s in ctx.ledger.of_case(task.case_code, "material")]
    draft = dc.correction_draft(command, task, notices, new_id=f"notice-{ctx.command.id}",
                                materials=materials)
    old = stored.get(draft.id, {"second_notice_reason": ""})
    reason = command.payload.get("second_notice_reason") or old.get("second_notice_reason", "")
    ctx.put("correction_notice", _merge(old, draft, second_notice_reason=reason))


def hand_over(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """``task.transfer`` with ``to_user``: a colleague of the department takes the task."""
    _check_colleague(ctx, ctx.command.payload.get("to_user"), str(target.department_code))
    task: m.ReviewTask = _domain(target.body)
    own_claim(ctx, task)
    moved = dc.apply_to_task(_domain_command(ctx), task)
    return "review_task", _put_task(ctx, target.body, moved)


def _check_colleague(ctx: Ctx, user: object, department_code: str) -> None:
    """``user`` reviews for ``department_code`` (a reviewer or a coordinator of it)."""
    if not isinstance(user, str) or not colleagues.is_reviewer(
            ctx.ledger.conn, user, department_code):
        raise ApiError(422, "transfer.unknown_colleague", user=str(user)[:64])


def transfer(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    if ctx.command.payload.get("to_user") is not None:
        return hand_over(ctx, target)
    to = ctx.command.payload.get("to_department")
    if not isinstance(to, str) or ctx.ledger.get("department", to) is None:
        raise ApiError(422, "transfer.unknown_department", department=str(to))
    if to == target.department_code:
        raise ApiError(422, "transfer.same_department")
    task: m.ReviewTask = _domain(target.body)
    moved = dc.apply_to_task(_domain_command(ctx), task)
    body = _put_task(ctx, target.body, moved)
    case = _case(ctx, task.case_code)
    tasks = [s.body for s in ctx.ledger.of_case(task.case_code, "review_task")]
    if not any(t["department_code"] == to and TaskStatus(t["status"]) in LIVE_TASK for t in tasks):
        new = m.ReviewTask(f"task-{ctx.command.id}", task.case_code, to, TaskStatus.UNCLAIMED,
                           task.step_days, step_due_date=task.step_due_date)
        tasks.append(_put_task(ctx, {"view": "full"}, new))
    # The materials were this department's to check; now they are the receiver's.
    for mat in ctx.ledger.of_case(task.case_code, "material"):
        if mat.department_code == task.department_code:
            ctx.put("material", {**mat.body, "department_code": to}, department_code=to)
    if not any(t["department_code"] == task.department_code
               and TaskStatus(t["status"]) in LIVE_TASK for t in tasks):
        # So are its inspections: one left with an organiser off the case would
        # be stuck (nobody else may plan it) and hold up the decision.
        inspections.hand_over(ctx, task.case_code, task.department_code, to)
    set_departments(ctx, case, tasks)
    return "review_task", body


def set_departments(ctx: Ctx, case: Stored, tasks: list[Body]) -> None:
    depts = live_departments(str(case.body["lead_department"]), tasks)
    listed = sorted({t["department_code"] for t in tasks if TaskStatus(t["status"]) in LIVE_TASK})
    if list(case.body.get("departments", [])) != listed:
        case.body = ctx.put("case", {**case.body, "departments": listed})
    ctx.ledger.set_case_departments(case.id, depts)


def material_verdict(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    material = dc.apply_to_material(_domain_command(ctx), _domain(target.body))
    # The verdicts are the task holder's while it is in review: a colleague's
    # (or one re-applied after the task changed hands) would overwrite theirs.
    task = next((t for t in ctx.ledger.of_case(str(target.case_code), "review_task")
                 if t.department_code == target.department_code
                 and TaskStatus(t.body["status"]) in LIVE_TASK), None)
    if task is None:
        raise DomainError("material.task_not_in_review", case_code=str(target.case_code),
                          current=TaskStatus.TRANSFERRED.value)
    holder: m.ReviewTask = _domain(task.body)
    dc.check_verdict_taker(holder, ctx.user.username,
                           colleagues.display_name(ctx.ledger.conn, holder.assignee or ""))
    return "material", ctx.put("material", _merge(target.body, material),
                               department_code=material.department_code)


# --- the case: notice, clock, extensions, comments -----------------------------------


def issue_notice(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    notice: m.CorrectionNotice = _domain(target.body)
    if not notice.items:
        raise ApiError(422, "correction.no_draft")
    others = [_domain(s.body) for s in ctx.ledger.of_case(notice.case_code, "correction_notice")
              if s.id != notice.id]
    case = _case(ctx, notice.case_code)
    unreviewed = unreviewed_departments(ctx.ledger, notice.case_code)
    readiness.check_ready_to_issue(notice, [_department_name(ctx, d) for d in unreviewed])
    reason = ctx.command.payload.get("second_notice_reason") or ""
    issued = notice.issue(ctx.today, earlier=others, second_notice_reason=str(reason))
    # The text the lead's preview showed; checked before anything changes, so a
    # notice too long to send is not issued at all rather than sent cut.
    text = _notice_text(ctx, case, issued, others)
    correction_notice.check_length(notice.case_code, text)
    _case_action(ctx, case, "request_correction")
    # Only now does a department whose items went out wait for the applicant.
    told = {i.department_code for i in issued.items}
    for stored in ctx.ledger.of_case(notice.case_code, "review_task"):
        if stored.department_code in told and \
                stored.body["status"] == TaskStatus.IN_REVIEW.value:
            _put_task(ctx, stored.body, _domain(stored.body).apply("notice_issued"))
    body = ctx.put("correction_notice", _merge(target.body, issued))
    _notify(ctx, notice.case_code, f"notification-{ctx.command.id}", "portal",
            "correction_notice", text)
    return "correction_notice", body


def unreviewed_departments(ledger: Ledger, case_code: str) -> list[str]:
    """The departments whose review still holds the case's correction notice.

    What issuing it checks; the live desk asks it too, so that the lead it
    plays issues only when the platform would accept it.
    """
    tasks = [_domain(s.body) for s in ledger.of_case(case_code, "review_task")]
    materials = [_domain(s.body) for s in ledger.of_case(case_code, "material")]
    return readiness.unreviewed_departments(tasks, materials)


def _notice_text(ctx: Ctx, case: Stored, issued: m.CorrectionNotice,
                 others: list[m.CorrectionNotice]) -> str:
    lead = str(case.body["lead_department"])
    codes = {lead, *(i.department_code for i in issued.items)}
    # The applicant reads the departments' names, not their codes.
    names = {code: _department_name(ctx, code) for code in codes}
    return correction_notice.notice_text(
        _domain(case.body), issued, names, issued_on=ctx.today,
        ordinal=correction_notice.notice_ordinal([*others, issued], issued))


def _department_name(ctx: Ctx, code: str) -> str:
    department = ctx.ledger.get("department", code)
    return str(department.body.get("name") or code) if department is not None else code


def edit_notice(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """The lead rewords or drops an item of the draft; the notice keeps what it removed."""
    notice = dc.apply_to_notice(_domain_command(ctx), _domain(target.body))
    return "correction_notice", ctx.put("correction_notice", _merge(target.body, notice))


def _notify(ctx: Ctx, case_code: str, id: str, channel: str, kind: str, text: str) -> Body:
    # Never cut: the applicant is told all of it (a written notice's items, an
    # extension's whole reason); the callers keep their texts within the record's limit.
    record = r.NotificationRecord.model_validate({
        "id": id, "case_code": case_code, "department_code": ctx.user.department_code,
        "channel": channel, "kind": kind, "text": text, "sent_at": ctx.now,
        "author": ctx.user.username})
    return ctx.put("notification", record.model_dump(mode="json"),
                   department_code=ctx.user.department_code)


CHANNELS = ("sms", "mail", "portal")
NOTIFICATION_KINDS = ("correction_notice", "inspection_appointment", "other")


def send_notification(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    payload = ctx.command.payload
    channel, kind = payload.get("channel"), payload.get("kind")
    if channel not in CHANNELS:
        raise _bad(ctx, "channel")
    if kind not in NOTIFICATION_KINDS:
        raise _bad(ctx, "kind")
    text = _text(ctx, "text", limit=r.MAX_NOTIFICATION)
    return "notification", _notify(ctx, target.id, str(ctx.command.id), str(channel),
                                   str(kind), text)


def involved_sender(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*REVIEWER)
    involved(ctx, target)


def suspend(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    try:
        kind = m.SpecialProcedureKind(str(ctx.command.payload.get("procedure")))
    except ValueError:
        raise _bad(ctx, "procedure") from None
    started = _date(ctx, "started_on")
    # Deadlines count from acceptance: a stop before it would move them back;
    # one ahead of today stops every department's clock for a typo.
    procedure_dates.check_procedure_start(started, dt.datetime.fromisoformat(str(target.body["accepted_at"])),
                           ctx.today)
    # Dated back into a period already over, it would wipe out the delay (Art. 45).
    due, stopped = _deadline_now(ctx, target)
    procedure_dates.check_start_after_deadline(started, due, ctx.today, clock_stopped=stopped)
    procedures = ctx.ledger.of_case(target.id, "special_procedure")
    if any(not p.body.get("ended_on") for p in procedures):
        raise ApiError(409, "special_procedure.already_running")
    _case_action(ctx, target, "suspend")
    for task in ctx.ledger.of_case(target.id, "review_task"):
        if task.body["status"] == TaskStatus.IN_REVIEW.value:
            _put_task(ctx, task.body, _domain(task.body).apply("suspend"))
    proc = m.SpecialProcedure(f"procedure-{ctx.command.id}", target.id, kind, started)
    body = ctx.put("special_procedure", convert.to_wire(proc))
    refresh_deadlines(ctx, target.id)
    return "special_procedure", body


def end_procedure(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    proc: m.SpecialProcedure = _domain(target.body)
    if proc.ended_on is not None:
        raise ApiError(409, "special_procedure.not_running")
    ended_on = _date(ctx, "ended_on")
    procedure_dates.check_procedure_end(ended_on, proc.started_on, ctx.today)
    ended = m.SpecialProcedure(proc.id, proc.case_code, proc.kind, proc.started_on,
                               ended_on, proc.applicant_notified_on)
    body = ctx.put("special_procedure", _merge(target.body, ended))
    case = _case(ctx, proc.case_code)
    if case.body["status"] == CaseStatus.SUSPENDED.value:
        _case_action(ctx, case, "resume")
    for task in ctx.ledger.of_case(proc.case_code, "review_task"):
        if task.body["status"] == TaskStatus.SUSPENDED.value:
            _put_task(ctx, task.body, _domain(task.body).apply("resume"))
    refresh_deadlines(ctx, proc.case_code)
    return "special_procedure", body


def request_extension(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    days = ctx.command.payload.get("working_days")
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise _bad(ctx, "working_days")
    reason = _text(ctx, "reason", limit=2000)
    _check_extension(ctx, target.id, days, except_id="")
    # A person's name, as the demo data and the timelines show it, not the login.
    record = r.ExtensionRecord(
        id=f"extension-{ctx.command.id}", case_code=target.id, working_days=days,
        reason=reason, status="requested",
        requested_by=ctx.user.display_name, requested_on=ctx.today)
    return "extension", ctx.put("extension", record.model_dump(mode="json"))


def _check_extension(ctx: Ctx, case_code: str, days: int, *, except_id: str) -> None:
    """Art. 42: once per case, at most 10 working days (15 when handled jointly)."""
    tasks = [_domain(s.body) for s in ctx.ledger.of_case(case_code, "review_task")]
    approved = sum(1 for s in ctx.ledger.of_case(case_code, "extension")
                   if s.id != except_id and s.body.get("status", "approved") == "approved")
    extensions.check_extension(case_code, days, tasks, approved)
    due, stopped = _deadline_now(ctx, _case(ctx, case_code))
    extensions.check_within_period(case_code, due, ctx.today, clock_stopped=stopped)


def _deadline_now(ctx: Ctx, case: Stored) -> tuple[dt.date, bool]:
    """The case's deadline as its record shows it, and whether its clock stands today.

    The record's date is the one the client shows; while a stop that began
    by it runs, that date is a projection from the day it was computed, so
    the stop is asked of today's count (``clock_stopped``).
    """
    procs = timing.stopping_records(ctx.ledger, case.id)
    exts = [s.body for s in ctx.ledger.of_case(case.id, "extension")]
    now = timing.case_due(case.body, procs, exts, ctx.calendar, ctx.today)
    shown = case.body.get("due_date")
    return (dt.date.fromisoformat(str(shown)) if shown else now), now.clock_stopped


def approve_extension(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    if target.body.get("status") != "requested":
        raise ApiError(409, "extension.not_requested")
    case_code = str(target.case_code)
    # Asked again: another extension may have been approved since the request,
    # or the departments on the case (and with them the limit) changed.
    _check_extension(ctx, case_code, int(target.body["working_days"]), except_id=target.id)
    body = {**target.body, "status": "approved", "approved_by": ctx.user.display_name,
            "approved_on": ctx.today.isoformat()}
    _domain(body)  # the domain's rules for an approved extension (Art. 42)
    stored = ctx.put("extension", body)
    refresh_deadlines(ctx, case_code)
    due = _case(ctx, case_code).body["due_date"]
    # Art. 42: the applicant is told the reason of the extension.
    _notify(ctx, case_code, f"notification-{ctx.command.id}", "portal", "other",
            f"延长审批期限告知：本件审批期限延长{body['working_days']}个工作日，"
            f"延长后于{due}前作出决定。延长理由：{body['reason']}")
    return "extension", stored


def comment(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    record = r.CommentRecord(
        id=str(ctx.command.id), case_code=target.id, department_code=ctx.user.department_code,
        author=ctx.user.username, text=_text(ctx, "text"), created_at=ctx.command.created_at)
    return "comment", ctx.put("comment", record.model_dump(mode="json"),
                              department_code=ctx.user.department_code)


def refresh_deadlines(ctx: Ctx, case_code: str) -> None:
    case = _case(ctx, case_code)
    procs = timing.stopping_records(ctx.ledger, case_code)  # the applicant's time too
    exts = [s.body for s in ctx.ledger.of_case(case_code, "extension")]
    due = timing.case_due(case.body, procs, exts, ctx.calendar, ctx.today)
    if case.body.get("due_date") != due.isoformat() or \
            case.body.get("clock_stopped") != due.clock_stopped:
        case.body = ctx.put("case", {**case.body, "due_date": due.isoformat(),
                                     "clock_stopped": due.clock_stopped})
    for task in ctx.ledger.of_case(case_code, "review_task"):
        step = timing.task_due(case.body, task.body, due, procs, ctx.calendar, ctx.today)
        if task.body.get("step_due_date") != step.isoformat():
            ctx.put("review_task", {**task.body, "step_due_date": step.isoformat()},
                    department_code=task.department_code)


KINDS: dict[str, Kind] = {
    **{f"task.{a}": Kind("review_task", task_command, own_record)
       for a in ("claim", "release", "reopen", "transfer", "give_opinion", "request_correction")},
    "material.verdict": Kind("material", material_verdict, own_record),
    "correction_notice.issue": Kind("correction_notice", issue_notice, lead_reviewer),
    "correction_notice.edit": Kind("correction_notice", edit_notice, lead_reviewer),
    "case.suspend": Kind("case", suspend, involved_reviewer),
    "special_procedure.end": Kind("special_procedure", end_procedure, involved_reviewer),
    "extension.request": Kind("case", request_extension, involved_reviewer, checks_base=False),
    # Checks its base like any change of a record: the client keeps the request
    # and approves its version, so a signer who approved an older copy (another
    # signer's approval landed first) gets a conflict showing the record now.
    "extension.approve": Kind("extension", approve_extension, lead_signer),
    "comment.add": Kind("case", comment, involved, checks_base=False),
    "notification.send": Kind("case", send_notification, involved_sender, checks_base=False),
}
