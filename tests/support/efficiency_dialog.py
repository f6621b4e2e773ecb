"""The efficiency dialog as its tests open it: on a store file of their own, shown, read.

In English, for the lead department of their cases, on a fixed day: the
first reading (the month of ``today``) is done when it is handed back.
"""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from backoffice.store import Store
from ui.supervision import EfficiencyDialog

LEAD = "MSA-220100"
LEAD_NAME = "长春市市场监督管理局"


def shown_dialog(qtbot: QtBot, store: Store, today: dt.date) -> EfficiencyDialog:
    dialog = EfficiencyDialog(None, store, LEAD, LEAD_NAME, lang="en", today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.figures is not None and not dialog.busy)
    return dialog
