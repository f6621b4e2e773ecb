"""The planner workspace over real stores synced with the sandbox on loopback.

Plan from a suggested slot; a drag to a time when the inspector is busy is
refused with the reason (who, with what) and nothing is queued; a drag to a
free time proposes it. Mouse press/move/release on the view: no QDrag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import PLAN_NOW, request_both, staff, two_department_case
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, settings
from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures

from backoffice import messages
from backoffice.planning.model import BusyKind
from backoffice.remote import PlatformClient
from backoffice.sync.accounts import Account
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner.view import HOUR_FROM, HOUR_TO
from ui.planner.workspace import PlannerWorkspace

SLOW = 30_000


class StandIn(QObject):
    """What the planner needs of ui.session.Session."""

    statusChanged = Signal(object)

    def __init__(self, engine: SyncEngine, files: FileCache, department: str) -> None:
        super().__init__()
        self.store, self.client, self.files = engine.store, engine.client, files
        user = engine.client.username  # type: ignore[attr-defined]
        self.account = Account("https://platform.test", user, user, department, department)
        self.local_actions = 0

    def local_action(self) -> None:
        self.local_actions += 1


def planning_the_only_one(qtbot: QtBot, workspace: PlannerWorkspace) -> PlannerWorkspace:
    """``workspace`` shown at 1400×800, its only inspection chosen and planned."""
    qtbot.addWidget(workspace)
    workspace.resize(1400, 800)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.requests.count() == 1, timeout=SLOW)
    with qtbot.waitSignal(workspace.planned, timeout=SLOW):
        workspace.requests.setCurrentRow(0)
    return workspace




@pytest.fixture
def planner(qtbot: QtBot, device: Any,  # noqa: F811 - the fixture
            tmp_path: Path) -> Iterator[PlannerWorkspace]:
    code, lead_dept, other_dept = two_department_case()
    lead = device(staff(lead_dept, "inspector"))
    other = device(staff(other_dept, "inspector"))
    request_both(lead, other, code, lead_dept, other_dept)
    files = FileCache(tmp_path / "files")
    session = StandIn(lead, files, lead_dept)
    workspace = PlannerWorkspace(session, lang="en", now=lambda: PLAN_NOW)
    planning_the_only_one(qtbot, workspace)
    yield workspace
    workspace.close_session()
    files.close()


def _queued(workspace: PlannerWorkspace, kind: str) -> list[Any]:
    return [e.command for e in workspace.session.store.pending_commands()
            if e.command.kind == kind]


def test_plan_from_a_suggested_slot(qtbot: QtBot, planner: PlannerWorkspace) -> None:
    assert planner.slots.count() >= 1 and planner.result is not None
    assert planner.view.lanes, "one lane per inspector of the participating departments"
    slot = planner.result.slots[1 if planner.slots.count() > 1 else 0]
    planner.slots.setCurrentRow(1 if planner.slots.count() > 1 else 0)
    assert planner.plan.propose.isEnabled()
    with qtbot.waitSignal(planner.settled, timeout=SLOW):
        qtbot.mouseClick(planner.plan.propose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_queued(planner, "inspection.propose")), timeout=SLOW)
    (command,) = _queued(planner, "inspection.propose")
    assert dt.datetime.fromisoformat(command.payload["starts_at"]) == slot.start
    assert command.payload["inspectors"] == [m.inspector for m in slot.team]
    assert "sent at the next sync" in planner.plan.message.text()


def test_a_suggestion_that_has_started_meanwhile_is_not_proposed(
        qtbot: QtBot, planner: PlannerWorkspace) -> None:
    slot = planner.result.slots[0]
    planner.slots.setCurrentRow(0)
    planner.now = lambda: slot.start  # the suggestion sat on screen until its own start
    with qtbot.waitSignal(planner.settled, timeout=SLOW):
        qtbot.mouseClick(planner.plan.propose, Qt.MouseButton.LeftButton)
    assert not _queued(planner, "inspection.propose")
    assert "in working hours from" in planner.plan.message.text(), planner.plan.message.text()


def _busy_time(planner: PlannerWorkspace) -> tuple[str, str, dt.datetime, Any]:
    """A lane, its person's name and a start inside one of their commitments on a working day."""
    assert planner.planning is not None
    first = planner.result.slots[0].start if planner.result and planner.result.slots else PLAN_NOW
    for person in planner.planning.lanes:
        for busy in person.busy:
            local = busy.start.astimezone(planner.view.tz)
            if busy.kind in (BusyKind.MEETING, BusyKind.LEAVE) and local >= first and \
                    HOUR_FROM <= local.hour < HOUR_TO - 2 and local.minute % 15 == 0:
                return person.id, person.name, local, busy
    raise AssertionError("no commitment to drag onto in the demo free/busy")


