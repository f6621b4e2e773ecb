"""The viewer's page controls and turns: no page box for a file of one page, a turn
of one page of a scan (not of the whole file), rotation keys that do not clash
with the shell's Refresh. Real files (Pillow, reportlab), real viewers."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail_viewer import Platform, material
from test_material_viewer_images import tiff
from test_material_viewer_pdf import files, key, pdf_bytes, settle, v  # noqa: F401 - fixtures

from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer
from ui.main_window import MainWindow

# Refresh on the desktops the office uses: F5 everywhere, Ctrl+R on GNOME, KDE
# and macOS (Cmd+R); Qt's offscreen platform knows only F5.
REFRESH = ("F5", "Ctrl+R")


def paging_seen(viewer: MaterialViewer) -> list[bool]:
    QApplication.processEvents()  # the tool row laid out at its width, as before a paint
    return [w.isVisibleTo(viewer) for w in (viewer.previous_page, viewer.page_number,
                                            viewer.page_label, viewer.next_page)]


def test_a_file_of_one_page_shows_no_page_controls(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    one = tmp_path / "one.png"
    Image.new("RGB", (400, 300), "orange").save(one)
    v.show_material(material(files.add_local(one, pin=None)))
    settle(qtbot, v)
    assert v.state == "image" and paging_seen(v) == [False] * 4
    v.grab().save(str(tmp_path / "one-page.png"))
    v.show_material(material(files.add_local(tiff(tmp_path), pin=None)))
    settle(qtbot, v)
    assert paging_seen(v) == [True] * 4 and v.page_label.text() == "of 3"
    v.show_material(material(files.add_local(pdf_bytes(tmp_path, 1), pin=None)))
    settle(qtbot, v)
    assert v.state == "pdf" and paging_seen(v) == [False] * 4
    # Folded away for the window and back: still none for one page.
    v.show_window()
    window = v.material_window()
    assert window is not None
    qtbot.waitExposed(window)
    settle(qtbot, v)
    assert paging_seen(window.viewer) == [False] * 4
    window.close()
    settle(qtbot, v)
    assert not v.is_folded() and paging_seen(v) == [False] * 4


def test_one_page_of_a_scan_turns_alone(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(tiff(tmp_path), pin=None)))
    settle(qtbot, v)
    v.area.setFocus()
    key(qtbot, v, Qt.Key.Key_PageDown)
    qtbot.mouseClick(v.rotate_right, Qt.MouseButton.LeftButton)  # the sideways page
    assert (v.page(), v.rotation()) == (1, 90)
    v.set_zoom(1.0)
    assert v.image.content_size().height() == 400  # page 2 is 400 × 200: turned, tall
    key(qtbot, v, Qt.Key.Key_PageUp)
    assert (v.page(), v.rotation()) == (0, 0)
    assert v.image.content_size().width() == 300  # page 1 as it is: 300 wide
    key(qtbot, v, Qt.Key.Key_End)
    assert (v.page(), v.rotation()) == (2, 0)
    key(qtbot, v, Qt.Key.Key_PageUp)
    assert (v.page(), v.rotation()) == (1, 90)  # kept for that page
    assert "page shown only" in v.rotate_right.toolTip()

    # A PDF the same: its second page turned, its first not.
    v.show_material(material(files.add_local(pdf_bytes(tmp_path, 2), pin=None)))
    settle(qtbot, v)
    key(qtbot, v, Qt.Key.Key_PageDown)
    qtbot.mouseClick(v.rotate_left, Qt.MouseButton.LeftButton)
    settle(qtbot, v)
    assert (v.page(), v.rotation()) == (1, 270)
    size = v.image.content_size()
    assert size.width() > size.height()  # A4 on its side
    key(qtbot, v, Qt.Key.Key_Home)
    size = v.image.content_size()
    assert v.rotation() == 0 and size.height() > size.width()


def _keys(widget: MaterialViewer) -> set[str]:
    found = {s.key().toString() for s in widget.findChildren(QShortcut)}
    found |= {k.toString() for a in widget.findChildren(QAction) for k in a.shortcuts()}
    found |= {k.toString() for a in widget.actions() for k in a.shortcuts()}
    return found - {""}


def test_the_rotation_keys_are_not_refresh_and_work_in_the_main_window(
        qtbot: QtBot, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    window = MainWindow()
    qtbot.addWidget(window)
    shell = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()} - {""}
    assert "F5" in shell  # "Sync now"
    viewer = MaterialViewer(files, Platform(), window, lang="en")
    window.setCentralWidget(viewer)  # where the inbox's detail has it
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    viewer_keys = _keys(viewer)
    assert not viewer_keys & (shell | set(REFRESH)), viewer_keys & (shell | set(REFRESH))

    one = tmp_path / "one.png"
    Image.new("RGB", (400, 300), "orange").save(one)
    viewer.show_material(material(files.add_local(one, pin=None)))
    settle(qtbot, viewer)
    viewer.area.setFocus()
    qtbot.waitUntil(viewer.area.hasFocus, timeout=2000)
    qtbot.keyClick(viewer.area, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation() == 90
    qtbot.keyClick(viewer.area, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer.area, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation() == 270
    # Refresh as GNOME binds it reaches the shell's "Sync now" with the focus in the
    # viewer, and turns nothing: with Ctrl+R in both, Qt ran neither.
    window.sync_now_action.setShortcuts([QKeySequence(k) for k in REFRESH])
    window.sync_now_action.setEnabled(True)  # as when signed in
    for refresh in (Qt.Key.Key_F5, Qt.Key.Key_R):
        modifier = (Qt.KeyboardModifier.ControlModifier if refresh == Qt.Key.Key_R
                    else Qt.KeyboardModifier.NoModifier)
        with qtbot.waitSignal(window.syncNowRequested, timeout=2000):
            qtbot.keyClick(viewer.area, refresh, modifier)
    assert viewer.rotation() == 270
    for shortcut in viewer.findChildren(QShortcut):
        if shortcut.key() == QKeySequence("Ctrl+]"):
            break
    else:
        raise AssertionError("no Ctrl+] in the viewer")
    tip = viewer.rotate_right.toolTip()
    assert QKeySequence("Ctrl+]").toString(QKeySequence.SequenceFormat.NativeText) in tip
    viewer.wait()
