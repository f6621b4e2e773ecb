"""An archive package outlives its sealer's certificate (8.1.7, 9.8).

The manifest seal's certificate here expires a day after sealing; the package
is verified as of five days later (``VerifyPolicy.moment``), while the test
CA's CRL (30 days) and the TSA's certificate are still current. A manifest
seal whose signature timestamp proves when it was made is judged at that time,
as a decision's seal is; one without a trusted time stays refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from signing_support import PASSWORD, policy
from support.decision_env import issue_p12

from backoffice.signing.archive import (
    MANIFEST_SIG,
    ArchiveFile,
    ArchiveReport,
    Finding,
    create_archive,
    verify_archive,
)
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import Revocation

CASE = "220100-2025-000123"
MSA = "长春市市场监督管理局"
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)


def _short_lived(pki: TestPki, folder: Path, *, revoked: bool = False) -> Pkcs12Provider:
    path = folder / "seal.p12"
    path.write_bytes(issue_p12(pki, MSA, PASSWORD, valid_days=(-1, 1), revoked=revoked))
    return Pkcs12Provider(path, PASSWORD)


@pytest.fixture(scope="module")
def short_lived(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Pkcs12Provider:
    return _short_lived(pki, tmp_path_factory.mktemp("short"))


@pytest.fixture(scope="module")
def decision(pki: TestPki, grant_pdf: bytes, short_lived: Pkcs12Provider) -> bytes:
    """B-T: the decision itself verifies after the expiry (test_verify_expired)."""
    return seal_pdf(grant_pdf, short_lived, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]


def _package(decision: bytes, provider: Pkcs12Provider, timestamper: object) -> bytes:
    data, awaiting = create_archive(CASE, [ArchiveFile("decision", "决定书.pdf", decision)],
                                    provider, timestamper=timestamper)  # type: ignore[arg-type]
    assert awaiting == (timestamper is None)
    return data


def _manifest_findings(report: ArchiveReport) -> list[Finding]:
    return [f for f in report.problems if f.path == MANIFEST_SIG]


def test_a_timestamped_manifest_seal_verifies_after_its_certificate_expired(
        pki: TestPki, decision: bytes, short_lived: Pkcs12Provider) -> None:
    package = _package(decision, short_lived, pki.timestamper())
    assert verify_archive(package, policy(pki)).ok  # today
    report = verify_archive(package, policy(pki, moment=LATER))
    assert report.ok, report.to_dict()
    assert report.revocation == Revocation.GOOD  # the CRL given was issued in its time
    assert report.sealed_by == MSA and report.timestamp
    judged_at = dt.datetime.fromisoformat(report.certificate_judged_at)
    assert judged_at == dt.datetime.fromisoformat(report.timestamp) and judged_at < LATER
    assert report.to_dict()["certificate_judged_at"] == report.certificate_judged_at


def test_a_manifest_seal_without_a_timestamp_is_refused_after_expiry(
        pki: TestPki, decision: bytes, short_lived: Pkcs12Provider) -> None:
    package = _package(decision, short_lived, None)
    assert verify_archive(package, policy(pki)).ok  # today: awaiting its timestamp, a warning
    report = verify_archive(package, policy(pki, moment=LATER))
    assert [f.code for f in _manifest_findings(report)] == ["verify.certificate_expired"], \
        report.to_dict()
    assert not report.certificate_judged_at


def test_a_manifest_sealer_revoked_in_its_time_stays_revoked_after_expiry(
        pki: TestPki, decision: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    revoked = _short_lived(pki, tmp_path_factory.mktemp("revoked"), revoked=True)
    report = verify_archive(_package(decision, revoked, pki.timestamper()),
                            policy(pki, moment=LATER))
    assert [f.code for f in _manifest_findings(report)] == ["verify.revoked"], report.to_dict()
    assert report.revocation == Revocation.REVOKED


def test_the_crl_the_package_carries_confirms_its_sealer_after_expiry(
        pki: TestPki, decision: bytes, short_lived: Pkcs12Provider) -> None:
    data, _ = create_archive(CASE, [ArchiveFile("decision", "决定书.pdf", decision)], short_lived,
                             timestamper=pki.timestamper(), crls=(pki.crl_der,))  # type: ignore[arg-type]
    report = verify_archive(data, policy(pki, crl=False, moment=LATER))
    # (The B-T decision carries none: it is refused for want of one, as in verify.)
    assert _manifest_findings(report) == [] and not report.warnings, report.to_dict()
    assert report.revocation == Revocation.GOOD and report.certificate_judged_at
