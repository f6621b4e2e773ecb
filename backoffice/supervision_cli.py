"""``backoffice efficiency``: the department's efficiency figures, from the local store.

Works offline on the current account's store, like ``tasks`` and ``case``;
the figures and their rules are :mod:`backoffice.supervision`'s.
"""

from __future__ import annotations

import argparse
import json

from backoffice import cli_text, messages
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.shown import safe_all
from backoffice.supervision import NOT_AVAILABLE, Efficiency, Period, efficiency
from backoffice.sync import accounts


def run_efficiency(args: argparse.Namespace) -> int:
    today = clock.today()
    # The dates first: a mistyped one is said even when nobody is signed in.
    period = Period.parse(args.start, args.end, today=today)
    account = accounts.current()
    if account is None:
        raise BackofficeError("sync.not_signed_in")
    store = accounts.open_store(account)
    try:
        found = efficiency(store, account.department_code, period, today=today)
        with store.read() as uow:
            synced = uow.departments.get(account.department_code)
    finally:
        store.close()
    lang = messages.resolve_language(args.lang)
    # Said as people know it: the name the platform gave at sign-in, else the
    # synced department's; the code only when neither is known.
    name = account.department_name or (synced.name if synced is not None else "")
    if args.json:
        data = found.as_json(lang)
        data["department_name"] = name
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for line in lines(found, name or account.department_code, lang):
        print(line)
    return 0


def lines(found: Efficiency, department: str, lang: str) -> list[str]:
    """The figures as a text page in ``lang``."""

    def say(code: str, **params: object) -> str:
        return messages.render_code(code, params, lang)

    out = [
        say("efficiency.heading", department=department, start=found.period.start.isoformat(),
            end=found.period.end.isoformat()),
        "",
        say("efficiency.accepted", count=found.accepted, immediate=found.immediate,
            ratio=found.immediate_ratio.words(lang)),
        say("efficiency.refused", count=found.refused),
        say("efficiency.completed", count=found.completed, on_time=found.on_time,
            ratio=found.on_time_rate.words(lang)),
        say("efficiency.escalated", count=found.escalated, late=len(found.late_escalations)),
        *(say(code) for _, code in NOT_AVAILABLE),
        "",
        say("efficiency.late_heading", count=len(found.late)),
    ]
    head = [cli_text.word("case_code", lang), cli_text.word("service_item", lang),
            cli_text.word("deadline", lang), say("efficiency.completed_on"), "",
            cli_text.word("overdue_reason", lang)]
    # The platform's text on a terminal: made safe, never acted on.
    late = [[x.case_code, x.service_item_name, x.due_date.isoformat(), x.completed_on.isoformat(),
             say("cli.days_late", days=x.working_days_late), x.overdue_reason]
            for x in found.late]
    if late:
        out += cli_text.table([head, *safe_all(late)], indent="  ")
    out += ["", say("efficiency.overdue_heading", today=found.today.isoformat(),
                    count=len(found.overdue_open))]
    # A status saying the clock is stopped, on an overdue case: the stop began too late.
    overdue = [[x.case_code, x.service_item_name, cli_text.word(x.status, lang),
                x.due_date.isoformat(), say("cli.days_late", days=x.working_days_late),
                "" if x.stopped_late_on is None
                else say("efficiency.stopped_late", day=x.stopped_late_on.isoformat())]
               for x in found.overdue_open]
    if overdue:
        head = [cli_text.word("case_code", lang), cli_text.word("service_item", lang),
                cli_text.word("status", lang), cli_text.word("deadline", lang), "", ""]
        out += cli_text.table([head, *safe_all(overdue)], indent="  ")
    out += ["", say("efficiency.late_escalations_heading", count=len(found.late_escalations))]
    escalations = [[x.case_code, x.service_item_name, x.due_date.isoformat(),
                    x.reported_on.isoformat(), say("cli.days_late", days=x.working_days_late),
                    x.overdue_reason] for x in found.late_escalations]
    if escalations:
        head = [cli_text.word("case_code", lang), cli_text.word("service_item", lang),
                cli_text.word("deadline", lang), say("efficiency.reported_on"), "",
                cli_text.word("overdue_reason", lang)]
        out += cli_text.table([head, *safe_all(escalations)], indent="  ")
    out += ["", say("efficiency.overdue_steps_heading", today=found.today.isoformat(),
                    count=len(found.overdue_steps))]
    steps = [[x.case_code, x.service_item_name, x.lead_department_name or x.lead_department,
              cli_text.word(x.status, lang), x.step_due_date.isoformat(),
              say("cli.days_late", days=x.working_days_late)] for x in found.overdue_steps]
    if steps:
        head = [cli_text.word("case_code", lang), cli_text.word("service_item", lang),
                say("efficiency.lead_department"), cli_text.word("status", lang),
                cli_text.word("step_deadline", lang), ""]
        out += cli_text.table([head, *safe_all(steps)], indent="  ")
    return out

