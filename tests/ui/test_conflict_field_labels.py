"""Every field of a record that can be in conflict is named for the person.

The versions table fell back to the field's identifier: a Chinese reviewer
read "file_sha256", "legal_basis", "starts_at" beside the values, and the
department rows showed codes ("CSGL-220100"). Now every field of every
record a command targets has a label (in Chinese too), and departments are
named from the store's reference list, as people are from the staff list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import _cell, _claim, _dialog, _task, store  # noqa: F401 - fixture
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice.domain.cases import Department
from backoffice.domain.commands import COMMAND_ENTITIES
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, mapping
from ui.dialogs.conflict_view import field_rows

_IDENTIFIER = re.compile(r"^[a-z0-9_]+$")


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.usefixtures("chinese")
def test_every_field_of_every_record_a_command_targets_has_a_chinese_label() -> None:
    for kind in sorted(set(COMMAND_ENTITIES.values())):
        cls = mapping.BY_KIND[kind].cls
        names = [f.name for f in dataclasses.fields(cls)]
        sample = cls.__new__(cls)  # the rows need the fields, not a valid record
        for name in names:
            object.__setattr__(sample, name, None)
        for row in field_rows(sample, None, "zh"):
            assert not _IDENTIFIER.match(row.label) and _cjk(row.label), (kind, row.name, row.label)


@pytest.mark.usefixtures("chinese")
def test_departments_are_named_from_the_reference_list(qtbot: QtBot, store: Store) -> None:  # noqa: F811
    store.apply_confirmed([Department("MSA-220100", "长春市市场监督管理局", "220100")],
                          cursor="c2")
    claim = _claim(_task(1))
    store.record_command(claim)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=dataclasses.replace(
        _task(1), status=TaskStatus.IN_REVIEW, assignee="lisi", version=2))
    dialog = _dialog(qtbot, store, lang="zh")
    assert dialog.entries.count() == 1
    dialog.entries.setCurrentRow(0)
    assert _cell(dialog, "部门")[:2] == ("长春市市场监督管理局", "长春市市场监督管理局")


def test_a_decision_s_escalation_date_is_named_as_the_desk_names_it() -> None:
    # 上报 is "escalate" in the app's English; the versions table said "Report by".
    from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus

    decision = Decision("d1", "C1", "ZJ-220200", DecisionKind.ESCALATE, DecisionStatus.SEALED,
                        reasons="x", legal_basis="y", report_by=dt.date(2026, 12, 20))
    [row] = [r for r in field_rows(decision, None, "en") if r.name == "report_by"]
    assert row.label == "Escalate by"
