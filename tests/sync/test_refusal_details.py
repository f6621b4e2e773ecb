"""A refusal keeps its details with its code: the sentence that needs them is said.

The platform refuses a command with a code and details (``No department
{department}``). The outbox kept the code alone, so the inbox list, the
task detail, the conflict list and the CLI fell back to the general
sentence. The real sandbox on loopback, a real store file, the real
``backoffice`` in a child process; a store from before 0014 migrates with
no details and keeps the general sentence.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator

import pytest
from support.platform_env import PASSWORD
from support.store_tables import move_to_revision
from support.sync_env import busiest_unclaimed_department, reviewers, serve

from backoffice import messages
from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState, Store, migrate
from backoffice.store.inbox_rows import page_rows
from backoffice.store.reason_details import plain_details
from backoffice.sync import accounts
from backoffice.sync.case_view import conflict_reason
from backoffice.sync.engine import SyncEngine
from backoffice.sync.reasons import stopped_reason

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
NOWHERE = "NOWHERE-7"
# A department name no sentence should carry: a line break and a terminal escape.
HOSTILE = "NOWHERE\n\x1b[2J"
CODE = "transfer.unknown_department"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from serve(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _refused_transfers(url: str) -> tuple[accounts.Account, dict[str, str]]:
    """Signed in and synced; two transfers to no department pushed and refused.

    Returns the account and the task id of each command by the department named.
    """
    name = reviewers(busiest_unclaimed_department())[0]
    account, client = accounts.sign_in(url, name, PASSWORD)
    with Store.open(account.store_path()) as store:
        engine = SyncEngine(store, client)
        engine.sync_once()
        with store.read() as uow:
            tasks = [t for t in uow.tasks.all() if t.department_code == account.department_code
                     and t.status == TaskStatus.UNCLAIMED][:2]
        assert len(tasks) == 2
        ids: dict[str, str] = {}
        for task, to in zip(tasks, (NOWHERE, HOSTILE), strict=True):
            store.record_command(Command.new("task.transfer", task.id, task.version,
                                             {"to_department": to}, author=name))
            ids[to] = task.id
        report = engine.sync_once()
        assert len(report.push.refused) == 2, report
    return account, ids


def test_a_refusal_is_said_with_its_details_in_the_store_and_the_cli(
        run_cli: CliRunner, sandbox: Sandbox) -> None:
    account, ids = _refused_transfers(sandbox.url)
    with Store.open(account.store_path()) as store:
        entries = {str(e.command.payload["to_department"]): e for e in store.conflicts()}
        kept, hostile = entries[NOWHERE], entries[HOSTILE]
        assert (kept.state, kept.last_error) == (OutboxState.REFUSED, CODE)
        assert kept.error_details == {"department": NOWHERE}
        assert conflict_reason(kept, "en") == f"No department {NOWHERE}."
        assert conflict_reason(kept, "zh") == f"部门 {NOWHERE} 不存在。"
        # Not a plain value: dropped, never stored raw; the general sentence says the code.
        assert (hostile.last_error, hostile.error_details) == (CODE, None)
        assert conflict_reason(hostile, "en") == messages.render_code(
            "sync.refused_code", {"code": CODE}, "en")
        with store.read() as uow:  # what the inbox list's row carries
            rows = {r.task_id: r for r in page_rows(uow.session, list(ids.values()),
                                                    account.department_code)}
        row = rows[ids[NOWHERE]]
        assert stopped_reason(row.outbox_error, refused=True, lang="en",
                              details=dict(row.outbox_error_details)) == (
            f"No department {NOWHERE}.")
        assert rows[ids[HOSTILE]].outbox_error_details == ()

    for lang, said in (("en", f"No department {NOWHERE}."), ("zh", f"部门 {NOWHERE} 不存在。")):
        listed = run_cli("--lang", lang, "conflicts", env=NO_KEYRING)
        assert listed.returncode == 0, listed.stderr
        assert said in listed.stdout
        status = run_cli("--lang", lang, "status", env=NO_KEYRING)
        assert said in status.stdout, status.stdout
        assert "\x1b" not in listed.stdout + status.stdout


def test_a_store_from_before_0014_migrates_and_says_the_general_sentence(
        sandbox: Sandbox) -> None:
    account, _ = _refused_transfers(sandbox.url)
    path = account.store_path()
    move_to_revision(path, "0013", down=True)  # as the previous build left it
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(outbox)")}
    conn.close()
    assert "error_details" not in columns
    with Store.open(path) as store:
        assert store.revision == migrate.head_revision()
        entries = {str(e.command.payload["to_department"]): e for e in store.conflicts()}
        old = entries[NOWHERE]
        assert (old.last_error, old.error_details) == (CODE, None)
        assert conflict_reason(old, "en") == messages.render_code(
            "sync.refused_code", {"code": CODE}, "en")


def test_only_short_plain_details_under_placeholder_names_are_kept() -> None:
    assert plain_details(None) is None
    assert plain_details(["department", "X"]) is None
    assert plain_details({"department": "口岸办", "n": 3, "ok": True, "r": 1.5}) == {
        "department": "口岸办", "n": 3, "ok": True, "r": 1.5}
    dropped = {
        "nested": {"a": 1}, "listed": [1, 2], "none": None, "long": "x" * 201,
        "line": "a\nb", "bidi": "a\u202eb", "huge": 10**20, "nan": float("nan"),
        "not a name": "x", "": "x",
    }
    assert plain_details(dropped) is None
    assert plain_details({**dropped, "date": "2026-12-01"}) == {"date": "2026-12-01"}
    assert len(plain_details({f"k{i}": i for i in range(100)}) or {}) == 16
