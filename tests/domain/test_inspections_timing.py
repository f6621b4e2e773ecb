"""The earliest visit, as a refusal says it: a day from which to plan, not its midnight.

A proposal for 15:00 today was refused with "the earliest start was
2026-12-02 00:00", hours before the inspectors' working hours begin.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backoffice import messages
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections_timing import check_notice, earliest_text

CST = dt.timezone(dt.timedelta(hours=8))
CALENDAR = WorkCalendar()  # weekends only: 2026-12-01 is a Tuesday


def test_a_short_notice_names_the_day_from_which_a_visit_may_be_planned() -> None:
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=CST)
    with pytest.raises(DomainError) as refused:
        check_notice(dt.datetime(2026, 12, 1, 15, 0, tzinfo=CST), now, CALENDAR)
    assert refused.value.code == "inspection.short_notice"
    assert refused.value.params["earliest"] == "2026-12-02"
    assert "from 2026-12-02 on" in messages.render(refused.value, "en")
    assert "2026-12-02 起" in messages.render(refused.value, "zh")
    assert "00:00" not in messages.render(refused.value, "zh")


def test_an_earliest_time_within_a_day_keeps_its_time_in_beijing_time() -> None:
    assert earliest_text(dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC)) == "2026-12-02"
    assert earliest_text(dt.datetime(2026, 12, 2, 2, 30, tzinfo=dt.UTC)) == "2026-12-02 10:30"
