"""The sandbox's demo data: reproducible, complete, and consistent with the domain's rules."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol, TypeVar

import pytest

from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.clock import shanghai_tz
from backoffice.domain.corrections import correction_suspension
from backoffice.domain.deadlines import due_date, extend, step_due_date
from backoffice.domain.model import (
    CaseKind,
    CorrectionNoticeStatus,
    DecisionKind,
    DecisionStatus,
    SpecialProcedure,
    Suspension,
    Verdict,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox.demo.cases import COVERAGE, HISTORY_DAYS
from backoffice.sandbox.demo.places import KIND_BY_ABBR, abbr_of
from backoffice.sandbox.demo_data import (
    DEMO_MARK,
    DemoData,
    generate,
    is_fictional,
)
from backoffice.store.inbox_query import CaseOutcome, case_outcome, completed_on
from ui.training import TRAINING_CASES

TODAY = dt.date(2025, 6, 16)  # a Monday after the Dragon Boat holiday (调休 around it)
N = 300
S, T = CaseStatus, TaskStatus
AFTER_OPINIONS = {S.DECIDING, S.DECIDED, S.REPORTED, S.ISSUED, S.ARCHIVED}


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(cases=N, seed=7, today=TODAY)


class _OfCase(Protocol):
    @property
    def case_code(self) -> str: ...


R = TypeVar("R", bound=_OfCase)


def _by_case(items: Iterable[R]) -> dict[str, list[R]]:
    out: dict[str, list[R]] = defaultdict(list)
    for item in items:
        out[item.case_code].append(item)
    return out


def _calendar(data: DemoData) -> WorkCalendar:
    return WorkCalendar.standard(PublishedCalendar.from_data(data.calendar_years))


# -- reproducibility -----------------------------------------------------------------------

def test_same_seed_gives_identical_data(data: DemoData) -> None:
    again = generate(cases=N, seed=7, today=TODAY)
    assert again == data
    for material in data.materials[::97]:
        sha = material.file_sha256
        assert sha is not None and again.files[sha] == data.files[sha]


def test_different_seed_gives_different_data(data: DemoData) -> None:
    other = generate(cases=N, seed=8, today=TODAY)
    assert [c.applicant for c in other.cases] != [c.applicant for c in data.cases]
    # a file shows the material, the case code and the applicant: two seeds rarely share one
    shared = {m.file_sha256 for m in other.materials} & {m.file_sha256 for m in data.materials}
    assert len(shared) < len(data.materials) // 20
    # the people and the catalog do not depend on the number of cases
    small = generate(cases=3, seed=7, today=TODAY)
    assert small.users == data.users and small.catalog == data.catalog


def test_seeded_at_an_instant_no_case_is_accepted_after_it(data: DemoData) -> None:
    now = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=shanghai_tz())
    late = sorted(c.accepted_at for c in data.cases if c.accepted_at > now)
    assert late, "no case the plan accepts after 10:00 today: the test shows nothing"
    seeded = generate(cases=N, seed=7, today=TODAY, now=now)
    assert max(c.accepted_at for c in seeded.cases) <= now
    # The desk took them the working day before (Friday), at the same hours.
    friday = dt.date(2025, 6, 13)
    assert sorted(c.accepted_at.timetz() for c in seeded.cases) == \
        sorted(c.accepted_at.timetz() for c in data.cases)
    moved = {c.accepted_at for c in seeded.cases} - {c.accepted_at for c in data.cases}
    assert sorted(moved) == [dt.datetime.combine(friday, t.timetz()) for t in late]
    assert {c.case_code[7:15] for c in seeded.cases if c.accepted_at in moved} == {"20250613"}
    # Reproducible for the same instant; earlier days' cases keep their codes and hours.
    assert generate(cases=N, seed=7, today=TODAY, now=now) == seeded
    before = dt.datetime.combine(friday, dt.time(0, 0), tzinfo=shanghai_tz())
    assert [(c.case_code, c.accepted_at) for c in seeded.cases if c.accepted_at < before] == \
        [(c.case_code, c.accepted_at) for c in data.cases if c.accepted_at < before]


# -- places, people, catalog ---------------------------------------------------------------

def test_departments_are_jilin_bodies_with_readable_codes(data: DemoData) -> None:
    divisions = dict(data.divisions)
    assert {"220000", "220100", "220200", "220400", "220681"} <= set(divisions)
    assert divisions["220100"] == "长春市" and divisions["220681"] == "临江市"
    codes = [d.code for d in data.departments]
    assert len(codes) == len(set(codes))
    for dept in data.departments:
        assert re.fullmatch(r"[A-Z]+-22\d{4}", dept.code)
        assert dept.code.endswith(dept.division_code)
    names = {d.code: d.name for d in data.departments}
    assert names["SCJG-220100"] == "长春市市场监督管理局"
    assert names["XFJY-220681"] == "临江市消防救援大队"


def test_every_department_has_reviewers_inspectors_and_a_signer(data: DemoData) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for user in data.users:
        roles[user.department_code].update(user.roles)
        assert user.username.isascii() and user.display_name.endswith(DEMO_MARK)
        assert set(user.roles) <= {"reviewer", "inspector", "signer", "coordinator"}
    for dept in data.departments:
        assert {"reviewer", "inspector", "signer"} <= roles[dept.code], dept.code
    assert len({u.username for u in data.users}) == len(data.users)
    assert "scjg.cc.reviewer1" in {u.username for u in data.users}
    # small offices: one person reviews and signs
    assert any({"reviewer", "signer"} <= set(u.roles) for u in data.users)
    assert any("coordinator" in u.roles for u in data.users)


def test_catalog_has_bundles_with_exactly_one_lead(data: DemoData) -> None:
    departments = {d.code for d in data.departments}
    bundles = [e for e in data.catalog if e.bundle is not None]
    assert {e.bundle for e in bundles} >= {"开办餐馆", "工程建设项目开工"}
    for entry in data.catalog:
        leads = [s for s in entry.departments if s.lead]
        assert len(leads) == 1
        assert leads[0].department_code == entry.item.department_code
        assert {s.department_code for s in entry.departments} <= departments
        assert entry.legal_basis.startswith("《")
        assert entry.item.promised_days <= entry.item.statutory_days
        assert all(s.step_days <= entry.item.promised_days for s in entry.departments)
        assert {m.department_code for m in entry.materials} <= {
            s.department_code for s in entry.departments}
        assert bool(entry.checklist) == any(s.needs_inspection for s in entry.departments)
        if entry.bundle is not None:
            assert len(entry.departments) >= 2
    restaurant = next(e for e in bundles if e.bundle == "开办餐馆")
    assert [s.department_code.split("-")[0] for s in restaurant.departments] == [
        "SCJG", "XFJY", "WSJK", "CSGL"]
    assert any(m.from_shared_platform for e in data.catalog for m in e.materials)
    assert any(m.deferrable for e in data.catalog for m in e.materials)


def test_seeded_inspections_give_each_department_its_own_points(data: DemoData) -> None:
    """A bundle's checklist marks each point 【short name】: a department's part and
    request hold exactly its own marks, as the request form gives them, never another's."""
    joint = data.inspections
    cases = {c.case_code: c for c in data.cases}
    entries = {e.item.code: e for e in data.catalog}
    assert len(joint.inspections) == 4 and joint.parts
    for department, case_code, points in (
            *((p.department_code, p.case_code, tuple(x.item for x in p.lines))
              for p in joint.parts),
            *((r.department_code, r.case_code, r.checklist) for r in joint.requests)):
        checklist = entries[cases[case_code].service_item_code].checklist
        mark = f"【{KIND_BY_ABBR[abbr_of(department)].short}】"
        assert points == tuple(x for x in checklist if x.startswith(mark)), department
        assert points  # every department that goes has points of its own


