"""One case's life: the tasks, materials and records its stage implies.

Everything is derived from the case's status (picked by the plan in
:mod:`.cases`), so the records agree with each other by construction; the
rules are spelled out in :func:`task_statuses` and the builder's methods,
and checked by ``tests/sandbox/test_demo_data.py``.

Timeline of a case, in working days after acceptance (``j``): corrections
are asked within 5 days (Art. 32); special procedures and the answered
notice lie before the decision (``horizon``); nothing lies after ``today``.
The applicant's time on an answered notice, issue to answer, stops the
case's clock like a procedure (docs/deadlines.md), so the case's and its
tasks' dates count it.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from backoffice.domain.corrections import correction_suspension
from backoffice.domain.deadlines import JOINT_EXTENSION_DAYS, STATUTORY_EXTENSION_DAYS, extend
from backoffice.domain.model import (
    Case,
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Decision,
    DecisionKind,
    DecisionStatus,
    DeferredMaterial,
    Extension,
    Material,
    ReviewTask,
    SpecialProcedure,
    Suspension,
    Verdict,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox.demo import people
from backoffice.sandbox.demo.catalog import CatalogEntry, MaterialSpec, StepSpec
from backoffice.sandbox.demo.places import Division, site_address
from backoffice.sandbox.demo.texts import (
    ESCALATION_REASON,
    EXTENSION_REASONS,
    GRANT_OPINIONS,
    GRANT_REASONS,
    INSPECTED_OPINIONS,
    OVERDUE_REASONS,
    commitment,
    correction_reason,
)

if TYPE_CHECKING:
    from backoffice.sandbox.demo.cases import CaseFactory

S, T = CaseStatus, TaskStatus

OPINION_STAGES = frozenset({S.DECIDING, S.DECIDED, S.REPORTED, S.ISSUED, S.ARCHIVED})
DONE = frozenset({S.DECIDED, S.REPORTED, S.ISSUED, S.ARCHIVED})
# Never under way long enough for a special procedure or an extension.
ENDED_EARLY = frozenset({S.ACCEPTED, S.ROUTED, S.WITHDRAWN, S.NOT_ACCEPTED})
# Of the decided cases, about this many were decided after their deadline: a one-visit
# hall decides nearly all in time, and a few late ones show the overdue reason.
LATE_SHARE = 0.1
# Why the desk refused to accept (不予受理), with the law it rests on. Every item of the
# catalog is its department's to grant, so "not this authority's" fits none of them; a
# case not complete is told what to correct instead (补正), never refused for it.
NOT_ACCEPTED = (
    ("申请事项依法不需要取得行政许可，本机关不予受理。",
     "《中华人民共和国行政许可法》第三十二条第一款第（一）项"),
    ("申请人不具备申请该事项的主体资格，本机关不予受理。",
     "《中华人民共和国行政许可法》第三十二条"),
    ("申请的经营项目不属于本事项的受理范围，本机关不予受理，请按实际经营项目申请相应事项。",
     "《中华人民共和国行政许可法》第三十二条"),
)


def not_accepted(case_code: str) -> tuple[str, str]:
    """The refusal of acceptance of ``case_code`` and its basis: drawn from the code, so
    the generator's random sequence (and so every other case) is as it was."""
    return NOT_ACCEPTED[zlib.crc32(case_code.encode("utf-8")) % len(NOT_ACCEPTED)]


