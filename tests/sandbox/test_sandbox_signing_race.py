"""The signing service works a pending request once, however many read its status at once.

Two signers' status reads arrive together, each finding the request due:
only one of them seals; the other answers ``pending`` and the request ends
``signed``, not ``refused`` by a second attempt on a decision sealed already.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from support.sandbox_env import Client, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)
NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
READERS = 4


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=lambda: NOW)


def _submitted_decision(sandbox: Sandbox) -> tuple[str, str]:
    """A fresh case walked to a submitted grant: (its decision id, its lead department)."""
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
    for task in [t for t in DEMO.tasks if t.case_code == case.case_code]:
        client = Client(sandbox.url, user(DEMO, task.department_code)).login()
        for kind, payload in (("task.claim", None), ("task.give_opinion", {"opinion": "同意。"})):
            if kind == "task.give_opinion":
                pass_on_platform(sandbox, client, task.id)
            done = client.command(kind, "review_task", task.id,
                                  version(sandbox, "review_task", task.id), payload)
            assert done["status"] == "applied", done
    reviewer = Client(sandbox.url, user(DEMO, case.lead_department)).login()
    drafted = reviewer.command("decision.draft", "case", case.case_code, 0, {
        "kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条",
        "submit": True, "joint": len({t.department_code for t in DEMO.tasks
                                      if t.case_code == case.case_code}) > 1})
    assert drafted["status"] == "applied", drafted
    return str(drafted["record"]["id"]), case.lead_department


def test_status_reads_at_once_seal_a_request_once(sandbox: Sandbox,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    decision_id, lead = _submitted_decision(sandbox)
    service = sandbox.platform.signing
    service.delay = 0
    signers = [Client(sandbox.url, user(DEMO, lead, "signer")).login() for _ in range(READERS)]
    rid = str(uuid.uuid4())
    assert signers[0].post("/signing-requests",
                           {"id": rid, "decision_id": decision_id}).status_code == 202

    # Every reader has found the request pending before any of them goes on:
    # the window in which two workers would both take it.
    together = threading.Barrier(READERS, timeout=30)
    read, seal = service._row, service._seal
    first_reads: list[str] = []
    seals: list[str] = []
    counting = threading.Lock()

    def row_read_together(request_id: str) -> Any:
        found = read(request_id)
        with counting:
            first = len(first_reads) < READERS
            if first:
                first_reads.append(request_id)
        if first:
            together.wait()
        return found

    def counted_seal(row: Any) -> None:
        with counting:
            seals.append(row.id)
        seal(row)

    monkeypatch.setattr(service, "_row", row_read_together)
    monkeypatch.setattr(service, "_seal", counted_seal)
    with ThreadPoolExecutor(READERS) as pool:
        answers = list(pool.map(lambda c: c.get(f"/signing-requests/{rid}"), signers))
    monkeypatch.undo()

    assert [a.status_code for a in answers] == [200] * READERS, [a.text for a in answers]
    assert seals == [rid]
    assert sorted(a.json()["status"] for a in answers) == ["pending"] * (READERS - 1) + ["signed"]
    done = signers[0].get(f"/signing-requests/{rid}").json()
    assert done["status"] == "signed" and done["error"] is None, done
