"""A photo travels as it is seen: upright, and what is transparent on white.

A phone photo small enough to travel unchanged, but marked by the camera as
turned (EXIF orientation), went as it was: the preview (``QPixmap`` ignores
the mark) and the platform showed it on its side. A PNG with a transparent
background (a scanned drawing, a screenshot) came out black where it was
transparent, black lines on black. Real form, real store and file cache,
synced with the sandbox on loopback.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot
from support.visit_clock import go_to_visit
from test_field import on_site, pass_every_point  # noqa: F401 - the fixture
from test_field_photo_actions import attach
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from backoffice.sandbox import files as platform_files
from backoffice.sandbox.server import Sandbox
from ui.planner.field import FieldPanel
from ui.planner.workspace import PlannerWorkspace

ORIENTATION = 0x0112


def _turned_phone_photo(path: Path) -> None:
    """1200 × 800 as stored, with a blue band along its top edge, that the camera marks
    to be turned a quarter clockwise (orientation 6): seen, 800 wide, 1200 high, the
    band down its right edge."""
    image = Image.new("RGB", (1200, 800), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 1199, 99), fill="blue")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())


def _drawing(path: Path) -> None:
    """Black lines on a transparent background, as a scanned plan is often saved."""
    image = Image.new("RGBA", (1000, 800), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((100, 100, 300, 300), outline=(0, 0, 0, 255), width=8)
    image.save(path, "PNG")


def _opened(qtbot: QtBot, field: FieldPanel, row: int) -> tuple[int, int]:
    """The size the preview shows photo ``row`` at (opened, then closed)."""
    field.photos.setCurrentRow(row)
    field.open_photo.click()
    qtbot.waitUntil(lambda: field.findChild(QDialog, "fieldPhotoPreview") is not None,
                    timeout=SLOW)
    preview = field.findChild(QDialog, "fieldPhotoPreview")
    assert preview is not None
    shown = preview.findChild(QLabel, "fieldPhotoImage")
    assert shown is not None
    size = shown.pixmap().width(), shown.pixmap().height()
    preview.close()
    return size


def _on_platform(platform: Sandbox, sha: str) -> bytes:
    store = platform_files.FileStore.for_engine(platform.platform.engine)
    assert store.info(sha) is not None, "uploaded"
    return store.path(sha).read_bytes()


def test_a_turned_phone_photo_is_seen_and_sent_upright_and_transparency_on_white(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], sandbox: Sandbox,  # noqa: F811
    tmp_path: Path,
) -> None:
    workspace, engine = on_site
    field = workspace.field
    turned, drawing = tmp_path / "门头.jpg", tmp_path / "平面图.png"
    _turned_phone_photo(turned)
    _drawing(drawing)
    attach(qtbot, workspace, turned)
    attach(qtbot, workspace, drawing)
    assert field.photos.count() == 2, field.message.text()

    width, height = _opened(qtbot, field, 0)
    assert height > width  # as the camera was held

    pass_every_point(field)
    assert field.inspection is not None
    visit = field.inspection.id
    field.save.click()
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)
    qtbot.waitUntil(lambda: not workspace.busy() and field.part is not None, timeout=SLOW)
    go_to_visit(sandbox, visit)
    engine.files = workspace.session.files
    assert engine.sync_once().uploaded == 2

    photo, plan = field.current_part().photos
    with Image.open(io.BytesIO(_on_platform(sandbox, photo.sha256))) as sent:
        assert sent.size == (800, 1200)
        assert sent.getexif().get(ORIENTATION, 1) == 1  # no mark left to turn it twice
        band = sent.convert("RGB").getpixel((780, 600))
        assert isinstance(band, tuple) and band[2] > 200 > band[0]  # blue, on the right
    with Image.open(io.BytesIO(_on_platform(sandbox, plan.sha256))) as sent:
        rgb = sent.convert("RGB")
        assert rgb.getpixel((20, 20)) == (255, 255, 255)  # the background: paper
        assert rgb.getpixel((200, 200)) == (255, 255, 255)  # inside the drawn square
        line = rgb.getpixel((102, 200))
        assert isinstance(line, tuple) and max(line) < 60  # the line itself stays black


def test_a_turned_photo_already_in_the_cache_opens_upright(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    # Attached before photos were turned on the way in (a draft kept since), or sent
    # so by another client: the cached copy still carries the camera's mark.
    from backoffice.domain.inspections import InspectionPhoto

    workspace, _engine = on_site
    field = workspace.field
    turned = tmp_path / "门头.jpg"
    _turned_phone_photo(turned)
    sha = workspace.session.files.add_local(turned.read_bytes())
    field.photo_box.set_photos([InspectionPhoto(sha, sha, "门头")])
    width, height = _opened(qtbot, field, 0)
    assert height > width
