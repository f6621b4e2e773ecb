"""A department that joins a confirmed inspection has nobody on its team yet.

9.5.2.1, 9.5.2.3: every participating department sends one of its own
inspectors. 卫健 joins after 文旅 and 消防 confirmed their time: the time stands,
proposed again, and 卫健 would have confirmed it — the applicant told 卫健
comes with nobody of 卫健 on the team. Now its confirmation is refused, naming
the department, by the client (its colleague list) and by the platform (one
rule, ``check_confirm_team``); the organiser proposes the time again with a
卫健 inspector, 卫健 confirms, and the applicant hears the departments and the
originals as they now are — 卫健's originals too (8.4.3), listed from the
moment it joined. The real sandbox on loopback, real stores.
"""

from __future__ import annotations

import pytest
from inspections.joint import PLAN_NOW, inspection_of, joint_case, staff
from support.sync_env import Device, data, queue

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import service
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason

NEWCOMER = "WSJK-220100"


def _names() -> dict[str, str]:
    return {d.code: d.name for d in data().departments}


def _originals(code: str, department: str) -> list[str]:
    return [m.name for m in data().materials
            if m.case_code == code and m.department_code == department and m.original_required]


def _appointments(sandbox: Sandbox, code: str) -> list[str]:
    return [s.body["text"] for s in sandbox.platform._records("notification")
            if s.body["case_code"] == code and s.body["kind"] == "inspection_appointment"]


def test_a_newcomer_confirms_only_once_one_of_its_inspectors_is_on_the_team(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    assert NEWCOMER in {t.department_code for t in data().tasks if t.case_code == joint.code}
    confirmed = joint.confirmed()
    assert confirmed.status is InspectionStatus.CONFIRMED
    assert len(_appointments(sandbox, joint.code)) == 1
    assert _originals(joint.code, NEWCOMER)
    new = device(staff(NEWCOMER, "inspector"), department_code=NEWCOMER)
    new.sync_once()  # its colleague list kept
    me = new.client.username
    assert me is not None
    service.request_inspection(new.store, me, NEWCOMER, joint.code, "卫生条件核查", ["卫生设施"])
    assert new.sync_once().push.applied == 1
    new.sync_once()
    joined = inspection_of(new, joint.code)
    assert joined.status is InspectionStatus.PROPOSED
    assert (joined.starts_at, joined.inspectors) == (confirmed.starts_at, confirmed.inspectors)
    # The newcomer's originals are on the inspection from its joining on.
    assert set(_originals(joint.code, NEWCOMER)) <= set(joined.originals)

    with pytest.raises(DomainError) as refused:
        service.answer(new.store, me, NEWCOMER, joined.id, confirmed=True, now=PLAN_NOW)
    assert refused.value.code == "inspection.confirm_without_inspector"
    said = messages.render(refused.value, "zh")
    assert f"勘察人员中没有{_names()[NEWCOMER]}的人员" in said
    assert f"组织部门{_names()[joint.lead_dept]}重新拟定" in said

    # Queued all the same (as by an older client): the platform refuses it alike.
    command = queue(new, "inspection.confirm", "inspection", joined.id,
                    {"department_code": NEWCOMER, "proposal": joined.proposal})
    assert new.sync_once().push.refused == [command.id]
    (kept,) = [e for e in new.store.conflicts() if e.command.id == command.id]
    assert kept.state is OutboxState.REFUSED
    assert conflict_reason(kept, "zh") == said
    assert inspection_of(new, joint.code).status is InspectionStatus.PROPOSED
    assert len(_appointments(sandbox, joint.code)) == 1  # nobody told of 卫健 coming

    # The organiser proposes the time again with a 卫健 inspector: the applicant holds it.
    lead_user = joint.lead.client.username
    assert lead_user is not None and confirmed.starts_at and confirmed.ends_at
    joint.lead.sync_once()
    team = [*confirmed.inspectors, staff(NEWCOMER, "inspector")]
    service.propose(joint.lead.store, lead_user, joined.id, confirmed.starts_at,
                    confirmed.ends_at, team, reason="卫健部门加入勘察", now=PLAN_NOW)
    assert joint.lead.sync_once().push.applied == 1
    for engine, department in ((joint.lead, joint.lead_dept), (joint.other, joint.other_dept),
                               (new, NEWCOMER)):
        engine.sync_once()
        user = engine.client.username
        assert user is not None
        service.answer(engine.store, user, department, joined.id, confirmed=True,
                       now=PLAN_NOW)
        assert engine.sync_once().push.applied == 1
    new.sync_once()
    assert inspection_of(new, joint.code).status is InspectionStatus.CONFIRMED
    told = _appointments(sandbox, joint.code)
    assert len(told) == 2
    assert _names()[NEWCOMER] in told[-1]
    for original in _originals(joint.code, NEWCOMER):
        assert original in told[-1]
