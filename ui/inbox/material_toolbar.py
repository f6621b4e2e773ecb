"""The material viewer's tool bar: pages, rotation, zoom, "Open in window".

A ``QToolBar``: on a narrow pane what does not fit goes into its » menu. Each
control's keys are named in its tooltip; they work while the focus is in the
viewer (WidgetWithChildrenShortcut), "Open in window" anywhere in its window.
Keys without a button: Home and End (first and last page), Ctrl+G (the page
number box: type a page, Enter). The page controls show only for a file of
more than one page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QSpinBox, QStyle, QToolBar, QToolButton, QWidget

from ui.widgets.faint import faint_when_disabled
from ui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from ui.inbox.material_viewer import MaterialViewer

ZOOM_STEP = 1.25



class MaterialToolbar(QToolBar):
    """``materialToolbar`` of ``viewer``; ``windowed``: without "Open in window"."""

    def __init__(self, viewer: MaterialViewer, *, windowed: bool) -> None:
        super().__init__(viewer)
        self.viewer = viewer
        self.setObjectName("materialToolbar")
        # No frame, no padding, small icons: the row as low as a button, the rest the page's.
        self.setStyleSheet("QToolBar#materialToolbar { border: 0px; padding: 0px; }")
        self.setIconSize(QSize(16, 16))
        pixmap = QStyle.StandardPixmap
        v = viewer

        key, standard = QKeySequence, QKeySequence.StandardKey
        self.previous_page = self._tool(
            "materialPreviousPage", QCoreApplication.translate("MaterialViewer", "Previous page"),
            lambda: v.show_page(v.page() - 1), (key(Qt.Key.Key_PageUp),),
            icon=faint_when_disabled(self.style().standardIcon(pixmap.SP_ArrowBack), QSize(16, 16)))
        # The page number box: a page is shown on Enter, not per digit typed.
        self.page_number = QSpinBox(self)
        self.page_number.setObjectName("materialPageNumber")
        self.page_number.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_number.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_number.setKeyboardTracking(False)
        # Four digits wide: a narrow pane keeps every control on the bar.
        self.page_number.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") + 12)
        self.page_number.setAccessibleName(QCoreApplication.translate("MaterialViewer", "Page number"))
        self.page_number.setToolTip(QCoreApplication.translate("MaterialViewer", "{action} ({keys})").format(
            action=QCoreApplication.translate("MaterialViewer", "Page number"), keys=key("Ctrl+G").toString(key.SequenceFormat.NativeText)))
        self.page_number.editingFinished.connect(
            lambda: v.show_page(self.page_number.value() - 1))
        page_number_action = self.addWidget(self.page_number)
        self.page_label = PlainLabel("", self)
        self.page_label.setObjectName("materialPage")
        page_label_action = self.addWidget(self.page_label)
        self.next_page = self._tool(
            "materialNextPage", QCoreApplication.translate("MaterialViewer", "Next page"),
            lambda: v.show_page(v.page() + 1), (key(Qt.Key.Key_PageDown),),
            icon=faint_when_disabled(self.style().standardIcon(pixmap.SP_ArrowForward), QSize(16, 16)))
        keys = [self._key(key(Qt.Key.Key_Home), lambda: v.show_page(0)),
                self._key(key(Qt.Key.Key_End), lambda: v.show_page(v.page_count() - 1)),
                self._key(key("Ctrl+G"), self.go_to_page)]
        page_separator = self.addSeparator()
        # Out of sight for a file of one page: an empty box and two idle arrows said nothing.
        self.paging = [page_number_action, page_label_action, page_separator,
                       *(w.defaultAction() for w in (self.previous_page, self.next_page))]
        # Ctrl+[ and Ctrl+] as in the browsers' PDF viewers: Ctrl+R is Refresh (on
        # GNOME, KDE and macOS, the shell's "Sync now"), and two shortcuts of one
        # key in one window are ambiguous: Qt runs neither.
        # A turn is the page's, not the file's: a scan with one page sideways.
        turns = QCoreApplication.translate(
            "MaterialViewer", "Turns the page shown only, not the other pages; the file "
                              "itself is not changed.")
        self.rotate_left = self._tool(
            "materialRotateLeft", QCoreApplication.translate("MaterialViewer", "Rotate left"),
            lambda: v.rotate(-90), (key("Ctrl+["),), short="\u21ba", note=turns)
        self.rotate_right = self._tool(
            "materialRotateRight", QCoreApplication.translate("MaterialViewer", "Rotate right"),
            lambda: v.rotate(90), (key("Ctrl+]"),), short="\u21bb", note=turns)
        # "−" and "+" on the bar; the words in the » menu and the tooltips.
        self.zoom_out = self._tool(
            "materialZoomOut", QCoreApplication.translate("MaterialViewer", "Zoom out"),
            lambda: v.set_zoom(v.zoom() / ZOOM_STEP), (standard.ZoomOut,), short="\u2212")
        self.zoom_fit = self._tool(
            "materialZoomFit", QCoreApplication.translate("MaterialViewer", "Fit"), lambda: v.set_zoom(None), (key("Ctrl+0"),))
        self.zoom_in = self._tool(
            "materialZoomIn", QCoreApplication.translate("MaterialViewer", "Zoom in"), lambda: v.set_zoom(v.zoom() * ZOOM_STEP),
            (standard.ZoomIn, key("Ctrl+=")),  # "+" without Shift on most keyboards
            short="+")
        self.zoom_label = PlainLabel("", self)
        self.zoom_label.setObjectName("materialZoom")
        zoom_label_action = self.addWidget(self.zoom_label)
        separator = self.addSeparator()
        # What acts on the page area: out of sight (and its keys idle) while it is folded.
        self.page_tools = [
            page_number_action, page_label_action, page_separator,
            zoom_label_action, separator, *keys,
            *(w.defaultAction() for w in (self.previous_page, self.next_page, self.rotate_left,
                                          self.rotate_right, self.zoom_out, self.zoom_fit,
                                          self.zoom_in))]
        # Anywhere in the main window: the reviewer's keys are in the material list.
        self.open_window = self._tool(
            "materialOpenWindow", QCoreApplication.translate("MaterialViewer", "Open in window"),
            v.show_window, (key("Ctrl+Shift+O"),), context=Qt.ShortcutContext.WindowShortcut)
        if windowed:  # it is the window: no button, no keys, no double click
            for action in (separator, self.open_window.defaultAction()):
                action.setVisible(False)
                action.setEnabled(False)
        # As high with the page box as without it: the page below does not jump (and
        # its fit change) when a file of one page follows one of several.
        self.setMinimumHeight(self.sizeHint().height())

    def _tool(self, name: str, text: str, slot: Callable[[], object],
              keys: tuple[QKeySequence | QKeySequence.StandardKey, ...], *, short: str = "",
              icon: QIcon | None = None, note: str = "",
              context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
              ) -> QToolButton:
        """A control of the tool bar: its button (``name``), its keys in the tooltip."""
        action = QAction(text, self)
        action.setIconText(short or text)
        if icon is not None:
            action.setIcon(icon)
        action.setToolTip(QCoreApplication.translate("MaterialViewer", "{action} ({keys})").format(
            action=text, keys=QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText))
            + (f"\n{note}" if note else ""))
        action.triggered.connect(slot)
        for sequence in keys:  # a standard key: every binding the platform has
            shortcut = QShortcut(sequence, self.viewer)
            shortcut.setContext(context)
            shortcut.activated.connect(action.trigger)
        self.addAction(action)
        button = self.widgetForAction(action)
        assert isinstance(button, QToolButton)
        button.setObjectName(name)
        # The short label ("↺", "−") doubled as the screen reader's name: the words.
        button.setAccessibleName(text)
        return button

    def _key(self, sequence: QKeySequence, slot: Callable[[], object]) -> QAction:
        """A key of the page area with no button: an action of the viewer's."""
        action = QAction(self.viewer)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.viewer.addAction(action)
        return action

    def show_paging(self, on: bool) -> None:
        for action in self.paging:
            action.setVisible(on)

    def go_to_page(self) -> None:
        if self.page_number.isEnabled():
            self.page_number.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.page_number.selectAll()

    @staticmethod
    def enable(*widgets: QWidget, on: bool = True) -> None:
        # A control's action: its button and its entry in the » menu.
        for w in widgets:
            action = w.defaultAction() if isinstance(w, QToolButton) else None
            (action or w).setEnabled(on)
