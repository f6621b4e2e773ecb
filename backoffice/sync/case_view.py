"""One case and the inbox as the local store has them, for the CLI (and support).

Plain data (dicts of JSON-able values) built from the store's effective
state — the person's queued actions included — so ``backoffice case`` shows
offline exactly what the person would see. The timeline is put together
from the records themselves (acceptance, notices, procedures, extensions,
notifications, comments, decisions): the platform's own timeline needs the
network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.commands import APPEND_KINDS
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus
from backoffice.shown import safe_all
from backoffice.store import Store
from backoffice.store.inbox import TaskQuery
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.sync.accounts import Account


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# What still needs the department: the default of ``backoffice tasks``.
OPEN = frozenset({TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
                  TaskStatus.SUSPENDED})


def inbox_rows(store: Store, department_code: str, *, limit: int = 100,
               every_status: bool = False) -> list[dict[str, Any]]:
    """The department's open tasks (or all), nearest step deadline first, as the inbox sorts."""
    query = TaskQuery(department_code, statuses=frozenset() if every_status else OPEN)
    with store.read() as uow:
        tasks = uow.tasks.inbox(query, limit=limit)
        cases = uow.cases.get_many(t.case_code for t in tasks)
        rows = []
        for task in tasks:
            case = cases.get(task.case_code)
            deadline = uow.cases.deadline(task.case_code)
            rows.append({
                "case_code": task.case_code,
                "task_id": task.id,
                "status": task.status.value,
                "assignee": task.assignee,
                "step_due": _plain(task.step_due_date),
                "case_due": _plain(deadline.due) if deadline else None,
                "remaining": deadline.status.remaining if deadline else None,
                "level": deadline.status.level.value if deadline else None,
                "service_item_name": case.service_item_name if case else "",
                "applicant_name": case.applicant.name if case else "",
            })
    return rows


def own_task(store: Store, case_code: str, department_code: str) -> ReviewTask:
    with store.read() as uow:
        tasks = [t for t in uow.tasks.for_case(case_code)
                 if t.department_code == department_code and t.status != TaskStatus.TRANSFERRED]
    if not tasks:
        with store.read() as uow:
            if uow.cases.get(case_code) is None:
                raise BackofficeError("store.not_found", entity="case", id=case_code)
        raise BackofficeError("sync.no_own_task", case_code=case_code)
    return tasks[0]


def conflict_reason(entry: OutboxEntry, lang: str | None = None) -> str:
    code = entry.last_error or "sync.conflict"
    return messages.render_code(code, {"author": entry.command.author}, lang)


def conflict_data(entry: OutboxEntry, lang: str | None = None) -> dict[str, Any]:
    """Both versions of a conflicted command, for a person to decide."""
    return {
        "id": entry.command.id,
        "kind": entry.command.kind,
        "entity": entry.command.entity,
        "entity_id": entry.command.entity_id,
        "state": entry.state.value,
        "reason": conflict_reason(entry, lang),
        "payload": dict(entry.command.payload),
        "made_at": entry.command.created_at.isoformat(),
        "yours_based_on": entry.base_record,
        "platform_now": entry.server_record,
    }


