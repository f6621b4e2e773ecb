"""One text box of the task detail whose unsent text is a draft per task.

The opinion and the new comment are both written at length and sent later:
what is in the box when the person moves to another task, signs out,
switches user or quits waits for that task to be shown again, in this
session or the next (:mod:`.opinion_drafts` keeps them in the account's own
store, one entry per box). Sent, the task's draft is gone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

from backoffice.store import Store
from ui.inbox import opinion_drafts

DRAFT_KEEP_MS = 1000  # after the last keystroke

Run = Callable[[Callable[[], object], Callable[[object], None]], None]


class BoxDrafts(QObject):
    """The drafts of ``box``, per task id, kept in ``store`` under ``key``.

    ``shown``: the task on screen (its draft is what the box holds); ``run``:
    the detail's one store thread, so reads and writes keep their order.
    """

    def __init__(self, box: QPlainTextEdit, key: str, store: Store,
                 shown: Callable[[], str | None], run: Run, parent: QObject) -> None:
        super().__init__(parent)
        self._box, self._key, self._store, self._shown, self._run = box, key, store, shown, run
        self._drafts: dict[str, str] = {}  # task id → typed, not sent yet
        self._kept: dict[str, str] = {}  # what the store holds
        self._loaded = False
        # Typing is kept in the store a moment after it stops: a crash loses a second.
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.setInterval(DRAFT_KEEP_MS)
        self._typed.timeout.connect(self.keep)
        box.textChanged.connect(self._typed.start)
        run(lambda: opinion_drafts.load(store, key), self._back)

    def note(self) -> None:
        """The shown task's box into the drafts (an empty box drops its draft)."""
        task_id = self._shown()
        if task_id is None:
            return
        text = self._box.toPlainText()
        if text.strip():
            self._drafts[task_id] = text
        else:
            self._drafts.pop(task_id, None)

    def show(self, task_id: str | None) -> None:
        """The box as ``task_id`` left it (call :meth:`note` for the task leaving first)."""
        self._box.setPlainText(self._drafts.get(task_id, "") if task_id else "")

    def sent(self, task_id: str | None) -> None:
        """``task_id``'s text was queued: its draft goes, and the box if still shown."""
        self._drafts.pop(task_id or "", None)
        if self._shown() == task_id:
            self._box.clear()
        self.keep()

    def _back(self, kept: object) -> None:
        """An earlier session's drafts: under what this one typed meanwhile."""
        assert isinstance(kept, dict)
        self.note()
        self._drafts = {**kept, **self._drafts}
        self._kept, self._loaded = dict(kept), True
        draft = self._drafts.get(self._shown() or "")
        if draft and not self._box.toPlainText().strip():
            self._box.setPlainText(draft)
        self.keep()

    def keep(self) -> None:
        """Write the drafts to the store if they changed (on the store thread, in order)."""
        self._typed.stop()
        self.note()
        if not self._loaded or self._drafts == self._kept:
            return  # before the kept ones are read, writing would drop them
        store, key, drafts = self._store, self._key, dict(self._drafts)
        self._kept = drafts
        self._run(lambda: opinion_drafts.keep(store, drafts, key), lambda _r: None)
