"""The archive package (8.1.7, 9.8): one zip per sealed decision, checkable by anyone.

Layout::

    manifest.json          what is in the package: SHA-256, size, role and time of every file
    manifest.json.p7s      detached CMS signature over manifest.json by the department's seal,
                           with an RFC 3161 signature timestamp when a TSA was reachable and
                           the CRLs the sealer had in the CMS's ``crls`` (RFC 5652)
    decision/…pdf          the sealed decision document
    materials/…            the case's materials
    corrections/…          correction notices
    inspections/…          inspection records

Changing a file and recomputing its hash in the manifest breaks the manifest's
signature; removing or adding a file disagrees with the manifest. The
manifest must be sealed by the department that sealed the decision (and by
the policy's ``signer``, when the verifier names the department). Member names
come from outside when a package is checked, so they never become paths: the
package is read in memory, and a name that is absolute, climbs (``..``), uses
backslashes or a drive, or appears twice is a problem in itself (zip-slip).

The package answers for itself, as the decision PDF does with its DSS: the
CRLs the platform had when sealing travel in the manifest seal's CMS, and
``verify_archive`` reads them with any the verifier gives. They sit outside
the signed attributes, so adding them leaves the signature as it was; a CRL
is signed by its CA, which the validation checks like any other.

The package outlives its sealer's certificate as the decision does: once the
certificate has expired, the manifest seal is judged at the time its signature
timestamp proves, with the revocation information of that time (the helpers
of :mod:`backoffice.signing.proven_time`, the carried CRLs among it). A
manifest sealed without a timestamp has no such time and is refused then.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import http.client
import io
import json
import logging
import re
import stat
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from asn1crypto import cms  # type: ignore[import-untyped]  # no stubs
from asn1crypto import crl as asn1_crl
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from backoffice import system_reasons
from backoffice.domain import model as m
from backoffice.signing.errors import SigningError
from backoffice.signing.proven_time import judging_time, past_context, proven_time
from backoffice.signing.providers import (
    SigningProvider,
    same_organisation,
    subject_organisation,
)
from backoffice.signing.seal import document_info, read_pdf
from backoffice.signing.verify import (
    BROKEN_SIGNATURE,
    Revocation,
    VerificationResult,
    VerifyPolicy,
    judge_certificate,
    parse_crl,
    parse_crls,
    verify_pdf,
)

_log = logging.getLogger(__name__)

FORMAT = "onevisit-archive/1"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.json.p7s"
FOLDERS = {"decision": "decision", "material": "materials", "correction": "corrections",
           "inspection": "inspections"}
MAX_TOTAL_BYTES = 2 * 1024**3  # a package is read in memory: refuse a zip bomb's promise
# Read whole, unlike the other members (hashed as they stream): a decision document is a
# few megabytes, a manifest and its seal kilobytes. A member declaring more is not ours.
MAX_READ_BYTES = 64 * 1024**2
# What reading a damaged member raises: a bad CRC or deflate stream, a cut member, an
# encrypted one (RuntimeError), a compression zipfile does not read (NotImplementedError).
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
               NotImplementedError, ValueError)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CASE_CODE = m._CASE_CODE  # the domain's own pattern, not a copy


class DecisionRejected(SigningError):
    """The decision document does not verify: no package is made around it.

    ``problems`` are the ``verify.*`` codes of the verdict, each with words.
    """

    code = "archive.decision_rejected"

    def __init__(self, case_code: str, problems: Sequence[str]) -> None:
        super().__init__(case_code=case_code)
        self.problems = list(problems)


@dataclass(frozen=True)
class ArchiveFile:
    role: str  # a key of FOLDERS
    name: str  # a plain file name, no folders
    data: bytes
    recorded_at: dt.datetime | None = None  # when the file came into the case


def unsafe_name(name: str) -> bool:
    """True for a member name that must never become a path (zip-slip and friends)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decision_case_code(pdf: bytes) -> str:
    """The case code a decision document names, "" when it names none.

    The renderer writes it first in the PDF's subject (``layout.layout``);
    a seal covers the document information, so once the decision verifies
    the subject is the one sealed.
    """
    try:
        words = document_info(read_pdf(pdf), "/Subject").split()
    except SigningError:  # not a PDF: verification says so
        return ""
    return words[0] if words else ""


