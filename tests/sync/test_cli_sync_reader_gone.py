"""``backoffice sync`` (continuous) whose output's reader left (``| head -1``) stops, 141.

It went on syncing for ever, logging a BrokenPipeError traceback as an
ERROR at every change of state, as nothing could read its lines any more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from support import seeded_platform
from support.platform_env import PASSWORD, user

from backoffice import exit_codes
from backoffice.sandbox.server import Sandbox

platform_file, sandbox = seeded_platform.platform_file, seeded_platform.sandbox  # fixtures
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
REPO = Path(__file__).resolve().parents[2]
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BACKOFFICE_LANG": "en"}


def test_continuous_sync_stops_when_the_reader_of_its_lines_is_gone(
        run_cli: CliRunner, sandbox: Sandbox, data_dir: Path) -> None:
    login = run_cli("login", "--server", sandbox.url, "--user", user(), "--password-stdin",
                    input=PASSWORD + "\n", env=NO_KEYRING)
    assert login.returncode == 0, login.stderr
    child = subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "sync", "--password-stdin", "--interval", "10",
         "--no-progress"],
        cwd=REPO, env={**os.environ, **NO_KEYRING}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(PASSWORD + "\n")
    child.stdin.close()
    assert child.stdout.readline().startswith("Sync: ")
    child.stdout.close()  # "| head -1": the next round's lines have no reader
    try:
        child.wait(timeout=90)  # a guard against hanging the suite, not a timing
    finally:
        child.kill()
    child.stderr.close()
    assert child.returncode == exit_codes.READER_GONE == 141
    log = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "BrokenPipeError" not in log
