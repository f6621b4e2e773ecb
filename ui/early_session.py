"""The inbox's session during start-up, before the platform client is there.

Start-up shows the saved account's inbox first — the first page kept at the
last quit when the store is still as it was then, else read from the store,
opened first; the
platform client, the sync engine and the scheduler (:class:`ui.session.Session`,
about a third of a second of imports) come after the rows are painted. Until
then the inbox list reads the store through this object; afterwards it
relays the real session's status and its local actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from backoffice.store import Store
    from backoffice.sync.accounts import Account


class EarlySession(QObject):
    """An account and its open store: what the inbox list needs of a session."""

    statusChanged = Signal(object)  # the real session's, relayed once it is there
    syncProgressed = Signal(object)  # likewise

    def __init__(self, account: Account, store: Store | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        # None while the inbox shows the page kept at the last quit
        # (backoffice/store/kept_page.py); the store opens after its paint.
        self.account, self.store = account, store
        self.session: Any = None
        self._acted = False  # a command queued before the scheduler existed

    def local_action(self) -> None:
        if self.session is not None:
            self.session.local_action()
        else:
            self._acted = True

    def become(self, session: Any) -> None:
        """The real session is there: from now on its status, and a push for what was queued."""
        self.session = session
        session.statusChanged.connect(self.statusChanged)
        session.syncProgressed.connect(self.syncProgressed)
        if self._acted:
            session.local_action()
