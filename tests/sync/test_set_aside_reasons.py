"""Why a record from the platform was set aside, in the person's words.

The quarantine keeps each record's reason as the sync wrote it (``code:
{params}`` for a rule it breaks, ``where: what`` for a form it does not
have), for support. ``backoffice status`` listed only how many there were;
now it says each one's reason as a sentence, in Chinese or English, and
its JSON keeps the reason as stored beside it. The real ``backoffice`` in
a child process, on a store the real sync filled from the sandbox.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.platform_env import PASSWORD, demo_data, start, user

from backoffice import messages
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.engine import SyncEngine
from backoffice.sync.reasons import set_aside_reason

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BACKOFFICE_LANG": "en"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _set_aside_two(sandbox: Sandbox) -> list[str]:
    """Signed in and synced with a comment no clock can convert and a malformed record;
    the reasons the quarantine keeps."""
    me = user()
    department = next(u.department_code for u in demo_data().users if u.username == me)
    case_code = next(t.case_code for t in demo_data().tasks if t.department_code == department)
    with sandbox.platform.lock, sandbox.platform.engine.begin() as conn:
        Ledger(conn).put("comment", {
            "entity": "comment", "id": "c-year-one", "case_code": case_code,
            "department_code": department, "author": "someone", "text": "备注",
            "created_at": "0001-01-01T00:00:00+14:00"}, department_code=department)
    sandbox.faults.malform("/api/v1/changes", how="bad_record")
    account, client = accounts.sign_in(sandbox.url, me, PASSWORD)
    with Store.open(account.store_path()) as store:
        assert SyncEngine(store, client).sync_once().pull.quarantined == 2
        with store.read() as uow:
            return [q.reason for q in uow.quarantine.entries()]


def test_a_rule_broken_is_said_with_its_details_and_a_form_by_where() -> None:
    kept = ("record.time_out_of_range: {'field': 'created_at', 'entity': 'comment', "
            "'id': 'c-1', 'value': '0001-01-01T00:00:00+14:00'}")
    assert set_aside_reason(kept, "en") == messages.render_code(
        "record.time_out_of_range", {"field": "created_at", "entity": "comment", "id": "c-1",
                                     "value": "0001-01-01T00:00:00+14:00"}, "en")
    assert "备注 c-1" in set_aside_reason(kept, "zh")
    # A code without a sentence (or params it cannot take) is named, never dumped.
    assert set_aside_reason("case.bogus: {'x': 1}", "en") == messages.render_code(
        "sync.set_aside_code", {"code": "case.bogus"}, "en")
    assert set_aside_reason("record.case.status: Input should be 'a'", "zh") == \
        messages.render_code("sync.set_aside_malformed", {"where": "办件的状态"}, "zh")
    assert set_aside_reason("Input should be a valid dictionary", "en") == \
        messages.render_code("sync.set_aside_malformed.unnamed", {}, "en")


def test_status_says_why_each_record_was_set_aside(
        run_cli: CliRunner, data_dir: Path, sandbox: Sandbox) -> None:
    reasons = _set_aside_two(sandbox)
    assert any(r.startswith("record.time_out_of_range: {") for r in reasons), reasons
    for lang in ("en", "zh"):
        shown = run_cli("--lang", lang, "status", env=NO_KEYRING)
        assert shown.returncode == 0, shown.stderr
        for reason in reasons:
            said = set_aside_reason(reason, lang)
            assert said != reason
            lines = [line for line in shown.stdout.splitlines() if said in line]
            assert len(lines) == 1, shown.stdout
            assert messages.term("set_aside", lang) in lines[0]
            assert reason not in shown.stdout  # the stored form is for support
    assert "c-year-one" in shown.stdout and "超出可显示和保存的时间范围" in shown.stdout

    as_json = run_cli("status", "--json", env=NO_KEYRING)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["quarantined"] == 2
    assert sorted(q["raw_reason"] for q in data["set_aside"]) == sorted(reasons)
    assert all(q["reason"] == set_aside_reason(q["raw_reason"], "en") for q in data["set_aside"])
