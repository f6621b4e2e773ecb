"""The client's store refuses an opinion while its department's checks have no verdict (9.5.1).

Queued offline, the opinion would only be refused by the platform at the next
sync, after the person moved on: the store says so at once and queues
nothing. Verdicts queued before it count (a failed one and one not
applicable too); another department's materials are not this one's to check.
"""

from __future__ import annotations

import pytest
from store_factories import make_case, make_material, make_task

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Check, CheckVerdict, ReviewTask, Verdict
from backoffice.domain.states import TaskStatus
from backoffice.store import Store

ME = "wangfang"


@pytest.fixture
def task(store: Store) -> ReviewTask:
    """A claimed task; its two materials unchecked, another department's too."""
    t = make_task(1, status=TaskStatus.IN_REVIEW, assignee=ME)
    pending = tuple(CheckVerdict(c) for c in Check)
    store.apply_confirmed([
        make_case(1), t,
        make_material(1, name="营业执照", checks=pending),
        make_material(2, name="<b>食品安全管理制度</b>", checks=pending),
        make_material(3, name="消防验收意见书", department_code="XF-220100", checks=pending),
    ])
    return t


def _opinion(store: Store, task: ReviewTask) -> None:
    store.queue("task.give_opinion", task.id, {"opinion": "同意。"}, author=ME)


def _verdict(store: Store, material: str, check: Check, verdict: Verdict,
             note: str = "") -> None:
    payload = {"check": check.value, "verdict": verdict.value}
    store.queue("material.verdict", material, {**payload, "note": note} if note else payload,
                author=ME)


def _queued(store: Store) -> list[str]:
    return [e.command.kind for e in store.pending_commands()]


def test_an_opinion_with_checks_pending_is_refused_and_nothing_queued(
        store: Store, task: ReviewTask) -> None:
    with pytest.raises(DomainError) as refused:
        _opinion(store, task)
    assert refused.value.code == "task.checks_pending"
    assert refused.value.params == {"case_code": task.case_code,
                                    "materials": ["营业执照", "<b>食品安全管理制度</b>"]}
    zh = messages.render(refused.value, "zh")
    assert "（营业执照、<b>食品安全管理制度</b>）" in zh and "消防" not in zh
    assert "(营业执照, <b>食品安全管理制度</b>)" in messages.render(refused.value, "en")
    assert _queued(store) == []
    with store.read() as uow:
        kept = uow.tasks.get(task.id)
    assert kept is not None and kept.status == TaskStatus.IN_REVIEW and kept.opinion == ""


def test_one_check_left_names_only_its_material(store: Store, task: ReviewTask) -> None:
    for check in Check:
        _verdict(store, "M-000001", check, Verdict.PASS)
    _verdict(store, "M-000002", Check.AUTHENTICITY, Verdict.PASS)
    _verdict(store, "M-000002", Check.LEGALITY, Verdict.PASS)
    with pytest.raises(DomainError) as refused:
        _opinion(store, task)
    assert refused.value.params["materials"] == ["<b>食品安全管理制度</b>"]
    assert _queued(store) == ["material.verdict"] * 5


def test_every_check_with_a_verdict_lets_the_opinion_be_queued(
        store: Store, task: ReviewTask) -> None:
    # Offline: the verdicts are queued, not confirmed; a failure and "not
    # applicable" are verdicts too. The other department's material stays unchecked.
    for check in Check:
        _verdict(store, "M-000001", check, Verdict.PASS)
    _verdict(store, "M-000002", Check.AUTHENTICITY, Verdict.PASS)
    _verdict(store, "M-000002", Check.LEGALITY, Verdict.FAIL, "印章不清晰")
    _verdict(store, "M-000002", Check.CONFORMITY, Verdict.NOT_APPLICABLE)
    _opinion(store, task)
    assert _queued(store) == ["material.verdict"] * 6 + ["task.give_opinion"]
    with store.read() as uow:
        given = uow.tasks.get(task.id)
    assert given is not None and given.status == TaskStatus.OPINION_GIVEN


def test_a_task_not_in_review_hears_its_state_first(store: Store) -> None:
    unclaimed = make_task(4, case=4)
    store.apply_confirmed([make_case(4), unclaimed,
                           make_material(4, case=4, checks=(CheckVerdict(Check.LEGALITY),))])
    with pytest.raises(DomainError) as refused:
        _opinion(store, unclaimed)
    assert refused.value.code == "state.illegal_transition"
