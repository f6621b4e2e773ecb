"""How the decision reaches the applicant is recorded at issuing (9.7 便捷送达; 8.4.1 a)).

Issuing was a bare confirmation. ``decision.issue`` now carries ``delivery``
(window, courier, online) and a courier's ``delivery_address``, checked by
one rule (``backoffice.domain.decisions.delivery_of``) on the desk and on the
platform; the applicant's notification, which is the case timeline's record
of the issue, says it. A client without the field is an online delivery.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.decision_env import DEMO, clock, device, sandbox, sealed_by_platform
from support.sandbox_env import Client, user, version

from backoffice.domain.errors import DomainError
from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _issue_notice(sandbox: Sandbox, case_code: str) -> str:
    [text] = [n.body["text"] for n in sandbox.app.state.platform._records(
        "notification", case_code) if n.body["case_code"] == case_code
        and "审查决定已作出" in n.body["text"]]
    return str(text)


def test_by_courier_the_address_is_recorded_and_told(sandbox: Sandbox, device: Any) -> None:
    case, decision, signer = sealed_by_platform(sandbox, device, 6)
    with pytest.raises(DomainError) as refused:
        signer.desk.issue(decision, "courier", "   ")
    assert refused.value.code == "decision.delivery_address_missing"
    with pytest.raises(DomainError) as unknown:
        signer.desk.issue(decision, "fax")
    assert unknown.value.code == "decision.delivery_unknown"
    assert signer.store.pending_commands() == []

    address = "吉林省临江市建设街88号（演示地址）"
    signer.desk.issue(decision, "courier", f" {address} ")
    signer.engine.sync_once()
    record = sandbox.app.state.platform.record("decision", decision.id).body
    assert (record["status"], record["delivery"], record["delivery_address"]) == (
        "issued", "courier", address)
    [issued] = signer.desk.decisions(case.case_code)
    assert (issued.decision.delivery, issued.decision.delivery_address) == ("courier", address)
    assert address in _issue_notice(sandbox, case.case_code)
    # The case's timeline shows it, by the applicant's notification.
    timeline = Client(sandbox.url, signer.username).login().get(
        f"/cases/{case.case_code}/timeline").json()["events"]
    assert any(e["kind"] == "notification_sent" and address in e["summary"]
               for e in timeline), timeline


def test_the_platform_holds_the_same_rule_and_an_older_client_delivers_online(
        sandbox: Sandbox, device: Any) -> None:
    case, decision, _signer = sealed_by_platform(sandbox, device, 7)
    client = Client(sandbox.url, user(DEMO, case.lead_department, "signer")).login()

    def issue(payload: dict[str, Any]) -> dict[str, Any]:
        return client.command("decision.issue", "decision", decision.id,
                              version(sandbox, "decision", decision.id), payload)

    refused = issue({"delivery": "courier", "delivery_address": ""})
    assert refused["status"] == "refused" and \
        refused["error"]["code"] == "decision.delivery_address_missing", refused
    refused = issue({"delivery": "pigeon"})
    assert refused["error"]["code"] == "decision.delivery_unknown", refused
    assert issue({})["status"] == "applied"  # a client from before the field
    record = sandbox.app.state.platform.record("decision", decision.id).body
    assert (record["delivery"], record["delivery_address"]) == ("online", "")
    assert "网上下载" in _issue_notice(sandbox, case.case_code)
