"""Delete view asks first, Cancel the default; only Delete deletes the saved view.

It deleted the view at once, no question and no way back, one click beside
Save view…. Real list over a real store (``test_inbox_list``'s workspace,
settings of the test's own).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_inbox_list import store, workspace  # noqa: F401 - the fixtures

from backoffice.store.inbox_views import QuickFilter
from ui.inbox.filters import load_views
from ui.inbox.workspace import InboxWorkspace


def _question(qtbot: QtBot, bar: object) -> QMessageBox:
    qtbot.waitUntil(lambda: getattr(bar, "question", None) is not None
                    and bar.question.isVisible(), timeout=5_000)  # type: ignore[attr-defined]
    box = bar.question  # type: ignore[attr-defined]
    assert isinstance(box, QMessageBox)
    return box


def test_delete_view_asks_and_cancel_keeps_it(qtbot: QtBot,
                                              workspace: InboxWorkspace) -> None:  # noqa: F811
    lst = workspace.list
    bar = lst.saved
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    lst.save_view("Unclaimed ones")
    assert bar.combo.currentText() == "Unclaimed ones"

    bar.delete_button.click()
    box = _question(qtbot, bar)
    assert box.objectName() == "inboxDeleteViewQuestion"
    assert "Unclaimed ones" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bar.question is None, timeout=5_000)
    assert [v.name for v in load_views(bar.settings, bar.owner)] == ["Unclaimed ones"]
    assert bar.combo.currentText() == "Unclaimed ones"

    bar.delete_button.click()
    box = _question(qtbot, bar)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: bar.question is None, timeout=5_000)
    QApplication.processEvents()
    assert load_views(bar.settings, bar.owner) == []
    assert [bar.combo.itemText(i) for i in range(bar.combo.count())] == ["All tasks"]
