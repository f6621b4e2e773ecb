"""Nothing of the inbox's words is cut off: the transfer button's text beside its arrow,
a colleague's name in a narrow hand-over list, the timeline's times.

Real widgets over the demo store (``test_inbox_detail``'s and
``test_inbox_fixtures``' setups).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot
from test_inbox_claims import store, workspace  # noqa: F401 - the fixtures
from test_inbox_detail import StandIn, open_detail
from test_inbox_detail_holder import colleague, keep_staff, taken  # noqa: F401 - fixture

from ui.inbox.workspace import InboxWorkspace


def test_the_transfer_buttons_arrow_leaves_its_text_clear(
        qtbot: QtBot, workspace: InboxWorkspace) -> None:  # noqa: F811
    button = workspace.list.bulk.transfer
    # Its menu read, after the first paint (the button is off until a task is selected).
    qtbot.waitUntil(lambda: bool(workspace.list.bulk.transfer_menu.actions()), timeout=10_000)
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    # The text is centred; the arrow sits in the right edge's last ``arrow`` pixels.
    text = button.fontMetrics().horizontalAdvance(button.text())
    assert (button.width() - text) / 2 >= arrow + 2, (button.width(), text, arrow)


def test_a_narrow_hand_over_list_shortens_the_login_not_the_name(
        qtbot: QtBot, taken: StandIn) -> None:  # noqa: F811
    keep_staff(taken, my_roles=["coordinator", "reviewer"])
    detail = open_detail(qtbot, taken)
    username, name = colleague()
    combo = detail.colleague
    combo.setCurrentIndex(combo.findData(username))
    room = combo.fontMetrics().horizontalAdvance(f"{name} ({username[:3]}…)")
    shown = combo.shown_text(room)
    assert shown.startswith(f"{name} (") and shown.endswith("…)"), shown
    assert combo.shown_text(10_000) == f"{name} ({username})"
    detail.wait()


def test_the_timelines_times_are_whole(qtbot: QtBot, taken: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, taken)
    detail.tabs.setCurrentWidget(detail.timeline)
    QApplication.processEvents()
    tree = detail.timeline
    assert tree.topLevelItemCount() > 0
    widest = max(tree.fontMetrics().horizontalAdvance(tree.topLevelItem(n).text(0))
                 for n in range(tree.topLevelItemCount()))
    assert tree.columnWidth(0) > widest, (tree.columnWidth(0), widest)
    detail.wait()
