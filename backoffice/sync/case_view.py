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
from collections.abc import Callable, Mapping
from typing import Any

from backoffice import messages
from backoffice.cli_text import COLON, COMMA, cells, colon, local_time, table, word
from backoffice.domain import clock
from backoffice.domain.commands import APPEND_KINDS
from backoffice.domain.deadline_status import WarningLevel, deadline_status
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus
from backoffice.domain.timeline_order import sort_moment
from backoffice.shown import safe_all
from backoffice.store import Store
from backoffice.store.inbox import TaskQuery
from backoffice.store.inbox_query import (
    CASE_ENDED,
    CaseOutcome,
    StepClock,
    case_outcome,
    completed_on,
    step_clock,
)
from backoffice.store.outbox import OutboxState
from backoffice.sync.accounts import Account
from backoffice.sync.case_words import (
    command_kind,
    conflict_cells,
    conflict_data,
    conflict_reason,
    given_code,
    not_found_case,
    people,
    said_code,
)


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
    return [row for row, _ in _inbox(store, department_code, limit, every_status)]


def inbox_table(store: Store, department_code: str, lang: str, *, limit: int = 100,
                every_status: bool = False) -> list[str]:
    """``backoffice tasks``: the inbox as the app's list shows it, a header row first.

    Both deadlines in the list's words: the step's by the step clock's one
    rule (:func:`backoffice.store.inbox_query.step_clock`), so a task whose
    clock stands reads 计时已中止, not late; the case's says 临时工作日历 when
    it counted a year the calendar knows only provisionally, as the list's
    "（暂定）" and ``backoffice case`` do.
    """
    header = [word(key, lang) for key in (
        "case_code", "status", "step_deadline", "case_deadline", "assignee", "service_item",
        "applicant")]
    rows = [header]
    for row, step in _inbox(store, department_code, limit, every_status):
        row = safe_all(row)  # a terminal must not act on the platform's text
        case_due = deadline_words(row["case_due"], row["remaining"], row["level"], lang,
                                  done=row["case_ended"])
        if row["case_provisional"]:
            case_due += " · " + word("provisional", lang)
        rows.append([row["case_code"], word(row["status"], lang), step(lang), case_due,
                     row["assignee_name"] or "-", row["service_item_name"],
                     row["applicant_name"]])
    return table(rows)


StepWords = Callable[[str], str]


def _inbox(store: Store, department_code: str, limit: int,
           every_status: bool) -> list[tuple[dict[str, Any], StepWords]]:
    query = TaskQuery(department_code, statuses=frozenset() if every_status else OPEN)
    day = clock.today()
    names = people(store)
    with store.read() as uow:
        tasks = uow.tasks.inbox(query, limit=limit)
        cases = uow.cases.get_many(t.case_code for t in tasks)
        rows = []
        for task in tasks:
            case = cases.get(task.case_code)
            deadline = uow.cases.deadline(task.case_code, on=day)
            ended = case is not None and case.status in CASE_ENDED  # its deadline is history
            step, words = _step(task, deadline is not None and deadline.status.clock_stopped,
                                ended, store, day)
            rows.append(({
                "case_code": task.case_code,
                "task_id": task.id,
                "status": task.status.value,
                "assignee": task.assignee,
                "assignee_name": names.get(task.assignee, task.assignee)
                if task.assignee else None,
                "step_due": _plain(task.step_due_date),
                "case_due": _plain(deadline.due) if deadline else None,
                "remaining": deadline.status.remaining if deadline else None,
                "level": deadline.status.level.value if deadline else None,
                "case_ended": ended,
                # The list's rule: the date counted, or the days left cross, a year
                # only the fallback calendar covers (the platform's date too).
                "case_provisional": deadline is not None and not ended and (
                    deadline.provisional or deadline.status.provisional),
                **step,
                "service_item_name": case.service_item_name if case else "",
                "applicant_name": case.applicant.name if case else "",
            }, words))
    return rows


