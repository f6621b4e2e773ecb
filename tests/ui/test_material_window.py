"""The material in a window of its own, for a laptop screen.

At 1366×768 the task detail leaves the page viewer about 200 px; "Open in
window" shows the material in a resizable window, another MaterialViewer
that follows the material chosen in the list (its » menu on a narrow pane:
``test_material_viewer_narrow``). Real widgets over a real file cache: the task detail and the inbox over the
demo store (``test_inbox_detail``, ``test_inbox_layout``), and a lone viewer
with real PDFs (``test_material_viewer_pdf``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, demo, fresh_task, open_detail, session, settle  # noqa: F401
from test_inbox_detail_viewer import Platform, material, viewer
from test_inbox_layout import LAPTOP, open_inbox
from test_material_viewer_pdf import files, pdf_bytes  # noqa: F401 - fixture
from test_material_viewer_pdf import settle as settled

from backoffice.domain.model import Material
from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer
from ui.inbox.material_window import MaterialWindow
from ui.settings import MATERIAL_WINDOW_GEOMETRY, Settings

REPO = Path(__file__).resolve().parents[2]


def named(sha: str | None, name: str = "<b>平面图</b> [*] v2") -> Material:
    m = material(sha)
    return Material(id=m.id, case_code=m.case_code, name=name,
                    department_code=m.department_code, file_sha256=sha)


def showing(qtbot: QtBot, files: FileCache, tmp_path: Path, pages: int,  # noqa: F811
            platform: Platform | None = None) -> MaterialViewer:
    """A lone viewer (the pane's) showing a PDF of ``pages`` pages."""
    v = viewer(qtbot, files, platform or Platform())
    v.show_material(named(files.add_local(pdf_bytes(tmp_path, pages), pin=None)))
    settled(qtbot, v)
    return v


def opened(qtbot: QtBot, v: MaterialViewer) -> MaterialWindow:
    qtbot.mouseClick(v.open_window, Qt.MouseButton.LeftButton)
    window = v.material_window()
    assert window is not None
    qtbot.waitExposed(window)
    settled(qtbot, v)
    return window


# ---- the window --------------------------------------------------------------------------


def test_the_window_shows_the_selected_material_and_follows_the_list(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    data = demo()
    _, department, _ = fresh_task()
    own = [m for m in data.materials if m.case_code == data.fresh_cases[0]
           and m.department_code == department and m.file_sha256]
    second = own[1]
    assert second.file_sha256 is not None
    session.files.add_local(data.files[second.file_sha256], pin=None)
    detail = open_detail(qtbot, session)
    pane = detail.viewer
    assert pane.state == "not_downloaded"  # the first material's file is not here yet
    button = pane.open_window
    assert button.isVisible() and button.toolTip() == "Open in window (Ctrl+Shift+O)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = pane.material_window()
    assert window is not None and window.isVisible() and window.isWindow()
    assert not window.isModal()
    settle(qtbot, detail)
    shown = window.viewer
    assert shown is not pane and isinstance(shown, MaterialViewer)
    # The same message as in the pane, and the same way to get the file.
    assert shown.state == "not_downloaded" and shown.message.text() == pane.message.text()
    assert shown.download.isVisibleTo(shown)
    assert window.windowTitle() == f"{own[0].name} — Material"
    assert not shown.open_window.isVisibleTo(shown)  # no window from the window
    # The reviewer goes on in the list: the window follows.
    detail.materials.tree.setFocus()
    qtbot.keyClick(detail.materials.tree, Qt.Key.Key_Down)
    settle(qtbot, detail)
    now = shown.material()
    assert now is not None and now.id == second.id and shown.state == "image"
    assert not shown.image.pixmap().isNull()
    assert window.windowTitle() == f"{second.name} — Material"
    # Bigger than the pane's page: the point of the window.
    assert shown.area.viewport().height() > pane.area.viewport().height()
    detail.wait()  # the session closes
    assert not window.isVisible()
    assert Settings().get(MATERIAL_WINDOW_GEOMETRY)  # the app's own settings


def test_ctrl_shift_o_from_the_list_opens_it_and_it_closes_with_the_session(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    window, inbox, detail = open_inbox(qtbot, session, "en", tmp_path, LAPTOP)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    detail.materials.tree.setFocus()
    qtbot.keyClick(detail.materials.tree, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    shown = detail.viewer.material_window()
    assert shown is not None and shown.isVisible()
    settle(qtbot, detail)
    assert shown.viewer.material() == detail.viewer.material()
    inbox.close_session()  # what signing out, switching user and quitting do
    assert not shown.isVisible() and not detail.busy()


def test_paging_in_the_window_from_the_page_the_pane_showed(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v = showing(qtbot, files, tmp_path, 3)
    qtbot.mouseClick(v.next_page, Qt.MouseButton.LeftButton)
    settled(qtbot, v)
    assert v.page() == 1
    # A double click on the page opens it.
    qtbot.mouseDClick(v.image, Qt.MouseButton.LeftButton)
    window = v.material_window()
    assert window is not None
    qtbot.waitExposed(window)
    settled(qtbot, v)
    w = window.viewer
    assert w.state == "pdf" and w.page_count() == 3 and w.page() == 1
    assert (w.page_number.value(), w.page_label.text()) == (2, "of 3")
    w.area.setFocus()
    qtbot.keyClick(w.area, Qt.Key.Key_PageDown)
    settled(qtbot, v)
    assert w.page() == 2 and (w.page_number.value(), w.page_label.text()) == (3, "of 3")
    assert not w.next_page.isEnabled() and v.page() == 1  # the pane stays where it was
    fit = w.zoom()
    qtbot.mouseClick(w.zoom_in, Qt.MouseButton.LeftButton)
    settled(qtbot, v)
    assert w.zoom() == pytest.approx(fit * 1.25)
    # Titled with the name as the server sent it: no markup, no Qt placeholder eaten.
    handle = window.windowHandle()
    assert handle is not None and handle.title() == "<b>平面图</b> [*] v2 — Material"
    assert w.title.text() == "<b>平面图</b> [*] v2"
    assert w.title.textFormat() == Qt.TextFormat.PlainText


def test_a_new_file_of_the_same_material_is_shown_in_the_window(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v = showing(qtbot, files, tmp_path, 1)
    window = opened(qtbot, v)
    assert window.viewer.page_count() == 1
    three = files.add_local(pdf_bytes(tmp_path, 3), pin=None)
    v.show_material(named(three))  # the sync brought the applicant's corrected file
    settled(qtbot, v)
    assert window.viewer.material() == named(three) and window.viewer.page_count() == 3


def test_the_folded_pane_draws_nothing_until_the_window_closes(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v = showing(qtbot, files, tmp_path, 1)
    window = opened(qtbot, v)
    assert v.is_folded()
    three = files.add_local(pdf_bytes(tmp_path, 3), pin=None)
    v.show_material(named(three))  # the reviewer went on in the list
    settled(qtbot, v)
    assert window.viewer.page_count() == 3
    # The pane knows the file but drew no page of it: nobody could see one.
    assert v.state == "pdf" and v.page_count() == 3
    assert v.image.pixmap().isNull() and v.page_label.text() == ""
    window.close()
    settled(qtbot, v)
    assert not v.image.pixmap().isNull() and (v.page_number.value(), v.page_label.text()) == (1, "of 3")


def test_a_download_in_the_window_reaches_the_pane_and_the_list(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    content = pdf_bytes(tmp_path, 2)
    sha = hashlib.sha256(content).hexdigest()
    v = viewer(qtbot, files, Platform(content))
    v.show_material(named(sha))
    settled(qtbot, v)
    window = opened(qtbot, v)
    assert window.viewer.state == "not_downloaded"
    with qtbot.waitSignal(v.fileCached) as cached:
        qtbot.mouseClick(window.viewer.download, Qt.MouseButton.LeftButton)
        settled(qtbot, v)
    assert cached.args == [sha]
    settled(qtbot, v)
    assert window.viewer.state == "pdf" and v.state == "pdf"


def test_the_window_takes_most_of_the_screen_then_keeps_its_place(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v = showing(qtbot, files, tmp_path, 1)
    window = opened(qtbot, v)
    assert window.viewer.state == "pdf"
    free = window.screen().availableGeometry()
    assert window.width() >= free.width() * 0.7 and window.height() >= free.height() * 0.8
    window.setGeometry(QRect(40, 50, 500, 400))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.viewer.area, Qt.Key.Key_Escape)  # closes it
    assert not window.isVisible()
    assert window.viewer.state == "empty"  # its PDF document closed, not kept hidden
    opened(qtbot, v)
    assert window.isVisible() and window.geometry().size() == QRect(40, 50, 500, 400).size()
    window.close()
    # Another session's viewer opens it where it was left.
    again = viewer(qtbot, files, Platform())
    assert opened(qtbot, again).geometry().size() == QRect(40, 50, 500, 400).size()


QUITS = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer

app = QApplication([])
main = MaterialViewer(FileCache(sys.argv[1]), None)  # the main window, here
main.show()
main.show_window()
assert main.material_window().isVisible()
QTimer.singleShot(0, main.close)  # the person closes the main window
QTimer.singleShot(30_000, lambda: app.exit(3))  # still running: the window kept it
sys.exit(app.exec())
"""


def test_the_window_does_not_keep_the_app_running(tmp_path: Path) -> None:
    """Closing the main window quits the app, the material window open or not."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", QUITS, str(tmp_path / "files")], env=env,
                          check=False, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_turn_of_the_page_is_the_same_in_the_pane_and_the_window(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v = showing(qtbot, files, tmp_path, 2)
    qtbot.mouseClick(v.rotate_right, Qt.MouseButton.LeftButton)
    settled(qtbot, v)
    window = opened(qtbot, v)
    w = window.viewer
    assert w.rotation() == 90
    size = w.image.content_size()
    assert size.width() > size.height()  # A4 turned: wide
    qtbot.mouseClick(w.rotate_right, Qt.MouseButton.LeftButton)
    settled(qtbot, v)
    window.close()
    qtbot.waitUntil(lambda: not v.is_folded())
    settled(qtbot, v)
    assert v.rotation() == 180
    size = v.image.content_size()
    assert size.height() > size.width()
