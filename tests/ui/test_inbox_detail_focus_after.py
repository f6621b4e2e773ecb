"""Where the focus lands after Claim and after the correction items went into the notice.

A keyboard-only pass found the focus on the case header after the
department's items were added to the notice: the next sync folds them in,
the button has nothing left to add and is disabled, and Qt moved the focus
to the pane's first control. After Claim (disabled once claimed) it landed on
"Request site inspection", one key press from leaving for the planner. Each
now lands on the next keyboard step of its section. Real main window at
1366x768 with the inbox and its detail (``test_inbox_tab_order``'s window),
over the demo store, offline; the sync is the store's confirmed records and
the session's status signal, as ``ui.session`` sends them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, claim, press, settle
from test_inbox_tab_order import session, window  # noqa: F401 - the fixtures

from backoffice.domain.corrections import CorrectionItem, CorrectionNotice
from backoffice.sync.status import SyncStatus
from ui.inbox.detail import TaskDetail
from ui.inbox.detail_data import correction_items
from ui.inbox.workspace import InboxWorkspace
from ui.main_window import MainWindow


def _detail(window: MainWindow) -> TaskDetail:  # noqa: F811
    inbox = window.workspace_page("inbox")
    assert isinstance(inbox, InboxWorkspace) and isinstance(inbox.detail, TaskDetail)
    return inbox.detail


def test_claimed_by_keyboard_the_focus_goes_to_the_materials(
        qtbot: QtBot, window: MainWindow) -> None:  # noqa: F811
    detail = _detail(window)
    claim(qtbot, detail)
    assert not detail.claim.isEnabled()
    assert QApplication.focusWidget() is detail.materials.tree
    # And Release, pressed, hands the focus to Claim again.
    detail.release.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, detail)
    assert QApplication.focusWidget() is detail.claim


def test_items_folded_into_the_notice_leave_the_focus_on_the_notice(
        qtbot: QtBot, window: MainWindow, session: StandIn) -> None:  # noqa: F811
    detail = _detail(window)
    claim(qtbot, detail)
    detail.materials.tree.setFocus()
    press(qtbot, Qt.Key.Key_1)
    assert detail.snapshot is not None
    for index, _material in enumerate(detail.snapshot.materials):
        for check in range(3):
            if index == 2 and check == 1:  # the second is an e-licence: no correction item
                press(qtbot, Qt.Key.Key_F)
                qtbot.keyClicks(QApplication.focusWidget(), "seal missing")
                press(qtbot, Qt.Key.Key_Return)
            else:
                press(qtbot, Qt.Key.Key_P)
    settle(qtbot, detail)
    detail.show_page(detail.correction)
    send = detail.correction.send
    send.setFocus()
    qtbot.waitUntil(send.hasFocus, timeout=2000)
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, detail)
    assert QApplication.focusWidget() is send  # offline the items are still to be added
    # The next sync: the platform folded them into the case's draft notice.
    (item,) = correction_items(detail.snapshot, detail.materials.materials())
    notice = CorrectionNotice("N-focus", detail.snapshot.case.case_code, (CorrectionItem(
        str(item["material_name"]), str(item["department_code"]), str(item["reason"])),),
        version=1)
    session.store.apply_confirmed([notice])
    session.statusChanged.emit(SyncStatus())
    settle(qtbot, detail)
    assert not send.isEnabled()
    assert QApplication.focusWidget() is detail.correction.notices
