"""The material viewer over a real file cache: cached PNG, not downloaded, offline, download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backoffice import messages
from backoffice.domain.model import Material
from backoffice.remote.errors import OFFLINE, RemoteError
from backoffice.sandbox.demo import generate
from backoffice.sync.files import FileCache
from ui.inbox.material_viewer import MaterialViewer


@pytest.fixture(scope="module")
def png() -> bytes:
    """A real demo material file (the demo draws them as PNG images)."""
    data = generate(cases=1, seed=1, today=dt.date(2025, 3, 3))
    sha = next(m.file_sha256 for m in data.materials if m.file_sha256)
    content = data.files[sha]
    assert content.startswith(b"\x89PNG")
    return content


@pytest.fixture
def files(tmp_path: Path) -> Iterator[FileCache]:
    cache = FileCache(tmp_path / "files")
    yield cache
    cache.close()


class Platform:
    """A file transport: offline, or serving the given bytes."""

    def __init__(self, content: bytes | None = None) -> None:
        self.content = content

    def download(self, sha256: str, out: IO[bytes], *, offset: int = 0) -> None:
        if self.content is None:
            raise RemoteError(OFFLINE, host="platform.test")
        out.write(self.content[offset:])

    def upload(self, sha256: str, path: Path) -> object:
        raise AssertionError("no uploads here")


def material(sha: str | None, *, shared: bool = False) -> Material:
    return Material(id="M1", case_code="220100-2025-000001", name="<b>平面图</b>",
                    department_code="SCJG-220100", file_sha256=sha, from_shared_platform=shared)


def viewer(qtbot: QtBot, files: FileCache, platform: Platform) -> MaterialViewer:
    v = MaterialViewer(files, platform, lang="en")
    qtbot.addWidget(v)
    v.resize(600, 500)
    v.show()
    qtbot.waitExposed(v)
    return v


def show(qtbot: QtBot, v: MaterialViewer, m: Material | None) -> None:
    v.show_material(m)
    while v.busy():
        with qtbot.waitSignal(v.settled):
            pass


def test_cached_png_is_shown_scaled_to_fit_with_zoom(qtbot: QtBot, files: FileCache,
                                                     png: bytes) -> None:
    sha = files.add_local(png, pin=None)
    v = viewer(qtbot, files, Platform())
    show(qtbot, v, material(sha))
    assert v.state == "image"
    assert v.title.text() == "<b>平面图</b>" and v.title.textFormat() == Qt.TextFormat.PlainText
    pixmap = v.image.pixmap()
    assert not pixmap.isNull()
    room = v.area.viewport().size()
    assert pixmap.width() <= room.width() and pixmap.height() <= room.height()
    fit = v.zoom()
    qtbot.mouseClick(v.zoom_in, Qt.MouseButton.LeftButton)
    assert v.zoom() == pytest.approx(fit * 1.25)
    assert v.image.pixmap().width() > pixmap.width()
    qtbot.mouseClick(v.zoom_fit, Qt.MouseButton.LeftButton)
    assert v.zoom() == pytest.approx(fit)


def test_not_downloaded_says_so_and_offline_download_explains(
        qtbot: QtBot, files: FileCache, png: bytes) -> None:
    import hashlib
    sha = hashlib.sha256(png).hexdigest()
    v = viewer(qtbot, files, Platform(None))
    show(qtbot, v, material(sha))
    assert v.state == "not_downloaded"
    assert "not downloaded yet" in v.message.text()
    assert v.download.isVisibleTo(v)
    qtbot.mouseClick(v.download, Qt.MouseButton.LeftButton)
    assert v.state == "downloading"
    while v.busy():
        with qtbot.waitSignal(v.settled):
            pass
    assert v.state == "failed"
    offline = messages.render(RemoteError(OFFLINE, host="platform.test"), "en")
    assert offline in v.message.text()
    assert not files.has(sha)


def test_download_brings_the_file_and_shows_it(qtbot: QtBot, files: FileCache,
                                               png: bytes) -> None:
    import hashlib
    sha = hashlib.sha256(png).hexdigest()
    v = viewer(qtbot, files, Platform(png))
    show(qtbot, v, material(sha))
    with qtbot.waitSignal(v.fileCached) as arrived:
        qtbot.mouseClick(v.download, Qt.MouseButton.LeftButton)
    assert arrived.args == [sha]
    while v.busy():
        with qtbot.waitSignal(v.settled):
            pass
    assert v.state == "image" and files.has(sha)


def test_other_files_and_no_files(qtbot: QtBot, files: FileCache) -> None:
    word = files.add_local(b"PK\x03\x04 a Word document, not drawable by Qt\n", pin=None)
    v = viewer(qtbot, files, Platform())
    show(qtbot, v, material(word))
    assert v.state == "unsupported" and "cannot be previewed" in v.message.text()
    assert v.open_external.isVisibleTo(v) and not v.download.isVisibleTo(v)
    # PDFs are rendered (tests/ui/test_material_viewer_pdf.py); a broken one says so.
    pdf = files.add_local(b"%PDF-1.7\n% nothing after the header\n", pin=None)
    v.show_material(material(pdf))
    qtbot.waitUntil(lambda: not v.busy(), timeout=10_000)
    assert v.state == "damaged" and v.open_external.isVisibleTo(v)
    show(qtbot, v, material(None, shared=True))
    assert v.state == "no_file" and "e-licence" in v.message.text()
    show(qtbot, v, None)
    assert v.state == "empty"
