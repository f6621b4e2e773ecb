"""``backoffice plan slots --problem FILE [--json]``: a planning problem, answered.

Arguments are declared in :mod:`backoffice.cli`. A search that finds no slot
still answers (exit 0) with its explanation; a file that cannot be read or
validated is a :class:`~backoffice.planning.model.PlanningError` (exit 2,
the field named, no traceback).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from backoffice import messages
from backoffice.planning.explain import local_text
from backoffice.planning.problem import load_problem, result_json
from backoffice.planning.search import search

__all__ = ["run_slots"]


def run_slots(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    calendar = problem.work_calendar()
    deadline = problem.due(calendar)
    request = problem.request(deadline)
    result = search(problem.availability(calendar), request)
    if args.json:
        print(json.dumps(result_json(result, deadline), ensure_ascii=False, indent=2))
        return 0
    lang = getattr(args, "lang", None)

    def say(code: str, **params: Any) -> None:
        print(messages.render_code(code, params, lang))

    if deadline is not None:
        say("planning.cli_deadline", deadline=deadline.isoformat(),
            until=local_text(result.until))
    names = {n.department: n.said["department"] for n in request.departments}
    for number, slot in enumerate(result.slots, 1):
        team = "; ".join(f"{names.get(m.department, m.department)}: {m.name} ({m.inspector})"
                         for m in slot.team)
        say("planning.cli_slot", number=number, start=local_text(slot.start),
            end=slot.end.astimezone(slot.start.tzinfo).strftime("%H:%M"), team=team)
        if slot.absent_optional:
            say("planning.cli_absent",
                departments=tuple(names.get(d, d) for d in slot.absent_optional))
    if result.explanation is not None:
        if not result.slots:
            say("planning.cli_no_slot")
        for note in (*result.explanation.reasons, *result.explanation.hints):
            print("  " + messages.render_code(note.code, note.params, lang))
    return 0
