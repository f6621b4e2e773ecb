"""A CRL entry's invalidity date (RFC 5280 5.3.2): since when the certificate is invalid.

A compromised key is reported when it is found, often after the fact; the
CRL entry then says since when the key is known or suspected compromised.
That date, not the revocation's, decides a seal's fate (docs/signing.md,
*A certificate revoked after its seal*): a seal a trusted timestamp proves
made before it stays valid, one made at or after it does not, whatever the
reason. Without the date a compromise keeps undoing every seal. The date is
taken only from a CRL the certificate's issuer signed.

The seals, CRLs and times are test_verify_revoked_later's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from test_verify_revoked_later import (
    LATER,
    MSA,
    NOW,
    REORGANISED,
    STOLEN,
    _provider,
    _serial,
    b_t,
    seal,
)

from backoffice.signing.archive import ArchiveFile, create_archive, verify_archive
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.revocation_words import china_time, revocation_words
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import CrlEntry, Issued, TestPki, _key, signed_crl
from backoffice.signing.verify import Revocation, VerifyPolicy, verify_pdf

__all__ = ["b_t", "seal"]  # fixtures

REVOKED_AT = NOW + dt.timedelta(hours=12)  # after the seal's timestamp (now)


def _crl(pki: TestPki, serial: int, reason: x509.ReasonFlags | None,
         invalid_since: dt.datetime | None) -> bytes:
    return pki.crl([CrlEntry(serial, REVOKED_AT, reason, invalid_since)],
                   issued=NOW + dt.timedelta(hours=20), number=8)


def _policy(pki: TestPki, *crls: bytes, **more: object) -> VerifyPolicy:
    more.setdefault("moment", LATER)
    return VerifyPolicy(trust_roots=(pki.root.asn1_cert(),), crls=crls, **more)  # type: ignore[arg-type]


def _second(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=0)  # a CRL's times are to the second


def test_a_key_compromised_only_after_the_proven_time_leaves_the_seal_valid(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    since = NOW + dt.timedelta(hours=6)
    result = verify_pdf(b_t, _policy(pki, _crl(pki, _serial(seal), STOLEN, since), signer=MSA))
    assert result.ok, result.to_dict()
    assert result.warnings == ["verify.revoked_after_seal"]
    assert result.revocation == Revocation.REVOKED_AFTER_SEAL
    report = result.signatures[0]
    assert report.revocation_case == "compromised_after_proven_time"
    assert report.revocation_reason == "key_compromise"
    assert dt.datetime.fromisoformat(report.invalidity_date) == _second(since)
    assert dt.datetime.fromisoformat(report.revoked_at) == _second(REVOKED_AT)


@pytest.mark.parametrize("reason", [STOLEN, REORGANISED, None])
def test_invalid_since_before_the_proven_time_the_seal_is_not_valid(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider, reason: x509.ReasonFlags | None) -> None:
    """Revoked after the seal, but invalid since before it: the revocation date alone
    would have spared it."""
    since = NOW - dt.timedelta(hours=1)
    result = verify_pdf(b_t, _policy(pki, _crl(pki, _serial(seal), reason, since)))
    assert result.problems == ["verify.revoked"], result.to_dict()
    assert result.revocation == Revocation.REVOKED
    report = result.signatures[0]
    assert report.revocation_case == "invalid_before_proven_time"
    assert dt.datetime.fromisoformat(report.invalidity_date) == _second(since)


def test_a_compromise_without_an_invalidity_date_still_undoes_the_seal(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    result = verify_pdf(b_t, _policy(pki, _crl(pki, _serial(seal), STOLEN, None)))
    assert result.problems == ["verify.revoked"], result.to_dict()
    report = result.signatures[0]
    assert report.revocation_case == "key_compromise_after_proven_time"
    assert report.invalidity_date == ""


def test_an_invalidity_date_from_a_crl_the_ca_did_not_sign_is_not_taken(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    """A forged list with the same entry must not date the compromise after the seal."""
    serial = _serial(seal)
    genuine = _crl(pki, serial, STOLEN, None)
    impostor = Issued(pki.root.certificate, _key())
    forged = signed_crl(impostor, [CrlEntry(serial, REVOKED_AT, STOLEN,
                                            NOW + dt.timedelta(hours=6))],
                        issued=NOW + dt.timedelta(hours=21), number=9)
    result = verify_pdf(b_t, _policy(pki, forged, genuine))
    assert result.problems == ["verify.revoked"], result.to_dict()
    assert result.signatures[0].revocation_case == "key_compromise_after_proven_time"


@pytest.mark.parametrize(("hours", "valid"), [(6, True), (-1, False)])
def test_an_expired_certificate_is_judged_by_its_invalidity_date(
        pki: TestPki, grant_pdf: bytes, tmp_path_factory: pytest.TempPathFactory,
        hours: int, valid: bool) -> None:
    short = _provider(pki, tmp_path_factory, "short", valid_days=(-1, 1))
    b_t = seal_pdf(grant_pdf, short, timestamper=pki.timestamper()).pdf  # type: ignore[arg-type]
    crl = _crl(pki, _serial(short), STOLEN, NOW + dt.timedelta(hours=hours))
    result = verify_pdf(b_t, _policy(pki, crl, moment=NOW + dt.timedelta(days=5)))
    assert result.ok is valid, result.to_dict()
    assert result.signatures[0].revocation_case == (
        "compromised_after_proven_time" if valid else "invalid_before_proven_time")


def test_the_archive_manifest_seal_is_judged_by_the_invalidity_date(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider) -> None:
    package, _ = create_archive("220100-2025-000123",
                                [ArchiveFile("decision", "决定书.pdf", b_t)], seal,
                                timestamper=pki.timestamper())  # type: ignore[arg-type]
    later = _crl(pki, _serial(seal), STOLEN, NOW + dt.timedelta(hours=6))
    report = verify_archive(package, _policy(pki, later, signer=MSA))
    assert report.ok, report.to_dict()
    assert report.revocation == Revocation.REVOKED_AFTER_SEAL
    assert report.revocation_case == "compromised_after_proven_time"
    assert report.to_dict()["invalidity_date"]
    earlier = _crl(pki, _serial(seal), REORGANISED, NOW - dt.timedelta(hours=1))
    refused = verify_archive(package, _policy(pki, earlier))
    assert "verify.revoked" in {f.code for f in refused.problems}, refused.to_dict()
    assert refused.revocation_case == "invalid_before_proven_time"


@pytest.mark.parametrize(("hours", "case", "en", "zh"), [
    (6, "compromised_after_proven_time", "the seal stays valid", "该签章仍然有效"),
    (-1, "invalid_before_proven_time", "the seal is not valid", "该签章无效"),
])
def test_verify_says_the_invalidity_date_in_words(
        pki: TestPki, b_t: bytes, seal: Pkcs12Provider,
        hours: int, case: str, en: str, zh: str) -> None:
    """The sentence ``verify`` prints under the seal (and the desk shows) names the date."""
    since = NOW + dt.timedelta(hours=hours)
    result = verify_pdf(b_t, _policy(pki, _crl(pki, _serial(seal), STOLEN, since)))
    [report] = [s for s in result.signatures if s.kind == "seal"]
    assert report.revocation_case == case
    for lang, verdict in (("en", en), ("zh", zh)):
        said = revocation_words(report, lang)
        assert said.endswith(verdict + ("." if lang == "en" else "。")), said
        assert china_time(report.invalidity_date) in said and "verify." not in said
        assert china_time(report.revoked_at) in said and china_time(report.timestamp) in said
