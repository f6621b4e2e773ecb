"""The page of the material viewer: draws only the part of the page in view.

The zoomed page is never built as a pixmap: an 8000×8000 scan at 800 % would
be 64000×64000 pixels (16 GB), and scaling it on the GUI thread froze the
window for tens of seconds before Qt crashed. The canvas is as large as the
zoomed page (so the scroll area scrolls it), but holds only what it was
given — an image's decoded pixels, or a PDF page rendered at the shown zoom,
whole or, at a high zoom, just the region around the view — and each paint
scales the exposed rectangle's share of it. A page given as a smaller
region or an older zoom is drawn where it belongs, scaled, until the viewer
brings a sharper one.

Coordinates: the page's *units* are its unrotated size (an image's pixels,
a PDF page's points); :meth:`PageCanvas.set_page` gives the scale (pixels
on screen per unit) and the rotation (a quarter turn clockwise per 90°).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

# A scaled-down copy of an image is made (smoothly averaged: text stays readable
# at a fitted 7 %) only up to this many pixels; larger, the image is drawn from
# its own pixels. Upscaled it never is: a zoom beyond 100 % draws from the source.
SCALED_COPY_PIXELS = 4_000_000


class PageCanvas(QWidget):
    """``materialImage``: one page, drawn at a scale and a rotation, from what it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._units = QSizeF()  # the page's unrotated size; empty: nothing shown
        self._scale = 1.0
        self._rotation = 0
        self._paper = False  # a PDF page: white where nothing is drawn yet
        self._image = QImage()
        self._image_rect = QRectF()  # the part of the page it covers, in units
        self._scaled = QImage()  # the image averaged down to the scale, when below 100 %
        self._note = ""
        self._area: QAbstractScrollArea | None = None  # the scroll area: the Tab stop

    # ---- focus --------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._watch_area()
        return super().event(event)

    def _watch_area(self) -> None:
        """The scroll area holding the page takes the Tab focus, but showed none: its
        focus is drawn here, as a frame round the part of the page in view."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if not isinstance(area, QAbstractScrollArea) or area is self._area:
            return
        self._area = area
        area.installEventFilter(self)
        for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
            # A scroll moves the pixels in view: the frame at their edge with them.
            bar.valueChanged.connect(self._scrolled)

    def _scrolled(self, _value: int) -> None:
        if self.area_focused():
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._area and event.type() in (QEvent.Type.FocusIn,
                                                      QEvent.Type.FocusOut):
            self.update()
        return super().eventFilter(watched, event)

    def area_focused(self) -> bool:
        return self._area is not None and self._area.hasFocus()

    # ---- what is shown ------------------------------------------------------------------

    def clear(self) -> None:
        self._units, self._image, self._scaled, self._note = QSizeF(), QImage(), QImage(), ""
        self.setMinimumSize(0, 0)
        self.update()

    def set_page(self, units: QSizeF, scale: float, rotation: int, *, paper: bool = False) -> None:
        """The page's size in units, shown at ``scale`` turned by ``rotation`` degrees."""
        if units != self._units or scale != self._scale:
            self._scaled = QImage()  # made again when painted (a turn keeps it)
        if units != self._units or scale != self._scale or rotation % 360 != self._rotation:
            self._note = ""
        self._units, self._scale, self._rotation, self._paper = units, scale, rotation % 360, paper
        self.setMinimumSize(self.content_size())
        self.update()

    def set_image(self, image: QImage, rect: QRectF | None = None) -> None:
        """``image`` covers ``rect`` of the page (in units; None: the whole page)."""
        rect = rect if rect is not None else QRectF(QPointF(0, 0), self._units)
        if image.cacheKey() != self._image.cacheKey() or rect != self._image_rect:
            self._image, self._image_rect, self._scaled = image, rect, QImage()
        self._note = ""
        self.update()

    def set_note(self, text: str) -> None:
        """A line drawn in the middle of the view (a page that could not be drawn)."""
        self._note = text
        self.update()

    def note(self) -> str:
        return self._note

    def _prepare_scaled(self) -> None:
        image, rect = self._image, self._image_rect
        if image.isNull() or rect.isEmpty() or not self._scaled.isNull():
            return
        ratio = self.devicePixelRatioF()
        width = rect.width() * self._scale * ratio
        height = rect.height() * self._scale * ratio
        if width < image.width() and width * height <= SCALED_COPY_PIXELS:
            self._scaled = image.scaled(
                max(1, round(width)), max(1, round(height)),
                Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)

    # ---- geometry -----------------------------------------------------------------------

    def content_size(self) -> QSize:
        """The page on screen (rotated, scaled), in pixels."""
        if self._units.isEmpty():
            return QSize(0, 0)
        width = math.ceil(self._units.width() * self._scale)
        height = math.ceil(self._units.height() * self._scale)
        return QSize(height, width) if self._rotation in (90, 270) else QSize(width, height)

    def sizeHint(self) -> QSize:
        return self.content_size()

    def page_rect(self) -> QRect:
        """Where the page is drawn in the canvas: centred when smaller than it."""
        size = self.content_size()
        return QRect((self.width() - size.width()) // 2 if self.width() > size.width() else 0,
                     (self.height() - size.height()) // 2 if self.height() > size.height() else 0,
                     size.width(), size.height())

    def _transform(self) -> QTransform:
        """Page units to canvas pixels."""
        box = self.page_rect()
        x, y = box.x(), box.y()
        if self._rotation in (90, 180):
            x += box.width()
        if self._rotation in (180, 270):
            y += box.height()
        t = QTransform.fromTranslate(x, y)
        t.rotate(self._rotation)
        t.scale(self._scale, self._scale)
        return t

    def _in_view(self) -> QRect:
        return self.visibleRegion().boundingRect().intersected(self.page_rect())

    def visible_units(self) -> QRectF:
        """The part of the page in view, in units (unrotated): what a renderer must cover."""
        if self._units.isEmpty():
            return QRectF()
        inverse, _ = self._transform().inverted()
        return inverse.mapRect(QRectF(self._in_view())).intersected(
            QRectF(QPointF(0, 0), self._units))

    def covered(self) -> QRectF:
        """The part of the page the held image covers, in units."""
        return QRectF() if self._image.isNull() else QRectF(self._image_rect)

    def held_pixels(self) -> int:
        """Pixels held besides the source given: the scaled copy, if any."""
        return self._scaled.width() * self._scaled.height()

    def pixmap(self) -> QPixmap:
        """The page as it is on screen (its part in view): null when there is none."""
        view = self._in_view()
        if self._image.isNull() or view.isEmpty():
            return QPixmap()
        return self.grab(view)

    # ---- drawing ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._units.isEmpty():
            self._paint_focus()
            return
        painter = QPainter(self)
        exposed = QRectF(event.rect()).intersected(QRectF(self.page_rect()))
        if self._paper:
            painter.fillRect(exposed, QColor("white"))
        transform = self._transform()
        inverse, _ = transform.inverted()
        wanted = inverse.mapRect(exposed).intersected(self._image_rect)
        if not self._image.isNull() and not wanted.isEmpty():
            self._prepare_scaled()
            source = self._scaled if not self._scaled.isNull() else self._image
            # units to the source's pixels
            sx = source.width() / self._image_rect.width()
            sy = source.height() / self._image_rect.height()
            pixels = QRectF((wanted.x() - self._image_rect.x()) * sx,
                            (wanted.y() - self._image_rect.y()) * sy,
                            wanted.width() * sx, wanted.height() * sy)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.setTransform(transform)
            painter.drawImage(wanted, source, pixels)
            painter.resetTransform()
        if self._note:
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(self._in_view()).adjusted(8, 8, -8, -8),
                             int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                             self._note)
        painter.end()
        self._paint_focus()

    def _paint_focus(self) -> None:
        if not self.area_focused():
            return
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().highlight().color(), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(self.visibleRegion().boundingRect()).adjusted(1, 1, -1, -1))
        painter.end()
