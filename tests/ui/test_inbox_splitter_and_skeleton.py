"""The inbox before its store (the skeleton, then attach), its splitter across
restarts, and no page read for rows already scrolled past.

Start-up restores the window and every named splitter *before* anyone is
signed in, so the inbox's splitter (built after sign-in) was never put
back: it is kept as every workspace's is (``ui.widgets.splitter_place``),
restored as the workspace is built and saved whenever it is hidden, under
the key and in the format earlier versions used.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import TODAY, StandInSession, open_seeded

from backoffice.store import Store
from backoffice.store.inbox_query import QuickFilter
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_seeded(tmp_path / "store.sqlite", 30)
    yield s
    s.close()


@pytest.fixture
def plain_detail(monkeypatch: pytest.MonkeyPatch) -> None:
    # The splitter is the subject: a plain pane stands in for TaskDetail
    # (which needs the platform client and the file cache).
    def make(self: InboxWorkspace, session: object, lang: str) -> QWidget:
        pane = QWidget()  # no parent, as the real one: it takes its room's place
        pane.setObjectName("taskDetail")
        return pane

    monkeypatch.setattr(InboxWorkspace, "_make_detail", make)


def _window(qtbot: QtBot, settings: Settings, session: StandInSession | None
            ) -> tuple[QMainWindow, InboxWorkspace]:
    window = QMainWindow()
    qtbot.addWidget(window)
    # What start-up does before the inbox exists (ui/app.py, _restore_geometry);
    # then one size for every window here, so the splitter's sizes compare.
    settings.restore_geometry(window)
    window.resize(1200, 700)
    workspace = InboxWorkspace(session, window, settings=settings, today=TODAY)  # type: ignore[arg-type]
    window.setCentralWidget(workspace)
    window.show()
    qtbot.waitExposed(window)
    return window, workspace


@pytest.mark.usefixtures("plain_detail")
def test_the_splitter_is_where_it_was_left_at_exit(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    window, first = _window(qtbot, settings, StandInSession(store))
    default = first.splitter.sizes()
    first.splitter.setSizes([default[0] + default[1] - 250, 250])
    left = first.splitter.sizes()
    assert abs(left[1] - 250) <= 2 and left != default
    settings.save_geometry(window)  # what the app does when its window closes
    first.close_session()
    window.close()

    _again, second = _window(qtbot, settings, StandInSession(store))
    qtbot.waitUntil(lambda: second.splitter.sizes() == left, timeout=5_000)
    second.close_session()


@pytest.mark.usefixtures("plain_detail")
def test_signing_out_remembers_the_splitter_too(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    window, first = _window(qtbot, settings, StandInSession(store))
    default = first.splitter.sizes()
    first.splitter.setSizes([default[0] + default[1] - 150, 150])
    left = first.splitter.sizes()
    assert left != default
    first.close_session()  # sign-out: the workspace goes, the window stays
    window.close()

    _again, second = _window(qtbot, settings, StandInSession(store))
    qtbot.waitUntil(lambda: second.splitter.sizes() == left, timeout=5_000)
    second.close_session()


@pytest.mark.usefixtures("plain_detail")
def test_the_place_is_saved_when_another_workspace_is_shown(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    window, first = _window(qtbot, settings, StandInSession(store))
    default = first.splitter.sizes()
    first.splitter.setSizes([default[0] + default[1] - 300, 300])
    left = first.splitter.sizes()
    assert left != default
    first.hide()  # the planner shown in its place; then the app is killed: no sign-out

    _again, second = _window(qtbot, settings, StandInSession(store))
    qtbot.waitUntil(lambda: second.splitter.sizes() == left, timeout=5_000)
    second.close_session()
    first.close_session()
    window.close()


@pytest.mark.usefixtures("plain_detail")
def test_a_place_saved_by_an_earlier_version_comes_back(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    # What earlier versions wrote at sign-out: the splitter's own state under its name.
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 700)
    earlier = QSplitter(window)
    earlier.setObjectName("inboxSplitter")
    earlier.addWidget(QWidget())
    earlier.addWidget(QWidget())
    window.setCentralWidget(earlier)
    window.show()
    qtbot.waitExposed(window)
    earlier.setSizes([900, 300])
    left = earlier.sizes()
    settings.qsettings.setValue("splitters/inboxSplitter", earlier.saveState())
    window.close()

    _again, workspace = _window(qtbot, settings, StandInSession(store))
    qtbot.waitUntil(lambda: workspace.splitter.sizes() == left, timeout=5_000)
    workspace.close_session()


@pytest.mark.usefixtures("plain_detail")
def test_an_unreadable_saved_splitter_keeps_the_default(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    settings.qsettings.setValue("splitters/inboxSplitter", b"not a splitter state")
    _, workspace = _window(qtbot, settings, StandInSession(store))
    sizes = workspace.splitter.sizes()
    assert len(sizes) == 2 and sizes[0] > sizes[1] > 0  # the list gets most of the width
    workspace.close_session()


@pytest.mark.usefixtures("plain_detail")
def test_the_skeleton_shows_before_the_store_and_keeps_what_was_typed(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    _, workspace = _window(qtbot, settings, None)
    inbox = workspace.list
    # Before the store: the search box, filters and headers are there, no rows.
    assert workspace.model.rowCount() == 0
    assert inbox.search.isVisible() and inbox.filters.isVisible()
    assert workspace.model.columnCount() > 0
    inbox.search.setText("王")
    inbox._search_now()  # Return before the store is open: nothing to read yet
    inbox.filters.buttons[QuickFilter.UNCLAIMED].click()
    assert workspace.model.rowCount() == 0

    workspace.attach(StandInSession(store))
    # The rows come, filtered by what was typed and toggled meanwhile.
    qtbot.waitUntil(lambda: workspace.model.rowCount() > 0, timeout=10_000)
    query = workspace.model.query
    assert query.query.text == "王" and query.quick == frozenset({QuickFilter.UNCLAIMED})
    assert query.query.department_code == "MSA-220100"
    qtbot.waitUntil(lambda: inbox.filters.count(QuickFilter.MINE) is not None, timeout=10_000)
    workspace.close_session()


@pytest.mark.usefixtures("plain_detail")
def test_rows_are_painted_at_their_final_width_when_the_detail_comes_after_them(
        qtbot: QtBot, store: Store, settings: Settings) -> None:
    # The app's start-up builds the detail pane after the first rows: its room
    # is kept from the skeleton on, so the table is not laid out twice.
    window, workspace = _window(qtbot, settings, None)
    # Wide enough that the quick filters' counts, when they come, do not widen
    # the list's minimum beyond its share (a change of width of its own).
    window.resize(1600, 700)
    qtbot.waitUntil(lambda: workspace.width() > 1500, timeout=5_000)
    skeleton_width = workspace.list.width()
    workspace.attach(StandInSession(store), detail_later=True)
    qtbot.waitUntil(lambda: workspace.model.rowCount() > 0, timeout=10_000)
    qtbot.wait(50)  # painted
    assert workspace.detail is None and workspace.list.width() == skeleton_width
    workspace.ensure_detail()
    assert workspace.list.width() == skeleton_width
    assert workspace.splitter.count() == 2
    assert workspace.splitter.widget(1).objectName() == "taskDetail"
    workspace.close_session()


def test_the_skeleton_imports_no_sqlalchemy() -> None:
    # In a fresh interpreter: the list can paint while the store is imported.
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.inbox.workspace import InboxWorkspace\n"
        "w = InboxWorkspace(None, with_detail=False)\n"
        "w.show(); app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=True,
                         env={**_env(), "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_pages_scrolled_past_are_not_read(qtbot: QtBot, store: Store) -> None:
    from test_inbox_fixtures import MSA, add

    from backoffice.store.inbox_query import TaskQuery
    from ui.inbox.list_rows import ListQuery, Reader
    from ui.inbox.model import InboxModel

    add(store, range(31, 301))
    model = InboxModel(Reader(store, MSA, "wangfang", 1, TODAY), ListQuery(TaskQuery(MSA)),
                       page_size=20)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        model.set_query(model.query)
    model.set_visible(200, 219)  # the view shows page 10
    model.data(model.index(200, 0))  # page 10: read at once
    model.data(model.index(40, 0))  # pages 2 and 4 were passed on the way
    model.data(model.index(80, 0))
    qtbot.waitUntil(lambda: model.row(200) is not None, timeout=10_000)
    qtbot.wait(50)  # time for a page that would (wrongly) be read next
    assert model.page_loads == [0, 10]
    model.set_visible(40, 59)  # scrolled back up: page 2 is read when asked again
    model.data(model.index(40, 0))
    qtbot.waitUntil(lambda: model.row(40) is not None, timeout=10_000)
    assert model.page_loads == [0, 10, 2]
    model.close()