def _drag(qtbot: QtBot, planner: PlannerWorkspace, lane: str, start: dt.datetime) -> None:
    view = planner.view
    planner.plan.span.setCurrentIndex(0)  # the day view: a quarter hour is many pixels
    planner.calendar.first_day = start.date()
    planner.calendar.show_range()
    view.ensure_lane_visible(lane)
    origin = view.point_at(start - dt.timedelta(minutes=60), lane)
    target = view.point_at(start, lane)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=origin)
    qtbot.mouseMove(view.viewport(), target)
    # offscreen, a synthetic move without a pressed button is not delivered as a drag move;
    # the release at the target position moves the visit there too.
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)


def test_a_drag_to_a_busy_time_is_refused_with_the_reason(
    qtbot: QtBot, planner: PlannerWorkspace
) -> None:
    lane, name, start, busy = _busy_time(planner)
    moves: list[tuple[dt.datetime, str]] = []
    planner.view.dragMoved.connect(lambda at, who: moves.append((at, who)))
    _drag(qtbot, planner, lane, start)
    assert moves and moves[-1] == (start, lane)
    said = planner.plan.message.text()
    assert "does not work" in said and name in said
    reason = messages.render_code(f"planning.conflict_{busy.kind.value}", {
        "label": busy.label or busy.kind.value,
        "start": f"{busy.start.astimezone(planner.view.tz):%Y-%m-%d %H:%M}",
        "end": f"{busy.end.astimezone(planner.view.tz):%Y-%m-%d %H:%M}"}, "en")
    assert reason in said  # who is busy, and with what
    assert name in planner.plan.conflict.text()  # the live feedback said so while dragging
    assert not _queued(planner, "inspection.propose")


def test_a_drag_to_a_free_time_proposes_it(qtbot: QtBot, planner: PlannerWorkspace) -> None:
    assert planner.result is not None and planner.result.slots
    slot = planner.result.slots[0]
    lane = slot.team[0].inspector
    _drag(qtbot, planner, lane, slot.start.astimezone(planner.view.tz))
    qtbot.waitUntil(lambda: bool(_queued(planner, "inspection.propose")) or
                    "does not work" in planner.plan.message.text(), timeout=SLOW)
    assert "does not work" not in planner.plan.message.text(), planner.plan.message.text()
    (command,) = _queued(planner, "inspection.propose")
    assert dt.datetime.fromisoformat(command.payload["starts_at"]) == slot.start
    assert lane in command.payload["inspectors"]


@pytest.mark.timeout(120)
def test_closing_while_free_busy_is_stalled_does_not_wait_for_it(
    qtbot: QtBot, planner: PlannerWorkspace, sandbox: Any,  # noqa: F811 - the fixture
) -> None:
    """The session's requests are cancelled first (``Session.cancel_requests``), so the
    workspace's wait for its background work is short: it used to hold the window for up
    to 30 s, then let the store close under the request."""
    user = planner.session.client.username
    patient = PlatformClient(sandbox.url, settings=settings(read_timeout=300.0,
                                                            total_timeout=300.0))
    patient.login(user, PASSWORD)
    planner.session.client = patient
    sandbox.faults.stall("/api/v1/free-busy", times=5, seconds=120)
    planner.replan()
    qtbot.waitUntil(lambda: any(k == "stall" for _, _, k in sandbox.faults.injected),
                    timeout=SLOW)
    assert planner.busy()
    patient.cancel_requests()
    planner.close_session()
    # Its answer is on its way to the GUI thread (the request would hold it for minutes).
    qtbot.waitUntil(lambda: not planner.busy(), timeout=5000)
    sandbox.faults.clear()


