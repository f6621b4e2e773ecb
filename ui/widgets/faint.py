"""An icon whose disabled look is clearly faint.

The style's own disabled icon for its standard arrows is barely lighter
than the enabled one (Fusion at 16 px): a viewer's "previous page" on its
first page looked as if it could be clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

DISABLED_OPACITY = 0.3


def faint_when_disabled(icon: QIcon, size: QSize) -> QIcon:
    """``icon`` as it is, and drawn at :data:`DISABLED_OPACITY` when disabled."""
    shown = QIcon()
    for scale in (1.0, 2.0):  # crisp on a high-DPI screen too
        normal = icon.pixmap(size, scale)
        faint = QPixmap(normal.size())
        faint.setDevicePixelRatio(normal.devicePixelRatio())
        faint.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faint)
        painter.setOpacity(DISABLED_OPACITY)
        painter.drawPixmap(0, 0, normal)
        painter.end()
        shown.addPixmap(normal, QIcon.Mode.Normal)
        shown.addPixmap(faint, QIcon.Mode.Disabled)
    return shown
