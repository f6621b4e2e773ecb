"""A record set aside is in sight, and the person can fetch it again.

The feed sends a record again only when it changes, so a record set aside
(one page garbled on its way) stayed out of the inbox for good, said only
in the status button's tooltip. The button now counts it, and File › Fetch
set-aside records again pulls every record once more — not announced as a
re-sync after an upgrade, which it is not. The shell signed in against the
sandbox, whose first pull carries a malformed record; real widgets.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from test_shell import SLOW, sandbox, shell  # noqa: F401
from test_shell_set_aside import signed_in_with_one_set_aside

from backoffice.sandbox.server import Sandbox
from backoffice.sync.status import SyncState, SyncStatus
from ui.shell import Shell


def test_a_record_set_aside_is_counted_in_sight_and_fetched_again(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:  # noqa: F811 - the fixtures
    session, kept = signed_in_with_one_set_aside(qtbot, shell, sandbox)
    button = shell.window.sync_button
    qtbot.waitUntil(lambda: "1 set aside" in button.text(), timeout=SLOW)
    action = shell.window.findChild(QAction, "fetchSetAsideAction")
    assert action is not None and action.isEnabled()

    seen: list[SyncStatus] = []
    session.engine.status.subscribe(seen.append)
    action.trigger()
    qtbot.waitUntil(lambda: session.status.quarantined == 0
                    and session.status.state is not SyncState.SYNCING, timeout=SLOW)
    assert kept.entity is not None and kept.entity_id is not None
    with session.store.read() as uow:
        assert uow.repository(kept.entity).get(kept.entity_id) is not None  # back in the store
    assert not any(s.resync_after_upgrade for s in seen)  # the person's ask, no upgrade
    assert "set aside" not in button.text()
    assert not action.isEnabled()
