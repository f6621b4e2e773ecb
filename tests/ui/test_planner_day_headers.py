"""A narrow week's day headers all take the same form: none drops its weekday alone.

The week of 30 November: "11/30 周一" is wider than "12/1 周二", so at some
column widths the Monday fell back to "11月30日" while the other days kept
their weekday, and the Monday read as a different kind of day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from ui.planner.view import PlannerView
from ui.planner.words import day_labels

MONDAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_day_header_has_the_same_form_at_a_width(qtbot: QtBot, lang: str) -> None:
    view = PlannerView()
    qtbot.addWidget(view)
    days = [MONDAY + dt.timedelta(days=n) for n in range(7)]
    labels = [day_labels(d, lang) for d in days]
    view.set_range(MONDAY, 7, days, labels)
    assert labels[0][0] == ("11月30日 周一" if lang == "zh" else "Mon 30 Nov")
    widths = range(12, 240)
    forms_seen = set()
    for width in widths:
        shown = [view.day_label(n, width) for n in range(7)]
        forms = {labels[n].index(text) for n, text in enumerate(shown) if text in labels[n]}
        # (Narrower than every shortest form, a day may be elided: "3…" beside "1日".)
        assert len(forms) <= 1, (width, shown)
        forms_seen |= forms
    # The widths tried pass through every form, the weekday kept as long as it can be.
    assert forms_seen == set(range(len(labels[0])))
    assert view.day_label(0, 1000) == labels[0][0]
