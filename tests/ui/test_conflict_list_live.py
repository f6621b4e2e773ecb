"""The conflict list while a sync changes the outbox, and several entries at once.

Real widgets over a real store; the sync's steps on the outbox are the
store's own functions, as the sync engine calls them, and the session's
``statusChanged`` is a signal of the same type the session emits after them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import (
    Changes,
    _claim,
    _confirmation,
    _dialog,
    _newer_version_conflict,
    _platform_claimed,
    _task,
    store,  # noqa: F401 - the fixture
)

from backoffice.domain.commands import Command
from backoffice.store import OutboxState, Store
from ui.dialogs.conflicts import ConflictListDialog


class SessionSignals(QObject):
    """The session's status signal (ui.session.Session.statusChanged)."""

    statusChanged = Signal(object)


def _refused(store: Store, n: int) -> Command:  # noqa: F811 - not the fixture
    """A claim of task ``n`` the platform refused."""
    store.apply_confirmed([_task(n)])
    claim = _claim(_task(n))
    store.record_command(claim)
    store.mark_refused(claim.id, "remote.forbidden")
    return claim


def _open(qtbot: QtBot, store: Store,  # noqa: F811 - not the fixture
          session: SessionSignals | None = None,
          changes: Changes | None = None) -> ConflictListDialog:
    return _dialog(qtbot, store, changes,
                   status_changed=session.statusChanged if session else None)


def _ids(dialog: ConflictListDialog) -> list[str]:
    return [dialog.entries.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(dialog.entries.count())]


def _selected(dialog: ConflictListDialog) -> list[str]:
    return [i.command_id for i in dialog.chosen()]


def test_a_sync_that_changes_the_outbox_reloads_the_open_list_keeping_the_selection(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    first, second, third = (_platform_claimed(store), _newer_version_conflict(store),
                            _refused(store, 3))
    session = SessionSignals()
    dialog = _open(qtbot, store, session)
    dialog.select([second.id, third.id])
    assert dialog.selected() is not None and dialog.selected().command_id == second.id
    # Resolved elsewhere (another window discarded it), and a new conflict arrives.
    assert store.discard_command(first.id)
    arriving = _refused(store, 4)
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000) as refreshed:
        session.statusChanged.emit(object())
    assert refreshed.args == [3]
    assert _ids(dialog) == [second.id, third.id, arriving.id]
    assert _selected(dialog) == [second.id, third.id]
    current = dialog.selected()
    assert current is not None and current.command_id == second.id
    assert "Claim on" in dialog.summary.text()

    # The current one resolved too: the one now in its row is current.
    assert store.discard_command(second.id)
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000):
        session.statusChanged.emit(object())
    assert _ids(dialog) == [third.id, arriving.id]
    current = dialog.selected()
    assert current is not None and current.command_id == third.id
    assert _selected(dialog) == [third.id]


def test_several_selected_are_discarded_after_one_confirmation_that_says_how_many(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    first, second, kept = (_platform_claimed(store), _newer_version_conflict(store),
                           _refused(store, 3))
    changes = Changes()
    dialog = _open(qtbot, store, changes=changes)
    assert dialog.entries.currentRow() == 0
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(dialog) == [first.id, second.id]
    assert dialog.discard_button.isEnabled() and dialog.reapply_button.isEnabled()

    # Cancelled (Escape): nothing lost.
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    assert box.windowTitle() == "Discard 2 changes?"
    assert box.text() == ("Discard the 2 selected changes? The platform's records stay as they "
                          "are; your changes are lost.")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is box, timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirmation is None, timeout=5000)
    assert len(store.conflicts()) == 3 and changes.count == 0

    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    box = _confirmation(qtbot, dialog)
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000) as refreshed:
        box.button(QMessageBox.StandardButton.Discard).click()
    assert refreshed.args == [1]
    assert [e.command.id for e in store.conflicts()] == [kept.id]
    assert store.pending_commands() == [] and changes.count == 1
    assert _ids(dialog) == [kept.id]


def test_a_discard_takes_only_what_the_confirmation_named_whatever_a_sync_brings_meanwhile(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    first, second = _platform_claimed(store), _newer_version_conflict(store)
    session = SessionSignals()
    dialog = _open(qtbot, store, session)
    dialog.select([first.id, second.id])
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    # While the question is open, a sync brings a new conflict; the list reloads.
    arriving = _refused(store, 3)
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000):
        session.statusChanged.emit(object())
    dialog.select([first.id, second.id, arriving.id])
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Discard).click()
    assert [e.command.id for e in store.conflicts()] == [arriving.id]


def test_several_re_applied_at_once_and_the_one_that_no_longer_fits_stays_with_why(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    lost, fits = _platform_claimed(store), _newer_version_conflict(store)
    changes = Changes()
    dialog = _open(qtbot, store, changes=changes)
    dialog.select([lost.id, fits.id])
    with qtbot.waitSignal(dialog.refreshed, timeout=10_000):
        qtbot.keyClick(dialog.entries, Qt.Key.Key_Return)
    assert [e.command.id for e in store.conflicts()] == [lost.id]
    (queued,) = store.pending_commands()
    assert queued.command.entity_id == "T-000002" and queued.state is OutboxState.PENDING
    assert changes.count == 1
    said = dialog.error_label.text().splitlines()
    assert dialog.error_label.isVisible()
    assert said[0] == "Re-applied 1 of 2 changes. These no longer fit and stay in the list:"
    assert said[1].startswith("Claim on review task 220100-2025-000001") and \
        "already claimed by" in said[1], said
    assert _ids(dialog) == [lost.id]



def test_a_discard_confirmed_while_a_sync_s_reload_is_under_way_is_done_after_it(
        qtbot: QtBot, store: Store) -> None:  # noqa: F811 - the fixture
    first, kept = _platform_claimed(store), _newer_version_conflict(store)
    session = SessionSignals()
    dialog = _open(qtbot, store, session)
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    session.statusChanged.emit(object())  # the reload starts at once, on the worker
    assert dialog.busy
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: [e.command.id for e in store.conflicts()] == [kept.id],
                    timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.busy and _ids(dialog) == [kept.id], timeout=10_000)
    assert first.id not in _ids(dialog)
