"""A photo still being attached belongs to the record it was attached for, and to its save.

Attaching reads and downscales the file on the worker (a second or two for a
phone's photo). Save clicked meanwhile saved the record without it, and the
form, shown again as saved, dropped the photo without a word: "Photo
attached", then "Saved here", and the photo in neither the record nor the
form. Another inspection chosen meanwhile would have got the photo in its
form. Until the photo is in the list, Save and the list of inspections wait.
Real form, real store synced with the sandbox on loopback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import photo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_field import on_site, pass_every_point  # noqa: F401 - the fixture
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from ui.planner.workspace import PlannerWorkspace


def _record_parts(engine: Any) -> list[dict[str, Any]]:
    return [e.command.payload for e in engine.store.pending_commands()
            if e.command.kind == "inspection.record_part"]


def test_save_clicked_while_a_photo_is_attached_waits_for_it(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    workspace, engine = on_site
    field = workspace.field
    pass_every_point(field)
    picture = tmp_path / "消防通道.png"
    picture.write_bytes(photo(3000, 2000, "blue"))
    field.photo_path.setText(str(picture))
    # One click after the other, as a hurried person does: the attach is on the
    # worker, its photo not in the form yet, when Save is clicked.
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    assert not field.inspections.isEnabled()  # the photo's record stays the one shown
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy() and field.photos.count() == 1, timeout=SLOW)
    assert field.save.isEnabled() and field.inspections.isEnabled()
    assert not _record_parts(engine), "nothing saved before the photo was in the form"

    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    (saved,) = _record_parts(engine)
    assert [p["caption"] for p in saved["photos"]] == ["消防通道"]
    assert field.photos.count() == 1  # shown again as saved, with it


def test_a_photo_still_being_attached_when_the_session_closes_is_kept_in_the_draft(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path,  # noqa: F811
) -> None:
    # Signed out (or quit) one click after Attach: the draft was kept before the photo
    # reached the form, which then showed it in no kept draft; the next session had
    # the notes without it.
    from backoffice.inspections import field_drafts as drafts

    workspace, engine = on_site
    field = workspace.field
    field.findings.setPlainText("消防通道堵塞")
    picture = tmp_path / "消防通道.png"
    picture.write_bytes(photo(3000, 2000, "blue"))
    field.photo_path.setText(str(picture))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    workspace.close_session()
    (kept,) = drafts.load(engine.store).values()
    assert kept.findings == "消防通道堵塞"
    assert [p.caption for p in kept.photos] == ["消防通道"]