def _step(task: ReviewTask, case_clock_stopped: bool, case_ended: bool, store: Store,
          day: dt.date) -> tuple[dict[str, Any], StepWords]:
    """The step deadline's state beside the case's, and as the list's badge words it.

    ``step_remaining`` and ``step_level`` as the case's ``remaining`` and
    ``level`` (``ui.inbox.list_format.badge_text``, the step clock's rule);
    ``step_done``: the department's part is over, its date is history.
    """
    due = task.step_due_date
    if due is None:
        state: dict[str, Any] = {"step_remaining": None, "step_level": None,
                                 "step_done": False}
        return state, lambda lang: "-"
    clock_state = step_clock(task.status, case_clock_stopped, case_ended=case_ended)
    status = deadline_status(due, day, calendar=store.calendar)
    level = WarningLevel.CLOCK_STOPPED.value if clock_state is StepClock.STOPPED \
        else status.level.value
    done = clock_state is StepClock.DONE
    state = {"step_remaining": status.remaining, "step_level": level, "step_done": done}
    return state, lambda lang: deadline_words(due.isoformat(), status.remaining, level, lang,
                                              done=done)


def own_task(store: Store, case_code: str, department_code: str) -> ReviewTask:
    case_code = given_code(case_code)
    with store.read() as uow:
        tasks = [t for t in uow.tasks.for_case(case_code)
                 if t.department_code == department_code and t.status != TaskStatus.TRANSFERRED]
    if not tasks:
        with store.read() as uow:
            if uow.cases.get(case_code) is None:
                raise not_found_case(case_code)
        raise BackofficeError("sync.no_own_task", case_code=said_code(case_code))
    return tasks[0]


def case_data(store: Store, case_code: str, account: Account) -> dict[str, Any]:
    """The case as ``backoffice case`` shows it; the JSON keeps the codes and logins
    and has the names beside them (``department_name``, ``assignee_name``, ``author_name``)."""
    case_code = given_code(case_code)
    who = people(store, account)
    with store.read() as uow:
        case = uow.cases.get(case_code)
        if case is None:
            raise not_found_case(case_code)
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
        # The timeline names departments as people know them, never by code.
        names = {code: d.name for code, d in uow.departments.get_many(
            {r.department_code for r in parts["inspection_requests"]}
            | {x.department_code for x in (*parts["tasks"], *parts["materials"])}
            | {c for i in parts["inspections"] for c in i.departments}).items()}
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
    completed = completed_on(parts["decisions"])
    data["deadline"] = None if deadline is None else {
        "due": deadline.due.isoformat(), "remaining": deadline.status.remaining,
        "level": deadline.status.level.value, "clock_stopped": deadline.status.clock_stopped,
        "provisional": deadline.status.provisional,
        "differs": deadline.deadline.differs,
        # An ended case's deadline is history (docs/deadlines.md): how it ended.
        "outcome": case_outcome(case.status, deadline.due, completed).value,
        "completed_on": _plain(completed),
    }
    data |= {name: _plain(items) for name, items in parts.items()}
    for x in (*data["tasks"], *data["materials"]):
        x["department_name"] = names.get(x["department_code"], x["department_code"])
    for t in data["tasks"]:
        t["assignee_name"] = who.get(t["assignee"], t["assignee"]) if t["assignee"] else None
    for x in data["extensions"]:
        # An approval queued here holds this signer's login until the next sync:
        # ``who`` names the account's own login too.
        for key in ("requested_by", "approved_by"):
            x[f"{key}_name"] = who.get(x[key], x[key]) if x.get(key) else x.get(key)
    for c in comments:
        c["author_name"] = who.get(c["author"], c["author"]) if c["author"] else c["author"]
    data["comments"] = sorted(comments, key=lambda c: str(c["created_at"]))
    data["queued"] = [
        {"id": e.command.id, "kind": e.command.kind, "state": e.state.value,
         "entity_id": e.command.entity_id, "payload": dict(e.command.payload)}
        for e in queued if e.command.kind not in APPEND_KINDS or e.state not in (
            OutboxState.PENDING, OutboxState.SENT)
    ]
    data["department_names"] = names
    data["timeline"] = _timeline(data, names)
    return data


