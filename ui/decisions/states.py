"""The desk's words for a decision's state, and the question before issuing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from backoffice import messages
from backoffice.decisions import jobs, sealing
from backoffice.decisions.desk import DeskDecision
from backoffice.domain.model import Case, DecisionStatus
from backoffice.signing.revocation_words import RevokedSeal, revocation_words
from backoffice.signing.verify import Revocation, VerificationResult
from ui.inbox.detail_text import local_time
from ui.widgets.question import final_question


def copyable_verdict(label: QLabel) -> None:
    """A verdict's words (the sealed document's, the archive package's) selectable and
    copyable by mouse and from the keyboard: Tab reaches it (Qt gives a label selectable
    by keyboard only ClickFocus), Ctrl+A, Ctrl+C. What the administrator is told."""
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def state_text(state: str) -> str:
    return {
        "draft": QCoreApplication.translate("DecisionDesk", "Draft"),
        "submitted": QCoreApplication.translate("DecisionDesk", "Submitted, awaiting seal"),
        # Offline, the job's last error says so ("Last attempt: …"): no promise here.
        "awaiting_seal": QCoreApplication.translate("DecisionDesk", "Seal requested: the request goes to the platform's signing service"),
        "pending": QCoreApplication.translate("DecisionDesk", "Sealing by the platform's signing service…"),
        "awaiting_timestamp": QCoreApplication.translate("DecisionDesk", "Sealed locally, awaiting timestamp"),
        "ready": QCoreApplication.translate("DecisionDesk", "Sealed and timestamped, being sent"),
        "sent": QCoreApplication.translate("DecisionDesk", "Sealed, sent to the platform"),
        "signed": QCoreApplication.translate("DecisionDesk", "Sealed, being recorded"),
        "sealed": QCoreApplication.translate("DecisionDesk", "Sealed"),
        "issued": QCoreApplication.translate("DecisionDesk", "Issued to the applicant"),
        "refused": QCoreApplication.translate("DecisionDesk", "The signing service refused"),
        "failed": QCoreApplication.translate("DecisionDesk", "The signing service failed; seal again"),
    }.get(state, state)


def list_state(state: str) -> str:
    """A case's decision in the case list: a word or two, so the signer sees what waits."""
    if state in jobs.OPEN:
        return QCoreApplication.translate("DecisionDesk", "Being sealed")
    return {
        "draft": QCoreApplication.translate("DecisionDesk", "Draft"),
        "submitted": QCoreApplication.translate("DecisionDesk", "Awaiting seal"),
        "sealed": QCoreApplication.translate("DecisionDesk", "Sealed"),
        "issued": QCoreApplication.translate("DecisionDesk", "Issued"),
        # No decision kept for the case: said, so every row has its state line.
        "": QCoreApplication.translate("DecisionDesk", "No decision yet"),
    }.get(state, "")


def shown_state(current: DeskDecision) -> str:
    """The state the desk shows: a seal the platform's service has made, not yet
    back with the sync, reads as sealed and never invites a second seal."""
    return jobs.SIGNED if sealed_unrecorded(current) else current.seal_state


def sealed_unrecorded(current: DeskDecision) -> bool:
    """Signed by the platform, the decision not yet ``sealed`` in the store: the next
    sync round brings it. (A local seal needs no such care: its queued
    ``decision.seal`` reads as sealed here at once.)"""
    job = current.job
    return (job is not None and job.state == jobs.SIGNED
            and current.decision.status == DecisionStatus.SUBMITTED)


def unquoted(text: str) -> str:
    """A typed or pasted path without its surrounding quotes: Windows' "Copy as path"
    puts them there, and no file name starts and ends with one."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def case_line(case: Case, state: str) -> str:
    """A case in the desk's list: its code, applicant and its decision's state."""
    return "\n".join(t for t in (case.case_code, case.applicant.name, list_state(state)) if t)


def job_words(code: str, base_url: str, department: str, lang: str) -> str:
    """A seal job's error: a job keeps only the code, the usual params are filled in."""
    from urllib.parse import urlsplit

    host = urlsplit(base_url).hostname or ""
    if code == sealing.OUT_OF_STEP:
        # A job of an earlier version kept the bare code; its params are gone.
        code = sealing.NOT_TAKEN
    return messages.render_code(code, {
        "host": host, "department": department, "retry_after": "…", "reason": "…",
        "signer": "…", "since": "…", "until": "…", "decision": "", "sha256": "",
        "provider": department}, lang)


