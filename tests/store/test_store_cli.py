"""``backoffice store info|migrate`` on real files, in a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_info_before_and_after_migrate(run_cli: Run, data_dir: Path) -> None:
    before = run_cli("store", "info", "--json")
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["exists"] is False
    assert not (data_dir / "store.sqlite3").exists()  # info never creates the store

    migrated = run_cli("store", "migrate")
    assert migrated.returncode == 0, migrated.stderr

    after = json.loads(run_cli("store", "info", "--json").stdout)
    assert after["up_to_date"] is True and after["wal"] is True
    assert after["tables"]["review_tasks"] == 0
    assert after["outbox_pending"] == 0


def test_info_on_something_that_is_not_a_store(run_cli: Run, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("这不是数据库", encoding="utf-8")
    result = run_cli("--lang", "zh", "store", "info", "--path", str(bogus))
    assert result.returncode == 2
    assert "不是“只跑一次 部门后台”的本地存储" in result.stderr  # not ours: nothing to move
    assert bogus.read_text(encoding="utf-8") == "这不是数据库"


def test_profiles_have_their_own_store(run_cli: Run, data_dir: Path) -> None:
    assert run_cli("store", "migrate", "--profile", "training").returncode == 0
    assert (data_dir / "profiles" / "training" / "store.sqlite3").is_file()
    bad = run_cli("--lang", "en", "store", "info", "--profile", "../escape")
    assert bad.returncode == 2
    assert "not a valid profile name" in bad.stderr


def test_windows_device_names_are_not_profiles(run_cli: Run, data_dir: Path) -> None:
    for profile in ("con.txt", "training."):
        bad = run_cli("--lang", "en", "store", "migrate", "--profile", profile)
        assert bad.returncode == 2, bad.stderr
        assert f"“{profile}” is not a valid profile name" in bad.stderr
    assert not (data_dir / "profiles").exists()


def test_without_options_the_signed_in_persons_store_is_the_one(run_cli: Run,
                                                                data_dir: Path) -> None:
    # What `status` and the app open: an administrator must not have to guess the profile.
    from backoffice.sync import accounts

    account = accounts.Account("https://platform.example.gov.cn", "li.reviewer")
    accounts.set_current(account)
    assert run_cli("store", "migrate").returncode == 0
    assert account.store_path().is_file()
    assert not (data_dir / "store.sqlite3").exists()  # no stray store at the top
    info = json.loads(run_cli("store", "info", "--json").stdout)
    assert info["path"] == str(account.store_path()) and info["exists"] is True
    default = json.loads(run_cli("store", "info", "--profile", "default", "--json").stdout)
    assert default["path"] == str(data_dir / "store.sqlite3")



def test_info_on_a_path_with_no_file_does_not_promise_the_app_makes_it(
        run_cli: Run, tmp_path: Path) -> None:
    # A typo in --path said "no (created at the first start of the app)": untrue, the
    # app never makes a store named by hand. Still shown (exit 0), with the way on.
    typo = tmp_path / "stroe.sqlite3"
    result = run_cli("--lang", "en", "store", "info", "--path", str(typo))
    assert result.returncode == 0, result.stderr
    assert "the app makes no store there; check the path" in result.stdout
    assert "first start" not in result.stdout + result.stderr
    assert not typo.exists()
