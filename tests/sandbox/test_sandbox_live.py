"""``--live``: the one-window desk and the applicants, seen through the real API."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from support.sandbox_env import TODAY, Client, demo_data, seed_file, user

from backoffice.sandbox import db
from backoffice.sandbox.demo import find_cjk_font
from backoffice.sandbox.files import FileStore
from backoffice.sandbox.live import LiveDesk, Odds
from backoffice.sandbox.platform import Platform
from backoffice.sandbox.server import Sandbox, running_sandbox

NOW = dt.datetime.combine(TODAY, dt.time(10, 30), dt.timezone(dt.timedelta(hours=8)))
ONLY_NEW = Odds(new_case=1.0, answer=0.0, end_procedure=0.0)
ONLY_ANSWERS = Odds(new_case=0.0, answer=1.0, end_procedure=0.0)


def _clock() -> dt.datetime:
    return NOW


def _seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_file(tmp_path_factory.mktemp("live") / "platform.sqlite3", demo_data())


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
    before = {t.id: t.status.value for t in demo.tasks if t.case_code == code}
    assert "awaiting_applicant" in before.values()
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
        # The tasks that waited for the applicant are back in review; an opinion
        # already given stays given.
        back = {"awaiting_applicant": "in_review"}
        assert tasks and all(t["status"] == back.get(before[t["id"]], before[t["id"]])
                             for t in tasks), dept
        assert {c["record"]["case_code"] for c in changes.values()} == {code}


def _band(text: str, size: int, y: int, top: int, bottom: int) -> bytes:
    """A line of text drawn the way a demo page centres it, as the rows of one band."""
    image = Image.new("1", (600, 850), 1)
    font = ImageFont.truetype(str(find_cjk_font()), size)
    ImageDraw.Draw(image).text((300, y), text, font=font, fill=0, anchor="mm")
    return image.crop((30, top, 570, bottom)).tobytes()


def test_corrected_materials_come_with_a_new_file_and_pending_checks(
        live_sandbox: Sandbox) -> None:
    demo, platform = demo_data(), live_sandbox.platform
    named = {(n.case_code, i.material_name, i.department_code)
             for n in demo.correction_notices for i in n.items}
    before = {x.id: x for x in demo.materials if (x.case_code, x.name, x.department_code) in named}
    code = next(c for c in platform.issued_notices()
                if any(x.case_code == c for x in before.values()))
    corrected = {i: x for i, x in before.items() if x.case_code == code}
    clients = {}
    for dept in sorted({x.department_code for x in corrected.values()}):
        client = _client(live_sandbox, user(demo, dept))
        clients[dept] = (client, client.pull_all()[1])
    platform.answer_correction(code)
    for dept, (client, cursor) in clients.items():
        changes, _ = client.pull_all(since=cursor)
        mine = {i: x for i, x in corrected.items() if x.department_code == dept}
        for id, old in mine.items():
            new = changes[("material", id)]["record"]
            assert new["version"] == platform.record("material", id).version > 1  # type: ignore[union-attr]
            assert new["file_sha256"] != old.file_sha256
            assert {c["verdict"] for c in new["checks"]} <= {"pending"} and all(
                c["note"] == "" for c in new["checks"])
            got = client.get(f"/files/{new['file_sha256']}")
            assert got.status_code == 200 and got.headers["Content-Type"] == "image/png"
            assert hashlib.sha256(got.content).hexdigest() == new["file_sha256"]
            with Image.open(io.BytesIO(got.content)) as page:
                title = page.crop((30, 50, 570, 106)).tobytes()
                subtitle = page.crop((30, 112, 570, 137)).tobytes()
            assert title == _band("演示材料（补正件）", 44, 78, 50, 106)
            day = platform.today()
            assert subtitle == _band(f"补正件 · {day.year}年{day.month}月{day.day}日重新提交"
                                     " · 虚构数据 · 不具法律效力", 18, 124, 112, 137)
            FileStore.for_engine(platform.engine).path(new["file_sha256"]).unlink()
            again = client.get(f"/files/{new['file_sha256']}")  # drawn again from its recipe
            assert again.status_code == 200 and again.content == got.content
            old_file = client.get(f"/files/{old.file_sha256}")  # still readable
            assert old_file.status_code == 200
            with Image.open(io.BytesIO(old_file.content)) as page:
                assert page.crop((30, 50, 570, 106)).tobytes() == _band("演示材料", 44, 78, 50, 106)
        others = [k for k in changes if k[0] == "material" and k[1] not in mine]
        assert not others  # nothing else of the case changed for this department


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
