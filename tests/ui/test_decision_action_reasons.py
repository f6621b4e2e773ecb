"""Every action of the desk that is off says why (QA desk 3 and 4).

After an offline local seal Issue waited with an empty tooltip; Save and
submit stayed pressable while a blocking finding was shown, and the click
was only refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from support.decision_env import (
    clock,
    device,
    sandbox,
    seal_p12,
    signer_on_submitted,
    walk_to_deciding,
)
from test_decision_form import _open, _workspace, settle
from test_decision_order_form import _reviewers_desk

from backoffice.decisions import jobs
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import PIN_DECISION
from backoffice.domain.model import DecisionKind
from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _off_without_reason(form: Any) -> list[str]:
    return [b.objectName() for b in (form.save, form.submit, form.seal, form.issue)
            if not b.isEnabled() and not b.toolTip().strip()]


def test_issue_after_an_offline_local_seal_says_it_waits_for_the_timestamp(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Path) -> None:
    from backoffice.signing.providers import Pkcs12Provider
    from backoffice.signing.seal import seal_pdf

    case, draft, signer = signer_on_submitted(sandbox, device, 1)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(seal_p12(sandbox, case.lead_department, b"pw"))
    number = signer.sealer.numbers()[0]
    # Sealed on the workstation while the platform's TSA was out of reach (B-B).
    sealed = seal_pdf(signer.desk.preview(draft, number=number), Pkcs12Provider(p12, b"pw"))
    assert sealed.awaiting_timestamp
    sha = signer.cache.add_local(sealed.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.AWAITING_TIMESTAMP,
                                       signer.username, document_number=number,
                                       document_sha256=sha))
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    form = ws.form
    assert "awaiting timestamp" in form.state.text()
    assert not form.issue.isEnabled()
    assert "timestamp" in form.issue.toolTip(), form.issue.toolTip()
    assert _off_without_reason(form) == []


def test_a_reviewers_desk_says_why_each_action_is_off(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 2)
    _reviewer, ws = _reviewers_desk(qtbot, device, case.lead_department, case.case_code)
    form = ws.form
    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    assert form.submit.isEnabled() and not form.issue.isEnabled()
    assert "not sealed" in form.issue.toolTip() and "signer" in form.seal.toolTip()
    assert _off_without_reason(form) == []


def test_save_and_submit_wait_while_a_blocking_finding_is_shown(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 3)
    reviewer, ws = _reviewers_desk(qtbot, device, case.lead_department, case.case_code)
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE.value))
    form.overdue_reason.setText("演示")
    settle(qtbot, ws)
    # A refusal without its reasons and legal basis.
    assert "✖" in form.findings.text()
    assert not form.submit.isEnabled() and not form.save.isEnabled()
    assert "reasons" in form.submit.toolTip() and "reasons" in form.save.toolTip()
    form.reasons.setPlainText("经营场所与申请材料不一致。")
    settle(qtbot, ws)
    assert not form.submit.isEnabled() and "legal basis" in form.submit.toolTip()

    form.legal_basis.setText("《中华人民共和国行政许可法》第三十八条")
    settle(qtbot, ws)
    assert form.submit.isEnabled() and form.save.isEnabled()
    assert form.submit.toolTip() == "" and form.save.toolTip() == ""

    # A character no font of the document has.
    form.reasons.setPlainText("申请人𠮷某的经营场所与申请材料不一致。")
    settle(qtbot, ws)
    assert not form.submit.isEnabled()
    assert "no glyph" in form.submit.toolTip(), form.submit.toolTip()

    form.reasons.setPlainText("经营场所与申请材料不一致。")
    settle(qtbot, ws)
    assert form.submit.isEnabled()
    assert reviewer.store.pending_commands() == []
