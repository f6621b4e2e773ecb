"""A stopped command is headed for what it is, alike in the inbox, the task detail and the
conflict list: a conflict as a conflict, a refusal as a refusal, a command held back or
given up as not applied — never every one of them "Refused by the platform".

Two clients against the real sandbox on loopback, real store files; the platform's
failures written by the store's own functions, as the sync engine calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytestqt.qtbot import QtBot
from support.sandbox_env import TODAY
from support.sync_env import (  # noqa: F401 - the shared fixtures
    Device,
    busiest_unclaimed_department,
    device,
    queue,
    reviewers,
    sandbox,
)

from backoffice import messages
from backoffice.domain.states import TaskStatus
from backoffice.store import TaskQuery, outcomes, sent_marks
from backoffice.store.outbox import BLOCKED, OutboxState
from backoffice.sync.engine import SyncEngine
from ui.dialogs.conflicts import ConflictListDialog
from ui.inbox.detail_status import most_telling, outbox_text
from ui.inbox.list_format import result_text
from ui.inbox.list_rows import ListQuery, Reader

CONFLICT = messages.render_code("sync.conflict", {}, "en")
HELD_BACK = messages.render_code(BLOCKED, {}, "en")
GAVE_UP = messages.render_code(outcomes.GAVE_UP, {}, "en")
DETAILS = " The conflict list has the details."


@dataclass(frozen=True)
class Pair:
    """Two reviewers of one department on clients of their own, and an unclaimed task."""

    me: SyncEngine
    colleague: SyncEngine
    department: str
    user: str
    task_id: str


def _two_reviewers(device: Device) -> Pair:  # noqa: F811 - not the fixture
    department = busiest_unclaimed_department()
    mine, theirs = reviewers(department)[:2]
    me, colleague = device(mine), device(theirs)
    me.sync_once()
    colleague.sync_once()
    with me.store.read() as uow:
        task = next(t for t in uow.tasks.all() if t.status is TaskStatus.UNCLAIMED)
    return Pair(me, colleague, department, mine, task.id)


def act(engine: SyncEngine, kind: str, task_id: str, payload: dict[str, object]) -> str:
    return queue(engine, kind, "review_task", task_id, payload).id


def _said(qtbot: QtBot, p: Pair) -> tuple[str, str, list[str]]:
    """What the inbox row and the task detail say of the task's commands, and the
    state of each line of the conflict list."""
    store = p.me.store
    _, _, rows = Reader(store, p.department, p.user, 1, TODAY).first(
        ListQuery(TaskQuery(p.department)), size=500)
    row = next(r for r in rows if r.task_id == p.task_id)
    with store.read() as uow:
        entries = uow.outbox.entries(entity="review_task", entity_id=p.task_id)
    detail = outbox_text(most_telling([], entries, following=False), "en", False)
    dialog = ConflictListDialog(None, store, lang="en")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    lines = [dialog.entries.item(n).text().splitlines()[-1].split(" · ")[0]
             for n in range(dialog.entries.count())]
    return result_text(row, "en", {}), detail or "", lines


def test_a_colleague_s_claim_first_is_said_as_a_conflict(
        qtbot: QtBot, device: Device) -> None:  # noqa: F811 - the fixture
    p = _two_reviewers(device)
    act(p.me, "task.claim", p.task_id, {"assignee": p.user})
    act(p.colleague, "task.claim", p.task_id, {"assignee": p.colleague.client.username})
    assert p.colleague.sync_once().push.applied == 1
    p.me.sync_once()
    [entry] = p.me.store.conflicts()
    assert (entry.state, entry.last_error) == (OutboxState.CONFLICT, "sync.conflict")
    assert _said(qtbot, p) == (f"In conflict: {CONFLICT}", f"In conflict: {CONFLICT}{DETAILS}",
                               ["In conflict"])


def test_a_command_held_back_behind_a_conflict_is_said_not_applied(
        qtbot: QtBot, device: Device) -> None:  # noqa: F811 - the fixture
    p = _two_reviewers(device)
    act(p.me, "task.claim", p.task_id, {"assignee": p.user})
    act(p.me, "task.release", p.task_id, {})
    act(p.colleague, "task.claim", p.task_id, {"assignee": p.colleague.client.username})
    assert p.colleague.sync_once().push.applied == 1
    p.me.sync_once()
    assert [e.last_error for e in p.me.store.conflicts()] == ["sync.conflict", BLOCKED]
    assert _said(qtbot, p) == (f"Not applied: {HELD_BACK}", f"Not applied: {HELD_BACK}{DETAILS}",
                               ["In conflict", "Not applied"])


def test_a_refusal_is_said_as_a_refusal(
        qtbot: QtBot, device: Device) -> None:  # noqa: F811 - the fixture
    p = _two_reviewers(device)
    # To a department the platform does not know: refused.
    act(p.me, "task.transfer", p.task_id, {"to_department": "NOWHERE-7"})
    p.me.sync_once()
    [entry] = p.me.store.conflicts()
    assert entry.state is OutboxState.REFUSED, entry
    said = messages.render_code(entry.last_error or "", dict(entry.error_details or {}), "en")
    assert _said(qtbot, p) == (f"Refused by the platform: {said}",
                               f"Refused by the platform: {said}{DETAILS}",
                               ["Refused by the platform"])


def test_a_command_given_up_after_the_platform_s_failures_is_not_said_refused(
        qtbot: QtBot, device: Device) -> None:  # noqa: F811 - the fixture
    p = _two_reviewers(device)
    claim = act(p.me, "task.claim", p.task_id, {"assignee": p.user})
    for _ in range(outcomes.PLATFORM_FAILURES_TO_GIVE_UP):
        with p.me.store.write() as uow:  # sent, and the platform failed on it (server.error)
            sent_marks.mark_sent(uow, [claim])
            outcomes.mark_platform_failed(uow, claim)
    [entry] = p.me.store.conflicts()
    assert (entry.state, entry.last_error) == (OutboxState.REFUSED, outcomes.GAVE_UP)
    assert _said(qtbot, p) == (f"Not applied: {GAVE_UP}", f"Not applied: {GAVE_UP}{DETAILS}",
                               ["Not applied"])
