"""Refusals of acceptance are not accepted cases; a stop begun after the deadline stops nothing.

March 2025, department MSA-220100, the default work calendar.
"""

from __future__ import annotations

from store_factories import case_code, make_case
from supervision_factories import LEAD, MARCH, TODAY, D, at, decision

from backoffice.domain.model import (
    CaseKind,
    DecisionKind,
    DecisionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CaseStatus
from backoffice.store import Store
from backoffice.supervision import Rate, efficiency


def test_a_refusal_of_acceptance_is_counted_apart_not_as_accepted(store: Store) -> None:
    store.apply_confirmed([
        make_case(1, accepted_at=at(D(2025, 3, 3)), kind=CaseKind.IMMEDIATE, promised_days=0,
                  status=CaseStatus.ISSUED),
        make_case(2, accepted_at=at(D(2025, 3, 3)), status=CaseStatus.IN_REVIEW),
        # 不予受理: still so, and archived since (only its sealed refusal says so now).
        make_case(3, accepted_at=at(D(2025, 3, 4)), kind=CaseKind.IMMEDIATE, promised_days=0,
                  status=CaseStatus.NOT_ACCEPTED),
        make_case(4, accepted_at=at(D(2025, 3, 4)), status=CaseStatus.ARCHIVED),
    ])
    store.apply_confirmed([
        decision(n, D(2025, 3, 4), kind=DecisionKind.REFUSE_ACCEPTANCE,
                 status=DecisionStatus.ISSUED, reasons="不属于本部门职权范围（虚构）",
                 legal_basis="《行政许可法》第三十二条")
        for n in (3, 4)])
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert (found.accepted, found.immediate, found.refused) == (2, 1, 2)
    assert found.immediate_ratio == Rate(1, 2)
    assert found.immediate_ratio.words("en") == "50.0% (1/2)"  # no space before %
    assert found.as_json("en")["refused_acceptance"] == 2


def test_a_stop_begun_after_the_deadline_leaves_the_case_overdue_and_says_why(
        store: Store) -> None:
    # Accepted Mon 3 Feb, ten working days: due Mon 17 Feb.
    store.apply_confirmed([
        make_case(1, accepted_at=at(D(2025, 2, 3)), status=CaseStatus.SUSPENDED),
        make_case(2, accepted_at=at(D(2025, 2, 3)), status=CaseStatus.SUSPENDED),
    ])
    store.apply_confirmed([
        # Begun by the deadline: the clock stands still, not overdue.
        SpecialProcedure("sp-1", case_code(1), SpecialProcedureKind.HEARING, D(2025, 2, 14),
                         None, D(2025, 2, 14), version=1),
        # Begun after it: stops nothing (docs/deadlines.md), overdue all along.
        SpecialProcedure("sp-2", case_code(2), SpecialProcedureKind.HEARING, D(2025, 2, 20),
                         None, D(2025, 2, 20), version=1),
    ])
    found = efficiency(store, LEAD, MARCH, today=D(2025, 3, 3))
    (overdue,) = found.overdue_open
    assert (overdue.case_code, overdue.status, overdue.due_date) == (
        case_code(2), "suspended", D(2025, 2, 17))
    assert overdue.stopped_late_on == D(2025, 2, 20)
    assert overdue.working_days_late == 10  # 18 Feb .. 3 March: the stop does not count
    assert found.as_json("en")["overdue_open"][0]["stopped_late_on"] == "2025-02-20"
