"""The case timeline tells when the decision was issued and how it reaches the applicant.

Only the applicant's notification said it, in the platform's Chinese, and
only the day of the seal ("decision") was an event of its own. Now an
issued decision is an event ``decision_issued`` of the store's timeline (the
task detail's tab and ``backoffice case``): at the time of the notification
the platform sent with the issue (the decision record keeps no time of its
own), its delivery in the desk's words, a courier's address beside it.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from support.decision_env import clock, device, sandbox, sealed_by_platform
from test_decision_form import _open, _workspace

from backoffice.sandbox.server import Sandbox
from backoffice.store.schema import DecisionRow, table_of
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data, event_summary, print_case
from ui.inbox import detail_sections

__all__ = ["clock", "device", "sandbox"]  # fixtures

ADDRESS = "吉林省临江市建设街88号（演示地址）"


def _case(dev: Any, code: str) -> dict[str, Any]:
    department = dev.desk.department_code
    return case_data(dev.store, code, Account("https://platform.test", dev.username,
                                              dev.username, department, department))


def test_an_issued_decision_is_a_timeline_event_with_its_delivery_in_words(
        qtbot: QtBot, sandbox: Sandbox, device: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    case, decision, signer = sealed_by_platform(sandbox, device, 4)
    before = [e["kind"] for e in _case(signer, case.case_code)["timeline"]]
    assert "decision_issued" not in before  # sealed, not issued yet
    signer.desk.issue(decision, "courier", ADDRESS)
    signer.engine.sync_once()

    data = _case(signer, case.case_code)
    [issued] = [e for e in data["timeline"] if e["kind"] == "decision_issued"]
    # When: the platform's notification of the issue, the one record of its time.
    [told] = [n for n in data["notifications"] if decision.document_number
              and str(decision.document_number) in n["text"]]
    assert issued["at"] == told["sent_at"]
    kinds = [e["kind"] for e in data["timeline"]]
    # Sealed, issued, then the applicant told of it (the same moment: in that order).
    at = kinds.index("decision_issued")
    assert kinds.index("decision") < at and data["timeline"][at + 1]["at"] == told["sent_at"]
    assert data["timeline"][at + 1]["kind"] == "notification_sent", kinds
    # The JSON keeps the identifier; the words come with the language.
    assert (issued["delivery"], issued["delivery_address"]) == ("courier", ADDRESS)
    assert event_summary(issued, "en") == f"by courier: {ADDRESS}"
    assert event_summary(issued, "zh") == f"邮寄送达：{ADDRESS}"

    print_case(data, "en")
    page = capsys.readouterr().out
    assert "decision issued" in page and f"by courier: {ADDRESS}" in page, page

    # The task detail's timeline tab: the same event, in words.
    parent = QWidget()
    qtbot.addWidget(parent)
    tree = detail_sections.timeline(parent)
    detail_sections.fill_timeline(tree, tuple(data["timeline"]), "en")
    rows = [[tree.topLevelItem(i).text(c) for c in range(3)]
            for i in range(tree.topLevelItemCount())]
    [row] = [r for r in rows if r[2] == f"by courier: {ADDRESS}"]
    assert row[1] == "decision issued" and row[0] != "—", rows


def test_a_decision_kept_before_delivery_was_recorded_says_so_honestly(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    """Kept by a store before migration 0016 (``''``), an issued decision's delivery
    is not known here; the desk and the timeline say why, not a guess."""
    case, decision, signer = sealed_by_platform(sandbox, device, 5)
    signer.desk.issue(decision, "window")
    signer.engine.sync_once()
    t = table_of(DecisionRow)
    with signer.store.write() as uow:  # as migration 0016 left a decision synced before it
        uow.session.execute(update(t).where(t.c.id == decision.id)
                            .values(delivery="", delivery_address=""))

    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    said = "Delivery: not recorded (issued before this version recorded the delivery method)"
    assert said in ws.form.state.text(), ws.form.state.text()
    assert not ws.form.delivery.isVisible()

    [issued] = [e for e in _case(signer, case.case_code)["timeline"]
                if e["kind"] == "decision_issued"]
    assert event_summary(issued, "en") == \
        "not recorded (issued before this version recorded the delivery method)"
    assert event_summary(issued, "zh") == "未记录（在本版本记录送达方式之前送达）"