def test_applicants_are_fictional_and_marked(data: DemoData) -> None:
    assert all(is_fictional(c.applicant) for c in data.cases)
    assert {c.applicant.kind for c in data.cases} == {"person", "company"}
    assert all(c.site_address.startswith("吉林省") for c in data.cases)


# -- cases -----------------------------------------------------------------------------------

def test_cases_cover_every_stage_and_kind(data: DemoData) -> None:
    assert {c.status for c in data.cases} == set(CaseStatus)
    assert {c.kind for c in data.cases} == set(CaseKind)
    assert any(c.service_item_code.split("-")[1] == "YJS" for c in data.cases)


def test_a_case_not_accepted_ended_with_its_refusal_of_acceptance(data: DemoData) -> None:
    """不予受理: a written decision with reasons and legal basis; every review ended with it."""
    case = next(c for c in data.cases if c.status == CaseStatus.NOT_ACCEPTED)
    decision = next(d for d in data.decisions if d.case_code == case.case_code)
    assert decision.kind == DecisionKind.REFUSE_ACCEPTANCE
    assert decision.status == DecisionStatus.ISSUED and decision.document_number
    assert decision.reasons and "第三十二条" in decision.legal_basis
    assert decision.decided_on is not None and decision.decided_on >= case.accepted_at.date()
    tasks = [t for t in data.tasks if t.case_code == case.case_code]
    assert tasks and {t.status for t in tasks} == {TaskStatus.WITHDRAWN}
    assert not [n for n in data.correction_notices if n.case_code == case.case_code]


