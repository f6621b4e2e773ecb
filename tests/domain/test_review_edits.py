"""Hand-over to a colleague, the lead's notice edits, the owner of a deferred material."""

from __future__ import annotations

import datetime as dt

import pytest

from backoffice.domain.commands import Command, apply_command
from backoffice.domain.errors import DomainError, IllegalTransition
from backoffice.domain.model import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    DeferredMaterial,
    Material,
    RemovedCorrectionItem,
    ReviewTask,
)
from backoffice.domain.states import TaskStatus

DAY = dt.date(2025, 3, 3)
A = CorrectionItem("营业执照", "SCJ", "真实性：复印件模糊")
B = CorrectionItem("消防平面图", "XF", "缺少疏散通道标注")


def task(status: TaskStatus = TaskStatus.IN_REVIEW, assignee: str | None = "me") -> ReviewTask:
    return ReviewTask("T", "CASE01", "SCJ", status, 5, assignee=assignee, version=2)


def transfer(payload: dict[str, object]) -> Command:
    return Command.new("task.transfer", "T", 2, payload)  # type: ignore[arg-type]


def test_hand_over_keeps_the_task_in_review_with_the_colleague() -> None:
    for start in (task(), task(TaskStatus.UNCLAIMED, None)):
        moved = apply_command(transfer({"to_user": "colleague"}), start)
        assert (moved.status, moved.assignee, moved.department_code) == (
            TaskStatus.IN_REVIEW, "colleague", "SCJ")


def test_hand_over_is_refused_where_it_makes_no_sense() -> None:
    with pytest.raises(DomainError) as same:
        apply_command(transfer({"to_user": "me"}), task())
    assert same.value.code == "transfer.same_assignee"
    with pytest.raises(DomainError) as both:
        apply_command(transfer({"to_user": "x", "to_department": "XF"}), task())
    assert both.value.code == "command.bad_payload"
    with pytest.raises(DomainError):
        apply_command(transfer({"to_user": "  "}), task())
    with pytest.raises(IllegalTransition):
        apply_command(transfer({"to_user": "x"}), task(TaskStatus.OPINION_GIVEN))


def notice(status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT) -> CorrectionNotice:
    return CorrectionNotice("N", "CASE01", (A, B), status=status,
                            issued_on=DAY if status != CorrectionNoticeStatus.DRAFT else None,
                            version=3)


def edit(payload: dict[str, object]) -> Command:
    return Command.new("correction_notice.edit", "N", 3, payload)  # type: ignore[arg-type]


def item(i: CorrectionItem) -> dict[str, object]:
    return {"material_name": i.material_name, "department_code": i.department_code,
            "reason": i.reason}


def test_the_lead_rewords_then_drops_and_the_notice_keeps_both() -> None:
    reworded = apply_command(edit({"item": item(B), "reason": "请在平面图上标注疏散通道"}), notice())
    new_b = CorrectionItem("消防平面图", "XF", "请在平面图上标注疏散通道")
    assert reworded.items == (A, new_b)
    assert reworded.removed == (RemovedCorrectionItem(*item(B).values()),)  # type: ignore[arg-type]
    dropped = apply_command(edit({"item": item(A), "dropped_reason": "共享平台已核验"}), reworded)
    assert dropped.items == (new_b,)
    assert dropped.removed[-1] == RemovedCorrectionItem(A.material_name, "SCJ", A.reason,
                                                        "共享平台已核验")


@pytest.mark.parametrize(("payload", "code"), [
    ({"item": item(A)}, "correction.bad_edit"),
    ({"item": item(A), "reason": "x", "dropped_reason": "y"}, "correction.bad_edit"),
    ({"item": {**item(A), "reason": "other"}, "reason": "x"}, "correction.item_not_found"),
    ({"item": "A", "reason": "x"}, "command.bad_payload"),
    ({"item": item(A), "reason": "x" * 2001}, "command.bad_payload"),
    ({"item": item(A), "reason": " ", "dropped_reason": " "}, "correction.bad_edit"),
])
def test_bad_edits_are_refused(payload: dict[str, object], code: str) -> None:
    with pytest.raises(DomainError) as refused:
        apply_command(edit(payload), notice())
    assert refused.value.code == code


def test_an_issued_notice_is_not_edited() -> None:
    with pytest.raises(DomainError) as refused:
        apply_command(edit({"item": item(A), "reason": "x"}),
                      notice(CorrectionNoticeStatus.ISSUED))
    assert refused.value.code == "correction.already_issued"


def test_the_owner_of_a_deferred_material() -> None:
    d = DeferredMaterial("D", "CASE01", "健康证明", "承诺", DAY, DAY + dt.timedelta(5))
    mine = Material("M", "CASE01", "健康证明", "WJ")
    assert d.owner([mine], "SCJ") == "WJ"  # the material's reviewer
    assert d.owner([], "SCJ") == "SCJ"  # not sent to us: the lead answers for it
    named = DeferredMaterial("D", "CASE01", "健康证明", "承诺", DAY, DAY, department_code="XF")
    assert named.owner([mine], "SCJ") == "XF"  # the platform said so
