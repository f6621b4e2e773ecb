"""An attached photo can be looked at and taken off the record.

The photo opens from the file cache (Enter or a double-click on the list, or
the button), not from the file it came from, and goes with the Delete key or
the "Remove photo" button. Real store synced with the sandbox on loopback,
the real form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import photo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from ui.planner.field import FieldPanel
from ui.planner.workspace import PlannerWorkspace


def attach(qtbot: QtBot, workspace: PlannerWorkspace, path: Path) -> None:
    field = workspace.field
    field.photo_path.setText(str(path))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy() and field.photo_path.text() == "",
                    timeout=SLOW)


def _preview(field: FieldPanel) -> QDialog | None:
    return field.findChild(QDialog, "fieldPhotoPreview")


def test_an_attached_photo_opens_from_the_cache_and_can_be_removed(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    workspace, _engine = on_site
    field = workspace.field
    for name, colour in (("入口", "red"), ("消防通道", "blue")):
        picture = tmp_path / f"{name}.png"
        picture.write_bytes(photo(1200, 800, colour))
        attach(qtbot, workspace, picture)
        picture.unlink()  # opened from our cache, not from where it came
    assert field.photos.count() == 2

    field.photos.setFocus()
    field.photos.setCurrentRow(0)
    qtbot.keyClick(field.photos, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _preview(field) is not None, timeout=SLOW)
    preview = _preview(field)
    assert preview is not None and preview.windowTitle() == "入口"
    image = preview.findChild(QLabel, "fieldPhotoImage")
    assert image is not None and not image.pixmap().isNull()
    preview.close()
    qtbot.waitUntil(lambda: _preview(field) is None, timeout=SLOW)
    qtbot.mouseClick(field.findChild(type(field.save), "fieldOpenPhoto"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _preview(field) is not None, timeout=SLOW)
    _preview(field).close()  # type: ignore[union-attr]

    field.photos.setFocus()
    field.photos.setCurrentRow(0)
    qtbot.keyClick(field.photos, Qt.Key.Key_Delete)
    assert [field.photos.item(n).text() for n in range(field.photos.count())] == ["消防通道"]
    assert "removed" in field.message.text()
    field.photos.setCurrentRow(0)
    remove = field.findChild(type(field.save), "fieldRemovePhoto")
    assert remove is not None and remove.accessibleName()
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert field.photos.count() == 0
    assert not field.current_part().photos  # the record saved goes without them


def test_a_path_pasted_in_quotes_or_dropped_as_a_url_is_attached(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    # Explorer's "Copy as path" pastes "C:\…\现场.jpg" with its quotes, a dropped file
    # comes as file:///…: both were refused as a file not found.
    from PySide6.QtCore import QUrl

    workspace, _engine = on_site
    field = workspace.field
    quoted, dropped = tmp_path / "入口 东侧.png", tmp_path / "消防通道.png"
    quoted.write_bytes(photo(1200, 800, "red"))
    dropped.write_bytes(photo(1200, 800, "blue"))
    for typed in (f' "{quoted}" ', QUrl.fromLocalFile(str(dropped)).toString()):
        field.photo_path.setText(typed)
        qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
        assert field.photo_path.text() == "", field.message.text()
    assert [field.photos.item(n).text() for n in range(field.photos.count())] == [
        "入口 东侧", "消防通道"]


def test_past_the_records_photo_limit_the_attach_is_refused_at_once(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    # The 51st photo was attached without a word; only Save said the record was too
    # large, after the inspector had gone on attaching.
    from backoffice.domain.inspections import MAX_PHOTOS
    from backoffice.inspections import field as field_photos

    workspace, _engine = on_site
    field = workspace.field
    cache = workspace.session.files
    field.photo_box.set_photos(
        field_photos.attach_photo(cache, photo(64, 48, f"#{n:06x}"), caption=f"现场{n}")
        for n in range(MAX_PHOTOS))
    more = tmp_path / "再一张.png"
    more.write_bytes(photo(1200, 800, "red"))
    field.photo_path.setText(str(more))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert field.photos.count() == MAX_PHOTOS
    assert field.message.text() == (
        f"A record holds at most {MAX_PHOTOS} photos; remove one to attach another.")
    assert field.photo_path.text() == str(more)  # kept, for after a removal
