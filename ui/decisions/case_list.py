"""The decision desk's list of cases: each a few lines (code, applicant, decision's state).

The list's own word wrap measured a row's height at one width and drew its
text at a narrower one (and without wrap it rounded three lines of mixed
fonts down to two): in English at 1366 px the last line, the decision's
state the signer looks for, was cut off. Its rows are drawn by
:class:`~ui.widgets.item_lines.ItemLines` (one text layout, at the width the
row is drawn at, gives the row's height and what is drawn; the planner's
lists too), and the pane is never narrower than the widest case code.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from backoffice.domain.model import Case
from ui.decisions.states import case_line
from ui.widgets.item_lines import ItemLines, text_margin


class CaseList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionCases")
        # No title above it: a screen reader said only "list".
        self.setAccessibleName(QCoreApplication.translate("DecisionDesk", "Cases to decide"))
        self.setItemDelegate(ItemLines(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rows measured again whenever the width changes (a splitter moved, a
        # scroll bar came): a wrapped line's height depends on it.
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def list_cases(self, cases: list[Case], states: dict[str, str]) -> None:
        """``cases``, each with its decision's state from ``states`` (by case code)."""
        self.clear()
        for case in cases:
            item = QListWidgetItem(case_line(case, states.get(case.case_code, "")))
            item.setToolTip(case.service_item_name)
            self.addItem(item)
        if not cases:
            empty = QListWidgetItem(QCoreApplication.translate(
                "DecisionDesk", "No case of your department awaits its decision."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        self._fit_codes([c.case_code for c in cases])

    def show_state(self, row: int, case: Case, state: str) -> None:
        self.item(row).setText(case_line(case, state))

    def _fit_codes(self, codes: list[str]) -> None:
        """The pane keeps room for the widest code on one line, and a scroll bar."""
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        metrics = QFontMetricsF(self.font())
        widest = max((math.ceil(metrics.horizontalAdvance(c)) + 1 for c in codes), default=0)
        self.setMinimumWidth(widest + 2 * text_margin(self) + scroll + 2 * self.frameWidth())
