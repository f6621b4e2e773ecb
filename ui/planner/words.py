"""The planner's words: engine notes, conflicts, states and times, for a person.

Engine explanations and conflicts are codes with parameters, worded through
``backoffice.messages`` (the same catalog the CLI uses); the rest is ours,
translated in the ``Planner`` context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import check_notice
from backoffice.domain.inspections_timing import Told, check_confirmed_in_time
from backoffice.domain.model import Answer, Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections.availability import FreeBusyCopy
from backoffice.planning.conflicts import TimeCheck
from backoffice.planning.model import Explanation, Note
from ui.inbox.detail_status import Outbox, outbox_text
from ui.widgets.listing import listed

CONTEXT = "Planner"


def note(item: Note, lang: str) -> str:
    return messages.render_code(item.code, dict(item.params), lang)


def explanation(found: Explanation | None, lang: str) -> str:
    if found is None:
        return ""
    return "\n".join(note(n, lang) for n in (*found.reasons, *found.hints))


def when(start: dt.datetime, end: dt.datetime) -> str:
    tz = clock.shanghai_tz()
    a, b = start.astimezone(tz), end.astimezone(tz)
    return f"{a:%Y-%m-%d} {a:%H:%M}–{b:%H:%M}"


def conflicts(check: TimeCheck, names: dict[str, str], lang: str, lane: str = "") -> list[str]:
    """Why the time does not work: what keeps the chosen inspector (``lane``) and every
    inspector of a department left without anyone busy, then those departments."""
    lines = []
    for person in check.inspectors:
        if person.inspector != lane and person.department not in check.uncovered:
            continue  # a colleague is free to go instead: not a reason
        for item in person.conflicts:
            lines.append(QCoreApplication.translate("Planner", "{name}: {reason}").format(
                name=person.name, reason=note(item, lang)))
    for department in check.uncovered:
        lines.append(QCoreApplication.translate(
            "Planner", "Nobody of {department} is free then.").format(
                department=names.get(department, department)))
    return lines


def status(value: str) -> str:
    return {
        "requested": QCoreApplication.translate("Planner", "requested"),
        "proposed": QCoreApplication.translate("Planner", "proposed"),
        "confirmed": QCoreApplication.translate("Planner", "confirmed"),
        "recorded": QCoreApplication.translate("Planner", "recorded"),
        "cancelled": QCoreApplication.translate("Planner", "cancelled"),
    }.get(value, value)


def answer(value: Answer, reason: str) -> str:
    if value == Answer.CONFIRMED:
        return QCoreApplication.translate("Planner", "confirmed")
    if value == Answer.DECLINED:
        return QCoreApplication.translate("Planner", "declined: {reason}").format(reason=reason)
    return QCoreApplication.translate("Planner", "not answered yet")


def proposal(i: Inspection, names: Mapping[str, str],
             people: Mapping[str, tuple[str, str]], deadline: dt.date | None,
             declined: Told | None = None) -> str:
    """What a department answers, beside its buttons: the time and team proposed, the
    case's deadline and why the time is after it or moved, and every department's answer
    (a decline with its reason). ``people``: inspector → (name, department code);
    ``declined``: the time a department declined, when known."""
    lines = []
    if i.starts_at is not None and i.ends_at is not None:
        slot = when(i.starts_at, i.ends_at)
        lines.append(QCoreApplication.translate("Planner", "Proposed time: {when}").format(
            when=slot) if i.status == InspectionStatus.PROPOSED else QCoreApplication.translate(
                "Planner", "Time: {when}").format(when=slot))
        team = []
        for inspector in i.inspectors:
            name, department = people.get(inspector, (inspector, ""))
            team.append(QCoreApplication.translate("Planner", "{name} ({department})").format(
                name=name, department=names.get(department, department)) if department
                else name)
        if team:
            lines.append(QCoreApplication.translate("Planner", "Team: {team}").format(
                team=listed(team)))
    elif declined is not None:
        lines.append(QCoreApplication.translate("Planner", "Declined time: {when}").format(
            when=when(*declined)))
    else:
        lines.append(QCoreApplication.translate("Planner", "No time proposed yet."))
    if deadline is not None:
        lines.append(QCoreApplication.translate("Planner", "Case deadline: {date}").format(
            date=deadline.isoformat()))
    if i.after_deadline_reason and i.starts_at is not None:
        lines.append(QCoreApplication.translate(
            "Planner", "Why after the deadline: {reason}").format(reason=i.after_deadline_reason))
    if i.reason and i.status != InspectionStatus.CANCELLED:
        lines.append(QCoreApplication.translate("Planner", "Why moved: {reason}").format(
            reason=i.reason))
    if i.proposal > 0 and i.answers:
        lines.append(QCoreApplication.translate("Planner", "Answers:"))
        lines += [QCoreApplication.translate("Planner", "{department}: {answer}").format(
            department=names.get(a.department_code, a.department_code),
            answer=answer(a.answer, a.reason)) for a in i.answers]
    return "\n".join(lines)


def too_late(i: Inspection, now: dt.datetime, calendar: WorkCalendar, organiser: str,
             held: Told | None, lead: bool) -> str:
    """Why the proposed time of ``i`` can no longer be confirmed ("" while it can), and
    what to do: the platform refuses the last confirmation then (the domain's rule), so
    the time still shown as proposed is dead until the organiser (``lead``: we are it)
    proposes anew."""
    if (i.status != InspectionStatus.PROPOSED or i.starts_at is None
            or (i.starts_at, i.ends_at) == held):
        return ""
    try:
        check_confirmed_in_time(i, now, calendar, organiser=organiser)
    except DomainError as exc:
        if exc.code == "inspection.confirm_in_the_past":
            why = QCoreApplication.translate(
                "Planner", "This time has passed: it can no longer be confirmed.")
        else:
            why = QCoreApplication.translate(
                "Planner", "Too late to confirm this time: the applicant is told a working "
                "day ahead, so a visit confirmed now can start from {earliest} on.").format(
                    earliest=exc.params.get("earliest", ""))
        todo = QCoreApplication.translate("Planner", "Propose a new time.") if lead else \
            QCoreApplication.translate("Planner", "{organiser} has to propose a new time.").format(
                organiser=organiser)
        # Chinese runs sentences on without a space.
        return QCoreApplication.translate("Planner", "{why} {todo}").format(why=why, todo=todo)
    return ""


def free_busy(copy: FreeBusyCopy | None) -> str:
    if copy is None:
        return QCoreApplication.translate(
            "Planner", "No free/busy yet: connect to the platform once to plan.")
    at = copy.fetched_at.astimezone(clock.shanghai_tz())
    if copy.fresh:
        return QCoreApplication.translate(
            "Planner", "Free/busy from the platform, {time}.").format(time=f"{at:%Y-%m-%d %H:%M}")
    return QCoreApplication.translate(
        "Planner", "Offline: free/busy as of {time} — it may be out of date; "
        "check the time with the inspectors before proposing.").format(
            time=f"{at:%Y-%m-%d %H:%M}")


def checked_offline(copy: FreeBusyCopy) -> str:
    """The kept copy a proposal or confirmation was checked against, offline."""
    at = copy.fetched_at.astimezone(clock.shanghai_tz())
    return QCoreApplication.translate(
        "Planner", "Offline: checked against the free/busy as of {time}; the platform checks "
        "it again at the sync.").format(time=f"{at:%Y-%m-%d %H:%M}")


def notice_withheld(inspection: Inspection, lang: str) -> str:
    """Why the applicant's notice of ``inspection`` is not made ("" when it is): the
    domain's own refusal (``check_notice``), so button and document agree."""
    try:
        check_notice(inspection)
    except DomainError as exc:
        if exc.code == "inspection.notice_not_confirmed":
            return messages.render(exc, lang)
        return QCoreApplication.translate("Planner", "No notice: the inspection has no time yet.")
    return ""


def followed(outbox: Outbox | None, lang: str) -> tuple[str | None, bool]:
    """A queued command's message where the sync has it (``outbox``: its most telling
    state, None once it left the outbox), as the inbox detail says it: None leaves the
    message as said (not sent yet); and whether to go on following it (only while sent:
    a refusal or conflict is said once, and a discarded one is no news)."""
    state = outbox[0] if outbox is not None else None
    if state == "pending":
        return None, True
    return outbox_text(outbox, lang, True), state == "sent"


# Qt date patterns per language, longest first: "12月1日 周二" / "Tue 1 Dec", then shorter
# ones that keep the weekday as long as they can (a week at 1366 px has ~70 px a day).
_DAY_FORMATS = {
    "zh": ("M月d日 ddd", "M/d ddd", "M月d日", "d日"),
    "en": ("ddd d MMM", "ddd d", "d MMM", "d"),
}


def day_labels(day: dt.date, lang: str) -> tuple[str, ...]:
    """A day column's labels in ``lang``, from the longest to the shortest."""
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh" \
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    date = QDate(day.year, day.month, day.day)
    return tuple(locale.toString(date, pattern)
                 for pattern in _DAY_FORMATS["zh" if lang == "zh" else "en"])
