"""``backoffice store info`` only reads: naming a profile leaves no folder behind."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_info_on_a_new_profile_creates_no_folder(run_cli: Run, data_dir: Path) -> None:
    result = run_cli("store", "info", "--profile", "created-by-info", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["exists"] is False
    assert not (data_dir / "profiles" / "created-by-info").exists()
    assert not (data_dir / "profiles").exists()


def test_migrate_still_makes_the_profile_folder(run_cli: Run, data_dir: Path) -> None:
    assert run_cli("store", "migrate", "--profile", "training").returncode == 0
    assert (data_dir / "profiles" / "training" / "store.sqlite3").is_file()
