"""Image materials: a multi-page TIFF page by page, a phone photo upright, rotation,
an empty file, an image larger than Qt decodes. Real files (Pillow), real viewers."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from test_inbox_detail_viewer import material
from test_material_viewer_pdf import files, key, settle, v  # noqa: F401 - fixtures
from test_material_viewer_zoom import middle

from backoffice.domain.model import Material
from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer

COLOURS = ("red", "lime", "blue")


def tiff(tmp_path: Path) -> Path:
    """Three pages, each its own colour and size."""
    pages = [Image.new("RGB", (300 + 100 * n, 200), c) for n, c in enumerate(COLOURS)]
    out = tmp_path / "scan.tif"
    pages[0].save(out, save_all=True, append_images=pages[1:])
    return out


def test_a_multi_page_tiff_is_paged_like_a_pdf(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    v.show_material(material(files.add_local(tiff(tmp_path), pin=None)))
    settle(qtbot, v)
    assert v.state == "image" and v.page_count() == 3 and v.page() == 0
    assert (v.page_number.value(), v.page_label.text()) == (1, "of 3")
    assert middle(v) == QColor("red")
    assert not v.previous_page.isEnabled() and v.next_page.isEnabled()
    v.area.setFocus()
    qtbot.keyClick(v.area, Qt.Key.Key_PageDown)
    # While the next page is read, this one stays: no "Opening the file…" between pages.
    assert v.state == "image" and middle(v) == QColor("red")
    settle(qtbot, v)
    assert v.page() == 1 and v.page_number.value() == 2 and middle(v) == QColor("lime")
    key(qtbot, v, Qt.Key.Key_End)
    assert v.page() == 2 and middle(v) == QColor("blue") and not v.next_page.isEnabled()
    v.set_zoom(1.0)
    assert v.image.content_size() == QSize(500, 200)  # the page's own size
    key(qtbot, v, Qt.Key.Key_Home)
    assert v.page() == 0 and middle(v) == QColor("red")


def test_a_photo_is_upright_and_turns_with_the_reviewer(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    photo = Image.new("RGB", (400, 200), "white")  # as the sensor saw it: wide, red on top
    photo.paste((255, 0, 0), (0, 0, 400, 100))
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    path = tmp_path / "photo.jpg"
    photo.save(path, exif=exif.tobytes(), quality=95)
    sha = files.add_local(path, pin=None)
    v.show_material(material(sha))
    settle(qtbot, v)
    assert not v.page_number.isVisibleTo(v) and not v.next_page.isVisibleTo(v)  # one page
    v.set_zoom(1.0)
    assert v.image.content_size() == QSize(200, 400)  # upright: tall
    shown = v.image.pixmap().toImage()
    assert shown.pixelColor(shown.width() - 10, shown.height() // 2).red() > 200  # red on the right
    v.area.setFocus()
    key(qtbot, v, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)  # rotate left
    assert v.rotation() == 270 and v.image.content_size() == QSize(400, 200)
    shown = v.image.pixmap().toImage()
    assert shown.pixelColor(shown.width() // 2, 10).red() > 200  # as taken: red on top
    qtbot.mouseClick(v.rotate_right, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(v.rotate_right, Qt.MouseButton.LeftButton)
    assert v.rotation() == 90
    # Kept for the file while the viewer is open: another material and back.
    other = Material(id="M2", case_code="c", name="other", department_code="d",
                     file_sha256=files.add_local(tiff(tmp_path), pin=None))
    v.show_material(other)
    settle(qtbot, v)
    assert v.rotation() == 0
    v.show_material(material(sha))
    settle(qtbot, v)
    size = v.image.content_size()  # fitted, turned: wide again
    assert v.rotation() == 90 and size.width() == 2 * size.height()


def test_an_empty_file_says_so_and_offers_nothing(
        qtbot: QtBot, v: MaterialViewer, files: FileCache) -> None:  # noqa: F811
    v.show_material(material(files.add_local(b"", pin=None)))
    settle(qtbot, v)
    assert v.state == "empty_file" and "empty" in v.message.text()
    assert not v.open_external.isVisibleTo(v) and not v.download.isVisibleTo(v)


def test_an_image_too_large_for_qt_says_why(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "big.png"
    Image.new("1", (20000, 20000), 1).save(path)  # 400 million pixels, 90 KB
    v.show_material(material(files.add_local(path, pin=None)))
    settle(qtbot, v)
    assert v.state == "too_large" and "20000 × 20000 pixels" in v.message.text()
    assert v.open_external.isVisibleTo(v)


def test_a_large_photo_is_shown_scaled_down(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:  # noqa: F811
    from ui.inbox import material_files

    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 2000), "blue").save(path)
    material_files.MAX_PIXELS, kept = 2_000_000, material_files.MAX_PIXELS  # as if 64 MP
    try:
        v.show_material(material(files.add_local(path, pin=None)))
        settle(qtbot, v)
    finally:
        material_files.MAX_PIXELS = kept
    assert v.state == "image"
    v.set_zoom(1.0)
    size = v.image.content_size()
    assert size.width() * size.height() <= 2_000_000 and size.width() == 2 * size.height()
