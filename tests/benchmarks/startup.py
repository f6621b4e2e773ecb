"""Start-up time: process start → first window painted, and → the inbox with rows.

Prints numbers, asserts nothing. Usage::

    .venv/bin/python tests/benchmarks/startup.py [--runs 7] [--bundle dist/OneVisitBackOffice]
        [--only first-paint|inbox] [--store /tmp/inbox-200k.sqlite] [--source TREE]

Three ways to start, each run several times after one warm-up run (which
fills the disk cache and is not counted):

- **bare PySide6**: a script that shows an empty ``QMainWindow`` — the floor
  set by Python and Qt themselves;
- **from source**: ``python -m backoffice app --smoke``, what
  ``backoffice app`` runs (``backoffice-gui`` skips only argparse's sub-commands);
- **from the bundle**: the windowed executable of ``dist/OneVisitBackOffice/``,
  when it has been built (``installer/build.sh``).

The time is ``time.time()`` just before the process is spawned to the
wall-clock time the window wrote on its first paint into the file named by
``BACKOFFICE_STARTUP_PROBE`` (``ui/main_window.py``). Every run is offscreen
(``QT_QPA_PLATFORM=offscreen``), with a fresh ``BACKOFFICE_DATA_DIR`` (the
store is created after the first paint, so that is not timed) and the
default, Chinese interface (its translations load before the paint).

**The app into a signed-in inbox** (``--only inbox`` for this part alone):
the real app (``ui.app.main(["--smoke"])``, what ``backoffice-gui`` and
``./bootstrap.sh demo`` run, without ``--demo``) on a profile that is
already signed in — ``accounts.json`` names the account, the keyring (a
file backend, ``tests/support/file_keyring.py``) holds its refresh token,
its platform is a closed port on loopback (an offline start: the first
sync fails fast) — and whose store holds the inbox benchmark's 200,000
tasks (``--store``, built by ``tests/benchmarks/inbox.py``'s ``build`` when
missing; copied once into the profile, so the shared file is never written)
with the platform's work calendar kept in it, as a first sync leaves it.
Each tree is measured twice, alternately: as usual (quitting keeps the
inbox's first page beside the store, ``backoffice/store/kept_page.py``, and
the next start paints it before opening the store) and without that page,
as after a crash or a scheduled ``backoffice sync`` (the store is opened
first).
A small wrapper (``--app-child``) starts the app in process and installs an
application event filter when the ``QApplication`` exists; it reports, from
just before the spawn, the window's first paint (the probe above), the
inbox table's first paint done (the skeleton, no rows), its first paint
done with rows, the process's CPU time until then and its peak memory at
exit. Offscreen, the Chinese interface, ``backoffice/`` and ``ui/`` compiled
first as an installation would be (see ``tests/benchmarks/inbox.py``).
``--source TREE`` runs another checkout (``git archive HEAD | tar -x -C
TREE``) with this benchmark, for before/after comparisons.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "OneVisitBackOffice"
GUI_EXE = "OneVisitBackOffice" + (".exe" if sys.platform == "win32" else "")
PROBE = "BACKOFFICE_STARTUP_PROBE"
TIMEOUT_S = 120

# The floor: Python, PySide6 and one painted QMainWindow, nothing of ours.
BARE_WINDOW = f"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            with open(os.environ[{PROBE!r}], "w", encoding="utf-8") as f:
                f.write(repr(time.time()))
            QTimer.singleShot(100, QApplication.quit)

app = QApplication(sys.argv[:1])
window = Window()
window.resize(1100, 700)
window.show()
QTimer.singleShot(5000, app.quit)
sys.exit(app.exec())
"""


