"""The network settings (proxy, CA bundle) of the Settings dialog: used by every sign-in,
a resumed one too, and by the command line (pytest-qt, offscreen, the sandbox on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import certifi
import pytest
from pytestqt.qtbot import QtBot
from support.platform_env import start
from test_shell import DATA, SLOW, _sign_in_with_dialog, _synced, _window_and_shell, user

from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts
from ui.dialogs.settings_dialog import SettingsDialog
from ui.settings import Settings

DEAD_PROXY = "http://127.0.0.1:9"  # nothing listens there


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3", DATA)


def test_a_resumed_sign_in_uses_the_proxy_and_ca_bundle_set_now(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    _, shell = _window_and_shell(qtbot, data_dir)
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    _synced(qtbot, shell)
    shell.close()  # quit: the sign-in is saved
    # Settings changed before the next start: a proxy and a CA bundle.
    settings = Settings.at(data_dir / "settings.ini")
    settings.proxy, settings.ca_bundle = DEAD_PROXY, certifi.where()
    settings.qsettings.sync()
    _, again = _window_and_shell(qtbot, data_dir)
    with qtbot.waitSignal(again.ready, timeout=SLOW):
        again.start(demo=False)
    assert again.session is not None
    used = again.session.client.settings
    assert used.proxies == {"http": DEAD_PROXY, "https": DEAD_PROXY}
    assert used.ca_bundle == Path(certifi.where())
    assert used == again.options().http  # what a sign-in now would use
    again.close()


def test_the_command_line_reads_the_network_settings_the_app_saved(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    settings = Settings.at(data_dir / "settings.ini")
    odd = str(tmp_path / 'my "intranet", ca;1.pem')  # QSettings quotes and escapes it
    settings.proxy, settings.ca_bundle = "http://proxy.example:3128", odd
    settings.qsettings.sync()
    account = accounts.Account("https://platform.example", "someone", ca_bundle="/remembered.pem")
    cli = accounts.http_settings(account)
    _, shell = _window_and_shell(qtbot, data_dir)
    app = shell.options().http
    shell.close()
    assert cli.proxies == app.proxies == {"http": "http://proxy.example:3128",
                                          "https": "http://proxy.example:3128"}
    assert cli.ca_bundle == app.ca_bundle == Path(odd)
    # Nothing set in Settings: the CA bundle remembered at sign-in, the environment's proxy.
    settings.proxy, settings.ca_bundle = "", ""
    settings.qsettings.sync()
    cli = accounts.http_settings(account)
    assert cli.proxies is None and cli.ca_bundle == Path("/remembered.pem")



def test_the_settings_dialog_words_its_errors_in_the_apps_language(
        qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # English chosen in Settings on a Chinese desktop: the app runs in English.
    monkeypatch.delenv("BACKOFFICE_LANG", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, shell = _window_and_shell(qtbot, data_dir)
    shell.dialogs.show_settings()
    dialog = shell.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.url_edit.setText("ftp://platform.example")
    dialog.save()
    assert dialog.error_label.text() == "“ftp://platform.example” is not a valid platform address."
    dialog.reject()
    shell.close()
