"""A keyring backend for tests that run the CLI in several processes.

The in-memory backend of ``tests/conftest.py`` cannot be shared between a
test and the ``backoffice`` processes it starts, and CI machines have no
Secret Service. This one keeps secrets in one JSON file named by
``BACKOFFICE_TEST_KEYRING`` (inside the test's temp dir, mode 0600). Tests
only: the app itself never stores a secret in a file. Selected in a child
process with ``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` and this
folder on ``PYTHONPATH``.

Several processes use the file at once (two syncs of one store, each
rotating its refresh token): every operation holds an exclusive lock on a
lock file beside it and a write replaces the file whole, so none reads a
half-written file or loses another's entry.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import keyring.errors


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["BACKOFFICE_TEST_KEYRING"])

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(f"{self._path}.lock", "a", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
            return data
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".keyring-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp: mode 0600
            json.dump(data, out)
        os.replace(tmp, self._path)

    def get_password(self, service: str, username: str) -> str | None:
        with self._locked():
            return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._locked():
            data = self._load()
            data[f"{service}\n{username}"] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with self._locked():
            data = self._load()
            if data.pop(f"{service}\n{username}", None) is None:
                raise keyring.errors.PasswordDeleteError(username)
            self._save(data)
