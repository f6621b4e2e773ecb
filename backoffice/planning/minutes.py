"""The planner's number line: whole minutes of Asia/Shanghai local time.

``date.toordinal() * 1440 + minute of the day``. China has kept UTC+8 all
year since 1991, so local minutes are a plain number line: a day's working
periods are two additions away, and intervals compare as integers.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain.clock import shanghai_tz

__all__ = ["DAY", "from_minutes", "minutes_ceil", "minutes_floor"]

DAY = 1440


def minutes_floor(moment: dt.datetime) -> int:
    local = moment.astimezone(shanghai_tz())
    return local.toordinal() * DAY + local.hour * 60 + local.minute


def minutes_ceil(moment: dt.datetime) -> int:
    local = moment.astimezone(shanghai_tz())
    partial = bool(local.second or local.microsecond)
    return local.toordinal() * DAY + local.hour * 60 + local.minute + partial


def from_minutes(value: int) -> dt.datetime:
    day, minute = divmod(value, DAY)
    return dt.datetime.combine(dt.date.fromordinal(day), dt.time(minute // 60, minute % 60),
                               shanghai_tz())
