"""Make the README's screenshots from the real app (not collected by pytest).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/screenshots.py docs/screenshots

Writes ``welcome.png`` (first run), ``main-window.png`` (training mode,
signed in, synced with the training sandbox), ``combined-notice.png`` (the
lead department's correction notice tab: every department's items, the
lead's editing, the preview, the Art. 32 limit), ``decision-form.png``,
``decision-preview.png`` and ``decision-verified.png`` (the decision desk),
``material-window.png`` (a material in a window of its own, the detail's
tabs taking the pane's page area), ``efficiency.png`` (the efficiency
figures of 12.3.4), ``conflict-list.png`` (a claim that lost a race, both
versions side by side) and ``first-pull.png`` (a first pull under way, the
inbox filling), in Chinese. Uses a
throwaway data directory, so it never touches real settings or stores.

On the demo's day, as the tests run (``support.training_env``): the app's
clock is pinned to it, and the training platform reads the app's, so the
data and the screens do not change with the machine's date (a holiday, a
weekend).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    os.environ["BACKOFFICE_DATA_DIR"] = tempfile.mkdtemp(prefix="screenshots-")
    os.environ.setdefault("BACKOFFICE_TRAINING_CASES", "300")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "tests"))
    import pytest
    from PySide6.QtWidgets import QApplication
    from support.training_env import DemoDay, pin_app_clock

    from backoffice import logs
    from backoffice.domain.commands import Command
    from backoffice.domain.states import TaskStatus
    from ui import app as ui_app
    from ui.dialogs.conflicts import ConflictListDialog
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.shell import Shell

    # For the whole run: the process ends with it.
    pin_app_clock(pytest.MonkeyPatch(), DemoDay())
    logs.setup_logging()
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.5) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            qapp.processEvents()
            time.sleep(0.02)

    def wait(condition: object, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > end:
                raise RuntimeError("timed out")
            qapp.processEvents()
            time.sleep(0.02)

    window = MainWindow()
    window.resize(1440, 860)
    window.show()
    shell = Shell(window, Settings(), lang="zh")
    shell.start(demo=False)
    wait(lambda: shell.dialogs.welcome is not None)
    settle()
    window.grab().save(str(out / "welcome.png"))

    shell.start_training()
    wait(lambda: shell.session is not None
         and shell.session.status.last_success is not None
         and shell.session.status.state.value == "idle")
    session = shell.session
    assert session is not None
    # One lost claim race, as the sync records it: ours queued, the
    # platform's record (a colleague claimed it) beside the one we saw.
    me, dept = session.account.username, session.account.department_code
    with session.store.read() as uow:
        task = next(t for t in uow.tasks.all()
                    if t.department_code == dept and t.status == TaskStatus.UNCLAIMED)
    # Stopped first, so the claim starts no sync: one ending after the counts
    # below would publish its own, without the conflict (the status bar then
    # showed none). Keeps the picture still too.
    session.scheduler.stop()
    claim = Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me)
    session.store.record_command(claim)
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW,
                                 assignee=f"{dept.split('-')[0].lower()}.colleague",
                                 version=task.version + 1)
    session.store.mark_conflict(claim.id, "sync.conflict", server_record=theirs)
    session.engine.refresh_counts()
    # The inbox with a task open in the detail pane: one the person holds.
    inbox = window.workspace_page("inbox")
    inbox.list.refresh()
    wait(lambda: inbox.model.rowCount() > 0 and bool(inbox.model.loaded_rows()))
    settle(1.0)
    view = inbox.list.view
    target = next((r for r in range(inbox.model.rowCount())
                   if (row := inbox.model.row(r)) is not None
                   and row.data.status == "in_review"), 0)
    view.selectRow(target)
    view.setFocus()
    wait(lambda: inbox.detail.task_id() is not None and not inbox.detail.busy())
    settle(1.5)
    window.grab().save(str(out / "main-window.png"))
    material_window(window, inbox, out, wait, settle)
    combined_notice(session, inbox, out, wait, settle)
    decision_desk(session, window, out, wait, settle)
    planner_shots(session, window, out, wait, settle)
    efficiency(session, window, out, wait, settle)

    dialog = ConflictListDialog(window, session.store, lang="zh")
    dialog.resize(900, 560)
    dialog.show()
    wait(lambda: dialog.entries.count() == 1 and not dialog.busy)
    dialog.entries.setCurrentRow(0)
    settle()
    dialog.grab().save(str(out / "conflict-list.png"))
    dialog.close()
    shell.close()
    first_pull(out, wait, settle)
    print(f"wrote {', '.join(p.name for p in sorted(out.glob('*.png')))} to {out}")


def material_window(window: Any, inbox: Any, out: Path, wait: Any, settle: Any) -> None:
    """The material in its own window, beside the main window whose tabs took the room."""
    viewer = inbox.detail.viewer
    viewer.show_window()
    popped = viewer.material_window()
    wait(lambda: viewer.is_folded() and not viewer.busy())
    popped.resize(900, 700)
    settle(1.0)
    # The two side by side, as on a screen: the window over the main window's right.
    main, own = window.grab(), popped.grab()
    from PySide6.QtGui import QPainter, QPixmap

    canvas = QPixmap(main.width(), main.height())
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, main)
    painter.drawPixmap(main.width() - own.width() - 20, 40, own)
    painter.end()
    canvas.save(str(out / "material-window.png"))
    popped.close()
    wait(lambda: not viewer.is_folded())
    settle(0.5)


def efficiency(session: Any, window: Any, out: Path, wait: Any, settle: Any) -> None:
    """The efficiency figures of the trainee's department over the last three months."""
    import datetime as dt

    from ui.supervision import EfficiencyDialog

    account = session.account
    dialog = EfficiencyDialog(window, session.store, account.department_code,
                              account.department_name, lang="zh")
    done: list[bool] = []
    dialog.shown.connect(lambda: done.append(True))
    dialog.resize(1100, 700)
    dialog.show()
    wait(lambda: bool(done))
    end = dialog.end_edit.date().toPython()
    dialog.start_edit.setDate(end - dt.timedelta(days=90))
    done.clear()
    dialog.refresh()
    wait(lambda: bool(done))
    settle(0.5)
    dialog.grab().save(str(out / "efficiency.png"))
    dialog.close()


