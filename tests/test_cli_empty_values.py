"""Empty or impossible values on the command line are refused, with exit 2.

`conflicts --reapply ""` said "No conflicts." and `efficiency --from ""`
used the default period, both with exit 0; `store info --path` into a
folder that does not exist said the store would be "created at the first
start of the app", which never happens for a path named by hand.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


@pytest.mark.parametrize("args", [
    ("conflicts", "--reapply", ""),
    ("conflicts", "--discard", " "),
    ("efficiency", "--from", ""),
    ("efficiency", "--to", ""),
    ("case", ""),
    ("store", "info", "--path", ""),
    ("store", "info", "--profile", ""),
    ("verify", ""),
])
def test_an_empty_value_is_refused(run_cli: CliRunner, args: tuple[str, ...]) -> None:
    result = run_cli("--lang", "en", *args)
    assert result.returncode == 2, result.stdout
    assert "must not be empty" in result.stderr
    assert result.stdout == ""


def test_an_empty_value_is_refused_in_chinese(run_cli: CliRunner) -> None:
    result = run_cli("--lang", "zh", "conflicts", "--reapply", "")
    assert result.returncode == 2
    assert "不能为空" in result.stderr and "must not" not in result.stderr


@pytest.mark.parametrize(("lang", "said"), [("en", "does not exist"), ("zh", "不存在")])
def test_store_info_of_a_path_in_no_folder_says_so(
    run_cli: CliRunner, tmp_path: Path, lang: str, said: str
) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    result = run_cli("--lang", lang, "store", "info", "--path", str(missing / "x.sqlite3"))
    assert result.returncode == 2, result.stdout
    assert str(missing) in result.stderr and said in result.stderr
    assert result.stdout == "" and not (tmp_path / "no").exists()


def test_store_info_of_a_new_file_in_a_folder_is_still_shown(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    result = run_cli("--lang", "en", "store", "info", "--path", str(tmp_path / "x.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert "exists" in result.stdout
