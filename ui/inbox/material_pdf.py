"""PDF pages as QImages, rendered by pypdfium2 on one dedicated thread.

PDFium is not thread-safe: not even two *different* documents may be used
from two threads at the same time, and pypdfium2 initialises the library in
the thread that imports it. So every pypdfium2 call of the process — the
import, opening, page sizes, rendering, closing — happens in the slots of
one :class:`_Worker` that lives on one ``QThread`` (``pdfium``), started on
first use and stopped at exit. Not the GUI thread: a scanned page at 200 %
takes long enough to freeze typing; not a thread pool: its threads come and
go, and a pool of one still gives no promise it is the same thread.

A viewer talks to it through a :class:`PdfPages` on the GUI thread: requests
travel as queued signals, results come back as signals to its ``@Slot``\\ s.
Each request carries the viewer's id and a token, so a page of a material
the person has already left is dropped, not shown.

A request may ask for a region of the page only (``crop``, in points from
its top left): a large-format plan (A0, or a 200-inch page) at 800 % would
be billions of pixels, which PDFium cannot allocate — the viewer asks for
the part in view at a high zoom. A render that fails all the same (memory)
is reported as such, never as a damaged file: the file opened.
"""

from __future__ import annotations

import atexit
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage

from ui.background import emit_if_alive

_log = logging.getLogger("ui.inbox")
_ids = itertools.count(1)

DAMAGED, PROTECTED, NOT_DRAWN = "damaged", "protected", "not_drawn"
# One rendered image at most (4 bytes a pixel: 256 MB); the viewer asks far less.
MAX_PIXELS = 64_000_000


@dataclass(frozen=True)
class Rendered:
    image: QImage
    region: tuple[float, float, float, float]  # x, y, width, height in points from the top left
    scale: float  # pixels per point


class _Worker(QObject):
    """Owns pypdfium2 and every open document (one per viewer); only its thread calls it."""

    opened = Signal(int, int, object)  # viewer, token, [(width, height) in points per page]
    rendered = Signal(int, int, int, object)  # viewer, token, page, Rendered
    # viewer, token, kind (DAMAGED, PROTECTED, NOT_DRAWN), reason (for the log; the viewer words it)
    failed = Signal(int, int, str, str)

    def __init__(self) -> None:
        super().__init__()
        self._docs: dict[int, Any] = {}

    @Slot(int, int, str)
    def open(self, viewer: int, token: int, path: str) -> None:
        import pypdfium2 as pdfium  # here: PDFium initialises on the importing thread

        if not self._docs and _shared is not None:
            # atexit runs last-registered first: close our documents before
            # pypdfium2's own exit hook (registered at its import) finds them open.
            atexit.unregister(_shared.stop)
            atexit.register(_shared.stop)
        self.close(viewer)
        try:
            doc = pdfium.PdfDocument(path)
            # Form widgets (a seal's appearance) are drawn only once forms are set up.
            doc.init_forms()
            sizes = [tuple(doc.get_page_size(i)) for i in range(len(doc))]
            if not sizes:
                raise ValueError("no pages")
        except (pdfium.PdfiumError, OSError, ValueError) as exc:
            if "doc" in locals():
                doc.close()
            protected = getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD
            self.failed.emit(viewer, token, PROTECTED if protected else DAMAGED, str(exc))
            return
        self._docs[viewer] = doc
        self.opened.emit(viewer, token, sizes)

    @Slot(int, int, int, float, object)
    def render(self, viewer: int, token: int, page: int, scale: float, crop: object) -> None:
        doc = self._docs.get(viewer)
        if doc is None or not 0 <= page < len(doc):
            return
        try:
            pdf_page = doc[page]
            try:
                width, height = pdf_page.get_size()
                x, y, w, h = crop if isinstance(crop, tuple) else (0.0, 0.0, width, height)
                if w * scale * h * scale > MAX_PIXELS:
                    raise MemoryError(f"{w * scale:.0f}×{h * scale:.0f} pixels asked")
                # crop: what to cut off the left, bottom, right and top, in points
                bitmap = pdf_page.render(
                    scale=scale, crop=(x, height - y - h, width - x - w, y),
                    rev_byteorder=True, prefer_bgrx=True)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888).copy()  # own the pixels
                bitmap.close()
            finally:
                pdf_page.close()
            if image.isNull():
                raise MemoryError("the image could not be made")
        except Exception as exc:  # noqa: BLE001 - PdfiumError, MemoryError: the page is not drawn
            self.failed.emit(viewer, token, NOT_DRAWN, f"{type(exc).__name__}: {exc}")
            return
        self.rendered.emit(viewer, token, page, Rendered(image, (x, y, w, h), scale))

    @Slot(int)
    def close(self, viewer: int) -> None:
        doc = self._docs.pop(viewer, None)
        if doc is not None:
            doc.close()

    @Slot()
    def close_all(self) -> None:
        for viewer in list(self._docs):
            self.close(viewer)


