"""Make the README's screenshots from the real app (not collected by pytest).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/screenshots.py docs/screenshots

Writes ``welcome.png`` (first run), ``main-window.png`` (training mode,
signed in, synced with the training sandbox) and ``conflict-list.png`` (a
claim that lost a race, both versions side by side), in Chinese. Uses a
throwaway data directory, so it never touches real settings or stores.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    os.environ["BACKOFFICE_DATA_DIR"] = tempfile.mkdtemp(prefix="screenshots-")
    os.environ.setdefault("BACKOFFICE_TRAINING_CASES", "300")
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    from backoffice import logs
    from backoffice.domain.commands import Command
    from backoffice.domain.states import TaskStatus
    from ui import app as ui_app
    from ui.dialogs.conflicts import ConflictListDialog
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.shell import Shell

    logs.setup_logging()
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.5) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            qapp.processEvents()
            time.sleep(0.02)

    def wait(condition: object, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > end:
                raise RuntimeError("timed out")
            qapp.processEvents()
            time.sleep(0.02)

    window = MainWindow()
    window.resize(1440, 860)
    window.show()
    shell = Shell(window, Settings(), lang="zh")
    shell.start(demo=False)
    wait(lambda: shell._welcome is not None)
    settle()
    window.grab().save(str(out / "welcome.png"))

    shell.start_training()
    wait(lambda: shell.session is not None
         and shell.session.status.last_success is not None
         and shell.session.status.state.value == "idle")
    session = shell.session
    assert session is not None
    # One lost claim race, as the sync records it: ours queued, the
    # platform's record (a colleague claimed it) beside the one we saw.
    me, dept = session.account.username, session.account.department_code
    with session.store.read() as uow:
        task = next(t for t in uow.tasks.all()
                    if t.department_code == dept and t.status == TaskStatus.UNCLAIMED)
    claim = Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me)
    session.store.record_command(claim)
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW,
                                 assignee=f"{dept.split('-')[0].lower()}.colleague",
                                 version=task.version + 1)
    session.scheduler.stop()  # keep the picture still: no sync while it is taken
    session.store.mark_conflict(claim.id, "sync.conflict", server_record=theirs)
    session.engine.refresh_counts()
    # The inbox with a task open in the detail pane: one the person holds.
    inbox = window.workspace_page("inbox")
    inbox.list.refresh()
    wait(lambda: inbox.model.rowCount() > 0 and bool(inbox.model.loaded_rows()))
    settle(1.0)
    view = inbox.list.view
    target = next((r for r in range(inbox.model.rowCount())
                   if (row := inbox.model.row(r)) is not None
                   and row.data.status == "in_review"), 0)
    view.selectRow(target)
    view.setFocus()
    wait(lambda: inbox.detail.task_id() is not None and not inbox.detail.busy())
    settle(1.5)
    window.grab().save(str(out / "main-window.png"))

    dialog = ConflictListDialog(window, session.store, lang="zh")
    dialog.resize(900, 560)
    dialog.show()
    wait(lambda: dialog.entries.count() == 1 and not dialog.busy)
    dialog.entries.setCurrentRow(0)
    settle()
    dialog.grab().save(str(out / "conflict-list.png"))
    dialog.close()
    shell.close()
    print(f"wrote {', '.join(p.name for p in sorted(out.glob('*.png')))} to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
