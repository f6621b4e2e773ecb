"""Transfer to another department from the inbox list: asked first, own division first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import FIRE, MSA, TODAY, StandInSession, add

from backoffice.domain.model import Department
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.store.inbox_views import QuickFilter
from ui.inbox.list_bulk import BulkBar
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

# Alphabetically before everything of our own city: the entry a hurried click hit.
OTHER_CITY = "AAA-220200"
PROVINCE = "ZJ-220000"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite")
    s.apply_confirmed([Department(MSA, "市场监管局", "220100"),
                       Department(FIRE, "消防救援支队", "220100"),
                       Department(OTHER_CITY, "吉林市住房和城乡建设局", "220200"),
                       Department(PROVINCE, "吉林省住房和城乡建设厅", "220000")])
    add(s, range(1, 7))
    yield s
    s.close()


@pytest.fixture
def workspace(qtbot: QtBot, store: Store, settings: Settings) -> Iterator[InboxWorkspace]:
    w = InboxWorkspace(StandInSession(store), lang="en", settings=settings,  # type: ignore[arg-type]
                       today=TODAY, with_detail=False)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.model.rowCount() == 6, timeout=10_000)
    qtbot.waitUntil(lambda: w.list.filters.count(QuickFilter.MINE) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: len(w.list.bulk.transfer_menu.actions()) >= 3, timeout=10_000)
    yield w
    w.close_session()


def _select_unclaimed(w: InboxWorkspace, store: Store) -> str:
    """Select one unclaimed task of ours; its id."""
    lst = w.list
    with store.read() as uow:
        unclaimed = {t.id for t in uow.tasks.all()
                     if t.status is TaskStatus.UNCLAIMED and t.department_code == MSA}
    row = next(r for r in range(lst.model.rowCount())
               if (found := lst.model.row(r)) is not None and found.task_id in unclaimed)
    selection = lst.view.selectionModel()
    selection.select(lst.model.index(row, 0),
                     selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
    found = lst.model.row(row)
    assert found is not None
    return found.task_id


def _question(qtbot: QtBot, bulk: BulkBar) -> QMessageBox:
    qtbot.waitUntil(lambda: bulk.confirmation is not None and bulk.confirmation.isVisible(),
                    timeout=5000)
    box = bulk.confirmation
    assert box is not None
    return box


def test_the_menu_lists_our_own_division_first(workspace: InboxWorkspace) -> None:
    menu = workspace.list.bulk.transfer_menu
    entries = [a.objectName() or "-" for a in menu.actions()]
    # Our city's other department, then the rest by division (province, then 吉林市).
    assert entries == [f"inboxTransferTo_{FIRE}", "-",
                       f"inboxTransferTo_{PROVINCE}", f"inboxTransferTo_{OTHER_CITY}"]


def test_a_transfer_is_asked_first_naming_the_department_and_the_count(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    bulk = workspace.list.bulk
    task = _select_unclaimed(workspace, store)
    first = bulk.transfer_menu.actions()[0]
    first.trigger()
    box = _question(qtbot, bulk)
    assert box.text() == "Transfer the selected task to 消防救援支队 (FIRE-220100)?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert store.pending_commands() == []  # nothing sent on the click itself
    # Enter takes the default: Cancel, and nothing is queued.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bulk.confirmation is None, timeout=5000)
    assert store.pending_commands() == [] and not bulk.busy
    # Asked again, and this time confirmed.
    first.trigger()
    box = _question(qtbot, bulk)
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "Transfer"
    yes.click()
    assert bulk.status.text() == "Working on 1 task…"
    qtbot.waitUntil(lambda: not bulk.busy, timeout=10_000)
    (entry,) = store.pending_commands()
    assert (entry.command.kind, entry.command.entity_id) == ("task.transfer", task)
    assert entry.command.payload == {"to_department": FIRE}
    # Queued, to be sent by the sync — not "offline" while online.
    assert bulk.status.text() == "1 queued — sent at the next sync; 0 refused."


def test_several_tasks_are_counted_in_the_question(
        qtbot: QtBot, workspace: InboxWorkspace) -> None:
    lst, bulk = workspace.list, workspace.list.bulk
    lst.view.selectAll()
    bulk.transfer_menu.actions()[-1].trigger()
    box = _question(qtbot, bulk)
    assert box.text() == "Transfer the 6 selected tasks to 吉林市住房和城乡建设局 (AAA-220200)?"
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: bulk.confirmation is None, timeout=5000)
