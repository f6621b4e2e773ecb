"""The sandbox tests' helpers: demo data, accounts, a signed-in HTTP client, PostgreSQL.

Imported as ``support.sandbox_env``: ``from conftest import`` finds whichever
conftest pytest loaded last when several test folders run together.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters
import urllib3

from backoffice.sandbox import db
from backoffice.sandbox.demo import DemoData, generate
from backoffice.sandbox.files import register_demo_files
from backoffice.sandbox.platform import Clock
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

PASSWORD = "demo-Password-1"


TODAY = dt.date(2025, 3, 3)
# The platform's time in the tests that plan visits, and the planner's: the
# demo day's noon, after the morning's acceptances of the client tests' data
# set, with the afternoon still to plan.
DEMO_NOW = dt.datetime.combine(TODAY, dt.time(12), dt.timezone(dt.timedelta(hours=8)))


API = "/api/v1"


CASES = 40


LIVE = ("unclaimed", "in_review", "awaiting_applicant", "suspended", "opinion_given")


_DEMO: dict[tuple[int, int], DemoData] = {}


def demo_data(cases: int = CASES, fresh: int = 0) -> DemoData:
    """The real generator's data set the sandbox fixture seeds (cached: it is pure).

    ``fresh``: that many just-routed multi-department cases (``data.fresh_cases``)
    for tests that walk a case through the review.
    """
    if (cases, fresh) not in _DEMO:
        _DEMO[(cases, fresh)] = generate(cases=cases, seed=1, today=TODAY, fresh=fresh)
    return _DEMO[(cases, fresh)]


def demo_clock(start: dt.datetime = DEMO_NOW) -> Clock:
    """A platform clock on the demo's day: ``start`` now, running on as time passes.

    The demo data is generated for :data:`TODAY`, and the platform refuses a
    visit planned before its own time: on the machine's date every visit the
    tests plan in the demo's weeks would lie in the past. Running, not
    frozen, so what ages on the platform (tokens, uploads) still ages.
    """
    began = time.monotonic()
    return lambda: start + dt.timedelta(seconds=time.monotonic() - began)


def seed_file(path: Path, data: DemoData, *, files: bool = True) -> Path:
    """A platform database at ``path`` seeded with ``data`` (every account's password
    :data:`PASSWORD`) and, with ``files``, its demo files registered."""
    engine = db.make_engine(path)
    seed(engine, data, password=PASSWORD, today=TODAY)
    if files:
        register_demo_files(engine, data)
    engine.dispose()
    return path


def start(tmp_path_factory: pytest.TempPathFactory, data: DemoData,
          clock: Clock | None = None) -> Iterator[Sandbox]:
    path = seed_file(tmp_path_factory.mktemp("sandbox") / "platform.sqlite3", data)
    with running_sandbox(str(path), clock=clock) as running:
        yield running


def user(data: DemoData, department: str, role: str = "reviewer") -> str:
    """The first demo account of ``department`` with ``role``."""
    return next(u.username for u in data.users
                if u.department_code == department and role in u.roles)


def version(sandbox: Sandbox, entity: str, id: str) -> int:
    """The platform's current version of a record: the base of the next command."""
    stored = sandbox.platform.record(entity, id)
    assert stored is not None
    return stored.version


def case_departments(data: DemoData, case_code: str) -> set[str]:
    """The departments that see ``case_code``: its lead and every live task's."""
    case = next(c for c in data.cases if c.case_code == case_code)
    return {case.lead_department} | {t.department_code for t in data.tasks
                                     if t.case_code == case_code and t.status.value in LIVE}


def _session() -> requests.Session:
    # A kept-alive connection the server closes (idle for its keep-alive
    # timeout) just as the next GET goes out is reset by the peer; the app's
    # client retries that (backoffice/remote), so the tests' plain client
    # retries its GETs once too. POSTs are never retried here: the tests
    # count their effects.
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(max_retries=urllib3.util.Retry(
        total=1, connect=1, read=1, status=0, allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False))
    session.mount("http://", adapter)
    return session


@dataclass
class Client:
    """A signed-in user talking real HTTP."""

    base: str
    username: str
    access: str = ""
    refresh: str = ""
    session: requests.Session = field(default_factory=lambda: _session())

    def login(self) -> Client:
        r = self.session.post(f"{self.base}{API}/auth/login",
                              json={"username": self.username, "password": PASSWORD}, timeout=10)
        assert r.status_code == 200, r.text
        self.access, self.refresh = r.json()["access_token"], r.json()["refresh_token"]
        return self

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(f"{self.base}{API}{path}", params=params, timeout=10,
                                headers={"Authorization": f"Bearer {self.access}"})

    def post(self, path: str, body: Any) -> requests.Response:
        return self.session.post(f"{self.base}{API}{path}", json=body, timeout=10,
                                 headers={"Authorization": f"Bearer {self.access}"})

    def command(self, kind: str, entity: str, entity_id: str, base_version: int,
                payload: dict[str, Any] | None = None, *, id: str | None = None) -> dict[str, Any]:
        return self.commands([self.make(kind, entity, entity_id, base_version, payload, id=id)])[0]

    def make(self, kind: str, entity: str, entity_id: str, base_version: int,
             payload: dict[str, Any] | None = None, *, id: str | None = None) -> dict[str, Any]:
        return {"id": id or str(uuid.uuid4()), "kind": kind, "format_version": 1,
                "author": self.username, "entity": entity, "entity_id": entity_id,
                "base_version": base_version, "payload": payload or {},
                "created_at": "2025-03-03T10:00:00+08:00"}

    def commands(self, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self.post("/commands", {"commands": commands})
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def pull_all(self, since: str | None = None, limit: int = 1000
                 ) -> tuple[dict[tuple[str, str], Any], str]:
        """Every change after ``since``: (entity, id) → change, and the last cursor."""
        seen: dict[tuple[str, str], Any] = {}
        cursor = since
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["since"] = cursor
            r = self.get("/changes", **params)
            assert r.status_code == 200, r.text
            page = r.json()
            for change in page["changes"]:
                seen[(change["entity"], change["id"])] = change
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen, cursor


PG_USER = "postgres"  # the system user Debian's postgresql package creates


def _pg_bindir() -> str | None:
    """The newest /usr/lib/postgresql/<major>/bin holding initdb and pg_ctl."""
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin")
             if os.path.isfile(os.path.join(d, "initdb")) and
             os.path.isfile(os.path.join(d, "pg_ctl"))]
    return max(found, key=lambda d: int(d.split("/")[-2])) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
