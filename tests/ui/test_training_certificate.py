"""Training mode's seal certificate: written for the department at the training sign-in,
offered by the desk's local seal, and what it seals verifies; never outside training
(pytest-qt, offscreen, the app's embedded sandbox and the real signing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asn1crypto import pem  # type: ignore[import-untyped]  # no stubs
from asn1crypto import x509 as asn1_x509
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.training_env import SLOW, start_training, training_shell
from test_shell import DATA, _sign_in_with_dialog, _start, _synced, sandbox, shell, user
from test_training_roles import _desk, _other, _switch
from test_training_signer import _submitted

from backoffice.sandbox.server import Sandbox
from backoffice.signing.verify import VerifyPolicy, verify_pdf
from ui import training
from ui.shell import Shell

__all__ = ["sandbox", "shell", "training_shell"]  # fixtures


def test_a_trainee_signer_seals_with_the_training_certificate_and_the_seal_verifies(
        qtbot: QtBot, training_shell: Shell, data_dir: Path) -> None:
    shell = training_shell
    reviewer = start_training(qtbot, shell)
    department = reviewer.account.department_code
    p12 = training.certificate_file(department)
    assert p12.is_file() and p12.is_relative_to(data_dir / "training")
    code = _submitted(department)[0]["case_code"]
    _switch(qtbot, shell, _other(department, "signer", reviewer.account.username))
    desk = _desk(qtbot, shell)
    form = desk.form
    shell.window.show_workspace(shell.window.workspace_keys().index("decisions"))
    qtbot.waitUntil(lambda: code in [c.case_code for c in desk.cases] and not desk.busy(),
                    timeout=SLOW)
    desk.open_case(code)
    qtbot.waitUntil(lambda: desk.current is not None and not desk.busy()
                    and desk.current.decision.case_code == code, timeout=SLOW)

    # The local seal offers the training certificate, says what it is and its password.
    form.method.setCurrentIndex(form.method.findData("local"))
    assert form.cert_path.text() == str(p12)
    assert form.cert_note.isVisible()
    assert "Training certificate" in form.cert_note.text()
    assert training.CERTIFICATE_PASSWORD in form.cert_note.text()
    form.cert_path.clear()  # the file dialog starts in the training certificates' folder
    dialog = form.choose_certificate()
    assert Path(dialog.directory().absolutePath()) == p12.parent
    dialog.reject()

    form.cert_path.setText(str(p12))
    form.cert_password.setText(training.CERTIFICATE_PASSWORD)
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.verification is not None and not desk.busy(), timeout=SLOW)
    assert desk.verification.ok, (desk.verification.problems, form.state.text())
    assert form.signature.text().startswith("Seal verified")

    # The sealed document, checked again on its own against the training platform's root.
    session: Any = shell.session
    pdf = desk.desk.document(desk.current.decision)
    assert pdf is not None
    _, _, root = pem.unarmor(session.client.pki_file("root.pem"))
    result = verify_pdf(pdf, VerifyPolicy(trust_roots=(asn1_x509.Certificate.load(root),),
                                          crls=(session.client.pki_file("crl"),),
                                          signer=reviewer.account.department_name))
    assert result.ok, result.problems
    assert next(r for r in result.signatures if r.kind == "seal").signer == \
        reviewer.account.department_name


def test_outside_training_no_certificate_is_written_nor_offered(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox, data_dir: Path) -> None:
    # Training was used on this computer before: its certificate of this very
    # department is there, and still the real desk neither offers nor rewrites it.
    department = next(u.department_code for u in DATA.users if u.username == user("signer"))
    earlier = training.certificate_file(department)
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"left by an earlier training")
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user(role="signer"))
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None and not session.training
    qtbot.waitUntil(lambda: hasattr(shell.window.workspace_page("decisions"), "form"),
                    timeout=SLOW)
    shell.window.show_workspace(shell.window.workspace_keys().index("decisions"))
    form: Any = shell.window.workspace_page("decisions").form
    form.method.setCurrentIndex(form.method.findData("local"))
    assert form.cert_path.text() == "" and form.cert_note.text() == ""
    assert not form.cert_note.isVisible()
    assert session.account.department_code == department
    assert earlier.read_bytes() == b"left by an earlier training"
    assert list((data_dir / "training").rglob("*")) == [earlier.parent, earlier]
