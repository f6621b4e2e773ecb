"""A store whose folder cannot be written: a coded error naming the folder, not a traceback.

The folder is made read-only the way this process cannot get around: for a
normal user, ``chmod``; for root, whom ``chmod`` does not stop, a tmpfs
remounted read-only (skipped where mounting is not allowed). SQLite's own
``mode=ro`` would not do: it is the app, not the folder, refusing then.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_factories import make_case

from backoffice.domain.errors import StoreError
from backoffice.store import Store


def _as_root() -> bool:
    return os.geteuid() == 0


def _mount(folder: Path, *options: str) -> None:
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("size=16m", *options)),
                             "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"running as root, and cannot mount a tmpfs to make read-only: {result.stderr}")


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a store with one case, closed cleanly, now read-only."""
    folder = tmp_path / "profile"
    folder.mkdir()
    if _as_root():
        _mount(folder)
    try:
        store = Store.open(folder / "store.sqlite3")
        with store.write() as uow:
            uow.cases.upsert(make_case(1))
        store.close()
        if _as_root():
            _remount_read_only(folder)
        else:
            folder.chmod(0o555)
        yield folder
    finally:
        if _as_root():
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_a_store_in_a_read_only_folder_is_refused_naming_the_folder(read_only: Path) -> None:
    path = read_only / "store.sqlite3"
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert err.value.code == "store.read_only"
    assert err.value.params == {"folder": str(read_only), "path": str(path)}
    assert path.read_bytes() == before
    assert sorted(p.name for p in read_only.iterdir()) == ["store.sqlite3"]


def test_a_store_whose_folder_cannot_be_created_is_refused_naming_the_folder_that_refused(
        read_only: Path) -> None:
    path = read_only / "another profile" / "store.sqlite3"
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert err.value.code == "store.read_only"
    assert err.value.params == {"folder": str(read_only), "path": str(path)}


def test_a_file_where_the_folder_should_be_cannot_be_opened(tmp_path: Path) -> None:
    # What SQLite cannot open for another reason than permissions; the same for root.
    in_the_way = tmp_path / "profile"
    in_the_way.write_text("", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        Store.open(in_the_way / "store.sqlite3")
    assert err.value.code == "store.cannot_open"
    assert err.value.params["path"] == str(in_the_way / "store.sqlite3")
    assert in_the_way.read_text(encoding="utf-8") == ""
