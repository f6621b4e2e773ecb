"""Start the desktop app: ``backoffice app`` and ``backoffice-gui``.

Start-up order, and why:

1. logging first, so even a failing start leaves a trace;
2. the per-user folders, checked before any window, so an unusable location is
   one clear message (exit 2), not a failure deep inside a worker later;
3. the QApplication, Qt's own Chinese translation (standard buttons and
   dialogs) and ours, the ``resources:`` search path;
4. the main window, **shown** before anything heavy is imported;
5. :data:`STARTUP_STEPS`, run from the event loop right after the window is
   up (``QTimer.singleShot(0, …)``). Slow work — opening and migrating the
   store, later the sync engine, signing, planning, PDF rendering — belongs
   there and imports its modules there, so the window appears at once.

``--smoke`` runs the event loop about a second with no dialog and exits 0 —
or non-zero if start-up failed or anything was logged at ERROR meanwhile.
``--screenshot PATH`` saves the painted window as PNG and exits (a smoke run).
If a start-up step fails, the window shows the problem in its banner, the
screenshot is still taken — that is how ``docs/screenshots/startup-problem.png``
is made — and the exit code is still the failure's (2 or 1), never 0.

A start-up step that fails in a normal run leaves the window open with the
reason in a banner above the workspaces (``startupProblem``), which stays
until the app is closed.
Exceptions escaping a Qt slot reach ``sys.excepthook``, which
:mod:`backoffice.logs` points at the log.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from backoffice import __version__, cli_help, logs, messages, paths
from backoffice.cli import add_app_arguments, asked_language, handle_failure
from backoffice.domain.errors import BackofficeError
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.dialogs.diagnostics import ExceptionReporter
    from ui.shell import Shell

_log = logging.getLogger("ui.app")

SMOKE_MS = 1000
FIRST_PAINT_FALLBACK_MS = 2000
# A smoke run that has not finished by then fails instead of hanging CI.
SMOKE_DEADLINE_MS = 300_000
# Give the window system a moment to map and paint before grabbing.
SCREENSHOT_DELAY_MS = 300
EXIT_ERROR = 1

# Training mode keeps its own store, so demo data never mixes with real work
# (the same name as ui.training.TRAINING_PROFILE, which imports too much for here).
TRAINING_PROFILE = "training"


@dataclass
class AppContext:
    """What the start-up steps build, handed from one step to the next."""

    app: QApplication
    window: MainWindow
    demo: bool
    smoke: bool = False
    lang: str = "zh"
    shell: Shell | None = None

    def close(self) -> None:
        if self.shell is not None:
            self.shell.close()
            self.shell = None


def store_profile(demo: bool) -> str:
    """The store profile shown before sign-in: training mode never touches real work."""
    return TRAINING_PROFILE if demo else paths.DEFAULT_PROFILE


def open_session(context: AppContext) -> Shell:
    """Training mode, or the saved sign-in, or the welcome page — off the GUI thread.

    Returns the shell: start-up goes on when it says ``ready`` (or stops on
    ``failed``). The shell paints the inbox's skeleton, then imports the sync
    stack on a worker (``tests/ui/test_app.py`` checks SQLAlchemy is not
    loaded before either paint).
    """
    from ui.settings import Settings
    from ui.shell import Shell

    shell = Shell(context.window, Settings(), lang=context.lang, dialogs=not context.smoke)
    context.shell = shell
    shell.start(demo=context.demo)
    return shell


StartupStep = Callable[[AppContext], object]
# Run in order once the window is shown; each may raise. A step may return an
# object with ``ready`` and ``failed`` signals (the shell): start-up waits for
# one of them, with the event loop running. The first failure stops the rest
# (no sync without a store): a smoke run exits with its code, a normal run
# keeps the window and shows the reason in a banner.
STARTUP_STEPS: list[StartupStep] = [open_session]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """``backoffice-gui``'s options; its help in ``lang``, as ``backoffice``'s."""
    parser = argparse.ArgumentParser(prog="backoffice-gui", description="OneVisit Back Office")
    add_app_arguments(parser, after_command=False)
    cli_help.translate_parser(parser, lang)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = messages.resolve_language(asked_language(argv))
    with cli_help.argparse_words(lang):
        args = build_parser(lang).parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Start the app with parsed options (``demo``, ``smoke``, ``screenshot``, ``lang``)."""
    logs.setup_logging()
    qInstallMessageHandler(_qt_message)
    lang = messages.resolve_language(getattr(args, "lang", None))
    screenshot = Path(args.screenshot).absolute() if args.screenshot else None
    smoke = bool(args.smoke or screenshot)
    _log.info("starting app %s (demo=%s, smoke=%s, lang=%s)", __version__, args.demo, smoke, lang)
    try:
        _check_display(smoke)
        paths.ensure_all()
        # The store this run will open, shown from the first paint on.
        store_path = paths.store_path(store_profile(bool(args.demo)))
        app = _application()
        lang = _language(args, lang)
        _install_translations(app, lang)
        QDir.addSearchPath("resources", str(paths.resources_dir()))
        # Title bar, task bar and Alt+Tab; the .exe's own icon comes from the build.
        app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "onevisit.png")))
        window = MainWindow(demo=args.demo, store_path=store_path)
        if not smoke:
            _restore_geometry(window)
        window.show()
    except Exception as exc:  # noqa: BLE001 - any start-up failure: reason, log, exit code
        code = handle_failure(exc, lang=lang, context="app start-up")
        if not smoke:
            _show_startup_failure(exc, lang)
        return code

    context = AppContext(app, window, demo=bool(args.demo), smoke=smoke, lang=lang)
    startup = _Startup(context, lang=lang, smoke=smoke, screenshot=screenshot)
    # The slow steps start once the window has painted (a zero timer would
    # fire first and hold the paint back behind their imports); the timer is
    # the fallback for a window that is never painted (minimised at start).
    window.firstPainted.connect(startup.begin, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, startup.begin)
    if smoke:
        startup.deadline.start(SMOKE_DEADLINE_MS)
    reporter = _exception_dialog(app, enabled=not smoke)
    try:
        code = app.exec()
    finally:
        if not smoke:
            _save_geometry(window)
        context.close()
        if reporter is not None:
            reporter.uninstall()
    _log.info("app finished with exit code %s", code)
    return code


