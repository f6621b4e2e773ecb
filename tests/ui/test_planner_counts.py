"""Counts in the planner's messages say "1 inspection" or "2 inspections", never "(s)".

Singular or plural is picked by the number in code (no Qt %n forms, the
house rule). The planner over a real store synced with the sandbox.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures
from test_planner import SLOW, planner  # noqa: F401 - the fixture

from ui.inbox.detail_sections import _photos_text
from ui.planner.workspace import PlannerWorkspace


def test_the_export_and_field_preparation_count_in_words(
    qtbot: QtBot, planner: PlannerWorkspace, tmp_path: Path  # noqa: F811
) -> None:
    path = tmp_path / "inspections.ics"
    with qtbot.waitSignal(planner.settled, timeout=SLOW):
        planner.export_to(str(path))
    assert planner.plan.message.text() == f"0 inspections written to {path}."
    field = planner.field
    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready" in field.status.text(), timeout=SLOW)
    assert field.status.text() == (
        "0 inspections ready for field work; 0 files kept on this computer until the "
        "records are synced.")


def test_photos_are_counted_in_words() -> None:
    assert [_photos_text(n) for n in (0, 1, 2)] == ["0 photos", "1 photo", "2 photos"]
