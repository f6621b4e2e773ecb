"""The desk says what a seal certificate's revocation means, in the command line's words.

The desk said only "the seal certificate has been revoked" (``verify.revoked``),
and for a certificate revoked after the seal it even said "not revoked":
when, why, and whether that undoes the seal (``revocation_case``) were words
only ``backoffice verify`` printed. Now the desk shows the same catalog
sentence (``verify.revoked_{case}``, zh and en), with its own times.

Real parts: the sandbox's PKI and CRL, a PDF sealed with a revoked
certificate and timestamped, the desk's own verification of it; for a
revocation after the seal, a CRL of the test CA dated so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography import x509
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, issue_p12, sandbox, seal_p12, signer_on_submitted
from test_decision_form import _open, _workspace, settle

from backoffice.decisions import jobs
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import PIN_DECISION
from backoffice.sandbox.server import Sandbox
from backoffice.signing.archive import ArchiveFile, create_archive, verify_archive
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.revocation_words import revocation_words
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import CrlEntry
from backoffice.signing.verify import VerifyPolicy, verify_pdf
from ui.decisions.archive_panel import archive_words
from ui.decisions.states import verification_words
from ui.inbox.detail_text import local_time

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _desk_time(value: str) -> str:
    return local_time(value, seconds=True)


def test_a_seal_of_a_revoked_certificate_says_when_why_and_what_it_means(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    from ui.decisions.form import WARNING_STYLE

    case, draft, signer = signer_on_submitted(sandbox, device, 5)
    pki = sandbox.app.state.platform.pki.pki
    p12 = tmp_path / "revoked.p12"
    # The lead department's name, the serial the sandbox's CRL revokes (key compromise).
    p12.write_bytes(seal_p12(sandbox, case.lead_department, b"pw", revoked=True))
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    number = signer.sealer.numbers()[0]
    sealed = seal_pdf(signer.desk.preview(ws.current.decision, number=number),
                      Pkcs12Provider(p12, b"pw"), timestamper=pki.timestamper())
    sha = signer.cache.add_local(sealed.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.READY, signer.username,
                                       document_number=number, document_sha256=sha))
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)

    status = ws.form.signature
    text = status.text()
    assert "NOT valid" in text and status.styleSheet() == WARNING_STYLE, text
    result = ws.verification
    assert result is not None
    [seal] = [s for s in result.signatures if s.kind == "seal"]
    assert seal.revocation_case == "before_proven_time"
    said = revocation_words(seal, "en", _desk_time)
    assert said.startswith("Revoked on ") and "the key was compromised" in said
    assert "the seal is not valid" in said
    assert said in text, text
    assert local_time(seal.revoked_at, seconds=True) in text
    # The same sentence in Chinese, as the command line's zh.
    zh = verification_words(result, "zh")
    assert revocation_words(seal, "zh", _desk_time) in zh and "密钥泄露" in zh
    assert "签章无效" in zh


def test_a_certificate_revoked_after_the_seal_is_said_so_not_as_not_revoked(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    """Valid, but "not revoked" would be untrue: the desk says revoked since, and why
    that leaves the seal valid; the archive package's words say it of both seals."""
    case, _, signer = signer_on_submitted(sandbox, device, 6)
    pki = sandbox.app.state.platform.pki.pki
    name = pki.names[case.lead_department]
    p12 = tmp_path / "reorganised.p12"
    p12.write_bytes(issue_p12(pki, name, b"pw"))
    provider = Pkcs12Provider(p12, b"pw")
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    pdf = seal_pdf(signer.desk.preview(ws.current.decision, number=signer.sealer.numbers()[0]),
                   provider, timestamper=pki.timestamper()).pdf
    now = dt.datetime.now(dt.UTC)
    with provider.open() as sealer:
        serial = int(sealer.signing_cert.serial_number)
    crl = pki.crl([CrlEntry(serial, now + dt.timedelta(hours=12),
                            x509.ReasonFlags.affiliation_changed)],
                  issued=now + dt.timedelta(hours=20))
    policy = VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=(crl,),
                          moment=now + dt.timedelta(days=2))
    result = verify_pdf(pdf, policy)
    assert result.ok, result.to_dict()
    [seal] = [s for s in result.signatures if s.kind == "seal"]
    text = verification_words(result, "en")
    assert "not revoked" not in text, text
    assert "revoked since" in text and name in text
    said = revocation_words(seal, "en", _desk_time)
    assert said in text and "organisation changed" in said and "stays valid" in said

    package, _ = create_archive(case.case_code, [ArchiveFile("decision", "d.pdf", pdf)],
                                provider, timestamper=pki.timestamper())  # type: ignore[arg-type]
    report = verify_archive(package, policy)
    assert report.ok, report.to_dict()
    words = archive_words(report, "zh")
    assert "manifest.json.p7s: " + revocation_words(report, "zh", _desk_time) in words
    [decision_seal] = [s for s in report.decision.signatures if s.kind == "seal"]  # type: ignore[union-attr]
    assert "decision/d.pdf: " + revocation_words(decision_seal, "zh", _desk_time) in words