def check_decision(case_code: str, decision: bytes, policy: VerifyPolicy | None) -> None:
    """Refuse a package no verifier would accept: a malformed case code, a decision
    that does not verify under ``policy`` (unsealed, changed, untrusted…), or one
    of another case. ``policy`` None: the seal is not checked (the platform
    archives what it has just verified itself)."""
    if not _CASE_CODE.match(case_code):
        raise SigningError("case.bad_code", case_code=case_code)
    if policy is not None:
        result = verify_pdf(decision, policy)
        if not result.ok:
            raise DecisionRejected(case_code, result.problems)
    named = decision_case_code(decision)
    if not named:
        raise SigningError("archive.decision_names_no_case", case_code=case_code)
    if named != case_code:
        raise SigningError("archive.decision_of_other_case", case_code=case_code, named=named)


def create_archive(case_code: str, files: Sequence[ArchiveFile], provider: SigningProvider, *,
                   timestamper: TimeStamper | None = None,
                   now: dt.datetime | None = None,
                   crls: Sequence[bytes] = (),
                   policy: VerifyPolicy | None = None) -> tuple[bytes, bool]:
    """The package as zip bytes, and whether its manifest is still awaiting a timestamp.

    ``crls`` (DER): revocation information for the seal's certificate, carried
    in the manifest seal so the package verifies without it being given.
    The decision must be of ``case_code`` and, given ``policy``, verify under
    it (:func:`check_decision`) before anything is sealed.
    """
    embedded = parse_crls(crls)
    now = now or dt.datetime.now(dt.UTC)
    decisions = [f for f in files if f.role == "decision"]
    if not decisions:
        raise SigningError("archive.no_decision", case_code=case_code)
    for decision in decisions:
        check_decision(case_code, decision.data, policy)
    entries: list[dict[str, Any]] = []
    members: dict[str, bytes] = {}
    for item in files:
        if item.role not in FOLDERS:
            raise SigningError("archive.unknown_role", role=item.role)
        path = f"{FOLDERS[item.role]}/{item.name}"
        if "/" in item.name or unsafe_name(path):
            raise SigningError("archive.unsafe_name", name=item.name)
        if path in members:
            raise SigningError("archive.duplicate_name", name=path)
        members[path] = item.data
        entries.append({"path": path, "role": item.role, "sha256": _sha256(item.data),
                        "size": len(item.data),
                        "recorded_at": (item.recorded_at or now).isoformat()})
    manifest = json.dumps({"format": FORMAT, "case_code": case_code, "created_at": now.isoformat(),
                           "files": entries}, ensure_ascii=False, indent=2).encode()
    signature, awaiting = _sign_manifest(manifest, provider, timestamper)
    if embedded:
        signature = _with_crls(signature, embedded)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, manifest)
        zf.writestr(MANIFEST_SIG, signature)
        for path, data in members.items():
            zf.writestr(path, data)
    return out.getvalue(), awaiting


def _sign_manifest(manifest: bytes, provider: SigningProvider,
                   timestamper: TimeStamper | None) -> tuple[bytes, bool]:
    with provider.open() as signer:
        if timestamper is not None:
            try:
                signed = asyncio.run(signer.async_sign_general_data(
                    manifest, "sha256", detached=True, timestamper=timestamper))
                return bytes(signed.dump()), False
            except OSError as exc:
                _log.warning("TSA not reachable (%s): manifest awaits its timestamp",
                             type(exc).__name__)
        signed = asyncio.run(signer.async_sign_general_data(manifest, "sha256", detached=True))
        return bytes(signed.dump()), True


# A CRL is kilobytes to a few megabytes; more is not a CRL we would carry.
MAX_CRL_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FetchedCrls:
    """What :func:`fetch_crls` brought: the CRLs (DER), and each URL that failed with why
    (a ``system.*`` code the messages word, :func:`backoffice.system_reasons.reason`)."""

    crls: tuple[bytes, ...]
    fetched: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def fetch_crls(cert: Any, timeout: float = 15) -> FetchedCrls:
    """The CRLs the certificate's CRL distribution points name (HTTP), fetched now:
    what ``archive create`` carries in the manifest seal when no ``--crl`` is given,
    so the package answers for itself (``crls=`` of :func:`create_archive`)."""
    crls: list[bytes] = []
    fetched: list[str] = []
    failed: list[tuple[str, str]] = []
    for point in cert.crl_distribution_points:
        url = point.url
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            continue  # LDAP or a name without a URL: not ours to fetch
        try:
            crls.append(_fetch_crl(url, timeout))
            fetched.append(url)
        except _NotFetched as exc:
            failed.append((url, exc.why))
    return FetchedCrls(tuple(crls), tuple(fetched), tuple(failed))


