"""``generate()``: the whole demo data set, pure and reproducible from a seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backoffice.domain.calendar import ChineseCalendarPackage, PublishedCalendar, WorkCalendar
from backoffice.domain.model import (
    Case,
    CorrectionNotice,
    Decision,
    DeferredMaterial,
    Department,
    Extension,
    Material,
    ReviewTask,
    SpecialProcedure,
)
from backoffice.sandbox.demo.cases import COVERAGE, CaseFactory
from backoffice.sandbox.demo.catalog import CatalogEntry, build_catalog
from backoffice.sandbox.demo.files import DemoFiles, MaterialImages, find_cjk_font
from backoffice.sandbox.demo.inspections import DemoInspections, build_inspections
from backoffice.sandbox.demo.places import DIVISIONS, DemoUser, build_departments, build_users

CALENDAR_YEARS = (2024, 2025, 2026)


@dataclass(frozen=True, slots=True)
class DemoData:
    """Everything the sandbox platform serves, as domain objects.

    ``files`` is lazy (see :mod:`backoffice.sandbox.demo.files`): iterate it
    in order to write the files out; ``files[sha]`` draws one on demand.
    ``deadline_differences``: codes of the cases whose ``platform_due_date``
    deliberately differs from the deadline engine's answer. ``fresh_cases``:
    the codes of the cases ``generate(fresh=K)`` guarantees.
    """

    seed: int
    today: dt.date
    divisions: tuple[tuple[str, str], ...]  # (code, name)
    departments: tuple[Department, ...]
    users: tuple[DemoUser, ...]
    catalog: tuple[CatalogEntry, ...]
    cases: tuple[Case, ...]
    tasks: tuple[ReviewTask, ...]
    materials: tuple[Material, ...]
    deferred: tuple[DeferredMaterial, ...]
    correction_notices: tuple[CorrectionNotice, ...]
    special_procedures: tuple[SpecialProcedure, ...]
    extensions: tuple[Extension, ...]
    decisions: tuple[Decision, ...]
    files: Mapping[str, bytes]
    calendar_years: tuple[dict[str, Any], ...]
    deadline_differences: tuple[str, ...]
    fresh_cases: tuple[str, ...] = ()
    # Joint site inspections at every stage (backoffice/sandbox/demo/inspections.py).
    inspections: DemoInspections = field(default_factory=DemoInspections)


def calendar_years(today: dt.date) -> tuple[dict[str, Any], ...]:
    """The work calendar the platform publishes, in ``PublishedCalendar.from_data`` form.

    2024–2026 and the years around ``today``, as far as the chinesecalendar
    package knows them (a year it does not know is not published: the app
    then shows its deadlines as provisional, which is the truth).
    """
    package = ChineseCalendarPackage()
    years = sorted({*CALENDAR_YEARS, today.year - 1, today.year, today.year + 1})
    out = []
    for year in years:
        rules = package.rules_for(year)
        if rules is not None:
            out.append({
                "year": year,
                "holidays": sorted(d.isoformat() for d in rules.holidays),
                "working_days": sorted(d.isoformat() for d in rules.working_days),
            })
    return tuple(out)


def generate(*, cases: int, seed: int, today: dt.date, font: Path | None = None,
             fresh: int = 0, now: dt.datetime | None = None) -> DemoData:
    """The demo data set: ``cases`` cases accepted over the 60 working days before ``today``.

    Reproducible: the same arguments (and the same font file) give equal data,
    down to the file bytes. Never reads the clock. ``font``: a CJK font file;
    by default :func:`find_cjk_font` looks for one (``sandbox.no_cjk_font``).
    ``fresh``: that many of the cases (listed in ``fresh_cases``) are
    guaranteed just routed to two or more departments, every task unclaimed
    and every check pending — for tests and demos of the whole review; 0
    leaves the data exactly as without the option. ``now``: the instant of
    seeding (aware, on ``today``), after which no case is accepted: one the
    plan accepts later today is accepted the working day before at the same
    hour. Without it the data depend on the seed and ``today`` alone.
    """
    if cases < 0:
        raise ValueError(f"cases must be >= 0, not {cases}")
    room = max(0, cases - len(COVERAGE))  # fresh cases come after the coverage ones
    if not 0 <= fresh <= room:
        raise ValueError(f"{cases} cases leave room for 0 to {room} fresh ones, not {fresh}")
    # One stream per concern: the people and the catalog do not change with ``cases``.
    departments = build_departments()
    users = build_users(departments, random.Random(f"{seed}:users"))
    catalog = build_catalog(departments)
    years = calendar_years(today)
    calendar = WorkCalendar.standard(PublishedCalendar.from_data(years))
    files = DemoFiles(MaterialImages(font or find_cjk_font()))
    factory = CaseFactory(rng=random.Random(f"{seed}:cases"), today=today, calendar=calendar,
                          catalog=catalog, departments=departments, users=users, files=files,
                          answers=random.Random(f"{seed}:answers"),
                          timing=random.Random(f"{seed}:timing"), now=now)
    rec = factory.build(factory.plan(cases, fresh, ended_early=random.Random(f"{seed}:ended")))
    joint = build_inspections(today, rec.cases, rec.tasks, rec.materials, catalog, users,
                              rec.fresh, calendar, departments)
    return DemoData(
        seed=seed, today=today,
        divisions=tuple((d.code, d.name) for d in DIVISIONS),
        departments=departments, users=users, catalog=catalog,
        cases=tuple(rec.cases), tasks=tuple(rec.tasks), materials=tuple(rec.materials),
        deferred=tuple(rec.deferred), correction_notices=tuple(rec.notices),
        special_procedures=tuple(rec.procedures), extensions=tuple(rec.extensions),
        decisions=tuple(rec.decisions), files=files, calendar_years=years,
        deadline_differences=tuple(rec.deadline_differences), fresh_cases=tuple(rec.fresh),
        inspections=joint,
    )
