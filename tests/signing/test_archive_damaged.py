"""A damaged or oversized member is a finding of the package, never a crash or a gigabyte in memory.

A byte changed in a member as stored (its CRC or deflate stream broken) made
``verify_archive`` raise ``BadZipFile``: the desk's fetch never ended and
``archive verify`` (what opening an ``.ovarchive`` runs) said "unexpected".
Every member was also read whole to hash it: a material of a gigabyte took a
gigabyte of memory, and a decision of one was handed to the PDF reader.
"""

from __future__ import annotations

import hashlib
import io
import json
import tracemalloc
import zipfile

import pytest
from signing_support import policy

from backoffice.signing.archive import (
    MANIFEST,
    MAX_READ_BYTES,
    ArchiveFile,
    ArchiveReport,
    create_archive,
    verify_archive,
)
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import SealResult
from backoffice.signing.testpki import TestPki

CASE = "220100-2025-000123"
DECISION = "decision/准予行政许可决定书.pdf"
LICENCE = "materials/营业执照.pdf"
CHUNK = b"\0" * (1 << 20)


@pytest.fixture(scope="module")
def package(pki: TestPki, sealed_bb: SealResult, p12: Pkcs12Provider) -> bytes:
    data, _ = create_archive(CASE, [
        ArchiveFile("decision", "准予行政许可决定书.pdf", sealed_bb.pdf),
        ArchiveFile("material", "营业执照.pdf", b"%PDF-1.4 licence (fictional) " * 40)],
        p12, timestamper=pki.timestamper(), crls=[pki.crl_der])  # type: ignore[arg-type]
    return data


def _damaged(package: bytes, name: str) -> bytes:
    """``package`` with one byte of ``name``'s stored (compressed) data changed."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(package)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def _with_zeros(package: bytes, name: str, mib: int) -> bytes:
    """``name`` replaced by ``mib`` MiB of zeros, its hash in the manifest recomputed."""
    digest = hashlib.sha256()
    for _ in range(mib):
        digest.update(CHUNK)
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if n != name}
    manifest = json.loads(members[MANIFEST])
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["sha256"], entry["size"] = digest.hexdigest(), mib * len(CHUNK)
    members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, content in members.items():
            zf.writestr(n, content)
        with zf.open(name, "w", force_zip64=True) as member:
            for _ in range(mib):
                member.write(CHUNK)
    return out.getvalue()


def _found(report: ArchiveReport) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.problems}


@pytest.mark.parametrize("name", [DECISION, LICENCE, MANIFEST])
def test_a_member_damaged_in_the_package_is_said_not_raised(
        pki: TestPki, package: bytes, name: str) -> None:
    assert verify_archive(package, policy(pki)).ok
    report = verify_archive(_damaged(package, name), policy(pki))
    assert ("archive.unreadable_file", name) in _found(report), report.to_dict()
    assert not report.ok


def test_a_huge_material_is_hashed_as_it_streams(pki: TestPki, package: bytes) -> None:
    huge = _with_zeros(package, LICENCE, 256)
    tracemalloc.start()
    try:
        report = verify_archive(huge, policy(pki))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Its own hash matches; only the manifest's seal is broken by the recomputed hash.
    assert _found(report) == {("archive.manifest_tampered", MANIFEST)}, report.to_dict()
    assert peak < 64 * 1024 * 1024, peak  # was the whole 256 MiB, and more


def test_a_decision_larger_than_any_decision_is_not_read(pki: TestPki, package: bytes) -> None:
    mib = MAX_READ_BYTES // len(CHUNK) + 1
    report = verify_archive(_with_zeros(package, DECISION, mib), policy(pki))
    assert ("archive.too_large", DECISION) in _found(report), report.to_dict()
    assert report.decision is None  # never handed to the PDF reader