def test_case_codes_are_unique_and_unified(data: DemoData) -> None:
    codes = [c.case_code for c in data.cases]
    assert len(set(codes)) == len(codes) == N
    cal = _calendar(data)
    earliest = TODAY
    for _ in range(HISTORY_DAYS):
        earliest = cal.previous_working_day(earliest)
    for case in data.cases:
        division, day, serial = case.case_code.split("-")
        assert division == case.division_code and len(serial) == 6
        local = case.accepted_at.astimezone(shanghai_tz())
        assert day == f"{local:%Y%m%d}" and earliest <= local.date() <= TODAY
        assert cal.is_working_day(local.date())
        assert dt.time(8, 30) <= local.time() <= dt.time(16, 31)
    assert [c.accepted_at for c in data.cases] == sorted(c.accepted_at for c in data.cases)


def _tasks_fit(status: CaseStatus, tasks: set[TaskStatus]) -> bool:
    """The statuses of a case's own review tasks that its status allows."""
    if status == S.ROUTED:
        return tasks == {T.UNCLAIMED}
    if status == S.IN_REVIEW:  # at least one opinion is missing
        return tasks <= {T.UNCLAIMED, T.IN_REVIEW, T.OPINION_GIVEN} and tasks != {T.OPINION_GIVEN}
    if status == S.AWAITING_APPLICANT:  # the notice is out: someone waits for the applicant
        return T.AWAITING_APPLICANT in tasks and tasks <= {
            T.IN_REVIEW, T.OPINION_GIVEN, T.AWAITING_APPLICANT}
    if status == S.SUSPENDED:  # a special procedure stopped someone's clock
        return T.SUSPENDED in tasks and tasks <= {T.IN_REVIEW, T.OPINION_GIVEN, T.SUSPENDED}
    if status in (S.WITHDRAWN, S.NOT_ACCEPTED):  # ended before any decision on the merits
        return tasks == {T.WITHDRAWN}
    return tasks == {T.OPINION_GIVEN}  # deciding and after: every opinion is in


def test_tasks_agree_with_the_case_status(data: DemoData) -> None:
    entries = {e.item.code: e for e in data.catalog}
    reviewers = {(u.department_code, u.username) for u in data.users if "reviewer" in u.roles}
    tasks = _by_case(data.tasks)
    for case in data.cases:
        steps = {s.department_code for s in entries[case.service_item_code].departments}
        mine = [t for t in tasks.get(case.case_code, []) if t.status != T.TRANSFERRED]
        others = [t for t in tasks.get(case.case_code, []) if t.status == T.TRANSFERRED]
        statuses = Counter(t.status for t in mine)
        if case.status == S.ACCEPTED:  # routing creates the tasks
            assert not mine and not others
            continue
        assert sorted(t.department_code for t in mine) == sorted(steps), case.case_code
        assert all(t.department_code not in steps for t in others)
        assert _tasks_fit(case.status, set(statuses)), (case.case_code, case.status, statuses)
        for task in mine + others:
            if task.status in (T.UNCLAIMED, T.TRANSFERRED):
                assert task.assignee is None
            elif task.status != T.WITHDRAWN:
                assert (task.department_code, task.assignee) in reviewers
            assert bool(task.opinion) == (task.status == T.OPINION_GIVEN)
            assert task.step_due_date is not None and case.platform_due_date is not None
            assert task.step_due_date <= case.platform_due_date
    assert any(t.status == T.TRANSFERRED for t in data.tasks)
    assert any("不同意" in t.opinion for t in data.tasks)


