"""A data folder the system will not write (read-only, full): the command says so, exit 2.

``login``, ``logout`` and ``sync --password-stdin`` rewrite the list of accounts
in the data folder; refused there, they said "An unexpected error occurred"
and exited 1, the code of a bug. The folder is a tmpfs, as root meets it
(``chmod`` does not stop root): remounted read-only, or filled to the last
byte; skipped where mounting is not allowed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import seeded_platform
from support.platform_env import PASSWORD, user

from backoffice import exit_codes
from backoffice.sandbox.server import Sandbox

platform_file, sandbox = seeded_platform.platform_file, seeded_platform.sandbox  # fixtures
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
SUPPORT = Path(__file__).resolve().parent / "support"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    # The keyring's file outside the data folder: only the data folder is refused.
    return {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "BACKOFFICE_TEST_KEYRING": str(tmp_path / "keyring.json"),
            "PYTHONPATH": str(SUPPORT), "BACKOFFICE_LANG": "en"}


@pytest.fixture
def mounted(data_dir: Path) -> Iterator[Path]:
    """The data folder on a tmpfs of its own."""
    data_dir.mkdir(parents=True)
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounts a tmpfs: root on Linux only")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(data_dir)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr}")
    try:
        yield data_dir
    finally:
        subprocess.run(["umount", str(data_dir)], check=False)


def _login(run_cli: CliRunner, sandbox: Sandbox, env: dict[str, str | None]) -> None:
    done = run_cli("login", "--server", sandbox.url, "--user", user(), "--password-stdin",
                   input=PASSWORD + "\n", env=env)
    assert done.returncode == 0, done.stderr


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass


def _assert_worded(done: subprocess.CompletedProcess[str], reason: str) -> None:
    assert done.returncode == exit_codes.USAGE == 2, done.stderr
    assert "The command stopped" in done.stderr and reason in done.stderr, done.stderr
    assert "unexpected" not in done.stderr
    assert "Traceback" not in done.stderr


def test_logout_in_a_read_only_data_folder_says_so(
        run_cli: CliRunner, env: dict[str, str | None], sandbox: Sandbox, mounted: Path) -> None:
    _login(run_cli, sandbox, env)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    done = run_cli("logout", env=env)
    _assert_worded(done, "the disk or folder is read-only")
    assert f"folder {mounted} (" in done.stderr  # where, not a temporary file's name


def test_a_scheduled_sync_on_a_full_disk_says_so(
        run_cli: CliRunner, env: dict[str, str | None], sandbox: Sandbox, mounted: Path) -> None:
    _login(run_cli, sandbox, env)
    _fill(mounted)
    done = run_cli("sync", "--once", "--password-stdin", input=PASSWORD + "\n", env=env)
    _assert_worded(done, "the disk is full")
