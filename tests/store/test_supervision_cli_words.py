"""``backoffice efficiency``'s words: the date range said, refusals and late stops shown, no stray space."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable

import pytest
from store_factories import SHANGHAI, case_code, make_case

from backoffice import exit_codes
from backoffice.domain.model import (
    Decision,
    DecisionKind,
    DecisionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CaseStatus
from backoffice.store import Store
from backoffice.sync import accounts

Run = Callable[..., subprocess.CompletedProcess[str]]
ME = accounts.Account("https://platform.example", "lijun", "李军（虚构）", "MSA-220100",
                      "长春市市场监督管理局")


@pytest.mark.parametrize("day", ["0001-01-01", "3000-01-01"])
def test_a_right_date_outside_the_range_says_the_range(run_cli: Run, day: str) -> None:
    for lang, words in (("en", ("1900-01-01", "2999-12-31")), ("zh", ("1900", "2999"))):
        done = run_cli("--lang", lang, "efficiency", "--from", day)
        assert done.returncode == exit_codes.USAGE
        assert all(w in done.stderr for w in words), done.stderr
        assert "YYYY-MM-DD" not in done.stderr and day in done.stderr


def test_refusals_and_a_stop_begun_late_are_said(run_cli: Run) -> None:
    accounts.set_current(ME)
    with Store.open(ME.store_path()) as store:
        store.apply_confirmed([
            # Accepted Mon 3 Feb: due 17 Feb; a hearing from 20 Feb stops nothing.
            make_case(1, accepted_at=dt.datetime(2025, 2, 3, 9, tzinfo=SHANGHAI),
                      status=CaseStatus.SUSPENDED),
            make_case(2, accepted_at=dt.datetime(2025, 2, 4, 9, tzinfo=SHANGHAI),
                      status=CaseStatus.NOT_ACCEPTED),
        ])
        store.apply_confirmed([
            SpecialProcedure("sp-1", case_code(1), SpecialProcedureKind.HEARING,
                             dt.date(2025, 2, 20), None, dt.date(2025, 2, 20), version=1),
            Decision("d-2", case_code(2), ME.department_code, DecisionKind.REFUSE_ACCEPTANCE,
                     status=DecisionStatus.ISSUED, reasons="不属于本部门职权范围（虚构）",
                     legal_basis="第三十二条", decided_on=dt.date(2025, 2, 4), version=1)])
    en = run_cli("--lang", "en", "efficiency", "--from", "2025-02-01", "--to", "2025-02-28")
    assert en.returncode == 0, en.stderr
    assert "Cases accepted: 1," in en.stdout
    assert "Refusals of acceptance (not counted as accepted): 1" in en.stdout
    row = next(line for line in en.stdout.splitlines() if case_code(1) in line)
    assert "stopped on 2025-02-20, after the deadline" in row
    zh = run_cli("--lang", "zh", "efficiency", "--from", "2025-02-01", "--to", "2025-02-28")
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith(f"{ME.department_name}办事效率："), zh.stdout
    assert "不予受理（不计入受理办件）：1 件" in zh.stdout
