"""The planner's lists draw every line of a row: the note under a team of Chinese and
English names too (Qt's item painting dropped a line following one of Chinese, as
the decision desk's list did), each line elided, none scrolled sideways. Real
widgets, both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QListWidget, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_columns import lang  # noqa: F401 - the fixture: en, then zh

from backoffice.domain.inspection_model import Inspection, InspectionStatus
from backoffice.planning.model import SearchResult, Slot, TeamMember
from ui.planner.panels import PlanPage

TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2025, 3, 4, 9, tzinfo=TZ)
NAMES = {"SCJG-220100": "长春市市场监督管理局 (Market Supervision Administration)",
         "XF-220100": "消防救援支队 Fire Rescue Detachment", "ZJ-220100": "Housing Bureau"}
# A line of Latin after one with Chinese: the line Qt's painting dropped.
NOTE = "Declined by the Fire Rescue Detachment: the inspector is away that day"


def _drawn(viewport: QWidget, rect: QRect) -> QImage:
    QApplication.processEvents()
    return viewport.grab(rect).toImage()


def _every_last_line_drawn(rows: QListWidget) -> None:
    viewport = rows.viewport()
    for i in range(rows.count()):
        item = rows.item(i)
        rect = rows.visualItemRect(item)
        assert viewport.rect().contains(rect), (i, rect, viewport.rect())
        text = item.text()
        shown = _drawn(viewport, rect)
        # The last line kept, its words gone: the row is drawn otherwise. (Dropped,
        # it looked the same: a "…" on the line above either way.)
        item.setText(text[:text.rindex("\n") + 1] + "\u00a0")
        assert _drawn(viewport, rect) != shown, text
        item.setText(text)
    assert rows.horizontalScrollBar().maximum() == 0


def test_every_line_of_a_planner_row_is_drawn(
        qtbot: QtBot, lang: str, tmp_path: Path) -> None:  # noqa: F811
    page = PlanPage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    found = [Inspection(id=f"i{n}", case_code=f"220100-2025-00000{n}",
                        lead_department="SCJG-220100" if n else "ZJ-220100",
                        departments=tuple(NAMES)[:2] if n else ("ZJ-220100",),
                        site_address="长春市朝阳区人民大街 1234 号",
                        status=InspectionStatus.PROPOSED, starts_at=START,
                        ends_at=START + dt.timedelta(hours=2)) for n in range(3)]
    page.show_inspections(found, NAMES)
    team = (TeamMember("u1", "张伟 Zhang Wei", "SCJG-220100"),
            TeamMember("u2", "李娜 (Li Na)", "XF-220100"))
    slots = tuple(Slot(START + dt.timedelta(days=n), START + dt.timedelta(days=n, hours=2), team)
                  for n in range(3))
    page.show_slots(SearchResult(slots, START + dt.timedelta(days=9)), lang,
                    notes={0: NOTE, 1: "保留至 12:00 (held until noon)"})
    QApplication.processEvents()
    assert page.slots.item(0).text().endswith(NOTE)
    for rows in (page.requests, page.slots):
        _every_last_line_drawn(rows)
        rows.grab().save(str(tmp_path / f"{rows.objectName()}-{lang}.png"))
