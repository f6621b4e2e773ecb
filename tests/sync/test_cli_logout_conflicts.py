"""``backoffice logout`` tells changes still to be sent apart from changes in conflict.

A conflict is not sent after the next sign-in: it waits for the person to
re-apply or discard it. The real ``backoffice`` in a child process, the store
a real SQLite file synced from the sandbox.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import start, user
from support.queued_elsewhere import queue_a_comment

from backoffice import messages
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_logout_with_a_conflict_does_not_promise_to_send_it(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox, lang: str) -> None:
    account = queue_a_comment(sandbox.url, user())
    with Store.open(account.store_path()) as store:
        [queued] = store.pending_commands()
        store.mark_conflict(queued.command.id, "sync.conflict")
        assert store.pending_commands() == [] and len(store.conflicts()) == 1
    done = run_cli("--lang", lang, "logout", env=NO_KEYRING)
    # The sign-in saved in this process's keyring, which the child cannot read.
    assert done.returncode == 2, done.stderr
    kept_for = {"count": 1, "user": account.username, "url": account.platform_url}
    said = messages.render_code("cli.conflicts_kept", kept_for, lang)
    assert said in done.stdout, done.stdout
    assert "backoffice conflicts" in said and account.username in said
    sent_later = messages.render_code("cli.queue_kept", kept_for, lang)
    assert sent_later not in done.stdout, done.stdout
