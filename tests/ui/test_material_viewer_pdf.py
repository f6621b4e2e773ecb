"""PDF materials: pages rendered by pypdfium2 on its own thread, zoom, pages, damage."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from test_inbox_detail_viewer import Platform, material

from backoffice.sync.files import FileCache
from ui.inbox import material_pdf
from ui.inbox.material_viewer import MaterialViewer


def pdf_bytes(tmp_path: Path, pages: int) -> bytes:
    out = tmp_path / f"{pages}.pdf"
    c = canvas.Canvas(str(out), pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 48)
        c.drawString(100, 600, f"Page {n}")
        c.rect(50, 50, 400, 100 * n, fill=1)  # each page looks different
        c.showPage()
    c.save()
    return out.read_bytes()


@pytest.fixture
def files(tmp_path: Path) -> Iterator[FileCache]:
    cache = FileCache(tmp_path / "files")
    yield cache
    cache.close()


@pytest.fixture
def v(qtbot: QtBot, files: FileCache) -> MaterialViewer:
    viewer = MaterialViewer(files, Platform(), lang="en")
    qtbot.addWidget(viewer)
    viewer.resize(600, 500)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def settle(qtbot: QtBot, v: MaterialViewer) -> None:
    qtbot.waitUntil(lambda: not v.busy(), timeout=10_000)


def key(qtbot: QtBot, v: MaterialViewer, k: Qt.Key,
        mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(v.area, k, mod)
    settle(qtbot, v)


def test_three_page_pdf_is_rendered_with_pages_and_zoom_from_the_keyboard(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:
    sha = files.add_local(pdf_bytes(tmp_path, 3), pin=None)
    v.show_material(material(sha))
    settle(qtbot, v)
    assert v.state == "pdf" and v.page_count() == 3 and v.page() == 0
    assert (v.page_number.value(), v.page_label.text()) == (1, "of 3")
    first = v.image.pixmap().toImage()
    assert not first.isNull()
    room = v.area.viewport().size()  # fitted: the whole A4 page in view
    assert first.width() <= room.width() + 1 and first.height() <= room.height() + 1
    assert not v.previous_page.isEnabled() and v.next_page.isEnabled()
    v.area.setFocus()
    key(qtbot, v, Qt.Key.Key_PageDown)
    key(qtbot, v, Qt.Key.Key_PageDown)
    assert v.page() == 2 and (v.page_number.value(), v.page_label.text()) == (3, "of 3")
    assert v.image.pixmap().toImage() != first
    assert not v.next_page.isEnabled()
    key(qtbot, v, Qt.Key.Key_PageDown)  # past the last page: stays
    assert v.page() == 2
    key(qtbot, v, Qt.Key.Key_PageUp)
    assert v.page() == 1
    fit, width = v.zoom(), v.image.pixmap().width()
    key(qtbot, v, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert v.zoom() == pytest.approx(fit * 1.25)
    assert v.image.pixmap().width() > width
    key(qtbot, v, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, v, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert v.zoom() == pytest.approx(fit / 1.25)
    assert v.zoom_label.text() == f"{round(fit / 1.25 * 100)} %"


def _ink(button: QWidget) -> int:
    """How much darker than the button's own background its drawing is, summed."""
    image = button.grab().toImage()
    ground = image.pixelColor(1, 1).lightness()
    return sum(max(0, ground - image.pixelColor(x, y).lightness())
               for x in range(image.width()) for y in range(image.height()))


