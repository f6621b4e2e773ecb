"""Verification of any signed PDF: one plain verdict, the reasons as codes, the details.

Checked for every signature (pyHanko's ``validate_pdf_signature`` with a
``ValidationContext`` of *our* trust roots, fetching off unless allowed):

- integrity — the signed bytes are unchanged and the signature value is right;
- coverage — the signature covers the whole document, or only revocation
  information, timestamps and further valid seals were added after it
  (:mod:`backoffice.signing.changes`);
- trust — the certificate chains to a configured root (not the system's), and
  was valid when it sealed (an expired or not yet valid one is told as such).
  A certificate that has expired since is judged at the time a trusted
  timestamp proves the seal was made (the signature timestamp, else the first
  document timestamp after it), with the revocation information issued while
  it was in force: a timestamped seal outlives its certificate, one without
  a trusted time does not (:mod:`backoffice.signing.proven_time`);
- revocation — a revoked certificate is rejected, unless revoked after the time
  a trusted timestamp proves the seal was made and not for a compromised key,
  or for one the CRL entry's invalidity date says was compromised only after
  that time (:class:`proven_time.Revoked`: the seal stays valid, with a
  warning); revocation information comes
  from the document (DSS), from CRL files given, or is fetched when allowed;
  when none is found the :class:`RevocationPolicy` decides (reject, warn, ignore);
- time — a signature or document timestamp must be valid and trusted; with
  none the document is *awaiting a timestamp* (``verify.awaiting_timestamp``,
  a warning, or a rejection when the policy requires a timestamp);
- signer — when the policy names the department that issues the document
  (``signer``), every seal's certificate must name it as its organisation:
  any department's certificate chains to the same root, so trust alone
  does not say *whose* seal it is (``verify.wrong_signer``).

Codes are ``verify.*`` and have words in both languages in
:mod:`backoffice.messages`; :meth:`VerificationResult.to_dict` is the JSON.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]  # no stubs
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from backoffice.signing.changes import SEALED_DIFF_POLICY, covers, trailing_bytes
from backoffice.signing.errors import SigningError
from backoffice.signing.proven_time import (
    Revoked,
    judging_time,
    known_crls,
    past_context,
    proven_time,
)
from backoffice.signing.providers import (
    same_organisation,
    subject_organisation,
    validity_problem,
)

_log = logging.getLogger(__name__)


class RevocationPolicy(enum.StrEnum):
    REQUIRE = "require"  # no revocation information → rejected
    WARN = "warn"  # → accepted, with verify.revocation_unknown as a warning
    IGNORE = "ignore"


class Verdict(enum.StrEnum):
    VALID = "valid"
    REJECTED = "rejected"


class Revocation(enum.StrEnum):
    """What is known of a certificate's revocation: "not revoked" is a claim only
    revocation information can make, so without it the answer is *unconfirmed*."""

    GOOD = "good"  # revocation information found, and the certificate is not on it
    REVOKED = "revoked"
    # On it, but revoked (and, per its invalidity date, invalid) only after the time
    # a trusted timestamp proves the seal was made, for a reason that leaves the
    # seal valid (proven_time.Revoked).
    REVOKED_AFTER_SEAL = "revoked_after_seal"
    UNCONFIRMED = "unconfirmed"  # none found (warn), not looked for (ignore), or no trust

    @property
    def revoked(self) -> bool | None:
        """The JSON's ``revoked``: None unless revocation information said either way."""
        return {Revocation.GOOD: False, Revocation.REVOKED: True,
                Revocation.REVOKED_AFTER_SEAL: True}.get(self)


@dataclass(frozen=True)
class CertificateFinding:
    """What :func:`judge_certificate` found: the revocation, and the finding to report."""

    revocation: Revocation = Revocation.UNCONFIRMED
    code: str = ""  # a verify.* code, "" for none
    problem: bool = False  # the code rejects; else it is a warning
    detail: str = ""


