"""A first pull fills the inbox page by page, and the status bar counts what came.

The real session against the real sandbox on loopback: the platform holds
the feed's second page back (a stall fault) while the test looks at the
window, so "during the pull" is a state, not a moment to be caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, settings, start, user

from backoffice.sandbox.server import Sandbox
from backoffice.sync.page_size import PageSize
from backoffice.sync.status import SyncState, SyncStatus
from ui import session as sessions
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings
from ui.widgets.sync_status import SyncStatusButton

CHANGES = "/api/v1/changes"


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def test_the_list_fills_while_a_first_pull_is_held_up(
    qtbot: QtBot, sandbox: Sandbox, data_dir: Path, settings: Settings
) -> None:
    options = sessions.SyncOptions(http=_http())
    session = sessions.Session(sessions.sign_in(sandbox.url, user(), PASSWORD, options), options)
    # Small pages, so the feed has several. The first three come at once
    # (the sandbox's feed: departments and service items, then cases with
    # their tasks, then materials); the fourth waits until released.
    session.engine.pages = PageSize(50, smallest=50, fast_s=0.0)
    sandbox.faults.stall(CHANGES, seconds=0.0, times=3)
    sandbox.faults.stall(CHANGES, seconds=20.0)
    statuses: list[SyncStatus] = []
    progress: list[SyncStatus] = []
    session.statusChanged.connect(statuses.append)
    session.syncProgressed.connect(progress.append)
    workspace = InboxWorkspace(session, lang="en", settings=settings, with_detail=False)
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitExposed(workspace)
    button = SyncStatusButton()
    qtbot.addWidget(button)
    session.syncProgressed.connect(button.show_status)
    try:
        session.start()
        qtbot.waitUntil(lambda: workspace.model.rowCount() > 0, timeout=15_000)
        assert session.status.state is SyncState.SYNCING  # the rest is still held up
        shown = workspace.model.rowCount()
        assert progress and progress[-1].received > 0
        assert button.text() == f"Syncing… · {progress[-1].received:,} records received"
        # The count says more may come (search, too, has only what is stored).
        qtbot.waitUntil(lambda: workspace.list.total.text()
                        == f"{workspace.model.rowCount():,} tasks (still receiving)", timeout=5000)
        # Progress alone is not a status change: what reloads on each status
        # (the detail pane, the planner) does not reload for every page.
        assert all(s.received == 0 for s in statuses)
        sandbox.faults.clear()  # the held page goes, and the rest after it
        qtbot.waitUntil(lambda: session.status.last_success is not None, timeout=30_000)
        with session.store.read() as uow:
            mine = uow.tasks.count()
        qtbot.waitUntil(lambda: workspace.model.rowCount() == mine, timeout=10_000)
        qtbot.waitUntil(lambda: workspace.list.total.text() == f"{mine:,} tasks", timeout=10_000)
        assert mine > shown
        assert len(progress) >= 2
    finally:
        workspace.close_session()
        session.close()


def test_the_button_counts_records_and_files_only_while_syncing(qtbot: QtBot) -> None:
    button = SyncStatusButton()
    qtbot.addWidget(button)
    button.show_status(SyncStatus(state=SyncState.SYNCING, received=12_345))
    assert button.text() == "Syncing… · 12,345 records received"
    # The prefetch that ends the round: the records stay counted beside the files.
    button.show_status(SyncStatus(state=SyncState.SYNCING, received=12_345, files_fetched=32))
    assert button.text() == "Syncing… · 12,345 records received · 32 files downloaded"
    button.show_status(SyncStatus(state=SyncState.SYNCING, files_fetched=16))
    assert button.text() == "Syncing… · 16 files downloaded"
    button.show_status(SyncStatus(state=SyncState.SYNCING))
    assert button.text() == "Syncing…"
    button.show_status(SyncStatus(state=SyncState.IDLE, received=12_345, files_fetched=32))
    assert button.text() == "Online"


def _http() -> sessions.HttpSettings:
    return settings(read_timeout=30.0, total_timeout=60.0)
