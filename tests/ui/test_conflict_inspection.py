"""A refused site-inspection proposal in the conflict list: named as the person knows it.

The list named it by the platform's internal id (``现场勘察 inspection-86a1094d-…``)
and showed the proposed times as raw ISO strings with their offset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import CASE_CODE, _case, _dialog

from backoffice.domain.cases import Department
from backoffice.domain.commands import Command
from backoffice.domain.inspection_model import Inspection, InspectionAnswer
from backoffice.domain.inspections import InspectionPart, part_id
from backoffice.domain.states import InspectionStatus
from backoffice.store import Store
from ui.dialogs.conflict_view import _field_labels
from ui.dialogs.conflicts import ConflictListDialog

INSPECTION_ID = "inspection-86a1094d-28ce-4c1e-9d5f-0a1b2c3d4e5f"
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
UTC = dt.UTC


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    inspection = Inspection(INSPECTION_ID, CASE_CODE, "MSA-220100", ("MSA-220100",),
                            "长春市朝阳区人民大街 1 号", version=1)
    s.apply_confirmed([_case(), inspection], cursor="c1")
    try:
        yield s
    finally:
        s.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_refused_proposal_is_named_by_its_case_and_its_times_in_beijing_time(
        qtbot: QtBot, store: Store, lang: str) -> None:
    propose = Command.new("inspection.propose", INSPECTION_ID, 1, {
        # 15:00 and 17:00 Beijing time, as a workstation on UTC would have sent them.
        "starts_at": dt.datetime(2026, 12, 1, 7, 0, tzinfo=UTC).isoformat(),
        "ends_at": dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC).isoformat(),
        "inspectors": ["wangfang"]}, author="wangfang", now=NOW)
    store.record_command(propose)
    store.mark_refused(propose.id, "inspection.short_notice")
    dialog = _dialog(qtbot, store, lang=lang)
    assert dialog.entries.count() == 1
    shown = [dialog.entries.item(0).text(), dialog.summary.text()]
    for text in shown:
        assert INSPECTION_ID not in text, text
        assert f"{CASE_CODE} · 长春市朝阳区人民大街 1 号 · 2026-12-01 15:00" in text, text
    payload = dialog.payload.toPlainText()
    assert "2026-12-01 15:00" in payload and "2026-12-01 17:00" in payload, payload
    assert "T07:00" not in payload and "+00:00" not in payload, payload


def _cells(dialog: ConflictListDialog) -> dict[str, list[str]]:
    table = dialog.versions
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2)]
            for r in range(table.rowCount())}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_table_of_fields_shows_no_internal_id_of_an_inspection_or_its_part(
        qtbot: QtBot, store: Store, lang: str) -> None:
    """The 编号 / Id row showed ``inspection-86a1094d-…``: nobody knows the visit by it."""
    part = InspectionPart(part_id(INSPECTION_ID, "MSA-220100"), INSPECTION_ID, CASE_CODE,
                          "MSA-220100", version=1)
    store.apply_confirmed([part], cursor="c2")
    cancel = Command.new("inspection.cancel", INSPECTION_ID, 1, {"reason": "申请人撤回"},
                         author="wangfang", now=NOW)
    save = Command.new("inspection.record_part", part.id, 1, {"findings": "门后堆物"},
                       author="wangfang", now=NOW)
    for command in (cancel, save):
        store.record_command(command)
        store.mark_refused(command.id, "inspection.not_confirmed")
    dialog = _dialog(qtbot, store, lang=lang)
    assert dialog.entries.count() == 2
    for row in range(2):
        dialog.entries.setCurrentRow(row)
        cells = _cells(dialog)
        shown = [dialog.entries.item(row).text(), dialog.summary.text(),
                 *cells, *(v for pair in cells.values() for v in pair)]
        for text in shown:
            assert INSPECTION_ID not in text, text
        assert cells[_field_labels()["case_code"]][0] == CASE_CODE, cells  # what it was on
        assert CASE_CODE in dialog.entries.item(row).text()


def test_a_decline_replayed_on_an_inspection_its_department_left_names_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Replayed by the store on the pulled record, the answer's refusal said
    ``ZRZY-220100未参加…``: the store applies commands knowing codes only."""
    zrzy, zjj = "ZRZY-220100", "ZJJ-220100"
    store = Store.open(tmp_path / "replay.sqlite3")
    try:
        start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
        proposed = Inspection(
            INSPECTION_ID, CASE_CODE, "MSA-220100", ("MSA-220100", zrzy),
            "长春市朝阳区人民大街 1 号", status=InspectionStatus.PROPOSED, starts_at=start,
            ends_at=start + dt.timedelta(hours=2), inspectors=("wangfang", "zhaolei"),
            proposal=1, answers=(InspectionAnswer("MSA-220100"), InspectionAnswer(zrzy)),
            version=1)
        store.apply_confirmed([Department(zrzy, "长春市自然资源局", "220100"),
                               Department(zjj, "长春市住房和城乡建设局", "220100"),
                               _case(), proposed], cursor="c1")
        decline = Command.new("inspection.decline", INSPECTION_ID, 1, {
            "department_code": zrzy, "proposal": 1, "reason": "当天有任务"},
            author="zhaolei", now=NOW)
        store.record_command(decline)
        # The review moved to another department, which took its place.
        store.apply_confirmed([dataclasses.replace(
            proposed, departments=("MSA-220100", zjj), version=2,
            answers=(InspectionAnswer("MSA-220100"), InspectionAnswer(zjj)))], cursor="c2")
        dialog = _dialog(qtbot, store, lang="zh")
        assert dialog.entries.count() == 1
        reason = dialog.reason.text()
        assert "长春市自然资源局未参加" in reason and zrzy not in reason, reason
        dialog.reapply_selected()  # refused again, said the same way
        qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(),
                        timeout=10000)
        error = dialog.error_label.text()
        assert "长春市自然资源局" in error and zrzy not in error, error
        dialog.close()
    finally:
        store.close()
