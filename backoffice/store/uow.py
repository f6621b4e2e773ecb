"""One unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.orm import Session

from backoffice.domain.calendar import WorkCalendar, default_calendar
from backoffice.domain.inspections import InspectionPart, InspectionRequest
from backoffice.domain.model import (
    Case,
    CorrectionNotice,
    Decision,
    Department,
    Extension,
    Inspection,
    Material,
    ServiceItem,
    SpecialProcedure,
)
from backoffice.domain.notes import Comment, Notification
from backoffice.store import mapping, search
from backoffice.store.cases import CaseRepository
from backoffice.store.deadline_columns import DeadlineKeeper
from backoffice.store.inbox import TaskRepository
from backoffice.store.mapping import E, Entity, EntitySpec
from backoffice.store.outbox import OutboxRepository
from backoffice.store.quarantine import QuarantineRepository
from backoffice.store.repositories import (
    DeferredMaterialRepository,
    Repository,
    SyncStateRepository,
)


class UnitOfWork:
    """Repositories sharing one transaction; made by ``Store.read``/``write``.

    ``calendar``: the work calendar of the deadline columns and of
    ``cases.deadline`` (default: ``default_calendar()``).
    """

    def __init__(self, session: Session, *, calendar: WorkCalendar | None = None) -> None:
        self.session = session
        # Writes to cases, tasks, special procedures, correction notices and
        # extensions keep the deadline columns in step through this, in the
        # same transaction.
        self.deadlines = DeadlineKeeper(session, calendar or default_calendar())
        keeper = self.deadlines
        self.departments: Repository[Department] = Repository(session, mapping.DEPARTMENTS)
        self.service_items: Repository[ServiceItem] = Repository(session, mapping.SERVICE_ITEMS)
        self.cases = CaseRepository(session, keeper)
        self.materials: Repository[Material] = Repository(session, mapping.MATERIALS)
        self.deferred_materials = DeferredMaterialRepository(session, mapping.DEFERRED_MATERIALS)
        self.tasks = TaskRepository(session, mapping.REVIEW_TASKS, keeper)
        self.correction_notices: Repository[CorrectionNotice] = Repository(
            session, mapping.CORRECTION_NOTICES, keeper
        )
        self.special_procedures: Repository[SpecialProcedure] = Repository(
            session, mapping.SPECIAL_PROCEDURES, keeper
        )
        self.extensions: Repository[Extension] = Repository(session, mapping.EXTENSIONS, keeper)
        self.inspections: Repository[Inspection] = Repository(session, mapping.INSPECTIONS)
        self.inspection_requests: Repository[InspectionRequest] = Repository(
            session, mapping.INSPECTION_REQUESTS
        )
        self.inspection_parts: Repository[InspectionPart] = Repository(
            session, mapping.INSPECTION_PARTS
        )
        self.decisions: Repository[Decision] = Repository(session, mapping.DECISIONS)
        self.comments: Repository[Comment] = Repository(session, mapping.COMMENTS)
        self.notifications: Repository[Notification] = Repository(session, mapping.NOTIFICATIONS)
        self.outbox = OutboxRepository(session)
        self.quarantine = QuarantineRepository(session)
        self.sync_state = SyncStateRepository(session)
        self._by_kind: dict[str, Repository[Any]] = {
            r.spec.kind: r
            for r in (
                self.departments,
                self.service_items,
                self.cases,
                self.materials,
                self.deferred_materials,
                self.tasks,
                self.correction_notices,
                self.special_procedures,
                self.extensions,
                self.inspections,
                self.inspection_requests,
                self.inspection_parts,
                self.decisions,
                self.comments,
                self.notifications,
            )
        }

    def repository(self, kind: str) -> Repository[Any]:
        """The repository of an entity kind (``"review_task"``, ``"case"`` …)."""
        return self._by_kind[kind]

    def repository_for(self, obj: E) -> Repository[E]:
        spec: EntitySpec[E] = mapping.spec_of(obj)
        return cast(Repository[E], self._by_kind[spec.kind])

    def search(self, text: str, *, limit: int = 100, offset: int = 0) -> list[Case]:
        """Cases matching ``text`` (see :mod:`.search`), newest first."""
        codes = search.search_case_codes(self.session, text, limit=limit, offset=offset)
        found = self.cases.get_many(codes)
        return [found[c] for c in codes if c in found]

    def search_count(self, text: str) -> int:
        return search.count(self.session, text)

    def get(self, kind: str, key: str) -> Entity | None:
        found: Entity | None = self._by_kind[kind].get(key)
        return found