def task_statuses(status: CaseStatus, steps: int, rng: random.Random) -> list[TaskStatus]:
    """The review tasks' statuses a case in ``status`` implies, one per step.

    No tasks before routing; a withdrawn case's tasks are withdrawn; from
    ``deciding`` on every opinion is in. While the notice is out at least one
    department waits for the applicant, while a special procedure runs at least
    one is suspended, and ``in_review`` means at least one opinion is missing.
    """
    if status == S.ACCEPTED:
        return []
    if status == S.ROUTED:
        return [T.UNCLAIMED] * steps
    if status in (S.WITHDRAWN, S.NOT_ACCEPTED):  # not accepted: every review ended with it
        return [T.WITHDRAWN] * steps
    if status in OPINION_STAGES:
        return [T.OPINION_GIVEN] * steps
    if status == S.IN_REVIEW:
        out = rng.choices([T.UNCLAIMED, T.IN_REVIEW, T.OPINION_GIVEN], [25, 45, 30], k=steps)
        if all(t == T.OPINION_GIVEN for t in out):
            out[rng.randrange(steps)] = T.IN_REVIEW
        return out
    waiting = T.AWAITING_APPLICANT if status == S.AWAITING_APPLICANT else T.SUSPENDED
    out = rng.choices([T.IN_REVIEW, T.OPINION_GIVEN, waiting], [30, 30, 40], k=steps)
    if waiting not in out:
        out[rng.randrange(steps)] = waiting
    return out


@dataclass(frozen=True, slots=True)
class Plan:
    division: Division
    entry: CatalogEntry
    cls: str
    status: CaseStatus
    back: int  # accepted this many working days before today
    second: int  # of the day, in office hours (08:30-11:30, 13:00-16:30)
    flags: frozenset[str]


@dataclass(slots=True)
class Records:
    cases: list[Case] = field(default_factory=list)
    tasks: list[ReviewTask] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    deferred: list[DeferredMaterial] = field(default_factory=list)
    notices: list[CorrectionNotice] = field(default_factory=list)
    procedures: list[SpecialProcedure] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    deadline_differences: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)  # codes of the plans flagged "fresh"


_A, _L, _C = Check.AUTHENTICITY, Check.LEGALITY, Check.CONFORMITY
PENDING = (CheckVerdict(_A), CheckVerdict(_L), CheckVerdict(_C))
PASSED = tuple(CheckVerdict(c, Verdict.PASS) for c in (_A, _L, _C))
PARTIAL = (CheckVerdict(_A, Verdict.PASS), CheckVerdict(_L), CheckVerdict(_C))
SHARED = (CheckVerdict(_A, Verdict.PASS, "经政务数据共享平台核验，电子证照有效"),
          CheckVerdict(_L, Verdict.PASS),
          CheckVerdict(_C, Verdict.NOT_APPLICABLE, "电子证照，无需核对格式"))


def failed(check: Check, note: str) -> tuple[CheckVerdict, ...]:
    """One check failed with its reason (it goes into the notice), the others passed."""
    return tuple(CheckVerdict(c, Verdict.FAIL, note) if c == check
                 else CheckVerdict(c, Verdict.PASS) for c in (_A, _L, _C))


def plain(day: dt.date) -> dt.date:
    """A plain date: the platform sends dates, not the engine's flagged DueDate."""
    return dt.date.fromordinal(day.toordinal())


