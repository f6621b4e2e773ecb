"""A queued transfer shows the case's inspections as the platform will leave them.

The department transferring its task away leaves the case; the platform hands
its place in the open inspections to the receiver
(backoffice.domain.inspection_hand_over.hand_over). The store shows that as soon as the
transfer is queued — and again after a pull of the inspection, — and stops
showing it when the transfer is discarded or refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from store_factories import make_case, make_task

from backoffice.domain.commands import Command
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Answer, Inspection, InspectionAnswer, InspectionStatus
from backoffice.inspections import service
from backoffice.store import Store
from backoffice.sync.colleagues import COLLEAGUES_KEY

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 10, 9, 0, tzinfo=CST)
CASE = make_case(1)
FIRE, MSA, ENV = "FIRE-220100", "MSA-220100", "ENV-220100"
TASK = make_task(2, department=FIRE)


def _confirmed() -> Inspection:
    """Organised by FIRE, confirmed by both, FIRE's and MSA's inspectors on the team."""
    return Inspection(
        "I-1", CASE.case_code, FIRE, (FIRE, MSA), "长春市人民大街1号",
        InspectionStatus.CONFIRMED, AT, AT + dt.timedelta(hours=2),
        ("fire.inspector", "msa.inspector"), version=5, proposal=1,
        answers=(InspectionAnswer(FIRE, Answer.CONFIRMED, by="fire.inspector"),
                 InspectionAnswer(MSA, Answer.CONFIRMED, by="msa.inspector")))


def _handed() -> Inspection:
    """What the platform makes of it: ENV in FIRE's place, FIRE's inspector gone."""
    return dataclasses.replace(
        _confirmed(), lead_department=ENV, departments=(ENV, MSA),
        status=InspectionStatus.PROPOSED, inspectors=("msa.inspector",),
        answers=(InspectionAnswer(ENV),
                 InspectionAnswer(MSA, Answer.CONFIRMED, by="msa.inspector")))


@pytest.fixture
def fire(store: Store) -> Store:
    """FIRE's store: the case, its task, the inspection, its colleagues kept."""
    store.apply_confirmed([CASE, make_task(1, department=MSA), TASK, _confirmed()])
    with store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps([
            {"username": "fire.reviewer", "display_name": "", "roles": ["reviewer"]},
            {"username": "fire.inspector", "display_name": "", "roles": ["inspector"]}]))
    return store


def _transfer(store: Store) -> Command:
    command = Command.new("task.transfer", TASK.id, TASK.version, {"to_department": ENV},
                          author="fire.reviewer", now=AT)
    store.record_command(command)
    return command


def _shown(store: Store) -> Inspection:
    with store.read() as uow:
        found = uow.inspections.get("I-1")
    assert found is not None
    return found


def test_a_queued_transfer_hands_the_inspection_over_at_once(fire: Store) -> None:
    _transfer(fire)
    assert _shown(fire) == _handed()
    with fire.read() as uow:
        assert uow.inspections.confirmed("I-1") == _confirmed()  # the platform's, kept
    # The department no longer organises or answers: refused now, not after a sync.
    with pytest.raises(DomainError, match="not_organiser"):
        service.cancel(fire, "fire.reviewer", FIRE, "I-1", "不再需要")
    with pytest.raises(DomainError, match="not_participant"):
        service.answer(fire, "fire.reviewer", FIRE, "I-1", confirmed=True)


def test_a_pulled_inspection_is_handed_over_again(fire: Store) -> None:
    _transfer(fire)
    # An unrelated change on the platform, pulled while the transfer waits.
    pulled = dataclasses.replace(_confirmed(), version=6, originals=("营业执照",))
    fire.apply_confirmed([pulled])
    assert _shown(fire) == dataclasses.replace(_handed(), version=6, originals=("营业执照",))


def test_a_discarded_or_refused_transfer_gives_the_inspection_back(fire: Store) -> None:
    discarded = _transfer(fire)
    assert fire.discard_command(discarded.id)
    assert _shown(fire) == _confirmed()
    refused = _transfer(fire)
    fire.mark_sent([refused.id])
    fire.mark_refused(refused.id, "transfer.unknown_department")
    assert _shown(fire) == _confirmed()


def test_a_hand_over_to_a_colleague_changes_no_inspection(fire: Store) -> None:
    fire.record_command(Command.new("task.transfer", TASK.id, TASK.version,
                                    {"to_user": "fire.reviewer2"}, author="fire.reviewer",
                                    now=AT))
    assert _shown(fire) == _confirmed()
