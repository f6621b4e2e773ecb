"""A workspace's splitter keeps its place across restarts and sign-ins.

Start-up restores the window and its named splitters before anyone is signed
in (``ui/app.py``), and the workspaces are built after sign-in: their
splitters came back at the default sizes. :func:`keep_place` puts a splitter
back as it is built — before it is shown its saved sizes are hints that its
first layout keeps, and saving it again unshown gives the same state, so the
window's save at exit loses nothing of a workspace never opened — and saves it
whenever it is hidden: the window closing, another workspace or tab shown,
the workspace taken out at sign-out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QSplitter

from ui.settings import SPLITTER_GROUP, Settings

_log = logging.getLogger(__name__)


class _Keeper(QObject):
    def __init__(self, splitter: QSplitter, settings: Settings) -> None:
        super().__init__(splitter)
        self.splitter, self.settings = splitter, settings
        self.key = f"{SPLITTER_GROUP}/{splitter.objectName()}"

    def restore(self) -> None:
        raw = self.settings.qsettings.value(self.key)
        state = QByteArray(raw) if isinstance(raw, bytes) else raw
        if not isinstance(state, QByteArray) or state.isEmpty():
            return
        if not self.splitter.restoreState(state):
            _log.warning("saved state of splitter %s unusable; default sizes kept",
                         self.splitter.objectName())

    def save(self) -> None:
        self.settings.qsettings.setValue(self.key, self.splitter.saveState())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Hide:
            self.save()
        return False


def keep_place(splitter: QSplitter, settings: Settings) -> None:
    """Restore ``splitter`` (named, its panes added) from ``settings`` now; save it there
    each time it is hidden."""
    assert splitter.objectName(), "the saved state is keyed by the splitter's name"
    keeper = _Keeper(splitter, settings)
    keeper.restore()
    splitter.installEventFilter(keeper)
