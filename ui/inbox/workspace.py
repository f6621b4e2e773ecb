"""The inbox workspace: the task list on the left, the task's detail on the right.

It only orchestrates (engineering brief, pattern 8): the list tells which
task is current, the detail shows it; when the detail queues a command the
list refreshes that row in place. Anything with ``store``, ``account``
(``username``, ``department_code``), ``local_action()`` and
``statusChanged`` will do as the session — the 200,000-task benchmark
passes a stand-in and no detail pane (the detail also needs the file cache
and the platform client).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui.inbox.view import InboxList, InboxSession
from ui.settings import Settings

_log = logging.getLogger("ui.inbox")


class InboxWorkspace(QWidget):
    def __init__(self, session: InboxSession, parent: QWidget | None = None, *,
                 lang: str = "zh", settings: Settings | None = None,
                 today: dt.date | None = None, with_detail: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("inboxWorkspace")
        self.session = session
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("inboxSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.list = InboxList(session, self.splitter, lang=lang, settings=settings, today=today)
        self.detail: Any = self._make_detail(session, lang) if with_detail else None
        self.splitter.addWidget(self.list)
        if self.detail is not None:
            self.splitter.addWidget(self.detail)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            # The list wants the room: most of the width to the table at first.
            self.splitter.setSizes([700, 460])
        detail: Any = self.detail
        if hasattr(detail, "show_task"):
            self.list.currentTaskChanged.connect(detail.show_task)
            detail.changed.connect(self.list.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.list.view)
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

    @property
    def model(self) -> Any:
        return self.list.model

    def refresh(self) -> None:
        self.list.refresh()

    def close_session(self) -> None:
        """Stop background work before the store closes."""
        self.list.close_session()
        wait = getattr(self.detail, "wait", None)
        if callable(wait):
            wait()
