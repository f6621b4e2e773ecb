"""``--live``: the one-window desk and the applicants, seen through the real API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, TODAY, Client, demo_data, user

from backoffice.sandbox import db
from backoffice.sandbox.live import LiveDesk, Odds
from backoffice.sandbox.platform import Platform
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

NOW = dt.datetime.combine(TODAY, dt.time(10, 30), dt.timezone(dt.timedelta(hours=8)))
ONLY_NEW = Odds(new_case=1.0, answer=0.0, end_procedure=0.0)
ONLY_ANSWERS = Odds(new_case=0.0, answer=1.0, end_procedure=0.0)


def _clock() -> dt.datetime:
    return NOW


def _seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("live") / "platform.sqlite3"
    engine = db.make_engine(path)
    seed(engine, demo_data(), password=PASSWORD, today=TODAY)
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def live_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with running_sandbox(str(_seeded(tmp_path_factory)), clock=_clock) as running:
        yield running


def _client(sandbox: Sandbox, username: str) -> Client:
    return Client(sandbox.url, username).login()


def test_new_case_reaches_the_routed_department_from_its_cursor(live_sandbox: Sandbox) -> None:
    demo = demo_data()
    desk = LiveDesk(live_sandbox.platform, seed=3, clock=_clock, odds=ONLY_NEW)
    seeded = {c.case_code for c in demo.cases}
    events = [e for _ in range(3) for e in desk.step()]
    codes = [code for kind, code in events if kind == "accepted"]
    assert len(codes) == 3 and not set(codes) & seeded and len(set(codes)) == 3
    for code in codes:
        _division, day, serial = code.split("-")
        assert day == f"{TODAY:%Y%m%d}" and len(serial) == 6
    # A reviewer of a department the next case is routed to: cursor first, then the case.
    clients: dict[str, tuple[Client, str]] = {}
    for dept in sorted({d.code for d in demo.departments}):
        client = _client(live_sandbox, user(demo, dept))
        clients[dept] = (client, client.pull_all()[1])
    (kind, code), = desk.step()
    assert kind == "accepted"
    case = live_sandbox.platform.record("case", code)
    assert case is not None and case.body["status"] == "routed"
    routed = case.body["departments"]
    assert routed and case.body["due_date"]
    for dept, (client, cursor) in clients.items():
        changes, _ = client.pull_all(since=cursor)
        if dept not in routed and dept != case.body["lead_department"]:
            assert not changes, dept  # nothing of it reaches an uninvolved department
            continue
        assert {c["record"]["case_code"] for c in changes.values()} == {code}  # only the new
        assert changes[("case", code)]["record"]["status"] == "routed"
        tasks = [c["record"] for (e, _), c in changes.items() if e == "review_task"]
        own = [t for t in tasks if t["department_code"] == dept]
        if dept in routed:
            assert own and all(t["status"] == "unclaimed" and t["assignee"] is None
                               and t["view"] == "full" and t["step_due_date"] for t in own)
            materials = [c["record"] for (e, _), c in changes.items() if e == "material"]
            assert materials and {x["department_code"] for x in materials} == {dept}
            assert all(len(x["file_sha256"]) == 64 for x in materials)
            assert all(c["record"]["view"] == "reduced" for c in changes.values()
                       if c["entity"] == "review_task" and c["record"]["department_code"] != dept)
    # The new case's first department can claim its task over the API.
    dept = routed[0]
    client, _ = clients[dept]
    task = next(c["record"] for c in client.pull_all()[0].values()
                if c["entity"] == "review_task" and c["record"]["case_code"] == code
                and c["record"]["department_code"] == dept)
    result = client.command("task.claim", "review_task", task["id"], task["version"])
    assert result["status"] == "applied", result


def test_applicant_answer_moves_the_case_back_for_every_department(
        live_sandbox: Sandbox) -> None:
    demo = demo_data()
    platform = live_sandbox.platform
    waiting = platform.issued_notices()
    assert waiting  # the seeded data has cases awaiting the applicant
    desk = LiveDesk(platform, seed=11, clock=_clock, odds=ONLY_ANSWERS)
    # Everyone involved in any waiting case stores a cursor first.
    involved: dict[str, set[str]] = {}
    for code in waiting:
        case = platform.record("case", code)
        assert case is not None and case.body["status"] == "awaiting_applicant"
        involved[code] = {case.body["lead_department"], *case.body["departments"]}
    clients = {}
    for dept in sorted(set().union(*involved.values())):
        client = _client(live_sandbox, user(demo, dept))
        clients[dept] = (client, client.pull_all()[1])
    (kind, code), = desk.step()
    assert kind == "answered" and code in waiting
    case = platform.record("case", code)
    assert case is not None and case.body["status"] == "in_review"
    assert code not in platform.issued_notices()
    for dept in sorted(involved[code]):
        client, cursor = clients[dept]
        changes, _ = client.pull_all(since=cursor)
        assert changes[("case", code)]["record"]["status"] == "in_review", dept
        notices = [c["record"] for (e, _), c in changes.items() if e == "correction_notice"]
        assert [n["status"] for n in notices] == ["answered"], dept
        tasks = [c["record"] for (e, _), c in changes.items() if e == "review_task"]
        assert tasks and all(t["status"] == "in_review" for t in tasks), dept
        assert {c["record"]["case_code"] for c in changes.values()} == {code}


def _run(path: Path, steps: int) -> tuple[list[Any], list[Any]]:
    engine = db.make_engine(path)
    platform = Platform(engine, clock=_clock)
    desk = LiveDesk(platform, seed=5, clock=_clock,
                    odds=Odds(new_case=0.7, answer=0.5, end_procedure=0.5))
    events = [e for _ in range(steps) for e in desk.step()]
    bodies = [platform.record("case", code) for kind, code in events if kind == "accepted"]
    engine.dispose()
    return events, [b.body if b else None for b in bodies]


def test_reproducible_for_a_seed(tmp_path_factory: pytest.TempPathFactory) -> None:
    first = _run(_seeded(tmp_path_factory), 8)
    second = _run(_seeded(tmp_path_factory), 8)
    assert first == second
    kinds = {kind for kind, _ in first[0]}
    assert {"accepted", "answered"} <= kinds


def test_procedure_end_resumes_the_case(tmp_path_factory: pytest.TempPathFactory) -> None:
    engine = db.make_engine(_seeded(tmp_path_factory))
    platform = Platform(engine, clock=_clock)
    running = platform.running_procedures()
    assert running
    desk = LiveDesk(platform, seed=2, clock=_clock,
                    odds=Odds(new_case=0.0, answer=0.0, end_procedure=1.0))
    (kind, proc_id), = desk.step()
    assert kind == "procedure_ended" and proc_id in running
    proc = platform.record("special_procedure", proc_id)
    assert proc is not None and proc.body["ended_on"] == TODAY.isoformat()
    case = platform.record("case", str(proc.case_code))
    assert case is not None and case.body["status"] == "in_review"
    assert case.body["clock_stopped"] is False
    engine.dispose()


def test_live_thread_starts_with_the_sandbox_and_stops_with_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    with running_sandbox(str(_seeded(tmp_path_factory)), clock=_clock, live=True,
                         live_seed=1) as running:
        desk = running.live
        assert desk is not None and desk.running
        thread = desk._thread
        assert thread is not None and thread.daemon
    assert not desk.running and not thread.is_alive()
