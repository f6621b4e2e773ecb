"""Field entries are kept a moment after each edit, not only on a switch or a close.

A crash or a flat battery ends the session without ``close_session``: what
was typed since the last switch of inspection must still be there when the
field form opens again. Real store synced with the sandbox on loopback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import joint_case
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.model import Verdict
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner import drafts
from ui.planner.workspace import PlannerWorkspace


def _open(qtbot: QtBot, engine: SyncEngine, files: FileCache, dept: str) -> PlannerWorkspace:
    workspace = PlannerWorkspace(StandIn(engine, files, dept), lang="en")
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.tabs.setCurrentWidget(workspace.field)
    qtbot.waitUntil(lambda: workspace.field.part is not None, timeout=SLOW)
    return workspace


def test_entries_survive_a_crash_without_a_switch_or_a_close(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    joint = joint_case(device)
    joint.confirmed()
    engine, dept = joint.other, joint.other_dept
    files = FileCache(tmp_path / "files")
    workspace = _open(qtbot, engine, files, dept)
    field = workspace.field
    assert field.inspection is not None
    shown = field.inspection.id
    combo = field.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Verdict.FAIL))
    field.findings.setPlainText("两小时的现场记录")

    def kept() -> bool:
        draft = drafts.load(engine.store).get(shown)
        return draft is not None and draft.findings == "两小时的现场记录" \
            and draft.line(field.part.lines[0].item if field.part else "") is not None \
            and draft.lines[0][1] == Verdict.FAIL.value

    qtbot.waitUntil(kept, timeout=SLOW)  # the pause after typing, not a close
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    workspace.hide()  # the crash: gone without close_session, nothing more is kept

    again = _open(qtbot, engine, files, dept)
    field = again.field
    qtbot.waitUntil(lambda: field.findings.toPlainText() == "两小时的现场记录", timeout=SLOW)
    combo = field.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox) and Verdict(combo.currentData()) == Verdict.FAIL
    assert "unsaved entries for this inspection are back" in field.message.text()
    again.close_session()
    qtbot.waitUntil(lambda: not again.busy(), timeout=SLOW)
    files.close()
