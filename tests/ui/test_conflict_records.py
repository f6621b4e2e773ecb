"""Every kind of record in the conflict list is named as the person knows it.

An inspection was (test_conflict_inspection.py); a special procedure, a
material or a review task still showed the platform's internal id
(``特别程序 procedure-e404b1eb-…``), which tells a reviewer nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import CASE_CODE, NOW, _case, _dialog, _task

from backoffice.domain.cases import Department
from backoffice.domain.commands import Command
from backoffice.domain.materials import Material
from backoffice.domain.time_limits import SpecialProcedure, SpecialProcedureKind
from backoffice.store import Store

PROCEDURE_ID = "procedure-e404b1eb-b9d5-46ea-9dee-bb97b4c2b187"
MATERIAL_ID = "material-3f0c2a51-7d1e-4f7b-a3c2-9e8d7c6b5a41"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    s.apply_confirmed([
        Department("MSA-220100", "长春市市场监督管理局", "220100"), _case(), _task(1),
        SpecialProcedure(PROCEDURE_ID, CASE_CODE, SpecialProcedureKind.EXPERT_REVIEW,
                         dt.date(2025, 3, 3), version=1),
        Material(MATERIAL_ID, CASE_CODE, "食品经营场所平面图", "MSA-220100", version=1),
    ], cursor="c1")
    try:
        yield s
    finally:
        s.close()


def _stale(store: Store, command: Command, server: object) -> None:
    store.record_command(command)
    store.mark_conflict(command.id, "remote.stale_version", server_record=server)


@pytest.mark.parametrize(("lang", "procedure", "material", "task"), [
    ("zh", f"特别程序 {CASE_CODE} · 专家评审 · 2025-03-03",
     f"申请材料 {CASE_CODE} · 食品经营场所平面图", f"审核任务 {CASE_CODE} · 长春市市场监督管理局"),
    ("en", f"special procedure {CASE_CODE} · expert review · 2025-03-03",
     f"material {CASE_CODE} · 食品经营场所平面图", f"review task {CASE_CODE} · 长春市市场监督管理局"),
])
def test_a_procedure_a_material_and_a_task_are_named_by_case_not_by_id(
        qtbot: QtBot, store: Store, lang: str, procedure: str, material: str,
        task: str) -> None:
    with store.read() as uow:
        (running,) = uow.special_procedures.for_case(CASE_CODE)
    _stale(store, Command.new("special_procedure.end", PROCEDURE_ID, 1,
                              {"ended_on": "2025-03-03"}, author="wangfang", now=NOW),
           dataclasses.replace(running, ended_on=dt.date(2025, 3, 3), version=2))
    # The verdict is the holder's: queued after the claim, both found stale.
    claim = Command.new("task.claim", "T-000001", 1, {"assignee": "wangfang"},
                        author="wangfang", now=NOW)
    store.record_command(claim)
    _stale(store, Command.new("material.verdict", MATERIAL_ID, 1,
                              {"check": "authenticity", "verdict": "pass"},
                              author="wangfang", now=NOW),
           Material(MATERIAL_ID, CASE_CODE, "食品经营场所平面图", "MSA-220100", version=2))
    store.mark_conflict(claim.id, "remote.stale_version",
                        server_record=dataclasses.replace(_task(1), version=2))
    dialog = _dialog(qtbot, store, lang=lang)
    assert dialog.entries.count() == 3
    lines = [dialog.entries.item(row).text().split("\n")[1] for row in range(3)]
    assert sorted(lines) == sorted([procedure, material, task]), lines
    for row in range(3):
        dialog.entries.setCurrentRow(row)
        for internal in (PROCEDURE_ID, MATERIAL_ID, "T-000001"):
            assert internal not in dialog.summary.text(), dialog.summary.text()
