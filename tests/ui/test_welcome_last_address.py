"""The welcome page after a sign-out offers the last platform address used (pytest-qt).

An address typed and used to connect earlier is not "the person's text"
any more: after the "changes at another address" banner took the person
back to the former address, the next sign-out must offer that one, not the
address they moved away from. Text typed and not yet used is kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.dialogs.welcome import WelcomePage

FIRST = "http://127.0.0.1:8443"
OTHER = "http://localhost:8443"


def _type(qtbot: QtBot, page: WelcomePage, url: str) -> None:
    page.url_edit.clear()
    qtbot.keyClicks(page.url_edit, url)


def test_an_address_used_to_connect_gives_way_to_the_last_one_used(qtbot: QtBot) -> None:
    page = WelcomePage(lang="en")
    qtbot.addWidget(page)
    page.show_address(FIRST)
    _type(qtbot, page, OTHER)
    with qtbot.waitSignal(page.connectRequested):
        qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    # Signed in at OTHER, then back at FIRST through the banner, then signed out:
    page.show_address(FIRST)
    assert page.url_edit.text() == FIRST


def test_text_typed_and_not_yet_used_is_kept(qtbot: QtBot) -> None:
    page = WelcomePage(lang="en")
    qtbot.addWidget(page)
    page.show_address(FIRST)
    _type(qtbot, page, OTHER)
    page.show_address(FIRST)  # shown again (a sign-in cancelled) before connecting
    assert page.url_edit.text() == OTHER
