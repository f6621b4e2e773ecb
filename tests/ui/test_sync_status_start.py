"""What the status bar says while a start is still finding out (pytest-qt, offscreen).

QA: starting offline with a saved sign-in, the sync button said "Not signed
in", then "Online", before "Offline". Until the first sync answers it says
"Connecting…"; "Not signed in" only once we know nobody is.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from test_shell import SLOW, _saved_offline_sign_in, _window_and_shell, sandbox  # noqa: F401

from backoffice.sandbox.server import Sandbox
from backoffice.sync.status import SyncStatus
from ui.widgets.sync_status import SyncStatusButton


def _said(button: SyncStatusButton) -> list[str]:
    """Every text the button shows from now on (observed, not replaced)."""
    seen = [button.text()]
    show = button.show_status

    def shown(status: SyncStatus | None) -> None:
        show(status)
        if button.text() != seen[-1]:
            seen.append(button.text())

    button.show_status = shown  # type: ignore[method-assign]
    return seen


def test_a_saved_sign_in_started_offline_says_connecting_then_offline(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox  # noqa: F811
) -> None:
    _saved_offline_sign_in(sandbox)  # the platform of the saved sign-in is unreachable
    window, shell = _window_and_shell(qtbot, data_dir)
    said = _said(window.sync_button)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        qtbot.waitUntil(lambda: said[-1].startswith("Offline"), timeout=SLOW)
        before, tip = said[:-1], window.sync_button.toolTip()
    finally:
        shell.close()
    # Never Online, never Not signed in: connecting, then its first attempt, then offline.
    assert before[0] == "Connecting…", said
    assert set(before) <= {"Connecting…", "Syncing…"}, said
    assert "Last successful sync: 20" in tip, tip  # the store's, from an earlier day


def test_without_a_saved_sign_in_it_says_not_signed_in_once_that_is_known(
    qtbot: QtBot, data_dir: Path
) -> None:
    window, shell = _window_and_shell(qtbot, data_dir, dialogs=False)
    said = _said(window.sync_button)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert said == ["Connecting…", "Not signed in"], said
    finally:
        shell.close()

