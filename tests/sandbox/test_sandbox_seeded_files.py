"""A seeded platform serves every file its change feed lists, with the listed hash
(sandbox on loopback, real SQLite, seeded as a script or benchmark seeds it)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.sandbox_env import PASSWORD, TODAY, Client, demo_data, user

from backoffice.sandbox import db
from backoffice.sandbox.files import FileStore
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

_SHA = re.compile(r"[0-9a-f]{64}")
DATA = demo_data(cases=4)  # small: every file is drawn and downloaded once


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Sandbox]:
    # seed() alone: the benchmark of the sync seeds so, and its feed listed
    # every material's file while the platform answered each with 404.
    engine = db.make_engine(tmp_path / "platform.sqlite3")
    seed(engine, DATA, password=PASSWORD, today=TODAY)
    engine.dispose()
    with running_sandbox(str(tmp_path / "platform.sqlite3")) as running:
        yield running


def _listed(value: Any) -> Iterator[str]:
    """Every file a record names: the values of its ``…sha256`` fields, nested too."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("sha256") and isinstance(item, str) and _SHA.fullmatch(item):
                yield item
            else:
                yield from _listed(item)
    elif isinstance(value, list):
        for item in value:
            yield from _listed(item)


def test_every_file_the_feed_lists_is_served_with_its_hash(seeded: Sandbox) -> None:
    departments = sorted({t.department_code for t in DATA.tasks})
    store = FileStore.for_engine(seeded.platform.engine)
    fetched: set[str] = set()
    for department in departments:
        client = Client(seeded.url, user(DATA, department)).login()
        changes, _ = client.pull_all()
        listed = {sha for change in changes.values() for sha in _listed(change.get("record"))}
        for sha in sorted(listed):
            r = client.get(f"/files/{sha}")
            assert r.status_code == 200, (department, sha, r.text)
            assert hashlib.sha256(r.content).hexdigest() == sha
            assert int(r.headers["Content-Length"]) == len(r.content)
            info = store.info(sha)  # the size the platform gives (upload answers, HEAD)
            assert info is not None and info.size == len(r.content)
            fetched.add(sha)
    assert fetched  # the departments' feeds list the materials' files