def test_a_page_arrow_that_cannot_be_used_is_clearly_faint(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:
    v.show_material(material(files.add_local(pdf_bytes(tmp_path, 2), pin=None)))
    settle(qtbot, v)
    assert not v.previous_page.isEnabled() and v.next_page.isEnabled()
    # The two arrows are mirror images: the disabled one is drawn at a third of the ink.
    faint, plain = _ink(v.previous_page), _ink(v.next_page)
    assert faint < 0.5 * plain


def test_pdfium_runs_on_one_thread_that_is_not_the_gui_thread(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: set[int] = set()
    worker = material_pdf._Worker
    for name in ("open", "render"):
        original = getattr(worker, name)

        def spy(self: object, *args: object, _original: object = original) -> None:
            seen.add(threading.get_ident())
            _original(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(worker, name, spy)
    one, three = (files.add_local(pdf_bytes(tmp_path, n), pin=None) for n in (1, 3))
    for sha in (one, three, one):
        v.show_material(material(sha))
        settle(qtbot, v)
        assert v.state == "pdf"
    assert len(seen) == 1 and threading.get_ident() not in seen


def test_damaged_pdf_says_so_and_nothing_breaks(qtbot: QtBot, v: MaterialViewer,
                                               files: FileCache, tmp_path: Path) -> None:
    good = pdf_bytes(tmp_path, 3)
    damaged = files.add_local(good[: len(good) // 3] + b"garbage" * 50, pin=None)
    v.show_material(material(damaged))
    settle(qtbot, v)
    assert v.state == "damaged" and "damaged" in v.message.text()
    assert v.open_external.isVisibleTo(v)
    assert not v.next_page.isEnabled() and v.page_label.text() == ""
    # the viewer still works for the next material
    v.show_material(material(files.add_local(good, pin=None)))
    settle(qtbot, v)
    assert v.state == "pdf" and v.page_count() == 3


def test_a_pdf_not_downloaded_yet_says_so(qtbot: QtBot, v: MaterialViewer,
                                          tmp_path: Path) -> None:
    import hashlib

    sha = hashlib.sha256(pdf_bytes(tmp_path, 1)).hexdigest()
    v.show_material(material(sha))
    settle(qtbot, v)
    assert v.state == "not_downloaded" and "not downloaded yet" in v.message.text()


def test_a_viewer_outliving_the_pdfium_thread_at_quit_closes_quietly(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """At quit the shared thread's object may be deleted first; the viewer's own
    deletion then has nothing to tell (it raised 'Signal source has been deleted')."""
    import shiboken6

    own = material_pdf._Thread()
    monkeypatch.setattr(material_pdf, "_shared", own)
    pages = material_pdf.PdfPages()
    own.stop()
    shiboken6.delete(own)  # as QApplication's teardown does
    pages.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(pages))


def test_a_password_protected_pdf_says_so_not_damaged(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:
    out = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(out), pagesize=A4, encrypt="secret")  # a password to open it
    c.drawString(100, 600, "Business licence")
    c.showPage()
    c.save()
    v.show_material(material(files.add_local(out, pin=None)))
    settle(qtbot, v)
    assert v.state == "protected"
    assert "password" in v.message.text() and "damaged" not in v.message.text()
    assert not v.open_external.isVisibleTo(v)  # no program opens it without the password


def test_first_last_and_go_to_page_from_the_keyboard(
        qtbot: QtBot, v: MaterialViewer, files: FileCache, tmp_path: Path) -> None:
    v.show_material(material(files.add_local(pdf_bytes(tmp_path, 5), pin=None)))
    settle(qtbot, v)
    v.area.setFocus()
    key(qtbot, v, Qt.Key.Key_End)
    assert v.page() == 4 and v.page_number.value() == 5
    key(qtbot, v, Qt.Key.Key_Home)
    assert v.page() == 0
    key(qtbot, v, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert v.page_number.hasFocus()
    qtbot.keyClicks(v.page_number, "3")
    assert v.page() == 0  # not per digit: on Enter
    qtbot.keyClick(v.page_number, Qt.Key.Key_Return)
    settle(qtbot, v)
    assert v.page() == 2 and (v.page_number.value(), v.page_label.text()) == (3, "of 5")
    v.page_number.selectAll()
    qtbot.keyClicks(v.page_number, "9")  # past the last page: the box takes no such page
    qtbot.keyClick(v.page_number, Qt.Key.Key_Return)
    settle(qtbot, v)
    assert v.page() == 2 and v.page_number.value() == 3
