"""Training mode's Switch user: while it runs the window says whom it switches to, and
never stands empty (pytest-qt, offscreen, the app's embedded sandbox)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from support.training_env import SLOW, start_training, training_shell
from test_training_roles import _desk, _other, _roles_dialog

from ui import training
from ui.decisions.workspace import DecisionWorkspace
from ui.main_window import MainWindow
from ui.shell import Shell
from ui.widgets.placeholder import PlaceholderPage

__all__ = ["training_shell"]  # the fixture


def _shown(window: MainWindow) -> str:
    """What the window's centre shows: a workspace, the switching page, or an empty one
    (a workspace's placeholder, or anything else)."""
    current = window.root.currentWidget()
    if current is not window.stack:
        return "switching" if current.objectName() == "trainingSwitchPage" else "empty"
    return "empty" if isinstance(window.stack.currentWidget(), PlaceholderPage) else "workspace"


def test_the_window_says_whom_it_switches_to_and_is_never_empty_meanwhile(
        qtbot: QtBot, training_shell: Shell) -> None:
    shell = training_shell
    window = shell.window
    reviewer = start_training(qtbot, shell)
    department = reviewer.account.department_code
    _desk(qtbot, shell)  # every workspace in
    window.show_workspace(window.workspace_keys().index("decisions"))
    assert _shown(window) == "workspace"
    signer = _other(department, "signer", reviewer.account.username)
    name = next(a.display_name for a in training.department_accounts(department)
                if a.username == signer)

    # Looked at in every turn of the event loop from the click until the desk is back.
    seen: list[str] = []
    sampler = QTimer()
    sampler.setInterval(0)
    sampler.timeout.connect(lambda: seen.append(_shown(window)))
    dialog = _roles_dialog(qtbot, shell)
    dialog.choose(signer)
    sampler.start()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    seen.append(_shown(window))
    page = window.findChild(PlaceholderPage, "trainingSwitchPage")
    assert page is not None and page.isVisible()
    assert page.title_label.text() == f"Switching to {name} (Signer)…"
    assert window.training_badge is not None and window.training_badge.isVisible()
    assert not window.nav.isEnabled()

    def back() -> bool:
        session = shell.session
        return (session is not None and session.account.username == signer
                and isinstance(window.workspace_page("decisions"), DecisionWorkspace)
                and _shown(window) == "workspace")

    qtbot.waitUntil(back, timeout=SLOW)
    sampler.stop()
    assert "empty" not in seen, seen
    assert seen[0] == "switching" and seen[-1] == "workspace"
    assert window.nav.isEnabled()
    assert window.current_workspace() == "decisions"  # where the trainee was
    qtbot.waitUntil(lambda: window.findChild(PlaceholderPage, "trainingSwitchPage") is None,
                    timeout=SLOW)
