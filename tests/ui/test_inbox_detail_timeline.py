"""The task detail's timeline tab words every event the store's timeline tells.

An event kind the tab had no words for showed as its identifier
("extension_requested"); an extension's details are a sentence in the
detail's language (``case_view.event_summary``), the others as they come.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.inbox import detail_sections as sections

EVENTS = (
    {"at": "2025-03-04", "kind": "correction_notice_issued", "summary": "营业执照"},
    {"at": "2025-03-11", "kind": "correction_notice_answered", "summary": "营业执照"},
    {"at": "2025-03-12", "kind": "extension_requested", "summary": "lijun: +10 需专家论证",
     "by": "lijun", "working_days": 10, "reason": "需专家论证"},
    {"at": "2025-03-13", "kind": "extension_approved", "summary": "wangju: +10 需专家论证",
     "by": "wangju", "working_days": 10, "reason": "需专家论证"},
)


def _rows(qtbot: QtBot, lang: str) -> list[list[str]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    tree = sections.timeline(parent)
    sections.fill_timeline(tree, EVENTS, lang)
    return [[tree.topLevelItem(i).text(c) for c in range(3)]
            for i in range(tree.topLevelItemCount())]


def test_the_answer_and_an_extension_are_worded(qtbot: QtBot) -> None:
    assert _rows(qtbot, "en") == [
        ["2025-03-04", "correction notice issued", "营业执照"],
        ["2025-03-11", "corrections came in", "营业执照"],
        ["2025-03-12", "extension requested",
         "lijun asked for 10 more working days. Reason: 需专家论证"],
        ["2025-03-13", "extension approved",
         "wangju approved 10 more working days. Reason: 需专家论证"],
    ]
    zh = _rows(qtbot, "zh")
    assert [r[2] for r in zh[2:]] == ["lijun 申请延期 10 个工作日。理由：需专家论证",
                                      "wangju 批准延期 10 个工作日。理由：需专家论证"]
