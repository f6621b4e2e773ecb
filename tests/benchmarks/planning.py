"""Times of the joint inspection slot search at a city's scale.

60 inspectors in 6 departments across 60 working days, 3–6 commitments a day
each (a fifth of them site visits, buffered). Target: under 50 ms a search on
2 cores. "cold" builds a fresh availability for each search (the index of
commitments and the per-day free time included); "warm" reuses one, as the
planner does while a person tries variants.

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/planning.py [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from backoffice.domain.calendar import default_calendar
from backoffice.domain.clock import shanghai_tz
from backoffice.planning.availability import Availability
from backoffice.planning.model import Busy, BusyKind, DepartmentNeed, Inspector, SlotRequest
from backoffice.planning.search import search

DEPARTMENTS = ("SCJG-220200", "XFJY-220200", "WSJK-220200", "ZRZY-220200", "ZJ-220200",
               "CSGL-220200")
FIRST_DAY = dt.date(2026, 3, 2)  # 60 working days from here run past Qingming and Labour Day


def _people(seed: int, days: list[dt.date]) -> list[Inspector]:
    rng = random.Random(seed)
    tz = shanghai_tz()
    kinds = (BusyKind.MEETING, BusyKind.OTHER, BusyKind.INSPECTION, BusyKind.MEETING,
             BusyKind.OTHER)
    people = []
    for d, department in enumerate(DEPARTMENTS):
        for n in range(10):
            busy = []
            for day in days:
                for _ in range(rng.randint(3, 6)):
                    start = dt.datetime.combine(day, dt.time(8), tz) + dt.timedelta(
                        minutes=15 * rng.randrange(0, 38))
                    busy.append(Busy(start, start + dt.timedelta(minutes=rng.choice((30, 45, 60))),
                                     rng.choice(kinds)))
            people.append(Inspector(f"{department[:4].lower()}.{n}", f"D{d}I{n}", department,
                                    frozenset({"q"}) if n % 2 else frozenset(), busy=tuple(busy)))
    return people


def _time(label: str, runs: int, once: Callable[[], object]) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    print(f"{label:<58} median {1000 * statistics.median(times):8.1f} ms"
          f"   max {1000 * max(times):8.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    calendar = default_calendar()
    days, day = [], FIRST_DAY
    while len(days) < 60:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    people = _people(args.seed, days)
    tz = shanghai_tz()
    window = (dt.datetime.combine(days[0], dt.time(), tz),
              dt.datetime.combine(days[-1], dt.time(23), tz))
    commitments = sum(len(p.busy) for p in people)
    print(f"{len(people)} inspectors, {len(DEPARTMENTS)} departments, {len(days)} working days "
          f"({days[0]}–{days[-1]}), {commitments:,} commitments")

    def request(needs: tuple[DepartmentNeed, ...], count: int = 5) -> SlotRequest:
        return SlotRequest(needs, dt.timedelta(hours=2), *window, count=count, max_per_day=2)

    four = (*(DepartmentNeed(d) for d in DEPARTMENTS[:3]),
            DepartmentNeed(DEPARTMENTS[3], qualification="q"),
            DepartmentNeed(DEPARTMENTS[4], required=False))
    six = tuple(DepartmentNeed(d, qualification="q" if i % 2 else None)
                for i, d in enumerate(DEPARTMENTS))
    buffer = dt.timedelta(minutes=30)

    def fresh() -> Availability:
        return Availability(people, calendar, buffer)

    warm = fresh()
    found = search(warm, request(four))
    print(f"  earliest slot for 4 departments + 1 optional: {found.slots[0].start:%Y-%m-%d %H:%M}"
          if found.slots else "  no slot for 4 departments")
    _time("5 slots, 4 departments + 1 optional, cold", args.runs,
          lambda: search(fresh(), request(four)))
    _time("5 slots, 4 departments + 1 optional, warm", args.runs,
          lambda: search(warm, request(four)))
    _time("5 slots, all 6 departments (3 qualified only), cold", args.runs,
          lambda: search(fresh(), request(six)))
    every = search(warm, request(six, count=200))
    _time(f"every slot of 60 days ({len(every.slots)}), 6 departments, cold", args.runs,
          lambda: search(fresh(), request(six, count=200)))
    # No slot at all: one department's only qualified inspectors are away the whole time,
    # so the search and its explanation (reasons and hints) go over all 60 days.
    away = [Inspector(f"gone.{n}", "G", "GA-220200", frozenset({"q"}), busy=(
        Busy(window[0], window[1] + dt.timedelta(days=1), BusyKind.LEAVE),)) for n in range(2)]
    blocked = (*six, DepartmentNeed("GA-220200", qualification="q"))
    result = search(Availability([*people, *away], calendar, buffer), request(blocked))
    assert result.explanation is not None
    print("  no-slot answer: " + ", ".join(n.code for n in (*result.explanation.reasons,
                                                              *result.explanation.hints)))
    _time("no slot in 60 days, 7 departments, with explanation, cold", args.runs,
          lambda: search(Availability([*people, *away], calendar, buffer), request(blocked)))
    t0 = time.perf_counter()
    for _ in range(args.runs):
        fresh()
    print(f"{'  of which: building the availability (lazy)':<58} "
          f"{1000 * (time.perf_counter() - t0) / args.runs:8.2f} ms")


if __name__ == "__main__":
    main()