def _show_startup_failure(exc: Exception, lang: messages.Language) -> None:
    """Say in a message box why the app stops when it has no window to say it in.

    A windowed build (``backoffice-gui``, pythonw) has no stderr, and the log
    may be the very thing that cannot be written (a read-only data folder):
    without the box the app just vanished, exit code 2.
    """
    if isinstance(exc, BackofficeError) and exc.code == "app.no_display":
        return  # no screen to show it on
    try:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            app = _application()
            _install_translations(app, lang)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("StartupFailure", "OneVisit Back Office cannot start"),
            messages.describe(exc, lang),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("startupFailure")
        box.exec()
    except Exception:  # noqa: BLE001 - already logged and said on stderr; the exit code stands
        _log.exception("could not show the start-up failure in a message box")


def _restore_geometry(window: MainWindow) -> None:
    # Before sign-in, so no workspace is there yet: each restores its own splitters as
    # it is built (ui.widgets.splitter_place; the inbox once shown).
    from ui.settings import Settings

    Settings().restore_geometry(window)


def _save_geometry(window: MainWindow) -> None:
    from ui.settings import Settings

    Settings().save_geometry(window)


def _exception_dialog(app: QApplication, *, enabled: bool) -> ExceptionReporter | None:
    # After logging is set up: the dialog wraps the hook that logs.
    from ui.dialogs.diagnostics import install_exception_dialog

    return install_exception_dialog(app, enabled=enabled)


