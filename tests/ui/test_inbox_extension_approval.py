"""A requested extension in the case detail (Art. 42): shown to all, approved by a lead signer.

The store keeps the request; the "clock and extension" page shows its days,
reason, who asked and when. A signer of the lead department gets the
``approveExtension`` button, which queues ``extension.approve`` on the kept
record's version; a reviewer sees the request pending approval; a signer
of another department cannot approve; nor can anyone once the case has
been extended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_inbox_case_actions import click, code, lead_and_other, make, tab, task_of
from test_inbox_detail import StandIn, demo, open_detail, outbox, settle

from backoffice.domain.model import Extension, ExtensionStatus
from backoffice.sync.accounts import Account
from backoffice.sync.colleagues import COLLEAGUES_KEY
from ui.inbox.detail import TaskDetail


def _user(department: str, role: str) -> str:
    return next(u.username for u in demo().users
                if u.department_code == department and role in u.roles)


def _request(asker: str) -> Extension:
    return Extension(10, "需组织专家论证", "", None, code(), "extension-7", 3,
                     status=ExtensionStatus.REQUESTED, requested_by=asker,
                     requested_on=dt.date(2025, 3, 6))


def _session(tmp_path: Path, department: str, role: str) -> StandIn:
    """The lead's task open for ``role`` of ``department``, with a request kept."""
    session = make(tmp_path, lead_and_other()[0])
    session.account = Account("https://platform.test", _user(department, role), "演示",
                              department, "")
    # The department's user list as the sync keeps it: who signs.
    people = [{"username": u.username, "display_name": u.display_name, "roles": list(u.roles)}
              for u in demo().users if u.department_code == department]
    with session.store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps(people, ensure_ascii=False))
    session.store.apply_confirmed([_request(_user(lead_and_other()[0], "reviewer"))])
    return session


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[list[StandIn]]:
    sessions: list[StandIn] = []
    yield sessions
    for s in sessions:
        s.files.close()
        s.store.close()


def _detail(qtbot: QtBot, opened: list[StandIn], tmp_path: Path, department: str,
            role: str) -> tuple[StandIn, TaskDetail]:
    session = _session(tmp_path, department, role)
    opened.append(session)
    detail = open_detail(qtbot, session, task_of(lead_and_other()[0]))
    tab(detail, detail.case_actions.approval_form)
    return session, detail


def test_a_signer_of_the_lead_sees_the_request_and_approves_it(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:
    lead = lead_and_other()[0]
    session, detail = _detail(qtbot, opened, tmp_path, lead, "signer")
    actions = detail.case_actions
    assert actions.approval_form.isVisible()
    asker = next(u for u in demo().users if u.username == _user(lead, "reviewer"))
    # Who asked by name and login, from the department's user list the sync keeps.
    assert actions.awaiting.text() == (f"10 working days, asked by {asker.display_name} "
                                       f"({asker.username}) on 2025-03-06: 需组织专家论证")
    assert actions.approve.isVisible() and actions.approve.isEnabled()
    click(qtbot, detail, actions.approve)
    assert outbox(session) == [("extension.approve", "extension-7", {}, session.account.username)]
    (entry,) = session.store.pending_commands()
    assert entry.command.base_version == 3  # the kept request's version
    assert detail.message.text() == "Queued — sent at the next sync."


def test_a_reviewer_sees_the_request_pending_approval(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:
    _, detail = _detail(qtbot, opened, tmp_path, lead_and_other()[0], "reviewer")
    actions = detail.case_actions
    assert actions.approval_form.isVisible() and "需组织专家论证" in actions.awaiting.text()
    assert actions.approval_note.text() == "Pending approval by a signer of the lead department."
    assert not actions.approve.isVisible()


def test_a_signer_of_another_department_cannot_approve(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:
    _, detail = _detail(qtbot, opened, tmp_path, lead_and_other()[1], "signer")
    actions = detail.case_actions
    assert actions.approval_form.isVisible()
    assert not actions.approve.isVisible() and not actions.approve.isEnabled()


def test_no_approval_once_the_case_was_extended(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:
    lead = lead_and_other()[0]
    session = _session(tmp_path, lead, "signer")
    opened.append(session)
    session.store.apply_confirmed([dataclasses.replace(
        _request("x"), id="extension-1", status=ExtensionStatus.APPROVED, approved_by="局长",
        approved_on=dt.date(2025, 3, 5), version=2)])
    detail = open_detail(qtbot, session, task_of(lead))
    actions = detail.case_actions
    tab(detail, actions.approval_form)
    assert actions.approve.isVisible() and not actions.approve.isEnabled()
    assert "extended once already" in actions.approval_note.text()


def test_the_timeline_tells_the_request_and_the_approval(
        qtbot: QtBot, tmp_path: Path, opened: list[StandIn]) -> None:
    lead = lead_and_other()[0]
    asker = _user(lead, "reviewer")
    session, detail = _detail(qtbot, opened, tmp_path, lead, "reviewer")

    def rows() -> list[list[str]]:
        tree = detail.timeline
        return [[tree.topLevelItem(i).text(c) for c in range(3)]
                for i in range(tree.topLevelItemCount())]

    # The asker by name (here the signed-in reviewer: the account's), not by login.
    asked = ["2025-03-06", "extension requested",
             (f"{session.account.display_name} asked for 10 more working days. "
              "Reason: 需组织专家论证")]
    assert asked in rows()
    session.store.apply_confirmed([dataclasses.replace(
        _request(asker), status=ExtensionStatus.APPROVED, approved_by="wangju",
        approved_on=dt.date(2025, 3, 7), version=4)])
    detail.show_task(task_of(lead))
    settle(qtbot, detail)
    approved = ["2025-03-07", "extension approved",
                "wangju approved 10 more working days. Reason: 需组织专家论证"]
    shown = rows()
    assert shown.index(asked) + 1 == shown.index(approved)
