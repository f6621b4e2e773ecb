"""The decision document's pages, drawn by the one pypdfium2 thread of ``ui.inbox.material_pdf``.

The bytes are written to a temporary file (PDFium opens paths) that is
replaced with each new document and removed when the widget goes: when it is
destroyed with the window or workspace it is part of (a child gets no
``closeEvent``: 610 decision documents, applicants' names and ID numbers in
them, were found left in the temp folder), and at exit for one never destroyed.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.inbox.material_pdf import PdfPages

_LEFT: set[Path] = set()  # every preview's file not yet removed


def _remove(held: list[Path], *_: object) -> None:
    """Remove the file ``held`` (a preview's, which may be gone: no ``self`` here)."""
    while held:
        path = held.pop()
        path.unlink(missing_ok=True)
        _LEFT.discard(path)


@atexit.register
def _remove_left() -> None:
    _remove(list(_LEFT))


class DecisionPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPreview")
        self.setWidgetResizable(True)
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self._pages = PdfPages(self)
        self._pages.opened.connect(self._on_opened)
        self._pages.rendered.connect(self._on_rendered)
        self._pages.failed.connect(self._on_failed)
        self._tokens = itertools.count(1)
        self._token = 0
        self._labels: list[QLabel] = []
        self._file: list[Path] = []  # the document's temporary file, while there is one
        self.destroyed.connect(functools.partial(_remove, self._file))
        self.page_count = 0
        self.pages_drawn = 0
        self._note = QLabel(QCoreApplication.translate(
            "DecisionDesk", "The decision document appears here."), self._inner)
        self._layout.addWidget(self._note)

    def show_problem(self, text: str) -> None:
        """Why there is no document to show (e.g. a draft still missing a field)."""
        self._clear()
        self._note.setText(text)
        self._note.show()

    def show_pdf(self, data: bytes) -> None:
        self._clear()
        fd, name = tempfile.mkstemp(prefix="decision-", suffix=".pdf")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        self._drop_file()
        self._file.append(Path(name))
        _LEFT.add(self._file[0])
        self._token = next(self._tokens)
        self._pages.open(self._token, self._file[0])

    def clear(self) -> None:
        self._clear()
        self._note.show()

    def _clear(self) -> None:
        for label in self._labels:
            # Out of the layout at once: deleteLater waits for the event loop.
            label.hide()
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        self.page_count = self.pages_drawn = 0
        self._note.hide()

    def _drop_file(self) -> None:
        _remove(self._file)

    @Slot(int, object)
    def _on_opened(self, token: int, sizes: object) -> None:
        if token != self._token:
            return
        assert isinstance(sizes, list)
        self.page_count = len(sizes)
        # Fit the page to the pane's width: a clipped seal or number misleads.
        width = float(sizes[0][0]) if sizes else 595.0
        scale = max(0.4, min(1.5, (self.viewport().width() - 28) / width))
        for index in range(len(sizes)):
            label = QLabel(self._inner)
            label.setObjectName(f"decisionPage{index + 1}")
            label.setFrameShape(QLabel.Shape.Box)
            self._layout.addWidget(label)
            self._labels.append(label)
            self._pages.render(token, index, scale)

    @Slot(int, int, object)
    def _on_rendered(self, token: int, page: int, image: object) -> None:
        if token != self._token or not 0 <= page < len(self._labels):
            return
        # The whole page's image, bare or with the region it shows (the viewer's crop).
        image = getattr(image, "image", image)
        assert isinstance(image, QImage)
        self._labels[page].setPixmap(QPixmap.fromImage(image))
        self.pages_drawn += 1

    def _on_failed(self, token: int, *reason: str) -> None:
        # Not a @Slot: the renderer's reason is one string or a kind and a string,
        # and it is logged there; the desk says only that the document is not shown.
        del reason
        if token == self._token:
            self._note.setText(QCoreApplication.translate(
                "DecisionDesk", "The document could not be shown."))
            self._note.show()

    def closeEvent(self, event: object) -> None:
        self._pages.close()
        self._drop_file()
        super().closeEvent(event)  # type: ignore[arg-type]
