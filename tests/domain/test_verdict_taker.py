"""Verdicts on a department's materials come from the task's holder while it is in review."""

from __future__ import annotations

import pytest

from backoffice.domain.commands import check_verdict_taker
from backoffice.domain.errors import DomainError
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus as S


def _task(status: S, assignee: str | None = None) -> ReviewTask:
    return ReviewTask("T-1", "C-1", "XFJY", status, 5, assignee=assignee)


def test_the_holder_in_review_records_verdicts() -> None:
    check_verdict_taker(_task(S.IN_REVIEW, "li"), "li", "李明")


def test_a_colleague_is_told_who_holds_the_task() -> None:
    with pytest.raises(DomainError) as caught:
        check_verdict_taker(_task(S.IN_REVIEW, "wang"), "li", "王芳")
    assert caught.value.code == "material.not_task_holder"
    assert caught.value.params["holder"] == "王芳"


@pytest.mark.parametrize("status", [S.UNCLAIMED, S.OPINION_GIVEN, S.AWAITING_APPLICANT,
                                    S.SUSPENDED, S.TRANSFERRED])
def test_no_verdict_outside_review(status: S) -> None:
    with pytest.raises(DomainError) as caught:
        check_verdict_taker(_task(status, "li" if status != S.UNCLAIMED else None), "li")
    assert caught.value.code == "material.task_not_in_review"
    assert caught.value.params["current"] == status.value
