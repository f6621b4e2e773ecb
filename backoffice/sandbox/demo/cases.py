"""Cases at every stage: the plan, and the factory that builds them.

Two passes. The **plan** picks, per case, a division, a catalog entry, a
status and an acceptance day (how many working days back from ``today``
the stage makes plausible). The **build** sorts the plan by acceptance time,
so serial numbers grow with time as a one-window desk hands them out, and
lets :class:`~.lifecycle.CaseLife` derive each case's records from its status.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.clock import shanghai_tz
from backoffice.domain.deadlines import due_date, step_due_date
from backoffice.domain.model import CaseKind, Department, Suspension
from backoffice.domain.states import CaseStatus
from backoffice.sandbox.demo.catalog import CatalogEntry
from backoffice.sandbox.demo.files import DemoFiles
from backoffice.sandbox.demo.lifecycle import CaseLife, Plan, Records, plain
from backoffice.sandbox.demo.places import (
    DIVISION_BY_CODE,
    KIND_BY_ABBR,
    DemoUser,
    Division,
    abbr_of,
)

HISTORY_DAYS = 60  # cases were accepted over this many working days before today
S = CaseStatus

# How often each class of item is applied for, and how its cases spread over the stages.
CLASS_WEIGHTS = {"immediate": 12, "single": 55, "bundle": 25, "escalated": 8}
STATUS_WEIGHTS: dict[str, dict[CaseStatus, int]] = {
    "immediate": {S.IN_REVIEW: 3, S.DECIDED: 4, S.ISSUED: 20, S.ARCHIVED: 70, S.WITHDRAWN: 1},
    "single": {S.ACCEPTED: 3, S.ROUTED: 4, S.IN_REVIEW: 22, S.AWAITING_APPLICANT: 9,
               S.SUSPENDED: 5, S.DECIDING: 7, S.DECIDED: 5, S.ISSUED: 12, S.ARCHIVED: 30,
               S.WITHDRAWN: 3},
    "escalated": {S.ACCEPTED: 3, S.ROUTED: 4, S.IN_REVIEW: 25, S.AWAITING_APPLICANT: 8,
                  S.SUSPENDED: 8, S.DECIDING: 8, S.REPORTED: 18, S.ARCHIVED: 22, S.WITHDRAWN: 4},
}
STATUS_WEIGHTS["bundle"] = STATUS_WEIGHTS["single"]
DIVISION_WEIGHTS = {"220000": 8, "220100": 40, "220200": 24, "220400": 14, "220681": 14}

FRESH = frozenset({"fresh"})
# The last case of a data set with room for it was refused acceptance (不予受理). Added
# after the others, from its own stream: every other case stays exactly as it was.
ENDED_EARLY = frozenset({"ended_early"})  # a guaranteed unclaimed multi-department case (generate(fresh=K))

# The first cases of every data set, so that every stage and every kind of record is
# present whatever the seed (a demo with no suspended case cannot show one).
COVERAGE: tuple[tuple[str, CaseStatus, frozenset[str]], ...] = tuple(
    (cls, status, frozenset(flags.split()))
    for cls, status, flags in (
        ("bundle", S.AWAITING_APPLICANT, "deferred"), ("single", S.SUSPENDED, ""),
        ("escalated", S.REPORTED, ""), ("single", S.DECIDED, "refuse"),
        ("immediate", S.ARCHIVED, "late"), ("bundle", S.DECIDING, "extension procedure"),
        ("single", S.ACCEPTED, "deferred"), ("single", S.ROUTED, "transferred"),
        ("bundle", S.IN_REVIEW, "differs draft"), ("single", S.ISSUED, "answered deferred"),
        ("single", S.WITHDRAWN, ""), ("escalated", S.ARCHIVED, "procedure"),
        ("bundle", S.SUSPENDED, ""), ("bundle", S.ISSUED, "answered"),
        ("single", S.AWAITING_APPLICANT, ""), ("immediate", S.ISSUED, ""),
    )
)


class CaseFactory:
    """Plans and builds the cases; holds what every case's life draws on."""

    def __init__(self, *, rng: random.Random, today: dt.date, calendar: WorkCalendar,
                 catalog: Sequence[CatalogEntry], departments: Sequence[Department],
                 users: Sequence[DemoUser], files: DemoFiles,
                 answers: random.Random | None = None, timing: random.Random | None = None,
                 now: dt.datetime | None = None) -> None:
        self.rng, self.today, self.cal, self.files = rng, today, calendar, files
        self.now = now  # the instant of seeding: nothing is accepted after it (None: no limit)
        # The days corrections came in: a stream of their own, so giving them one
        # changed no other record the seed makes.
        self.answers = answers if answers is not None else random.Random(0)
        # Whether a decision came by the promise, and when then: their own stream too,
        # so keeping decisions on time moved no other record the seed makes.
        self.timing = timing if timing is not None else random.Random(1)
        last = today if calendar.is_working_day(today) else calendar.previous_working_day(today)
        self.days_back = [last]
        while len(self.days_back) < HISTORY_DAYS:
            self.days_back.append(calendar.previous_working_day(self.days_back[-1]))
        self.entries: dict[tuple[str, str], list[CatalogEntry]] = {}
        for entry in catalog:
            key = (entry.item.code.split("-")[0], self._class(entry))
            self.entries.setdefault(key, []).append(entry)
        self.departments = {d.code: d for d in departments}
        self.reviewers: dict[str, list[str]] = {}
        self.signers: dict[str, str] = {}
        for user in users:
            if "reviewer" in user.roles:
                self.reviewers.setdefault(user.department_code, []).append(user.username)
            if "signer" in user.roles:
                self.signers.setdefault(user.department_code, user.display_name)
        self.records = Records()
        self._serials: Counter[tuple[str, dt.date]] = Counter()
        self._documents: Counter[tuple[str, int]] = Counter()
        self._due_cache: dict[tuple[dt.date, int, dt.date | None], dt.date] = {}

    @staticmethod
    def _class(entry: CatalogEntry) -> str:
        if entry.bundle is not None:
            return "bundle"
        return {CaseKind.IMMEDIATE: "immediate", CaseKind.ESCALATED: "escalated"}.get(
            entry.item.kind, "single")

    # -- plan -----------------------------------------------------------------
    def plan(self, count: int, fresh: int = 0, *,
             ended_early: random.Random | None = None) -> list[Plan]:
        """``count`` plans: :data:`COVERAGE` first, then ``fresh`` just-routed cases of
        several departments (nobody has claimed anything), then random ones — the
        last of which, given ``ended_early`` (its own stream), is a case not accepted."""
        rng, out = self.rng, []
        divisions = list(DIVISION_WEIGHTS)
        for i in range(count):
            if i < len(COVERAGE):
                cls, status, flags = COVERAGE[i]
                offering = [d for d in divisions if (d, cls) in self.entries]
                division = rng.choice(offering)
            elif i < len(COVERAGE) + fresh:
                cls, status, flags = "bundle", S.ROUTED, FRESH
                offering = [d for d in divisions if self._shared(d)]
                division = rng.choice(offering)
            else:
                division = rng.choices(divisions, list(DIVISION_WEIGHTS.values()))[0]
                classes = [c for c in CLASS_WEIGHTS if (division, c) in self.entries]
                cls = rng.choices(classes, [CLASS_WEIGHTS[c] for c in classes])[0]
                weights = STATUS_WEIGHTS[cls]
                status = rng.choices(list(weights), list(weights.values()))[0]
                flags = frozenset()
            out.append(self._plan(rng, division, cls, status, flags))
        if ended_early is not None and count > len(COVERAGE) + fresh:
            # The random plan above was still drawn, so the stream goes on as before.
            division = ended_early.choice([d for d in divisions if (d, "single") in self.entries])
            out[-1] = self._plan(ended_early, division, "single", S.NOT_ACCEPTED, ENDED_EARLY)
        return out

    def _plan(self, rng: random.Random, division: str, cls: str, status: CaseStatus,
              flags: frozenset[str]) -> Plan:
        entries = self.entries[(division, cls)]
        if flags == FRESH:
            entries = self._shared(division)
        if status == S.SUSPENDED:  # only items that have special procedures can be suspended
            entries = [e for e in entries if e.special_procedures] or entries
        entry = rng.choice(entries)
        back = self._age(status, entry.item.promised_days, cls == "immediate", rng)
        second = rng.choice((rng.randrange(510 * 60, 690 * 60),
                             rng.randrange(780 * 60, 990 * 60)))
        return Plan(DIVISION_BY_CODE[division], entry, cls, status, back, second, flags)

    def _shared(self, division: str) -> list[CatalogEntry]:
        """The division's bundles that really span departments."""
        return [e for e in self.entries.get((division, "bundle"), [])
                if len({s.department_code for s in e.departments}) > 1]

    def _age(self, status: CaseStatus, promised: int, immediate: bool,
             rng: random.Random) -> int:
        """Working days since acceptance that make ``status`` plausible; some run overdue."""
        p = promised
        if immediate:
            lo, hi = {S.IN_REVIEW: (0, 0), S.DECIDED: (0, 1), S.ISSUED: (0, 10)}.get(
                status, (1, 59))
        else:
            overdue = rng.random() < 0.12
            lo, hi = {
                S.ACCEPTED: (0, 1), S.ROUTED: (0, 1),
                S.IN_REVIEW: (p + 1, p + 8) if overdue else (0, max(1, p - 1)),
                S.AWAITING_APPLICANT: (1, 20), S.SUSPENDED: (2, 30),
                S.DECIDING: (max(1, p - 3), p + 2), S.DECIDED: (2, p + 6),
                S.REPORTED: (p, p + 20), S.ISSUED: (3, p + 20),
            }.get(status, (p + 5, 59))
        hi = min(hi, HISTORY_DAYS - 1)
        return rng.randint(min(lo, hi), hi)

    # -- build ----------------------------------------------------------------
    def build(self, plans: list[Plan]) -> Records:
        plans = [self._by_now(plan) for plan in plans]
        # By acceptance time, as serial numbers and document numbers go; a case ended
        # early comes last so that it takes nothing from the others' numbers or stream.
        order = sorted(range(len(plans)), key=lambda i: (plans[i].flags == ENDED_EARLY,
                                                         -plans[i].back, plans[i].second, i))
        for i in order:
            plan = plans[i]
            day = self.days_back[plan.back]
            self._serials[(plan.division.code, day)] += 1
            serial = self._serials[(plan.division.code, day)]
            code = f"{plan.division.code}-{day:%Y%m%d}-{serial:06d}"
            CaseLife(self, plan, code, self._accepted(plan.back, plan.second)).build()
        self.records.cases.sort(key=lambda c: c.accepted_at)  # stable: only the late one moves
        return self.records

    def _accepted(self, back: int, second: int) -> dt.datetime:
        hour, rest = divmod(second, 3600)
        return dt.datetime.combine(self.days_back[back], dt.time(hour, *divmod(rest, 60)),
                                   tzinfo=shanghai_tz())

    def _by_now(self, plan: Plan) -> Plan:
        """The plan, accepted a working day earlier at the same hour while that is after ``now``.

        Seeded at 10:00, a case the plan accepts today at 15:05 would show an
        acceptance hours ahead: the desk took it the day before. The day only
        moves back, so the stage stays plausible; without ``now`` nothing moves,
        and a plan depends on the seed and ``today`` alone.
        """
        back = plan.back
        while (self.now is not None and back + 1 < len(self.days_back)
               and self._accepted(back, plan.second) > self.now):
            back += 1
        return plan if back == plan.back else replace(plan, back=back)

    def due(self, accepted: dt.date, days: int, suspensions: list[Suspension],
            case_due: dt.date | None = None) -> dt.date:
        """The engine's (case or step) due date; memoised when no suspension is involved."""
        key = (accepted, days, case_due)
        if not suspensions and key in self._due_cache:
            return self._due_cache[key]
        if case_due is None:
            result = due_date(accepted, days, suspensions=suspensions, calendar=self.cal,
                              as_of=self.today)
        else:
            result = step_due_date(accepted, days, case_due, suspensions=suspensions,
                                   calendar=self.cal, as_of=self.today)
        found = plain(result)
        if not suspensions:
            self._due_cache[key] = found
        return found

    def document_number(self, division: Division, department: str, year: int,
                        escalate: bool) -> str:
        self._documents[(department, year)] += 1
        return document_number(department, year, self._documents[(department, year)],
                               escalate=escalate, division=division)


def document_number(department: str, year: int, n: int, *, escalate: bool = False,
                    division: Division | None = None) -> str:
    """The ``n``-th document number (文号) of ``department`` in ``year``: 吉市住建许〔2025〕3号.

    The division's prefix and the department's short name, as the public
    reads it (never the internal code); 报 for an escalation (上报告知书), 许
    otherwise. ``division`` defaults to the department's own, by its code; a
    department the demo does not know keeps its code in front.
    """
    division = division or DIVISION_BY_CODE.get(department.partition("-")[2])
    kind = KIND_BY_ABBR.get(abbr_of(department))
    prefix = department if division is None or kind is None else \
        f"{division.doc_prefix}{kind.short}"
    return f"{prefix}{'报' if escalate else '许'}〔{year}〕{n}号"


