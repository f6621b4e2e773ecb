"""The decision desk in the window (pytest-qt, offscreen) against the real sandbox.

A reviewer's form explains what is missing (a refusal without legal basis),
drafts and submits; the seal button is off for a reviewer; a signer's desk
seals through the platform, shows the document's pages and the verified
seal, and may issue; a tampered document gets the warning and cannot be
issued.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox, walk_to_deciding
from support.sandbox_env import user

from backoffice.decisions import jobs
from backoffice.domain.model import DecisionKind
from backoffice.sandbox.server import Sandbox
from ui.decisions.workspace import DecisionWorkspace

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _workspace(qtbot: QtBot, dev: Any) -> DecisionWorkspace:
    session = SimpleNamespace(store=dev.store, client=dev.client, files=dev.cache,
                              account=SimpleNamespace(username=dev.username,
                                                      department_code=dev.desk.department_code))
    ws = DecisionWorkspace(session, lang="en", follow_ms=0, desk=dev.desk)
    qtbot.addWidget(ws)
    ws.resize(1300, 800)
    ws.show()
    qtbot.waitExposed(ws)
    settle(qtbot, ws)
    return ws


def settle(qtbot: QtBot, ws: DecisionWorkspace) -> None:
    while ws.busy():
        with qtbot.waitSignal(ws.settled, timeout=60_000):
            pass


def _open(qtbot: QtBot, ws: DecisionWorkspace, code: str) -> None:
    ws.open_case(code)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert ws.case is not None and ws.case.case_code == code


def test_reviewer_drafts_signer_seals_verifies_and_issues(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 5)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    assert form.objectName() == "decisionForm"
    assert ws.findChild(QPushButton, "sealButton") is form.seal
    assert not form.seal.isEnabled() and "signer" in form.seal.toolTip()

    # A refusal without legal basis: the form says so, in words, and nothing is queued.
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE.value))
    form.reasons.setPlainText("经营场所与申请不一致")
    settle(qtbot, ws)
    assert "legal basis" in form.findings.text()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert not reviewer.store.pending_commands()
    assert "legal basis" in form.state.text()

    # A grant with its legal basis: drafted, submitted, queued until the sync.
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.GRANT.value))
    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert [c.command.kind for c in reviewer.store.pending_commands()] == ["decision.draft"]
    assert "queued" in form.state.text()
    qtbot.waitUntil(lambda: ws.preview.pages_drawn >= 1, timeout=60_000)
    reviewer.engine.sync_once()

    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    sandbox.app.state.platform.signing.delay = 0
    desk = _workspace(qtbot, signer)
    desk.desk.roles_from(("signer",))
    signer.sealer.refresh_trust()
    _open(qtbot, desk, case.case_code)
    assert desk.form.seal.isEnabled()
    qtbot.mouseClick(desk.form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, desk)
    settle(qtbot, desk)
    assert "Awaiting seal" in desk.form.state.text()
    [job] = signer.sealer.follow()
    assert job.state == jobs.PENDING
    signer.sealer.clock = lambda: 1e12  # the back-off is over
    [job] = signer.sealer.follow()
    assert job.state == jobs.SIGNED, job
    signer.engine.sync_once()
    _open(qtbot, desk, case.case_code)
    settle(qtbot, desk)
    status = desk.findChild(QLabel, "signatureStatus")
    assert status is desk.form.signature
    assert "Seal verified" in status.text(), status.text()
    assert desk.form.issue.isEnabled()
    qtbot.waitUntil(lambda: desk.preview.pages_drawn >= 1, timeout=60_000)

    # The same document with one byte changed: the warning, and no issuing.
    good = desk.desk.document(desk.current.decision)
    assert good is not None
    bad = bytearray(good)
    spot = good.index(b"/Contents <") - 400
    bad[spot] ^= 0x01
    desk._sealed_loaded((bytes(bad), desk.desk.sealer.verify(bytes(bad))))
    assert "NOT valid" in status.text()
    assert not desk.form.issue.isEnabled()

    desk._sealed_loaded((good, desk.desk.sealer.verify(good)))
    qtbot.mouseClick(desk.form.issue, Qt.MouseButton.LeftButton)
    settle(qtbot, desk)
    settle(qtbot, desk)
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == "issued"
