"""The inbox list's work off the GUI thread: queries, pages, badges, bulk commands.

No Qt here on purpose: every function runs on a worker thread of
``ui.background.Background`` (a store read or write per call) and returns
plain, frozen values the GUI thread then shows. The table model
(:mod:`ui.inbox.model`) never touches the store itself.

Importing this module imports no SQLAlchemy (``backoffice.store.inbox_query``
holds the plain types): the list paints its skeleton before the store is
open, and the statements (:mod:`backoffice.store.inbox_views`) are imported
by the first read, on the worker thread.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.deadline_status import WarningLevel, WarningThresholds, deadline_status
from backoffice.domain.errors import BackofficeError
from backoffice.store.deadline_values import disputed
from backoffice.store.inbox_query import (
    CASE_ENDED,
    PAGE_SIZE,
    KeyHistogram,
    QuickContext,
    QuickFilter,
    Start,
    StepClock,
    TaskListRow,
    TaskQuery,
    TaskSort,
    step_clock,
)

if TYPE_CHECKING:
    from backoffice.store import Store


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the list shows: the store's query plus the quick filters toggled on."""

    query: TaskQuery
    quick: frozenset[QuickFilter] = frozenset()

    def with_text(self, text: str) -> ListQuery:
        return replace(self, query=replace(self.query, text=text))

    def with_sort(self, sort: TaskSort, descending: bool) -> ListQuery:
        return replace(self, query=replace(self.query, sort=sort, descending=descending))

    def with_quick(self, quick: frozenset[QuickFilter]) -> ListQuery:
        return replace(self, quick=quick)


def quick_context(me: str, calendar: WorkCalendar, due_soon_days: int,
                  today: dt.date | None = None) -> QuickContext:
    day = clock.today() if today is None else today
    soon = calendar.add_working_days(day, due_soon_days) if due_soon_days > 0 else day
    return QuickContext(me=me, today=day, soon_until=soon)


class Level(enum.StrEnum):
    """The badge's colour: the warning levels plus "provisional calendar"."""

    NORMAL = WarningLevel.NORMAL.value
    DUE_SOON = WarningLevel.DUE_SOON.value
    DUE_TODAY = WarningLevel.DUE_TODAY.value
    OVERDUE = WarningLevel.OVERDUE.value
    CLOCK_STOPPED = WarningLevel.CLOCK_STOPPED.value
    NONE = "none"  # no deadline known


@dataclass(frozen=True, slots=True)
class Badge:
    """A deadline as the list shows it: date, working days left, level, flags."""

    due: dt.date | None
    level: Level
    remaining: int = 0
    provisional: bool = False
    # The engine's offline estimate differs from the platform's date.
    platform: dt.date | None = None
    estimate: dt.date | None = None
    # The case's clock_stopped column: the stored estimate leaves the running stop out.
    stop_running: bool = False

    @property
    def differs(self) -> bool:
        return disputed(self.platform, self.estimate, stop_running=self.stop_running)


def badge(due: dt.date | None, today: dt.date, calendar: WorkCalendar,
          thresholds: WarningThresholds, *, clock_stopped: bool = False,
          provisional: bool = False, platform: dt.date | None = None,
          estimate: dt.date | None = None, stop_running: bool = False) -> Badge:
    if due is None:
        return Badge(None, Level.CLOCK_STOPPED if clock_stopped else Level.NONE)
    status = deadline_status(due, today, thresholds=thresholds, calendar=calendar)
    level = Level.CLOCK_STOPPED if clock_stopped else Level(status.level.value)
    return Badge(due, level, status.remaining, provisional or status.provisional,
                 platform, estimate, stop_running)


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One row of the table: the store's row and its two badges."""

    data: TaskListRow
    step: Badge
    case: Badge

    @property
    def task_id(self) -> str:
        return self.data.task_id


def rows_of(found: list[TaskListRow], today: dt.date, calendar: WorkCalendar,
            thresholds: WarningThresholds) -> list[InboxRow]:
    # A page has a few dozen distinct deadlines for its 200 rows: each badge
    # (working days counted in the calendar) is computed once per page.
    badges: dict[tuple[Any, ...], Badge] = {}

    def cached(due: dt.date | None, clock_stopped: bool, provisional: bool,
               platform: dt.date | None, estimate: dt.date | None,
               stop_running: bool) -> Badge:
        key = (due, clock_stopped, provisional, platform, estimate, stop_running)
        found_badge = badges.get(key)
        if found_badge is None:
            found_badge = badges[key] = badge(
                due, today, calendar, thresholds, clock_stopped=clock_stopped,
                provisional=provisional, platform=platform, estimate=estimate,
                stop_running=stop_running)
        return found_badge

    def history(b: Badge) -> Badge:
        return replace(b, level=Level.NONE)

    out = []
    for r in found:
        # The step clock's one rule (the quick filters' too): stopped while the
        # task waits or the case's clock stands; once the department's part is
        # over, or the case has ended, its date is history, not a warning (a red
        # "overdue" on a task that gave its opinion in time would be false).
        ended = r.case_status in CASE_ENDED
        state = step_clock(r.status, r.clock_stopped, case_ended=ended)
        step = cached(r.step_due, state is StepClock.STOPPED, False,
                      r.step_due_platform, r.step_due_estimate, r.clock_stopped)
        if state is StepClock.DONE:
            step = history(step)
        case = cached(r.case_due, r.clock_stopped, r.case_due_provisional,
                      r.case_due_platform, r.case_due_estimate, r.clock_stopped)
        if ended:  # decided, issued, withdrawn …: the detail says how it ended
            case = history(case)
        out.append(InboxRow(r, step, case))
    return out


