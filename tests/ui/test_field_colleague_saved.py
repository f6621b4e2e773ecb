"""A colleague's save of the same part is never overwritten by an older form or draft.

Two inspectors of one department record the same part. The field form (or a
draft kept from it) was built on version 1; the colleague saves, the sync
brings their version; the inspector's save then is a conflict shown to
them — both versions kept — not a silent write over the colleague's.
Real stores synced with the sandbox on loopback, the real form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import data, joint_case
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.inspections import service
from backoffice.store.outbox import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace

THEIRS = "同事：现场设施齐全。"
MINE = "我的现场记录"


def _their_save(colleague: SyncEngine, part_id: str) -> None:
    with colleague.store.read() as uow:
        part = uow.inspection_parts.get(part_id)
    assert part is not None
    service.save_part(colleague.store, colleague.client.username or "",  # type: ignore[attr-defined]
                      dataclasses.replace(part, findings=THEIRS))
    assert not colleague.sync_once().push.conflicts


@dataclass
class Inspector:
    """The participating department's inspector with a confirmed inspection, field mode open."""

    qtbot: QtBot
    engine: SyncEngine
    dept: str
    files: FileCache
    workspace: PlannerWorkspace

    def reopen(self) -> PlannerWorkspace:
        """Field mode opened anew (the next session), on the same store and cache."""
        workspace = PlannerWorkspace(StandIn(self.engine, self.files, self.dept), lang="en")
        self.qtbot.addWidget(workspace)
        workspace.show()
        workspace.tabs.setCurrentWidget(workspace.field)
        self.qtbot.waitUntil(lambda: workspace.field.part is not None, timeout=SLOW)
        self.workspace = workspace
        return workspace

    def colleague(self, device: Any) -> SyncEngine:  # noqa: F811
        """The department's other inspector, on their own computer."""
        me = self.engine.client.username  # type: ignore[attr-defined]
        name = next(u.username for u in data().users if u.department_code == self.dept
                    and "inspector" in u.roles and u.username != me)
        engine: SyncEngine = device(name, "colleague")
        engine.sync_once()
        return engine


@pytest.fixture
def inspector(qtbot: QtBot, device: Any, tmp_path: Path) -> Iterator[Inspector]:  # noqa: F811
    joint = joint_case(device)
    joint.confirmed()
    files = FileCache(tmp_path / "files")
    found = Inspector(qtbot, joint.other, joint.other_dept, files, None)  # type: ignore[arg-type]
    found.reopen()
    yield found
    found.workspace.close_session()
    qtbot.waitUntil(lambda: not found.workspace.busy(), timeout=SLOW)
    files.close()


def _platform_findings(colleague: SyncEngine, part_id: str) -> str:
    colleague.sync_once()
    with colleague.store.read() as uow:
        part = uow.inspection_parts.get(part_id)
    assert part is not None
    return part.findings


def _save_and_check(qtbot: QtBot, workspace: PlannerWorkspace, engine: SyncEngine,
                    colleague: SyncEngine, part_id: str) -> None:
    field = workspace.field
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy() and field.part is not None, timeout=SLOW)
    with engine.store.read() as uow:
        records = [e for e in uow.outbox.entries(entity="inspection_part", entity_id=part_id)]
    assert [e.state for e in records] == [OutboxState.CONFLICT], "not sent over theirs"
    assert records[0].command.payload["findings"] == MINE, "nothing of mine lost"
    assert "Someone else saved this record" in field.message.text()
    assert field.findings.toPlainText() == THEIRS  # the form shows what the platform has
    engine.sync_once()
    assert _platform_findings(colleague, part_id) == THEIRS


def test_a_form_open_on_the_old_version_does_not_overwrite_a_colleagues_save(
    qtbot: QtBot, device: Any, inspector: Inspector  # noqa: F811 - the fixture
) -> None:
    engine, workspace = inspector.engine, inspector.workspace
    field = workspace.field
    assert field.part is not None
    part_id = field.part.id
    field.findings.setPlainText(MINE)  # typing on version 1

    colleague = inspector.colleague(device)
    _their_save(colleague, part_id)
    engine.sync_once()
    workspace.refresh()  # as after every sync
    qtbot.waitUntil(lambda: "Someone else saved this record" in field.message.text(),
                    timeout=SLOW)
    assert field.findings.toPlainText() == MINE  # the entries stay

    _save_and_check(qtbot, workspace, engine, colleague, part_id)


def test_a_kept_draft_does_not_overwrite_a_colleagues_save(
    qtbot: QtBot, device: Any, inspector: Inspector  # noqa: F811 - the fixture
) -> None:
    engine, workspace = inspector.engine, inspector.workspace
    field = workspace.field
    assert field.part is not None
    part_id = field.part.id
    field.findings.setPlainText(MINE)
    workspace.close_session()  # kept as a draft, offline
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    workspace.hide()

    colleague = inspector.colleague(device)
    _their_save(colleague, part_id)
    engine.sync_once()  # back online: their version arrives

    again = inspector.reopen()
    field = again.field
    qtbot.waitUntil(lambda: field.findings.toPlainText() == MINE, timeout=SLOW)
    assert "Someone else saved this record after you began" in field.message.text()
    _save_and_check(qtbot, again, engine, colleague, part_id)


def test_the_persons_own_save_confirmed_meanwhile_is_no_conflict(
    qtbot: QtBot, inspector: Inspector
) -> None:
    """Their own earlier save, confirmed as a newer version, is what the form is on."""
    engine, workspace = inspector.engine, inspector.workspace
    field = workspace.field
    assert field.part is not None
    part_id, first = field.part.id, field.part.version
    field.findings.setPlainText(MINE)
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved here" in field.message.text() and not workspace.busy()
                    and field.part is not None, timeout=SLOW)
    field.findings.setPlainText(MINE + "，补充")  # typing on, the save not yet sent
    assert engine.sync_once().push.applied == 1
    workspace.refresh()  # as after every sync
    qtbot.waitUntil(lambda: field.part is not None and field.part.version > first,
                    timeout=SLOW)
    assert field.findings.toPlainText() == MINE + "，补充"

    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy() and field.part is not None, timeout=SLOW)
    assert "Saved here" in field.message.text()
    with engine.store.read() as uow:
        states = [e.state for e in uow.outbox.entries(entity="inspection_part",
                                                      entity_id=part_id)]
    assert states == [OutboxState.PENDING]
    assert not engine.sync_once().push.conflicts


def test_an_untouched_form_shows_the_colleagues_save_after_a_sync(
    qtbot: QtBot, device: Any, inspector: Inspector  # noqa: F811 - the fixture
) -> None:
    engine, workspace = inspector.engine, inspector.workspace
    field = workspace.field
    assert field.part is not None
    _their_save(inspector.colleague(device), field.part.id)
    engine.sync_once()
    workspace.refresh()  # as after every sync
    qtbot.waitUntil(lambda: field.findings.toPlainText() == THEIRS, timeout=SLOW)
    assert not field.has_unsaved()
