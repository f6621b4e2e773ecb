"""When a site inspection may be held, and when its record may become final.

**Notice to the applicant** (8.4.3): the applicant is told when the
inspectors come and which originals to have ready on site — told in time to
gather them, so a visit is planned no earlier than the start of the
:data:`NOTICE_WORKING_DAYS`-th working day after the day it is planned on
(:func:`earliest_visit`), and never before now plus the way there. At 07:27
the planner's first suggestion was 09:00 the same day: ninety minutes to
bring the originals. The platform holds a proposal to the same rule by its
own time and calendar (:func:`check_notice`): one from another client, or
queued offline the week before and sent today for today.

**Confirmed on site** (9.5.2, 9.5.2.1): the inspector confirms a
department's part — findings and result — as the one who was there
("本人到场勘察"): before the visit's time nobody has been, so a confirmation
then is refused, by the platform against its own time and by the client
against the workstation's before anything is queued. A part saved without
the confirmation stays a draft and may be saved any time (notes made offline
ahead of the visit).

**Free, by the free/busy** (9.5.2.3): the team is proposed only when the
platform's free/busy (``GET /free-busy``, what the planner shows) has each of
them free for the whole visit — leave, a meeting, a field visit the records
do not hold. The service refuses by the copy it keeps, the platform by its
own answer (:func:`check_free`): a stand-in picked by hand on the visit day
is held to the hours the planner showed. A department confirms a time only
while the team is still free then (:func:`check_confirm_free`): one of them
may have been taken since the proposal — the service's store holds only its
own cases' visits, the free/busy shows them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.clock import shanghai_tz, to_shanghai_date
from backoffice.domain.errors import DomainError
from backoffice.domain.inspection_model import identified
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus

__all__ = ["NOTICE_WORKING_DAYS", "WORKING_HOURS", "FreeBusyAnswer", "Told",
           "check_confirm_free", "check_confirmed_in_time", "check_free", "check_notice",
           "check_visit_begun", "check_working_time", "earliest_text", "earliest_visit",
           "held_after", "held_slot", "names_shown", "told_in_time", "working_hours_of"]

Told = tuple[dt.datetime, dt.datetime]  # a visit's start and end, as the applicant has them

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# The applicant hears of a visit at least the working day before (8.4.3): 0 → today.
NOTICE_WORKING_DAYS = 1


def earliest_visit(now: dt.datetime, calendar: WorkCalendar, *, travel: dt.timedelta,
                   notice_days: int = NOTICE_WORKING_DAYS) -> dt.datetime:
    """The earliest start of a visit planned at ``now``: now plus ``travel`` (the way
    there), and with ``notice_days`` ≥ 1 not before midnight (Beijing time) starting the
    ``notice_days``-th working day after today — the inspectors' hours decide the hour."""
    soonest = now + travel
    if notice_days <= 0:
        return soonest
    day = calendar.add_working_days(to_shanghai_date(now), notice_days)
    return max(soonest, dt.datetime.combine(day, dt.time(), shanghai_tz()))


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"


def earliest_text(earliest: dt.datetime) -> str:
    """:func:`earliest_visit` for a sentence (``{earliest}`` "from … on", "… 起"): the day
    alone when it is the notice's day (its midnight read "the earliest is 00:00", hours
    before the inspectors start), else the time, Beijing time."""
    local = earliest.astimezone(SHANGHAI)
    return f"{local:%Y-%m-%d}" if local.time() == dt.time() else _local(local)


def check_notice(start: dt.datetime, now: dt.datetime, calendar: WorkCalendar, *,
                 notice_days: int = NOTICE_WORKING_DAYS) -> None:
    """Refuse a visit at ``start`` the applicant, told at ``now``, cannot have heard of in
    time (``inspection.short_notice``, with the earliest start — :func:`earliest_text` —
    and ``now``).

    The platform's check: it does not know the way there, so only the notice counts.
    """
    earliest = earliest_visit(now, calendar, travel=dt.timedelta(0), notice_days=notice_days)
    if start < earliest:
        raise DomainError("inspection.short_notice", start=_local(start),
                          earliest=earliest_text(earliest), now=_local(now))


# The inspectors' hours on a working day, Beijing time, as the platform's free/busy gives
# them (``backoffice/sandbox/freebusy.py``) and the planner's default.
WORKING_HOURS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30)))


