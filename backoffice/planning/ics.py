"""iCalendar (``.ics``) export of inspections, for Outlook and phone calendars.

One ``VEVENT`` per inspection: the site address as ``LOCATION``, every
inspector as an ``ATTENDEE`` (the lead department's first one as
``ORGANIZER``), and the originals the applicant must have ready on site
(8.4.3) in the description. Times carry the ``Asia/Shanghai`` zone with its
``VTIMEZONE``, so a laptop set to another zone still shows Beijing time.
The sentences of the summary and description come from
:mod:`backoffice.messages`, in the language asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import icalendar

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.inspection_model import identified
from backoffice.domain.model import Case, Inspection, Material
from backoffice.domain.states import InspectionStatus
from backoffice.planning.model import Inspector, PlanningError

__all__ = ["Participant", "PlannedInspection", "planned_inspection", "to_ical"]

PRODID = "-//OneVisit Back Office//Joint inspections//ZH"
UID_DOMAIN = "onevisit-backoffice"

_STATUS = {
    InspectionStatus.REQUESTED: "TENTATIVE",
    InspectionStatus.PROPOSED: "TENTATIVE",
    InspectionStatus.CONFIRMED: "CONFIRMED",
    InspectionStatus.RECORDED: "CONFIRMED",
    InspectionStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    department: str  # its code (the attendee's X-DEPARTMENT, for a program)
    id: str = ""
    email: str = ""
    department_name: str = ""  # what the description says; "" when unknown (the code is said)


@dataclass(frozen=True, slots=True)
class PlannedInspection:
    """An inspection with a time, as the calendar file shows it."""

    id: str
    case_code: str
    title: str  # the service item
    address: str
    start: dt.datetime
    end: dt.datetime
    participants: tuple[Participant, ...]
    originals: tuple[str, ...] = ()  # materials whose originals are checked on site
    applicant: str = ""
    lead_department: str = ""
    status: InspectionStatus = InspectionStatus.CONFIRMED
    sequence: int = 0  # the record's version: calendars replace older copies


def planned_inspection(inspection: Inspection, case: Case, materials: Iterable[Material],
                       people: Mapping[str, Inspector], *,
                       department_names: Mapping[str, str] | None = None) -> PlannedInspection:
    """The domain's inspection, its case and materials as one exportable event.

    Originals: materials marked ``original_required``, except those the
    shared platform already holds (9.1.2: never asked for again).
    ``department_names`` (code → name) names the team's departments as people know them.
    """
    if inspection.starts_at is None or inspection.ends_at is None:
        raise PlanningError("planning.inspection_not_scheduled", **identified(inspection))
    participants = []
    for inspector_id in inspection.inspectors:
        person = people.get(inspector_id)
        participants.append(Participant(
            person.name, person.department, person.id, person.email,
            (department_names or {}).get(person.department, ""))
            if person else Participant(inspector_id, "", inspector_id))
    return PlannedInspection(
        id=inspection.id,
        case_code=inspection.case_code,
        title=case.service_item_name,
        address=inspection.site_address or case.site_address,
        start=inspection.starts_at,
        end=inspection.ends_at,
        participants=tuple(participants),
        originals=tuple(m.name for m in materials if m.case_code == case.case_code
                        and m.original_required and not m.from_shared_platform),
        applicant=case.applicant.name,
        lead_department=inspection.lead_department,
        status=inspection.status,
        sequence=inspection.version,
    )


def _address(person: Participant) -> icalendar.vCalAddress:
    # ATTENDEE is a URI: mail when known, else a URN that still names the person.
    uri = f"mailto:{person.email}" if person.email else f"urn:x-onevisit:inspector:{person.id}"
    address = icalendar.vCalAddress(uri)
    address.params["CN"] = person.name
    address.params["CUTYPE"] = "INDIVIDUAL"
    if person.department:
        address.params["X-DEPARTMENT"] = person.department
    return address


def _event(item: PlannedInspection, stamp: dt.datetime, lang: messages.Language
           ) -> icalendar.Event:
    tz = clock.shanghai_tz()
    event = icalendar.Event()
    event.add("uid", f"{item.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", item.start.astimezone(tz))
    event.add("dtend", item.end.astimezone(tz))
    event.add("sequence", item.sequence)
    event.add("status", _STATUS[item.status])
    joint = len({p.department for p in item.participants}) > 1
    summary = "planning.ics_summary_joint" if joint else "planning.ics_summary_site"
    event.add("summary", messages.render_code(
        summary, {"title": item.title, "case_code": item.case_code}, lang))
    event.add("location", item.address)
    lines = []
    if item.applicant:
        lines.append(messages.render_code("planning.ics_applicant",
                                          {"applicant": item.applicant}, lang))
    team = ", ".join(f"{p.name} ({p.department_name or p.department})" if p.department
                     else p.name for p in item.participants)
    lines.append(messages.render_code("planning.ics_team", {"team": team}, lang))
    if item.originals:
        lines.append(messages.render_code("planning.ics_originals",
                                          {"materials": "; ".join(item.originals)}, lang))
    else:
        lines.append(messages.render_code("planning.ics_no_originals", {}, lang))
    event.add("description", "\n".join(lines))
    organizer = next((p for p in item.participants if p.department == item.lead_department),
                     item.participants[0] if item.participants else None)
    if organizer is not None:
        event.add("organizer", _address(organizer))
    for person in item.participants:
        attendee = _address(person)
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee)
    return event


def to_ical(inspections: Iterable[PlannedInspection], *, lang: str | None = None,
            stamp: dt.datetime | None = None) -> bytes:
    """The ``.ics`` file of one inspection or a set (``stamp``: ``DTSTAMP``, default now)."""
    language = messages.resolve_language(lang)
    when = clock.now() if stamp is None else stamp
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for item in inspections:
        calendar.add_component(_event(item, when, language))
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()  # typed as Any by icalendar 7
    return data
