"""The keyring entry: layout, removal, and what happens when no keyring can be used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from support.locked_keyring import LockedKeyring
from support.platform_env import PASSWORD, Make

from backoffice import messages
from backoffice.remote import SERVICE, Credentials, CredentialsError


class PlaintextKeyring(LockedKeyring):
    """Stands for keyrings.alt's file backend, which keyring picks by itself when installed."""

    def get_password(self, service: str, username: str) -> str | None:
        return None


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def use_keyring(memory_keyring: Any) -> Iterator[Any]:
    def use(backend: keyring.backend.KeyringBackend) -> None:
        keyring.set_keyring(backend)

    yield use
    keyring.set_keyring(memory_keyring)


def test_one_entry_per_platform_and_user(memory_keyring: Any) -> None:
    store = Credentials("HTTPS://Platform.Example.cn/zw/")
    store.save("scj.reviewer1", "token-1")
    store.save("scj.reviewer2", "token-2")
    assert memory_keyring.secrets == {
        (SERVICE, "https://platform.example.cn/zw scj.reviewer1"): "token-1",
        (SERVICE, "https://platform.example.cn/zw scj.reviewer2"): "token-2",
    }
    assert Credentials("https://platform.example.cn/zw").load("scj.reviewer1") == "token-1"
    assert Credentials("https://other.example.cn").load("scj.reviewer1") is None


def test_delete_only_what_is_still_ours(memory_keyring: Any) -> None:
    store = Credentials("https://platform.example.cn")
    store.save("u", "old")
    store.save("u", "newer")  # another instance of the app rotated meanwhile
    assert store.delete("u", only_if="old") is False
    assert store.load("u") == "newer"
    assert store.delete("u") is True
    assert store.delete("u") is False
    assert memory_keyring.secrets == {}


def test_a_locked_keyring_is_a_clear_error(use_keyring: Any) -> None:
    use_keyring(LockedKeyring())
    store = Credentials("https://platform.example.cn")
    for call, code in ((lambda: store.load("u"), "credentials.unreadable"),
                       (lambda: store.save("u", "t"), "credentials.unavailable"),
                       (lambda: store.delete("u"), "credentials.unavailable")):
        with pytest.raises(CredentialsError) as caught:
            call()
        assert caught.value.code == code
        assert caught.value.params == {"reason": "system.keyring_locked"}
        assert "the keyring is locked" in messages.render(caught.value, "en")
    # Reading says what a locked keyring means for a saved sign-in, not "cannot be remembered".
    with pytest.raises(CredentialsError) as caught:
        store.load("u")
    said = messages.render(caught.value, "en")
    assert "saved sign-in cannot be read" in said and "sign in with your password" in said


def test_a_plain_file_keyring_is_refused(use_keyring: Any) -> None:
    use_keyring(PlaintextKeyring())
    with pytest.raises(CredentialsError) as caught:
        Credentials("https://platform.example.cn").save("u", "t")
    assert caught.value.code == "credentials.insecure_backend"
    assert "keyrings.alt.file" in messages.render(caught.value, "zh")


def test_login_without_a_keyring_is_refused_and_leaves_no_session(
        use_keyring: Any, make_client: Make, reviewer: str) -> None:
    use_keyring(LockedKeyring())
    client = make_client()
    with pytest.raises(CredentialsError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "credentials.unavailable"
    assert client.username is None


def test_the_app_signs_in_without_a_keyring_for_its_session_only(
        use_keyring: Any, sandbox: Any, reviewer: str, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    """"Signs in with a password each time": the token in memory, never in a file or log."""
    import datetime as dt
    import logging

    from support.platform_env import settings

    from backoffice.remote import PlatformClient

    caplog.set_level(logging.DEBUG)
    use_keyring(LockedKeyring())
    client = PlatformClient(sandbox.url, settings=settings(), keyring_optional=True)
    assert client.login(reviewer, PASSWORD).username == reviewer
    assert client.not_remembered is not None
    assert client.not_remembered.code == "credentials.unavailable"
    # The access token expires: the refresh works from memory, the rotated token kept there.
    before = sandbox.platform.clock
    monkeypatch.setattr(sandbox.platform, "clock",
                        lambda: before() + dt.timedelta(seconds=16 * 60))
    first = client.credentials.load(reviewer)
    assert client.changes(None, limit=2).changes
    second = client.credentials.load(reviewer)
    assert first and second and first != second
    logged = [r.getMessage() + repr(r.args) for r in caplog.records]
    for secret in (first, second):
        assert not [line for line in logged if secret in line]
    client.logout()
    assert client.username is None and client.credentials.load(reviewer) is None


def test_a_locked_saved_sign_in_resumes_signed_out_so_the_store_still_opens(
        use_keyring: Any, sandbox: Any, reviewer: str) -> None:
    from backoffice.remote import PlatformClient, RemoteError
    from backoffice.remote.errors import SIGNED_OUT

    use_keyring(LockedKeyring())
    with pytest.raises(CredentialsError) as caught:  # the CLI: no session to keep it in
        PlatformClient(sandbox.url).resume(reviewer)
    assert caught.value.code == "credentials.unreadable"
    client = PlatformClient(sandbox.url, keyring_optional=True)
    assert client.resume(reviewer) is True and client.username == reviewer
    assert client.not_remembered is not None
    assert client.not_remembered.code == "credentials.unreadable"
    with pytest.raises(RemoteError) as refused:  # until the password is given
        client.me()
    assert refused.value.code == SIGNED_OUT


def test_a_colleague_signs_in_while_the_keyring_is_locked(
        use_keyring: Any, sandbox: Any, reviewer: str, data_dir: Any) -> None:
    """The previous sign-in cannot leave a locked keyring; that does not stop the next one."""
    from support.platform_env import user

    from backoffice.sync import accounts

    accounts.sign_in(sandbox.url, reviewer, PASSWORD)
    colleague = user(role="inspector")
    use_keyring(LockedKeyring())
    with pytest.raises(CredentialsError):  # the command line: nothing it could keep
        accounts.sign_in(sandbox.url, colleague, PASSWORD)
    account, client = accounts.sign_in(sandbox.url, colleague, PASSWORD, keyring_optional=True)
    assert client.username == colleague and client.not_remembered is not None
    current = accounts.current()
    assert current is not None and current.same_login(account)


def test_a_keyring_locked_during_the_session_does_not_lose_the_rotated_token(
        use_keyring: Any, sandbox: Any, reviewer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from backoffice.remote import PlatformClient

    client = PlatformClient(sandbox.url, keyring_optional=True)
    client.login(reviewer, PASSWORD)
    assert client.not_remembered is None  # the keyring kept it
    use_keyring(LockedKeyring())  # the screen locked, and the keyring with it
    before = sandbox.platform.clock
    monkeypatch.setattr(sandbox.platform, "clock",
                        lambda: before() + dt.timedelta(seconds=16 * 60))
    assert client.changes(None, limit=2).changes  # refreshed; the new token kept in memory
    assert client.not_remembered is not None
    assert client.credentials.load(reviewer)
    assert client.me().username == reviewer
    # Signing out with the keyring still locked revokes the sign-in on the platform.
    access = client._access
    client.logout()
    import requests

    answer = requests.get(f"{sandbox.url}/api/v1/me",
                          headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert answer.status_code == 401
