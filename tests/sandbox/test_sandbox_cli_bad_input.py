"""``backoffice sandbox serve|users`` given a bad port or database: a sentence, exit 2, no traceback."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr.lower()
    return result.stderr


def test_a_port_beyond_65535_is_refused_in_words(run_cli: Run, tmp_path: Path) -> None:
    err = _refused(run_cli("--lang", "en", "sandbox", "serve", "--db",
                           str(tmp_path / "p.sqlite3"), "--port", "99999"))
    # An argparse error since 8edb23e: the usage, then the range in words.
    assert "a port from 0 (any free port) to 65535" in err and "99999" in err


def test_users_on_a_mistyped_path_says_so_and_makes_nothing(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "dir" / "x.db"
    err = _refused(run_cli("--lang", "en", "sandbox", "users", "--db", str(missing)))
    assert f"There is no sandbox database {missing}" in err
    assert not (tmp_path / "typo").exists()


def test_users_on_a_file_that_is_not_a_database(run_cli: Run, tmp_path: Path) -> None:
    notdb = tmp_path / "notdb.sqlite3"
    notdb.write_text("这不是数据库\n" * 200, encoding="utf-8")
    err = _refused(run_cli("--lang", "zh", "sandbox", "users", "--db", str(notdb)))
    assert "无法读取沙箱数据库" in err and str(notdb) in err


def test_users_on_an_unreachable_server_hides_the_password(run_cli: Run) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    url = f"postgresql://u:pw-secret@127.0.0.1:{port}/x"
    err = _refused(run_cli("--lang", "en", "sandbox", "users", "--db", url))
    assert "The sandbox database postgresql://u:***@127.0.0.1" in err
    assert "pw-secret" not in err


def test_serve_on_a_file_that_is_not_a_database(run_cli: Run, tmp_path: Path) -> None:
    notdb = tmp_path / "notdb.sqlite3"
    notdb.write_text("这不是数据库\n" * 200, encoding="utf-8")
    result = run_cli("--lang", "en", "sandbox", "serve", "--db", str(notdb), "--port", "0")
    err = _refused(result)
    assert "The sandbox database sqlite:///" in err and "sandbox platform on" not in result.stdout