def combined_notice(session: object, inbox: object, out: Path, wait: object,
                    settle: object) -> None:
    """The detail of a case our department leads, with a draft from two departments."""
    from backoffice.domain.model import CorrectionItem, CorrectionNotice

    store, dept = session.store, session.account.department_code  # type: ignore[attr-defined]
    with store.read() as uow:
        mine = [t for t in uow.tasks.all() if t.department_code == dept]
        found = None
        for t in mine:
            case = uow.cases.get(t.case_code)
            others = [o for o in uow.tasks.for_case(t.case_code) if o.department_code != dept]
            # In review: a case past it takes no notice (its panel is disabled).
            if case is not None and case.lead_department == dept and others \
                    and case.status.value == "in_review" \
                    and not uow.correction_notices.for_case(t.case_code):
                names = [m.name for m in uow.materials.for_case(t.case_code)]
                found = (t, others[0].department_code, names)
                break
    if found is None:
        print("no case led by the trainee's department with another department: skipped")
        return
    task, other, names = found
    items = (CorrectionItem(names[0] if names else "营业执照", dept, "真实性：复印件模糊，请提供清晰的副本"),
             CorrectionItem("消防设计平面图", other, "未标注疏散通道和安全出口位置"),
             CorrectionItem("卫生管理制度", other, "缺少从业人员健康检查制度"))
    store.apply_confirmed([CorrectionNotice(f"notice-shot-{task.case_code}", task.case_code,
                                            items, version=1)])
    detail = inbox.detail  # type: ignore[attr-defined]
    detail.resize(1100, 1000)
    detail.show_task(task.id)
    wait(lambda: detail.snapshot is not None and detail.snapshot.task.id == task.id  # type: ignore[operator]
         and not detail.busy())
    detail.show_page(detail.correction)
    issue = detail.case_actions.issue
    issue.items.setCurrentItem(issue.items.topLevelItem(1))
    settle(1.0)  # type: ignore[operator]
    # The whole page (it scrolls inside the detail): every department's items,
    # the lead's editing and the preview of what the applicant reads.
    detail.correction.grab().save(str(out / "combined-notice.png"))


