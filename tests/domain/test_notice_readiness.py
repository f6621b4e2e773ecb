"""The one notice waits for every department's material review (6.9, 9.3.3).

A department is done reviewing when every check of its materials has a
verdict (or its opinion is given): items it added to the draft while checks
were pending do not close its review, and the lead's own checks count too.
"""

from __future__ import annotations

import dataclasses

import pytest

from backoffice.domain.errors import DomainError
from backoffice.domain.model import (
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    Material,
    ReviewTask,
    Verdict,
)
from backoffice.domain.notice_readiness import check_ready_to_issue, unreviewed_departments
from backoffice.domain.states import TaskStatus as S
from backoffice.messages import render


def _task(department: str, status: S) -> ReviewTask:
    return ReviewTask(f"T-{department}", "C-1", department, status, 5)


def _material(department: str, *, done: bool) -> Material:
    pending = Material(f"M-{department}", "C-1", "平面图", department)
    if not done:
        return pending
    return dataclasses.replace(pending, checks=(
        CheckVerdict(Check.AUTHENTICITY, Verdict.FAIL, "未标注出口"),
        CheckVerdict(Check.LEGALITY, Verdict.PASS),
        CheckVerdict(Check.CONFORMITY, Verdict.NOT_APPLICABLE)))


def test_pending_checks_hold_the_notice_items_in_the_draft_or_not() -> None:
    tasks = [_task("SCJG", S.IN_REVIEW),  # the lead, checks pending: it holds too
             _task("XFJY", S.IN_REVIEW),  # items in the draft, a check still pending
             _task("WSJK", S.UNCLAIMED), _task("CSGL", S.IN_REVIEW), _task("ZJJ", S.SUSPENDED),
             _task("GAJ", S.OPINION_GIVEN), _task("JTJ", S.TRANSFERRED),
             _task("NYJ", S.AWAITING_APPLICANT), _task("TYJ", S.IN_REVIEW)]
    materials = [_material(d, done=False) for d in ("SCJG", "XFJY", "ZJJ", "GAJ", "JTJ",
                                                    "NYJ")] + [_material("CSGL", done=True)]
    assert unreviewed_departments(tasks, materials) == ["SCJG", "WSJK", "XFJY", "ZJJ"]
    # Every check decided: done, whether or not it added items.
    decided = [_material(d, done=True) for d in ("SCJG", "XFJY", "ZJJ")]
    assert unreviewed_departments(tasks, decided) == ["WSJK"]


def test_the_refusal_names_the_departments() -> None:
    draft = CorrectionNotice("N-1", "C-1", (CorrectionItem("平面图", "XFJY", "未标注出口"),))
    with pytest.raises(DomainError) as caught:
        check_ready_to_issue(draft, ["卫生健康局", "城市管理局"])
    assert caught.value.code == "correction.others_not_reviewed"
    assert caught.value.params["departments"] == ["卫生健康局", "城市管理局"]
    said = {lang: render(caught.value, lang) for lang in ("zh", "en")}
    assert "卫生健康局、城市管理局" in said["zh"] and "卫生健康局, 城市管理局" in said["en"]
    check_ready_to_issue(draft, [])
