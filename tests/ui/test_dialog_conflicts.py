"""The conflict list against a real store, with conflicts made the way the sync makes them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.commands import COMMAND_ENTITIES, Command
from backoffice.domain.model import Applicant, ApplicantKind, Case, CaseKind, ReviewTask
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import OutboxState, Store
from backoffice.sync.case_view import command_kind, conflict_cells
from backoffice.sync.colleagues import COLLEAGUES_KEY
from ui.dialogs.conflicts import ConflictListDialog

NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)
CASE_CODE = "220100-2025-000001"


def _case() -> Case:
    return Case(
        case_code=CASE_CODE, service_item_code="SI-FOOD-01", service_item_name="食品经营许可证核发",
        applicant=Applicant("王芳（虚构）", "220101199001010001", ApplicantKind.PERSON),
        lead_department="MSA-220100", kind=CaseKind.PROMISED, status=CaseStatus.IN_REVIEW,
        accepted_at=dt.datetime(2025, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        promised_days=10, statutory_days=20, version=1)


def _task(n: int = 1) -> ReviewTask:
    return ReviewTask(id=f"T-{n:06d}", case_code=CASE_CODE, department_code="MSA-220100",
                      status=TaskStatus.UNCLAIMED, step_days=5, version=1)


def _claim(task: ReviewTask, author: str = "wangfang") -> Command:
    return Command.new("task.claim", task.id, task.version, {"assignee": author},
                       author=author, now=NOW)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    s.apply_confirmed([_case(), _task(1), _task(2)], cursor="c1")
    try:
        yield s
    finally:
        s.close()


class Changes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def _dialog(qtbot: QtBot, store: Store, on_changed: Changes | None = None,
            lang: str = "en", status_changed: SignalInstance | None = None) -> ConflictListDialog:
    dialog = ConflictListDialog(None, store, on_changed=on_changed, lang=lang,
                                status_changed=status_changed)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    return dialog


def _platform_claimed(store: Store) -> Command:
    """Our claim conflicts with the platform's record: lisi claimed it first."""
    claim = _claim(_task(1), author="<i>wangfang</i>")
    store.record_command(claim)
    theirs = dataclasses.replace(_task(1), status=TaskStatus.IN_REVIEW, assignee="<b>李四</b>", version=2)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=theirs)
    return claim


def _newer_version_conflict(store: Store) -> Command:
    """A conflict that fits again: the platform's record is only a newer version."""
    claim = _claim(_task(2))
    store.record_command(claim)
    newer = dataclasses.replace(_task(2), step_due_date=dt.date(2025, 3, 12), version=2)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=newer)
    return claim


def _cell(dialog: ConflictListDialog, field: str) -> tuple[str, str, bool]:
    table = dialog.versions
    for row in range(table.rowCount()):
        label = table.item(row, 0)
        if label is not None and label.text() == field:
            base, server = table.item(row, 1), table.item(row, 2)
            assert base is not None and server is not None
            return base.text(), server.text(), server.font().bold()
    raise AssertionError(f"no row {field}")


