"""How much room the planner calendar's parts need at its font.

Fixed pixels (lanes 28 px, the header 44, the names 170, an hour label every
24 px or more) held at a 9 pt font only: at 15 pt an inspector's name ran
into their department's and the hour labels into one another. The old
pixels stay the floor, the font's lines decide above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetrics

NAME_WIDTH = 170
HEADER = 44
LANE = 28
HOUR_GAP = 24


def small_font(font: QFont) -> QFont:
    """The department under a name and a block's label: a little smaller."""
    small = QFont(font)
    small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
    return small


@dataclass(frozen=True, slots=True)
class Room:
    name_width: int  # the inspectors' names and departments, left of the days
    header: int  # the day's label over its hour labels
    lane: int  # an inspector: the name over the department
    hour_gap: int  # the least room between two hour labels
    day: int  # the narrowest day: its shortest label ("30") and its first hour whole

    @staticmethod
    def of(font: QFont) -> Room:
        big, small = QFontMetrics(font), QFontMetrics(small_font(font))
        return Room(
            # Eleven characters of Chinese: most names whole, a department elided.
            name_width=max(NAME_WIDTH, big.horizontalAdvance("国" * 11) + 12),
            header=max(HEADER, 2 * big.height() + 8),
            lane=max(LANE, big.height() + small.height() + 4),
            hour_gap=max(HOUR_GAP, big.horizontalAdvance("18") + big.averageCharWidth()),
            day=max(HOUR_GAP, big.horizontalAdvance("18") + big.averageCharWidth(),
                    big.horizontalAdvance("30") + 4) + 4,
        )
