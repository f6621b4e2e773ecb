"""On a 1366×768 laptop the task detail's tabs and material list have room beside the viewer.

The page viewer took almost all the height: the tabs were left ~90 px of page
(the correction notice showed one line and one row, the extension form sat
below the fold, a signer's Approve extension was cut off under the keyring
banner) and the material list three and a half rows. Now the tabs keep a
floor, the list six rows, and the viewer gives way first (not below its
minimum). The real main window and inbox over the demo store
(``test_inbox_layout``'s setup; ``test_inbox_extension_approval``'s signer).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_case_actions import lead_and_other, task_of
from test_inbox_detail import StandIn, settle
from test_inbox_extension_approval import _session, opened  # noqa: F401 - fixture
from test_inbox_layout import LAPTOP, inside, lang, open_inbox, session  # noqa: F401 - fixtures

from ui.inbox.detail import TaskDetail
from ui.inbox.workspace import InboxWorkspace
from ui.main_window import MainWindow
from ui.settings import Settings

TABS = 220  # px: a tab's page shows the notice's deadline and items, a form's first fields
ROWS = 6  # materials in sight
BANNER = 70  # px the shell's keyring banner takes from the window


def _rows_in_sight(detail: TaskDetail) -> float:
    tree = detail.materials.tree
    return tree.viewport().height() / tree.sizeHintForRow(0)


def test_the_tabs_and_the_materials_have_room_on_a_laptop_screen(
        qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    QApplication.processEvents()
    assert detail.tabs.height() >= TABS, detail.tabs.height()
    assert detail.materials.tree.topLevelItemCount() >= ROWS
    assert _rows_in_sight(detail) >= ROWS, _rows_in_sight(detail)
    # The viewer gave the room and still shows a page's top (a refusal on screen too).
    assert detail.viewer.stack.height() >= 110, detail.viewer.stack.height()
    detail.show_page(detail.correction)
    QApplication.processEvents()
    correction = detail.correction
    assert inside(correction.limit, detail.tabs)
    notices = correction.notices
    assert inside(notices.header(), detail.tabs)
    assert notices.viewport().mapTo(detail.tabs, notices.viewport().rect().topLeft()).y() \
        + 3 * notices.fontMetrics().height() < detail.tabs.height()


def test_a_signer_under_the_keyring_banner_sees_approve_extension(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:  # noqa: F811
    lead = lead_and_other()[0]
    signer = _session(tmp_path, lead, "signer")
    opened.append(signer)
    window = MainWindow()
    qtbot.addWidget(window)
    inbox = InboxWorkspace(signer, window, lang="en",  # type: ignore[arg-type]
                           settings=Settings.at(tmp_path / "settings.ini"))
    window.set_workspace("inbox", inbox)
    window.show_workspaces()
    window.resize(LAPTOP[0], LAPTOP[1] - BANNER)
    window.show()
    qtbot.waitExposed(window)
    detail = inbox.detail
    assert isinstance(detail, TaskDetail)
    detail.show_task(task_of(lead))
    settle(qtbot, detail)
    approve = detail.case_actions.approve
    detail.show_page(approve)
    QApplication.processEvents()
    assert approve.isEnabled()
    assert inside(approve, detail.tabs), detail.tabs.height()
    viewer = detail.viewer
    assert viewer.isVisible() and viewer.height() >= viewer.minimumSizeHint().height()


def test_a_shorter_list_gives_its_empty_rows_to_the_page_viewer(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, "en", tmp_path, LAPTOP)
    QApplication.processEvents()
    materials = detail.materials
    every = tuple(materials._materials.values())
    assert len(every) >= ROWS
    viewer = detail.viewer.height()
    materials.set_materials(every[:4], frozenset())  # another task's four materials
    QApplication.processEvents()
    assert 4 <= _rows_in_sight(detail) < ROWS - 1, _rows_in_sight(detail)
    assert detail.viewer.height() > viewer
    materials.set_materials(every, frozenset())  # and back to the longer list
    QApplication.processEvents()
    assert _rows_in_sight(detail) >= ROWS
