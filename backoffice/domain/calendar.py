"""The work calendar: which days are working days in mainland China.

Answers come from a chain of sources, first match per *year* wins:

1. a :class:`PublishedCalendar` sent by the central platform (authoritative);
2. the ``chinesecalendar`` package (authoritative for the years it ships);
3. the fallback: Monday to Friday work, except the public holidays fixed by
   date (:data:`FIXED_HOLIDAYS`: 1 January, 1–2 May, 1–3 October). Never
   raises, but every answer from it is **provisional**, because the State
   Council publishes each year's holidays and adjusted working days (调休)
   only late in the year before; the holidays that move with the lunar
   calendar and the adjusted days are not known until then.

Years are the unit because both the State Council notice and the package
cover whole years; mixing sources inside one year would mix two different
holiday arrangements.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from backoffice.domain.errors import DomainError

_log = logging.getLogger("backoffice.domain")

__all__ = [
    "FIXED_HOLIDAYS",
    "CalendarSource",
    "ChineseCalendarPackage",
    "PublishedCalendar",
    "WorkCalendar",
    "YearRules",
    "YearSource",
    "default_calendar",
    "kept_calendar",
]


# The public holidays fixed by date in 《全国年节及纪念日放假办法》 (as revised in 2024):
# New Year's Day, Labour Day (1–2 May) and National Day (1–3 October), (month, day).
# The Spring Festival and the others move with the lunar calendar or the solar terms.
# Off whatever a year's notice will say: the fallback counts them as holidays, so
# a deadline or a visit never falls on 1 January only because the notice is not out.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})
# Part of the fingerprint: a store whose estimates counted the fallback without
# the fixed holidays recomputes them once.
_FALLBACK_RULE = "weekends+fixed-holidays"


class CalendarSource(StrEnum):
    """Where the answer for a year came from."""

    PLATFORM = "platform"
    PACKAGE = "chinesecalendar"
    WEEKENDS = "weekends"  # the fallback: weekends and the fixed-date holidays off


@dataclass(frozen=True, slots=True)
class YearRules:
    """One year's statutory holidays and adjusted working days.

    A day works when it is listed in ``working_days``, or when it is Monday to
    Friday and not listed in ``holidays``. Weekend days inside a holiday
    block may be listed in ``holidays`` or not; it makes no difference.
    """

    year: int
    holidays: frozenset[dt.date]
    working_days: frozenset[dt.date]

    def __post_init__(self) -> None:
        for day in self.holidays | self.working_days:
            if day.year != self.year:
                raise DomainError(
                    "calendar.date_outside_year", year=self.year, date=day.isoformat()
                )
        both = self.holidays & self.working_days
        if both:
            raise DomainError("calendar.conflicting_day", date=min(both).isoformat())

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> YearRules:
        """Build from ``{"year": 2026, "holidays": [...], "working_days": [...]}``.

        Dates are ISO strings (or ``date`` objects); bad input raises
        :class:`DomainError` with a ``calendar.*`` code, never a ``KeyError``.
        """
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            raise DomainError("calendar.bad_year", year=year)
        return cls(
            year=year,
            holidays=_parse_dates(data.get("holidays", ()), year),
            working_days=_parse_dates(data.get("working_days", ()), year),
        )


def _parse_dates(values: object, year: int) -> frozenset[dt.date]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise DomainError("calendar.bad_date_list", year=year)
    out: set[dt.date] = set()
    for value in values:
        if isinstance(value, dt.datetime):
            raise DomainError("calendar.bad_date", year=year, value=str(value))
        if isinstance(value, dt.date):
            out.add(value)
            continue
        try:
            out.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            raise DomainError("calendar.bad_date", year=year, value=str(value)) from None
    return frozenset(out)


class YearSource(Protocol):
    """An authoritative source of whole years of calendar data."""

    @property
    def kind(self) -> CalendarSource: ...

    @property
    def years(self) -> Iterable[int]:
        """Every year this source covers."""
        ...

    def rules_for(self, year: int) -> YearRules | None:
        """The year's rules, or ``None`` when this source does not cover it."""
        ...


