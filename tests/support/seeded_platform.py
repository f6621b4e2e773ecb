"""One seeded platform file per test module, served afresh for each test that asks.

``from support.seeded_platform import platform_file, sandbox`` in a test
module: the demo data is seeded once (slow), the server started per test (a
test may stop it to meet a platform out of reach).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.platform_env import demo_data
from support.sandbox_env import seed_file

from backoffice.sandbox.server import Sandbox, running_sandbox


@pytest.fixture(scope="module")
def platform_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_file(tmp_path_factory.mktemp("platform") / "platform.sqlite3", demo_data())


@pytest.fixture
def sandbox(platform_file: Path) -> Iterator[Sandbox]:
    with running_sandbox(str(platform_file)) as running:
        yield running
