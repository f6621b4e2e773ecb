"""Validation rules of the domain model: what a record may not be."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backoffice import messages
from backoffice.domain.errors import DomainError, IllegalTransition
from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Decision,
    DecisionKind,
    DeferredMaterial,
    Extension,
    Inspection,
    Material,
    ReviewTask,
    ServiceItem,
    SpecialProcedure,
    SpecialProcedureKind,
    Suspension,
    Verdict,
    draft_correction,
    ensure_one_time_notice,
)
from backoffice.domain.states import CaseStatus, TaskStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2025, 3, 3)


def _code(fn: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(DomainError) as err:
        fn(*args, **kwargs)
    return err.value.code


def _case(**changes: Any) -> Case:
    values: dict[str, Any] = {
        "case_code": "220100-2025-000001",
        "service_item_code": "SI-FOOD-01",
        "service_item_name": "食品经营许可证核发",
        "applicant": Applicant("王芳（虚构）", "220101199001010000"),
        "lead_department": "MSA-220100",
        "kind": CaseKind.PROMISED,
        "status": CaseStatus.ACCEPTED,
        "accepted_at": dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI),
        "promised_days": 10,
        "statutory_days": 20,
    }
    values.update(changes)
    return Case(**values)


def _task(**changes: Any) -> ReviewTask:
    values: dict[str, Any] = {
        "id": "T-1",
        "case_code": "220100-2025-000001",
        "department_code": "MSA",
        "status": TaskStatus.UNCLAIMED,
        "step_days": 5,
    }
    values.update(changes)
    return ReviewTask(**values)


# --- service items and cases ------------------------------------------------


def test_service_item_promised_days_within_statutory() -> None:
    ServiceItem("S", "事项", "MSA", promised_days=20, statutory_days=20)
    assert (
        _code(ServiceItem, "S", "事项", "MSA", 21, 20) == "service_item.promised_exceeds_statutory"
    )
    assert (
        _code(ServiceItem, "S", "事项", "MSA", -1, 20) == "service_item.promised_exceeds_statutory"
    )


@pytest.mark.parametrize("code", ["12345", "220100 2025", "长春-000001", "a" * 65, "2201_00001"])
def test_case_code_format(code: str) -> None:
    assert _code(_case, case_code=code) == "case.bad_code"


def test_case_needs_an_aware_acceptance_time_and_sane_limits() -> None:
    assert _code(_case, accepted_at=dt.datetime(2025, 3, 3, 9)) == "case.naive_accepted_at"
    assert _code(_case, promised_days=21) == "case.promised_exceeds_statutory"
    with pytest.raises(DomainError) as err:
        _case(promised_days=30)
    assert err.value.params == {
        "case_code": "220100-2025-000001",
        "promised": 30,
        "statutory": 20,
    }


def test_case_apply_follows_the_state_machine() -> None:
    case = _case()
    routed = case.apply("route")
    assert routed.status == CaseStatus.ROUTED and case.status == CaseStatus.ACCEPTED
    with pytest.raises(IllegalTransition):
        case.apply("decide")


# --- materials ---------------------------------------------------------------


def test_a_failed_check_must_give_a_reason() -> None:
    assert _code(CheckVerdict, Check.LEGALITY, Verdict.FAIL) == "material.fail_without_reason"
    assert _code(CheckVerdict, Check.LEGALITY, Verdict.FAIL, "  ") == "material.fail_without_reason"
    CheckVerdict(Check.LEGALITY, Verdict.FAIL, "印章不清晰")
    CheckVerdict(Check.LEGALITY, Verdict.PASS)


def test_material_checks_are_unique() -> None:
    twice = (CheckVerdict(Check.LEGALITY), CheckVerdict(Check.LEGALITY, Verdict.PASS))
    assert _code(Material, "M", "C", "营业执照", "MSA", checks=twice) == "material.duplicate_check"


def test_material_starts_with_every_check_pending() -> None:
    m = Material("M", "C", "营业执照", "MSA")
    assert [c.check for c in m.checks] == list(Check)
    assert m.overall == Verdict.PENDING


def test_with_verdict_replaces_one_check_in_canonical_order() -> None:
    m = Material("M", "C", "营业执照", "MSA", checks=(CheckVerdict(Check.CONFORMITY),))
    m2 = m.with_verdict(CheckVerdict(Check.AUTHENTICITY, Verdict.PASS))
    assert [c.check for c in m2.checks] == [Check.AUTHENTICITY, Check.CONFORMITY]
    m3 = m2.with_verdict(CheckVerdict(Check.CONFORMITY, Verdict.PASS))
    assert m3.verdict(Check.CONFORMITY).verdict == Verdict.PASS
    assert m3.verdict(Check.LEGALITY) == CheckVerdict(Check.LEGALITY)  # absent: pending


@pytest.mark.parametrize(
    ("verdicts", "overall"),
    [
        ((Verdict.PASS, Verdict.PASS, Verdict.PASS), Verdict.PASS),
        ((Verdict.PASS, Verdict.NOT_APPLICABLE, Verdict.PASS), Verdict.PASS),
        ((Verdict.PASS, Verdict.PENDING, Verdict.PASS), Verdict.PENDING),
        ((Verdict.FAIL, Verdict.PENDING, Verdict.PASS), Verdict.FAIL),
        ((), Verdict.PENDING),
    ],
)
def test_overall_verdict(verdicts: tuple[Verdict, ...], overall: Verdict) -> None:
    checks = tuple(
        CheckVerdict(c, v, "原因" if v == Verdict.FAIL else "")
        for c, v in zip(Check, verdicts, strict=False)
    )
    assert Material("M", "C", "营业执照", "MSA", checks=checks).overall == overall


def test_deferred_material_due_and_outstanding() -> None:
    assert (
        _code(DeferredMaterial, "D", "C", "健康证明", "承诺", DAY, DAY - dt.timedelta(1))
        == "deferred.due_before_commitment"
    )
    d = DeferredMaterial("D", "C", "健康证明", "承诺", DAY, DAY + dt.timedelta(5))
    assert d.outstanding(DAY)
    supplied = dataclasses.replace(d, fulfilled_on=DAY + dt.timedelta(2))
    assert supplied.outstanding(DAY + dt.timedelta(1))
    assert not supplied.outstanding(DAY + dt.timedelta(2))


# --- review tasks --------------------------------------------------------------


def test_task_step_days_not_negative() -> None:
    assert _code(_task, step_days=-1) == "task.negative_step_days"


def test_claim_needs_an_assignee_and_release_and_transfer_clear_it() -> None:
    assert _code(_task().apply, "claim") == "task.claim_without_assignee"
    claimed = _task().apply("claim", assignee="wangfang")
    assert (claimed.status, claimed.assignee) == (TaskStatus.IN_REVIEW, "wangfang")
    assert claimed.apply("release").assignee is None
    assert claimed.apply("transfer").assignee is None
    assert claimed.apply("suspend").assignee == "wangfang"
    with pytest.raises(IllegalTransition):
        _task().apply("give_opinion")


# --- correction notices ----------------------------------------------------------


def test_correction_items_need_a_reason_and_notices_items() -> None:
    assert _code(CorrectionItem, "营业执照", "MSA", " ") == "correction.item_without_reason"
    CorrectionNotice("N", "C", ())  # a draft may start empty
    assert (
        _code(CorrectionNotice, "N", "C", (), CorrectionNoticeStatus.ISSUED)
        == "correction.empty_notice"
    )


def test_notices_combine_into_one_without_duplicates() -> None:
    a = CorrectionItem("营业执照", "MSA", "复印件不清晰")
    b = CorrectionItem("平面图", "FIRE", "未标注疏散通道")
    mine = CorrectionNotice("N1", "C", (a,))
    theirs = CorrectionNotice("N2", "C", (a, b))
    assert mine.combined_with(theirs).items == (a, b)
    assert (
        _code(mine.combined_with, CorrectionNotice("N3", "OTHER", (b,))) == "correction.other_case"
    )
    issued = CorrectionNotice("N1", "C", (a,), CorrectionNoticeStatus.ISSUED, issued_on=DAY)
    assert _code(issued.combined_with, theirs) == "correction.already_issued"


# --- the one-time notice rule (一次性告知, 6.9; 行政许可法 Art. 32) ------------------

PLAN = CorrectionItem("平面图", "FIRE", "未标注疏散通道")
LICENCE = CorrectionItem("营业执照", "MSA", "复印件不清晰")
HEALTH = CorrectionItem("健康证明", "HEALTH", "已过期")


def _issued(*items: CorrectionItem, answered: bool = False) -> CorrectionNotice:
    status = CorrectionNoticeStatus.ANSWERED if answered else CorrectionNoticeStatus.ISSUED
    return CorrectionNotice("N1", "C", items, status, issued_on=DAY)


def test_issue_sends_the_draft_once() -> None:
    issued = CorrectionNotice("N1", "C", (LICENCE,)).issue(DAY)
    assert (issued.status, issued.issued_on) == (CorrectionNoticeStatus.ISSUED, DAY)
    assert _code(issued.issue, DAY) == "correction.already_issued"
    assert _code(CorrectionNotice("N1", "C", ()).issue, DAY) == "correction.empty_notice"


@pytest.mark.parametrize("answered", [False, True])
def test_a_second_notice_is_refused(answered: bool) -> None:
    second = CorrectionNotice("N2", "C", (HEALTH,))
    with pytest.raises(DomainError) as err:
        second.issue(DAY + dt.timedelta(7), earlier=[_issued(LICENCE, answered=answered)])
    assert err.value.code == "correction.second_notice"
    assert err.value.params == {"case_code": "C", "issued_on": "2025-03-03"}


def test_other_cases_and_drafts_do_not_count_as_earlier_notices() -> None:
    other_case = CorrectionNotice("N9", "OTHER", (LICENCE,), CorrectionNoticeStatus.ISSUED, DAY)
    other_draft = CorrectionNotice("N8", "C", (PLAN,))
    draft = CorrectionNotice("N2", "C", (HEALTH,))
    ensure_one_time_notice([other_case, other_draft, draft], draft)


def test_a_defective_supplement_may_be_told_again_with_a_reason() -> None:
    # The exception: the applicant's answer to the first notice is itself defective.
    first = _issued(PLAN, LICENCE, answered=True)
    again = CorrectionNotice(
        "N2", "C", (CorrectionItem("平面图", "FIRE", "补正后仍未标注安全出口"),)
    )
    reason = "补正的平面图仍不符合要求"
    issued = again.issue(DAY + dt.timedelta(10), earlier=[first], second_notice_reason=reason)
    assert issued.status == CorrectionNoticeStatus.ISSUED
    # …never without a reason,
    assert _code(again.issue, DAY, earlier=[first], second_notice_reason=" ") == (
        "correction.second_notice"
    )
    # …never while the first notice is still out (the supplement is not in yet),
    assert _code(again.issue, DAY, earlier=[_issued(PLAN)], second_notice_reason=reason) == (
        "correction.second_notice"
    )
    # …and never for a material the first notice did not name: that is drip-feeding.
    with pytest.raises(DomainError) as err:
        CorrectionNotice("N2", "C", (HEALTH,)).issue(
            DAY, earlier=[first], second_notice_reason=reason
        )
    assert err.value.code == "correction.second_notice_new_material"
    assert err.value.params == {"case_code": "C", "material": "健康证明", "issued_on": "2025-03-03"}


def test_departments_items_go_into_the_one_draft() -> None:
    first = draft_correction([], "C", [LICENCE], new_id="N1")
    assert (first.id, first.items, first.status) == ("N1", (LICENCE,), CorrectionNoticeStatus.DRAFT)
    both = draft_correction([first], "C", [PLAN, LICENCE], new_id="N2")
    assert (both.id, both.items) == ("N1", (LICENCE, PLAN))  # the same draft, no duplicate
    # two drafts that reached us apart (e.g. from two workstations) are folded into one
    stray = CorrectionNotice("N3", "C", (HEALTH,))
    folded = draft_correction([both, stray], "C", [], new_id="N4")
    assert (folded.id, folded.items) == ("N1", (LICENCE, PLAN, HEALTH))


def test_no_new_draft_once_the_notice_is_out() -> None:
    assert _code(draft_correction, [_issued(LICENCE)], "C", [PLAN], new_id="N2") == (
        "correction.second_notice"
    )
    again = draft_correction(
        [_issued(PLAN, answered=True)],
        "C",
        [PLAN],
        new_id="N2",
        second_notice_reason="补正仍有缺陷",
    )
    assert again.id == "N2"


# --- time: special procedures, suspensions, extensions ---------------------------


def test_special_procedure_cannot_end_before_it_starts() -> None:
    with pytest.raises(DomainError) as err:
        SpecialProcedure("P", "C", SpecialProcedureKind.TESTING, DAY, DAY - dt.timedelta(1))
    assert err.value.code == "deadline.suspension_ends_before_start"
    assert err.value.params == {"start": "2025-03-03", "end": "2025-03-02"}
    SpecialProcedure("P", "C", SpecialProcedureKind.TESTING, DAY, DAY)  # one day is fine


def test_special_procedure_suspends_the_clock() -> None:
    p = SpecialProcedure("P", "C", SpecialProcedureKind.HEARING, DAY)
    assert p.suspension() == Suspension(DAY, None, reason="hearing")
    assert p.suspension().running
    ended = dataclasses.replace(p, ended_on=DAY + dt.timedelta(3)).suspension()
    assert not ended.running


def test_suspension_cannot_end_before_it_starts() -> None:
    assert _code(Suspension, DAY, DAY - dt.timedelta(1)) == "deadline.suspension_ends_before_start"


def test_extension_rules() -> None:
    assert _code(Extension, 0, "理由", "局长", DAY) == "deadline.extension_not_positive"
    assert _code(Extension, 10, " ", "局长", DAY) == "deadline.extension_reason_missing"
    assert _code(Extension, 10, "理由", "", DAY) == "deadline.extension_approver_missing"
    e = Extension(10, "理由", "局长", DAY, case_code="C", id="X-1")
    assert (e.id, e.version) == ("X-1", 0)


# --- inspections and decisions -----------------------------------------------------


def test_inspection_rules() -> None:
    at = dt.datetime(2025, 3, 5, 9, tzinfo=SHANGHAI)
    assert (
        _code(Inspection, "I", "C", "MSA", ("FIRE",), "地址") == "inspection.lead_not_participant"
    )
    assert (
        _code(Inspection, "I", "C", "MSA", ("MSA",), "地址", starts_at=at, ends_at=at)
        == "inspection.ends_before_start"
    )
    assert not Inspection("I", "C", "MSA", ("MSA",), "地址").joint
    with pytest.raises(DomainError) as err:
        Inspection("I", "C", "MSA", ("MSA", "FIRE", "MSA"), "地址")
    assert err.value.code == "inspection.duplicate_department"
    # Said by case and site, never the id; the record knows codes, not names.
    assert err.value.params == {"inspection": "I", "case_code": "C", "site": "地址", "slot": "",
                                "departments": ("MSA",), "department_codes": ("MSA",)}
    assert "办件 C 在 地址 的现场勘察" in messages.render(err.value, "zh")
    assert Inspection("I", "C", "MSA", ("MSA", "FIRE"), "地址").joint


@pytest.mark.parametrize("kind", [DecisionKind.REFUSE, DecisionKind.REFUSE_ACCEPTANCE])
def test_a_refusal_needs_reasons_and_legal_basis(kind: DecisionKind) -> None:
    assert _code(Decision, "D", "C", "MSA", kind) == "decision.refusal_without_reasons"
    assert (
        _code(Decision, "D", "C", "MSA", kind, reasons="不符合条件")
        == "decision.refusal_without_legal_basis"
    )
    Decision("D", "C", "MSA", kind, reasons="不符合条件", legal_basis="第十一条")


def test_an_escalation_needs_a_report_date() -> None:
    assert (
        _code(Decision, "D", "C", "MSA", DecisionKind.ESCALATE)
        == "decision.escalation_without_report_date"
    )
    Decision("D", "C", "MSA", DecisionKind.ESCALATE, report_by=DAY)
    Decision("D", "C", "MSA", DecisionKind.GRANT)


def test_entities_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _task().status = TaskStatus.IN_REVIEW  # type: ignore[misc]
