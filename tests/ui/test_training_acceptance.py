"""The inbox issue's acceptance, in training mode, as one walk-through.

A reviewer starts training mode, finds a case by a two-character search,
reviews every material with the keyboard, contributes the failing check as a
correction item; a reviewer of the other department (a second device on the
same training platform) contributes theirs; the lead department issues the
one combined notice in the window; after sync both departments' stores hold
the same issued notice with both departments' items.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from support.training_env import (
    SLOW,
    device,
    platform_records,
    start_training,
    sync,
    training_shell,
    user_of,
)
from support.verdicts import pass_and_sync
from test_inbox_case_actions import click, tab
from test_inbox_detail import press, settle
from test_inbox_list import type_text

from backoffice.domain.commands import Command
from backoffice.domain.model import CorrectionNoticeStatus
from backoffice.store import Store
from ui.inbox.workspace import InboxWorkspace
from ui.shell import Shell

__all__ = ["training_shell"]  # the fixture


def _pick_case(department: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A case this department leads, its own task unclaimed, another department's open,
    no correction notice yet: (case, own task, the other department's task)."""
    noticed = {n["case_code"] for n in platform_records("correction_notice")}
    tasks = platform_records("review_task")
    by_case: dict[str, list[dict[str, Any]]] = {}
    for t in tasks:
        by_case.setdefault(t["case_code"], []).append(t)
    for case in sorted(platform_records("case"), key=lambda c: c["case_code"]):
        if case["lead_department"] != department or case["case_code"] in noticed:
            continue
        if case["status"] not in ("accepted", "routed", "in_review"):
            continue
        mine = [t for t in by_case.get(case["case_code"], [])
                if t["department_code"] == department and t["status"] == "unclaimed"]
        others = [t for t in by_case.get(case["case_code"], [])
                  if t["department_code"] != department and t["status"] == "unclaimed"]
        if mine and others:
            return case, mine[0], others[0]
    raise AssertionError(f"no case led by {department} to walk through in the training data")


def _two_characters(case: dict[str, Any]) -> str:
    """Two Chinese characters of the applicant's name: the common search."""
    name = "".join(ch for ch in str(case["applicant"]) if "\u4e00" <= ch <= "\u9fff")
    assert len(name) >= 2, case["applicant"]
    return name[:2]


