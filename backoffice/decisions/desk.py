"""The decision desk's service: what the form shows and does, without Qt.

Drafts are ``decision.draft`` commands in the outbox until the platform
confirms them, so a draft made offline shows here at once (from the
outbox) and goes up with the next sync. Everything returns plain
dataclasses; the UI calls it on its worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from backoffice.decisions import fetching, jobs
from backoffice.decisions.document import render, unprintable
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import SUPERSEDED, Sealer
from backoffice.domain import clock
from backoffice.domain.commands import Command, decision_draft
from backoffice.domain.decision_model import ONLINE
from backoffice.domain.decisions import (
    Finding,
    check_decision,
    check_issue,
    decision_id,
    delivery_of,
    number_kind,
)
from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.domain.model import Case, Decision, DecisionStatus, Department
from backoffice.signing.verify import VerificationResult
from backoffice.store.store import Store

_log = logging.getLogger("backoffice.decisions")
ROLES_KEY = "decisions.roles"  # the person's roles, kept for offline use
# Cases the desk lists by their state; any other case of the department is
# listed while it has a decision of the department under way (a draft).
DESK_STATES = ("deciding", "decided", "reported", "issued", "not_accepted")


# The sealed document, its verification, and why the last fetch did not bring it.
SealedDocument = tuple[bytes | None, VerificationResult | None, str | None]


@dataclass(frozen=True, slots=True)
class DeskDecision:
    """A decision as the desk shows it: the record, whether it is still queued, its seal job."""

    decision: Decision
    queued: bool = False  # drafted (or changed) here, not yet confirmed by the platform
    job: SealingJob | None = None

    @property
    def seal_state(self) -> str:
        """``awaiting_seal``, ``pending``, ``awaiting_timestamp`` … or the decision's status."""
        if self.job is not None and self.job.open:
            return self.job.state
        return self.decision.status.value

    @property
    def seal_error(self) -> str | None:
        """Why the last seal did not seal, while that still says where the decision stands.

        A refused or failed seal while the decision awaits one (seal again); a
        second seal not used while the decision is sealed by the first. Once
        the decision has moved on (sealed by another seal, issued) the
        sentence would only contradict the screen: the job keeps its error,
        and the log its line, but the desk no longer says it.
        """
        job = self.job
        if job is None or job.open or not job.error:
            return None
        status = self.decision.status
        if job.error == SUPERSEDED:
            return job.error if status == DecisionStatus.SEALED else None
        return job.error if status not in (DecisionStatus.SEALED, DecisionStatus.ISSUED) else None


@dataclass(frozen=True, slots=True)
class CaseContext:
    case: Case
    department: Department
    department_names: Mapping[str, str]
    departments: tuple[str, ...]


