"""Cases, and the exact deadline of one case on a given day.

The stored deadline columns (:mod:`.deadline_columns`) serve lists: they do
not move while a special procedure runs. Where one case is shown — its
detail view, a badge's tooltip — :meth:`CaseRepository.deadline` gives the
exact answer for a day, projecting the deadline through a running special
procedure the way ``deadlines.due_date`` does with ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from backoffice.domain import clock
from backoffice.domain.deadline_status import DeadlineStatus, WarningThresholds, deadline_status
from backoffice.domain.deadlines import ReconciledDeadline
from backoffice.domain.model import Case
from backoffice.store.deadline_columns import DeadlineKeeper
from backoffice.store.mapping import CASES
from backoffice.store.repositories import Repository


@dataclass(frozen=True, slots=True)
class CaseDeadline:
    """A case's deadline as it stands on day ``on``.

    ``deadline.authoritative`` is the date to show (the platform's when it
    sent one); ``deadline.estimate`` is the engine's, projected through a
    running special procedure; ``deadline.differs`` marks a disagreement.
    ``status`` is the warning level of the inbox badge.

    ``provisional``: the date shown counted a calendar year nobody has
    published yet (2027 on, for the package), ours or the platform's (which
    would have sent the year had it known it). ``status.provisional`` is
    wider: the *remaining* working days crossed such a year.
    """

    case_code: str
    on: dt.date
    deadline: ReconciledDeadline
    status: DeadlineStatus

    @property
    def due(self) -> dt.date:
        return self.deadline.authoritative

    @property
    def provisional(self) -> bool:
        return self.deadline.provisional

    @property
    def clock_stopped(self) -> bool:
        return self.status.clock_stopped


class CaseRepository(Repository[Case]):
    def __init__(self, session: Session, deadlines: DeadlineKeeper) -> None:
        super().__init__(session, CASES, deadlines)
        self.deadlines = deadlines

    def stored(self, codes: Iterable[str]) -> set[str]:
        """Which of ``codes`` the store holds (one statement: asked for each pulled page)."""
        return set(self.session.connection().exec_driver_sql(
            "SELECT case_code FROM cases WHERE case_code IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(codes))),)).scalars())

    def deadline(
        self,
        case_code: str,
        *,
        on: dt.date | None = None,
        thresholds: WarningThresholds | None = None,
    ) -> CaseDeadline | None:
        """The exact deadline of ``case_code`` on day ``on`` (default: today in Shanghai).

        None for a case not in the store. Uses the store's calendar, and the
        effective rows (the person's pending work included), like the lists.
        """
        return self.deadlines_of([case_code], on=on, thresholds=thresholds).get(case_code)

    def deadlines_of(
        self,
        case_codes: Iterable[str],
        *,
        on: dt.date | None = None,
        thresholds: WarningThresholds | None = None,
    ) -> dict[str, CaseDeadline]:
        """:meth:`deadline` of many cases, their clocks read in one batch.

        The cases the store does not hold are left out.
        """
        day = clock.today() if on is None else on
        calendar = self.deadlines.calendar
        found = {}
        for code, case in self.deadlines.case_clocks(case_codes).items():
            reconciled = case.reconciled(calendar, as_of=day)
            status = deadline_status(
                reconciled.authoritative,
                day,
                thresholds=thresholds or WarningThresholds(),
                calendar=calendar,
                suspensions=case.suspensions,
                as_of=day,
            )
            found[code] = CaseDeadline(code, day, reconciled, status)
        return found
