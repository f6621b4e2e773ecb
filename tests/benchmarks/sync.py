"""Times of the sync engine against the sandbox on loopback (numbers, never pass/fail).

    .venv/bin/python tests/benchmarks/sync.py [--cases 20000] [--seeded PATH] [--link 60,20,5]

``--seeded PATH`` keeps the seeded platform database (and reuses a copy of
it on later runs: seeding takes half a minute); ``SYNC_BENCH_PROFILE=FILE``
writes a pyinstrument profile of the initial sync's main thread (pip
install pyinstrument; not a dependency); ``SYNC_BENCH_CPROFILE=FILE`` dumps cProfile's
statistics of the same thread (``python -m pstats FILE``), timed by the
thread's CPU clock: with other work on the machine a wall-clock profile
charges SQLite's calls with the waits for a core (4.3 s of "executemany"
that were 1.5 s of CPU); the profiler's own cost per call still inflates
Python functions against C ones about threefold; ``SYNC_BENCH_TRACE=FILE`` prints
how the first pull's time splits between fetching pages and applying them
and writes the timeline of every fetch, apply and wait to FILE (JSON).
``--link RTT_MS,DOWN_MBIT,UP_MBIT`` puts a simulated network link
(``link.py``) between the client and the platform, e.g. ``60,20,5`` for a
field laptop's mobile connection.

The worst case for a first pull: one department that sees *every* case
(the demo data is generated, then every case gets that department as its
lead and every material as its own, so it receives all cases, all tasks
— other departments' in reduced form — and all materials' metadata). The
platform runs in its own process (``backoffice sandbox serve``) and so does
the measured client, so the peak memory printed is the client's alone.

Measured: the initial sync (push of an empty queue, every page of the
change feed, the work calendar), an incremental sync of 100 changes made
by a colleague, and the push of 1,000 queued comments. Then the yardstick
issue 4 names — the same feed fetched, parsed and inserted with plain
sqlite3 (``plain_pull.py``; ``--no-plain`` skips it) — against a fresh copy
of the same platform: this VM's speed moves by half between runs, so the
ratio of the two is the steadier figure.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring.backend

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "benchmark-only"
TODAY = dt.date(2026, 11, 27)


class _MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def _line(label: str, seconds: float, note: str = "") -> None:
    print(f"{label:<48} {1000 * seconds:10.1f} ms  {note}", flush=True)


def _peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux from ``VmHWM``: ``ru_maxrss`` survives ``exec`` and so reports
    the parent's size at the fork (here the parent that generated and seeded
    the data: some 640 MB), not the client's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    # Elsewhere ru_maxrss (bytes on macOS, KiB on Linux), with the caveat above.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(cases: int, path: Path) -> tuple[str, str]:
    """Seed ``path``; returns (the all-seeing department's reviewer, a colleague)."""
    from backoffice.sandbox import db
    from backoffice.sandbox.demo import generate
    from backoffice.sandbox.seed import seed

    data = generate(cases=cases, seed=1, today=TODAY)
    dept = max({u.department_code for u in data.users if "reviewer" in u.roles},
               key=lambda d: sum(t.department_code == d for t in data.tasks))
    data = dataclasses.replace(
        data,
        cases=tuple(dataclasses.replace(c, lead_department=dept) for c in data.cases),
        materials=tuple(dataclasses.replace(m, department_code=dept) for m in data.materials),
    )
    engine = db.make_engine(str(path))
    seed(engine, data, password=PASSWORD, today=TODAY)
    engine.dispose()
    me, colleague = [u.username for u in data.users
                     if u.department_code == dept and "reviewer" in u.roles][:2]
    return me, colleague


def _cpu_of(pid: int) -> float | None:
    """CPU seconds (user and system) process ``pid`` has used so far; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            # The command name (field 2) may hold spaces: count from after it.
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_phase(url: str, user: str, colleague: str, store_path: str,
                 platform_pid: str = "0") -> dict[str, Any]:
    """Runs in its own process; returns the figures as a dict."""
    keyring.set_keyring(_MemoryKeyring())
    from backoffice.domain.commands import Command
    from backoffice.remote import PlatformClient
    from backoffice.remote.http import HttpSettings, build_session
    from backoffice.store import Store
    from backoffice.sync.engine import SyncEngine

    requests_made = [0]
    settings = HttpSettings(total_timeout=300)
    session = build_session(settings)
    session.hooks["response"].append(lambda r, *a, **k: requests_made.__setitem__(
        0, requests_made[0] + 1))
    client = PlatformClient(url, settings=settings, session=session)
    client.login(user, PASSWORD)
    store = Store.open(store_path)
    engine = SyncEngine(store, client)
    out: dict[str, Any] = {}
    stop_trace = _trace(engine) if os.environ.get("SYNC_BENCH_TRACE") else None

    before = requests_made[0]
    profile = os.environ.get("SYNC_BENCH_PROFILE")  # a path: pyinstrument's text report
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    cprofile = os.environ.get("SYNC_BENCH_CPROFILE")  # a path: cProfile's stats (pstats)
    if cprofile:
        import cProfile

        cprofiler = cProfile.Profile(time.thread_time)
        cprofiler.enable()
    arrivals = _arrivals(engine, store_path)
    platform0 = _cpu_of(int(platform_pid))
    t0, cpu0 = time.perf_counter(), time.process_time()
    first = engine.sync_once()
    out["initial_s"] = time.perf_counter() - t0
    platform1 = _cpu_of(int(platform_pid))
    if platform0 is not None and platform1 is not None:
        # What the platform spent serving it, on the same two cores.
        out["initial_platform_cpu_s"] = platform1 - platform0
    if stop_trace is not None:
        out["trace"] = stop_trace()
    if cprofile:
        cprofiler.disable()
        cprofiler.dump_stats(cprofile)
    if profile:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, show_all=False))
    # The client's CPU (all its threads): less disturbed than wall time when
    # other work shares the machine.
    out["initial_cpu_s"] = time.process_time() - cpu0
    out["initial_requests"] = requests_made[0] - before
    out["arrivals"] = [(at - t0, tasks) for at, tasks in arrivals()]
    out["initial_pages"] = first.pull.pages
    out["initial_records"] = first.pull.records
    with store.read() as uow:
        out["cases"], out["tasks"] = uow.cases.count(), uow.tasks.count()
        out["materials"] = uow.materials.count()
    out["peak_rss_mb"] = _peak_rss_mb()

    # A colleague makes 100 changes; our next sync brings them.
    other = PlatformClient(url, settings=settings)
    other.login(colleague, PASSWORD)
    with store.read() as uow:
        cases = uow.cases.all(limit=100)
    from backoffice.sync.wire import command_in

    now = dt.datetime.now(dt.UTC)
    other.push([command_in(Command.new("comment.add", c.case_code, c.version,
                                       {"text": f"同事备注 {i}"}, author=colleague, now=now))
                for i, c in enumerate(cases)])
    before = requests_made[0]
    t0 = time.perf_counter()
    incremental = engine.sync_once()
    out["incremental_s"] = time.perf_counter() - t0
    out["incremental_records"] = incremental.pull.records
    out["incremental_requests"] = requests_made[0] - before

    # 1,000 comments queued offline, then one push.
    with store.read() as uow:
        targets = uow.cases.all(limit=1000)
    t0 = time.perf_counter()
    for i, c in enumerate(targets):
        store.record_command(Command.new("comment.add", c.case_code, c.version,
                                         {"text": f"离线备注 {i} {uuid.uuid4()}"}, author=user))
    out["queued"] = len(targets)  # fewer than 1,000 when there are fewer cases
    out["queue_1000_s"] = time.perf_counter() - t0
    before = requests_made[0]
    t0 = time.perf_counter()
    pushed = engine.push()
    out["push_1000_s"] = time.perf_counter() - t0
    out["push_applied"] = pushed.applied
    out["push_requests"] = requests_made[0] - before
    out["peak_rss_mb_end"] = _peak_rss_mb()
    store.close()
    return out


def _arrivals(engine: Any, store_path: str) -> Callable[[], list[tuple[float, int]]]:
    """When each page was stored, and how many review tasks the store then held.

    The inbox lists what is stored (it refreshes as a pull goes): this says
    when the person's rows were there, long before the materials are.
    Counted on the sync thread with a plain read-only connection (about a
    millisecond a page); returns the function that stops counting.
    """
    import sqlite3

    seen: list[tuple[float, int]] = []
    last = [0]
    reader: list[sqlite3.Connection] = []

    def listen(status: Any) -> None:
        if status.received > last[0]:
            last[0] = status.received
            if not reader:
                reader.append(sqlite3.connect(f"file:{store_path}?mode=ro", uri=True,
                                              check_same_thread=False))
            (tasks,) = reader[0].execute("SELECT count(*) FROM review_tasks").fetchone()
            seen.append((time.perf_counter(), tasks))

    stop = engine.status.subscribe(listen)

    def done() -> list[tuple[float, int]]:
        stop()
        for connection in reader:
            connection.close()
        return seen

    return done


def _trace(engine: Any) -> Callable[[], dict[str, float]]:
    """Time the pull's two sides: fetching pages (helper thread) and applying them.

    ``SYNC_BENCH_TRACE=FILE``: wall and thread CPU seconds of each side, and
    how long the applying side waited for a page (its fetch not done yet);
    FILE gets the timeline (start and end of every fetch, apply and wait).
    Returns the function that stops timing and gives the totals.
    """
    import concurrent.futures

    totals: dict[str, float] = defaultdict(float)
    timeline: list[tuple[str, float, float]] = []

    def timed(side: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                t1 = time.perf_counter()
                totals[f"{side}_s"] += t1 - t0
                totals[f"{side}_cpu_s"] += time.thread_time() - c0
                timeline.append((side, t0, t1))
        return run

    originals = (engine.client.changes, engine._apply_page, concurrent.futures.Future.result)
    engine.client.changes = timed("fetch", originals[0])
    engine._apply_page = timed("apply", originals[1])
    concurrent.futures.Future.result = timed("wait", originals[2])  # type: ignore[method-assign]

    def stop() -> dict[str, float]:
        engine.client.changes, engine._apply_page = originals[:2]
        concurrent.futures.Future.result = originals[2]  # type: ignore[method-assign]
        Path(os.environ["SYNC_BENCH_TRACE"]).write_text(json.dumps(timeline))
        return dict(totals)

    return stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seeded", type=Path, metavar="PATH",
                        help="keep the seeded platform database here and reuse it on later "
                             "runs (each run serves a fresh copy)")
    parser.add_argument("--client", nargs=5,
                        metavar=("URL", "USER", "COLLEAGUE", "STORE", "PLATFORM_PID"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--plain", nargs=4, metavar=("URL", "USER", "STORE", "PLATFORM_PID"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the yardstick (the same feed into plain sqlite3, "
                             "plain_pull.py)")
    parser.add_argument("--link", metavar="RTT_MS,DOWN_MBIT,UP_MBIT",
                        help="talk to the platform through a simulated link (link.py), "
                             "e.g. 60,20,5 for a mobile connection")
    args = parser.parse_args(argv)
    if args.client:
        print(json.dumps(client_phase(*args.client)))
        return
    if args.plain:
        print(json.dumps(plain_phase(*args.plain)))
        return
    plain: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "platform.sqlite3"
        user, colleague = _platform(args.cases, db_path, args.seeded)
        # The yardstick gets a platform of its own, as seeded: the measured
        # client's later phases change the feed.
        plain_db = db_path.with_name("platform-plain.sqlite3")
        if not args.no_plain:
            shutil.copyfile(db_path, plain_db)
        env = dict(os.environ, BACKOFFICE_DATA_DIR=str(Path(tmp) / "data"))
        with serving(db_path, env) as (url, pid), _linked(url, args.link) as url:
            done = subprocess.run(
                [sys.executable, __file__, "--client", url, user, colleague,
                 str(Path(tmp) / "client.sqlite3"), str(pid)],
                cwd=REPO, env=env, capture_output=True, text=True, check=True)
        if not args.no_plain:
            with serving(plain_db, env) as (url, pid), _linked(url, args.link) as url:
                yardstick = subprocess.run(
                    [sys.executable, __file__, "--plain", url, user,
                     str(Path(tmp) / "plain.sqlite3"), str(pid)],
                    cwd=REPO, env=env, capture_output=True, text=True, check=True)
            plain = json.loads(yardstick.stdout.strip().splitlines()[-1])
    r = json.loads(done.stdout.strip().splitlines()[-1])
    _line("initial sync (push, pull, calendar)", r["initial_s"],
          f"({r['cases']:,} cases, {r['tasks']:,} tasks, {r['materials']:,} materials; "
          f"{r['initial_records']:,} records in {_count(r['initial_pages'], 'page')}, "
          f"{r['initial_requests']} requests; client CPU {r['initial_cpu_s']:.1f} s, "
          f"peak RSS {r['peak_rss_mb']:.0f} MB)")
    if "initial_platform_cpu_s" in r:
        both = r["initial_cpu_s"] + r["initial_platform_cpu_s"]
        print(f"  first pull's CPU: client {r['initial_cpu_s']:.1f} s + platform "
              f"{r['initial_platform_cpu_s']:.1f} s = {both:.1f} s; on 2 cores no less "
              f"than {both / 2:.1f} s of wall time")
    arrivals = r["arrivals"]
    if arrivals and arrivals[-1][1]:
        first = next(at for at, tasks in arrivals if tasks)
        every = next(at for at, tasks in arrivals if tasks == arrivals[-1][1])
        print(f"  stored (the inbox refreshes as pages come): first tasks at {first:.1f} s, "
              f"all {arrivals[-1][1]:,} tasks at {every:.1f} s")
    _line("incremental sync of 100 changes", r["incremental_s"],
          f"({r['incremental_records']} records, {r['incremental_requests']} requests)")
    _line(f"queue {r['queued']:,} comments (one transaction each)", r["queue_1000_s"])
    _line(f"push {r['queued']:,} queued commands", r["push_1000_s"],
          f"({r['push_applied']} applied, {r['push_requests']} requests; "
          f"client peak RSS {r['peak_rss_mb_end']:.0f} MB)")
    if plain is not None:
        _line("yardstick: the same feed into plain sqlite3", plain["wall_s"],
              f"({plain['records']:,} records in {_count(plain['pages'], 'page')}; "
              f"client CPU {plain['cpu_s']:.1f} s, platform CPU "
              f"{plain.get('platform_cpu_s', float('nan')):.1f} s)")
        print(f"  its CPU: fetching {plain['fetch_cpu_s']:.1f} s, json.loads "
              f"{plain['parse_cpu_s']:.1f} s, rows and inserts {plain['insert_cpu_s']:.1f} s; "
              f"the initial sync took {r['initial_s'] / plain['wall_s']:.1f}× its time and "
              f"{r['initial_cpu_s'] / plain['cpu_s']:.1f}× its client CPU "
              f"(issue 4's 5 s is 10× the 0.5 s it names)")
    if "trace" in r:
        t = r["trace"]
        print(f"  first pull: fetching {t['fetch_s']:.1f} s (CPU {t['fetch_cpu_s']:.1f} s), "
              f"applying {t['apply_s']:.1f} s (CPU {t['apply_cpu_s']:.1f} s), "
              f"waiting for a page {t['wait_s']:.1f} s")


def plain_phase(url: str, user: str, store_path: str, platform_pid: str) -> dict[str, Any]:
    """Runs in its own process: the yardstick (``plain_pull.py``) and the platform's CPU."""
    from plain_pull import plain_pull

    platform0 = _cpu_of(int(platform_pid))
    out = plain_pull(url, user, PASSWORD, store_path)
    platform1 = _cpu_of(int(platform_pid))
    if platform0 is not None and platform1 is not None:
        out["platform_cpu_s"] = platform1 - platform0
    return out


@contextlib.contextmanager
def _linked(url: str, link: str | None) -> Iterator[str]:
    """``url``, or the URL of a simulated link to it (``RTT_MS,DOWN_MBIT,UP_MBIT``)."""
    if link is None:
        yield url
        return
    from link import Link

    rtt_ms, down, up = (float(part) for part in link.split(","))
    with Link(("127.0.0.1", int(url.rsplit(":", 1)[1])), rtt_ms=rtt_ms, down_mbit=down,
              up_mbit=up) as simulated:
        yield simulated.url


@contextlib.contextmanager
def serving(db_path: Path, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """The sandbox on ``db_path`` in its own process: (its URL, its process id)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "sandbox", "serve", "--db", str(db_path),
         "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL)
    try:
        assert server.stdout is not None
        server.stdout.readline()  # "sandbox platform on …"
        url = f"http://127.0.0.1:{port}"
        _wait(url)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(30)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _platform(cases: int, db_path: Path, seeded: Path | None) -> tuple[str, str]:
    """Seed ``db_path`` — or copy it from ``seeded``, which the first run fills."""
    users = None if seeded is None else seeded.with_suffix(".users.json")
    if seeded is not None and users is not None and seeded.exists() and users.exists():
        shutil.copyfile(seeded, db_path)
        user, colleague = json.loads(users.read_text())
        print(f"platform database copied from {seeded}", flush=True)
        return user, colleague
    t0 = time.perf_counter()
    user, colleague = build(cases, db_path)
    _line(f"generate and seed {cases:,} cases", time.perf_counter() - t0,
          "(one department on every case)")
    if seeded is not None and users is not None:
        shutil.copyfile(db_path, seeded)
        users.write_text(json.dumps([user, colleague]))
    return user, colleague


def _wait(url: str) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/openapi.json", timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or a busy machine
            time.sleep(0.1)
    raise RuntimeError("the sandbox did not start")


if __name__ == "__main__":
    main()
