"""The throttle that lets a view follow a first pull's pages without running for each."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.widgets.throttle import Throttle


def test_at_once_then_once_more_at_the_end_of_the_interval(qtbot: QtBot) -> None:
    calls: list[int] = []
    throttle = Throttle(lambda: calls.append(1), 50)
    for _ in range(5):
        throttle.request()
    assert len(calls) == 1  # the first at once
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)  # the other four: one more
    qtbot.wait(200)  # that run opened an interval with nothing asked in it
    assert len(calls) == 2
    throttle.request()
    assert len(calls) == 3  # a quiet interval is over: at once again


def test_cancel_drops_what_was_asked_for(qtbot: QtBot) -> None:
    calls: list[int] = []
    throttle = Throttle(lambda: calls.append(1), 50)
    throttle.request()
    throttle.request()
    throttle.cancel()
    qtbot.wait(200)
    assert len(calls) == 1
    throttle.request()
    assert len(calls) == 2