def _once(argv: list[str]) -> float:
    """Seconds from spawning ``argv`` to its first paint, as written to the probe."""
    with tempfile.TemporaryDirectory(prefix="backoffice-startup-") as tmp:
        probe = Path(tmp) / "first-paint"
        env = dict(os.environ)
        env.update({
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": env.get("LANG") or "C.UTF-8",
            "BACKOFFICE_DATA_DIR": str(Path(tmp) / "data"),
            PROBE: str(probe),
        })
        env.pop("BACKOFFICE_LANG", None)
        started = time.time()
        done = subprocess.run(argv, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        if not probe.exists():
            raise RuntimeError(f"{argv[0]}: no first paint (exit code {done.returncode})\n"
                               f"{done.stdout}{done.stderr}")
        return float(probe.read_text(encoding="utf-8")) - started


def _measure(label: str, argv: list[str], runs: int) -> None:
    try:
        _once(argv)  # warm-up: disk cache, .pyc files
        times = [_once(argv) for _ in range(runs)]
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"{label:<34} failed: {exc}")
        return
    print(f"{label:<34} min {1000 * min(times):7.1f} ms   median "
          f"{1000 * statistics.median(times):7.1f} ms   max {1000 * max(times):7.1f} ms"
          f"   ({runs} runs)")
    sys.stdout.flush()


# --- the app into a signed-in inbox of 200,000 tasks ---------------------------

STORE = Path("/tmp/inbox-200k.sqlite")
APP_RESULT = "BACKOFFICE_STARTUP_APP_RESULT"
APP_SOURCE = "BACKOFFICE_STARTUP_APP_SOURCE"
# The inbox benchmark's department and reviewer: their rows are the list.
PLATFORM_USER, DEPARTMENT = "user7", "MSA-220100"


def app_child() -> None:
    """The measured process: the app as ``backoffice-gui --smoke`` runs it, watched."""
    sys.path.insert(0, os.environ[APP_SOURCE])
    import resource

    from PySide6.QtCore import QEvent, QObject, QTimer

    from ui import app as ui_app

    figures: dict[str, float] = {}

    class Watch(QObject):
        """The inbox table's paints (its viewport's), each counted once it is done."""

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "rows_wall" not in figures:
                view = obj.parent()
                if view is not None and view.objectName() == "inboxView":
                    rows = view.model().rowCount() > 0  # type: ignore[attr-defined]
                    QTimer.singleShot(0, lambda: self._done(rows))
            return False

        def _done(self, rows: bool) -> None:
            if "skeleton_wall" not in figures:
                figures["skeleton_wall"] = time.time()
                figures["sqlalchemy_at_skeleton"] = float("sqlalchemy" in sys.modules)
            if rows and "rows_wall" not in figures:
                figures["rows_wall"] = time.time()
                figures["rows_cpu_ms"] = 1000 * time.process_time()
                figures["rows_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    watch: list[Watch] = []
    application = ui_app._application

    def watched() -> object:
        app = application()
        watch.append(Watch())
        app.installEventFilter(watch[0])
        return app

    ui_app._application = watched  # type: ignore[assignment]
    code = ui_app.main(["--smoke"])
    figures["exit_code"] = code
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(os.environ[APP_RESULT]).write_text(json.dumps(figures), encoding="utf-8")


def _signed_in_data_dir(folder: Path, store: Path, source: Path) -> tuple[dict[str, str], Path]:
    """A data dir signed in as the benchmark's reviewer, the store copied in; its env, the store."""
    import socket

    with socket.socket() as s:  # a port nobody listens on: the start is offline
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    account = {"platform_url": url, "username": PLATFORM_USER, "display_name": "王芳（虚构）",
               "department_code": DEPARTMENT, "department_name": "市场监管局"}
    data = folder / "data"
    data.mkdir(parents=True)
    (data / "accounts.json").write_text(
        json.dumps({"current": account, "known": [account]}, ensure_ascii=False), encoding="utf-8")
    env = {"BACKOFFICE_DATA_DIR": str(data),
           "BACKOFFICE_TEST_KEYRING": str(folder / "keyring.json"),
           "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring"}
    # The profile's folder and the keyring entry as that tree names them.
    probe = subprocess.run(
        [sys.executable, "-c",
         ("from backoffice.sync.accounts import Account\n"
          "from backoffice.remote.credentials import SERVICE, entry_name\n"
          f"a = Account({url!r}, {PLATFORM_USER!r})\n"
          "print(a.store_path()); print(SERVICE + '\\n' + entry_name(a.platform_url, a.username))")],
        cwd=source, env={**os.environ, **env, "PYTHONPATH": str(source)},
        capture_output=True, text=True, check=True)
    store_path, entry = probe.stdout.splitlines()[0], "\n".join(probe.stdout.splitlines()[1:])
    (folder / "keyring.json").write_text(json.dumps({entry: "benchmark-refresh-token"}),
                                         encoding="utf-8")
    shutil.copyfile(store, store_path)
    _keep_platform_calendar(Path(store_path))
    return env, Path(store_path)


def _keep_platform_calendar(store_path: Path) -> None:
    """The calendar a first sync keeps in the store, as every real profile has it.

    The platform publishes the official years; the package's are the same
    data. (Without it the benchmark missed that every start recomputed all
    deadline columns for the kept calendar: 7-8 s at 200,000 tasks.)
    """
    import sqlite3

    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})[-4:]
    published = [{"year": y,
                  "holidays": sorted(str(d) for d in chinese_calendar.holidays if d.year == y),
                  "working_days": sorted(str(d) for d in chinese_calendar.workdays if d.year == y)}
                 for y in years]
    with sqlite3.connect(store_path) as conn:
        conn.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('sync.calendar', ?)",
                     (json.dumps(published, sort_keys=True, ensure_ascii=False),))
    conn.close()


