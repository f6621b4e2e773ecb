"""Before a review task's command is queued: the claim of a held task names its holder,
and a person the store knows has no reviewer or coordinator role is refused at once.

QA: a claim of a colleague's task was refused with the state machine's
sentence, naming nobody; a signer's claim was queued, refused at the next
sync (需要角色 reviewer/coordinator: role codes), and queued again by
``conflicts --reapply`` to be refused again.
"""

from __future__ import annotations

import json

import pytest
from store_factories import make_case, make_task

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.store.task_rules import DESK_ROLES_KEY
from backoffice.sync import colleagues

ME = "msa.cc.reviewer1"
HOLDER = "msa.cc.reviewer3"
HOLDER_NAME = "李娜（演示）"


def _listed(store: Store, **roles: list[str]) -> None:
    with store.write() as uow:
        uow.sync_state.set(colleagues.COLLEAGUES_KEY, json.dumps([
            {"username": u, "display_name": HOLDER_NAME if u == HOLDER else "王芳（演示）",
             "roles": r} for u, r in roles.items()]))


def _claim(store: Store, who: str = ME) -> BackofficeError:
    with pytest.raises(BackofficeError) as caught:
        store.queue("task.claim", "T-000001", {"assignee": who}, author=who)
    assert store.pending_commands() == []  # nothing queued
    return caught.value


def test_a_held_task_is_said_to_be_claimed_by_its_holder(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=HOLDER)])
    _listed(store, **{ME: ["reviewer"], HOLDER: ["reviewer"]})
    error = _claim(store)
    assert error.code == "task.already_claimed" and error.params["holder"] == HOLDER_NAME
    zh = messages.render(error, "zh")
    assert f"已由 {HOLDER_NAME} 认领" in zh and "按程序依次" not in zh
    assert HOLDER_NAME in messages.render(error, "en")
    assert _claim(store, HOLDER).code == "task.already_yours"


def test_a_holder_not_in_the_colleague_list_is_named_by_login(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee="x.cc.reviewer9")])
    assert _claim(store).params["holder"] == "x.cc.reviewer9"


def test_an_opinion_given_keeps_the_procedures_sentence(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.OPINION_GIVEN, assignee=HOLDER)])
    assert _claim(store).code == "state.illegal_transition"


@pytest.mark.parametrize("where", ["colleague_list", "desk_roles"])
def test_a_signer_is_refused_before_queuing_in_words(store: Store, where: str) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1)])
    if where == "colleague_list":
        _listed(store, **{ME: ["signer"]})
    else:
        with store.write() as uow:
            uow.sync_state.set(DESK_ROLES_KEY, "signer")
    error = _claim(store)
    assert error.code == "role.missing"
    zh, en = messages.render(error, "zh"), messages.render(error, "en")
    assert "审核人/协调员" in zh and "reviewer/coordinator" in en
    assert "reviewer" not in zh


def test_roles_not_known_yet_leave_it_to_the_platform(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1)])
    store.queue("task.claim", "T-000001", {"assignee": ME}, author=ME)
    assert len(store.pending_commands()) == 1


def test_a_reapply_of_a_refused_claim_is_refused_too(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1)])
    store.queue("task.claim", "T-000001", {"assignee": ME}, author=ME)
    (entry,) = store.pending_commands()
    store.mark_refused(entry.command.id, "role.missing", {"role": "reviewer/coordinator"})
    _listed(store, **{ME: ["signer"]})  # the next sync's list says why
    with pytest.raises(BackofficeError) as caught:
        store.reapply_command(entry.command.id)
    assert caught.value.code == "role.missing"
    assert store.pending_commands() == []


def test_a_lost_claim_race_names_who_won_it(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1)])
    _listed(store, **{ME: ["reviewer"], HOLDER: ["reviewer"]})
    store.queue("task.claim", "T-000001", {"assignee": ME}, author=ME)
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=HOLDER,
                                     version=2)])
    (entry,) = store.conflicts()
    assert entry.last_error == "task.already_claimed"
    assert entry.error_details is not None and entry.error_details["holder"] == HOLDER_NAME
