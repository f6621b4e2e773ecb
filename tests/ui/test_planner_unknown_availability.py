"""A team member the free/busy does not list: their availability is said to be unknown.

The confirmation's pre-check works on the inspectors the free/busy lists. One
of the team missing from it (taken off the inspectors since the proposal)
was taken as free by saying nothing — or, when that confirmation is the last,
as nobody of their department on the team. Now the participant is told whose
availability is not known here, and may still confirm: the platform checks.
Real stores synced with the sandbox on loopback.
"""

from __future__ import annotations

from typing import Any

from inspections.joint import Joint, inspection_of
from sqlalchemy import select
from support.sync_env import data
from test_planner import device, sandbox  # noqa: F401 - fixtures
from test_planner_answers_shown import _propose, _suggested, joint, open_planner  # noqa: F401

from backoffice.inspections import service
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox


def _no_longer_inspector(platform: Sandbox, username: str) -> None:
    u = db.users.c
    with platform.platform.engine.begin() as conn:
        (roles,) = conn.execute(select(u.roles).where(u.username == username)).one()
        kept = " ".join(r for r in str(roles).split() if r != "inspector") or "reviewer"
        conn.execute(db.users.update().where(u.username == username).values(roles=kept))


def test_a_team_member_missing_from_the_free_busy_is_said_unknown(
        joint: Joint, open_planner: Any, sandbox: Sandbox) -> None:  # noqa: F811
    slot = _suggested(joint)[0]
    _propose(joint, slot)
    lead_member = next(m for m in slot.team if m.department == joint.lead_dept)
    me = joint.lead.client.username
    assert me is not None
    service.answer(joint.lead.store, me, joint.lead_dept,
                   inspection_of(joint.lead, joint.code).id, confirmed=True)
    assert joint.lead.sync_once().push.applied == 1
    joint.other.sync_once()
    _no_longer_inspector(sandbox, lead_member.inspector)

    planner = open_planner(joint.other, joint.other_dept, joint.code)
    shown = planner.plan.proposal.text()
    assert "Not in the free/busy" in shown and lead_member.inspector in shown, shown
    # Unknown is not busy, nor is it nobody of the organiser's department on the team:
    # the confirmation stays offered, the platform checks it.
    assert planner.plan.proposal_warning.text() == ""
    assert planner.plan.confirm.isEnabled()
    names = {d.code: d.name for d in data().departments}
    assert f"nobody of {names[joint.lead_dept]}" not in planner.plan.confirm.toolTip()
