"""Sync tests: the real sandbox on loopback, real clients, real store files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, settings
from support.sync_env import Device, serve

from backoffice.remote import PlatformClient
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A fresh platform per test: sync tests change its state."""
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
