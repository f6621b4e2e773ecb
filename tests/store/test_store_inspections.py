"""Inspections in the local store: pending answers and parts re-applied on confirmed state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from store_factories import make_case

from backoffice.domain.commands import Command
from backoffice.domain.inspection_payloads import part_payload
from backoffice.domain.inspections import InspectionPart
from backoffice.domain.model import Answer, Inspection, InspectionAnswer, InspectionStatus
from backoffice.store import Store
from backoffice.store.outbox import OutboxState

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
CASE = make_case(1)


def _proposed(version: int = 3, proposal: int = 1) -> Inspection:
    return Inspection(
        "I-1", CASE.case_code, "MSA", ("MSA", "FIRE"), "长春市人民大街1号",
        InspectionStatus.PROPOSED, AT, AT + dt.timedelta(hours=2), ("a", "b"), version=version,
        proposal=proposal, answers=(InspectionAnswer("MSA"), InspectionAnswer("FIRE")))


def _confirm(department: str, base: int, proposal: int = 1) -> Command:
    return Command.new("inspection.confirm", "I-1", base,
                       {"department_code": department, "proposal": proposal},
                       author="fire.inspector", now=AT)


def test_a_pending_confirmation_is_reapplied_on_top_of_another_departments(store: Store) -> None:
    store.apply_confirmed([CASE, _proposed()])
    store.record_command(_confirm("FIRE", 3))
    # The organiser's department confirmed meanwhile: the platform's version 4.
    msa = dataclasses.replace(_proposed(version=4), answers=(
        InspectionAnswer("MSA", Answer.CONFIRMED, by="msa"), InspectionAnswer("FIRE")))
    report = store.apply_confirmed([msa])
    assert report.conflicts == () and report.reapplied == 1
    with store.read() as uow:
        shown = uow.inspections.get("I-1")
        confirmed = uow.inspections.confirmed("I-1")
    assert shown is not None and shown.status == InspectionStatus.CONFIRMED
    assert confirmed == msa


def test_a_pending_confirmation_of_a_replaced_proposal_becomes_a_conflict(store: Store) -> None:
    store.apply_confirmed([CASE, _proposed()])
    command = _confirm("FIRE", 3)
    store.record_command(command)
    rescheduled = _proposed(version=4, proposal=2)
    report = store.apply_confirmed([rescheduled])
    assert report.conflicts == (command.id,)
    (conflict,) = store.conflicts()
    assert conflict.state == OutboxState.CONFLICT
    assert conflict.last_error == "inspection.proposal_changed"
    with store.read() as uow:
        assert uow.inspections.get("I-1") == rescheduled


def test_a_pending_part_save_survives_a_pull_of_the_same_version(store: Store) -> None:
    part = InspectionPart("I-1--FIRE", "I-1", CASE.case_code, "FIRE", version=2)
    store.apply_confirmed([CASE, part])
    saved = dataclasses.replace(part, findings="后门堆物已清理")
    store.record_command(Command.new("inspection.record_part", part.id, 2, part_payload(saved),
                                     author="fire.inspector", now=AT))
    store.apply_confirmed([part])  # the same version again: nothing new from the platform
    with store.read() as uow:
        shown = uow.inspection_parts.get(part.id)
    assert shown is not None and shown.findings == "后门堆物已清理"
    assert shown.recorded_by == "fire.inspector"