def test_no_conflicts_shows_the_empty_state(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    assert dialog.objectName() == "conflictList"
    assert dialog.empty_label.isVisible() and not dialog.splitter.isVisible()
    assert dialog.empty_label.text().startswith("No conflicts.")
    assert not dialog.reapply_button.isEnabled() and not dialog.discard_button.isEnabled()


def test_both_versions_side_by_side_with_differences_marked_and_html_literal(
    qtbot: QtBot, store: Store
) -> None:
    claim = _platform_claimed(store)
    dialog = _dialog(qtbot, store)
    assert dialog.entries.count() == 1
    # By its case and department, not the platform's internal id of the task.
    assert dialog.entries.item(0).text().startswith(
        f"claim\nreview task {CASE_CODE} · MSA-220100\n")
    assert _cell(dialog, "State") == ("unclaimed", "in review", True)
    assert _cell(dialog, "Reviewer") == ("—", "<b>李四</b>", True)  # literally, not bold markup
    # Whose each side is, in words (test_conflict_versions_in_words.py): not "1" and "2".
    yours, theirs, differs = _cell(dialog, "Version")
    assert yours.startswith("Yours: ") and theirs.startswith("The platform's now: ") and differs
    assert _cell(dialog, "Case code") == (CASE_CODE, CASE_CODE, False)
    # What the command wanted, by whom; data in plain-text widgets only.
    assert "<i>wangfang</i>" in dialog.summary.text()
    # A sentence: it began "claim on review task …", the term in lower case.
    assert dialog.summary.text().startswith(f"Claim on review task {CASE_CODE}")
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    # The change in the table's words, a line a field (it was JSON with English keys).
    assert dialog.payload.toPlainText() == "Reviewer: <i>wangfang</i>"
    # A platform code without a sentence: worded generally, the code kept for support.
    assert "remote.stale_version" in dialog.reason.text()
    assert store.conflicts()[0].command == claim


def test_a_conflict_from_a_pull_is_worded_by_the_state_machine(qtbot: QtBot, store: Store) -> None:
    store.record_command(_claim(_task(1)))
    transferred = dataclasses.replace(_task(1), status=TaskStatus.TRANSFERRED, version=2)
    report = store.apply_confirmed([transferred], cursor="c2")
    assert len(report.conflicts) == 1
    dialog = _dialog(qtbot, store)
    assert dialog.reason.text() == messages.render_code("state.illegal_transition", {
        "entity": "review_task", "current": "transferred", "action": "claim", "target": "in_review"}, "en")
    assert "transferred to another department" in dialog.reason.text()


def test_reapply_that_no_longer_fits_shows_why_and_keeps_the_entry(qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)
    changes = Changes()
    dialog = _dialog(qtbot, store, changes)
    with qtbot.waitSignal(dialog.refreshed, timeout=10000):
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "already claimed by" in dialog.error_label.text()
    assert dialog.entries.count() == 1 and len(store.conflicts()) == 1
    assert changes.count == 0


def test_reapply_with_enter_queues_the_command_again_and_refreshes(qtbot: QtBot, store: Store) -> None:
    old = _newer_version_conflict(store)
    changes = Changes()
    dialog = _dialog(qtbot, store, changes)
    assert dialog.focusWidget() is dialog.entries
    assert _cell(dialog, "Step deadline") == ("—", "2025-03-12", True)
    with qtbot.waitSignal(dialog.refreshed, timeout=10000) as refreshed:
        qtbot.keyClick(dialog.entries, Qt.Key.Key_Return)
    assert refreshed.args == [0]
    assert store.conflicts() == []
    (queued,) = store.pending_commands()
    assert queued.command.kind == "task.claim" and queued.command.id != old.id
    assert queued.command.base_version == 2 and queued.state == OutboxState.PENDING
    assert changes.count == 1
    assert dialog.empty_label.isVisible() and not dialog.error_label.isVisible()


def _confirmation(qtbot: QtBot, dialog: ConflictListDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible(),
                    timeout=5000)
    box = dialog.confirmation
    assert box is not None and box.objectName() == "discardConfirmation"
    return box


def test_discard_with_delete_asks_first_and_escape_keeps_it(qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)
    changes = Changes()
    dialog = _dialog(qtbot, store, changes)
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    assert box.textFormat() == Qt.TextFormat.PlainText and CASE_CODE in box.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is box, timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirmation is None, timeout=5000)
    assert len(store.conflicts()) == 1 and changes.count == 0 and not dialog.busy


@pytest.fixture
def utc_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock on UTC, eight hours behind Beijing."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc_machine")
def test_times_are_beijing_time_whatever_the_machine_s_time_zone(
        qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)  # made at 10:00 UTC: 18:00 in Beijing
    dialog = _dialog(qtbot, store)
    assert dialog.entries.item(0).text().endswith(" · 2025-03-03 18:00")
    assert "at 2025-03-03 18:00." in dialog.summary.text()


@pytest.mark.usefixtures("chinese")
def test_the_confirmation_s_button_says_discard_as_its_title_does(
        qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)
    dialog = _dialog(qtbot, store)
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    discard = box.button(QMessageBox.StandardButton.Discard)
    assert box.windowTitle() == "放弃此项修改？"
    # Ours, not Qt's own Discard (丢弃): one word for one act.
    assert discard is not None and discard.text() == "放弃(&D)"
    box.reject()


def test_discard_confirmed_with_the_keyboard_removes_it(qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)
    kept = _newer_version_conflict(store)
    changes = Changes()
    dialog = _dialog(qtbot, store, changes)
    assert dialog.entries.count() == 2 and dialog.entries.currentRow() == 0
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Delete)
    box = _confirmation(qtbot, dialog)
    discard = box.button(QMessageBox.StandardButton.Discard)
    assert isinstance(discard, QPushButton)
    # Cancel is the default; Tab moves to Discard, Space presses it.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is box, timeout=5000)
    for _ in range(4):
        if QApplication.focusWidget() is discard:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is discard
    with qtbot.waitSignal(dialog.refreshed, timeout=10000) as refreshed:
        qtbot.keyClick(discard, Qt.Key.Key_Space)
    assert refreshed.args == [1]
    assert [e.command.id for e in store.conflicts()] == [kept.id]
    assert store.pending_commands() == []
    assert changes.count == 1
    assert dialog.entries.count() == 1 and dialog.entries.currentRow() == 0
    assert dialog.entries.item(0).data(Qt.ItemDataRole.UserRole) == kept.id


def test_escape_closes_the_list(qtbot: QtBot, store: Store) -> None:
    _platform_claimed(store)
    dialog = _dialog(qtbot, store)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        qtbot.keyClick(dialog.entries, Qt.Key.Key_Escape)
    assert len(store.conflicts()) == 1


