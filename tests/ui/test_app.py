"""Start-up of ``ui.app``: slot exceptions, the GUI entry point, the deferred start-up steps."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal, qWarning
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select
from support.sandbox_env import TODAY
from support.training_env import DemoDay, pin_app_clock, platform_records

from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.sandbox import db
from backoffice.store.store import Store, describe
from ui import app as ui_app
from ui import training as training_platform
from ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def test_exception_in_a_slot_is_logged_and_the_app_goes_on(data_dir: Path) -> None:
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer, qWarning
        from PySide6.QtWidgets import QApplication
        from backoffice import logs
        logs.setup_logging()
        app = QApplication([])
        def on_sync_page():
            raise KeyError("cursor")
        QTimer.singleShot(0, on_sync_page)
        QTimer.singleShot(100, lambda: app.exit(7))
        sys.exit(app.exec())
    """)
    env = dict(os.environ, BACKOFFICE_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 7, result.stderr  # the loop survived the exception
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "unhandled exception: KeyError" in text
    assert "in on_sync_page" in text


def test_gui_entry_point_smoke(data_dir: Path) -> None:
    env = dict(os.environ, BACKOFFICE_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "ui.app", "--smoke", "--lang", "en"], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "start-up complete" in (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")


# --- in process: the deferred start-up steps --------------------------------


def _options(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"demo": False, "smoke": True, "screenshot": None, "lang": "en", **kw})


@pytest.fixture
def windows(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MainWindow]]:
    seen: list[MainWindow] = []
    monkeypatch.setattr(ui_app, "STARTUP_STEPS", [lambda c: seen.append(c.window)])
    monkeypatch.setattr(ui_app, "SMOKE_MS", 50)
    yield seen
    for window in seen:
        window.close()
        window.deleteLater()


