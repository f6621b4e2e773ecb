"""Saved inbox views belong to the account that saved them (QA drive8).

They were kept under one workstation-wide settings key: a colleague signing in
on the same workstation saw the first person's views, search text and all
(an applicant's name and ID number). Against the real sandbox and shell, with
the real settings file.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD
from test_shell import (  # noqa: F401 - the fixtures
    SLOW,
    _sign_in_with_dialog,
    _start,
    _synced,
    sandbox,
    shell,
    user,
)

from backoffice.sandbox.server import Sandbox
from ui.dialogs.signin import SignInDialog
from ui.inbox.filters import SHARED_VIEWS_KEY, SavedViewsBar
from ui.inbox.view import InboxList
from ui.shell import Shell

PRIVATE = "王建国 220102199001010011"


def _list(sh: Shell) -> InboxList:
    page = sh.window.workspace_page("inbox")
    assert page is not None
    found = page.findChild(InboxList)
    assert found is not None
    return found


def _views(sh: Shell) -> list[str]:
    bar = _list(sh).findChild(SavedViewsBar)
    assert bar is not None
    return [bar.combo.itemText(i) for i in range(bar.combo.count())]


def _switch(qtbot: QtBot, sh: Shell, name: str) -> None:
    sh.window.switch_user_action.trigger()
    qtbot.waitUntil(lambda: isinstance(sh.dialog, SignInDialog), timeout=SLOW)
    dialog = sh.dialog
    assert isinstance(dialog, SignInDialog)
    dialog.user_edit.setText(name)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sh.session is not None, timeout=SLOW)
    _synced(qtbot, sh)


def test_a_colleague_on_the_same_workstation_sees_none_of_my_saved_views(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox, data_dir: Path) -> None:  # noqa: F811 - the fixtures
    ini = data_dir / "settings.ini"
    # A list saved by a build that kept one for everyone: whose it was is unknown.
    shared = QSettings(str(ini), QSettings.Format.IniFormat)
    shared.setValue(SHARED_VIEWS_KEY, json.dumps([{"name": "旧的共用视图", "text": "张三"}],
                                                 ensure_ascii=False))
    shared.sync()
    del shared
    _start(qtbot, shell)
    first, second = user(), user(role="inspector")
    _sign_in_with_dialog(qtbot, shell, sandbox.url, first)
    _synced(qtbot, shell)
    lst = _list(shell)
    assert "旧的共用视图" not in _views(shell)  # given to no one, not to whoever came first
    lst.search.setText(PRIVATE)
    lst.save_view("王建国的办件")
    assert _views(shell)[1:] == ["王建国的办件"]

    _switch(qtbot, shell, second)
    assert _views(shell)[1:] == []
    assert PRIVATE not in _list(shell).search.text()
    assert not _list(shell).saved.delete_button.isEnabled()
    _list(shell).save_view("我的视图")

    _switch(qtbot, shell, first)
    assert _views(shell)[1:] == ["王建国的办件"]  # mine are still mine
    shell.settings.qsettings.sync()
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    assert not stored.contains(SHARED_VIEWS_KEY)
    held = [str(stored.value(key)) for key in stored.allKeys()]
    assert not any("张三" in value for value in held), held
