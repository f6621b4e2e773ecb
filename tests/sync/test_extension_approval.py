"""A signer approves an extension from the client (Art. 42): queued, pushed, stored.

The store does not keep a requested extension, so the approval is queued
without a local target; the platform's answer, the approved extension, is
stored, the deadline moves, and the applicant's notice comes with the pull.
"""

from __future__ import annotations

import pytest
from support.sync_env import Device, data, reviewers

from backoffice.domain.commands import Command
from backoffice.domain.errors import StoreError
from backoffice.sandbox.server import Sandbox
from backoffice.sync import case_view


def _signer(department: str) -> str:
    return next(u.username for u in data().users
                if u.department_code == department and "signer" in u.roles)


def test_a_queued_approval_is_worded_like_the_other_commands() -> None:
    assert case_view.command_kind("extension.approve", "en") == "approve the extension"
    assert case_view.command_kind("extension.approve", "zh") == "批准延期"


def test_a_signer_approves_an_extension_and_the_client_stores_it(
    sandbox: Sandbox, device: Device
) -> None:
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    lead = device(reviewers(case.lead_department)[0])
    lead.sync_once()
    request = Command.new("extension.request", code, 0,
                          {"working_days": 10, "reason": "需专家论证"},
                          author=lead.client.username or "")
    lead.store.record_command(request)
    assert lead.sync_once().push.applied == 1

    signer = device(_signer(case.lead_department))
    signer.sync_once()
    with signer.store.read() as uow:
        before = uow.cases.get(code)
        assert uow.extensions.for_case(code) == []  # a request is not kept
    assert before is not None
    approve = Command.new("extension.approve", f"extension-{request.id}", 0,
                          author=signer.client.username or "")
    with pytest.raises(StoreError) as missing:
        signer.store.record_command(approve)
    assert missing.value.code == "store.not_found"  # not kept: queued without a target
    signer.store.queue_without_target(approve)
    report = signer.sync_once()
    assert report.push.applied == 1, report
    signer.sync_once()
    assert signer.store.pending_commands() == [] and signer.store.conflicts() == []
    with signer.store.read() as uow:
        (approved,) = uow.extensions.for_case(code)
        after = uow.cases.get(code)
        told = [n.text for n in uow.notifications.for_case(code)]
    assert approved.working_days == 10 and approved.approved_by == signer.client.username
    assert after is not None and before.platform_due_date is not None
    assert after.platform_due_date is not None
    assert after.platform_due_date > before.platform_due_date
    assert any("需专家论证" in t and after.platform_due_date.isoformat() in t for t in told)