class PublishedCalendar:
    """The calendar the central platform publishes, one :class:`YearRules` a year."""

    kind = CalendarSource.PLATFORM

    def __init__(self, years: Iterable[YearRules]) -> None:
        by_year: dict[int, YearRules] = {}
        for rules in years:
            if rules.year in by_year:
                raise DomainError("calendar.duplicate_year", year=rules.year)
            by_year[rules.year] = rules
        self._years: Mapping[int, YearRules] = by_year

    @classmethod
    def from_data(cls, data: Iterable[Mapping[str, Any]]) -> PublishedCalendar:
        return cls(YearRules.from_data(item) for item in data)

    @property
    def years(self) -> frozenset[int]:
        return frozenset(self._years)

    def rules_for(self, year: int) -> YearRules | None:
        return self._years.get(year)


class ChineseCalendarPackage:
    """The ``chinesecalendar`` package, read once into per-year sets.

    Coverage is the span of years in the package's ``holidays`` table, the
    same test the package applies before raising ``NotImplementedError``; we
    read its tables directly so the hot path never meets that exception.
    """

    kind = CalendarSource.PACKAGE

    def __init__(self) -> None:
        holidays: dict[int, set[dt.date]] = {}
        working: dict[int, set[dt.date]] = {}
        try:
            import chinese_calendar
        except ImportError:  # a broken install must degrade to weekends, not crash
            self._first, self._last = 1, 0
        else:
            for day in chinese_calendar.holidays:
                holidays.setdefault(day.year, set()).add(day)
            for day in chinese_calendar.workdays:
                working.setdefault(day.year, set()).add(day)
            self._first, self._last = min(holidays), max(holidays)
        self._holidays = holidays
        self._working = working

    @property
    def years(self) -> range:
        return range(self._first, self._last + 1)

    def rules_for(self, year: int) -> YearRules | None:
        if not self._first <= year <= self._last:
            return None
        return YearRules(
            year=year,
            holidays=frozenset(self._holidays.get(year, ())),
            working_days=frozenset(self._working.get(year, ())),
        )


@dataclass(frozen=True, slots=True)
class _Year:
    source: CalendarSource
    ordinals: tuple[int, ...]  # working days, sorted, as date ordinals
    members: frozenset[int]


def _compile(year: int, rules: YearRules | None, source: CalendarSource) -> _Year:
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    holidays = {d.toordinal() for d in rules.holidays} if rules else {
        dt.date(year, month, day).toordinal() for month, day in FIXED_HOLIDAYS}
    extra = {d.toordinal() for d in rules.working_days} if rules else set()
    # date.weekday() == (ordinal + 6) % 7, so Monday..Friday are 0..4
    ordinals = tuple(
        o for o in range(first, last + 1) if o in extra or ((o + 6) % 7 < 5 and o not in holidays)
    )
    return _Year(source, ordinals, frozenset(ordinals))