class _NotFetched(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why  # a system.* code


def _fetch_crl(url: str, timeout: float) -> bytes:
    """The CRL at ``url`` (DER), or :class:`_NotFetched` with why in words a person reads:
    the system's English ("Connection refused") went into a Chinese sentence."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            data = answer.read(MAX_CRL_BYTES + 1)
    except (urllib.error.HTTPError, http.client.HTTPException) as exc:  # HTTPError: a URLError
        _log.warning("CRL %s: %s %s", url, type(exc).__name__, getattr(exc, "code", ""))
        raise _NotFetched("system.http_error") from exc
    except urllib.error.URLError as exc:
        # The cause (connection refused, no such host) is what a person can act on.
        cause = exc.reason if isinstance(exc.reason, OSError) else exc
        raise _NotFetched(system_reasons.reason(cause)) from exc
    except (OSError, ValueError) as exc:  # a timeout while reading; a malformed URL
        raise _NotFetched(system_reasons.reason(exc)) from exc
    if len(data) > MAX_CRL_BYTES:
        raise _NotFetched("system.answer_too_large")
    try:
        return bytes(parse_crl(data).dump())
    except ValueError as exc:
        raise _NotFetched("system.not_a_crl") from exc


def _with_crls(signature: bytes, crls: Sequence[asn1_crl.CertificateList]) -> bytes:
    info = cms.ContentInfo.load(signature)
    signed_data = info["content"]
    signed_data["crls"] = cms.RevocationInfoChoices(
        [cms.RevocationInfoChoice(name="crl", value=c) for c in crls])
    return bytes(cms.ContentInfo({"content_type": "signed_data",
                                  "content": signed_data}).dump())


def _carried_crls(signed_data: Any) -> list[asn1_crl.CertificateList]:
    """The CRLs in the CMS's ``crls``; any other revocation format is not ours."""
    return [choice.chosen for choice in (signed_data["crls"] or ())
            if choice.name == "crl"]


# --- checking -----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str
    path: str = ""
    detail: str = ""


@dataclass
class ArchiveReport:
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    case_code: str = ""
    sealed_by: str = ""
    timestamp: str = ""
    # the manifest seal's, as a document seal's in verify --json
    revocation: Revocation = Revocation.UNCONFIRMED
    # When its certificate was judged at the time its signature timestamp proves,
    # not now (it has expired since): that time, as a document seal's.
    certificate_judged_at: str = ""
    # as a document seal's: when and why its certificate was revoked, since when it is
    # invalid (the CRL entry's invalidity date), and the rule applied
    revoked_at: str = ""
    revocation_reason: str = ""
    invalidity_date: str = ""
    revocation_case: str = ""
    files: int = 0
    decision: VerificationResult | None = None
    decision_path: str = ""  # the decision's member name, which findings name it by

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": "valid" if self.ok else "rejected",
            "problems": [asdict(p) for p in self.problems],
            "warnings": [asdict(w) for w in self.warnings],
            "case_code": self.case_code, "sealed_by": self.sealed_by,
            "timestamp": self.timestamp,
            "revoked": self.revocation.revoked, "revocation": self.revocation.value,
            "certificate_judged_at": self.certificate_judged_at,
            "revoked_at": self.revoked_at, "revocation_reason": self.revocation_reason,
            "invalidity_date": self.invalidity_date,
            "revocation_case": self.revocation_case,
            "files": self.files,
            "decision": self.decision.to_dict() if self.decision else None,
        }


def finding_params(report: ArchiveReport, finding: Finding) -> dict[str, str]:
    """What a finding's sentence is filled with: its member, its detail, the package's case
    (``archive.case_mismatch`` names both cases: without them the bare code showed)."""
    return {"name": finding.path, "detail": finding.detail, "case_code": report.case_code}


