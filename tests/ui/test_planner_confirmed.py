"""The planner on a confirmed joint inspection: the printable notice, reschedule by drag, cancel.

Real stores synced with the sandbox on loopback. The notice is shown as pages
(pypdfium2 on its thread), printed through ``QPrinter`` to a PDF file (the
print dialog is opened with ``open()`` and closed again; the test prints to a
file printer directly) and saved as PDF, whose text ``pdftotext`` reads back.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import (
    PLAN_NOW,
    inspection_of,
    joint_case,
    request_both,
    staff,
    two_department_case,
)
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot
from support.sync_env import data
from test_planner import (  # noqa: F401
    SLOW,
    StandIn,
    _drag,
    _queued,
    device,
    planning_the_only_one,
    sandbox,
)

from backoffice.domain.states import InspectionStatus
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace


@pytest.fixture
def confirmed(qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
              ) -> Iterator[tuple[PlannerWorkspace, Any, Any]]:
    """The organiser's planner on a confirmed joint inspection; (planner, lead, other)."""
    joint = joint_case(device)
    joint.confirmed()
    lead, other, lead_dept = joint.lead, joint.other, joint.lead_dept
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(lead, files, lead_dept), lang="en",
                                 now=lambda: PLAN_NOW, photo_max_side=900)
    planning_the_only_one(qtbot, workspace)
    assert workspace.current is not None
    assert workspace.current.status == InspectionStatus.CONFIRMED
    yield workspace, lead, other
    workspace.close_session()
    files.close()


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return "".join(out.split())


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def test_the_notice_is_shown_printed_and_saved_as_pdf(
    qtbot: QtBot, confirmed: tuple[PlannerWorkspace, Any, Any], tmp_path: Path
) -> None:
    planner, _lead, _other = confirmed
    inspection = planner.current
    assert inspection is not None and inspection.starts_at is not None
    assert planner.plan.open_notice.isEnabled()
    page = planner.notice
    with qtbot.waitSignal(page.shown, timeout=SLOW):
        qtbot.mouseClick(planner.plan.open_notice, Qt.MouseButton.LeftButton)
    assert planner.tabs.currentWidget() is page
    assert page.page_count() >= 1 and page.pdf is not None
    sheet = page.findChild(type(page.title).__mro__[1], "plannerNoticeSheet1")
    assert sheet is not None and not sheet.pixmap().isNull()
    assert inspection.case_code in page.title.text()

    # Save as PDF: the document itself, its text extractable.
    saved = tmp_path / "notice.pdf"
    page.save_to(str(saved))
    text = _text(saved)
    names = {d.code: d.name for d in data().departments}
    start = inspection.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert "现场勘察通知书" in text
    assert f"{start.month}月{start.day}日{start.hour}时{start.minute:02d}分" in text
    assert "".join(inspection.site_address.split()) in text
    assert all(names[d] in text for d in inspection.departments)
    assert all("".join(o.split()) in text for o in inspection.originals)
    assert "Saved to" in page.message.text()

    # Print: Qt's dialog opens without blocking (and is closed again) …
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QPrintDialog, "plannerNoticePrintDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    # … and the pages go to the printer: here a PDF file printer.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(page.printed, timeout=SLOW) as done:
        page.print_to(printer)
    assert done.args == [page.page_count()]
    assert _pages(printed) == page.page_count()
    images = subprocess.run(["pdfimages", "-list", str(printed)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(images) == page.page_count()  # one full page image each
    width = int(images[0].split()[3])
    assert width >= 1600  # rendered at print resolution (200 dpi on A4), not the preview's
    count = page.page_count()
    assert page.message.text() == ("1 page sent to the printer." if count == 1
                                   else f"{count} pages sent to the printer.")


def test_reschedule_by_drag_needs_a_reason_and_renumbers_the_proposal(
    qtbot: QtBot, confirmed: tuple[PlannerWorkspace, Any, Any]
) -> None:
    planner, lead, _other = confirmed
    current = planner.current
    assert current is not None and current.starts_at is not None
    assert planner.result is not None
    free = next(s for s in planner.result.slots if s.start != current.starts_at)
    lane = free.team[0].inspector

    # Without a reason: refused, said, nothing queued.
    _drag(qtbot, planner, lane, free.start.astimezone(planner.view.tz))
    qtbot.waitUntil(lambda: "give a reason" in planner.plan.message.text(), timeout=SLOW)
    assert not _queued(planner, "inspection.reschedule")

    planner.plan.reschedule.setText("检查员临时出差")
    _drag(qtbot, planner, lane, free.start.astimezone(planner.view.tz))
    qtbot.waitUntil(lambda: bool(_queued(planner, "inspection.reschedule")), timeout=SLOW)
    (command,) = _queued(planner, "inspection.reschedule")
    assert dt.datetime.fromisoformat(command.payload["starts_at"]) == free.start
    assert command.payload["reason"] == "检查员临时出差"
    assert lead.sync_once().push.applied == 1
    moved = inspection_of(lead, current.case_code)
    assert moved.proposal == current.proposal + 1 and moved.status == InspectionStatus.PROPOSED
    assert moved.starts_at == free.start and moved.reason == "检查员临时出差"


def test_the_organiser_cancels_with_a_reason(
    qtbot: QtBot, confirmed: tuple[PlannerWorkspace, Any, Any]
) -> None:
    planner, lead, other = confirmed
    current = planner.current
    assert current is not None
    cancel = planner.plan.cancel
    assert cancel.objectName() == "plannerCancel" and cancel.isEnabled()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert "Say why the inspection is cancelled" in planner.plan.message.text()
    assert not _queued(planner, "inspection.cancel")

    planner.plan.cancel_reason.setText("申请人撤回申请")
    with qtbot.waitSignal(planner.changed, timeout=SLOW):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    (command,) = _queued(planner, "inspection.cancel")
    assert command.payload == {"reason": "申请人撤回申请"}
    assert "Cancellation queued" in planner.plan.message.text()
    qtbot.waitUntil(lambda: planner.requests.count() == 0, timeout=SLOW)  # gone from the list
    # ... and from the right pane: no "confirmed", no notice, no action left to take on it.
    plan = planner.plan
    assert planner.current is None and planner.result is None and not planner.view.lanes
    assert "confirmed" not in plan.summary.text() and plan.notice.toPlainText() == ""
    assert plan.slots.count() == 0 and plan.explanation.text() == ""
    assert not any(w.isEnabled() for w in (plan.propose, plan.open_notice, plan.cancel,
                                           plan.confirm, plan.decline))
    planner.tabs.setCurrentWidget(planner.notice)
    assert "Choose an inspection" in planner.notice.message.text()
    assert lead.sync_once().push.applied == 1
    other.sync_once()
    assert inspection_of(other, current.case_code).status == InspectionStatus.CANCELLED


def test_only_the_organiser_may_cancel_and_the_photo_size_is_passed_on(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    code, lead_dept, other_dept = two_department_case()
    lead = device(staff(lead_dept, "inspector"))
    other = device(staff(other_dept, "inspector"))
    request_both(lead, other, code, lead_dept, other_dept)
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(other, files, other_dept), lang="en",
                                 now=lambda: PLAN_NOW, photo_max_side=900)
    qtbot.addWidget(workspace)
    assert workspace.field.photo_max_side == 900
    workspace.set_photo_max_side(1200)  # Settings changed while running
    assert workspace.field.photo_max_side == 1200
    qtbot.waitUntil(lambda: any(i.case_code == code for i in workspace.inspections),
                    timeout=SLOW)
    with qtbot.waitSignal(workspace.planned, timeout=SLOW):
        workspace.show_case(code)
    assert workspace.current is not None and workspace.current.case_code == code
    assert not workspace.plan.cancel.isEnabled()  # a participant, not the organiser
    workspace.close_session()
    files.close()


def test_an_older_load_of_the_field_record_never_replaces_what_was_entered(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    # A sync's refresh can choose the inspection again while its first load is
    # still on the worker; whichever load finishes last, the form shows the
    # latest and keeps what the inspector entered after it.
    from PySide6.QtWidgets import QComboBox

    from backoffice.domain.model import Verdict
    from ui.planner.field import FieldPanel

    joint = joint_case(device)
    joint.confirmed()
    code, lead, lead_dept = joint.code, joint.lead, joint.lead_dept
    files = FileCache(tmp_path / "files")
    jobs: list[tuple[Any, Any]] = []  # the worker, run by hand in the order chosen here

    def run(job: Any, done: Any, failed: Any = None) -> None:
        jobs.append((job, done))

    panel = FieldPanel(StandIn(lead, files, lead_dept), run, lang="en")
    qtbot.addWidget(panel)
    for _ in range(2):  # two refreshes, each listing before the part is shown
        panel.refresh()
        job, done = jobs.pop()
        done(job())
    assert len(jobs) == 2 and panel.part is None  # two loads of the part on their way
    newer, older = jobs.pop(), jobs.pop()
    newer[1](newer[0]())
    assert panel.part is not None and panel.part.case_code == code
    combo = panel.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Verdict.PASS))
    panel.findings.setPlainText("现场与申报一致")
    older[1](older[0]())
    assert panel.checklist.cellWidget(0, 1) is combo
    assert Verdict(combo.currentData()) == Verdict.PASS
    assert panel.findings.toPlainText() == "现场与申报一致"
    files.close()