def _timeline(data: dict[str, Any], names: Mapping[str, str]) -> list[dict[str, Any]]:
    case = data["case"]
    events: list[dict[str, Any]] = [
        {"at": case["accepted_at"], "kind": "accepted", "summary": case["service_item_name"]}
    ]
    for n in data["correction_notices"]:
        materials = "; ".join(i["material_name"] for i in n["items"])
        if n["issued_on"]:
            told = _caused(data, "correction_notice", n["issued_on"],
                           [i["material_name"] for i in n["items"]])
            events.append({"at": n["issued_on"], "kind": "correction_notice_issued",
                           "summary": materials, "sort_at": told})
        if n["status"] == "answered":  # undated when answered before the day was kept
            events.append({"at": n["answered_on"], "kind": "correction_notice_answered",
                           "summary": materials})
    for p in data["special_procedures"]:
        events.append({"at": p["started_on"], "kind": "suspended", "summary": p["kind"]})
        if p["ended_on"]:
            events.append({"at": p["ended_on"], "kind": "resumed", "summary": p["kind"]})
    for x in data["extensions"]:
        events += _extension_events(x, data)
    for d in data["decisions"]:
        issued = _issued_event(d, data) if d["status"] == "issued" else None
        if d["decided_on"]:
            # Decided (sealed) on a day: before its issue, when that was the same day;
            # both before the notification the issue sent (ties keep this order).
            same_day = issued is not None and issued["at"] is not None \
                and _day_of(issued["at"]) == d["decided_on"]
            events.append({"at": d["decided_on"], "kind": "decision", "summary": d["kind"],
                           "sort_at": issued["at"] if same_day and issued else None})
        if issued is not None:
            events.append(issued)
    for n in data["notifications"]:
        events.append({"at": n["sent_at"], "kind": "notification_sent", "summary": n["text"]})
    for c in data["comments"]:
        events.append({"at": c["created_at"], "kind": "comment",
                       "summary": f"{c['author_name']}: {c['text']}"
                       + (" (…)" if c["pending"] else "")})
    events += _inspection_events(data, names)
    accepted = _moment(case["accepted_at"])
    ordered = sorted(events, key=lambda e: _when(e, accepted))
    for e in ordered:
        e.pop("sort_at", None)
    return ordered


def _caused(data: dict[str, Any], kind: str, day: str | None,
            says: list[str]) -> str | None:
    """When the notification a day-only change sent went out: of ``kind``, that day, saying ``says``.

    The platform writes it with the change, in the same command: its time is
    the change's real time, which the store keeps for the notification only.
    """
    sent = [n["sent_at"] for n in data["notifications"]
            if n["kind"] == kind and day and _day_of(n["sent_at"]) == day
            and all(x in n["text"] for x in says)]
    return min(sent, key=_moment) if sent else None


