"""Whose seal it is: every department's certificate chains to the same root, so the
organisation a certificate names must be the issuing department's."""

from __future__ import annotations

from pathlib import Path

import pytest
from signing_support import PASSWORD, policy

from backoffice.signing.archive import ArchiveFile, create_archive, verify_archive
from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider, same_organisation
from backoffice.signing.seal import SealResult, seal_pdf
from backoffice.signing.testpki import TestPki
from backoffice.signing.verify import verify_pdf

MSA = "长春市市场监督管理局"
FIRE = "FIRE-220100"


def test_sealing_with_another_departments_certificate_is_refused(
        grant_pdf: bytes, pki_files: dict[str, Path], p12: Pkcs12Provider) -> None:
    fire = Pkcs12Provider(pki_files[FIRE], PASSWORD)
    with pytest.raises(SigningError) as refused:
        seal_pdf(grant_pdf, fire, department=MSA)
    assert refused.value.code == "signing.wrong_department"
    assert refused.value.params == {"signer": "长春市消防救援支队", "department": MSA}
    assert seal_pdf(grant_pdf, p12, department=MSA).signer == MSA


def test_verification_names_the_expected_department(pki: TestPki,
                                                    sealed_bb: SealResult) -> None:
    assert verify_pdf(sealed_bb.pdf, policy(pki, signer=MSA)).ok
    wrong = verify_pdf(sealed_bb.pdf, policy(pki, signer="长春市消防救援支队"))
    assert not wrong.ok and wrong.problems == ["verify.wrong_signer"]
    assert wrong.signatures[0].signer == MSA


def test_an_archive_sealed_by_another_department_is_rejected(
        pki: TestPki, pki_files: dict[str, Path], sealed_bb: SealResult,
        p12: Pkcs12Provider) -> None:
    files = [ArchiveFile("decision", "决定书.pdf", sealed_bb.pdf)]
    fire = Pkcs12Provider(pki_files[FIRE], PASSWORD)
    foreign, _ = create_archive("220100-2025-000123", files, fire,
                                timestamper=pki.timestamper())  # type: ignore[arg-type]
    # The verifier need not know the department: the manifest's sealer must be the
    # decision's.
    report = verify_archive(foreign, policy(pki))
    assert not report.ok
    assert [(f.code, f.detail) for f in report.problems] == [
        ("archive.sealer_mismatch", "长春市消防救援支队")]
    # Naming the department, both the manifest and the decision are held to it.
    named = verify_archive(foreign, policy(pki, signer=MSA))
    assert [(f.code, f.path) for f in named.problems] == [
        ("verify.wrong_signer", "manifest.json.p7s")]
    other = verify_archive(foreign, policy(pki, signer="长春市消防救援支队"))
    assert [(f.code, f.path) for f in other.problems] == [
        ("verify.wrong_signer", "decision/决定书.pdf")]

    own, _ = create_archive("220100-2025-000123", files, p12,
                            timestamper=pki.timestamper())  # type: ignore[arg-type]
    assert verify_archive(own, policy(pki)).ok
    assert verify_archive(own, policy(pki, signer=MSA)).ok


@pytest.mark.parametrize("spelled", [
    MSA, f" {MSA} ", "长春市 市场监督管理局", "长春市市场监督管理局\u3000"])
def test_a_department_spelled_with_other_spaces_is_the_same_department(
        pki: TestPki, sealed_bb: SealResult, spelled: str) -> None:
    assert verify_pdf(sealed_bb.pdf, policy(pki, signer=spelled)).ok


@pytest.mark.parametrize(("named", "expected", "same"), [
    ("吉林省长春市（虚构）检测中心", "吉林省长春市(虚构)检测中心", True),  # full/half width
    ("ACME Ｔｅｓｔ Lab 1", "acme test lab １", True),
    ("长春市市场监督管理局", "长春市市场监督管理局朝阳分局", False),
    ("长春市消防救援支队", "长春市市场监督管理局", False),
    ("", "长春市市场监督管理局", False),
])
def test_same_organisation_forgives_only_how_the_name_is_typed(
        named: str, expected: str, same: bool) -> None:
    assert same_organisation(named, expected) is same