_qt_log = logging.getLogger("qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    # Qt's own warnings into our log: a windowed build has no stderr to show them.
    category = context.category if context.category not in (None, "default") else ""
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", f"{category}: " if category else "", text)


def _check_display(smoke: bool) -> None:
    # Without a display Qt aborts (exit 134) blaming libxcb-cursor0; say what
    # is really wrong instead. A smoke run needs no screen: use offscreen.
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    if smoke:
        _log.info("no display: smoke run uses QT_QPA_PLATFORM=offscreen")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return
    raise BackofficeError("app.no_display")


def _language(args: argparse.Namespace, resolved: messages.Language) -> messages.Language:
    """``--lang``, then ``BACKOFFICE_LANG``, then the language chosen in Settings, then the locale."""
    if getattr(args, "lang", None) or os.environ.get(messages.ENV_LANG):
        return resolved
    from ui.settings import LANGUAGE, Settings  # QtCore only: cheap

    settings = Settings()
    if not settings.is_stored(LANGUAGE):
        return resolved  # never chosen: the locale's
    return messages.resolve_language(settings.language)


def _application() -> QApplication:
    QApplication.setApplicationName(paths.APP_NAME)
    QApplication.setOrganizationName(paths.APP_AUTHOR)
    QApplication.setApplicationVersion(__version__)
    # Qt 6 scales for high DPI by default (PassThrough rounding); nothing to set.
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Only the program name: our options are parsed already, Qt's are not used.
    return QApplication(sys.argv[:1])


def _install_translations(app: QApplication, lang: str) -> None:
    if lang != "zh":
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    sources = (
        # Qt's own first: standard buttons and dialogs (确定/取消 …).
        ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("backoffice_zh_CN", str(paths.resources_dir() / "translations")),
    )
    for name, directory in sources:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
        else:
            _log.warning("translation %s not found in %s; showing English for it", name, directory)


def _store_named(exc: BaseException) -> Path | None:
    # The store a failure is about (store.not_a_database, store.read_only, …):
    # not necessarily the one start-up began with (the default profile's).
    if isinstance(exc, BackofficeError) and exc.code.startswith("store."):
        path = exc.params.get("path")
        if isinstance(path, str) and path:
            return Path(path)
    return None


class _ErrorCounter(logging.Handler):
    """Counts ERROR records during a smoke run: a smoke that logged errors fails."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Startup:
    """The second half of start-up, run from the event loop after the window shows."""

    def __init__(self, context: AppContext, *, lang: str, smoke: bool,
                 screenshot: Path | None) -> None:
        self.context = context
        self.app = context.app
        self.window = context.window
        self.lang = lang
        self.smoke = smoke
        self.screenshot = screenshot
        self.errors = _ErrorCounter()
        self._pending: object | None = None  # the step start-up waits for
        self._begun = False
        # Stopped by finish(): a later run in the same process must never
        # receive this run's give_up.
        self.deadline = QTimer()
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self.give_up)
        # The exit code of a failed start-up step, for a screenshot taken anyway.
        self.failure = 0
        if smoke:
            logging.getLogger().addHandler(self.errors)

    def begin(self) -> None:
        if not self._begun:
            self._begun = True
            self.continue_startup()

    def give_up(self) -> None:
        error = BackofficeError("app.smoke_timeout", seconds=SMOKE_DEADLINE_MS // 1000)
        self.finish(handle_failure(error, lang=self.lang, context="smoke run"))

    def continue_startup(self, start: int = 0) -> None:
        for index in range(start, len(STARTUP_STEPS)):
            step = STARTUP_STEPS[index]
            name = getattr(step, "__name__", repr(step))
            try:
                pending = step(self.context)
            except Exception as exc:  # noqa: BLE001 - reported, then start-up stops
                self.step_failed(name, exc)
                return
            if hasattr(pending, "ready") and hasattr(pending, "failed"):
                # Work on another thread: go on when it is done.
                self._pending = pending
                pending.ready.connect(lambda p=pending, i=index: self._step_ready(p, i))
                pending.failed.connect(lambda exc, p=pending, n=name: self._step_failed(p, n, exc))
                return
        self.complete()

    # Only a step's first outcome is start-up's: the shell emits ``ready`` (or
    # fails) again when training mode is started from the welcome page later.
    def _step_ready(self, pending: object, index: int) -> None:
        if self._pending is pending:
            self._pending = None
            self.continue_startup(index + 1)

    def _step_failed(self, pending: object, name: str, exc: BaseException) -> None:
        if self._pending is pending:
            self._pending = None
            self.step_failed(name, exc)

    def step_failed(self, name: str, exc: BaseException) -> None:
        # Later steps build on earlier ones (no sync without a store): stop
        # here, keep the window so the user can read why.
        code = handle_failure(exc, lang=self.lang, context=f"start-up step {name}")
        self.window.show_problem(messages.describe(exc, self.lang), store_path=_store_named(exc))
        if self.screenshot is not None:
            # The picture shows the problem; the exit code still fails.
            self.failure = code
            QTimer.singleShot(SCREENSHOT_DELAY_MS, self.take_screenshot)
        elif self.smoke:
            self.finish(code)

    def complete(self) -> None:
        _log.info("start-up complete")
        if self.screenshot is not None:
            QTimer.singleShot(SCREENSHOT_DELAY_MS, self.take_screenshot)
        elif self.smoke:
            QTimer.singleShot(SMOKE_MS, self.finish)

    def take_screenshot(self) -> None:
        assert self.screenshot is not None
        try:
            self.screenshot.parent.mkdir(parents=True, exist_ok=True)
            saved = self.window.grab().save(str(self.screenshot), "PNG")
        except OSError:
            saved = False
        if saved:
            _log.info("screenshot saved to %s", self.screenshot)
            self.finish(self.failure)
        else:
            error = BackofficeError("app.screenshot_failed", path=str(self.screenshot))
            self.finish(handle_failure(error, lang=self.lang, context="screenshot"))

    def finish(self, code: int = 0) -> None:
        self.deadline.stop()
        logging.getLogger().removeHandler(self.errors)
        if code == 0 and self.errors.count:
            error = BackofficeError(
                "app.smoke_errors", count=self.errors.count, log=str(logs.log_file() or "stderr"))
            handle_failure(error, lang=self.lang, context="smoke run")
            code = EXIT_ERROR
        self.app.exit(code)


if __name__ == "__main__":
    sys.exit(main())
