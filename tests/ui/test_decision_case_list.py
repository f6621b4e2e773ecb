"""The decision desk's case list shows each case's every line, in English at 1366 px too.

Each case is three lines (code, applicant, its decision's state); the
word-wrapped list measured a row at one width and drew it at a narrower one,
so in English, where the form leaves the list least room, the state
("Issued", "Awaiting seal") was cut off, and the case code ran past the
pane's edge. The real main window, the real desk over the sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication, QStyle, QWidget
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox, signer_on_submitted

from backoffice.sandbox.server import Sandbox
from ui import app as ui_app
from ui.decisions.workspace import DecisionWorkspace
from ui.main_window import MainWindow
from ui.settings import Settings

__all__ = ["clock", "device", "sandbox"]  # fixtures

STATES = {"en": ("Issued", "Awaiting seal"), "zh": ("已送达", "待签章")}


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param == "zh":
        ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    yield request.param
    for translator in qapp.findChildren(ui_app.QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def _desk(qtbot: QtBot, dev: Any, lang: str, settings: Settings
          ) -> tuple[MainWindow, DecisionWorkspace]:
    session = SimpleNamespace(store=dev.store, client=dev.client, files=dev.cache,
                              account=SimpleNamespace(username=dev.username,
                                                      department_code=dev.desk.department_code))
    window = MainWindow()
    qtbot.addWidget(window)
    ws = DecisionWorkspace(session, window, lang=lang, follow_ms=0, desk=dev.desk,
                           settings=settings)
    window.set_workspace("decisions", ws)
    window.show_workspaces()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_workspace(window.workspace_keys().index("decisions"))  # Ctrl+3
    while ws.busy():
        with qtbot.waitSignal(ws.settled, timeout=60_000):
            pass
    QApplication.processEvents()
    return window, ws


def _drawn(viewport: QWidget, rect: QRect) -> QImage:
    QApplication.processEvents()
    return viewport.grab(rect).toImage()


def test_every_line_of_a_case_is_shown_and_its_code_whole(
        qtbot: QtBot, sandbox: Sandbox, device: Any, settings: Settings, lang: str) -> None:
    case, _draft, signer = signer_on_submitted(sandbox, device, {"en": 5, "zh": 6}[lang])
    _window, ws = _desk(qtbot, signer, lang, settings)
    cases = ws.case_list
    lines = {cases.item(i).text().split("\n")[0]: cases.item(i).text().split("\n")
             for i in range(cases.count())}
    # A decision awaiting its seal (and, in one department, the demo's issued one).
    assert lines[case.case_code] == [case.case_code, case.applicant.name, STATES[lang][1]]
    assert {ln[-1] for ln in lines.values() if len(ln) == 3} <= set(STATES[lang])

    viewport = cases.viewport()
    metrics = QFontMetricsF(cases.font())
    margin = cases.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, cases) + 1
    for i in range(cases.count()):
        item = cases.item(i)
        rect = cases.visualItemRect(item)
        text = item.text()
        code = text.split("\n")[0]
        assert viewport.rect().contains(rect), (code, rect, viewport.rect())
        # The code on one line, whole: the pane is at least as wide.
        assert metrics.horizontalAdvance(code) <= rect.width() - 2 * margin, (code, rect)
        # The state is drawn: without its words (its line kept) the row looks different.
        shown = _drawn(viewport, rect)
        item.setText(text[:text.rindex("\n") + 1])
        assert _drawn(viewport, rect) != shown, text
        item.setText(text)
