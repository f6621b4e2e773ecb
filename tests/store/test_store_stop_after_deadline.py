"""A stop that began after the deadline does not shorten the delay (行政许可法 Art. 45).

QA: a case due 17 November had an expert review from 23 to 27 November; the
case column, the efficiency figures and the late completions said 2 working
days late where 7 had passed. Art. 45 stops a period still running: the
days late count on through a stop begun after it, in every caller of the
shared ``deadlines.remaining_working_days``.
"""

from __future__ import annotations

from store_factories import case_code, make_case
from supervision_factories import LEAD, MARCH, TODAY, D, at, decision

from backoffice.domain.model import SpecialProcedure, SpecialProcedureKind
from backoffice.domain.states import CaseStatus
from backoffice.store import Store
from backoffice.supervision import efficiency

# Accepted Mon 3 March 2025, ten working days: due Mon 17 March.
ACCEPTED = at(D(2025, 3, 3))
DUE = D(2025, 3, 17)
# Testing Wed 19 .. Fri 21 March, begun after the deadline.
AFTER = SpecialProcedure("sp-1", case_code(1), SpecialProcedureKind.TESTING, D(2025, 3, 19),
                         D(2025, 3, 21), D(2025, 3, 19), version=1)
SEVEN_LATE = D(2025, 3, 26)  # 18, 19, 20, 21, 24, 25, 26


def test_the_case_column_counts_every_working_day_late(store: Store) -> None:
    store.apply_confirmed([make_case(1, accepted_at=ACCEPTED, promised_days=10)])
    store.apply_confirmed([AFTER])
    with store.read() as uow:
        found = uow.cases.deadline(case_code(1), on=SEVEN_LATE)
    assert found is not None and found.due == DUE
    assert found.status.remaining == -7


def test_a_late_completion_counts_every_working_day_late(store: Store) -> None:
    store.apply_confirmed([make_case(1, accepted_at=ACCEPTED, promised_days=10,
                                     status=CaseStatus.DECIDED)])
    store.apply_confirmed([AFTER, decision(1, SEVEN_LATE, reason="检验超期（虚构）")])
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    (late,) = found.late
    assert (late.due_date, late.completed_on, late.working_days_late) == (DUE, SEVEN_LATE, 7)