def decision_desk(session: object, window: object, out: Path, wait: object,
                  settle: object) -> None:
    """The decision form with a refusal being drafted, its preview, and a verified seal.

    ``decision-form.png`` (the form explaining what is missing),
    ``decision-preview.png`` (the draft document's pages) and
    ``decision-verified.png`` (a document sealed with the training platform's
    certificate, B-LTA, as the desk shows it after verifying it).
    """
    from backoffice.domain.model import DecisionKind
    from backoffice.sandbox.pki import SandboxPki
    from backoffice.signing.seal import seal_pdf
    from ui import training

    store, dept = session.store, session.account.department_code  # type: ignore[attr-defined]
    ws = window.workspace_page("decisions")  # type: ignore[attr-defined]
    with store.read() as uow:
        led = [c for c in uow.cases.all() if c.lead_department == dept
               and not uow.decisions.for_case(c.case_code)]
    # Awaiting its decision if there is one; else an open case (the form then
    # explains why it cannot be decided yet, which is worth a picture too).
    cases = sorted(led, key=lambda c: (c.status.value != "deciding",
                                       c.status.value not in ("in_review", "routed")))
    if ws is None or not cases:
        print("no case of the trainee's department awaiting its decision: skipped")
        return
    keys = window.workspace_keys()  # type: ignore[attr-defined]
    window.show_workspace(keys.index("decisions"))  # type: ignore[attr-defined]
    ws.open_case(cases[0].case_code)
    wait(lambda: ws.case is not None and not ws.busy())  # type: ignore[operator]
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE.value))
    form.reasons.setPlainText("经现场核查，经营场所实际布局与申请材料所附平面图不一致，"
                              "且未设置独立的原料库房。")
    form.public_notice.setChecked(True)
    form.notice_days.setValue(5)
    form.legal_basis.setText("《食品经营许可和备案管理办法》第十二条")
    ws.show_preview()
    wait(lambda: not ws.busy() and ws.preview.pages_drawn >= 1)  # type: ignore[operator]
    settle(1.0)  # type: ignore[operator]
    ws.preview.grab().save(str(out / "decision-preview.png"))
    # Without its legal basis the form says what is missing (the preview too).
    form.legal_basis.clear()
    wait(lambda: not ws.busy())  # type: ignore[operator]
    settle(1.0)  # type: ignore[operator]
    window.grab().save(str(out / "decision-form.png"))  # type: ignore[attr-defined]
    form.legal_basis.setText("《食品经营许可和备案管理办法》第十二条")
    if cases[0].platform_due_date is not None and \
            cases[0].platform_due_date < training.clock.today():
        # Past its deadline the desk seals only with the reason (decision.overdue).
        form.overdue_reason.setText("联合现场勘察因申请人原因改期，办理时间相应顺延。")
    wait(lambda: not ws.busy())  # type: ignore[operator]
    # A sealed copy, as a signer's local seal would make it, verified by the desk.
    ws.desk.sealer.refresh_trust()  # the platform makes its PKI on first use
    pki = SandboxPki(training.folder() / "pki", list)
    decision = ws._draft_of_form()
    year = training.clock.today().year
    from backoffice.sandbox.demo.cases import document_number

    pdf = ws.desk.preview(decision, number=document_number(dept, year, 8))  # as the public reads it
    sealed = seal_pdf(pdf, pki.provider(dept), timestamper=pki.timestamper(),
                      validation_context=pki.validation_context())
    # As the desk shows a sealed document it has: the PDF and its verification.
    ws._sealed_loaded((sealed.pdf, ws.desk.sealer.verify(sealed.pdf), None))
    ws.form.state.setText("已签章")
    from ui.decisions.states import case_line

    ws.case_list.currentItem().setText(case_line(ws.case, "sealed"))  # as its list line says
    # As the desk shows a sealed decision: its form's checks are history.
    ws.form.set_findings([])
    ws.form.hold("")
    ws.form.set_actions(can_save=False, can_seal=False, can_issue=True)
    wait(lambda: ws.preview.pages_drawn >= 1)  # type: ignore[operator]
    settle(1.0)  # type: ignore[operator]
    window.grab().save(str(out / "decision-verified.png"))  # type: ignore[attr-defined]


