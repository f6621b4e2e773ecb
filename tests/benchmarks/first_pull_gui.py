"""A first pull with the window open: how soon rows show, how the GUI thread keeps up.

    .venv/bin/python tests/benchmarks/first_pull_gui.py [--cases 20000] [--seeded PATH]
        [--quit-after SECONDS]

The platform as in ``sync.py`` (one department that sees every case; the same
``--seeded`` cache). The measured process is the app's: a real
:class:`ui.session.Session` (its scheduler's sync thread and the pull's
fetch thread) with the inbox list shown (offscreen, 1400×800), refreshing
as pages are stored. A 10 ms timer on the GUI thread measures how late the
event loop runs it while the pull goes on — the pauses a person would feel
as a frozen window — and the time from the sync's start to the first rows
in the list and to the whole pull's end. With ``--quit-after SECONDS`` it
closes the session that far into the pull instead, as quitting does, and
times the closing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sync

TICK_MS = 10


def child(url: str, user: str, quit_after: float | None = None) -> dict[str, Any]:
    import keyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    keyring.set_keyring(sync._MemoryKeyring())
    from backoffice.remote.http import HttpSettings
    from ui import session as sessions
    from ui.inbox.workspace import InboxWorkspace
    from ui.widgets.sync_status import SyncStatusButton

    app = QApplication(sys.argv[:1])
    options = sessions.SyncOptions(http=HttpSettings(total_timeout=300))
    session = sessions.Session(sessions.sign_in(url, user, sync.PASSWORD, options), options)
    workspace = InboxWorkspace(session, with_detail=False)
    workspace.resize(1400, 800)
    workspace.show()
    button = SyncStatusButton()
    session.statusChanged.connect(button.show_status)
    session.syncProgressed.connect(button.show_status)
    button.show()

    pages: list[float] = []  # when each pulled page was stored (as the GUI heard)
    session.syncProgressed.connect(lambda _s: pages.append(time.perf_counter()))
    gaps: list[float] = []
    first_rows: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(1000 * (now - last[0]) - TICK_MS)
        last[0] = now
        if not first_rows and workspace.model.rowCount() > 0:
            first_rows.append(now)

    probe = QTimer()
    probe.setTimerType(probe.timerType().PreciseTimer)
    probe.timeout.connect(tick)

    def run_until(condition: Any, seconds: float) -> None:
        # The application's own loop (exec), as the app runs: a loop of
        # processEvents(…, maxtime) would spin and take a core from the sync.
        deadline = time.perf_counter() + seconds
        check = QTimer()
        check.timeout.connect(
            lambda: app.quit() if condition() or time.perf_counter() > deadline else None)
        check.start(50)
        app.exec()
        check.stop()

    # The quiet loop first (nothing syncing), for comparison.
    probe.start(TICK_MS)
    run_until(lambda: False, 1.0)
    idle = list(gaps)
    gaps.clear()
    t0 = time.perf_counter()
    session.start()
    if quit_after is not None:
        # Quit in the middle of the pull: how long closing the session takes.
        run_until(lambda: time.perf_counter() - t0 > quit_after, quit_after + 60)
        probe.stop()
        received = session.status.received
        workspace.close_session()
        closing = time.perf_counter()
        session.close()
        return {"quit_after_s": quit_after, "received": received,
                "close_s": time.perf_counter() - closing}
    run_until(lambda: session.status.last_success is not None, 600)
    done = time.perf_counter()
    probe.stop()
    with session.store.read() as uow:
        tasks = uow.tasks.count()
    run_until(lambda: workspace.model.rowCount() == tasks, 30)
    workspace.close_session()
    session.close()

    def lateness(values: list[float]) -> dict[str, float]:
        ordered = sorted(max(0.0, v) for v in values)
        return {"p50": statistics.median(ordered), "p99": ordered[int(0.99 * (len(ordered) - 1))],
                "max": ordered[-1], "over_100": sum(v > 100 for v in ordered),
                "ticks": len(ordered)}

    return {"sync_s": done - t0, "pull_s": pages[-1] - t0 if pages else None,
            "first_rows_s": first_rows[0] - t0 if first_rows else None, "tasks": tasks, "idle": lateness(idle), "pull": lateness(gaps)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seeded", type=Path, metavar="PATH",
                        help="the seeded platform database to keep and reuse (as sync.py)")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="close the session this long into the pull and time the closing")
    parser.add_argument("--child", nargs=2, metavar=("URL", "USER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child, quit_after=args.quit_after)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "platform.sqlite3"
        user, _ = sync._platform(args.cases, db_path, args.seeded)
        env = dict(os.environ, BACKOFFICE_DATA_DIR=str(Path(tmp) / "data"),
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        with sync.serving(db_path, env) as (url, _):
            quitting = [] if args.quit_after is None else ["--quit-after", str(args.quit_after)]
            done = subprocess.run([sys.executable, __file__, "--child", url, user, *quitting],
                                  cwd=sync.REPO, env=env, capture_output=True, text=True,
                                  check=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    if args.quit_after is not None:
        print(f"quit {r['quit_after_s']:.1f} s into the first pull ({r['received']:,} records "
              f"stored): closing the session took {r['close_s']:.2f} s")
        return
    first = "never" if r["first_rows_s"] is None else f"{r['first_rows_s']:.1f} s"
    print(f"first pull with the inbox open: rows in the list at {first}, "
          f"all {r['tasks']:,} tasks; last page stored at {r['pull_s']:.1f} s, the round "
          f"(with the inbox's file prefetch) done at {r['sync_s']:.1f} s")
    for label, key in (("GUI thread, quiet", "idle"), ("GUI thread, during the pull", "pull")):
        g = r[key]
        print(f"  {label:<28} a {TICK_MS} ms timer late by p50 {g['p50']:.0f} ms, "
              f"p99 {g['p99']:.0f} ms, max {g['max']:.0f} ms; "
              f"{g['over_100']} of {g['ticks']} ticks over 100 ms late")


if __name__ == "__main__":
    main()