def test_one_correction_notice_per_case_combining_departments(data: DemoData) -> None:
    cases = {c.case_code: c for c in data.cases}
    notices = _by_case(data.correction_notices)
    assert all(len(n) == 1 for n in notices.values())
    for case in data.cases:
        found = notices.get(case.case_code, [])
        if case.status == S.AWAITING_APPLICANT:
            assert [n.status for n in found] == [CorrectionNoticeStatus.ISSUED]
    for notice in data.correction_notices:
        case = cases[notice.case_code]
        assert notice.items and case.kind != CaseKind.IMMEDIATE
        assert (notice.status == CorrectionNoticeStatus.ISSUED) == (
            case.status == S.AWAITING_APPLICANT)
        if notice.issued_on is not None:
            assert case.accepted_at.date() < notice.issued_on <= TODAY
    assert {n.status for n in data.correction_notices} == set(CorrectionNoticeStatus)
    assert any(len({i.department_code for i in n.items}) > 1 for n in data.correction_notices)


def test_answered_notices_carry_the_day_the_corrections_came_in(data: DemoData) -> None:
    # The applicant's time, from the issue to the answer, stops the clock
    # (docs/deadlines.md): an answered notice without the day stops nothing.
    cal = _calendar(data)
    cases = {c.case_code: c for c in data.cases}
    decided = {d.case_code: d.decided_on for d in data.decisions if d.decided_on is not None}
    answered = [n for n in data.correction_notices
                if n.status == CorrectionNoticeStatus.ANSWERED]
    assert answered
    for notice in answered:
        assert notice.issued_on is not None and notice.answered_on is not None, notice
        assert notice.issued_on < notice.answered_on <= TODAY
        assert cal.is_working_day(notice.answered_on)
        assert cases[notice.case_code].accepted_at.date() < notice.issued_on
        if notice.case_code in decided:  # corrected before the decision
            assert notice.answered_on < decided[notice.case_code]
    for notice in data.correction_notices:
        if notice.status != CorrectionNoticeStatus.ANSWERED:
            assert notice.answered_on is None
    # Deterministic with the seed: the same days again; another seed, others.
    again = generate(cases=60, seed=7, today=TODAY)
    other = generate(cases=60, seed=8, today=TODAY)

    def days(d: DemoData) -> list[tuple[str, dt.date | None]]:
        return [(n.case_code, n.answered_on) for n in d.correction_notices
                if n.status == CorrectionNoticeStatus.ANSWERED]

    assert days(again) == days(generate(cases=60, seed=7, today=TODAY))
    assert days(again) != days(other)


def test_material_verdicts_follow_the_stage(data: DemoData) -> None:
    cases = {c.case_code: c for c in data.cases}
    failing = {(n.case_code, i.material_name) for n in data.correction_notices
               if n.status != CorrectionNoticeStatus.ANSWERED for i in n.items}
    for material in data.materials:
        case = cases[material.case_code]
        if case.status in (S.ACCEPTED, S.ROUTED):
            assert material.overall == Verdict.PENDING
        if (material.case_code, material.name) in failing:
            assert material.overall == Verdict.FAIL
        for check in material.checks:
            if check.verdict == Verdict.FAIL:
                assert check.note.strip()
    shared = [m for m in data.materials if m.from_shared_platform]
    assert shared and not {(m.case_code, m.name) for m in shared} & failing
    verdicts = {c.verdict for m in data.materials for c in m.checks}
    assert verdicts == set(Verdict)


