"""Work off the GUI thread (ui.background): outcomes come back on the GUI thread, and a
call whose owner was closed meanwhile ends quietly instead of raising in the worker."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThread, QThreadPool

from backoffice.domain.errors import BackofficeError
from ui.background import Background
from ui.dialogs.worker import BackgroundCall


def test_results_and_failures_arrive_on_the_gui_thread(qtbot: object) -> None:
    owner = QObject()
    background = Background(owner, threads=1)
    seen: list[tuple[str, object, bool]] = []
    gui = QThread.currentThread()
    background.run(lambda: 6 * 7, lambda r: seen.append(("ok", r, QThread.currentThread() == gui)))
    background.run(lambda: 1 / 0, lambda r: None,
                   lambda e: seen.append(("failed", type(e), QThread.currentThread() == gui)))
    qtbot.waitUntil(lambda: len(seen) == 2)  # type: ignore[attr-defined]
    assert seen == [("ok", 42, True), ("failed", ZeroDivisionError, True)]
    assert not background.busy()


def test_a_dialog_call_refuses_a_second_one_and_is_free_again_for_its_slot(qtbot: object) -> None:
    owner = QObject()
    call = BackgroundCall(owner)
    release = threading.Event()
    outcomes: list[object] = []
    call.succeeded.connect(lambda r: outcomes.append((r, call.running)))
    call.failed.connect(lambda e: outcomes.append((type(e), call.running)))
    call.start(lambda: release.wait(10) and "signed in")
    assert call.running
    with pytest.raises(RuntimeError):
        call.start(lambda: None)
    release.set()
    qtbot.waitUntil(lambda: bool(outcomes))  # type: ignore[attr-defined]
    assert outcomes == [("signed in", False)]
    call.start(lambda: (_ for _ in ()).throw(BackofficeError("sync.not_signed_in")))
    qtbot.waitUntil(lambda: len(outcomes) == 2)  # type: ignore[attr-defined]
    assert outcomes[1] == (BackofficeError, False)


def test_closing_the_owner_mid_call_neither_waits_nor_raises(
        qtbot: object, caplog: pytest.LogCaptureFixture) -> None:
    owner = QObject()
    call = BackgroundCall(owner)
    started, release = threading.Event(), threading.Event()
    heard: list[object] = []
    call.succeeded.connect(heard.append)

    def slow_sign_in() -> str:
        started.set()
        release.wait(10)
        return "too late"

    call.start(slow_sign_in)
    assert started.wait(5)
    owner.deleteLater()  # the dialog closes while the platform is slow to answer
    qtbot.waitUntil(lambda: not _alive(call))  # type: ignore[attr-defined]
    with caplog.at_level(logging.INFO, logger="ui.background"):
        release.set()
        assert QThreadPool.globalInstance().waitForDone(10_000)
    assert heard == []
    assert "finished after its owner was closed" in caplog.text


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True
