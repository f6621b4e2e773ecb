"""The opinion waits for the department's verdicts on its own materials (9.5.1).

The QA's repro: a fresh claimed task, every check "— — —", gave "材料齐全，同意";
and after the applicant's corrections put a corrected material's checks back to
pending, the opinion was given again unchecked. A failed check is a verdict
(a negative opinion rests on it); not applicable is one too. Offline over the
demo store of ``test_inbox_detail``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import (
    StandIn,
    checks_recorded,
    claim,
    demo,
    fresh_task,
    make_session,
    open_detail,
    outbox,
    press,
    settle,
)

from backoffice.domain.model import CheckVerdict, Material, Verdict
from ui.widgets.plain import plain_tooltip

TAGGED = "<b>营业执照</b>"


def _tagged_first(material: Material) -> Material:
    """The fresh task's first material named like markup: shown as typed, never parsed."""
    _, department, _ = fresh_task()
    first = min(m.id for m in demo().materials
                if m.case_code == material.case_code and m.department_code == department)
    return dataclasses.replace(material, name=TAGGED) if material.id == first else material


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path, change={"Material": _tagged_first})
    yield s
    s.files.close()
    s.store.close()


def _waits_for(names: list[str]) -> str:
    return (f"Checks without a verdict on {len(names)} of the department's materials: "
            f"{', '.join(names)}. Record a verdict on each check before giving the opinion "
            "(a failed check is one too).")


def test_no_opinion_while_a_check_has_no_verdict(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    assert detail.snapshot is not None
    names = [m.name for m in detail.snapshot.materials]
    assert TAGGED in names and len(names) > 1
    detail.show_page(detail.opinion_panel)
    assert not detail.give_opinion.isEnabled()
    assert detail.opinion_panel.waiting.text() == _waits_for(names)  # the markup as typed
    assert detail.opinion_panel.waiting.textFormat() == Qt.TextFormat.PlainText
    assert detail.give_opinion.toolTip() == plain_tooltip(_waits_for(names))
    detail.opinion.setFocus()
    detail.opinion.setPlainText("材料齐全，同意")
    qtbot.keyClick(detail.opinion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, detail)
    assert [q[0] for q in outbox(session)] == ["task.claim"]


def test_every_check_with_a_verdict_lets_the_opinion_go(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    assert detail.snapshot is not None
    materials = detail.snapshot.materials
    detail.materials.tree.setFocus()
    press(qtbot, Qt.Key.Key_1)
    # A failed check and a check not applicable are verdicts: only the last one pending.
    for index in range(len(materials)):
        for check in range(3):
            if index == 0 and check == 1:
                press(qtbot, Qt.Key.Key_F)
                qtbot.keyClicks(detail.materials.note, "seal unclear")
                press(qtbot, Qt.Key.Key_Return)
            elif index == 0 and check == 2:
                press(qtbot, Qt.Key.Key_N)
            elif (index, check) != (len(materials) - 1, 2):
                press(qtbot, Qt.Key.Key_P)
    settle(qtbot, detail)
    assert not detail.give_opinion.isEnabled()
    assert detail.opinion_panel.waiting.text() == _waits_for([materials[-1].name])
    press(qtbot, Qt.Key.Key_P)  # the last check: no reload needed to say so
    settle(qtbot, detail)
    assert detail.give_opinion.isEnabled() and not detail.opinion_panel.waiting.isVisible()
    detail.opinion.setPlainText("印章不清晰，不同意。")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert outbox(session)[-1][0] == "task.give_opinion"


def test_a_corrected_material_waits_for_its_checks_again(qtbot: QtBot,
                                                          session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    assert detail.give_opinion.isEnabled()
    assert detail.snapshot is not None
    corrected = detail.snapshot.materials[1]
    # The applicant's corrections: the platform sends the material again, unchecked.
    session.store.apply_confirmed([dataclasses.replace(
        corrected, version=corrected.version + 1,
        checks=tuple(CheckVerdict(c.check) for c in corrected.checks))])
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    assert not detail.give_opinion.isEnabled()
    assert detail.opinion_panel.waiting.text() == _waits_for([corrected.name])
    assert all(c.verdict == Verdict.PENDING for c in detail.snapshot.materials[1].checks)
