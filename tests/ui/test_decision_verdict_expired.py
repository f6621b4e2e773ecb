"""The desk's verdict of a seal whose certificate has expired since, and of a seal that
could not be checked because the platform's root kept here is damaged.

A seal verified through its timestamp read "intact, trusted, not revoked" with no
word that its certificate has expired since, nor as of when it was judged (the
report's ``certificate_judged_at``). A damaged root raised out of the
verification; now the desk says what is wrong, and not against the document.

Real parts: the test CA (testpki), a short-lived certificate, a timestamped
seal verified as of after its expiry (``VerifyPolicy.moment``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.decision_env import clock, issue_p12, sandbox

from backoffice.decisions.sealing import BAD_ROOT
from backoffice.sandbox.server import Sandbox
from backoffice.signing.documents import DocumentData, DocumentKind
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.render import render_document
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import Verdict, VerificationResult, VerifyPolicy, verify_pdf
from ui.decisions.states import verification_words
from ui.inbox.detail_text import local_time

MSA = "长春市市场监督管理局"
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)


__all__ = ["clock", "sandbox"]  # fixtures


@pytest.fixture
def pki(sandbox: Sandbox) -> TestPki:
    """The sandbox's test CA, its TSA and CRL."""
    return sandbox.app.state.platform.pki.pki  # type: ignore[no-any-return]


def _sealed(pki: TestPki, tmp_path: Path) -> bytes:
    p12 = tmp_path / "short.p12"
    p12.write_bytes(issue_p12(pki, MSA, b"pw", valid_days=(-1, 1)))
    data = DocumentData(kind=DocumentKind.GRANT, issuing_body=MSA,
                        case_code="220100-2025-000001", service_item_name="食品经营许可证核发",
                        applicant_name="王芳（虚构）", application_date=dt.date(2025, 3, 3),
                        issued_on=dt.date(2025, 3, 10), document_number="长市监许〔2025〕1号",
                        legal_basis="《食品经营许可和备案管理办法》第二十一条")
    return seal_pdf(render_document(data), Pkcs12Provider(p12, b"pw"),
                    timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]


def test_a_seal_verified_after_its_certificate_expired_says_so_and_as_of_when(
        pki: TestPki, tmp_path: Path) -> None:
    sealed = _sealed(pki, tmp_path)
    policy = VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=(pki.crl_der,),
                          signer=MSA)
    today = verify_pdf(sealed, policy)
    assert today.ok and "expired" not in verification_words(today, "en")

    later = verify_pdf(sealed, VerifyPolicy(trust_roots=policy.trust_roots, crls=policy.crls,
                                            signer=MSA, moment=LATER))
    assert later.ok, later.to_dict()
    judged = later.signatures[0].certificate_judged_at
    assert judged
    text = verification_words(later, "en")
    assert "Its certificate has expired since" in text
    assert f"judged as of {local_time(judged, seconds=True)}" in text


def test_a_damaged_root_is_said_and_not_against_the_document() -> None:
    text = verification_words(VerificationResult(Verdict.REJECTED, [BAD_ROOT], [], []), "en")
    assert text.startswith("The seal could not be checked.")
    assert "root certificate kept on this workstation cannot be read" in text
    assert "NOT valid" not in text
