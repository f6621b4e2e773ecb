"""The hand-over list takes the room a wide window gives it and still fits a laptop.

The real main window and inbox over the demo store (``test_inbox_layout``'s
setup), the department's staff kept as the sync keeps them, in Chinese.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_detail_holder import keep_staff
from test_inbox_layout import LAPTOP, inside, open_inbox, session  # noqa: F401 - the fixture
from test_main_window import chinese  # noqa: F401 - the fixture

from ui.inbox.people import PersonCombo


def _whole(combo: PersonCombo) -> list[str]:
    """The entries the box cuts when chosen (none, when it is wide enough)."""
    cut = []
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        if combo.shown_text(combo.room()) != combo.itemText(index):
            cut.append(combo.itemText(index))
    return cut


@pytest.mark.usefixtures("chinese")  # removed again after the test, for the tests after it
def test_a_wide_window_shows_every_colleague_whole_and_a_laptop_still_fits(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    keep_staff(session, my_roles=["coordinator", "reviewer"])
    window, _inbox, detail = open_inbox(qtbot, session, "zh", tmp_path, (1920, 1080))
    combo = detail.colleague
    assert isinstance(combo, PersonCombo) and combo.count() > 1 and combo.isEnabled()
    assert _whole(combo) == []
    assert combo.width() > combo.minimumSizeHint().width()  # it grew past its minimum
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: window.width() == LAPTOP[0])
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= LAPTOP[0] - 100
    assert inside(combo, detail) and inside(detail.hand_over, detail)
