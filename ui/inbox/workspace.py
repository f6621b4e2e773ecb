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

The splitter between list and detail keeps its place as every workspace's
does (``ui.widgets.splitter_place``): restored as the workspace is built
(start-up's restore runs before the inbox exists), saved whenever it is
hidden — another workspace shown, sign-out, the window closing. Its key is
the one earlier versions saved under (``splitters/inboxSplitter``), in the
same format: a place saved by them comes back as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui.inbox.view import InboxList, InboxSession
from ui.settings import Settings
from ui.widgets.splitter_place import keep_place

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
        if with_detail:
            # The detail pane's room is kept from the start: the first rows are
            # painted at their final width, not at full width and again narrower
            # when the pane arrives (it is built after them at start-up).
            self._room = QWidget(self.splitter)
            self._room.setObjectName("taskDetailRoom")
            self.splitter.addWidget(self._room)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            # The list a little more: at 1366 px the detail's actions still keep two rows
            # above the page viewer (whose button row, too wide to fold, once held it there).
            self.splitter.setSizes([620, 580])
            # Only with the detail's room: the list alone (the benchmark) would
            # save a one-pane state over the person's two-pane one.
            keep_place(self.splitter, self.settings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Ctrl+F from anywhere in the workspace, the detail pane too.
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.list.focus_search)
        if session is not None:
            self.attach(session)

    def attach(self, session: InboxSession, *, detail_later: bool = False) -> None:
        """The store is open: the rows, the detail pane, the saved splitter.

        With ``detail_later`` (the app's start-up) the detail pane waits for
        :meth:`ensure_detail`: the shell builds it once the rows are painted
        and the session has its platform client.
        """
        self.session = session
        self.list.attach(session)
        if not detail_later:
            self.ensure_detail()
        self.list.start()

    def ensure_detail(self) -> None:
        """Build the detail pane beside the list, once (none before a session)."""
        session = self.session
        if not self.with_detail or self.detail is not None or session is None:
            return
        # Made without a parent: a child of the splitter would be added to it
        # at once (resizing the list) and replaceWidget refuses a sibling.
        detail: Any = self._make_detail(session, self.lang)
        # Same place, same size as the room kept for it.
        self.splitter.replaceWidget(self.splitter.indexOf(self._room), detail)
        # The stretch is the widget's own size policy: the room's did not pass on.
        self.splitter.setStretchFactor(1, 2)
        self._room.deleteLater()
        self.detail = detail
        if hasattr(detail, "show_task"):
            self.list.currentTaskChanged.connect(detail.show_task)
            detail.changed.connect(self.list.refresh)
            current = self.list.current_task()
            if current is not None:  # chosen before the pane was there
                detail.show_task(current)

    def _make_detail(self, session: InboxSession, lang: str) -> Any:
        try:
            from ui.inbox.detail import TaskDetail
        except ImportError:  # the detail pane is built separately; the list works alone
            _log.warning("task detail not available", exc_info=True)
            placeholder = QWidget()
            placeholder.setObjectName("taskDetail")
            return placeholder
        return TaskDetail(session, None, lang=lang)  # type: ignore[arg-type]

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Focus given to the workspace goes to the table. Not a focus proxy:
        # Tab into a widget with one jumps to the proxy, past everything the
        # chain has before it (search, views, filters).
        super().focusInEvent(event)
        self.list.view.setFocus(event.reason())

    @property
    def model(self) -> Any:
        return self.list.model

    def refresh(self) -> None:
        self.list.refresh()

    def set_due_soon_days(self, days: int) -> None:
        """How many working days before a deadline the list warns (Settings, applied at once)."""
        self.list.set_due_soon_days(days)

    def close_session(self) -> None:
        """Stop background work before the store closes."""
        self.list.close_session()
        keep = getattr(self.detail, "keep_drafts", None)
        if callable(keep):
            keep()  # the opinion being typed, for the next session
        wait = getattr(self.detail, "wait", None)
        if callable(wait):
            wait()