@dataclass(frozen=True)
class VerifyPolicy:
    """What a document is verified against. Its CRLs are parsed here, once: one that
    cannot be read is ``verify.bad_crl`` at once, never a seal found broken later."""

    trust_roots: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[bytes, ...] = ()  # extra CRLs (DER), e.g. downloaded by an administrator
    allow_fetching: bool = False
    missing_revocation: RevocationPolicy = RevocationPolicy.REQUIRE
    require_timestamp: bool = False
    signer: str = ""  # the issuing department's name, when known: every seal must be its
    # The time verification is made as of (aware); None: now. "Would it verify in
    # two years?" is a real question of an archive, and how the tests ask it.
    moment: dt.datetime | None = None
    parsed_crls: tuple[asn1_crl.CertificateList, ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parsed_crls", parse_crls(self.crls))

    @property
    def at(self) -> dt.datetime:
        return self.moment or dt.datetime.now(dt.UTC)


@dataclass
class SignatureReport:
    field_name: str
    kind: str  # "seal" or "document_timestamp"
    signer: str = ""
    subject: str = ""
    signed_at: str = ""  # the signer's own claim (not trusted time)
    timestamp: str = ""  # trusted time, when there is one
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revoked: bool | None = None  # None: not known (see ``revocation``), never "not revoked"
    revocation: Revocation = Revocation.UNCONFIRMED
    # When the certificate was judged at the time a timestamp proves, not now
    # (it has expired since): that time.
    certificate_judged_at: str = ""
    # When revocation information lists the certificate: when and why, since when it
    # is invalid (the CRL entry's invalidity date, if any), and which rule applied
    # (proven_time.Revoked.case): "after_proven_time" and
    # "compromised_after_proven_time" keep the seal valid.
    revoked_at: str = ""
    revocation_reason: str = ""
    invalidity_date: str = ""
    revocation_case: str = ""
    coverage: str = ""
    modification: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    detail: str = ""


@dataclass
class VerificationResult:
    verdict: Verdict
    problems: list[str]  # verify.* codes; empty when valid
    warnings: list[str]
    signatures: list[SignatureReport]

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def awaiting_timestamp(self) -> bool:
        return "verify.awaiting_timestamp" in self.warnings + self.problems

    @property
    def revocation(self) -> Revocation:
        """The seals' revocation taken together: good only when every seal's is; revoked
        after the seal when that is the worst said of one, the others' confirmed."""
        found = {s.revocation for s in self.signatures if s.kind == "seal"}
        if Revocation.REVOKED in found:
            return Revocation.REVOKED
        if found == {Revocation.GOOD}:
            return Revocation.GOOD
        if found == found & {Revocation.GOOD, Revocation.REVOKED_AFTER_SEAL}:
            return Revocation.REVOKED_AFTER_SEAL
        return Revocation.UNCONFIRMED

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "revocation": self.revocation.value,
            "problems": self.problems,
            "warnings": self.warnings,
            "signatures": [asdict(s) for s in self.signatures],
        }


def load_certificates(paths: Iterable[Path]) -> tuple[asn1_x509.Certificate, ...]:
    """Certificates from PEM or DER files (a PEM file may hold several)."""
    out: list[asn1_x509.Certificate] = []
    for path in paths:
        try:
            data = path.read_bytes()
            if pem.detect(data):
                out.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
            else:
                out.append(asn1_x509.Certificate.load(data))
            for cert in out:
                _ = cert.subject  # parse now: a bad file is told here
        except (OSError, ValueError) as exc:
            raise SigningError("verify.bad_trust_file", path=str(path)) from exc
    return tuple(out)


def parse_crl(data: bytes) -> asn1_crl.CertificateList:
    """A CRL from PEM or DER, read through (asn1crypto parses lazily: a certificate or
    any other DER sequence would load, and fail only deep inside a validation).

    :raises ValueError: ``data`` is not a CRL.
    """
    if pem.detect(data):
        kind, _, data = pem.unarmor(data)
        if kind != "X509 CRL":
            raise ValueError(f"PEM {kind}, not a CRL")
    try:
        crl = asn1_crl.CertificateList.load(data, strict=True)
        _ = crl.native
    except (ValueError, TypeError, KeyError) as exc:  # asn1crypto's ways of saying "not this"
        raise ValueError(f"not a CRL: {type(exc).__name__}") from exc
    return crl


def parse_crls(crls: Iterable[bytes]) -> tuple[asn1_crl.CertificateList, ...]:
    """The CRLs ``crls`` holds, or ``verify.bad_crl`` for one that cannot be read."""
    try:
        return tuple(parse_crl(der) for der in crls)
    except ValueError as exc:
        raise SigningError("verify.bad_crl") from exc


def read_crl_file(path: Path, data: bytes) -> bytes:
    """The DER of the CRL file ``path`` holds (``data``, PEM or DER), or ``verify.bad_crl_file``."""
    try:
        return bytes(parse_crl(data).dump())
    except ValueError as exc:
        raise SigningError("verify.bad_crl_file", path=str(path)) from exc


# What reading a damaged signature raises: asn1crypto's ValueError and TypeError,
# pyHanko's ValueError family (SignatureValidationError, CMSStructuralError…), its
# PdfError, and lookups of what is not there. These say the signature is broken;
# anything else is a fault of ours and must not be told as tampering.
BROKEN_SIGNATURE: tuple[type[Exception], ...] = (ValueError, TypeError, LookupError, PdfError)


