"""A headless machine that never had a keyring: ``login``, then ``sync --password-stdin``.

The real ``backoffice`` in a child process against the sandbox, its keyring
``keyring.backends.fail.Keyring`` (every call raises NoKeyringError, as on a
Linux server without Secret Service). Fresh data directory: nothing was ever
signed in here.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from support.platform_env import PASSWORD, start, user

from backoffice import cli, exit_codes, messages
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts, case_view

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BACKOFFICE_LANG": "en"}


@pytest.fixture(scope="module")
def platform_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("platform") / "platform.sqlite3"


@pytest.fixture(scope="module")
def sandbox(platform_file: Path) -> Iterator[Sandbox]:
    yield from start(platform_file)


def _live_sessions(platform_file: Path, username: str) -> int:
    """The user's sign-ins the platform still honours."""
    with contextlib.closing(sqlite3.connect(platform_file)) as db:
        (count,) = db.execute("SELECT count(*) FROM sessions WHERE username = ? AND NOT revoked",
                              (username,)).fetchone()
    return int(count)


def test_headless_login_records_the_account_and_each_sync_signs_in_from_stdin(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox, platform_file: Path) -> None:
    me = user(role="signer")
    login = run_cli("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    input=PASSWORD + "\n", env=NO_KEYRING)
    assert login.returncode == 0, login.stderr
    said = messages.render_code("cli.signed_in_not_remembered", {"reason": "system.no_keyring"}, "en")
    assert said in login.stdout, login.stdout
    account = accounts.current()
    assert account is not None and account.username == me
    # The account only: the token lived in the login's memory, and was revoked as it ended.
    assert PASSWORD not in (data_dir / accounts.ACCOUNTS_FILE).read_text(encoding="utf-8")
    assert _live_sessions(platform_file, me) == 0

    without = run_cli("sync", "--once", env=NO_KEYRING)
    assert without.returncode == exit_codes.NOT_SIGNED_IN
    assert "backoffice sync --once --password-stdin" in without.stderr, without.stderr
    # No keyring to unlock here: not "Unlock the keyring, or …".
    assert messages.render_code("cli.status_not_remembered",
                                {"user": me, "reason": "system.no_keyring"}, "en") in without.stderr
    assert "Unlock the keyring" not in without.stderr, without.stderr

    synced = run_cli("sync", "--once", "--password-stdin", input=PASSWORD + "\n", env=NO_KEYRING)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("Synced:"), synced.stdout
    assert _live_sessions(platform_file, me) == 0  # this sync's own sign-in ended with it

    status = run_cli("status", "--json", env=NO_KEYRING)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["cases"] > 0  # the pull went into the account's store

    out = run_cli("logout", env=NO_KEYRING)
    assert out.returncode == 0, out.stderr
    nothing = messages.render_code("cli.signed_out_nothing_saved", {"user": me}, "en")
    assert out.stdout.splitlines()[0] == nothing, out.stdout  # not "the saved sign-in was removed"
    assert accounts.current() is None and accounts.left_in_keyring() == []


def test_headless_login_with_a_wrong_password_records_nothing(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    refused = run_cli("login", "--server", sandbox.url, "--user", user(), "--password-stdin",
                      input="not it\n", env=NO_KEYRING)
    assert refused.returncode == exit_codes.SIGN_IN_REFUSED, refused.stdout
    assert accounts.current() is None


class _PlainFileKeyring(keyring.backend.KeyringBackend):
    """Stands for keyrings.alt's file backend, which the app refuses to keep a token in."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a token must not be written to a plain file")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError(username)


_PlainFileKeyring.__module__ = "keyrings.alt.file"


def test_a_refused_file_keyring_is_named_as_the_reason(
        data_dir: Path, sandbox: Sandbox, memory_keyring: keyring.backend.KeyringBackend,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(_PlainFileKeyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        done = cli.main(["--lang", "en", "login", "--server", sandbox.url, "--user", user(),
                         "--password-stdin"])
    finally:
        keyring.set_keyring(memory_keyring)
    said = capsys.readouterr().out
    assert done == 0, said
    assert messages.render_code("cli.signed_in_not_remembered",
                                {"reason": "keyrings.alt.file._PlainFileKeyring"}, "en") in said


def test_status_after_a_headless_login_says_nothing_is_saved_and_how_sync_signs_in(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    me = user()
    login = run_cli("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    input=PASSWORD + "\n", env=NO_KEYRING)
    assert login.returncode == 0, login.stderr
    said = messages.render_code("cli.status_not_remembered",
                                {"user": me, "reason": "system.no_keyring"}, "en")
    unlock = messages.render_code("credentials.unreadable", {"reason": "system.no_keyring"}, "en")

    shown = run_cli("status", env=NO_KEYRING)
    assert shown.returncode == 0, shown.stderr
    assert said in shown.stderr and unlock not in shown.stderr, shown.stderr
    assert "--password-stdin" in said
    rows = {label: value for label, value in (
        line.strip().split("  ", 1) for line in shown.stdout.splitlines())}
    assert rows[case_view.word("user", "en")].strip() == me
    # Known, not "unknown": there is no keyring that could hold a sign-in.
    assert rows[case_view.word("signed_in", "en")].strip() == case_view.word("no", "en")

    data = run_cli("status", "--json", env=NO_KEYRING)
    assert data.returncode == 0, data.stderr
    assert json.loads(data.stdout)["signed_in"] is False and said in data.stderr


def test_status_with_no_keyring_where_one_kept_the_sign_in_says_it_cannot_be_read(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    # Signed in with a keyring (the memory one); now, say over SSH, no keyring is
    # reachable: the saved sign-in may be there, so "not saved here" would be wrong.
    accounts.sign_in(sandbox.url, user(), PASSWORD)
    shown = run_cli("status", "--json", env=NO_KEYRING)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["signed_in"] is None
    unlock = messages.render_code("credentials.unreadable", {"reason": "system.no_keyring"}, "en")
    assert unlock in shown.stderr, shown.stderr
