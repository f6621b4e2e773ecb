"""The trainee's colleagues in other departments, played by the live desk.

A trainee reviews a case with other departments on it: alone on the training
platform, nobody would claim their tasks, so the lead could never issue the
one combined correction notice (it waits for every department's review,
:mod:`backoffice.domain.notice_readiness`) nor the case reach its decision.
:class:`Colleagues` plays those other departments' reviewers on the cases a
trainee's department takes part in, as people would and through the
platform's own commands (every rule the back offices meet holds for them
too): some minutes after a task appears one of the department's reviewers
claims it; some minutes later they give a verdict on each pending check of
their materials and either put what the applicant must correct into the
case's draft notice or give their opinion. When the lead is one of theirs, its
reviewer issues the combined notice once every department has reviewed, and
decides the case once every opinion is in (draft, seal, issue:
:mod:`.live_decisions`). Their
inspectors answer a joint inspection the organiser proposes (confirm, or
decline saying why when the platform finds the time taken).

The minutes are the platform's clock's (the desk's), drawn per task from the
seed, so a test moves its clock and steps the desk. Tasks of the trainee's
department are never touched: those are the trainee's to do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from backoffice.domain.inspection_model import Answer
from backoffice.domain.model import CorrectionNoticeStatus, InspectionStatus, Verdict
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.auth import User
from backoffice.sandbox.demo.texts import GRANT_OPINIONS, correction_reason
from backoffice.sandbox.ledger import Ledger, Stored
from backoffice.sandbox.live_decisions import DECIDING, LeadDecisions, Retries
from backoffice.sandbox.platform import Clock, Platform
from backoffice.sandbox.practice import _records, _Refused, _reviewer, _run, _users
from backoffice.sandbox.review import unreviewed_departments

Event = tuple[str, str]
_OPEN_CASE = frozenset({CaseStatus.ROUTED.value, CaseStatus.IN_REVIEW.value})
# What a department going along checks on site, and says why.
_JOIN_REASON = "核实经营场所条件与申请材料是否一致"
_JOIN_POINTS = ("场所地址、面积与申请材料一致", "现场设施设备符合本部门审查要求")
_REVIEWING = frozenset({TaskStatus.UNCLAIMED.value, TaskStatus.IN_REVIEW.value})
# Why a department's inspectors cannot come at the proposed time.
_BUSY = "该时段本部门勘察人员另有安排，请另行商定勘察时间。"
_DONE_NOTICE = frozenset({CorrectionNoticeStatus.ISSUED.value,
                          CorrectionNoticeStatus.ANSWERED.value})


@dataclass(frozen=True, slots=True)
class Pace:
    """How long colleagues take, in minutes of the platform's clock (drawn in each range)."""

    claim: tuple[int, int] = (2, 6)
    review: tuple[int, int] = (4, 10)
    issue: tuple[int, int] = (2, 5)
    answer: tuple[int, int] = (3, 8)  # to a proposed joint inspection
    # The lead's decision when the lead is theirs: drafted once every opinion is in,
    # then the seal asked for, then issued once sealed.
    decide: tuple[int, int] = (5, 12)
    seal: tuple[int, int] = (3, 8)
    deliver: tuple[int, int] = (3, 10)
    # Chance that a department finds something the applicant must correct.
    correction: float = 0.5
    # Tasks acted on in one tick: the trainee's own cases first.
    per_step: int = 6


