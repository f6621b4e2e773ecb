"""A signer approves an extension from the case (Art. 42): kept, queued, pushed, moved.

The store keeps a requested extension (migration 0012), so the signer's
client shows it — days, reason, who asked and when — and queues the
approval on the kept record and its version like any command; the
platform's answer, the approved extension, is stored, the deadline moves,
and the applicant's notice comes with the pull.
"""

from __future__ import annotations

import datetime as dt

import pytest
from support.sync_env import Device, data, reviewers

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.model import ExtensionStatus
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data
from ui.inbox.detail_case_data import CaseExtras, queue_approval, read_extras


def _signer(department: str) -> str:
    return next(u.username for u in data().users
                if u.department_code == department and "signer" in u.roles)


def _name(username: str) -> str:
    return next(u.display_name for u in data().users if u.username == username)


@pytest.fixture(autouse=True)
def _on_the_platforms_day(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the
    # deadline has passed, and Art. 42 allows no extension then.
    monkeypatch.setattr(clock, "now", sandbox.platform.clock)


def _extras(store: Store, code: str) -> CaseExtras:
    with store.read() as uow:
        case = uow.cases.get(code)
        assert case is not None
        return read_extras(uow, case, store.calendar)


def test_a_reviewer_requests_a_signer_sees_it_approves_and_the_deadline_moves(
    sandbox: Sandbox, device: Device
) -> None:
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    # With their department: the sync keeps its user list (who signs).
    lead = device(reviewers(case.lead_department)[0], department_code=case.lead_department)
    lead.sync_once()
    asker = lead.client.username or ""
    request = Command.new("extension.request", code, 0,
                          {"working_days": 10, "reason": "需专家论证"}, author=asker)
    lead.store.record_command(request)
    assert lead.sync_once().push.applied == 1
    lead.sync_once()
    # The reviewer's own client keeps the request too: pending approval.
    asked = _extras(lead.store, code)
    assert [e.id for e in asked.awaiting] == [f"extension-{request.id}"]
    assert asked.extensions == () and asker not in asked.signers

    signer = device(_signer(case.lead_department), department_code=case.lead_department)
    signer.sync_once()
    with signer.store.read() as uow:
        before = uow.cases.get(code)
        tasks = uow.tasks.for_case(code)
    assert before is not None and before.platform_due_date is not None
    shown = _extras(signer.store, code)
    (waiting,) = shown.awaiting
    assert waiting.status is ExtensionStatus.REQUESTED
    assert (waiting.working_days, waiting.reason, waiting.requested_by) == (
        10, "需专家论证", _name(asker))  # the person, by name, as the demo's extensions say it
    assert isinstance(waiting.requested_on, dt.date) and waiting.version > 0
    assert signer.client.username in shown.signers  # the colleague list the sync keeps
    with signer.store.read() as uow:  # still the platform's date: only an approval moves it
        assert uow.cases.get(code) == before

    queue_approval(signer.store, signer.client.username or "", waiting, tasks, 0)
    (queued,) = signer.store.pending_commands()
    assert queued.command.kind == "extension.approve"
    assert queued.command.base_version == waiting.version  # a normal command on the record
    # Before the next sync: the approver by name, as the platform will name them.
    (offline,) = _extras(signer.store, code).extensions
    assert offline.approved_by == _name(signer.client.username or "")
    account = Account(signer.client.base_url, signer.client.username or "",
                      _name(signer.client.username or ""), case.lead_department)
    approval = next(e for e in case_data(signer.store, code, account)["timeline"]
                    if e["kind"] == "extension_approved")
    assert approval["by"] == _name(signer.client.username or "")
    report = signer.sync_once()
    assert report.push.applied == 1, report
    signer.sync_once()
    assert signer.store.pending_commands() == [] and signer.store.conflicts() == []
    with signer.store.read() as uow:
        (approved,) = uow.extensions.for_case(code)
        after = uow.cases.get(code)
        told = [n.text for n in uow.notifications.for_case(code)]
    assert approved.approved and approved.approved_by == _name(signer.client.username or "")
    assert after is not None and after.platform_due_date is not None
    assert after.platform_due_date > before.platform_due_date
    assert any("需专家论证" in t and after.platform_due_date.isoformat() in t for t in told)
    assert _extras(signer.store, code).awaiting == ()

    lead.sync_once()  # the reviewer sees it approved, and the date moved
    done = _extras(lead.store, code)
    assert done.awaiting == () and [e.id for e in done.extensions] == [approved.id]
    with lead.store.read() as uow:
        moved = uow.cases.get(code)
    assert moved is not None and moved.platform_due_date == after.platform_due_date


def test_an_approval_queued_without_its_request_conflicts_then_goes_on_its_version(
    sandbox: Sandbox, device: Device
) -> None:
    # The platform checks an approval's base like any change of a record: one
    # queued by id for a request the store never kept (base 0) comes back a
    # conflict carrying the request; made again, it goes on the request's version.
    code = data().fresh_cases[1]
    lead_department = next(c for c in data().cases if c.case_code == code).lead_department
    lead = device(reviewers(lead_department)[0], department_code=lead_department)
    signer = device(_signer(lead_department), department_code=lead_department)
    lead.sync_once()
    signer.sync_once()  # the case, before the request
    request = Command.new("extension.request", code, 0,
                          {"working_days": 3, "reason": "需专家论证"},
                          author=lead.client.username or "")
    lead.store.record_command(request)
    assert lead.sync_once().push.applied == 1
    asked = sandbox.platform.record("extension", f"extension-{request.id}")
    assert asked is not None and asked.version > 0

    blind = Command.new("extension.approve", asked.id, 0, author=signer.client.username or "")
    signer.store.queue_without_target(blind)
    report = signer.sync_once()
    assert report.push.applied == 0 and report.push.conflicts == [blind.id], report
    unchanged = sandbox.platform.record("extension", asked.id)
    assert unchanged is not None and unchanged.body["status"] == "requested"
    (conflict,) = signer.store.conflicts()
    assert conflict.server_record is not None
    assert _extras(signer.store, code).awaiting[0].version == asked.version

    again = signer.store.reapply_command(blind.id)
    assert again.base_version == asked.version
    assert signer.sync_once().push.applied == 1
    approved = sandbox.platform.record("extension", asked.id)
    assert approved is not None and approved.body["status"] == "approved"
    assert signer.store.conflicts() == []
