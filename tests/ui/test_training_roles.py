"""Training mode: File → Switch user signs in as another demo role of the department on
the same running training platform, each account with its own training store
(pytest-qt, offscreen, the app's embedded sandbox)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from support.training_env import SLOW, start_training, sync, training_shell

from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from ui import training
from ui.decisions.workspace import ROLES_KEY
from ui.dialogs.signin import SignInDialog
from ui.dialogs.welcome import WelcomePage
from ui.session import Session
from ui.shell import Shell
from ui.training_roles import TrainingRoleDialog

__all__ = ["training_shell"]  # the fixture


def _other(department: str, role: str, me: str) -> str:
    """A demo account of ``department`` with ``role`` that is not ``me``."""
    return next(a.username for a in training.department_accounts(department)
                if role in a.roles and a.username != me)


def _roles_dialog(qtbot: QtBot, shell: Shell) -> TrainingRoleDialog:
    shell.window.switch_user_action.trigger()
    qtbot.waitUntil(lambda: isinstance(shell.dialog, TrainingRoleDialog), timeout=SLOW)
    dialog = shell.dialog
    assert isinstance(dialog, TrainingRoleDialog) and dialog.isVisible()
    return dialog


def _switch(qtbot: QtBot, shell: Shell, username: str) -> Session:
    """Switch user → the chosen demo account signed in; after its first sync and desk."""
    dialog = _roles_dialog(qtbot, shell)
    dialog.choose(username)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.session is not None
                    and shell.session.account.username == username
                    and shell.session.status.last_success is not None, timeout=SLOW)
    session = shell.session
    assert session is not None and session.training
    return session


def _desk(qtbot: QtBot, shell: Shell) -> Any:
    """The decision desk once it knows the person's roles from the platform."""
    qtbot.waitUntil(lambda: hasattr(shell.window.workspace_page("decisions"), "desk"),
                    timeout=SLOW)
    desk: Any = shell.window.workspace_page("decisions")

    def roles_known() -> bool:
        with desk.session.store.read() as uow:
            return bool(uow.sync_state.get(ROLES_KEY)) and not desk.busy()

    qtbot.waitUntil(roles_known, timeout=SLOW)
    return desk


def test_a_trainee_switches_to_the_signer_and_back_on_the_same_platform(
        qtbot: QtBot, training_shell: Shell) -> None:
    shell = training_shell
    window = shell.window
    reviewer = start_training(qtbot, shell)
    me, department = reviewer.account.username, reviewer.account.department_code
    url, reviewer_store = reviewer.account.platform_url, reviewer.store.path
    assert reviewer.account.profile == training.TRAINING_PROFILE  # existing stores stay theirs
    _desk(qtbot, shell)
    with reviewer.store.read() as uow:
        reviewer_roles = uow.sync_state.get(ROLES_KEY)
    assert "signer" not in str(reviewer_roles).split()
    # The reviewer does some work first: a claim, sent.
    with reviewer.store.read() as uow:
        task = next(t for t in uow.tasks.all()
                    if t.department_code == department and t.status == TaskStatus.UNCLAIMED)
    reviewer.store.record_command(Command.new("task.claim", task.id, task.version,
                                              {"assignee": me}, author=me))
    sync(qtbot, shell)

    # Switch user offers the department's demo accounts, with roles and names.
    signer, inspector = _other(department, "signer", me), _other(department, "inspector", me)
    dialog = _roles_dialog(qtbot, shell)
    rows = [dialog.accounts.item(r) for r in range(dialog.accounts.count())]
    listed = {str(i.data(Qt.ItemDataRole.UserRole)): i for i in rows}
    assert {me, signer, inspector} <= set(listed)
    assert listed[signer].text().startswith("Signer — ")
    assert listed[inspector].text().startswith("Inspector")
    assert listed[me].text().endswith("signed in now")
    assert not listed[me].flags() & Qt.ItemFlag.ItemIsEnabled  # not "switched" to oneself
    dialog.reject()
    assert shell.session is reviewer and shell.training.platform is not None

    # The signer: the same platform still running, a store of their own, the signer's desk.
    as_signer = _switch(qtbot, shell, signer)
    assert shell.training.platform is not None and shell.training.platform.url == url
    assert as_signer.account.platform_url == url
    assert as_signer.account.profile == f"training-{signer}"
    assert as_signer.store.path != reviewer_store
    assert "Training" in window.windowTitle() and window.training_badge is not None
    assert signer in window.account_label.text() or as_signer.account.display_name in \
        window.account_label.text()
    desk = _desk(qtbot, shell)
    assert desk.desk.may_seal and desk.form.seal.toolTip() != "Only a signer may seal a decision."

    # Back to the reviewer: their own store again, with the claim done before.
    back = _switch(qtbot, shell, me)
    assert shell.training.platform is not None and shell.training.platform.url == url
    assert back.store.path == reviewer_store
    with back.store.read() as uow:
        claimed = uow.tasks.get(task.id)
        assert claimed is not None and claimed.assignee == me
        assert uow.sync_state.get(ROLES_KEY) == reviewer_roles  # never the signer's store
    assert not _desk(qtbot, shell).desk.may_seal

    # Leaving training mode stops the platform; the next start is the default reviewer.
    _switch(qtbot, shell, signer)
    window.sign_out_action.trigger()
    assert shell.session is None and shell.training.platform is None
    page = window.findChild(WelcomePage, "welcomePage")
    assert page is not None
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.session is not None
                    and shell.session.status.last_success is not None, timeout=SLOW)
    assert shell.session is not None and shell.session.account.username == me
    assert shell.session.store.path == reviewer_store


def test_leaving_training_mode_from_switch_user_asks_for_a_real_sign_in(
        qtbot: QtBot, training_shell: Shell) -> None:
    shell = training_shell
    start_training(qtbot, shell)
    dialog = _roles_dialog(qtbot, shell)
    qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: isinstance(shell.dialog, SignInDialog), timeout=SLOW)
    assert shell.session is None and shell.training.platform is None
    assert "Training" not in shell.window.windowTitle()


def test_each_training_account_has_its_own_profile() -> None:
    platform = training.TrainingPlatform("http://127.0.0.1:1", "a.b.reviewer1",
                                         reviewer="a.b.reviewer1")
    assert platform.profile == "training"
    other = training.TrainingPlatform("http://127.0.0.1:1", "a.b.signer1", reviewer="a.b.reviewer1")
    assert other.profile == "training-a.b.signer1"
    odd = training.TrainingPlatform("http://127.0.0.1:1", "x y/z", reviewer="a.b.reviewer1")
    assert odd.profile == "training-x_y_z"