def _rejected(code: str, detail: str = "") -> VerificationResult:
    report = SignatureReport(field_name="", kind="", problems=[code], detail=detail)
    return VerificationResult(Verdict.REJECTED, [code], [], [report] if detail else [])


def _context(policy: VerifyPolicy, dss: DocumentSecurityStore | None,
             mode: str = "soft-fail") -> ValidationContext:
    kwargs: dict[str, Any] = {
        "trust_roots": list(policy.trust_roots),
        "allow_fetching": policy.allow_fetching,
        "revocation_mode": mode,
        "crls": list(policy.parsed_crls),
        "moment": policy.moment,
        # Judged as of a past moment (verify --at), today's CRL speaks of it: its
        # entries carry their dates, and certvalidator counts only those before it.
        "retroactive_revinfo": policy.moment is not None,
    }
    if dss is not None:
        return dss.as_validation_context(kwargs)
    return ValidationContext(**kwargs)


def _iso(moment: dt.datetime | None) -> str:
    return moment.isoformat() if moment else ""


def verify_pdf(data: bytes, policy: VerifyPolicy) -> VerificationResult:
    """The verdict on ``data``: valid only if every seal is intact, covering, trusted, not revoked."""
    if not policy.trust_roots:
        return _rejected("verify.no_trust_roots")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a verdict, not a crash
        return _rejected("verify.unreadable", type(exc).__name__)
    seals = [s for s in embedded if s.sig_object_type == "/Sig"]
    stamps = [s for s in embedded if s.sig_object_type == "/DocTimeStamp"]
    if not seals:
        return _rejected("verify.unsigned")
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # noqa: BLE001 - no DSS is the usual case (B-B)
        dss = None

    stamp_reports = _check_stamps(stamps, policy, dss)
    # No seal covers what follows the last revision (see changes.trailing_bytes).
    appended = trailing_bytes(reader, data)
    # Latest first: a seal's coverage may rest on the co-seals after it.
    by_seal: dict[int, SignatureReport] = {}
    co_seals: set[str] = set()
    for sig in sorted(seals, key=lambda s: s.signed_revision, reverse=True):
        covered_by = [r for s, r in zip(stamps, stamp_reports, strict=True)
                      if s.signed_revision > sig.signed_revision and not r.problems]
        report = by_seal[id(sig)] = _check_seal(sig, policy, dss, covered_by, co_seals)
        if appended and "verify.not_whole_document" not in report.problems:
            report.problems.append("verify.not_whole_document")
            report.detail = report.detail or f"{appended} bytes after %%EOF"
        if _vouches(report):
            co_seals.add(report.field_name)
    reports = [by_seal[id(sig)] for sig in seals]
    problems = sorted({p for r in (*reports, *stamp_reports) for p in r.problems})
    warnings = sorted({w for r in reports for w in r.warnings} - set(problems))
    verdict = Verdict.REJECTED if problems else Verdict.VALID
    return VerificationResult(verdict, problems, warnings, [*reports, *stamp_reports])


def _check_stamps(stamps: Sequence[EmbeddedPdfSignature], policy: VerifyPolicy,
                  dss: DocumentSecurityStore | None) -> list[SignatureReport]:
    """The document timestamps, newest first: a trusted one proves when the older ones
    existed, so one whose authority's certificate has expired since is judged at that
    time (the B-LTA chain, renewed by a later timestamp: 9.8)."""
    reports: list[SignatureReport] = []
    proven: dt.datetime | None = None
    for sig in reversed(stamps):
        report = _check_stamp(sig, policy, dss, proven)
        if not report.problems and report.timestamp:
            proven = _when(report)
        reports.insert(0, report)
    return reports


def _check_stamp(sig: EmbeddedPdfSignature, policy: VerifyPolicy,
                 dss: DocumentSecurityStore | None, proven: dt.datetime | None) -> SignatureReport:
    report = SignatureReport(field_name=str(sig.field_name), kind="document_timestamp")
    try:
        _stamp_findings(report, sig, policy, dss, proven)
    except Exception as exc:  # noqa: BLE001 - a fault of ours: "not checked", not a verdict on it
        _unchecked(report, exc)
    return report


