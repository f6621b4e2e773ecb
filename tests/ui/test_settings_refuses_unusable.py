"""Settings and the welcome page refuse what sign-in and the CLI would (QA drive1, 2, 9).

Settings took any existing file as the CA bundle (every sign-in, the CLI's too,
then failed on it, plain-http loopback included), and platform addresses sign-in
refuses (``http://example.com``, ``https://a b``; ``https://user:pass@…`` wrote a
password into settings.ini); the welcome page saved such an address on Enter.
Real dialogs over a settings file of the test's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from test_dialog_settings import _dialog
from test_shell import _start, shell  # noqa: F401 - the fixture

from backoffice.signing.testpki import TestPki
from ui import settings as s
from ui.dialogs.welcome import WelcomePage
from ui.settings import Settings
from ui.shell import Shell

REFUSED = [
    ("http://example.com", ("“http://example.com” is not encrypted: the platform must be "
                           "reached over https.")),
    ("https://a b", "“https://a b” is not a valid platform address."),
    ("https://platform.example:99999", ("“https://platform.example:99999” is not a valid "
                                       "platform address.")),
    ("https://user:secret-pw@platform.example",
     "A platform address cannot hold a user name or password: “https://***@platform.example”."),
]


def _file(settings: Settings) -> str:
    settings.qsettings.sync()
    path = Path(settings.qsettings.fileName())
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.parametrize(("url", "message"), REFUSED)
def test_settings_refuse_an_address_sign_in_refuses_and_save_nothing(
        qtbot: QtBot, settings: Settings, url: str, message: str) -> None:
    dialog = _dialog(qtbot, settings)
    dialog.url_edit.setText(url)
    dialog.interval_spin.setValue(120)  # fine on its own: not saved either
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == message
    assert not any(settings.is_stored(x) for x in s.ALL_SETTINGS)
    assert "secret-pw" not in _file(settings)


def test_settings_take_plain_http_on_this_computer(qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings)
    dialog.url_edit.setText("http://127.0.0.1:18765")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert settings.get(s.PLATFORM_URL) == "http://127.0.0.1:18765"


@pytest.mark.parametrize("content", [b"hello, not a certificate\n",
                                     b"-----BEGIN CERTIFICATE-----\n", b""])
def test_settings_refuse_a_file_that_holds_no_pem_certificate(
        qtbot: QtBot, settings: Settings, tmp_path: Path, content: bytes) -> None:
    ca = tmp_path / "notca.pem"
    ca.write_bytes(content)
    dialog = _dialog(qtbot, settings)
    dialog.url_edit.setText("https://platform.example")  # fine, and not saved on its own
    dialog.ca_edit.setText(str(ca))
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith(f"{ca} holds no CA certificates in PEM form")
    assert not any(settings.is_stored(x) for x in s.ALL_SETTINGS)


def test_settings_take_a_pem_certificate(qtbot: QtBot, settings: Settings,
                                         tmp_path: Path) -> None:
    ca = tmp_path / "intranet-ca.pem"
    ca.write_bytes(TestPki.generate().root.cert_pem)
    dialog = _dialog(qtbot, settings)
    dialog.ca_edit.setText(str(ca))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert settings.get(s.CA_BUNDLE) == str(ca)


# (A port out of range is not a web address to the page's own first check.)
@pytest.mark.parametrize(("url", "message"), [r for r in REFUSED if ":99999" not in r[0]])
def test_the_welcome_page_checks_the_address_before_it_is_saved(
        qtbot: QtBot, shell: Shell, data_dir: Path, url: str,  # noqa: F811 - the fixture
        message: str) -> None:
    _start(qtbot, shell)
    page = shell.window.findChild(WelcomePage, "welcomePage")
    assert page is not None and shell.window.root.currentWidget() is page
    page.url_edit.setText(url)
    with qtbot.assertNotEmitted(page.connectRequested):
        qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    assert page.hint.text() == message
    assert shell.dialog is None  # no sign-in asked for an address it would refuse
    stored = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    assert not stored.contains(s.PLATFORM_URL.key)
    assert "secret-pw" not in _file(shell.settings)