def check_working_time(start: dt.datetime, end: dt.datetime, calendar: WorkCalendar, *,
                       hours: Sequence[tuple[dt.time, dt.time]] = WORKING_HOURS) -> None:
    """Refuse a visit outside working time: on a day that is not a working day by
    ``calendar`` (``inspection.not_working_day``), or not within one period of ``hours``
    (``inspection.outside_working_hours``, saying them), Beijing time.

    The planner's drag check refuses such a time (with the way there too, which only it
    knows); the service and the platform hold a proposal to the visit itself: one queued
    by hand, offline or from another client comes to them without the planner's check.
    """
    first, last = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
    for day in dict.fromkeys((first.date(), last.date())):
        if not calendar.is_working_day(day):
            raise DomainError("inspection.not_working_day", date=day.isoformat(),
                              start=_local(start))
    if first.date() != last.date() or not any(
            a <= first.time() and last.time() <= b for a, b in hours):
        said = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours)
        raise DomainError("inspection.outside_working_hours", start=_local(start),
                          end=_local(end), hours=said)


def working_hours_of(free_busy: FreeBusyAnswer | None, team: Sequence[str]
                     ) -> tuple[tuple[dt.time, dt.time], ...]:
    """The hours ``free_busy`` gives the first of ``team`` it lists (the platform gives
    every inspector the same), else :data:`WORKING_HOURS`."""
    listed = {p.username: p for p in (free_busy.inspectors if free_busy is not None else ())}
    for username in team:
        person = listed.get(username)
        if person is not None and person.working_hours:
            return tuple((dt.time.fromisoformat(h.start), dt.time.fromisoformat(h.end))
                         for h in person.working_hours)
    return WORKING_HOURS


def held_slot(inspection: Inspection) -> Told | None:
    """The time the applicant holds as ``inspection`` itself shows it: its time once every
    department confirmed it (the notice went out then). Proposed again at that time since,
    the inspection no longer shows it: the platform remembers it (``inspection_told``), the
    client reads it from the notice of its case (``service.held_slot_of``)."""
    if (inspection.status in (InspectionStatus.CONFIRMED, InspectionStatus.RECORDED)
            and inspection.starts_at is not None and inspection.ends_at is not None):
        return inspection.starts_at, inspection.ends_at
    return None


def held_after(held: Told | None, after: Inspection) -> Told | None:
    """The time the applicant holds once an inspection they held ``held`` of has become
    ``after`` — the platform's count (``inspection_told``) step by step: confirmed, its
    time (told then); proposed again at ``held``, still ``held`` (told already); moved,
    dropped or cancelled, nothing (called off). The client walks its queued commands with
    it, so a time it confirmed or proposed again offline is known before any notice."""
    confirmed = held_slot(after)
    if confirmed is not None:
        return confirmed
    if (held is None or after.status == InspectionStatus.CANCELLED
            or (after.starts_at, after.ends_at) != held):
        return None
    return held


def check_confirmed_in_time(inspection: Inspection, now: dt.datetime, calendar: WorkCalendar,
                            *, organiser: str) -> None:
    """Refuse the confirmation that makes ``inspection`` confirmed at ``now`` when the
    applicant, told then, cannot be told in time (8.4.3): ``inspection.confirm_in_the_past``
    or ``inspection.confirm_short_notice`` — :func:`check_notice`'s rule, applied when the
    applicant is told, not when the time was proposed. The caller leaves out a time the
    applicant holds already. ``organiser`` (the lead department's name) proposes anew.
    """
    late = _told_too_late(inspection, now, calendar)
    if late is None:
        return
    said = {**identified(inspection), "now": _local(now), "organiser": organiser}
    code, earliest = late
    if code == "inspection.confirm_in_the_past":
        raise DomainError(code, **said)
    raise DomainError(code, **said, earliest=earliest_text(earliest))


def told_in_time(inspection: Inspection, now: dt.datetime, calendar: WorkCalendar, *,
                 held: Told | None) -> bool:
    """Whether ``inspection``, confirmed at ``now`` by something other than an answer (a
    transfer dropping the last answer missing), tells the applicant in time — the rule of
    :func:`check_confirmed_in_time` — or tells them a time they hold (``held``) already."""
    return ((inspection.starts_at, inspection.ends_at) == held
            or _told_too_late(inspection, now, calendar) is None)


def _told_too_late(inspection: Inspection, now: dt.datetime, calendar: WorkCalendar
                   ) -> tuple[str, dt.datetime] | None:
    """Why the applicant, told of ``inspection`` at ``now``, is told too late (8.4.3): the
    refusal's code and the earliest start they could be told of; None when in time."""
    assert inspection.starts_at is not None
    earliest = earliest_visit(now, calendar, travel=dt.timedelta(0))
    if inspection.starts_at < now:
        return "inspection.confirm_in_the_past", earliest
    if inspection.starts_at < earliest:
        return "inspection.confirm_short_notice", earliest
    return None


def check_visit_begun(inspection: Inspection, now: dt.datetime, *, confirm: bool) -> None:
    """Refuse a part confirmed before ``inspection`` starts (``inspection.visit_not_begun``)."""
    if not confirm or inspection.starts_at is None or now >= inspection.starts_at:
        return
    raise DomainError("inspection.visit_not_begun", case_code=inspection.case_code,
                      start=_local(inspection.starts_at), now=_local(now))


