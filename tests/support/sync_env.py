"""The sync tests' platform: demo data, whose accounts to use, a sandbox to serve it.

Imported by ``tests/sync`` as ``support.sync_env`` (not from their conftest:
``from conftest import`` would find whichever conftest pytest loaded last).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, TODAY, settings, start
from support.sandbox_env import demo_clock

from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient
from backoffice.sandbox.demo import DemoData, generate
from backoffice.sandbox.platform import Clock
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine

# Forty cases: enough unclaimed tasks, and one case waiting on three departments.
CASES = 40
_DATA: list[DemoData] = []


def data() -> DemoData:
    if not _DATA:
        _DATA.append(generate(cases=CASES, seed=1, today=TODAY, fresh=2))
    return _DATA[0]


def department_of(username: str) -> str:
    return next(u.department_code for u in data().users if u.username == username)


def staff(department: str, role: str) -> str:
    """The first demo account of ``department`` with ``role``."""
    return next(u.username for u in data().users
                if u.department_code == department and role in u.roles)


def reviewers(department: str) -> list[str]:
    return [u.username for u in data().users
            if u.department_code == department and "reviewer" in u.roles]


def busiest_unclaimed_department() -> str:
    counts = Counter(t.department_code for t in data().tasks if t.status == TaskStatus.UNCLAIMED)
    return counts.most_common(1)[0][0]


def shared_unclaimed_case() -> tuple[str, list[str]]:
    """A case with unclaimed tasks of several departments, and those departments."""
    by_case: dict[str, list[str]] = {}
    for t in data().tasks:
        if t.status == TaskStatus.UNCLAIMED:
            by_case.setdefault(t.case_code, []).append(t.department_code)
    code, departments = max(by_case.items(), key=lambda kv: len(kv[1]))
    assert len(departments) > 1
    return code, departments


def serve(path: Path, clock: Clock | None = None) -> Iterator[Sandbox]:
    """Seed ``path``, serve it on the demo's day (``clock``, default a :func:`demo_clock`
    of its own: the platform refuses a visit planned before its own time, and
    the tests plan in the demo's weeks; a restart on the same data takes the
    same clock, or its tokens would be years old)."""
    yield from start(path, data(), clock=clock or demo_clock())


NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)

# device(username, …) → a signed-in SyncEngine (the fixture below)
Device = Callable[..., SyncEngine]


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A fresh platform per test: these tests change its state."""
    yield from serve(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture
def device(sandbox: Sandbox, tmp_path: Path) -> Iterator[Device]:
    """``device(username, name=username, url=, http=)``: a signed-in client, its own store.

    ``url``: talk to the platform through e.g. a fault proxy; ``http``:
    changes to the fast test HTTP settings.
    """
    opened: list[Store] = []

    def make(username: str, name: str | None = None, *, url: str | None = None,
             http: dict[str, object] | None = None, **engine_args: object) -> SyncEngine:
        client = PlatformClient(url or sandbox.url, settings=settings(**(http or {})))
        client.login(username, PASSWORD)
        store = Store.open(tmp_path / f"{name or username}.sqlite3")
        opened.append(store)
        return SyncEngine(store, client, **engine_args)  # type: ignore[arg-type]

    yield make
    for store in opened:
        store.close()


def queue(engine: SyncEngine, kind: str, entity: str, key: str,
          payload: dict[str, object]) -> Command:
    """Queue the engine's person's command on the record's confirmed version, offline."""
    me = engine.client.username
    assert me is not None
    with engine.store.read() as uow:
        record = uow.repository(entity).confirmed(key)
    assert record is not None
    command = Command.new(kind, key, record.version, payload, author=me, now=NOW)
    engine.store.record_command(command)
    return command


def propose_day_before_due(engine: SyncEngine, code: str, inspection_id: str,
                           inspectors: list[str]) -> Command:
    """Queue ``inspection.propose`` of 9:00–11:00 on the day before the case's deadline."""
    with engine.store.read() as uow:
        case = uow.cases.get(code)
    assert case is not None and case.platform_due_date is not None
    start = dt.datetime.combine(case.platform_due_date - dt.timedelta(days=1), dt.time(9),
                                dt.timezone(dt.timedelta(hours=8)))
    return queue(engine, "inspection.propose", "inspection", inspection_id, {
        "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "inspectors": list(inspectors)})
