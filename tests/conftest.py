"""Test set-up shared by every test: headless Qt, fresh data dir, no real keyring.

Environment first: Qt reads QT_QPA_PLATFORM when the QApplication is created,
which pytest-qt does lazily, but a plugin or test module may import PySide6
before any fixture runs — so it is set at import time here.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from hypothesis import HealthCheck, settings

from backoffice import logs

REPO = Path(__file__).resolve().parent.parent

# The default 200 ms per-example deadline is a timed assertion in disguise: it
# fails on a loaded 2-core CI machine, not on wrong code.
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


# --- per-test data directory -------------------------------------------------


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own BACKOFFICE_DATA_DIR (store, logs, cache under it)."""
    path = tmp_path / "data"
    monkeypatch.setenv("BACKOFFICE_DATA_DIR", str(path))
    yield path
    # A test that set up logging leaves the file handler on its own tmp dir;
    # close it so the next test starts clean.
    logs.teardown_logging()
    logs.forget_secrets()


# --- keyring -----------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets in a dict: no desktop keyring in CI, and never keyrings.alt's plain files."""

    priority = 100

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(f"no secret for {service}/{username}") from None


@pytest.fixture(scope="session", autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _empty_keyring(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.secrets.clear()


# --- subprocesses --------------------------------------------------------------

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_cli(data_dir: Path) -> CliRunner:
    """Run ``python -m backoffice.cli ARGS`` in a subprocess; returns the CompletedProcess.

    The child gets this test's environment (its data dir, offscreen Qt) plus
    ``env`` overrides; a value of None removes the variable.
    """

    def run(*args: str, env: dict[str, str | None] | None = None,
            timeout: float = 60, input: str | None = None) -> subprocess.CompletedProcess[str]:
        child_env = dict(os.environ)
        child_env["PYTHONIOENCODING"] = "utf-8"
        for key, value in (env or {}).items():
            if value is None:
                child_env.pop(key, None)
            else:
                child_env[key] = value
        return subprocess.run(
            [sys.executable, "-m", "backoffice.cli", *args],
            cwd=REPO, env=child_env, capture_output=True, text=True,
            encoding="utf-8", timeout=timeout, check=False, input=input,
        )

    return run


# --- a real X server -------------------------------------------------------------


@pytest.fixture(scope="session")
def xvfb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``Xvfb`` on a free display; yields the DISPLAY value (":N")."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb xauth; ./bootstrap.sh test does it)")
    # To a file, not a pipe: xkbcomp warnings per client could fill a pipe
    # nobody reads and freeze the server.
    log_path = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    log = log_path.open("wb")
    read_fd, write_fd = os.pipe()
    # -displayfd: the server picks a free display number and writes it to the
    # pipe once it accepts connections — no guessing, no race with a sleep.
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=log,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            process.kill()
            process.wait(timeout=10)
            pytest.fail(f"Xvfb did not start: {log_path.read_text(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
