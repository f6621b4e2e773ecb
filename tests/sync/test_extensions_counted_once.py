"""Two approved extensions: the platform and the client count the same one (Art. 42).

Art. 42 allows one extension, and the platform refuses a second approval;
but a case may carry two approved ones (approved before that rule, or by
another platform). The platform counted only the first, the client's store
every one: its date came out later and the inbox called the dates
different. Both now go through the domain's one rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import text
from support.platform_env import start
from support.sandbox_env import TODAY, demo_clock
from support.sync_env import Device, data, reviewers

from backoffice.domain import clock
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.deadlines import due_date, extend
from backoffice.domain.model import Extension
from backoffice.sandbox.server import Sandbox

CODE = data().fresh_cases[0]


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The demo platform, with the fresh case extended twice before the one-extension rule."""
    base = data()
    case = next(c for c in base.cases if c.case_code == CODE)
    signer = next(u.username for u in base.users
                  if u.department_code == case.lead_department and "signer" in u.roles)
    twice = tuple(Extension(days, "需专家论证", signer, TODAY, case_code=CODE, id=f"ext-old-{n}")
                  for n, days in ((1, 10), (2, 5)))
    # No date of its own: the platform computes the case's deadline as it seeds.
    cases = tuple(replace(c, platform_due_date=None) if c.case_code == CODE else c
                  for c in base.cases)
    extended = replace(base, cases=cases, extensions=(*base.extensions, *twice))
    path = tmp_path_factory.mktemp("platform") / "platform.sqlite3"
    yield from start(path, extended, clock=demo_clock())


def test_two_approved_extensions_give_one_due_date_on_both_sides(
        sandbox: Sandbox, device: Device) -> None:
    case = next(c for c in data().cases if c.case_code == CODE)
    client = device(reviewers(case.lead_department)[0])
    client.sync_once()

    calendar = WorkCalendar.standard(PublishedCalendar.from_data(data().calendar_years))
    accepted = clock.to_shanghai_date(case.accepted_at)
    once = extend(due_date(accepted, case.promised_days, calendar=calendar), 10,
                  calendar=calendar)
    platform = sandbox.platform.record("case", CODE)
    assert platform is not None and platform.body["due_date"] == once.isoformat()
    with client.store.read() as uow:
        row = uow.session.execute(
            text("SELECT due_date, estimated_due_date, due_date_differs FROM cases"
                 " WHERE case_code = :k"), {"k": CODE}).mappings().one()
        extensions = uow.extensions.for_case(CODE)
        shown = uow.cases.deadline(CODE, on=TODAY)
    assert len(extensions) == 2 and all(e.approved for e in extensions)
    assert dt.date.fromisoformat(str(row["estimated_due_date"])) == once
    assert dt.date.fromisoformat(str(row["due_date"])) == once
    assert not row["due_date_differs"]
    assert shown is not None and shown.due == once and not shown.deadline.differs
    assert shown.deadline.estimate == once
