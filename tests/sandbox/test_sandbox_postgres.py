"""The sandbox over PostgreSQL (issue 3: "SQLite by default, PostgreSQL by URL").

The real demo data seeded into a throwaway cluster (conftest's ``postgres_url``),
served by the real server, exercised over real HTTP: login and /me, the feed's
snapshot and cursor resume, command idempotency and conflicts, a ranged download.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from support.sandbox_env import (
    API,
    LIVE,
    PASSWORD,
    TODAY,
    Client,
    case_departments,
    demo_data,
    user,
)

from backoffice.api import v1
from backoffice.sandbox import db, files
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

_DEMO: DemoData = demo_data()


@pytest.fixture(scope="module")
def pg_sandbox(postgres_url: str) -> Iterator[Sandbox]:
    engine = db.make_engine(postgres_url)
    assert engine.url.get_backend_name() == "postgresql"
    seed(engine, _DEMO, password=PASSWORD, today=TODAY)
    assert files.register_demo_files(engine, _DEMO) == len(_DEMO.files)
    engine.dispose()
    blobs = tempfile.mkdtemp(prefix="backoffice-pg-files-")
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv(files.ENV_BLOB_DIR, blobs)  # not the shared default under /tmp
            with running_sandbox(postgres_url) as running:
                assert running.platform.engine.url.get_backend_name() == "postgresql"
                yield running
    finally:
        shutil.rmtree(blobs, ignore_errors=True)


def _login(sandbox: Sandbox, username: str) -> Client:
    return Client(sandbox.url, username).login()


def _version(sandbox: Sandbox, entity: str, id: str) -> int:
    stored = sandbox.platform.record(entity, id)
    assert stored is not None
    return stored.version


def _unclaimed_tasks() -> list[Any]:
    return [t for t in _DEMO.tasks if t.status.value == "unclaimed"]


def test_login_and_me(pg_sandbox: Sandbox) -> None:
    name = user(_DEMO, _DEMO.cases[0].lead_department)
    client = _login(pg_sandbox, name)
    r = client.get("/me")
    assert r.status_code == 200, r.text
    me = v1.Me.model_validate(r.json())
    assert me.username == name and "reviewer" in me.roles
    bad = requests.post(f"{pg_sandbox.url}{API}/auth/login",
                        json={"username": name, "password": "wrong"}, timeout=10)
    assert bad.status_code == 401


def test_snapshot_and_resume_from_a_cursor(pg_sandbox: Sandbox) -> None:
    dept = _DEMO.cases[0].lead_department
    client = _login(pg_sandbox, user(_DEMO, dept))
    whole, cursor = client.pull_all()
    cases = {id for (entity, id) in whole if entity == "case"}
    assert cases == {c.case_code for c in _DEMO.cases
                     if dept in case_departments(_DEMO, c.case_code)}
    # Paged in small pages, the same snapshot and the same final cursor.
    paged, paged_cursor = client.pull_all(limit=7)
    assert paged.keys() == whole.keys() and paged_cursor == cursor
    # Resuming from the end: nothing new; after a change, just that change.
    assert client.pull_all(since=cursor)[0] == {}
    case = next(iter(sorted(cases)))
    added = client.command("comment.add", "case", case, 0, {"text": "PostgreSQL 上的意见"})
    assert added["status"] == "applied", added
    after, later = client.pull_all(since=cursor)
    assert set(after) == {("comment", added["record"]["id"])} and later != cursor
    v1.ChangesPage.model_validate(client.get("/changes", since=cursor).json())


def test_claim_is_idempotent_and_a_stale_base_conflicts(pg_sandbox: Sandbox) -> None:
    first_task, second_task = _unclaimed_tasks()[:2]
    client = _login(pg_sandbox, user(_DEMO, first_task.department_code))
    version = _version(pg_sandbox, "review_task", first_task.id)
    claim = client.make("task.claim", "review_task", first_task.id, version)
    first = client.commands([claim])[0]
    assert first["status"] == "applied", first
    assert first["record"]["assignee"] == client.username
    again = client.commands([claim, claim])  # same id: no second effect
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert all(r["first_status"] == "applied" and r["record"] == first["record"] for r in again)
    assert _version(pg_sandbox, "review_task", first_task.id) == first["record"]["version"]
    v1.CommandResults.model_validate({"results": again})

    other = _login(pg_sandbox, user(_DEMO, second_task.department_code))
    current = _version(pg_sandbox, "review_task", second_task.id)
    stale = other.command("task.claim", "review_task", second_task.id, current - 1)
    assert stale["status"] == "conflict", stale
    assert stale["record"]["version"] == current
    assert _version(pg_sandbox, "review_task", second_task.id) == current
    assert second_task.status.value in LIVE


def test_ranged_download(pg_sandbox: Sandbox) -> None:
    material = next(m for m in _DEMO.materials if m.file_sha256
                    and m.department_code in case_departments(_DEMO, m.case_code))
    sha = material.file_sha256
    assert sha is not None
    whole = _DEMO.files[sha]
    assert len(whole) > 1000
    client = _login(pg_sandbox, user(_DEMO, material.department_code))

    def get(**headers: str) -> requests.Response:
        return requests.get(f"{pg_sandbox.url}{API}/files/{sha}", timeout=30, headers={
            "Authorization": f"Bearer {client.access}", **headers})

    first = get(Range="bytes=0-999")
    assert first.status_code == 206, first.text
    assert first.headers["Content-Range"] == f"bytes 0-999/{len(whole)}"
    rest = get(Range="bytes=1000-", **{"If-Range": f'"{sha}"'})
    assert rest.status_code == 206, rest.text
    joined = first.content + rest.content
    assert joined == whole and hashlib.sha256(joined).hexdigest() == sha
