"""The case timeline tells an extension's request and its approval (Art. 42).

The store's timeline (the task detail's tab and ``backoffice case``): the
request on its day, who asked, how many working days and why; once a
signer approved it, the approval on its day, by whom. Worded in Chinese and
English; the JSON keeps the identifiers and the params.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from support.sync_env import Device, data, reviewers

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.sandbox.server import Sandbox
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data, print_case
from backoffice.sync.engine import SyncEngine

REASON = "需组织专家论证"


def _case(engine: SyncEngine, department: str, code: str) -> dict[str, Any]:
    user = engine.client.username or ""
    return case_data(engine.store, code, Account("https://platform.test", user, user,
                                                department, department))


def _extension_events(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in case["timeline"] if e["kind"].startswith("extension_")]


def _timeline(case: dict[str, Any], lang: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The page's timeline rows, each cut into its cells (when, what, details)."""
    print_case(case, lang)
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() in ("timeline", "办理记录"))
    rows = itertools.takewhile(lambda ln: ln.startswith("    "), lines[start + 1:])
    return [" | ".join(re.split(r"\s{2,}", row.strip())) for row in rows]


def _name(username: str) -> str:
    return next(u.display_name for u in data().users if u.username == username)


def test_the_timeline_tells_who_asked_for_how_many_days_and_who_approved(
        sandbox: Sandbox, device: Device, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the
    # deadline has passed, and Art. 42 allows no extension then.
    monkeypatch.setattr(clock, "now", sandbox.platform.clock)
    code = data().fresh_cases[1]
    lead_department = next(c for c in data().cases if c.case_code == code).lead_department
    lead = device(reviewers(lead_department)[0], department_code=lead_department)
    lead.sync_once()
    login = lead.client.username or ""
    asker = _name(login)  # the person, by name, as the demo's extensions say it
    lead.store.record_command(Command.new("extension.request", code, 0,
                                          {"working_days": 7, "reason": REASON}, author=login))
    assert lead.sync_once().push.applied == 1
    lead.sync_once()
    case = _case(lead, lead_department, code)
    (requested,) = _extension_events(case)
    assert requested["kind"] == "extension_requested"
    assert (requested["by"], requested["working_days"], requested["reason"]) == (asker, 7, REASON)
    assert requested["at"] is not None  # the day it was asked for
    day = requested["at"]
    # Nothing comes before the acceptance, a request of that same day neither.
    assert case["timeline"][0]["kind"] == "accepted"
    assert _timeline(case, "zh", capsys)[-1] == (
        f"{day} | 申请延期 | {asker} 申请延期 7 个工作日。理由：{REASON}")
    assert _timeline(case, "en", capsys)[-1] == (
        f"{day} | extension requested | {asker} asked for 7 more working days. Reason: {REASON}")

    signer = device(next(u.username for u in data().users if u.department_code == lead_department
                         and "signer" in u.roles), department_code=lead_department)
    signer.sync_once()
    with signer.store.read() as uow:
        (kept,) = uow.extensions.for_case(code)
    approver = _name(signer.client.username or "")
    signer.store.record_command(Command.new("extension.approve", kept.id, kept.version,
                                            author=signer.client.username or ""))
    assert signer.sync_once().push.applied == 1
    lead.sync_once()
    case = _case(lead, lead_department, code)
    asked, approved = _extension_events(case)
    assert asked == requested  # the approved record still says who asked, and when
    assert approved["kind"] == "extension_approved" and approved["by"] == approver
    assert approved["at"] is not None and approved["at"] >= asked["at"]
    # Both on their days, before the notice that told the applicant of the approval.
    zh = _timeline(case, "zh", capsys)
    assert zh[-3:] == [
        f"{day} | 申请延期 | {asker} 申请延期 7 个工作日。理由：{REASON}",
        f"{approved['at']} | 批准延期 | {approver} 批准延期 7 个工作日。理由：{REASON}",
        zh[-1]]
    assert "告知申请人" in zh[-1] and "延长审批期限告知" in zh[-1]
    en = _timeline(case, "en", capsys)
    assert en[-2] == (f"{approved['at']} | extension approved | {approver} approved 7 more "
                      f"working days. Reason: {REASON}")
