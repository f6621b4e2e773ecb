"""The material in a window of its own: the page viewer of a low laptop screen.

At 1366×768 the task detail leaves its page viewer about 200 px (a page at
16 %) beside the materials and the tabs. "Open in window" in the viewer's
tool bar (Ctrl+Shift+O, or a double click on the page) shows the material
in ``materialWindow``: non-modal and resizable, most of the screen the first
time, then where the reviewer left it (:data:`~ui.settings.MATERIAL_WINDOW_GEOMETRY`,
kept when it closes).

It holds another :class:`~ui.inbox.material_viewer.MaterialViewer` — the
same pages, zoom, keys and messages, with its own file worker and PDF
document — which the embedded viewer keeps on the material chosen in the
list. It is the embedded viewer's child: it does not keep the app running
when the main window closes, closes when the session does (the viewer's
``wait``), and goes with the detail pane. While it is open the pane's page
area, a second copy, folds to its tool row and the detail gives its height
to the tabs (``MaterialViewer.folded``, ``detail_layout``), until it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from backoffice.domain.model import Material
from ui.inbox.detail_text import safe
from ui.settings import MATERIAL_WINDOW_GEOMETRY, Settings

if TYPE_CHECKING:
    from ui.inbox.material_viewer import MaterialViewer

# Of the screen's free area, the first time: most of it, the main window's
# edge still in sight to go back to the list.
FIRST_SHARE = (0.8, 0.9)


def window_title(name: str) -> str:
    """``name`` (from the server) as a window title says it: plain, "[*]" included."""
    # A title's "[*]" is Qt's modified-marker placeholder; "[*][*]" shows it as written.
    return safe(name).replace("[*]", "[*][*]")


class MaterialWindow(QWidget):
    """``materialWindow``: ``viewer`` (a detached MaterialViewer) in a top-level window."""

    closed = Signal()

    def __init__(self, viewer: MaterialViewer, parent: QWidget,
                 settings: Settings | None = None) -> None:
        # A window of the viewer's: one left open does not keep the app running
        # once the main window closes (a parentless one did).
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("materialWindow")
        self.settings = settings if settings is not None else Settings()
        self.viewer = viewer
        layout = QVBoxLayout(self)
        layout.addWidget(viewer)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence.StandardKey.Close):
            QShortcut(keys, self).activated.connect(self.close)
        self._title(None)

    def open(self, material: Material | None, page: int) -> None:
        """Show ``material`` from ``page`` on, and the window in front."""
        if not self.isVisible():
            self._place()
            self.show()
            self.show_material(material, page)
        elif material != self.viewer.material():
            self.show_material(material, page)
        self.raise_()
        self.activateWindow()

    def show_material(self, material: Material | None, page: int = 0) -> None:
        self.viewer.show_material(material, page=page)
        self._title(material)

    def _title(self, material: Material | None) -> None:
        if material is None:
            self.setWindowTitle(QCoreApplication.translate("MaterialWindow", "Material"))
        else:
            self.setWindowTitle(QCoreApplication.translate(
                "MaterialWindow", "{material} — Material").format(
                    material=window_title(material.name)))

    def _place(self) -> None:
        kept = self.settings.get(MATERIAL_WINDOW_GEOMETRY)
        if kept and self.restoreGeometry(kept):
            return
        owner = self.parentWidget()
        screen = (owner.screen() if owner is not None else None) or self.screen()
        free = screen.availableGeometry()
        size = QSize(int(free.width() * FIRST_SHARE[0]), int(free.height() * FIRST_SHARE[1]))
        box = QRect(free.topLeft(), size)
        box.moveCenter(free.center())
        self.setGeometry(box)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set(MATERIAL_WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.viewer.show_material(None)  # its PDF document and image go now, not at the next open
        super().closeEvent(event)
        self.closed.emit()
