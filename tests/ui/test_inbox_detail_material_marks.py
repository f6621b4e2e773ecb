"""What the material list and the read-only tabs say of a material beyond its checks.

A QA pass of the correction flow found: an e-licence looked up on the shared
platform could be failed and put in the correction notice, so the applicant
was asked for it again (against 9.1.2); a material the applicant resupplied
after the notice looked like any other; a deferred material (容缺) not handed
in looked like an ordinary required one; and at 1366 px the deferred
materials' and the timeline's columns were cut. Real widgets over a real store
filled with the demo platform's records (as ``test_inbox_detail``), the
platform's confirmations applied as a sync applies them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    TODAY,
    StandIn,
    claim,
    fresh_task,
    open_detail,
    session,
    settle,
)

from backoffice.domain import clock
from backoffice.domain.errors import DomainError
from backoffice.domain.model import (
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    DeferredMaterial,
    Material,
    Verdict,
)
from ui.inbox.detail import TaskDetail
from ui.inbox.detail_data import queue
from ui.inbox.detail_materials import FLAGS


def _own(detail: TaskDetail) -> tuple[Material, ...]:
    assert detail.snapshot is not None
    return detail.snapshot.materials


def _confirm(qtbot: QtBot, detail: TaskDetail, records: list[object]) -> None:
    detail.session.store.apply_confirmed(records)  # type: ignore[attr-defined]
    detail.reload()
    settle(qtbot, detail)


def _flags(detail: TaskDetail, material: Material) -> tuple[str, str]:
    tree = detail.materials.tree
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item is not None and item.text(0) == material.name:
            return item.text(FLAGS), item.toolTip(FLAGS)
    raise AssertionError(material.name)


def _failed(m: Material, check: Check, note: str) -> Material:
    return dataclasses.replace(m.with_verdict(CheckVerdict(check, Verdict.FAIL, note)),
                               version=m.version + 1)


def test_a_failed_e_licence_is_queried_again_not_asked_of_the_applicant(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    materials = _own(detail)
    licence = next(m for m in materials if m.from_shared_platform)
    plan = next(m for m in materials if not m.from_shared_platform)
    _confirm(qtbot, detail, [_failed(licence, Check.AUTHENTICITY, "名称与营业执照不一致"),
                             _failed(plan, Check.CONFORMITY, "未标注比例尺")])
    proposed = detail.correction.proposed
    names = [proposed.topLevelItem(i).text(0) for i in range(proposed.topLevelItemCount())]
    assert names == [plan.name]
    flags, why = _flags(detail, licence)
    assert "e-licence, query again" in flags
    assert "querying the platform again" in why
    # The rule itself, before anything is queued: no item for the e-licence.
    task_id, department, user = fresh_task()
    with pytest.raises(DomainError) as refused:
        queue(session.store, user, "task.request_correction", task_id, {"items": [
            {"material_name": licence.name, "department_code": department,
             "reason": "真实性：名称与营业执照不一致"}]})
    assert refused.value.code == "correction.shared_platform_material"
    assert [e.command.kind for e in session.store.pending_commands()] == ["task.claim"]


def test_a_material_resupplied_after_the_notice_says_so_with_the_reason(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    plan = _own(detail)[3]
    reason = "规范性：未标注<b>安全出口</b>"
    notice = CorrectionNotice(
        "N-answered", plan.case_code, (CorrectionItem(plan.name, plan.department_code, reason),),
        status=CorrectionNoticeStatus.ANSWERED, issued_on=TODAY,
        answered_on=TODAY + dt.timedelta(days=3), version=1)
    _confirm(qtbot, detail, [notice])
    flags, why = _flags(detail, plan)
    assert "resupplied" in flags
    assert reason.replace("<", "&lt;").replace(">", "&gt;") in why  # plain text, as typed
    assert "2025-03-06" in why
    other = _own(detail)[0]
    assert "resupplied" not in _flags(detail, other)[0]


def test_a_deferred_material_not_handed_in_is_marked_with_its_due_date(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    material = _own(detail)[4]
    assert _flags(detail, material)[0].startswith("required")
    today = clock.today()
    due = today + dt.timedelta(days=14)
    deferred = DeferredMaterial(
        "D-marks", material.case_code, material.name, "本单位承诺于期限内补交",
        committed_on=TODAY, due_date=due, department_code=material.department_code, version=1)
    _confirm(qtbot, detail, [deferred])
    flags, why = _flags(detail, material)
    assert flags.startswith(f"deferred, due {due.isoformat()}") and "required" not in flags
    assert "not handed in yet" in why
    # Past its date it says so.
    late = dataclasses.replace(deferred, due_date=today - dt.timedelta(days=1), version=2)
    _confirm(qtbot, detail, [late])
    assert _flags(detail, material)[0].startswith("deferred, overdue since")
    # Handed in, it is an ordinary material again.
    _confirm(qtbot, detail, [dataclasses.replace(late, fulfilled_on=TODAY, version=3)])
    assert _flags(detail, material)[0].startswith("required")


def _cut(tree: QTreeWidget, column: int) -> list[str]:
    """The texts of ``column`` wider than the column shows (Qt elides them)."""
    metrics = tree.fontMetrics()
    # Qt's item text margin: the focus frame's and one pixel, on each side.
    room = tree.columnWidth(column) - 2 * (tree.style().pixelMetric(
        tree.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())
            if metrics.horizontalAdvance(tree.topLevelItem(i).text(column)) > room]


def test_deferred_and_timeline_columns_share_a_laptop_s_width(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    detail.resize(1366, 768)
    material = _own(detail)[4]
    _confirm(qtbot, detail, [DeferredMaterial(
        "D-width", material.case_code, "工程质量安全监督手续（含建设工程质量监督登记表）",
        "本单位承诺于规定期限内补交工程质量安全监督手续，逾期未补交的，自愿承担相应法律责任",
        committed_on=TODAY, due_date=TODAY + dt.timedelta(days=14), version=1)])
    for tree in (detail.deferred, detail.timeline):
        detail.tabs.setCurrentWidget(tree)
        qtbot.waitUntil(tree.isVisible)
        assert tree.topLevelItemCount() > 0
    assert _cut(detail.deferred, 0) == []
    widths = sum(detail.deferred.columnWidth(c) for c in range(4))
    assert widths >= detail.deferred.viewport().width() - 2
    assert _cut(detail.timeline, 1) == []
