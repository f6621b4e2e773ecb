"""How the inbox table words and colours its cells (columns, badges, dates).

Kept apart from the model so the model is only about rows and pages: a
cell's text and tooltip are plain functions of the row, the column, the
person's language and the results of the bulk actions taken in this session.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.store.inbox_query import TaskSort
from ui.inbox.detail_text import beijing
from ui.inbox.list_rows import Badge, InboxRow, ItemResult, Level, Outcome
from ui.inbox.stopped_words import stopped_line


class Column(enum.IntEnum):
    """The table's columns, in their order: the deadlines a reviewer sorts and
    scans by right after the case code (at 1366 px the last ones are off-screen)."""

    CASE_CODE = 0
    STEP_DUE = 1
    CASE_DUE = 2
    SERVICE_ITEM = 3
    APPLICANT = 4
    ACCEPTED = 5
    STATUS = 6
    ASSIGNEE = 7
    DEFERRED = 8
    OTHERS = 9
    RESULT = 10


# Saved views keep their hidden columns by number, with the number of the
# column order they were saved under (``SavedView.columns``; none: 1). A
# view saved under an older order hides the same columns under this one.
COLUMN_ORDER = 2
_OLDER_ORDERS: dict[int, tuple[Column, ...]] = {
    1: (Column.CASE_CODE, Column.SERVICE_ITEM, Column.APPLICANT, Column.ACCEPTED,
        Column.STEP_DUE, Column.CASE_DUE, Column.STATUS, Column.ASSIGNEE, Column.DEFERRED,
        Column.OTHERS, Column.RESULT),
}


def columns_of(numbers: tuple[int, ...], order: int) -> frozenset[Column]:
    """The columns that ``numbers`` meant under column order ``order``.

    An order this version does not know (a newer one's) means none: all
    columns shown rather than the wrong ones hidden.
    """
    if order == COLUMN_ORDER:
        return frozenset(Column(n) for n in numbers if 0 <= n < len(Column))
    older = _OLDER_ORDERS.get(order, ())
    return frozenset(older[n] for n in numbers if 0 <= n < len(older))


SORTS: dict[Column, TaskSort] = {
    Column.CASE_CODE: TaskSort.CASE_CODE,
    Column.ACCEPTED: TaskSort.ACCEPTED_AT,
    Column.STEP_DUE: TaskSort.STEP_DUE,
    Column.CASE_DUE: TaskSort.CASE_DUE,
    Column.STATUS: TaskSort.STATUS,
}

LEVEL_COLOURS: dict[Level, str] = {
    Level.DUE_SOON: "#fff1b8",  # yellow, as electronic supervision warns
    Level.DUE_TODAY: "#ffd591",
    Level.OVERDUE: "#ffb3b3",  # red
    Level.CLOCK_STOPPED: "#d9dee7",
}


def column_title(column: Column) -> str:
    return {
        Column.CASE_CODE: QCoreApplication.translate("InboxModel", "Case code"),
        Column.SERVICE_ITEM: QCoreApplication.translate("InboxModel", "Service item"),
        Column.APPLICANT: QCoreApplication.translate("InboxModel", "Applicant"),
        Column.ACCEPTED: QCoreApplication.translate("InboxModel", "Accepted"),
        Column.STEP_DUE: QCoreApplication.translate("InboxModel", "Step deadline"),
        Column.CASE_DUE: QCoreApplication.translate("InboxModel", "Case deadline"),
        Column.STATUS: QCoreApplication.translate("InboxModel", "Status"),
        Column.ASSIGNEE: QCoreApplication.translate("InboxModel", "Assignee"),
        Column.DEFERRED: QCoreApplication.translate("InboxModel", "Deferred materials"),
        Column.OTHERS: QCoreApplication.translate("InboxModel", "Other departments"),
        Column.RESULT: QCoreApplication.translate("InboxModel", "Last action"),
    }[column]


def badge_text(b: Badge, *, short: bool = False) -> str:
    """A deadline cell's words; ``short``: what a column too narrow for them shows (the
    count in "wd", which the header's tooltip explains; the whole in the cell's tooltip)."""
    if b.due is None:
        if b.level is Level.CLOCK_STOPPED:
            return QCoreApplication.translate("InboxModel", "Clock suspended")
        return ""
    day = b.due.isoformat()
    if short:
        text = _short_verdict(b, day)
    elif b.level is Level.CLOCK_STOPPED:
        text = QCoreApplication.translate("InboxModel", "{date} · clock suspended").format(date=day)
    elif b.level is Level.OVERDUE and b.remaining == -1:
        text = QCoreApplication.translate("InboxModel", "{date} · 1 working day late").format(
            date=day)
    elif b.level is Level.OVERDUE:
        text = QCoreApplication.translate("InboxModel", "{date} · {days} working days late").format(
            date=day, days=-b.remaining)
    elif b.level is Level.DUE_TODAY:
        text = QCoreApplication.translate("InboxModel", "{date} · due today").format(date=day)
    elif b.level is Level.NONE:
        text = day  # the step is done: its date is history, no count
    elif b.level is Level.DUE_SOON:
        # In words as the detail says it, not by the yellow alone: colour is lost to
        # some eyes and to screen readers.
        text = (QCoreApplication.translate("InboxModel", "{date} · 1 working day left · due soon")
                if b.remaining == 1 else
                QCoreApplication.translate("InboxModel", "{date} · {days} working days left · due soon"))
        text = text.format(date=day, days=b.remaining)
    elif b.remaining == 1:  # singular or plural by the number, no %n forms (the house rule)
        text = QCoreApplication.translate("InboxModel", "{date} · 1 working day left").format(
            date=day)
    else:
        text = QCoreApplication.translate("InboxModel", "{date} · {days} working days left").format(
            date=day, days=b.remaining)
    if b.provisional and not short:
        text += QCoreApplication.translate("InboxModel", " (provisional)")
    if b.differs:
        text = "≠ " + text
    return text


def _short_verdict(b: Badge, day: str) -> str:
    if b.level is Level.CLOCK_STOPPED:
        return QCoreApplication.translate("InboxModel", "{date} · suspended").format(date=day)
    if b.level is Level.OVERDUE:
        return QCoreApplication.translate("InboxModel", "{date} · {days} wd late").format(
            date=day, days=-b.remaining)
    if b.level is Level.DUE_TODAY:
        return QCoreApplication.translate("InboxModel", "{date} · today").format(date=day)
    if b.level is Level.NONE:
        return day
    if b.level is Level.DUE_SOON:
        return QCoreApplication.translate("InboxModel", "{date} · {days} wd · soon").format(
            date=day, days=b.remaining)
    return QCoreApplication.translate("InboxModel", "{date} · {days} wd left").format(
        date=day, days=b.remaining)


def deadline_heading_tooltip() -> str:
    return QCoreApplication.translate(
        "InboxModel", "Counted in working days (wd), statutory holidays excluded")


def widest_badge_texts(*, short: bool = False) -> list[str]:
    """Each wording of a deadline cell at its widest in the current language:
    two-digit counts and the mark of a date the estimate disputes (not
    "provisional": rare, and wide enough to push the other columns away)."""
    day, other = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
    return [badge_text(Badge(day, level, remaining, platform=day, estimate=other), short=short)
            for level, remaining in ((Level.OVERDUE, -99), (Level.NORMAL, 99),
                                     (Level.DUE_TODAY, 0), (Level.CLOCK_STOPPED, 0),
                                     (Level.DUE_SOON, 9))]


def badge_tooltip(b: Badge) -> str:
    lines = []
    if b.provisional:
        lines.append(QCoreApplication.translate("InboxModel", "Estimated on a calendar year not yet published."))
    if b.differs and b.platform is not None and b.estimate is not None:
        lines.append(QCoreApplication.translate("InboxModel", "Platform: {platform}; offline estimate: {estimate}.")
                     .format(platform=b.platform.isoformat(), estimate=b.estimate.isoformat()))
    elif b.platform is None and b.estimate is not None:
        lines.append(QCoreApplication.translate("InboxModel", "Offline estimate; the platform has sent no date yet."))
    return "\n".join(lines)


def result_text(row: InboxRow, lang: str, results: Mapping[str, ItemResult]) -> str:
    mine = results.get(row.task_id)
    if mine is not None and mine.outcome is Outcome.REFUSED:
        return QCoreApplication.translate("InboxModel", "Refused: {reason}").format(reason=mine.reason)
    state = row.data.outbox_state
    if state in ("conflict", "refused"):
        return stopped_line(state, row.data.outbox_error, lang, dict(row.data.outbox_error_details))
    if state == "pending":
        return QCoreApplication.translate("InboxModel", "Queued — sent at the next sync")
    if state == "sent":
        return QCoreApplication.translate("InboxModel", "Sent, awaiting the platform")
    if mine is not None:
        return QCoreApplication.translate("InboxModel", "Applied by the platform")
    return ""


def cell_text(row: InboxRow, column: Column, lang: str, results: Mapping[str, ItemResult],
              names: Mapping[str, str] | None = None) -> str:
    """``names``: the department's staff, login → display name (the last sync's list)."""
    d = row.data
    if column is Column.CASE_CODE:
        return d.case_code
    if column is Column.SERVICE_ITEM:
        return d.service_item
    if column is Column.APPLICANT:
        return d.applicant
    if column is Column.ACCEPTED:
        return beijing(d.accepted_at)
    if column is Column.STEP_DUE:
        return badge_text(row.step)
    if column is Column.CASE_DUE:
        return badge_text(row.case)
    if column is Column.STATUS:
        return messages.term(d.status, lang)
    if column is Column.ASSIGNEE:
        # A person by name; the login is in the tooltip. Not in the list (before the first
        # sync, or gone from the department): the login, which is all there is.
        return (names or {}).get(d.assignee or "") or d.assignee or ""
    if column is Column.DEFERRED:
        return str(d.deferred_outstanding) if d.deferred_outstanding else ""
    if column is Column.OTHERS:
        if not d.others:
            return ""
        done = sum(o.status == "opinion_given" for o in d.others)
        return QCoreApplication.translate("InboxModel", "{done}/{total} opinions in").format(
            done=done, total=len(d.others))
    return result_text(row, lang, results)


def cell_tooltip(row: InboxRow, column: Column, lang: str, results: Mapping[str, ItemResult],
                 names: Mapping[str, str] | None = None) -> str:
    d = row.data
    if column is Column.STEP_DUE:
        return badge_tooltip(row.step)
    if column is Column.CASE_DUE:
        return badge_tooltip(row.case)
    if column is Column.DEFERRED and d.deferred_next_due is not None:
        return QCoreApplication.translate("InboxModel", "Earliest promised by {date}").format(
            date=d.deferred_next_due.isoformat())
    if column is Column.OTHERS:
        # Through tr: Chinese puts a full-width colon and brackets.
        return "\n".join(
            QCoreApplication.translate("InboxModel", "{department}: {state} ({user})").format(
                department=o.department_name, state=messages.term(o.status, lang),
                user=o.assignee) if o.assignee else
            QCoreApplication.translate("InboxModel", "{department}: {state}").format(
                department=o.department_name, state=messages.term(o.status, lang))
            for o in d.others)
    if column in (Column.RESULT, Column.SERVICE_ITEM, Column.APPLICANT):
        return cell_text(row, column, lang, results)
    if column is Column.ASSIGNEE and d.assignee and (names or {}).get(d.assignee):
        return d.assignee
    return ""
