"""How the task detail's parts are arranged on the pane.

:class:`ui.inbox.detail.TaskDetail` makes its parts (header, task actions,
materials and viewer, the tabs) and what they do; this places them: the
actions wrapping to the pane's width, the materials above the page viewer,
the tabs below, the case header giving way first on a low screen, and the
empty state in place of it all when no task is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ui.inbox.detail_case_actions import CaseActions
from ui.inbox.detail_sections import CaseHeader
from ui.widgets.fit import CompactSplitter, FittingScrollArea, scrolled
from ui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from ui.inbox.detail import TaskDetail

# The tabs' floor: the correction notice's deadline and items, the extension form or
# an approval's button in sight. At their minimum (122 px on a 768-pixel screen)
# they showed one line and one row, the rest in a scroll area 90 px high.
TABS_FLOOR = 220
# The material rows the review keeps in sight: at three and a half, reviewing
# by keyboard meant scrolling a tiny table. A department with fewer materials
# (three to five is common) leaves the rest of those rows to the page viewer.
MATERIAL_ROWS = 6
FEWEST_ROWS = 3


class _HeaderArea(FittingScrollArea):
    """As high as its page at the area's width, and no lower than the compact header's
    two lines: a scroll area's own minimum (room for its scroll bars) is a fixed
    70 px, and with a 15-point font in Chinese it cut the step deadline in half."""

    def sizeHint(self) -> QSize:
        # At the area's own width, not its viewport's: a scroll bar shown a moment
        # made the lines wrap more, and the area ask for more than it needs.
        page = self.widget()
        if page is None or not page.hasHeightForWidth() or self.width() <= 0:
            return super().sizeHint()
        room = max(self.width() - 2 * self.frameWidth(), page.minimumSizeHint().width())
        return QSize(page.sizeHint().width(), page.heightForWidth(room)) + self._around()

    def minimumSizeHint(self) -> QSize:
        own = super().minimumSizeHint()
        hint = self.sizeHint().height()
        page = self.widget()
        if isinstance(page, CaseHeader) and not page.compact:
            # All the lines may scroll, the compact two may not.
            hint = min(hint, page.compact_height() + self._around().height())
        return QSize(own.width(), hint)

    def _around(self) -> QSize:
        """The frame, and the sideways bar of a page wider than the area (a case code does
        not wrap): without its height the bar took a line's, and the other bar came."""
        frame = 2 * self.frameWidth()
        page = self.widget()
        wide = page is not None and page.minimumSizeHint().width() > self.width() - frame
        return QSize(frame, frame + (self.horizontalScrollBar().sizeHint().height() if wide else 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Its height follows the width (the lines wrap), and the layout keeps the
        # hint it asked for last: widened from a narrow pane, the area kept the
        # wrapped lines' height (at 1920 px a gap of 300 px, the viewer at 8 %).
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class _Shared(CompactSplitter):
    """A vertical splitter whose parts are shared by ``share`` (the room there is → sizes)
    whenever it is resized, until the person drags its handle: then theirs hold.

    Qt keeps proportions as a splitter grows or shrinks: a part's floor in
    pixels would not hold on a low screen.
    """

    def __init__(self, share: Callable[[int], list[int]], parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.share = share
        self.low = False
        self.chosen = False  # the person moved the handle
        self.splitterMoved.connect(self._moved)

    def _moved(self) -> None:
        self.chosen = True

    def reshare(self) -> None:
        room = self.height() - self.handleWidth() * (self.count() - 1)
        if room > 0:
            self.setSizes(self.share(room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.chosen:
            self.reshare()


def rows_high(tree: QTreeWidget, rows: int) -> int:
    """The height that shows the header, ``rows`` rows and the horizontal scroll bar.

    The bar counted whether shown or not: the list is shared before its
    materials (and their widths) are in.
    """
    row = tree.sizeHintForRow(0) if tree.topLevelItemCount() else -1
    row = row if row > 0 else tree.fontMetrics().height() + 2
    return (tree.header().sizeHint().height() + rows * row + 2 * tree.frameWidth()
            + tree.horizontalScrollBar().sizeHint().height())


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
    # Decision… with the task's own steps: after the hand-over it took a third
    # row of a laptop's pane, a row the page viewer needs.
    for b in (detail.claim, detail.release, detail.reopen, detail.open_decision):
        actions.addWidget(b)
    hand_over = QWidget(detail)  # the colleague and the button wrap together
    pair = QHBoxLayout(hand_over)
    pair.setContentsMargins(0, 0, 0, 0)
    pair.addWidget(detail.colleague)
    pair.addWidget(detail.hand_over)
    actions.addWidget(hand_over)
    actions.addWidget(detail.request_inspection)
    # Materials above the viewer: side by side, the viewer's toolbar
    # squeezed the list (where the verdicts are given) to a sliver.
    review = _Shared(lambda room: share_review(detail, room), detail)
    review.setObjectName("detailSplitter")
    review.addWidget(detail.materials)
    review.addWidget(detail.viewer)
    review.setChildrenCollapsible(False)
    # Another task's list is longer or shorter: the rows it keeps in sight follow.
    detail.materials.countChanged.connect(lambda _n: None if review.chosen else review.reshare())
    _add_tabs(detail)
    parts = _Shared(lambda room: _share_parts(detail, parts, room), detail)
    parts.setObjectName("detailParts")
    parts.addWidget(review)
    parts.addWidget(detail.tabs)
    parts.setChildrenCollapsible(False)
    # The viewer folded while its material has a window of its own: the height
    # it gives up goes to the tabs, and comes back when the window closes.
    detail.viewer.folded.connect(lambda _folded: _reshare_all(parts, review))
    content = QWidget(detail)
    inner = QVBoxLayout(content)
    # No margin above and below: on a laptop screen those pixels are the viewer's.
    margins = inner.contentsMargins()
    inner.setContentsMargins(margins.left(), 0, margins.right(), 0)
    # The header gives way (it scrolls) on a low screen, not the materials.
    # Made in the pane: the header keeps its place in Tab's order (before the actions).
    header_area = scrolled(detail.header, _HeaderArea(detail),
                           name=QCoreApplication.translate("TaskDetail", "Case details"))
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
    # Tab reads the pane as the eye does: the header's toggle and its area, the
    # actions… (the area was put into the window last: Tab reached it after the
    # tabs' pages, and the focus Qt moved off a disabled button landed there).
    QWidget.setTabOrder(detail.header.toggle, header_area)
    # … and the tab bar, then the page it shows.
    _tab_into_the_page(detail.tabs)
    return header_area, parts, stack


def _add_tabs(detail: TaskDetail) -> None:
    """The seven tabs, each name whole: the bar scrolls when the pane is narrow.

    Their full names at 1366 px were wider than the pane, so the labels are
    short (a word each), the full name in the tooltip. Elided on a narrower
    pane they said nothing ("Opini… Noti… Cl…" at 1280 px, "审… 计…" in
    Chinese at scale 2): the bar scrolls instead, its arrows no Tab stops
    (the arrow keys on the bar move to the next tab and bring it into sight).
    """
    tabs = detail.tabs
    bar = tabs.tabBar()
    bar.setUsesScrollButtons(True)
    bar.setElideMode(Qt.TextElideMode.ElideNone)
    bar.setExpanding(False)
    for arrow in bar.findChildren(QToolButton):
        arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def add(page: QWidget, label: str, full: str = "") -> None:
        if isinstance(page, (QAbstractItemView, QScrollArea)):  # named as their tab
            page.setAccessibleName(full or label)
        tabs.setTabToolTip(tabs.addTab(page, label), full or label)

    # Not in a scroll area: its page is small (three lines of text and the
    # button beside them), and a scroll area laid it out at its full size,
    # the button below the fold.
    add(detail.opinion_panel, QCoreApplication.translate("TaskDetail", "Opinion"))
    # The long pages scroll: otherwise the tab widget's minimum height is
    # theirs and squeezes the material viewer above it. Tab goes to the page's
    # first control (the area scrolls to each one Tab reaches), not to the area.
    add(scrolled(detail.correction, tab_stop=False), QCoreApplication.translate("TaskDetail", "Notice"),
        QCoreApplication.translate("TaskDetail", "Correction notice"))
    add(scrolled(detail.case_actions, tab_stop=False), QCoreApplication.translate("TaskDetail", "Clock"),
        CaseActions.title())
    add(detail.progress, QCoreApplication.translate("TaskDetail", "Progress"),
        QCoreApplication.translate("TaskDetail", "Each department's progress"))
    add(detail.deferred, QCoreApplication.translate("TaskDetail", "Deferred materials"))
    add(scrolled(detail.comments, tab_stop=False), QCoreApplication.translate("TaskDetail", "Comments"))
    add(detail.timeline, QCoreApplication.translate("TaskDetail", "Timeline"))


def _tab_into_the_page(tabs: QTabWidget) -> None:
    """Tab from the tab bar goes into the page shown, then on past the other pages.

    The pages were made before the tab widget, and the scrolled ones were
    put into the window after everything else: Tab from the bar went to the
    case header at the pane's top, past the page.
    """
    previous: QWidget = tabs.tabBar()
    for page in [tabs.widget(i) for i in range(tabs.count())]:
        if page is None:
            continue
        chain, widget = [page], page.nextInFocusChain()
        while widget is not None and widget is not page and page.isAncestorOf(widget):
            chain.append(widget)
            widget = widget.nextInFocusChain()
        for widget in chain:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                QWidget.setTabOrder(previous, widget)
                previous = widget


def _materials_kept(detail: TaskDetail) -> int:
    """The materials' height with the list's rows (three to six) in sight."""
    materials = detail.materials
    hint, width = materials.hint, max(materials.width(), 100)
    lines = hint.heightForWidth(width) if hint.hasHeightForWidth() else hint.sizeHint().height()
    box = materials.layout()
    spacing = max(box.spacing(), 0) if box is not None else 0
    rows = min(MATERIAL_ROWS, max(FEWEST_ROWS, materials.tree.topLevelItemCount()))
    return (rows_high(materials.tree, rows) + materials.note.sizeHint().height()
            + lines + 2 * spacing)


def share_review(detail: TaskDetail, room: int) -> list[int]:
    """The materials over the page viewer: a third, and at least the list's rows (three
    to six) in sight; the viewer gives way first, down to its minimum — all it has
    while folded (its tool row: the material is in a window of its own)."""
    materials, viewer = detail.materials, detail.viewer
    high = max(materials.minimumSizeHint().height(), room - viewer.minimumSizeHint().height())
    if viewer.is_folded():
        return [high, room - high]
    top = min(max(_materials_kept(detail), room // 3), high)
    return [top, room - top]


def _share_parts(detail: TaskDetail, parts: _Shared, room: int) -> list[int]:
    review, tabs = parts.widget(0), parts.widget(1)
    assert review is not None and tabs is not None
    # 3:2, or on a low pane the tabs at their floor and the rest for the review.
    want = max(TABS_FLOOR, tabs.minimumSizeHint().height(), 0 if parts.low else room * 2 // 5)
    if detail.viewer.is_folded():
        # The review needs its rows and the viewer's tool row: the rest is the tabs'.
        inner = review.handleWidth() if isinstance(review, QSplitter) else 0
        review_room = _materials_kept(detail) + detail.viewer.minimumSizeHint().height() + inner
        want = max(want, room - review_room)
    below = min(want, room - review.minimumSizeHint().height())
    below = max(below, tabs.minimumSizeHint().height())
    return [room - below, below]


def _reshare_all(parts: _Shared, review: _Shared) -> None:
    """Share both splitters anew (the person's own sharing gives way, as when the pane
    turns low or high): the tabs' share first, then the review's within it."""
    for splitter in (parts, review):
        splitter.chosen = False
        splitter.reshare()


def share_parts(parts: QSplitter, *, low: bool) -> None:
    """The review over the tabs: 3:2, or on a low pane (a 768-pixel screen) the tabs at
    their floor (:data:`TABS_FLOOR`) and the rest for the materials and the page viewer.

    The person's own sharing (a handle dragged) gives way to this.
    """
    assert isinstance(parts, _Shared)
    parts.low, parts.chosen = low, False
    parts.reshare()
