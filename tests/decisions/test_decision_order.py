"""A decision in its place in the procedure (逆程序 refused, 11.3 b).

A grant, refusal or escalation decides on every department's review (9.5.4.1):
submitted and sealed only on a case in ``deciding``, issued only once its seal
moved the case on. A refusal of acceptance (不予受理) is the exception, but has
its own limit: five working days after acceptance (9.3.3; 行政许可法 Art. 32).
An escalation is reported within the time limit (9.5.4.3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from backoffice import messages
from backoffice.domain.decisions import case_after_seal, check_decision, check_issue
from backoffice.domain.errors import DomainError, IllegalTransition
from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    ReviewTask,
)
from backoffice.domain.states import CaseStatus, TaskStatus

CST = dt.timezone(dt.timedelta(hours=8))
CASE = Case("220100-ORDER-0001", "ITEM", "食品经营许可证核发", Applicant("张三（虚构）", "X"),
            "SCJG", CaseKind.PROMISED, CaseStatus.ROUTED, dt.datetime(2025, 3, 3, 9, tzinfo=CST),
            10, 20, platform_due_date=dt.date(2025, 3, 17))
DEPARTMENTS = ("SCJG", "WSJK", "XFJG", "ZJJ")
MERITS = [DecisionKind.GRANT, DecisionKind.REFUSE, DecisionKind.ESCALATE]


def _tasks(*statuses: TaskStatus) -> list[ReviewTask]:
    return [ReviewTask(f"t{i}", CASE.case_code, code, status, 6)
            for i, (code, status) in enumerate(zip(DEPARTMENTS, statuses, strict=False))]


def _decision(kind: DecisionKind, status: DecisionStatus = DecisionStatus.SUBMITTED,
              **fields: object) -> Decision:
    text = {"reasons": "场所不符合要求", "legal_basis": "《行政许可法》第三十八条",
            "report_by": dt.date(2025, 3, 14) if kind == DecisionKind.ESCALATE else None}
    return Decision("d1", CASE.case_code, "SCJG", kind, status, joint=False,
                    **{**text, **fields})  # type: ignore[arg-type]


def _blocking(decision: Decision, case: Case, tasks: list[ReviewTask], *,
              today: dt.date = dt.date(2025, 3, 5), for_seal: bool = False) -> list[str]:
    return [f.code for f in check_decision(decision, case, tasks=tasks, today=today,
                                           for_seal=for_seal) if f.blocking]


@pytest.mark.parametrize("kind", MERITS)
def test_a_decision_on_the_merits_waits_for_every_department_s_opinion(
        kind: DecisionKind) -> None:
    tasks = _tasks(*[TaskStatus.UNCLAIMED] * 4)
    # Not joint, on a just-routed case: still nobody's review to decide on.
    found = check_decision(_decision(kind), CASE, tasks=tasks, today=dt.date(2025, 3, 5))
    [waiting] = [f for f in found if f.code == "decision.opinions_pending"]
    assert waiting.blocking
    assert waiting.params["departments"] == ("SCJG", "WSJK", "XFJG", "ZJJ")
    # Listed as each language lists: commas in English, 、 in Chinese.
    assert "SCJG, WSJK, XFJG, ZJJ" in messages.render_code(waiting.code, waiting.params, "en")
    assert "部门 SCJG、WSJK、XFJG、ZJJ 尚未" in messages.render_code(waiting.code,
                                                                 waiting.params, "zh")
    assert "已按责转办" in messages.render_code(waiting.code, waiting.params, "zh")
    assert "decision.opinions_pending" in _blocking(_decision(kind), CASE, tasks, for_seal=True)
    # As the seal checks it: the decision carries its new status already.
    being_sealed = _decision(kind, DecisionStatus.SEALED)
    assert "decision.opinions_pending" in _blocking(being_sealed, CASE, tasks, for_seal=True)
    # A draft may be prepared meanwhile: said, but not in its way.
    draft = _decision(kind, DecisionStatus.DRAFT)
    assert "decision.opinions_pending" not in _blocking(draft, CASE, tasks)
    # One department still reviewing on a case back in review: named alone.
    some = _tasks(TaskStatus.OPINION_GIVEN, TaskStatus.IN_REVIEW, TaskStatus.OPINION_GIVEN,
                  TaskStatus.TRANSFERRED)
    in_review = replace(CASE, status=CaseStatus.IN_REVIEW)
    [waiting] = [f for f in check_decision(_decision(kind), in_review, tasks=some,
                                           today=dt.date(2025, 3, 5))
                 if f.code == "decision.opinions_pending"]
    assert waiting.params["departments"] == ("WSJK",)


@pytest.mark.parametrize("kind", MERITS)
def test_once_every_opinion_is_in_the_decision_goes_on(kind: DecisionKind) -> None:
    tasks = _tasks(TaskStatus.OPINION_GIVEN, TaskStatus.OPINION_GIVEN, TaskStatus.WITHDRAWN)
    deciding = replace(CASE, status=CaseStatus.DECIDING)
    assert _blocking(_decision(kind), deciding, tasks, for_seal=True) == []
    after = case_after_seal(_decision(kind), deciding)
    assert after.status == (CaseStatus.REPORTED if kind == DecisionKind.ESCALATE
                            else CaseStatus.DECIDED)
    check_issue(_decision(kind, DecisionStatus.SEALED), after)


def test_a_case_not_yet_deciding_without_tasks_is_said_so() -> None:
    accepted = replace(CASE, status=CaseStatus.ACCEPTED)
    assert _blocking(_decision(DecisionKind.GRANT), accepted, []) == ["decision.case_not_deciding"]


@pytest.mark.parametrize("kind", MERITS)
def test_a_seal_out_of_order_is_refused_not_left_unrecorded(kind: DecisionKind) -> None:
    with pytest.raises(IllegalTransition) as refused:
        case_after_seal(_decision(kind), CASE)
    assert refused.value.params["current"] == "routed"
    # And a decision sealed so before this rule never reaches the applicant.
    with pytest.raises(DomainError) as not_issued:
        check_issue(_decision(kind, DecisionStatus.SEALED), CASE)
    assert not_issued.value.code == "decision.case_not_decided"
    assert "routed" in messages.render(not_issued.value, "en")


def test_a_refusal_of_acceptance_ends_the_case_without_opinions() -> None:
    refusal = _decision(DecisionKind.REFUSE_ACCEPTANCE)
    tasks = _tasks(*[TaskStatus.UNCLAIMED] * 4)
    assert _blocking(refusal, CASE, tasks, for_seal=True) == []
    ended = case_after_seal(refusal, CASE)
    assert ended.status == CaseStatus.NOT_ACCEPTED
    check_issue(replace(refusal, status=DecisionStatus.SEALED), ended)
    check_issue(replace(refusal, status=DecisionStatus.SEALED), ended.apply("archive"))


@pytest.mark.parametrize(("today", "refused"), [
    (dt.date(2025, 2, 7), False),  # the 5th working day: 1-26 (a Sunday worked), 1-27, 2-5 … 2-7
    (dt.date(2025, 2, 8), True),  # the 6th (a Saturday worked)
    (dt.date(2025, 2, 20), True),
])
def test_a_refusal_of_acceptance_only_within_five_working_days(
        today: dt.date, refused: bool) -> None:
    case = replace(CASE, status=CaseStatus.IN_REVIEW,
                   accepted_at=dt.datetime(2025, 1, 24, 16, tzinfo=CST))
    found = [f for f in check_decision(_decision(DecisionKind.REFUSE_ACCEPTANCE), case,
                                       today=today) if f.blocking]
    assert [f.code for f in found] == (["decision.acceptance_period_over"] if refused else [])
    if refused:
        params = found[0].params
        assert (params["accepted_on"], params["last_day"]) == ("2025-01-24", "2025-02-07")
        assert "不予许可" in messages.render_code(found[0].code, params, "zh")
        assert "refuse the licence" in messages.render_code(found[0].code, params, "en")


def test_acceptance_days_are_counted_in_beijing() -> None:
    # Accepted 2025-03-03 00:30 in Beijing is 03-02 in UTC: counted from 03-03.
    case = replace(CASE, accepted_at=dt.datetime(2025, 3, 2, 16, 30, tzinfo=dt.UTC))
    refusal = _decision(DecisionKind.REFUSE_ACCEPTANCE)
    assert _blocking(refusal, case, [], today=dt.date(2025, 3, 10)) == []
    assert _blocking(refusal, case, [], today=dt.date(2025, 3, 11)) == \
        ["decision.acceptance_period_over"]


@pytest.mark.parametrize(("report_by", "today", "outside"), [
    (dt.date(2025, 3, 17), dt.date(2025, 3, 5), False),  # the deadline itself
    (dt.date(2025, 3, 3), dt.date(2025, 3, 5), False),  # the day of acceptance
    (dt.date(2025, 12, 31), dt.date(2025, 3, 5), True),  # after the deadline
    (dt.date(2025, 3, 18), dt.date(2025, 3, 5), True),
    (dt.date(2025, 1, 1), dt.date(2025, 3, 5), True),  # before acceptance
    (dt.date(2025, 3, 20), dt.date(2025, 3, 20), False),  # overdue: reported at once
    (dt.date(2025, 3, 21), dt.date(2025, 3, 20), True),
])
def test_an_escalation_is_reported_within_the_time_limit(
        report_by: dt.date, today: dt.date, outside: bool) -> None:
    deciding = replace(CASE, status=CaseStatus.DECIDING)
    escalation = _decision(DecisionKind.ESCALATE, report_by=report_by,
                           overdue_reason="专家评审耗时")
    found = [f for f in check_decision(escalation, deciding, today=today) if f.blocking]
    assert [f.code for f in found] == (["decision.report_by_outside"] if outside else [])
    if outside:
        text = messages.render_code(found[0].code, found[0].params, "en")
        assert report_by.isoformat() in text and "2025-03-03" in text
