"""The status bar says a re-sync after an upgrade is under way, beside its records received."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from backoffice.sync.status import SyncState, SyncStatus
from ui.widgets.sync_status import SyncStatusButton

AGAIN = "Syncing everything again after the upgrade…"


def test_the_button_says_a_resync_after_an_upgrade_while_it_runs(qtbot: QtBot) -> None:
    button = SyncStatusButton()
    qtbot.addWidget(button)
    button.show_status(SyncStatus(state=SyncState.SYNCING, received=12_345,
                                  resync_after_upgrade=True))
    assert button.text() == f"{AGAIN} · 12,345 records received"
    assert button.toolTip().count("every record from the platform once more") == 1
    # Cut short (offline): the state is said, the tooltip still tells what goes on next time.
    button.show_status(SyncStatus(state=SyncState.OFFLINE, resync_after_upgrade=True))
    assert button.text() == "Offline"
    assert "goes on where it stopped" in button.toolTip()
    button.show_status(SyncStatus(state=SyncState.SYNCING, received=12_345))
    assert button.text() == "Syncing… · 12,345 records received"
    assert "once more" not in button.toolTip()