@dataclass(frozen=True)
class Reader:
    """Reads for one person's list; called on a worker thread.

    Each read imports the statements (:mod:`backoffice.store.inbox_views`)
    itself: they bring SQLAlchemy, which the list's first paint does not
    wait for.
    """

    store: Store
    department_code: str
    me: str
    due_soon_days: int = 1
    today: dt.date | None = None  # fixed in tests; None: today in Shanghai

    def context(self) -> QuickContext:
        return quick_context(self.me, self.store.calendar, self.due_soon_days, self.today)

    def count(self, lq: ListQuery) -> int:
        from backoffice.store import inbox_views as views
        with self.store.read() as uow:
            return views.count(uow.session, lq.query, lq.quick, self.context())

    def ids(self, lq: ListQuery, offset: int, limit: int) -> list[str]:
        from backoffice.store import inbox_views as views
        with self.store.read() as uow:
            return views.page_ids(uow.session, lq.query, lq.quick, self.context(),
                                  limit=limit, offset=offset)

    def page(self, lq: ListQuery, page: int, size: int = PAGE_SIZE,
             start: Start | None = None) -> list[InboxRow]:
        """Page ``page``; with ``start`` found by its key (keyset), not by offset."""
        from backoffice.store import inbox_views as views

        ctx = self.context()
        with self.store.read() as uow:
            ids = views.page_ids(uow.session, lq.query, lq.quick, ctx,
                                 limit=size, offset=page * size, start=start)
            found = views.page_rows(uow.session, ids, self.department_code)
        thresholds = WarningThresholds(self.due_soon_days)
        return rows_of(found, ctx.today, self.store.calendar, thresholds)

    def histogram(self, lq: ListQuery) -> KeyHistogram | None:
        from backoffice.store import inbox_views as views
        with self.store.read() as uow:
            return views.key_histogram(uow.session, lq.query, lq.quick, self.context())

    def first(self, lq: ListQuery, size: int = PAGE_SIZE) -> tuple[int, bool, list[InboxRow]]:
        """The count (capped: ``False`` when it means "more than COUNT_CAP") and the
        first page, read together."""
        from backoffice.store import inbox_views as views

        ctx = self.context()
        with self.store.read() as uow:
            total, exact, ids = views.first_page(uow.session, lq.query, lq.quick, ctx,
                                                 limit=size)
            found = views.page_rows(uow.session, ids, self.department_code)
        thresholds = WarningThresholds(self.due_soon_days)
        return total, exact, rows_of(found, ctx.today, self.store.calendar, thresholds)

    def counts(self, lq: ListQuery) -> dict[QuickFilter, int]:
        from backoffice.store import inbox_views as views
        with self.store.read() as uow:
            return views.quick_counts(uow.session, lq.query, self.context())


class Outcome(enum.StrEnum):
    QUEUED = "queued"  # in the outbox, waiting for the platform
    REFUSED = "refused"  # refused here (the state machine) or by the platform


@dataclass(frozen=True, slots=True)
class ItemResult:
    task_id: str
    outcome: Outcome
    reason: str = ""  # worded with backoffice.messages, in the person's language


@dataclass(frozen=True)
class BulkAction:
    """One command kind for many tasks: claim, release or transfer."""

    kind: str  # "task.claim", "task.release", "task.transfer"
    payload: dict[str, Any] = field(default_factory=dict)


def takes_claim(kind: str, payload: Mapping[str, Any]) -> bool:
    """Release and hand-over take the task from whoever has claimed it."""
    return kind == "task.release" or (
        kind == "task.transfer" and payload.get("to_user") is not None)


def may_take(assignee: str | None, me: str, coordinator: bool) -> bool:
    """A reviewer lets go of their own claim only; a colleague's is a coordinator's call.

    The platform's rule (``task.claimed_by_other``), checked here too
    (:func:`require_own_claim`) so the person hears it at once instead of after
    the next sync.
    """
    return not assignee or assignee == me or coordinator


def is_coordinator(store: Store, me: str) -> bool:
    """Whether the department's user list (kept by the sync) gives ``me`` the role."""
    # Imported here, on the worker: the list's first paint imports no store.
    from backoffice.sync.colleagues import cached

    return any(c.username == me and "coordinator" in c.roles for c in cached(store))


def require_own_claim(store: Store, me: str, task_id: str) -> None:
    """Refuse to take a colleague's claimed task (not a coordinator's check: the caller
    asks :func:`is_coordinator` first), naming the holder and the case as the store's
    own check does (``task.held_by_colleague``): a task's id and a login say nothing."""
    # Imported here, on the worker: the list's first paint imports no store.
    from backoffice.store.task_rules import held_by_colleague

    with store.read() as uow:
        task = uow.tasks.get(task_id)
        if task is not None and not may_take(task.assignee, me, False):
            raise held_by_colleague(uow, task)


def run_bulk(store: Store, action: BulkAction, task_ids: list[str], author: str,
             lang: str) -> list[ItemResult]:
    """Queue ``action`` for each task, one transaction each (worker thread).

    One transaction per task, not one for all: a refusal of one (the state
    machine, a task gone, a colleague's claim) must not undo the others.
    """
    guarded = takes_claim(action.kind, action.payload) and not is_coordinator(store, author)
    results = []
    for task_id in task_ids:
        try:
            if guarded:
                require_own_claim(store, author, task_id)
            store.queue(action.kind, task_id, action.payload, author=author)
        except BackofficeError as exc:
            results.append(ItemResult(task_id, Outcome.REFUSED, messages.render(exc, lang)))
        else:
            results.append(ItemResult(task_id, Outcome.QUEUED))
    return results
