"""Words in dialogs as a person reads them: nothing cut off, no "1 working days"."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from backoffice.store import Store
from ui import settings as s
from ui.dialogs.settings_dialog import SettingsDialog
from ui.settings import Settings
from ui.supervision import EfficiencyDialog


def _buddy_label(dialog: QWidget, field: QWidget) -> QLabel:
    [label] = [lb for lb in dialog.findChildren(QLabel) if lb.buddy() is field]
    return label


def _drawn_width(label: QLabel) -> int:
    """The width of the label's text as Qt draws it: the mnemonic's letter underlined."""
    source = label.text()
    at = source.index("&")
    text = source[:at] + source[at + 1:]
    layout = QTextLayout(text, label.font())
    underline = QTextLayout.FormatRange()
    underline.start, underline.length = at, 1
    underlined = QTextCharFormat()
    underlined.setFontUnderline(True)
    underline.format = underlined
    layout.setFormats([underline])
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    return math.ceil(line.naturalTextWidth())


def test_the_efficiency_period_labels_are_not_cut(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        dialog = EfficiencyDialog(None, store, "MSA-220100", "长春市市场监督管理局", lang="en",
                                  today=dt.date(2025, 4, 2))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for edit, word in ((dialog.start_edit, "&From"), (dialog.end_edit, "&To")):
            label = _buddy_label(dialog, edit)
            assert label.text() == word
            # "&To" was drawn 15 pixels wide in a 13-pixel label: "Tc".
            assert _drawn_width(label) <= label.contentsRect().width(), word
        qtbot.waitUntil(lambda: not dialog.busy)
    finally:
        store.close()


@pytest.mark.parametrize("days", [1, 5])
def test_the_due_soon_days_read_right_for_one_and_for_many(
        qtbot: QtBot, settings: Settings, days: int) -> None:
    settings.set(s.DUE_SOON_DAYS, days)
    dialog = SettingsDialog(None, settings, lang="en")
    qtbot.addWidget(dialog)
    assert dialog.due_soon_spin.text() == str(days)  # the unit is in the label
    label = _buddy_label(dialog, dialog.due_soon_spin)
    assert label.text() == "&Due soon within (working days):"
