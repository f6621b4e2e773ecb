"""``backoffice logout`` with the keyring locked: the saved sign-in is neither read nor revoked.

Each command is its own process, so the refresh token is only in the
keyring: locked, it cannot be read, revoked on the platform or removed.
The person is told so, and how to finish (unlock, log out again), and the
exit status says it failed; a logout once the keyring opens revokes it.
Real ``backoffice`` child processes against the sandbox; the locked keyring
is ``support/locked_keyring.py``'s backend (KeyringLocked on every call).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, start, user
from test_cli_headless import _live_sessions

from backoffice import exit_codes, messages
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts

SUPPORT = Path(__file__).resolve().parents[1] / "support"
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, Path]]:
    """The sandbox, and its database file (whose sessions say what was revoked)."""
    path = tmp_path_factory.mktemp("platform") / "platform.sqlite3"
    for running in start(path):
        yield running, path


def _keyring(path: Path, backend: str) -> dict[str, str | None]:
    return {"PYTHON_KEYRING_BACKEND": backend, "BACKOFFICE_TEST_KEYRING": str(path),
            "PYTHONPATH": str(SUPPORT), "BACKOFFICE_LANG": "en"}


def test_a_logout_with_the_keyring_locked_says_it_revoked_nothing_and_fails(
        run_cli: CliRunner, data_dir: Path, tmp_path: Path,
        platform: tuple[Sandbox, Path]) -> None:
    sandbox, platform_file = platform
    me = user()
    saved = tmp_path / "keyring.json"
    unlocked = _keyring(saved, "file_keyring.FileKeyring")
    locked = _keyring(saved, "locked_keyring.LockedKeyring")
    login = run_cli("login", "--server", sandbox.url, "--user", me, "--password-stdin",
                    input=PASSWORD + "\n", env=unlocked)
    assert login.returncode == 0, login.stderr
    assert _live_sessions(platform_file, me) == 1

    refused = run_cli("logout", env=locked)
    assert refused.returncode == 2, refused.stdout
    told = messages.render_code("cli.signed_out_not_revoked",
                                {"user": me, "reason": "system.keyring_locked"}, "en")
    assert told in refused.stderr, (refused.stdout, refused.stderr)
    assert "removed" not in refused.stdout
    assert _live_sessions(platform_file, me) == 1  # as told: still honoured by the platform
    assert len(json.loads(saved.read_text(encoding="utf-8"))) == 1
    assert accounts.current() is None  # signed out here all the same

    again = run_cli("logout", env=unlocked)
    assert again.returncode == 0, again.stderr
    assert messages.render_code("cli.signed_out", {"user": me}, "en") in again.stdout
    assert _live_sessions(platform_file, me) == 0
    assert json.loads(saved.read_text(encoding="utf-8")) == {}
    assert accounts.left_in_keyring() == []
    after = run_cli("logout", env=unlocked)
    assert after.returncode == exit_codes.NOT_SIGNED_IN, after.stderr
    assert "ot signed in" in after.stderr, after.stderr