def _stamp_findings(report: SignatureReport, sig: EmbeddedPdfSignature, policy: VerifyPolicy,
                    dss: DocumentSecurityStore | None, proven: dt.datetime | None) -> None:
    context = _context(policy, dss)
    try:
        status = validate_pdf_timestamp(sig, validation_context=context)
        if proven is not None and _expired_since(status, policy):
            status = validate_pdf_timestamp(sig, validation_context=past_context(
                policy, dss, status.signing_cert, proven)("soft-fail"))
            report.certificate_judged_at = _iso(proven)
    except BROKEN_SIGNATURE as exc:
        report.problems.append("verify.timestamp_invalid")
        report.detail = type(exc).__name__
        return
    report.intact, report.valid, report.trusted = status.intact, status.valid, status.trusted
    report.timestamp = _iso(status.timestamp)
    report.signer = subject_organisation(status.signing_cert)
    if not (status.intact and status.valid):
        report.problems.append("verify.tampered")
    elif not status.trusted:
        report.problems.append("verify.timestamp_invalid")


def _unchecked(report: SignatureReport, exc: Exception) -> None:
    """An error that is not the signature's: the person is told the check failed here,
    never that the document was changed (that would send them after the wrong cause)."""
    _log.error("checking %s failed: %s", report.field_name or "a signature",
               type(exc).__name__, exc_info=exc)
    report.problems.append("verify.check_failed")
    report.detail = type(exc).__name__


def _vouches(report: SignatureReport) -> bool:
    """Whether a seal answers for the revisions it signed, so an earlier seal may
    accept them: intact, trusted, unrevoked and itself covering."""
    return (report.intact and report.valid and report.trusted
            and report.revocation != Revocation.REVOKED
            and not {"verify.tampered", "verify.not_whole_document",
                     "verify.check_failed"} & set(report.problems))


def _check_seal(sig: EmbeddedPdfSignature, policy: VerifyPolicy,
                dss: DocumentSecurityStore | None,
                covered_by: Sequence[SignatureReport], co_seals: AbstractSet[str]) -> SignatureReport:
    report = SignatureReport(field_name=str(sig.field_name), kind="seal")
    try:
        _seal_findings(report, sig, policy, dss, covered_by, co_seals)
    except Exception as exc:  # noqa: BLE001 - a fault of ours: "not checked", not a verdict on it
        _unchecked(report, exc)
    return report


def _seal_findings(report: SignatureReport, sig: EmbeddedPdfSignature, policy: VerifyPolicy,
                   dss: DocumentSecurityStore | None,
                   covered_by: Sequence[SignatureReport], co_seals: AbstractSet[str]) -> None:
    signer_context, stamp_context = _context(policy, dss), _context(policy, dss)
    try:
        status = validate_pdf_signature(sig, signer_context, stamp_context,
                                        diff_policy=SEALED_DIFF_POLICY)
    except BROKEN_SIGNATURE as exc:
        # A flipped byte inside the signature itself leaves CMS pyHanko cannot read.
        report.problems.append("verify.tampered")
        report.detail = type(exc).__name__
        return
    _fill(report, status)
    if not (status.intact and status.valid):
        report.problems.append("verify.tampered")
        return
    if policy.signer and not same_organisation(report.signer, policy.signer):
        report.problems.append("verify.wrong_signer")
    if not covers(status, co_seals):
        report.problems.append("verify.not_whole_document")
    stamped = [_when(r) for r in covered_by if r.timestamp]
    tst = _signature_timestamp(sig, status, policy, dss, stamped)
    in_force: Callable[[str], ValidationContext] = functools.partial(_context, policy, dss)
    proven = proven_time(tst, stamped)
    judged_at, revoked = judging_time(status, proven, policy.at, lambda at: validate_pdf_signature(
        sig, past_context(policy, dss, status.signing_cert, at)("soft-fail"),
        _context(policy, dss), skip_diff=True), known_crls(policy, dss))
    if judged_at is not None:
        in_force = past_context(policy, dss, status.signing_cert, judged_at)
        status = validate_pdf_signature(sig, in_force("soft-fail"), _context(policy, dss),
                                        skip_diff=True)
        report.trusted = status.trusted
        report.certificate_judged_at = _iso(judged_at)
    found = judge_certificate(status, policy, lambda: validate_pdf_signature(
        sig, in_force("require"), _context(policy, dss), skip_diff=True), at=judged_at,
        revoked=revoked, proven=proven)
    if revoked is not None:
        report.revoked_at, report.revocation_reason = _iso(revoked.at), revoked.reason
        report.invalidity_date = _iso(revoked.invalid_since)
        report.revocation_case = revoked.case(proven)
    report.revoked, report.revocation = found.revocation.revoked, found.revocation
    if found.code:
        (report.problems if found.problem else report.warnings).append(found.code)
        report.detail = found.detail or report.detail
    if tst is not None:
        if tst.valid and tst.trusted and tst.intact:
            report.timestamp = _iso(tst.timestamp)
        else:
            report.problems.append("verify.timestamp_invalid")
    elif covered_by:
        report.timestamp = covered_by[0].timestamp
    else:
        target = report.problems if policy.require_timestamp else report.warnings
        target.append("verify.awaiting_timestamp")


