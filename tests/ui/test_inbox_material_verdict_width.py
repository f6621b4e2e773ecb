"""A check column grows with a verdict given after the list was filled: "✗ 不通过"
after "—" is not clipped. The columns were sized only when the list was loaded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_columns import lang  # noqa: F401 - the fixture: en, then zh

from backoffice.domain.materials import Check, CheckVerdict, Material, Verdict
from ui.inbox.detail_materials import FIRST_CHECK, MaterialList

NAMES = ("营业执照", "消防设施检测报告")


def test_a_longer_verdict_widens_its_column(
        qtbot: QtBot, lang: str, tmp_path: Path) -> None:  # noqa: F811
    materials = MaterialList()
    qtbot.addWidget(materials)
    materials.resize(700, 300)
    materials.show()
    qtbot.waitExposed(materials)
    listed = tuple(Material(f"m{n}", "C-1", name, "D1", version=1)
                   for n, name in enumerate(NAMES))
    materials.set_materials(listed, frozenset())  # every check "—"
    tree = materials.tree
    for offset, check in enumerate(Check):
        column = FIRST_CHECK + offset
        before = tree.header().sectionSize(column)
        verdict = CheckVerdict(check, Verdict.FAIL, "印章不清")
        materials.update_material(listed[0].with_verdict(verdict))
        listed = (listed[0].with_verdict(verdict), *listed[1:])
        QApplication.processEvents()
        wanted = tree.sizeHintForColumn(column)
        assert tree.topLevelItem(0).text(column).endswith(
            "不通过" if lang == "zh" else "fail")
        assert tree.header().sectionSize(column) >= wanted, (lang, check, before, wanted)
    tree.grab().save(str(tmp_path / f"verdicts-{lang}.png"))
