"""`backoffice paths` names the store in use: the signed-in person's.

With someone signed in it printed <data>/store.sqlite3, a file that does
not exist, while their store is under <data>/profiles/ (as `store info` and
the app have it).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from backoffice.sync import accounts

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


def _row(stdout: str, name: str) -> str:
    for line in stdout.splitlines():
        label, _, value = line.partition("  ")
        if label.strip() == name:
            return value.strip()
    raise AssertionError(f"no {name!r} row in {stdout!r}")


def test_paths_names_the_signed_in_persons_store(run_cli: CliRunner, data_dir: Path) -> None:
    assert _row(run_cli("--lang", "en", "paths").stdout, "store") == str(
        data_dir / "store.sqlite3")  # nobody signed in: the default store
    account = accounts.Account("https://platform.example.gov.cn", "wang.fang")
    accounts.set_current(account)
    result = run_cli("--lang", "en", "paths")
    assert result.returncode == 0, result.stderr
    shown = _row(result.stdout, "store")
    assert shown == str(account.store_path())
    assert Path(shown).parent.parent == data_dir / "profiles"
    assert not Path(shown).exists()  # paths only names it