def test_fresh_cases_are_just_routed_to_several_departments(data: DemoData) -> None:
    assert data.fresh_cases == ()  # only on request
    fresh = generate(cases=40, seed=3, today=TODAY, fresh=8)
    assert len(set(fresh.fresh_cases)) == 8
    tasks, materials = _by_case(fresh.tasks), _by_case(fresh.materials)
    touched = {r.case_code for r in (*fresh.correction_notices, *fresh.special_procedures,
                                     *fresh.extensions, *fresh.decisions)}
    for code in fresh.fresh_cases:
        case = next(c for c in fresh.cases if c.case_code == code)
        assert case.status == S.ROUTED and code not in touched
        assert len({t.department_code for t in tasks[code]}) >= 2
        assert all(t.status == T.UNCLAIMED and t.assignee is None for t in tasks[code])
        assert all(c.verdict == Verdict.PENDING for m in materials[code] for c in m.checks)
    again = generate(cases=40, seed=3, today=TODAY, fresh=8)
    assert again.fresh_cases == fresh.fresh_cases and again == fresh
    room = 20 - len(COVERAGE)  # the first cases are the coverage ones
    assert len(generate(cases=20, seed=3, today=TODAY, fresh=room).fresh_cases) == room
    for bad in (room + 1, -1):
        with pytest.raises(ValueError):
            generate(cases=20, seed=3, today=TODAY, fresh=bad)


def test_deferred_materials_carry_commitments(data: DemoData) -> None:
    cases = {c.case_code: c for c in data.cases}
    assert data.deferred
    for item in data.deferred:
        case = cases[item.case_code]
        assert item.commitment.strip() and item.committed_on == case.accepted_at.date()
        assert case.kind != CaseKind.IMMEDIATE
        if case.status in AFTER_OPINIONS:
            assert item.fulfilled_on is not None
        if item.fulfilled_on is not None:
            assert item.committed_on <= item.fulfilled_on <= TODAY
    assert any(d.outstanding(TODAY) for d in data.deferred)
    assert any(not d.outstanding(TODAY) for d in data.deferred)


def test_special_procedures_extensions_and_decisions(data: DemoData) -> None:
    cases = {c.case_code: c for c in data.cases}
    running = Counter(p.case_code for p in data.special_procedures if p.ended_on is None)
    for case in data.cases:
        assert running[case.case_code] == (1 if case.status == S.SUSPENDED else 0)
    for proc in data.special_procedures:
        assert cases[proc.case_code].accepted_at.date() <= proc.started_on <= TODAY
        assert proc.ended_on is None or proc.ended_on <= TODAY
    assert any(p.ended_on is not None for p in data.special_procedures)
    assert data.extensions and all(e.id and e.case_code in cases for e in data.extensions)
    decisions = _by_case(data.decisions)
    for case in data.cases:
        found = decisions.get(case.case_code, [])
        if case.status in (S.DECIDED, S.ISSUED, S.ARCHIVED, S.REPORTED):
            assert len(found) == 1, case.case_code
            decision = found[0]
            assert decision.decided_on is not None and decision.document_number
            assert case.accepted_at.date() <= decision.decided_on <= TODAY
            if case.kind == CaseKind.ESCALATED:
                assert decision.kind == DecisionKind.ESCALATE and decision.report_by
            else:
                assert decision.kind in (DecisionKind.GRANT, DecisionKind.REFUSE)
                expected = DecisionStatus.SEALED if case.status == S.DECIDED \
                    else DecisionStatus.ISSUED
                assert decision.status == expected
        elif case.status == S.DECIDING:
            assert all(d.status == DecisionStatus.DRAFT for d in found)
        elif case.status == S.NOT_ACCEPTED:
            assert [d.kind for d in found] == [DecisionKind.REFUSE_ACCEPTANCE]
        else:
            assert not found
    refusals = [d for d in data.decisions if d.kind == DecisionKind.REFUSE]
    assert refusals and all(d.reasons and d.legal_basis for d in refusals)


def test_a_decision_sealed_after_the_deadline_says_why(data: DemoData) -> None:
    # The desk will not seal a late decision without its reason: neither has the demo.
    due = {c.case_code: c.platform_due_date for c in data.cases}
    ended = [d for d in data.decisions if d.decided_on is not None
             and d.kind != DecisionKind.ESCALATE and d.status != DecisionStatus.DRAFT]
    late = [d for d in ended if (day := due[d.case_code]) is not None
            and d.decided_on is not None and d.decided_on > day]
    assert late and all(d.overdue_reason.strip() for d in late)
    assert all(not d.overdue_reason for d in ended if d not in late)