class WorkCalendar:
    """Working days from a chain of sources; the fallback (weekends, fixed-date holidays) last.

    Year data is compiled once into a sorted tuple of ordinals, so counting
    and stepping over long ranges costs a bisection per year, not a loop per
    day. Instances are safe to share between threads: the cache only grows,
    and a race at worst compiles a year twice.
    """

    def __init__(self, sources: Sequence[YearSource] = ()) -> None:
        self._sources = tuple(sources)
        self._cache: dict[int, _Year] = {}

    @classmethod
    def standard(cls, published: PublishedCalendar | None = None) -> WorkCalendar:
        """The usual chain: platform (if given) > chinesecalendar > weekends."""
        package = _package()
        return cls((published, package) if published is not None else (package,))

    def _year(self, year: int) -> _Year:
        compiled = self._cache.get(year)
        if compiled is None:
            compiled = _compile(year, None, CalendarSource.WEEKENDS)
            for source in self._sources:
                rules = source.rules_for(year)
                if rules is not None:
                    compiled = _compile(year, rules, source.kind)
                    break
            self._cache[year] = compiled
        return compiled

    def fingerprint(self) -> str:
        """A digest of every answer this chain gives: equal digests, equal calendars.

        The store keeps the digest of the calendar its deadline columns were
        computed with, so opening it with the same calendar (every start)
        costs nothing, while a new platform calendar or an upgraded
        ``chinesecalendar`` package is noticed and the columns recomputed.
        Only the years a source covers count: beyond them every chain is
        the same fallback alike.
        """
        digest = hashlib.sha256(_FALLBACK_RULE.encode())
        for source in self._sources:
            digest.update(f"|{source.kind.value}".encode())
            for year in sorted(source.years):
                rules = source.rules_for(year)
                if rules is None:
                    continue
                digest.update(f";{year}:".encode())
                digest.update(",".join(sorted(d.isoformat() for d in rules.holidays)).encode())
                digest.update(b"/")
                digest.update(",".join(sorted(d.isoformat() for d in rules.working_days)).encode())
        return digest.hexdigest()

    def source_for(self, day: dt.date) -> CalendarSource:
        return self._year(day.year).source

    def is_provisional(self, day: dt.date) -> bool:
        """True when only the fallback (weekends, fixed-date holidays) covers ``day``'s year."""
        return self._year(day.year).source is CalendarSource.WEEKENDS

    def any_provisional(self, start: dt.date, end: dt.date) -> bool:
        """True when some day of ``start..end`` (inclusive) is provisional."""
        return any(
            self._year(y).source is CalendarSource.WEEKENDS for y in range(start.year, end.year + 1)
        )

    def is_working_day(self, day: dt.date) -> bool:
        return day.toordinal() in self._year(day.year).members

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` not counted; 0 → ``day``)."""
        if n < 0:
            raise DomainError("calendar.negative_working_days", working_days=n)
        if n == 0:
            return day
        year = day.year
        ordinals = self._year(year).ordinals
        pos = bisect.bisect_right(ordinals, day.toordinal())
        while pos + n > len(ordinals):
            n -= len(ordinals) - pos
            year += 1
            ordinals = self._year(year).ordinals
            pos = 0
        return dt.date.fromordinal(ordinals[pos + n - 1])

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        year = day.year
        ordinals = self._year(year).ordinals
        pos = bisect.bisect_left(ordinals, day.toordinal())
        while pos == 0:
            year -= 1
            ordinals = self._year(year).ordinals
            pos = len(ordinals)
        return dt.date.fromordinal(ordinals[pos - 1])

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``start..end``, both ends included; 0 when empty."""
        if start > end:
            return 0
        lo, hi = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._year(year).ordinals
            total += bisect.bisect_right(ordinals, hi) - bisect.bisect_left(ordinals, lo)
        return total


@functools.cache
def _package() -> ChineseCalendarPackage:
    return ChineseCalendarPackage()


@functools.cache
def default_calendar() -> WorkCalendar:
    """The shared chinesecalendar > weekends chain used when none is given."""
    return WorkCalendar.standard()


def kept_calendar(text: str | None) -> WorkCalendar:
    """The chain headed by a platform calendar kept as JSON (``None``: none kept).

    Kept only once it parsed; if the text rotted since, the chain without it
    (the next sync fetches it again) rather than a store that cannot open.
    """
    if text is None:
        return default_calendar()
    try:
        return WorkCalendar.standard(PublishedCalendar.from_data(json.loads(text)))
    except (ValueError, TypeError, AttributeError, DomainError):
        _log.warning("the kept platform calendar is unreadable; using the package's",
                     exc_info=True)
        return default_calendar()
