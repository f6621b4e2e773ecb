"""The diagnostics say why each record from the platform was set aside.

They counted the records set aside ("quarantined: 1") and nothing said why
but the log. Help › Copy diagnostics now adds a line per record: the reason
as a sentence in the person's language, and as the store keeps it, for
support. The shell signed in against the sandbox, whose first pull carries
a malformed record.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication
from pytestqt.qtbot import QtBot
from test_shell import SLOW, _sign_in_with_dialog, _start, _synced, sandbox, shell, user  # noqa: F401

from backoffice import messages
from backoffice.sandbox.server import Sandbox
from backoffice.store.quarantine import Quarantined
from backoffice.sync.reasons import set_aside_reason, where_words
from ui.session import Session
from ui.shell import Shell


def signed_in_with_one_set_aside(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox,  # noqa: F811 - the fixtures
) -> tuple[Session, Quarantined]:
    """The shell signed in after a first pull whose page carried one malformed record."""
    sandbox.faults.malform("/api/v1/changes", how="bad_record")
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None
    qtbot.waitUntil(lambda: session.status.quarantined == 1, timeout=SLOW)
    with session.store.read() as uow:
        (kept,) = uow.quarantine.entries()
    return session, kept


def test_copied_diagnostics_say_why_each_record_was_set_aside(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:  # noqa: F811 - the fixtures
    _session, kept = signed_in_with_one_set_aside(qtbot, shell, sandbox)
    said = set_aside_reason(kept.reason, "en")  # where the record is not as agreed
    assert said == messages.render_code(
        "sync.set_aside_malformed", {"where": where_words(kept.reason.split(": ")[0], "en")}, "en")

    QGuiApplication.clipboard().clear()
    action = shell.window.findChild(QAction, "copyDiagnosticsAction")
    assert action is not None
    action.trigger()
    qtbot.waitUntil(lambda: "set aside 1:" in QGuiApplication.clipboard().text(), timeout=SLOW)
    (line,) = [x for x in QGuiApplication.clipboard().text().splitlines()
               if x.startswith("set aside")]
    assert said in line and kept.entity_id is not None and kept.entity_id in line
    assert f"kept as: {' '.join(kept.reason.split())}" in line  # for support, as stored
    assert "quarantined: 1" in QGuiApplication.clipboard().text()
