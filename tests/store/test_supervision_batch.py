"""The efficiency figures read the cases' clocks in batches, not case by case.

Asked one case at a time (four statements each), a year of a store of
3,000 cases took a minute and 20,000 cases over five. The number of
statements must not grow with the number of late, overdue or stepped cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from store_factories import case_code, make_case, make_task
from supervision_factories import LEAD, MARCH, TODAY, D, at, decision

from backoffice.domain.model import DecisionKind, SpecialProcedure, SpecialProcedureKind
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.supervision import Efficiency, efficiency


def _seed(store: Store, count: int) -> None:
    """``count`` cases of each kind: completed late, escalated late, open overdue, step overdue."""
    cases, later = [], []
    for i in range(count):
        late, escalated, open_, stepped = (4 * i + k + 1 for k in range(4))
        # Accepted Mon 3 March, ten working days: due Mon 17 March.
        for n in (late, escalated):
            cases.append(make_case(n, accepted_at=at(D(2025, 3, 3)), status=CaseStatus.DECIDED,
                                   promised_days=10))
        cases.append(make_case(open_, accepted_at=at(D(2025, 2, 3)), promised_days=10))
        cases.append(make_case(stepped, accepted_at=at(D(2025, 3, 3)), promised_days=10,
                               lead_department="FIRE-220100"))
        later += [
            decision(late, D(2025, 3, 20), reason=f"理由{i}（虚构）"),
            decision(escalated, D(2025, 3, 20), kind=DecisionKind.ESCALATE, reasons=""),
            make_task(stepped, case=stepped, department=LEAD, status=TaskStatus.IN_REVIEW,
                      step_due_date=D(2025, 3, 6)),
            # A stop that ended: read with the clock, and the late days count it.
            SpecialProcedure(f"sp-{late}", case_code(late), SpecialProcedureKind.TESTING,
                             D(2025, 3, 5), D(2025, 3, 6), D(2025, 3, 5), version=1),
        ]
    store.apply_confirmed(cases)
    store.apply_confirmed(later)


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    engine = store.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _read(store: Store) -> tuple[Efficiency, int]:
    with _statements(store) as seen:
        found = efficiency(store, LEAD, MARCH, today=TODAY)
    return found, len(seen)


def test_the_statements_do_not_grow_with_the_cases(store: Store) -> None:
    _seed(store, 2)
    few, few_statements = _read(store)
    assert (len(few.late), len(few.late_escalations), len(few.overdue_open),
            len(few.overdue_steps)) == (2, 2, 2, 2)

    bigger = Store.open(store.path.with_name("bigger.sqlite3"))
    try:
        _seed(bigger, 30)
        many, many_statements = _read(bigger)
    finally:
        bigger.close()
    assert (len(many.late), len(many.late_escalations), len(many.overdue_open),
            len(many.overdue_steps)) == (30, 30, 30, 30)
    assert many_statements == few_statements
    # The batch reads give what the case-by-case ones gave.
    first = many.late[0]
    assert first.overdue_reason == "理由0（虚构）"
    # Due 19 March with the two days of testing (Wed 5, Thu 6); sealed on the 20th.
    assert (first.due_date, first.working_days_late) == (D(2025, 3, 19), 1)
