"""The applicant's time on a correction notice in the deadline columns and the inbox.

From the day the notice is issued to the day the corrections come in, the
case's clock stands (docs/deadlines.md): while the notice is out the list
says "clock stopped" and the stored dates stay; once answered, the case's
and the steps' estimates move on by the applicant's working days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text
from store_factories import SHANGHAI, case_code, make_case, make_task
from support.store_tables import move_to_revision

from backoffice.domain.commands import Command
from backoffice.domain.deadline_status import WarningLevel
from backoffice.domain.model import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Department,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store, TaskQuery
from backoffice.store import inbox_views as views
from backoffice.store.deadline_columns import STALE_KEY
from backoffice.store.inbox_views import QuickContext, QuickFilter

MSA = "MSA-220100"
CODE = case_code(1)
D = dt.date
# Accepted Mon 3 March 2025, ten working days: due Mon 17 March; the step's
# five: Mon 10 March.
ACCEPTED = dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI)
ISSUED, ANSWERED = D(2025, 3, 5), D(2025, 3, 24)
DRAFT = CorrectionNotice("N-1", CODE, (CorrectionItem("营业执照", MSA, "缺少盖章"),), version=1)
OUT = dataclasses.replace(DRAFT, status=CorrectionNoticeStatus.ISSUED, issued_on=ISSUED,
                          version=2)
IN = dataclasses.replace(OUT, status=CorrectionNoticeStatus.ANSWERED, answered_on=ANSWERED,
                         version=3)


def _seed(store: Store, task_status: TaskStatus = TaskStatus.AWAITING_APPLICANT) -> None:
    store.apply_confirmed([Department(MSA, "市场监管局", "220100")])
    store.apply_confirmed([make_case(1, accepted_at=ACCEPTED, promised_days=10,
                                     status=CaseStatus.AWAITING_APPLICANT)])
    store.apply_confirmed([make_task(1, status=task_status, assignee="lijun")])


def _row(store: Store, table: str, key: str) -> dict[str, Any]:
    column = "case_code" if table == "cases" else "id"
    with store.read() as uow:
        row = uow.session.execute(text(f"SELECT * FROM {table} WHERE {column} = :k"),
                                  {"k": key}).mappings().one()
    return {k: D.fromisoformat(v) if k.endswith(("due_date", "step_due")) and v else v
            for k, v in row.items()}


def _listed(store: Store, today: D) -> dict[QuickFilter, int]:
    ctx = QuickContext(me="lijun", today=today, soon_until=today + dt.timedelta(days=1))
    with store.read() as uow:
        return views.quick_counts(uow.session, TaskQuery(MSA), ctx)


def test_a_notice_out_stops_the_clock_and_the_answer_moves_the_dates(store: Store) -> None:
    _seed(store)
    store.apply_confirmed([OUT])
    case, task = _row(store, "cases", CODE), _row(store, "review_tasks", "T-000001")
    # Stored: the dates without the running stop (they would be wrong tomorrow).
    assert case["due_date"] == D(2025, 3, 17) and case["clock_stopped"] == 1
    assert task["step_due"] == D(2025, 3, 10)
    # Past both dates while the applicant has the notice: nobody is late.
    counts = _listed(store, D(2025, 3, 20))
    assert counts[QuickFilter.CLOCK_STOPPED] == 1 and counts[QuickFilter.OVERDUE] == 0
    # The exact date for a day moves on with every working day of the stop.
    with store.read() as uow:
        friday, monday = (uow.cases.deadline(CODE, on=D(2025, 3, d)) for d in (7, 10))
    assert friday is not None and monday is not None
    assert friday.status.level is WarningLevel.CLOCK_STOPPED
    assert (friday.deadline.estimate, monday.deadline.estimate) == (D(2025, 3, 20), D(2025, 3, 21))

    # Answered on Mon 24 March: 5–24 March were the applicant's.
    store.apply_confirmed([IN, make_task(1, status=TaskStatus.IN_REVIEW, assignee="lijun",
                                         version=2)])
    case, task = _row(store, "cases", CODE), _row(store, "review_tasks", "T-000001")
    assert case["due_date"] == D(2025, 4, 7) and case["clock_stopped"] == 0
    assert task["step_due"] == D(2025, 3, 28) and task["case_due_date"] == D(2025, 4, 7)
    counts = _listed(store, D(2025, 3, 25))
    assert counts[QuickFilter.OVERDUE] == counts[QuickFilter.CLOCK_STOPPED] == 0
    assert _listed(store, D(2025, 3, 31))[QuickFilter.OVERDUE] == 1


def test_a_draft_stops_nothing(store: Store) -> None:
    # The department asked for corrections; the lead has not sent the notice:
    # those days are the departments' (Art. 32: within five days).
    _seed(store)
    store.apply_confirmed([DRAFT])
    assert _row(store, "cases", CODE)["clock_stopped"] == 0
    counts = _listed(store, D(2025, 3, 11))
    assert counts[QuickFilter.OVERDUE] == 1 and counts[QuickFilter.CLOCK_STOPPED] == 0


def test_a_notice_issued_locally_stops_the_clock_before_any_sync(store: Store) -> None:
    _seed(store)
    store.apply_confirmed([DRAFT])
    issue = Command.new("correction_notice.issue", "N-1", DRAFT.version, author="lijun",
                        now=dt.datetime(2025, 3, 5, 10, tzinfo=SHANGHAI))
    store.record_command(issue)  # pending: the effective notice is issued on 5 March
    assert _row(store, "cases", CODE)["clock_stopped"] == 1


def test_a_notice_answered_before_its_day_was_kept_stops_nothing(store: Store) -> None:
    _seed(store, TaskStatus.IN_REVIEW)
    store.apply_confirmed([dataclasses.replace(IN, answered_on=None)])
    case = _row(store, "cases", CODE)
    assert case["due_date"] == D(2025, 3, 17) and case["clock_stopped"] == 0


def test_migration_0011_recomputes_the_columns_of_a_notice_out(store_path: Path) -> None:
    with Store.open(store_path) as s:
        _seed(s)
        s.apply_confirmed([OUT])
    move_to_revision(store_path, "0010", down=True)
    with sqlite3.connect(store_path) as conn:  # as 0010's app left it
        conn.execute("UPDATE cases SET clock_stopped = 0")
        conn.execute("DELETE FROM sync_state WHERE key = ?", (STALE_KEY,))
    conn.close()
    with Store.open(store_path) as s:
        assert _row(s, "cases", CODE)["clock_stopped"] == 1
        with s.read() as uow:
            assert uow.sync_state.get(STALE_KEY) is None
