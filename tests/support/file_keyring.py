"""A keyring backend for tests that run the CLI in several processes.

The in-memory backend of ``tests/conftest.py`` cannot be shared between a
test and the ``backoffice`` processes it starts, and CI machines have no
Secret Service. This one keeps secrets in one JSON file named by
``BACKOFFICE_TEST_KEYRING`` (inside the test's temp dir, mode 0600). Tests
only: the app itself never stores a secret in a file. Selected in a child
process with ``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` and this
folder on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["BACKOFFICE_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
            return data
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        self._path.write_text(json.dumps(data), encoding="utf-8")
        self._path.chmod(0o600)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._save(data)
