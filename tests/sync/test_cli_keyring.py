"""The command line without a usable keyring, and work left at a platform's former address.

The real ``backoffice`` in a child process against the sandbox. The child's
keyring is ``keyring.backends.fail.Keyring`` (every call fails, as a locked
or absent one does) or the shared file keyring of the CLI tests; this test
process signs in with its own in-memory keyring to set the scene.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, start, user
from support.queued_elsewhere import queue_a_comment

from backoffice import exit_codes, messages
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts

SUPPORT = Path(__file__).resolve().parents[1] / "support"
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BACKOFFICE_LANG": "en"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _file_keyring(path: Path) -> dict[str, str]:
    """The environment of a child whose keyring is the JSON file at ``path``."""
    return {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "BACKOFFICE_TEST_KEYRING": str(path), "PYTHONPATH": str(SUPPORT),
            "BACKOFFICE_LANG": "en"}


def _unreadable(lang: str) -> str:
    """``credentials.unreadable`` up to its reason (the backend's error name)."""
    return messages.render_code("credentials.unreadable", {"reason": "@"}, lang).split("@")[0]


def test_login_and_a_saved_sign_in_tell_of_work_left_at_the_former_address(
        run_cli: CliRunner, data_dir: Path, tmp_path: Path, sandbox: Sandbox) -> None:
    me = user()
    old = queue_a_comment(sandbox.url, me)
    moved = sandbox.url.replace("127.0.0.1", "localhost")
    keyring_file = _file_keyring(tmp_path / "keyring.json")
    login = run_cli("login", "--server", moved, "--user", me, "--password-stdin",
                    input=PASSWORD + "\n", env=keyring_file)
    assert login.returncode == 0, login.stderr
    said = messages.render_code("accounts.stranded",
                                {"count": 1, "user": me, "url": old.platform_url}, "en")
    assert said in login.stdout, login.stdout
    # A later sync signs in from the keyring: it says so too, every time it runs.
    synced = run_cli("sync", "--once", env=keyring_file)
    assert synced.returncode == 0, synced.stderr
    assert said in synced.stdout, synced.stdout


def test_status_shows_the_local_store_when_the_keyring_cannot_be_read(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    queue_a_comment(sandbox.url, user())
    for lang, signed_in, unknown in (("en", "signed in", "unknown"), ("zh", "已登录", "未知")):
        shown = run_cli("--lang", lang, "status", env=NO_KEYRING)
        assert shown.returncode == 0, shown.stderr
        rows = {line.strip().rsplit("  ", 1)[0].strip(): line.strip().rsplit("  ", 1)[-1]
                for line in shown.stdout.splitlines()}
        assert rows[signed_in] == unknown, shown.stdout
        assert _unreadable(lang) in shown.stderr, shown.stderr
    as_json = run_cli("status", "--json", env=NO_KEYRING)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["signed_in"] is None and data["pending"] == 1


def test_logout_without_the_keyring_signs_out_here_and_keeps_the_queue(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    me = user()
    account = queue_a_comment(sandbox.url, me)
    done = run_cli("logout", env=NO_KEYRING)
    assert done.returncode == 2, done.stderr
    assert accounts.current() is None
    assert messages.render_code("cli.signed_out_not_revoked",
                                {"user": me, "reason": "system.no_keyring"}, "en") in done.stderr
    assert "the saved sign-in was removed" not in done.stdout
    [marked] = accounts.left_in_keyring()  # the account, for later: never the token
    assert marked.username == me
    assert messages.render_code("cli.queue_kept", {"count": 1, "user": me,
                                                   "url": account.platform_url},
                                "en") in done.stdout
    again = run_cli("status", env=NO_KEYRING)
    assert again.returncode == exit_codes.NOT_SIGNED_IN, again.stderr
    assert "ot signed in" in again.stderr, again.stderr


def test_sync_once_signs_in_from_stdin_for_its_own_process(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    queue_a_comment(sandbox.url, user())
    refused = run_cli("sync", "--once", env=NO_KEYRING)
    assert refused.returncode == exit_codes.NOT_SIGNED_IN
    assert "backoffice sync --once --password-stdin" in refused.stderr, refused.stderr
    wrong = run_cli("sync", "--once", "--password-stdin", env=NO_KEYRING, input="not it\n")
    assert wrong.returncode == exit_codes.SIGN_IN_REFUSED, wrong.stdout
    synced = run_cli("sync", "--once", "--password-stdin", env=NO_KEYRING, input=PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    assert "Synced: changes sent 1, confirmed 1" in synced.stdout, synced.stdout
    assert run_cli("status", "--json", env=NO_KEYRING).returncode == 0


def test_a_token_a_logout_left_in_the_keyring_goes_at_the_next_login(
        run_cli: CliRunner, data_dir: Path, tmp_path: Path, sandbox: Sandbox) -> None:
    store = tmp_path / "keyring.json"
    keyring_file = _file_keyring(store)
    me, colleague = user(), user(role="signer")
    login = run_cli("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    input=PASSWORD + "\n", env=keyring_file)
    assert login.returncode == 0, login.stderr

    def saved() -> set[str]:
        return {key.rsplit(" ", 1)[-1] for key in json.loads(store.read_text(encoding="utf-8"))}

    assert me in saved()
    done = run_cli("logout", env=NO_KEYRING)  # the keyring cannot be used just now
    assert done.returncode == 2, done.stdout
    assert "not revoked on the platform" in done.stderr, done.stderr
    assert me in saved() and [a.username for a in accounts.left_in_keyring()] == [me]
    login = run_cli("login", "--server", sandbox.url, "--user", colleague, "--password-stdin",
                    input=PASSWORD + "\n", env=keyring_file)
    assert login.returncode == 0, login.stderr
    assert me not in saved() and colleague in saved()
    assert accounts.left_in_keyring() == []
