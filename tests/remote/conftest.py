"""Fixtures for the REST client's tests: the sandbox (one per module), clients, a proxy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.faultproxy import FaultProxy, fault_proxy
from support.platform_env import PASSWORD, Make, settings, start, user

from backoffice.remote import PlatformClient
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture(autouse=True)
def _no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that armed faults and failed must not leave them to the next one."""
    yield
    if "sandbox" in request.fixturenames:
        running: Sandbox = request.getfixturevalue("sandbox")
        running.faults.clear()


@pytest.fixture
def make_client(sandbox: Sandbox) -> Make:
    """``make_client(url=None, **settings)``: a new client (own session) of the sandbox."""

    def make(url: str | None = None, **changes: Any) -> PlatformClient:
        return PlatformClient(url or sandbox.url, settings=settings(**changes))

    return make


@pytest.fixture
def reviewer() -> str:
    return user()


@pytest.fixture
def signed_in(make_client: Make, reviewer: str) -> PlatformClient:
    client = make_client()
    client.login(reviewer, PASSWORD)
    return client


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url) as running:
        yield running
