"""``python -m benchmarks [--quick]``: every benchmark, one after the other."""

from __future__ import annotations

import argparse
import os
import platform
import sys

from benchmarks import deadlines, store_search


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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check they run")
    args = parser.parse_args()
    print(f"machine: {_machine()}")
    sys.stdout.flush()
    print("\n## deadlines")
    deadlines.main(["--tasks", "2000"] if args.quick else [])
    print("\n## store: search and inbox")
    store_search.main(["--cases", "500"] if args.quick else [])


if __name__ == "__main__":
    main()