class Colleagues:
    """The other departments' reviewers on the cases ``departments`` take part in."""

    def __init__(self, platform: Platform, departments: Collection[str], *,
                 seed: int | None, clock: Clock, pace: Pace | None = None) -> None:
        self.platform, self.clock = platform, clock
        self.departments = frozenset(departments)
        self.seed = seed if seed is not None else random.randrange(1 << 30)
        self.pace = pace or Pace()
        # (record id, its state) → when the desk first saw it so: the colleague acts
        # a drawn number of minutes later.
        self._seen: dict[tuple[str, str], dt.datetime] = {}
        self._users: list[User] | None = None
        self.decisions = LeadDecisions(platform, self.pace, self._due, self.seed)
        self._retries = Retries(self._due)

    def step(self) -> list[Event]:
        if not self.departments:
            return []
        now = self.clock()
        users = self._users = self._users or _users(self.platform.engine)
        events: list[Event] = []
        budget = self.pace.per_step
        for _started, case_code in self._cases():
            if budget <= 0:
                break
            try:
                done = self._play_case(case_code, users, now, budget)
            except _Refused:
                continue  # a case the platform will not let go on now: left as it is
            events.extend(done)
            budget -= len(done)
        return events

    def _cases(self) -> list[tuple[bool, str]]:
        """Open cases the trainee's department takes part in; those it has started first."""
        cd = db.case_departments.c
        with self.platform.engine.connect() as conn:
            codes = conn.execute(select(cd.case_code).where(
                cd.department_code.in_(sorted(self.departments))).distinct()
            ).scalars().all()
            ledger = Ledger(conn)
            found = []
            for code in codes:
                case = ledger.get("case", code)
                if case is None or not (case.body["status"] in _OPEN_CASE or (
                        case.body["status"] in DECIDING
                        and case.body["lead_department"] not in self.departments)):
                    continue
                started = any(t.department_code in self.departments
                              and t.body["status"] != TaskStatus.UNCLAIMED.value
                              for t in ledger.of_case(code, "review_task"))
                found.append((not started, code))
        return [(not later, code) for later, code in sorted(found)]

    def _due(self, key: tuple[str, str], minutes: tuple[int, int], now: dt.datetime) -> bool:
        seen = self._seen.setdefault(key, now)
        wait = random.Random(f"{self.seed}:{key[0]}:{key[1]}").randint(*minutes)
        return now - seen >= dt.timedelta(minutes=wait)

    def _play_case(self, code: str, users: list[User], now: dt.datetime,
                   budget: int) -> list[Event]:
        events: list[Event] = []
        for task in _records(self.platform, code, "review_task"):
            if len(events) >= budget:
                return events
            department = str(task.department_code)
            if department in self.departments:
                continue
            status = task.body["status"]
            if status == TaskStatus.UNCLAIMED.value:
                if self._due((task.id, status), self.pace.claim, now):
                    reviewer = _reviewer(users, department, "")
                    _run(self.platform, reviewer, "task.claim", "review_task", task.id, {})
                    events.append(("colleague_claimed", task.id))
            elif status == TaskStatus.IN_REVIEW.value:
                holder = next((u for u in users if u.username == task.body.get("assignee")),
                              None)
                if holder is None or holder.department_code in self.departments:
                    continue
                if self._due((task.id, status), self.pace.review, now) and \
                        self._review(code, task, holder):
                    events.append(("colleague_reviewed", task.id))
        if len(events) < budget:
            events.extend(self._issue(code, users, now))
        if len(events) < budget:
            events.extend(self._answer_visits(code, users, now))
        case = self.platform.record("case", code)
        if len(events) < budget and case is not None and case.body["status"] in DECIDING \
                and case.body["lead_department"] not in self.departments:
            events.extend(self.decisions.step(case, users, now))
        return events

    def _join(self, code: str, visit: Stored, users: list[User],
              now: dt.datetime) -> list[Event]:
        """Their departments on the case go along to a site inspection the trainee's
        department asked for (one joint visit, 9.5.2.3), while no time is proposed yet."""
        if visit.body.get("lead_department") not in self.departments:
            return []
        going = set(visit.body.get("departments", ()))
        events: list[Event] = []
        for task in _records(self.platform, code, "review_task"):
            department = str(task.department_code)
            if department in going or department in self.departments or \
                    task.body["status"] not in _REVIEWING or \
                    not self._due((visit.id, f"{department}:join"), self.pace.claim, now):
                continue
            inspector = next((u for u in users if u.department_code == department
                              and "inspector" in u.roles), None)
            if inspector is None:
                continue
            _run(self.platform, inspector, "inspection.request", "case", code, {
                "department_code": department, "reason": _JOIN_REASON,
                "checklist": list(_JOIN_POINTS)})
            going.add(department)
            events.append(("colleague_joined", visit.id))
        return events

    def _answer_visits(self, code: str, users: list[User], now: dt.datetime) -> list[Event]:
        """Their departments' answers to a proposed joint inspection, by one of their
        inspectors: confirmed; declined, saying why, when the platform finds the time
        taken (the organiser proposes another)."""
        events: list[Event] = []
        for visit in _records(self.platform, code, "inspection"):
            if visit.body["status"] == InspectionStatus.REQUESTED.value:
                events.extend(self._join(code, visit, users, now))
            if visit.body["status"] != InspectionStatus.PROPOSED.value:
                continue
            proposal = int(visit.body.get("proposal") or 0)
            for given in visit.body.get("answers", ()):
                department = str(given["department_code"])
                if department in self.departments or given["answer"] != Answer.PENDING.value \
                        or not self._due((visit.id, f"{department}:{proposal}"),
                                         self.pace.answer, now):
                    continue
                inspector = next((u for u in users if u.department_code == department
                                  and "inspector" in u.roles), None)
                if inspector is None:
                    continue
                said = {"department_code": department, "proposal": proposal}
                try:
                    _run(self.platform, inspector, "inspection.confirm", "inspection",
                         visit.id, said)
                    events.append(("colleague_confirmed", visit.id))
                except _Refused:
                    _run(self.platform, inspector, "inspection.decline", "inspection",
                         visit.id, {**said, "reason": _BUSY})
                    events.append(("colleague_declined", visit.id))
        return events

    def _review(self, code: str, task: Stored, holder: User) -> bool:
        """Verdicts on the department's pending checks, then items or the opinion.

        False when there is nothing to do now (its items wait in the draft notice).
        """
        department = str(task.department_code)
        notices = _records(self.platform, code, "correction_notice")
        in_draft = any(i["department_code"] == department
                       for n in notices if n.body["status"] == CorrectionNoticeStatus.DRAFT.value
                       for i in n.body.get("items", ()))
        if in_draft:
            return False
        # A second notice needs a reason the desk cannot give: only the first finds defects.
        first_round = not any(n.body["status"] in _DONE_NOTICE for n in notices)
        rng = random.Random(f"{self.seed}:{task.id}:verdicts")
        finds = first_round and rng.random() < self.pace.correction
        items: list[dict[str, str]] = []
        for material in _records(self.platform, code, "material"):
            if material.department_code != department:
                continue
            checks = [c for c in material.body.get("checks", ())
                      if c["verdict"] == Verdict.PENDING.value]
            for n, check in enumerate(checks):
                fail = finds and not items and n == len(checks) - 1 and \
                    not material.body.get("from_shared_platform")
                reason = correction_reason(str(material.body["name"])) if fail else ""
                payload = {"check": check["check"],
                           "verdict": (Verdict.FAIL if fail else Verdict.PASS).value}
                if fail:
                    payload["note"] = reason
                    items.append({"material_name": material.body["name"],
                                  "department_code": department, "reason": reason})
                _run(self.platform, holder, "material.verdict", "material", material.id,
                     payload)
        if items:
            _run(self.platform, holder, "task.request_correction", "review_task", task.id,
                 {"items": items})
        else:
            opinion = GRANT_OPINIONS[rng.randrange(len(GRANT_OPINIONS))]
            _run(self.platform, holder, "task.give_opinion", "review_task", task.id,
                 {"opinion": opinion})
        return True

    def _issue(self, code: str, users: list[User], now: dt.datetime) -> list[Event]:
        """The combined notice, issued by the lead's reviewer when the lead is theirs.

        Its minutes start once every department has reviewed, as the platform
        counts it when the notice is issued (the trainee's department may still
        be at it); a refusal all the same starts them anew.
        """
        case = self.platform.record("case", code)
        if case is None or case.body["lead_department"] in self.departments:
            return []
        draft = next((n for n in _records(self.platform, code, "correction_notice")
                      if n.body["status"] == CorrectionNoticeStatus.DRAFT.value
                      and n.body.get("items")), None)
        if draft is None:
            return []
        with self.platform.engine.connect() as conn:
            if unreviewed_departments(Ledger(conn), code):
                return []
        if not self._retries.due(draft.id, "issue", self.pace.issue, now):
            return []
        lead = str(case.body["lead_department"])
        try:
            _run(self.platform, _reviewer(users, lead, ""), "correction_notice.issue",
                 "correction_notice", draft.id, {})
        except _Refused:
            return self._retries.refused(draft.id, "issue")
        return [("colleague_issued", draft.id)]
