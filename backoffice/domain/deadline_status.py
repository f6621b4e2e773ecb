"""How a deadline looks on a given day: the warning levels the inbox colours.

Electronic supervision (电子监察) shows yellow as a deadline nears (usually
one working day ahead) and red once it has passed; a running clock
suspension outranks both, because nobody is late while the clock stands
still.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar, default_calendar
from backoffice.domain.deadlines import Suspensions, flag, remaining_working_days, suspension_of
from backoffice.domain.errors import DomainError


class WarningLevel(StrEnum):
    NORMAL = "normal"
    DUE_SOON = "due_soon"  # yellow in electronic supervision
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"  # red
    CLOCK_STOPPED = "clock_stopped"


@dataclass(frozen=True, slots=True)
class WarningThresholds:
    """``due_soon_days``: warn this many working days ahead (0 turns DUE_SOON off)."""

    due_soon_days: int = 1

    def __post_init__(self) -> None:
        if self.due_soon_days < 0:
            raise DomainError("deadline.negative_threshold", due_soon_days=self.due_soon_days)


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    level: WarningLevel
    remaining: int
    clock_stopped: bool
    provisional: bool


def deadline_status(
    due: dt.date,
    on: dt.date | None = None,
    *,
    thresholds: WarningThresholds = WarningThresholds(),
    calendar: WorkCalendar | None = None,
    suspensions: Suspensions = (),
    as_of: dt.date | None = None,
) -> DeadlineStatus:
    """How ``due`` looks on day ``on`` (default today in Shanghai).

    The clock is stopped when ``due`` says so or when a running suspension
    began on or before ``due``; that level wins over all others, since the
    date is a projection and nobody is late while the clock stands still.
    """
    on = clock.today() if on is None else on
    cal = default_calendar() if calendar is None else calendar
    items = [suspension_of(s) for s in suspensions]
    remaining = remaining_working_days(due, on, calendar=cal, suspensions=items, as_of=as_of)
    stopped = flag(due, "clock_stopped") or any(s.running and s.start <= due for s in items)
    provisional = flag(due, "provisional") or cal.any_provisional(min(on, due), max(on, due))
    if stopped:
        level = WarningLevel.CLOCK_STOPPED
    elif on > due:
        level = WarningLevel.OVERDUE
    elif on == due:
        level = WarningLevel.DUE_TODAY
    elif remaining <= thresholds.due_soon_days:
        level = WarningLevel.DUE_SOON
    else:
        level = WarningLevel.NORMAL
    return DeadlineStatus(level, remaining, stopped, provisional)
