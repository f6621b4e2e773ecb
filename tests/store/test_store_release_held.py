"""A release (or hand-over) of a task a colleague holds is refused before it is queued.

QA: a release in conflict, re-applied after a coordinator had handed the
task to a colleague, was accepted here and refused by the platform at the
next sync — in words that named the task's internal id and the colleague's
login ("审核任务 220100-…-T2 已由 zrzy.cc.reviewer2 认领…"). The store now
sees who holds the task, as it does for a claim, and says it with the
person's name and the case.
"""

from __future__ import annotations

import json

import pytest
from store_factories import make_case, make_task

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.sync import colleagues

ME = "msa.cc.reviewer1"
HOLDER = "msa.cc.reviewer3"
HOLDER_NAME = "李娜（演示）"
TASK = "T-000001"


def _listed(store: Store, **roles: list[str]) -> None:
    with store.write() as uow:
        uow.sync_state.set(colleagues.COLLEAGUES_KEY, json.dumps([
            {"username": u, "display_name": HOLDER_NAME if u == HOLDER else "王芳（演示）",
             "roles": r} for u, r in roles.items()]))


def _handed_over_after_my_release_conflicted(store: Store) -> str:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=ME)])
    _listed(store, **{ME: ["reviewer"], HOLDER: ["reviewer"], "msa.cc.lead": ["coordinator"]})
    store.queue("task.release", TASK, {}, author=ME)
    (entry,) = store.pending_commands()
    store.mark_refused(entry.command.id, "remote.server_error", {})
    # Meanwhile the coordinator handed the task to a colleague.
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=HOLDER,
                                     version=2)])
    return entry.command.id


def test_a_reapplied_release_of_a_task_handed_to_a_colleague_is_refused_in_words(
        store: Store) -> None:
    command_id = _handed_over_after_my_release_conflicted(store)
    with pytest.raises(BackofficeError) as caught:
        store.reapply_command(command_id)
    error = caught.value
    assert error.code == "task.held_by_colleague"
    assert store.pending_commands() == []  # nothing queued to be refused again
    assert error.params["assignee"] == HOLDER_NAME
    case_code = make_case(1).case_code
    for lang in ("zh", "en"):
        said = messages.render(error, lang)
        assert HOLDER_NAME in said and case_code in said, said
        assert TASK not in said and HOLDER not in said, said


def test_a_coordinator_may_release_a_colleagues_claim(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=HOLDER)])
    _listed(store, **{ME: ["coordinator"], HOLDER: ["reviewer"]})
    store.queue("task.release", TASK, {}, author=ME)
    assert len(store.pending_commands()) == 1


def test_roles_not_known_yet_leave_a_release_to_the_platform(store: Store) -> None:
    store.apply_confirmed([make_case(1)])
    store.apply_confirmed([make_task(1, status=TaskStatus.IN_REVIEW, assignee=HOLDER)])
    store.queue("task.release", TASK, {}, author=ME)
    assert len(store.pending_commands()) == 1
