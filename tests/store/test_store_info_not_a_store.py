"""``store info --path`` on something that is no store of this app is refused in
words that fit it, and never advises doing anything to the file.

``backoffice store info --path /etc/passwd`` said the app's own words for a
damaged store: "move or rename that file … and start again". Right for the
store the app keeps (it then makes a new one), wrong for a file it never made,
least of all a system file. Now such a path (a file that is no SQLite
database, another program's database, a folder) is "not a store of OneVisit
Back Office", with where the store is to be found; the file is left as it was.
The store in the app's own data folder keeps the advice to move it aside.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]
_MOVE_ADVICE = ("move", "rename", "移动", "重命名", "start again", "重新启动")


def _refused(result: subprocess.CompletedProcess[str], code_words: str) -> None:
    assert result.returncode == 2, result.stdout
    assert code_words in result.stderr, result.stderr
    assert "backoffice status" in result.stderr  # where the store is to be found
    assert not any(word in result.stderr for word in _MOVE_ADVICE), result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_system_file_is_not_a_store_and_is_left_alone(run_cli: Run, data_dir: Path,
                                                        lang: str) -> None:
    passwd = Path("/etc/passwd")
    if not passwd.is_file():
        pytest.skip("no /etc/passwd on this system")
    before = hashlib.sha256(passwd.read_bytes()).hexdigest()
    result = run_cli("--lang", lang, "store", "info", "--path", str(passwd))
    _refused(result, {"en": "is not a store of OneVisit Back Office",
                      "zh": "不是“只跑一次 部门后台”的本地存储"}[lang])
    assert hashlib.sha256(passwd.read_bytes()).hexdigest() == before


def test_another_programs_database_is_not_a_store(run_cli: Run, data_dir: Path,
                                                  tmp_path: Path) -> None:
    other = tmp_path / "inventory.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE items (name TEXT)")
    conn.close()
    _refused(run_cli("--lang", "en", "store", "info", "--path", str(other)),
             "is not a store of OneVisit Back Office")


def test_a_folder_is_not_a_store(run_cli: Run, data_dir: Path, tmp_path: Path) -> None:
    _refused(run_cli("--lang", "en", "store", "info", "--path", str(tmp_path)),
             "is a folder, not a store of OneVisit Back Office")


def test_a_copy_of_a_store_elsewhere_is_shown(run_cli: Run, data_dir: Path,
                                              tmp_path: Path) -> None:
    assert run_cli("store", "migrate").returncode == 0
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes((data_dir / "store.sqlite3").read_bytes())
    shown = run_cli("--lang", "en", "store", "info", "--path", str(copy))
    assert shown.returncode == 0, shown.stderr
    assert "up to date" in shown.stdout


def test_the_apps_own_damaged_store_is_still_to_be_moved_aside(run_cli: Run,
                                                               data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    own = data_dir / "store.sqlite3"
    own.write_text("damaged", encoding="utf-8")
    for args in ((), ("--path", str(own))):
        result = run_cli("--lang", "en", "store", "info", *args)
        assert result.returncode == 2
        assert "move or rename that file" in result.stderr, result.stderr


def test_migrate_refuses_a_system_file_the_same_way(run_cli: Run, data_dir: Path) -> None:
    passwd = Path("/etc/passwd")
    if not passwd.is_file():
        pytest.skip("no /etc/passwd on this system")
    before = hashlib.sha256(passwd.read_bytes()).hexdigest()
    _refused(run_cli("--lang", "en", "store", "migrate", "--path", str(passwd)),
             "is not a store of OneVisit Back Office")
    assert hashlib.sha256(passwd.read_bytes()).hexdigest() == before