def _on_time_share(data: DemoData) -> tuple[int, int]:
    """(on time, late) among the completed cases, by the app's own rule (Efficiency, inbox)."""
    decisions = _by_case(data.decisions)
    outcomes = Counter(case_outcome(c.status.value, c.platform_due_date,
                                    completed_on(decisions[c.case_code]))
                       for c in data.cases)
    return outcomes[CaseOutcome.ON_TIME], outcomes[CaseOutcome.LATE]


@pytest.mark.parametrize("cases, seed", [(N, 7), (TRAINING_CASES, 1)])
def test_most_decided_cases_were_decided_on_time(cases: int, seed: int) -> None:
    # A one-visit hall decides nearly every case by its deadline; a few late ones
    # remain for the Efficiency dialog's list and the overdue reason. The training
    # platform seeds TRAINING_CASES cases with seed 1 (ui/training.py).
    data = generate(cases=cases, seed=seed, today=TODAY)
    on_time, late = _on_time_share(data)
    assert on_time + late > cases // 3
    assert 0.85 <= on_time / (on_time + late) < 0.99, (on_time, late)


def _stops(code: str, procedures: dict[str, list[SpecialProcedure]],
           answered: dict[str, Suspension]) -> list[Suspension]:
    """What stopped the case's clock: its procedures and the applicant's correction time."""
    return [p.suspension() for p in procedures.get(code, [])] + (
        [answered[code]] if code in answered else [])


def test_platform_deadlines_come_from_the_engine_except_a_handful(data: DemoData) -> None:
    cal = _calendar(data)
    procedures = _by_case(data.special_procedures)
    # An answered notice's days were the applicant's (docs/deadlines.md), as the
    # platform and the store count them.
    answered = {n.case_code: stop for n in data.correction_notices if n.status ==
                CorrectionNoticeStatus.ANSWERED and (stop := correction_suspension(
                    n.status, n.issued_on, n.answered_on)) is not None}
    assert answered
    extensions = {e.case_code: e for e in data.extensions}
    differing = set(data.deadline_differences)
    assert differing
    for case in data.cases:
        if case.status == S.ACCEPTED:
            assert case.platform_due_date is None
            continue
        suspensions = _stops(case.case_code, procedures, answered)
        due = due_date(case.accepted_at.date(), case.promised_days, suspensions=suspensions,
                       calendar=cal, as_of=TODAY)
        if case.case_code in extensions:
            due = extend(due, extensions[case.case_code], calendar=cal,
                         suspensions=suspensions, as_of=TODAY)
        assert (case.platform_due_date != due) == (case.case_code in differing), case.case_code
    tasks = [t for t in data.tasks if t.case_code not in differing]
    by_code = {c.case_code: c for c in data.cases}
    for task in tasks[::5]:
        case = by_code[task.case_code]
        assert case.platform_due_date is not None
        suspensions = _stops(case.case_code, procedures, answered)
        assert task.step_due_date == step_due_date(
            case.accepted_at.date(), task.step_days, case.platform_due_date,
            suspensions=suspensions, calendar=cal, as_of=TODAY)


def test_calendar_years_are_published_in_the_platform_format(data: DemoData) -> None:
    published = PublishedCalendar.from_data(data.calendar_years)
    assert {2024, 2025, 2026} <= published.years
    rules = published.rules_for(2025)
    assert rules is not None
    assert dt.date(2025, 10, 1) in rules.holidays and dt.date(2025, 9, 28) in rules.working_days


# -- scale ---------------------------------------------------------------------------------

def test_twenty_thousand_cases_generate() -> None:
    started = time.perf_counter()
    big = generate(cases=20_000, seed=1, today=TODAY)
    took = time.perf_counter() - started
    print(f"\ngenerate(cases=20000): {took:.1f} s, {len(big.materials)} materials, "
          f"{len(big.tasks)} tasks, {len(big.files)} files")
    assert len({c.case_code for c in big.cases}) == 20_000
    assert {c.status for c in big.cases} == set(CaseStatus)
    assert 0 < len(big.deadline_differences) < 100
