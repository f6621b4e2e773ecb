"""The archive package of the decision shown (8.1.7: consulted and used): fetch, verify, keep.

A widget that only shows: the workspace fetches and verifies on its worker
(:mod:`backoffice.decisions.archive_copy`) and hands the report here; the
person's asks go out by signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backoffice import messages
from backoffice.decisions.archive_copy import ArchiveCheck, fetch_archive, save_copy
from backoffice.decisions.sealing import Sealer
from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.domain.model import Decision, DecisionStatus
from backoffice.signing.archive import MANIFEST_SIG, ArchiveReport, finding_params
from ui.decisions.form import VALID_STYLE, WARNING_STYLE
from ui.decisions.states import copyable_verdict, desk_reason, revocation_lines
from ui.inbox.detail_text import local_time
from ui.widgets.plain import PlainLabel

_log = logging.getLogger(__name__)


def checked_archive(sealer: Sealer, decision: Decision) -> ArchiveCheck:
    """:func:`fetch_archive`, a fault of ours told as such: anything but a
    ``BackofficeError`` went past the panel, which stayed "being fetched and verified"
    with Fetch off for good (a kept trust root that was not PEM: ``ValueError``)."""
    try:
        return fetch_archive(sealer, decision)
    except BackofficeError:
        raise
    except Exception as exc:  # logged with its traceback, told in words
        _log.error("archive package of decision %s not checked", decision.id, exc_info=exc)
        raise DomainError("decision.archive_not_checked",
                          case_code=decision.case_code) from exc


def archive_words(report: ArchiveReport, lang: str) -> str:
    """What the desk says of a package's verification: the verdict, then each finding."""
    if report.ok:
        text = QCoreApplication.translate(
            # Worded for any count: "its 1 files" read wrong for a package of one file.
            "DecisionDesk", "Archive package verified: the manifest is sealed by {who}, every "
            "file it lists ({files}) is there and unchanged, and the decision's seal is valid."
        ).format(who=report.sealed_by, files=report.files)
        if report.timestamp:
            text += "\n" + QCoreApplication.translate(
                "DecisionDesk", "Timestamp: {time}").format(
                time=local_time(report.timestamp, seconds=True))
    else:
        text = QCoreApplication.translate(
            "DecisionDesk", "WARNING: this archive package does NOT verify. Do not rely on it; "
            "tell the platform's administrator.")
    for mark, found in (("✖", report.problems), ("⚠", report.warnings)):
        for f in found:
            words = desk_reason(f.code, finding_params(report, f), lang)
            text += f"\n{mark} {f.path + ': ' if f.path else ''}{words}"
    # Under the findings, as a finding is named: the manifest's seal, the decision's.
    seals = [s for s in report.decision.signatures if s.kind == "seal"] \
        if report.decision is not None else []
    for path, said in ((MANIFEST_SIG, revocation_lines([report], lang)),
                       (report.decision_path, revocation_lines(seals, lang))):
        text += "".join(f"\n{path}: {line}" for line in said.splitlines())
    return text


def archive_hint(decision: Decision | None) -> str:
    """Why the decision shown has no package to fetch ("" when it has one)."""
    if decision is not None and decision.archive_sha256:
        return ""
    if decision is not None and decision.status == DecisionStatus.ISSUED:
        return QCoreApplication.translate(
            "DecisionDesk", "The platform files the archive package once it has the issue: "
            "it can be fetched after the next sync.")
    return QCoreApplication.translate(
        "DecisionDesk", "The archive package is filed by the platform when the decision is "
        "issued.")


# What the installer associates with the app's verifier (docs/install.md): a copy saved
# as .zip opened in the zip tool on a double-click, not in ``archive verify``.
ARCHIVE_SUFFIX = ".ovarchive"

# (work, done, failed): the workspace's worker; ``failed`` gets a BackofficeError.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BackofficeError], None]],
                  None]


