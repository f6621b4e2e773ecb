"""A discard in the field form's autosave pause keeps the photo the form still shows.

The form keeps its entries a few seconds after the last edit. A command in the
conflicts naming a photo the form shows — attached again after a refused save
— discarded in that pause: the conflict list read only the kept drafts, found
the photo in none, and let it go; the draft kept a moment later named a photo
nothing kept pinned (evictable, never uploaded). Now the form says what it
shows as it changes, and the discard leaves those photos pinned. Real store
synced with the sandbox on loopback, a real file cache folder, the real
conflict list.
"""

from __future__ import annotations

from pathlib import Path

from inspections.joint import photo
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from test_conflict_discard_photos import _discard_in_dialog
from test_field_colleague_saved import Inspector, inspector  # noqa: F401 - the fixture
from test_field_photo_actions import attach
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.commands import Command
from backoffice.inspections import field_drafts as drafts
from backoffice.store import OutboxState
from backoffice.sync.files import PIN_UPLOAD
from ui.dialogs.conflicts import ConflictListDialog


def test_a_discard_before_the_form_kept_its_entries_keeps_the_photo_it_shows(
        qtbot: QtBot, inspector: Inspector, tmp_path: Path) -> None:  # noqa: F811
    workspace, store, files = inspector.workspace, inspector.engine.store, inspector.files
    field = workspace.field
    autosave = field.findChild(QTimer, "fieldAutosave")
    assert autosave is not None and field.part is not None
    autosave.setInterval(3_600_000)  # the pause lasts: the discard falls inside it
    picture = tmp_path / "入口.png"
    picture.write_bytes(photo(800, 600, "red"))
    attach(qtbot, workspace, picture)
    (shown,) = field.photo_box.photos
    refused = Command.new("inspection.record_part", field.part.id, field.part.version, {
        "findings": "门后堆物", "photos": [{"sha256": shown.sha256,
                                        "original_sha256": shown.original_sha256,
                                        "caption": shown.caption}]}, author="inspector")
    with store.write() as uow:
        uow.outbox.append(refused, base_record=None)
        uow.outbox.set_state(refused.id, OutboxState.REFUSED)
    assert autosave.isActive() and drafts.load(store) == {}  # nothing kept yet

    dialog = ConflictListDialog(None, store, files=files, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.entries.count() == 1, timeout=10000)
    _discard_in_dialog(qtbot, dialog, refused)

    assert store.conflicts() == []
    assert files.pins(shown.sha256) == {PIN_UPLOAD}  # the form may still be saved with it
    assert shown.sha256 not in files.evict(target_bytes=0)

    # Kept at last (the session closed here), the draft names it, still pinned.
    workspace.close_session()
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert shown.sha256 in drafts.kept_photos(store)
    assert files.pins(shown.sha256) == {PIN_UPLOAD}
