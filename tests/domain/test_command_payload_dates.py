"""Payload days and times outside the years 2000–2099 are refused before queuing.

The platform holds them to the same window (tests/sandbox/test_sandbox_payload_dates.py);
the client says so when the person acts rather than after a push.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_commands import NOW, make_case_in_review
from test_inspections import AT, SLOT, _requested

from backoffice.domain.commands import Command, apply_command, check_append
from backoffice.domain.errors import DomainError
from backoffice.domain.model import SpecialProcedure, SpecialProcedureKind


def _command(kind: str, entity_id: str, payload: dict[str, Any]) -> Command:
    return Command.new(kind, entity_id, 1, payload, author="wangfang", now=NOW)


def _field(fn: Any, *args: Any) -> str:
    with pytest.raises(DomainError) as info:
        fn(*args)
    assert info.value.code == "command.bad_payload"
    return str(info.value.params["field"])


def _suspend(started_on: str) -> Command:
    return _command("case.suspend", make_case_in_review().case_code,
                    {"procedure": "expert_review", "started_on": started_on, "reason": "专家评审"})


@pytest.mark.parametrize("started_on", ["0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_suspension_outside_the_years_is_refused(started_on: str) -> None:
    assert _field(apply_command, _suspend(started_on), make_case_in_review()) == "started_on"


def test_a_suspension_before_acceptance_is_refused() -> None:
    with pytest.raises(DomainError) as info:
        apply_command(_suspend("2025-03-02"), make_case_in_review())  # the day before
    assert info.value.code == "special_procedure.outside_dates"


def test_a_suspension_may_start_on_the_day_of_acceptance() -> None:
    case = make_case_in_review()  # accepted 2025-03-03 10:00 UTC: 18:00 in Beijing
    assert apply_command(_suspend("2025-03-03"), case).status.value == "suspended"


def test_a_procedure_ending_past_the_years_is_refused() -> None:
    proc = SpecialProcedure("P-1", "220100-2025-000001", SpecialProcedureKind.HEARING,
                            dt.date(2025, 3, 4), version=1)
    ending = _command("special_procedure.end", "P-1", {"ended_on": "2100-01-01"})
    assert _field(apply_command, ending, proc) == "ended_on"


@pytest.mark.parametrize(("field", "value"), [
    ("starts_at", "0001-01-01T00:00:00+14:00"),
    ("starts_at", "1999-12-31T23:59:59+00:00"),
    ("ends_at", "2100-01-01T08:00:00+08:00"),
    ("ends_at", "9999-12-31T23:59:59-12:00"),
])
def test_an_inspection_slot_outside_the_years_is_refused(field: str, value: str) -> None:
    payload = {"starts_at": SLOT.starts_at.isoformat(), "ends_at": SLOT.ends_at.isoformat(),
               "inspectors": list(SLOT.inspectors), field: value}
    propose = Command.new("inspection.propose", "I", 0, payload, author="wang", now=AT)
    assert _field(apply_command, propose, _requested()) == field


def test_a_decision_report_day_outside_the_years_is_refused() -> None:
    draft = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条"}
    case = make_case_in_review()
    bad = _command("decision.draft", case.case_code, {**draft, "report_by": "0001-01-01"})
    assert _field(check_append, bad) == "report_by"
    fine = _command("decision.draft", case.case_code, {**draft, "report_by": "2099-12-31"})
    check_append(fine)
