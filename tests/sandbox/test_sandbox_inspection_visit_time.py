"""The platform refuses a part confirmed before its visit begins, by its own clock.

"本人到场勘察" at 07:30 for a visit set for 09:00 made the part final — and
with every part confirmed the inspection recorded, for the decision desk to
go on — before anybody had been there. A draft stays allowed at any time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.inspection_case import DEMO, Case, applied, refused
from support.sandbox_env import Client, demo_clock, start, user
from support.visit_clock import at_the_visit, starts_at

from backoffice import messages
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def test_a_part_is_confirmed_on_site_not_before(sandbox: Sandbox) -> None:
    c = Case(sandbox, 6)
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid
    applied(c.act(organiser, "inspection.propose", iid, c.slot(3, organiser, other)))
    for department in (organiser, other):
        c.confirm(department, iid)
    start_time = starts_at(sandbox, iid)
    pid = f"{iid}--{other}"
    lines = [{"item": x["item"], "verdict": "pass", "note": ""}
             for x in c.record_of("inspection_part", pid)["lines"]]
    draft = {"lines": lines, "findings": "出发前的笔记", "result": "pass"}

    # Days before the visit: the notes and even a result are kept as a draft …
    saved = applied(c.act(other, "inspection.record_part", pid, draft, entity="inspection_part"))
    assert saved["record"]["confirmed_by"] == "" and saved["record"]["result"] == "pass"
    # … but the inspector's confirmation is refused, and nothing changes.
    code, params = refused(c.act(other, "inspection.record_part", pid,
                                  {**draft, "confirm": True}, entity="inspection_part"))
    assert code == "inspection.visit_not_begun"
    assert params["start"] == f"{start_time:%Y-%m-%d %H:%M}" and params["case_code"] == c.code
    assert messages.render_code(code, params, "en").startswith(
        f"The site visit for case {c.code} starts at {start_time:%Y-%m-%d %H:%M}")
    assert f"{start_time:%Y-%m-%d %H:%M} 才开始" in messages.render_code(code, params, "zh")
    assert c.record_of("inspection_part", pid)["confirmed_by"] == ""

    def inspector(department: str) -> Client:  # signed in at the platform's time now
        return Client(sandbox.url, user(DEMO, department, "inspector")).login()

    # A minute before the start, still refused.
    before = sandbox.platform.clock
    sandbox.platform.clock = demo_clock(start_time - dt.timedelta(minutes=1))
    try:
        early = inspector(other).command(
            "inspection.record_part", "inspection_part", pid,
            int(c.record_of("inspection_part", pid)["version"]), {**draft, "confirm": True})
        assert refused(early)[0] == "inspection.visit_not_begun"
    finally:
        sandbox.platform.clock = before
    assert c.inspection(iid)["status"] == "confirmed"

    # From the start on, on site: both parts confirmed, the inspection recorded.
    with at_the_visit(sandbox, iid):
        for department in (other, organiser):
            part = f"{iid}--{department}"
            body = {**draft, "lines": [{"item": x["item"], "verdict": "pass", "note": ""}
                                       for x in c.record_of("inspection_part", part)["lines"]]}
            applied(inspector(department).command(
                "inspection.record_part", "inspection_part", part,
                int(c.record_of("inspection_part", part)["version"]), {**body, "confirm": True}))
    assert c.inspection(iid)["status"] == "recorded"
