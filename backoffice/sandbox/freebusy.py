"""``GET /api/v1/free-busy``: the inspectors' working hours and busy time.

The sandbox has no real calendars, so busy time is *generated*, the same
every time for the same inspector and day (see :func:`busy_of_day`), and
merged with the inspections the records hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Connection, select

from backoffice.api import v1
from backoffice.domain.calendar import WorkCalendar
from backoffice.sandbox import db
from backoffice.sandbox.errors import ApiError

TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no DST in China
WORKING_HOURS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30)))

Interval = tuple[dt.datetime, dt.datetime, str]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TZ)


def busy_of_day(username: str, day: dt.date) -> list[Interval]:
    """The generated busy time of ``username`` on the working day ``day``.

    Derived from ``sha256("<username>:<ISO day>")`` alone, so it does not
    depend on the database, the request's range or the order of requests.
    With the digest's bytes ``b``:

    - ``b[0] % 20 == 0`` (about one day in twenty): on ``leave`` all day
      (08:30–17:30) and nothing else;
    - ``b[1] % 4 == 0``: a half-day ``meeting`` — 09:00–11:30 when ``b[2]``
      is even, else 14:00–17:00;
    - ``b[3] % 3 == 0``: an ``inspection`` (a field visit) of 2 hours in the
      half-day without the meeting — 08:30 or 09:30 / 13:30 or 15:00 by
      ``b[4]`` parity;
    - ``b[5] % 4 == 0``: ``other`` commitments for an hour — 11:00–12:00
      or 16:30–17:30, in a half-day still free.

    Intervals never overlap within the generated set.
    """
    b = hashlib.sha256(f"{username}:{day.isoformat()}".encode()).digest()
    if b[0] % 20 == 0:
        return [(_at(day, 8, 30), _at(day, 17, 30), "leave")]
    taken: set[str] = set()  # "am" / "pm" half-days already used
    out: list[Interval] = []
    if b[1] % 4 == 0:
        if b[2] % 2 == 0:
            out.append((_at(day, 9), _at(day, 11, 30), "meeting"))
            taken.add("am")
        else:
            out.append((_at(day, 14), _at(day, 17), "meeting"))
            taken.add("pm")
    if b[3] % 3 == 0:
        half = "pm" if "am" in taken else "am"
        if half == "am":
            start = _at(day, 8, 30) if b[4] % 2 == 0 else _at(day, 9, 30)
        else:
            start = _at(day, 13, 30) if b[4] % 2 == 0 else _at(day, 15)
        out.append((start, start + dt.timedelta(hours=2), "inspection"))
        taken.add(half)
    if b[5] % 4 == 0:
        if "am" not in taken:
            out.append((_at(day, 11), _at(day, 12), "other"))
        elif "pm" not in taken:
            out.append((_at(day, 16, 30), _at(day, 17, 30), "other"))
    return sorted(out)


def _recorded_inspections(conn: Connection, start: dt.datetime, end: dt.datetime
                          ) -> dict[str, list[Interval]]:
    """Scheduled inspections in the records (entity ``inspection``) by inspector."""
    found: dict[str, list[Interval]] = {}
    rows = conn.execute(select(db.records.c.body).where(db.records.c.entity == "inspection"))
    for (text,) in rows:
        body: dict[str, Any] = json.loads(text)
        try:
            starts = dt.datetime.fromisoformat(str(body["starts_at"]))
            ends = dt.datetime.fromisoformat(str(body["ends_at"]))
        except (KeyError, TypeError, ValueError):
            continue  # not scheduled yet
        if body.get("status") in ("cancelled", "canceled"):
            continue
        if starts.tzinfo is None:
            starts, ends = starts.replace(tzinfo=TZ), ends.replace(tzinfo=TZ)
        starts, ends = starts.astimezone(TZ), ends.astimezone(TZ)
        if ends <= start or starts >= end:
            continue
        for username in body.get("inspectors") or ():
            found.setdefault(str(username), []).append((starts, ends, "inspection"))
    return found


def free_busy(conn: Connection, calendar: WorkCalendar, start: dt.date, end: dt.date,
              department: str | None) -> v1.FreeBusy:
    """Every inspector's (of ``department``, or all) free/busy over ``start``–``end``.

    Range: ``start`` ≤ ``end``, at most :data:`v1.MAX_FREE_BUSY_DAYS` days,
    within the years 2000–2100 (else 422 ``free_busy.bad_range``); an unknown department is 404.
    Busy time on working days: :func:`busy_of_day`; plus every scheduled
    inspection in the records that names the inspector, on any day.
    """
    days = (end - start).days + 1
    if days < 1 or days > v1.MAX_FREE_BUSY_DAYS or start.year < 2000 or end.year > 2100:
        raise ApiError(422, "free_busy.bad_range", start=start.isoformat(),
                       end=end.isoformat(), max_days=v1.MAX_FREE_BUSY_DAYS)
    u = db.users.c
    stmt = select(u.username, u.display_name, u.department_code, u.roles).order_by(
        u.department_code, u.username)
    if department is not None:
        known = conn.execute(select(db.records.c.id).where(
            db.records.c.entity == "department", db.records.c.id == department)).first()
        if known is None:
            raise ApiError(404, "not_found", entity="department", id=department)
        stmt = stmt.where(u.department_code == department)
    working = [d for d in (start + dt.timedelta(n) for n in range(days))
               if calendar.is_working_day(d)]
    recorded = _recorded_inspections(conn, _at(start, 0), _at(end, 0) + dt.timedelta(days=1))
    hours = [v1.WorkingHours(start=a.strftime("%H:%M"), end=b.strftime("%H:%M"))
             for a, b in WORKING_HOURS]
    inspectors = []
    for row in conn.execute(stmt):
        if "inspector" not in str(row.roles).split():
            continue
        busy = [i for day in working for i in busy_of_day(row.username, day)]
        busy += recorded.get(row.username, [])
        inspectors.append(v1.InspectorFreeBusy(
            username=row.username, display_name=row.display_name,
            department_code=row.department_code, working_hours=hours,
            busy=[v1.BusyInterval(start=a, end=b, reason=r)  # type: ignore[arg-type]
                  for a, b, r in sorted(busy)]))
    return v1.FreeBusy(from_date=start, to_date=end, working_days=working,
                       inspectors=inspectors)
