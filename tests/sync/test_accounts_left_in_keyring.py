"""A sign-out the keyring would not let remove the saved sign-in: marked, removed later.

The refresh token left behind is one the platform may still honour, so the
account (never the token) is listed in accounts.json and its keyring entry
removed at the first start, sign-in or sign-out that can use the keyring.
The keyring is this test process's in-memory one (``tests/conftest.py``),
locked meanwhile by ``support.locked_keyring``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from support.locked_keyring import locked_keyring
from support.platform_env import PASSWORD, start, user
from support.sessions import live_sessions

from backoffice import paths
from backoffice.remote.credentials import LEFT_UNREVOKED, SERVICE, CredentialsError, entry_name
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _saved(keyring: Any, account: accounts.Account) -> str | None:
    token: str | None = keyring.secrets.get(
        (SERVICE, entry_name(account.platform_url, account.username)))
    return token


def _signed_out_while_locked(url: str, keyring: Any) -> tuple[accounts.Account, str]:
    """Signed in (the token saved), then signed out with the keyring locked: (account, token)."""
    account, _ = accounts.sign_in(url, user(), PASSWORD)
    token = _saved(keyring, account)
    assert token is not None
    with locked_keyring():
        # As the app's session does: the keyring optional, the sign-in kept in memory.
        client = accounts.resume(account, keyring_optional=True)
        assert client is not None and client.not_remembered is not None
        left = accounts.sign_out(account, client)
    assert isinstance(left, CredentialsError)
    return account, token


def test_a_sign_out_with_the_keyring_locked_marks_the_token_and_a_later_start_removes_it(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    account, token = _signed_out_while_locked(sandbox.url, memory_keyring)
    assert accounts.current() is None
    assert _saved(memory_keyring, account) == token  # the keyring could not let it go
    [marked] = accounts.left_in_keyring()
    assert marked.same_login(account)
    assert token not in (paths.data_dir() / accounts.ACCOUNTS_FILE).read_text(encoding="utf-8")

    with locked_keyring():  # still locked: still marked
        assert accounts.forget_left_behind() == [marked]
    assert accounts.forget_left_behind() == []  # as at the next start, the keyring open
    assert _saved(memory_keyring, account) is None
    assert accounts.left_in_keyring() == []


def test_a_session_only_sign_in_does_not_resume_on_the_token_left_behind(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    account, _ = _signed_out_while_locked(sandbox.url, memory_keyring)
    with locked_keyring():  # signed in again for the session only
        again, client = accounts.sign_in(sandbox.url, user(), PASSWORD, keyring_optional=True)
        assert client.not_remembered is not None
    assert accounts.current() == again
    # The next start, the keyring open: the old token goes before it could sign in.
    assert accounts.resume(again) is None
    assert _saved(memory_keyring, account) is None and accounts.left_in_keyring() == []


def test_a_sign_in_the_keyring_keeps_is_not_removed_for_the_one_left_behind(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    _, token = _signed_out_while_locked(sandbox.url, memory_keyring)
    again, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    fresh = _saved(memory_keyring, again)
    assert fresh is not None and fresh != token
    assert accounts.left_in_keyring() == []
    assert accounts.forget_left_behind() == [] and _saved(memory_keyring, again) == fresh
    assert accounts.resume(again) is not None


@contextmanager
def _no_keyring() -> Iterator[None]:
    """No keyring at all, as on a headless Linux without a secret service."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_a_workstation_without_a_keyring_signs_out_without_a_word(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    with _no_keyring():
        account, client = accounts.sign_in(sandbox.url, user(), PASSWORD, keyring_optional=True)
        assert client.not_remembered is not None  # the session lives in memory only
        assert accounts.sign_out(account, client) is None  # nothing was saved to be left
    assert accounts.left_in_keyring() == [] and not accounts.kept_in_keyring(account)


def test_a_sign_in_the_keyring_kept_is_told_of_once_it_cannot_be_removed(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    assert accounts.kept_in_keyring(account)
    # The keyring gone since (a session without D-Bus): the saved sign-in is still there.
    with _no_keyring():
        client = accounts.resume(account, keyring_optional=True)
        assert client is not None and client.not_remembered is not None
        assert isinstance(accounts.sign_out(account, client), CredentialsError)
    assert [a.username for a in accounts.left_in_keyring()] == [account.username]
    assert accounts.forget_left_behind() == []  # the keyring back: removed, and unmarked
    assert not accounts.kept_in_keyring(account) and _saved(memory_keyring, account) is None


def test_an_older_builds_current_account_counts_as_kept(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    file = paths.data_dir() / accounts.ACCOUNTS_FILE
    data = json.loads(file.read_text(encoding="utf-8"))
    del data[accounts.KEPT_IN_KEYRING]  # as a build before the list wrote it
    file.write_text(json.dumps(data), encoding="utf-8")
    assert accounts.kept_in_keyring(account)
    with locked_keyring():
        client = accounts.resume(account, keyring_optional=True)
        assert client is not None
        assert isinstance(accounts.sign_out(account, client), CredentialsError)
    assert accounts.left_in_keyring() != []


def test_a_sign_out_with_no_token_to_revoke_says_so_and_a_later_start_revokes_it(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    # The app started with the keyring locked: the session holds no token, so
    # its sign-out can neither revoke the saved sign-in nor remove it.
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    live = live_sessions(sandbox, account.username)
    with locked_keyring():
        client = accounts.resume(account, keyring_optional=True)
        assert client is not None
        left = accounts.sign_out(account, client)
    assert isinstance(left, CredentialsError) and left.code == LEFT_UNREVOKED
    assert left.params["reason"] == "system.keyring_locked"
    assert live_sessions(sandbox, account.username) == live  # as said: still honoured
    assert accounts.forget_left_behind() == []  # the next start, the keyring open
    assert live_sessions(sandbox, account.username) == live - 1
    assert _saved(memory_keyring, account) is None and accounts.left_in_keyring() == []


def test_a_sign_out_with_the_token_in_memory_revokes_it_though_the_keyring_locked(
        data_dir: Path, sandbox: Sandbox, memory_keyring: Any) -> None:
    account, client = accounts.sign_in(sandbox.url, user(), PASSWORD, keyring_optional=True)
    live = live_sessions(sandbox, account.username)
    with locked_keyring():  # the screen locked in mid-session
        left = accounts.sign_out(account, client)
    assert isinstance(left, CredentialsError) and left.code != LEFT_UNREVOKED
    assert live_sessions(sandbox, account.username) == live - 1
