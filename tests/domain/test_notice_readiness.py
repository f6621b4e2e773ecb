"""The one notice waits for every other department's material review (6.9, 9.3.3)."""

from __future__ import annotations

import pytest

from backoffice.domain.errors import DomainError
from backoffice.domain.model import CorrectionItem, CorrectionNotice, ReviewTask
from backoffice.domain.notice_readiness import check_ready_to_issue, unreviewed_departments
from backoffice.domain.states import TaskStatus as S


def _task(department: str, status: S) -> ReviewTask:
    return ReviewTask(f"T-{department}", "C-1", department, status, 5)


def test_open_reviews_hold_the_notice() -> None:
    draft = CorrectionNotice("N-1", "C-1", (CorrectionItem("营业执照", "SCJG", "缺少盖章"),
                                            CorrectionItem("平面图", "XFJY", "未标注出口")))
    tasks = [_task("SCJG", S.IN_REVIEW),  # the lead: it is issuing
             _task("XFJY", S.IN_REVIEW),  # its items are in
             _task("WSJK", S.UNCLAIMED), _task("CSGL", S.IN_REVIEW), _task("ZJJ", S.SUSPENDED),
             _task("GAJ", S.OPINION_GIVEN), _task("JTJ", S.TRANSFERRED),
             _task("NYJ", S.AWAITING_APPLICANT)]
    assert unreviewed_departments("SCJG", tasks, draft) == ["CSGL", "WSJK", "ZJJ"]
    with pytest.raises(DomainError) as caught:
        check_ready_to_issue(draft, ["卫生健康局", "城市管理局"])
    assert caught.value.code == "correction.others_not_reviewed"
    assert caught.value.params["departments"] == "卫生健康局、城市管理局"
    check_ready_to_issue(draft, [])
    # An unclaimed task holds it even with items of its department in the draft.
    assert unreviewed_departments("SCJG", [_task("XFJY", S.UNCLAIMED)], draft) == ["XFJY"]