def _header_ink(view: Any) -> tuple[list[bool], list[bool]]:
    """Per day of the header's date row: (ink at its left edge, ink inside the column)."""
    from ui.planner.room import HEADER, NAME_WIDTH

    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    paper = image.pixelColor(NAME_WIDTH + 1, 3)  # no text that high
    day_w = (view.viewport().width() - NAME_WIDTH) / view.days
    rows = range(4, HEADER // 2 - 2)

    def inked(x: int) -> bool:
        return any(image.pixelColor(x, y) != paper for y in rows)

    edges, inside = [], []
    for day in range(view.days):
        left = round(NAME_WIDTH + day * day_w)
        edges.append(any(inked(x) for x in (left - 1, left, left + 1)))
        inside.append(any(inked(x) for x in range(left + 2, round(left + day_w) - 2)))
    return edges, inside


def test_week_header_labels_fit_their_day_at_any_width(
    qtbot: QtBot, planner: PlannerWorkspace
) -> None:
    # A narrow middle pane ran the labels into one another ("03-03 Mo03-04 Tue").
    view = planner.view
    assert view.days == 7
    seen = set()
    for width in (1400, 1250, 1100, planner.minimumSizeHint().width()):
        planner.resize(width, 700)
        QApplication.processEvents()
        seen.add(view.viewport().width())
        edges, inside = _header_ink(view)
        assert not any(edges[1:]), (width, view.viewport().width(), edges)
        assert all(inside), (width, inside)  # every day still says which it is
    assert len(seen) == 4 and min(seen) < 600, seen


def test_a_drag_back_to_the_time_proposed_changes_nothing(
        qtbot: QtBot, planner: PlannerWorkspace) -> None:
    """The proposed visit dropped where it is already: no reschedule, so no reason asked."""
    assert planner.result is not None and planner.result.slots
    slot = planner.result.slots[0]
    lane = slot.team[0].inspector
    _drag(qtbot, planner, lane, slot.start.astimezone(planner.view.tz))
    qtbot.waitUntil(lambda: planner.current is not None
                    and planner.current.starts_at == slot.start, timeout=SLOW)
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    planner.say("")
    _drag(qtbot, planner, lane, slot.start.astimezone(planner.view.tz))
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    assert planner.plan.message.text() == ""
    assert [c.kind for c in _queued(planner, "inspection.propose")] == ["inspection.propose"]
    assert not _queued(planner, "inspection.reschedule")


def test_the_keys_propose_the_time_under_the_cursor(qtbot: QtBot,
                                                    planner: PlannerWorkspace) -> None:
    """Without a mouse: the cursor starts on the suggestion chosen, Escape takes a try
    back to the hint, Enter proposes the time as a drop does."""
    assert planner.result is not None and planner.result.slots
    planner.plan.slots.setCurrentRow(0)
    slot = planner.result.slots[0]
    view = planner.view
    hint = planner.plan.conflict.text()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    cursor = view.time_cursor()
    assert cursor is not None and cursor[0] == slot.start
    assert cursor[1] in [m.inspector for m in slot.team]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert planner.plan.conflict.text() != hint  # the time tried, in words
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert planner.plan.conflict.text() == hint
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(_queued(planner, "inspection.propose")) or
                    "does not work" in planner.plan.message.text(), timeout=SLOW)
    (command,) = _queued(planner, "inspection.propose")
    assert dt.datetime.fromisoformat(command.payload["starts_at"]) == slot.start
