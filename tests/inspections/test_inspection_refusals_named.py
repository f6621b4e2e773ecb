"""The client's own refusals of inspection commands say what a person knows.

A department by its name as the store has synced it (its code kept beside,
in ``department_code``; said by code only when the store has no name for
it), an inspection by its case and site — never its id.
"""

from __future__ import annotations

import pytest
from inspections.joint import PLAN_NOW, joint_case
from support.sync_env import Device

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.inspections import availability, service
from backoffice.planning.availability import Availability
from backoffice.planning.search import search
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store


def _name(store: Store, code: str) -> str:
    with store.read() as uow:
        found = uow.departments.get(code)
    assert found is not None and found.name and found.name != code
    return found.name


def _said(error: DomainError) -> list[str]:
    return [messages.render(error, lang) for lang in messages.LANGUAGES]


def test_refusals_name_the_department_and_the_inspection_as_people_know_them(
    sandbox: Sandbox, device: Device
) -> None:
    joint = joint_case(device)
    requested = joint.requested()
    other = joint.other
    them = other.client.username
    assert them is not None
    name = _name(other.store, joint.other_dept)

    with pytest.raises(DomainError) as not_ours:
        service.cancel(other.store, them, joint.other_dept, requested.id, "不需要了")
    assert not_ours.value.code == "inspection.not_organiser"
    assert not_ours.value.params["department_code"] == joint.other_dept
    for said in _said(not_ours.value):
        assert name in said and joint.other_dept not in said, said
        assert requested.site_address in said and requested.case_code in said, said
        assert requested.id not in said, said

    # A department of the store's not taking part: named too; one the store
    # has not synced: said by its code, the only name it has.
    with other.store.read() as uow:
        outsider = next(d for d in uow.departments.all()
                        if d.code not in requested.departments)
    assert outsider.name and outsider.name != outsider.code
    for code, shown in ((outsider.code, outsider.name), ("GHOST-000000", "GHOST-000000")):
        with pytest.raises(DomainError) as stranger:
            service.answer(other.store, them, code, requested.id, confirmed=True)
        assert stranger.value.code == "inspection.not_participant"
        assert stranger.value.params["department_code"] == code
        for said in _said(stranger.value):
            assert shown in said and requested.id not in said, said
            assert code not in said or shown == code, said
            assert requested.site_address in said, said
    assert not other.store.pending_commands()


def test_the_planners_explanation_names_a_department_nobody_can_send(
    sandbox: Sandbox, device: Device
) -> None:
    joint = joint_case(device)
    inspection = joint.requested()
    lead = joint.lead
    copy = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
    assert copy is not None
    planning = availability.planning_for(lead.store, inspection.id, copy, now=PLAN_NOW)
    # The other department's inspectors left out of the free/busy: nobody to send.
    only_ours = Availability([p for p in planning.availability.inspectors
                              if p.department != joint.other_dept],
                             planning.availability.calendar)
    found = search(only_ours, planning.request).explanation
    assert found is not None
    (reason,) = found.reasons
    assert reason.code == "planning.no_qualified_inspector"
    assert reason.params["department_code"] == joint.other_dept
    name = _name(lead.store, joint.other_dept)
    for lang in messages.LANGUAGES:
        said = messages.render_code(reason.code, dict(reason.params), lang)
        assert name in said and joint.other_dept not in said, said
