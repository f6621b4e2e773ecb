"""The inbox as a person uses it, over a store pulled from the seeded 20,000-case platform.

    .venv/bin/python tests/benchmarks/inbox_ui.py [--seeded /tmp/syncbench/platform.sqlite3]
        [--cases 20000] [--keep DIR]

Prints numbers, asserts nothing. The platform is ``sync.py``'s (one department
that sees every case; ``--seeded`` is the same cache: copied, never changed).
Its first full pull goes into a store in a process of its own (as
``sync.py``'s client does); ``--keep DIR`` keeps the platform copy and the
store there, so later runs skip the seeding and the pull.

The measured process is the app's inbox: a real :class:`ui.session.Session`
on that store (its sync thread, the platform on loopback) and the real
``InboxWorkspace`` *with* its detail pane, shown offscreen at 1400×800.
Measured, each from a quiet list: opening the inbox as the shell does
(workspace built and attached with ``detail_later``, shown → first rows
painted), the detail pane (the shell's worker imports the workspaces'
libraries, then ``ensure_detail`` builds the pane on the GUI thread),
scrolling to the end (100 scroll bar steps, then Ctrl+End), a click on
every column's heading (twice: both orders; a column not sortable in SQL
keeps the old order), a search typed (ASCII key by key, Chinese committed
whole as an input method does; the debounce included), each quick filter on
and off, a click on a row (→ the detail pane's ``loaded``), and a sync round
that brings 100 tasks a colleague claimed (or, on a kept platform an
earlier run changed, released) on the platform (``sync_now`` → the list
refreshed and painted). For each, besides its time, a 10 ms timer on the GUI thread says
how late the event loop ran it — the longest time the GUI thread was busy
(``blocked``) and how often that was over 100 ms — and how many pages the
list read from the store (pages of 200 rows). For the sync round also: when
its records were stored, when the list first showed them, how many
refreshes it made. ``INBOX_UI_STACKS=1`` prints, per action, where the GUI
thread's Python was while its timer was late (sampled every 20 ms).

The seeded department's inbox holds its own review tasks: 2,000 of the
platform's 31,713 (the store holds all 20,000 cases and their tasks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sync

PROFILE = "inbox-ui-benchmark"
TICK_MS = 10
SEEDED = Path("/tmp/syncbench/platform.sqlite3")


def pull(url: str, user: str, store_path: str) -> dict[str, Any]:
    """The department's first full pull into ``store_path`` (own process)."""
    import keyring

    keyring.set_keyring(sync._MemoryKeyring())
    from backoffice.remote import PlatformClient
    from backoffice.remote.http import HttpSettings
    from backoffice.store import Store
    from backoffice.sync.engine import SyncEngine

    client = PlatformClient(url, settings=HttpSettings(total_timeout=300))
    client.login(user, sync.PASSWORD)
    t0 = time.perf_counter()
    with Store.open(store_path) as store:
        SyncEngine(store, client).sync_once()
        with store.read() as uow:
            tasks = uow.tasks.count()
    return {"pull_s": time.perf_counter() - t0, "tasks": tasks}


