"""Correction reasons are the applicant's to read: Chinese whatever the reviewer's UI language.

A check failed in an English UI was proposed as "Authenticity：…" and went
into the applicant's notice so; reopened in a Chinese UI the same failure
was proposed again, as a new item "真实性：…" (items are told apart by their
text). Over a real store from the demo generator (``test_inbox_detail``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, demo, fresh_task, make_session, open_detail

from backoffice import paths
from backoffice.domain.model import (
    Check,
    CheckVerdict,
    CorrectionItem,
    CorrectionNotice,
    Material,
    Verdict,
)

REASON = "真实性：原件与复印件不一致"


def _failed(material: Material) -> Material:
    _, department, _ = fresh_task()
    if material.department_code != department or material.name != _first_name():
        return material
    checks = tuple(CheckVerdict(c.check, Verdict.FAIL, "原件与复印件不一致")
                   if c.check is Check.AUTHENTICITY else c for c in material.checks)
    return dataclasses.replace(material, checks=checks)


def _first_name() -> str:
    _, department, _ = fresh_task()
    return next(m.name for m in demo().materials
                if m.case_code == demo().fresh_cases[0] and m.department_code == department)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path, change={"Material": _failed})
    yield s
    s.files.close()
    s.store.close()


@pytest.fixture
def chinese_ui() -> Iterator[None]:
    app = QCoreApplication.instance()
    assert app is not None
    translator = QTranslator()
    assert translator.load("backoffice_zh_CN", str(paths.resources_dir() / "translations"))
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def proposed(qtbot: QtBot, session: StandIn) -> list[tuple[str, str]]:
    detail = open_detail(qtbot, session)
    tree = detail.correction.proposed
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    detail.wait()
    return [(i.text(0), i.text(1)) for i in items if i is not None]


def test_an_english_ui_proposes_the_reason_in_chinese(qtbot: QtBot, session: StandIn) -> None:
    assert QCoreApplication.translate("MaterialList", "Authenticity") == "Authenticity"
    assert (_first_name(), REASON) in proposed(qtbot, session)


def test_a_chinese_ui_proposes_the_same_reason(qtbot: QtBot, session: StandIn,
                                               chinese_ui: None) -> None:
    assert QCoreApplication.translate("TaskDetail", "Case code") != "Case code"
    assert (_first_name(), REASON) in proposed(qtbot, session)


@pytest.mark.parametrize("ui", ["en", "zh"])
def test_a_reason_already_in_the_notice_is_not_proposed_again(
        qtbot: QtBot, session: StandIn, request: pytest.FixtureRequest, ui: str) -> None:
    _, department, _ = fresh_task()
    code = demo().fresh_cases[0]
    session.store.apply_confirmed([CorrectionNotice(
        "notice-1", code, (CorrectionItem(_first_name(), department, REASON),), version=1)])
    if ui == "zh":
        request.getfixturevalue("chinese_ui")
    # Neither "真实性：…" again nor the same failure in other words.
    assert not [r for _, r in proposed(qtbot, session) if r.endswith("原件与复印件不一致")]
