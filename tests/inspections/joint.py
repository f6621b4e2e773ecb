"""Helpers of the joint-inspection tests (imported as ``inspections.joint``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image
from support.sandbox_env import DEMO_NOW
from support.sync_env import data

from backoffice.domain.model import Inspection
from backoffice.sync.engine import SyncEngine

CST = dt.timezone(dt.timedelta(hours=8))
PLAN_NOW = DEMO_NOW  # the platform's time too: it refuses a visit before its own


def two_department_case() -> tuple[str, str, str]:
    """A fresh case of two departments: its code, its lead and the other department."""
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    other = next(t.department_code for t in data().tasks
                 if t.case_code == code and t.department_code != case.lead_department)
    return code, case.lead_department, other


def staff(department: str, role: str) -> str:
    return next(u.username for u in data().users
                if u.department_code == department and role in u.roles)


def inspection_of(engine: SyncEngine, code: str) -> Inspection:
    with engine.store.read() as uow:
        (found,) = uow.inspections.for_case(code)
    return found


def photo(width: int = 3000, height: int = 2000, colour: str = "green") -> bytes:
    """A PNG photo larger than the travelling size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def request_both(lead: SyncEngine, other: SyncEngine, code: str, lead_dept: str,
                 other_dept: str) -> Inspection:
    """Both departments request through the service; synced; the joint inspection."""
    from backoffice.inspections import service

    for engine, dept in ((lead, lead_dept), (other, other_dept)):
        engine.sync_once()
        user = engine.client.username
        assert user is not None
        service.request_inspection(engine.store, user, dept, code, "需核实经营场所",
                                   [f"{dept}：场所布局", f"{dept}：设施设备"])
        assert engine.sync_once().push.applied == 1
    lead.sync_once()
    other.sync_once()
    return inspection_of(lead, code)


def confirm_first_slot(lead: SyncEngine, other: SyncEngine, code: str, lead_dept: str,
                       other_dept: str) -> Inspection:
    """The organiser proposes the engine's first slot, both confirm; synced."""
    from backoffice.inspections import availability, service

    inspection = inspection_of(lead, code)
    copy = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
    assert copy is not None
    slot = availability.planning_for(lead.store, inspection.id, copy,
                                     now=PLAN_NOW).suggest().slots[0]
    me = lead.client.username
    assert me is not None
    service.propose(lead.store, me, inspection.id, slot.start, slot.end,
                    [m.inspector for m in slot.team], now=PLAN_NOW)
    assert lead.sync_once().push.applied == 1
    for engine, dept in ((lead, lead_dept), (other, other_dept)):
        engine.sync_once()
        user = engine.client.username
        assert user is not None
        service.answer(engine.store, user, dept, inspection.id, confirmed=True)
        assert engine.sync_once().push.applied == 1
    lead.sync_once()
    other.sync_once()
    return inspection_of(other, code)


@dataclass(frozen=True)
class Joint:
    """A fresh two-department case and each department's inspector on a device."""

    code: str
    lead_dept: str
    other_dept: str
    lead: SyncEngine
    other: SyncEngine

    def requested(self) -> Inspection:
        """Both departments request the site inspection (synced)."""
        return request_both(self.lead, self.other, self.code, self.lead_dept, self.other_dept)

    def confirmed(self) -> Inspection:
        """Requested, then the organiser's first suggested slot confirmed by both (synced)."""
        self.requested()
        return confirm_first_slot(self.lead, self.other, self.code, self.lead_dept,
                                  self.other_dept)


def joint_case(device: Callable[..., SyncEngine]) -> Joint:
    """``device`` is the sync tests' fixture: a signed-in client with its own store."""
    code, lead_dept, other_dept = two_department_case()
    return Joint(code, lead_dept, other_dept, device(staff(lead_dept, "inspector")),
                 device(staff(other_dept, "inspector")))
