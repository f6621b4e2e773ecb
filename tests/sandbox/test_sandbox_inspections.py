"""Joint site inspections on the platform: the flow, scope, free/busy and every refusal.

Each test walks its own just-routed case of two or more departments
(``demo.fresh_cases``), so tests never meet each other's inspections.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from support.inspection_case import free_visit
from support.sandbox_env import (
    Client,
    case_departments,
    demo_clock,
    demo_data,
    start,
    user,
    version,
)
from support.visit_clock import at_the_visit

from backoffice.domain.model import Case
from backoffice.sandbox.server import Sandbox

FRESH = 10
DEMO = demo_data(fresh=FRESH)
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    # On the demo's day: the platform refuses visits before its own time.
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


@pytest.fixture
def login(sandbox: Sandbox) -> Any:
    def make(username: str) -> Client:
        return Client(sandbox.url, username).login()
    return make


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _departments(case: Case) -> list[str]:
    """The case's departments with a task, lead first."""
    others = sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
                    - {case.lead_department})
    return [case.lead_department, *others]


def _slot(sandbox: Sandbox, case: Case, *, days_before: int = 1,
          team: Sequence[str] = ()) -> tuple[str, str]:
    """Two hours on a working day, the first the free/busy leaves ``team`` free for (by
    default the case's first two departments: lead and other), ``days_before`` its deadline
    or, when that day has none, the nearest working day away from the deadline."""
    stored = sandbox.platform.record("case", case.case_code)
    assert stored is not None
    day = dt.date.fromisoformat(stored.body["due_date"]) - dt.timedelta(days=days_before)
    start = free_visit(sandbox.platform.calendar, day,
                       [user(DEMO, d, "inspector") for d in team or _departments(case)[:2]],
                       step=-1 if days_before > 0 else 1)
    return start.isoformat(), (start + dt.timedelta(hours=2)).isoformat()


def _request(client: Client, case: Case, department: str, **extra: Any) -> dict[str, Any]:
    payload = {"department_code": department, "reason": "核查经营场所",
               "checklist": [f"{department} 要点一", f"{department} 要点二"], **extra}
    return client.command("inspection.request", "case", case.case_code, 0, payload)


def _inspection_id(sandbox: Sandbox, case: Case) -> str:
    found = [s for s in sandbox.platform._records("inspection") if s.case_code == case.case_code]
    assert len(found) == 1
    return found[0].id


def _propose(sandbox: Sandbox, client: Client, case: Case, departments: list[str],
             kind: str = "inspection.propose", **extra: Any) -> dict[str, Any]:
    iid = _inspection_id(sandbox, case)
    starts, ends = _slot(sandbox, case, team=departments)
    payload = {"starts_at": starts, "ends_at": ends,
               "inspectors": [user(DEMO, d, "inspector") for d in departments], **extra}
    return client.command(kind, "inspection", iid, version(sandbox, "inspection", iid), payload)


def _answer(sandbox: Sandbox, client: Client, case: Case, department: str, *,
            confirm: bool = True, **extra: Any) -> dict[str, Any]:
    iid = _inspection_id(sandbox, case)
    stored = sandbox.platform.record("inspection", iid)
    assert stored is not None
    payload = {"department_code": department, "proposal": stored.body["proposal"], **extra}
    kind = "inspection.confirm" if confirm else "inspection.decline"
    return client.command(kind, "inspection", iid, 0, payload)


def _error(result: dict[str, Any]) -> str:
    assert result["status"] == "refused", result
    return str(result["error"]["code"])


def _named(result: dict[str, Any], department: str, case: Case, iid: str = "") -> None:
    """A refusal says the department by its name, the inspection by case and site."""
    name = next(d.name for d in DEMO.departments if d.code == department)
    error = result["error"]
    assert error["details"]["department"] == name
    assert error["details"]["department_code"] == department
    for said in error["message"].values():
        assert name in said and department not in said, said
    if iid:
        _by_site(result, case, iid)


def _by_site(result: dict[str, Any], case: Case, iid: str) -> None:
    """The inspection said by its case and site, its id only in the details."""
    assert result["error"]["details"]["inspection"] == iid
    for said in result["error"]["message"].values():
        assert case.case_code in said and case.site_address in said and iid not in said, said


