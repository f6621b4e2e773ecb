"""The throttle that lets a view follow a pull's pages without running for each."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.widgets.throttle import Throttle


def test_once_at_the_end_of_the_interval_however_often_asked(qtbot: QtBot) -> None:
    calls: list[int] = []
    throttle = Throttle(lambda: calls.append(1), 50)
    for _ in range(5):
        throttle.request()
    assert calls == []  # not at once
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=2000)
    qtbot.wait(200)  # nothing asked since
    assert len(calls) == 1
    throttle.request()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)


def test_cancel_drops_what_was_asked_for(qtbot: QtBot) -> None:
    calls: list[int] = []
    throttle = Throttle(lambda: calls.append(1), 50)
    throttle.request()
    throttle.request()
    throttle.cancel()
    qtbot.wait(200)
    assert calls == []
