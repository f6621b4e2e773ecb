"""The planner's calendar: which days it shows, the suggestions drawn on it, a time dragged.

The workspace (:mod:`ui.planner.workspace`) plans and queues; this part
only follows what it planned: the days in view (◀ ▶, day or week), the
inspectors' lanes and the suggestions for those days, and the conflicts of a
time dragged onto a lane, checked on the GUI thread against the plan (a
check is microseconds). A drop that passes the check is handed back to the
workspace as a proposal.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from backoffice.domain import clock
from backoffice.planning.availability import is_working_day as visit_day
from ui.planner import proposal, words
from ui.widgets.listing import listed

if TYPE_CHECKING:
    from ui.planner.workspace import PlannerWorkspace

DURATION = dt.timedelta(hours=2)


class PlanCalendar:
    def __init__(self, owner: PlannerWorkspace) -> None:
        self.owner = owner
        self.plan, self.view = owner.plan, owner.plan.view
        self.first_day = owner.now().astimezone(clock.shanghai_tz()).date()
        p = self.plan
        p.slots.currentRowChanged.connect(self.slot_chosen)
        p.previous.clicked.connect(lambda: self.shift(-1))
        p.next.clicked.connect(lambda: self.shift(1))
        p.span.currentIndexChanged.connect(lambda _i: self.show_range())
        self.view.dragMoved.connect(self._drag_moved)
        self.view.dropped.connect(self._dropped)
        # Escape takes a time tried with the keys back: the hint again, not its conflicts.
        self.view.cancelled.connect(lambda: self.plan.show_drag_hint(self.view.duration > 0))

    def shift(self, step: int) -> None:
        self.first_day += dt.timedelta(days=step * self.span())
        self.show_range()

    def span(self) -> int:
        return 1 if self.plan.span.currentIndex() == 0 else 7

    def show_range(self) -> None:
        days = self.span()
        first = self.first_day
        if days == 7:
            first -= dt.timedelta(days=first.weekday())
        self.view.first_day = first
        calendar = self.owner.session.store.calendar
        dates = [first + dt.timedelta(days=n) for n in range(days)]
        # Narrower columns get shorter labels, down to the day of the month.
        labels = [words.day_labels(d, self.owner.lang) for d in dates]
        guessed = [d for d in dates if calendar.is_provisional(d)]
        # Days as the slot search takes them: a provisional year's New Year's Day is off.
        self.view.set_range(first, days, [d for d in dates if visit_day(calendar, d)], labels,
                            guessed)
        self.plan.calendar_note.setVisible(bool(guessed))
        planning, shown = self.owner.planning, self.owner.current
        if planning is None:
            self.view.set_lanes([], {})
            return
        start = dt.datetime.combine(first, dt.time(), clock.shanghai_tz())
        end = start + dt.timedelta(days=days)
        # The inspection as the store has it now: a time proposed since the plan was made.
        current = shown if shown is not None and shown.id == planning.inspection.id \
            else planning.inspection
        self.view.set_lanes(*proposal.lanes_of(planning, current, start, end, self.owner.names))
        self.show_suggestions()

    def show_suggestions(self) -> None:
        found = self.owner.result
        if found is None or not self.plan.slots.isVisibleTo(self.plan):
            self.view.set_suggestions([])  # the organiser's to act on, not a participant's
            return
        chosen = self.plan.slots.currentRow()
        self.view.set_suggestions([(s.start, s.end, [m.inspector for m in s.team])
                                   for s in found.slots], chosen if chosen >= 0 else None)

    def slot_chosen(self, row: int) -> None:
        found = self.owner.result
        if found is None or not 0 <= row < len(found.slots):
            return
        day = found.slots[row].start.astimezone(clock.shanghai_tz()).date()
        if not self.view.first_day <= day < self.view.first_day + dt.timedelta(
                days=self.view.days):
            self.first_day = day
            self.show_range()
        self.show_suggestions()
        if found.slots[row].team:
            self.view.ensure_lane_visible(found.slots[row].team[0].inspector)

    # --- dragging --------------------------------------------------------------------------

    def _check(self, start: dt.datetime, lane: str) -> tuple[list[str], list[str] | None]:
        """(conflict lines, the team) for a visit at ``start`` with ``lane``'s inspector."""
        planning = self.owner.planning
        assert planning is not None
        return proposal.check_drag(planning, start, start + DURATION, lane, self.owner.names,
                                   self.owner.lang, self.plan.after_deadline.text())

    def _drag_moved(self, start: dt.datetime, lane: str) -> None:
        planning = self.owner.planning
        if planning is None:
            return
        lines, team = self._check(start, lane)
        self.view.set_feedback(team is not None)
        when = words.when(start, start + DURATION)
        if team is not None:
            names = listed(p.name for p in planning.lanes if p.id in team)
            self.plan.conflict.setText(QCoreApplication.translate(
                "Planner", "{when}: everyone can come ({team}).").format(when=when, team=names))
        else:
            self.plan.conflict.setText(f"{when}\n" + "\n".join(lines))

    def _dropped(self, start: dt.datetime, lane: str) -> None:
        if self.owner.planning is None:
            return
        i = self.owner.current
        if i is not None and (i.starts_at, i.ends_at) == (start, start + DURATION) \
                and lane in i.inspectors:
            # Put back where it is, with its team: nothing to reschedule, so no reason
            # to ask for.
            return
        lines, team = self._check(start, lane)
        if team is None:
            self.owner.say(QCoreApplication.translate(
                "Planner", "Not planned — {when} does not work:").format(
                    when=words.when(start, start + DURATION)) + "\n" + "\n".join(lines))
            return
        self.owner.propose(start, start + DURATION, team)
