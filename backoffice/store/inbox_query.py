"""The inbox's query and row types: plain values, no SQLAlchemy.

What the list asks for (:class:`TaskQuery`, its order :class:`TaskSort`,
the :class:`QuickFilter` buttons and what "mine" and "due soon" mean now,
:class:`QuickContext`), what comes back (:class:`TaskListRow`), and where a
page starts by key (:class:`Start`, :class:`KeyHistogram`). Kept apart from
the statements (:mod:`.inbox`, :mod:`.inbox_views`) so the inbox can build
its widgets — search box, filter bar, headers — before SQLAlchemy is
imported: importing this module costs about a millisecond, the store about
half a second (``python -X importtime``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus
from backoffice.domain.model import CaseKind
from backoffice.domain.states import CASE_PAST_REVIEW, CaseStatus, TaskStatus

# At run time, not only for the type checker: the kept first page decodes
# TaskListRow with msgspec, which resolves its annotations (plain Python, no
# SQLAlchemy: the start-up's first paint stays free of it).
from backoffice.store.reason_details import Detail

# The inbox list reads and caches rows by pages of this many; the page kept
# for start-up (store/kept_page.py) is the first of them.
PAGE_SIZE = 200


class TaskSort(enum.StrEnum):
    STEP_DUE = "step_due"  # the task's own step deadline (platform's, else estimated)
    CASE_DUE = "case_due"  # the case's deadline (platform's, else estimated)
    ACCEPTED_AT = "accepted_at"
    CASE_CODE = "case_code"
    STATUS = "status"


# Orders by a date some tasks lack: those come last, by id, in both directions.
NULLABLE_SORTS = frozenset({TaskSort.STEP_DUE, TaskSort.CASE_DUE})


@dataclass(frozen=True, slots=True)
class TaskQuery:
    """What the inbox shows: one department, optional filters, one order."""

    department_code: str
    statuses: frozenset[TaskStatus] = frozenset()  # empty: every status
    assignee: str | None = None
    unassigned: bool = False
    step_due_on_or_before: dt.date | None = None  # effective step deadline
    case_kind: CaseKind | None = None
    # Cases with deferred materials not supplied by this date (容缺 follow-up).
    deferred_outstanding_on: dt.date | None = None
    text: str = ""  # full-text search, same rules as the search box
    sort: TaskSort = TaskSort.STEP_DUE
    descending: bool = False


class StepClock(enum.StrEnum):
    """Whether a review task's step deadline is counting, by :func:`step_clock`.

    One rule for the list's badge, the task detail and the quick filters
    (:mod:`.inbox_quick` puts it in SQL), so that no task is red in one and
    missing from "Overdue" in another.
    """

    RUNNING = "running"  # can be due soon or overdue
    STOPPED = "stopped"  # nobody is late while the clock stands still
    DONE = "done"  # the department's part is over: its date is history, no warning


# The step clock runs unless the case's is stopped. A task awaiting the
# applicant is one of them: the applicant's time stops the case's clock from
# the day the notice is issued, and then its dates move on by that time
# (docs/deadlines.md); until then the notice is a draft, and the days the
# departments take to send it are theirs (行政许可法 Art. 32: within 5 days).
# A task suspended for a special procedure too: it waits with the case while
# the case's clock stands, but a procedure begun after the deadline stops
# nothing (the case's ``clock_stopped`` stays off), and the step stays overdue.
STEP_RUNNING = frozenset(
    {TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
     TaskStatus.SUSPENDED}
)


def step_clock(status: str, case_clock_stopped: bool, *, case_ended: bool) -> StepClock:
    """The step clock of a task in ``status`` on a case whose clock is stopped or not.

    On an ended case (:data:`CASE_ENDED`) every step is done: a task reopened
    after the decision works on nobody's clock, and a red "overdue" there would
    be false. A suspended task is stopped only with its case's clock.
    """
    if case_ended:
        return StepClock.DONE
    if status in STEP_RUNNING:
        return StepClock.STOPPED if case_clock_stopped else StepClock.RUNNING
    return StepClock.DONE  # opinion given, transferred, withdrawn


# Decided, reported, issued, not accepted, archived or withdrawn (past review), a
# case has ended here and its deadline is history: no count, no warning. The others
# are still being worked on: the applicant may withdraw them (CASE_MACHINE).
CASE_ENDED = frozenset(s.value for s in CASE_PAST_REVIEW)
CASE_OPEN = frozenset(s.value for s in CaseStatus) - CASE_ENDED

# The sealed decisions that complete a case here, on the day sealed (decided_on;
# issuing keeps it): a grant, a refusal, a refusal of acceptance. An escalation
# (上报) is not one: the upper-level authority decides.
COMPLETING_KINDS = frozenset(k.value for k in (
    DecisionKind.GRANT, DecisionKind.REFUSE, DecisionKind.REFUSE_ACCEPTANCE))
MADE = frozenset(s.value for s in (DecisionStatus.SEALED, DecisionStatus.ISSUED))


class CaseOutcome(enum.StrEnum):
    """How a case's deadline reads by its status and its decision, by :func:`case_outcome`."""

    OPEN = "open"  # counting: due soon, overdue, clock stopped …
    ON_TIME = "on_time"  # completed by the deadline
    LATE = "late"  # completed after it
    COMPLETED = "completed"  # ended, with no decision day in the store to judge by
    REPORTED = "reported"  # escalated: the upper-level authority decides
    WITHDRAWN = "withdrawn"