def _issued_event(d: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The decision issued to the applicant, and how it reaches them (9.7).

    The decision record keeps no time of its issue; the platform tells the
    applicant in the same command, naming the document number, and that
    notification's time is the issue's. Without it (not synced here) the
    event is undated, after the decision. ``delivery``, ``delivery_address``
    go beside the summary, for :func:`event_summary` to word.
    """
    number = d["document_number"]
    sent = [n["sent_at"] for n in data["notifications"]
            if number and n["kind"] == "other" and number in n["text"]
            and n["department_code"] == d["department_code"]]
    at = min(sent, key=_moment) if sent else None
    return {"at": at, "kind": "decision_issued", "summary": d["delivery"],
            "delivery": d["delivery"], "delivery_address": d["delivery_address"],
            "sort_at": None if at else d["decided_on"]}


def delivery_word(delivery: str, lang: str) -> str:
    """How a decision reaches the applicant, in a word or two: the one mapping
    (``delivery.<method>`` of the glossary) the desk, the conflict list and the
    timeline say it by. One issued before this version recorded it says so."""
    return messages.term(f"delivery.{delivery or 'not_recorded'}", lang)


def _day_of(at: str) -> str:
    return _moment(at).astimezone(clock.shanghai_tz()).date().isoformat()


def _moment(at: str) -> dt.datetime:
    """A time as it is; a day (``2025-03-06``) at its very end in Beijing (the platform's rule)."""
    moment = dt.datetime.fromisoformat(at)
    return sort_moment(moment, None) if "T" in at else sort_moment(None, moment.date())


def _when(event: dict[str, Any], accepted: dt.datetime) -> tuple[bool, dt.datetime]:
    """Events by their moment; ``sort_at`` when the event's own time is not all there is.

    Compared as text, a time stored in UTC ("2025-03-05T17:13Z", the 6th in
    Beijing) came before a day of the 6th. A day-only event (a procedure
    begun, a notice answered) comes after that day's timed events, at the
    end of its day in Beijing — unless its real time is known (``sort_at``:
    the notification the change sent, which it then precedes). An undated
    one (what an inspection's state tells) sorts at ``sort_at``, after what
    it follows, or last. Nothing of a case happens before its acceptance
    (the sort keeps acceptance first); ties keep their order.
    """
    at = event.get("sort_at") or event["at"]
    if at is None:
        return True, accepted
    return False, max(_moment(str(at)), accepted)


def _extension_events(x: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Art. 42: the request (who, how many working days, why) and the approval.

    The store keeps the extension's latest state, which still says who asked
    and when once it is approved. Older platform records name no requester
    and no day: only their approval is told. ``by``, ``working_days`` and
    ``reason`` go beside the summary, for :func:`event_summary` to word.
    The approval comes at the time of the notice that told the applicant (it
    names the reason and the days); a request of that day just before it.
    """
    said = {"working_days": x["working_days"], "reason": x["reason"]}
    approved = _caused(data, "other", x["approved_on"],
                       [x["reason"], str(x["working_days"])]) \
        if x["status"] == "approved" else None
    events = []
    if x["requested_on"] or x["status"] == "requested":
        events.append({"at": x["requested_on"], "kind": "extension_requested",
                       "summary": f"{x['requested_by']}: +{x['working_days']} {x['reason']}",
                       "by": x["requested_by_name"], **said,
                       "sort_at": approved if x["requested_on"] == x["approved_on"] else None})
    if x["status"] == "approved":
        events.append({"at": x["approved_on"], "kind": "extension_approved",
                       "summary": f"{x['approved_by']}: +{x['working_days']} {x['reason']}",
                       "by": x["approved_by_name"], **said, "sort_at": approved})
    return events


def _slot(i: dict[str, Any]) -> str:
    if not i["starts_at"] or not i["ends_at"]:
        return ""
    return f"{local_time(i['starts_at'])}–{local_time(i['ends_at'])[-5:]}"


_SEVERITY = ("fail", "pass_with_corrections", "pass")


def _inspection_events(data: dict[str, Any], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the store's joint inspections tell, dated from their records where they can be.

    The store keeps each record's state, not its history. Dated: the
    requests (their time), the confirmation (the applicant's appointment,
    which the platform sends the moment the last department confirms, naming
    the site) and the record (its last part's confirmation). The plan, a
    reschedule and a cancellation are there as states only (the platform's
    timeline has their times): each sorts after what it follows (``sort_at``).
    """
    events: list[dict[str, Any]] = []
    for r in data["inspection_requests"]:
        name = names.get(r["department_code"], r["department_code"])
        events.append({"at": r["requested_at"], "kind": "inspection_requested",
                       "summary": f"{name}: {r['reason']}", "department": name,
                       "reason": r["reason"]})
    for i in data["inspections"]:
        status, slot = i["status"], _slot(i)
        last = max((r["requested_at"] for r in data["inspection_requests"]
                    if r["inspection_id"] == i["id"]), key=_moment, default=None)

        def add(kind: str, summary: str, at: str | None = None) -> None:
            nonlocal last
            events.append({"at": at, "kind": kind, "summary": summary,
                           "sort_at": None if at else last})
            last = at or last

        told = _appointment_sent(data, i) if status in ("confirmed", "recorded") else None
        if told is not None and last is not None:  # planned before it was confirmed
            last = min(last, told, key=_moment)
        if status in ("proposed", "confirmed", "recorded") and slot:
            kind = "inspection_rescheduled" if i["reason"] and i["proposal"] > 1 \
                else "inspection_proposed"
            add(kind, f"{slot} {i['reason']}" if kind == "inspection_rescheduled" else slot)
        if status in ("confirmed", "recorded"):
            add("inspection_confirmed", slot, told)
        if status == "cancelled":
            add("inspection_cancelled", i["reason"])
        if status == "recorded":
            parts = [p for p in data["inspection_parts"] if p["inspection_id"] == i["id"]]
            results = [p["result"] for p in parts]
            joint = next((r for r in _SEVERITY if r in results), "")
            confirmed = [p["confirmed_at"] for p in parts if p["confirmed_at"]]
            add("inspection_recorded", joint, max(confirmed, key=_moment) if confirmed else None)
    return events


def _appointment_sent(data: dict[str, Any], inspection: dict[str, Any]) -> str | None:
    """When the applicant was told the confirmed visit: the latest appointment naming its site.

    Only an appointment names the site (a word that a time no longer holds
    does not), and a case has one inspection per site.
    """
    sent = [n["sent_at"] for n in data["notifications"]
            if n["kind"] == "inspection_appointment" and inspection["site_address"] in n["text"]]
    return max(sent, key=_moment) if sent else None


def print_case(data: dict[str, Any], lang: str | None = None) -> None:
    """A readable page for a terminal; server text is printed as text, nothing else.

    Text from the platform (a colleague's comment, an applicant's name) may
    hold escape sequences or carriage returns that a terminal would act on:
    every string is shown through :func:`backoffice.shown.safe` first.
    Labels, states and other identifiers are in ``lang``'s words; the JSON
    (``--json``) keeps the identifiers.
    """
    language = messages.resolve_language(lang)
    data = safe_all(data)
    case = data["case"]
    print(f"{case['case_code']}  {case['service_item_name']}  [{word(case['status'], language)}]")
    head = [[word("applicant", language), case["applicant"]["name"]]]
    dl = data["deadline"]
    if dl:
        due = deadline_words(dl["due"], dl["remaining"], dl["level"], language, full=True)
        if dl["outcome"] != CaseOutcome.OPEN.value:  # the task detail's words
            day = f"（{dl['completed_on']}）" if language == "zh" else f" ({dl['completed_on']})"
            due = f"{dl['due']} · {word(dl['outcome'], language, 'outcome')}" \
                f"{day if dl['completed_on'] else ''}"
        flags = [word(f, language) for f in ("provisional", "differs") if dl[f]]
        head.append([word("deadline", language), " · ".join([due, *flags])])
    _print(table(head, indent="  "))
    print(f"  {word('tasks', language)}")
    _print(table([[t["department_name"], word(t["status"], language),
                   t["assignee_name"] or "-", t["opinion"]] for t in data["tasks"]],
                 indent="    "))
    print(f"  {word('materials', language)}")
    for m in data["materials"]:
        checks = COMMA[language].join(
            f"{word(c['check'], language)}{COLON[language]}{word(c['verdict'], language, 'verdict')}"
            for c in m["checks"])
        print(f"    {m['name']}  ({m['department_name']})  {checks}")
    if data["queued"]:
        print(f"  {word('pending', language)} / {word('conflicted', language)}")
        # A task's or a material's id means nothing to a person: its department, its name.
        about = {t["id"]: t["department_name"] for t in data["tasks"]} | {
            m["id"]: m["name"] for m in data["materials"]}
        for q in data["queued"]:
            print(f"    {command_kind(q['kind'], language, q['payload'])} "
                  f"{about.get(q['entity_id'], q['entity_id'])}  {word(q['state'], language)}")
    print(f"  {word('timeline', language)}")
    _print(table([[local_time(e["at"]), word(e["kind"], language), event_summary(e, language)]
                  for e in data["timeline"]], indent="    "))
    for i in data["inspections"]:
        print(f"  {word('inspection', language)}  [{word(i['status'], language)}]  "
              f"{_slot(i) or '-'}  {i['site_address']}")
        parts = {p["department_code"]: p for p in data["inspection_parts"]
                 if p["inspection_id"] == i["id"]}
        rows = []
        for code in i["departments"]:
            p = parts.get(code)
            lead = "*" if code == i["lead_department"] else " "
            result = (p and p["result"]) or ""
            name = data["department_names"].get(code, code)
            rows.append([lead + name, word(result, language, "result") if result else "-",
                         (p and p["findings"]) or ""])
        _print(table(rows, indent="   "))


def deadline_words(due: str | None, remaining: int | None, level: str | None, lang: str, *,
                   done: bool = False, full: bool = False) -> str:
    """A deadline in the app's words: the list's badge, or (``full``) the task detail's.

    As ``ui.inbox.list_format.badge_text`` and ``ui.inbox.detail_sections.
    deadline_text`` say it: "N working days left", past the date "N working
    days late" (never a negative count), no count while the clock stands
    still; ``done``: the department's part is over, the date is history.
    The detail adds the warning level.
    """
    if not due:
        return "-"
    parts = [due]
    if done:
        parts += [word("step_completed", lang)] if full else []
    elif level == WarningLevel.CLOCK_STOPPED.value or remaining is None:
        parts += [word(level, lang)] if level else []
    elif level == WarningLevel.DUE_TODAY.value and not full:
        parts.append(word(level, lang))
    else:
        code = "cli.days_late" if remaining < 0 else "cli.days_left"
        parts.append(messages.render_code(code, {"days": abs(remaining)}, lang))
        # "late" says "overdue" already; the other levels add to the count.
        parts += [word(level, lang)] if full and level and remaining >= 0 else []
    return " · ".join(parts)


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line)


# The timeline's summaries that are identifiers, by the event's kind (what they are of).
_SUMMARY_OF = {"suspended": "", "resumed": "", "decision": "", "inspection_recorded": "result"}


# The timeline's events told in a sentence of the catalog, from the params beside the summary.
_SAID = {"extension_requested": "case.timeline_extension_requested",
         "extension_approved": "case.timeline_extension_approved"}


def event_summary(event: dict[str, Any], lang: str) -> str:
    """A timeline event's details in ``lang``: identifiers worded, an extension in a sentence.

    The task detail's timeline tab and ``backoffice case`` both show this;
    the JSON keeps the summary as it is.
    """
    summary = str(event["summary"] or "")
    if event["kind"] == "decision_issued" and "delivery" in event:
        how = delivery_word(event["delivery"], lang)
        address = event["delivery_address"]
        return f"{how}{COLON[messages.resolve_language(lang)]}{address}" if address else how
    if event["kind"] == "inspection_requested" and "department" in event:
        return f"{event['department']}{COLON[messages.resolve_language(lang)]}{event['reason']}"
    code = _SAID.get(event["kind"])
    if code is not None:
        return messages.render_code(code, {
            "by": event["by"] or word("unknown", lang), "working_days": event["working_days"],
            "reason": event["reason"]}, lang)
    of = _SUMMARY_OF.get(event["kind"])
    return summary if of is None or not summary else word(summary, lang, of)


__all__ = ["OPEN", "case_data", "cells", "colon", "command_kind", "conflict_cells",
           "conflict_data", "conflict_reason", "deadline_words", "delivery_word", "event_summary",
           "inbox_rows", "inbox_table", "local_time", "own_task", "print_case", "table", "word"]
