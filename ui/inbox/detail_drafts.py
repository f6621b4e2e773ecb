"""One text box of the task detail whose unsent text is a draft per task.

The opinion and the new comment are both written at length and sent later:
what is in the box when the person moves to another task, signs out,
switches user or quits waits for that task to be shown again, in this
session or the next (:mod:`.opinion_drafts` keeps them in the account's own
store, one entry per box). Sent, the task's draft is gone. When the store
cannot take them as the session closes, :func:`ask_unkept` offers the text
to the clipboard before it goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.store import Store
from ui.inbox import opinion_drafts

_log = logging.getLogger("ui.inbox.detail_drafts")

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
        # The last write's drafts and why it failed; None once one succeeds. Set on
        # the store thread, read once that thread is done (the session closing).
        self._unkept: tuple[dict[str, str], BaseException] | None = None
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
        if self._drafts == self._kept:
            return
        store, key, drafts, loaded = self._store, self._key, dict(self._drafts), self._loaded
        if loaded:
            self._kept = drafts

        def write() -> None:
            # Before the kept ones are read (the store thread reads them first), the
            # typed ones are added to them: written over them, they would be dropped.
            whole = drafts
            try:
                if not loaded:
                    whole = {**opinion_drafts.load(store, key), **drafts}
                opinion_drafts.keep(store, whole, key)
            except BaseException as exc:
                self._unkept = (whole, exc)
                raise
            self._unkept = None

        self._run(write, lambda _r: None)

    def unkept(self) -> tuple[dict[str, str], BaseException] | None:
        """The drafts the last write could not keep, and why (call with the store thread idle)."""
        return self._unkept


def ask_unkept(parent: QWidget, boxes: Iterable[BoxDrafts], lang: str) -> None:
    """Typed text the store could not keep, offered to the clipboard before it is lost.

    Asked as the session closes (the store goes next): a modal question, as the
    app's own event loop may have ended already (quitting).
    """
    unkept = [u for u in (b.unkept() for b in boxes) if u is not None]
    texts = [text for drafts, _ in unkept for _, text in sorted(drafts.items())]
    if not texts:
        return  # only an emptied set was not written: nothing typed is lost
    exc = unkept[0][1]
    _log.error("drafts could not be kept", exc_info=exc)
    reason = messages.render(exc, lang) if isinstance(exc, BackofficeError) else \
        QCoreApplication.translate("TaskDetail", "Something went wrong; the log has the details.")
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate(
        "TaskDetail", "Typed text not kept"), QCoreApplication.translate(
        "TaskDetail", "What you typed and did not send could not be kept on this computer: "
        "{reason}\nCopy it to the clipboard before it is lost?").format(reason=reason),
        QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unkeptDrafts")
    copy = box.addButton(QCoreApplication.translate("TaskDetail", "Copy to the clipboard"),
                         QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("TaskDetail", "Discard"),
                  QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(copy)
    box.setEscapeButton(copy)  # only the explicit Discard loses the text
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText("\n\n".join(texts))
