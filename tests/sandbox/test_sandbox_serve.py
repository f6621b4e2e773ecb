"""``backoffice sandbox serve`` in a child process, as a trainer or a benchmark starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]


def _serve(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "--lang", "en", "sandbox", "serve",
         "--db", str(tmp_path / "platform.sqlite3"), "--port", str(port)],
        cwd=REPO, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, text=True,
        encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_the_banner_names_the_port_it_is_bound_to(tmp_path: Path) -> None:
    child = _serve(tmp_path, 0)  # any free port: the banner must say which
    try:
        assert child.stdout is not None
        banner = child.stdout.readline()
        url = banner.split()[3]
        assert banner.startswith("sandbox platform on http://127.0.0.1:") and not url.endswith(":0")
        assert requests.get(f"{url}/api/v1/me", timeout=10).status_code == 401  # serving
    finally:
        child.terminate()
        child.communicate(timeout=30)


def test_a_port_in_use_is_said_and_no_banner_is_printed(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        child = _serve(tmp_path, taken.getsockname()[1])
        out, err = child.communicate(timeout=60)
    assert child.returncode == 2
    assert out == ""  # no "sandbox platform on …" for a server that is not there
    assert "cannot listen on 127.0.0.1:" in err and "--port" in err
