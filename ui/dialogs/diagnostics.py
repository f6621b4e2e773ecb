"""Help for support: diagnostics to copy, the log folder, and a dialog for crashes.

:func:`diagnostics_text` is what a person pastes into a support request:
versions, system, the folders in use, plus what the caller knows (the last
sync's status). Its labels stay English whatever the interface language:
it is read by support staff and searched in tickets, and the values (paths,
versions) are not words anyway.

:func:`install_exception_dialog` adds a dialog to the unhandled-exception
hook of :mod:`backoffice.logs`: the exception is still logged (with its
traceback) by that hook first; then the person sees what happened and where
the log is, instead of a window that silently stopped doing something.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from backoffice import __version__, logs, paths
from backoffice.domain.errors import BackofficeError
from ui.widgets.plain import PlainLabel

_log = logging.getLogger(__name__)


def _path(get: Callable[[], Path | None]) -> str:
    try:
        found = get()
    except BackofficeError as exc:  # an unusable BACKOFFICE_DATA_DIR, say
        return f"unavailable ({exc.code})"
    return str(found) if found is not None else "none"


def diagnostics_text(extra: Mapping[str, str] | None = None) -> str:
    """Versions, system and folders, one ``Label: value`` per line, then ``extra``."""
    lines = [
        f"OneVisit Back Office: {__version__}",
        f"Operating system: {platform.platform()} ({platform.machine()})",
        f"Python: {platform.python_version()} ({sys.executable})",
        f"Qt: {qVersion()}",
        f"PySide6: {PySide6.__version__}",
        f"Frozen build: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
        f"Data folder: {_path(lambda: paths.data_dir(create=False))}",
        f"Log folder: {_path(lambda: paths.log_dir(create=False))}",
        f"Log file: {_path(logs.log_file)}",
        f"Cache folder: {_path(lambda: paths.cache_dir(create=False))}",
    ]
    lines.extend(f"{key}: {value}" for key, value in (extra or {}).items())
    return "\n".join(lines) + "\n"


def copy_diagnostics(extra: Mapping[str, str] | None = None) -> str:
    """Put :func:`diagnostics_text` on the clipboard; returns what was copied."""
    text = diagnostics_text(extra)
    QGuiApplication.clipboard().setText(text)
    return text


def log_folder() -> Path:
    current = logs.log_file()
    return current.parent if current is not None else paths.log_dir()


def open_log_folder() -> bool:
    """Show the log folder in the system's file manager; False when that failed."""
    try:
        folder = log_folder()
    except BackofficeError:
        _log.warning("no log folder to open", exc_info=True)
        return False
    opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    if not opened:
        _log.warning("could not open the log folder %s", folder)
    return bool(opened)


class ExceptionDialog(QDialog):
    """What went wrong (plain text) and where the log is; not modal, so it never blocks."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(QApplication.activeWindow())
        self.setObjectName("exceptionDialog")
        self.setWindowTitle(QCoreApplication.translate("ExceptionDialog", "Unexpected error"))
        intro = PlainLabel(QCoreApplication.translate(
            "ExceptionDialog",
            "Something went wrong that the app did not expect. What you were doing may not have "
            "finished; check it, and restart the app if it behaves oddly. The details are in the log."),
            self)
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("exceptionDetails")
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.add(kind, message)
        self.log_label = PlainLabel(QCoreApplication.translate("ExceptionDialog", "Log: {path}").format(
            path=_path(logs.log_file)), self)
        self.log_label.setObjectName("exceptionLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(QCoreApplication.translate("ExceptionDialog", "&Copy details"), self)
        copy.setObjectName("exceptionCopy")
        copy.clicked.connect(self.copy_details)
        folder = QPushButton(QCoreApplication.translate("ExceptionDialog", "Open &log folder"), self)
        folder.setObjectName("exceptionOpenLog")
        folder.clicked.connect(open_log_folder)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def add(self, kind: str, message: str) -> None:
        """Another exception while the dialog is up: one more line, not one more dialog."""
        self.details.appendPlainText(f"{kind}: {message}" if message else kind)

    @Slot()
    def copy_details(self) -> None:
        copy_diagnostics({"Errors": self.details.toPlainText().replace("\n", " | ")})


class ExceptionReporter(QObject):
    """Wraps ``sys.excepthook`` and ``threading.excepthook``; shows :class:`ExceptionDialog`."""

    # Emitted from whichever thread raised; queued to this object on the GUI thread.
    _report = Signal(str, str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.dialog: ExceptionDialog | None = None
        self.shown = 0
        self._broken = False  # the dialog itself failed once: never try again
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        sys.excepthook = self.hook
        threading.excepthook = self.thread_hook

    def uninstall(self) -> None:
        if sys.excepthook == self.hook:
            sys.excepthook = self._previous
        if threading.excepthook == self.thread_hook:
            threading.excepthook = self._previous_thread

    def hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self._previous(exc_type, exc, tb)  # logs it, traceback and all
        if not issubclass(exc_type, KeyboardInterrupt):
            self._queue(exc_type, exc)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self._previous_thread(args)
        if args.exc_type is not SystemExit:
            self._queue(args.exc_type, args.exc_value)

    def _queue(self, exc_type: type[BaseException], exc: BaseException | None) -> None:
        if self._broken:
            return
        try:
            # Redacted like the log: the text may be copied into a support ticket.
            self._report.emit(exc_type.__name__, logs.redact(str(exc) if exc is not None else ""))
        except Exception:  # noqa: BLE001 - a hook must never raise
            _log.debug("could not queue the exception dialog", exc_info=True)

    @Slot(str, str)
    def _show(self, kind: str, message: str) -> None:
        # Queued, so it runs from the event loop after the hook returned: no
        # dialog is built inside the failing call's stack.
        if self._broken:
            return
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add(kind, message)
                return
            dialog = ExceptionDialog(kind, message)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._closed)
            self.dialog = dialog
            dialog.show()
            dialog.raise_()
            self.shown += 1
        except Exception:  # noqa: BLE001 - failing here must not call the hook again
            self._broken = True
            _log.error("the exception dialog failed; exceptions are only logged from now on",
                       exc_info=True)

    @Slot()
    def _closed(self) -> None:
        self.dialog = None


def install_exception_dialog(app: QCoreApplication, *, enabled: bool) -> ExceptionReporter | None:
    """Show a dialog for every unhandled exception, after it was logged.

    Call it after ``logs.setup_logging()`` (which installs the logging hook
    this one wraps). ``enabled=False`` (smoke runs, screenshots) installs
    nothing: a modal-looking window must never appear there.
    """
    if not enabled:
        return None
    return ExceptionReporter(app)