class DecisionDesk:
    def __init__(self, store: Store, sealer: Sealer, *, username: str,
                 roles: tuple[str, ...], department_code: str,
                 today: Callable[[], dt.date] = clock.today) -> None:
        self.store, self.sealer, self.today = store, sealer, today
        self.username, self.roles, self.department_code = username, roles, department_code

    @property
    def may_seal(self) -> bool:
        return "signer" in self.roles

    @property
    def may_draft(self) -> bool:
        return bool({"reviewer", "coordinator"} & set(self.roles))

    # --- reading -----------------------------------------------------------------------

    def context(self, case_code: str) -> CaseContext:
        with self.store.read() as uow:
            case = uow.cases.get(case_code)
            if case is None:
                raise DomainError("store.not_found", entity="case", id=case_code)
            tasks = uow.tasks.for_case(case_code)
            codes = tuple(sorted({case.lead_department} | {t.department_code for t in tasks}))
            found = uow.departments.get_many(codes)
        names = {c: d.name for c, d in found.items()}
        lead = found.get(case.lead_department) or Department(
            case.lead_department, case.lead_department, "-")
        return CaseContext(case, lead, names, codes)

    def cases(self, limit: int = 500) -> list[Case]:
        """The department's cases to decide or with a decision under way (lead only).

        By state (deciding … issued, not accepted), and whatever the state
        while the department has a decision not yet issued on it — a draft
        confirmed by the platform, or one still queued here (say a refusal of
        acceptance drafted on a case in review).
        """
        from sqlalchemy import or_, select

        from backoffice.store.schema import CaseRow, DecisionRow, table_of

        t, d = table_of(CaseRow), table_of(DecisionRow)
        queued = sorted({e.command.entity_id for e in self.store.pending_commands()
                         if e.command.kind == "decision.draft"})
        drafting = select(d.c.case_code).where(d.c.department_code == self.department_code,
                                               d.c.status != "issued")
        with self.store.read() as uow:
            rows = uow.session.execute(
                select(t).where(t.c.lead_department == self.department_code,
                                or_(t.c.status.in_(DESK_STATES), t.c.case_code.in_(drafting),
                                    t.c.case_code.in_(queued)))
                .order_by(t.c.due_date, t.c.case_code).limit(limit)).mappings().all()
            return uow.cases.hydrate(rows)

    def roles_from(self, roles: tuple[str, ...]) -> None:
        self.roles = roles

    def load_roles(self, client: Any) -> tuple[str, ...]:
        """The person's roles from the platform, kept for offline use (the kept ones
        offline); a signer's trust and reserved numbers are brought up to date too."""
        try:
            roles = tuple(client.me().roles)
            with self.store.write() as uow:
                uow.sync_state.set(ROLES_KEY, " ".join(roles))
        except BackofficeError:
            with self.store.read() as uow:
                return tuple((uow.sync_state.get(ROLES_KEY) or "").split())
        if "signer" in roles:
            # Each on its own: a damaged CRL from the platform (the one kept stays)
            # must not cost the signer the numbers reserved for sealing offline.
            for step in (self.sealer.refresh_trust, self.sealer.reserve_numbers):
                try:
                    step()
                except BackofficeError as exc:
                    _log.warning("decision desk: %s failed: %s", step.__name__, exc.code)
        return roles

    def decisions(self, case_code: str) -> list[DeskDecision]:
        with self.store.read() as uow:
            stored = uow.decisions.for_case(case_code)
        queued = [e.command for e in self.store.pending_commands()]
        out = [DeskDecision(d, queued=any(c.entity_id == d.id for c in queued),
                            job=jobs.get(self.store, d.id)) for d in stored]
        known = {d.id for d in stored}
        for c in queued:
            if c.kind == "decision.draft" and c.entity_id == case_code and \
                    decision_id(c.id) not in known:
                draft = decision_draft(c, self.department_code)
                out.append(DeskDecision(draft, queued=True, job=jobs.get(self.store, draft.id)))
        return out

    def states(self, case_codes: list[str]) -> dict[str, str]:
        """Each case's latest decision's :attr:`DeskDecision.seal_state` (none: left out)."""
        return {code: found[-1].seal_state for code in case_codes
                if (found := self.decisions(code))}

    def find(self, case_code: str, decision: str) -> DeskDecision:
        for d in self.decisions(case_code):
            if d.decision.id == decision:
                return d
        raise DomainError("decision.not_found", decision=decision)

    def check(self, decision: Decision, *, for_seal: bool = False,
              today: dt.date | None = None) -> tuple[Finding, ...]:
        with self.store.read() as uow:
            case = uow.cases.get(decision.case_code)
            if case is None:
                raise DomainError("store.not_found", entity="case", id=decision.case_code)
            tasks = uow.tasks.for_case(decision.case_code)
            notices = uow.correction_notices.for_case(decision.case_code)
            inspections = uow.inspections.for_case(decision.case_code)
        found = check_decision(decision, case, tasks=tasks, notices=notices,
                               inspections=inspections, today=today or self.today(),
                               for_seal=for_seal, calendar=self.store.calendar,
                               department_names=self.context(decision.case_code).department_names)
        return found + self._printable(decision)

    def _printable(self, decision: Decision) -> tuple[Finding, ...]:
        """A character no font has would be refused only at sealing: said now instead."""
        from backoffice.signing.fonts import describe

        ctx = self.context(decision.case_code)
        missing = unprintable(decision, ctx.case, ctx.department, issued_on=self.today(),
                              department_names=ctx.department_names,
                              case_departments=ctx.departments)
        if not missing:
            return ()
        return (Finding("document.unsupported_characters", {"chars": describe(missing)}),)

    def preview(self, decision: Decision, *, number: str | None = None) -> bytes:
        """The decision document (a draft until it has its number)."""
        ctx = self.context(decision.case_code)
        return render(decision, ctx.case, ctx.department, issued_on=self.today(),
                      number=number or decision.document_number,
                      department_names=ctx.department_names, case_departments=ctx.departments)

    def document(self, decision: Decision) -> bytes | None:
        """The sealed document from the file cache (None: not downloaded yet)."""
        sha = decision.document_sha256
        job = jobs.get(self.store, decision.id)
        if sha is None and job is not None:
            sha = job.document_sha256
        path = self.sealer.cache.path(sha) if sha else None
        return path.read_bytes() if path is not None else None

    def verify(self, decision: Decision) -> VerificationResult | None:
        data = self.document(decision)
        if data is None:
            return None
        return self.sealer.verify(data, signer=self.department_name(decision.department_code))

    def sealed(self, decision: Decision) -> SealedDocument:
        """The sealed document, its verification, and (when it is not here) why the last
        fetch did not bring it (None: not tried yet; the next sync does). An issued
        decision's document is fetched now, on opening (``fetching.fetch_opened``)."""
        data = self.document(decision)
        sha = decision.document_sha256
        if data is None and sha is not None and decision.status == DecisionStatus.ISSUED:
            fetching.fetch_opened(self.sealer, decision.id, sha, decision.department_code)
            data = self.document(decision)
        if data is None:
            return None, None, fetching.fetch_error(self.store, decision.id)
        return data, self.verify(decision), None

    def department_name(self, code: str) -> str:
        return fetching.department_name(self.store, code)

    # --- acting --------------------------------------------------------------------------

    def draft(self, case_code: str, fields: Mapping[str, Any], *, submit: bool) -> Decision:
        """Queue a ``decision.draft``; blocking findings refuse it (the first one is raised)."""
        with self.store.read() as uow:
            case = uow.cases.get(case_code)
        if case is None:
            raise DomainError("store.not_found", entity="case", id=case_code)
        payload = {**fields, "submit": submit}
        command = Command.new("decision.draft", case_code, case.version, payload,
                              author=self.username)
        draft = decision_draft(command, self.department_code)
        self._raise_blocking(self.check(draft))
        self.store.record_command(command)
        return draft

    def submit(self, decision: Decision) -> Decision:
        self._raise_blocking(self.check(decision))
        return self._command("decision.submit", decision, {})

    def seal_with_platform(self, decision: Decision) -> SealingJob:
        self._need_signer()
        self._raise_blocking(self.check(decision, for_seal=True))
        return self.sealer.seal_with_platform(decision.id)

    def seal_locally(self, decision: Decision, provider: Any) -> SealingJob:
        self._need_signer()
        self._raise_blocking(self.check(decision, for_seal=True))
        return self.sealer.seal_locally(
            decision.id, lambda number: self.preview(decision, number=number), provider,
            department=self.department_name(decision.department_code),
            kind=number_kind(decision.kind))

    def issue(self, decision: Decision, delivery: str = ONLINE, address: str = "") -> Decision:
        """Queue ``decision.issue``: only a document that verifies may go out, by
        ``delivery`` (one of ``DELIVERY_METHODS``; ``address``: a courier's, 9.7)."""
        payload = {"delivery": delivery, "delivery_address": address.strip()}
        delivery_of("decision.issue", payload)  # refused here as the platform would
        result = self.verify(decision)
        if result is None or not result.ok:
            raise DomainError("decision.not_verified", decision=decision.id)
        with self.store.read() as uow:
            case = uow.cases.get(decision.case_code)
        if case is None:
            raise DomainError("store.not_found", entity="case", id=decision.case_code)
        check_issue(decision, case)
        return self._command("decision.issue", decision, payload)

    def _command(self, kind: str, decision: Decision, payload: Mapping[str, Any]) -> Decision:
        with self.store.read() as uow:
            confirmed = uow.decisions.confirmed(decision.id)
        if confirmed is None:  # still a queued draft: the platform must have it first
            raise DomainError("decision.not_found", decision=decision.id)
        updated = self.store.record_command(Command.new(
            kind, decision.id, confirmed.version, dict(payload), author=self.username))
        assert isinstance(updated, Decision)
        return updated

    def _need_signer(self) -> None:
        if not self.may_seal:
            raise DomainError("decision.signer_only")

    @staticmethod
    def _raise_blocking(findings: tuple[Finding, ...]) -> None:
        for f in findings:
            if f.blocking:
                raise DomainError(f.code, **f.params)

