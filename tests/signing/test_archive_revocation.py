"""``archive verify --json``: the manifest's seal says what is known of its revocation.

Every document seal in the JSON has ``revoked`` and ``revocation``
(``verify --json``, docs/signing.md); the manifest's seal had neither, so a
package verified without revocation information could not be told from one
whose manifest certificate was confirmed not revoked. Same fields, same
meaning, the same check as a document's seal.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from signing_support import PASSWORD

from backoffice.signing.archive import ArchiveFile, Finding, create_archive, verify_archive
from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import Revocation, VerifyPolicy

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


def _package(pki: TestPki, decision: bytes, provider: Pkcs12Provider, path: Path) -> Path:
    data, awaiting = create_archive("220100-2025-000123",
                                    [ArchiveFile("decision", "决定书.pdf", decision)], provider,
                                    timestamper=HTTPTimeStamper(pki.tsa_url))  # type: ignore[no-untyped-call]
    assert not awaiting
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def package(pki: TestPki, sealed_bb: SealResult, p12: Pkcs12Provider,
            tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _package(pki, sealed_bb.pdf, p12, tmp_path_factory.mktemp("archive") / "p.zip")


@pytest.mark.parametrize(("given", "revocation", "revoked", "warned"), [
    (("--revocation", "warn"), "unconfirmed", None, True),
    (("--revocation", "ignore"), "unconfirmed", None, False),
    (("--revocation", "warn", "--crl", "CRL"), "good", False, False),
    (("--crl", "CRL"), "good", False, False),
])
def test_the_manifest_seal_says_not_revoked_only_when_confirmed(
        run_cli: CliRunner, pki_files: dict[str, Path], package: Path,
        given: tuple[str, ...], revocation: str, revoked: bool | None, warned: bool) -> None:
    args = [str(pki_files["crl"]) if a == "CRL" else a for a in given]
    shown = run_cli("archive", "verify", str(package), "--trust", str(pki_files["root"]),
                    "--json", *args)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    report = json.loads(shown.stdout)
    assert report["verdict"] == "valid"
    assert report["revocation"] == revocation and report["revoked"] is revoked
    # The same answer as the decision's own seal, checked against the same CRLs.
    [seal] = report["decision"]["signatures"]
    assert (seal["revocation"], seal["revoked"]) == (revocation, revoked)
    unknown = {"code": "verify.revocation_unknown", "path": "manifest.json.p7s", "detail": None}
    assert (unknown in report["warnings"]) is warned
    assert report["sealed_by"] == "长春市市场监督管理局" and report["timestamp"]


def test_a_manifest_sealed_with_a_revoked_certificate_says_revoked(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_bb: SealResult,
        tmp_path: Path) -> None:
    revoked = Pkcs12Provider(pki_files["REVOKED-220100"], PASSWORD)
    package = _package(pki, sealed_bb.pdf, revoked, tmp_path / "revoked.zip")
    shown = run_cli("archive", "verify", str(package), "--trust", str(pki_files["root"]),
                    "--crl", str(pki_files["crl"]), "--json")
    assert shown.returncode == 3, shown.stdout + shown.stderr
    report = json.loads(shown.stdout)
    assert report["verdict"] == "rejected"
    assert (report["revocation"], report["revoked"]) == ("revoked", True)
    assert {"code": "verify.revoked", "path": "manifest.json.p7s", "detail": None} \
        in report["problems"]


def test_a_package_carrying_its_crl_verifies_from_itself(
        run_cli: CliRunner, pki: TestPki, pki_files: dict[str, Path], sealed_lta: SealResult,
        p12: Pkcs12Provider, tmp_path: Path) -> None:
    # The platform's way: the decision B-LTA (its DSS), the CRL in the manifest's seal.
    data, _ = create_archive("220100-2025-000123",
                             [ArchiveFile("decision", "决定书.pdf", sealed_lta.pdf)], p12,
                             timestamper=HTTPTimeStamper(pki.tsa_url),  # type: ignore[no-untyped-call]
                             crls=(pki.crl_der,))
    (tmp_path / "p.zip").write_bytes(data)
    shown = run_cli("archive", "verify", str(tmp_path / "p.zip"),
                    "--trust", str(pki_files["root"]), "--json")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    report = json.loads(shown.stdout)
    assert report["verdict"] == "valid" and report["warnings"] == []
    assert (report["revocation"], report["revoked"]) == ("good", False)
    assert report["decision"]["revocation"] == "good"


def test_a_carried_crl_still_finds_a_revoked_manifest_seal(
        pki: TestPki, pki_files: dict[str, Path], sealed_lta: SealResult) -> None:
    revoked = Pkcs12Provider(pki_files["REVOKED-220100"], PASSWORD)
    data, _ = create_archive("220100-2025-000123",
                             [ArchiveFile("decision", "决定书.pdf", sealed_lta.pdf)], revoked,
                             crls=(pki.crl_der,))
    report = verify_archive(data, VerifyPolicy(trust_roots=(pki.root.asn1_cert(),)))
    assert report.revocation == Revocation.REVOKED
    assert Finding("verify.revoked", "manifest.json.p7s") in report.problems


def test_a_crl_that_is_none_is_refused_before_sealing(
        sealed_lta: SealResult, p12: Pkcs12Provider) -> None:
    with pytest.raises(SigningError) as err:
        create_archive("220100-2025-000123",
                       [ArchiveFile("decision", "决定书.pdf", sealed_lta.pdf)], p12,
                       crls=(b"not a crl",))
    assert err.value.code == "verify.bad_crl"
