"""The applicant's time on a correction notice stops the case's clock (docs/deadlines.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from backoffice.domain.corrections import CORRECTION_REASON, correction_suspension
from backoffice.domain.deadlines import due_date, step_due_date
from backoffice.domain.model import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Suspension,
)

D = dt.date
ACCEPTED = D(2025, 3, 3)  # Monday: ten working days end on Mon 17 March
ISSUED, ANSWERED = D(2025, 3, 5), D(2025, 3, 24)


def _notice(status: CorrectionNoticeStatus, issued: D | None = ISSUED,
            answered: D | None = None) -> CorrectionNotice:
    item = CorrectionItem("营业执照", "MSA-220100", "缺少盖章")
    return CorrectionNotice("N-1", "C-1", (item,), status, issued, answered_on=answered)


def test_from_issue_to_answer_the_days_are_the_applicants() -> None:
    notice = _notice(CorrectionNoticeStatus.ANSWERED, answered=ANSWERED)
    assert notice.suspension() == Suspension(ISSUED, ANSWERED, reason=CORRECTION_REASON)
    assert _notice(CorrectionNoticeStatus.ISSUED).suspension() == Suspension(
        ISSUED, None, reason=CORRECTION_REASON)


@pytest.mark.parametrize(("status", "issued", "answered"), [
    ("draft", None, None),  # not sent: the departments' time
    ("issued", None, None),  # no day to start from
    ("answered", ISSUED, None),  # answered before the day was recorded: end unknown
    ("answered", ISSUED, ISSUED - dt.timedelta(days=1)),  # days that contradict
    ("withdrawn", ISSUED, ANSWERED),  # no such status: stops nothing
])
def test_what_stops_nothing(status: str, issued: D | None, answered: D | None) -> None:
    assert correction_suspension(status, issued, answered) is None


def test_the_clock_resumes_with_the_days_used_before_the_notice() -> None:
    stop = _notice(CorrectionNoticeStatus.ANSWERED, answered=ANSWERED).suspension()
    assert stop is not None
    assert due_date(ACCEPTED, 10) == D(2025, 3, 17)
    # Tue 4 March used; 5–24 March the applicant's; nine more from Tue 25
    # March, over Qingming (off Fri 4 – Sun 6 April): Mon 7 April.
    assert due_date(ACCEPTED, 10, suspensions=[stop]) == D(2025, 4, 7)
    # The step deadline counts on the same clock: 4 March, then 25–28 March.
    case_due = due_date(ACCEPTED, 10, suspensions=[stop])
    assert step_due_date(ACCEPTED, 5, case_due, suspensions=[stop]) == D(2025, 3, 28)


def test_while_the_notice_is_out_the_date_moves_on_every_working_day() -> None:
    stop = _notice(CorrectionNoticeStatus.ISSUED).suspension()
    assert stop is not None
    friday = due_date(ACCEPTED, 10, suspensions=[stop], as_of=D(2025, 3, 7))
    assert friday == D(2025, 3, 20) and friday.clock_stopped
    saturday = due_date(ACCEPTED, 10, suspensions=[stop], as_of=D(2025, 3, 8))
    monday = due_date(ACCEPTED, 10, suspensions=[stop], as_of=D(2025, 3, 10))
    assert saturday == friday and monday == D(2025, 3, 21)
