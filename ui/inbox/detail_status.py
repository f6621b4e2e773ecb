"""What the task detail says of who has the task and where its last command is.

Read with the snapshot, on the detail's worker thread: whether the person
coordinates the department (the staff list the sync keeps, roles included)
and the most telling state of the task's commands in the outbox — the same
ranking as the inbox row's "Last action" (a conflict tells most).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from backoffice.domain.errors import DomainError
from backoffice.domain.model import Material
from backoffice.domain.opinion_readiness import check_items_not_in_draft, unverdicted
from backoffice.domain.states import TaskStatus
from backoffice.store.outbox import OutboxEntry
from ui.inbox.detail_data import DetailSession, Snapshot, load
from ui.inbox.detail_text import safe
from ui.inbox.list_rows import is_coordinator, may_take
from ui.inbox.roles import may_review, role_tip
from ui.inbox.stopped_words import stopped_line

_TELLING = ("conflict", "refused", "sent", "pending")

# The most telling state of the task's commands, its error code and that code's details.
Outbox = tuple[str, str | None, Mapping[str, object] | None]


class Loaded(NamedTuple):
    snapshot: Snapshot | None
    coordinator: bool
    outbox: Outbox | None
    reviews: bool = True  # the person's roles allow review work (ui.inbox.roles)


def read(session: DetailSession, task_id: str, following: tuple[str, ...] = ()) -> Loaded:
    """The task and its state; ``following``: the last action's commands, whatever their
    record (an extension's request is the case's): the message tells where they are,
    confirmed once they left the outbox. A refusal of the task's commands tells most.
    """
    snapshot = load(session.store, session.files, session.account, task_id)
    with session.store.read() as uow:
        entries = uow.outbox.entries(entity="review_task", entity_id=task_id)
        followed = list(uow.outbox.get_many(following).values())
    return Loaded(snapshot, is_coordinator(session.store, session.account.username),
                  most_telling(followed, entries, following=bool(following)),
                  may_review(session.store, session.account.username))


def most_telling(followed: Iterable[OutboxEntry], others: Iterable[OutboxEntry] = (), *,
                 following: bool = True) -> Outbox | None:
    """Where the ``followed`` commands are (``others``' when not ``following``), for
    :func:`outbox_text`; a conflict or refusal among ``others`` (the record's other
    commands) tells too. None: none of them is in the outbox any more. The planner
    follows its commands with it as well.
    """
    record = {e.state.value: (e.last_error, e.error_details) for e in others}
    mine = {e.state.value: (e.last_error, e.error_details) for e in followed}
    stopped = {s: e for s, e in {**record, **mine}.items() if s in ("conflict", "refused")}
    states = {**(mine if following else record), **stopped}
    telling = next((s for s in _TELLING if s in states), None)
    return None if telling is None else (telling, *states[telling])


def takes_verdicts(s: Snapshot, me: str) -> bool:
    """Whether a verdict on the task's materials would be taken from the person."""
    return not verdict_waits(s, me)


def verdict_waits(s: Snapshot, me: str) -> str:
    """Why a verdict would not be taken from the person ("" when it would).

    The rule of :func:`backoffice.domain.commands.check_verdict_taker`, which
    the platform enforces: the verdicts are the holder's while the task is in
    review. Items added to the draft notice leave it in review.
    """
    status = s.task.status
    if status == TaskStatus.UNCLAIMED:
        return QCoreApplication.translate(
            "TaskDetail", "Claim the task before recording verdicts; nothing was queued.")
    if status == TaskStatus.IN_REVIEW and s.task.assignee != me:
        return QCoreApplication.translate(
            "TaskDetail", "{holder} has this task: only they record verdicts on its materials; "
            "nothing was queued.").format(holder=_holder(s))
    if status == TaskStatus.AWAITING_APPLICANT:
        return QCoreApplication.translate(
            "TaskDetail", "The notice went to the applicant: verdicts wait for the corrections; "
            "nothing was queued.")
    if status == TaskStatus.SUSPENDED:
        return QCoreApplication.translate(
            "TaskDetail", "The clock is suspended for a special procedure: verdicts wait until "
            "it is resumed; nothing was queued.")
    if status == TaskStatus.OPINION_GIVEN:
        return QCoreApplication.translate(
            "TaskDetail", "The opinion is given; reopen the review to change a verdict. Nothing "
            "was queued.")
    if status != TaskStatus.IN_REVIEW:
        return QCoreApplication.translate(
            "TaskDetail", "This task takes no more verdicts; nothing was queued.")
    return ""


def _holder(s: Snapshot) -> str:
    """The task's holder as colleagues read them: name (user name) when the name is known."""
    holder = s.task.assignee or ""
    known = {c.username: c.display_name for c in s.colleagues}
    return f"{safe(known[holder])} ({safe(holder)})" if known.get(holder) else safe(holder)


def opinion_waits(s: Snapshot, reviews: bool = True) -> str:
    """Why the opinion cannot be given, in the reviewer's words ("" when it can).

    The state machine takes it only from a task in review: pressed in any
    other state, the button got its refusal, steps and states in quotes.
    """
    if not reviews:
        return role_tip(reviews)
    status = s.task.status
    if status == TaskStatus.UNCLAIMED:
        return QCoreApplication.translate(
            "TaskDetail", "Claim the task first to give the opinion."
        )
    if status == TaskStatus.AWAITING_APPLICANT:
        return QCoreApplication.translate(
            "TaskDetail", "You can give the opinion when the applicant's corrections are in."
        )
    if status == TaskStatus.SUSPENDED:
        return QCoreApplication.translate(
            "TaskDetail", "The clock is suspended for a special procedure: resume it first."
        )
    if status == TaskStatus.OPINION_GIVEN:
        return QCoreApplication.translate(
            "TaskDetail", "The opinion is given; reopen the review to change it."
        )
    if status != TaskStatus.IN_REVIEW:
        return ""
    return unrecorded_checks(s.materials) or items_in_draft(s)


def items_in_draft(s: Snapshot) -> str:
    """Why the opinion waits for the department's items in the draft notice ("" if none).

    The rule of :func:`backoffice.domain.opinion_readiness.check_items_not_in_draft`
    (6.9, 9.3.3), which the platform and the store enforce too.
    """
    try:
        check_items_not_in_draft(s.task, s.notices)
    except DomainError as exc:
        names = exc.params.get("materials")
        listed = names if isinstance(names, list) else []
        separator = QCoreApplication.translate("TaskDetail", ", ")
        return QCoreApplication.translate(
            "TaskDetail",
            "The department's items for {materials} wait in the draft correction notice: the "
            "opinion follows the applicant's corrections. Give it once the lead department has "
            "issued the notice and the corrections are in, or has dropped these items.",
        ).format(materials=separator.join(safe(str(n)) for n in listed))
    return ""


def unrecorded_checks(materials: Iterable[Material]) -> str:
    """Why the opinion waits for the department's own verdicts ("" when every check has one).

    The rule of :mod:`backoffice.domain.opinion_readiness` (9.5.1), which the
    platform and the store enforce too: said here before the button is pressed.
    """
    waiting = unverdicted(materials)
    if not waiting:
        return ""
    separator = QCoreApplication.translate("TaskDetail", ", ")
    return QCoreApplication.translate(
        "TaskDetail",
        "Checks without a verdict on {count} of the department's materials: {materials}. "
        "Record a verdict on each check before giving the opinion (a failed check is one too).",
    ).format(count=len(waiting), materials=separator.join(safe(m.name) for m in waiting))


def holder_tip(s: Snapshot, me: str, coordinator: bool, reviews: bool = True) -> str:
    """Why Release and Hand over are disabled ("" when they are not for that reason)."""
    if not reviews:
        return role_tip(reviews)
    if may_take(s.task.assignee, me, coordinator):
        return ""
    return QCoreApplication.translate(
        "TaskDetail",
        "{holder} has this task; only a coordinator can release it or hand it over.",
    ).format(holder=_holder(s))


def outbox_text(outbox: Outbox | None, lang: str, following: bool) -> str | None:
    """The message for the task's last command after a reload; None leaves the message.

    A stopped command is always said, headed as the inbox and the conflict list head it
    (:mod:`ui.inbox.stopped_words`); otherwise only a message that already follows the
    command (``following``) is brought up to date.
    """
    state, error, details = outbox or (None, None, None)
    if state in ("conflict", "refused"):
        return QCoreApplication.translate(
            "TaskDetail", "{stopped} The conflict list has the details."
        ).format(stopped=stopped_line(state, error, lang, details))
    if not following:
        return None
    if state == "pending":
        return QCoreApplication.translate("TaskDetail", "Queued — sent at the next sync.")
    if state == "sent":
        return QCoreApplication.translate("TaskDetail", "Sent, awaiting the platform.")
    return QCoreApplication.translate("TaskDetail", "Applied by the platform.")
