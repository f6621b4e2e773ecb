"""The archive package: sealed manifest, every file checked, zip-slip names refused."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from signing_support import policy

from backoffice.signing.archive import (
    MANIFEST,
    ArchiveFile,
    create_archive,
    unsafe_name,
    verify_archive,
)
from backoffice.signing.errors import SigningError
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult
from backoffice.signing.testpki import TestPki

CASE = "220100-2025-000123"
LICENCE = "materials/营业执照.pdf"


def _files(decision: bytes) -> list[ArchiveFile]:
    return [
        ArchiveFile("decision", "准予行政许可决定书.pdf", decision),
        ArchiveFile("material", "营业执照.pdf", b"%PDF-1.4 licence (fictional)"),
        ArchiveFile("material", "食品安全管理制度.pdf", b"%PDF-1.4 rules (fictional)"),
        ArchiveFile("correction", "一次性告知书.pdf", b"%PDF-1.4 notice"),
        ArchiveFile("inspection", "现场勘察记录.json", '{"result": "合格"}'.encode()),
    ]


@pytest.fixture(scope="module")
def package(pki: TestPki, sealed_bb: SealResult, p12: Pkcs12Provider) -> bytes:
    data, awaiting = create_archive(CASE, _files(sealed_bb.pdf), p12,
                                    timestamper=HTTPTimeStamper(pki.tsa_url))
    assert not awaiting
    return data


def rezip(data: bytes, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    edit(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def codes(report: object) -> set[str]:
    return {f.code for f in report.problems}  # type: ignore[attr-defined]


def test_intact_package_is_accepted(pki: TestPki, package: bytes) -> None:
    report = verify_archive(package, policy(pki))
    assert report.ok, report.to_dict()
    assert report.files == 5 and report.case_code == CASE
    assert report.sealed_by == "长春市市场监督管理局" and report.timestamp
    assert report.decision is not None and report.decision.ok
    # The decision itself was sealed offline: that is said, not hidden.
    assert [w.code for w in report.warnings] == ["verify.awaiting_timestamp"]
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    assert {e["path"] for e in manifest["files"]} >= {LICENCE, "inspections/现场勘察记录.json"}
    assert all(len(e["sha256"]) == 64 and e["recorded_at"] for e in manifest["files"])


def test_changed_material_with_recomputed_hash_is_rejected(pki: TestPki, package: bytes) -> None:
    def forge(members: dict[str, bytes]) -> None:
        members[LICENCE] = b"%PDF-1.4 a different licence"
        manifest = json.loads(members[MANIFEST])
        for entry in manifest["files"]:
            if entry["path"] == LICENCE:
                entry["sha256"] = hashlib.sha256(members[LICENCE]).hexdigest()
                entry["size"] = len(members[LICENCE])
        members[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()

    report = verify_archive(rezip(package, forge), policy(pki))
    assert not report.ok and codes(report) == {"archive.manifest_tampered"}


def test_changed_material_alone_is_rejected(pki: TestPki, package: bytes) -> None:
    def change(members: dict[str, bytes]) -> None:
        members[LICENCE] = b"%PDF-1.4 a different licence"

    report = verify_archive(rezip(package, change), policy(pki))
    assert [(f.code, f.path) for f in report.problems] == [("archive.hash_mismatch", LICENCE)]


def test_removed_file_is_rejected(pki: TestPki, package: bytes) -> None:
    report = verify_archive(rezip(package, lambda m: m.pop(LICENCE)), policy(pki))
    assert [(f.code, f.path) for f in report.problems] == [("archive.missing_file", LICENCE)]


def test_added_file_is_rejected(pki: TestPki, package: bytes) -> None:
    def add(members: dict[str, bytes]) -> None:
        members["materials/extra.pdf"] = b"slipped in"

    report = verify_archive(rezip(package, add), policy(pki))
    assert codes(report) == {"archive.unlisted_file"}


def test_missing_manifest_signature_is_rejected(pki: TestPki, package: bytes) -> None:
    report = verify_archive(rezip(package, lambda m: m.pop(MANIFEST + ".p7s")), policy(pki))
    assert codes(report) == {"archive.manifest_unsealed"}


def test_untrusted_manifest_seal_is_rejected(package: bytes) -> None:
    stranger = TestPki.generate(departments=())
    report = verify_archive(package, policy(stranger, crl=False))
    assert "verify.untrusted" in codes(report)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "materials/../../x",
                                  "C:/windows/x", "materials\\..\\x", "a//b", "./x", ""])
def test_unsafe_member_names_are_recognised(name: str) -> None:
    assert unsafe_name(name)


def test_zip_slip_and_duplicate_names_are_rejected_without_touching_disk(
        pki: TestPki, package: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.BytesIO(package)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("../evil.txt", b"outside")
        zf.writestr("/tmp/absolute.txt", b"absolute")
        with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate
            zf.writestr(LICENCE, b"twin")
    report = verify_archive(out.getvalue(), policy(pki))
    found = {(f.code, f.path) for f in report.problems}
    assert ("archive.unsafe_name", "../evil.txt") in found
    assert ("archive.duplicate_name", LICENCE) in found
    assert any(code == "archive.unsafe_name" and "absolute" in path for code, path in found)
    assert not (tmp_path.parent / "evil.txt").exists() and list(tmp_path.iterdir()) == []


def test_not_a_zip_is_rejected(pki: TestPki) -> None:
    assert codes(verify_archive(b"PK but not really", policy(pki))) == {"archive.not_zip"}


def test_offline_manifest_awaits_its_timestamp(pki: TestPki, sealed_bb: SealResult,
                                               p12: Pkcs12Provider) -> None:
    data, awaiting = create_archive(CASE, _files(sealed_bb.pdf), p12)
    assert awaiting
    report = verify_archive(data, policy(pki))
    assert report.ok
    assert ("verify.awaiting_timestamp", "manifest.json.p7s") in {
        (w.code, w.path) for w in report.warnings}


def test_creating_with_a_path_in_a_name_is_refused(sealed_bb: SealResult,
                                                   p12: Pkcs12Provider) -> None:
    files = [*_files(sealed_bb.pdf), ArchiveFile("material", "../x.pdf", b"x")]
    with pytest.raises(SigningError) as err:
        create_archive(CASE, files, p12)
    assert err.value.code == "archive.unsafe_name"