def _joint(sandbox: Sandbox, login: Any, n: int) -> tuple[Case, list[str], dict[str, Client]]:
    """Case ``n`` with a joint inspection requested by its first two departments."""
    case = _case(n)
    departments = _departments(case)[:2]
    clients = {d: login(user(DEMO, d, "inspector")) for d in departments}
    for d in departments:
        assert _request(clients[d], case, d)["status"] == "applied"
    return case, departments, clients


def _confirmed(sandbox: Sandbox, login: Any, n: int
               ) -> tuple[Case, list[str], dict[str, Client]]:
    case, departments, clients = _joint(sandbox, login, n)
    assert _propose(sandbox, clients[departments[0]], case, departments)["status"] == "applied"
    for d in departments:
        assert _answer(sandbox, clients[d], case, d)["status"] == "applied"
    return case, departments, clients


def _part(sandbox: Sandbox, case: Case, department: str) -> tuple[str, int]:
    pid = f"{_inspection_id(sandbox, case)}--{department}"
    return pid, version(sandbox, "inspection_part", pid)


def _lines(department: str, verdict: str = "pass") -> list[dict[str, str]]:
    return [{"item": f"{department} 要点一", "verdict": verdict, "note": "门后堆物"},
            {"item": f"{department} 要点二", "verdict": "not_applicable", "note": ""}]


# --- the flow ---------------------------------------------------------------------------


def test_requests_of_two_departments_become_one_joint_inspection(
        sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), _ = _joint(sandbox, login, 0)
    stored = sandbox.platform.record("inspection", _inspection_id(sandbox, case))
    assert stored is not None
    assert stored.body["lead_department"] == lead  # the case's lead organises
    assert stored.body["departments"] == [lead, other] or set(stored.body["departments"]) == {
        lead, other}
    assert stored.body["status"] == "requested"
    requests_ = [s for s in sandbox.platform._records("inspection_request")
                 if s.case_code == case.case_code]
    assert {s.body["inspection_id"] for s in requests_} == {stored.id}
    for d in (lead, other):
        part = sandbox.platform.record("inspection_part", f"{stored.id}--{d}")
        assert part is not None
        assert [x["item"] for x in part.body["lines"]] == [f"{d} 要点一", f"{d} 要点二"]


