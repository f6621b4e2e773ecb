"""The platform refuses a visit proposed for a time already past, by its own clock.

The client refuses anything before now plus the way there; a proposal
queued offline and sent late, or another client, reaches the platform all
the same. The platform cannot know the way there: it refuses a start
before its own time (``inspection.in_the_past``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.inspection_case import CST, DEMO, Case, applied, refused
from support.sandbox_env import demo_clock, start

from backoffice import messages
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def test_a_visit_in_the_past_isrefused(sandbox: Sandbox) -> None:
    c = Case(sandbox, 5)
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid
    now = sandbox.platform.now().astimezone(CST)
    team = [c.login(d).username for d in (organiser, other)]

    def at(start: dt.datetime) -> dict[str, Any]:
        return {"starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=2)).isoformat(), "inspectors": team}

    yesterday = now - dt.timedelta(days=1)
    code, params = refused(c.act(organiser, "inspection.propose", iid, at(yesterday)))
    assert code == "inspection.in_the_past"
    assert params["start"] == f"{yesterday:%Y-%m-%d %H:%M}"
    assert messages.render_code(code, params, "en").startswith(
        f"The visit cannot start at {yesterday:%Y-%m-%d %H:%M}: that time has passed")
    assert messages.render_code(code, params, "zh").startswith(
        f"勘察不能安排在 {yesterday:%Y-%m-%d %H:%M} 开始：该时间已过")
    assert c.inspection(iid)["status"] == "requested"  # nothing was planned
    applied(c.act(organiser, "inspection.propose", iid, c.slot(3, organiser, other)))
    # A reschedule likewise; a minute ago is past too.
    code, _ = refused(c.act(organiser, "inspection.reschedule", iid,
                             {**at(now - dt.timedelta(minutes=1)), "reason": "改期"}))
    assert code == "inspection.in_the_past"
    assert c.inspection(iid)["proposal"] == 1