def test_a_refused_command_and_the_one_held_back_behind_it(qtbot: QtBot, store: Store) -> None:
    claim = _claim(_task(1))
    store.record_command(claim)
    opinion = Command.new("task.give_opinion", "T-000001", 1, {"opinion": "同意 <script>"}, now=NOW)
    store.record_command(opinion)
    store.mark_refused(claim.id, "remote.forbidden")
    dialog = _dialog(qtbot, store)
    assert dialog.entries.count() == 2
    assert "Refused by the platform" in dialog.entries.item(0).text()
    assert dialog.reason.text() == messages.render_code("remote.forbidden", {}, "en")
    # The platform sent no record with a refusal: only the one the claim was made on.
    assert _cell(dialog, "State") == ("unclaimed", "—", False)
    dialog.entries.setCurrentRow(1)
    assert "Not applied" in dialog.entries.item(1).text()  # held back, not judged
    assert dialog.reason.text() == messages.render_code("outbox.blocked_by_conflict", {}, "en")
    assert dialog.payload.toPlainText() == "Opinion: 同意 <script>"


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_every_command_kind_is_worded_in_english() -> None:
    for kind in COMMAND_ENTITIES:
        words = command_kind(kind, "en")
        assert words != kind and "." not in words and "_" not in words, kind


def test_a_transfer_to_a_colleague_is_worded_as_a_hand_over_in_the_list_and_the_cli() -> None:
    to_colleague = {"to_user": "zj.colleague"}
    to_department = {"to_department": "220200-SCJG"}
    assert command_kind("task.transfer", "zh", to_colleague) == "转交同事"
    assert command_kind("task.transfer", "en", to_colleague) == "hand over to a colleague"
    assert command_kind("task.transfer", "zh", to_department) == "移交其他部门"
    conflict = {"id": "c1", "kind": "task.transfer", "entity_id": "t1", "state": "conflicted",
                "reason": "…", "payload": to_colleague}
    assert conflict_cells(conflict, "zh")[1] == "转交同事 t1"


@pytest.mark.usefixtures("chinese")
def test_every_command_kind_is_worded_in_chinese_and_the_list_is_not_cut_off(
        qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Queued on the case's days: on the machine's its deadline has passed (Art. 42).
    monkeypatch.setattr(clock, "now", lambda: NOW)
    for kind in COMMAND_ENTITIES:
        assert _cjk(command_kind(kind, "zh")), kind
    store.apply_confirmed([_case(), _task(1)], cursor="c1")
    extension = Command.new("extension.request", CASE_CODE, 1,
                            {"working_days": 5, "reason": "需专家评审"}, author="wangfang", now=NOW)
    store.record_command(extension)
    store.mark_refused(extension.id, "remote.forbidden")
    dialog = ConflictListDialog(None, store, lang="zh")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.entries.count() == 1, timeout=10_000)
    row = dialog.entries.item(0).text()
    assert row.splitlines()[0] == "申请延期"
    assert dialog.payload.toPlainText().splitlines() == ["理由：需专家评审", "工作日数：5"]
    assert "extension" not in row + dialog.summary.text()
    entries = dialog.entries
    widest = max(entries.fontMetrics().horizontalAdvance(line) for line in row.splitlines())
    assert widest <= entries.viewport().width()  # each line fits: nothing is cut off


@pytest.mark.usefixtures("chinese")
def test_people_are_named_from_the_kept_staff_list_logins_when_unknown(
        qtbot: QtBot, store: Store) -> None:
    with store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps([
            {"username": "zj.colleague", "display_name": "张娟", "roles": ["reviewer"]},
            {"username": "wangfang", "display_name": "王芳", "roles": ["reviewer"]}]))
    transfer = Command.new("task.transfer", "T-000001", 1, {"to_user": "zj.colleague"},
                           author="wangfang", now=NOW)
    store.record_command(transfer)
    theirs = dataclasses.replace(_task(1), status=TaskStatus.IN_REVIEW, assignee="zj.colleague",
                                 version=2)
    store.mark_conflict(transfer.id, "remote.stale_version", server_record=theirs)
    claim = _claim(_task(2), author="li.other")  # not in the list: another department's
    store.record_command(claim)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=dataclasses.replace(
        _task(2), status=TaskStatus.IN_REVIEW, assignee="li.other", version=2))
    dialog = _dialog(qtbot, store, lang="zh")
    assert dialog.entries.count() == 2
    dialog.entries.setCurrentRow(0)
    assert _cell(dialog, "审核人") == ("—", "张娟（zj.colleague）", True)
    assert dialog.payload.toPlainText() == "转交同事：张娟（zj.colleague）"
    assert dialog.summary.text().startswith("王芳（wangfang） ")
    dialog.entries.setCurrentRow(1)
    assert _cell(dialog, "审核人") == ("—", "li.other", True)
    assert dialog.payload.toPlainText() == "审核人：li.other"
