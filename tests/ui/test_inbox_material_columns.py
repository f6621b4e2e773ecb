"""The material list's File column is in sight in the pane a 1366-px screen gives it.

The check columns kept Qt's 100 px each for a "—" or "pass", pushing the File column
past the pane's edge: it read "downl…" without scrolling sideways.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backoffice.domain.model import Material
from ui.inbox.detail_materials import FILE, MaterialList

NAMES = ("特殊建设工程消防验收申请表", "工程竣工验收报告", "消防设施检测报告",
         "涉及消防的建设工程竣工图纸")


def test_the_file_column_is_in_sight(qtbot: QtBot) -> None:
    materials = MaterialList()
    qtbot.addWidget(materials)
    materials.resize(560, 300)  # the detail's material list at 1366 px
    materials.show()
    qtbot.waitExposed(materials)
    sha = "ab" * 32
    materials.set_materials(tuple(Material(f"m{n}", "C-1", name, "D1", version=1,
                                           file_sha256=sha)
                                  for n, name in enumerate(NAMES)), frozenset({sha}))
    QApplication.processEvents()
    tree = materials.tree
    assert tree.topLevelItem(0).text(FILE) == "downloaded"
    header = tree.header()
    end = header.sectionViewportPosition(FILE) + tree.sizeHintForColumn(FILE)
    assert end <= tree.viewport().width(), (end, tree.viewport().width())
