"""The store refuses an opinion while its department's items wait in the draft notice (6.9).

The last review: a department gave its opinion with its items in the draft;
issuing the notice left it "opinion given", so the case could be decided
while the applicant was still correcting. The opinion follows the
corrections (``opinion_readiness.check_items_not_in_draft``, the platform's
rule too). Items queued offline count, before the platform has the draft.
"""

from __future__ import annotations

import datetime as dt

import pytest
from store_factories import make_case, make_material, make_task

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.model import (
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    ReviewTask,
    Verdict,
)
from backoffice.domain.states import TaskStatus
from backoffice.store import Store

ME = "wangfang"
MINE, OTHER = "MSA-220100", "XF-220100"


@pytest.fixture
def task(store: Store) -> ReviewTask:
    """A claimed task whose every check has its verdict, one failed."""
    t = make_task(1, status=TaskStatus.IN_REVIEW, assignee=ME, department=MINE)
    checks = (CheckVerdict(Check.AUTHENTICITY, Verdict.PASS),
              CheckVerdict(Check.LEGALITY, Verdict.FAIL, "印章不清晰"),
              CheckVerdict(Check.CONFORMITY, Verdict.PASS))
    store.apply_confirmed([make_case(1), t, make_material(1, name="营业执照", checks=checks)])
    return t


def _draft(task: ReviewTask, department: str,
           status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT) -> CorrectionNotice:
    issued = dt.date(2025, 3, 4) if status != CorrectionNoticeStatus.DRAFT else None
    return CorrectionNotice("N-1", task.case_code,
                            (CorrectionItem("营业执照", department, "合法性：印章不清晰"),),
                            status=status, issued_on=issued, version=1)


def _opinion(store: Store, task: ReviewTask) -> None:
    store.queue("task.give_opinion", task.id, {"opinion": "印章不清晰，不同意。"}, author=ME)


def _queued(store: Store) -> list[str]:
    return [e.command.kind for e in store.pending_commands()]


def test_an_opinion_with_own_items_in_the_draft_is_refused(store: Store,
                                                          task: ReviewTask) -> None:
    store.apply_confirmed([_draft(task, MINE)])
    with pytest.raises(DomainError) as refused:
        _opinion(store, task)
    assert refused.value.code == "task.items_in_draft_notice"
    assert refused.value.params == {"case_code": task.case_code, "materials": ["营业执照"]}
    assert "营业执照" in messages.render(refused.value, "zh")
    assert _queued(store) == []


def test_items_queued_offline_count_too(store: Store, task: ReviewTask) -> None:
    store.queue("task.request_correction", task.id, {"items": [
        {"material_name": "营业执照", "department_code": MINE, "reason": "合法性：印章不清晰"}]},
        author=ME)
    with pytest.raises(DomainError) as refused:
        _opinion(store, task)
    assert refused.value.code == "task.items_in_draft_notice"
    assert _queued(store) == ["task.request_correction"]


def test_another_department_s_items_do_not_hold_the_opinion(store: Store,
                                                            task: ReviewTask) -> None:
    store.apply_confirmed([_draft(task, OTHER)])
    _opinion(store, task)
    assert _queued(store) == ["task.give_opinion"]