def verify_archive(data: bytes, policy: VerifyPolicy) -> ArchiveReport:
    """Everything wrong with the package, or nothing."""
    report = ArchiveReport()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        report.problems.append(Finding("archive.not_zip", detail=type(exc).__name__))
        return report
    members: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if unsafe_name(name) or stat.S_ISLNK(info.external_attr >> 16):
            report.problems.append(Finding("archive.unsafe_name", name))
            continue
        if name.casefold() in seen:  # twice, or twice on a case-blind Windows disk
            report.problems.append(Finding("archive.duplicate_name", name))
            continue
        seen.add(name.casefold())
        if not info.is_dir():
            members[name] = info
    if sum(i.file_size for i in members.values()) > MAX_TOTAL_BYTES:
        report.problems.append(Finding("archive.too_large"))
        return report
    if MANIFEST not in members:
        report.problems.append(Finding("archive.manifest_missing", MANIFEST))
        return report
    manifest_bytes = _read(zf, members[MANIFEST], report)
    if manifest_bytes is None:
        return report
    if MANIFEST_SIG not in members:
        report.problems.append(Finding("archive.manifest_unsealed", MANIFEST_SIG))
    else:
        signature = _read(zf, members[MANIFEST_SIG], report)
        if signature is not None:
            _check_manifest_seal(manifest_bytes, signature, policy, report)
    try:
        manifest = json.loads(manifest_bytes)
        entries = manifest["files"]
        report.case_code = str(manifest.get("case_code", ""))
        if manifest.get("format") != FORMAT or not isinstance(entries, list):
            raise ValueError("format")
    except (ValueError, KeyError, TypeError, AttributeError):
        report.problems.append(Finding("archive.manifest_malformed", MANIFEST))
        return report
    listed: set[str] = set()
    for entry in entries:
        _check_entry(entry, zf, members, policy, report, listed)
    report.files = len(listed)
    for name in sorted(set(members) - listed - {MANIFEST, MANIFEST_SIG}):
        report.problems.append(Finding("archive.unlisted_file", name))
    if not policy.signer:  # else the manifest and the decision are each held to it
        _check_same_sealer(report)
    return report


def _check_same_sealer(report: ArchiveReport) -> None:
    """The manifest must be sealed by the department whose seal the decision bears.

    Any department's certificate chains to the same root: without this, a
    package re-sealed by another department would pass when the verifier
    does not name the expected one.
    """
    if not report.sealed_by or report.decision is None:
        return
    sealers = {s.signer for s in report.decision.signatures if s.kind == "seal" and s.signer}
    if sealers and report.sealed_by not in sealers:
        report.problems.append(Finding("archive.sealer_mismatch", MANIFEST_SIG, report.sealed_by))


def _check_entry(entry: Any, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo],
                 policy: VerifyPolicy, report: ArchiveReport, listed: set[str]) -> None:
    path = str(entry.get("path", "")) if isinstance(entry, dict) else ""
    if not path or unsafe_name(path) or path in listed:
        report.problems.append(Finding("archive.manifest_malformed", path))
        return
    listed.add(path)
    if path not in members:
        report.problems.append(Finding("archive.missing_file", path))
        return
    content: bytes | None = None  # the decision's, read whole to verify its seal
    if entry.get("role") == "decision":
        content = _read(zf, members[path], report)
        digest = _sha256(content) if content is not None else None
    else:
        digest = _streamed_sha256(zf, members[path], report)
    if digest is None:
        return  # too large or unreadable: said by the reading
    if digest != entry.get("sha256"):
        report.problems.append(Finding("archive.hash_mismatch", path))
        return
    if content is not None:
        result = verify_pdf(content, policy)
        report.decision, report.decision_path = result, path
        for code in result.problems:
            report.problems.append(Finding(code, path))
        for code in result.warnings:
            report.warnings.append(Finding(code, path))
        named = decision_case_code(content)
        if named != report.case_code:  # a package filed under another case than its decision's
            report.problems.append(Finding("archive.case_mismatch", path, named))


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, report: ArchiveReport) -> bytes | None:
    """A member read whole (the decision, the manifest, its seal), or None with the
    finding why: larger than such a member is, or damaged. A damaged member raised
    out of ``verify_archive``: the desk's fetch never ended, the CLI said "unexpected"."""
    if info.file_size > MAX_READ_BYTES:
        report.problems.append(Finding("archive.too_large", info.filename))
        return None
    try:
        return zf.read(info)
    except _UNREADABLE as exc:
        _unreadable(report, info, exc)
        return None


def _streamed_sha256(zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                     report: ArchiveReport) -> str | None:
    """A member's SHA-256 as it streams: a material of a gigabyte is not held in memory."""
    digest = hashlib.sha256()
    try:
        with zf.open(info) as member:
            while chunk := member.read(1024 * 1024):
                digest.update(chunk)
    except _UNREADABLE as exc:
        _unreadable(report, info, exc)
        return None
    return digest.hexdigest()


