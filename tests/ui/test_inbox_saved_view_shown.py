"""The saved views bar names the view shown, and no view once the list differs from it.

A keyboard-only pass chose a saved view, toggled a quick filter and the bar
still said the view was shown. Real list over a real store
(``test_inbox_list``'s workspace, sixty tasks, settings of the test's own).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_list import store, workspace  # noqa: F401 - the fixtures

from backoffice.store.inbox_views import QuickFilter
from ui.inbox.list_format import Column
from ui.inbox.workspace import InboxWorkspace


def test_a_changed_filter_leaves_the_saved_view(qtbot: QtBot,
                                                workspace: InboxWorkspace) -> None:  # noqa: F811
    lst = workspace.list
    combo, model = lst.saved.combo, lst.model
    unclaimed, due_soon = (lst.filters.buttons[q]
                           for q in (QuickFilter.UNCLAIMED, QuickFilter.DUE_SOON))
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        unclaimed.click()
    lst.save_view("待认领")
    assert combo.currentText() == "待认领" and lst.saved.delete_button.isEnabled()
    # Another filter on top: the list is no longer the saved view.
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        due_soon.click()
    assert combo.currentIndex() == -1 and combo.currentText() == ""
    assert not lst.saved.delete_button.isEnabled()
    # Off again: the view is what is shown, and the bar says so.
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        due_soon.click()
    assert combo.currentText() == "待认领"
    # A search, by keyboard: no view either.
    lst.focus_search()
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        qtbot.keyClicks(lst.search, "000007")
        qtbot.keyClick(lst.search, Qt.Key.Key_Return)
    assert combo.currentIndex() == -1
    lst.search.clear()
    qtbot.waitUntil(lambda: combo.currentText() == "待认领", timeout=10_000)
    # A column hidden from the header's menu: neither.
    lst.view._show_column(Column.OTHERS, False)
    assert combo.currentIndex() == -1
    lst.view._show_column(Column.OTHERS, True)
    assert combo.currentText() == "待认领"
    # Everything off: all tasks.
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        unclaimed.click()
    assert combo.currentIndex() == 0
