"""``backoffice efficiency`` in a child process, on the signed-in person's real store file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from collections.abc import Callable

import pytest
from store_factories import SHANGHAI, case_code, make_case, make_task

from backoffice import exit_codes
from backoffice.domain.model import CaseKind, Decision, DecisionKind, DecisionStatus, Department
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.sync import accounts

Run = Callable[..., subprocess.CompletedProcess[str]]
ME = accounts.Account("https://platform.example", "lijun", "李军（虚构）", "MSA-220100",
                      "长春市市场监督管理局")
MARCH = ("--from", "2025-03-01", "--to", "2025-03-31")


@pytest.fixture
def signed_in() -> None:
    """A person signed in on this machine, whose store holds March's work (no platform needed)."""
    accounts.set_current(ME)
    cases = [
        make_case(1, accepted_at=dt.datetime(2025, 3, 3, 9, tzinfo=SHANGHAI),
                  status=CaseStatus.ISSUED),
        make_case(2, accepted_at=dt.datetime(2025, 3, 3, 9, tzinfo=SHANGHAI),
                  status=CaseStatus.ISSUED, applicant="赵敏\x1b[31m（虚构）"),
        make_case(3, accepted_at=dt.datetime(2025, 3, 4, 9, tzinfo=SHANGHAI),
                  kind=CaseKind.IMMEDIATE, promised_days=0, status=CaseStatus.DECIDED),
    ]
    decisions = [
        Decision(f"decision-{n}", case_code(n), ME.department_code, DecisionKind.GRANT,
                 status=DecisionStatus.SEALED, legal_basis="第十条", decided_on=on,
                 overdue_reason=reason, version=1)
        for n, on, reason in ((1, dt.date(2025, 3, 14), ""),
                              (2, dt.date(2025, 3, 19), "现场核查延误\x1b[2J（虚构）"),
                              (3, dt.date(2025, 3, 4), ""))
    ]
    with Store.open(ME.store_path()) as store:
        store.apply_confirmed(cases)
        store.apply_confirmed(decisions)


@pytest.mark.usefixtures("signed_in")
def test_the_figures_in_english_and_chinese(run_cli: Run) -> None:
    en = run_cli("--lang", "en", "efficiency", *MARCH)
    assert en.returncode == 0, en.stderr
    assert "Immediate-case ratio: 33.3% (1/3)" in en.stdout
    assert "On-time completion rate: 66.7% (2/3)" in en.stdout
    assert "Online completion rate: not available" in en.stdout
    assert "Acceptance concentration rate: not available" in en.stdout
    late = next(line for line in en.stdout.splitlines() if case_code(2) in line)
    assert "2025-03-17" in late and "2025-03-19" in late and "2 working days late" in late
    assert "\x1b" not in en.stdout  # the platform's text is shown, never acted on
    zh = run_cli("--lang", "zh", "efficiency", *MARCH)
    assert zh.returncode == 0, zh.stderr
    assert "按时办结率：66.7% (2/3)" in zh.stdout and "网上办结率：无法统计" in zh.stdout
    # The heading names the department as people know it, without its code.
    for page in (en.stdout, zh.stdout):
        heading = page.splitlines()[0]
        assert ME.department_name in heading and ME.department_code not in heading, heading


def test_the_heading_names_the_department_from_the_store(run_cli: Run) -> None:
    """An account kept without the name: the synced department's; unsynced, the code."""
    nameless = dataclasses.replace(ME, department_name="")
    accounts.set_current(nameless)
    first = run_cli("--lang", "zh", "efficiency", *MARCH)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"{ME.department_code}办事效率"), first.stdout
    with Store.open(nameless.store_path()) as store:
        store.apply_confirmed([Department(ME.department_code, ME.department_name, "220100")])
    done = run_cli("--lang", "zh", "efficiency", *MARCH)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{ME.department_name}办事效率"), done.stdout


