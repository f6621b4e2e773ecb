"""Attaching a photo already on the record says so, by the photo's caption.

The inspector attaches a photo, then the same file again and a byte-identical
copy under another name: each time the form says the photo is attached
already, as what it is called in the list, and still holds one. Real store
synced with the sandbox on loopback, the real form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import photo
from pytestqt.qtbot import QtBot
from test_field import on_site  # noqa: F401 - the fixture
from test_field_photo_actions import attach
from test_planner import device, sandbox  # noqa: F401 - fixtures

from ui.planner.workspace import PlannerWorkspace


def test_the_same_photo_again_is_said_to_be_attached_already(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    workspace, _engine = on_site
    field = workspace.field
    entrance = tmp_path / "入口.png"
    entrance.write_bytes(photo(1200, 800, "red"))
    attach(qtbot, workspace, entrance)
    assert field.photos.count() == 1 and "Photo attached" in field.message.text()

    attach(qtbot, workspace, entrance)  # the same file again
    assert field.photos.count() == 1
    assert field.message.text() == "This photo is already attached, as “入口”."
    copy = tmp_path / "IMG_0001.png"
    copy.write_bytes(entrance.read_bytes())  # a byte-identical copy, another name
    attach(qtbot, workspace, copy)
    assert field.photos.count() == 1
    assert field.message.text() == "This photo is already attached, as “入口”."
