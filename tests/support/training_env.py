"""Walk-throughs in training mode: the window started on the training platform,
the platform's own records, and other people's devices on the same platform.

The acceptance tests of the inbox, planner and decision desk issues each
drive the real window in training mode (the app's embedded sandbox) and act
for the other departments from a second device, as people would.

Like the rest of the suite they run on the demo's day (``DEMO_NOW``), not the
machine's: the training data is generated for the platform's clock, and on a
holiday or a weekend it would come out otherwise. The app reads the same
running clock, so what it shows of the data's dates is what it would be that day.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.platform_env import settings
from support.sandbox_env import demo_clock

from backoffice.domain import clock
from backoffice.remote import PlatformClient
from backoffice.sandbox import db
from backoffice.sandbox.platform import Clock
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui import training
from ui.dialogs.welcome import WelcomePage
from ui.main_window import MainWindow
from ui.session import Session
from ui.settings import Settings
from ui.shell import Shell

SLOW = 60_000  # ms: the first training start seeds a platform on a loaded CI machine
# Big enough that every walk-through finds its kind of case in the training data.
TRAINING_CASES = "60"


class DemoDay:
    """The demo's day as a running clock (``DEMO_NOW`` on), which a test may move on."""

    def __init__(self) -> None:
        self._running = demo_clock()
        self.ahead = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return self._running() + self.ahead


@pytest.fixture
def training_shell(qtbot: QtBot, data_dir: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    """The main window with its shell, not started yet (English, its own data folder).

    The training platform and the app run on one :class:`DemoDay`
    (:func:`demo_day` gives it, to move on).
    """
    monkeypatch.setenv(training.CASES_ENV, TRAINING_CASES)
    day = DemoDay()
    pin_app_clock(monkeypatch, day)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    shell = Shell(window, Settings.at(data_dir / "settings.ini"), lang="en")
    shell.training = training.TrainingServer(clock=day)  # not started yet: nothing to stop
    yield shell
    shell.close()


def demo_day(shell: Shell) -> DemoDay:
    """The clock :func:`training_shell` runs the training platform and the app on."""
    day = shell.training.clock
    assert isinstance(day, DemoDay)
    return day


def pin_app_clock(monkeypatch: pytest.MonkeyPatch, source: Clock) -> None:
    """The app's clock (:mod:`backoffice.domain.clock`) reads ``source``.

    Its ``dt`` is replaced rather than its functions: the decision desk and the
    planner hold ``clock.today``/``clock.now`` as default arguments, bound at
    import, which only look ``dt`` up when called.
    """

    class Pinned(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return source().astimezone(tz)

    monkeypatch.setattr(clock, "dt", types.SimpleNamespace(**{**vars(dt), "datetime": Pinned}))


def start_training(qtbot: QtBot, shell: Shell) -> Session:
    """Start the app and choose training mode on the welcome page; after the first sync."""
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    page = shell.window.findChild(WelcomePage, "welcomePage")
    assert page is not None
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.session is not None
                    and shell.session.status.last_success is not None, timeout=SLOW)
    session = shell.session
    assert session is not None and session.training
    return session


def sync(qtbot: QtBot, shell: Shell) -> None:
    """Sync now from the toolbar, until a sync ends after it with nothing left queued."""
    session = shell.session
    assert session is not None
    before = session.status.last_success
    shell.window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: session.status.last_success != before
                    and not session.store.pending_commands(), timeout=SLOW)


def platform_records(entity: str) -> list[dict[str, Any]]:
    """The training platform's current records of one kind (its database, read directly)."""
    engine = db.make_engine(training.database())
    try:
        with engine.connect() as conn:
            return [json.loads(r.body) for r in conn.execute(
                select(db.records).where(db.records.c.entity == entity))]
    finally:
        engine.dispose()


def user_of(department: str, role: str) -> str:
    """A demo account of ``department`` with ``role`` on the training platform."""
    engine = db.make_engine(training.database())
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(db.users.c.username, db.users.c.department_code,
                                       db.users.c.roles).order_by(db.users.c.username))
            return next(r.username for r in rows
                        if r.department_code == department and role in r.roles.split())
    finally:
        engine.dispose()


def device(url: str, username: str, path: Path, files: FileCache | None = None) -> SyncEngine:
    """Another person's device on the training platform: signed in, its own store."""
    client = PlatformClient(url, settings=settings())
    client.login(username, training.TRAINING_PASSWORD)
    return SyncEngine(Store.open(path), client, files=files)
