"""The real sandbox platform for tests of the client: small demo data, fast settings.

Shared by ``tests/remote`` (imported as ``support.platform_env``; ``tests/``
is on ``sys.path`` through the top-level conftest).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from support import sandbox_env
from support.sandbox_env import TODAY, seed_file

from backoffice.api import v1
from backoffice.remote import PlatformClient
from backoffice.remote.http import HttpSettings
from backoffice.sandbox.demo import DemoData, generate
from backoffice.sandbox.server import Sandbox, running_sandbox

PASSWORD = sandbox_env.PASSWORD  # every demo account's: seed_file seeds with it
CASES = 20
CST = dt.timezone(dt.timedelta(hours=8))

# Retries without waiting; the workstation's own read and total deadlines, which a
# loaded machine still meets (the sandbox seals a decision inside one request: ~5 s
# quiet, over 10 s with both cores busy).
FAST = HttpSettings(connect_timeout=5.0, read_timeout=30.0, total_timeout=60.0,
                    retries=2, backoff_factor=0.01, backoff_max=0.05, backoff_jitter=0.0)

# make_client(url=None, **settings): a new client with its own session
Make = Callable[..., PlatformClient]

_DATA: list[DemoData] = []


def demo_data() -> DemoData:
    if not _DATA:
        _DATA.append(generate(cases=CASES, seed=1, today=TODAY))
    return _DATA[0]


def user(department: str | None = None, role: str = "reviewer") -> str:
    """A demo account with ``role`` (in ``department``, or in the department with most tasks)."""
    data = demo_data()
    if department is None:
        counts: dict[str, int] = {}
        for task in data.tasks:
            counts[task.department_code] = counts.get(task.department_code, 0) + 1
        department = max((u.department_code for u in data.users if role in u.roles),
                         key=lambda d: counts.get(d, 0))
    return next(u.username for u in data.users
                if u.department_code == department and role in u.roles)


def start(path: Path, data: DemoData | None = None, **kwargs: Any) -> Iterator[Sandbox]:
    """Seed ``path`` with ``data`` (default: this module's demo data), serve it on loopback."""
    seed_file(path, data or demo_data())
    with running_sandbox(str(path), **kwargs) as running:
        yield running


def settings(**changes: Any) -> HttpSettings:
    return replace(FAST, **changes)


# --- talking to it ---------------------------------------------------------------


def snapshot(client: PlatformClient) -> dict[tuple[str, str], v1.Change]:
    page = client.changes(None, limit=v1.MAX_PAGE)
    assert not page.has_more and not page.rejected
    return {(c.entity, c.id): c for c in page.changes}


def command(client: PlatformClient, kind: str, entity: str, entity_id: str, base: int,
            **payload: Any) -> v1.CommandIn:
    return v1.CommandIn(id=uuid.uuid4(), kind=kind, format_version=v1.COMMAND_FORMAT,
                        author=client.username or "", entity=entity, entity_id=entity_id,
                        base_version=base, payload=payload,
                        created_at=dt.datetime(2025, 3, 3, 10, tzinfo=CST))


def a_case(client: PlatformClient) -> v1.Change:
    return next(c for c in snapshot(client).values() if c.entity == "case")
