"""The lead department's decision on a trainee's case, played by the live desk.

A trainee whose department is not the lead of a case gives its opinion and
then waits for the lead to decide: alone on the training platform, nobody
would, and the trainee would never see the end of the flow (decision, seal,
delivery). :class:`LeadDecisions` plays the lead department there, through
the platform's own commands and its signing service, as the decision desk
does: once the case is ``deciding`` (every opinion is in) one of the lead's
reviewers drafts the decision and submits it for its seal (a draft waiting
already is submitted instead); the lead's signer asks the signing service to
seal it (``POST /signing-requests``, then reading the request until it is
signed); once sealed, a reviewer of the lead issues it to the applicant.

Each step comes some minutes (:class:`~.live_colleagues.Pace`) after the desk
saw the step before it done. A step the platform refuses (an inspection
still open, a correction notice out) is tried again after as many minutes:
the platform's answer says when the case can go on.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from backoffice.api import convert, v1
from backoffice.domain import decision_model as dm
from backoffice.domain import decisions as dd
from backoffice.domain.cases import Case, CaseKind
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import DecisionKind, DecisionStatus
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.auth import User
from backoffice.sandbox.demo.texts import ESCALATION_REASON, GRANT_REASONS, OVERDUE_REASONS
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import Stored
from backoffice.sandbox.platform import Platform
from backoffice.sandbox.practice import _records, _Refused, _reviewer, _run

if TYPE_CHECKING:
    from backoffice.sandbox.live_colleagues import Pace

Event = tuple[str, str]
Due = Callable[[tuple[str, str], tuple[int, int], dt.datetime], bool]
# Where the lead decides: every opinion in, or sealed and not yet issued.
DECIDING = frozenset({CaseStatus.DECIDING.value, CaseStatus.DECIDED.value,
                      CaseStatus.REPORTED.value})
# How the applicant gets it: no address to post it to is known here.
_DELIVERIES = (dm.ONLINE, dm.WINDOW)


class Retries:
    """When the desk's people take a step again that the platform refused.

    Each refusal starts the step's minutes anew, so a step the platform will
    not take now is not sent again at every tick (each refusal is in the
    command log the trainee and the trainer read).
    """

    def __init__(self, due: Due) -> None:
        self._due = due
        # (record id, step) → how often the platform refused it
        self._refused: dict[tuple[str, str], int] = {}

    def due(self, id: str, step: str, minutes: tuple[int, int], now: dt.datetime) -> bool:
        return self._due((id, f"{step}:{self._refused.get((id, step), 0)}"), minutes, now)

    def refused(self, id: str, step: str) -> list[Event]:
        self._refused[(id, step)] = self._refused.get((id, step), 0) + 1
        return []


class LeadDecisions:
    """The lead's reviewers and signer deciding cases the trainee's department is on."""

    def __init__(self, platform: Platform, pace: Pace, due: Due, seed: int) -> None:
        self.platform, self.pace, self._due, self.seed = platform, pace, due, seed
        # decision id → its signing request (a new one after a refusal)
        self._requests: dict[str, str] = {}
        # keyed by the decision's id, or the case's for its drafting
        self._retries = Retries(due)

    def step(self, case: Stored, users: list[User], now: dt.datetime) -> list[Event]:
        lead = str(case.body["lead_department"])
        decisions = [d for d in _records(self.platform, case.id, "decision")
                     if d.department_code == lead]
        if any(d.body["status"] == DecisionStatus.ISSUED.value for d in decisions):
            return []
        sealed = next((d for d in decisions if d.body["status"] == DecisionStatus.SEALED.value),
                      None)
        if sealed is not None:
            return self._issue(sealed, users, lead, now)
        if case.body["status"] != CaseStatus.DECIDING.value:
            return []
        submitted = next((d for d in decisions
                          if d.body["status"] == DecisionStatus.SUBMITTED.value), None)
        if submitted is not None:
            return self._seal(submitted, users, lead, now)
        draft = next((d for d in decisions if d.body["status"] == DecisionStatus.DRAFT.value),
                     None)
        return self._draft(case, draft, users, lead, now)

    def _draft(self, case: Stored, draft: Stored | None, users: list[User], lead: str,
               now: dt.datetime) -> list[Event]:
        """A waiting draft submitted; else (or when it cannot be) one drafted and submitted."""
        if not self._retries.due(case.id, "decide", self.pace.decide, now):
            return []
        try:
            reviewer = _reviewer(users, lead, "")
            if draft is not None:
                try:
                    _run(self.platform, reviewer, "decision.submit", "decision", draft.id, {})
                    return [("colleague_submitted", draft.id)]
                except _Refused:
                    pass  # e.g. overdue with no reason given: drafted anew, with one
            _run(self.platform, reviewer, "decision.draft", "case", case.id,
                 self._payload(case))
        except _Refused:
            return self._retries.refused(case.id, "decide")
        return [("colleague_drafted", case.id)]

    def _payload(self, case: Stored) -> dict[str, Any]:
        """A grant (an escalation for a case the upper level decides), with the service
        item's legal basis, joint when more than one department reviewed."""
        domain = convert.to_domain(convert.parse_record(case.body))
        assert isinstance(domain, Case)
        today = self.platform.today()
        departments = {t.department_code for t in _records(self.platform, case.id, "review_task")
                       if t.body["status"] != TaskStatus.TRANSFERRED.value}
        pick = zlib.crc32(case.id.encode())
        payload: dict[str, Any] = {
            "kind": DecisionKind.GRANT.value, "reasons": GRANT_REASONS[pick % len(GRANT_REASONS)],
            "legal_basis": self._legal_basis(str(case.body["service_item_code"])),
            "joint": len(departments) > 1, "submit": True}
        if domain.kind == CaseKind.ESCALATED:
            _, latest = dd.report_by_range(domain, today)
            payload.update(kind=DecisionKind.ESCALATE.value, reasons=ESCALATION_REASON,
                           report_by=(latest or today).isoformat())
        due = domain.platform_due_date
        if due is not None and today > due:
            payload["overdue_reason"] = OVERDUE_REASONS[pick % len(OVERDUE_REASONS)]
        return payload

    def _legal_basis(self, item: str) -> str:
        c = db.catalog_entries.c
        with self.platform.engine.connect() as conn:
            body = conn.execute(select(c.body).where(c.code == item)).scalar()
        return str(json.loads(body).get("legal_basis", "")) if body else ""

    def _seal(self, decision: Stored, users: list[User], lead: str,
              now: dt.datetime) -> list[Event]:
        """The signer asks the signing service for the seal, then reads the request until
        the service has sealed (at the next ticks, as a client polls)."""
        signer = next((u for u in users if u.department_code == lead and "signer" in u.roles),
                      None)
        if signer is None:
            return []
        signing = self.platform.signing
        rid = self._requests.get(decision.id)
        try:
            if rid is None:
                if not self._retries.due(decision.id, "seal", self.pace.seal, now):
                    return []
                rid = str(uuid.uuid4())
                signing.create(signer, v1.SigningRequestIn(id=uuid.UUID(rid),
                                                           decision_id=decision.id))
                self._requests[decision.id] = rid
                return [("colleague_seal_asked", decision.id)]
            answer = signing.status(signer, rid)
        except (ApiError, BackofficeError):  # refused, or too many calls: later
            self._requests.pop(decision.id, None)
            return self._retries.refused(decision.id, "seal")
        if answer.status == "pending":
            return []
        del self._requests[decision.id]
        if answer.status != "signed":
            return self._retries.refused(decision.id, "seal")
        return [("colleague_sealed", decision.id)]

    def _issue(self, decision: Stored, users: list[User], lead: str,
               now: dt.datetime) -> list[Event]:
        if not self._retries.due(decision.id, "issue", self.pace.deliver, now):
            return []
        delivery = random.Random(f"{self.seed}:{decision.id}:delivery").choice(_DELIVERIES)
        try:
            _run(self.platform, _reviewer(users, lead, ""), "decision.issue", "decision",
                 decision.id, {"delivery": delivery})
        except _Refused:
            return self._retries.refused(decision.id, "issue")
        return [("colleague_issued_decision", decision.id)]
