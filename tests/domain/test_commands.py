"""Commands as values, and applying them to tasks and materials (pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.commands import (
    COMMAND_ENTITIES,
    MATERIAL,
    REVIEW_TASK,
    UNKEPT_TARGET_KINDS,
    Command,
    apply_command,
    apply_to_material,
    apply_to_task,
    correction_draft,
)
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
    Extension,
    Material,
    ReviewTask,
    SpecialProcedure,
    SpecialProcedureKind,
    Verdict,
)
from backoffice.domain.states import TASK_MACHINE, CaseStatus, TaskStatus

NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


def make_case_in_review() -> Case:
    return Case("220100-2025-000001", "SI-1", "食品经营许可证核发",
                Applicant("王芳（虚构）", "220101199001010001"), "MSA-220100",
                CaseKind.PROMISED, CaseStatus.IN_REVIEW, NOW, 10, 20, version=1)
TASK_KINDS = sorted(k for k, e in COMMAND_ENTITIES.items() if e == REVIEW_TASK)

# A payload that makes each task command valid.
PAYLOADS: dict[str, dict[str, Any]] = {
    "task.claim": {"assignee": "wangfang"},
    "task.give_opinion": {"opinion": "同意"},
    "task.transfer": {"to_department": "FIRE-220100"},
    "task.request_correction": {
        "items": [{"material_name": "营业执照", "department_code": "MSA", "reason": "复印件不清晰"}]
    },
}


def _task(status: TaskStatus = TaskStatus.UNCLAIMED, assignee: str | None = None) -> ReviewTask:
    return ReviewTask("T-1", "220100-2025-000001", "MSA", status, 5, assignee=assignee, version=7)


def _material() -> Material:
    return Material("M-1", "220100-2025-000001", "营业执照", "MSA", version=3)


def _cmd(kind: str, payload: dict[str, Any] | None = None, entity_id: str = "T-1") -> Command:
    return Command.new(kind, entity_id, 7, payload if payload is not None else PAYLOADS.get(kind))


def _code(fn: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(DomainError) as err:
        fn(*args, **kwargs)
    return err.value.code


# --- the value object ------------------------------------------------------------


def test_new_fills_id_entity_and_time() -> None:
    c = Command.new("task.claim", "T-1", 7, {"assignee": "wangfang"})
    assert uuid.UUID(c.id).version == 4
    assert c.entity == REVIEW_TASK and c.entity_id == "T-1" and c.base_version == 7
    assert c.created_at.tzinfo is not None
    assert Command.new("task.claim", "T-1", 7).id != c.id
    assert Command.new("material.verdict", "M-1", 3, now=NOW).created_at == NOW


def test_commands_are_values() -> None:
    c = Command.new("task.claim", "T-1", 7, {"assignee": "wangfang"}, now=NOW)
    same = Command(c.id, c.kind, c.entity, c.entity_id, 7, NOW, {"assignee": "wangfang"})
    assert c == same and hash(c) == hash(same)
    with pytest.raises(AttributeError):
        c.kind = "task.release"  # type: ignore[misc]


def test_payload_is_copied_and_must_be_json() -> None:
    payload: dict[str, Any] = {"assignee": "wangfang", "tags": ("a", "b")}
    c = Command.new("task.claim", "T-1", 7, payload)
    payload["assignee"] = "someone else"
    assert c.payload == {"assignee": "wangfang", "tags": ["a", "b"]}
    assert _code(Command.new, "task.claim", "T-1", 7, {"x": {1, 2}}) == "command.payload_not_json"
    assert _code(Command.new, "task.claim", "T-1", 7, {"x": object()}) == "command.payload_not_json"


def test_malformed_commands() -> None:
    assert _code(Command.new, "task.approve", "T-1", 7) == "command.unknown_kind"
    assert _code(Command, "x", "task.claim", MATERIAL, "T-1", 7, NOW) == "command.wrong_entity"
    assert _code(Command, "x", "task.claim", REVIEW_TASK, "T-1", 7, NOW.replace(tzinfo=None)) == (
        "command.naive_created_at"
    )
    assert _code(Command, "", "task.claim", REVIEW_TASK, "T-1", 7, NOW) == "command.missing_id"
    assert _code(Command, "x", "task.claim", REVIEW_TASK, "", 7, NOW) == "command.missing_id"


# --- review-task commands ------------------------------------------------------------


def _source_of(kind: str) -> TaskStatus:
    action = kind.removeprefix("task.")
    return next(t.source for t in TASK_MACHINE.transitions if t.action == action)


@pytest.mark.parametrize("kind", TASK_KINDS)
def test_every_task_command_follows_the_state_machine(kind: str) -> None:
    task = _task(_source_of(kind), assignee="wangfang")
    result = apply_to_task(_cmd(kind), task)
    assert result.status == TASK_MACHINE.apply(task.status, kind.removeprefix("task."))
    assert result.version == task.version  # the base stays the confirmed version
    assert task.status == _source_of(kind)  # pure: the input is unchanged


def test_claim_sets_the_assignee_and_release_clears_it() -> None:
    claimed = apply_to_task(_cmd("task.claim"), _task())
    assert (claimed.status, claimed.assignee) == (TaskStatus.IN_REVIEW, "wangfang")
    released = apply_to_task(_cmd("task.release"), claimed)
    assert (released.status, released.assignee) == (TaskStatus.UNCLAIMED, None)
    transferred = apply_to_task(_cmd("task.transfer"), claimed)
    assert (transferred.status, transferred.assignee) == (TaskStatus.TRANSFERRED, None)


def test_give_opinion_records_the_opinion() -> None:
    claimed = _task(TaskStatus.IN_REVIEW, "wangfang")
    done = apply_to_task(_cmd("task.give_opinion", {"opinion": "同意办理"}), claimed)
    assert (done.status, done.opinion) == (TaskStatus.OPINION_GIVEN, "同意办理")


@pytest.mark.parametrize(
    ("kind", "payload", "field"),
    [
        ("task.claim", {}, "assignee"),
        ("task.claim", {"assignee": " "}, "assignee"),
        ("task.claim", {"assignee": 7}, "assignee"),
        ("task.give_opinion", {}, "opinion"),
        ("task.transfer", {}, "to_department"),
        ("task.request_correction", {"items": "营业执照"}, "items"),
        ("task.request_correction", {"items": ["营业执照"]}, "items"),
        ("task.request_correction", {"items": [{"material_name": "营业执照"}]}, "items"),
        # a one-time notice with nothing in it is no notice
        ("task.request_correction", {}, "items"),
        ("task.request_correction", {"items": []}, "items"),
        (
            "task.request_correction",
            {"items": [{"material_name": "营业执照", "department_code": "MSA"}]},
            "items",
        ),
        (
            "task.request_correction",
            {**PAYLOADS["task.request_correction"], "second_notice_reason": "  "},
            "second_notice_reason",
        ),
    ],
)
def test_bad_payloads(kind: str, payload: dict[str, Any], field: str) -> None:
    task = _task(_source_of(kind), "wangfang")
    with pytest.raises(DomainError) as err:
        apply_to_task(_cmd(kind, payload), task)
    assert err.value.code == "command.bad_payload"
    assert err.value.params == {"kind": kind, "field": field}


def test_a_correction_item_without_reason_is_refused() -> None:
    payload = {"items": [{"material_name": "营业执照", "department_code": "MSA", "reason": ""}]}
    task = _task(TaskStatus.IN_REVIEW, "wangfang")
    assert _code(apply_to_task, _cmd("task.request_correction", payload), task) == (
        "correction.item_without_reason"
    )


def test_the_reviewers_commands_are_the_task_actions_but_the_platforms() -> None:
    assert set(TASK_KINDS) == {
        "task.claim",
        "task.release",
        "task.request_correction",
        "task.give_opinion",
        "task.transfer",
        "task.suspend",
        "task.resume",
        "task.reopen",
    }


# --- the one-time notice behind task.request_correction ----------------------------

LICENCE = {"material_name": "营业执照", "department_code": "MSA", "reason": "复印件不清晰"}
PLAN = {"material_name": "平面图", "department_code": "FIRE", "reason": "未标注疏散通道"}
DAY = dt.date(2025, 3, 3)


def test_a_correction_request_goes_into_the_cases_one_draft() -> None:
    task = _task(TaskStatus.IN_REVIEW, "wangfang")
    fire = CorrectionNotice("N1", task.case_code, (CorrectionItem(**PLAN),))
    draft = correction_draft(_cmd("task.request_correction"), task, [fire], new_id="N2")
    assert draft.id == "N1"
    assert draft.items == (CorrectionItem(**PLAN), CorrectionItem(**LICENCE))
    first = correction_draft(_cmd("task.request_correction"), task, [], new_id="N2")
    assert (first.id, first.case_code) == ("N2", task.case_code)


def test_a_second_round_of_corrections_needs_the_reason_in_the_command() -> None:
    task = _task(TaskStatus.IN_REVIEW, "wangfang")
    answered = CorrectionNotice(
        "N1", task.case_code, (CorrectionItem(**LICENCE),), CorrectionNoticeStatus.ANSWERED, DAY
    )
    plain = _cmd("task.request_correction")
    assert _code(correction_draft, plain, task, [answered], new_id="N2") == (
        "correction.second_notice"
    )
    reasoned = _cmd(
        "task.request_correction",
        {**PAYLOADS["task.request_correction"], "second_notice_reason": "补正的执照复印件仍不清晰"},
    )
    apply_to_task(reasoned, task)  # the task's step order allows it; the reason travels along
    assert correction_draft(reasoned, task, [answered], new_id="N2").id == "N2"


def test_correction_draft_takes_only_correction_requests_for_its_task() -> None:
    task = _task(TaskStatus.IN_REVIEW, "wangfang")
    assert _code(correction_draft, _cmd("task.claim"), task, [], new_id="N") == (
        "command.bad_payload"
    )
    other = _cmd("task.request_correction", entity_id="T-2")
    assert _code(correction_draft, other, task, [], new_id="N") == "command.wrong_target"


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("task.claim", TaskStatus.OPINION_GIVEN),
        ("task.claim", TaskStatus.TRANSFERRED),
        ("task.claim", TaskStatus.IN_REVIEW),
        ("task.give_opinion", TaskStatus.UNCLAIMED),
        ("task.transfer", TaskStatus.WITHDRAWN),
    ],
)
def test_a_command_that_does_not_fit_raises_the_machines_error(
    kind: str, status: TaskStatus
) -> None:
    with pytest.raises(IllegalTransition) as err:
        apply_to_task(_cmd(kind), _task(status, "lisi"))
    assert err.value.params["current"] == status.value
    assert err.value.params["action"] == kind.removeprefix("task.")


def test_a_command_for_another_record_is_refused() -> None:
    assert _code(apply_to_task, _cmd("task.claim", entity_id="T-2"), _task()) == (
        "command.wrong_target"
    )
    verdict = Command.new("material.verdict", "T-1", 7, {"check": "legality", "verdict": "pass"})
    assert _code(apply_to_task, verdict, _task()) == "command.wrong_target"
    assert _code(apply_to_material, _cmd("task.claim", entity_id="M-1"), _material()) == (
        "command.wrong_target"
    )


# --- material verdicts -------------------------------------------------------------------


def _verdict(**payload: Any) -> Command:
    return Command.new("material.verdict", "M-1", 3, payload)


def test_material_verdict() -> None:
    m = apply_to_material(
        _verdict(check="legality", verdict="fail", note="印章不清晰"), _material()
    )
    assert m.verdict(Check.LEGALITY) == CheckVerdict(Check.LEGALITY, Verdict.FAIL, "印章不清晰")
    assert m.verdict(Check.AUTHENTICITY).verdict == Verdict.PENDING
    assert m.overall == Verdict.FAIL
    passed = apply_to_material(_verdict(check="legality", verdict="pass"), m)
    assert passed.verdict(Check.LEGALITY) == CheckVerdict(Check.LEGALITY, Verdict.PASS, "")


def test_material_verdict_rules() -> None:
    assert _code(apply_to_material, _verdict(check="legality", verdict="fail"), _material()) == (
        "material.fail_without_reason"
    )
    assert _code(apply_to_material, _verdict(check="beauty", verdict="pass"), _material()) == (
        "command.bad_payload"
    )
    assert _code(apply_to_material, _verdict(check="legality", verdict="maybe"), _material()) == (
        "command.bad_payload"
    )
    assert _code(apply_to_material, _verdict(verdict="pass"), _material()) == "command.bad_payload"


def test_apply_command_dispatches_on_the_target() -> None:
    task = apply_command(_cmd("task.claim"), _task())
    assert isinstance(task, ReviewTask) and task.assignee == "wangfang"
    material = apply_command(_verdict(check="conformity", verdict="pass"), _material())
    assert isinstance(material, Material)


@given(
    st.sampled_from(list(TaskStatus)),
    st.lists(st.sampled_from(TASK_KINDS), min_size=1, max_size=8),
)
def test_commands_apply_exactly_when_the_machine_allows(
    start: TaskStatus, kinds: list[str]
) -> None:
    task = _task(start, "wangfang" if start != TaskStatus.UNCLAIMED else None)
    for kind in kinds:
        action = kind.removeprefix("task.")
        if TASK_MACHINE.can(task.status, action):
            after = apply_to_task(_cmd(kind), task)
            assert after.status == TASK_MACHINE.apply(task.status, action)
            task = after
        else:
            with pytest.raises(IllegalTransition):
                apply_to_task(_cmd(kind), task)


# --- the rest of the review commands ---------------------------------------------------


def _at(kind: str, entity_id: str, payload: dict[str, object],
        now: dt.datetime = NOW) -> Command:
    return Command.new(kind, entity_id, 1, payload, author="wangfang", now=now)


# 10:00 on 12 March in Beijing: the procedures below have started by then.
LATER = dt.datetime(2025, 3, 12, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("payload", "field"), [
    ({"procedure": "picnic", "started_on": "2025-03-04", "reason": "x"}, "procedure"),
    ({"procedure": "hearing", "started_on": "3 March", "reason": "x"}, "started_on"),
    ({"procedure": "hearing", "started_on": "2025-03-04", "reason": "  "}, "reason"),
    ({"procedure": "hearing", "reason": "x"}, "started_on"),
])
def test_a_suspension_needs_a_kind_a_start_and_a_reason(payload: dict[str, object],
                                                        field: str) -> None:
    case = make_case_in_review()
    with pytest.raises(DomainError) as info:
        apply_command(_at("case.suspend", case.case_code, payload, LATER), case)
    assert info.value.code == "command.bad_payload" and info.value.params["field"] == field


def test_a_suspension_stops_the_case() -> None:
    case = make_case_in_review()
    after = apply_command(_at("case.suspend", case.case_code, {
        "procedure": "expert_review", "started_on": "2025-03-04", "reason": "专家评审"}, LATER),
        case)
    assert after.status == CaseStatus.SUSPENDED


def test_a_procedure_is_dated_no_later_than_the_day_the_person_acted() -> None:
    # 2099 typed for 2026 stopped every department's clock for decades.
    case = make_case_in_review()
    with pytest.raises(DomainError) as ahead:
        apply_command(_at("case.suspend", case.case_code, {
            "procedure": "hearing", "started_on": "2025-03-13", "reason": "听证"}, LATER), case)
    assert ahead.value.code == "special_procedure.outside_dates"
    assert ahead.value.params["today"] == "2025-03-12"
    proc = SpecialProcedure("P-1", case.case_code, SpecialProcedureKind.HEARING,
                            dt.date(2025, 3, 4), version=1)
    with pytest.raises(DomainError) as late:
        apply_command(_at("special_procedure.end", "P-1", {"ended_on": "2025-03-13"}, LATER), proc)
    assert late.value.params == {"date": "2025-03-13", "earliest": "2025-03-04",
                                 "today": "2025-03-12"}


def test_ending_a_procedure_twice_or_before_it_began_is_refused() -> None:
    proc = SpecialProcedure("P-1", "220100-2025-000001", SpecialProcedureKind.HEARING,
                            dt.date(2025, 3, 4), version=1)
    ended = apply_command(_at("special_procedure.end", "P-1", {"ended_on": "2025-03-10"}, LATER),
                          proc)
    assert ended.ended_on == dt.date(2025, 3, 10)
    with pytest.raises(DomainError) as info:
        apply_command(_at("special_procedure.end", "P-1", {"ended_on": "2025-03-11"}, LATER), ended)
    assert info.value.code == "special_procedure.not_running"
    with pytest.raises(DomainError) as early:
        apply_command(_at("special_procedure.end", "P-1", {"ended_on": "2025-03-01"}, LATER), proc)
    assert early.value.code == "special_procedure.outside_dates"


def test_issuing_the_notice_dates_it_the_day_the_person_acted_in_beijing() -> None:
    notice = CorrectionNotice("N-1", "220100-2025-000001", (
        CorrectionItem("营业执照", "MSA-220100", "副本模糊"),), version=1)
    late = dt.datetime(2025, 3, 3, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 4th in Beijing
    command = Command.new("correction_notice.issue", "N-1", 1, {}, author="w", now=late)
    issued = apply_command(command, notice)
    assert issued.status == CorrectionNoticeStatus.ISSUED
    assert issued.issued_on == dt.date(2025, 3, 4)
    empty = CorrectionNotice("N-2", "220100-2025-000001", (), version=1)
    with pytest.raises(DomainError):
        apply_command(Command.new("correction_notice.issue", "N-2", 1, {}, author="w",
                                  now=late), empty)


def test_an_extension_request_over_any_case_s_limit_is_refused_before_queuing() -> None:
    case = make_case_in_review()
    with pytest.raises(DomainError) as info:
        apply_command(_at("extension.request", case.case_code,
                          {"working_days": 16, "reason": "x"}), case)
    assert info.value.code == "extension.over_limit"
    assert info.value.params["limit"] == 15  # Art. 42: a joint case's one extension


@pytest.mark.parametrize(("kind", "payload", "field"), [
    ("extension.request", {"working_days": 0, "reason": "x"}, "working_days"),
    ("extension.request", {"working_days": True, "reason": "x"}, "working_days"),
    ("extension.request", {"working_days": 5, "reason": ""}, "reason"),
    ("notification.send", {"channel": "fax", "kind": "other", "text": "x"}, "channel"),
    ("notification.send", {"channel": "sms", "kind": "gossip", "text": "x"}, "kind"),
    ("notification.send", {"channel": "sms", "kind": "other", "text": "x" * 2001}, "text"),
])
def test_append_commands_check_their_payload(kind: str, payload: dict[str, object],
                                             field: str) -> None:
    case = make_case_in_review()
    with pytest.raises(DomainError) as info:
        apply_command(_at(kind, case.case_code, payload), case)
    assert info.value.params["field"] == field


def test_an_extension_approval_is_a_client_command_on_a_record_the_store_does_not_keep() -> None:
    command = Command.new("extension.approve", "extension-1", 0, author="signer")
    assert command.entity == "extension" and command.kind in UNKEPT_TARGET_KINDS
    # Re-applied to the approved extension the store then has: the approval is in it.
    approved = Extension(10, "需专家论证", "signer", dt.date(2025, 3, 5), "C-1", "extension-1", 3)
    assert apply_command(command, approved) == approved
    with pytest.raises(DomainError) as wrong:
        apply_command(command, dataclasses.replace(approved, id="extension-2"))
    assert wrong.value.code == "command.wrong_target"
