"""Start-up of ``ui.app``: slot exceptions, the GUI entry point, the deferred start-up steps."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication

from backoffice.domain.errors import BackofficeError
from backoffice.store.store import Store, describe
from ui import app as ui_app
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


def test_a_failing_step_outside_smoke_is_shown_in_the_status_bar(
        windows: list[MainWindow], qapp: QApplication) -> None:
    def open_store(context: ui_app.AppContext) -> None:
        raise BackofficeError("store.error")

    never: list[ui_app.AppContext] = []
    ui_app.STARTUP_STEPS.extend([open_store, never.append])
    QTimer.singleShot(300, lambda: qapp.exit(0))  # the user closing the app
    assert ui_app.run(_options(smoke=False)) == 0
    assert windows[0].statusBar().currentMessage() == "The local store failed."
    assert never == []


def test_errors_logged_during_smoke_fail_it(windows: list[MainWindow],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ui_app.STARTUP_STEPS.append(lambda w: logging.getLogger("ui.sync").error("page 3 lost"))
    assert ui_app.run(_options()) == 1
    assert "The smoke run logged 1 error(s)" in capsys.readouterr().err


def test_qt_warnings_go_to_the_log(windows: list[MainWindow], data_dir: Path) -> None:
    ui_app.STARTUP_STEPS.append(lambda w: qWarning("QFont::setPointSize: Point size <= 0 (0)"))
    assert ui_app.run(_options()) == 0
    text = (data_dir / "logs" / "backoffice.log").read_text(encoding="utf-8")
    assert "WARNING  qt [MainThread] QFont::setPointSize: Point size <= 0 (0)" in text


# --- the real store at start-up ----------------------------------------------


def test_start_up_opens_and_migrates_the_store(qapp: QApplication, data_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[ui_app.AppContext] = []
    monkeypatch.setattr(ui_app, "STARTUP_STEPS", [ui_app.open_store, opened.append])
    monkeypatch.setattr(ui_app, "SMOKE_MS", 50)
    assert ui_app.run(_options()) == 0
    context = opened[0]
    assert context.window.store_label.text() == "Local store ready"
    assert context.store is None  # closed when the app quit
    info = describe(data_dir / "store.sqlite3")
    assert info["up_to_date"] and info["wal"]
    context.window.close()


def test_training_mode_keeps_its_own_store(qapp: QApplication, data_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app, "SMOKE_MS", 50)
    assert ui_app.run(_options(demo=True)) == 0
    assert (data_dir / "profiles" / ui_app.TRAINING_PROFILE / "store.sqlite3").is_file()
    assert not (data_dir / "store.sqlite3").exists()
    for widget in qapp.topLevelWidgets():
        widget.close()


def test_a_store_from_a_newer_version_stops_start_up_and_is_left_alone(
        data_dir: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    path = data_dir / "store.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = path.read_bytes()
    result = run_cli("--lang", "en", "app", "--smoke")
    assert result.returncode == 2, result.stderr
    assert "written by a newer version of the app" in result.stderr
    assert "9999_from_the_future" in result.stderr
    assert path.read_bytes() == before