def test_training_reviewer_finds_reviews_and_the_lead_issues_one_notice(
        qtbot: QtBot, training_shell: Shell, tmp_path: Path) -> None:
    shell = training_shell
    session = start_training(qtbot, shell)
    me = session.account
    case, my_task, other_task = _pick_case(me.department_code)
    code = str(case["case_code"])

    # Find the case by two characters of the applicant's name, open it from the list.
    workspace = shell.window.findChild(InboxWorkspace, "inboxWorkspace")
    assert workspace is not None
    search = workspace.findChild(QLineEdit, "inboxSearch")
    term = _two_characters(case)
    model = workspace.model
    with qtbot.waitSignal(model.queryApplied, timeout=SLOW):
        type_text(search, term)
    qtbot.waitUntil(lambda: model.query.query.text == term, timeout=SLOW)

    def row_of_case() -> int | None:
        for row in range(min(model.rowCount(), 200)):
            index = model.index(row, 0)
            if model.data(index, Qt.ItemDataRole.DisplayRole) == code:
                return row
        return None

    qtbot.waitUntil(lambda: row_of_case() is not None, timeout=SLOW)
    view = workspace.list.view
    view.setFocus()
    view.setCurrentIndex(model.index(row_of_case() or 0, 0))
    detail = workspace.detail
    qtbot.waitUntil(lambda: detail.snapshot is not None
                    and detail.snapshot.case.case_code == code, timeout=SLOW)
    settle(qtbot, detail)
    assert detail.snapshot.task.id == my_task["id"]

    # Claim, then every check of every material by keyboard; one fails with its reason.
    detail.claim.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, detail)
    materials = detail.snapshot.materials
    assert materials, "the lead department has materials to review"
    detail.materials.tree.setFocus()
    press(qtbot, Qt.Key.Key_1)
    for index, _material in enumerate(materials):
        for check in range(3):
            if index == 0 and check == 2:
                press(qtbot, Qt.Key.Key_F)
                assert QApplication.focusWidget() is detail.materials.note
                qtbot.keyClicks(QApplication.focusWidget(), "stamp missing")
                press(qtbot, Qt.Key.Key_Return)
            else:
                press(qtbot, Qt.Key.Key_P)
    settle(qtbot, detail)
    assert detail.correction.proposed.topLevelItemCount() >= 1
    click(qtbot, detail, detail.correction.send)
    sync(qtbot, shell)

    # The other department, on its own device, contributes its item.
    other_user = user_of(str(other_task["department_code"]), "reviewer")
    other = device(me.platform_url, other_user, tmp_path / "other.sqlite3")
    try:
        other.sync_once()
        for kind, payload in (
            ("task.claim", {"assignee": other_user}),
            ("task.request_correction", {"items": [{
                "material_name": "消防设施平面图", "department_code": other_task["department_code"],
                "reason": "缺少疏散通道标注"}]}),
        ):
            with other.store.read() as uow:
                record = uow.repository("review_task").confirmed(str(other_task["id"]))
            assert record is not None
            other.store.record_command(Command.new(kind, record.id, record.version, payload,  # type: ignore[arg-type]
                                                   author=other_user))
            assert other.sync_once().push.applied == 1
        # Its items are in the draft; the notice waits for the rest of its checks.
        pass_and_sync(other, str(other_task["id"]))
        # Any further department finds nothing to correct: its opinion closes its
        # review, which the one notice waits for.
        for n, task in enumerate(t for t in platform_records("review_task")
                                 if t["case_code"] == code and t["status"] == "unclaimed"
                                 and t["department_code"] not in (
                                     me.department_code, other_task["department_code"])):
            third_user = user_of(str(task["department_code"]), "reviewer")
            third = device(me.platform_url, third_user, tmp_path / f"third{n}.sqlite3")
            try:
                third.sync_once()
                for kind, payload in (("task.claim", {"assignee": third_user}),
                                      ("task.give_opinion", {"opinion": "同意"})):
                    if kind == "task.give_opinion":
                        pass_and_sync(third, str(task["id"]))
                    with third.store.read() as uow:
                        record = uow.repository("review_task").confirmed(str(task["id"]))
                    assert record is not None
                    third.store.record_command(Command.new(kind, record.id, record.version,  # type: ignore[arg-type]
                                                           payload, author=third_user))
                    assert third.sync_once().push.applied == 1
            finally:
                third.store.close()

        # The lead sees both departments' items, previews and issues the one notice.
        with qtbot.waitSignal(detail.loaded, timeout=SLOW):
            sync(qtbot, shell)
        settle(qtbot, detail)
        actions = detail.case_actions
        tab(detail, actions.issue.button)
        preview = actions.issue.preview.toPlainText()
        assert "消防设施平面图" in preview and "stamp missing" in preview
        click(qtbot, detail, actions.issue.button)
        sync(qtbot, shell)
        other.sync_once()

        def issued(store: Store) -> list[Any]:
            with store.read() as uow:
                return list(uow.repository("correction_notice").for_case(code))

        mine, theirs = issued(session.store), issued(other.store)
        assert len(mine) == len(theirs) == 1
        # Training runs the live desk: the applicant may already have answered it.
        assert mine[0].status == theirs[0].status
        assert mine[0].status in (CorrectionNoticeStatus.ISSUED, CorrectionNoticeStatus.ANSWERED)
        departments = {i.department_code for i in theirs[0].items}
        assert departments == {me.department_code, other_task["department_code"]}
        assert mine[0].items == theirs[0].items
    finally:
        other.store.close()