class _Thread(QObject):
    """The one pdfium thread and its worker, made on first use."""

    openRequested = Signal(int, int, str)
    renderRequested = Signal(int, int, int, float, object)
    closeRequested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._thread = QThread()  # not .thread: QObject.thread() is a method
        self._thread.setObjectName("pdfium")
        self.worker = _Worker()
        self.worker.moveToThread(self._thread)
        self.openRequested.connect(self.worker.open)
        self.renderRequested.connect(self.worker.render)
        self.closeRequested.connect(self.worker.close)
        self._thread.start()

    def stop(self) -> None:
        if self._thread.isRunning():
            # The documents close on their own thread, before it ends.
            QMetaObject.invokeMethod(self.worker, "close_all",
                                     Qt.ConnectionType.BlockingQueuedConnection)
            self._thread.quit()
            self._thread.wait(10_000)


_shared: _Thread | None = None


def _thread() -> _Thread:
    global _shared
    if _shared is None:
        _shared = _Thread()
        # A QThread destroyed while running aborts the process: stop it first.
        atexit.register(_shared.stop)
    return _shared


class PdfPages(QObject):
    """One viewer's PDF: open a file, ask for pages; answers arrive as signals."""

    opened = Signal(int, object)  # token, page sizes in points
    rendered = Signal(int, int, object)  # token, page, QImage
    failed = Signal(int, str)  # token, reason
    # The same with more said, for the viewer: the region an image covers, and why it failed.
    renderedRegion = Signal(int, int, object)  # token, page, Rendered
    failedAs = Signal(int, str, str)  # token, kind (DAMAGED, PROTECTED, NOT_DRAWN), reason

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._id = next(_ids)
        self._shared = _thread()
        worker = self._shared.worker
        worker.opened.connect(self._on_opened)
        worker.rendered.connect(self._on_rendered)
        worker.failed.connect(self._on_failed)
        # A viewer that goes away closes its document (the lambda keeps no
        # reference to this object, which is being destroyed by then).
        viewer, requests = self._id, self._shared.closeRequested
        # At quit the shared thread's object may go first: its documents
        # were closed with it, so there is nothing left to tell.
        self.destroyed.connect(lambda: emit_if_alive(requests, viewer))

    def open(self, token: int, path: Path) -> None:
        self._shared.openRequested.emit(self._id, token, str(path))

    def render(self, token: int, page: int, scale: float,
               crop: tuple[float, float, float, float] | None = None) -> None:
        """Page ``page`` at ``scale``; ``crop``: only that region (x, y, width, height in points)."""
        self._shared.renderRequested.emit(self._id, token, page, scale, crop)

    def close(self) -> None:
        self._shared.closeRequested.emit(self._id)

    @Slot(int, int, object)
    def _on_opened(self, viewer: int, token: int, sizes: object) -> None:
        if viewer == self._id:
            self.opened.emit(token, sizes)

    @Slot(int, int, int, object)
    def _on_rendered(self, viewer: int, token: int, page: int, image: object) -> None:
        if viewer == self._id:
            assert isinstance(image, Rendered)
            self.renderedRegion.emit(token, page, image)
            self.rendered.emit(token, page, image.image)

    @Slot(int, int, str, str)
    def _on_failed(self, viewer: int, token: int, kind: str, reason: str) -> None:
        if viewer == self._id:
            _log.warning("PDF material could not be shown (%s): %s", kind, reason)
            self.failedAs.emit(token, kind, reason)
            self.failed.emit(token, reason)
