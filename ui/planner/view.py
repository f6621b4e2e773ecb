"""``plannerView``: a day or week of working hours, one lane per inspector, painted by hand.

Custom painted on a scroll area rather than one item per commitment: a week
of 60 inspectors is a few thousand blocks, and only the lanes in sight are
painted (``tests/benchmarks/planner.py`` times it). Time runs left to right
(08:00–18:00 of each day), inspectors top to bottom.

Dragging is plain mouse press/move/release on the view — no ``QDrag``,
whose nested event loop hangs offscreen tests: a press on a lane starts a
visit of the chosen length there, each move to another quarter hour asks
the owner for the conflicts (``dragMoved``; the answer comes back through
:meth:`set_feedback`), the release hands over the time (``dropped``).

The same without a mouse: with the focus on the view, a time cursor (a lane
and a quarter hour) moves with the arrow keys and each step is tried as a
drag move is; Enter hands the time over as a drop does, Escape takes the
try back (``cancelled``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QToolTip,
    QWidget,
)

from backoffice.domain import clock
from ui.planner.kinds import COLOURS, kind_text
from ui.planner.room import Room, small_font
from ui.widgets.listing import listed
from ui.widgets.plain import plain_tooltip

HOUR_FROM, HOUR_TO = 8, 18  # the part of each day drawn
SNAP = 15  # minutes: the grid a dragged visit snaps to
LABEL_WIDTH = 56  # pixels a block needs to carry its label

@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    department: str  # its name, drawn under the person's: a name alone says no department


@dataclass(frozen=True, slots=True)
class Block:
    start: dt.datetime
    end: dt.datetime
    kind: str  # a busy kind, or "proposed" / "confirmed" for the inspection being planned
    label: str = ""


class PlannerView(QAbstractScrollArea):
    dragMoved = Signal(object, str)  # start (aware datetime), lane id
    dropped = Signal(object, str)  # start, lane id
    cancelled = Signal()  # Escape: the time tried with the keys is taken back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plannerView")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tz = clock.shanghai_tz()
        self.first_day = clock.today()  # the owner sets its range; never a fixed date
        self.days = 7
        self.working: frozenset[dt.date] = frozenset()
        self.provisional: frozenset[dt.date] = frozenset()  # days of a year not published yet
        self.lanes: list[Lane] = []
        self._blocks: dict[str, list[tuple[int, int, str, str]]] = {}
        self._suggested: list[tuple[int, int, frozenset[str]]] = []
        self._chosen: int | None = None
        self.duration = 0  # minutes of a dragged visit; 0: dragging off
        self._drag: tuple[int, int] | None = None  # (start minute, lane index)
        self._feedback: bool | None = None  # the owner's verdict on the dragged time
        self.day_labels: list[tuple[str, ...]] = []  # per day: its labels, longest first
        self._placed_key: tuple[object, ...] = ()
        self._placed_cache: dict[str, list[tuple[float, float, QColor, str, str]]] = {}
        self._cursor: tuple[int, int] | None = None  # (start minute, lane index): the keys'
        self._trying = False  # the cursor's time was tried (dragMoved) and is drawn so
        self.room = Room.of(self.font())
        self.setAccessibleName(QCoreApplication.translate("Planner", "Inspectors' calendar"))
        self.keys_help = QCoreApplication.translate(
            "Planner", "Left and Right move the time cursor by a quarter hour (with Ctrl: an "
            "hour), Up and Down to another inspector; each time is checked as you move. Enter "
            "proposes the time under the cursor, Escape cancels.")
        self.setAccessibleDescription(self.keys_help)
        self.setWhatsThis(self.keys_help)

    # --- data ---------------------------------------------------------------------------

    def set_range(self, first_day: dt.date, days: int, working: Iterable[dt.date] = (),
                  labels: Sequence[str | Sequence[str]] = (),
                  provisional: Iterable[dt.date] = ()) -> None:
        """``labels``: per day a label, or its labels from the longest to the shortest (the
        header shows the longest that fits its column); ``provisional``: days whose
        working-day status is a guess, drawn hatched."""
        if (first_day, max(1, days)) != (self.first_day, self.days):
            self._trying = False  # the cursor's minute now means another time
        self.first_day, self.days = first_day, max(1, days)
        if self._cursor is not None:
            self._cursor = (self._clamp(self._cursor[0]), self._cursor[1])
        self.working = frozenset(working)
        self.provisional = frozenset(provisional)
        self.day_labels = [(label,) if isinstance(label, str) else tuple(label)
                           for label in labels]
        self._update_scroll()
        self.updateGeometry()  # a week needs more room than a day
        self.viewport().update()

    def set_lanes(self, lanes: Sequence[Lane], blocks: Mapping[str, Iterable[Block]]) -> None:
        self.lanes = list(lanes)
        if self._cursor is not None:
            if self.lanes:
                self._cursor = (self._cursor[0], min(self._cursor[1], len(self.lanes) - 1))
            else:
                self._cursor, self._trying = None, False
        self._blocks = {
            lane: sorted((self.minute(b.start), self.minute(b.end), b.kind, b.label)
                         for b in items)
            for lane, items in blocks.items()}
        self._update_scroll()
        self.viewport().update()

    def set_suggestions(self, slots: Sequence[tuple[dt.datetime, dt.datetime, Sequence[str]]],
                        chosen: int | None = None) -> None:
        self._suggested = [(self.minute(a), self.minute(b), frozenset(team))
                           for a, b, team in slots]
        self._chosen = chosen
        self.viewport().update()

    def set_feedback(self, ok: bool | None) -> None:
        self._feedback = ok
        self.viewport().update()

    def minute(self, moment: dt.datetime) -> int:
        """Minutes from the first day's midnight (Asia/Shanghai)."""
        local = moment.astimezone(self.tz)
        days = (local.date() - self.first_day).days
        return days * 1440 + local.hour * 60 + local.minute

    def moment(self, minute: int) -> dt.datetime:
        day = self.first_day + dt.timedelta(days=minute // 1440)
        rest = minute % 1440
        return dt.datetime.combine(day, dt.time(rest // 60, rest % 60), self.tz)

    # --- geometry -----------------------------------------------------------------------

    def _day_width(self) -> float:
        return max(1.0, (self.viewport().width() - self.room.name_width) / self.days)

    def x_of(self, minute: int) -> float:
        day, rest = divmod(minute, 1440)
        span = (HOUR_TO - HOUR_FROM) * 60
        into = min(max(rest - HOUR_FROM * 60, 0), span)
        return self.room.name_width + day * self._day_width() + into / span * self._day_width()

    def minute_at(self, x: float) -> int:
        width = self._day_width()
        day = int(max(0.0, x - self.room.name_width) // width)
        day = min(day, self.days - 1)
        into = (x - self.room.name_width - day * width) / width * (HOUR_TO - HOUR_FROM) * 60
        minute = HOUR_FROM * 60 + round(into / SNAP) * SNAP
        return day * 1440 + min(max(minute, HOUR_FROM * 60), HOUR_TO * 60)

    def lane_at(self, y: int) -> int | None:
        index = (y - self.room.header + self.verticalScrollBar().value()) // self.room.lane
        return index if 0 <= index < len(self.lanes) and y >= self.room.header else None

    def point_at(self, moment: dt.datetime, lane_id: str) -> QPoint:
        """Where a visit starting at ``moment`` in ``lane_id`` is pressed (tests, automation)."""
        index = next(n for n, lane in enumerate(self.lanes) if lane.id == lane_id)
        y = self.room.header + index * self.room.lane - self.verticalScrollBar().value() + self.room.lane // 2
        return QPoint(round(self.x_of(self.minute(moment))) + 1, y)

    def ensure_lane_visible(self, lane_id: str) -> None:
        index = next((n for n, lane in enumerate(self.lanes) if lane.id == lane_id), None)
        if index is not None:
            self._show_lane(index)

    def _show_lane(self, index: int) -> None:
        bar = self.verticalScrollBar()
        top = index * self.room.lane
        visible = self.viewport().height() - self.room.header
        if top < bar.value() or top + self.room.lane > bar.value() + visible:
            bar.setValue(max(0, top - visible // 2))

    def _update_scroll(self) -> None:
        total = len(self.lanes) * self.room.lane
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, total - (self.viewport().height() - self.room.header)))
        bar.setPageStep(max(self.room.lane, self.viewport().height() - self.room.header))
        bar.setSingleStep(self.room.lane)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scroll()

    def minimumSizeHint(self) -> QSize:
        # Every day's label and first hour whole: a pane of buttons kept it wide before.
        return QSize(self.room.name_width + self.days * self.room.day + 2 * self.frameWidth(),
                     super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a larger font: larger lanes and names
            self.room = Room.of(self.font())
            self._placed_key = ()
            self._update_scroll()
            self.viewport().update()

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event.rect())
        finally:
            painter.end()

    def _paint(self, p: QPainter, clip: QRect) -> None:
        width, height = self.viewport().width(), self.viewport().height()
        p.fillRect(clip, self.palette().base())
        scroll = self.verticalScrollBar().value()
        first = max(0, (clip.top() - self.room.header + scroll) // self.room.lane)
        last = min(len(self.lanes), (clip.bottom() - self.room.header + scroll) // self.room.lane + 1)
        day_w = self._day_width()
        placed = self._placed()
        grid = QPen(QColor("#dddddd"))
        text = self.palette().text().color()
        p.setClipRect(QRect(0, self.room.header, width, height - self.room.header))
        hatch = QBrush(COLOURS["provisional"], Qt.BrushStyle.BDiagPattern)
        for day in range(self.days):  # days off greyed, guessed ones hatched, hour lines
            x = self.room.name_width + day * day_w
            date = self.first_day + dt.timedelta(days=day)
            if date not in self.working:
                p.fillRect(QRectF(x, self.room.header, day_w, height), COLOURS["off"])
            if date in self.provisional:
                p.fillRect(QRectF(x, self.room.header, day_w, height), hatch)
            p.setPen(grid)
            for hour in range(HOUR_TO - HOUR_FROM):
                hx = x + hour * day_w / (HOUR_TO - HOUR_FROM)
                p.drawLine(int(hx), self.room.header, int(hx), height)
            p.setPen(QPen(QColor("#999999")))
            p.drawLine(int(x), self.room.header, int(x), height)
        small = small_font(self.font())
        for index in range(first, last):
            lane = self.lanes[index]
            top = self.room.header + index * self.room.lane - scroll
            p.setPen(grid)
            p.drawLine(0, top + self.room.lane, width, top + self.room.lane)
            for suggestion, (a, b, team) in enumerate(self._suggested):
                if lane.id in team:
                    colour = QColor(COLOURS["suggested"])
                    if suggestion == self._chosen:
                        colour.setAlpha(160)
                    p.fillRect(QRectF(self.x_of(a), top + 1, self.x_of(b) - self.x_of(a),
                                      self.room.lane - 2), colour)
            p.setFont(small)
            for x, w, colour, kind, label in placed.get(lane.id, ()):
                rect = QRectF(x, top + 4, w, self.room.lane - 8)
                p.fillRect(rect, colour)
                if label:
                    p.setPen(QColor("#ffffff") if kind == "confirmed" else text)
                    p.drawText(rect.adjusted(3, 0, -2, 0),
                               Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            p.setFont(self.font())
            if self._drag is not None and self._drag[1] == index:
                a = self._drag[0]
                colour = COLOURS["refused"] if self._feedback is False else COLOURS["ok"]
                p.fillRect(QRectF(self.x_of(a), top + 2, self.x_of(a + self.duration)
                                  - self.x_of(a), self.room.lane - 4), colour)
            if self._cursor is not None and self._cursor[1] == index:
                self._paint_cursor(p, top)
            p.fillRect(QRect(0, top, self.room.name_width, self.room.lane), self.palette().window())
            p.setPen(text)
            p.drawText(QRect(6, top, self.room.name_width - 8, self.room.lane // 2 + 2),
                       Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                       QFontMetrics(self.font()).elidedText(
                           lane.name, Qt.TextElideMode.ElideRight, self.room.name_width - 8))
            p.setFont(small)
            p.setPen(self.palette().placeholderText().color())
            p.drawText(QRect(6, top + self.room.lane // 2 + 1, self.room.name_width - 8, self.room.lane // 2 - 1),
                       Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                       QFontMetrics(small).elidedText(
                           lane.department, Qt.TextElideMode.ElideRight, self.room.name_width - 8))
            p.setFont(self.font())
        p.setClipping(False)
        self._paint_header(p, width, day_w)
        if self.hasFocus():  # else the focus on the calendar could not be seen at all
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(1, 1, width - 2, height - 2))

    def _paint_cursor(self, p: QPainter, top: int) -> None:
        """The keys' time: the visit tried there in the drag's colours, framed while the
        calendar has the focus."""
        assert self._cursor is not None
        a = self._cursor[0]
        length = self.duration if self.duration > 0 else SNAP
        rect = QRectF(self.x_of(a), top + 2, self.x_of(a + length) - self.x_of(a), self.room.lane - 4)
        if self._trying and self.duration > 0 and self._drag is None:
            p.fillRect(rect, COLOURS["refused"] if self._feedback is False else COLOURS["ok"])
        if self.hasFocus():
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(0, -1, 0, 1))

    def _placed(self) -> dict[str, list[tuple[float, float, QColor, str, str]]]:
        """Blocks in pixels, worked out once per geometry: painting is then only drawing.

        Labels only where they can be read (a week view's hour is ~20 px):
        text is most of a paint's cost.
        """
        key = (self.viewport().width(), self.first_day, self.days, id(self._blocks))
        if key != self._placed_key:
            out: dict[str, list[tuple[float, float, QColor, str, str]]] = {}
            for lane, items in self._blocks.items():
                row = []
                for a, b, kind, label in items:
                    x, right = self.x_of(a), self.x_of(b)
                    if right <= self.room.name_width or right <= x:
                        continue
                    row.append((x, max(2.0, right - x), COLOURS.get(kind, COLOURS["other"]),
                                kind, label if right - x >= LABEL_WIDTH else ""))
                out[lane] = row
            self._placed_cache, self._placed_key = out, key
        return self._placed_cache

    def _paint_header(self, p: QPainter, width: int, day_w: float) -> None:
        p.fillRect(QRect(0, 0, width, self.room.header), self.palette().window())
        p.setPen(self.palette().text().color())
        hatch = QBrush(COLOURS["provisional"], Qt.BrushStyle.BDiagPattern)
        metrics, room = QFontMetrics(self.font()), int(day_w) - 4
        form = self._form_fitting(metrics, room)  # once: the same for every day
        for day in range(self.days):
            x = self.room.name_width + day * day_w
            if self.first_day + dt.timedelta(days=day) in self.provisional:
                p.fillRect(QRectF(x, 0, day_w, self.room.header), hatch)
            p.drawText(QRectF(x, 2, day_w, self.room.header / 2), Qt.AlignmentFlag.AlignCenter,
                       self._label_in(day, form, metrics, room))
            per_hour = day_w / (HOUR_TO - HOUR_FROM)
            # Hour labels as far apart as the font needs, else they run into one another.
            step = next((n for n in (1, 2, 3, 5) if n * per_hour >= self.room.hour_gap),
                        HOUR_TO - HOUR_FROM)
            for hour in range(HOUR_FROM, HOUR_TO, step):
                hx = x + (hour - HOUR_FROM) * day_w / (HOUR_TO - HOUR_FROM)
                if hx + self.room.hour_gap - 4 > x + day_w:
                    break  # would run into the next day's first label
                p.drawText(QRectF(hx + 2, self.room.header / 2, self.room.hour_gap,
                                  self.room.header / 2),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{hour}")
        p.setPen(QPen(QColor("#999999")))
        p.drawLine(0, self.room.header - 1, width, self.room.header - 1)

    def day_label(self, day: int, width: float) -> str:
        """``day``'s label in the longest form every day's label fits ``width`` px in, else
        the shortest elided: labels running into the next day's read as one (03-03
        Mo03-04 Tue), and one day short of its weekday beside the others' ("11月30日"
        among "12/1 周二") read as a different kind of day."""
        metrics, room = QFontMetrics(self.font()), int(width) - 4
        return self._label_in(day, self._form_fitting(metrics, room), metrics, room)

    def _label_in(self, day: int, form: int | None, metrics: QFontMetrics, room: int) -> str:
        labels = self._labels_of(day)
        if form is not None:
            return labels[min(form, len(labels) - 1)]
        return metrics.elidedText(labels[-1], Qt.TextElideMode.ElideRight, max(0, room))

    def _labels_of(self, day: int) -> tuple[str, ...]:
        return (self.day_labels[day] if day < len(self.day_labels) else ()) or (
            (self.first_day + dt.timedelta(days=day)).isoformat(),)

    def _form_fitting(self, metrics: QFontMetrics, room: int) -> int | None:
        """The first form (index into each day's labels, a day with fewer keeping its last)
        in which every day's label fits ``room`` px; None when even the shortest does not."""
        shown = [self._labels_of(day) for day in range(self.days)]
        for form in range(max(len(labels) for labels in shown)):
            if all(metrics.horizontalAdvance(labels[min(form, len(labels) - 1)]) <= room
                   for labels in shown):
                return form
        return None

    # --- tooltips -----------------------------------------------------------------------

    def tip_at(self, pos: QPoint) -> str:
        """What is under ``pos`` (viewport coordinates), in words: the lane's person and
        department, or the commitment, suggestion or time there (plain text)."""
        index = self.lane_at(pos.y())
        if index is None:
            return ""
        lane = self.lanes[index]
        if pos.x() < self.room.name_width:
            return f"{lane.name}\n{lane.department}"
        minute = int(self.minute_at_exact(pos.x()))
        for a, b, kind, label in self._blocks.get(lane.id, ()):
            if a <= minute < b:
                return "\n".join(part for part in (
                    f"{kind_text(kind)} {self._span_text(a, b)}", label, lane.name) if part)
        for a, b, team in self._suggested:
            if a <= minute < b and lane.id in team:
                return f"{kind_text('suggested')} {self._span_text(a, b)}\n{lane.name}"
        return ""

    def minute_at_exact(self, x: float) -> float:
        """The minute at ``x``, not snapped to the drag's grid."""
        width = self._day_width()
        day = min(int(max(0.0, x - self.room.name_width) // width), self.days - 1)
        into = (x - self.room.name_width - day * width) / width * (HOUR_TO - HOUR_FROM) * 60
        return day * 1440 + HOUR_FROM * 60 + into

    def _span_text(self, a: int, b: int) -> str:
        start, end = self.moment(a), self.moment(b)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), plain_tooltip(tip), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # --- dragging -----------------------------------------------------------------------

    def _drag_to(self, pos: QPoint, lane: int | None = None) -> None:
        if self._drag is None:
            return
        index = self._drag[1] if lane is None else lane
        minute = self.minute_at(pos.x())
        if (minute, index) != self._drag:
            self._drag = (minute, index)
            self._feedback = None
            self.dragMoved.emit(self.moment(minute), self.lanes[index].id)
            self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._trying = False  # the mouse takes over from the keys
        pos = event.position().toPoint()
        lane = self.lane_at(pos.y())
        if (event.button() != Qt.MouseButton.LeftButton or self.duration <= 0 or lane is None
                or pos.x() < self.room.name_width):
            super().mousePressEvent(event)
            return
        self._drag = (-1, lane)
        self._drag_to(pos, lane)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._drag_to(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        self._drag_to(event.position().toPoint())
        minute, lane = self._drag
        self._drag = None
        self.viewport().update()
        self.dropped.emit(self.moment(minute), self.lanes[lane].id)

    def dragging(self) -> bool:
        return self._drag is not None

    # --- the keys -----------------------------------------------------------------------

    def time_cursor(self) -> tuple[dt.datetime, str] | None:
        """The keys' time cursor: (start, lane id), None before the calendar had the focus."""
        if self._cursor is None or not self.lanes:
            return None
        return self.moment(self._cursor[0]), self.lanes[self._cursor[1]].id

    def _clamp(self, minute: int) -> int:
        day = min(max(minute // 1440, 0), self.days - 1)
        rest = min(max(minute - day * 1440, HOUR_FROM * 60), HOUR_TO * 60 - SNAP)
        return day * 1440 + rest

    def _first_cursor(self) -> tuple[int, int]:
        """Where the keys start: this inspection's time if in view, else the chosen
        suggestion's, else the first lane in sight at the first working morning."""
        for index, lane in enumerate(self.lanes):
            for a, _b, kind, _label in self._blocks.get(lane.id, ()):
                if kind in ("proposed", "confirmed") and 0 <= a < self.days * 1440:
                    return self._clamp(a), index
        if self._chosen is not None and 0 <= self._chosen < len(self._suggested):
            a, _b, team = self._suggested[self._chosen]
            member = next((n for n, lane in enumerate(self.lanes) if lane.id in team), None)
            if member is not None and 0 <= a < self.days * 1440:
                return self._clamp(a), member
        day = next((n for n in range(self.days)
                    if self.first_day + dt.timedelta(days=n) in self.working), 0)
        top = min(self.verticalScrollBar().value() // self.room.lane, len(self.lanes) - 1)
        return day * 1440 + HOUR_FROM * 60, max(0, top)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._cursor is None and self.lanes:
            self._cursor = self._first_cursor()
        self._say(self.keys_help)  # where the cursor is, and then the keys
        self.viewport().update()

    def cursor_text(self) -> str:
        """The time cursor in words: who, when, and what is there already."""
        if self._cursor is None or not self.lanes:
            return ""
        a, index = self._cursor
        lane = self.lanes[index]
        b = a + (self.duration if self.duration > 0 else SNAP)
        there = [kind_text(kind) for x, y, kind, _label in self._blocks.get(lane.id, ())
                 if x < b and a < y]
        return " · ".join((lane.name, lane.department, self._span_text(a, b),
                           listed(there) if there else QCoreApplication.translate("Planner", "free")))

    def _say(self, more: str = "") -> None:
        """The cursor's place as the calendar's description, told to screen readers: the
        cursor is painted only, and a reader said nothing as the arrow keys moved it."""
        line = self.cursor_text()
        self.setAccessibleDescription("\n".join(part for part in (line, more) if part)
                                      or self.keys_help)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def _move_cursor(self, minutes: int = 0, lanes: int = 0) -> None:
        if self._cursor is None:
            self._cursor = self._first_cursor()
        minute, index = self._cursor
        day, rest = divmod(minute, 1440)
        rest += minutes
        if rest > HOUR_TO * 60 - SNAP and day + 1 < self.days:  # on into the next morning
            day, rest = day + 1, HOUR_FROM * 60
        elif rest < HOUR_FROM * 60 and day > 0:  # back to the evening before
            day, rest = day - 1, HOUR_TO * 60 - SNAP
        self._cursor = (self._clamp(day * 1440 + rest),
                        min(max(index + lanes, 0), len(self.lanes) - 1))
        self._show_lane(self._cursor[1])
        if self.duration > 0:
            self._trying, self._feedback = True, None
            self.dragMoved.emit(*self._cursor_at())
        self._say()
        self.viewport().update()

    def _cursor_at(self) -> tuple[dt.datetime, str]:
        assert self._cursor is not None
        return self.moment(self._cursor[0]), self.lanes[self._cursor[1]].id

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        hour = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if not self.lanes or mods & (Qt.KeyboardModifier.AltModifier
                                     | Qt.KeyboardModifier.MetaModifier):
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 60 if hour else SNAP
            self._move_cursor(minutes=step if key == Qt.Key.Key_Right else -step)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move_cursor(lanes=1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._cursor is not None:
            day = self._cursor[0] // 1440 * 1440
            self._cursor = (day + (HOUR_FROM * 60 if key == Qt.Key.Key_Home
                                   else HOUR_TO * 60 - SNAP), self._cursor[1])
            self._move_cursor()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.duration > 0:
            if self._cursor is None:
                self._cursor = self._first_cursor()
            self._trying = False
            self.viewport().update()
            self.dropped.emit(*self._cursor_at())
        elif key == Qt.Key.Key_Escape and self._trying:
            self._trying, self._feedback = False, None
            self.viewport().update()
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

