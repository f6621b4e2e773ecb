"""A platform at a new address: the work queued under the old one is found and told, not moved."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, start, user
from support.queued_elsewhere import queue_a_comment

from backoffice import messages
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def test_work_left_at_a_former_address_is_found_and_left_where_it_is(
        data_dir: Path, sandbox: Sandbox) -> None:
    me = user()
    old = queue_a_comment(sandbox.url, me)
    assert accounts.stranded_elsewhere(old) == []  # its own store is not "elsewhere"
    moved, _ = accounts.sign_in(sandbox.url.replace("127.0.0.1", "localhost"), me, PASSWORD)
    assert moved.profile != old.profile
    [left] = accounts.stranded_elsewhere(moved)
    assert left.account.platform_url == old.platform_url
    assert (left.waiting, left.conflicts) == (1, 0)
    said = messages.render_code("accounts.stranded", {
        "count": left.waiting, "user": me, "url": old.platform_url}, "en")
    assert old.platform_url in said and ": 1 " in said
    # Not carried over: the new address may be another platform.
    with sqlite3.connect(old.store_path()) as db:
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
    assert not moved.store_path().exists()  # nothing was copied into the new profile


def test_a_colleagues_queue_is_not_theirs_to_hear_of(data_dir: Path, sandbox: Sandbox) -> None:
    queue_a_comment(sandbox.url, user())
    colleague, _ = accounts.sign_in(sandbox.url.replace("127.0.0.1", "localhost"),
                                    user(role="inspector"), PASSWORD)
    assert accounts.stranded_elsewhere(colleague) == []
