"""Art. 42: one extension per case, 10 working days, 15 when handled jointly."""

from __future__ import annotations

import pytest

from backoffice.domain.errors import DomainError
from backoffice.domain.extensions import check_extension, extension_limit, joint
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus


def _task(department: str, status: TaskStatus) -> ReviewTask:
    return ReviewTask(f"T-{department}", "C-1", department, status, 5)


def test_a_case_is_joint_while_several_departments_have_live_tasks() -> None:
    lead = _task("SCJG", TaskStatus.IN_REVIEW)
    assert not joint([lead]) and extension_limit([lead]) == 10
    fire = _task("XFJY", TaskStatus.UNCLAIMED)
    assert joint([lead, fire]) and extension_limit([lead, fire]) == 15
    gone = _task("XFJY", TaskStatus.TRANSFERRED)
    assert not joint([lead, gone]) and extension_limit([lead, gone]) == 10


def test_one_extension_within_the_limit() -> None:
    tasks = [_task("SCJG", TaskStatus.IN_REVIEW), _task("XFJY", TaskStatus.OPINION_GIVEN)]
    check_extension("C-1", 15, tasks, approved=0)
    with pytest.raises(DomainError) as over:
        check_extension("C-1", 16, tasks, approved=0)
    assert over.value.code == "extension.over_limit"
    assert (over.value.params["limit"], over.value.params["working_days"]) == (15, 16)
    with pytest.raises(DomainError) as twice:
        check_extension("C-1", 1, tasks, approved=1)
    assert twice.value.code == "extension.already_extended"
