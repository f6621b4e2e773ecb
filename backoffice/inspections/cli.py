"""``backoffice inspections [--json]``: the joint inspections in the local store.

What the planner lists, for a terminal or a script: every joint inspection
the signed-in department takes part in (cancelled and recorded ones too),
with its time, place, organiser, participants, each department's answer to
the current proposal and result, the joint result, and whether changes of
ours are still waiting to be sent. Read from the store's effective state, so
offline it shows what the person did; no network.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from backoffice import messages
from backoffice.domain import inspections as di
from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import InspectionStatus
from backoffice.shown import safe_all
from backoffice.store import Store
from backoffice.store.outbox import ACTIVE
from backoffice.sync import accounts, case_view

__all__ = ["inspection_rows", "run_inspections"]


def _time(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def inspection_rows(store: Store) -> list[dict[str, Any]]:
    """One dict (JSON-able) per inspection: open ones first, then by case and time."""
    with store.read() as uow:
        found = uow.inspections.all()
        parts: dict[str, list[di.InspectionPart]] = {}
        for inspection in found:
            parts[inspection.id] = [p for p in uow.inspection_parts.for_case(
                inspection.case_code) if p.inspection_id == inspection.id]
        waiting = {(e.command.entity, e.command.entity_id) for e in uow.outbox.entries(ACTIVE)
                   if e.command.kind.startswith("inspection.")}
        names = {d.code: d.name for d in uow.departments.all()}
    done = (InspectionStatus.RECORDED, InspectionStatus.CANCELLED)
    rows = []
    for i in sorted(found, key=lambda i: (i.status in done, i.case_code,
                                          i.starts_at.isoformat() if i.starts_at else "", i.id)):
        own = parts.get(i.id, [])
        joint = di.joint_result(own) if len(own) == len(i.departments) else None
        answers = {a.department_code: a for a in i.answers}
        by_dept = {p.department_code: p for p in own}
        results = {d: p.result.value for d, p in by_dept.items() if p.result is not None}
        rows.append({
            "id": i.id,
            "case_code": i.case_code,
            "status": i.status.value,
            "starts_at": _time(i.starts_at),
            "ends_at": _time(i.ends_at),
            "site_address": i.site_address,
            "organiser": i.lead_department,
            "proposal": i.proposal,
            "inspectors": list(i.inspectors),
            "originals": list(i.originals),
            "reason": i.reason,
            "after_deadline_reason": i.after_deadline_reason,
            "departments": [{
                "code": d,
                "name": names.get(d, d),
                "answer": answers[d].answer.value if d in answers else None,
                "answer_reason": answers[d].reason if d in answers else "",
                "result": results.get(d),
                "findings": by_dept[d].findings if d in by_dept else "",
                "confirmed_by": by_dept[d].confirmed_by if d in by_dept else "",
                "photos": len(by_dept[d].photos) if d in by_dept else 0,
            } for d in i.departments],
            "joint_result": joint.value if joint is not None else None,
            "waiting_to_be_sent": ("inspection", i.id) in waiting or any(
                ("inspection_part", p.id) in waiting for p in own),
        })
    return rows


def print_rows(rows: list[dict[str, Any]], lang: str | None = None) -> None:
    """A readable list in ``lang``'s words; server text is printed as text, nothing else.

    States, answers and results are worded as ``backoffice case`` words them
    (:func:`backoffice.sync.case_view.word`); ``--json`` keeps the identifiers.
    """
    language = messages.resolve_language(lang)
    if not rows:
        print(messages.render_code("cli.no_inspections", {}, language))
        return
    colon = case_view.colon(language)
    for r in safe_all(rows):
        end = case_view.local_time(r["ends_at"])[-5:] if r["ends_at"] else ""
        when = f"{case_view.local_time(r['starts_at'])}–{end}" if r["starts_at"] else "-"
        flag = f"  ({case_view.word('pending', language)})" if r["waiting_to_be_sent"] else ""
        print(f"{r['case_code']}  [{case_view.word(r['status'], language)}]  {when}  "
              f"{r['site_address']}{flag}")
        lines = case_view.table([[
            # As people know it (the store's name; its code where none is synced).
            ("*" if d["code"] == r["organiser"] else " ") + d["name"],
            case_view.word(d["answer"], language, "answer") if d["answer"] else "-",
            case_view.word(d["result"], language, "result") if d["result"] else "-",
            d["findings"]] for d in r["departments"]], indent="   ")
        for line in lines:
            print(line)
        if r["joint_result"]:
            print(f"    {case_view.word('joint_result', language)}{colon}"
                  f"{case_view.word(r['joint_result'], language, 'result')}")
        if r["reason"]:
            print(f"    {case_view.word('reason_given', language)}{colon}{r['reason']}")


def run_inspections(args: argparse.Namespace) -> int:
    account = accounts.current()
    if account is None:
        raise BackofficeError("sync.not_signed_in")
    store = accounts.open_store(account)
    try:
        rows = inspection_rows(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print_rows(rows, args.lang)
    return 0