class _Busy(Protocol):
    @property
    def start(self) -> dt.datetime: ...
    @property
    def end(self) -> dt.datetime: ...


class _Hours(Protocol):
    @property
    def start(self) -> str: ...  # HH:MM
    @property
    def end(self) -> str: ...


class _Person(Protocol):
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def working_hours(self) -> Sequence[_Hours]: ...
    @property
    def busy(self) -> Sequence[_Busy]: ...


class FreeBusyAnswer(Protocol):
    """The platform's free/busy (``api.v1.FreeBusy``) as far as :func:`check_free` reads it."""

    @property
    def inspectors(self) -> Sequence[_Person]: ...


def names_shown(free_busy: FreeBusyAnswer | None) -> dict[str, str]:
    """The inspectors' names (account → name) as ``free_busy`` lists them, for a refusal
    that names a person: a name, not an account."""
    if free_busy is None:
        return {}
    return {p.username: p.display_name for p in free_busy.inspectors if p.display_name}


def check_free(inspection: Inspection, start: dt.datetime, end: dt.datetime,
               team: Sequence[str], free_busy: FreeBusyAnswer) -> None:
    """Refuse ``team`` at ``start``–``end`` when ``free_busy`` shows one of them busy at
    any moment of it: ``inspection.inspector_not_free``, naming them (their name, not
    their account) and the busy time, Beijing time.

    The free/busy counts every scheduled inspection, ``inspection`` too: its own time
    does not keep its own team from it. A member the answer does not list (a day
    outside its range) is not refused here; the platform's own answer is the last word.
    """
    shown = {p.username: p for p in free_busy.inspectors}
    own = (inspection.starts_at, inspection.ends_at)
    for username in team:
        person = shown.get(username)
        if person is None:
            continue
        for busy in person.busy:
            if username in inspection.inspectors and (busy.start, busy.end) == own:
                continue
            if busy.start < end and start < busy.end:
                raise DomainError("inspection.inspector_not_free",
                                  inspector=person.display_name or username,
                                  start=_local(busy.start), end=_local(busy.end))


# A visit in these states holds its team against a confirmation; one only proposed does
# not (two proposals kept from before the clash check: the first confirmed goes).
_STANDING = frozenset({InspectionStatus.CONFIRMED, InspectionStatus.RECORDED})


def check_confirm_free(inspection: Inspection, visits: Iterable[Inspection],
                       free_busy: FreeBusyAnswer | None, *, organiser: str) -> None:
    """Refuse confirming ``inspection``'s proposed time when one of its team is no longer
    free then: out on another visit that stands (``visits``, confirmed or recorded) or
    busy by ``free_busy`` (leave, a meeting, a visit the records do not hold) —
    ``inspection.confirm_inspector_busy``, naming them by name (as the free/busy lists
    them; by account only when it does not), the busy time (Beijing time), the visit,
    and the organiser (``organiser``, its name), who proposes another time or inspector.

    One rule for the client (the visits of its store, the free/busy copy the planner
    kept) and the platform (every case's visits, its own free/busy): the first clash
    in the team's order, then in time, so both say the same. The inspection's own time
    does not hold its own team, nor does a known visit only proposed.
    """
    assert inspection.starts_at is not None and inspection.ends_at is not None
    start, end, team = inspection.starts_at, inspection.ends_at, inspection.inspectors
    shown = {} if free_busy is None else {p.username: p for p in free_busy.inspectors}
    names = names_shown(free_busy)
    clashes: list[tuple[int, dt.datetime, dt.datetime]] = []
    proposed: set[tuple[str, dt.datetime, dt.datetime]] = set()
    for other in visits:
        if other.id == inspection.id or other.starts_at is None or other.ends_at is None:
            continue
        if other.status not in _STANDING:
            proposed |= {(u, other.starts_at, other.ends_at) for u in other.inspectors}
            continue
        clashes += [(n, other.starts_at, other.ends_at) for n, u in enumerate(team)
                    if u in other.inspectors]
    for n, username in enumerate(team):
        person = shown.get(username)
        clashes += [(n, b.start, b.end) for b in (person.busy if person else ())
                    if (b.start, b.end) != (start, end)
                    and (username, b.start, b.end) not in proposed]
    for n, busy_from, busy_to in sorted(clashes):
        if busy_from < end and start < busy_to:
            raise DomainError("inspection.confirm_inspector_busy", **identified(inspection),
                              inspector=names.get(team[n]) or team[n],
                              start=_local(busy_from), end=_local(busy_to),
                              organiser=organiser)
