"""The joint inspection on the case: the printable notice, the timelines, cancel, the CLI list.

Two departments' stores through the sandbox on loopback: confirmed, both parts
recorded → the notice PDF says time, address, departments and originals
(checked with pdftotext); the platform's timeline and the store's (``backoffice
case``) list the inspection's events; ``backoffice inspections`` lists it with
every department's result. Reschedule and cancel: only the organiser, never
without a reason; both show on the timeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from inspections.joint import (
    CST,
    PLAN_NOW,
    confirm_first_slot,
    inspection_of,
    joint_case,
    request_both,
    staff,
    two_department_case,
)
from support.inspection_case import free_visit
from support.sync_env import Device, data
from support.visit_clock import go_to_visit

from backoffice import cli as main_cli
from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import ChecklistLine, InspectionResult
from backoffice.domain.model import Verdict
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import cli, notice, service
from backoffice.sandbox.server import Sandbox
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data, print_case
from backoffice.sync.engine import SyncEngine


def _names() -> dict[str, str]:
    return {d.code: d.name for d in data().departments}


def _account(engine: SyncEngine, department: str) -> Account:
    user = engine.client.username
    assert user is not None
    return Account("https://platform.test", user, user, department, department)


def _record(engine: SyncEngine, code: str, department: str, result: InspectionResult,
            findings: str) -> None:
    with engine.store.read() as uow:
        mine = next(p for p in uow.inspection_parts.for_case(code)
                    if p.department_code == department)
    verdict = Verdict.FAIL if result == InspectionResult.FAIL else Verdict.PASS
    lines = tuple(ChecklistLine(x.item, verdict, "灭火器过期" if verdict == Verdict.FAIL else "")
                  for x in mine.lines)
    user = engine.client.username
    assert user is not None
    service.save_part(engine.store, user, replace(mine, lines=lines, findings=findings,
                                                  result=result), confirm=True)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_notice_timeline_and_list_of_a_recorded_joint_inspection(
    sandbox: Sandbox, device: Device, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lead_dept, other_dept = two_department_case()
    lead = device(staff(lead_dept, "inspector"))
    other = device(staff(other_dept, "inspector"))
    requested = request_both(lead, other, code, lead_dept, other_dept)
    with pytest.raises(DomainError) as early:
        notice.notice_pdf(lead.store, requested.id)
    assert early.value.code == "inspection.not_scheduled"
    # Said by case and site: the person never saw the inspection's id.
    zh = messages.render(early.value, "zh")
    assert requested.site_address in zh and code in zh and requested.id not in zh, zh

    confirmed = confirm_first_slot(lead, other, code, lead_dept, other_dept)
    assert confirmed.status == InspectionStatus.CONFIRMED and confirmed.starts_at
    # The notice, from the other department's store too: every participant can print it.
    pdf = notice.notice_pdf(other.store, confirmed.id, issued_on=PLAN_NOW.date())
    assert pdf.startswith(b"%PDF")
    text = "".join(_pdftotext(pdf, tmp_path).split())  # the layout wraps lines anywhere
    start = confirmed.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert "现场勘察通知书" in text
    assert f"{start.year}年{start.month}月{start.day}日{start.hour}时{start.minute:02d}分" in text
    assert "".join(confirmed.site_address.split()) in text
    for department in (lead_dept, other_dept):
        assert _names()[department] in text
    assert confirmed.originals, "the platform lists the originals to bring"
    for original in confirmed.originals:
        assert "".join(original.split()) in text
    assert _names()[lead_dept] in text  # issued by the organiser
    # Whom to call to change the time: the organiser, by name, not "this office".
    assert f"请在勘察前联系{_names()[lead_dept]}" in text and "本机关" not in text
    # The text message says the time as the paper does, word for word.
    with other.store.read() as uow:
        (sms,) = [n.text for n in uow.notifications.for_case(code)
                  if n.kind == "inspection_appointment"]
    said = f"{start.year}年{start.month}月{start.day}日{start.hour}时{start.minute:02d}分"
    assert f"时间：{said}至" in sms and said in text

    go_to_visit(sandbox, confirmed.id)  # the parts are confirmed on site
    _record(lead, code, lead_dept, InspectionResult.PASS, "现场与申报一致")
    _record(other, code, other_dept, InspectionResult.FAIL, "消防通道堵塞")
    for engine in (lead, other, lead, other):
        engine.sync_once()
    assert inspection_of(lead, code).status == InspectionStatus.RECORDED

    # The platform's timeline, seen by both participants.
    for engine in (lead, other):
        events = engine.client.timeline(code).events  # type: ignore[attr-defined]
        kinds = [e.kind for e in events]
        assert kinds.count("inspection_requested") == 2
        for kind in ("inspection_proposed", "inspection_confirmed", "inspection_recorded"):
            assert kinds.count(kind) == 1, (kind, kinds)
        recorded = next(e for e in events if e.kind == "inspection_recorded")
        assert recorded.at is not None and recorded.summary == "fail"  # the strictest
        confirmed_event = next(e for e in events if e.kind == "inspection_confirmed")
        assert confirmed_event.at is not None
        assert kinds.index("inspection_proposed") < kinds.index("inspection_confirmed") \
            < kinds.index("inspection_recorded")

    # The store's timeline (the task detail's tab and ``backoffice case``).
    shown = case_data(other.store, code, _account(other, other_dept))
    kinds = [e["kind"] for e in shown["timeline"]]
    assert kinds.count("inspection_requested") == 2
    assert {"inspection_proposed", "inspection_confirmed", "inspection_recorded"} <= set(kinds)
    recorded_local = next(e for e in shown["timeline"] if e["kind"] == "inspection_recorded")
    assert recorded_local["summary"] == "fail" and recorded_local["at"]
    print_case(shown, "en")
    page = capsys.readouterr().out
    assert re.search(r"site inspection recorded +fail\n", page) and "消防通道堵塞" in page
    print_case(shown, "zh")
    assert re.search(r"记录现场勘察结果 +不符合\n", capsys.readouterr().out)

    # ``backoffice inspections``: the rows, and the text page.
    rows = cli.inspection_rows(lead.store)
    (row,) = [r for r in rows if r["case_code"] == code]
    assert row["status"] == "recorded" and row["joint_result"] == "fail"
    results = {d["code"]: (d["result"], d["findings"]) for d in row["departments"]}
    assert results == {lead_dept: ("pass", "现场与申报一致"),
                       other_dept: ("fail", "消防通道堵塞")}
    assert not row["waiting_to_be_sent"]
    json.dumps(rows, ensure_ascii=False)  # plain JSON
    cli.print_rows(rows, "en")
    assert "joint result: fail" in capsys.readouterr().out
    cli.print_rows(rows, "zh")  # words, not identifiers: 已记录, 已确认, 不符合
    page = capsys.readouterr().out
    assert "联合勘察结论：不符合" in page and f"{code}  [已记录]" in page
    assert re.findall(r"[a-z_]{2,}", page) == [], page
    # The departments by name, the organiser marked: no code a person has to decode.
    with lead.store.read() as uow:
        lead_name = uow.departments.get(lead_dept)
    assert lead_name is not None and f"*{lead_name.name}" in page, page
    assert lead_dept not in page and other_dept not in page, page


def test_no_inspection_is_said_rather_than_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    # An empty page would read as a command that did not run.
    cli.print_rows([], "zh")
    cli.print_rows([], "en")
    assert capsys.readouterr().out == "没有联合现场勘察。\nNo joint site inspections.\n"


def test_the_cli_command_is_registered_lazily() -> None:
    command = main_cli.commands()["inspections"]
    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert parser.parse_args(["--json"]).json is True
    assert command.run is not None


def test_reschedule_and_cancel_are_the_organisers_with_a_reason(
    sandbox: Sandbox, device: Device
) -> None:
    joint = joint_case(device)
    confirmed = joint.confirmed()
    code, lead_dept, other_dept = joint.code, joint.lead_dept, joint.other_dept
    lead, other = joint.lead, joint.other
    assert confirmed.starts_at is not None and confirmed.ends_at is not None
    me, them = lead.client.username, other.client.username
    assert me is not None and them is not None

    # A day later, at a time the free/busy leaves the team free.
    starts = free_visit(lead.store.calendar,
                        confirmed.starts_at.astimezone(CST).date() + dt.timedelta(days=1),
                        list(confirmed.inspectors), step=1)
    later = starts - confirmed.starts_at
    with pytest.raises(DomainError) as no_reason:
        service.propose(lead.store, me, confirmed.id, confirmed.starts_at + later,
                        confirmed.ends_at + later, list(confirmed.inspectors))
    assert no_reason.value.code == "inspection.reason_missing"
    en = messages.render(no_reason.value, "en")
    assert confirmed.site_address in en and confirmed.id not in en, en
    service.propose(lead.store, me, confirmed.id, confirmed.starts_at + later,
                    confirmed.ends_at + later, list(confirmed.inspectors), reason="申请人要求改期")
    assert lead.sync_once().push.applied == 1
    moved = inspection_of(lead, code)
    assert moved.status == InspectionStatus.PROPOSED and moved.proposal == confirmed.proposal + 1

    with pytest.raises(DomainError) as not_ours:
        service.cancel(other.store, them, other_dept, confirmed.id, "不需要了")
    assert not_ours.value.code == "inspection.not_organiser"
    with pytest.raises(DomainError) as blank:
        service.cancel(lead.store, me, lead_dept, confirmed.id, "  ")
    assert blank.value.code == "inspection.reason_missing"
    assert not lead.store.pending_commands()
    service.cancel(lead.store, me, lead_dept, confirmed.id, "申请人撤回申请")
    assert inspection_of(lead, code).status == InspectionStatus.CANCELLED  # offline already
    assert lead.sync_once().push.applied == 1
    other.sync_once()
    cancelled = inspection_of(other, code)
    assert cancelled.status == InspectionStatus.CANCELLED and cancelled.reason == "申请人撤回申请"
    with pytest.raises(DomainError) as none:
        notice.notice_pdf(other.store, confirmed.id)
    assert none.value.code == "inspection.notice_cancelled"

    events = other.client.timeline(code).events  # type: ignore[attr-defined]
    kinds = [e.kind for e in events]
    rescheduled = next(e for e in events if e.kind == "inspection_rescheduled")
    assert "申请人要求改期" in rescheduled.summary and rescheduled.at is not None
    cancel_event = next(e for e in events if e.kind == "inspection_cancelled")
    assert cancel_event.summary == "申请人撤回申请" and cancel_event.actor == me
    assert kinds.index("inspection_rescheduled") < kinds.index("inspection_cancelled")
    local = [e["kind"] for e in case_data(other.store, code, _account(other, other_dept))
             ["timeline"]]
    assert "inspection_cancelled" in local