class ArchivePanel(QWidget):
    fetchRequested = Signal()
    saveRequested = Signal(str)  # the path chosen

    def __init__(self, sealer: Sealer, run: Runner, parent: QWidget | None = None, *,
                 lang: str = "zh") -> None:
        super().__init__(parent)
        self.setObjectName("decisionArchive")
        self._sealer, self._run, self.lang = sealer, run, lang
        self._decision: Decision | None = None
        self.check: ArchiveCheck | None = None  # the package fetched and its report
        self.fetch = QPushButton(QCoreApplication.translate(
            "DecisionDesk", "Fetch and verify the archive package"), self)
        self.fetch.setObjectName("archiveFetch")
        self.save = QPushButton(QCoreApplication.translate("DecisionDesk", "Save a copy…"), self)
        self.save.setObjectName("archiveSave")
        self.status = PlainLabel("", self)
        self.status.setObjectName("archiveStatus")
        self.status.setWordWrap(True)
        copyable_verdict(self.status)
        self.dialog: QFileDialog | None = None
        self._name = "archive" + ARCHIVE_SUFFIX
        buttons = QHBoxLayout()
        buttons.addWidget(self.fetch)
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.fetch.clicked.connect(self.fetchRequested.emit)
        self.save.clicked.connect(self.choose_target)
        self.fetchRequested.connect(self.fetch_now)
        self.saveRequested.connect(self.save_now)
        self.show_decision(None)

    # --- acting (on the workspace's worker) ---------------------------------------------

    def fetch_now(self) -> None:
        decision = self._decision
        if decision is None or archive_hint(decision):
            return
        self.busy()
        sealer = self._sealer
        self._run(lambda: checked_archive(sealer, decision), self._fetched_check, self._problem)

    def _fetched_check(self, check: ArchiveCheck) -> None:
        if self._decision is None or self._decision.id != check.decision_id:
            return  # another decision shown meanwhile
        self.check = check
        self.show_report(check.report, self.lang)

    def save_now(self, path: str) -> None:
        check = self.check
        if check is None:
            return
        self._run(lambda: save_copy(check, Path(path)), self._saved, self._problem)

    def _saved(self, path: Path) -> None:
        self.status.setText(self.status.text() + "\n" + QCoreApplication.translate(
            "DecisionDesk", "A copy of the archive package is saved as {path}.").format(
            path=str(path)))

    def _problem(self, exc: BackofficeError) -> None:
        self.show_problem(messages.render(exc, self.lang))

    def show_decision(self, decision: Decision | None) -> None:
        """The package of ``decision`` may be fetched (or why not); its report kept while
        the same package is shown again."""
        hint = archive_hint(decision)
        self.fetch.setEnabled(not hint)
        self.fetch.setToolTip(hint)
        self._decision = decision
        if decision is not None:
            self._name = decision.case_code + ARCHIVE_SUFFIX
        check = self.check
        if check is not None and decision is not None and check.decision_id == decision.id \
                and check.sha256 == decision.archive_sha256:
            self.show_report(check.report, self.lang)  # the same package, shown again
            return
        self.check = None
        self._fetched(False)
        self.status.clear()
        self.status.setStyleSheet("")

    def busy(self) -> None:
        self.fetch.setEnabled(False)
        self.fetch.setToolTip(QCoreApplication.translate(
            "DecisionDesk", "The archive package is being fetched and verified."))
        self.status.setText(self.fetch.toolTip())
        self.status.setStyleSheet("")

    def show_report(self, report: ArchiveReport, lang: str) -> None:
        self.fetch.setEnabled(True)
        self.fetch.setToolTip("")
        self.status.setText(archive_words(report, lang))
        self.status.setStyleSheet(VALID_STYLE if report.ok else WARNING_STYLE)
        self._fetched(True)

    def show_problem(self, text: str) -> None:
        """The package could not be fetched (offline …) or saved: the words under the
        report (if any), a new try possible."""
        self.fetch.setEnabled(True)
        self.fetch.setToolTip("")
        if self.check is not None:
            self.show_report(self.check.report, self.lang)
            text = self.status.text() + "\n" + text
        self.status.setText(text)

    def _fetched(self, here: bool) -> None:
        self.save.setEnabled(here)
        self.save.setToolTip("" if here else QCoreApplication.translate(
            "DecisionDesk", "Fetch and verify the archive package first."))

    def choose_target(self) -> QFileDialog:
        """Where the copy goes (window-modal, ``open()``: never blocks the loop)."""
        if self.dialog is None:
            dialog = QFileDialog(self, QCoreApplication.translate(
                "DecisionDesk", "Save a copy of the archive package"))
            dialog.setObjectName("archiveSaveDialog")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilters([QCoreApplication.translate(
                "DecisionDesk", "Archive packages (*.ovarchive *.zip)")])
            dialog.setDefaultSuffix(ARCHIVE_SUFFIX[1:])
            dialog.fileSelected.connect(self._target_chosen)
            self.dialog = dialog
        self.dialog.selectFile(str(Path(self.dialog.directory().path()) / self._name))
        self.dialog.open()
        return self.dialog

    def _target_chosen(self, path: str) -> None:
        if path:
            self.saveRequested.emit(path)
