"""The applicant's notice as a document: shown, printed, saved as PDF (8.4.3).

The PDF is made below the UI (:mod:`backoffice.inspections.notice`, the
``inspection_notice`` template laid out per GB/T 9704); this page shows its
pages, rendered by the one pypdfium2 thread of :mod:`ui.inbox.material_pdf`,
prints them through Qt's print support and writes the PDF where the person
chooses. Dialogs are opened with ``open()``, never ``exec()``.

Printing draws each page as an image rendered at :data:`PRINT_DPI` onto
the printer's whole paper (the PDF carries its own margins): the same
pixels on every printer, no second layout engine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.inbox.material_pdf import PdfPages
from ui.widgets.plain import PlainLabel

PREVIEW_SCALE = 1.0  # 72 dpi on screen: a whole A4 page in sight
PRINT_DPI = 200


class NoticePage(QWidget):
    shown = Signal()  # every page of the current notice is on screen
    printed = Signal(int)  # pages sent to the printer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plannerNoticePage")
        self.pdf: bytes | None = None
        self.name = "notice"
        self._dir = tempfile.TemporaryDirectory(prefix="onevisit-notice-")
        self._path = Path(self._dir.name) / "notice.pdf"
        self._token = 0  # the preview's current document
        self._print_token = 0  # print jobs count down from -1: never a preview's token
        self._pages = PdfPages(self)
        self._pages.opened.connect(self._opened)
        self._pages.rendered.connect(self._rendered)
        self._pages.failed.connect(self._failed)
        self._count = 0
        self._preview: dict[int, QImage] = {}
        self._print: tuple[int, QPrinter, dict[int, QImage]] | None = None
        self._dialog: QWidget | None = None

        self.title = PlainLabel("", self)
        self.title.setObjectName("plannerNoticeTitle")
        self.title.setWordWrap(True)
        self.print_button = QPushButton(QCoreApplication.translate("Planner", "Print…"), self)
        self.print_button.setObjectName("plannerNoticePrint")
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(QCoreApplication.translate("Planner", "Save as PDF…"),
                                       self)
        self.save_button.setObjectName("plannerNoticeSave")
        self.save_button.clicked.connect(self.choose_file)
        self.message = PlainLabel("", self)
        self.message.setObjectName("plannerNoticeMessage")
        self.message.setWordWrap(True)
        self.sheets = QWidget(self)
        self._sheets = QVBoxLayout(self.sheets)
        self._sheets.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview = QScrollArea(self)
        self.preview.setObjectName("plannerNoticePreview")
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(self.sheets)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        self.show_pdf(None, "", QCoreApplication.translate(
            "Planner", "Choose an inspection with a time to see its notice."))

    # --- showing -----------------------------------------------------------------------

    def show_pdf(self, data: bytes | None, name: str, why: str = "") -> None:
        """Show ``data`` (the notice's PDF), or nothing and ``why``."""
        self.pdf, self.name = data, name or "notice"
        self._token += 1
        self._print = None
        self._preview = {}
        self._count = 0
        self._clear_sheets()
        self.print_button.setEnabled(data is not None)
        self.save_button.setEnabled(data is not None)
        self.title.setText(QCoreApplication.translate(
            "Planner", "Notice to the applicant — {case}").format(case=name) if data else "")
        self.message.setText(why)
        if data is None:
            self._pages.close()
            return
        # A new file each time: the pdfium thread may still read the last one.
        self._path = Path(self._dir.name) / f"notice-{self._token}.pdf"
        self._path.write_bytes(data)
        self._pages.open(self._token, self._path)

    def _clear_sheets(self) -> None:
        while self._sheets.count():
            item = self._sheets.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _opened(self, token: int, sizes: object) -> None:
        if token != self._token:  # a print job's pages were asked for with its open
            return
        self._count = len(sizes)  # type: ignore[arg-type]
        for page in range(self._count):
            self._pages.render(self._token, page, PREVIEW_SCALE)

    def _rendered(self, token: int, page: int, image: object) -> None:
        assert isinstance(image, QImage)
        if self._print is not None and token == self._print[0]:
            self._print[2][page] = image
            if len(self._print[2]) == self._count:
                self._paint_print()
            return
        if token != self._token:
            return
        self._preview[page] = image
        if len(self._preview) == self._count:
            self._clear_sheets()
            for n in range(self._count):
                sheet = QLabel(self.sheets)
                sheet.setObjectName(f"plannerNoticeSheet{n + 1}")
                sheet.setPixmap(QPixmap.fromImage(self._preview[n]))
                sheet.setFrameShape(QLabel.Shape.Box)
                self._sheets.addWidget(sheet)
            self.shown.emit()

    def _failed(self, token: int, _reason: str) -> None:
        if token in (self._token, self._print[0] if self._print else -1):
            self._print = None
            self.message.setText(QCoreApplication.translate(
                "Planner", "The notice could not be shown; the log has the details."))

    def page_count(self) -> int:
        return self._count

    # --- printing ------------------------------------------------------------------------

    def choose_printer(self) -> None:
        """Qt's print dialog, opened without blocking; printing starts when it is accepted."""
        if self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.name)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("plannerNoticePrintDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The dialog keeps the printer alive until it is closed; print_to holds it after.
        dialog.accepted.connect(lambda: self.print_to(printer))
        self._dialog = dialog
        # QPrintDialog.open is bound as open(receiver, member) in PySide6: QDialog's own
        # open() (window-modal, no nested event loop) is the one meant.
        QDialog.open(dialog)

    def print_to(self, printer: QPrinter) -> None:
        """Render every page at :data:`PRINT_DPI` on the pdfium thread, then print them."""
        if self.pdf is None or not self._count:
            self.message.setText(QCoreApplication.translate(
                "Planner", "Nothing to print yet."))
            return
        self._print_token -= 1  # the print job's own answers; the preview stays as it is
        token = self._print_token
        self._print = (token, printer, {})
        self._pages.open(token, self._path)
        for page in range(self._count):
            self._pages.render(token, page, PRINT_DPI / 72)
        self.message.setText(QCoreApplication.translate("Planner", "Preparing to print…"))

    def _paint_print(self) -> None:
        assert self._print is not None
        _token, printer, images = self._print
        self._print = None
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            self.message.setText(QCoreApplication.translate(
                "Planner", "The printer could not be started."))
            return
        try:
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            for n in range(self._count):
                if n:
                    printer.newPage()
                image = images[n]
                scale = min(paper.width() / image.width(), paper.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h),
                                  image)
        finally:
            painter.end()
        self.message.setText(QCoreApplication.translate(
            "Planner", "1 page sent to the printer.") if self._count == 1 else
            QCoreApplication.translate(
                "Planner", "{count} pages sent to the printer.").format(count=self._count))
        self.printed.emit(self._count)

    # --- saving --------------------------------------------------------------------------

    def choose_file(self) -> None:
        if self.pdf is None:
            return
        dialog = QFileDialog(self, QCoreApplication.translate("Planner", "Save the notice"))
        dialog.setObjectName("plannerNoticeSaveDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setNameFilter(QCoreApplication.translate("Planner", "PDF documents (*.pdf)"))
        dialog.selectFile(f"{self.name}.pdf")
        dialog.fileSelected.connect(self.save_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> None:
        """Write the notice's PDF (text and all, as made) to ``path``."""
        if self.pdf is None:
            return
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            self.message.setText(QCoreApplication.translate(
                "Planner", "Not saved: {reason}").format(reason=exc.strerror or str(exc)))
            return
        self.message.setText(QCoreApplication.translate(
            "Planner", "Saved to {path}.").format(path=path))
