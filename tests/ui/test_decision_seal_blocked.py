"""Seal waits while a blocking finding is shown, as Submit does (pytest-qt, real sandbox).

A decision submitted in time may be overdue by the time the signer opens
it: the desk finds it blocking (no reason for the delay was given), and the
Seal button was still pressable — the click was only refused. Now it is off
with the finding as its tooltip, and the desk refuses the seal as well.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox, signer_on_submitted
from test_decision_form import _open, _workspace

from backoffice.decisions import jobs
from backoffice.domain.errors import DomainError
from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_seal_is_off_with_the_blocking_finding_and_the_desk_refuses_it(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Any) -> None:
    case, draft, signer = signer_on_submitted(sandbox, device, 6)
    due = dt.date.fromisoformat(
        sandbox.app.state.platform.record("case", case.case_code).body["due_date"])
    before = clock.now
    clock.now = dt.datetime.combine(due + dt.timedelta(days=3), dt.time(10),
                                    tzinfo=before.tzinfo)
    try:
        ws = _workspace(qtbot, signer)
        ws.desk.roles_from(("signer",))
        _open(qtbot, ws, case.case_code)
        form = ws.form
        assert "✖" in form.findings.text(), form.findings.text()
        assert not form.seal.isEnabled()
        assert "overdue" in form.seal.toolTip().lower(), form.seal.toolTip()
        assert due.isoformat() in form.seal.toolTip()

        decision = signer.desk.find(case.case_code, draft.id).decision
        with pytest.raises(DomainError) as refused:
            signer.desk.seal_with_platform(decision)
        assert refused.value.code == "decision.overdue"
        assert jobs.get(signer.store, draft.id) is None
    finally:
        clock.now = before

    # In time again (the same decision, nothing else changed) Seal may be pressed.
    _open(qtbot, ws, case.case_code)
    assert ws.form.seal.isEnabled() and ws.form.seal.toolTip() == ""
