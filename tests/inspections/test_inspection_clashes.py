"""An inspector on two visits at once: refused before queuing when the store knows of it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from store.store_factories import make_case

from backoffice import messages
from backoffice.api import v1
from backoffice.domain import inspections as di
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Answer, Inspection, InspectionAnswer, InspectionStatus
from backoffice.inspections import service
from backoffice.store import Store

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
HOUR = dt.timedelta(hours=1)
CASE, OTHER_CASE = make_case(1), make_case(2)


def _visit(key: str, case_code: str, status: InspectionStatus, start: dt.datetime | None,
           team: tuple[str, ...]) -> Inspection:
    answer = Answer.CONFIRMED if status is InspectionStatus.CONFIRMED else Answer.PENDING
    return Inspection(
        key, case_code, "MSA", ("MSA", "FIRE"), "长春市人民大街1号", status, start,
        None if start is None else start + 2 * HOUR, team if start else (), version=3,
        proposal=1 if start else 0,
        answers=(InspectionAnswer("MSA", answer), InspectionAnswer("FIRE", answer)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite3")
    try:
        yield opened
    finally:
        opened.close()


def test_a_proposal_naming_an_inspector_already_out_is_refused_before_queuing(
        store: Store) -> None:
    out = _visit("I-1", OTHER_CASE.case_code, InspectionStatus.CONFIRMED, AT, ("a", "fire1"))
    store.apply_confirmed([CASE, OTHER_CASE, out,
                           _visit("I-2", CASE.case_code, InspectionStatus.REQUESTED, None, ())])
    for start in (AT, AT + HOUR, AT - HOUR):  # the same time, or overlapping it
        with pytest.raises(DomainError) as refused:
            service.propose(store, "msa.inspector", "I-2", start, start + 2 * HOUR,
                            ["a", "fire2"])
        assert refused.value.code == "inspection.inspector_busy"
        assert refused.value.params == {"user": "a", "inspector": "a",  # no names kept
                                        "start": "2025-03-10 09:00",
                                        "end": "2025-03-10 11:00"}
    assert store.pending_commands() == []
    # Right after the other visit, or with another inspector: queued.
    service.propose(store, "msa.inspector", "I-2", AT + 2 * HOUR, AT + 3 * HOUR, ["a", "fire2"])
    assert [e.command.kind for e in store.pending_commands()] == ["inspection.propose"]


def test_a_confirmation_is_refused_when_the_team_is_out_on_a_confirmed_visit(
        store: Store) -> None:
    """Proposed before the other visit was confirmed: the department cannot confirm it."""
    store.apply_confirmed([
        CASE, OTHER_CASE,
        _visit("I-1", OTHER_CASE.case_code, InspectionStatus.CONFIRMED, AT, ("msa1", "b")),
        _visit("I-2", CASE.case_code, InspectionStatus.PROPOSED, AT + HOUR, ("a", "b"))])
    with pytest.raises(DomainError) as refused:
        service.answer(store, "fire.inspector", "FIRE", "I-2", confirmed=True)
    assert refused.value.code == "inspection.confirm_inspector_busy" and \
        refused.value.params["inspector"] == "b"  # no free/busy kept: by account
    service.answer(store, "fire.inspector", "FIRE", "I-2", confirmed=False, reason="b 另有勘察")
    assert [e.command.kind for e in store.pending_commands()] == ["inspection.decline"]


def test_what_takes_an_inspectors_time() -> None:
    slot = di.Slot(AT, AT + 2 * HOUR, ("a",))
    for status in (InspectionStatus.PROPOSED, InspectionStatus.CONFIRMED,
                   InspectionStatus.RECORDED):
        with pytest.raises(DomainError):
            di.check_team_free("I-2", slot, [_visit("I-1", "c", status, AT, ("a",))])
    # Cancelled, unscheduled, itself, another inspector, or only touching: free.
    di.check_team_free("I-2", slot, [
        _visit("I-1", "c", InspectionStatus.CANCELLED, AT, ("a",)),
        _visit("I-3", "c", InspectionStatus.REQUESTED, None, ()),
        _visit("I-2", "c", InspectionStatus.CONFIRMED, AT, ("a",)),
        _visit("I-4", "c", InspectionStatus.CONFIRMED, AT, ("b",)),
        _visit("I-5", "c", InspectionStatus.CONFIRMED, AT + 2 * HOUR, ("a",)),
        _visit("I-6", "c", InspectionStatus.CONFIRMED, AT - 2 * HOUR, ("a",))])
    # A confirmation only gives way to a visit that stands.
    di.check_team_free("I-2", slot, [_visit("I-1", "c", InspectionStatus.PROPOSED, AT, ("a",))],
                       taking=di.CONFIRMED_VISITS)


def test_the_inspector_out_on_another_visit_is_named_as_the_planner_shows_them(
        store: Store) -> None:
    """The free/busy the planner kept names the inspectors: the refusal says the name."""
    out = _visit("I-1", OTHER_CASE.case_code, InspectionStatus.CONFIRMED, AT, ("a", "fire1"))
    store.apply_confirmed([CASE, OTHER_CASE, out,
                           _visit("I-2", CASE.case_code, InspectionStatus.REQUESTED, None, ())])
    shown = v1.FreeBusy(from_date=AT.date(), to_date=AT.date(), working_days=[AT.date()],
                        inspectors=[v1.InspectorFreeBusy(
                            username="a", display_name="王建国", department_code="MSA",
                            working_hours=[], busy=[])])
    with store.write() as uow:
        uow.sync_state.set(service.FREE_BUSY_KEY, json.dumps(
            {"fetched_at": AT.isoformat(), "answer": shown.model_dump(mode="json")}))
    with pytest.raises(DomainError) as refused:
        service.propose(store, "msa.inspector", "I-2", AT, AT + 2 * HOUR, ["a", "fire2"])
    assert refused.value.code == "inspection.inspector_busy"
    said = messages.render(refused.value, "en")
    assert said.startswith("王建国 is already booked") and "2025-03-10 09:00" in said
