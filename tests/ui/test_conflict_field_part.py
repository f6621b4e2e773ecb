"""A field record's part in the conflict list: in words, never keys or hashes.

QA: the change box of an ``inspection.record_part`` read "Corrections: item:
…, requirement: …" and "Photos: sha256: 7b00e5cb…, original_sha256: …,
caption: 现场 照片#1", and a checklist line said 通过/不通过/尚未审查 (a
material review's words) where the field form says 符合/不符合/未检查.
"""

from __future__ import annotations

import dataclasses
import re

from pytestqt.qtbot import QtBot

from backoffice.domain.inspection_payloads import part_payload
from backoffice.domain.inspections import (
    ChecklistLine,
    InspectionPart,
    InspectionPhoto,
    OnSiteCorrection,
)
from backoffice.domain.model import Verdict
from ui.dialogs.conflict_view import field_rows, payload_text
from ui.planner.field_words import verdict_choices

SHA = "7b00e5cb" + "1" * 56
ORIGINAL = "0" * 64
_HASHISH = re.compile(r"[0-9a-f]{16}")


def _part() -> InspectionPart:
    return InspectionPart(
        id="i1--WSJK", inspection_id="i1", case_code="C1", department_code="WSJK",
        lines=(ChecklistLine("【卫健】场所布局", Verdict.PASS),
               ChecklistLine("【卫健】设施设备", Verdict.FAIL, "消毒柜未通电"),
               ChecklistLine("【卫健】从业人员", Verdict.PENDING)),
        photos=(InspectionPhoto(SHA, ORIGINAL, "现场 照片#1"), InspectionPhoto(SHA, ORIGINAL)),
        corrections=(OnSiteCorrection("【卫健】设施设备", "三日内接通消毒柜电源"),))


def test_the_change_box_shows_points_corrections_and_photos_in_words(qtbot: QtBot) -> None:
    words = {v: text for text, v in verdict_choices()}  # the field form's own
    text = payload_text(part_payload(_part()), "en")
    assert f"【卫健】场所布局: {words[Verdict.PASS]}" in text, text
    assert f"【卫健】设施设备: {words[Verdict.FAIL]} (消毒柜未通电)" in text, text
    assert f"【卫健】从业人员: {words[Verdict.PENDING]}" in text, text
    assert "Corrections: 【卫健】设施设备: 三日内接通消毒柜电源" in text, text
    assert "Photos: 现场 照片#1; photo 2 (no caption)" in text, text
    for raw in ("item:", "requirement:", "sha256:", "caption:", "verdict:", "passed", "failed"):
        assert raw not in text, (raw, text)
    assert not _HASHISH.search(text), text


def test_the_versions_table_shows_the_part_in_the_same_words(qtbot: QtBot) -> None:
    part = _part()
    rows = {r.name: r for r in field_rows(part, dataclasses.replace(part, photos=()), "en")}
    words = {v: text for text, v in verdict_choices()}
    assert rows["lines"].base.startswith(f"【卫健】场所布局: {words[Verdict.PASS]}; ")
    assert rows["photos"].base == "现场 照片#1; photo 2 (no caption)"
    assert rows["corrections"].base == "【卫健】设施设备: 三日内接通消毒柜电源"
    assert not any(_HASHISH.search(r.base + r.server) for r in rows.values())
