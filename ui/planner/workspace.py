"""The planner workspace: inspections to plan, the week of their inspectors, suggested slots.

It orchestrates (engineering brief, pattern 8): the list of the department's
joint inspections (``plannerRequests``), the calendar (``plannerView``),
the engine's slots with their explanation (``plannerSlots``) and the field
mode tab (:mod:`ui.planner.field`). Store and network work runs on one
worker thread through ``backoffice.inspections``; the planning problem
comes back as a plain object. What the calendar shows of it, and the
conflict checks of a dragged time, are :mod:`ui.planner.calendar`'s.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Answer, Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, notice, service
from backoffice.inspections.availability import Planning
from backoffice.planning.model import SearchResult
from ui.background import Background
from ui.inbox.detail_status import Outbox, most_telling
from ui.planner import proposal, words
from ui.planner.calendar import DURATION, PlanCalendar
from ui.planner.field import FieldPanel
from ui.planner.notice import NoticePage
from ui.planner.panels import PlanPage
from ui.settings import Settings
from ui.widgets.splitter_place import keep_place

_log = logging.getLogger("ui.planner")

def _when(i: Inspection) -> tuple[object, ...]:
    """What the calendar draws of an inspection."""
    return i.starts_at, i.ends_at, i.inspectors, i.status


class PlannerWorkspace(QWidget):
    changed = Signal()  # a command was queued
    settled = Signal()  # no work under way
    planned = Signal()  # a planning problem (slots, lanes) is on screen

    def __init__(self, session: Any, parent: QWidget | None = None, *, lang: str = "zh",
                 now: Callable[[], dt.datetime] = clock.now, photo_max_side: int = 1600,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plannerWorkspace")
        self.session, self.lang, self.now = session, lang, now
        self._background = Background(self, threads=1)
        self.inspections: list[Inspection] = []
        self.current: Inspection | None = None
        self.planning: Planning | None = None
        self.result: SearchResult | None = None
        self.names: dict[str, str] = {}
        self._request: tuple[str, str] | None = None  # (task id, case code) being requested
        self._following: tuple[str, ...] = ()  # the last queued command, its message shown
        # (inspection, proposal) → its time, as seen here: a decline drops the time from
        # the record, and the organiser plans again knowing which one was declined.
        self._seen: dict[tuple[str, int], tuple[dt.datetime, dt.datetime]] = {}
        self._same_time = ""  # the reason proposing the first suggestion again gives
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("plannerTabs")
        self.plan = PlanPage(self)
        self.field = FieldPanel(session, self._run, self, lang=lang, photo_max_side=photo_max_side)
        self.tabs.addTab(self.plan, QCoreApplication.translate("Planner", "Plan"))
        self.tabs.addTab(self.field, QCoreApplication.translate("Planner", "Field mode"))
        self.notice = NoticePage(self)
        self.tabs.addTab(self.notice, QCoreApplication.translate("Planner", "Applicant notice"))
        kept = settings if settings is not None else Settings()
        for splitter in (self.plan.splitter, self.field.splitter):
            keep_place(splitter, kept)
        self.tabs.currentChanged.connect(lambda _i: self._load_notice())
        self._notice_of: tuple[str, int, str] | None = None  # (inspection, version, status) shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        p = self.plan
        self.view, self.requests, self.slots = p.view, p.requests, p.slots
        p.requests.currentRowChanged.connect(self._choose)
        p.propose.clicked.connect(self._propose_chosen)
        p.confirm.clicked.connect(lambda: self._answer(True))
        p.decline.clicked.connect(lambda: self._answer(False))
        p.cancel.clicked.connect(self._cancel)
        p.open_notice.clicked.connect(lambda: self.tabs.setCurrentWidget(self.notice))
        p.refresh_button.clicked.connect(self.replan)
        p.send_request.clicked.connect(self._send_request)
        p.exportRequested.connect(self.export_to)
        self.field.changed.connect(self.changed)
        session.statusChanged.connect(lambda _s: self.refresh())
        self.calendar = PlanCalendar(self)
        self.calendar.show_range()  # this week from the start, before any inspection is chosen
        self._show_actions()  # nothing chosen yet: no live actions
        self.refresh()

    # --- the list of inspections ---------------------------------------------------------

    def refresh(self) -> None:
        store, dept = self.session.store, self.session.account.department_code
        following = self._following

        def load() -> tuple[list[Inspection], dict[str, str], Outbox | None]:
            with store.read() as uow:
                found = [i for i in uow.inspections.all() if dept in i.departments
                         and i.status != InspectionStatus.CANCELLED]
                names = {d.code: d.name for d in uow.departments.all()}
                followed = list(uow.outbox.get_many(following).values())
            return sorted(found, key=lambda i: (i.status == InspectionStatus.RECORDED,
                                                i.case_code, i.id)), names, \
                most_telling(followed) if following else None

        self._run(load, lambda result: self._listed(result, following))
        self.field.refresh()

    def _listed(self, result: object, following: tuple[str, ...] = ()) -> None:
        found, self.names, outbox = cast(
            "tuple[list[Inspection], dict[str, str], Outbox | None]", result)
        if following and following == self._following:
            self._follow_up(outbox)
        keep = self.current.id if self.current is not None else None
        self.inspections = found
        self._seen.update({(i.id, i.proposal): (i.starts_at, i.ends_at) for i in found
                           if i.starts_at is not None and i.ends_at is not None})
        self.plan.show_inspections(found, self.names, self.now())
        rows = [n for n, i in enumerate(found) if i.id == keep]
        if rows:
            self.requests.blockSignals(True)
            self.requests.setCurrentRow(rows[0])
            self.requests.blockSignals(False)
            before, self.current = self.current, found[rows[0]]
            self._show_actions()
            passed = self.result is not None and any(
                s.start <= self.now() for s in self.result.slots)
            if before is None or before.version != self.current.version or passed:
                # Answered, moved or declined by a sync, or a suggestion has begun: the
                # slots and the calendar are planned again, not kept from before.
                self.replan()
            elif _when(before) != _when(self.current):
                self.calendar.show_range()  # its time moved (proposed here, say): not the old one
        elif keep is not None:
            # Gone from the list (cancelled, here or by the organiser): nothing of it may
            # stay on screen as if it were still planned, nor its actions stay live.
            self.current = None
            self._forget_plan()
            self._show_actions()

    def show_case(self, case_code: str) -> None:
        """Select the case's inspection once the list has it (after a request, say)."""
        for n, inspection in enumerate(self.inspections):
            if inspection.case_code == case_code:
                self.requests.setCurrentRow(n)
                return

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.inspections):
            return
        self.current = self.inspections[row]
        self._show_actions()
        self.replan()

    def _forget_plan(self) -> None:
        self.planning, self.result = None, None
        self.plan.show_slots(None, self.lang)
        self.view.duration = 0
        self.view.set_lanes([], {})
        self.view.set_suggestions([])

    def _show_actions(self) -> None:
        i, dept = self.current, self.session.account.department_code
        if i is None:
            self.plan.show_inspection(None, self.names)
            self._load_notice()
            return
        mine = next((a for a in i.answers if a.department_code == dept), None)
        organiser = i.lead_department == dept
        self._show_propose()
        pending = i.status == InspectionStatus.PROPOSED and (
            mine is None or mine.answer == Answer.PENDING)
        self.plan.confirm.setEnabled(pending)
        self.plan.decline.setEnabled(pending)
        self.plan.cancel.setEnabled(organiser and i.status in (
            InspectionStatus.REQUESTED, InspectionStatus.PROPOSED, InspectionStatus.CONFIRMED))
        self.plan.cancel_reason.setEnabled(self.plan.cancel.isEnabled())
        self.plan.show_inspection(i, self.names, self.lang)
        self.plan.show_role(organiser)
        self._show_proposal()
        self._load_notice()

    def _declined(self) -> tuple[dt.datetime, dt.datetime] | None:
        i = self.current
        if i is None or i.starts_at is not None or not proposal.declined_by(i, self.names):
            return None
        return self._seen.get((i.id, i.proposal))

    def _show_proposal(self) -> None:
        """Beside the answer buttons: the proposal answered, and why it can no longer be."""
        if self.current is not None:
            self.plan.show_proposal(*proposal.proposal_texts(
                self.current, self.planning, self.names, self.session.account.department_code,
                self.now(), self.session.store.calendar, self._declined(), self.lang))

    def _show_propose(self) -> None:
        """Propose for the organiser while the inspection is open — unless a department has
        nobody to send, which the button's tooltip then says (it offered a search that
        could find no team)."""
        i, dept = self.current, self.session.account.department_code
        nobody = self._nobody_to_send()
        self.plan.propose.setEnabled(
            i is not None and i.lead_department == dept and not nobody and i.status in (
                InspectionStatus.REQUESTED, InspectionStatus.PROPOSED,
                InspectionStatus.CONFIRMED))
        self.plan.propose.setToolTip(nobody)

    def _nobody_to_send(self) -> str:
        return proposal.nobody_to_send(self.planning, self.current, self.names, self.lang)

    def set_photo_max_side(self, pixels: int) -> None:
        """The travelling size of photos attached from now on (Settings)."""
        self.field.photo_max_side = pixels

    # --- the applicant's notice ------------------------------------------------------------

    def _load_notice(self) -> None:
        """Make the chosen inspection's notice when its tab is in front (and it changed)."""
        i = self.current
        if self.tabs.currentWidget() is not self.notice:
            return
        if i is None:
            self._notice_of = None
            self.notice.show_pdf(None, "", QCoreApplication.translate(
                "Planner", "Choose an inspection with a time to see its notice."))
            return
        key = (i.id, i.version, i.status.value)
        if key == self._notice_of:
            return
        self._notice_of = key
        withheld = words.notice_withheld(i, self.lang)
        if withheld:  # no time yet, or one not confirmed by every department
            self.notice.show_pdf(None, "", withheld)
            return
        store, inspection_id, code = self.session.store, i.id, i.case_code
        today = self.now().astimezone(clock.shanghai_tz()).date()
        self._run(lambda: notice.notice_pdf(store, inspection_id, issued_on=today),
                  lambda data: self.notice.show_pdf(data, code),  # type: ignore[arg-type]
                  say=lambda text: self.notice.show_pdf(None, "", text))

    # --- cancelling --------------------------------------------------------------------------

    def _cancel(self) -> None:
        """The organiser cancels, with a reason (the applicant is told if a time was set)."""
        if self.current is None:
            return
        reason = self.plan.cancel_reason.text()
        if not reason.strip():
            self.say(QCoreApplication.translate(
                "Planner", "Say why the inspection is cancelled; nothing was queued."))
            self.plan.cancel_reason.setFocus()
            return
        store, me = self.session.store, self.session.account.username
        dept, key = self.session.account.department_code, self.current.id

        def done() -> None:
            self.plan.cancel_reason.clear()

        self._queue(lambda: service.cancel(store, me, dept, key, reason),
                    QCoreApplication.translate(
                        "Planner", "Cancellation queued — sent at the next sync; every "
                        "department and the applicant are told."), then=done)

    # --- planning ------------------------------------------------------------------------

    def replan(self) -> None:
        """Fetch free/busy (or use the kept copy), build the problem, search slots."""
        if self.current is None:
            return
        store, client, key, now = self.session.store, self.session.client, self.current.id, \
            self.now()

        def work() -> tuple[Planning | None, SearchResult | None, Any]:
            copy = availability.free_busy(store, client, now.astimezone(
                clock.shanghai_tz()).date())
            if copy is None:
                return None, None, None
            planning = availability.planning_for(store, key, copy, now=now, duration=DURATION)
            return planning, planning.suggest(), copy

        self._run(work, self._planned)

    def _planned(self, result: object) -> None:
        planning, found, copy = cast("tuple[Planning | None, SearchResult | None, Any]", result)
        if self.current is None or (planning is not None
                                    and planning.inspection.id != self.current.id):
            self.planned.emit()  # planned for an inspection no longer shown
            return
        self.plan.free_busy.setText(words.free_busy(copy))
        self.plan.free_busy.setProperty("stale", copy is not None and not copy.fresh)
        self.planning, self.result = planning, found
        if planning is None or found is None:
            self.view.duration = 0
            self.plan.show_slots(None, self.lang)
            self.planned.emit()
            return
        found, notes, self._same_time = proposal.planned_slots(
            found, planning, self.current, self.names, self._declined())
        self.result = found
        self.plan.show_slots(found, self.lang, notes)
        self._show_actions()  # the proposal now with the team's names and the deadline
        nobody = self._nobody_to_send()
        if nobody:  # the exact reason, not the engine's "no qualified inspector"
            self.plan.explanation.setText(nobody)
        self._show_propose()
        self.view.duration = int(DURATION.total_seconds() // 60) if self.plan.propose.isEnabled() \
            else 0
        self.plan.show_drag_hint(self.view.duration > 0)
        if found.slots:
            self.slots.setCurrentRow(0)  # its week, unless there is a time to answer:
        if self.current.starts_at is not None:  # the calendar opens at the time answered
            self.calendar.first_day = self.current.starts_at.astimezone(clock.shanghai_tz()).date()
        self.calendar.show_range()
        self.planned.emit()

    def _propose_chosen(self) -> None:
        found, row = self.result, self.slots.currentRow()
        if found is None or not 0 <= row < len(found.slots):
            self.say(QCoreApplication.translate("Planner", "Choose a suggested slot first."))
            return
        slot = found.slots[row]
        why = self.plan.reschedule.text() or (self._same_time if row == 0 else "")
        self.propose(slot.start, slot.end, [m.inspector for m in slot.team], why)

    def propose(self, start: dt.datetime, end: dt.datetime, team: list[str],
                why: str | None = None) -> None:
        if self.current is None:
            return
        store, me, key = self.session.store, self.session.account.username, self.current.id
        late, why = self.plan.after_deadline.text(), why or self.plan.reschedule.text()
        now = self.now()  # a suggestion shown since the morning may have started meanwhile
        self._queue(lambda: service.propose(store, me, key, start, end, team,
                                            after_deadline_reason=late, reason=why, now=now),
                    QCoreApplication.translate("Planner", "Proposed {when} — sent at the next "
                                               "sync; each department confirms.").format(
                                                   when=words.when(start, end)), checked=True)

    # --- answers, requests, export ------------------------------------------------------

    def _answer(self, confirmed: bool) -> None:
        if self.current is None:
            return
        reason = self.plan.answer_reason.text()
        if not confirmed and not reason.strip():
            self.say(QCoreApplication.translate(
                "Planner", "Say why the department cannot come; nothing was queued."))
            self.plan.answer_reason.setFocus()
            return
        store, me = self.session.store, self.session.account.username
        dept, key = self.session.account.department_code, self.current.id
        now = self.now()  # the last confirmation tells the applicant: in time, by now
        self._queue(lambda: service.answer(store, me, dept, key, confirmed=confirmed,
                                           reason=reason, now=now),
                    QCoreApplication.translate("Planner", "Queued — sent at the next sync."),
                    checked=confirmed)

    def request_for(self, task_id: str) -> None:
        """From the inbox: fill the request for the task's case (checklist from the catalog)."""
        store, client = self.session.store, self.session.client

        def load() -> tuple[str, str, str, tuple[str, ...]]:
            with store.read() as uow:
                task = uow.tasks.get(task_id)
                case = uow.cases.get(task.case_code) if task is not None else None
            if task is None or case is None:
                raise BackofficeError("store.not_found")
            return (task.id, case.case_code, case.site_address,
                    service.catalog_checklist(store, client, case.service_item_code))

        self.tabs.setCurrentWidget(self.plan)
        self._run(load, self._fill_request)

    def _fill_request(self, result: object) -> None:
        task_id, code, site, checklist = cast("tuple[str, str, str, tuple[str, ...]]", result)
        self._request = (task_id, code)
        self.plan.show_request(code, site, checklist)

    def _send_request(self) -> None:
        if self._request is None:
            return
        task_id, code = self._request
        store, account = self.session.store, self.session.account
        reason = self.plan.request_reason.text()
        checklist = self.plan.request_checklist.toPlainText().splitlines()
        site = self.plan.request_site.text()

        def done() -> None:
            self._request = None
            self.plan.show_request(None, "", ())

        self._queue(lambda: service.request_inspection(
            store, account.username, account.department_code, code, reason, checklist,
            task_id=task_id, site_address=site),
            QCoreApplication.translate("Planner", "Inspection requested — sent at the next "
                                       "sync; the platform joins it with the other "
                                       "departments' requests."), then=done)

    def export_to(self, path: str) -> None:
        """Write the shown inspections that have a time to ``path`` as iCalendar."""
        store, lang = self.session.store, self.lang
        keys = [i.id for i in self.inspections if i.starts_at is not None]
        people = {p.id: p for p in (self.planning.lanes if self.planning else ())}

        def work() -> int:
            Path(path).write_bytes(service.export_ics(store, keys, people, lang=lang))
            return len(keys)

        def written(count: object) -> None:
            self.say(QCoreApplication.translate(
                "Planner", "1 inspection written to {path}.").format(path=path) if count == 1
                else QCoreApplication.translate(
                    "Planner", "{count} inspections written to {path}.").format(
                        count=count, path=path))

        self._run(work, written)

    # --- plumbing -----------------------------------------------------------------------------

    def _queue(self, fn: Callable[[], object], said: str,
               then: Callable[[], None] | None = None, checked: bool = False) -> None:
        """``fn`` queues one command and gives its id; ``said`` stays until the sync moves
        it (:meth:`_follow_up`). ``checked``: ``fn`` checks against the free/busy fetched anew."""
        fetch = checked and proposal.fresh_free_busy(self.session.store, self.session.client,
                                                     self.now())
        stale: list[str] = []

        def work() -> object:
            stale.append(fetch() if fetch else "")
            return fn()

        def done(command: object) -> None:
            self.say("\n".join(t for t in (said, *stale) if t))
            self._following = (command,) if isinstance(command, str) else ()
            self.session.local_action()
            self.changed.emit()
            if then is not None:
                then()
            self.refresh()

        self._run(work, done, say=lambda text: self.say(
            "\n".join(t for t in (text, *stale) if t)))

    def say(self, text: str) -> None:
        self._following = ()  # the message says something else now
        self.plan.message.setText(text)

    def _follow_up(self, outbox: Outbox | None) -> None:
        """The queued command's message follows it, as the inbox detail's does: sent,
        then confirmed (it left the outbox), or the refusal's or conflict's sentence."""
        text, still = words.followed(outbox, self.lang)
        if text is not None:
            self.plan.message.setText(text)
        if not still:
            self._following = ()

    def _run(self, fn: Callable[[], object], on_success: Callable[[object], None],
             say: Callable[[str], None] | None = None) -> None:
        """``fn`` on the worker; ``on_success`` or the error's words (``say``) on the GUI."""
        def success(result: object) -> None:
            try:
                on_success(result)
            finally:
                self._settle()

        def failed(exc: BaseException) -> None:
            try:
                if isinstance(exc, BackofficeError):
                    (say or self.say)(messages.render(exc, self.lang))
                else:
                    _log.error("planner work failed", exc_info=exc)
                    (say or self.say)(QCoreApplication.translate(
                        "Planner", "Something went wrong; the log has the details."))
            finally:
                self._settle()

        self._background.run(fn, success, failed)

    def _settle(self) -> None:
        if not self._background.busy():
            self.settled.emit()

    def busy(self) -> bool:
        return self._background.busy()

    def close_session(self) -> None:
        # The work under way first, its answers to the form: a photo still being
        # attached reached the form after its entries were kept, and was lost.
        self._background.wait()
        QCoreApplication.sendPostedEvents(self._background, QEvent.Type.MetaCall)
        self.field.close_session()  # unsaved field entries kept for the next session
        self._background.wait()