def missing_words(code: str | None, reason: Callable[[str], str]) -> tuple[str, bool | None]:
    """A sealed document made elsewhere and not here: why, and whether that is a warning.

    ``code``: what the last fetch ran into (None: none tried yet, or offline),
    ``reason`` its words. The document comes with a sync either way; only
    bytes that were not the document are worth a warning.
    """
    if code == "files.hash_mismatch":
        return QCoreApplication.translate(
            "DecisionDesk", "The sealed document downloaded from the platform was not the one "
            "recorded for this decision (its SHA-256 differs): it was refused and discarded. "
            "Nothing else changed; it is downloaded again with the next sync."), False
    if code is None or code in sealing.RECONNECT_ERRORS:
        return QCoreApplication.translate(
            "DecisionDesk", "The sealed document is not downloaded yet: it is fetched with the "
            "next sync."), None
    return QCoreApplication.translate(
        "DecisionDesk", "The sealed document could not be downloaded: {reason} It is tried "
        "again with the next sync.").format(reason=reason(code)), None


def desk_reason(code: str, params: dict[str, str], lang: str) -> str:
    """A verification finding in the desk's words. The catalog's sentences for these
    two end with what to give the command line (``--crl``, ``--trust ROOT.pem``):
    the desk has no such place, it keeps what the platform gives it."""
    if code == "verify.revocation_unknown":
        return QCoreApplication.translate(
            "DecisionDesk", "No revocation information was found for the seal certificate: "
            "the platform's revocation list (CRL) kept on this workstation does not cover it, "
            "or none is kept yet. The list is brought from the platform when the desk is "
            "opened while the platform is reachable; check again then.")
    if code == "verify.no_trust_roots":
        return QCoreApplication.translate(
            "DecisionDesk", "The platform's root certificate is not kept on this workstation "
            "yet, so no seal can be checked. It is brought from the platform when the desk is "
            "opened while the platform is reachable; check again then.")
    return messages.render_code(code, params, lang)


def revocation_lines(seals: Iterable[RevokedSeal], lang: str) -> str:
    """Each revoked seal certificate: when, why, and whether that undoes the seal, in the
    command line's words (``verify``), with the desk's times; "" when none is revoked."""
    return "\n".join(words for words in (
        revocation_words(seal, lang, lambda value: local_time(value, seconds=True) or "-")
        for seal in seals) if words)


def verification_words(result: VerificationResult, lang: str) -> str:
    """What the desk says of a sealed document's verification."""
    seals = [r for r in result.signatures if r.kind == "seal"]
    revoked = revocation_lines(seals, lang)
    if result.ok:
        seal = seals[0] if seals else None
        who = seal.signer if seal is not None else ""
        stamp = local_time(seal.timestamp, seconds=True) if seal is not None else ""
        if result.revocation == Revocation.REVOKED_AFTER_SEAL:
            # "Not revoked" would be untrue: it is, only too late to undo the seal.
            text = QCoreApplication.translate(
                "DecisionDesk", "Seal verified: intact and trusted. Its certificate has been "
                "revoked since, but that does not undo this seal (see below). Sealed by {who}."
            ).format(who=who)
        else:
            text = QCoreApplication.translate(
                "DecisionDesk", "Seal verified: intact, trusted, not revoked. Sealed by {who}."
            ).format(who=who)
        if stamp:
            text += "\n" + QCoreApplication.translate(
                "DecisionDesk", "Timestamp: {time}").format(time=stamp)
        judged = local_time(seal.certificate_judged_at, seconds=True) \
            if seal is not None and seal.certificate_judged_at else ""
        if judged:
            # "Trusted" alone reads as a certificate in force today: it is not.
            text += "\n" + QCoreApplication.translate(
                "DecisionDesk", "Its certificate has expired since. It was judged as of {time}, "
                "the time the timestamp proves the seal was made; the seal stays valid."
            ).format(time=judged)
        if result.awaiting_timestamp:
            text += "\n" + QCoreApplication.translate(
                "DecisionDesk", "Awaiting timestamp: it is added when the platform is reachable.")
        return text + ("\n" + revoked if revoked else "")
    if result.problems == [sealing.BAD_ROOT]:
        # Our trust is broken, not the document: no warning against it.
        return QCoreApplication.translate(
            "DecisionDesk", "The seal could not be checked.") + "\n" + desk_reason(
            sealing.BAD_ROOT, {}, lang)
    reasons = "\n".join(desk_reason(code, {}, lang) for code in result.problems)
    return QCoreApplication.translate(
        "DecisionDesk", "WARNING: this document's seal is NOT valid. Do not use it; it cannot be "
        "issued.") + "\n" + reasons + ("\n" + revoked if revoked else "")


def issue_question(parent: QWidget, case: Case, delivery: str) -> QMessageBox:
    """Issuing cannot be taken back: asked once more (not yet open), Cancel the default;
    ``delivery``: how it reaches the applicant, in words."""
    return final_question(
        parent, name="issueConfirmation",
        title=QCoreApplication.translate("DecisionDesk", "Issue to the applicant"),
        text=QCoreApplication.translate(
            "DecisionDesk", "Issue the sealed decision on case {case} to {applicant}?").format(
            case=case.case_code, applicant=case.applicant.name),
        consequence=delivery + "\n" + QCoreApplication.translate(
            "DecisionDesk", "The applicant receives it; an issued decision cannot be taken back."),
        action=QCoreApplication.translate("DecisionDesk", "Issue"))
