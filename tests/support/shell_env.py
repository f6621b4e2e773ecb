"""The app's window and shell, started as at launch, for the tests of what the window says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.settings import Settings
from ui.shell import Shell

SLOW = 60_000


@contextmanager
def started(qtbot: QtBot, settings: Settings) -> Iterator[Shell]:
    """A shown window and its shell over ``settings``, started; closed afterwards."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    shell = Shell(window, settings, lang="en")
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        yield shell
    finally:
        shell.close()


def banner(shell: Shell) -> str:
    """What the window's banner says; "" while it is hidden."""
    shown = shell.window.problem_banner
    return shown.text() if shown.isVisible() else ""