def case_data(store: Store, case_code: str, account: Account) -> dict[str, Any]:
    with store.read() as uow:
        case = uow.cases.get(case_code)
        if case is None:
            raise BackofficeError("store.not_found", entity="case", id=case_code)
        deadline = uow.cases.deadline(case_code)
        parts: dict[str, list[Any]] = {
            "tasks": uow.tasks.for_case(case_code),
            "materials": uow.materials.for_case(case_code),
            "deferred_materials": uow.deferred_materials.for_case(case_code),
            "correction_notices": uow.correction_notices.for_case(case_code),
            "special_procedures": uow.special_procedures.for_case(case_code),
            "extensions": uow.extensions.for_case(case_code),
            "decisions": uow.decisions.for_case(case_code),
            "notifications": uow.notifications.for_case(case_code),
            # The joint inspections this department takes part in, whole (every part).
            "inspections": uow.inspections.for_case(case_code),
            "inspection_requests": uow.inspection_requests.for_case(case_code),
            "inspection_parts": uow.inspection_parts.for_case(case_code),
        }
        comments = [_plain(c) | {"pending": False} for c in uow.comments.for_case(case_code)]
        keys = {("case", case_code)} | {("review_task", t.id) for t in parts["tasks"]} | {
            ("material", m.id) for m in parts["materials"]}
        queued = [e for e in uow.outbox.entries() if (e.command.entity, e.command.entity_id)
                  in keys]
    for e in queued:
        if e.command.kind == "comment.add" and e.state in (OutboxState.PENDING, OutboxState.SENT):
            comments.append({
                "id": e.command.id, "case_code": case_code,
                "department_code": account.department_code, "author": e.command.author,
                "text": e.command.payload.get("text"), "created_at": e.command.created_at
                .isoformat(), "pending": True,
            })
    data: dict[str, Any] = {"case": _plain(case)}
    data["deadline"] = None if deadline is None else {
        "due": deadline.due.isoformat(), "remaining": deadline.status.remaining,
        "level": deadline.status.level.value, "clock_stopped": deadline.status.clock_stopped,
        "provisional": deadline.status.provisional,
        "differs": deadline.deadline.differs,
    }
    data |= {name: _plain(items) for name, items in parts.items()}
    data["comments"] = sorted(comments, key=lambda c: str(c["created_at"]))
    data["queued"] = [
        {"id": e.command.id, "kind": e.command.kind, "state": e.state.value,
         "entity_id": e.command.entity_id}
        for e in queued if e.command.kind not in APPEND_KINDS or e.state not in (
            OutboxState.PENDING, OutboxState.SENT)
    ]
    data["timeline"] = _timeline(data)
    return data


def _timeline(data: dict[str, Any]) -> list[dict[str, Any]]:
    case = data["case"]
    events: list[dict[str, Any]] = [
        {"at": case["accepted_at"], "kind": "accepted", "summary": case["service_item_name"]}
    ]
    for n in data["correction_notices"]:
        if n["issued_on"]:
            events.append({"at": n["issued_on"], "kind": "correction_notice_issued",
                           "summary": "; ".join(i["material_name"] for i in n["items"])})
    for p in data["special_procedures"]:
        events.append({"at": p["started_on"], "kind": "suspended", "summary": p["kind"]})
        if p["ended_on"]:
            events.append({"at": p["ended_on"], "kind": "resumed", "summary": p["kind"]})
    for x in data["extensions"]:
        events.append({"at": x["approved_on"], "kind": "extension_approved",
                       "summary": f"+{x['working_days']} {x['reason']}"})
    for n in data["notifications"]:
        events.append({"at": n["sent_at"], "kind": "notification_sent", "summary": n["text"]})
    for c in data["comments"]:
        events.append({"at": c["created_at"], "kind": "comment",
                       "summary": f"{c['author']}: {c['text']}" + (" (…)" if c["pending"] else "")})
    for d in data["decisions"]:
        if d["decided_on"]:
            events.append({"at": d["decided_on"], "kind": "decision", "summary": d["kind"]})
    events += _inspection_events(data)
    # Undated events (what an inspection's state tells, not when) come last, in their order.
    return sorted(events, key=lambda e: (e["at"] is None, str(e["at"] or "")))


def _slot(i: dict[str, Any]) -> str:
    if not i["starts_at"] or not i["ends_at"]:
        return ""
    return f"{_local(i['starts_at'])}–{_local(i['ends_at'])[-5:]}"


_SEVERITY = ("fail", "pass_with_corrections", "pass")


