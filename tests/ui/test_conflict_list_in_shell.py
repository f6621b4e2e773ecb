"""The shell's conflict list follows the session's sync while it is open.

The real shell signed in to the real sandbox on loopback: a conflict the
sync brings appears in the open list, and one resolved elsewhere goes.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from test_shell import (  # noqa: F401 - the fixtures
    FRESH,
    SLOW,
    _colleague_claims_first,
    _sign_in_with_dialog,
    _start,
    _synced,
    sandbox,
    shell,
    user,
)

from backoffice.domain.commands import Command
from backoffice.sandbox.server import Sandbox
from ui.dialogs.conflicts import ConflictListDialog
from ui.shell import Shell


def test_the_open_conflict_list_shows_what_the_sync_brings_and_drops_what_is_resolved(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:  # noqa: F811 - the fixtures
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None
    shell.window.conflicts_action.trigger()
    dialog = shell.dialog
    assert isinstance(dialog, ConflictListDialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=SLOW)
    assert dialog.entries.count() == 0

    me, dept = session.account.username, session.account.department_code
    with session.store.read() as uow:
        task = next(t for t in uow.tasks.all()
                    if t.department_code == dept and t.case_code == FRESH.case_code)
    claim = Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me)
    session.store.record_command(claim)
    _colleague_claims_first(sandbox, task.id, task.version)
    session.sync_now()
    qtbot.waitUntil(lambda: dialog.entries.count() == 1, timeout=SLOW)

    # Resolved elsewhere (the command line, another window): it goes from the open list.
    assert session.store.discard_command(claim.id)
    session.conflicts_changed()
    qtbot.waitUntil(lambda: dialog.entries.count() == 0, timeout=SLOW)
    assert dialog.empty_label.isVisible()
