"""The desk's verdict on an archive package: every finding in words, and the words copyable.

Real packages of a real sealed decision (the test PKI, its TSA and CRL over
HTTP on loopback), changed as an attacker or a damaged copy would, shown in
the desk's real ``ArchivePanel``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from backoffice.domain.model import Decision, DecisionKind, DecisionStatus
from backoffice.signing.archive import MANIFEST, ArchiveFile, create_archive, verify_archive
from backoffice.signing.documents import DocumentData
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import PkiServer, TestPki
from backoffice.signing.verify import VerifyPolicy, verify_pdf
from ui.decisions.archive_panel import ArchivePanel
from ui.decisions.form import DecisionForm
from ui.decisions.states import verification_words

CASE = "220100-2025-000123"
OTHER = "220100-2025-000999"
PASSWORD = b"test-only-password"
SAMPLE = Path(__file__).resolve().parents[1] / "signing" / "sample_grant.json"


@dataclasses.dataclass
class Packages:
    pki: TestPki
    good: bytes
    sealed: bytes  # the decision in ``good``: B-T, no revocation information of its own

    def policy(self) -> VerifyPolicy:
        return VerifyPolicy(trust_roots=(self.pki.root.asn1_cert(),), crls=(self.pki.crl_der,))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Packages]:
    server = PkiServer()
    pki = TestPki.generate(server.base_url)
    server.serve(pki)
    files = pki.write(tmp_path_factory.mktemp("pki"), PASSWORD)
    seal = Pkcs12Provider(files["MSA-220100"], PASSWORD)
    data = dataclasses.replace(DocumentData.from_json_file(SAMPLE),
                               document_number="长市监许准字〔2025〕第0187号")
    sealed = seal_pdf(render_document(data), seal, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]
    good, _ = create_archive(CASE, [ArchiveFile("decision", "准予行政许可决定书.pdf", sealed)],
                             seal, timestamper=pki.timestamper(), crls=[pki.crl_der])  # type: ignore[arg-type]
    yield Packages(pki, good, sealed)
    server.close()


def _filed_under(package: bytes, case_code: str) -> bytes:
    """``package`` with its manifest saying another case (its seal then broken too)."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members[MANIFEST])
    manifest["case_code"] = case_code
    members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def _panel(qtbot: QtBot) -> ArchivePanel:
    # Only the words are under test: nothing is fetched, so no sealer or worker is used.
    panel = ArchivePanel(None, lambda *_: None, lang="en")  # type: ignore[arg-type]
    panel.resize(640, 320)
    _shown(qtbot, panel)
    return panel


def _copied(qtbot: QtBot, label: QWidget) -> str:
    """What Ctrl+A, Ctrl+C on ``label`` put on the clipboard."""
    QApplication.clipboard().clear()
    qtbot.keyClick(label, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


def _shown(qtbot: QtBot, widget: QWidget) -> None:
    """``widget`` as the active window: keys go to it."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)


def test_a_decision_of_another_case_is_said_in_words_naming_both_cases(
        qtbot: QtBot, packages: Packages) -> None:
    report = verify_archive(_filed_under(packages.good, OTHER), packages.policy())
    assert "archive.case_mismatch" in {f.code for f in report.problems}
    panel = _panel(qtbot)
    panel.show_report(report, "en")
    text = panel.status.text()
    # Before: "Error archive.case_mismatch (name=…)", the code instead of the sentence.
    assert "archive.case_mismatch" not in text, text
    assert f"is of case {CASE}, not of case {OTHER}" in text, text


def test_the_verdict_is_reached_selected_and_copied_from_the_keyboard(
        qtbot: QtBot, packages: Packages) -> None:
    report = verify_archive(_filed_under(packages.good, OTHER), packages.policy())
    panel = _panel(qtbot)
    panel.show_report(report, "en")
    panel.save.setFocus()
    assert panel.save.hasFocus()
    qtbot.keyClick(panel.save, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.status  # Tab reaches the verdict
    copied = _copied(qtbot, panel.status)
    assert copied.startswith("WARNING: this archive package does NOT verify"), copied
    assert "The archive's manifest was changed after sealing." in copied


def test_a_copy_is_proposed_as_the_case_s_ovarchive_which_opens_in_the_verifier(
        qtbot: QtBot, packages: Packages) -> None:
    """The installer opens ``.ovarchive`` with ``archive verify`` (docs/install.md); a copy
    proposed as ``…-archive.zip`` opened in the zip tool on a double-click."""
    panel = _panel(qtbot)
    panel.show_decision(Decision("d1", CASE, "MSA-220100", DecisionKind.GRANT,
                                 DecisionStatus.ISSUED, archive_sha256="ab" * 32))
    panel.show_report(verify_archive(packages.good, packages.policy()), "en")
    dialog = panel.choose_target()
    try:
        assert dialog.selectedFiles()[0].endswith(f"/{CASE}.ovarchive")
        assert dialog.defaultSuffix() == "ovarchive"  # a name typed without one gets it
        assert "*.ovarchive" in dialog.nameFilters()[0]
    finally:
        dialog.reject()


def test_a_package_of_one_file_is_said_in_good_english(qtbot: QtBot, packages: Packages) -> None:
    report = verify_archive(packages.good, packages.policy())
    assert report.ok and report.files == 1
    panel = _panel(qtbot)
    panel.show_report(report, "en")
    text = panel.status.text()
    assert "1 files" not in text, text
    assert "every file it lists (1) is there and unchanged" in text, text



@pytest.mark.parametrize(("roots", "code", "said"), [
    (True, "verify.revocation_unknown",
     "revocation list (CRL) kept on this workstation does not cover it"),
    (False, "verify.no_trust_roots", "root certificate is not kept on this workstation yet"),
])
def test_what_is_missing_to_check_is_said_without_the_command_line_s_options(
        qtbot: QtBot, packages: Packages, roots: bool, code: str, said: str) -> None:
    """Offline, without the platform's CRL or root kept: the catalog's sentences end with
    "(give --crl, or --allow-fetching)" or "(give --trust ROOT.pem)", which a signer at
    the desk has nowhere to give."""
    policy = VerifyPolicy(trust_roots=(packages.pki.root.asn1_cert(),) if roots else ())
    report = verify_archive(packages.good, policy)
    assert code in {f.code for f in report.problems}
    panel = _panel(qtbot)
    panel.show_report(report, "en")
    document = verification_words(verify_pdf(packages.sealed, policy), "en")
    for text in (panel.status.text(), document):
        assert "--" not in text, text
        assert said in text, text


def test_the_sealed_document_s_verdict_is_copied_from_the_keyboard(
        qtbot: QtBot, packages: Packages) -> None:
    form = DecisionForm(lang="en")
    _shown(qtbot, form)
    offline = VerifyPolicy(trust_roots=(packages.pki.root.asn1_cert(),))
    form.signature.setText(verification_words(verify_pdf(packages.sealed, offline), "en"))
    assert form.signature.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab reaches it
    form.signature.setFocus()
    copied = _copied(qtbot, form.signature)
    assert copied.startswith("WARNING: this document's seal is NOT valid"), copied
    assert "No revocation information was found" in copied
