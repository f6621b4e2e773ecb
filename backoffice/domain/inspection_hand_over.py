"""What a transfer does to a case's open inspections (9.4, 9.5.2.3).

A department that leaves a case by transfer leaves its joint inspections
too: the department that receives the matter takes its place. One rule,
applied by the platform to its records and by the store to the local view
of a queued transfer (``backoffice.store.handovers``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from backoffice.domain.inspections import InspectionPart, all_parts_in
from backoffice.domain.model import Answer, Inspection, InspectionAnswer
from backoffice.domain.states import INSPECTION_MACHINE, InspectionStatus

OPEN = frozenset({InspectionStatus.REQUESTED, InspectionStatus.PROPOSED,
                  InspectionStatus.CONFIRMED})


def hand_over(inspection: Inspection, leaving: str, receiving: str, *,
              leaving_team: Iterable[str] = (),
              parts: Iterable[InspectionPart] = (),
              in_time: Callable[[Inspection], bool] | None = None) -> Inspection:
    """The open inspection once ``leaving`` left the case, its review transferred to ``receiving``.

    The matter the departed department asked to see on site is now the
    receiver's (9.4), so the receiver takes its place: as organiser if it
    organised, as a participant always. Like any newcomer it answers a
    planned slot (a confirmed inspection is proposed again, at the same
    time). ``leaving_team``: the departed department's inspectors, who leave
    the team; with nobody left on it the slot is dropped (requested again,
    as after a decline). The departed department's answer or part no longer
    counts: if it was the last one missing, the inspection is confirmed or
    (with ``parts``, the inspection's parts) recorded. Confirmed so, the
    applicant is told: ``in_time`` (the platform's clock,
    ``inspections_timing.told_in_time``) says whether that is still a working day
    ahead (8.4.3); if not, the time is dead as after a confirmation refused for
    it, and dropped (requested again) for the organiser to propose anew. A
    recorded or cancelled inspection stays as it was.
    """
    if (inspection.status not in OPEN or leaving not in inspection.departments
            or leaving == receiving):
        return inspection
    newcomer = receiving not in inspection.departments
    departments = tuple(receiving if d == leaving else d for d in inspection.departments
                        if newcomer or d != leaving)
    lead = receiving if inspection.lead_department == leaving else inspection.lead_department
    left = set(leaving_team)
    team = tuple(i for i in inspection.inspectors if i not in left)
    given = {a.department_code: a for a in inspection.answers if a.department_code != leaving}
    status = inspection.status
    planned = status != InspectionStatus.REQUESTED
    if planned and newcomer:
        status = INSPECTION_MACHINE.apply(status, "join")
    handed = replace(inspection, lead_department=lead, departments=departments,
                     inspectors=team, status=status,
                     answers=tuple(given.get(d, InspectionAnswer(d)) for d in departments)
                     if planned else tuple(given.values()))
    if planned and not team:
        # A slot nobody is sent to is no visit: the organiser plans again.
        if status == InspectionStatus.CONFIRMED:
            status = INSPECTION_MACHINE.apply(status, "reschedule")
        return replace(handed, status=INSPECTION_MACHINE.apply(status, "decline"),
                       starts_at=None, ends_at=None)
    if status == InspectionStatus.PROPOSED and all(
            a.answer == Answer.CONFIRMED for a in handed.answers):
        confirmed = replace(handed, status=INSPECTION_MACHINE.apply(status, "all_confirmed"))
        if in_time is None or in_time(confirmed):
            return confirmed
        return replace(handed, status=INSPECTION_MACHINE.apply(status, "decline"),
                       starts_at=None, ends_at=None)
    return all_parts_in(handed, parts)
