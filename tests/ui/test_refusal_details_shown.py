"""A refusal's details reach its sentence in the inbox list, the task detail and the conflicts.

Real stores, the refusal written by the store's own function as the sync
engine calls it, with the details the platform sent; a detail that is not a
plain value is dropped and the general sentence says the code.
"""

from __future__ import annotations

from pathlib import Path

import test_inbox_detail
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import (
    _claim,
    _dialog,
    _task,
    store,  # noqa: F401 - the fixture
)
from test_inbox_detail import StandIn, claim, open_detail, settle
from test_inbox_fixtures import MSA, TODAY, open_seeded

from backoffice.domain.commands import Command
from backoffice.store import Store, TaskQuery, TaskSort, outcomes
from ui.inbox.list_format import Column
from ui.inbox.list_rows import ListQuery, Reader
from ui.inbox.model import InboxModel

session = test_inbox_detail.session  # the fixture: a fresh case's reviewer, offline
CODE = "transfer.unknown_department"
SAID = "No department NOWHERE-7."


def _refuse(target: Store, command_id: str, details: object) -> None:
    with target.write() as uow:
        outcomes.mark_refused(uow, command_id, CODE, details)  # type: ignore[arg-type]


def test_the_inbox_list_says_the_refusal_with_its_details(qtbot: QtBot, tmp_path: Path) -> None:
    seeded = open_seeded(tmp_path / "store.sqlite", 3)
    try:
        for n, details in ((1, {"department": "NOWHERE-7"}), (2, {"department": {"code": "X"}})):
            with seeded.read() as uow:
                task = uow.tasks.get(f"T-{n:06d}")
            assert task is not None
            command = Command.new("task.transfer", task.id, task.version,
                                  {"to_department": "NOWHERE-7"}, author="wangfang")
            seeded.record_command(command)
            _refuse(seeded, command.id, details)
        model = InboxModel(Reader(seeded, MSA, "wangfang", 1, TODAY),
                           ListQuery(TaskQuery(MSA, sort=TaskSort.CASE_CODE)), lang="en")
        with qtbot.waitSignal(model.queryApplied, timeout=10_000):
            model.set_query(model.query)
        qtbot.waitUntil(lambda: model.row(1) is not None, timeout=10_000)
        assert model.data(model.index(0, Column.RESULT)) == f"Refused by the platform: {SAID}"
        # A nested value is no plain one: not kept, so the general sentence with the code
        # (a list of names is kept, said as the language lists: test_refusal_list_details).
        assert model.data(model.index(1, Column.RESULT)) == (
            f"Refused by the platform: The platform refused this change (reason code {CODE}).")
        model.close()
    finally:
        seeded.close()


def test_the_task_detail_says_the_refusal_with_its_details(
        qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    command = session.store.pending_commands()[0].command.id
    _refuse(session.store, command, {"department": "NOWHERE-7"})
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    assert detail.message.text() == (
        f"Refused by the platform: {SAID} The conflict list has the details.")


def test_the_conflict_list_says_the_refusal_with_its_details(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    claimed = _claim(_task(1))
    store.record_command(claimed)
    _refuse(store, claimed.id, {"department": "NOWHERE-7"})
    dialog = _dialog(qtbot, store)
    assert dialog.reason.text() == SAID