def _app_once(source: Path, env_extra: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="backoffice-startup-app-") as tmp:
        probe, out = Path(tmp) / "first-paint", Path(tmp) / "result.json"
        env = dict(os.environ)
        env.update(env_extra)
        env.update({
            "QT_QPA_PLATFORM": "offscreen", "LANG": env.get("LANG") or "C.UTF-8",
            PROBE: str(probe), APP_RESULT: str(out), APP_SOURCE: str(source),
            "PYTHONPATH": os.pathsep.join([str(source), str(ROOT / "tests" / "support")]),
        })
        env.pop("BACKOFFICE_LANG", None)
        started = time.time()
        done = subprocess.run([sys.executable, __file__, "--app-child"], cwd=source, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if not out.exists() or not probe.exists():
            raise RuntimeError(f"app: no result (exit code {done.returncode})\n"
                               f"{done.stdout}{done.stderr}")
        figures: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
        if "rows_wall" not in figures:
            raise RuntimeError(f"app: no rows painted (exit code {figures['exit_code']:.0f})\n"
                               f"{done.stderr[-2000:]}")
        if figures.get("exit_code"):  # measured, but say why the smoke run failed
            log = Path(env_extra.get("BACKOFFICE_DATA_DIR", tmp)) / "logs" / "backoffice.log"
            lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
            first = next((n for n, line in enumerate(lines)
                          if " ERROR " in line or " CRITICAL " in line), len(lines))
            print(f"app exited with {figures['exit_code']:.0f}:\n{done.stderr[-3000:]}"
                  + "\n".join(lines[first:first + 40]), file=sys.stderr)
        figures["first_paint_ms"] = 1000 * (float(probe.read_text(encoding="utf-8")) - started)
        for key in ("skeleton", "rows"):
            figures[f"{key}_ms"] = 1000 * (figures.pop(f"{key}_wall") - started)
        return figures


def _compiled(source: Path) -> list[Path]:
    """Compile ``backoffice/`` and ``ui/`` of ``source``; the ``__pycache__`` folders made."""
    import compileall

    folders = [source / "backoffice", source / "ui"]
    before = {p for d in folders for p in d.rglob("__pycache__")}
    for folder in folders:
        compileall.compile_dir(str(folder), quiet=1)
    return sorted({p for d in folders for p in d.rglob("__pycache__")} - before)


def measure_inbox(store: Path, sources: list[Path], runs: int) -> None:
    """The app into the signed-in inbox; with several trees, their runs alternate."""
    if not store.exists():
        from inbox import build  # this folder is on sys.path when run as a script

        build(store, 200_000)
    created = [p for source in sources for p in _compiled(source)]
    # Each tree twice: as usual (the page kept at the previous run's quit is
    # the store's), and as after a crash or a scheduled `backoffice sync`
    # (no usable kept page: the store is opened before the rows).
    variants = [(source, drop) for source in sources for drop in (False, True)]
    results: dict[tuple[Path, bool], list[dict[str, float]]] = {v: [] for v in variants}
    load = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="backoffice-startup-profile-") as tmp:
            profiles = {source: _signed_in_data_dir(Path(tmp) / str(n), store, source)
                        for n, source in enumerate(sources)}
            for source in sources:
                _app_once(source, profiles[source][0])  # warm-up: disk cache, a first migration
            for _ in range(runs):
                for source, drop in variants:
                    env, store_path = profiles[source]
                    if drop:
                        store_path.with_name(store_path.name + ".inbox-page.json").unlink(
                            missing_ok=True)
                    results[(source, drop)].append(_app_once(source, env))
    finally:
        for folder in created:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"the app into a signed-in inbox of {store.name}; load average "
          f"{load:.2f} before, {os.getloadavg()[0]:.2f} after; medians of {runs} runs (each run)")
    for (source, drop), figures in results.items():
        print(f"  {source}" + (", no kept first page (as after a crash):" if drop else ":"))
        for key, label in (("first_paint_ms", "process start → window first paint"),
                           ("skeleton_ms", "process start → inbox skeleton painted"),
                           ("rows_ms", "process start → inbox painted with rows"),
                           ("rows_cpu_ms", "  CPU time of the process until then"),
                           ("rows_rss_mb", "  peak memory until then (MB)"),
                           ("peak_rss_mb", "peak memory at exit (MB)")):
            values = [f[key] for f in figures]
            print(f"    {label:<44} {statistics.median(values):8.1f}   "
                  f"({' / '.join(f'{v:.0f}' for v in values)})")
        codes = sorted({int(f["exit_code"]) for f in figures})
        before = sum(f["sqlalchemy_at_skeleton"] == 0 for f in figures)
        print(f"    exit codes of the smoke runs: {codes}; skeleton painted before "
              f"SQLAlchemy was imported in {before} of {len(figures)} runs")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Process start to first window painted.")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (after a warm-up)")
    parser.add_argument("--bundle", type=Path, default=BUNDLE,
                        help="the one-folder bundle (default: dist/OneVisitBackOffice)")
    parser.add_argument("--only", choices=("first-paint", "inbox"),
                        help="only the first paint, or only the app into the inbox")
    parser.add_argument("--store", type=Path, default=STORE,
                        help="the 200,000-task store (built there when missing)")
    parser.add_argument("--source", type=Path, action="append",
                        help="run the inbox start from this tree (repeat to alternate trees)")
    parser.add_argument("--app-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.app_child:
        app_child()
        return
    if args.only != "inbox":
        _measure_first_paint(args.runs, args.bundle)
    if args.only != "first-paint":
        measure_inbox(args.store, [s.resolve() for s in args.source or [ROOT]], args.runs)


def _measure_first_paint(runs: int, bundle: Path) -> None:
    _measure("bare PySide6 QMainWindow", [sys.executable, "-c", BARE_WINDOW], runs)
    _measure("from source (backoffice app)",
             [sys.executable, "-m", "backoffice", "app", "--smoke"], runs)
    exe = bundle / GUI_EXE
    if exe.is_file():
        _measure("from the bundle", [str(exe), "--smoke"], runs)
    else:
        print(f"{'from the bundle':<34} skipped: no {exe} (build it with installer/build.sh)")


if __name__ == "__main__":
    main()
