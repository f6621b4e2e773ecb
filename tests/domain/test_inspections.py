"""The joint inspection's flow, its field record and the commands that carry them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from backoffice import messages
from backoffice.domain import inspections as di
from backoffice.domain.commands import Command, apply_command
from backoffice.domain.errors import DomainError, IllegalTransition
from backoffice.domain.inspection_payloads import part_payload
from backoffice.domain.model import Answer, Inspection, Verdict
from backoffice.domain.states import INSPECTION_MACHINE, InspectionStatus

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
SLOT = di.Slot(AT, AT + dt.timedelta(hours=2), ("li.inspector", "wang.inspector"))


def _requested() -> Inspection:
    first = Inspection("I", "220100-2025-000001", "FIRE", ("FIRE",), "长春市人民大街1号")
    return di.join(first, "MSA", case_lead="MSA")


def test_the_case_lead_organises_when_it_joins_before_anything_is_planned() -> None:
    joint = _requested()
    assert joint.lead_department == "MSA" and joint.departments == ("FIRE", "MSA")
    assert joint.status == InspectionStatus.REQUESTED and joint.joint
    with pytest.raises(DomainError) as err:
        di.join(joint, "MSA")
    assert err.value.code == "inspection.already_requested"


def test_all_confirmations_confirm_and_a_newcomer_reopens_the_proposal() -> None:
    proposed = di.propose(_requested(), SLOT)
    assert proposed.status == InspectionStatus.PROPOSED and proposed.proposal == 1
    one = di.answer(proposed, "FIRE", 1, confirmed=True, by="li")
    assert one.status == InspectionStatus.PROPOSED
    both = di.answer(one, "MSA", 1, confirmed=True, by="wang")
    assert both.status == InspectionStatus.CONFIRMED
    joined = di.join(both, "HEALTH")
    assert joined.status == InspectionStatus.PROPOSED
    assert [a.answer for a in joined.answers] == [Answer.CONFIRMED, Answer.CONFIRMED,
                                                  Answer.PENDING]


def test_answers_name_their_proposal_and_a_decline_drops_the_slot() -> None:
    proposed = di.propose(_requested(), SLOT)
    with pytest.raises(DomainError) as err:
        di.answer(proposed, "FIRE", 0, confirmed=True, by="li")
    assert err.value.code == "inspection.proposal_changed"
    with pytest.raises(DomainError) as err:
        di.answer(proposed, "HEALTH", 1, confirmed=True, by="x")
    assert err.value.code == "inspection.not_participant"
    with pytest.raises(DomainError) as err:
        di.answer(proposed, "FIRE", 1, confirmed=False, by="li")
    assert err.value.code == "inspection.decline_without_reason"
    declined = di.answer(proposed, "FIRE", 1, confirmed=False, by="li", reason="当天有任务")
    assert declined.status == InspectionStatus.REQUESTED and declined.starts_at is None
    with pytest.raises(IllegalTransition):
        di.answer(declined, "MSA", 1, confirmed=True, by="wang")
    again = di.propose(declined, SLOT)
    assert {a.answer for a in again.answers} == {Answer.PENDING} and again.proposal == 2


def test_reschedule_and_cancel_need_a_reason_and_a_slot_must_fit_the_deadline() -> None:
    proposed = di.propose(_requested(), SLOT)
    with pytest.raises(DomainError) as err:
        di.propose(proposed, SLOT, action="reschedule")
    assert err.value.code == "inspection.reason_missing"
    moved = di.propose(proposed, SLOT, action="reschedule", reason="申请人要求")
    assert moved.reason == "申请人要求" and moved.proposal == 2
    assert di.cancel(moved, "撤回").status == InspectionStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        di.cancel(di.cancel(moved, "撤回"), "again")
    di.check_deadline(SLOT, dt.date(2025, 3, 10), "")
    with pytest.raises(DomainError) as err:
        di.check_deadline(SLOT, dt.date(2025, 3, 9), " ")
    assert err.value.code == "inspection.after_deadline"
    di.check_deadline(SLOT, dt.date(2025, 3, 9), "申请人场地装修")
    with pytest.raises(DomainError):
        di.Slot(AT, AT, ("a",))
    with pytest.raises(DomainError):
        di.Slot(AT, AT + dt.timedelta(hours=1), ())


def test_a_part_is_consistent_and_final_once_confirmed() -> None:
    part = di.InspectionPart("P", "I", "C", "FIRE", lines=(di.ChecklistLine("疏散通道"),))
    with pytest.raises(DomainError, match="fail_without_note"):
        di.ChecklistLine("疏散通道", Verdict.FAIL)
    with pytest.raises(DomainError, match="pass_with_failed_line"):
        dataclasses.replace(part, lines=(di.ChecklistLine("a", Verdict.FAIL, "堵塞"),),
                            result=di.InspectionResult.PASS)
    with pytest.raises(DomainError, match="corrections_missing"):
        dataclasses.replace(part, result=di.InspectionResult.PASS_WITH_CORRECTIONS)
    with pytest.raises(DomainError, match="part_incomplete"):
        dataclasses.replace(part, result=di.InspectionResult.PASS, confirmed_by="li",
                            confirmed_at=AT)
    filled = dataclasses.replace(part, lines=(di.ChecklistLine("疏散通道", Verdict.PASS),),
                                 result=di.InspectionResult.PASS)
    command = Command.new("inspection.record_part", "P", 0,
                          part_payload(filled, confirm=True), author="li", now=AT)
    saved = apply_command(command, part)
    assert saved.confirmed and saved.confirmed_by == "li" and saved.confirmed_at == AT
    assert saved.lines == filled.lines
    with pytest.raises(DomainError, match="part_final"):
        apply_command(command, saved)


def test_the_joint_result_is_the_strictest_and_all_parts_in_records() -> None:
    confirmed = di.answer(di.answer(di.propose(_requested(), SLOT), "FIRE", 1, confirmed=True,
                                    by="li"), "MSA", 1, confirmed=True, by="wang")
    asked = (di.OnSiteCorrection("a", "b"),)
    parts = [di.InspectionPart(f"P{d}", "I", "C", d, result=r, confirmed_by="x",
                               confirmed_at=AT, corrections=c)
             for d, r, c in (("FIRE", di.InspectionResult.PASS, ()),
                             ("MSA", di.InspectionResult.PASS_WITH_CORRECTIONS, asked))]
    assert di.joint_result(parts) == di.InspectionResult.PASS_WITH_CORRECTIONS
    assert di.joint_result(parts[:1]) == di.InspectionResult.PASS
    assert di.all_parts_in(confirmed, parts[:1]) == confirmed
    assert di.all_parts_in(confirmed, parts).status == InspectionStatus.RECORDED
    text = di.appointment_text(dataclasses.replace(confirmed, originals=("营业执照",)),
                               {"FIRE": "消防救援支队", "MSA": "市场监督管理局"})
    assert "联合现场勘察" in text and "营业执照" in text and "消防救援支队、市场监督管理局" in text
    assert "2025年3月10日9时00分至11时00分" in text


def test_commands_carry_the_flow_and_refuse_bad_payloads() -> None:
    inspection = _requested()
    propose = Command.new("inspection.propose", "I", 0, {
        "starts_at": SLOT.starts_at.isoformat(), "ends_at": SLOT.ends_at.isoformat(),
        "inspectors": list(SLOT.inspectors)}, author="wang", now=AT)
    proposed = apply_command(propose, inspection)
    assert proposed.status == InspectionStatus.PROPOSED
    confirm = Command.new("inspection.confirm", "I", 1, {"department_code": "FIRE",
                                                         "proposal": 1}, author="li", now=AT)
    assert apply_command(confirm, proposed).answers[0].by == "li"
    for payload in ({"department_code": "FIRE"}, {"department_code": "FIRE", "proposal": "1"}):
        with pytest.raises(DomainError, match="bad_payload"):
            apply_command(Command.new("inspection.confirm", "I", 1, payload, now=AT), proposed)
    with pytest.raises(DomainError, match="bad_payload"):
        apply_command(Command.new("inspection.propose", "I", 0, {
            "starts_at": "2025-03-10T09:00:00", "ends_at": "2025-03-10T11:00:00",
            "inspectors": ["x"]}, now=AT), inspection)


def test_every_inspection_state_and_action_has_words() -> None:
    names = {*(s.value for s in InspectionStatus), *INSPECTION_MACHINE.actions,
             "inspection", "inspection_request", "inspection_part"}
    assert sorted(n for n in names if n not in messages.TERMS) == []


def test_a_plain_pass_cannot_carry_corrections_asked_on_site() -> None:
    # 9.5.2.2: the result comes once the corrections are made: "pass with corrections".
    asked = (di.OnSiteCorrection("灭火器", "补配2具灭火器后拍照上传"),)
    with pytest.raises(DomainError) as refused:
        di.InspectionPart("P", "I", "C", "FIRE", corrections=asked,
                          result=di.InspectionResult.PASS)
    assert refused.value.code == "inspection.pass_with_corrections_asked"
    for result in (di.InspectionResult.PASS_WITH_CORRECTIONS, di.InspectionResult.FAIL, None):
        di.InspectionPart("P", "I", "C", "FIRE", corrections=asked, result=result)


def test_only_a_confirmed_time_makes_the_applicants_notice() -> None:
    names = {"FIRE": "消防救援支队", "MSA": "市场监督管理局"}
    confirmed = di.answer(di.answer(di.propose(_requested(), SLOT), "FIRE", 1, confirmed=True,
                                    by="li"), "MSA", 1, confirmed=True, by="wang")
    di.check_notice(confirmed)
    assert "2025年3月10日9时00分" in di.appointment_text(confirmed, names)
    later = di.Slot(AT + dt.timedelta(days=1), AT + dt.timedelta(days=1, hours=2),
                    SLOT.inspectors)
    # Proposed again (moved, or a newcomer joined): a time, but not an agreed one.
    for again in (di.propose(confirmed, later, reason="改期", action="reschedule"),
                  di.join(confirmed, "HEALTH")):
        assert again.status == InspectionStatus.PROPOSED and again.starts_at is not None
        for make in (di.check_notice, lambda i: di.appointment_text(i, names)):
            with pytest.raises(DomainError) as err:
                make(again)
            assert err.value.code == "inspection.notice_not_confirmed"
            assert "220100-2025-000001" in messages.render(err.value, "en")
    with pytest.raises(DomainError) as err:
        di.check_notice(di.cancel(confirmed, "撤回"))
    assert err.value.code == "inspection.notice_cancelled"


def test_every_department_taking_part_sends_one_of_its_inspectors() -> None:
    joint = _requested()  # FIRE and MSA, MSA organising
    staff = {"li.inspector": "FIRE", "wang.inspector": "MSA", "zhao.inspector": "HEALTH"}
    assert di.without_inspector(joint, staff) == ()
    # The organiser's place handed to a department with nobody to send (a transfer).
    assert di.without_inspector(joint, {"li.inspector": "FIRE"}) == ("MSA",)
    di.check_team(joint, SLOT, staff)
    for team, code in ((("li.inspector",), "inspection.department_without_inspector"),
                       (("li.inspector", "zhao.inspector"), "inspection.unknown_inspector"),
                       (("li.inspector", "nobody"), "inspection.unknown_inspector")):
        slot = dataclasses.replace(SLOT, inspectors=team)
        with pytest.raises(DomainError) as err:
            di.check_team(joint, slot, staff)
        assert err.value.code == code
    with pytest.raises(DomainError) as err:
        di.check_team(joint, dataclasses.replace(SLOT, inspectors=("li.inspector",)), staff)
    assert err.value.params["department"] == "MSA"


def test_refusals_name_the_department_and_say_the_inspection_by_case_and_site() -> None:
    joint = _requested()
    names = {"MSA": "长春市市场监督管理局"}
    with pytest.raises(DomainError) as err:
        di.join(joint, "MSA", department_names=names)
    assert err.value.params["department_code"] == "MSA"
    zh, en = (messages.render(err.value, lang) for lang in ("zh", "en"))
    assert zh == "长春市市场监督管理局已申请办件 220100-2025-000001 在 长春市人民大街1号 的现场勘察。"
    assert "MSA" not in en and "长春市市场监督管理局" in en
    # A department nobody has a name for is said by its code.
    with pytest.raises(DomainError) as err:
        di.answer(di.propose(joint, SLOT), "FIRE", 1, confirmed=False, by="li",
                  department_names=names)
    assert err.value.params["department"] == "FIRE"
