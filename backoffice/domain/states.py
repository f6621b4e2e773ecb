"""Case and review-task life cycles as explicit state machines.

The allowed transitions are data (tables below), so the UI can ask what a
person may do next and the store can refuse anything else. A transition
that is not in the table raises :class:`IllegalTransition` naming both
states: that is how out-of-order handling (逆程序, clause 11.3 b) is
prevented rather than merely reported.

A state with no outgoing edge is final (archived or withdrawn cases;
transferred or withdrawn tasks): ``allowed_actions`` is empty there, which
is all the UI and the store need to know.

A task's ``request_correction`` adds the department's items to the case's
draft notice and leaves the task in review: the applicant has been told
nothing yet. ``notice_issued`` (the platform's, when the lead issues the one
notice) is what makes the task wait for the applicant.

Both machines let ``request_correction`` follow ``receive_correction``: the
step order allows it. Whether a *second* correction notice may go to the
applicant is not a question of order but of the one-time notice rule (一次性告知,
6.9; 行政许可法 Art. 32), which lives with the notices:
:func:`backoffice.domain.model.ensure_one_time_notice`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from backoffice.domain.errors import IllegalTransition


class CaseStatus(enum.StrEnum):
    ACCEPTED = "accepted"  # 已受理, at one window (9.3)
    ROUTED = "routed"  # 按责转办: review tasks created (9.4)
    IN_REVIEW = "in_review"  # 同步审核 under way (9.5.1)
    AWAITING_APPLICANT = "awaiting_applicant"  # one-time correction notice out (9.3.3)
    SUSPENDED = "suspended"  # special procedure, clock stopped (9.5.3)
    DECIDING = "deciding"  # every department's opinion is in (9.5.4)
    DECIDED = "decided"  # decision sealed
    # 已上报: the decision to escalate (DecisionKind.ESCALATE, 上报) was taken and
    # the case reported to the upper-level authority, which decides (9.5.4).
    # Not CaseKind.ESCALATED (上报件), which says who decides from acceptance on.
    REPORTED = "reported"
    ISSUED = "issued"  # result delivered (统一出件, 9.7)
    # 不予受理: a sealed refusal of acceptance (不予受理决定书, 9.3.3) ends the case
    # wherever it stood before its decision; it is registered (登记备案, 6.7)
    # and can only be archived.
    NOT_ACCEPTED = "not_accepted"
    ARCHIVED = "archived"  # 归档 (9.8)
    WITHDRAWN = "withdrawn"  # applicant withdrew; the server's state wins


class InspectionStatus(enum.StrEnum):
    """A site inspection (9.5.2), joint when several departments go (9.5.2.3)."""

    REQUESTED = "requested"  # asked for by one or more departments; no time yet
    PROPOSED = "proposed"  # the organiser proposed a slot and a team; answers awaited
    CONFIRMED = "confirmed"  # every participating department confirmed the slot
    RECORDED = "recorded"  # every department's part of the record is confirmed on site
    CANCELLED = "cancelled"


class TaskStatus(enum.StrEnum):
    UNCLAIMED = "unclaimed"  # the platform routed the case here (按责转办); nobody has it yet
    IN_REVIEW = "in_review"  # claimed by a reviewer
    AWAITING_APPLICANT = "awaiting_applicant"  # corrections asked, clock of the step waits
    SUSPENDED = "suspended"  # special procedure running
    OPINION_GIVEN = "opinion_given"  # the department's opinion is published
    # 移交: moved to another department because the matter is not this
    # department's responsibility; the other department gets its own task.
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"  # the case was withdrawn


S = TypeVar("S", bound=enum.Enum)


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    """One allowed edge: the action a person (or the platform) takes."""

    action: str
    source: S
    target: S


class StateMachine(Generic[S]):
    """Allowed transitions of one entity kind, looked up by action or target."""

    def __init__(self, entity: str, transitions: Iterable[Transition[S]]) -> None:
        self.entity = entity
        self.transitions: tuple[Transition[S], ...] = tuple(transitions)
        by_action: dict[tuple[S, str], S] = {}
        for t in self.transitions:
            key = (t.source, t.action)
            if key in by_action:
                raise ValueError(f"{entity}: two transitions for {key}")
            by_action[key] = t.target
        self._by_action: Mapping[tuple[S, str], S] = by_action

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(t.action for t in self.transitions)

    def can(self, current: S, action: str) -> bool:
        return (current, action) in self._by_action

    def allowed_actions(self, current: S) -> tuple[str, ...]:
        return tuple(t.action for t in self.transitions if t.source == current)

    def apply(self, current: S, action: str) -> S:
        """The state after ``action``; raises if ``action`` is not allowed now."""
        try:
            return self._by_action[(current, action)]
        except KeyError:
            raise IllegalTransition(
                entity=self.entity,
                action=action,
                current=str(current.value),
                target=self._target_of(action),
            ) from None

    def _target_of(self, action: str) -> str:
        targets = {str(t.target.value) for t in self.transitions if t.action == action}
        if not targets:
            return "?"
        return "/".join(sorted(targets))


def _t(action: str, sources: Iterable[S], target: S) -> list[Transition[S]]:
    return [Transition(action, s, target) for s in sources]


_CASE_OPEN = (
    CaseStatus.ACCEPTED,
    CaseStatus.ROUTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.AWAITING_APPLICANT,
    CaseStatus.SUSPENDED,
    CaseStatus.DECIDING,
)

_CASE_BEFORE_DECISION: tuple[CaseStatus, ...] = tuple(
    s for s in _CASE_OPEN if s != CaseStatus.SUSPENDED)

# A case past review: decided, reported, issued, refused acceptance, archived
# or withdrawn. Its review tasks take no step any more (claim, reopen, opinion,
# transfer...): an opinion changed after the decision is not the one it rests
# on. Not DECIDING: a task reopened then sends the case back to review.
CASE_PAST_REVIEW: frozenset[CaseStatus] = frozenset(set(CaseStatus) - set(_CASE_OPEN))

CASE_MACHINE: StateMachine[CaseStatus] = StateMachine(
    "case",
    [
        *_t("route", [CaseStatus.ACCEPTED], CaseStatus.ROUTED),
        *_t("start_review", [CaseStatus.ROUTED], CaseStatus.IN_REVIEW),
        *_t("request_correction", [CaseStatus.IN_REVIEW], CaseStatus.AWAITING_APPLICANT),
        *_t("receive_correction", [CaseStatus.AWAITING_APPLICANT], CaseStatus.IN_REVIEW),
        *_t("suspend", [CaseStatus.IN_REVIEW], CaseStatus.SUSPENDED),
        *_t("resume", [CaseStatus.SUSPENDED], CaseStatus.IN_REVIEW),
        *_t("all_opinions_in", [CaseStatus.IN_REVIEW], CaseStatus.DECIDING),
        *_t("reopen_review", [CaseStatus.DECIDING], CaseStatus.IN_REVIEW),
        *_t("decide", [CaseStatus.DECIDING], CaseStatus.DECIDED),
        *_t("escalate", [CaseStatus.DECIDING], CaseStatus.REPORTED),
        *_t("issue", [CaseStatus.DECIDED], CaseStatus.ISSUED),
        # A refusal of acceptance (9.3.3) is possible until the case is decided;
        # not while suspended: a special procedure runs only on an accepted case.
        # Its time limit (five working days, Art. 32) is no state: the decision's
        # check holds it (backoffice.domain.decisions.check_decision).
        *_t("refuse_acceptance", _CASE_BEFORE_DECISION, CaseStatus.NOT_ACCEPTED),
        *_t("archive", [CaseStatus.ISSUED, CaseStatus.REPORTED, CaseStatus.NOT_ACCEPTED],
            CaseStatus.ARCHIVED),
        *_t("withdraw", _CASE_OPEN, CaseStatus.WITHDRAWN),
    ],
)

_TASK_ACTIVE = (
    TaskStatus.UNCLAIMED,
    TaskStatus.IN_REVIEW,
    TaskStatus.AWAITING_APPLICANT,
    TaskStatus.SUSPENDED,
)

TASK_MACHINE: StateMachine[TaskStatus] = StateMachine(
    "review_task",
    [
        *_t("claim", [TaskStatus.UNCLAIMED], TaskStatus.IN_REVIEW),
        *_t("release", [TaskStatus.IN_REVIEW], TaskStatus.UNCLAIMED),
        # Items added to the draft notice: nothing has gone to the applicant, so
        # the department keeps reviewing (more verdicts, more items) until the
        # lead issues the one notice; then the platform moves the task on.
        *_t("request_correction", [TaskStatus.IN_REVIEW], TaskStatus.IN_REVIEW),
        *_t("notice_issued", [TaskStatus.IN_REVIEW], TaskStatus.AWAITING_APPLICANT),
        *_t("receive_correction", [TaskStatus.AWAITING_APPLICANT], TaskStatus.IN_REVIEW),
        *_t("suspend", [TaskStatus.IN_REVIEW], TaskStatus.SUSPENDED),
        *_t("resume", [TaskStatus.SUSPENDED], TaskStatus.IN_REVIEW),
        *_t("give_opinion", [TaskStatus.IN_REVIEW], TaskStatus.OPINION_GIVEN),
        *_t("reopen", [TaskStatus.OPINION_GIVEN], TaskStatus.IN_REVIEW),
        *_t("transfer", [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW], TaskStatus.TRANSFERRED),
        *_t("withdraw", [*_TASK_ACTIVE, TaskStatus.OPINION_GIVEN], TaskStatus.WITHDRAWN),
    ],
)


_INSPECTION_PLANNED = (InspectionStatus.PROPOSED, InspectionStatus.CONFIRMED)

# "confirm" records one department's yes and keeps the inspection proposed;
# "all_confirmed" follows when it was the last one (as a case's
# all_opinions_in follows the last opinion). "join" is another department's
# request merged in: a confirmed slot goes back to proposed, since the
# newcomer has not said yes to it. A decline drops the slot.
INSPECTION_MACHINE: StateMachine[InspectionStatus] = StateMachine(
    "inspection",
    [
        *_t("join", [InspectionStatus.REQUESTED], InspectionStatus.REQUESTED),
        *_t("join", _INSPECTION_PLANNED, InspectionStatus.PROPOSED),
        *_t("propose", [InspectionStatus.REQUESTED], InspectionStatus.PROPOSED),
        *_t("reschedule", _INSPECTION_PLANNED, InspectionStatus.PROPOSED),
        *_t("confirm", [InspectionStatus.PROPOSED], InspectionStatus.PROPOSED),
        *_t("all_confirmed", [InspectionStatus.PROPOSED], InspectionStatus.CONFIRMED),
        *_t("decline", [InspectionStatus.PROPOSED], InspectionStatus.REQUESTED),
        *_t("all_parts_in", [InspectionStatus.CONFIRMED], InspectionStatus.RECORDED),
        *_t("cancel", [InspectionStatus.REQUESTED, *_INSPECTION_PLANNED],
            InspectionStatus.CANCELLED),
    ],
)
