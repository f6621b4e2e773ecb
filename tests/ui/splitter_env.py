"""A workspace built in a shown window, as sign-in builds it: for the splitter tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from ui.settings import Settings

W = TypeVar("W", bound=QWidget)


def in_window(qtbot: QtBot, settings: Settings, build: Callable[[QWidget], W]
              ) -> tuple[QMainWindow, W]:
    """The window restored and shown first (start-up), then the workspace ``build`` makes
    (sign-in); one size for every window, so sizes compare."""
    window = QMainWindow()
    qtbot.addWidget(window)
    settings.restore_geometry(window)  # what ui/app.py does before anyone is signed in
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    workspace = build(window)
    window.setCentralWidget(workspace)
    qtbot.waitUntil(lambda: workspace.isVisible() and workspace.width() > 1200)
    return window, workspace
