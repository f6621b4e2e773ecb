"""The efficiency figures (12.3.4) from a real store file, written through its repositories.

March 2025, department MSA-220100, the default work calendar (``supervision_factories``).
"""

from __future__ import annotations

import dataclasses

import pytest
from store_factories import case_code, make_case, make_task
from supervision_factories import LEAD, MARCH, TODAY, D, at, decision

from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import (
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.supervision import Period, Rate, efficiency


def _done(n: int, accepted: D, decided: D, *, case_kind: CaseKind = CaseKind.PROMISED,
          promised: int = 10, **decided_as: object) -> tuple[Case, Decision]:
    case = make_case(n, accepted_at=at(accepted), kind=case_kind, status=CaseStatus.DECIDED,
                     promised_days=promised)
    return case, decision(n, decided, **decided_as)  # type: ignore[arg-type]


def _seed(store: Store, *pairs: tuple[Case, Decision]) -> None:
    store.apply_confirmed([c for c, _ in pairs])
    store.apply_confirmed([d for _, d in pairs])


def _due(store: Store, n: int) -> D | None:
    with store.read() as uow:
        found = uow.cases.deadline(case_code(n), on=TODAY)
    return None if found is None else found.due


def test_rates_and_the_late_list(store: Store) -> None:
    _seed(
        store,
        # accepted Mon 3 March, ten working days: due Mon 17 March
        _done(1, D(2025, 3, 3), D(2025, 3, 14)),
        _done(2, D(2025, 3, 3), D(2025, 3, 19), reason="专家论证材料迟交（虚构）"),
        _done(3, D(2025, 3, 5), D(2025, 3, 5), case_kind=CaseKind.IMMEDIATE, promised=0),
        # refusal of acceptance: completes the case too
        _done(4, D(2025, 3, 6), D(2025, 3, 7), kind=DecisionKind.REFUSE_ACCEPTANCE,
              status=DecisionStatus.ISSUED),
    )
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    # The refusal of acceptance was not accepted: counted apart, not in the ratio.
    assert (found.accepted, found.immediate, found.refused) == (3, 1, 1)
    assert found.immediate_ratio == Rate(1, 3)
    assert (found.completed, found.on_time) == (4, 3)
    assert found.on_time_rate.value == 0.75
    assert found.on_time_rate.words("en") == "75.0% (3/4)"
    (late,) = found.late
    assert (late.case_code, late.due_date, late.completed_on) == (
        case_code(2), D(2025, 3, 17), D(2025, 3, 19))
    assert late.working_days_late == 2  # Tue 18 and Wed 19
    assert late.overdue_reason == "专家论证材料迟交（虚构）"


def test_an_immediate_case_completed_the_next_day_is_late(store: Store) -> None:
    # Done on the spot (6.6 a), whatever days the catalog entry promises.
    _seed(store, _done(1, D(2025, 3, 4), D(2025, 3, 5), case_kind=CaseKind.IMMEDIATE,
                       promised=1))
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    (late,) = found.late
    assert (late.due_date, late.working_days_late) == (D(2025, 3, 4), 1)
    assert found.on_time_rate == Rate(0, 1)


def test_a_suspended_case_completed_before_its_extended_date_is_on_time(store: Store) -> None:
    # Due 17 March without the stop; testing ran Wed 5 .. Tue 11 (five working days).
    _seed(store, _done(1, D(2025, 3, 3), D(2025, 3, 21)), _done(2, D(2025, 3, 3), D(2025, 3, 25)))
    store.apply_confirmed([
        SpecialProcedure(f"sp-{n}", case_code(n), SpecialProcedureKind.TESTING, D(2025, 3, 5),
                         D(2025, 3, 11), D(2025, 3, 5), version=1) for n in (1, 2)])
    assert _due(store, 1) == D(2025, 3, 24)
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert [x.case_code for x in found.late] == [case_code(2)]  # one day after the 24th
    assert found.late[0].working_days_late == 1
    assert found.on_time_rate == Rate(1, 2)


def test_the_period_includes_both_ends_in_beijing_time(store: Store) -> None:
    edges = [(1, at(D(2025, 2, 28), 23, 59)), (2, at(D(2025, 3, 1), 0, 0)),
             (3, at(D(2025, 3, 31), 23, 59)), (4, at(D(2025, 4, 1), 0, 0))]
    store.apply_confirmed([make_case(n, accepted_at=when, status=CaseStatus.ARCHIVED)
                           for n, when in edges])
    # completed on the last day before, the first, the last and the first after the period
    store.apply_confirmed([decision(n, on, status=DecisionStatus.ISSUED) for n, on in (
        (1, D(2025, 2, 28)), (2, D(2025, 3, 1)), (3, D(2025, 3, 31)), (4, D(2025, 4, 1)))])
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert found.accepted == 2
    assert found.completed == 2


def test_other_departments_escalations_and_unsealed_decisions_do_not_count(
        store: Store) -> None:
    other = make_case(1, accepted_at=at(D(2025, 3, 3)), lead_department="FIRE-220100")
    store.apply_confirmed([other, *(make_case(n, accepted_at=at(D(2025, 3, 3)))
                                    for n in (2, 3, 4))])
    store.apply_confirmed([
        decision(1, D(2025, 3, 10), department="FIRE-220100"),
        decision(2, D(2025, 3, 10), kind=DecisionKind.ESCALATE),
        decision(3, D(2025, 3, 10), status=DecisionStatus.SUBMITTED),
        # a second sealed decision on the same case: completed once, on the first
        decision(4, D(2025, 3, 10)),
        dataclasses.replace(decision(4, D(2025, 3, 12)), id="decision-4b"),
    ])
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert (found.accepted, found.completed) == (3, 1)


def test_no_cases_is_no_rate(store: Store) -> None:
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert found.immediate_ratio.value is None and found.on_time_rate.value is None
    assert found.on_time_rate.words("en") == "no cases"
    assert found.on_time_rate.words("zh") == "无办件"
    data = found.as_json("en")
    assert data["on_time_rate"] == {"part": 0, "whole": 0, "value": None, "no_cases": True}
    assert {x["metric"] for x in data["not_available"]} == {
        "online_completion_rate", "acceptance_concentration", "steps_completed_late",
        "out_of_order_handling"}


def test_open_cases_overdue_today_follow_the_deadline_rule(store: Store) -> None:
    # Accepted Mon 3 Feb, due 17 Feb: overdue on 3 March unless its clock stands still.
    store.apply_confirmed([make_case(n, accepted_at=at(D(2025, 2, 3))) for n in (1, 2, 3)])
    store.apply_confirmed([
        make_case(3, accepted_at=at(D(2025, 2, 3)), status=CaseStatus.ISSUED),
        SpecialProcedure("sp-2", case_code(2), SpecialProcedureKind.HEARING, D(2025, 2, 10),
                         None, D(2025, 2, 10), version=1)])
    found = efficiency(store, LEAD, MARCH, today=D(2025, 3, 3))
    (overdue,) = found.overdue_open
    assert (overdue.case_code, overdue.due_date) == (case_code(1), D(2025, 2, 17))
    assert overdue.working_days_late == 10  # 18 Feb .. 3 March


@pytest.mark.parametrize(("start", "end", "code"), [
    ("2025-02-30", None, "efficiency.bad_date"),
    ("yesterday", None, "efficiency.bad_date"),
    ("2025-03-10", "2025-03-09", "efficiency.bad_period"),
    # Days with no instant after them or in UTC: refused, not an OverflowError.
    ("2025-03-01", "9999-12-31", "efficiency.date_out_of_range"),
    ("0001-01-01", "2025-01-01", "efficiency.date_out_of_range"),
])
def test_bad_periods_are_refused_with_a_code(start: str, end: str | None, code: str) -> None:
    with pytest.raises(BackofficeError) as refused:
        Period.parse(start, end, today=D(2025, 3, 15))
    assert refused.value.code == code


def test_the_default_period_is_the_current_month() -> None:
    assert Period.parse(None, None, today=D(2024, 2, 10)) == Period(D(2024, 2, 1), D(2024, 2, 29))


@pytest.mark.parametrize(("start", "end", "period"), [
    # One end alone keeps to the month of the day given, not today's month.
    (None, "2026-11-30", Period(D(2026, 11, 1), D(2026, 11, 30))),
    (None, "2026-11-17", Period(D(2026, 11, 1), D(2026, 11, 17))),
    ("2027-01-01", None, Period(D(2027, 1, 1), D(2027, 1, 31))),
    ("2026-12-05", None, Period(D(2026, 12, 5), D(2026, 12, 31))),
])
def test_one_end_alone_keeps_to_its_own_month(start: str | None, end: str | None,
                                              period: Period) -> None:
    assert Period.parse(start, end, today=D(2026, 12, 1)) == period


def test_a_late_escalation_is_counted_and_listed(store: Store) -> None:
    """9.5.4.3: reported within the promised time; sealed after the deadline is 超时限."""
    _seed(
        store,
        # accepted Mon 3 March, ten working days: due Mon 17 March
        _done(1, D(2025, 3, 3), D(2025, 3, 14), kind=DecisionKind.ESCALATE,
              case_kind=CaseKind.ESCALATED),
        _done(2, D(2025, 3, 3), D(2025, 3, 18), kind=DecisionKind.ESCALATE,
              case_kind=CaseKind.ESCALATED, reason="上级部门材料要求变更（虚构）"),
        _done(3, D(2025, 3, 3), D(2025, 3, 20), kind=DecisionKind.ESCALATE,
              status=DecisionStatus.SUBMITTED),  # not sealed: not reported yet
    )
    found = efficiency(store, LEAD, MARCH, today=TODAY)
    assert found.completed == 0  # the upper-level authority decides
    assert found.escalated == 2
    (late,) = found.late_escalations
    assert (late.case_code, late.due_date, late.reported_on, late.working_days_late) == (
        case_code(2), D(2025, 3, 17), D(2025, 3, 18), 1)
    assert late.overdue_reason == "上级部门材料要求变更（虚构）"
    data = found.as_json("en")
    assert (data["escalated"], data["escalated_late"]) == (2, 1)
    assert data["late_escalations"][0]["reported_on"] == "2025-03-18"


def test_the_departments_own_overdue_steps_count_on_cases_it_does_not_lead(
        store: Store) -> None:
    """An overrun of one department's step counts even when the case is in time."""
    store.apply_confirmed([
        make_case(1, accepted_at=at(D(2025, 3, 3)), lead_department="FIRE-220100"),
        make_case(2, accepted_at=at(D(2025, 3, 3)), lead_department="FIRE-220100"),
        make_case(3, accepted_at=at(D(2025, 3, 3)), lead_department="FIRE-220100",
                  status=CaseStatus.ISSUED),
    ])
    store.apply_confirmed([
        # Our step of 3 working days on case 1: due Thu 6 March, still open on Mon 10.
        make_task(1, case=1, department=LEAD, status=TaskStatus.IN_REVIEW,
                  step_due_date=D(2025, 3, 6)),
        make_task(2, case=1, department="FIRE-220100", step_due_date=D(2025, 3, 6)),
        # Given in time or not, a given opinion's step is done; an ended case's too.
        make_task(3, case=2, department=LEAD, status=TaskStatus.OPINION_GIVEN,
                  step_due_date=D(2025, 3, 6)),
        make_task(4, case=3, department=LEAD, step_due_date=D(2025, 3, 6)),
    ])
    found = efficiency(store, LEAD, MARCH, today=D(2025, 3, 10))
    assert found.overdue_open == ()  # the cases themselves are in time, and not ours
    (step,) = found.overdue_steps
    assert (step.case_code, step.lead_department, step.status, step.step_due_date) == (
        case_code(1), "FIRE-220100", "in_review", D(2025, 3, 6))
    assert step.working_days_late == 2  # Fri 7 and Mon 10
    assert found.as_json("en")["overdue_steps"][0]["step_due_date"] == "2025-03-06"
