"""The keyring entry: layout, removal, and what happens when no keyring can be used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from support.platform_env import PASSWORD, Make

from backoffice import messages
from backoffice.remote import SERVICE, Credentials, CredentialsError


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that refuses everything, as a locked or absent one does."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


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
    for call in (lambda: store.load("u"), lambda: store.save("u", "t"),
                 lambda: store.delete("u")):
        with pytest.raises(CredentialsError) as caught:
            call()
        assert caught.value.code == "credentials.unavailable"
        assert caught.value.params == {"reason": "KeyringLocked"}
        assert "KeyringLocked" in messages.render(caught.value, "en")


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
