"""The applicant's notice is printed only of a time every department confirmed.

Once the organiser proposes the confirmed inspection again (a new time, not
yet confirmed by every part), "Print the notice…" is disabled and says why,
and the notice module refuses too: the applicant would be told a time not
agreed. Real stores synced with the sandbox on loopback.
"""

from __future__ import annotations

from typing import Any

import pytest
from inspections.joint import PLAN_NOW, inspection_of
from pytestqt.qtbot import QtBot
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures
from test_planner_confirmed import confirmed  # noqa: F401 - the fixture

from backoffice.domain.errors import DomainError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import notice, service
from ui.planner.workspace import PlannerWorkspace


def test_a_time_proposed_again_is_not_printed(
    qtbot: QtBot, confirmed: tuple[PlannerWorkspace, Any, Any]  # noqa: F811 - the fixture
) -> None:
    planner, lead, _other = confirmed
    current = planner.current
    assert current is not None and planner.result is not None
    assert planner.plan.open_notice.isEnabled()  # confirmed: printable
    free = next(s for s in planner.result.slots if s.start != current.starts_at)
    service.propose(lead.store, lead.client.username, current.id, free.start, free.end,
                    [m.inspector for m in free.team], reason="检查员临时出差", now=PLAN_NOW)
    assert lead.sync_once().push.applied == 1
    assert inspection_of(lead, current.case_code).status == InspectionStatus.PROPOSED

    planner.session.statusChanged.emit(object())
    qtbot.waitUntil(lambda: planner.current is not None
                    and planner.current.status == InspectionStatus.PROPOSED, timeout=SLOW)
    button = planner.plan.open_notice
    assert not button.isEnabled()
    assert current.case_code in button.toolTip()
    assert "not yet confirmed by every department" in button.toolTip()
    assert planner.plan.notice.toPlainText() == ""  # no time told as if it were agreed
    planner.tabs.setCurrentWidget(planner.notice)
    assert planner.notice.pdf is None and not planner.notice.print_button.isEnabled()
    assert planner.notice.message.text() == button.toolTip()
    with pytest.raises(DomainError) as refused:
        notice.notice_pdf(lead.store, current.id)
    assert refused.value.code == "inspection.notice_not_confirmed"
