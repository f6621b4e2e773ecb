"""A seal outlives its certificate when a trusted timestamp proves when it was made.

The seal certificate here expires a day after sealing; the documents are
verified as of five days later (``VerifyPolicy.moment``), while the test CA's
CRL (30 days) and the TSA's certificate are still current: only the seal's
certificate has expired.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext
from signing_support import PASSWORD, policy
from support.decision_env import issue_p12

from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import add_timestamp, seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import Revocation, VerifyPolicy, verify_pdf

MSA = "长春市市场监督管理局"
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)


@pytest.fixture(scope="module")
def short_lived(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Pkcs12Provider:
    path = tmp_path_factory.mktemp("short") / "seal.p12"
    path.write_bytes(issue_p12(pki, MSA, PASSWORD, valid_days=(-1, 1)))
    return Pkcs12Provider(path, PASSWORD)


def _online(pki: TestPki) -> ValidationContext:
    return ValidationContext(trust_roots=[pki.root.asn1_cert()], allow_fetching=True)


@pytest.fixture(scope="module")
def lta(pki: TestPki, grant_pdf: bytes, short_lived: Pkcs12Provider) -> bytes:
    """As the platform seals: signature timestamp, revocation info, document timestamp."""
    return seal_pdf(grant_pdf, short_lived, timestamper=HTTPTimeStamper(pki.tsa_url),  # type: ignore[no-untyped-call]
                    validation_context=_online(pki)).pdf


@pytest.fixture(scope="module")
def b_b(grant_pdf: bytes, short_lived: Pkcs12Provider) -> bytes:
    return seal_pdf(grant_pdf, short_lived).pdf


def test_a_b_lta_seal_verifies_after_its_certificate_expired(pki: TestPki, lta: bytes) -> None:
    assert verify_pdf(lta, policy(pki, crl=False, signer=MSA)).ok  # today
    result = verify_pdf(lta, policy(pki, crl=False, signer=MSA, moment=LATER))
    assert result.ok, result.to_dict()
    assert result.revocation == Revocation.GOOD  # the revocation info the document embeds
    seal = result.signatures[0]
    assert seal.trusted and seal.certificate_judged_at
    assert dt.datetime.fromisoformat(seal.certificate_judged_at) < LATER


def test_a_b_t_seal_verifies_after_expiry_with_a_crl_of_its_time(
        pki: TestPki, grant_pdf: bytes, short_lived: Pkcs12Provider) -> None:
    b_t = seal_pdf(grant_pdf, short_lived, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]
    result = verify_pdf(b_t, policy(pki, moment=LATER))
    assert result.ok, result.to_dict()
    assert result.revocation == Revocation.GOOD
    # A CRL issued after the expiry no longer lists the certificate either way:
    # it confirms nothing of it.
    late = verify_pdf(b_t, VerifyPolicy(trust_roots=(pki.root.asn1_cert(),),
                                        crls=(_crl_issued(pki, LATER),), moment=LATER))
    assert late.problems == ["verify.revocation_unknown"], late.to_dict()


def test_a_seal_timestamped_later_verifies_after_expiry(pki: TestPki, b_b: bytes) -> None:
    """Sealed offline, timestamped when the network was back: the document timestamp
    proves the time."""
    stamped = add_timestamp(b_b, HTTPTimeStamper(pki.tsa_url), _online(pki))  # type: ignore[no-untyped-call]
    result = verify_pdf(stamped, policy(pki, crl=False, signer=MSA, moment=LATER))
    assert result.ok, result.to_dict()
    assert result.signatures[0].certificate_judged_at


def test_a_seal_without_a_trusted_time_is_refused_after_expiry(pki: TestPki, b_b: bytes) -> None:
    result = verify_pdf(b_b, policy(pki, moment=LATER))
    assert result.problems == ["verify.certificate_expired"], result.to_dict()
    assert not result.signatures[0].certificate_judged_at


def _crl_issued(pki: TestPki, at: dt.datetime) -> bytes:
    """The test CA's CRL as it would be issued at ``at`` (nobody revoked)."""
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name(pki.root.certificate.subject)
           .last_update(at - dt.timedelta(hours=1)).next_update(at + dt.timedelta(days=30))
           .add_extension(x509.CRLNumber(2), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               pki.root.key.public_key()), critical=False)
           .sign(pki.root.key, hashes.SHA256()))
    return crl.public_bytes(serialization.Encoding.DER)


def _short_lived_tsa(pki: TestPki) -> object:
    """A TSA of the test CA whose certificate, too, expires a day after the seal."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from backoffice.signing.testpki import Issued, _key, _name

    now, key = dt.datetime.now(dt.UTC), _key()
    cert = (x509.CertificateBuilder()
            .subject_name(_name("时间戳服务（短期，测试）", "吉林省政务服务测试认证中心"))
            .issuer_name(pki.root.certificate.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                pki.root.key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(pki.crl_url)], None, None, None)]),
                critical=False)
            .sign(pki.root.key, hashes.SHA256()))
    tsa = Issued(cert, key)
    return DummyTimeStamper(tsa_cert=tsa.asn1_cert(), tsa_key=tsa.asn1_key(), certs_to_embed=None)


def test_a_renewed_archive_verifies_after_seal_and_timestamp_certificates_expired(
        pki: TestPki, grant_pdf: bytes, short_lived: Pkcs12Provider) -> None:
    """9.8: the timestamp authority's certificate expires too; a document timestamp
    added while it was valid (renewal) proves the older timestamps in their time."""
    sealed = seal_pdf(grant_pdf, short_lived, timestamper=_short_lived_tsa(pki),  # type: ignore[arg-type]
                      validation_context=_online(pki)).pdf
    not_renewed = verify_pdf(sealed, policy(pki, crl=False, moment=LATER))
    assert "verify.timestamp_invalid" in not_renewed.problems, not_renewed.to_dict()
    renewed = add_timestamp(sealed, HTTPTimeStamper(pki.tsa_url), _online(pki))  # type: ignore[no-untyped-call]
    result = verify_pdf(renewed, policy(pki, crl=False, signer=MSA, moment=LATER))
    assert result.ok, result.to_dict()
    seal, first_stamp, renewal = result.signatures
    assert seal.timestamp and seal.certificate_judged_at
    assert first_stamp.certificate_judged_at and not renewal.certificate_judged_at


def test_a_certificate_revoked_before_its_seal_stays_revoked_after_expiry(
        pki: TestPki, grant_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("revoked") / "seal.p12"
    path.write_bytes(issue_p12(pki, MSA, PASSWORD, valid_days=(-1, 1), revoked=True))
    b_t = seal_pdf(grant_pdf, Pkcs12Provider(path, PASSWORD),
                   timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]
    result = verify_pdf(b_t, policy(pki, moment=LATER))
    assert result.problems == ["verify.revoked"], result.to_dict()
    assert result.revocation == Revocation.REVOKED
