"""A change the platform refused is counted and worded as a refusal, not a conflict.

A reviewer's claim, queued while the account was a reviewer's and sent after the
platform made it an inspector's, is refused (``role.missing``: the role may not
do this). ``sync --once`` said "conflicts: 1" and ``status`` counted
it among the conflicts, though nobody changed the record meanwhile and re-applying
will not help — the exit codes tell the two apart too (7, forbidden; 8, conflict).
Now both say the refusal as one (``refused``), the conflicts apart; the real
command line in child processes against the sandbox.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update
from support.platform_env import PASSWORD
from support.sandbox_env import seed_file
from support.sync_env import busiest_unclaimed_department, data, reviewers

from backoffice.domain.states import TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.server import running_sandbox
from backoffice.store import Store
from backoffice.sync.reports import PullReport, PushReport, SyncReport
from backoffice.sync.status import SyncState, SyncStatus

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
SUPPORT = Path(__file__).resolve().parents[1] / "support"


def test_a_role_refusal_is_no_conflict(tmp_path: Path, run_cli: CliRunner) -> None:
    env: dict[str, str | None] = {
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "BACKOFFICE_TEST_KEYRING": str(tmp_path / "keyring.json"),
        "PYTHONPATH": str(SUPPORT), "BACKOFFICE_LANG": "en"}
    department = busiest_unclaimed_department()
    me = reviewers(department)[0]
    task = next(t for t in data().tasks
                if t.department_code == department and t.status == TaskStatus.UNCLAIMED)
    path = seed_file(tmp_path / "platform.sqlite3", data(), files=False)
    with running_sandbox(str(path)) as sandbox:
        login = run_cli("login", "--server", sandbox.url, "--user", me,
                        "--password-stdin", env=env, input=PASSWORD + "\n")
        assert login.returncode == 0, login.stderr
        assert run_cli("sync", "--once", env=env).returncode == 0
        claim = run_cli("claim", task.case_code, env=env)  # as a reviewer may
        assert claim.returncode == 0, claim.stderr
        # Meanwhile the platform's administrator makes the account an inspector's.
        with sandbox.platform.lock, sandbox.platform.engine.begin() as conn:
            conn.execute(update(db.users).where(db.users.c.username == me)
                         .values(roles="inspector"))
        synced = run_cli("sync", "--once", env=env)
    assert synced.returncode == 0, synced.stderr
    assert "conflicts: 0; refused by the platform: 1." in synced.stdout, synced.stdout

    status = json.loads(run_cli("status", "--json", env=env).stdout)
    assert (status["conflicted"], status["refused"]) == (0, 1)
    (stopped,) = status["conflicts"]
    assert stopped["state"] == "refused" and stopped["reason_code"] == "role.missing"
    for lang, label, counts in (
            ("en", "refusal", ["conflicts 0", "refused by the platform 1"]),
            ("zh", "被拒绝", ["冲突 0", "被平台拒绝 1"])):
        table = run_cli("--lang", lang, "status", env=env).stdout
        rows = [" ".join(line.split()) for line in table.splitlines()]  # labels right-aligned
        (row,) = [row for row in rows if stopped["id"] in row]
        assert row.startswith(f"{label} "), table
        assert set(counts) <= set(rows), table


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "waiting to be sent: 0; conflicts: 1; refused by the platform: 2."),
    ("zh", "待发送：0；冲突：1；被平台拒绝：2。"),
])
def test_the_summary_and_the_state_lines_count_them_apart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str) -> None:
    from backoffice.domain.commands import Command
    from backoffice.store import OutboxState
    from backoffice.sync.cli import _report, _state_printer

    with Store.open(tmp_path / "store.sqlite3") as store:
        for state in (OutboxState.CONFLICT, OutboxState.REFUSED, OutboxState.REFUSED):
            command = Command.new("comment.add", "C-1", 0, {"text": "x"}, author="me")
            with store.write() as uow:
                uow.outbox.append(command, base_record=None)
                uow.outbox.set_state(command.id, state)
        args = argparse.Namespace(lang=lang)
        # The engine's status counts both as waiting for a person (3).
        _report(args, SyncReport(PushReport(), PullReport()), SyncStatus(conflicts=3), store)
        _state_printer(args, store, threading.Event())(SyncStatus(state=SyncState.IDLE, conflicts=3))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.lower().endswith(expected) for line in lines), lines
