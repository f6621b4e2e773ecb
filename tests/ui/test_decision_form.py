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

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
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
    assert not form.submit.isEnabled() and "legal basis" in form.submit.toolTip()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert not reviewer.store.pending_commands()

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
    assert "Seal requested" in desk.form.state.text()
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
    desk._sealed_loaded((bytes(bad), desk.desk.sealer.verify(bytes(bad)), None))
    assert "NOT valid" in status.text()
    assert not desk.form.issue.isEnabled()

    desk._sealed_loaded((good, desk.desk.sealer.verify(good), None))
    qtbot.mouseClick(desk.form.issue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.confirmation is not None, timeout=5000)
    assert desk.confirmation is not None
    desk.confirmation.button(QMessageBox.StandardButton.Yes).click()  # asked first
    settle(qtbot, desk)
    settle(qtbot, desk)
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == "issued"


def test_local_certificate_by_path_and_dialog_and_an_untrusted_seal_is_refused(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    """A .p12 of a foreign PKI (a second, unrelated root), chosen by typing its path:
    it is refused before sealing (its seal could never verify nor be timestamped);
    a document sealed with it some other way gets the desk's unmistakable warning,
    and the decision cannot be issued. The file dialog is there too (opened with
    open())."""
    from PySide6.QtWidgets import QFileDialog

    from backoffice.decisions.jobs import SealingJob
    from backoffice.decisions.sealing import PIN_DECISION
    from backoffice.domain.errors import DomainError
    from backoffice.signing.providers import Pkcs12Provider
    from backoffice.signing.seal import seal_pdf
    from backoffice.signing.testpki import TestPki
    from ui.decisions.form import WARNING_STYLE

    case = walk_to_deciding(sandbox, 6)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, {
        "kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条",
        "joint": len({t.department_code for t in DEMO.tasks
                      if t.case_code == case.case_code}) > 1}, submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    signer.sealer.refresh_trust()
    signer.sealer.reserve_numbers()
    # In the department's name (another department's certificate is refused outright).
    foreign = TestPki.generate(departments=[(lead, sandbox.app.state.platform.pki.pki.names[lead])])
    p12 = tmp_path / "foreign.p12"
    p12.write_bytes(foreign.pkcs12(foreign.seals[lead], b"pw"))

    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    form.method.setCurrentIndex(form.method.findData("local"))
    assert form.cert_path.isVisible() and form.cert_browse.isVisible()

    # The dialog: opened without blocking, named, and what it picks lands in the field.
    qtbot.mouseClick(form.cert_browse, Qt.MouseButton.LeftButton)
    dialog = ws.findChild(QFileDialog, "sealCertificateDialog")
    assert dialog is not None and dialog is form.cert_dialog and dialog.isVisible()
    dialog.fileSelected.emit(str(tmp_path / "other.p12"))
    assert form.cert_path.text() == str(tmp_path / "other.p12")
    dialog.reject()

    # The path field, as a keyboard does it.
    form.cert_path.clear()
    qtbot.keyClicks(form.cert_path, str(p12))
    qtbot.keyClicks(form.cert_password, "pw")
    assert form.seal.isEnabled()
    numbers = signer.sealer.numbers()
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert "not issued under the platform's trusted root" in form.state.text()
    assert jobs.get(signer.store, draft.id) is None and signer.sealer.numbers() == numbers
    assert form.seal.isEnabled()
    # The password is asked again for the next seal: not left in the field for anyone.
    assert form.cert_password.text() == "" and form.cert_path.text() == str(p12)

    # Sealed with it elsewhere (no trust to check against), then opened here.
    decision = ws.current.decision
    sealed = seal_pdf(signer.desk.preview(decision, number=numbers[0]),
                      Pkcs12Provider(p12, b"pw"))
    sha = signer.cache.add_local(sealed.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.AWAITING_TIMESTAMP,
                                       signer.username, document_number=numbers[0],
                                       document_sha256=sha))
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    status = form.signature
    assert "NOT valid" in status.text(), status.text()
    assert "does not chain to a trusted root" in status.text()
    assert status.styleSheet() == WARNING_STYLE
    assert not form.issue.isEnabled()
    result = ws.desk.verify(ws.current.decision)
    assert result is not None and "verify.untrusted" in result.problems
    with pytest.raises(DomainError) as refused:
        ws.desk.issue(ws.current.decision)
    assert refused.value.code == "decision.not_verified"


def test_a_case_opened_from_the_task_detail_is_listed_never_beside_no_case(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    """The list shows the case open in the form (opened from the task detail) and keeps it
    over a refresh; "no case" only when nothing is listed or open; drafts are listed."""
    code = DEMO.fresh_cases[7]  # just routed: not awaiting its decision
    case = next(c for c in DEMO.cases if c.case_code == code)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))

    def texts() -> list[str]:
        return [ws.case_list.item(i).text() for i in range(ws.case_list.count())]

    assert code not in [c.case_code for c in ws.desk.cases()]
    _open(qtbot, ws, code)
    assert any(t.startswith(code) for t in texts()), texts()
    assert not any("No case" in t for t in texts()), texts()
    assert ws.case_list.currentRow() == [c.case_code for c in ws.cases].index(code)
    ws.refresh()
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert any(t.startswith(code) for t in texts()) and ws.case.case_code == code

    # A refusal of acceptance drafted on it: the desk lists it by its draft now.
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE_ACCEPTANCE.value))
    form.reasons.setPlainText("申请事项不属于本机关职权范围。")
    form.legal_basis.setText("《中华人民共和国行政许可法》第三十二条第一款")
    settle(qtbot, ws)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert code in [c.case_code for c in ws.desk.cases()]


def test_the_sync_seals_while_the_desk_is_hidden_and_the_desk_catches_up(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Any) -> None:
    """The workspace hands its sealer to the session's sync engine: the request is made
    and followed by sync rounds alone; the desk, shown again, shows the seal verified."""
    import datetime as dt

    case = walk_to_deciding(sandbox, 0)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    reviewer.desk.draft(case.case_code, {
        "kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条",
        "joint": len({t.department_code for t in DEMO.tasks
                      if t.case_code == case.case_code}) > 1}, submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    sandbox.app.state.platform.signing.delay = 0
    local_actions: list[int] = []
    session = SimpleNamespace(store=signer.store, client=signer.client, files=signer.cache,
                              engine=signer.engine, local_action=lambda: local_actions.append(1),
                              account=SimpleNamespace(username=signer.username,
                                                      department_code=lead))
    ws = DecisionWorkspace(session, lang="en", follow_ms=0, desk=signer.desk)
    qtbot.addWidget(ws)
    assert signer.engine.followers == [signer.sealer]
    ws.resize(1300, 800)
    ws.show()
    qtbot.waitExposed(ws)
    settle(qtbot, ws)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    qtbot.mouseClick(ws.form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert "Seal requested" in ws.form.state.text()

    ws.hide()  # the person works elsewhere; only the sync runs
    ws.follow()
    assert not ws.busy()  # hidden: no extra step
    signer.engine.sync_once()
    assert jobs.all_jobs(signer.store)[0].state == jobs.PENDING
    clock.now += dt.timedelta(seconds=10)
    report = signer.engine.sync_once()
    assert report.followed and jobs.all_jobs(signer.store)[0].state == jobs.SIGNED

    ws.show()
    qtbot.waitExposed(ws)
    ws.follow()  # the desk's timer: through the engine, finds the job changed
    settle(qtbot, ws)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert "Seal verified" in ws.form.signature.text(), ws.form.signature.text()
    assert ws.form.issue.isEnabled()
