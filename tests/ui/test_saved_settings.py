"""A platform address or CA file an earlier version saved unchecked: said once, in words,
with Settings a click away showing the value as stored (pytest-qt, real shell and settings).

Before, an unusable address was dropped silently when read (the welcome page
and Settings showed nothing), and a CA path that loads nothing was named by
every sign-in, with nowhere pointing at Settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from support.shell_env import SLOW, banner, started

from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.welcome import WelcomePage
from ui.settings import CA_BUNDLE, PLATFORM_URL, Settings

OLD_ADDRESS = "platform.example.gov.cn/onevisit"  # an older build kept it; get() refuses it


def test_a_saved_address_an_older_version_kept_is_said_once_and_kept_for_correcting(
        qtbot: QtBot, data_dir: Path) -> None:
    settings = Settings.at(data_dir / "settings.ini")
    settings.qsettings.setValue(PLATFORM_URL.key, OLD_ADDRESS)
    with started(qtbot, settings) as shell:
        welcome = shell.dialogs.welcome
        assert isinstance(welcome, WelcomePage)
        assert welcome.url_edit.text() == OLD_ADDRESS  # shown, not dropped: corrected in place
        said = banner(shell)
        assert "A saved setting cannot be used" in said
        assert OLD_ADDRESS in said and "earlier version" in said
        button = shell.window.problem_banner.findChild(QPushButton, "openSettings")
        assert button is not None and button.isVisible()
        button.click()
        dialog = shell.dialog
        assert isinstance(dialog, SettingsDialog)
        assert dialog.url_edit.text() == OLD_ADDRESS
        dialog.reject()
        qtbot.waitUntil(lambda: shell.dialog is None, timeout=SLOW)
        # Once a session: the welcome page shown again (after a sign-out) says nothing more.
        shell.window.problem_banner.hide()
        shell.dialogs.show_welcome()
        assert banner(shell) == ""
    assert settings.qsettings.value(PLATFORM_URL.key) == OLD_ADDRESS


def test_a_saved_ca_file_that_is_gone_is_said_in_words(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    settings = Settings.at(data_dir / "settings.ini")
    gone = tmp_path / "moved" / "intranet-ca.pem"
    settings.qsettings.setValue(CA_BUNDLE.key, str(gone))
    with started(qtbot, settings) as shell:
        said = banner(shell)
        assert f"The CA certificate file {gone} does not exist." in said
        assert "correct it (or clear it) in Settings" in said
    assert settings.get(CA_BUNDLE) == str(gone)  # kept as stored


def test_usable_settings_say_nothing_and_the_address_is_shown(
        qtbot: QtBot, data_dir: Path) -> None:
    settings = Settings.at(data_dir / "settings.ini")
    settings.set(PLATFORM_URL, "https://platform.example.gov.cn")
    with started(qtbot, settings) as shell:
        assert banner(shell) == ""
        welcome = shell.dialogs.welcome
        assert isinstance(welcome, WelcomePage)
        assert welcome.url_edit.text() == "https://platform.example.gov.cn"
