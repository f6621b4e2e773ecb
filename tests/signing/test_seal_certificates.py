"""Certificates whose seal could never verify nor be timestamped are refused before
anything is signed; only an unreachable TSA falls back to a B-B seal awaiting its
timestamp."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyhanko_certvalidator import ValidationContext
from signing_support import PASSWORD
from support.decision_env import issue_p12

from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import add_timestamp, seal_pdf
from backoffice.signing.testpki import TestPki

MSA = "长春市市场监督管理局"


def _context(pki: TestPki) -> ValidationContext:
    return ValidationContext(trust_roots=[pki.root.asn1_cert()], crls=[pki.crl_der],
                             allow_fetching=False)


def _provider(tmp_path: Path, data: bytes) -> Pkcs12Provider:
    path = tmp_path / "seal.p12"
    path.write_bytes(data)
    return Pkcs12Provider(path, PASSWORD)


@pytest.mark.parametrize(("shape", "code", "param"), [
    ({"valid_days": (-400, -3)}, "signing.own_certificate_expired", "until"),
    ({"valid_days": (3, 400)}, "signing.own_certificate_not_yet_valid", "since"),
])
def test_a_certificate_outside_its_validity_does_not_seal_even_offline(
        pki: TestPki, grant_pdf: bytes, tmp_path: Path, shape: dict[str, object], code: str,
        param: str) -> None:
    provider = _provider(tmp_path, issue_p12(pki, MSA, PASSWORD, **shape))  # type: ignore[arg-type]
    with pytest.raises(SigningError) as refused:
        seal_pdf(grant_pdf, provider)  # no TSA, no trust: the dates alone
    assert refused.value.code == code
    assert refused.value.params["signer"] == MSA and refused.value.params[param]


def test_a_certificate_of_another_ca_does_not_seal_nor_get_a_timestamp(
        pki: TestPki, grant_pdf: bytes, tmp_path: Path) -> None:
    provider = _provider(tmp_path, issue_p12(pki, MSA, PASSWORD, foreign_ca=True))
    with pytest.raises(SigningError) as refused:
        seal_pdf(grant_pdf, provider, timestamper=pki.timestamper(),  # type: ignore[arg-type]
                 validation_context=_context(pki))
    assert refused.value.code == "signing.own_certificate_untrusted"
    # Sealed where the trust was not known: its timestamp is refused, for good.
    sealed = seal_pdf(grant_pdf, provider)
    with pytest.raises(SigningError) as never:
        add_timestamp(sealed.pdf, pki.timestamper(), _context(pki))  # type: ignore[arg-type]
    assert never.value.code == "signing.own_certificate_untrusted"


def test_a_timestamp_authority_that_answers_wrongly_is_no_reason_to_seal_b_b(
        pki: TestPki, grant_pdf: bytes, p12: Pkcs12Provider) -> None:
    """The TSA answers, with a token our trust refuses: not "offline", a failure."""
    other = TestPki.generate(departments=())
    with pytest.raises(SigningError) as failed:
        seal_pdf(grant_pdf, p12, timestamper=other.timestamper(),  # type: ignore[arg-type]
                 validation_context=_context(pki))
    assert failed.value.code == "signing.seal_failed"



def _sealed_anyway(pdf: bytes, provider: Pkcs12Provider) -> bytes:
    """Sealed by pyHanko alone, which does not look at the certificate's dates (as
    another tool may have done): our seal_pdf refuses such a certificate."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with provider.open() as signer:
        out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
                               signers.PdfSignatureMetadata(field_name="Seal"), signer=signer)
    return bytes(out.getvalue())


@pytest.mark.parametrize(("shape", "code"), [
    ({"valid_days": (-400, -3)}, "verify.certificate_expired"),
    ({"valid_days": (3, 400)}, "verify.certificate_not_yet_valid"),
])
def test_verification_tells_an_expired_or_not_yet_valid_certificate(
        pki: TestPki, grant_pdf: bytes, tmp_path: Path, shape: dict[str, object],
        code: str) -> None:
    from signing_support import policy

    from backoffice import messages
    from backoffice.signing.verify import verify_pdf

    provider = _provider(tmp_path, issue_p12(pki, MSA, PASSWORD, **shape))  # type: ignore[arg-type]
    result = verify_pdf(_sealed_anyway(grant_pdf, provider), policy(pki))
    assert not result.ok and result.problems == [code], result.to_dict()
    assert "verify.untrusted" not in result.problems
    zh = messages.render_code(code, {}, "zh")
    assert ("过期" if "expired" in code else "尚未生效") in zh


def test_a_p12_with_only_a_certificate_says_it_holds_no_private_key(
        pki: TestPki, grant_pdf: bytes, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = tmp_path / "certificate-only.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", None, pki.seals["MSA-220100"].certificate, None,
        serialization.BestAvailableEncryption(PASSWORD)))
    with pytest.raises(SigningError) as refused:
        seal_pdf(grant_pdf, Pkcs12Provider(path, PASSWORD))
    assert refused.value.code == "signing.pkcs12_no_key"
    assert refused.value.params == {"path": str(path)}
    # A wrong password is still told as such.
    with pytest.raises(SigningError) as wrong:
        seal_pdf(grant_pdf, Pkcs12Provider(path, b"not the password"))
    assert wrong.value.code == "signing.pkcs12_unreadable"
