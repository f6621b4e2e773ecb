"""Every department on the case reads the issued notice as the applicant received it.

The last review: the notice that went out was shown in the lead's panel
only; another department, asked by the applicant about its items, had the
items but not the notice. The feed gives every department on the case the
case's notices with all their items, so the text is built as the lead's is:
read only, printable, nothing to edit or issue. The draft stays the lead's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from test_inbox_case_actions import draft, lead_and_other, make, tab, task_of, two_departments
from test_inbox_detail import demo, open_detail

from backoffice.domain.model import CorrectionNoticeStatus


def test_another_department_reads_the_issued_notice(qtbot: QtBot, tmp_path: Path) -> None:
    lead_dept, other = lead_and_other()
    s = make(tmp_path, other)
    try:
        s.store.apply_confirmed([draft(*two_departments(), status=CorrectionNoticeStatus.ISSUED)])
        detail = open_detail(qtbot, s, task_of(other))
        issue = detail.case_actions.issue
        tab(detail, issue)
        assert issue.isVisible() and issue.preview.isVisible() and issue.preview.isReadOnly()
        names = {d.code: d.name for d in demo().departments}
        text = issue.preview.toPlainText()
        # The lead department's notice, every department's items in it.
        assert text.startswith(f"{names[lead_dept]}\n申请材料补正一次性告知书\n")
        assert f"1. 营业执照（{names[lead_dept]}）：副本模糊，请重新提供" in text
        assert f"2. 消防平面图（{names[other]}）" in text
        assert "2025-03-04" in issue.title()
        # Read only: nothing to edit or issue; the paper copy can be printed.
        assert issue.button.isHidden() and issue.items.isHidden()
        assert issue.edit_text.isHidden() and issue.waiting.isHidden()
        printed = issue.findChild(QPushButton, "printNotice")
        assert printed is not None and printed.isVisible()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()
