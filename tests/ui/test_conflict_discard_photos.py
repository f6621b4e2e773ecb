"""A change discarded from the conflict list lets go of its photos nothing else holds.

A saved inspection record names its photos, pinned for upload in the file
cache until the sync sends them with it. Discarded from the conflicts, the
command is gone: nothing would upload its photos any more, and the pin kept
them on disk for ever, never evicted. Now the discard unpins each photo no
kept field draft and no other command of the outbox still names. A real
store file, a real file cache folder and the real dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inspections.joint import photo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import CASE_CODE, _case
from test_shell import SLOW, _sign_in_with_dialog, _start, _synced, sandbox, shell, user  # noqa: F401 - fixtures

from backoffice.domain.commands import Command
from backoffice.domain.inspection_model import Inspection
from backoffice.domain.inspections import InspectionPart, InspectionPhoto, part_id
from backoffice.inspections import field
from backoffice.inspections import field_drafts as drafts
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState, Store
from backoffice.sync.files import PIN_UPLOAD, FileCache
from backoffice.sync.files_outbox import discard_and_release
from ui.dialogs.conflicts import ConflictListDialog
from ui.shell import Shell

INSPECTION_ID = "inspection-2f0c5e1a-7d41-4b8e-9c3a-1e2d3c4b5a69"
PART_ID = part_id(INSPECTION_ID, "MSA-220100")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    inspection = Inspection(INSPECTION_ID, CASE_CODE, "MSA-220100", ("MSA-220100",),
                            "长春市朝阳区人民大街 1 号", version=1)
    part = InspectionPart(PART_ID, INSPECTION_ID, CASE_CODE, "MSA-220100", version=1)
    s.apply_confirmed([_case(), inspection, part], cursor="c1")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def files(tmp_path: Path) -> Iterator[FileCache]:
    with FileCache(tmp_path / "files") as cache:
        yield cache


def _refused_save(store: Store, *photos: InspectionPhoto) -> Command:
    """The record saved with ``photos``, refused by the platform (now in the conflicts)."""
    save = Command.new("inspection.record_part", PART_ID, 1, {
        "findings": "门后堆物",
        "photos": [{"sha256": p.sha256, "original_sha256": p.original_sha256,
                    "caption": p.caption} for p in photos]}, author="wangfang")
    store.record_command(save)
    store.mark_refused(save.id, "inspection.not_confirmed")
    return save


def _discard_in_dialog(qtbot: QtBot, dialog: ConflictListDialog, command: Command) -> None:
    row = next(r for r in range(dialog.entries.count())
               if dialog.entries.item(r).data(Qt.ItemDataRole.UserRole) == command.id)
    dialog.entries.setCurrentRow(row)
    dialog.ask_discard_selected()
    qtbot.waitUntil(lambda: dialog.confirmation is not None
                    and dialog.confirmation.isVisible(), timeout=5000)
    box = dialog.confirmation
    assert box is not None
    with qtbot.waitSignal(dialog.refreshed, timeout=10000):
        box.button(QMessageBox.StandardButton.Discard).click()


def test_discarding_a_refused_save_releases_the_photos_nothing_else_holds(
        qtbot: QtBot, store: Store, files: FileCache) -> None:
    alone, drafted, shared = (field.attach_photo(files, photo(800, 600, colour), caption=colour)
                              for colour in ("red", "blue", "green"))
    discarded = _refused_save(store, alone, drafted, shared)
    other = _refused_save(store, shared)  # another save, still in the conflicts
    # Back on the form meanwhile: an unsaved draft holds one of the photos.
    drafts.keep(store, {INSPECTION_ID: drafts.Draft((), "草稿", (drafted,), "", None, False)},
                files)
    assert files.evict(target_bytes=0) == []  # all three pinned

    dialog = ConflictListDialog(None, store, files=files, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.entries.count() == 2, timeout=10000)
    _discard_in_dialog(qtbot, dialog, discarded)

    assert [e.command.id for e in store.conflicts()] == [other.id]
    assert files.pins(alone.sha256) == frozenset()
    assert files.pins(drafted.sha256) == {PIN_UPLOAD}  # the draft may still be saved
    assert files.pins(shared.sha256) == {PIN_UPLOAD}  # re-applied, it goes up with it
    assert files.evict(target_bytes=0) == [alone.sha256]
    assert not files.has(alone.sha256)

    # The last one naming ``shared`` discarded too: it goes; the draft's stays.
    _discard_in_dialog(qtbot, dialog, other)
    assert store.conflicts() == []
    assert files.pending_uploads() == [drafted.sha256]


def test_a_command_gone_already_releases_nothing(store: Store, files: FileCache) -> None:
    """Confirmed by the sync meanwhile, its photos went up with it: nothing to do here."""
    shot = field.attach_photo(files, photo(800, 600, "red"))
    assert discard_and_release(store, files, "no-such-command", []) is False
    assert files.pins(shot.sha256) == {PIN_UPLOAD}


def test_the_shell_s_conflict_list_lets_go_in_the_session_s_file_cache(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:  # noqa: F811 - the fixtures
    """Opened from the window, the list works on the signed-in person's own file cache."""
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None
    shot = field.attach_photo(session.files, photo(800, 600, "red"))
    save = Command.new("inspection.record_part", "part-1", 1, {
        "photos": [{"sha256": shot.sha256, "original_sha256": shot.original_sha256,
                    "caption": ""}]}, author=session.account.username)
    with session.store.write() as uow:  # refused on the way: the sync never sends it
        uow.outbox.append(save, base_record=None)
        uow.outbox.set_state(save.id, OutboxState.REFUSED, last_error="inspection.not_confirmed")

    shell.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell.window, timeout=5000)
    qtbot.keyClick(shell.window, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = shell.dialog
    assert isinstance(dialog, ConflictListDialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.entries.count() == 1, timeout=SLOW)
    _discard_in_dialog(qtbot, dialog, save)
    assert session.store.conflicts() == []
    assert session.files.pins(shot.sha256) == frozenset()
