"""The decision desk's splitter (cases, form, preview) is where it was left, after a restart.

It had no name, so the window never saved it; and a named one restored at
start-up would still come back at the default sizes, the desk being built
after sign-in.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtWidgets import QSplitter, QWidget
from pytestqt.qtbot import QtBot
from splitter_env import in_window
from support.decision_env import DEMO, clock, device, sandbox
from support.sandbox_env import user

from ui.decisions.workspace import DecisionWorkspace
from ui.settings import Settings

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_the_desk_splitter_comes_back_after_a_restart(
        qtbot: QtBot, device: Any, settings: Settings) -> None:
    reviewer = device(user(DEMO, DEMO.users[0].department_code))
    session = SimpleNamespace(store=reviewer.store, client=reviewer.client,
                              files=reviewer.cache,
                              account=SimpleNamespace(username=reviewer.username,
                                                      department_code=reviewer.desk.department_code))

    def desk(window: QWidget) -> DecisionWorkspace:
        return DecisionWorkspace(session, window, lang="en", follow_ms=0, desk=reviewer.desk,
                                 settings=settings)

    window, first = in_window(qtbot, settings, desk)
    split = first.findChild(QSplitter, "decisionSplitter")
    assert split is not None
    default = split.sizes()
    split.setSizes([default[0] + 120, default[1] + 60, default[2] - 180])
    left = split.sizes()
    assert left != default
    qtbot.waitUntil(lambda: not first.busy(), timeout=30_000)
    window.close()  # the app quits

    _window, second = in_window(qtbot, settings, desk)
    again = second.findChild(QSplitter, "decisionSplitter")
    assert again is not None
    qtbot.waitUntil(lambda: again.sizes() == left, timeout=5_000)
    qtbot.waitUntil(lambda: not second.busy(), timeout=30_000)
