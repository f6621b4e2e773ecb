"""The viewer's tool bar on a narrow pane: every control stays reachable.

On a 480-pixel detail pane the viewer's buttons were cut off (the row was
wider than the pane). Its controls are now a tool bar: what does not fit
goes into the bar's » menu, and the material's name gives way first. A real
viewer over a real file cache with a real PDF (``test_material_viewer_pdf``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail_viewer import Platform, material
from test_inbox_layout import lang  # noqa: F401 - fixture
from test_material_viewer_pdf import files, pdf_bytes, settle  # noqa: F401 - fixture

from backoffice.domain.model import Material
from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer

NARROW = 480  # px: the detail pane beside a wide inbox list
CONTROLS = {"materialPreviousPage", "materialNextPage", "materialRotateLeft", "materialRotateRight",
            "materialZoomOut", "materialZoomFit",
            "materialZoomIn", "materialOpenWindow"}
LONG_NAME = "营业执照副本复印件（加盖公章，与原件一致）" * 2


def reachable(v: MaterialViewer) -> dict[str, bool]:
    """Each control of the bar: shown whole in the viewer, or an entry of the » menu."""
    extension = v.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    menu = extension.menu() if extension is not None and extension.isVisibleTo(v) else None
    in_menu = set(menu.actions()) if menu is not None else set()
    found = {}
    for action in v.toolbar.actions():
        button = v.toolbar.widgetForAction(action)
        if not isinstance(button, QToolButton) or not action.isVisible():
            continue  # labels and separators
        corner = button.mapTo(v, QPoint(0, 0))
        whole = button.isVisibleTo(v) and v.rect().contains(QRect(corner, button.size()))
        found[button.objectName()] = whole or action in in_menu
    return found


def control(v: MaterialViewer, name: str) -> QAction:
    button = v.findChild(QToolButton, name)
    assert button is not None
    action = button.defaultAction()
    assert action is not None
    return action


def narrow_viewer(qtbot: QtBot, files: FileCache, tmp_path: Path, lang: str,  # noqa: F811
                  width: int) -> tuple[QWidget, MaterialViewer]:
    """A pane ``width`` px wide and its viewer, showing a three-page PDF with a long name."""
    pane = QWidget()  # the detail pane, squeezed by the splitter to its width
    qtbot.addWidget(pane)
    v = MaterialViewer(files, Platform(), pane, lang=lang)
    pane.resize(width, 400)
    v.setGeometry(0, 0, width, 400)
    pane.show()
    qtbot.waitExposed(pane)
    m = material(files.add_local(pdf_bytes(tmp_path, 3), pin=None))
    v.show_material(Material(id=m.id, case_code=m.case_code, name=LONG_NAME,
                             department_code=m.department_code, file_sha256=m.file_sha256))
    settle(qtbot, v)
    QApplication.processEvents()
    return pane, v


@pytest.mark.parametrize("width", [NARROW, 300])
def test_every_control_stays_reachable_on_a_narrow_pane(
        qtbot: QtBot, files: FileCache, tmp_path: Path, lang: str,  # noqa: F811
        width: int) -> None:
    _pane, v = narrow_viewer(qtbot, files, tmp_path, lang, width)
    assert v.minimumSizeHint().width() <= width  # it fits, rather than being cut
    found = reachable(v)
    assert set(found) == CONTROLS and all(found.values()), found
    if width == NARROW:  # room for every button: the long name gave way
        assert all(v.toolbar.widgetForAction(a).isVisibleTo(v) for a in v.toolbar.actions()
                   if a.isVisible())
        assert v.page_label.isVisibleTo(v) and v.title.text() == LONG_NAME
    # A control in the » menu works from there.
    control(v, "materialNextPage").trigger()
    settle(qtbot, v)
    assert v.page() == 1 and v.previous_page.isEnabled()
    control(v, "materialOpenWindow").trigger()
    window = v.material_window()
    assert window is not None and window.isVisible()
    settle(qtbot, v)
    assert window.viewer.page() == 1
    window.close()
