"""How the task detail's parts are arranged on the pane.

:class:`ui.inbox.detail.TaskDetail` makes its parts (header, task actions,
materials and viewer, the tabs) and what they do; this places them: the
actions wrapping to the pane's width, the materials above the page viewer,
the tabs below, the case header giving way first on a low screen, and the
empty state in place of it all when no task is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.inbox.detail_case_actions import CaseActions
from ui.widgets.fit import CompactSplitter, FittingScrollArea, scrolled
from ui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from ui.inbox.detail import TaskDetail


class _HeaderArea(FittingScrollArea):
    """Its minimum no more than its page's height: a scroll area's own (room for its
    scroll bars) was more than the compact header's two lines, taken from the viewer."""

    def minimumSizeHint(self) -> QSize:
        own = super().minimumSizeHint()
        return QSize(own.width(), min(own.height(), self.sizeHint().height()))


def arrange(detail: TaskDetail) -> tuple[QScrollArea, QSplitter, QStackedWidget]:
    """Place ``detail``'s parts; returns the case header's scroll area, the splitter of
    the review (materials, viewer) and the tabs, and the stack.

    The detail keeps them: the header's area is told when the header changes
    size, the splitter is shared anew when the pane turns low or high
    (:func:`share_parts`), the stack switches between the empty state and the task.
    """
    # The actions wrap to the pane's width: in one row they made the
    # window wider than a laptop screen.
    actions = FlowLayout()
    for b in (detail.claim, detail.release, detail.reopen):
        actions.addWidget(b)
    hand_over = QWidget(detail)  # the colleague and the button wrap together
    pair = QHBoxLayout(hand_over)
    pair.setContentsMargins(0, 0, 0, 0)
    pair.addWidget(detail.colleague)
    pair.addWidget(detail.hand_over)
    actions.addWidget(hand_over)
    actions.addWidget(detail.request_inspection)
    actions.addWidget(detail.open_decision)
    # Materials above the viewer: side by side, the viewer's toolbar
    # squeezed the list (where the verdicts are given) to a sliver.
    review = QSplitter(Qt.Orientation.Vertical, detail)
    review.setObjectName("detailSplitter")
    review.addWidget(detail.materials)
    review.addWidget(detail.viewer)
    review.setChildrenCollapsible(False)
    # The page being checked needs more room than the list of materials.
    review.setStretchFactor(0, 1)
    review.setStretchFactor(1, 2)
    review.setSizes([1000, 2000])  # proportions: Qt scales them to the space there is
    # Not in a scroll area: its page is small (three lines of text and the
    # button beside them), and a scroll area laid it out at its full size,
    # the button below the fold.
    detail.tabs.addTab(detail.opinion_panel, QCoreApplication.translate("TaskDetail", "Opinion"))
    # The long pages scroll: otherwise the tab widget's minimum height is
    # theirs and squeezes the material viewer above it.
    detail.tabs.addTab(
        scrolled(detail.correction),
        QCoreApplication.translate("TaskDetail", "Correction notice"),
    )
    detail.tabs.addTab(scrolled(detail.case_actions), CaseActions.title())
    detail.tabs.addTab(detail.progress, QCoreApplication.translate("TaskDetail", "Departments"))
    detail.tabs.addTab(
        detail.deferred, QCoreApplication.translate("TaskDetail", "Deferred materials")
    )
    detail.tabs.addTab(
        scrolled(detail.comments), QCoreApplication.translate("TaskDetail", "Comments")
    )
    detail.tabs.addTab(detail.timeline, QCoreApplication.translate("TaskDetail", "Timeline"))
    parts = CompactSplitter(Qt.Orientation.Vertical, detail)
    parts.setObjectName("detailParts")
    parts.addWidget(review)
    parts.addWidget(detail.tabs)
    parts.setStretchFactor(0, 3)
    parts.setStretchFactor(1, 2)
    share_parts(parts, low=False)
    content = QWidget(detail)
    inner = QVBoxLayout(content)
    # The header gives way (it scrolls) on a low screen, not the materials.
    header_area = scrolled(detail.header, _HeaderArea())
    inner.addWidget(header_area)
    inner.addLayout(actions)
    # A line of its own: in the row of buttons a long refusal became a
    # tall column that squeezed the material list to nothing.
    inner.addWidget(detail.message)
    inner.addWidget(parts, 1)
    stack = QStackedWidget(detail)
    stack.addWidget(detail.empty)
    stack.addWidget(content)
    outer = QVBoxLayout(detail)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(stack)
    return header_area, parts, stack


def share_parts(parts: QSplitter, *, low: bool) -> None:
    """The review over the tabs: 3:2, or on a low pane the tabs at their minimum (its
    opinion's button in sight) and the rest for the page viewer, which got 68 px of a
    768-pixel screen.

    Proportions: Qt scales them to the room there is, each part at least its minimum.
    """
    parts.setSizes([10_000, 1] if low else [3000, 2000])
