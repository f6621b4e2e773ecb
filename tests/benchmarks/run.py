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
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (title, script, its arguments at full size, with --quick)
BENCHMARKS: list[tuple[str, str, list[str], list[str]]] = [
    ("deadlines", "deadlines.py", [], ["--tasks", "2000"]),
    ("store: search and inbox", "store_search.py", [], ["--cases", "500"]),
    ("sandbox platform: demo data, seed, first pull", "sandbox.py", [], ["--cases", "200"]),
    ("sync: initial, incremental, push of 1,000 commands", "sync.py", [], ["--cases", "200"]),
    ("first pull with the window open: rows in the list, the GUI thread's pauses",
     "first_pull_gui.py", [], ["--cases", "200"]),
    ("inbox list: 200,000 tasks — first paint, filter, search, scroll, memory",
     "inbox.py", [], ["--tasks", "2000", "--runs", "1"]),
    ("joint inspection planning: slot search, 60 inspectors × 60 working days",
     "planning.py", [], ["--runs", "3"]),
    ("planner week view: 60 inspector lanes, a full week — repaint and scroll",
     "planner.py", [], ["--runs", "5"]),
    ("start-up: process start to first window painted", "startup.py", [], ["--runs", "2"]),
]


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
    failed: list[str] = []
    for title, script, full, quick in BENCHMARKS:
        print(f"\n## {title}", flush=True)
        # A process each: Linux keeps a process's peak RSS across fork and
        # exec, so a benchmark's child (the app, the sync client) started from
        # a parent that ran the others would report the parent's peak memory.
        done = subprocess.run([sys.executable, str(HERE / script), *(quick if args.quick else full)],
                              check=False)
        if done.returncode != 0:
            failed.append(f"{script} (exit {done.returncode})")
    if failed:
        sys.exit("benchmarks that did not run through: " + ", ".join(failed))


if __name__ == "__main__":
    main()
