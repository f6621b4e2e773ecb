"""A placeholder page's title is shown whole: a long one (the training mode's
'Switching to <name> (<roles>)…') wraps in the narrow column instead of being cut
off at its edge; the Chinese title has no stray space before the name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import app as ui_app
from ui.widgets.placeholder import PlaceholderPage


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    yield
    for translator in qapp.findChildren(ui_app.QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def _title_fits(qtbot: QtBot, title: str) -> None:
    page = PlaceholderPage(title, "The training platform keeps running.", "")
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    label = page.title_label
    needed = label.fontMetrics().boundingRect(
        QRect(0, 0, label.width(), 100_000), int(Qt.TextFlag.TextWordWrap), title)
    assert label.fontMetrics().horizontalAdvance(title) > label.width()  # it must wrap
    assert needed.height() <= label.height(), (needed, label.size())


def test_a_long_title_wraps_in_english(qtbot: QtBot) -> None:
    title = QCoreApplication.translate("TrainingRoles", "Switching to {name} ({roles})…").format(
        name="Administrative Licensing Reviewer Ouyang Xiaoming (demo)",
        roles="Reviewer, Site inspector, Signer, Coordinator")
    _title_fits(qtbot, title)


def test_a_long_title_wraps_in_chinese(qtbot: QtBot, zh: None) -> None:
    title = QCoreApplication.translate("TrainingRoles", "Switching to {name} ({roles})…").format(
        name="欧阳晓明（演示）", roles="审查人员、现场勘察人员、签章人员、协调人员、审查人员、现场勘察人员")
    assert title.startswith("正在切换到欧阳晓明")
    _title_fits(qtbot, title)
    short = QCoreApplication.translate("TrainingRoles", "Switching to {name}…").format(name="张三")
    assert short == "正在切换到张三…"
