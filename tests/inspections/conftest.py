"""Service-layer tests of joint inspections: the real sandbox on loopback, real stores."""

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
    yield from serve(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture
def device(sandbox: Sandbox, tmp_path: Path) -> Iterator[Device]:
    """``device(username, **engine_args)``: a signed-in client with its own store."""
    opened: list[Store] = []

    def make(username: str, **engine_args: object) -> SyncEngine:
        client = PlatformClient(sandbox.url, settings=settings())
        client.login(username, PASSWORD)
        store = Store.open(tmp_path / f"{username}.sqlite3")
        opened.append(store)
        return SyncEngine(store, client, **engine_args)  # type: ignore[arg-type]

    yield make
    for store in opened:
        store.close()
