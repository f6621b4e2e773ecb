"""``backoffice tasks`` marks a case deadline counted on the provisional calendar.

QA: the list says "（暂定）" of a deadline in 2027, which no calendar covers
yet, but ``backoffice tasks`` never said so, and the store's column did not
when the platform's date was shown. A platform date in such a year is as
much a guess (docs/deadlines.md): the table adds 临时工作日历 and the JSON
``case_provisional``, whichever side computed the date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from store_factories import SHANGHAI, case_code, make_case, make_task

from backoffice.domain import clock
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.sync import case_view

ME = "MSA-220100"
ACCEPTED = dt.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)  # a Monday


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    day = dt.date(2026, 12, 1)
    monkeypatch.setattr(clock, "today", lambda now=None: day)
    return day


def test_a_2027_deadline_reads_provisional_whoever_computed_it(
        store: Store, today: dt.date) -> None:
    store.apply_confirmed([
        # 24 working days: Mon 4 January 2027 (1 January off); the platform's date.
        make_case(1, accepted_at=ACCEPTED, promised_days=24, statutory_days=45,
                  status=CaseStatus.IN_REVIEW,
                  platform_due_date=dt.date(2027, 1, 4)),
        # 24 working days, no platform date: our estimate, the same day.
        make_case(2, accepted_at=ACCEPTED, promised_days=24, statutory_days=45,
                  status=CaseStatus.IN_REVIEW),
        # 10 working days: 14 December 2026, a year the calendar knows.
        make_case(3, accepted_at=ACCEPTED, promised_days=10, status=CaseStatus.IN_REVIEW),
    ])
    store.apply_confirmed([make_task(n, case=n, department=ME, status=TaskStatus.IN_REVIEW)
                           for n in (1, 2, 3)])
    rows = {r["case_code"]: r for r in case_view.inbox_rows(store, ME)}
    assert rows[case_code(1)]["case_due"] == rows[case_code(2)]["case_due"] == "2027-01-04"
    assert [rows[case_code(n)]["case_provisional"] for n in (1, 2, 3)] == [True, True, False]
    table = {line.split()[0]: line for line in case_view.inbox_table(store, ME, "zh")[1:]}
    assert "2027-01-04 · 剩余 23 个工作日 · 临时工作日历" in table[case_code(1)]
    assert "临时工作日历" not in table[case_code(3)]
