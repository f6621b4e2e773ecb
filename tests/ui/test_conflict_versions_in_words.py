"""The conflict list says whose each side is, not the platform's version numbers.

The last review: the versions table showed "版本 1 / 2" — the platform's
internal counters. A reviewer reads the two sides as theirs (who, and when
they made the change) and the platform's now (changed after that or not).
"""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import _cell, _dialog, _platform_claimed, store  # noqa: F401 - fixture
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from ui.dialogs.conflict_view import field_rows
from ui.inbox.detail_text import beijing


def test_the_two_sides_are_named_in_words(qtbot: QtBot, store: Store) -> None:  # noqa: F811
    claim = _platform_claimed(store)
    dialog = _dialog(qtbot, store)
    dialog.entries.setCurrentRow(0)
    yours, theirs, differs = _cell(dialog, "Version")
    assert yours == (f"Yours: as <i>wangfang</i> had it when making the change, "
                     f"{beijing(claim.created_at)}")
    assert theirs.startswith("The platform's now: changed on the platform after that")
    assert differs
    assert not any(ch.isdigit() for ch in theirs)


@pytest.mark.usefixtures("chinese")
def test_in_chinese_too(qtbot: QtBot, store: Store) -> None:  # noqa: F811
    _platform_claimed(store)
    dialog = _dialog(qtbot, store, lang="zh")
    dialog.entries.setCurrentRow(0)
    yours, theirs, _ = _cell(dialog, "版本")
    assert yours.startswith("您的") and theirs.startswith("平台当前")


def test_a_side_unchanged_says_so() -> None:
    from test_dialog_conflicts import _task
    task = _task(1)
    rows = {r.name: r for r in field_rows(task, dataclasses.replace(
        task, status=TaskStatus.IN_REVIEW), "en")}
    assert rows["version"].base == "Yours: as you had it when you made the change"
    assert rows["version"].server == "The platform's now: unchanged since then"
    assert not rows["version"].differs
