"""``verify --at`` and the words for a revoked certificate, on the command line.

An auditor asks "was this decision's seal valid on day X?": ``--at`` judges
the seals as of that moment (revocations dated after it not counted). And
when a seal's certificate is revoked, the output says which case applied:
revoked after the time a trusted timestamp proves (still valid), for a
compromised key, or before.

The seal here is timestamped three hours ago (a TSA with a fixed clock), its
certificate revoked two hours ago.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from signing_support import PASSWORD
from support.decision_env import issue_p12

from backoffice.domain import clock
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf
from backoffice.signing.testpki import TestPki

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]
EN = {"BACKOFFICE_LANG": "en"}
ZH = {"BACKOFFICE_LANG": "zh"}
MSA = "长春市市场监督管理局"
NOW = dt.datetime.now(dt.UTC)
SEALED_AT = NOW - dt.timedelta(hours=3)
REVOKED_AT = NOW - dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def sealed(pki: TestPki, grant_pdf: bytes, tmp_path_factory: pytest.TempPathFactory,
           ) -> tuple[Path, int]:
    """A B-T seal proven made three hours ago, and its certificate's serial."""
    folder = tmp_path_factory.mktemp("at")
    (folder / "seal.p12").write_bytes(issue_p12(pki, MSA, PASSWORD))
    provider = Pkcs12Provider(folder / "seal.p12", PASSWORD)
    stamper = DummyTimeStamper(tsa_cert=pki.tsa.asn1_cert(), tsa_key=pki.tsa.asn1_key(),
                               fixed_dt=SEALED_AT)
    path = folder / "sealed.pdf"
    path.write_bytes(seal_pdf(grant_pdf, provider, timestamper=stamper).pdf)
    with provider.open() as signer:
        return path, int(signer.signing_cert.serial_number)


def _crl(pki: TestPki, serial: int, reason: x509.ReasonFlags, folder: Path) -> Path:
    entry = (x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(REVOKED_AT)
             .add_extension(x509.CRLReason(reason), critical=False).build())
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name(pki.root.certificate.subject)
           .last_update(NOW - dt.timedelta(hours=1)).next_update(NOW + dt.timedelta(days=30))
           .add_revoked_certificate(entry)
           .add_extension(x509.CRLNumber(9), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               pki.root.key.public_key()), critical=False)
           .sign(pki.root.key, hashes.SHA256()))
    path = folder / f"{reason.name}.crl"
    path.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return path


def _verify_args(pki: TestPki, pki_files: dict[str, Path], sealed: tuple[Path, int],
                 reason: x509.ReasonFlags, folder: Path) -> tuple[str, ...]:
    """``verify`` of the sealed document with our root and a CRL revoking it for ``reason``."""
    path, serial = sealed
    return ("verify", str(path), "--trust", str(pki_files["root"]),
            "--crl", str(_crl(pki, serial, reason, folder)))


def _china(moment: dt.datetime) -> str:
    return moment.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")


def test_revoked_after_the_seal_is_valid_and_says_so(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path],
        sealed: tuple[Path, int], tmp_path: Path) -> None:
    args = _verify_args(pki, pki_files, sealed, x509.ReasonFlags.affiliation_changed, tmp_path)
    shown = run_cli(*args, env=EN)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert shown.stdout.startswith("Valid: every seal is intact"), shown.stdout
    assert "revoked, but only after the seal was made" in shown.stdout
    assert (f"Revoked on {_china(REVOKED_AT)}" in shown.stdout
            and "the holder's organisation changed" in shown.stdout
            and f"after {_china(SEALED_AT)}" in shown.stdout
            and "the seal stays valid" in shown.stdout), shown.stdout
    zh = run_cli(*args, env=ZH)
    assert "单位隶属关系变更" in zh.stdout and "该签章仍然有效" in zh.stdout, zh.stdout
    as_json = json.loads(run_cli(*args, "--json").stdout)
    seal = as_json["signatures"][0]
    assert as_json["revocation"] == "revoked_after_seal" and seal["revoked"] is True
    assert seal["revocation_case"] == "after_proven_time"
    assert seal["revocation_reason"] == "affiliation_changed"
    assert as_json["as_of"] is None


def test_key_compromise_after_the_seal_is_refused_in_words(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path],
        sealed: tuple[Path, int], tmp_path: Path) -> None:
    shown = run_cli(*_verify_args(pki, pki_files, sealed, x509.ReasonFlags.key_compromise,
                                  tmp_path), env=EN)
    assert shown.returncode == 3, shown.stdout + shown.stderr
    assert "because its key was compromised" in shown.stdout
    assert "the seal is not valid" in shown.stdout


def test_at_judges_the_seal_as_of_a_moment(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path],
        sealed: tuple[Path, int], tmp_path: Path) -> None:
    """Revoked for key compromise two hours ago: rejected now, valid as of the moment
    between the seal and the revocation (in China time, as the person types it)."""
    args = _verify_args(pki, pki_files, sealed, x509.ReasonFlags.key_compromise, tmp_path)
    between = NOW - dt.timedelta(hours=2, minutes=30)
    at = between.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")
    assert run_cli(*args, env=EN).returncode == 3
    then = run_cli(*args, "--at", at, env=EN)
    assert then.returncode == 0, then.stdout + then.stderr
    assert f"Judged as of {at}" in then.stdout, then.stdout
    with_zone = run_cli(*args, "--at", between.strftime("%Y-%m-%dT%H:%M:%SZ"), "--json")
    assert with_zone.returncode == 0, with_zone.stdout
    assert json.loads(with_zone.stdout)["as_of"].startswith(between.strftime("%Y-%m-%dT%H:%M"))
    after = NOW - dt.timedelta(hours=1)
    later = run_cli(*args, "--at", after.isoformat(), env=EN)
    assert later.returncode == 3, later.stdout


@pytest.mark.parametrize(("given", "said"), [
    ("yesterday", "is not a date and time"),
    ("2026-03-01", "is not a date and time"),  # which moment of the day?
    ("2026-02-30 10:00", "is not a date and time"),
    ("2999-01-01 10:00", "lies in the future or before 2000"),
    ("1999-12-31T23:00+08:00", "lies in the future or before 2000"),
])
def test_at_refuses_what_is_not_a_moment_in_words(
        run_cli: CliRunner, pki_files: dict[str, Path], sealed: tuple[Path, int],
        given: str, said: str) -> None:
    shown = run_cli("verify", str(sealed[0]), "--trust", str(pki_files["root"]),
                    "--at", given, env=EN)
    assert shown.returncode == 2, shown.stdout + shown.stderr
    assert said in shown.stderr and "Traceback" not in shown.stderr, shown.stderr
