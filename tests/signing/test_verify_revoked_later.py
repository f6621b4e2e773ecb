"""A certificate revoked after the time a trusted timestamp proves its seal was made.

A department's certificates are revoked when it is reorganised; its earlier
decisions must still verify (EN 319 102-1's past signature validation, as
pyHanko's point-in-time validation judges it). Unless the key was compromised:
then whoever held it could have made the seal before the revocation, and a
timestamp proves when, not who. Revoked at or before the proven time, or with
no proven time at all, the seal is not valid.

The seals are made now; the CRLs are the test CA's as issued a day later,
and the documents are verified two days later (``VerifyPolicy.moment``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from signing_support import PASSWORD
from support.decision_env import issue_p12

from backoffice.signing.archive import ArchiveFile, create_archive, verify_archive
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import CrlEntry, TestPki
from backoffice.signing.verify import Revocation, VerifyPolicy, verify_pdf

MSA = "长春市市场监督管理局"
NOW = dt.datetime.now(dt.UTC)
LATER = NOW + dt.timedelta(days=2)
REORGANISED = x509.ReasonFlags.affiliation_changed
STOLEN = x509.ReasonFlags.key_compromise


def _provider(pki: TestPki, folder: pytest.TempPathFactory, name: str,
              valid_days: tuple[int, int] = (-1, 730)) -> Pkcs12Provider:
    path = folder.mktemp(name) / "seal.p12"
    path.write_bytes(issue_p12(pki, MSA, PASSWORD, valid_days=valid_days))
    return Pkcs12Provider(path, PASSWORD)


def _serial(provider: Pkcs12Provider) -> int:
    with provider.open() as signer:
        return int(signer.signing_cert.serial_number)


def _crl(pki: TestPki, serial: int, revoked_at: dt.datetime,
         reason: x509.ReasonFlags | None, invalid_since: dt.datetime | None = None) -> bytes:
    """The test CA's CRL, issued a day from now, revoking ``serial`` at ``revoked_at``."""
    return pki.crl([CrlEntry(serial, revoked_at, reason, invalid_since)],
                   issued=NOW + dt.timedelta(hours=20), number=7)


@pytest.fixture(scope="module")
def seal(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Pkcs12Provider:
    return _provider(pki, tmp_path_factory, "later")


@pytest.fixture(scope="module")
def b_t(pki: TestPki, grant_pdf: bytes, seal: Pkcs12Provider) -> bytes:
    return seal_pdf(grant_pdf, seal, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]


def _policy(pki: TestPki, crl: bytes, **more: object) -> VerifyPolicy:
    """Our trust root and ``crl``, as of two days from now unless told."""
    more.setdefault("moment", LATER)
    return VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=(crl,), **more)  # type: ignore[arg-type]


@pytest.mark.parametrize("reason", [REORGANISED, x509.ReasonFlags.superseded,
                                    x509.ReasonFlags.cessation_of_operation, None])
def test_revoked_after_the_proven_time_the_seal_stays_valid(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider, reason: x509.ReasonFlags | None) -> None:
    revoked_at = NOW + dt.timedelta(hours=12)
    crl = _crl(pki, _serial(seal), revoked_at, reason)
    result = verify_pdf(b_t, _policy(pki, crl, signer=MSA))
    assert result.ok, result.to_dict()
    assert result.problems == [] and result.warnings == ["verify.revoked_after_seal"]
    assert result.revocation == Revocation.REVOKED_AFTER_SEAL
    report = result.signatures[0]
    assert report.revoked is True and report.revocation_case == "after_proven_time"
    assert dt.datetime.fromisoformat(report.revoked_at) == revoked_at.replace(microsecond=0)
    assert report.revocation_reason == (reason.name if reason else "unspecified")
    assert dt.datetime.fromisoformat(report.certificate_judged_at) < revoked_at


def test_revoked_for_key_compromise_after_the_proven_time_the_seal_is_not_valid(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    crl = _crl(pki, _serial(seal), NOW + dt.timedelta(hours=12), STOLEN)
    result = verify_pdf(b_t, _policy(pki, crl))
    assert result.problems == ["verify.revoked"], result.to_dict()
    report = result.signatures[0]
    assert report.revocation_case == "key_compromise_after_proven_time"
    assert report.revocation_reason == "key_compromise"


def test_revoked_before_the_proven_time_the_seal_is_not_valid(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    crl = _crl(pki, _serial(seal), NOW - dt.timedelta(hours=1), REORGANISED)
    result = verify_pdf(b_t, _policy(pki, crl))
    assert result.problems == ["verify.revoked"], result.to_dict()
    assert result.revocation == Revocation.REVOKED
    assert result.signatures[0].revocation_case == "before_proven_time"


def test_revoked_with_no_proven_time_the_seal_is_not_valid(
        pki: TestPki, grant_pdf: bytes, seal: Pkcs12Provider) -> None:
    b_b = seal_pdf(grant_pdf, seal).pdf
    crl = _crl(pki, _serial(seal), NOW + dt.timedelta(hours=12), REORGANISED)
    result = verify_pdf(b_b, _policy(pki, crl))
    assert "verify.revoked" in result.problems, result.to_dict()
    assert result.signatures[0].revocation_case == "no_proven_time"


@pytest.mark.parametrize(("reason", "valid"), [(REORGANISED, True), (STOLEN, False)])
def test_an_expired_certificate_revoked_after_the_proven_time(
        pki: TestPki, grant_pdf: bytes, tmp_path_factory: pytest.TempPathFactory,
        reason: x509.ReasonFlags, valid: bool) -> None:
    """Judged at the proven time once expired, the later revocation must not vanish:
    a key compromised after the seal still makes it invalid."""
    short = _provider(pki, tmp_path_factory, "short", valid_days=(-1, 1))
    b_t = seal_pdf(grant_pdf, short, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]
    crl = _crl(pki, _serial(short), NOW + dt.timedelta(hours=12), reason)
    result = verify_pdf(b_t, _policy(pki, crl, moment=NOW + dt.timedelta(days=5)))
    assert result.ok is valid, result.to_dict()
    assert result.problems == ([] if valid else ["verify.revoked"])
    assert result.signatures[0].revocation_case == (
        "after_proven_time" if valid else "key_compromise_after_proven_time")


def test_the_archive_of_a_reorganised_department_still_verifies(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    package, _ = create_archive("220100-2025-000123",
                                [ArchiveFile("decision", "决定书.pdf", b_t)], seal,
                                timestamper=pki.timestamper())  # type: ignore[arg-type]
    crl = _crl(pki, _serial(seal), NOW + dt.timedelta(hours=12), REORGANISED)
    report = verify_archive(package, _policy(pki, crl, signer=MSA))
    assert report.ok, report.to_dict()
    assert report.revocation == Revocation.REVOKED_AFTER_SEAL
    assert report.revocation_case == "after_proven_time"
    stolen = _crl(pki, _serial(seal), NOW + dt.timedelta(hours=12), STOLEN)
    refused = verify_archive(package, _policy(pki, stolen))
    assert "verify.revoked" in {f.code for f in refused.problems}, refused.to_dict()
    assert refused.revocation_case == "key_compromise_after_proven_time"
