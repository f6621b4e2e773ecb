"""inspection_hand_over.hand_over: the receiver of a transfer takes the departed department's place (9.4, 9.5.2.3)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from backoffice.domain import inspections as di
from backoffice.domain.inspection_hand_over import hand_over
from backoffice.domain.model import Answer, Inspection, InspectionStatus, Verdict

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
SLOT = di.Slot(AT, AT + dt.timedelta(hours=2), ("fire.i", "msa.i"))


def _requested() -> Inspection:
    return Inspection("I", "C", "FIRE", ("FIRE", "MSA"), "人民大街1号")


def _proposed() -> Inspection:
    return di.propose(_requested(), SLOT)


def _confirmed() -> Inspection:
    out = _proposed()
    for d in ("FIRE", "MSA"):
        out = di.answer(out, d, 1, confirmed=True, by=f"{d}.i")
    return out


def test_a_requested_inspection_gets_a_new_organiser() -> None:
    handed = hand_over(_requested(), "FIRE", "ENV")
    assert (handed.lead_department, handed.departments) == ("ENV", ("ENV", "MSA"))
    assert handed.status == InspectionStatus.REQUESTED


def test_a_participant_leaving_keeps_the_organiser() -> None:
    handed = hand_over(_requested(), "MSA", "ENV")
    assert (handed.lead_department, handed.departments) == ("FIRE", ("FIRE", "ENV"))


def test_the_receiver_answers_a_confirmed_time_like_a_newcomer() -> None:
    handed = hand_over(_confirmed(), "FIRE", "ENV", leaving_team={"fire.i"})
    assert handed.status == InspectionStatus.PROPOSED
    assert (handed.starts_at, handed.inspectors) == (AT, ("msa.i",))
    assert [(a.department_code, a.answer) for a in handed.answers] == [
        ("ENV", Answer.PENDING), ("MSA", Answer.CONFIRMED)]
    confirmed = di.answer(handed, "ENV", handed.proposal, confirmed=True, by="env.i")
    assert confirmed.status == InspectionStatus.CONFIRMED


def test_with_nobody_left_on_the_team_the_slot_is_dropped() -> None:
    alone = di.propose(Inspection("I", "C", "FIRE", ("FIRE",), "人民大街1号"),
                       di.Slot(AT, AT + dt.timedelta(hours=2), ("fire.i",)))
    alone = di.answer(alone, "FIRE", 1, confirmed=True, by="fire.i")
    handed = hand_over(alone, "FIRE", "ENV", leaving_team={"fire.i"})
    assert handed.status == InspectionStatus.REQUESTED
    assert (handed.starts_at, handed.ends_at, handed.inspectors) == (None, None, ())
    assert (handed.lead_department, handed.departments) == ("ENV", ("ENV",))


def test_the_last_missing_answer_leaving_confirms_the_inspection() -> None:
    waiting = di.answer(_proposed(), "FIRE", 1, confirmed=True, by="fire.i")
    handed = hand_over(waiting, "MSA", "FIRE", leaving_team={"msa.i"})
    assert handed.departments == ("FIRE",)
    assert handed.status == InspectionStatus.CONFIRMED


def test_the_last_missing_part_leaving_records_the_inspection() -> None:
    done = di.InspectionPart(di.part_id("I", "MSA"), "I", "C", "MSA",
                             lines=(di.ChecklistLine("消防通道", Verdict.PASS),),
                             result=di.InspectionResult.PASS, confirmed_by="msa.i",
                             confirmed_at=AT)
    handed = hand_over(_confirmed(), "FIRE", "MSA", leaving_team={"fire.i"}, parts=[done])
    assert handed.departments == ("MSA",)
    assert handed.status == InspectionStatus.RECORDED


@pytest.mark.parametrize("finished", ["recorded", "cancelled"])
def test_a_finished_inspection_stays_as_it_was(finished: str) -> None:
    done = dataclasses.replace(_confirmed(), status=InspectionStatus(finished))
    assert hand_over(done, "FIRE", "ENV") is done


def test_a_department_that_took_no_part_changes_nothing() -> None:
    assert hand_over(_confirmed(), "ENV", "WATER") == _confirmed()
