"""The real sandbox on a free loopback port, seeded small, one database per module."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import (
    PG_USER,
    Client,
    _free_port,
    _pg_bindir,
    demo_data,
    start,
)

from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return demo_data()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, demo: DemoData) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, demo)


@pytest.fixture
def login(sandbox: Sandbox) -> Any:
    def make(username: str) -> Client:
        return Client(sandbox.url, username).login()
    return make


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL cluster on a free loopback port; its SQLAlchemy URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl under "
                    "/usr/lib/postgresql/*/bin; ./bootstrap.sh test installs it)")
    try:
        account = pwd.getpwnam(PG_USER)
    except KeyError:
        pytest.skip(f"no '{PG_USER}' system user to run PostgreSQL as")
    as_pg: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        as_pg = [runuser, "-u", PG_USER, "--"]
    root = tempfile.mkdtemp(prefix="backoffice-pg-", dir="/tmp")
    data, sockets, log = (os.path.join(root, n) for n in ("data", "sockets", "server.log"))
    os.mkdir(sockets)
    if os.geteuid() == 0:
        for path in (root, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*as_pg, *args], check=True, capture_output=True, text=True,
                              timeout=60)

    started = False
    try:
        run(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", PG_USER,
            "-E", "UTF8", "--locale=C")
        run(os.path.join(bindir, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "30",
            "-o", f"-k {sockets} -p {port} -h 127.0.0.1", "start")
        started = True
        deadline = time.monotonic() + 30
        while subprocess.run([os.path.join(bindir, "pg_isready"), "-q", "-h", "127.0.0.1",
                              "-p", str(port)], check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not become ready")
            time.sleep(0.1)
        run(os.path.join(bindir, "createdb"), "-h", "127.0.0.1", "-p", str(port),
            "-U", PG_USER, "sandbox")
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/sandbox"
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"{e.cmd} failed: {e.stderr}") from e
    finally:
        if started:
            subprocess.run([*as_pg, os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast",
                            "-w", "stop"], check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
