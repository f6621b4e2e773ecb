"""An inbox workspace without the detail pane over a seeded store, shown and loaded."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from test_inbox_fixtures import TODAY, StandInSession

from backoffice.store import Store
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings


def shown_workspace(qtbot: QtBot, store: Store, settings: Settings, rows: int,
                    lang: str = "en") -> InboxWorkspace:
    """The list of ``store`` (``rows`` tasks), after its first page has arrived."""
    w = InboxWorkspace(StandInSession(store), lang=lang, settings=settings, today=TODAY,
                       with_detail=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.model.rowCount() == rows, timeout=10_000)
    return w
