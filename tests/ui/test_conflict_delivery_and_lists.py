"""The conflict list says a decision's delivery in the desk's words, and lists as the language does.

The versions table and the change showed "courier" / "window" / "online" as
the record holds them; and it joined every list with ", " (or "; "), so the
Chinese table read "长春市市场监督管理局; 长春市自然资源局" and
"检查项：真实性, 结论：通过". A delivery is now named by the one mapping the
desk's delivery choice uses, and lists go through ui.widgets.listing.listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import CASE_CODE, _case, _dialog
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice.domain.cases import Department
from backoffice.domain.commands import Command
from backoffice.domain.decision_model import COURIER, ONLINE, WINDOW, Decision
from backoffice.domain.inspection_model import Inspection
from backoffice.domain.model import DecisionKind, DecisionStatus
from backoffice.store import Store
from ui.decisions.delivery import delivery_names
from ui.dialogs.conflict_view import field_rows, payload_text

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
MSA, ZRZY = "MSA-220100", "ZRZY-220100"
NAMES = {MSA: "长春市市场监督管理局", ZRZY: "长春市自然资源局"}


def _decision(**fields: object) -> Decision:
    return Decision("d1", CASE_CODE, MSA, DecisionKind.GRANT, DecisionStatus.SEALED,
                    decided_on=dt.date(2026, 11, 28), document_number="吉市监许〔2026〕1号",
                    version=1, **fields)  # type: ignore[arg-type]


def _desk_words(lang: str) -> dict[str, str]:
    return {value: name.lower() for value, name in delivery_names(lang)}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    s.apply_confirmed([Department(MSA, NAMES[MSA], "220100"), _case(), _decision()],
                      cursor="c1")
    try:
        yield s
    finally:
        s.close()


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_refused_issue_names_the_delivery_as_the_desk_does(
        qtbot: QtBot, store: Store, lang: str) -> None:
    words = _desk_words(lang)
    issue = Command.new("decision.issue", "d1", 1, {"delivery": COURIER,
                                                   "delivery_address": "长春市朝阳区人民大街 1 号"},
                        author="wangfang", now=NOW)
    store.record_command(issue)
    store.mark_refused(issue.id, "decision.not_verified")
    dialog = _dialog(qtbot, store, lang=lang)
    dialog.entries.setCurrentRow(0)
    change = dialog.payload.toPlainText()
    assert words[COURIER] in change.lower(), change
    if lang == "zh":
        assert "courier" not in change, change

    rows = {r.name: r for r in field_rows(_decision(delivery=WINDOW),
                                          _decision(delivery=ONLINE), lang)}
    assert (rows["delivery"].base.lower(), rows["delivery"].server.lower()) == \
        (words[WINDOW], words[ONLINE])
    for raw in (WINDOW, ONLINE):
        assert raw not in (rows["delivery"].base, rows["delivery"].server)


@pytest.mark.usefixtures("chinese")
def test_lists_are_joined_as_chinese_joins_them() -> None:
    inspection = Inspection("inspection-1", CASE_CODE, MSA, (MSA, ZRZY), "人民大街 1 号",
                            inspectors=("wangfang", "zhaolei"), version=1)
    rows = {r.name: r for r in field_rows(inspection, None, "zh", departments=NAMES)}
    assert rows["departments"].base == "长春市市场监督管理局、长春市自然资源局"
    assert rows["inspectors"].base == "wangfang、zhaolei"
    change = payload_text({"checks": [{"check": "authenticity", "verdict": "pass"}],
                           "departments": [MSA, ZRZY]}, "zh", departments=NAMES)
    assert "长春市市场监督管理局、长春市自然资源局" in change, change
    assert ", " not in change and "; " not in change, change


def test_lists_keep_english_commas_in_english() -> None:
    inspection = Inspection("inspection-1", CASE_CODE, MSA, (MSA, ZRZY), "人民大街 1 号",
                            version=1)
    rows = {r.name: r for r in field_rows(inspection, None, "en", departments=NAMES)}
    assert rows["departments"].base == "长春市市场监督管理局, 长春市自然资源局"
