"""Hand-over to a colleague, the lead's edits of the combined notice, what others see.

Offline over a real store from the demo generator (the fixtures of
``test_inbox_detail`` and ``test_inbox_case_actions``); every assertion on
what was done is made on the outbox. Also: deferred materials proposed as
correction items, the Art. 32 limit for every department, and bad input —
empty and overlong fields, HTML and control characters in every server text
field the detail shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_inbox_case_actions import (
    click,
    code,
    draft,
    lead_and_other,
    make,
    reviewer,
    tab,
    task_of,
    two_departments,
)
from test_inbox_detail import checks_recorded, demo, open_detail, outbox, settle

from backoffice.domain import clock
from backoffice.domain.model import (
    Case,
    CaseKind,
    CorrectionNoticeStatus,
    DeferredMaterial,
    ReviewTask,
)
from backoffice.domain.notes import Comment, Notification
from backoffice.domain.states import TaskStatus
from backoffice.sync.colleagues import COLLEAGUES_KEY
from ui.inbox.detail import MAX_OPINION, TaskDetail

CONTROL = "\x1b[31m\x07"
HTML = "<b>粗</b>&amp;<img src=x>"


def texts(tree: QTreeWidget) -> list[str]:
    out: list[str] = []

    def walk(item: QTreeWidgetItem) -> None:
        out.append(" | ".join(item.text(c) for c in range(tree.columnCount())))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def keep_colleagues(store: object, department: str) -> list[str]:
    people = [u for u in demo().users if u.department_code == department]
    raw = [{"username": u.username, "display_name": u.display_name, "roles": list(u.roles)}
           for u in people]
    with store.write() as uow:  # type: ignore[attr-defined]
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps(raw, ensure_ascii=False))
    return [u.username for u in people]


# --- hand-over to a colleague -------------------------------------------------------------


def test_a_task_is_handed_to_a_colleague_from_the_kept_list(qtbot: QtBot, tmp_path: Path) -> None:
    department = lead_and_other()[0]
    s = make(tmp_path, department)
    try:
        detail = open_detail(qtbot, s, task_of(department))
        # Before any sync there is no list: nothing to choose, nothing to press.
        assert not detail.hand_over.isEnabled() and not detail.colleague.isEnabled()
        people = keep_colleagues(s.store, department)
        detail.reload()
        settle(qtbot, detail)
        offered = [detail.colleague.itemData(i) for i in range(detail.colleague.count())]
        me = reviewer(department)
        assert me not in offered
        assert set(offered) <= set(people)
        if not offered:  # a one-reviewer office has no one to hand over to
            return
        assert detail.hand_over.isEnabled()
        detail.colleague.setCurrentIndex(0)
        qtbot.mouseClick(detail.hand_over, Qt.MouseButton.LeftButton)
        settle(qtbot, detail)
        assert outbox(s) == [("task.transfer", task_of(department), {"to_user": offered[0]}, me)]
        assert detail.snapshot is not None
        assert detail.snapshot.task.assignee == offered[0]
        assert detail.snapshot.task.status == TaskStatus.IN_REVIEW
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


# --- the lead edits the combined notice --------------------------------------------------


def choose(detail: TaskDetail, department: str) -> None:
    tree = detail.case_actions.issue.items
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole).department_code == department:
            tree.setCurrentItem(item)
            return
    raise AssertionError(department)


def test_the_lead_rewords_and_drops_another_departments_item(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    lead_dept, other = lead_and_other()
    s = make(tmp_path, lead_dept)
    try:
        s.store.apply_confirmed([draft(*two_departments())])
        detail = open_detail(qtbot, s, task_of(lead_dept))
        issue = detail.case_actions.issue
        tab(detail, issue)
        assert issue.items.topLevelItemCount() == 2
        choose(detail, other)
        click(qtbot, detail, issue.reword)  # no wording typed
        assert "nothing was queued" in detail.message.text() and outbox(s) == []
        issue.edit_text.setText("x" * 2001)
        click(qtbot, detail, issue.reword)
        assert "2000" in detail.message.text() and outbox(s) == []
        issue.edit_text.setText("请在平面图上标注疏散通道")
        click(qtbot, detail, issue.reword)
        theirs = two_departments()[1]
        first = {"material_name": theirs.material_name, "department_code": other,
                 "reason": theirs.reason}
        assert outbox(s) == [("correction_notice.edit", "notice-1",
                              {"item": first, "reason": "请在平面图上标注疏散通道"},
                              reviewer(lead_dept))]
        assert "请在平面图上标注疏散通道" in issue.preview.toPlainText()
        choose(detail, other)
        issue.edit_text.setText("已在共享平台核验")
        click(qtbot, detail, issue.drop)
        assert outbox(s)[-1][2] == {"item": {**first, "reason": "请在平面图上标注疏散通道"},
                                    "dropped_reason": "已在共享平台核验"}
        assert issue.items.topLevelItemCount() == 1
        assert theirs.material_name not in issue.preview.toPlainText()
        shown = texts(detail.correction.notices)
        assert any("dropped: 已在共享平台核验" in t for t in shown)
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


# --- what the other departments see; Art. 32 for everyone --------------------------------


def test_others_see_their_own_items_then_the_issued_notice_and_the_limit(
        qtbot: QtBot, tmp_path: Path) -> None:
    _, other = lead_and_other()
    s = make(tmp_path, other)
    try:
        s.store.apply_confirmed([draft(*two_departments())])
        detail = open_detail(qtbot, s, task_of(other))
        tab(detail, detail.correction)
        shown = texts(detail.correction.notices)
        assert any("缺少<疏散通道>标注" in t for t in shown)
        assert not any("副本模糊" in t for t in shown)  # the lead's item, not issued yet
        limit = detail.correction.limit
        assert limit.isVisible() and limit.text().startswith("Art. 32 of the Administrative Licensing Law:")
        assert "2025-03-10" in limit.text()
        s.store.apply_confirmed([dataclasses.replace(
            draft(*two_departments(), status=CorrectionNoticeStatus.ISSUED), version=2)])
        detail.reload()
        settle(qtbot, detail)
        shown = texts(detail.correction.notices)
        assert any("副本模糊" in t for t in shown) and any("疏散通道" in t for t in shown)
        assert not limit.isVisible()  # the notice went out: nothing left to be late with
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


def test_no_five_day_limit_for_an_immediate_case(qtbot: QtBot, tmp_path: Path) -> None:
    def immediate(c: Case) -> Case:
        return dataclasses.replace(c, kind=CaseKind.IMMEDIATE, status=c.status.IN_REVIEW)

    _, other = lead_and_other()
    s = make(tmp_path, other, immediate)
    try:
        detail = open_detail(qtbot, s, task_of(other))
        tab(detail, detail.correction)
        assert not detail.correction.limit.isVisible()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


# --- deferred materials as correction items -----------------------------------------------


def test_a_missing_deferred_material_is_proposed_by_its_department(qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    lead_dept, other = lead_and_other()
    s = make(tmp_path, other)
    try:
        committed, due = dt.date(2025, 2, 20), dt.date(2025, 2, 27)
        s.store.apply_confirmed([
            DeferredMaterial("D-X", code(), "健康证明", "承诺七日内补交", committed, due,
                             department_code=other),
            DeferredMaterial("D-L", code(), "卫生许可", "承诺七日内补交", committed, due,
                             department_code=lead_dept),
            DeferredMaterial("D-OK", code(), "租赁合同", "承诺", committed, due,
                             fulfilled_on=due, department_code=other),
            # Not due yet: the applicant was told its limit at acceptance (9.3.6).
            DeferredMaterial("D-LATER", code(), "从业人员培训证明", "承诺", committed,
                             clock.today() + dt.timedelta(days=30), department_code=other)])
        detail = open_detail(qtbot, s, task_of(other))
        tab(detail, detail.correction)
        proposed = texts(detail.correction.proposed)
        assert len(proposed) == 1 and proposed[0].startswith("健康证明 | 容缺受理时承诺于2025年2月27日")
        detail._claim()
        settle(qtbot, detail)
        click(qtbot, detail, detail.correction.send)
        kind, _, payload, _ = outbox(s)[-1]
        assert kind == "task.request_correction"
        assert payload["items"] == [{"material_name": "健康证明", "department_code": other,
                                     "reason": proposed[0].split(" | ")[1]}]
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


# --- bad input ------------------------------------------------------------------------------


def test_an_overlong_opinion_is_refused_and_nothing_stored(qtbot: QtBot, tmp_path: Path) -> None:
    department = lead_and_other()[0]
    s = make(tmp_path, department)
    try:
        detail = open_detail(qtbot, s, task_of(department))
        qtbot.mouseClick(detail.claim, Qt.MouseButton.LeftButton)  # the opinion is in review's
        settle(qtbot, detail)
        checks_recorded(qtbot, detail)
        claimed = outbox(s)
        detail.opinion.setPlainText("意" * (MAX_OPINION + 1))
        qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
        settle(qtbot, detail)
        assert str(MAX_OPINION) in detail.message.text() and outbox(s) == claimed
        detail.comments.edit.setPlainText("   ")
        qtbot.mouseClick(detail.comments.send, Qt.MouseButton.LeftButton)
        settle(qtbot, detail)
        assert "nothing was queued" in detail.message.text() and outbox(s) == claimed
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


def test_html_and_control_characters_in_every_server_field_stay_plain_text(
        qtbot: QtBot, tmp_path: Path) -> None:
    bad = HTML + CONTROL

    def case(c: Case) -> Case:
        applicant = dataclasses.replace(c.applicant, name=bad)
        return dataclasses.replace(c, applicant=applicant, service_item_name=bad,
                                   site_address=bad, status=c.status.IN_REVIEW)

    def material(m: object) -> object:
        return dataclasses.replace(m, name=bad)  # type: ignore[type-var]

    def task(t: ReviewTask) -> ReviewTask:
        if t.department_code == lead_and_other()[1]:
            return dataclasses.replace(t, status=TaskStatus.OPINION_GIVEN, opinion=bad)
        return t

    lead_dept, other = lead_and_other()
    s = make(tmp_path, lead_dept, case)
    try:
        with s.store.read() as uow:
            tasks = list(uow.tasks.for_case(code()))
            materials = list(uow.materials.for_case(code()))
        moment = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
        s.store.apply_confirmed([
            *[dataclasses.replace(task(t), version=2) for t in tasks],
            *[dataclasses.replace(material(m), version=2) for m in materials],  # type: ignore[type-var]
            DeferredMaterial("D-1", code(), bad, bad, dt.date(2025, 3, 1), dt.date(2025, 3, 9)),
            Comment("C-1", code(), other, bad, bad, moment),
            Notification("N-1", code(), lead_dept, "portal", "other", bad, moment, bad),
            draft(dataclasses.replace(two_departments()[1], material_name=bad, reason=bad))],
            cursor="c2")
        detail = open_detail(qtbot, s, task_of(lead_dept))
        seen: list[str] = []
        for label in detail.findChildren(QLabel):
            assert label.textFormat() == Qt.TextFormat.PlainText or "<" not in label.text(), \
                label.objectName()
            seen.append(label.text())
        for tree in detail.findChildren(QTreeWidget):
            seen += texts(tree)
        for edit in detail.findChildren(QPlainTextEdit):
            seen.append(edit.toPlainText())
        for combo in detail.findChildren(QComboBox):
            seen += [combo.itemText(i) for i in range(combo.count())]
        for text in seen:
            assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in text), repr(text)
        shown = "\n".join(seen)
        # Every field shows the markup literally and the control characters as pictures.
        assert shown.count("<b>粗</b>&amp;<img src=x>␛[31m␇") >= 10
        header = detail.header.values
        for name in ("serviceItem", "applicant", "siteAddress"):
            assert "<b>粗</b>&amp;<img src=x>␛[31m␇" in header[name].text(), name
        assert "<b>粗</b>" in detail.materials.tree.topLevelItem(0).text(0)
        assert "<b>粗</b>" in detail.comments.log.toPlainText()
        assert any("<b>粗</b>" in t for t in texts(detail.timeline))
        assert any("<b>粗</b>" in t for t in texts(detail.progress))
        assert any("<b>粗</b>" in t for t in texts(detail.deferred))
        assert "<b>粗</b>" in detail.case_actions.issue.preview.toPlainText()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()
