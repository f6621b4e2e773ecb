"""A deferred material (容缺, 3.5, 9.3.6) is a correction item only once overdue."""

from __future__ import annotations

import datetime as dt

from backoffice.domain.model import DeferredMaterial

DUE = dt.date(2025, 3, 10)


def _deferred(fulfilled_on: dt.date | None = None) -> DeferredMaterial:
    return DeferredMaterial("D-1", "C-1", "健康证明", "承诺于期限内补交", dt.date(2025, 3, 3),
                            DUE, fulfilled_on)


def test_not_overdue_before_or_on_its_due_date() -> None:
    # The applicant was told the limit at acceptance (9.3.6): nothing to correct yet.
    assert not _deferred().overdue(DUE - dt.timedelta(days=1))
    assert not _deferred().overdue(DUE)


def test_overdue_after_its_due_date_unless_handed_in() -> None:
    later = DUE + dt.timedelta(days=1)
    assert _deferred().overdue(later)
    assert not _deferred(fulfilled_on=DUE).overdue(later)
    # Handed in late: overdue until the day it came in.
    assert _deferred(fulfilled_on=later + dt.timedelta(days=2)).overdue(later)
