"""A colleague's claim: only a coordinator releases it or hands it over, here as on the platform.

The list's bulk Release is offered for the person's own claims and refuses a
colleague's with the reason; the detail's queue (``detail_data.queue``) refuses
it before anything reaches the outbox. The platform's side of the rule is in
``tests/sandbox/test_sandbox_review_edits.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from inbox_list_env import shown_workspace
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import ME, code, open_seeded

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.store import Store
from backoffice.sync.colleagues import COLLEAGUES_KEY
from ui.inbox.detail_data import queue
from ui.inbox.list_format import Column
from ui.inbox.view import InboxList
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

MINE = "T-000001"  # in review, claimed by ME (test_inbox_fixtures)
THEIRS = "T-000006"  # in review, claimed by the colleague lijun
UNCLAIMED = "T-000002"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_seeded(tmp_path / "store.sqlite", 10)
    yield s
    s.close()


@pytest.fixture
def workspace(qtbot: QtBot, store: Store, settings: Settings) -> Iterator[InboxWorkspace]:
    w = shown_workspace(qtbot, store, settings, 10)
    yield w
    w.close_session()


def _give_roles(store: Store, roles: list[str]) -> None:
    """The department's user list as the sync keeps it, with ME in ``roles``."""
    users = [{"username": ME, "display_name": "王芳", "roles": roles},
             {"username": "lijun", "display_name": "李军", "roles": ["reviewer"]}]
    with store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps(users))


def _select(lst: InboxList, ids: list[str]) -> None:
    model, selection = lst.model, lst.view.selectionModel()
    selection.clearSelection()
    for task_id in ids:
        row = model.row_of(task_id)
        assert row is not None
        selection.select(model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def _pending(store: Store) -> list[tuple[str, str]]:
    return [(e.command.kind, e.command.entity_id) for e in store.pending_commands()]


def test_bulk_release_is_for_own_claims_and_refuses_a_colleagues(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    lst, bulk = workspace.list, workspace.list.bulk
    _select(lst, [THEIRS])
    assert not bulk.release.isEnabled()  # nothing selected that the person may release
    _select(lst, [MINE, THEIRS])
    assert bulk.release.isEnabled()
    bulk.release.click()
    qtbot.waitUntil(lambda: not bulk.busy, timeout=10_000)
    assert _pending(store) == [("task.release", MINE)]
    model = lst.model
    row = model.row_of(THEIRS)
    assert row is not None
    reason = model.data(model.index(row, Column.RESULT))
    # Before a sync kept the staff list, the holder by login; the case by its code.
    assert reason == (f"Refused: lijun has claimed the review task of case {code(6)}: only they, "
                      "or a coordinator, can release it or hand it over.")
    assert {model.row(r.row()).task_id  # type: ignore[union-attr]
            for r in lst.view.selectionModel().selectedRows()} == {THEIRS}
    assert not bulk.release.isEnabled()
    assert bulk.status.text() == "1 queued — sent at the next sync; 1 refused."


def test_a_coordinator_releases_a_colleagues_claim_from_the_list(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    _give_roles(store, ["coordinator"])
    bulk = workspace.list.bulk
    bulk.load_departments()
    qtbot.waitUntil(lambda: bulk.coordinator, timeout=10_000)
    _select(workspace.list, [THEIRS])
    assert bulk.release.isEnabled()
    bulk.release.click()
    qtbot.waitUntil(lambda: not bulk.busy, timeout=10_000)
    assert _pending(store) == [("task.release", THEIRS)]


def test_the_detail_queue_refuses_a_colleagues_claim_before_the_outbox(store: Store) -> None:
    _give_roles(store, ["reviewer"])
    for kind, payload in (("task.release", {}), ("task.transfer", {"to_user": ME})):
        with pytest.raises(BackofficeError) as refused:
            queue(store, ME, kind, THEIRS, payload)
        # The holder by the name colleagues know, and the case: not a task id and a login.
        assert refused.value.code == "task.held_by_colleague"
        assert messages.render(refused.value, "en") == (
            f"李军 has claimed the review task of case {code(6)}: only they, or a coordinator, "
            "can release it or hand it over.")
    assert _pending(store) == []
    # Own claims and unclaimed tasks go as before; so does a department transfer.
    queue(store, ME, "task.release", MINE, {})
    queue(store, ME, "task.transfer", UNCLAIMED, {"to_user": "lijun"})
    queue(store, ME, "task.transfer", THEIRS, {"to_department": "FIRE-220100"})
    assert _pending(store) == [("task.release", MINE), ("task.transfer", UNCLAIMED),
                               ("task.transfer", THEIRS)]
    _give_roles(store, ["coordinator"])
    store.discard_command(store.pending_commands()[-1].command.id)
    queue(store, ME, "task.release", THEIRS, {})
    assert _pending(store)[-1] == ("task.release", THEIRS)
