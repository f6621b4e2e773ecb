"""The planner calendar's colour key (``plannerLegend``): a swatch and a word each.

Wrapped to the width it has rather than cut off or widening the pane: at
1366 px the English words were cut to "This inspectio" in a single row, and
the calendar's width comes first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.planner.kinds import COLOURS, kind_text
from ui.widgets.flow import FlowLayout
from ui.widgets.plain import PlainLabel

LEGEND = ("leave", "meeting", "inspection", "other", "proposed", "confirmed", "suggested")


def legend(parent: QWidget | None = None) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("plannerLegend")
    flow = FlowLayout(box)
    flow.setContentsMargins(0, 0, 0, 0)
    for kind in LEGEND:
        entry = QWidget(box)
        row = QHBoxLayout(entry)
        row.setContentsMargins(0, 0, 8, 0)
        swatch = QLabel(entry)
        swatch.setFixedSize(14, 10)
        colour = COLOURS[kind]
        swatch.setStyleSheet(f"background: rgba({colour.red()}, {colour.green()}, "
                             f"{colour.blue()}, {colour.alpha()});")
        row.addWidget(swatch)
        row.addWidget(PlainLabel(kind_text(kind), entry))
        flow.addWidget(entry)
    return box