def planner_shots(session: object, window: object, out: Path, wait: object,
                  settle: object) -> None:
    """``planner-week.png`` (week view, suggested slots), ``field-checklist.png`` and
    ``planner-notice.png`` (the applicant's notice as it prints).

    A case of ours with another department: both request (the other through a second
    client of the training platform), the planner plans it; then the first slot is
    proposed and confirmed by both, and field mode shows our part being filled.
    """
    from PySide6.QtWidgets import QWidget

    from backoffice.domain.model import Verdict
    from backoffice.inspections import service
    from backoffice.remote import PlatformClient
    from backoffice.sandbox.demo import generate
    from backoffice.store import Store
    from backoffice.sync.engine import SyncEngine
    from ui import training

    s: Any = session
    store, me, dept = s.store, s.account.username, s.account.department_code
    with store.read() as uow:
        taken = {i.case_code for i in uow.inspections.all()}
        found = None
        for t in uow.tasks.all():
            case = uow.cases.get(t.case_code)
            if t.department_code != dept or t.status.value not in ("unclaimed", "in_review") \
                    or case is None or not case.site_address or case.case_code in taken \
                    or case.lead_department != dept:
                continue
            others = [o.department_code for o in uow.tasks.for_case(t.case_code)
                      if o.department_code != dept and o.status.value in ("unclaimed", "in_review")]
            if others:
                found = (case.case_code, others[0])
                break
    if found is None:
        print("no case of ours with another department to plan: planner skipped")
        return
    code, other_dept = found
    data = generate(cases=training.training_cases(), seed=1, today=training.clock.today())
    other_user = next(u.username for u in data.users
                      if u.department_code == other_dept and "inspector" in u.roles)
    client = PlatformClient(s.client.base_url, transient=True)
    client.login(other_user, training.TRAINING_PASSWORD)
    other = SyncEngine(Store.open(Path(tempfile.mkdtemp()) / "other.sqlite3"), client)
    # The session's scheduler was stopped for still pictures, and its engine
    # with it (a stopped engine sends nothing): sync ours by hand through one
    # of our own on the same store.
    ours = SyncEngine(s.store, s.client)
    try:
        service.request_inspection(store, me, dept, code, "需核实经营场所与平面图一致",
                                   ["经营场所与平面图一致", "设施设备齐全", "卫生条件"])
        ours.sync_once()
        other.sync_once()
        service.request_inspection(other.store, other_user, other_dept, code, "消防设施核查",
                                   ["疏散通道", "消防器材"])
        other.sync_once()
        ours.sync_once()
        planner: Any = window.workspace_page("planner")  # type: ignore[attr-defined]
        window.show_workspace(window.workspace_keys().index("planner"))  # type: ignore[attr-defined]
        planner.refresh()
        wait(lambda: any(i.case_code == code for i in planner.inspections))  # type: ignore[operator]
        planner.show_case(code)
        wait(lambda: planner.result is not None and not planner.busy())  # type: ignore[operator]
        settle(1.0)  # type: ignore[operator]
        window.grab().save(str(out / "planner-week.png"))  # type: ignore[attr-defined]
        planner.plan.slots.parentWidget().grab().save(str(out / "planner-slots.png"))

        # Planned and confirmed by both: our part in field mode.
        slot = planner.result.slots[0]
        inspection = planner.current
        service.propose(store, me, inspection.id, slot.start, slot.end,
                        [m.inspector for m in slot.team])
        ours.sync_once()
        other.sync_once()
        for st, user, d in ((store, me, dept), (other.store, other_user, other_dept)):
            service.answer(st, user, d, inspection.id, confirmed=True)
        ours.sync_once()
        other.sync_once()
        ours.sync_once()
        planner.tabs.setCurrentWidget(planner.field)
        planner.field.refresh()
        wait(lambda: planner.field.part is not None)  # type: ignore[operator]
        table = planner.field.checklist
        for row, verdict in ((0, Verdict.PASS), (1, Verdict.FAIL)):
            if row < table.rowCount():
                combo = table.cellWidget(row, 1)
                combo.setCurrentIndex(combo.findData(verdict))
        if table.rowCount() > 1:
            table.item(1, 2).setText("灭火器过期，已要求现场更换")
        planner.field.findings.setPlainText("经营场所与平面图一致；一具灭火器过期，现场更换后合格。")
        planner.field.corrections.setPlainText("设施设备齐全: 更换过期灭火器")
        settle(1.0)  # type: ignore[operator]
        window.grab().save(str(out / "field-checklist.png"))  # type: ignore[attr-defined]

        # The applicant's notice of the confirmed inspection, as it prints.
        planner.refresh()
        wait(lambda: planner.current is not None and planner.current.starts_at is not None  # type: ignore[operator]
             and not planner.busy())
        planner.tabs.setCurrentWidget(planner.notice)
        wait(lambda: planner.notice.page_count() > 0 and planner.notice.findChild(  # type: ignore[operator]
            QWidget, "plannerNoticeSheet1") is not None)
        settle(1.0)  # type: ignore[operator]
        window.grab().save(str(out / "planner-notice.png"))  # type: ignore[attr-defined]
    finally:
        other.store.close()