def test_propose_confirm_notify_record_and_merge(sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _joint(sandbox, login, 1)
    proposed = _propose(sandbox, clients[lead], case, [lead, other])
    assert proposed["status"] == "applied", proposed
    assert proposed["record"]["status"] == "proposed"
    assert _answer(sandbox, clients[lead], case, lead)["record"]["status"] == "proposed"
    done = _answer(sandbox, clients[other], case, other)
    assert done["record"]["status"] == "confirmed"
    notices = [r for r in done["related"] if r["entity"] == "notification"]
    assert len(notices) == 1 and notices[0]["kind"] == "inspection_appointment"
    text = notices[0]["text"]
    assert "联合现场勘察" in text and case.case_code in text
    names = {d.code: d.name for d in DEMO.departments}
    assert names[lead] in text and names[other] in text
    with at_the_visit(sandbox, _inspection_id(sandbox, case)):  # confirmed on site
        clients = {d: login(user(DEMO, d, "inspector")) for d in (lead, other)}
        for d in (lead, other):
            pid, base = _part(sandbox, case, d)
            saved = clients[d].command("inspection.record_part", "inspection_part", pid, base, {
                "lines": _lines(d), "findings": "现场符合要求", "result": "pass",
                "confirm": True})
            assert saved["status"] == "applied", saved
    inspection = sandbox.platform.record("inspection", _inspection_id(sandbox, case))
    assert inspection is not None and inspection.body["status"] == "recorded"
    # Both departments see the same joint record: the inspection and both parts.
    seen = [clients[d].pull_all()[0] for d in (lead, other)]
    joint = [{k: v["record"] for k, v in s.items()
              if k[0] in ("inspection", "inspection_part", "inspection_request")
              and v["record"]["case_code"] == case.case_code} for s in seen]
    assert joint[0] == joint[1] and len(joint[0]) == 5


def test_only_participants_see_the_joint_record(sandbox: Sandbox, login: Any) -> None:
    case = _case(2)
    departments = _departments(case)
    assert len(departments) >= 2
    lead = departments[0]
    client = login(user(DEMO, lead, "inspector"))
    assert _request(client, case, lead)["status"] == "applied"
    iid = _inspection_id(sandbox, case)
    other = login(user(DEMO, departments[1]))
    seen, cursor = other.pull_all()
    assert ("case", case.case_code) in seen
    assert not any(k[0].startswith("inspection") and v["record"]["case_code"] == case.case_code
                   for k, v in seen.items())
    # The other department joins: it receives everything, older records too.
    joining = login(user(DEMO, departments[1], "inspector"))
    assert _request(joining, case, departments[1])["status"] == "applied"
    later, _ = other.pull_all(cursor)
    assert ("inspection", iid) in later and ("inspection_part", f"{iid}--{lead}") in later
    # A department not on the case at all is refused, as for any case record.
    outsider = next(d.code for d in DEMO.departments
                    if d.code not in case_departments(DEMO, case.case_code))
    stranger = login(user(DEMO, outsider, "inspector"))
    assert _error(_request(stranger, case, outsider)) == "forbidden"


def test_free_busy_counts_proposed_and_confirmed_inspections(
        sandbox: Sandbox, login: Any) -> None:
    case, departments, clients = _joint(sandbox, login, 3)
    assert _propose(sandbox, clients[departments[0]], case, departments)["status"] == "applied"
    starts, _ = _slot(sandbox, case, team=departments)
    day = starts[:10]
    inspector = user(DEMO, departments[1], "inspector")
    page = clients[departments[0]].get("/free-busy", **{"from": day, "to": day}).json()
    busy = next(i["busy"] for i in page["inspectors"] if i["username"] == inspector)
    assert any(b["reason"] == "inspection" and b["start"] == starts for b in busy)
    # A decline drops the slot: it no longer blocks anybody.
    declined = _answer(sandbox, clients[departments[1]], case, departments[1], confirm=False,
                       reason="当天另有勘察任务")
    assert declined["record"]["status"] == "requested"
    assert declined["record"]["starts_at"] is None
    answers = {a["department_code"]: a for a in declined["record"]["answers"]}
    assert answers[departments[1]]["reason"] == "当天另有勘察任务"
    page = clients[departments[0]].get("/free-busy", **{"from": day, "to": day}).json()
    busy = next(i["busy"] for i in page["inspectors"] if i["username"] == inspector)
    assert not any(b["start"] == starts and b["reason"] == "inspection" for b in busy)


def test_reschedule_and_cancel_a_confirmed_inspection_tell_the_applicant(
        sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _confirmed(sandbox, login, 4)
    iid = _inspection_id(sandbox, case)
    organiser = clients[lead]
    no_reason = _propose(sandbox, organiser, case, [lead, other], kind="inspection.reschedule")
    assert _error(no_reason) == "command.bad_payload"
    told = sandbox.platform.record("inspection", iid)
    assert told is not None
    # Another day than the one told: the working day before it the team is free.
    day = dt.date.fromisoformat(told.body["starts_at"][:10]) - dt.timedelta(days=1)
    moved_to = free_visit(sandbox.platform.calendar, day,
                          [user(DEMO, d, "inspector") for d in (lead, other)])
    starts, ends = moved_to.isoformat(), (moved_to + dt.timedelta(hours=2)).isoformat()
    moved = _propose(sandbox, organiser, case, [lead, other], kind="inspection.reschedule",
                     reason="申请人要求改期", starts_at=starts, ends_at=ends)
    assert moved["record"]["status"] == "proposed" and moved["record"]["proposal"] == 2
    assert any(r["entity"] == "notification" and "取消" in r["text"] for r in moved["related"])
    # An answer to the old proposal does not count for the new one.
    stale = clients[other].command("inspection.confirm", "inspection", iid, 0,
                                   {"department_code": other, "proposal": 1})
    assert _error(stale) == "inspection.proposal_changed"
    _by_site(stale, case, iid)
    assert _error(organiser.command("inspection.cancel", "inspection", iid,
                                    version(sandbox, "inspection", iid), {})) == (
        "command.bad_payload")
    cancelled = organiser.command("inspection.cancel", "inspection", iid,
                                  version(sandbox, "inspection", iid), {"reason": "申请人撤回场地"})
    assert cancelled["record"]["status"] == "cancelled"
    assert cancelled["record"]["reason"] == "申请人撤回场地"


def test_photos_must_be_uploaded_first_and_become_readable_to_every_participant(
        sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _confirmed(sandbox, login, 5)
    photo = b"\x89PNG fake photo of the back door " + case.case_code.encode()
    sha = hashlib.sha256(photo).hexdigest()
    original = hashlib.sha256(photo + b" original").hexdigest()
    pid, base = _part(sandbox, case, other)
    payload = {"lines": _lines(other, "fail"), "result": "pass_with_corrections",
               "corrections": [{"item": f"{other} 要点一", "requirement": "清理后门杂物"}],
               "photos": [{"sha256": sha, "original_sha256": original, "caption": "后门"}]}
    writer = clients[other]
    assert _error(writer.command("inspection.record_part", "inspection_part", pid, base,
                                 payload)) == "inspection.photo_missing"
    up = writer.session.put(f"{writer.base}/api/v1/files/{sha}", data=photo, timeout=10,
                            headers={"Authorization": f"Bearer {writer.access}",
                                     "Content-Type": "image/png"})
    assert up.status_code in (200, 201), up.text
    reader = clients[lead]
    assert reader.get(f"/files/{sha}").status_code == 404  # not yet part of a record it sees
    saved = writer.command("inspection.record_part", "inspection_part", pid, base, payload)
    assert saved["status"] == "applied", saved
    assert reader.get(f"/files/{sha}").content == photo


# --- refusals ---------------------------------------------------------------------------


def test_refusals_of_requests(sandbox: Sandbox, login: Any) -> None:
    case = _case(6)
    lead, other = _departments(case)[:2]
    client = login(user(DEMO, lead, "inspector"))
    assert _error(_request(client, case, other)) == "forbidden"  # for another department
    assert _error(_request(client, case, lead, reason="")) == "command.bad_payload"
    assert _error(_request(client, case, lead, checklist=["a", "a"])) == "command.bad_payload"
    assert _request(client, case, lead)["status"] == "applied"
    again = _request(client, case, lead)
    assert _error(again) == "inspection.already_requested"
    _named(again, lead, case, _inspection_id(sandbox, case))
    signer = next((u.username for u in DEMO.users if u.department_code == lead
                   and u.roles == ("signer",)), None)
    if signer is not None:
        assert _error(_request(login(signer), case, lead)) == "role.missing"


def test_refusals_of_planning(sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _joint(sandbox, login, 7)
    iid = _inspection_id(sandbox, case)
    # Only the organiser plans, reschedules and cancels.
    assert _error(_propose(sandbox, clients[other], case, [lead, other])) == "forbidden"
    assert _error(clients[other].command("inspection.cancel", "inspection", iid,
                                         version(sandbox, "inspection", iid),
                                         {"reason": "x"})) == "forbidden"
    organiser = clients[lead]
    # Every participating department sends an inspector, and only inspectors go.
    alone = _propose(sandbox, organiser, case, [lead])
    assert _error(alone) == "inspection.department_without_inspector"
    _named(alone, other, case)
    team = [user(DEMO, lead, "inspector"), user(DEMO, other, "reviewer")]
    starts, ends = _slot(sandbox, case)
    refused = organiser.command("inspection.propose", "inspection", iid,
                                version(sandbox, "inspection", iid),
                                {"starts_at": starts, "ends_at": ends, "inspectors": team})
    assert _error(refused) == "inspection.unknown_inspector"
    # A slot that ends before it starts, or without a time zone.
    assert _error(_propose(sandbox, organiser, case, [lead, other], ends_at=starts)) == (
        "inspection.bad_slot")
    assert _error(_propose(sandbox, organiser, case, [lead, other],
                           starts_at=starts[:19])) == "command.bad_payload"
    # After the case's deadline: refused, unless the organiser says why.
    late_start, late_end = _slot(sandbox, case, days_before=-3)
    late = {"starts_at": late_start, "ends_at": late_end}
    assert _error(_propose(sandbox, organiser, case, [lead, other], **late)) == (
        "inspection.after_deadline")
    accepted = _propose(sandbox, organiser, case, [lead, other], **late,
                        after_deadline_reason="申请人场地装修中，完工前无法勘察")
    assert accepted["status"] == "applied"
    assert accepted["record"]["after_deadline_reason"].startswith("申请人")
    # A stale base is a conflict, as for every record the organiser edits.
    stale = organiser.command("inspection.reschedule", "inspection", iid, 1,
                              {"starts_at": starts, "ends_at": ends, "reason": "改期",
                               "inspectors": [user(DEMO, d, "inspector") for d in (lead, other)]})
    assert stale["status"] == "conflict"
    # Proposing again while proposed is a reschedule, not a proposal.
    assert _error(_propose(sandbox, organiser, case, [lead, other])) == (
        "state.illegal_transition")


def test_refusals_of_answers(sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _joint(sandbox, login, 8)
    iid = _inspection_id(sandbox, case)
    # Nothing proposed yet: nothing to confirm.
    assert _error(_answer(sandbox, clients[other], case, other)) == "state.illegal_transition"
    assert _propose(sandbox, clients[lead], case, [lead, other])["status"] == "applied"
    # A department answers for itself only.
    assert _error(_answer(sandbox, clients[other], case, lead)) == "forbidden"
    assert _error(_answer(sandbox, clients[other], case, other, confirm=False)) == (
        "command.bad_payload")  # a decline without a reason
    assert _answer(sandbox, clients[other], case, other)["status"] == "applied"
    twice = _answer(sandbox, clients[other], case, other)
    assert _error(twice) == "inspection.already_answered"
    _named(twice, other, case, iid)
    # The proposal answered, by its time (Beijing time), as the person saw it.
    starts, ends = _slot(sandbox, case)
    slot = f"{starts[:10]} {starts[11:16]}–{ends[11:16]}"
    assert twice["error"]["details"]["slot"] == slot
    assert slot in twice["error"]["message"]["zh"] and slot in twice["error"]["message"]["en"]
    third = [d for d in _departments(case) if d not in (lead, other)]
    if third:
        outsider = login(user(DEMO, third[0], "inspector"))  # on the case, not inspecting
        assert _error(outsider.command("inspection.confirm", "inspection", iid, 0, {
            "department_code": third[0], "proposal": 1})) == "forbidden"


def test_refusals_of_parts(sandbox: Sandbox, login: Any) -> None:
    case, (lead, other), clients = _joint(sandbox, login, 9)
    pid, base = _part(sandbox, case, other)
    writer = clients[other]
    body = {"lines": _lines(other), "result": "pass"}
    # Before the inspection is confirmed, no part can be recorded.
    early = writer.command("inspection.record_part", "inspection_part", pid, base, body)
    assert _error(early) == "inspection.not_confirmed"
    _by_site(early, case, _inspection_id(sandbox, case))
    assert _propose(sandbox, clients[lead], case, [lead, other])["status"] == "applied"
    for d in (lead, other):
        assert _answer(sandbox, clients[d], case, d)["status"] == "applied"
    with at_the_visit(sandbox, _inspection_id(sandbox, case)):  # confirmed on site
        clients = {d: login(user(DEMO, d, "inspector")) for d in (lead, other)}
        writer = clients[other]
        # Another department's part is not ours to write.
        assert _error(clients[lead].command("inspection.record_part", "inspection_part", pid, base,
                                            body)) == "forbidden"
        # The domain's rules: a failed line says why; "pass" has no failed line; a confirmed
        # part has a verdict on every line.
        bad_fail = {"lines": [{"item": f"{other} 要点一", "verdict": "fail", "note": ""}]}
        assert _error(writer.command("inspection.record_part", "inspection_part", pid, base,
                                     bad_fail)) == "inspection.fail_without_note"
        assert _error(writer.command("inspection.record_part", "inspection_part", pid, base,
                                     {"lines": _lines(other, "fail"), "result": "pass"})) == (
            "inspection.pass_with_failed_line")
        pending = {"lines": [{"item": "x", "verdict": "pending"}], "result": "pass",
                   "confirm": True}
        assert _error(writer.command("inspection.record_part", "inspection_part", pid, base,
                                     pending)) == "inspection.part_incomplete"
        # Confirming takes an inspector; a reviewer may save a draft.
        reviewer = login(user(DEMO, other, "reviewer"))
        assert _error(reviewer.command("inspection.record_part", "inspection_part", pid, base,
                                       {**body, "confirm": True})) == "role.missing"
        draft = reviewer.command("inspection.record_part", "inspection_part", pid, base, body)
        assert draft["status"] == "applied"
        # A second save from the same base: a conflict with the current part, never a merge.
        clash = writer.command("inspection.record_part", "inspection_part", pid, base,
                               {**body, "findings": "另一人的记录"})
        assert clash["status"] == "conflict" and clash["record"]["recorded_by"] == reviewer.username
        final = writer.command("inspection.record_part", "inspection_part", pid, base + 1,
                               {**body, "confirm": True})
        assert final["status"] == "applied"
        assert _error(writer.command("inspection.record_part", "inspection_part", pid, base + 2,
                                     body)) == "inspection.part_final"
