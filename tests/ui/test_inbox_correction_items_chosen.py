"""A department's items for the one notice: chosen one by one, a second notice's reason first.

From the last review of the correction flow: the proposed items went into
the notice all or nothing (a reviewer could not leave one out), and after a
notice had gone out "Add our items" queued without the reason a second
notice needs (6.9, 9.3.3; ``ensure_one_time_notice``), so the platform
refused it after the next sync. Real widgets over the demo store of
``test_inbox_detail``, every assertion on the outbox.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    TODAY,
    StandIn,
    claim,
    fresh_task,
    open_detail,
    outbox,
    session,
    settle,
)

from backoffice.domain.model import (
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Material,
    Verdict,
)
from ui.inbox.detail import TaskDetail


def _fail(qtbot: QtBot, detail: TaskDetail, materials: list[Material]) -> None:
    """``materials`` failed on conformity, as a pull confirms verdicts given earlier."""
    detail.session.store.apply_confirmed([  # type: ignore[attr-defined]
        dataclasses.replace(m.with_verdict(CheckVerdict(Check.CONFORMITY, Verdict.FAIL,
                                                        f"{m.name} 不规范")),
                            version=m.version + 1) for m in materials])
    detail.reload()
    settle(qtbot, detail)


def _requests(s: StandIn) -> list[dict[str, object]]:
    return [payload for kind, _, payload, _ in outbox(s) if kind == "task.request_correction"]


def _own(detail: TaskDetail) -> list[Material]:
    assert detail.snapshot is not None
    return [m for m in detail.snapshot.materials if not m.from_shared_platform]


def test_a_proposed_item_can_be_left_out(qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    first, second, third = _own(detail)[:3]
    _fail(qtbot, detail, [first, second, third])
    proposed, send = detail.correction.proposed, detail.correction.send
    detail.show_page(proposed)
    assert proposed.topLevelItemCount() == 3
    rows = [proposed.topLevelItem(i) for i in range(3)]
    assert all(r is not None and r.checkState(0) == Qt.CheckState.Checked for r in rows)
    # The second left out, by the keyboard: Space on the current item.
    proposed.setFocus()
    proposed.setCurrentItem(rows[1])
    qtbot.keyClick(proposed, Qt.Key.Key_Space)
    assert rows[1] is not None and rows[1].checkState(0) == Qt.CheckState.Unchecked
    # A verdict stored meanwhile rebuilds the list: what was left out stays out.
    _fail(qtbot, detail, [dataclasses.replace(
        next(m for m in _own(detail) if m.id == first.id))])
    row = proposed.topLevelItem(1)
    assert row is not None and row.text(0) == second.name
    assert row.checkState(0) == Qt.CheckState.Unchecked
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    (request,) = _requests(session)
    items = request["items"]
    assert isinstance(items, list)
    assert [i["material_name"] for i in items] == [first.name, third.name]
    # Every item left out: nothing to add, the button says so by being off.
    for index in range(proposed.topLevelItemCount()):
        item = proposed.topLevelItem(index)
        assert item is not None
        item.setCheckState(0, Qt.CheckState.Unchecked)
    assert not send.isEnabled()


def test_after_a_notice_went_out_the_reason_is_asked_before_queuing(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    plan = _own(detail)[0]
    answered = CorrectionNotice(
        "N-first", plan.case_code,
        (CorrectionItem(plan.name, plan.department_code, "规范性：未标注比例尺"),),
        status=CorrectionNoticeStatus.ANSWERED, issued_on=TODAY,
        answered_on=TODAY + dt.timedelta(days=2), version=1)
    session.store.apply_confirmed([answered])
    _fail(qtbot, detail, [plan])
    reason, send = detail.correction.second_reason, detail.correction.send
    detail.show_page(send)
    assert reason.isVisible() and send.isEnabled()
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    # The lead's Issue asks it in the same words: nothing queued, the focus on the reason.
    assert "say why a second one is needed" in detail.message.text()
    assert _requests(session) == [] and QApplication.focusWidget() is reason
    reason.setText("补正后的平面图仍未标注比例尺")  # QTest types Latin-1 only
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    (request,) = _requests(session)
    assert request["second_notice_reason"] == "补正后的平面图仍未标注比例尺"
    _, department, _ = fresh_task()
    assert request["items"] == [{"material_name": plan.name, "department_code": department,
                                 "reason": f"规范性：{plan.name} 不规范"}]
