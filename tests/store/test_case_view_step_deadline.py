"""``backoffice tasks --json``: the step's deadline state beside the case's.

A department's step can be late while the case is in time (PRODUCT.md: an
overrun of one department's step counts even so); a script reading the
JSON saw only the case's state.
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


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    # A Wednesday with no holiday near it: the counts below are plain weekdays.
    day = dt.date(2025, 3, 19)
    monkeypatch.setattr(clock, "today", lambda now=None: day)
    return day


def test_the_step_state_is_beside_the_cases(store: Store, today: dt.date) -> None:
    accepted = dt.datetime(2025, 3, 10, 9, tzinfo=SHANGHAI)  # Mon: the case is due 24 March
    store.apply_confirmed([make_case(n, accepted_at=accepted, status=CaseStatus.IN_REVIEW)
                           for n in (1, 2, 3)])
    store.apply_confirmed([
        # Our step was due Mon 17 March: 2 working days late on Wed 19, the case in time.
        make_task(1, case=1, department=ME, status=TaskStatus.IN_REVIEW,
                  step_due_date=dt.date(2025, 3, 17)),
        # The opinion given: the step's date is history.
        make_task(2, case=2, department=ME, status=TaskStatus.OPINION_GIVEN,
                  step_due_date=dt.date(2025, 3, 17)),
        make_task(3, case=3, department=ME, status=TaskStatus.UNCLAIMED),  # no step date
    ])
    rows = {r["case_code"]: r for r in case_view.inbox_rows(store, ME, every_status=True)}
    late = rows[case_code(1)]
    assert (late["remaining"], late["level"]) == (3, "normal")  # the case: in time
    assert (late["step_remaining"], late["step_level"], late["step_done"]) == (
        -2, "overdue", False)
    done = rows[case_code(2)]
    assert (done["step_level"], done["step_done"]) == ("overdue", True)
    none = rows[case_code(3)]
    assert (none["step_remaining"], none["step_level"], none["step_done"]) == (None, None, False)
    # The keys scripts already read are kept.
    assert {"case_code", "task_id", "status", "assignee", "step_due", "case_due", "remaining",
            "level", "case_ended", "service_item_name", "applicant_name"} <= set(late)