def measured(url: str, user: str, colleague: str, store_path: str) -> dict[str, Any]:
    """The inbox's figures (own process, offscreen)."""
    import keyring

    keyring.set_keyring(sync._MemoryKeyring())
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from backoffice.domain.commands import Command
    from backoffice.remote import PlatformClient
    from backoffice.remote.http import HttpSettings
    from backoffice.store import Store
    from backoffice.store.inbox_query import QuickFilter
    from backoffice.sync.accounts import Account
    from backoffice.sync.wire import command_in
    from ui import session as sessions
    from ui.inbox.list_format import SORTS, Column
    from ui.inbox.workspace import InboxWorkspace

    http = HttpSettings(total_timeout=300)
    client = PlatformClient(url, settings=http)
    me = client.login(user, sync.PASSWORD)
    # A fixed profile: the platform's port (part of the usual profile) changes every run.
    account = Account(client.base_url, user, me.display_name, me.department.code,
                      me.department.name, fixed_profile=PROFILE)
    options = sessions.SyncOptions(interval=3600, http=http)
    store = Store.open(store_path)
    session = sessions.Session(sessions._with_store(account, client, store, options), options)

    # The GUI thread's pauses: how late a 10 ms timer runs.
    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, 1000 * (now - last[0]) - TICK_MS))
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(tick)
    probe.start(TICK_MS)
    stacks = _pause_sampler(last) if os.environ.get("INBOX_UI_STACKS") else None

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.started = self.done = 0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.started += 1
                QTimer.singleShot(0, self._done)
            return False

        def _done(self) -> None:
            self.done += 1

    sleep = QEventLoop.ProcessEventsFlag.WaitForMoreEvents

    def wait_until(condition: Any, what: str, seconds: float = 120) -> None:
        deadline = time.perf_counter() + seconds
        while not condition():
            app.processEvents(sleep)
            if time.perf_counter() > deadline:
                raise TimeoutError(f"benchmark: waited {seconds} s for {what}")

    figures: dict[str, Any] = {}
    pages_before = [0]

    def begin() -> float:
        if stacks is not None:
            stacks.clear()
        late.clear()
        last[0] = time.perf_counter()
        pages_before[0] = len(workspace.model.page_loads) if workspace_made else 0
        return time.perf_counter()

    def end(key: str, start: float, **extra: Any) -> None:
        elapsed = 1000 * (time.perf_counter() - start)
        app.processEvents()  # the last tick
        model = workspace.model
        if stacks is not None:
            _print_stacks(key, stacks)
        figures[key] = {"ms": elapsed, "blocked": max(late, default=0.0),
                        "over_100": sum(v > 100 for v in late),
                        "pages": len(model.page_loads) - pages_before[0], **extra}

    # ---- opening the inbox --------------------------------------------------------
    workspace_made = False
    paints = Paints()
    start = begin()
    # As the shell starts it: the list first, the detail pane once the rows are painted
    # and the other workspaces' libraries are imported on a worker (ui.shell).
    workspace = InboxWorkspace(None, with_detail=True)
    workspace.attach(session, detail_later=True)
    built_ms = 1000 * (time.perf_counter() - start)
    workspace_made = True
    inbox, model = workspace.list, workspace.model
    view = inbox.view
    view.viewport().installEventFilter(paints)
    workspace.resize(1400, 800)
    workspace.show()
    wait_until(lambda: model.rowCount() > 0 and model.row(0) is not None and paints.done > 0,
               "the first rows painted")
    end("open", start, rows=model.rowCount(), built_ms=built_ms)

    import threading

    from ui import shell

    start = begin()
    importer = threading.Thread(target=shell._import_workspace_libraries)
    importer.start()
    wait_until(lambda: not importer.is_alive(), "the workspaces' libraries")
    imported_ms = 1000 * (time.perf_counter() - start)
    workspace.ensure_detail()
    end("detail_pane", start, imported_ms=imported_ms,
        built_ms=1000 * (time.perf_counter() - start) - imported_ms)

    def quiet() -> bool:
        return (not inbox._counting and model.count_exact and not inbox._after_paint
                and inbox._departments_loaded and not inbox.bulk._reads.busy()
                and not model._loading and not model._refreshing
                and inbox.filters.count(QuickFilter.MINE) is not None)

    def idle() -> bool:
        seen = (paints.started, paints.done)
        until = time.perf_counter() + 0.05
        while time.perf_counter() < until:
            app.processEvents(sleep)
        return (paints.started, paints.done) == seen and paints.started == paints.done

    start = time.perf_counter()
    wait_until(quiet, "the start-up counts")
    figures["open"]["settled_ms"] = figures["open"]["ms"] + 1000 * (time.perf_counter() - start)
    # The session's first round (nothing new on the platform), as the app starts it.
    session.start()
    wait_until(lambda: session.status.last_success is not None, "the first sync round", 300)
    wait_until(lambda: quiet() and idle(), "a quiet list")

    def new_list(action: Any, key: str, **extra: Any) -> None:
        """``action`` makes a new list: until its rows are applied and painted."""
        wait_until(lambda: quiet() and idle(), "a quiet list")
        applied: list[int] = []

        def on_applied() -> None:
            applied.append(paints.started)

        model.queryApplied.connect(on_applied)
        start = begin()
        action()
        wait_until(lambda: applied and paints.done > applied[0], f"{key}: rows painted")
        model.queryApplied.disconnect(on_applied)
        end(key, start, rows=model.rowCount(), **extra)

    # ---- scrolling to the end ----------------------------------------------------------
    wait_until(lambda: quiet() and idle(), "a quiet list")
    bar = view.verticalScrollBar()
    start = begin()
    worst = 0.0
    for i in range(1, 101):
        t0 = time.perf_counter()
        bar.setValue(bar.maximum() * i // 100)
        app.processEvents()
        worst = max(worst, time.perf_counter() - t0)
    lastrow = model.rowCount() - 1
    wait_until(lambda: model.row(lastrow) is not None, "the last rows")
    app.processEvents()
    end("scroll", start, worst_step_ms=1000 * worst)
    view.setFocus()
    view.scrollToTop()
    wait_until(lambda: model.row(0) is not None and quiet() and idle(), "back at the top")
    start = begin()
    QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: model.row(lastrow) is not None, "Ctrl+End's rows")
    app.processEvents()
    end("ctrl_end", start)
    view.scrollToTop()
    wait_until(lambda: model.row(0) is not None and quiet() and idle(), "back at the top")

    # ---- sorting by each column ----------------------------------------------------------
    header = view.horizontalHeader()

    def click_heading(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    for column in Column:
        for order in ("a", "b"):
            key = f"sort_{column.name.lower()}_{order}"
            if column in SORTS:
                new_list(lambda c=column: click_heading(c), key)
            else:  # no new list: the click and the indicator put back
                wait_until(lambda: quiet() and idle(), "a quiet list")
                start = begin()
                click_heading(column)
                wait_until(idle, "the header repainted")
                end(key, start, rows=model.rowCount())
    # Back to the default order (step due, ascending).
    if model.query.query.descending or header.sortIndicatorSection() != Column.STEP_DUE:
        new_list(lambda: click_heading(Column.STEP_DUE), "sort_back")
        if header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            new_list(lambda: click_heading(Column.STEP_DUE), "sort_back2")

    # ---- typing a search -----------------------------------------------------------------
    # Terms from the data: the applicant of a row in the middle, a case code's year part.
    middle = model.rowCount() // 2
    bar.setValue(bar.maximum() // 2)
    wait_until(lambda: model.row(middle) is not None or model.row(view.rowAt(0)) is not None,
               "a middle row")
    row = model.row(view.rowAt(0))
    assert row is not None
    name = row.data.applicant
    code = row.data.case_code
    view.scrollToTop()
    wait_until(lambda: model.row(0) is not None and quiet() and idle(), "back at the top")
    searches = [("search_name_typed", name[:2]), ("search_code_typed", code[-6:]),
                ("search_one_char_typed", name[:1])]
    for key, term in searches:
        def typed(t: str = term) -> None:
            inbox.search.setFocus()
            inbox.search.clear()
            if t.isascii():
                QTest.keyClicks(inbox.search, t)  # the debounce runs the search
            else:  # an input method commits Chinese words whole (QTest types ASCII only)
                inbox.search.insert(t)

        # Clearing the box is a new list of its own: done first, untimed.
        if inbox.search.text():
            new_list(lambda: (inbox.search.clear(), QTest.keyClick(inbox.search,
                                                                   Qt.Key.Key_Return)),
                     "search_cleared")
        new_list(typed, key, term=term)
    new_list(lambda: (inbox.search.clear(), QTest.keyClick(inbox.search, Qt.Key.Key_Return)),
             "search_cleared")

    # ---- changing filters -----------------------------------------------------------------
    for quick, button in inbox.filters.buttons.items():
        new_list(button.click, f"filter_{quick.value}_on")
        new_list(button.click, f"filter_{quick.value}_off")

    # ---- selecting a task: the detail pane ---------------------------------------------------
    detail = workspace.detail
    wait_until(lambda: quiet() and idle() and not detail._background.busy(), "a quiet detail")
    loaded: list[bool] = []
    detail.loaded.connect(lambda: loaded.append(True))
    for n, at in enumerate((3, 10, 25)):
        loaded.clear()
        start = begin()
        rect = view.visualRect(model.index(at, Column.SERVICE_ITEM))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        wait_until(lambda: loaded, "the detail loaded")
        wait_until(idle, "the detail painted")
        end(f"select_{n + 1}", start)
        wait_until(lambda: quiet() and not detail._background.busy(), "a quiet detail")

    # ---- a sync that brings 100 changed tasks ------------------------------------------------
    # Unclaimed tasks claimed, or (a kept platform, claimed by an earlier run) released.
    with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT id, confirmed_version, status FROM review_tasks WHERE department_code = ? "
            "AND (status = 'unclaimed' OR (status = 'in_review' AND assignee = ?)) "
            "ORDER BY status DESC, id LIMIT 100",
            (account.department_code, colleague)).fetchall()
    other = PlatformClient(url, settings=http)
    other.login(colleague, sync.PASSWORD)
    now = dt.datetime.now(dt.UTC)
    other.push([command_in(Command.new(
        "task.claim" if status == "unclaimed" else "task.release", task_id, version,
        {"assignee": colleague} if status == "unclaimed" else {}, author=colleague, now=now))
        for task_id, version, status in rows])
    wait_until(lambda: quiet() and idle() and not detail._background.busy(), "a quiet list")
    refreshed: list[float] = []  # when the list's refreshes were applied
    model.refreshed.connect(lambda: refreshed.append(time.perf_counter()))
    stored: list[float] = []  # when the round's pulled records were stored
    files: list[float] = []  # when its prefetch last brought files
    session.syncProgressed.connect(
        lambda status: (stored if status.received and not stored else files).append(
            time.perf_counter()))
    success = session.status.last_success
    start = begin()
    session.sync_now()
    wait_until(lambda: session.status.last_success != success, "the sync round")
    round_ms = 1000 * (time.perf_counter() - start)
    wait_until(lambda: refreshed and quiet() and idle(), "the list refreshed")
    end("sync_100", start, changed=len(rows), round_ms=round_ms,
        stored_ms=1000 * (stored[0] - start) if stored else -1.0,
        first_refresh_ms=1000 * (refreshed[0] - start),
        refreshes=len(refreshed), received=session.status.received,
        files_fetched=session.status.files_fetched,
        last_files_ms=1000 * (files[-1] - start) if files else -1.0)

    figures["peak_rss_mb"] = sync._peak_rss_mb()
    figures["page_loads"] = len(model.page_loads)
    probe.stop()
    if stacks is not None:
        stacks["stop"] = 1  # the sampler ends before the interpreter does
    print(json.dumps(figures), flush=True)
    workspace.close_session()
    session.close()
    return figures


def _pause_sampler(last: list[float]) -> dict[str, int]:
    """Where the GUI thread is while it is late (``INBOX_UI_STACKS=1``): stacks, counted.

    A thread samples the main thread's Python stack every 20 ms while its
    10 ms timer has not run for 50 ms; :func:`_print_stacks` prints them.
    """
    import threading
    import traceback

    main_id = threading.main_thread().ident
    seen: dict[str, int] = {}

    def sample() -> None:
        while "stop" not in seen:
            time.sleep(0.02)
            if time.perf_counter() - last[0] > 0.05:
                frame = sys._current_frames().get(main_id)
                if frame is None:
                    continue
                lines = [f"{Path(f.filename).name}:{f.lineno} {f.name}"
                         for f in traceback.extract_stack(frame)
                         if "site-packages" not in f.filename][-14:]
                key = " <- ".join(reversed(lines))
                seen[key] = seen.get(key, 0) + 1

    threading.Thread(target=sample, daemon=True).start()
    return seen


def _print_stacks(key: str, stacks: dict[str, int]) -> None:
    for stack, n in sorted(stacks.items(), key=lambda kv: -kv[1])[:6]:
        print(f"[{key}] {n * 20} ms: {stack}", file=sys.stderr)
    stacks.clear()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seeded", type=Path, default=SEEDED,
                        help="the seeded platform database to copy (made there if missing)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the platform copy and the pulled store here for later runs")
    parser.add_argument("--pull", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pull:
        print(json.dumps(pull(*args.pull)))
        return
    if args.measure:
        measured(*args.measure)  # prints its figures before the session closes
        return
    with tempfile.TemporaryDirectory(prefix="inbox-ui-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db_path, store_path = work / "platform.sqlite3", work / "store.sqlite3"
        users = work / "users.json"
        if db_path.exists() and users.exists():
            user, colleague = json.loads(users.read_text())
        else:
            user, colleague = sync._platform(args.cases, db_path, args.seeded)
            users.write_text(json.dumps([user, colleague]))
        env = dict(os.environ, BACKOFFICE_DATA_DIR=str(Path(tmp) / "data"),
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   LANG=os.environ.get("LANG") or "C.UTF-8")
        with sync.serving(db_path, env) as (url, _):
            if not store_path.exists():
                done = subprocess.run([sys.executable, __file__, "--pull", url, user,
                                       str(store_path)], cwd=sync.REPO, env=env,
                                      capture_output=True, text=True, check=True)
                p = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"first pull into the store: {p['pull_s']:.1f} s, {p['tasks']:,} tasks")
            done = subprocess.run([sys.executable, __file__, "--measure", url, user, colleague,
                                   str(store_path)], cwd=sync.REPO, env=env,
                                  stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode:
                sys.exit(f"the measured process failed (exit {done.returncode})")
    r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"load average {os.getloadavg()[0]:.2f}; {r['open']['rows']:,} tasks in the inbox; "
          "ms; 'blocked' = the GUI thread's longest pause (a 10 ms timer's lateness)")
    print(f"{'':<34} {'time':>8} {'blocked':>8} {'>100ms':>7} {'pages':>6}")
    for key, value in r.items():
        if not isinstance(value, dict):
            continue
        notes = ", ".join(f"{k} {v:.0f}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in value.items()
                          if k not in ("ms", "blocked", "over_100", "pages"))
        print(f"{key:<34} {value['ms']:8.0f} {value['blocked']:8.0f} {value['over_100']:7d} "
              f"{value['pages']:6d}   {notes}")
    print(f"pages read in all: {r['page_loads']} (of 200 rows); "
          f"peak memory {r['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
