"""Planner week view: paint and scroll with 60 inspector lanes and a full week of inspections.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/planner.py [--lanes 60] [--runs 50]

Times a full repaint of the viewport (``repaint()`` paints synchronously)
and a repaint after each scroll step, down the whole list and back. Every
lane has a week of commitments: 2–5 a day (visits, meetings, leave) plus
suggested slots across the team. Target: a repaint under 16 ms (one frame).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

CST = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.date(2025, 3, 3)


def _week(lanes: int, seed: int = 1) -> tuple[list[object], dict[str, list[object]]]:
    from ui.planner.view import Block, Lane

    rng = random.Random(seed)
    people, blocks = [], {}
    for n in range(lanes):
        lane = Lane(f"inspector{n:02d}", f"检查员{n:02d}（演示）", f"DEPT-{n % 6}")
        people.append(lane)
        items = []
        for day in range(5):
            hour = 8.5
            for _ in range(rng.randint(2, 5)):
                start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(), CST) + \
                    dt.timedelta(hours=hour)
                length = rng.choice((1.0, 1.5, 2.0))
                kind = rng.choice(("inspection", "inspection", "meeting", "other", "leave"))
                items.append(Block(start, start + dt.timedelta(hours=length), kind,
                                   f"220100-25030{day}-{n:04d}"))
                hour += length + rng.choice((0.25, 0.5, 1.0))
                if hour >= 17:
                    break
        blocks[lane.id] = items
    return people, blocks


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return (f"median {statistics.median(samples) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, "
            f"max {samples[-1] * 1000:.2f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lanes", type=int, default=60)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from ui.planner.view import PlannerView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = PlannerView()
    view.resize(1400, 820)
    view.show()
    app.processEvents()
    lanes, blocks = _week(args.lanes)
    days = [MONDAY + dt.timedelta(days=n) for n in range(7)]
    view.set_range(MONDAY, 7, days[:5], [d.isoformat() for d in days])
    started = time.perf_counter()
    view.set_lanes(lanes, blocks)  # type: ignore[arg-type]
    loaded = time.perf_counter() - started
    team = [lane.id for lane in lanes[::10]]  # type: ignore[attr-defined]
    view.set_suggestions([(dt.datetime.combine(d, dt.time(9), CST),
                           dt.datetime.combine(d, dt.time(11), CST), team) for d in days[:5]])
    count = sum(len(b) for b in blocks.values())
    print(f"{args.lanes} lanes, {count} commitments in the week; load {loaded * 1000:.1f} ms")
    paint = []
    for _ in range(args.runs):
        t = time.perf_counter()
        view.viewport().repaint()
        paint.append(time.perf_counter() - t)
    print(f"full repaint: {_ms(paint)}")
    bar = view.verticalScrollBar()
    scroll = []
    for value in [*range(0, bar.maximum() + 1, bar.singleStep()),
                  *range(bar.maximum(), -1, -bar.singleStep())]:
        t = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        scroll.append(time.perf_counter() - t)
    print(f"scroll step + repaint ({len(scroll)} steps): {_ms(scroll)}")
    worst = max(statistics.median(paint), statistics.median(scroll)) * 1000
    print(f"target: repaint under 16 ms — {'met' if worst < 16 else 'NOT met'}")
    view.close()


if __name__ == "__main__":
    main()
