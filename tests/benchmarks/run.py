"""Every benchmark, one after the other: they print numbers, never pass or fail on time.

    .venv/bin/python tests/benchmarks/run.py            # full sizes (1–2 minutes)
    .venv/bin/python tests/benchmarks/run.py --quick    # small sizes, to check they still run

A script rather than a package: ``tests/`` is no package (pytest imports its
test files by path), and no file here starts with ``test_``, so pytest never
collects a benchmark. The latest figures and the machine they came from are in
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

# The benchmarks beside this file, also when run from another directory.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deadlines
import first_pull_gui
import inbox
import planner
import planning
import sandbox
import startup
import store_search
import sync


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every benchmark (see docs/benchmarks.md).")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check they run")
    args = parser.parse_args()
    print(f"machine: {_machine()}")
    sys.stdout.flush()
    print("\n## deadlines")
    deadlines.main(["--tasks", "2000"] if args.quick else [])
    print("\n## store: search and inbox")
    store_search.main(["--cases", "500"] if args.quick else [])
    print("\n## sandbox platform: demo data, seed, first pull")
    sandbox.main(["--cases", "200"] if args.quick else [])
    print("\n## sync: initial, incremental, push of 1,000 commands")
    sync.main(["--cases", "200"] if args.quick else [])
    print("\n## first pull with the window open: rows in the list, the GUI thread's pauses")
    first_pull_gui.main(["--cases", "200"] if args.quick else [])
    print("\n## inbox list: 200,000 tasks — first paint, filter, search, scroll, memory")
    inbox.main(["--tasks", "2000", "--runs", "1"] if args.quick else [])
    print("\n## joint inspection planning: slot search, 60 inspectors × 60 working days")
    planning.main(["--runs", "3"] if args.quick else [])
    print("\n## planner week view: 60 inspector lanes, a full week — repaint and scroll")
    planner.main(["--runs", "5"] if args.quick else [])
    print("\n## start-up: process start to first window painted")
    startup.main(["--runs", "2"] if args.quick else [])


if __name__ == "__main__":
    main()