def _unreadable(report: ArchiveReport, info: zipfile.ZipInfo, exc: BaseException) -> None:
    report.problems.append(Finding("archive.unreadable_file", info.filename, type(exc).__name__))


def _check_manifest_seal(manifest: bytes, signature: bytes, policy: VerifyPolicy,
                         report: ArchiveReport) -> None:
    try:
        signed_data = cms.ContentInfo.load(signature)["content"]
        in_force: Callable[[str], ValidationContext] = functools.partial(
            _context, policy, signed_data)
        status = _validate_cms(manifest, signed_data, policy, in_force)
        proven = proven_time(status.timestamp_validity, ())
        carried = _with_carried(policy, signed_data)
        cert = status.signing_cert
        judged_at, revoked = judging_time(status, proven, policy.at, lambda at: _validate_cms(
            manifest, signed_data, policy, past_context(carried, None, cert, at)),
            carried.parsed_crls)
        if judged_at is not None:  # expired since, or revoked after: judged at the proven time
            in_force = past_context(carried, None, cert, judged_at)
            status = _validate_cms(manifest, signed_data, policy, in_force)
    except BROKEN_SIGNATURE as exc:  # unreadable CMS is as good as a broken seal
        report.problems.append(Finding("archive.manifest_tampered", MANIFEST_SIG,
                                       type(exc).__name__))
        return
    except Exception as exc:  # noqa: BLE001 - a fault of ours is "not checked", not tampering
        _log.error("checking the archive's seal failed", exc_info=exc)
        report.problems.append(Finding("verify.check_failed", MANIFEST_SIG, type(exc).__name__))
        return
    report.sealed_by = subject_organisation(status.signing_cert)
    if not (status.intact and status.valid):
        report.problems.append(Finding("archive.manifest_tampered", MANIFEST))
        return
    if policy.signer and not same_organisation(report.sealed_by, policy.signer):
        report.problems.append(Finding("verify.wrong_signer", MANIFEST_SIG, report.sealed_by))
    report.certificate_judged_at = judged_at.isoformat() if judged_at else ""
    found = judge_certificate(status, policy, lambda: _validate_cms(
        manifest, signed_data, policy, in_force, "require"), at=judged_at,
        revoked=revoked, proven=proven)
    report.revocation = found.revocation
    if revoked is not None:
        report.revoked_at, report.revocation_reason = revoked.at.isoformat(), revoked.reason
        report.invalidity_date = revoked.invalid_since.isoformat() if revoked.invalid_since \
            else ""
        report.revocation_case = revoked.case(proven)
    if found.code:
        (report.problems if found.problem else report.warnings).append(
            Finding(found.code, MANIFEST_SIG, found.detail))
    tst = status.timestamp_validity
    if tst is None:
        (report.problems if policy.require_timestamp else report.warnings).append(
            Finding("verify.awaiting_timestamp", MANIFEST_SIG))
    elif tst.intact and tst.valid and tst.trusted:
        report.timestamp = tst.timestamp.isoformat()
    else:
        report.problems.append(Finding("verify.timestamp_invalid", MANIFEST_SIG))


def _context(policy: VerifyPolicy, signed_data: Any, mode: str) -> ValidationContext:
    """As of the policy's time, with the CRLs given and those the package carries."""
    return ValidationContext(trust_roots=list(policy.trust_roots),
                             allow_fetching=policy.allow_fetching,
                             revocation_mode=mode, moment=policy.moment,
                             retroactive_revinfo=policy.moment is not None,  # as verify's
                             crls=[*policy.parsed_crls, *_carried_crls(signed_data)])


def _with_carried(policy: VerifyPolicy, signed_data: Any) -> VerifyPolicy:
    """``policy`` with the package's CRLs among those given: what ``past_context``
    sifts for the ones of the certificate's time (the PDF's come from its DSS)."""
    carried = tuple(bytes(c.dump()) for c in _carried_crls(signed_data))
    return replace(policy, crls=(*policy.crls, *carried))


def _validate_cms(manifest: bytes, signed_data: Any, policy: VerifyPolicy,
                  signer_context: Callable[[str], ValidationContext],
                  mode: str = "soft-fail") -> Any:
    return asyncio.run(async_validate_detached_cms(
        manifest, signed_data, signer_validation_context=signer_context(mode),
        ts_validation_context=_context(policy, signed_data, "soft-fail")))
