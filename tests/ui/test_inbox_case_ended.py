"""A case that has ended (decided, issued, reported, not accepted, archived, withdrawn)
counts down no more: its deadline is history in the list, in the detail and in the
quick filters, and the detail says how it ended — completed on time or late, by the day
its decision was sealed.

Real store (a SQLite file, written as the sync writes it), the real list reader and
badge words, the real case header of the task detail; the command line's case page and
task table say the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import ME, MSA, TODAY, code, make_case, make_task

from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus
from backoffice.domain.model import Department
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store, TaskQuery
from backoffice.store.inbox_views import QuickFilter
from backoffice.sync import case_view
from backoffice.sync.accounts import Account
from backoffice.sync.files import FileCache
from ui.inbox.detail_data import load
from ui.inbox.detail_sections import CaseHeader
from ui.inbox.list_format import badge_text
from ui.inbox.list_rows import Level, ListQuery, Reader

DUE = TODAY - dt.timedelta(days=3)  # Fri 7 March: every case's deadline, passed on TODAY
ON_TIME = TODAY - dt.timedelta(days=5)  # Wed 5 March
LATE = TODAY - dt.timedelta(days=1)  # Sun 9 March
SOON = TODAY + dt.timedelta(days=1)

# case number: (case status, its decision (kind, status, day) or None, our task's status,
# its step deadline)
CASES: dict[int, tuple[CaseStatus, tuple[DecisionKind, DecisionStatus, dt.date] | None,
                       TaskStatus, dt.date]] = {
    1: (CaseStatus.IN_REVIEW, None, TaskStatus.IN_REVIEW, DUE),  # still counting
    # A task reopened after the decision, its step passed: nobody's clock.
    2: (CaseStatus.ISSUED, (DecisionKind.GRANT, DecisionStatus.ISSUED, ON_TIME),
        TaskStatus.IN_REVIEW, DUE),
    3: (CaseStatus.DECIDED, (DecisionKind.REFUSE, DecisionStatus.SEALED, LATE),
        TaskStatus.OPINION_GIVEN, DUE),
    4: (CaseStatus.WITHDRAWN, None, TaskStatus.SUSPENDED, DUE),
    5: (CaseStatus.REPORTED, (DecisionKind.ESCALATE, DecisionStatus.SEALED, ON_TIME),
        TaskStatus.OPINION_GIVEN, DUE),
    6: (CaseStatus.ARCHIVED, None, TaskStatus.UNCLAIMED, SOON),  # no decision in the store
    7: (CaseStatus.NOT_ACCEPTED,
        (DecisionKind.REFUSE_ACCEPTANCE, DecisionStatus.ISSUED, ON_TIME),
        TaskStatus.IN_REVIEW, TODAY),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite")
    s.apply_confirmed([Department(MSA, "市场监管局", "220100")])
    # Accepted Mon 3 March, four working days promised: the estimate is the platform's DUE.
    s.apply_confirmed([dataclasses.replace(make_case(n), status=status, promised_days=4,
                                           platform_due_date=DUE)
                       for n, (status, _, _, _) in CASES.items()])
    s.apply_confirmed([make_task(n, status=task, step_due_date=step,
                                 assignee=None if task is TaskStatus.UNCLAIMED else ME)
                       for n, (_, _, task, step) in CASES.items()])
    s.apply_confirmed([
        Decision(f"decision-{n}", code(n), MSA, kind, made, reasons="理由", legal_basis="依据",
                 decided_on=day, report_by=TODAY + dt.timedelta(days=30), version=1)
        for n, (_, decision, _, _) in CASES.items() if decision is not None
        for kind, made, day in (decision,)])
    yield s
    s.close()


def test_the_list_and_the_quick_filters_count_no_ended_case(store: Store, qapp: object) -> None:
    reader, query = Reader(store, MSA, ME, 1, TODAY), ListQuery(TaskQuery(MSA))
    rows = {r.data.case_code: r for r in reader.page(query, 0)}
    open_case = rows[code(1)]
    assert open_case.case.level is Level.OVERDUE and open_case.step.level is Level.OVERDUE
    for n in range(2, len(CASES) + 1):
        row, what = rows[code(n)], CASES[n]
        # The date stays; no count, no colour — for the case and for our step on it.
        assert row.case.level is Level.NONE, what
        assert badge_text(row.case) == DUE.isoformat(), what
        assert row.step.level is Level.NONE, what

    def listed(quick: QuickFilter) -> set[str]:
        return set(reader.ids(query.with_quick(frozenset({quick})), 0, 100))

    assert listed(QuickFilter.OVERDUE) == {"T-000001"}
    assert listed(QuickFilter.DUE_SOON) == set()
    assert listed(QuickFilter.CLOCK_STOPPED) == set()
    counts = reader.counts(query)
    assert (counts[QuickFilter.OVERDUE], counts[QuickFilter.DUE_SOON],
            counts[QuickFilter.CLOCK_STOPPED]) == (1, 0, 0)
    # Within a search (every service item here has 许可) the counts are summed in one
    # pass over the hits: the same rule.
    searched = reader.counts(query.with_text("许可"))
    assert (searched[QuickFilter.OVERDUE], searched[QuickFilter.DUE_SOON],
            searched[QuickFilter.CLOCK_STOPPED]) == (1, 0, 0)


def test_the_detail_says_how_the_case_ended(store: Store, tmp_path: Path,
                                            qtbot: QtBot) -> None:
    files = FileCache(tmp_path / "files")
    account = Account("https://platform.test", ME, "王芳", MSA, "市场监管局")
    header = CaseHeader()
    qtbot.addWidget(header)

    def shown(n: int) -> tuple[str, str]:
        snapshot = load(store, files, account, f"T-{n:06d}")
        assert snapshot is not None
        header.show_snapshot(snapshot, ME)
        return header.values["caseDeadline"].text(), header.values["stepDeadline"].text()

    try:
        due = DUE.isoformat()
        case = shown(1)[0]
        assert case.startswith(f"{due} · ") and case.endswith(" working days late")
        assert shown(2) == (f"{due} · case completed on time on {ON_TIME.isoformat()}",
                            f"{due} · step completed")
        assert shown(3)[0] == f"{due} · case completed late on {LATE.isoformat()}"
        assert shown(4)[0] == f"{due} · case withdrawn"
        assert shown(5)[0] == f"{due} · case escalated to the upper-level authority"
        assert shown(6)[0] == f"{due} · case completed"
        assert shown(7)[0] == f"{due} · case completed on time on {ON_TIME.isoformat()}"
    finally:
        files.close()


def test_the_command_line_says_it_as_the_app_does(store: Store,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    account = Account("https://platform.test", ME, "王芳", MSA, "市场监管局")
    due = DUE.isoformat()

    def deadline_line(n: int, lang: str) -> str:
        case_view.print_case(case_view.case_data(store, code(n), account), lang)
        printed = capsys.readouterr().out.splitlines()
        return next(line for line in printed if due in line)

    assert deadline_line(1, "en").rstrip().endswith(" working days late")  # still counting
    assert deadline_line(2, "en").rstrip().endswith(
        f"{due} · case completed on time ({ON_TIME.isoformat()})")
    assert deadline_line(3, "zh").rstrip().endswith(f"{due} · 办件超期办结（{LATE.isoformat()}）")
    assert deadline_line(4, "en").rstrip().endswith(f"{due} · case withdrawn")
    # `backoffice tasks`: the list's words, the date alone for an ended case.
    table = case_view.inbox_table(store, MSA, "en", every_status=True)
    by_case = {line.split()[0]: line for line in table[1:]}
    assert "working day" in by_case[code(1)]
    for n in range(2, len(CASES) + 1):
        assert "working day" not in by_case[code(n)], CASES[n]
