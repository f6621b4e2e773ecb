"""Zoom without a pixmap of the zoomed page: a large scan or an A0 plan at 800 %.

Zooming an 8000×8000 scan scaled the whole image to the zoom on the GUI
thread — 22 s frozen at 395 %, then a crash; a 200-inch PDF page at 278 %
exhausted PDFium and was called damaged. The viewer now draws only what is
in view (``PageCanvas``) and asks pdfium for the region around it.
Real viewers over a real file cache; real PNGs and PDFs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas
from test_inbox_detail_viewer import material
from test_material_viewer_pdf import files, key, settle, v  # noqa: F401 - fixtures

from backoffice.sync.files import FileCache
from ui.inbox import material_pdf
from ui.inbox.material_viewer import MaterialViewer


def halves_png(tmp_path: Path, width: int, height: int) -> Path:
    """Left half red, right half blue."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    painter = QPainter(image)
    painter.fillRect(width // 2, 0, width - width // 2, height, QColor("blue"))
    painter.end()
    out = tmp_path / f"halves-{width}.png"
    assert image.save(str(out))
    return out


def big_pdf(tmp_path: Path, width: float, height: float, name: str) -> Path:
    out = tmp_path / name
    c = canvas.Canvas(str(out), pagesize=(width, height))
    c.setFillColorRGB(1, 0, 0)
    c.rect(0, 0, width / 2, height, fill=1, stroke=0)  # left half red
    c.showPage()
    c.save()
    return out


def middle(v: MaterialViewer) -> QColor:  # noqa: F811 - the viewer shown
    shown = v.image.pixmap().toImage()
    return shown.pixelColor(shown.width() // 2, shown.height() // 2)


def test_a_large_scan_zoomed_to_800_percent_holds_no_more_than_the_view(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(halves_png(tmp_path, 1000, 1000), pin=None)))
    settle(qtbot, v)
    assert v.state == "image"
    v.area.setFocus()
    for _ in range(30):
        key(qtbot, v, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert v.zoom() == pytest.approx(8.0) and v.zoom_label.text() == "800 %"
    assert not v.zoom_in.isEnabled()  # as far as it goes
    room = v.area.viewport().size()
    # What is on screen is the view's worth; the page is 8000 px wide only as a size to scroll.
    shown = v.image.pixmap()
    assert shown.width() <= room.width() and shown.height() <= room.height()
    assert v.image.width() >= 8000 and v.image.held_pixels() == 0
    # and it is the right part of the image: the left edge red, the right edge blue
    bar = v.area.horizontalScrollBar()
    bar.setValue(0)
    assert middle(v) == QColor("red")
    bar.setValue(bar.maximum())
    assert middle(v) == QColor("blue")


def test_zoom_keeps_the_middle_of_the_view_in_the_middle(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(halves_png(tmp_path, 1000, 1000), pin=None)))
    settle(qtbot, v)
    v.set_zoom(2.0)
    bar, room = v.area.horizontalScrollBar(), v.area.viewport().width()
    bar.setValue(1100 - room // 2)  # the middle of the view: x 550 of the image, blue
    assert middle(v) == QColor("blue")
    v.set_zoom(8.0)
    assert middle(v) == QColor("blue")
    assert abs(bar.value() + room // 2 - 550 * 8) <= 8
    v.set_zoom(2.0)
    assert abs(bar.value() + room // 2 - 1100) <= 2


def test_a_fitted_scan_is_a_smooth_copy_no_larger_than_shown(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(halves_png(tmp_path, 3000, 3000), pin=None)))
    settle(qtbot, v)
    room = v.area.viewport().size()
    shown = v.image.pixmap()
    assert max(shown.width(), shown.height()) == min(room.width(), room.height())
    assert 0 < v.image.held_pixels() <= room.width() * room.height()


def test_a_200_inch_page_at_800_percent_renders_the_region_in_view(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(big_pdf(tmp_path, 14400, 14400, "plan.pdf"),
                                             pin=None)))
    settle(qtbot, v)
    assert v.state == "pdf"
    for zoom in (2.22, 2.78, 8.0):
        v.set_zoom(zoom)
        settle(qtbot, v)
        assert v.state == "pdf" and v.zoom_in.isEnabled() == (zoom < 8.0)
        assert v.image.note() == ""
    room = v.area.viewport().size()
    held = v.image.covered()  # points of the page the rendered region covers
    assert held.width() * 8.0 <= 3 * room.width() + 8 and held.height() * 8.0 <= 3 * room.height() + 8
    assert middle(v) == QColor("red")  # the top left: the red half
    bar = v.area.horizontalScrollBar()
    bar.setValue(bar.maximum())  # the far right: rendered anew, white
    settle(qtbot, v)
    assert v.image.covered().contains(v.image.visible_units())
    assert middle(v) == QColor("white")


def test_a_page_pdfium_cannot_draw_is_no_damaged_file(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    v.show_material(material(files.add_local(big_pdf(tmp_path, 2384, 3370, "a0.pdf"), pin=None)))
    settle(qtbot, v)
    monkeypatch.setattr(material_pdf, "MAX_PIXELS", 1000)  # no memory for any page
    v.set_zoom(2.0)
    settle(qtbot, v)  # busy() clears: the failure came back
    assert v.state == "pdf" and "damaged" not in v.message.text()
    assert "cannot be drawn at this zoom" in v.image.note()
    assert v.zoom_out.isEnabled() and v.zoom_fit.isEnabled()
    monkeypatch.undo()
    v.set_zoom(None)
    settle(qtbot, v)
    assert v.image.note() == "" and not v.image.pixmap().isNull()


def test_fit_and_zoom_share_one_range(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    """A 3-point page fitted at 18967 %; Zoom in then made it smaller (800 %)."""
    v.show_material(material(files.add_local(big_pdf(tmp_path, 3, 3, "tiny.pdf"), pin=None)))
    settle(qtbot, v)
    assert v.zoom() == pytest.approx(8.0) and v.zoom_label.text() == "800 %"
    assert not v.zoom_in.isEnabled()
    v.area.setFocus()
    key(qtbot, v, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert v.zoom() == pytest.approx(8.0)
    key(qtbot, v, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert v.zoom() == pytest.approx(8.0 / 1.25)


def test_a_turned_plan_at_800_percent_renders_the_region_in_view(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(big_pdf(tmp_path, 14400, 14400, "plan.pdf"),
                                             pin=None)))
    settle(qtbot, v)
    v.rotate(90)  # a quarter clockwise: the page's red left half is on top
    v.set_zoom(8.0)
    settle(qtbot, v)
    across, down = v.area.horizontalScrollBar(), v.area.verticalScrollBar()
    for x, y, colour in ((0, 0, "red"), (across.maximum(), 0, "red"),
                         (0, down.maximum(), "white"), (across.maximum() // 2, 1000, "red")):
        across.setValue(x)
        down.setValue(y)
        settle(qtbot, v)
        assert v.image.covered().contains(v.image.visible_units())
        assert middle(v) == QColor(colour), (x, y)
