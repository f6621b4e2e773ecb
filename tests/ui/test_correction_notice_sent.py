"""The lead's preview of the one correction notice is what the applicant receives.

End to end over the real sandbox and the real task detail: every department
reviews and adds its items on the platform; the lead's preview (labelled as
what the applicant receives) is compared with the notification the platform
records when the notice is issued, character for character; once issued the
notice stays readable in the same panel, and printable as the paper copy. A
notice longer than the platform carries is refused in the widget before
anything is queued.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.platform_env import PASSWORD, settings
from support.sandbox_env import Client, demo_data, start, user, version
from support.verdicts import pass_on_platform
from test_inbox_detail import StandIn, open_detail, outbox, settle

from backoffice.remote import PlatformClient
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.signing.correction_notice import MAX_NOTICE_TEXT
from backoffice.store import Store
from backoffice.sync.accounts import Account
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.inbox.detail import TaskDetail
from ui.planner.notice import NoticePage

DEMO = demo_data(fresh=2)
NAMES = {d.code: d.name for d in DEMO.departments}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _review(platform: Sandbox, code: str, items: dict[str, list[tuple[str, str]]]) -> None:
    """Every department of ``code`` claims, checks its materials and adds its ``items``."""
    for task in (t for t in DEMO.tasks if t.case_code == code):
        client = Client(platform.url, user(DEMO, task.department_code)).login()
        claimed = client.command("task.claim", "review_task", task.id,
                                 version(platform, "review_task", task.id))
        assert claimed["status"] == "applied", claimed
        pass_on_platform(platform, client, task.id)
        asked = client.command(
            "task.request_correction", "review_task", task.id,
            version(platform, "review_task", task.id),
            {"items": [{"material_name": m, "department_code": task.department_code,
                        "reason": r} for m, r in items[task.department_code]]})
        assert asked["status"] == "applied", asked


def _lead(platform: Sandbox, tmp_path: Path, code: str) -> tuple[SyncEngine, StandIn, str]:
    case = next(c for c in DEMO.cases if c.case_code == code)
    username = user(DEMO, case.lead_department)
    client = PlatformClient(platform.url, settings=settings())
    client.login(username, PASSWORD)
    engine = SyncEngine(Store.open(tmp_path / "lead.sqlite3"), client)
    engine.sync_once()
    session = StandIn(engine.store, FileCache(tmp_path / "files"),
                      Account(platform.url, username, "", case.lead_department, ""))
    task = next(t.id for t in DEMO.tasks
                if t.case_code == code and t.department_code == case.lead_department)
    return engine, session, task


def _notifications(platform: Sandbox, code: str) -> list[dict[str, Any]]:
    with platform.platform.engine.connect() as conn:
        rows = conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "notification", db.records.c.case_code == code))
        return [json.loads(body) for (body,) in rows]


def _issue(qtbot: QtBot, detail: TaskDetail) -> None:
    detail.show_page(detail.case_actions.issue.button)
    assert detail.case_actions.issue.button.isVisible()
    qtbot.mouseClick(detail.case_actions.issue.button, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)


def _reason(length: int) -> str:
    words = "所列从业人员信息与身份证明不一致，须逐项核对并重新签字确认。"
    return (words * (length // len(words) + 1))[:length]


def test_the_preview_is_what_the_applicant_receives_and_stays_readable(
    qtbot: QtBot, platform: Sandbox, tmp_path: Path
) -> None:
    code = DEMO.fresh_cases[0]
    departments = sorted({t.department_code for t in DEMO.tasks if t.case_code == code})
    # Long reasons: together far over the 2,000 characters the notification was cut to.
    _review(platform, code, {d: [(f"材料{n}", _reason(900)) for n in range(2)]
                             for d in departments})
    engine, session, task = _lead(platform, tmp_path, code)
    try:
        detail = open_detail(qtbot, session, task)
        issue = detail.case_actions.issue
        preview = issue.preview.toPlainText()
        assert len(preview) > 2 * 900 * len(departments)
        _issue(qtbot, detail)
        assert engine.sync_once().push.applied == 1
        (told,) = _notifications(platform, code)
        assert told["text"] == preview

        # Issued: the lead still reads the notice as it went out, nothing left to edit.
        engine.sync_once()
        with qtbot.waitSignal(detail.loaded):
            session.statusChanged.emit(object())
        settle(qtbot, detail)
        detail.show_page(issue)
        assert issue.isVisible() and issue.preview.isVisible()
        assert issue.button.isHidden() and issue.items.isHidden()
        assert issue.preview.toPlainText() == told["text"]

        # And as the paper copy, laid out like every document of ours: print or save.
        printed = issue.findChild(QPushButton, "printNotice")
        assert printed is not None and printed.isVisible()
        qtbot.mouseClick(printed, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: issue.document is not None and issue.document.isVisible())
        assert issue.document is not None
        page = issue.document.findChild(NoticePage)
        assert page is not None and page.pdf is not None and page.print_button.isEnabled()
        pdf = pdfium.PdfDocument(page.pdf)
        words = "".join("".join(p.get_textpage().get_text_range().split()) for p in pdf)
        assert "申请材料补正一次性告知书" in words and f"{code}-1号" in words
        assert "第三十二条" in words and "草稿·未签章" in words  # a copy, not the sealed original
    finally:
        session.files.close()
        engine.store.close()


def test_a_notice_too_long_to_send_is_not_queued(
    qtbot: QtBot, platform: Sandbox, tmp_path: Path
) -> None:
    code = DEMO.fresh_cases[1]
    departments = sorted({t.department_code for t in DEMO.tasks if t.case_code == code})
    per = MAX_NOTICE_TEXT // (2000 * len(departments)) + 1
    _review(platform, code, {d: [(f"材料{n}", _reason(2000)) for n in range(per)]
                             for d in departments})
    engine, session, task = _lead(platform, tmp_path, code)
    try:
        detail = open_detail(qtbot, session, task)
        issue = detail.case_actions.issue
        detail.show_page(issue)
        # Said before the lead presses Issue, and pressing it queues nothing.
        assert issue.waiting.isVisible()
        assert f"at most {MAX_NOTICE_TEXT}" in issue.waiting.text()
        assert not issue.button.isEnabled()
        assert f"at most {MAX_NOTICE_TEXT}" in issue.button.accessibleDescription()
        _issue(qtbot, detail)
        assert outbox(session) == []
    finally:
        session.files.close()
        engine.store.close()