def completed_on(decisions: Iterable[Decision]) -> dt.date | None:
    """The day the case was completed: its first completing decision's (SQL: supervision)."""
    days = [d.decided_on for d in decisions
            if d.decided_on is not None and d.kind.value in COMPLETING_KINDS
            and d.status.value in MADE]
    return min(days, default=None)


def case_outcome(status: str, due: dt.date | None, completed: dt.date | None) -> CaseOutcome:
    """The case's deadline: counting, or history said as the case ended."""
    if status not in CASE_ENDED:
        return CaseOutcome.OPEN
    if status == CaseStatus.WITHDRAWN.value:
        return CaseOutcome.WITHDRAWN
    if completed is None:
        return CaseOutcome.REPORTED if status == CaseStatus.REPORTED.value \
            else CaseOutcome.COMPLETED
    if due is None:
        return CaseOutcome.COMPLETED
    return CaseOutcome.ON_TIME if completed <= due else CaseOutcome.LATE


class QuickFilter(enum.StrEnum):
    MINE = "mine"
    UNCLAIMED = "unclaimed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_APPLICANT = "awaiting_applicant"
    CLOCK_STOPPED = "clock_stopped"
    CONFLICTS = "conflicts"


@dataclass(frozen=True, slots=True)
class QuickContext:
    """Who is asking and on which day: what "mine" and "due soon" mean now.

    ``soon_until``: the last day that still counts as due soon (today plus
    the warning threshold in working days, computed by the caller with the
    work calendar).
    """

    me: str
    today: dt.date
    soon_until: dt.date


@dataclass(frozen=True, slots=True)
class OtherTask:
    """Another department's task on the same case (the synchronized review)."""

    department_code: str
    department_name: str
    status: str
    assignee: str | None


@dataclass(frozen=True, slots=True)
class TaskListRow:
    """Everything one row of the inbox shows, as the store has it."""

    task_id: str
    case_code: str
    status: str
    assignee: str | None
    step_due: dt.date | None  # effective: the platform's, else the estimate
    step_due_platform: dt.date | None
    step_due_estimate: dt.date | None
    case_due: dt.date | None  # effective
    case_due_platform: dt.date | None
    case_due_estimate: dt.date | None
    case_due_differs: bool
    case_due_provisional: bool
    clock_stopped: bool
    case_status: str  # an ended one (CASE_ENDED): its deadline is history
    service_item: str
    applicant: str
    accepted_at: dt.datetime | None
    deferred_outstanding: int
    deferred_next_due: dt.date | None
    others: tuple[OtherTask, ...]
    outbox_state: str | None  # the most telling state of the task's own commands
    outbox_error: str | None
    # What the error's sentence needs, as kept (backoffice.store.reason_details):
    # pairs, so the row stays hashable and a page kept before them still reads.
    outbox_error_details: tuple[tuple[str, Detail], ...] = ()


@dataclass(frozen=True, slots=True)
class Start:
    """Where a page starts, by the list's key instead of by position (keyset paging).

    ``value`` is the sort key's value; ``task_id`` the task just before the
    page (``None``: from the first task with ``value``); then ``skip`` more
    tasks are passed over. With a date order, ``value=None`` means the
    undated tasks, which come last, by id.
    """

    value: Any
    task_id: str | None = None
    skip: int = 0


def sort_value(row: TaskListRow, sort: TaskSort) -> Any:
    return {
        TaskSort.STEP_DUE: row.step_due,
        TaskSort.CASE_DUE: row.case_due,
        TaskSort.ACCEPTED_AT: row.accepted_at,
        TaskSort.CASE_CODE: row.case_code,
        TaskSort.STATUS: row.status,
    }[sort]


def start_after(row: TaskListRow, sort: TaskSort, skip: int = 0) -> Start | None:
    """The start of the tasks after ``row`` (None: no key to seek by, use an offset)."""
    value = sort_value(row, sort)
    if value is None and sort not in NULLABLE_SORTS:
        return None
    return Start(value, row.task_id, skip)


@dataclass(frozen=True, slots=True)
class KeyHistogram:
    """How many tasks each value of a date order has, in the list's order.

    One GROUP BY over the department's index (~30–60 ms at 200,000 tasks);
    with it any position becomes a :class:`Start` that seeks to its date and
    skips within that date only, so a jump deep into the list reads about a
    page, not every row before it.
    """

    groups: tuple[tuple[Any, int], ...]
    undated: int

    @property
    def total(self) -> int:
        return sum(n for _, n in self.groups) + self.undated

    def start_at(self, offset: int) -> Start:
        for value, n in self.groups:
            if offset < n:
                return Start(value, None, offset)
            offset -= n
        return Start(None, None, offset)


def histogram_helps(query: TaskQuery) -> bool:
    """Whether a key histogram answers for this query (a date order, no search)."""
    return query.sort in NULLABLE_SORTS and not query.text.strip()
