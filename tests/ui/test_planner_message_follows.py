"""The planner's "queued — sent at the next sync" follows its command through the sync.

It stayed after the sync had the platform confirm (or refuse) the planner's
queued proposal or answer, and so did field mode's "saved here". It now follows the command as the inbox detail's
message does (``ui.inbox.detail_status``): confirmed once it left the outbox,
the refusal's sentence pointing to the conflict list when refused. Real
stores synced with the sandbox on loopback; the sync is the real engine's.
"""

from __future__ import annotations

from typing import Any

from inspections.joint import PLAN_NOW, inspection_of
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import SLOW, device, planner, sandbox  # noqa: F401 - fixtures

from backoffice.domain.states import InspectionStatus
from backoffice.inspections import service
from backoffice.sync.engine import SyncEngine
from ui.planner.workspace import PlannerWorkspace

APPLIED = "Applied by the platform."


def _synced(qtbot: QtBot, planner: PlannerWorkspace, engine: SyncEngine) -> str:  # noqa: F811
    engine.sync_once()
    with qtbot.waitSignal(planner.settled, timeout=SLOW):
        planner.session.statusChanged.emit(object())
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    return planner.plan.message.text()


def _click(qtbot: QtBot, planner: PlannerWorkspace, button: Any) -> None:  # noqa: F811
    with qtbot.waitSignal(planner.changed, timeout=SLOW):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)


def test_a_proposal_is_followed_to_confirmed_and_an_answer_to_its_refusal(
    qtbot: QtBot, planner: PlannerWorkspace, device: Any  # noqa: F811 - fixtures
) -> None:
    session = planner.session
    engine = SyncEngine(session.store, session.client)
    assert planner.result is not None and len(planner.result.slots) >= 2
    first, other = planner.result.slots[0], planner.result.slots[1]
    planner.slots.setCurrentRow(0)
    _click(qtbot, planner, planner.plan.propose)
    queued = planner.plan.message.text()
    assert "sent at the next sync" in queued
    planner.refresh()  # a refresh before the sync leaves it as said
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    assert planner.plan.message.text() == queued
    assert _synced(qtbot, planner, engine) == APPLIED

    # The department confirms proposal 1; a colleague moves the time on the platform first.
    qtbot.waitUntil(lambda: planner.plan.confirm.isEnabled(), timeout=SLOW)
    _click(qtbot, planner, planner.plan.confirm)
    assert planner.plan.message.text() == "Queued — sent at the next sync."
    current = planner.current
    assert current is not None and current.starts_at == first.start
    user = session.client.username
    colleague = device(user, "colleague")
    colleague.sync_once()
    service.propose(colleague.store, user, current.id, other.start, other.end,
                    [m.inspector for m in other.team], reason="检查员临时出差", now=PLAN_NOW)
    assert colleague.sync_once().push.applied == 1
    said = _synced(qtbot, planner, engine)
    assert said.startswith("Refused by the platform: ") and "new proposed time" in said, said
    assert said.endswith("The conflict list has the details.")
    assert inspection_of(engine, current.case_code).status == InspectionStatus.PROPOSED
    assert _synced(qtbot, planner, engine) == said  # it stays said


def test_a_saved_field_record_is_followed_to_confirmed(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, SyncEngine]  # noqa: F811 - the fixture
) -> None:
    workspace, engine = on_site
    field = workspace.field
    field.findings.setPlainText("现场与申报一致")
    with qtbot.waitSignal(field.changed, timeout=SLOW):
        qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    assert field.message.text() == "Saved here — sent at the next sync."
    engine.sync_once()
    with qtbot.waitSignal(workspace.settled, timeout=SLOW):
        workspace.session.statusChanged.emit(object())
    qtbot.waitUntil(lambda: field.message.text() == APPLIED, timeout=SLOW)
