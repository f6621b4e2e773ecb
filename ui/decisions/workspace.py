"""The decision desk workspace: the department's cases to decide, the form, the preview.

It orchestrates (engineering brief, pattern 8): store, network and PDF work
run through :mod:`backoffice.decisions` on one worker thread; the form and
the preview are widgets that only show. Every sealed document shown is
verified first; one that does not verify gets the unmistakable warning and
cannot be issued.

Seals under way are followed by the **sync**: the workspace registers its
sealer with the session's sync engine as a follower, so a signing request
completes, and a local seal gets its timestamp, while the person works
elsewhere in the app and after a restart (the workspace is built at sign-in,
before the first sync). While the desk is on screen a timer asks the engine
for an extra step between syncs (``SyncEngine.follow_now``: inside the sync's
lock, skipped while a sync runs), so a person waiting for a seal sees it in
seconds rather than at the next sync; the sealer's own back-off and
``Retry-After`` decide whether the network is asked at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages, workstation
from backoffice.decisions import jobs
from backoffice.decisions.desk import ROLES_KEY as ROLES_KEY  # noqa: PLC0414  # kept here
from backoffice.decisions.desk import DecisionDesk, DeskDecision, SealedDocument
from backoffice.decisions.sealing import Sealer
from backoffice.domain import clock
from backoffice.domain.decisions import NOT_READY, Finding, report_by_range
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Case, Decision, DecisionStatus
from backoffice.signing.verify import VerificationResult
from backoffice.sync.status import SyncState
from ui.background import Background
from ui.decisions.actions import desk_actions
from ui.decisions.archive_panel import ArchivePanel
from ui.decisions.case_list import CaseList
from ui.decisions.delivery import delivery_words
from ui.decisions.form import DecisionForm, form_words
from ui.decisions.preview import DecisionPreview
from ui.decisions.states import (
    issue_question,
    job_words,
    missing_words,
    sealed_unrecorded,
    shown_state,
    state_text,
    unquoted,
    verification_words,
)
from ui.settings import Settings
from ui.widgets.splitter_place import keep_place

_log = logging.getLogger("ui.decisions")
FOLLOW_MS = 5000
# A pause in typing this long redraws the draft's document: the preview
# follows the form instead of keeping an error the form no longer has.
PREVIEW_AFTER_MS = 600


class DecisionWorkspace(QWidget):
    changed = Signal()  # a command was queued
    settled = Signal()  # what was asked is on screen

    def __init__(self, session: Any, parent: QWidget | None = None, *, lang: str = "zh",
                 today: Callable[[], Any] = clock.today, follow_ms: int = FOLLOW_MS,
                 desk: DecisionDesk | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionWorkspace")
        self.session, self.lang = session, lang
        self._background = Background(self, threads=1)
        account = session.account
        # The session's own sealer already follows every sync round; a second
        # one would ask the signing service twice for the same seal.
        sealer = getattr(session, "sealer", None) or Sealer(
            session.store, session.client, session.files, username=account.username,
            trust_dir=workstation.trust_dir())
        self.desk = desk or DecisionDesk(session.store, sealer, username=account.username,
                                         roles=(), department_code=account.department_code,
                                         today=today)
        engine = getattr(session, "engine", None)
        self._engine = engine if hasattr(engine, "follow_now") else None
        if self._engine is not None:
            self._engine.add_follower(self.desk.sealer)
        self.cases: list[Case] = []
        self.states: dict[str, str] = {}  # each listed case's decision, by case code
        self.case: Case | None = None
        self.current: DeskDecision | None = None
        self.verification: VerificationResult | None = None
        self._awaiting_document = False  # sealed elsewhere, its document not here yet
        # A seal being made on the worker: Seal waits, a second click would
        # spend a second document number.
        self._sealing = False
        # The state the desk shows, back in place of an error once the form changes.
        self._state_text = ""
        self.confirmation: QMessageBox | None = None  # the open "issue?" question
        self.case_list = CaseList(self)
        self.form = DecisionForm(self, lang=lang)
        if getattr(session, "training", False):
            from ui import training

            offer = training.certificate_offer(account)
            if offer is not None:
                self.form.offer_certificate(*offer)
        self.preview = DecisionPreview(self)
        self.archive = ArchivePanel(self.desk.sealer, self._run_or, self.form, lang=lang)
        self.form.add_section(self.archive)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("decisionSplitter")
        split.addWidget(self.case_list)
        split.addWidget(self.form)
        split.addWidget(self.preview)
        split.setSizes([220, 420, 560])
        keep_place(split, settings if settings is not None else Settings())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.case_list.currentRowChanged.connect(self._choose)
        self.form.saveRequested.connect(self.save)
        self.form.sealRequested.connect(self.seal)
        self.form.issueRequested.connect(self.issue)
        self.form.previewRequested.connect(self.show_preview)
        self.form.changed.connect(self._recheck)
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(PREVIEW_AFTER_MS)
        self._redraw.timeout.connect(self.show_preview)
        self.form.changed.connect(self._redraw.start)
        self._timer = QTimer(self)
        self._timer.setInterval(follow_ms)
        self._timer.timeout.connect(self.follow)
        if follow_ms > 0:
            self._timer.start()
        # What a sync round brings (opinions that make a case ready, a seal
        # recorded) is listed and shown when the round ends, not at the next click.
        self._listed = False
        self._round_seen: tuple[bool, object] = (False, getattr(
            getattr(session, "status", None), "last_success", None))
        status_changed = getattr(session, "statusChanged", None)
        if status_changed is not None:
            status_changed.connect(self._status_changed)
        self._run(self._load_roles, self._roles_loaded)

    # --- plumbing -------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._background.run(fn, lambda result: self._finish(done, result), self._failed)

    def _run_or(self, fn: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[BackofficeError], None]) -> None:
        """As :meth:`_run`, a refusal told by ``failed`` instead of the desk's state."""
        def told(exc: object) -> None:
            if isinstance(exc, BackofficeError):
                self._finish(failed, exc)
            else:
                self._failed(exc)
        self._background.run(fn, lambda result: self._finish(done, result), told)

    def _finish(self, done: Callable[[Any], None], result: Any) -> None:
        done(result)
        if not self._background.busy():
            self.settled.emit()

    def _failed(self, exc: object) -> None:
        if isinstance(exc, BackofficeError):
            self.form.state.setText(messages.render(exc, self.lang))
        else:
            _log.error("decision desk: %s", type(exc).__name__, exc_info=exc)  # type: ignore[arg-type]
            self.form.state.setText(QCoreApplication.translate("DecisionDesk", "Something went wrong; see the log."))
        if not self._background.busy():
            self.settled.emit()

    def busy(self) -> bool:
        return self._background.busy() or self._redraw.isActive()

    # --- roles and cases -------------------------------------------------------------

    def _load_roles(self) -> tuple[str, ...]:
        return self.desk.load_roles(self.session.client)

    def _roles_loaded(self, roles: tuple[str, ...]) -> None:
        self.desk.roles_from(roles)
        self.refresh()

    def _load_cases(self) -> tuple[list[Case], dict[str, str]]:
        cases = self.desk.cases()
        return cases, self.desk.states([c.case_code for c in cases])

    def refresh(self) -> None:
        self._run(self._load_cases, self._cases_loaded)

    def refresh_quietly(self) -> None:
        """The list again, the case shown kept: reloaded only if its decision changed,
        and a new decision being typed is never reset."""
        if self._listed:
            self._run(self._load_cases, lambda loaded: self._cases_loaded(loaded, quiet=True))

    def _status_changed(self, status: Any) -> None:
        syncing = getattr(status, "state", None) is SyncState.SYNCING
        seen = (syncing, getattr(status, "last_success", None))
        was_syncing, last_success = self._round_seen
        self._round_seen = seen
        # A round ended (well or not: its pull may have gone through) or one
        # was missed; counts refreshed after a queued command are neither.
        if not syncing and (was_syncing or seen[1] != last_success):
            self.refresh_quietly()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_quietly()  # what changed while another workspace was shown

    def _cases_loaded(self, loaded: tuple[list[Case], dict[str, str]], *,
                      quiet: bool = False) -> None:
        cases, self.states = loaded
        self._listed = True
        keep = self.case.case_code if self.case else None
        if self.case is not None and keep not in {c.case_code for c in cases}:
            # Opened from the task detail: it stays listed beside the others.
            cases = [*cases, self.case]
        if not quiet or self.case is None:
            self._fill(cases, keep)
            return
        self._fill(cases, keep, show=False)
        if self.current is not None:
            code = self.case.case_code
            self._run(lambda: (code, self.desk.decisions(code)), self._decisions_reloaded)

    def _decisions_reloaded(self, loaded: tuple[str, list[DeskDecision]]) -> None:
        """The shown case's decisions after a sync: shown again only if they changed."""
        code, decisions = loaded
        if self.case is None or self.case.case_code != code or self.current is None:
            return  # another case chosen meanwhile, or a new decision being typed
        # A sealed document still to come is shown once a round has fetched it.
        if (decisions[-1] if decisions else None) != self.current or self._awaiting_document:
            self._show_case(self.case)

    def _fill(self, cases: list[Case], select: str | None, *, show: bool = True) -> None:
        """List ``cases``; select ``select`` (else the first), which shows it unless
        ``show`` is false and ``select`` is the case shown."""
        self.cases = cases
        self.case_list.blockSignals(True)
        self.case_list.list_cases(cases, self.states)
        self.case_list.blockSignals(False)
        codes = [c.case_code for c in cases]
        if select in codes:
            quiet = not show and self.case is not None and self.case.case_code == select
            if quiet:
                self.case = cases[codes.index(select)]  # its status may have moved on
            self.case_list.blockSignals(quiet)
            self.case_list.setCurrentRow(codes.index(select))
            self.case_list.blockSignals(False)
        elif cases:
            self.case_list.setCurrentRow(0)

    def open_case(self, case_code: str) -> None:
        """Show ``case_code`` (from the task detail), even if it is not in the list."""
        codes = [c.case_code for c in self.cases]
        if case_code in codes:
            row = codes.index(case_code)
            if self.case_list.currentRow() == row:
                self._show_case(self.cases[row])  # again: it may have changed since
            else:
                self.case_list.setCurrentRow(row)
            return

        def load() -> Any:
            with self.session.store.read() as uow:
                return uow.cases.get(case_code)
        self._run(load, self._opened)

    def _opened(self, case: Case | None) -> None:
        """A case opened from the task detail joins the list (selected, so shown)."""
        if case is None:
            return
        others = [c for c in self.cases if c.case_code != case.case_code]
        self._fill([*others, case], case.case_code)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.cases):
            self._show_case(self.cases[row])

    def _show_case(self, case: Case) -> None:
        if self.case is None or self.case.case_code != case.case_code:
            # A certificate's password typed for one decision seals no other.
            self.form.cert_password.clear()
        self.case = case
        self.form.title.setText(f"{case.case_code} · {case.service_item_name} · "
                                f"{case.applicant.name}")
        code = case.case_code
        self._run(lambda: (self.desk.decisions(code), self.desk.context(code)),
                  self._decisions_loaded)

    def _decisions_loaded(self, loaded: tuple[list[DeskDecision], Any]) -> None:
        decisions, context = loaded
        self.current = decisions[-1] if decisions else None
        self.archive.show_decision(self.current.decision if self.current else None)
        self.form.show_delivery(self.current.decision if self.current else None,
                                self.case.site_address if self.case else "")
        self._relist_shown()
        self.verification, self._awaiting_document = None, False
        self.form.set_signature("", ok=None)
        if self.current is None:
            today = self.desk.today()
            _, latest = report_by_range(context.case, today)
            self.form.new_draft(joint_possible=len(context.departments) > 1, today=today,
                                report_by=latest)
            self._show_state(QCoreApplication.translate("DecisionDesk", "No decision yet: draft one."))
        else:
            self.form.show_decision(self.current.decision)
            queued = QCoreApplication.translate(
                "DecisionDesk", " (queued, goes up with the next sync)"
            ) if self.current.queued and not sealed_unrecorded(self.current) else ""
            text = state_text(shown_state(self.current)) + queued
            if self.current.decision.status == DecisionStatus.ISSUED:
                decision = self.current.decision
                text += "\n" + delivery_words(decision.delivery, decision.delivery_address, self.lang)
            job, told = self.current.job, self.current.seal_error
            if told:
                # Why the seal did not seal, while that still holds (seal again).
                text += "\n" + self._job_error(told)
            elif job is not None and job.open and job.error:
                # A step failed (offline, throttled, the TSA): the sync tries again.
                text += "\n" + QCoreApplication.translate(
                    "DecisionDesk", "Last attempt: {reason} It is tried again with the sync."
                ).format(reason=self._job_error(job.error))
            self._show_state(text)
        self._update_actions()
        self._recheck()
        self._redraw.stop()  # this case's document is drawn now
        self.show_preview()

    def _job_error(self, code: str) -> str:
        client = getattr(self.session, "client", None)
        return job_words(code, str(getattr(client, "base_url", "") or ""),
                         self.desk.department_code, self.lang)

    def _relist_shown(self) -> None:
        """The shown case's line follows its decision at once, not at the next sync."""
        codes = [c.case_code for c in self.cases]
        if self.case is None or self.case.case_code not in codes:
            return
        state = self.current.seal_state if self.current is not None else ""
        self.states[self.case.case_code] = state
        self.case_list.show_state(codes.index(self.case.case_code), self.case, state)

    # --- checking and showing -----------------------------------------------------------

    def _draft_of_form(self, *, placeholder: bool = False) -> Any:
        """The form as a decision; ``placeholder`` fills the texts a refusal needs."""
        from backoffice.domain.commands import Command, decision_draft

        assert self.case is not None
        fields = self.form.fields()
        if placeholder:
            fields = {**fields, "reasons": fields["reasons"] or "-",
                      "legal_basis": fields["legal_basis"] or "-"}
        return decision_draft(Command.new("decision.draft", self.case.case_code, 0,
                                          {**fields, "submit": False}),
                              self.desk.department_code)

    def _show_state(self, text: str) -> None:
        self._state_text = text
        self.form.state.setText(text)

    def _recheck(self) -> None:
        if self.case is None:
            return
        # An error of an earlier click is history once the form changed: the
        # findings say what is still wrong.
        self.form.state.setText(self._state_text)
        first: list[Finding] = []
        if self.current is not None:
            decision = self.current.decision
            if (decision.status in (DecisionStatus.SEALED, DecisionStatus.ISSUED)
                    or sealed_unrecorded(self.current)):
                # Sealed: the form's checks are history, a red "must" under a
                # sealed document would only contradict it.
                self._run(list, self._checked)
                return
        else:
            try:
                decision = self._draft_of_form()
            except BackofficeError as exc:
                # The record itself is refused (a refusal without legal basis): say so,
                # and still check the rest, so the person learns everything at once.
                first = [Finding(exc.code, {k: str(v) for k, v in exc.params.items()})]
                try:
                    decision = self._draft_of_form(placeholder=True)
                except BackofficeError:
                    # In line behind the checks still running: an older result
                    # must not land after this one and hide it.
                    self._run(lambda: first, self.form.set_findings)
                    return
        for_seal = decision.status == DecisionStatus.SUBMITTED

        def check() -> list[Finding]:
            found = self.desk.check(decision, for_seal=for_seal)
            return first + [f for f in found if f.code not in {g.code for g in first}]
        self._run(check, self._checked)

    def _checked(self, findings: list[Finding]) -> None:
        self.form.set_findings(findings)
        # Before every opinion is in there is nothing to submit or seal yet: the
        # buttons wait, and say why, rather than refuse after the click.
        waiting = next((f for f in findings if f.code in NOT_READY), None)
        self.form.hold("" if waiting is None else messages.render_code(
            waiting.code, dict(waiting.params), self.lang))

    def show_preview(self) -> None:
        if self.case is None:
            return
        current = self.current
        if current is not None and shown_state(current) in (
                "sealed", "issued", "signed", "sent", "ready", "awaiting_timestamp"):
            self._run(lambda: self.desk.sealed(current.decision), self._sealed_loaded)
            return
        try:
            decision = current.decision if current is not None else self._draft_of_form()
        except BackofficeError as exc:
            # No document can be made of the form: the pane says why, as the
            # findings do, rather than keep a document the form no longer says.
            self._preview_failed(exc)
            return
        self._background.run(lambda: self.desk.preview(decision),
                             lambda pdf: self._finish(self.preview.show_pdf, pdf),
                             self._preview_failed)

    def _preview_failed(self, exc: object) -> None:
        """A draft still missing something cannot be drawn: say so in the preview pane."""
        if isinstance(exc, BackofficeError):
            self.preview.show_problem(form_words(exc.code, exc.params, self.lang))
            if not self._background.busy():
                self.settled.emit()
        else:
            self._failed(exc)

    def _sealed_loaded(self, loaded: SealedDocument) -> None:
        data, result, why = loaded
        self._awaiting_document = data is None
        if data is None:
            text, ok = missing_words(why, self._job_error)
            self.form.set_signature(text, ok=ok)
            return
        self.preview.show_pdf(data)
        self.verification = result
        if result is not None:
            self.form.set_signature(verification_words(result, self.lang), ok=result.ok)
        self._update_actions()

    def _update_actions(self) -> None:
        found = desk_actions(self.current, may_draft=self.desk.may_draft,
                             may_seal=self.desk.may_seal, sealing=self._sealing,
                             verification=self.verification)
        self.form.set_actions(
            can_save=found.can_save, can_submit=found.can_submit, can_seal=found.can_seal,
            can_issue=found.can_issue, save_hint=found.save_hint, seal_hint=found.seal_hint,
            issue_hint=found.issue_hint)

    # --- acting ----------------------------------------------------------------------------

    def save(self, submit: bool) -> None:
        if self.case is None:
            return
        if self.current is not None:
            draft = self.current.decision
            if submit and draft.status == DecisionStatus.DRAFT:
                self._run(lambda: self.desk.submit(draft), self._acted)
            return
        code, fields = self.case.case_code, self.form.fields()
        self._run(lambda: self.desk.draft(code, fields, submit=submit), self._acted)

    def seal(self, method: str) -> None:
        current = self.current
        if current is None:
            return
        decision = current.decision
        if method == "local":
            from backoffice.signing.providers import Pkcs12Provider

            path = Path(unquoted(self.form.cert_path.text()))
            password = self.form.cert_password.text().encode("utf-8")
            # Asked again for the next seal, as a password dialog would: left in
            # the field, anyone at the workstation could seal with it.
            self.form.cert_password.clear()
            provider = Pkcs12Provider(path, password or None)
            work: Callable[[], Any] = lambda: self.desk.seal_locally(decision, provider)
        else:
            work = lambda: self.desk.seal_with_platform(decision)
        self._sealing = True
        self._update_actions()
        self._background.run(work, lambda job: self._finish(self._sealed, job), self._seal_failed)

    def _sealed(self, job: object) -> None:
        self._sealing = False
        self._acted(job)

    def _seal_failed(self, exc: object) -> None:
        self._sealing = False
        self._update_actions()
        self._failed(exc)

    def issue(self) -> None:
        """Asked first, without blocking: the answer arrives by signal."""
        if self.current is None or self.case is None or self.confirmation is not None:
            return
        decision, (delivery, address) = self.current.decision, self.form.delivery_choice()
        box = issue_question(self, self.case, delivery_words(delivery, address, self.lang))
        box.finished.connect(lambda _result: self._issue_answered(decision, delivery, address))
        self.confirmation = box
        box.open()

    def _issue_answered(self, decision: Decision, delivery: str, address: str) -> None:
        box, self.confirmation = self.confirmation, None
        # The button pressed, not the result code: Escape and the title bar's
        # close count as Cancel.
        chosen = box.standardButton(box.clickedButton()) if box is not None else None
        if chosen == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.desk.issue(decision, delivery, address), self._acted)

    def follow(self) -> None:
        """One step of the seals under way between syncs, while the desk is shown.

        Through the sync engine (its lock: never beside a sync); without one
        (tests of the desk alone) the sealer directly.
        """
        if self._background.busy() or not self.isVisible():
            return
        store, engine, sealer = self.session.store, self._engine, self.desk.sealer

        def step() -> Any:
            if engine is not None:
                queued = engine.follow_now()
            else:
                queued = sealer.follow_round([e.command for e in store.pending_commands()],
                                             online=False)
            return queued, jobs.all_jobs(store)
        self._run(step, self._followed)

    def _followed(self, followed: tuple[bool | None, list[Any]]) -> None:
        queued, after = followed
        if queued:
            # A seal was queued (decision.seal) or finished: let the sync carry it.
            action = getattr(self.session, "local_action", None)
            if callable(action):
                action()
        # Only a seal under way on the decision shown changes the screen; a
        # form being drafted is never reset under the person's hands.
        current = self.current
        if self.case is None or current is None:
            return
        job = next((j for j in after if j.decision_id == current.decision.id), None)
        if job is not None and job != current.job:
            self._show_case(self.case)

    def _acted(self, _result: object) -> None:
        self.changed.emit()
        sync = getattr(self.session, "sync_now", None)
        if callable(sync):
            sync()
        if self.case is not None:
            self._show_case(self.case)