def first_pull(out: Path, wait: Any, settle: Any) -> None:
    """A first pull under way: the inbox filling, the status bar counting.

    A platform of 2,000 cases of its own whose feed is held after its
    second page (a stall fault), in pages of 1,000: the departments,
    service items, cases and tasks come before the materials.
    """
    from backoffice.domain import clock
    from backoffice.remote import PlatformClient
    from backoffice.sandbox import db
    from backoffice.sandbox.demo import generate
    from backoffice.sandbox.seed import seed
    from backoffice.sandbox.server import running_sandbox
    from backoffice.sync.accounts import Account
    from backoffice.sync.page_size import PageSize
    from ui import session as sessions
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.shell import Shell

    today = clock.today()
    data = generate(cases=2000, seed=7, today=today)
    path = Path(tempfile.mkdtemp(prefix="first-pull-")) / "platform.sqlite3"
    engine = db.make_engine(str(path))
    password = "first-pull-screenshot"
    seed(engine, data, password=password, today=today)
    engine.dispose()
    counts: dict[str, int] = {}
    for task in data.tasks:
        counts[task.department_code] = counts.get(task.department_code, 0) + 1
    user = max((u for u in data.users if "reviewer" in u.roles),
               key=lambda u: counts.get(u.department_code, 0)).username
    with running_sandbox(str(path), live=False, clock=clock.now) as sandbox:
        sandbox.faults.stall("/api/v1/changes", seconds=0.0, times=2)
        sandbox.faults.stall("/api/v1/changes", seconds=300.0)
        window = MainWindow()
        window.resize(1440, 860)
        window.show()
        shell = Shell(window, Settings(), lang="zh")
        # Signed in as training mode is: no keyring entry for a throwaway platform.
        options = shell.options()
        client = PlatformClient(sandbox.url, settings=options.http, transient=True)
        me = client.login(user, password)
        account = Account(client.base_url, user, me.display_name, me.department.code,
                          me.department.name)
        shell.attach(sessions._open(account, client, options))
        session = shell.session
        assert session is not None
        session.engine.pages = PageSize(1000, smallest=1000, fast_s=0.0)  # before its first sync
        inbox = window.workspace_page("inbox")
        wait(lambda: session.status.received > 0 and inbox.model.rowCount() > 0
             and bool(inbox.model.loaded_rows()))
        settle(2.5)  # the list's counts and the status bar's text
        window.grab().save(str(out / "first-pull.png"))
        sandbox.faults.clear()
        wait(lambda: session.status.last_success is not None)
        shell.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
