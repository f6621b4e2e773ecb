"""The sync button says a platform that answers busy or failing is not available,
not that this computer is offline, and promises no attempt once signed out."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from backoffice.remote.errors import OFFLINE, SERVER_ERROR, THROTTLED
from backoffice.sync.status import SyncState, SyncStatus
from ui.widgets.sync_status import SyncStatusButton

SOON = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def _button(qtbot: QtBot, status: SyncStatus) -> SyncStatusButton:
    button = SyncStatusButton()
    qtbot.addWidget(button)
    button.lang = "en"
    button.show_status(status)
    return button


def test_a_platform_answering_503_or_429_is_not_available_not_offline(qtbot: QtBot) -> None:
    for code in (SERVER_ERROR, THROTTLED):
        button = _button(qtbot, SyncStatus(state=SyncState.OFFLINE, error=code))
        assert button.text().startswith("Platform not available"), code
    assert _button(qtbot, SyncStatus(state=SyncState.OFFLINE, error=OFFLINE)).text() == "Offline"


def test_signed_out_promises_no_next_attempt(qtbot: QtBot) -> None:
    button = _button(qtbot, SyncStatus(state=SyncState.SIGNED_OUT, next_attempt=SOON))
    assert "Next attempt" not in button.toolTip()
    offline = _button(qtbot, SyncStatus(state=SyncState.OFFLINE, error=OFFLINE, next_attempt=SOON))
    assert "Next attempt" in offline.toolTip()
