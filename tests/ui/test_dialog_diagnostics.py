"""Diagnostics for support, the log folder, and the dialog for unhandled exceptions."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import PySide6
import pytest
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backoffice import __version__, logs
from ui.dialogs import diagnostics
from ui.dialogs.diagnostics import (
    ExceptionDialog,
    ExceptionReporter,
    copy_diagnostics,
    diagnostics_text,
    install_exception_dialog,
    open_log_folder,
)

Hooked = tuple[type[BaseException], BaseException, TracebackType | None]


def test_diagnostics_name_versions_and_folders(data_dir: Path) -> None:
    log = logs.setup_logging()
    assert log is not None
    text = diagnostics_text({"Last sync": "2025-03-03 10:00 <ok>", "Pending": "2"})
    lines = text.splitlines()
    assert lines[0] == f"OneVisit Back Office: {__version__}"
    assert f"Qt: {qVersion()}" in lines and f"PySide6: {PySide6.__version__}" in lines
    assert any(line.startswith("Python: 3.") for line in lines)
    assert any(line.startswith("Operating system: ") for line in lines)
    assert f"Data folder: {data_dir}" in lines
    assert f"Log file: {log}" in lines
    assert f"Cache folder: {data_dir / 'cache'}" in lines
    assert lines[-2:] == ["Last sync: 2025-03-03 10:00 <ok>", "Pending: 2"]


def test_copy_diagnostics_puts_them_on_the_clipboard(qapp: QApplication) -> None:
    copied = copy_diagnostics({"Sync": "offline"})
    assert QGuiApplication.clipboard().text() == copied and copied.endswith("Sync: offline\n")


def test_open_log_folder_asks_the_desktop_for_the_folder(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    log = logs.setup_logging()
    assert log is not None
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert open_log_folder() is True
    assert [Path(url.toLocalFile()) for url in opened] == [log.parent]


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Stand-ins for the previous hooks (the logging ones, and pytest's), recording calls."""
    seen: list[object] = []

    def excepthook(t: type[BaseException], e: BaseException, tb: TracebackType | None) -> None:
        seen.append((t, e, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        seen.append(args.exc_value)

    monkeypatch.setattr(sys, "excepthook", excepthook)
    monkeypatch.setattr(threading, "excepthook", thread_hook)
    yield seen


def _dialogs() -> list[ExceptionDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ExceptionDialog) and w.isVisible()]


def _raise(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - handed to the hook as Python would
        sys.excepthook(type(caught), caught, caught.__traceback__)


def test_an_unhandled_exception_is_logged_and_shown(
    qtbot: QtBot, qapp: QApplication, hooks: list[object]
) -> None:
    log = logs.setup_logging()  # installs the logging hook, which the dialog's wraps
    assert log is not None
    reporter = install_exception_dialog(qapp, enabled=True)
    assert isinstance(reporter, ExceptionReporter)
    try:
        _raise(ValueError("<b>bad</b> value & password=hunter2"))
        # Logged first, by the existing hook, with its traceback and redacted.
        logged = log.read_text(encoding="utf-8")
        assert "unhandled exception: ValueError" in logged and "  | ValueError: <b>bad</b>" in logged
        assert "hunter2" not in logged
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
        dialog = reporter.dialog
        assert dialog is not None and dialog.objectName() == "exceptionDialog"
        assert dialog.details.toPlainText() == "ValueError: <b>bad</b> value & password=***"
        assert str(logs.log_file()) in dialog.log_label.text()
        assert dialog.log_label.textFormat() == Qt.TextFormat.PlainText

        # A second one while the dialog is up adds a line, not a window.
        _raise(KeyError("again"))
        qtbot.waitUntil(lambda: "KeyError" in dialog.details.toPlainText(), timeout=5000)
        assert _dialogs() == [dialog] and reporter.shown == 1

        # Escape closes it (keyboard only).
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: reporter.dialog is None, timeout=5000)
    finally:
        if reporter.dialog is not None:
            reporter.dialog.close()
        reporter.uninstall()
    assert sys.excepthook != reporter.hook


def test_an_exception_in_a_thread_is_shown_too(
    qtbot: QtBot, qapp: QApplication, hooks: list[object]
) -> None:
    reporter = install_exception_dialog(qapp, enabled=True)
    assert reporter is not None
    try:
        def crash() -> None:
            raise OSError("disk gone")

        thread = threading.Thread(target=crash, name="sync")
        thread.start()
        thread.join(30)
        qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=5000)
        assert reporter.dialog is not None
        assert reporter.dialog.details.toPlainText() == "OSError: disk gone"
        assert len(hooks) == 1
    finally:
        if reporter.dialog is not None:
            reporter.dialog.close()  # deletes itself on close
        reporter.uninstall()
    assert threading.excepthook != reporter.thread_hook


def test_disabled_installs_nothing_and_never_shows_a_dialog(
    qtbot: QtBot, qapp: QApplication, hooks: list[object]
) -> None:
    before = sys.excepthook
    assert install_exception_dialog(qapp, enabled=False) is None
    assert sys.excepthook is before
    _raise(RuntimeError("smoke"))
    qapp.processEvents()  # deliver anything queued (nothing must be)
    assert _dialogs() == [] and len(hooks) == 1


def test_a_failing_dialog_does_not_recurse(
    qtbot: QtBot, qapp: QApplication, hooks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []

    def broken(self: ExceptionDialog, kind: str, message: str) -> None:
        built.append(kind)
        raise RuntimeError("the dialog itself failed")

    monkeypatch.setattr(diagnostics.ExceptionDialog, "__init__", broken)
    reporter = install_exception_dialog(qapp, enabled=True)
    assert reporter is not None
    try:
        _raise(ValueError("first"))
        qtbot.waitUntil(lambda: built == ["ValueError"], timeout=5000)
        _raise(ValueError("second"))
        qapp.processEvents()
        # Tried once, then only logged: the failure did not come back through the hook.
        assert built == ["ValueError"] and len(hooks) == 2 and reporter.dialog is None
    finally:
        reporter.uninstall()
