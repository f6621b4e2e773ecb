"""Why something failed, in words: never a Python class name in a sentence.

Sentences ended in "（SSLError）", "(KeyringLocked)", "(NoKeyringError)" or
"Unexpected error (ZeroDivisionError)"; the class name now goes to the log
only, and the sentence says what it means, in Chinese and in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import keyring.backends.fail
import pytest
from support.locked_keyring import locked_keyring

from backoffice import messages
from backoffice.remote.credentials import Credentials, CredentialsError
from backoffice.remote.errors import RemoteError
from backoffice.remote.transport import tls_context

# A Python class name as a reason: "SSLError", "KeyringLocked", "FileNotFoundError" …
_CLASS_NAME = re.compile(r"[(（][A-Z][a-z]+(?:[A-Z][a-z]+)+[)）]")


def _said(error: Exception) -> dict[str, str]:
    assert isinstance(error, (RemoteError, CredentialsError))
    return {lang: messages.render(error, lang) for lang in messages.LANGUAGES}


@pytest.mark.parametrize(("text", "en", "zh"), [
    (None, "no such file or folder", "文件或文件夹不存在"),
    ("not a certificate", "no certificates in PEM format", "没有 PEM 格式的证书"),
])
def test_an_unusable_ca_file_is_said_in_words(tmp_path: Path, text: str | None, en: str,
                                              zh: str) -> None:
    path = tmp_path / "ca.pem"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(RemoteError) as caught:
        tls_context(path)
    said = _said(caught.value)
    assert en in said["en"] and zh in said["zh"], said
    assert not any(_CLASS_NAME.search(s) for s in said.values()), said


def test_a_locked_keyring_is_said_in_words() -> None:
    with locked_keyring(), pytest.raises(CredentialsError) as caught:
        Credentials("https://platform.example.cn").load("wang")
    said = _said(caught.value)
    assert "the keyring is locked" in said["en"] and "密钥环已锁定" in said["zh"], said
    assert "KeyringLocked" not in said["en"] + said["zh"]


def test_no_keyring_at_all_is_said_in_words() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(CredentialsError) as caught:
            Credentials("https://platform.example.cn").save("wang", "token")
    finally:
        keyring.set_keyring(previous)
    said = _said(caught.value)
    assert "this computer has no system keyring" in said["en"], said
    assert "本机没有系统密钥环" in said["zh"], said
    assert "NoKeyringError" not in said["en"] + said["zh"]


def test_an_unexpected_error_does_not_name_its_class() -> None:
    for lang in messages.LANGUAGES:
        said = messages.describe(ZeroDivisionError("division by zero"), lang)
        assert "ZeroDivisionError" not in said and "division" not in said, said
