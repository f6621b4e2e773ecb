"""Why the file cache's index cannot be used, in words: not "(DatabaseError)" or "(newer)"."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from backoffice import messages
from backoffice.sync.files_index import FilesError, Index


def _refusal(path: Path) -> FilesError:
    with pytest.raises(FilesError) as caught:
        Index(path)
    assert caught.value.code == "files.index_unusable"
    return caught.value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_that_is_not_an_index_is_said_damaged(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"not a database at all, " * 100)
    said = messages.render(_refusal(path), lang)
    assert "Error" not in said and "system." not in said, said
    assert messages.CATALOG["system.index_damaged"][lang] in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_index_of_a_newer_version_is_said_so(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "index.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 999")
    said = messages.render(_refusal(path), lang)
    assert "(newer)" not in said and "（newer）" not in said, said
    assert messages.CATALOG["system.index_newer"][lang] in said
