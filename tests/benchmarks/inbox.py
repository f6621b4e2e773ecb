"""The inbox list at 200,000 tasks: first paint, a quick filter, a search keystroke, a scroll.

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/inbox.py [--tasks 200000] [--store PATH] [--runs 3]

All tasks belong to one department (the worst case: the whole list is one
person's inbox); every fourth case also has another department's task, so
the "other departments" column has work to do. The store is built with
``apply_confirmed`` in batches (about a minute at full size) and kept at
``--store`` when given, so later runs reuse it.

Each run is a fresh process (``--child``). As the app does, it shows the
inbox list at once — ``InboxWorkspace(None)`` without the detail pane: the
search box, filters and headers, no rows — while the store is imported and
opened on a thread started with the process (``--open-store-at painted``
starts it after the skeleton's first paint instead), then attaches a
stand-in session and the rows come. It reports the wall-clock times, from just before the parent
spawned it, of the skeleton's first paint, of the first paint *done* with
rows in the table, and of the start-up work after it (the quick filters'
counts) being done. Then, in the same process, each from a quiet list
(the previous action's counts and paints done, not timed): toggling a
quick filter (click → first page in → the new rows painted), a search typed
into the search box and Return pressed (the debounce's 150 ms not counted:
from Return to the new rows painted; the search's quick counts run as in
the app, after its rows are painted), a jump to 90 % of the list (row
180,000 at full size; the page read and painted), scrolling top to bottom in 100 scrollbar steps with the
events processed after each, and the peak resident memory. A paint counts
when it has finished (a zero timer queued from the paint event runs) and,
for an action, only when it began after the new list was applied — a
repaint of the old rows does not end the measurement.

Bytecode: the parent compiles ``backoffice/`` and ``ui/`` (``compileall``)
before the runs, as ``pip install`` and the Windows bundle do, and removes
the ``__pycache__`` folders it created afterwards. Without that, in an
environment with ``PYTHONDONTWRITEBYTECODE=1`` (this project's CI and dev
containers) every run compiles the project's ~150 modules from source, about
0.3 s that no installed copy ever pays; ``--no-compile`` measures that way.

While it waits the GUI thread sleeps in the event loop (``WaitForMoreEvents``)
as the application does in ``exec()``; a busy ``processEvents()`` loop
would take the GIL from the worker thread that reads the rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DEPARTMENT = "MSA-220100"
OTHER = "FIRE-220100"
ME = "user7"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 20_000


def build(path: Path, n_tasks: int) -> None:
    from backoffice.domain.model import Applicant, Case, CaseKind, Department, ReviewTask
    from backoffice.domain.states import CaseStatus, TaskStatus
    from backoffice.store import Store

    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "芳伟娜敏静丽强磊军洋春杰"
    items = ["食品经营许可证核发", "公共场所卫生许可", "建设工程规划许可证核发", "餐饮服务备案"]
    statuses = [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
                TaskStatus.UNCLAIMED, TaskStatus.OPINION_GIVEN]
    base = dt.datetime(2025, 1, 2, 9, 0, tzinfo=SHANGHAI)
    started = time.perf_counter()
    with Store.open(path) as store:
        store.apply_confirmed([Department(DEPARTMENT, "市场监管局", "220100"),
                               Department(OTHER, "消防救援支队", "220100")])
        for start in range(1, n_tasks + 1, BATCH):
            numbers = range(start, min(n_tasks, start + BATCH - 1) + 1)
            store.apply_confirmed([
                Case(f"220100-2025-{n:07d}", "SI", items[n % 4],
                     Applicant(surnames[n % 20] + given[n % 12] + "（虚构）", f"2201{n:014d}"),
                     DEPARTMENT, CaseKind.PROMISED, CaseStatus.IN_REVIEW,
                     base + dt.timedelta(minutes=n), 10, 20,
                     platform_due_date=dt.date(2025, 2, 1) + dt.timedelta(days=n % 60),
                     version=1)
                for n in numbers])
            tasks = [ReviewTask(f"T-{n:07d}", f"220100-2025-{n:07d}", DEPARTMENT,
                                statuses[n % 5], 5,
                                assignee=None if statuses[n % 5] is TaskStatus.UNCLAIMED
                                else f"user{n % 50}",
                                step_due_date=dt.date(2025, 1, 10) + dt.timedelta(days=n % 90),
                                version=1)
                     for n in numbers]
            tasks += [ReviewTask(f"F-{n:07d}", f"220100-2025-{n:07d}", OTHER,
                                 TaskStatus.IN_REVIEW, 5, assignee="zhao", version=1)
                      for n in numbers if n % 4 == 0]
            store.apply_confirmed(tasks)
    print(f"built {n_tasks:,} tasks in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)")


CHILD_RESULT = "BACKOFFICE_INBOX_BENCH_RESULT"
# When the child starts importing and opening the store: "start" (at once, on
# a thread beside Qt's start, as the benchmark always did), "painted" (after
# the skeleton's first paint, as the app starts its slow steps) or "shown".
OPEN_AT = "BACKOFFICE_INBOX_BENCH_OPEN_AT"


def _open_store(path: str, out: list[object]) -> None:
    try:
        from backoffice.store import Store

        out.append(Store.open(path))
    except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
        out.append(exc)


def child(store_path: str) -> None:
    """One measured process (see the module docstring); writes its figures as JSON."""
    import resource
    import threading
    from dataclasses import dataclass
    from typing import TYPE_CHECKING

    # The store is imported and opened on a thread (SQLAlchemy's import is
    # most of the wait) while Qt starts and the list's skeleton paints on this
    # one; OPEN_AT moves the start of that thread.
    opened: list[object] = []
    opener = threading.Thread(target=_open_store, args=(store_path, opened))
    when = os.environ.get(OPEN_AT, "start")
    if when == "start":
        opener.start()

    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    figures: dict[str, float] = {}
    app = QApplication(sys.argv[:1])

    from backoffice.store.inbox_query import QuickFilter
    from ui.inbox.workspace import InboxWorkspace

    if TYPE_CHECKING:
        from backoffice.store import Store

    @dataclass(frozen=True)
    class Account:  # what the list reads of backoffice.sync.accounts.Account
        username: str
        department_code: str

    class Session(QObject):
        statusChanged = Signal(object)

        def __init__(self, store: Store) -> None:
            super().__init__()
            self.store = store
            self.account = Account(ME, DEPARTMENT)

        def local_action(self) -> None:
            pass

    class PaintWatch(QObject):
        """Counts the table viewport's paints once each is done (rows or not)."""

        def __init__(self) -> None:
            super().__init__()
            self.painted = 0  # paints done
            self.started = 0  # paints begun
            self.with_rows: float | None = None  # wall time the first with rows was done
            self.with_rows_begun: float | None = None  # … and when it began
            self.cpu_with_rows = 0.0
            self.skeleton: float | None = None  # … the first of all (no rows yet)

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.started += 1
                rows = workspace.model.rowCount() > 0
                if rows and self.with_rows_begun is None:
                    self.with_rows_begun = time.time()
                QTimer.singleShot(0, lambda: self._done(rows))
            return False

        def _done(self, rows: bool) -> None:
            self.painted += 1
            now = time.time()
            if self.skeleton is None:
                self.skeleton = now
            if rows and self.with_rows is None:
                self.with_rows = now
                # CPU time of the whole process (all threads) until then:
                # the work on the way to the rows, whatever else the machine runs.
                self.cpu_with_rows = time.process_time()

    watch = PaintWatch()
    workspace = InboxWorkspace(None, with_detail=False)
    workspace.list.view.viewport().installEventFilter(watch)
    workspace.resize(1400, 800)
    workspace.show()
    if when == "shown":
        opener.start()
    sleep = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    # Wakes a sleeping wait at least every 20 ms (a condition may turn true
    # without an event of its own, e.g. a flag set in a callback).
    ticker = QTimer()
    ticker.start(20)

    def wait_until(condition: object, what: object = "") -> None:
        deadline = time.perf_counter() + 60
        while not condition():  # type: ignore[operator]
            app.processEvents(sleep)
            if time.perf_counter() > deadline:
                raise TimeoutError(f"benchmark: waited 60 s for {what() if callable(what) else what}")

    # The skeleton paints while the store opens; the rows come when it is open.
    if when == "painted":
        wait_until(lambda: watch.skeleton is not None, "the skeleton painted")
        opener.start()
    wait_until(lambda: opened, "the store")
    if isinstance(opened[0], BaseException):
        raise opened[0]
    store = opened[0]
    opener.join()
    figures["store_open_wall"] = time.time()
    workspace.attach(Session(store))  # type: ignore[arg-type]
    wait_until(lambda: watch.with_rows is not None, "the first rows painted")
    figures["first_paint_wall"] = watch.with_rows  # type: ignore[assignment]
    figures["first_paint_begun_wall"] = watch.with_rows_begun  # type: ignore[assignment]
    figures["first_paint_cpu_ms"] = 1000 * watch.cpu_with_rows
    figures["skeleton_paint_wall"] = watch.skeleton  # type: ignore[assignment]
    model = workspace.model
    inbox_list = workspace.list
    bar = inbox_list.filters

    def idle() -> bool:
        # Nothing left to paint: no paint begun in the last 50 ms, none unfinished.
        seen = (watch.started, watch.painted)
        until = time.perf_counter() + 0.05
        while time.perf_counter() < until:
            # Not processEvents(flags, maxtime): that overload spins for maxtime
            # (docs/benchmarks.md); the ticker wakes this wait every 20 ms.
            app.processEvents(sleep)
        return (watch.started, watch.painted) == seen and watch.started == watch.painted

    def quiet() -> bool:
        return (not inbox_list._counting and model.count_exact
                and not inbox_list._after_paint and inbox_list._departments_loaded
                and not inbox_list.bulk._reads.busy()
                and bar.count(QuickFilter.MINE) is not None)

    wait_until(quiet, "the start-up counts")
    figures["settled_wall"] = time.time()

    applied_at: dict[str, float] = {}  # per action: Return → the new rows applied (ms)

    def until_applied_and_painted(action: object, key: str = "") -> float:
        wait_until(lambda: quiet() and idle())
        applied: list[int] = []

        def on_applied() -> None:  # paints begun from now on show the new rows
            applied.append(watch.started)
            applied_at[key] = 1000 * (time.perf_counter() - start)

        model.queryApplied.connect(on_applied)
        start = time.perf_counter()
        action()  # type: ignore[operator]
        wait_until(lambda: applied and watch.painted > applied[0])
        elapsed = time.perf_counter() - start
        model.queryApplied.disconnect(on_applied)
        return elapsed

    def typed(term: str) -> None:
        inbox_list.search.setText(term)  # starts the debounce timer
        QTest.keyClick(inbox_list.search, Qt.Key.Key_Return)  # …which Return skips

    figures["filter_unclaimed_ms"] = 1000 * until_applied_and_painted(
        bar.buttons[QuickFilter.UNCLAIMED].click, "filter_unclaimed_ms")
    figures["filter_rows"] = model.rowCount()
    figures["filter_off_ms"] = 1000 * until_applied_and_painted(
        bar.buttons[QuickFilter.UNCLAIMED].click, "filter_off_ms")
    for term, key in (("王", "search_1_ms"), ("王芳", "search_2_ms"), ("王芳（", "search_3_ms"),
                      ("许可", "search_common_ms")):
        figures[key] = 1000 * until_applied_and_painted(lambda t=term: typed(t), key)
        # The count when painted ("1,000+" while capped: the exact one may follow).
        figures[key.replace("_ms", "_rows")] = model.rowCount()
        figures[key.replace("_ms", "_exact")] = model.count_exact
    figures.update({f"{k}_applied": v for k, v in applied_at.items()})
    until_applied_and_painted(lambda: typed(""))
    wait_until(lambda: quiet() and idle())

    # A jump deep into the list: the scroll bar dragged to 90 % of it (row
    # 180,000 at full size). The figure waits for the rows the view then
    # shows at its top.
    view = inbox_list.view
    scroll = view.verticalScrollBar()
    deep = model.rowCount() * 9 // 10
    # The scroll bar's range follows a new row count on a later layout pass.
    wait_until(lambda: scroll.maximum() > deep, "the scroll bar's range")
    painted = watch.started
    start = time.perf_counter()
    scroll.setValue(deep)
    target = max(0, view.rowAt(0))
    wait_until(lambda: model.row(target) is not None,
               lambda: f"row {target}: pages {[(n, len(p)) for n, p in model._pages.items()]}")
    app.processEvents()  # the rows' update painted
    figures["jump_ms"] = 1000 * (time.perf_counter() - start)
    figures["jump_row"] = target
    assert watch.started != painted
    view.scrollToTop()
    wait_until(lambda: model.row(0) is not None)

    bar_widget = workspace.list.view.verticalScrollBar()
    steps, loads, skipped = 100, len(model.page_loads), model.pages_skipped
    start = time.perf_counter()
    worst = 0.0
    for i in range(1, steps + 1):
        t0 = time.perf_counter()
        bar_widget.setValue(bar_widget.maximum() * i // steps)
        app.processEvents()
        worst = max(worst, time.perf_counter() - t0)
    last = model.rowCount() - 1
    while model.row(last) is None:  # the bottom rows are in
        model.data(model.index(last, 0))
        app.processEvents()
    figures["scroll_total_ms"] = 1000 * (time.perf_counter() - start)
    figures["scroll_worst_step_ms"] = 1000 * worst
    figures["scroll_pages_read"] = len(model.page_loads) - loads
    figures["scroll_pages_skipped"] = model.pages_skipped - skipped
    figures["rows"] = model.rowCount()
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workspace.close_session()
    store.close()
    Path(os.environ[CHILD_RESULT]).write_text(json.dumps(figures), encoding="utf-8")


def _compile_sources() -> list[Path]:
    """Compile the project's modules as an installation would; the new __pycache__ folders."""
    import compileall

    before = {p for d in ("backoffice", "ui") for p in (ROOT / d).rglob("__pycache__")}
    for d in ("backoffice", "ui"):
        compileall.compile_dir(str(ROOT / d), quiet=1)
    after = {p for d in ("backoffice", "ui") for p in (ROOT / d).rglob("__pycache__")}
    return sorted(after - before)


def _run_child(store_path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="backoffice-inbox-") as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ)
        env.update({"QT_QPA_PLATFORM": "offscreen", "LANG": env.get("LANG") or "C.UTF-8",
                    "BACKOFFICE_DATA_DIR": str(Path(tmp) / "data"), CHILD_RESULT: str(out)})
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        started = time.time()
        subprocess.run([sys.executable, __file__, "--child", str(store_path)], env=env,
                       check=True, timeout=600)
        figures: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
        figures["first_paint_ms"] = 1000 * (figures.pop("first_paint_wall") - started)
        figures["skeleton_paint_ms"] = 1000 * (figures.pop("skeleton_paint_wall") - started)
        figures["first_paint_begun_ms"] = 1000 * (figures.pop("first_paint_begun_wall") - started)
        figures["store_open_ms"] = 1000 * (figures.pop("store_open_wall") - started)
        figures["settled_ms"] = 1000 * (figures.pop("settled_wall") - started)
        return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--store", type=Path, help="build here, or reuse when it exists")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--open-store-at", choices=("painted", "start", "shown"),
                        default="start", help="when the store is opened (see OPEN_AT)")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not compile backoffice/ and ui/ first (see the docstring)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return
    created = [] if args.no_compile else _compile_sources()
    try:
        with tempfile.TemporaryDirectory(prefix="backoffice-inbox-store-") as tmp:
            path = args.store or Path(tmp) / f"inbox-{args.tasks}.sqlite"
            if not path.exists():
                build(path, args.tasks)
            os.environ[OPEN_AT] = args.open_store_at
            _run_child(path)  # warm-up: fills the disk cache, not counted
            runs = [_run_child(path) for _ in range(args.runs)]
    finally:
        for folder in created:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"bytecode: {'as found' if args.no_compile else 'compiled first'}; "
          f"store opened at: {args.open_store_at}; "
          f"load average before the runs {os.getloadavg()[0]:.2f}")
    print(f"{int(runs[0]['rows']):,} tasks in the inbox, median of {len(runs)} runs")
    for key, label in [
        ("skeleton_paint_ms", "process start → list skeleton painted (no rows)"),
        ("store_open_ms", "process start → store open"),
        ("first_paint_begun_ms", "process start → first paint with rows begins"),
        ("first_paint_ms", "process start → inbox painted with rows"),
        ("first_paint_cpu_ms", "  CPU time of the process until then (all threads)"),
        ("settled_ms", "  … quick filters' counts shown"),
        ("filter_unclaimed_ms", "quick filter 'unclaimed' on (count + page + paint)"),
        ("filter_off_ms", "quick filter off again"),
        ("search_1_ms", "search '王' (1 character)"),
        ("search_2_ms", "search '王芳' (2 characters)"),
        ("search_3_ms", "search '王芳（' (3 characters)"),
        ("search_common_ms", "search '许可' (150,000 hits, count capped)"),
        ("jump_ms", "jump to 90 % of the list (page read + paint)"),
        ("scroll_total_ms", "scroll top → bottom, 100 steps"),
        ("scroll_worst_step_ms", "  worst step"),
        ("peak_rss_mb", "peak memory (MB, max RSS)"),
    ]:
        values = [r[key] for r in runs]
        print(f"{label:<52} {statistics.median(values):10.1f}   "
              f"({' / '.join(f'{v:.0f}' for v in values)})")
    # Return (or the click) → the new rows applied to the model: the worker's
    # read and the hand-over; the rest of each figure is the GUI thread's paint.
    applied = {k: statistics.median(r[f"{k}_applied"] for r in runs)
               for k in ("filter_unclaimed_ms", "filter_off_ms", "search_1_ms", "search_2_ms",
                         "search_3_ms", "search_common_ms")}
    print("  until the new rows were applied (median, ms): "
          + ", ".join(f"{k.removesuffix('_ms')} {v:.0f}" for k, v in applied.items()))
    first = runs[0]

    def shown(key: str) -> str:
        return f"{int(first[f'{key}_rows']):,}{'' if first[f'{key}_exact'] else '+'}"

    print(f"  count when painted: '王' {shown('search_1')}, '王芳' {shown('search_2')}, "
          f"'王芳（' {shown('search_3')}, '许可' {shown('search_common')}")
    print(f"  rows: unclaimed {int(first['filter_rows']):,}, '王' {int(first['search_1_rows']):,}, "
          f"'王芳' {int(first['search_2_rows']):,}, '王芳（' {int(first['search_3_rows']):,}, "
          f"'许可' {int(first['search_common_rows']):,}"
          f"{'' if first['search_common_exact'] else '+ (capped)'}; "
          f"jump to row {int(first['jump_row']):,}; "
          f"pages read while scrolling: {int(first['scroll_pages_read'])}, "
          f"passed before their turn and not read: {int(first['scroll_pages_skipped'])}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
