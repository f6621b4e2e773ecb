"""The opinion waits while the department's items are in the draft notice, and says so.

The rule of ``opinion_readiness.check_items_not_in_draft`` (6.9, 9.3.3), which
the platform and the store enforce: said beside Give opinion before it is
pressed, as the pending checks are. Over the demo store of ``test_inbox_detail``.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    StandIn,
    checks_recorded,
    claim,
    open_detail,
    session,
    settle,
)

from backoffice.domain.model import CorrectionItem, CorrectionNotice


def test_the_opinion_waits_for_the_department_s_items_in_the_draft(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    assert detail.snapshot is not None
    panel = detail.opinion_panel
    assert detail.give_opinion.isEnabled() and panel.waiting.isHidden()
    task, material = detail.snapshot.task, detail.snapshot.materials[0]
    other = next(d for d in detail.snapshot.departments if d != task.department_code)

    def draft(department: str, version: int) -> CorrectionNotice:
        return CorrectionNotice("N-draft", task.case_code, (
            CorrectionItem(material.name, department, "合法性：印章不清晰"),), version=version)

    session.store.apply_confirmed([draft(task.department_code, 1)])
    detail.reload()
    settle(qtbot, detail)
    detail.show_page(detail.give_opinion)
    assert not detail.give_opinion.isEnabled()
    assert panel.waiting.isVisible()
    assert material.name in panel.waiting.text()
    assert "wait in the draft correction notice" in panel.waiting.text()
    # Another department's items are not this one's to wait for.
    session.store.apply_confirmed([draft(other, 2)])
    detail.reload()
    settle(qtbot, detail)
    assert detail.give_opinion.isEnabled() and panel.waiting.isHidden()
