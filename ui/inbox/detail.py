"""The task detail: one case as the department's reviewer works it, offline.

``TaskDetail.show_task(id)`` loads the case around the department's review
task on a worker thread (:mod:`ui.inbox.detail_data`) and shows it: the case
header with its deadlines in working days, the department's materials with a
verdict per check (reviewable by keyboard alone, :mod:`.detail_materials`)
and their files (:mod:`.material_viewer`), the correction notice, the other
departments' progress, deferred materials, comments and the timeline
(where each part sits on the pane: :mod:`.detail_layout`).

Every action is a command queued in the outbox on the same one-thread worker
(so verdicts keyed in quick succession are stored in the order pressed) and
works offline: the person reads "queued — sent at the next sync". When the
state machine refuses, the reason is shown in the words of
``backoffice.messages`` and nothing is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from backoffice import messages
from backoffice.domain.commands import JSONValue
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Material
from backoffice.domain.notes import MAX_COMMENT
from backoffice.domain.opinion_readiness import unverdicted
from ui.background import Background
from ui.inbox import detail_sections as sections
from ui.inbox import opinion_drafts
from ui.inbox.detail_buttons import show_task_buttons
from ui.inbox.detail_case_actions import CaseActions
from ui.inbox.detail_data import (
    DetailSession,
    Snapshot,
    correction_items,
    material_marks,
    queue_followed,
)
from ui.inbox.detail_deferred import confirm_opinion
from ui.inbox.detail_drafts import BoxDrafts, ask_unkept
from ui.inbox.detail_focus import FocusKeeper
from ui.inbox.detail_layout import arrange, share_parts
from ui.inbox.detail_materials import MaterialList
from ui.inbox.detail_notice import second_notice_reason
from ui.inbox.detail_panels import CommentsPanel, CorrectionPanel, OpinionPanel
from ui.inbox.detail_status import (
    Loaded,
    Outbox,
    outbox_text,
    read,
    takes_verdicts,
    verdict_waits,
)
from ui.inbox.detail_text import safe
from ui.inbox.material_viewer import MaterialViewer
from ui.inbox.people import PersonCombo
from ui.widgets.plain import PlainLabel
from ui.widgets.throttle import PULL_PROGRESS_MS, Throttle

_log = logging.getLogger("ui.inbox.detail")

MAX_OPINION = 4000  # like a comment: the opinion is read by every department on the case


class TaskDetail(QWidget):
    """``taskDetail``: the detail pane the inbox embeds."""

    changed = Signal()  # a local action was queued
    loaded = Signal()  # a task (or the empty state) is on screen
    settled = Signal()  # no store work under way any more
    inspectionRequested = Signal(str)  # task id: the planner takes the case from here
    decisionRequested = Signal(str)  # case code: the decision desk opens it

    def __init__(
        self, session: DetailSession, parent: QWidget | None = None, *, lang: str = "zh"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskDetail")
        self.session, self._lang = session, lang
        # One thread: reads and writes in the order asked, one store writer.
        self._background = Background(self, threads=1)
        self._task_id: str | None = None
        self._token = 0
        self._coordinator = False  # from the platform's last list of the department's staff
        self._reviews = True  # the person's roles allow review work (ui.inbox.roles)
        self._holding = 0  # task commands being queued
        self._task_state_said = False
        self._following: tuple[str, ...] = ()  # the last action's commands (outbox ids)
        self._focus = FocusKeeper(self)
        self.snapshot: Snapshot | None = None

        self.empty = PlainLabel(
            QCoreApplication.translate("TaskDetail", "Choose a review task in the inbox."), self
        )
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header = sections.CaseHeader(self)
        self.claim = self._button("claimTask", self._claim)
        self.release = self._button("releaseTask", self._release)
        self.reopen = self._button("reopenTask", self._reopen)
        self.claim.setText(QCoreApplication.translate("TaskDetail", "Claim"))
        self.release.setText(QCoreApplication.translate("TaskDetail", "Release"))
        self.reopen.setText(QCoreApplication.translate("TaskDetail", "Reopen the review"))
        # Hand the task to a colleague of the department (task.transfer with to_user).
        self.colleague = PersonCombo(self)
        self.colleague.setObjectName("handOverTo")  # named: a drop-down says its choice
        self.colleague.setAccessibleName(QCoreApplication.translate("TaskDetail", "Hand over to"))
        self.hand_over = self._button("handOverTask", self._hand_over)
        self.hand_over.setText(QCoreApplication.translate("TaskDetail", "Hand over"))
        self.request_inspection = self._button("requestInspection", self._request_inspection)
        self.request_inspection.setText(
            QCoreApplication.translate("TaskDetail", "Request site inspection")
        )
        self.open_decision = self._button("openDecision", self._open_decision)
        self.open_decision.setText(QCoreApplication.translate("TaskDetail", "Decision…"))
        self.message = PlainLabel("", self)
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.hide()  # until there is something to say
        self.materials = MaterialList(self)
        self.viewer = MaterialViewer(session.files, session.client, self, lang=lang)
        self.opinion_panel = OpinionPanel(self)
        self.opinion = self.opinion_panel.edit
        self.give_opinion = self.opinion_panel.send
        self.published = self.opinion_panel.published
        self.give_opinion.clicked.connect(self._give_opinion)
        self.correction = CorrectionPanel(self)
        # The notice's issue, the clock, extensions (its own module; puts a panel in correction).
        self.case_actions = CaseActions(session, self.correction, self._run, self._say, self)
        self.progress = sections.department_progress(self)
        self.deferred = sections.deferred_materials(self)
        self.comments = CommentsPanel(self)
        self.timeline = sections.timeline(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")
        self._header_area, self._parts, self.stack = arrange(self)
        self.header.toggle.clicked.connect(self._header_area.updateGeometry)

        self.materials.verdictRequested.connect(self._record_verdict)
        self.materials.currentMaterialChanged.connect(self._show_material)
        self.viewer.fileCached.connect(self.materials.set_cached)
        self.correction.requested.connect(self._request_correction)
        self.comments.requested.connect(self._add_comment)
        self.case_actions.queued.connect(self._follow)
        session.statusChanged.connect(self._on_sync)
        # A first pull stores a case's materials after its tasks: the shown
        # task's materials come in while it is on screen.
        self._pulled = Throttle(self.reload, PULL_PROGRESS_MS, self)
        progressed = getattr(session, "syncProgressed", None)
        if progressed is not None:
            progressed.connect(self._on_sync_progress)
        # Typed and not sent yet: per task, in the account's store, until sent.
        self._opinion_drafts = BoxDrafts(self.opinion, opinion_drafts.DRAFTS_KEY,
                                         session.store, self.task_id, self._run, self)
        self._comment_drafts = BoxDrafts(self.comments.edit, opinion_drafts.COMMENT_DRAFTS_KEY,
                                         session.store, self.task_id, self._run, self)
        self._drafts = (self._opinion_drafts, self._comment_drafts)
        self.show_task(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # On a low pane the header keeps two lines: the page viewer needs the room.
        compact = self.header.compact
        self.header.fit_height(self.height())
        if compact != self.header.compact:
            self._header_area.updateGeometry()
            share_parts(self._parts, low=self.header.compact)

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ---- loading ------------------------------------------------------------------------

    def show_page(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` (a page, or anything on one) to the front, and
        the case actions' form holding it."""
        self.case_actions.show_form(widget)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                self.tabs.setCurrentIndex(index)
                return

    def show_task(self, task_id: str | None) -> None:
        """Show the case around ``task_id`` (loaded off the GUI thread); None empties."""
        if task_id != self._task_id:
            # An opinion or a comment being written waits for its task to be shown again.
            for drafts in self._drafts:
                drafts.note()
                drafts.show(task_id)
            self._say("")
            self.case_actions.clear()
            self._task_id, self._following = task_id, ()
            self.keep_drafts()
        self._task_id = task_id
        self._token += 1
        if task_id is None:
            self.snapshot = None
            self.empty.setText(
                QCoreApplication.translate("TaskDetail", "Choose a review task in the inbox.")
            )
            self.stack.setCurrentWidget(self.empty)
            self.viewer.show_material(None)
            self.loaded.emit()
            return
        token, session, following = self._token, self.session, self._following
        self._run(lambda: read(session, task_id, following),
                  lambda result: self._on_loaded(token, result))

    def reload(self) -> None:
        if self._task_id is not None:
            self.show_task(self._task_id)

    def task_id(self) -> str | None:
        return self._task_id

    def _on_sync_progress(self, _status: object) -> None:
        self._pulled.request()

    def _on_sync(self, _status: object) -> None:
        # The shown case may have changed on the platform; the text being typed stays.
        self._pulled.cancel()
        self.reload()

    def _on_loaded(self, token: int, loaded: object) -> None:
        if token != self._token:
            return  # another task was asked for meanwhile
        assert isinstance(loaded, Loaded)
        result, self._coordinator = loaded.snapshot, loaded.coordinator
        if result is None:
            self.snapshot = None
            self.empty.setText(
                QCoreApplication.translate(
                    "TaskDetail", "This review task is no longer in the local store."
                )
            )
            self.stack.setCurrentWidget(self.empty)
            self.loaded.emit()
            return
        assert isinstance(result, Snapshot)
        s = self.snapshot = result
        self._focus.reloading()
        me = self.session.account.username
        self.header.show_snapshot(s, me)
        self._header_area.updateGeometry()
        self._reviews = loaded.reviews
        self._show_buttons()
        self.published.setText(
            QCoreApplication.translate("TaskDetail", "Published opinion: {opinion}").format(
                opinion=safe(s.task.opinion)
            )
            if s.task.opinion
            else QCoreApplication.translate("TaskDetail", "No opinion given yet.")
        )
        self.materials.editable = takes_verdicts(s, me)
        self.materials.set_materials(s.materials, s.cached, material_marks(s))
        self.correction.show_snapshot(s, self._proposed(s.materials))
        self.case_actions.show_snapshot(s)
        sections.fill_department_progress(self.progress, s)
        outstanding = sections.fill_deferred(self.deferred, s)
        # The count in the tab, what it counts in the tooltip: the whole of it was a
        # third of a laptop's tab bar.
        deferred = self.tabs.indexOf(self.deferred)
        self.tabs.setTabText(deferred, QCoreApplication.translate(
            "TaskDetail", "Deferred ({count})").format(count=outstanding))
        self.tabs.setTabToolTip(deferred, QCoreApplication.translate(
            "TaskDetail", "Deferred materials ({count} outstanding)").format(count=outstanding))
        self.comments.show_comments(s.comments, dict(s.departments))
        sections.fill_timeline(self.timeline, s.timeline, self._lang)
        self._say_outbox(loaded.outbox)
        self.stack.setCurrentIndex(1)
        if self._holding:
            self._hold()  # a reload that started before the command was queued
        else:
            self._focus.restore(self._focus_instead())
        self.loaded.emit()

    def _focus_instead(self) -> dict[QWidget, tuple[QWidget, ...]]:
        """Where the focus goes when its control is off after an action or a sync: the
        next keyboard step of the same section (Qt's own choice was the case header)."""
        tree, notices = self.materials.tree, self.correction.notices
        return {
            self.claim: (tree, self.release),  # claimed: the verdicts come next
            self.release: (self.claim, tree),
            self.reopen: (tree,),
            self.colleague: (tree,),
            self.hand_over: (tree,),
            self.give_opinion: (self.opinion, tree),
            # The items are in the notice now: read there.
            self.correction.send: (notices, tree),
            self.correction.second_reason: (notices, tree),
        }

    def _show_buttons(self) -> None:
        if self.snapshot is not None:
            show_task_buttons(self, self.snapshot, self._reviews, self._coordinator, self._lang)

    def _say_outbox(self, outbox: Outbox | None) -> None:
        text = outbox_text(outbox, self._lang, self._task_state_said)
        if text is not None:
            self._say(text, task_state=True)

    def _task_buttons(self) -> tuple[QWidget, ...]:
        return (self.claim, self.release, self.reopen, self.colleague, self.hand_over,
                self.give_opinion, self.correction.send)

    def _hold(self) -> None:
        for button in self._task_buttons():
            button.setEnabled(False)

    def _show_material(self, material: object) -> None:
        assert material is None or isinstance(material, Material)
        shown = self.viewer.material()
        same = (
            shown is not None
            and material is not None
            and shown.id == material.id
            and shown.file_sha256 == material.file_sha256
        )
        if not same:
            self.viewer.show_material(material)

    def _proposed(self, materials: tuple[Material, ...]) -> list[dict[str, JSONValue]]:
        if self.snapshot is None:
            return []
        return correction_items(self.snapshot, materials)

    # ---- actions ------------------------------------------------------------------------

    def _claim(self) -> None:
        self._task_command("task.claim", {"assignee": self.session.account.username})

    def _release(self) -> None:
        self._task_command("task.release", {})

    def _reopen(self) -> None:
        self._task_command("task.reopen", {})

    def _hand_over(self) -> None:
        s = self.snapshot
        user = self.colleague.currentData()
        if s is None or not isinstance(user, str) or not user:
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "Choose the colleague first; nothing was queued."
                )
            )
            return
        if user not in {c.username for c in s.colleagues}:
            return
        self._task_command("task.transfer", {"to_user": user})

    def _open_decision(self) -> None:
        if self.snapshot is not None:
            self.decisionRequested.emit(self.snapshot.case.case_code)

    def _request_inspection(self) -> None:
        if self.snapshot is not None:
            self.inspectionRequested.emit(self.snapshot.task.id)

    def _give_opinion(self) -> None:
        text = self.opinion.toPlainText().strip()
        if not text:
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "Write the department's opinion first; nothing was queued."
                )
            )
            self.opinion.setFocus()
            return
        if len(text) > MAX_OPINION:
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "An opinion may have at most {limit} characters; nothing was queued."
                ).format(limit=MAX_OPINION)
            )
            self.opinion.setFocus()
            return
        task_id = self._task_id

        confirm_opinion(self, self.snapshot, lambda: self._task_command(
            "task.give_opinion", {"opinion": text},
            then=lambda: self._opinion_drafts.sent(task_id)))

    def _request_correction(self, items: object, second_reason: str) -> None:
        if not isinstance(items, list) or not items:
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "There are no failing checks to add to the notice."
                )
            )
            return
        # As the lead's Issue asks it: after a notice went out, the reason first.
        notices = self.snapshot.notices if self.snapshot is not None else ()
        reason = second_notice_reason(notices, self.correction.second_reason, self._say)
        if reason is None:
            return
        payload: dict[str, JSONValue] = {"items": items}
        if reason:
            payload["second_notice_reason"] = reason
        self._task_command("task.request_correction", payload)

    def _add_comment(self, text: str) -> None:
        if not text.strip():
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "Write a comment first; nothing was queued."
                )
            )
            return
        if CommentsPanel.too_long(text):
            self._say(
                QCoreApplication.translate(
                    "TaskDetail", "A comment may have at most {limit} characters."
                ).format(limit=MAX_COMMENT)
            )
            return
        if self.snapshot is None:
            return
        code, task_id = self.snapshot.case.case_code, self._task_id
        self._queue("comment.add", code, {"text": text},
                    then=lambda: self._comment_drafts.sent(task_id))

    def _record_verdict(self, material_id: str, check: str, verdict: str, note: str) -> None:
        s = self.snapshot
        if s is None:
            return
        waits = verdict_waits(s, self.session.account.username)
        if waits:
            self._say(waits)
            return
        payload: dict[str, JSONValue] = {"check": check, "verdict": verdict, "note": note}
        self._queue(
            "material.verdict", material_id, payload, reload=False, on_result=self._verdict_stored
        )

    def _verdict_stored(self, result: object) -> None:
        if isinstance(result, Material):
            self.materials.update_material(result)
            self.correction.set_proposed(self._proposed(self.materials.materials()),
                                         pending=len(unverdicted(self.materials.materials())))
            if self.snapshot is not None:
                # The last verdict missing lets the opinion be given: say so now.
                self.snapshot = replace(self.snapshot, materials=self.materials.materials())
                self._show_buttons()
                if self._holding:
                    self._hold()

    def _task_command(
        self, kind: str, payload: Mapping[str, JSONValue], *, then: Callable[[], None] | None = None
    ) -> None:
        if self.snapshot is None or self._holding:
            return
        # The task's buttons wait for the reload that follows: a second click
        # would queue the same step twice and be refused.
        self._holding += 1
        self._focus.hold(self._hold)
        self._queue(kind, self.snapshot.task.id, payload, then=then, hold=True)

    def _queue(
        self,
        kind: str,
        entity_id: str,
        payload: Mapping[str, JSONValue],
        *,
        reload: bool = True,
        then: Callable[[], None] | None = None,
        on_result: Callable[[object], None] | None = None,
        hold: bool = False,
    ) -> None:
        store, author = self.session.store, self.session.account.username

        def unhold() -> None:
            if hold:
                self._holding -= 1

        def done(result: object) -> None:
            unhold()
            assert isinstance(result, tuple)
            record, command = result
            self.session.local_action()
            if then is not None:
                then()
            if on_result is not None:
                on_result(record)
            self._follow((command,), reload=reload)

        def refused(exc: BaseException) -> None:
            unhold()
            self._failed(exc)
            if hold:
                self.reload()  # the buttons as the task allows

        self._run(lambda: queue_followed(store, author, kind, entity_id, payload), done, refused)

    def _follow(self, commands: object, *, reload: bool = True) -> None:
        """Say the last action queued; each reload then tells where its commands are."""
        self._following = tuple(commands) if isinstance(commands, tuple) else ()
        self._say(QCoreApplication.translate("TaskDetail", "Queued — sent at the next sync."),
                  task_state=True)
        self.changed.emit()
        if reload:
            self.reload()

    # ---- drafts -------------------------------------------------------------------------

    def keep_drafts(self) -> None:
        """Write what is typed and not sent to the store (closing the session calls it)."""
        for drafts in self._drafts:
            drafts.keep()

    def _say(self, text: str, *, task_state: bool = False) -> None:
        # task_state: the text tells where the task's last command is (kept
        # up to date by each reload), not what a click did.
        self._task_state_said = task_state
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(
        self,
        fn: Callable[[], object],
        on_success: Callable[[object], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        def success(result: object) -> None:
            try:
                on_success(result)
            finally:
                self._settle()

        self._background.run(fn, success, on_failure or self._failed)

    def _failed(self, exc: BaseException) -> None:
        try:
            if isinstance(exc, BackofficeError):
                self._say(messages.render(exc, self._lang))
            else:
                _log.error("task detail work failed", exc_info=exc)
                self._say(
                    QCoreApplication.translate(
                        "TaskDetail", "Something went wrong; the log has the details."
                    )
                )
        finally:
            self._settle()

    def _settle(self) -> None:
        if not self._background.busy():
            self.settled.emit()

    def busy(self) -> bool:
        return self._background.busy() or self.viewer.busy()

    def wait(self) -> bool:
        """Let work under way finish (before the store closes); what typed text the
        store could not keep is offered to the clipboard."""
        done = self._background.wait() and self.viewer.wait()
        ask_unkept(self.window(), self._drafts, self._lang)
        return done
