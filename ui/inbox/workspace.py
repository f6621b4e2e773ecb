"""The inbox workspace: the task list on the left, the task's detail on the right.

It only orchestrates (engineering brief, pattern 8): the list tells which
task is current, the detail shows it; when the detail queues a command the
list refreshes that row in place. Anything with ``store``, ``account``
(``username``, ``department_code``), ``local_action()`` and
``statusChanged`` will do as the session — the 200,000-task benchmark
passes a stand-in and no detail pane (the detail also needs the file cache
and the platform client).

The workspace may be built before the store is open (``session=None``):
the list's skeleton paints at once, and :meth:`InboxWorkspace.attach`
brings the rows and the detail when the session arrives.

The splitter between list and detail keeps its place: its state is read
from the settings when the workspace is built (start-up's restore runs
before the inbox exists) and written when the session closes — and, with
every other named splitter, when the window closes (``ui.settings``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui.inbox.view import InboxList, InboxSession
from ui.settings import SPLITTER_GROUP, Settings

_log = logging.getLogger("ui.inbox")

SPLITTER_NAME = "inboxSplitter"


class InboxWorkspace(QWidget):
    def __init__(self, session: InboxSession | None, parent: QWidget | None = None, *,
                 lang: str = "zh", settings: Settings | None = None,
                 today: dt.date | None = None, with_detail: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("inboxWorkspace")
        self.session: InboxSession | None = None
        self.lang, self.with_detail = lang, with_detail
        self.settings = settings if settings is not None else Settings()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(SPLITTER_NAME)
        self.splitter.setChildrenCollapsible(False)
        self.list = InboxList(None, self.splitter, lang=lang, settings=self.settings,
                              today=today)
        self.splitter.addWidget(self.list)
        self.detail: Any = None
        self._restore_when_shown = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.list.view)
        if session is not None:
            self.attach(session)

    def attach(self, session: InboxSession) -> None:
        """The store is open: the rows, the detail pane, the saved splitter."""
        self.session = session
        self.list.attach(session)
        if self.with_detail:
            self.detail = self._make_detail(session, self.lang)
            self.splitter.addWidget(self.detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            # The list wants the room: most of the width to the table at first.
            self.splitter.setSizes([700, 460])
            # Sizes are only meaningful once the splitter has its width.
            if self.isVisible():
                self._restore_splitter()
            else:
                self._restore_when_shown = True
        detail: Any = self.detail
        if hasattr(detail, "show_task"):
            self.list.currentTaskChanged.connect(detail.show_task)
            detail.changed.connect(self.list.refresh)
        self.list.start()

    def _make_detail(self, session: InboxSession, lang: str) -> Any:
        try:
            from ui.inbox.detail import TaskDetail
        except ImportError:  # the detail pane is built separately; the list works alone
            _log.warning("task detail not available", exc_info=True)
            placeholder = QWidget(self.splitter)
            placeholder.setObjectName("taskDetail")
            return placeholder
        return TaskDetail(session, self.splitter, lang=lang)  # type: ignore[arg-type]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._restore_when_shown:
            self._restore_when_shown = False
            self._restore_splitter()

    def _splitter_key(self) -> str:
        return f"{SPLITTER_GROUP}/{SPLITTER_NAME}"

    def _restore_splitter(self) -> None:
        raw = self.settings.qsettings.value(self._splitter_key())
        usable = isinstance(raw, QByteArray) and not raw.isEmpty()
        if usable and not self.splitter.restoreState(raw):
            _log.warning("saved inbox splitter state unusable; default sizes kept")

    def save_splitter(self) -> None:
        """Remember where the splitter is (only once the detail pane is in it)."""
        if self.splitter.count() > 1:
            self.settings.qsettings.setValue(self._splitter_key(), self.splitter.saveState())
            self.settings.qsettings.sync()

    @property
    def model(self) -> Any:
        return self.list.model

    def refresh(self) -> None:
        self.list.refresh()

    def close_session(self) -> None:
        """Stop background work before the store closes."""
        self.save_splitter()
        self.list.close_session()
        wait = getattr(self.detail, "wait", None)
        if callable(wait):
            wait()
