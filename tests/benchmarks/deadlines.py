"""Times of the deadline engine at the inbox's scale (200,000 tasks).

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/deadlines.py [--tasks 200000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from backoffice.domain.calendar import default_calendar
from backoffice.domain.deadline_status import deadline_status
from backoffice.domain.deadlines import due_date
from backoffice.domain.model import Suspension


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    start = dt.date(2024, 1, 1)
    accepted = [start + dt.timedelta(days=rng.randrange(0, 3 * 365)) for _ in range(args.tasks)]
    days = [rng.choice((5, 10, 15, 20, 45)) for _ in range(args.tasks)]
    # One task in ten has a finished special procedure, one in fifty a running one.
    suspensions: list[tuple[Suspension, ...]] = []
    for a in accepted:
        r = rng.random()
        if r < 0.1:
            s = a + dt.timedelta(days=rng.randrange(1, 10))
            suspensions.append((Suspension(s, s + dt.timedelta(days=rng.randrange(0, 15))),))
        elif r < 0.12:
            suspensions.append((Suspension(a + dt.timedelta(days=2)),))
        else:
            suspensions.append(())
    calendar = default_calendar()
    calendar.is_working_day(start)  # compile the years outside the timing
    as_of = dt.date(2026, 11, 27)

    t0 = time.perf_counter()
    dues = [
        due_date(a, n, suspensions=s, calendar=calendar, as_of=as_of)
        for a, n, s in zip(accepted, days, suspensions, strict=True)
    ]
    t1 = time.perf_counter()
    for due, s in zip(dues, suspensions, strict=True):
        deadline_status(due, as_of, suspensions=s, calendar=calendar, as_of=as_of)
    t2 = time.perf_counter()
    n = args.tasks
    print(f"due_date for {n:,} tasks                       {1000 * (t1 - t0):10.1f} ms"
          f"   ({1e6 * (t1 - t0) / n:.2f} µs each)")
    print(f"deadline_status for {n:,} tasks                {1000 * (t2 - t1):10.1f} ms"
          f"   ({1e6 * (t2 - t1) / n:.2f} µs each)")


if __name__ == "__main__":
    main()
