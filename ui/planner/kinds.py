"""What the planner calendar's blocks are, in colours and in words (the calendar, its key)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

COLOURS = {
    "leave": QColor("#c9c9c9"),
    "meeting": QColor("#b7c7e0"),
    "inspection": QColor("#7fa7d9"),
    "other": QColor("#d8cfb8"),
    "proposed": QColor("#f2b84b"),
    "confirmed": QColor("#3f7fbf"),
    "suggested": QColor(76, 175, 80, 70),
    "ok": QColor(46, 125, 50, 150),
    "refused": QColor(198, 40, 40, 150),
    "off": QColor("#f1f1f1"),
    "provisional": QColor(230, 140, 30, 90),  # hatching: the work calendar is only a guess
}


def kind_text(kind: str) -> str:
    """A block's kind as people say it (a busy kind of the free/busy, or this visit's)."""
    return {
        "leave": QCoreApplication.translate("Planner", "Leave"),
        "meeting": QCoreApplication.translate("Planner", "Meeting"),
        "inspection": QCoreApplication.translate("Planner", "Another site inspection"),
        "other": QCoreApplication.translate("Planner", "Busy"),
        "proposed": QCoreApplication.translate("Planner", "This inspection, proposed"),
        "confirmed": QCoreApplication.translate("Planner", "This inspection, confirmed"),
        "suggested": QCoreApplication.translate("Planner", "Suggested slot"),
    }.get(kind, QCoreApplication.translate("Planner", "Busy"))
