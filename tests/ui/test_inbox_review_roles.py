"""Review actions only for the roles the platform takes them from.

Signed in as an inspector (or a signer), the inbox offered Claim, Release,
Hand over, Transfer and Give opinion; a claim was queued and refused at the
next sync (``role.missing``). They are disabled now, saying why, from the
person's line in the department's user list each sync keeps, or else the
roles the decision desk keeps (``ROLES_KEY``). Real detail and list over the
demo and seeded stores.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from inbox_list_env import shown_workspace
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, make_session, open_detail, outbox, settle
from test_inbox_fixtures import open_seeded

from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.sync.colleagues import COLLEAGUES_KEY
from ui.decisions.workspace import ROLES_KEY
from ui.settings import Settings

NO_ROLE = "Only reviewers and coordinators work review tasks; your account has neither role."


def _keep_roles(store: Store, roles: str) -> None:
    with store.write() as uow:
        uow.sync_state.set(ROLES_KEY, roles)


@pytest.fixture
def inspector(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path)
    _keep_roles(s.store, "inspector")
    yield s
    s.files.close()
    s.store.close()


def test_an_inspector_is_offered_no_review_action_in_the_detail(
        qtbot: QtBot, inspector: StandIn) -> None:
    detail = open_detail(qtbot, inspector)
    assert detail.snapshot is not None
    assert detail.snapshot.task.status == TaskStatus.UNCLAIMED
    for button in (detail.claim, detail.hand_over, detail.give_opinion, detail.release):
        assert not button.isEnabled(), button.objectName()
        assert NO_ROLE in button.toolTip(), button.objectName()
    detail.show_page(detail.opinion_panel)
    assert detail.opinion_panel.waiting.text() == NO_ROLE
    detail.claim.click()
    settle(qtbot, detail)
    assert outbox(inspector) == []


def _list_staff(store: Store, me: str, roles: list[str]) -> None:
    """The department's user list as a sync round keeps it, ``me`` with ``roles``."""
    staff = [{"username": me, "display_name": "本人", "roles": roles},
             {"username": "zhang.san", "display_name": "张三", "roles": ["reviewer"]}]
    with store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps(staff, ensure_ascii=False))


@pytest.mark.parametrize("roles", [["inspector"], []])
def test_the_synced_user_list_tells_before_the_desk_asked(
        qtbot: QtBot, tmp_path: Path, roles: list[str]) -> None:
    # The first sync keeps the department's user list; the desk has not asked yet.
    s = make_session(tmp_path)
    _list_staff(s.store, s.account.username, roles)
    try:
        detail = open_detail(qtbot, s)
        assert not detail.claim.isEnabled() and NO_ROLE in detail.claim.toolTip()
    finally:
        s.files.close()
        s.store.close()


def test_a_change_of_roles_in_the_synced_list_wins_over_the_desks_older_answer(
        qtbot: QtBot, inspector: StandIn) -> None:
    _list_staff(inspector.store, inspector.account.username, ["inspector", "reviewer"])
    detail = open_detail(qtbot, inspector)
    assert detail.claim.isEnabled() and detail.claim.toolTip() == ""


def test_a_reviewer_still_claims(qtbot: QtBot, tmp_path: Path) -> None:
    s = make_session(tmp_path)
    _keep_roles(s.store, "reviewer inspector")
    try:
        detail = open_detail(qtbot, s)
        assert detail.claim.isEnabled() and detail.claim.toolTip() == ""
        detail.claim.click()
        settle(qtbot, detail)
        assert [q[0] for q in outbox(s)] == ["task.claim"]
    finally:
        s.files.close()
        s.store.close()


def test_an_inspector_is_offered_no_bulk_claim_release_or_transfer(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    store = open_seeded(tmp_path / "store.sqlite", 10)
    _keep_roles(store, "inspector")
    w = shown_workspace(qtbot, store, settings, 10)
    try:
        bulk = w.list.bulk
        bulk.load_departments()
        qtbot.waitUntil(lambda: not bulk.reviews, timeout=10_000)
        w.list.view.selectRow(0)
        for button in (bulk.claim, bulk.release, bulk.transfer):
            assert not button.isEnabled(), button.objectName()
            assert button.toolTip() == NO_ROLE, button.objectName()
    finally:
        w.close_session()
        store.close()