def _signature_timestamp(sig: EmbeddedPdfSignature, status: PdfSignatureStatus,
                         policy: VerifyPolicy, dss: DocumentSecurityStore | None,
                         stamped: Sequence[dt.datetime]) -> Any:
    """pyHanko's validation of the seal's signature timestamp (None: it has none); once
    its authority's certificate has expired, judged at the time the first later
    trusted document timestamp proves it existed."""
    tst = status.timestamp_validity
    if tst is None or not stamped or not _expired_since(tst, policy):
        return tst
    return validate_pdf_signature(sig, _context(policy, dss), past_context(
        policy, dss, tst.signing_cert, min(stamped))("soft-fail"),
        skip_diff=True).timestamp_validity


def judge_certificate(status: Any, policy: VerifyPolicy, strict: Callable[[], Any],
                      at: dt.datetime | None = None, revoked: Revoked | None = None,
                      proven: dt.datetime | None = None) -> CertificateFinding:
    """Revoked, untrusted, or how sure "not revoked" is: a PDF's seals and an
    archive manifest's seal alike, so the JSON's ``revocation`` means one thing.

    ``status``: pyHanko's validation in soft-fail revocation mode; ``strict``
    validates again in ``require`` mode (whether revocation information was
    found), asked only when the policy cares. ``at``: the time the certificate
    was judged at, when not the policy's (a time a timestamp proves).
    ``revoked``: the certificate's revocation as known, which ``status``, judged
    at the ``proven`` time, may not show (:func:`proven_time.judging_time`).
    """
    if status.revoked or (revoked is not None and not revoked.spares(proven)):
        return CertificateFinding(Revocation.REVOKED, "verify.revoked", problem=True)
    if not status.trusted:
        code, detail = trust_problem(status, at or policy.at)
        return CertificateFinding(code=code, problem=True, detail=detail)
    if revoked is not None:  # after the proven time, and no compromise before it
        return CertificateFinding(Revocation.REVOKED_AFTER_SEAL, "verify.revoked_after_seal")
    if policy.missing_revocation == RevocationPolicy.IGNORE:
        return CertificateFinding()
    if strict().trusted:
        return CertificateFinding(Revocation.GOOD)
    return CertificateFinding(code="verify.revocation_unknown",
                              problem=policy.missing_revocation == RevocationPolicy.REQUIRE)


def trust_problem(status: Any, at: dt.datetime | None = None) -> tuple[str, str]:
    """Why a signature's certificate is not trusted: a ``verify.*`` code and pyHanko's
    indication. An expired or not yet valid certificate is told as such: "does not
    chain to a trusted root" would send the person after the wrong cause. ``at``:
    the time the certificate was judged at (now if not given)."""
    indication = status.trust_problem_indic
    detail = str(getattr(indication, "name", indication or ""))
    # pyHanko does not always say so (a chain "general failure" for a certificate
    # not valid yet): the dates themselves decide.
    problem = validity_problem(status.signing_cert, at or dt.datetime.now(dt.UTC))
    if problem == "expired" or detail == "EXPIRED":
        return "verify.certificate_expired", detail
    if problem == "not_yet_valid" or detail == "NOT_YET_VALID":
        return "verify.certificate_not_yet_valid", detail
    return "verify.untrusted", detail


def _expired_since(status: Any, policy: VerifyPolicy) -> bool:
    """Whether a signature or timestamp is untrusted only as its certificate has expired
    since (intact and valid: a broken one is not worth judging in the past)."""
    return bool(status.intact and status.valid and not status.trusted
                and validity_problem(status.signing_cert, policy.at) == "expired")


def _when(report: SignatureReport) -> dt.datetime:
    return dt.datetime.fromisoformat(report.timestamp)


def _fill(report: SignatureReport, status: PdfSignatureStatus) -> None:
    report.intact, report.valid = status.intact, status.valid
    # Not ``revoked``: pyHanko's False also means "nothing said it was", which is
    # decided with the revocation policy in _seal_findings.
    report.trusted = status.trusted
    report.signer = subject_organisation(status.signing_cert)
    report.subject = str(status.signing_cert.subject.human_friendly)
    report.signed_at = _iso(status.signer_reported_dt)
    report.coverage = status.coverage.name if status.coverage else ""
    report.modification = status.modification_level.name if status.modification_level else ""

