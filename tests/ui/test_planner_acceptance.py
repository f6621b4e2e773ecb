"""Issue 8's acceptance, in training mode, as one walk-through.

The trainee (a reviewer) requests a site inspection from the review task in
the inbox; another department asks too (a second device) and the platform
makes it one joint inspection; the planner proposes slots that respect every
department's calendar (the platform's free/busy) and the case's deadline;
the trainee proposes one, both departments confirm; each department records
its part offline with a photo — the trainee in field mode, the other
department's inspector on their device — the trainee department's inspector
confirms theirs; after sync the same merged record is on the case in every
department's store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from inspections.joint import photo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from support.training_env import (
    SLOW,
    demo_day,
    device,
    platform_records,
    start_training,
    sync,
    training_shell,
    user_of,
)

from backoffice.domain import clock
from backoffice.domain.inspections import ChecklistLine, InspectionResult
from backoffice.domain.model import Verdict
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import field, service
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace
from ui.shell import Shell

__all__ = ["training_shell"]  # the fixture


def _pick(department: str) -> tuple[str, str, str]:
    """A case with a live task of ours and of another department that inspects, a site and no
    inspection yet: (case code, our task id, the other department)."""
    taken = {r["case_code"] for r in platform_records("inspection")}
    tasks = platform_records("review_task")
    live = ("unclaimed", "in_review")
    for case in sorted(platform_records("case"), key=lambda c: c["case_code"]):
        code = case["case_code"]
        if code in taken or not case.get("site_address") or case["status"] not in (
                "accepted", "routed", "in_review") or not case.get("due_date"):
            continue
        mine = [t for t in tasks if t["case_code"] == code and t["department_code"] == department
                and t["status"] in live]
        others = sorted({t["department_code"] for t in tasks if t["case_code"] == code
                         and t["department_code"] != department and t["status"] in live})
        if mine and others and dt.date.fromisoformat(case["due_date"]) > clock.today():
            return code, mine[0]["id"], others[0]
    raise AssertionError(f"no case of {department} with another department to inspect")


def _part(engine: SyncEngine, code: str, department: str) -> Any:
    with engine.store.read() as uow:
        return next(p for p in uow.inspection_parts.for_case(code)
                    if p.department_code == department)


def _inspection(store: Store, code: str) -> Any:
    with store.read() as uow:
        (found,) = uow.inspections.for_case(code)
    return found


def _synced_until(qtbot: QtBot, shell: Shell, done: Any) -> Any:
    """Sync until ``done()``: a sync already under way may have started before the change."""
    for _ in range(3):
        sync(qtbot, shell)
        if done():
            break
    assert done()
    assert shell.session is not None
    return _inspection(shell.session.store, _CODE[0])


_CODE: list[str] = []


def test_training_joint_inspection_planned_confirmed_and_recorded(
        qtbot: QtBot, training_shell: Shell, tmp_path: Path) -> None:
    # The training platform runs on the demo's day, the app too: both moved on to the
    # visit below, for the inspectors' confirmations on site (refused before it starts).
    shell = training_shell
    session = start_training(qtbot, shell)
    me = session.account
    code, task_id, other_dept = _pick(me.department_code)
    _CODE[:] = [code]

    # The reviewer asks for a site inspection from the review task; the planner takes over.
    detail = shell.window.workspace_page("inbox").detail
    with qtbot.waitSignal(detail.loaded, timeout=SLOW):
        detail.show_task(task_id)
    qtbot.waitUntil(lambda: detail.snapshot is not None and not detail.busy(), timeout=SLOW)
    assert detail.request_inspection.isEnabled()
    qtbot.mouseClick(detail.request_inspection, Qt.MouseButton.LeftButton)
    planner = shell.window.workspace_page("planner")
    assert isinstance(planner, PlannerWorkspace)
    assert shell.window.current_workspace() == "planner"
    plan = planner.plan
    qtbot.waitUntil(lambda: plan.request_box.isEnabled(), timeout=SLOW)
    assert code in plan.request_case.text()
    plan.request_reason.setText("需核实经营场所与平面图一致")
    if not plan.request_checklist.toPlainText().strip():
        plan.request_checklist.setPlainText("场所布局\n设施设备")
    qtbot.mouseClick(plan.send_request, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not plan.request_box.isEnabled(), timeout=SLOW)
    sync(qtbot, shell)

    other_user = user_of(other_dept, "inspector")
    other_files = FileCache(tmp_path / "other-files")
    other = device(me.platform_url, other_user, tmp_path / "other.sqlite3", other_files)
    colleague = device(me.platform_url, user_of(me.department_code, "inspector"),
                        tmp_path / "colleague.sqlite3")
    try:
        other.sync_once()
        service.request_inspection(other.store, other_user, other_dept, code, "消防设施核查",
                                   ["疏散通道", "消防器材"])
        assert other.sync_once().push.applied == 1

        # The planner proposes slots that fit every department's calendar and the deadline.
        sync(qtbot, shell)
        qtbot.waitUntil(lambda: any(i.case_code == code and len(i.departments) == 2
                                    for i in planner.inspections), timeout=SLOW)
        with qtbot.waitSignal(planner.planned, timeout=SLOW):
            planner.show_case(code)
        result, planning = planner.result, planner.planning
        assert result is not None and planning is not None and result.slots
        deadline = service.case_deadline(session.store, code)
        assert deadline is not None
        answer = session.client.free_busy(clock.today(), clock.today() + dt.timedelta(days=27))
        busy = {i.username: i.busy for i in answer.inspectors}
        for slot in result.slots:
            assert slot.end.astimezone(planner.view.tz).date() <= deadline
            assert {m.department for m in slot.team} == {me.department_code, other_dept}
            for member in slot.team:
                assert not any(b.start < slot.end and slot.start < b.end
                               for b in busy[member.inspector])
        planner.slots.setCurrentRow(0)
        chosen = result.slots[0]
        qtbot.mouseClick(plan.propose, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "sent at the next sync" in plan.message.text(), timeout=SLOW)
        sync(qtbot, shell)

        # Both departments confirm: the trainee in the planner, the other on its device.
        qtbot.waitUntil(lambda: plan.confirm.isEnabled(), timeout=SLOW)
        qtbot.mouseClick(plan.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(session.store.pending_commands()), timeout=SLOW)
        sync(qtbot, shell)
        other.sync_once()
        with other.store.read() as uow:
            (inspection,) = uow.inspections.for_case(code)
        service.answer(other.store, other_user, other_dept, inspection.id, confirmed=True)
        assert other.sync_once().push.applied == 1
        mine = _synced_until(qtbot, shell, lambda: _inspection(session.store, code).status
                             == InspectionStatus.CONFIRMED)
        assert mine.starts_at == chosen.start

        # On site, offline: the trainee fills the department's part in field mode with a photo.
        fieldmode = planner.field
        planner.tabs.setCurrentWidget(fieldmode)
        fieldmode.refresh()
        qtbot.waitUntil(lambda: fieldmode.part is not None
                        and fieldmode.part.case_code == code, timeout=SLOW)
        for row in range(fieldmode.checklist.rowCount()):
            combo = fieldmode.checklist.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(combo.findData(Verdict.PASS))
        fieldmode.findings.setPlainText("现场与申报一致")
        picture = tmp_path / "site.png"
        picture.write_bytes(photo(2000, 1500, "green"))
        fieldmode.photo_path.setText(str(picture))
        qtbot.mouseClick(fieldmode.add_photo, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: fieldmode.photos.count() == 1, timeout=SLOW)
        fieldmode.result.setCurrentIndex(fieldmode.result.findData(InspectionResult.PASS))
        qtbot.mouseClick(fieldmode.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Saved here" in fieldmode.message.text(), timeout=SLOW)
        # Saved in the store (the form shows it as saved) before any sync sends it.
        qtbot.waitUntil(lambda: fieldmode.part is not None and bool(fieldmode.part.photos),
                        timeout=SLOW)

        # The other department's inspector records and confirms theirs offline, with a photo.
        theirs = _part(other, code, other_dept)
        shot = field.attach_photo(other_files, photo(1800, 1200, "blue"), caption="消防通道")
        service.save_part(other.store, other_user, dataclasses.replace(
            theirs, lines=tuple(ChecklistLine(x.item, Verdict.PASS) for x in theirs.lines),
            findings="通道畅通", photos=(shot,), result=InspectionResult.PASS), confirm=True,
            now=mine.starts_at)

        # Back online: everything syncs; the trainee's department's inspector confirms its part.
        demo_day(shell).ahead += max(dt.timedelta(), mine.starts_at - clock.now())  # on site
        sync(qtbot, shell)
        assert other.sync_once().uploaded == 1
        colleague.sync_once()
        ours = _part(colleague, code, me.department_code)
        assert ours.photos and ours.result == InspectionResult.PASS
        service.save_part(colleague.store, colleague.client.username or "", ours, confirm=True,
                          now=mine.starts_at)
        assert colleague.sync_once().push.applied == 1
        _synced_until(qtbot, shell, lambda: _inspection(session.store, code).status
                      == InspectionStatus.RECORDED)
        other.sync_once()

        def record(store: Store) -> tuple[Any, ...]:
            with store.read() as uow:
                return (uow.inspections.for_case(code), uow.inspection_parts.for_case(code))

        merged = record(session.store)
        assert merged == record(other.store) == record(colleague.store)
        (final,) = merged[0]
        assert final.status == InspectionStatus.RECORDED
        assert {p.department_code for p in merged[1]} == {me.department_code, other_dept}
        assert all(p.confirmed and p.photos for p in merged[1])
    finally:
        for engine in (other, colleague):
            engine.store.close()
        other_files.close()