def _inspection_events(data: dict[str, Any]) -> list[dict[str, Any]]:
    """What the store's joint inspections tell: the requests' times; the rest undated.

    The store keeps each record's state, not its history: the requests carry
    their time, and the recorded inspection the time its last part was
    confirmed; the plan, its confirmation, a reschedule and a cancellation
    are there as states (the platform's timeline has their times).
    """
    events: list[dict[str, Any]] = []
    for r in data["inspection_requests"]:
        events.append({"at": r["requested_at"], "kind": "inspection_requested",
                       "summary": f"{r['department_code']}: {r['reason']}"})
    for i in data["inspections"]:
        status, slot = i["status"], _slot(i)
        if status in ("proposed", "confirmed", "recorded") and slot:
            kind = "inspection_rescheduled" if i["reason"] and i["proposal"] > 1 \
                else "inspection_proposed"
            summary = f"{slot} {i['reason']}" if kind == "inspection_rescheduled" else slot
            events.append({"at": None, "kind": kind, "summary": summary})
        if status in ("confirmed", "recorded"):
            events.append({"at": None, "kind": "inspection_confirmed", "summary": slot})
        if status == "cancelled":
            events.append({"at": None, "kind": "inspection_cancelled", "summary": i["reason"]})
        if status == "recorded":
            parts = [p for p in data["inspection_parts"] if p["inspection_id"] == i["id"]]
            results = [p["result"] for p in parts]
            joint = next((r for r in _SEVERITY if r in results), "")
            confirmed = [p["confirmed_at"] for p in parts if p["confirmed_at"]]
            events.append({"at": max(confirmed) if confirmed else None,
                           "kind": "inspection_recorded", "summary": joint})
    return events


def print_case(data: dict[str, Any]) -> None:
    """A readable page for a terminal; server text is printed as text, nothing else.

    Text from the platform (a colleague's comment, an applicant's name) may
    hold escape sequences or carriage returns that a terminal would act on:
    every string is shown through :func:`backoffice.shown.safe` first.
    """
    data = safe_all(data)
    case = data["case"]
    print(f"{case['case_code']}  {case['service_item_name']}  [{case['status']}]")
    print(f"  applicant  {case['applicant']['name']}")
    dl = data["deadline"]
    if dl:
        flags = [f for f in ("clock_stopped", "provisional", "differs") if dl[f]]
        print(f"  due        {dl['due']} ({dl['remaining']} working days, {dl['level']})"
              + (f" [{', '.join(flags)}]" if flags else ""))
    print("  tasks")
    for t in data["tasks"]:
        print(f"    {t['department_code']:<14} {t['status']:<18} {t['assignee'] or '-':<12} "
              f"{t['opinion']}")
    print("  materials")
    for m in data["materials"]:
        checks = ", ".join(f"{c['check']}={c['verdict']}" for c in m["checks"])
        print(f"    {m['name']}  ({m['department_code']})  {checks}")
    if data["queued"]:
        print("  waiting to be sent / conflicts")
        for q in data["queued"]:
            print(f"    {q['kind']} {q['entity_id']}  {q['state']}")
    print("  timeline")
    for e in data["timeline"]:
        print(f"    {_local(e['at']):<16}  {e['kind']:<26} {e['summary']}")
    for i in data["inspections"]:
        print(f"  site inspection  [{i['status']}]  {_slot(i) or '-'}  {i['site_address']}")
        parts = {p["department_code"]: p for p in data["inspection_parts"]
                 if p["inspection_id"] == i["id"]}
        for code in i["departments"]:
            p = parts.get(code)
            lead = "*" if code == i["lead_department"] else " "
            print(f"   {lead}{code:<14} {(p and p['result']) or '-':<22} "
                  f"{(p and p['findings']) or ''}")


def _local(value: str | None) -> str:
    """An ISO time as the reviewer reads it: Beijing time, to the minute."""
    if value is None:
        return "—"
    if "T" not in value:
        return value  # a date
    moment = dt.datetime.fromisoformat(value)
    return moment.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")
