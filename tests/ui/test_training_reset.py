"""A trainer resets training: the training platform seeded anew and every training store
of this workstation removed, real work untouched (real files; pytest-qt, offscreen, the
app's embedded sandbox)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from support.sandbox_env import demo_data, seed_file
from support.training_env import SLOW, platform_records, start_training, training_shell
from test_training_roles import _roles_dialog

from backoffice import paths
from backoffice.domain.states import TaskStatus
from ui import training
from ui.dialogs.welcome import WelcomePage
from ui.shell import Shell
from ui.training_roles import TrainingRoleDialog

__all__ = ["training_shell"]  # the fixture


def _file(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_reset_removes_the_platform_and_every_training_store_only(data_dir: Path) -> None:
    data = demo_data()
    seed_file(training.database(), data, files=False)
    _file(training.folder() / "training-account.json", '{"username": "u"}')
    _file(training.folder() / "certificates" / "x-training-seal.p12")
    signer = next(u.username for u in data.users if "signer" in u.roles)
    profiles = paths.data_dir() / "profiles"
    default = _file(profiles / "training" / "store.sqlite3")
    other = _file(profiles / f"training-{signer}" / "store.sqlite3")
    real = _file(profiles / "training.example.org-bob-0123456789" / "store.sqlite3")
    unknown = _file(profiles / "training-nobody.here" / "store.sqlite3")
    own_work = _file(paths.data_dir() / "store.sqlite3")

    removed = training.reset()

    assert set(removed) == {paths.data_dir() / "training", default.parent,
                            other.parent}
    assert not default.exists() and not other.exists()
    assert not (paths.data_dir() / "training" / "platform.sqlite3").exists()
    assert not (paths.data_dir() / "training" / "certificates").exists()
    # Real work and what is no training account's store stay.
    assert real.exists() and own_work.exists() and unknown.exists()
    assert training.reset() == []  # nothing left to remove



def test_a_trainer_resets_training_from_switch_user(qtbot: QtBot,
                                                    training_shell: Shell) -> None:
    shell = training_shell
    session = start_training(qtbot, shell)
    me = session.account
    # The trainee's work: a task claimed, on the platform and in the store.
    task = next(t for t in platform_records("review_task")
                if t["department_code"] == me.department_code and t["status"] == "unclaimed")
    session.store.queue("task.claim", task["id"], {"assignee": me.username}, author=me.username)
    shell.window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: any(t["id"] == task["id"] and t["assignee"] == me.username
                                for t in platform_records("review_task")), timeout=SLOW)
    store_file = session.store.path
    assert training.in_use()  # this app trains: a reset elsewhere refuses meanwhile
    signer = next(a.username for a in training.department_accounts(me.department_code)
                  if "signer" in a.roles)
    left_over = _file(paths.data_dir() / "profiles" / f"training-{signer}" / "store.sqlite3")

    dialog = _roles_dialog(qtbot, shell)
    assert dialog.reset_button.isEnabled()
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is cancel  # nothing goes by pressing Enter
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and shell.session is session  # asked, not done
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm
    assert box is not None
    reset = next(b for b in box.buttons()
                 if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell.session is not None and shell.session is not session
                    and shell.session.status.last_success is not None, timeout=SLOW)
    again = shell.session
    assert again is not None and again.training and again.account.username == me.username
    assert not isinstance(shell.dialog, TrainingRoleDialog)
    # The platform is seeded anew: the claim is gone there and in the new store.
    fresh = next(t for t in platform_records("review_task") if t["id"] == task["id"])
    assert fresh["status"] == TaskStatus.UNCLAIMED.value and fresh["assignee"] is None
    assert again.store.path == store_file
    with again.store.read() as uow:
        mine = uow.tasks.get(task["id"])
    assert mine is not None and mine.status == TaskStatus.UNCLAIMED and mine.assignee is None
    assert not left_over.exists()


def _training_data() -> list[Path]:
    """Training data as a trainer finds it before the next class: the platform, a store."""
    seed_file(training.database(), demo_data(), files=False)
    return [training.database(),
            _file(training.folder() / "training-account.json", '{"username": "u"}'),
            _file(paths.data_dir() / "profiles" / "training" / "store.sqlite3")]


def _answer(qtbot: QtBot, shell: Shell, role: QMessageBox.ButtonRole) -> None:
    box = shell.dialogs.training_roles.confirm
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible, timeout=SLOW)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(next(b for b in box.buttons() if box.buttonRole(b) == role),
                     Qt.MouseButton.LeftButton)


def _another_window_training() -> subprocess.Popen[bytes]:
    """Another window of the app in training mode: another process, holding its use."""
    holds = ("import sys\nfrom ui import training\n"
             "with training.using():\n    print('training', flush=True)\n    sys.stdin.read()\n")
    other = subprocess.Popen(
        [sys.executable, "-c", holds],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=Path(__file__).parents[2],
        env=os.environ.copy())
    assert other.stdout is not None and other.stdout.readline().strip() == b"training"
    return other


def _welcome(qtbot: QtBot, shell: Shell) -> WelcomePage:
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    page = shell.window.findChild(WelcomePage, "welcomePage")
    assert page is not None and page.isVisible() and page.reset_button.isEnabled()
    return page


def test_a_trainer_resets_training_from_the_welcome_page(qtbot: QtBot,
                                                         training_shell: Shell) -> None:
    shell = training_shell
    page = _welcome(qtbot, shell)
    files = _training_data()

    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, shell, QMessageBox.ButtonRole.RejectRole)
    assert all(f.exists() for f in files)  # asked, not done
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, shell, QMessageBox.ButtonRole.DestructiveRole)

    qtbot.waitUntil(lambda: page.reset_button.isEnabled(), timeout=SLOW)
    assert not any(f.exists() for f in files)
    assert page.training_hint.text() == ("The training data was reset: the next start of "
                                         "training mode seeds new demo data.")
    assert page.training_button.isEnabled() and shell.session is None


def test_the_welcome_page_refuses_while_another_app_trains(qtbot: QtBot,
                                                            training_shell: Shell) -> None:
    shell = training_shell
    page = _welcome(qtbot, shell)
    files = _training_data()
    other = _another_window_training()
    try:
        qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
        _answer(qtbot, shell, QMessageBox.ButtonRole.DestructiveRole)
        qtbot.waitUntil(lambda: "not reset" in page.training_hint.text(), timeout=SLOW)
        assert page.training_hint.text().startswith(
            "The training data was not reset: Back Office runs in training mode in another "
            "window")
        assert all(f.exists() for f in files)  # nothing pulled from under it
        assert page.reset_button.isEnabled()
    finally:
        other.kill()  # ended as a crash would: its lock file stays behind
        other.wait()

    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, shell, QMessageBox.ButtonRole.DestructiveRole)
    qtbot.waitUntil(lambda: not training.database().exists(), timeout=SLOW)
    assert not any(f.exists() for f in files)


def test_a_reset_from_switch_user_refuses_while_another_window_trains(
        qtbot: QtBot, training_shell: Shell) -> None:
    shell = training_shell
    start_training(qtbot, shell)
    other = _another_window_training()
    try:
        dialog = _roles_dialog(qtbot, shell)
        qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
        box = dialog.confirm
        assert box is not None
        qtbot.mouseClick(next(b for b in box.buttons()
                              if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole),
                         Qt.MouseButton.LeftButton)
        page = shell.window.findChild(WelcomePage, "welcomePage")
        assert page is not None
        # Signed out of training here; the other window's data stays, and the page says why.
        qtbot.waitUntil(lambda: "not reset" in page.training_hint.text(), timeout=SLOW)
        assert page.training_hint.text().startswith(
            "The training data was not reset: Back Office runs in training mode in another "
            "window")
        assert shell.session is None and training.database().exists()
    finally:
        other.kill()
        other.wait()
