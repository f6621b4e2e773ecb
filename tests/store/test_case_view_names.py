"""The command line's pages name departments and people as people know them.

QA: ``backoffice case`` listed tasks and materials by department code
(SCJG-220100) although the store has the names; ``tasks`` and ``case`` showed
logins (csgl.cc.reviewer3), not the names of the colleague list the sync
keeps; ``conflicts`` showed a task's id (…-T4). The JSON keeps codes and
logins and has the names beside them. And a case code typed on the command
line is said back trimmed, shortened and with its control characters shown,
never acted on by the terminal.
"""

from __future__ import annotations

import json

import pytest
from store_factories import case_code, make_case, make_material, make_task

from backoffice import messages
from backoffice.domain.cases import Department
from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.sync import case_view, colleagues
from backoffice.sync.accounts import Account

ME = "MSA-220100"
MY_NAME = "长春市市场监督管理局"
HOLDER = "csgl.cc.reviewer3"
HOLDER_NAME = "李娜（演示）"
ACCOUNT = Account("http://127.0.0.1:1", "msa.cc.reviewer1", "王芳（演示）", ME, MY_NAME)


@pytest.fixture
def filled(store: Store) -> Store:
    store.apply_confirmed([Department(ME, MY_NAME, "220100"), make_case(1)])
    store.apply_confirmed([
        make_task(1, department=ME, status=TaskStatus.IN_REVIEW, assignee=HOLDER),
        make_material(1),
    ])
    with store.write() as uow:
        uow.sync_state.set(colleagues.COLLEAGUES_KEY, json.dumps([
            {"username": HOLDER, "display_name": HOLDER_NAME, "roles": ["reviewer"]}]))
    return store


def test_the_case_page_names_departments_and_people(
        filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    data = case_view.case_data(filled, case_code(1), ACCOUNT)
    case_view.print_case(data, "zh")
    page = capsys.readouterr().out
    assert MY_NAME in page and HOLDER_NAME in page
    assert ME not in page and HOLDER not in page
    # The JSON: the codes and logins as they were, the names beside them.
    (task,) = data["tasks"]
    assert (task["department_code"], task["assignee"]) == (ME, HOLDER)
    assert (task["department_name"], task["assignee_name"]) == (MY_NAME, HOLDER_NAME)
    assert data["materials"][0]["department_name"] == MY_NAME


def test_the_task_list_names_the_assignee(filled: Store) -> None:
    (row,) = case_view.inbox_rows(filled, ME)
    assert (row["assignee"], row["assignee_name"]) == (HOLDER, HOLDER_NAME)
    (_, line) = case_view.inbox_table(filled, ME, "en")
    assert HOLDER_NAME in line and HOLDER not in line


def test_a_login_not_in_the_colleague_list_is_shown_as_it_is(filled: Store) -> None:
    filled.apply_confirmed([make_task(1, department=ME, status=TaskStatus.IN_REVIEW,
                                      assignee="someone.else", version=2)])
    (row,) = case_view.inbox_rows(filled, ME)
    assert row["assignee_name"] == "someone.else"


def test_a_conflicted_change_is_said_by_its_case_and_department(filled: Store) -> None:
    queued = filled.queue("task.release", "T-000001", {}, author=HOLDER)
    assert queued is not None
    (entry,) = filled.pending_commands()
    filled.mark_conflict(entry.command.id, "remote.conflict")
    (conflict,) = filled.conflicts()
    data = case_view.conflict_data(conflict, "zh", store=filled)
    assert data["entity_id"] == "T-000001"  # kept for scripts
    assert (data["case_code"], data["department_code"], data["department_name"]) == (
        case_code(1), ME, MY_NAME)
    cells = case_view.conflict_cells(data, "zh", colon=False)
    assert cells[1].endswith(f"{case_code(1)} {MY_NAME}") and "T-000001" not in cells[1]


@pytest.mark.parametrize(("typed", "said"), [
    ("a\x1b]0;pwned\x07b", "a␛]0;pwned␇b"),
    ("x" * 5000, "x" * 39 + "…"),
    ("  bogus-code\n", "bogus-code"),
])
def test_a_typed_case_code_is_said_safely(filled: Store, typed: str, said: str) -> None:
    for look in (lambda: case_view.case_data(filled, typed, ACCOUNT),
                 lambda: case_view.own_task(filled, typed, ME)):
        with pytest.raises(BackofficeError) as caught:
            look()
        text = messages.render(caught.value, "en")
        assert said in text and "\x1b" not in text and "\x07" not in text
        assert len(text) < 200


def test_a_code_pasted_with_spaces_around_it_is_found(filled: Store) -> None:
    data = case_view.case_data(filled, f"  {case_code(1)}\n", ACCOUNT)
    assert data["case"]["case_code"] == case_code(1)
    assert case_view.own_task(filled, f"\t{case_code(1)} ", ME).id == "T-000001"


def test_a_queued_change_on_the_case_page_names_the_department(
        filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    filled.queue("task.release", "T-000001", {}, author=HOLDER)
    data = case_view.case_data(filled, case_code(1), ACCOUNT)
    assert [q["entity_id"] for q in data["queued"]] == ["T-000001"]  # the JSON keeps the id
    case_view.print_case(data, "zh")
    page = capsys.readouterr().out
    assert "T-000001" not in page
    assert any(MY_NAME in line and "待发送" in line for line in page.splitlines())
