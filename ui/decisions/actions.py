"""Which of the desk's actions are possible for the decision shown, and why not.

Every action that is off says why in its tooltip: a disabled button with an
empty tooltip left the signer guessing (QA: Issue after an offline local seal).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from backoffice.decisions import jobs
from backoffice.decisions.desk import DeskDecision
from backoffice.domain.model import DecisionStatus
from backoffice.signing.verify import VerificationResult
from ui.decisions.states import sealed_unrecorded


@dataclass(frozen=True, slots=True)
class DeskActions:
    can_save: bool
    can_submit: bool
    can_seal: bool
    can_issue: bool
    save_hint: str = ""
    seal_hint: str = ""
    issue_hint: str = ""


def desk_actions(current: DeskDecision | None, *, may_draft: bool, may_seal: bool,
                 sealing: bool, verification: VerificationResult | None) -> DeskActions:
    """``sealing``: a seal is being made on the worker; ``verification``: the shown sealed
    document's (None: not checked yet, or not here)."""
    # A draft saved while the departments were still reviewing is submitted
    # as it is, once the platform has it.
    saved_draft = current is not None and not current.queued and \
        current.decision.status == DecisionStatus.DRAFT
    can_seal = may_seal and current is not None and not sealing \
        and current.decision.status == DecisionStatus.SUBMITTED \
        and (current.job is None or current.job.replaceable) \
        and not sealed_unrecorded(current)
    verified = verification is not None and verification.ok
    can_issue = current is not None and current.seal_state == "sealed" and verified \
        and not current.queued
    return DeskActions(
        can_save=current is None and may_draft,
        can_submit=(current is None or saved_draft) and may_draft,
        can_seal=can_seal, can_issue=can_issue,
        save_hint="" if current is None and may_draft else _save_hint(current, may_draft),
        seal_hint="" if can_seal else _seal_hint(current, may_seal=may_seal, sealing=sealing),
        issue_hint="" if can_issue else _issue_hint(current, verification))


def _save_hint(current: DeskDecision | None, may_draft: bool) -> str:
    if not may_draft:
        return QCoreApplication.translate(
            "DecisionDesk", "Only a reviewer of the lead department drafts a decision.")
    if current is not None and current.decision.status == DecisionStatus.DRAFT:
        return QCoreApplication.translate(
            "DecisionDesk", "This draft is saved; submit it for sealing once it is on the "
            "platform.") if current.queued else QCoreApplication.translate(
            "DecisionDesk", "This draft is saved already.")
    return QCoreApplication.translate(
        "DecisionDesk", "This decision is submitted already: it is no longer edited here.")


def _seal_hint(current: DeskDecision | None, *, may_seal: bool, sealing: bool) -> str:
    if not may_seal:
        return QCoreApplication.translate("DecisionDesk", "Only a signer may seal a decision.")
    if sealing:
        return QCoreApplication.translate("DecisionDesk", "The seal is being made.")
    if current is None or current.decision.status == DecisionStatus.DRAFT:
        return QCoreApplication.translate(
            "DecisionDesk", "Only a decision submitted for sealing is sealed.")
    if current.decision.status in (DecisionStatus.SEALED, DecisionStatus.ISSUED) \
            or sealed_unrecorded(current):
        return QCoreApplication.translate("DecisionDesk", "This decision is sealed already.")
    return QCoreApplication.translate(
        "DecisionDesk", "A seal of this decision is under way: its state says how far it is.")


def _issue_hint(current: DeskDecision | None,
                verification: VerificationResult | None) -> str:
    if current is None or current.decision.status in (DecisionStatus.DRAFT,
                                                      DecisionStatus.SUBMITTED) \
            and (current.job is None or not current.job.open) \
            and not sealed_unrecorded(current):
        return QCoreApplication.translate(
            "DecisionDesk", "Only a sealed decision is issued: it is not sealed yet.")
    state = current.seal_state
    if current.decision.status == DecisionStatus.ISSUED:
        return QCoreApplication.translate(
            "DecisionDesk", "This decision is issued already.")
    if state == jobs.AWAITING_TIMESTAMP:
        return QCoreApplication.translate(
            "DecisionDesk", "Sealed on this workstation without its timestamp: it is "
            "timestamped and sent to the platform when the platform is reachable; issue "
            "once the platform has confirmed the seal.")
    if state in jobs.OPEN or sealed_unrecorded(current):
        return QCoreApplication.translate(
            "DecisionDesk", "The seal is not confirmed by the platform yet: issue once it is "
            "(with the next sync).")
    if current.queued:
        return QCoreApplication.translate(
            "DecisionDesk", "The seal goes up with the next sync: issue once the platform "
            "has confirmed it.")
    if verification is None:
        return QCoreApplication.translate(
            "DecisionDesk", "The sealed document is not here or not checked yet: issue once "
            "its seal is verified.")
    return QCoreApplication.translate(
        "DecisionDesk", "The seal of this document is not valid: it cannot be issued.")
