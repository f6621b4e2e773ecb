"""Enter in the search box selects the task it makes current; the bulk actions need one.

A keyboard-only pass typed a case code, pressed Enter and saw the task in
the detail, its row current but not selected: "Transfer to department"
then asked for a department and only afterwards said "Select tasks first",
and every bulk button stayed on with nothing selected. Real list over a real
store (``test_inbox_transfer``'s workspace: six tasks, four departments).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import code
from test_inbox_transfer import _question, store, workspace  # noqa: F401 - the fixtures

from backoffice.store import Store
from ui.inbox.workspace import InboxWorkspace


def test_enter_in_the_search_selects_the_row_it_makes_current(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:  # noqa: F811
    lst, bulk = workspace.list, workspace.list.bulk
    workspace.activateWindow()
    lst.focus_search()
    qtbot.waitUntil(lst.search.hasFocus, timeout=5000)
    qtbot.keyClicks(lst.search, code(2))  # an unclaimed task
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        qtbot.keyClick(lst.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lst.view.hasFocus, timeout=5000)
    assert lst.model.rowCount() == 1
    assert lst.current_task() == "T-000002"
    assert lst.selected_tasks() == {"T-000002"}
    assert bulk.claim.isEnabled() and bulk.transfer.isEnabled()
    # Transfer asks about the selected task, as the keyboard reaches it.
    bulk.transfer_menu.actions()[0].trigger()
    box = _question(qtbot, bulk)
    assert box.text().startswith("Transfer the selected task to ")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bulk.confirmation is None, timeout=5000)
    assert store.pending_commands() == []
    # Enter again on the same search (no new list): the row stays the selected one.
    lst.focus_search()
    qtbot.waitUntil(lst.search.hasFocus, timeout=5000)
    lst.view.selectionModel().clearSelection()
    qtbot.keyClick(lst.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is lst.view
    assert lst.selected_tasks() == {"T-000002"}


def test_the_bulk_actions_are_off_until_the_selection_gives_them_a_task(
        qtbot: QtBot, workspace: InboxWorkspace) -> None:  # noqa: F811
    lst, bulk = workspace.list, workspace.list.bulk
    selection = lst.view.selectionModel()
    selection.clearSelection()
    for button in (bulk.claim, bulk.release, bulk.transfer):
        assert not button.isEnabled(), button.objectName()
        assert button.toolTip() == "Select tasks first.", button.objectName()

    def choose(n: int) -> None:
        row = lst.model.row_of(f"T-{n:06d}")
        assert row is not None
        selection.select(lst.model.index(row, 0), selection.SelectionFlag.ClearAndSelect
                         | selection.SelectionFlag.Rows)

    choose(3)  # awaiting the applicant, claimed by the person: only Release acts on it
    assert not bulk.claim.isEnabled() and not bulk.transfer.isEnabled()
    assert bulk.claim.toolTip() == "None of the selected tasks is unclaimed."
    assert bulk.transfer.toolTip() == "None of the selected tasks is unclaimed or in review."
    assert bulk.release.isEnabled() and "coordinator" in bulk.release.toolTip()
    choose(2)  # unclaimed: Claim and Transfer, but nobody's claim to release
    assert bulk.claim.isEnabled() and bulk.transfer.isEnabled()
    assert bulk.claim.toolTip() == "" and bulk.transfer.toolTip() == ""
    assert not bulk.release.isEnabled()
