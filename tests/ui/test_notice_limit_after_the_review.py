"""The Art. 32 five-day limit for the correction notice is not shown once the review is over.

An archived case that had needed no notice showed in its Notice tab "the notice
must go out within five working days of acceptance: 2024-12-20 · 46 working
days late": a limit that no longer ran, shown as broken.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_inbox_fixtures import make_case

from backoffice.domain.model import CaseKind, CaseStatus
from ui.inbox.detail_case_data import notice_limit_applies


@pytest.mark.parametrize("status", [
    CaseStatus.DECIDING, CaseStatus.DECIDED, CaseStatus.REPORTED, CaseStatus.ISSUED,
    CaseStatus.NOT_ACCEPTED, CaseStatus.ARCHIVED, CaseStatus.WITHDRAWN])
def test_no_limit_once_the_review_is_over(status: CaseStatus) -> None:
    case = dataclasses.replace(make_case(1), status=status)
    assert not notice_limit_applies(case, ())


@pytest.mark.parametrize("status", [
    CaseStatus.ACCEPTED, CaseStatus.ROUTED, CaseStatus.IN_REVIEW, CaseStatus.SUSPENDED])
def test_the_limit_runs_while_the_departments_review(status: CaseStatus) -> None:
    case = dataclasses.replace(make_case(1), status=status)
    assert case.kind == CaseKind.PROMISED
    assert notice_limit_applies(case, ())
