"""Field entries are kept a moment after each edit, not only on a switch or a close.

A crash or a flat battery ends the session without ``close_session``: what
was typed since the last switch of inspection must still be there when the
field form opens again. Real store synced with the sandbox on loopback.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_field_colleague_saved import Inspector, inspector  # noqa: F401 - the fixture
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.model import Verdict
from backoffice.inspections import field_drafts as drafts


def test_entries_survive_a_crash_without_a_switch_or_a_close(
    qtbot: QtBot, inspector: Inspector  # noqa: F811 - the fixture
) -> None:
    engine, workspace = inspector.engine, inspector.workspace
    field = workspace.field
    assert field.inspection is not None and field.part is not None
    shown, point = field.inspection.id, field.part.lines[0].item
    combo = field.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Verdict.FAIL))
    field.findings.setPlainText("两小时的现场记录")

    def kept() -> bool:
        draft = drafts.load(engine.store).get(shown)
        return draft is not None and draft.findings == "两小时的现场记录" \
            and draft.line(point) == (Verdict.FAIL.value, "")

    qtbot.waitUntil(kept, timeout=SLOW)  # the pause after typing, not a close
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    workspace.hide()  # the crash: gone without close_session, nothing more is kept

    field = inspector.reopen().field
    qtbot.waitUntil(lambda: field.findings.toPlainText() == "两小时的现场记录", timeout=SLOW)
    combo = field.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox) and Verdict(combo.currentData()) == Verdict.FAIL
    assert "unsaved entries for this inspection are back" in field.message.text()
