"""Times of the sandbox platform: demo data, seeding, and a first full pull.

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/sandbox.py [--cases 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import requests

from backoffice.sandbox import db
from backoffice.sandbox.demo import generate
from backoffice.sandbox.files import register_demo_files
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import running_sandbox

PASSWORD = "benchmark-only"


def _line(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<48} {1000 * seconds:10.1f} ms  {note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args(argv)
    today = dt.date(2026, 11, 27)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "platform.sqlite3"
        t0 = time.perf_counter()
        data = generate(cases=args.cases, seed=1, today=today)
        t1 = time.perf_counter()
        engine = db.make_engine(str(path))
        seed(engine, data, password=PASSWORD, today=today)
        t2 = time.perf_counter()
        register_demo_files(engine, data)
        t3 = time.perf_counter()
        engine.dispose()
        _line(f"generate {args.cases:,} cases", t1 - t0,
              f"({len(data.tasks):,} tasks, {len(data.materials):,} materials)")
        _line("seed into SQLite", t2 - t1)
        _line("register the materials' files (sizes)", t3 - t2)
        reviewer = max(
            (u for u in data.users if "reviewer" in u.roles),
            key=lambda u: sum(t.department_code == u.department_code for t in data.tasks),
        )
        with running_sandbox(str(path)) as sandbox:
            api = f"{sandbox.url}/api/v1"
            session = requests.Session()
            t4 = time.perf_counter()
            token = session.post(f"{api}/auth/login", timeout=30, json={
                "username": reviewer.username, "password": PASSWORD}).json()["access_token"]
            t5 = time.perf_counter()
            session.headers["Authorization"] = f"Bearer {token}"
            since: str | None = None
            records = pages = 0
            while True:
                params: dict[str, str | int] = {"limit": 500}
                if since:
                    params["since"] = since
                page = session.get(f"{api}/changes", params=params, timeout=60).json()
                records += len(page["changes"])
                pages += 1
                since = page["next_cursor"]
                if not page["has_more"]:
                    break
            t6 = time.perf_counter()
            _line("login (scrypt)", t5 - t4)
            _line(f"first full pull of {reviewer.department_code}", t6 - t5,
                  f"({records:,} changes in {pages} pages of 500, gzip)")


if __name__ == "__main__":
    main()