class CaseLife:
    """One case and its records; methods in the order the case lived them."""

    def __init__(self, factory: CaseFactory, plan: Plan, code: str,
                 accepted: dt.datetime) -> None:
        self.f, self.plan, self.code, self.accepted = factory, plan, code, accepted
        self.rng = factory.rng
        self.entry, self.status = plan.entry, plan.status
        self.acc = accepted.date()
        self.k = plan.back
        self.flags = plan.flags
        self.p = self.entry.item.promised_days
        self.immediate = plan.cls == "immediate"
        # the last day anything of the case happened: its decision, or today while open
        self.horizon = self._decision_day() if self.status in DONE else self.k
        if self.status == S.NOT_ACCEPTED:  # refused within days of the application (Art. 32)
            self.horizon = min(self.k, self.rng.randint(1, 2))
        division = plan.division
        self.applicant = people.applicant(division, self.entry.applicants, self.entry.industry,
                                          self.rng)
        self.refused = (self.status in DONE | {S.DECIDING} and plan.cls != "escalated"
                        and self.chance(0.1, "refuse"))
        self.shift = 0  # the working days the platform's date is off the engine's ("differs")

    def day(self, j: int) -> dt.date:
        """The ``j``-th working day after acceptance, never after today."""
        return self.f.days_back[max(0, self.k - j)]

    def chance(self, p: float, flag: str) -> bool:
        return flag in self.flags or self.rng.random() < p

    def _decision_day(self) -> int:
        """``j`` of the decision: by the promise, but for a few (:data:`LATE_SHARE`).

        Archived cases were decided around the promise, the others recently (an
        issued licence follows within days, Art. 44) unless that is past the
        promise: then in the days before it. The ``p``-th working day lies on or
        before the due date ``_case_due`` gives (procedures, the applicant's
        correction time and extensions only move it later), so a decision by it is
        on time; whichever decisions fall after the due date the case ends up with
        (a platform that counts differently included) get their overdue reason
        there (``_decision``).
        """
        k, p, rng, timing = self.k, self.p, self.rng, self.f.timing
        # The case's own stream draws what it drew before on-time decisions were
        # asked for; whether late, and any redrawn day, come from the timing stream,
        # so the rest of the seeded data stays where it was.
        late = "late" in self.flags or timing.random() < LATE_SHARE
        if self.status == S.ARCHIVED:
            off = rng.randint(-3, 1)
            if late and off <= 0:
                off = timing.randint(1, 3)
            elif not late and off > 0:
                off = timing.randint(-3, 0)
            return max(0, min(k - 1, p + off))
        lag = {S.DECIDED: 2, S.REPORTED: 5, S.ISSUED: 6}[self.status]
        j = k - rng.randint(0, min(k, lag))
        if late or j <= p:
            return j
        return p - timing.randint(0, min(p, lag))

    def build(self) -> None:
        rec, entry, rng = self.f.records, self.entry, self.rng
        division = self.plan.division
        applicant = self.applicant
        procedures = self._procedures()
        suspensions = [p.suspension() for p in procedures]
        extension = self._extension()
        due: dt.date | None = None
        if self.status != S.ACCEPTED:  # the platform computes deadlines when it routes
            due = self._case_due(suspensions, extension)
            if self.p and self.chance(0.001, "differs"):  # the platform counted differently
                self.shift = 1 if rng.random() < 0.5 or due <= self.acc else -1
                due = self._shifted(due)
                rec.deadline_differences.append(self.code)
        rec.cases.append(Case(
            self.code, entry.item.code, entry.item.name, applicant, entry.lead.department_code,
            entry.item.kind, self.status, self.accepted, self.p, entry.item.statutory_days,
            division.code, site_address(division, rng), due))
        rec.procedures += procedures
        if "fresh" in self.flags:
            rec.fresh.append(self.code)
        if extension is not None:
            rec.extensions.append(extension)
        first_task = len(rec.tasks)
        tasks = self._tasks(due, suspensions)
        notice = self._notice(tasks)
        if due is not None and notice is not None and notice.answered_on is not None:
            stop = correction_suspension(notice.status, notice.issued_on, notice.answered_on)
            if stop is not None:
                due = self._redate(first_task, [*suspensions, stop], extension)
        deferral = self._deferral()
        self._materials(tasks, notice, deferral)
        self._decision(due)

    def _case_due(self, suspensions: list[Suspension], extension: Extension | None) -> dt.date:
        due = self.f.due(self.acc, self.p, suspensions)
        if extension is None:
            return due
        return plain(extend(due, extension, calendar=self.f.cal, suspensions=suspensions,
                            as_of=self.f.today))

    def _shifted(self, due: dt.date) -> dt.date:
        """``due`` as the platform counted it: a working day off for a case that differs."""
        if self.shift > 0:
            return self.f.cal.next_working_day(due)
        return self.f.cal.previous_working_day(due) if self.shift < 0 else due

    def _redate(self, first_task: int, suspensions: list[Suspension],
                extension: Extension | None) -> dt.date:
        """The case's and its tasks' dates again, with the applicant's correction time.

        That time stood the clock (docs/deadlines.md), as the platform and the
        store count it; the tasks were made before the notice they waited on.
        """
        rec = self.f.records
        due = self._shifted(self._case_due(suspensions, extension))
        rec.cases[-1] = replace(rec.cases[-1], platform_due_date=due)
        for i in range(first_task, len(rec.tasks)):
            task = rec.tasks[i]
            rec.tasks[i] = replace(task, step_due_date=self.f.due(
                self.acc, task.step_days, suspensions, due))
        return due

    # -- records ----------------------------------------------------------------
    def _procedures(self) -> list[SpecialProcedure]:
        kinds, rng = self.entry.special_procedures, self.rng
        if not kinds or self.immediate:
            return []
        if self.status == S.SUSPENDED:
            start = self.day(rng.randint(1, max(1, self.k - 1)))
            notified = self.f.cal.next_working_day(start)
            return [SpecialProcedure(f"{self.code}-P1", self.code, rng.choice(kinds), start, None,
                                     notified if notified <= self.f.today else start)]
        eligible = self.status not in ENDED_EARLY and self.horizon >= 4
        if not eligible or not self.chance(0.10, "procedure"):
            return []
        j1 = rng.randint(1, self.horizon - 3)
        j2 = rng.randint(j1 + 1, min(self.horizon - 1, j1 + 10))
        return [SpecialProcedure(f"{self.code}-P1", self.code, rng.choice(kinds), self.day(j1),
                                 self.day(j2), self.day(j1))]

    def _extension(self) -> Extension | None:
        eligible = (not self.immediate and self.p >= 3 and self.horizon >= 2
                    and self.status not in ENDED_EARLY)
        if not eligible or not self.chance(0.02, "extension"):
            return None
        days = JOINT_EXTENSION_DAYS if self.plan.cls == "bundle" else STATUTORY_EXTENSION_DAYS
        approver = self.f.signers[self.entry.lead.department_code]
        return Extension(days, self.rng.choice(EXTENSION_REASONS), approver,
                         self.day(self.rng.randint(1, self.horizon)), self.code, f"{self.code}-E1")

    def _tasks(self, due: dt.date | None,
               suspensions: list[Suspension]) -> dict[str, ReviewTask]:
        rng, steps = self.rng, self.entry.departments
        statuses = task_statuses(self.status, len(steps), rng)
        refused = self.refused
        out: dict[str, ReviewTask] = {}
        if not statuses:  # not routed yet
            return out
        for n, (step, status) in enumerate(zip(steps, statuses, strict=True), start=1):
            claimed = status not in (T.UNCLAIMED, T.TRANSFERRED) and not (
                status == T.WITHDRAWN and rng.random() < 0.3)
            assignee = rng.choice(self.f.reviewers[step.department_code]) if claimed else None
            opinion = self._opinion(step, refused) if status == T.OPINION_GIVEN else ""
            step_due = None if due is None \
                else self.f.due(self.acc, step.step_days, suspensions, due)
            out[step.department_code] = ReviewTask(
                f"{self.code}-T{n}", self.code, step.department_code, status, step.step_days,
                assignee, opinion, step_due)
        self.f.records.tasks += out.values()
        if "fresh" not in self.flags and self.chance(0.04, "transferred"):
            self._transferred(len(steps) + 1, steps[0], due, suspensions)
        return out

    def _transferred(self, n: int, step: StepSpec, due: dt.date | None,
                     suspensions: list[Suspension]) -> None:
        """A task routed to a department it did not concern; that department handed it on."""
        division = self.plan.division.code
        involved = {s.department_code for s in self.entry.departments}
        others = [c for c, d in self.f.departments.items()
                  if d.division_code == division and c not in involved]
        if not others:
            return
        step_due = None if due is None else self.f.due(self.acc, step.step_days, suspensions, due)
        self.f.records.tasks.append(ReviewTask(
            f"{self.code}-T{n}", self.code, self.rng.choice(others), T.TRANSFERRED,
            step.step_days, None, "", step_due))

    def _opinion(self, step: StepSpec, refused: bool) -> str:
        if self.plan.cls == "escalated":
            return "经初审，申请材料齐全，符合上报条件，同意上报上级机关审批。"
        if refused and step.lead:
            return f"经审查，{self.entry.refusal}，不同意准予许可。"
        pool = INSPECTED_OPINIONS if step.needs_inspection else GRANT_OPINIONS
        return self.rng.choice(pool)

    def _notice(self, tasks: dict[str, ReviewTask]) -> CorrectionNotice | None:
        """At most one notice a case (一次性告知): out, answered, or a draft being combined."""
        rng, status = self.rng, self.status
        if self.immediate or status in (S.ACCEPTED, S.ROUTED):
            return None
        answered: dt.date | None = None
        if status == S.AWAITING_APPLICANT:
            depts = [d for d, t in tasks.items() if t.status == T.AWAITING_APPLICANT]
            # by the promise, or the clock the notice stops would have run out already
            kind = CorrectionNoticeStatus.ISSUED
            j = rng.randint(1, min(5, self.k))
            issued = self.day(j if j <= self.p else self.f.timing.randint(1, self.p))
        elif self.horizon >= 3 and self.chance(0.18, "answered"):
            depts = rng.sample(list(tasks), min(len(tasks), rng.choice((1, 1, 2))))
            kind = CorrectionNoticeStatus.ANSWERED
            j = rng.randint(1, min(5, self.horizon - 2))
            issued = self.day(j)
            # The corrections came in up to two weeks later, before the decision
            # (and today): a working day strictly after the issue.
            answered = self.day(j + self.f.answers.randint(1, min(10, self.horizon - 1 - j)))
        elif status == S.IN_REVIEW and self.chance(0.12, "draft"):
            depts = [d for d, t in tasks.items() if t.status == T.IN_REVIEW][:1]
            kind, issued = CorrectionNoticeStatus.DRAFT, None
        else:
            return None
        items = []
        for dept in depts:
            specs = [m for m in self.entry.materials
                     if m.department_code == dept and not m.from_shared_platform]
            for spec in rng.sample(specs, min(len(specs), rng.choice((1, 1, 2)))):
                items.append(CorrectionItem(spec.name, dept, correction_reason(spec.name)))
        if not items:
            return None
        notice = CorrectionNotice(f"{self.code}-N1", self.code, tuple(items), kind, issued,
                                  answered_on=answered)
        self.f.records.notices.append(notice)
        return notice

    def _deferral(self) -> DeferredMaterial | None:
        rng = self.rng
        specs = [m for m in self.entry.materials if m.deferrable]
        if self.immediate or not specs or not self.chance(0.25, "deferred"):
            return None
        spec = rng.choice(specs)
        days = rng.choice((5, 10, 15))
        due = self.f.cal.add_working_days(self.acc, days)
        # every commitment is kept by the time all opinions are in; before that, half are
        settled = self.status in OPINION_STAGES or (self.k >= 2 and rng.random() < 0.5)
        first = min(1, self.horizon)
        fulfilled = self.day(rng.randint(first, max(first, min(days, self.horizon)))) \
            if settled else None
        deferred = DeferredMaterial(f"{self.code}-R1", self.code, spec.name,
                                    commitment(self.applicant, spec.name, due), self.acc, due,
                                    fulfilled, department_code=spec.department_code)
        self.f.records.deferred.append(deferred)
        return deferred

    def _materials(self, tasks: dict[str, ReviewTask], notice: CorrectionNotice | None,
                   deferral: DeferredMaterial | None) -> None:
        rng, files = self.rng, self.f.files
        strip = files.add_case(self.code, self.applicant.name)
        failing: dict[str, str] = {}
        if notice is not None and notice.status != CorrectionNoticeStatus.ANSWERED:
            failing = {i.material_name: i.reason for i in notice.items}
        outstanding = deferral.material_name if deferral and deferral.fulfilled_on is None else None
        decisive = next((m.name for m in self.entry.materials
                         if m.department_code == self.entry.lead.department_code
                         and not m.from_shared_platform), None) if self.refused else None
        out = self.f.records.materials
        for n, spec in enumerate(self.entry.materials, start=1):
            if not spec.required and rng.random() < 0.3:
                continue  # an optional material this applicant did not hand in
            shared = spec.from_shared_platform and rng.random() < 0.9
            task = tasks.get(spec.department_code)
            checks = self._checks(spec, task, shared, failing, outstanding, decisive)
            out.append(Material(
                f"{self.code}-M{n:02d}", self.code, spec.name, spec.department_code,
                spec.required, spec.original_required, files.add_material(strip, spec.name),
                shared, checks))

    def _checks(self, spec: MaterialSpec, task: ReviewTask | None, shared: bool,
                failing: dict[str, str], outstanding: str | None,
                decisive: str | None) -> tuple[CheckVerdict, ...]:
        """Verdicts as far as the reviewing department has got."""
        state = task.status if task is not None else T.UNCLAIMED
        if state == T.WITHDRAWN:
            state = self.rng.choice((T.UNCLAIMED, T.OPINION_GIVEN))
        if state == T.UNCLAIMED:
            return PENDING
        if spec.name in failing:
            reason = failing[spec.name]
            return failed(_C if "未标注" in reason or "不符" in reason else _L, reason)
        if spec.name == decisive:
            return failed(_L, self.entry.refusal)
        if state == T.IN_REVIEW:  # the reviewer is part-way through
            pool = (SHARED, PENDING) if shared else (PASSED, PASSED, PARTIAL, PENDING)
            return self.rng.choice(pool)
        if shared:
            return SHARED
        if spec.name == outstanding:
            return (CheckVerdict(_A, Verdict.PASS), CheckVerdict(_L, Verdict.PASS),
                    CheckVerdict(_C, Verdict.PENDING, "容缺受理，待申请人按承诺补正"))
        return PASSED

    def _overdue_reason(self, on: dt.date, due: dt.date | None) -> str:
        """Why a decision sealed after the deadline was late: the desk asks for one.

        Chosen by the case code, not drawn: a draw would move every later
        record of the demo data.
        """
        if due is None or on <= due:
            return ""
        return OVERDUE_REASONS[zlib.crc32(self.code.encode()) % len(OVERDUE_REASONS)]

    def _decision(self, due: dt.date | None) -> None:
        rng, status, entry = self.rng, self.status, self.entry
        lead = entry.lead.department_code
        division = self.plan.division
        if status in DONE:
            on = self.day(self.horizon)
            if self.plan.cls == "escalated":
                report_by = due or self.f.cal.add_working_days(self.acc, 20)
                self.f.records.decisions.append(Decision(
                    f"{self.code}-D1", self.code, lead, DecisionKind.ESCALATE,
                    DecisionStatus.SEALED, ESCALATION_REASON, entry.legal_basis, on,
                    self.f.document_number(division, lead, on.year, True), report_by))
                return
            kind = DecisionKind.REFUSE if self.refused else DecisionKind.GRANT
            reasons = f"{entry.refusal}。" if self.refused else rng.choice(GRANT_REASONS)
            sealed = DecisionStatus.SEALED if status == S.DECIDED else DecisionStatus.ISSUED
            self.f.records.decisions.append(Decision(
                f"{self.code}-D1", self.code, lead, kind, sealed, reasons, entry.legal_basis, on,
                self.f.document_number(division, lead, on.year, False),
                overdue_reason=self._overdue_reason(on, due)))
        elif status == S.NOT_ACCEPTED:
            on = self.day(self.horizon)
            reason, basis = not_accepted(self.code)
            self.f.records.decisions.append(Decision(
                f"{self.code}-D1", self.code, lead, DecisionKind.REFUSE_ACCEPTANCE,
                DecisionStatus.ISSUED, reason, basis, on,
                self.f.document_number(division, lead, on.year, False),
                overdue_reason=self._overdue_reason(on, due)))
        elif status == S.DECIDING and self.plan.cls != "escalated" and rng.random() < 0.4:
            kind = DecisionKind.REFUSE if self.refused else DecisionKind.GRANT
            reasons = f"{entry.refusal}。" if self.refused else rng.choice(GRANT_REASONS)
            self.f.records.decisions.append(Decision(
                f"{self.code}-D1", self.code, lead, kind, DecisionStatus.DRAFT, reasons,
                entry.legal_basis))