@pytest.mark.usefixtures("signed_in")
def test_json_and_an_empty_period(run_cli: Run) -> None:
    done = run_cli("efficiency", "--from", "2025-01-01", "--to", "2025-01-31", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["department"] == "MSA-220100" and data["from"] == "2025-01-01"
    assert data["on_time_rate"] == {"part": 0, "whole": 0, "value": None, "no_cases": True}
    assert [x["metric"] for x in data["not_available"]] == [
        "online_completion_rate", "acceptance_concentration", "steps_completed_late",
        "out_of_order_handling"]
    page = run_cli("--lang", "en", "efficiency", "--from", "2025-01-01", "--to", "2025-01-31")
    assert "On-time completion rate: no cases" in page.stdout


@pytest.mark.usefixtures("signed_in")
def test_a_bad_date_is_refused_with_its_reason(run_cli: Run) -> None:
    bad = run_cli("--lang", "en", "efficiency", "--from", "2025-02-30")
    assert bad.returncode == 2 and "2025-02-30" in bad.stderr and "YYYY-MM-DD" in bad.stderr
    backwards = run_cli("--lang", "en", "efficiency", "--from", "2025-03-10", "--to", "2025-03-01")
    assert backwards.returncode == 2 and "ends (2025-03-01) before" in backwards.stderr


def test_nobody_signed_in_is_refused(run_cli: Run) -> None:
    done = run_cli("--lang", "en", "efficiency")
    assert done.returncode == exit_codes.NOT_SIGNED_IN and "Not signed in" in done.stderr


@pytest.fixture
def reviewing() -> None:
    """Signed in at a department that leads nothing: it escalates one case, reviews another."""
    accounts.set_current(ME)
    fire = "XFJY-220100"
    cases = [
        # Led here, escalated a day after its deadline (accepted 3 March, due 17 March).
        make_case(1, accepted_at=dt.datetime(2025, 3, 3, 9, tzinfo=SHANGHAI),
                  kind=CaseKind.ESCALATED, status=CaseStatus.REPORTED),
        # Led by the fire brigade, in time as a case; our step was due Thu 6 March.
        make_case(2, accepted_at=dt.datetime(2025, 3, 3, 9, tzinfo=SHANGHAI),
                  lead_department=fire, item="公众聚集场所投入使用营业前消防安全检查"),
    ]
    with Store.open(ME.store_path()) as store:
        store.apply_confirmed([*cases, Department(fire, "长春市消防救援支队", "220100")])
        store.apply_confirmed([
            Decision("decision-1", case_code(1), ME.department_code, DecisionKind.ESCALATE,
                     status=DecisionStatus.SEALED, legal_basis="第十条",
                     decided_on=dt.date(2025, 3, 18), report_by=dt.date(2025, 3, 17),
                     overdue_reason="上级要求补充材料（虚构）", version=1),
            make_task(1, case=2, department=ME.department_code, status=TaskStatus.IN_REVIEW,
                      step_due_date=dt.date(2025, 3, 6)),
        ])


@pytest.mark.usefixtures("reviewing")
def test_late_escalations_and_own_overdue_steps(run_cli: Run) -> None:
    # today is the real today: long after March, the step is overdue by many days
    en = run_cli("--lang", "en", "efficiency", *MARCH)
    assert en.returncode == 0, en.stderr
    assert "Cases escalated: 1, late among them" in en.stdout
    assert "Escalated late: 1" in en.stdout
    late = next(line for line in en.stdout.splitlines()
                if case_code(1) in line and "2025-03-18" in line)
    assert "2025-03-17" in late and "1 working day late" in late and "（虚构）" in late
    step = next(line for line in en.stdout.splitlines() if case_code(2) in line)
    assert "长春市消防救援支队" in step and "2025-03-06" in step and "in review" in step
    assert "review steps overdue today" in en.stdout
    data = json.loads(run_cli("efficiency", *MARCH, "--json").stdout)
    assert data["escalated_late"] == 1 and data["late_escalations"][0]["case_code"] == case_code(1)
    (own,) = data["overdue_steps"]
    assert (own["case_code"], own["lead_department"]) == (case_code(2), "XFJY-220100")
    zh = run_cli("--lang", "zh", "efficiency", *MARCH)
    assert "超期上报：1 件" in zh.stdout and "本部门已超期的审核环节" in zh.stdout


@pytest.mark.usefixtures("signed_in")
def test_one_end_alone_is_the_month_of_that_day(run_cli: Run) -> None:
    done = run_cli("efficiency", "--to", "2025-03-31", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["from"], data["to"], data["completed"]) == ("2025-03-01", "2025-03-31", 3)
    done = run_cli("efficiency", "--from", "2025-03-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["to"] == "2025-03-31"