def test_steps_run_after_the_window_is_shown(windows: list[MainWindow],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    visible: list[bool] = []

    def first_step(context: ui_app.AppContext) -> None:
        visible.append(context.window.isVisible())

    ui_app.STARTUP_STEPS.insert(0, first_step)
    assert ui_app.run(_options(demo=True)) == 0
    assert visible == [True]


def test_a_failing_step_fails_the_smoke_run(windows: list[MainWindow],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def open_store(context: ui_app.AppContext) -> None:
        raise BackofficeError("store.newer_schema", found=9, supported=3, path="/x/store.sqlite3")

    ui_app.STARTUP_STEPS.append(open_store)
    assert ui_app.run(_options()) == 2
    assert "newer version of the app (schema 9" in capsys.readouterr().err


def test_a_failing_step_outside_smoke_is_shown_in_a_banner_that_stays(
        windows: list[MainWindow], qapp: QApplication) -> None:
    def open_store(context: ui_app.AppContext) -> None:
        raise BackofficeError("store.error")

    never: list[ui_app.AppContext] = []
    seen_later: list[tuple[bool, str]] = []

    def hover_a_menu_then_look() -> None:
        # Hovering a menu item wipes a status-bar message; the banner stays.
        window = windows[0]
        window.statusBar().showMessage("Quit the application")
        window.statusBar().clearMessage()
        seen_later.append((window.problem_banner.isVisible(), window.problem_banner.message_label.text()))
        qapp.exit(0)  # the user closing the app

    ui_app.STARTUP_STEPS.extend([open_store, never.append])
    QTimer.singleShot(300, hover_a_menu_then_look)
    assert ui_app.run(_options(smoke=False)) == 0
    assert seen_later == [(True, "The local store failed.")]
    assert never == []


class _Waited(QObject):
    ready = Signal()
    failed = Signal(object)


def test_only_the_first_outcome_of_a_step_is_start_ups(
        windows: list[MainWindow], qapp: QApplication) -> None:
    # The shell fails or is ready again later (training mode from the welcome
    # page): no start-up banner, no second run of the steps after it.
    step = _Waited()
    after: list[ui_app.AppContext] = []
    banner: list[bool] = []

    def later() -> None:
        step.failed.emit(BackofficeError("store.error"))
        step.ready.emit()
        banner.append(windows[0].problem_banner.isVisible())
        qapp.exit(0)

    def waited(context: ui_app.AppContext) -> _Waited:
        QTimer.singleShot(0, step.ready.emit)
        QTimer.singleShot(200, later)
        return step

    ui_app.STARTUP_STEPS.extend([waited, after.append])
    assert ui_app.run(_options(smoke=False)) == 0
    assert banner == [False]
    assert len(after) == 1


def test_a_failing_step_still_gives_the_screenshot_and_fails(
        windows: list[MainWindow], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def open_store(context: ui_app.AppContext) -> None:
        raise BackofficeError("store.error")

    shot = tmp_path / "problem.png"
    ui_app.STARTUP_STEPS.append(open_store)
    assert ui_app.run(_options(screenshot=str(shot))) == 2
    assert shot.is_file() and shot.stat().st_size > 1000
    assert windows[0].problem_banner.isVisible()
    assert "The local store failed." in capsys.readouterr().err


def test_errors_logged_during_smoke_fail_it(windows: list[MainWindow],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ui_app.STARTUP_STEPS.append(lambda w: logging.getLogger("ui.sync").error("page 3 lost"))
    assert ui_app.run(_options()) == 1
    assert "The smoke run logged 1 error;" in capsys.readouterr().err


def test_qt_warnings_go_to_the_log(windows: list[MainWindow], data_dir: Path) -> None:
    ui_app.STARTUP_STEPS.append(lambda w: qWarning("QFont::setPointSize: Point size <= 0 (0)"))
    assert ui_app.run(_options()) == 0
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "WARNING  qt [MainThread] QFont::setPointSize: Point size <= 0 (0)" in text


# --- the real store at start-up ----------------------------------------------


@pytest.fixture
def small_training(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small training platform, on the demo's day rather than the machine's (the
    data is generated for the app's day; see ``support.training_env``)."""
    monkeypatch.setenv("BACKOFFICE_TRAINING_CASES", "30")
    pin_app_clock(monkeypatch, DemoDay())


def _training_store(data_dir: Path) -> Path:
    return data_dir / "profiles" / ui_app.TRAINING_PROFILE / "store.sqlite3"


def test_training_start_up_signs_in_and_migrates_its_own_store(
        qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        small_training: None) -> None:
    monkeypatch.setattr(ui_app, "SMOKE_MS", 50)
    first_paint: list[str] = []
    opened: list[ui_app.AppContext] = []
    signed_in: list[tuple[str, Path | None, str]] = []
    # Before the session: the window names the training store from the start.
    monkeypatch.setattr(ui_app, "STARTUP_STEPS", [
        lambda c: first_paint.append(c.window.store_label.text()), ui_app.open_session,
        opened.append, lambda c: signed_in.append((
            c.window.store_label.text(), c.window.store_path, c.window.account_label.text()))])
    assert ui_app.run(_options(demo=True)) == 0
    training = _training_store(data_dir)
    assert first_paint == [f"Local store: {training}"]
    context = opened[0]
    ((label, path, who),) = signed_in
    assert label == "Local store ready" and path == training
    assert "（演示）" in who  # a demo reviewer, fictional and marked so
    assert context.shell is None  # closed when the app quit: sync stopped, sandbox stopped
    info = describe(training)
    assert info["up_to_date"] and info["wal"]
    assert not (data_dir / "store.sqlite3").exists()  # training never touches real work
    # The training platform was seeded, and served the sign-in, on the app's day.
    assert max(_day(c["accepted_at"]) for c in platform_records("case")) == TODAY
    engine = db.make_engine(training_platform.database())
    try:
        with engine.connect() as conn:
            began = conn.execute(select(db.sessions.c.created_at)).scalars().all()
    finally:
        engine.dispose()
    assert began and {clock.to_shanghai_date(dt.datetime.fromtimestamp(int(at), dt.UTC))
                      for at in began} == {TODAY}
    context.window.close()


def _day(value: object) -> dt.date:
    return clock.to_shanghai_date(dt.datetime.fromisoformat(str(value)))


def _newer_store(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    return path.read_bytes()


def test_a_store_that_fails_to_open_is_shown_as_failed(
        qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        small_training: None) -> None:
    path = _training_store(data_dir)
    before = _newer_store(path)
    seen: list[MainWindow] = []
    monkeypatch.setattr(ui_app, "STARTUP_STEPS", [lambda c: seen.append(c.window),
                                                  ui_app.open_session])
    assert ui_app.run(_options(demo=True)) == 2
    window = seen[0]
    assert window.problem_banner.isVisible()
    assert "written by a newer version of the app" in window.problem_banner.message_label.text()
    assert path.read_bytes() == before
    window.close()


_BEFORE_THE_STORE = """
import sys
from ui import app

HEAVY = ("sqlalchemy", "alembic")
seen = []

def heavy():
    return sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))

def first(context):
    seen.append(("first", context.window.isVisible(), heavy()))

def last(context):
    seen.append(("last", context.shell is not None, heavy()))

app.STARTUP_STEPS.insert(0, first)
app.STARTUP_STEPS.append(last)
code = app.main(["--smoke", "--lang", "en"])
print("SEEN:", seen)
sys.exit(code)
"""


def test_the_window_shows_before_sqlalchemy_and_alembic_are_imported(data_dir: Path) -> None:
    env = dict(os.environ, BACKOFFICE_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _BEFORE_THE_STORE], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    # Shown, nothing heavy yet. Nobody has signed in here, so no store is opened
    # at all: the welcome page needs neither (the signed-in start below shows
    # the probe sees SQLAlchemy when a store is opened; Alembic only when a
    # store needs a migration).
    expected: list[tuple[str, bool, list[str]]] = [("first", True, []), ("last", True, [])]
    assert f"SEEN: {expected!r}" in result.stdout


def test_a_store_from_a_newer_version_stops_start_up_and_is_left_alone(
        data_dir: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]],
        small_training: None) -> None:
    path = _training_store(data_dir)
    before = _newer_store(path)
    # Seeded here, on the demo's day: the app started below finds it so.
    training_platform.ensure_seeded()
    result = run_cli("--lang", "en", "app", "--demo", "--smoke",
                     env={"BACKOFFICE_TRAINING_CASES": "30"})
    assert result.returncode == 2, result.stderr
    assert "written by a newer version of the app" in result.stderr
    assert "9999_from_the_future" in result.stderr
    assert path.read_bytes() == before


def test_the_language_chosen_in_settings_applies_at_the_next_start(
        qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.settings import LANGUAGE, Settings

    monkeypatch.delenv("BACKOFFICE_LANG", raising=False)
    no_choice = argparse.Namespace(lang=None)
    assert ui_app._language(no_choice, "zh") == "zh"  # never chosen: the locale's answer
    Settings().set(LANGUAGE, "en")
    assert ui_app._language(no_choice, "zh") == "en"
    # --lang (or BACKOFFICE_LANG) still wins for one run.
    assert ui_app._language(argparse.Namespace(lang="zh"), "zh") == "zh"
    monkeypatch.setenv("BACKOFFICE_LANG", "zh")
    assert ui_app._language(no_choice, "zh") == "zh"


_SIGNED_IN_START = """
import sys
from PySide6.QtCore import QEvent, QObject
from ui import app

HEAVY = ("sqlalchemy", "alembic", "requests", "keyring", "pydantic", "msgspec")
seen = []

class Watch(QObject):
    # The inbox table's paints: what was imported by the first, whether rows came later.
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            view = obj.parent()
            if view is not None and view.objectName() == "inboxView":
                rows = view.model().rowCount()
                if not seen or (rows and not seen[-1][0]):
                    seen.append((rows, sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
        return False

watch = []
application = app._application

def watched():
    qapp = application()
    watch.append(Watch())
    qapp.installEventFilter(watch[0])
    return qapp

app._application = watched
code = app.main(["--smoke", "--lang", "en"])
print("SEEN:", [(rows > 0, heavy) for rows, heavy in seen])
sys.exit(code)
"""


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_watched(env: dict[str, str]) -> list[tuple[bool, list[str]]]:
    """A smoke start of the app: per inbox paint, rows or not and the heavy modules loaded."""
    import ast

    result = subprocess.run([sys.executable, "-c", _SIGNED_IN_START], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SEEN:"))
    seen: list[tuple[bool, list[str]]] = ast.literal_eval(line.removeprefix("SEEN:"))
    return seen


def test_a_signed_in_start_paints_the_skeleton_then_rows_before_the_platform_client(
        data_dir: Path, tmp_path: Path) -> None:
    import json

    from test_inbox_fixtures import ME, MSA, open_seeded

    from backoffice.remote.credentials import SERVICE, entry_name
    from backoffice.sync import accounts

    # Signed in yesterday; today the platform cannot be reached (the start is offline).
    account = accounts.Account(f"http://127.0.0.1:{_closed_port()}", ME, "王芳（虚构）", MSA,
                               "市场监管局")
    accounts.set_current(account)
    open_seeded(account.store_path(), 12).close()
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps(
        {f"{SERVICE}\n{entry_name(account.platform_url, ME)}": "a-saved-refresh-token"}))
    env = dict(os.environ, BACKOFFICE_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
               BACKOFFICE_TEST_KEYRING=str(keyring_file),
               PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "tests" / "support")]))
    # The skeleton first, with none of the sync stack loaded; then the rows, from
    # the store, before the platform client and the contract are imported.
    seen = _start_watched(env)
    assert seen[0] == (False, [])
    assert seen[-1][0] is True and "sqlalchemy" in seen[-1][1]
    assert not {"requests", "pydantic", "msgspec"} & set(seen[-1][1])
    log = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "signed in as wangfang (MSA-220100)" in log and "start-up complete" in log
    # Quitting kept the first page; nothing was written since, so the next
    # start paints those rows before SQLAlchemy is imported, then opens the store.
    assert (account.store_path().parent / (account.store_path().name + ".inbox-page.json")).is_file()
    seen = _start_watched(env)
    assert seen[0] == (False, [])
    assert seen[-1][0] is True and not {"sqlalchemy", "requests", "pydantic"} & set(seen[-1][1])
    log = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert log.count("start-up complete") == 2 and " ERROR " not in log


def test_a_failure_before_the_window_is_said_in_a_message_box(
        qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A windowed build on a data folder it cannot use: no stderr, maybe no log,
    # and no window yet to put a banner in. A file where the folder should be
    # stops it as a read-only folder would, for root too.
    in_the_way = data_dir.parent / "not a folder"
    in_the_way.write_text("", encoding="utf-8")
    monkeypatch.setenv("BACKOFFICE_DATA_DIR", str(in_the_way / "data"))
    monkeypatch.setattr(sys, "stderr", None)
    seen: list[tuple[str, str]] = []

    def read_the_box_and_close_it() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            seen.append((box.objectName(), box.text()))  # type: ignore[attr-defined]
            box.close()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(read_the_box_and_close_it)
    timer.start(0)
    try:
        assert ui_app.run(_options(smoke=False)) == 2
    finally:
        timer.stop()
    assert [name for name, _ in seen] == ["startupFailure"]
    assert f"Cannot use the folder {in_the_way / 'data'}" in seen[0][1]


def test_a_damaged_store_is_named_in_the_status_bar_and_the_pages_say_why_they_are_empty(
        windows: list[MainWindow]) -> None:
    # The store start-up began with (the default profile's) is not the one that
    # failed (the signed-in account's).
    damaged = Path("/data/profiles/platform-user/store.sqlite3")

    def open_store(context: ui_app.AppContext) -> None:
        raise BackofficeError("store.not_a_database", path=str(damaged))

    ui_app.STARTUP_STEPS.append(open_store)
    assert ui_app.run(_options()) == 2
    window = windows[0]
    assert "move or rename that file" in window.problem_banner.message_label.text()
    assert window.store_label.text() == "Local store not available"
    assert str(damaged) in window.store_label.toolTip()
    notes = [window.workspace_page(key).findChild(QLabel, "placeholderNote")
             for key in window.workspace_keys()]
    assert {note.text() for note in notes if note is not None} == {
        "Not available: the app could not finish starting (see above)."}
