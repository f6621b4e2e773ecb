"""A file the system refuses is said in the message's language, not the system's.

Chinese messages carried "No such file or directory", "FileNotFoundError",
"unable to open database file" and pydantic's "Invalid JSON: …"; the
system's text and the class name now go to the log only.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backoffice import messages, system_reasons

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


@pytest.mark.parametrize(("exc", "code"), [
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "system.not_found"),
    (PermissionError(errno.EACCES, "Permission denied"), "system.permission"),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), "system.is_a_folder"),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "system.not_a_folder"),
    (OSError(errno.ENOSPC, "No space left on device"), "system.no_space"),
    (OSError(errno.EROFS, "Read-only file system"), "system.read_only"),
    (json.JSONDecodeError("Expecting value", "x", 0), "system.invalid_json"),
])
def test_a_known_refusal_is_a_worded_code(exc: BaseException, code: str) -> None:
    assert system_reasons.reason(exc) == code
    for lang in messages.LANGUAGES:
        said = messages.render_code("planning.problem_unreadable", {"path": "p", "reason": code},
                                    lang)
        assert messages.CATALOG[code][lang] in said and code not in said


def test_an_unknown_refusal_keeps_the_systems_text() -> None:
    assert system_reasons.reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"


def _zh(run_cli: CliRunner, *args: str, env: dict[str, str] | None = None) -> str:
    result = run_cli("--lang", "zh", *args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    for english in ("No such file", "Is a directory", "Error:", "Invalid JSON",
                    "unable to open", "Not a directory"):
        assert english not in result.stderr
    return result.stderr


def test_planning_problem_files_refused_in_chinese(
    run_cli: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    assert "（文件或文件夹不存在）" in _zh(run_cli, "plan", "slots", "--problem",
                                   str(tmp_path / "none.json"))
    assert "（这是文件夹，不是文件）" in _zh(run_cli, "plan", "slots", "--problem", str(tmp_path))
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    assert "不是有效的 JSON" in _zh(run_cli, "plan", "slots", "--problem",
                                  str(tmp_path / "bad.json"))
    log = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "FileNotFoundError" in log and "IsADirectoryError" in log  # kept for support


def test_a_data_folder_under_a_file_is_refused_in_chinese(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    said = _zh(run_cli, "paths", env={"BACKOFFICE_DATA_DIR": str(tmp_path / "file" / "data")})
    assert "路径中有一部分不是文件夹" in said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_store_sqlite_cannot_open_is_refused_in_chinese(run_cli: CliRunner) -> None:
    said = _zh(run_cli, "store", "migrate", "--path", "/proc/x.sqlite3")
    assert "无法在该位置打开或创建该文件" in said
