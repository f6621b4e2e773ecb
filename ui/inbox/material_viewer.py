"""The file of one material, from the local file cache: images scaled to fit, with zoom.

Files follow their records (SYNC.md, principle 6): a material whose file is
not here yet says so plainly and offers to download it — never an error.
Every touch of the cache (its index is SQLite) and every download runs on
the viewer's own worker thread; decoding the image there too keeps a large
scan from freezing the window (:mod:`.material_files`: EXIF orientation
applied, a multi-page TIFF read a page at a time).

The page is drawn by a :class:`~.material_canvas.PageCanvas`, which paints
only the part in view: no zoom builds a pixmap of the zoomed page, so memory
stays bounded whatever the zoom (5 %–800 %, fit included: a 3-point page
fits at 800 %, not 18967 %). A PDF is shown page by page, rendered by
pypdfium2 on its own thread (:mod:`.material_pdf`: PDFium is not
thread-safe, so one thread owns every call) at the zoom shown — the whole
page up to :data:`PAGE_PIXELS`, beyond that the region around the view,
again as the view scrolls. One render is asked at a time; zooming faster
than it answers asks only for the last zoom. Keys: PageUp/PageDown,
Home/End, Ctrl+G (the page number box), Ctrl+= / Ctrl+-, Ctrl+0 to fit,
Ctrl+[ / Ctrl+] to turn the page a quarter left or right (that page only,
kept while the viewer is open; not Ctrl+R, which is Refresh — "Sync now").
The page controls show only for a file of more than one page. A damaged PDF says so and offers the system's
viewer; a password-protected one says that. A file Qt cannot draw
otherwise (a Word document) gets "cannot be previewed" and an action to
open it in the system's viewer, from a copy named with the right extension
(:class:`~.material_files.Copies`); an empty file says it is empty.

The controls are a tool bar: on a narrow pane what does not fit goes into its
» menu, the material's name giving way first. "Open in window" (Ctrl+Shift+O, a
double click on the page) shows the material in a window of its own, another
viewer of this class (:mod:`.material_window`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Material
from backoffice.sync.files import FileCache, FileTransport
from ui.background import Background
from ui.inbox.detail_text import safe
from ui.inbox.material_canvas import PageCanvas
from ui.inbox.material_files import Loaded, copies, load
from ui.inbox.material_pdf import NOT_DRAWN, PROTECTED, PdfPages, Rendered
from ui.inbox.material_toolbar import MaterialToolbar
from ui.inbox.material_window import MaterialWindow
from ui.widgets.plain import ElidedTitle, PlainLabel

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0  # fit too: a tiny page fits at 800 %, and zoom in never shrinks it
# A PDF page is rendered whole up to this many device pixels (A4 at 400 %), so
# scrolling it is instant; larger, only the region around the view (its size
# again on each side), which stays about as large whatever the zoom.
PAGE_PIXELS = 8_000_000



class MaterialViewer(QWidget):
    """``materialViewer``; ``state`` says what it shows (tests, automation); ``windowed``:
    the viewer of ``materialWindow``, which opens no window itself."""

    settled = Signal()  # no file work under way any more
    fileCached = Signal(str)  # a download finished: this SHA-256 is in the cache now
    # The page area made way for the window (True) or came back (False): the
    # detail gives its height to the tabs meanwhile.
    folded = Signal(bool)

    def __init__(
        self,
        files: FileCache,
        client: FileTransport,
        parent: QWidget | None = None,
        *,
        lang: str = "zh",
        windowed: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("materialViewer")
        self._files, self._client, self._lang = files, client, lang
        self._background = Background(self, threads=1)
        self._copies = copies()  # stale copies of a crashed run go on first use
        self._material: Material | None = None
        self._path: Path | None = None
        self._image: QImage | None = None
        self._token = 0
        self._zoom: float | None = None  # None: fit to the window
        self._pages: list[tuple[float, float]] = []  # a PDF's page sizes in points
        self._count = 0  # pages of the file shown (a PDF, a TIFF): 0 while there is none
        self._page = self._first_page = 0
        self._rendering = False  # a PDF page asked of the pdfium thread and not back yet
        self._again = False  # and the view changed meanwhile: ask again when it is
        self._rendered: Rendered | None = None  # what the canvas holds of the PDF page
        # By file and page, while the viewer is open: a scan may have one page sideways.
        self._rotations: dict[tuple[str, int], int] = {}
        self._pdf = PdfPages(self)
        self._pdf.opened.connect(self._on_pdf_opened)
        self._pdf.renderedRegion.connect(self._on_pdf_rendered)
        self._pdf.failedAs.connect(self._on_pdf_failed)
        self.state = "empty"

        self.title = ElidedTitle("", self)
        self.title.setObjectName("materialViewerTitle")
        self.message = PlainLabel("", self)
        self.message.setObjectName("materialViewerMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.download = QPushButton(QCoreApplication.translate("MaterialViewer", "Download"), self)
        self.download.setObjectName("materialDownload")
        self.download.clicked.connect(self.start_download)
        self.open_external = QPushButton(QCoreApplication.translate("MaterialViewer", "Open in another program"), self)
        self.open_external.setObjectName("materialOpenExternally")
        self.open_external.clicked.connect(self._open_externally)
        message_page = QWidget(self)
        column = QVBoxLayout(message_page)
        column.addStretch(1)
        column.addWidget(self.message)
        for button in (self.download, self.open_external):
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

        self.image = PageCanvas(self)
        self.image.setObjectName("materialImage")
        self.area = QScrollArea(self)
        self.area.setObjectName("materialImageArea")
        self.area.setAccessibleName(QCoreApplication.translate("MaterialViewer", "Page shown"))
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for scroll in (self.area.horizontalScrollBar(), self.area.verticalScrollBar()):
            scroll.valueChanged.connect(self._on_scrolled)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(message_page)
        self.stack.addWidget(self.area)

        self.toolbar = MaterialToolbar(self, windowed=windowed)
        bar = self.toolbar
        self.previous_page, self.next_page = bar.previous_page, bar.next_page
        self.page_number, self.page_label = bar.page_number, bar.page_label
        self.rotate_left, self.rotate_right = bar.rotate_left, bar.rotate_right
        self.zoom_out, self.zoom_fit, self.zoom_in = bar.zoom_out, bar.zoom_fit, bar.zoom_in
        self.zoom_label, self.open_window = bar.zoom_label, bar.open_window
        self._page_tools = bar.page_tools
        self._enable = bar.enable
        self._window: MaterialWindow | None = None
        self.image.installEventFilter(self)  # a double click on the page opens the window

        # The name takes what the controls leave (elided): short of room, a box
        # layout gives a stretched item its minimum first.
        self.title.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 6))
        tools = QHBoxLayout()
        tools.addWidget(self.title, 1)
        tools.addWidget(self.toolbar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        self._show_message("empty", QCoreApplication.translate("MaterialViewer", "Choose a material to see its file."))

    # ---- what is shown ------------------------------------------------------------------

    def show_material(self, material: Material | None, *, page: int = 0) -> None:
        """Show ``material`` (a PDF from ``page``), in the window too while it is open."""
        self._show(material, page)
        if self._window is not None and self._window.isVisible():
            self._window.show_material(material)

    def _show(self, material: Material | None, page: int = 0) -> None:
        self._material, self._path, self._image, self._zoom = material, None, None, None
        if self._pages:
            self._pdf.close()
        self._pages, self._count, self._page, self._rendering = [], 0, 0, False
        self._again, self._rendered = False, None
        self._first_page = page  # where a PDF opens
        self._token += 1
        self.title.setText(safe(material.name) if material else "")
        if material is None:
            self._show_message("empty", QCoreApplication.translate("MaterialViewer", "Choose a material to see its file."))
        elif not material.file_sha256:
            text = (
                QCoreApplication.translate("MaterialViewer", "This e-licence is looked up on the shared platform; there is no file.")
                if material.from_shared_platform
                else QCoreApplication.translate("MaterialViewer", "This material has no file.")
            )
            self._show_message("no_file", text)
        else:
            self._show_message("loading", QCoreApplication.translate("MaterialViewer", "Opening the file…"))
            token, sha = self._token, material.file_sha256
            self._background.run(
                lambda: load(self._files, sha, token, page),
                self._on_loaded,
                lambda exc: self._on_failed(token, exc),
            )

    def material(self) -> Material | None:
        return self._material

    def busy(self) -> bool:
        window = self._window
        return (self._background.busy() or self.state == "opening" or self._rendering
                or (window is not None and window.viewer.busy()))

    def wait(self) -> bool:
        """Let file work finish, the window's too, and close it: the session is closing."""
        window = self._window
        if window is not None:
            window.close()
        done = self._background.wait()
        self._copies.clear()  # the applicant's files do not stay in the temp folder
        return (window is None or window.viewer.wait()) and done

    # ---- the window of its own ----------------------------------------------------------

    def show_window(self) -> None:
        """The shown material in ``materialWindow``, at the page shown here."""
        if self._window is None:
            viewer = MaterialViewer(self._files, self._client, lang=self._lang, windowed=True)
            viewer.fileCached.connect(self.fileCached)  # the material list marks it downloaded
            viewer.fileCached.connect(self.file_arrived)  # and this viewer shows it
            viewer.settled.connect(self._settle)
            self._window = MaterialWindow(viewer, self)
            self._window.closed.connect(lambda: self._fold(False))
        self._window.viewer._rotations = self._rotations  # one turn of a page, both views
        self._window.open(self._material, self._page)
        self._fold(True)

    def is_folded(self) -> bool:
        """Whether the page area is folded away while the window shows the material."""
        return self.stack.isHidden()

    def _fold(self, fold: bool) -> None:
        # The tool row stays: the material's name, and "Open in window" to
        # bring the window back to the front.
        # The rest of it acts on the page area and goes with it; the page is
        # drawn again when it comes back, not while nobody can see it.
        if fold != self.is_folded():
            self.stack.setVisible(not fold)
            paging = self.toolbar.paging
            for action in self._page_tools:  # the page controls: a file of pages only
                action.setVisible(not fold and (self._paged() or action not in paging))
            if not fold:
                self._render()
            self.folded.emit(fold)

    def material_window(self) -> MaterialWindow | None:
        return self._window

    def file_arrived(self, sha256: str) -> None:
        """A file came into the cache elsewhere: shown here if it was the one missing."""
        m = self._material
        if m is not None and m.file_sha256 == sha256 and self.state in ("not_downloaded", "failed"):
            self._show(m)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.image and event.type() == QEvent.Type.Resize:
            self._on_scrolled()  # laid out at a new zoom: the region in view moved
        if (watched is self.image and event.type() == QEvent.Type.MouseButtonDblClick
                and self.open_window.defaultAction().isEnabled()):
            self.show_window()
            return True
        return super().eventFilter(watched, event)

    def _on_loaded(self, result: object) -> None:
        assert isinstance(result, Loaded)
        if result.token == self._token:
            self._path, self._image = result.path, result.image
            if result.path is None:
                self._show_message(
                    "not_downloaded",
                    QCoreApplication.translate("MaterialViewer", "The file is not downloaded yet. Download it now, or wait for the next "
                       "sync."),
                    download=True,
                )
            elif result.pdf:
                self._show_message("opening", QCoreApplication.translate("MaterialViewer", "Opening the file…"))
                self._pdf.open(self._token, result.path)
            elif result.problem == "empty":  # nothing to open elsewhere either
                self._show_message("empty_file", QCoreApplication.translate("MaterialViewer", 
                    "This file is empty (0 bytes). Ask the applicant for the file again."))
            elif result.problem == "too_large":
                self._show_message("too_large", QCoreApplication.translate("MaterialViewer", 
                    "This image is too large to preview here ({width} × {height} pixels). Open "
                    "it in another program.").format(
                        width=result.size[0], height=result.size[1]), external=True)
            elif result.image is None:
                self._show_message(
                    "unsupported",
                    QCoreApplication.translate("MaterialViewer", "This file cannot be previewed here. Open it in another program."),
                    external=True,
                )
            else:
                self.state = "image"
                self._count, self._page = result.pages, result.page
                self.stack.setCurrentWidget(self.area)
                self._render()
        self._settle()

    def _on_failed(self, token: int, exc: BaseException) -> None:
        # A failure of an earlier material's job is no news about this one.
        if token == self._token:
            reason = (
                messages.render(exc, self._lang)
                if isinstance(exc, BackofficeError)
                else type(exc).__name__
            )
            self._show_message(
                "failed",
                QCoreApplication.translate("MaterialViewer", "The file could not be opened or downloaded: {reason}").format(reason=reason),
                download=True,
            )
        self._settle()

    def _settle(self) -> None:
        if not self.busy():
            self.settled.emit()

    def _show_message(
        self, state: str, text: str, *, download: bool = False, external: bool = False
    ) -> None:
        self.state = state
        self.message.setText(text)
        self.download.setVisible(download)
        self.open_external.setVisible(external)
        self._enable(self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_label,
                     self.rotate_left, self.rotate_right, self.previous_page, self.next_page,
                     self.page_label, self.page_number, on=False)
        self.toolbar.show_paging(False)
        self.zoom_label.setText("")
        self.page_label.setText("")
        self.page_number.setRange(0, 0)
        self.page_number.setSpecialValueText(" ")  # an empty box, not a 0
        self.image.clear()
        self.stack.setCurrentIndex(0)

    # ---- download and open --------------------------------------------------------------

    def start_download(self) -> None:
        """Fetch the shown material's file off the GUI thread (needs the network)."""
        material = self._material
        if material is None or not material.file_sha256 or self.state == "downloading":
            return
        sha, token = material.file_sha256, self._token

        def fetch() -> Loaded:
            self._files.fetch(self._client, sha)
            return load(self._files, sha, token)

        self._show_message("downloading", QCoreApplication.translate("MaterialViewer", "Downloading…"))
        self._background.run(
            fetch,
            lambda result: self._on_downloaded(sha, result),
            lambda exc: self._on_failed(token, exc),
        )

    def _on_downloaded(self, sha256: str, result: object) -> None:
        self.fileCached.emit(sha256)
        if self._window is not None:
            self._window.viewer.file_arrived(sha256)
        self._on_loaded(result)

    def _open_externally(self) -> None:
        path, material, token = self._path, self._material, self._token
        if path is None or material is None:
            return
        self._background.run(
            lambda: self._copies.copy(path, material.name),
            self._open_copy,
            lambda exc: self._on_failed(token, exc),
        )

    def _open_copy(self, copy: object) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        self._settle()

    # ---- zoom and rotation --------------------------------------------------------------

    def _units(self) -> QSizeF:
        """The shown page's size, unrotated: a PDF page's in points (its size at 100 %)."""
        if self.state == "pdf" and self._pages:
            return QSizeF(*self._pages[self._page])
        if self.state == "image" and self._image is not None and not self._image.isNull():
            return QSizeF(self._image.size())
        return QSizeF()

    def _factor(self) -> float:
        if self._zoom is not None:
            return self._zoom
        units = self._units()
        if units.isEmpty():
            return 1.0
        if self.rotation() in (90, 270):
            units.transpose()
        room = self.area.viewport().size()
        fit = min(room.width() / units.width(), room.height() / units.height())
        return max(MIN_ZOOM, min(MAX_ZOOM, fit))

    def set_zoom(self, factor: float | None) -> None:
        """``None`` fits the page to the window; a factor (and the fit) is kept to 5 %–800 %."""
        # The point of the page in the middle of the view stays there.
        bars = (self.area.horizontalScrollBar(), self.area.verticalScrollBar())
        room, before = self.area.viewport().size(), self.image.size()
        middle = [(bar.value() + half / 2) / max(1, whole) for bar, half, whole in zip(
            bars, (room.width(), room.height()), (before.width(), before.height()), strict=True)]
        self._zoom = None if factor is None else max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self._render()
        # Laid out now, not later: the scroll bars' ranges follow the canvas's resize.
        self.image.resize(self.area.viewport().size().expandedTo(self.image.minimumSize()))
        after = self.image.size()
        for bar, share, half, whole in zip(bars, middle, (room.width(), room.height()),
                                           (after.width(), after.height()), strict=True):
            bar.setValue(round(share * whole - half / 2))

    def zoom(self) -> float:
        return self._factor()

    def rotation(self) -> int:
        """The shown page's turn, clockwise in degrees (0, 90, 180, 270)."""
        sha = self._material.file_sha256 if self._material is not None else None
        return self._rotations.get((sha, self._page), 0) if sha else 0

    def rotate(self, degrees: int) -> None:
        """Turn the shown page by ``degrees`` (±90), not the file's other pages: kept
        for that page while the viewer is open."""
        sha = self._material.file_sha256 if self._material is not None else None
        if sha and self.state in ("image", "pdf"):
            self._rotations[(sha, self._page)] = (self.rotation() + degrees) % 360
            self._render()

    def _render(self) -> None:
        if self.is_folded() or self.state not in ("image", "pdf"):
            return
        units, factor = self._units(), self._factor()
        if units.isEmpty():
            return
        self.image.set_page(units, factor, self.rotation(), paper=self.state == "pdf")
        if self.state == "pdf":
            self._ask_page()
        elif self._image is not None:
            self.image.set_image(self._image)
            self._show_controls()

    def _show_controls(self) -> None:
        self._enable(self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_label,
                     self.rotate_left, self.rotate_right)
        factor = self._factor()
        self._enable(self.zoom_in, on=factor < MAX_ZOOM)
        self._enable(self.zoom_out, on=factor > MIN_ZOOM)
        self.zoom_label.setText(QCoreApplication.translate("MaterialViewer", "{percent} %").format(percent=round(factor * 100)))
        count, page = self._count, self._page
        paged = self._paged()
        self.toolbar.show_paging(paged and not self.is_folded())
        self._enable(self.page_label, self.page_number, on=paged)
        self._enable(self.previous_page, on=paged and page > 0)
        self._enable(self.next_page, on=paged and page < count - 1)
        self.page_number.setSpecialValueText("" if paged else " ")
        self.page_number.setRange(1 if paged else 0, max(1, count) if paged else 0)
        self.page_number.setValue(page + 1 if paged else 0)
        self.page_label.setText(QCoreApplication.translate("MaterialViewer", "of {count}").format(count=count) if paged else "")

    def _paged(self) -> bool:
        """A file of more than one page shown: the page controls are in sight."""
        return self.state in ("image", "pdf") and self._count > 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None:
            self._render()

    # ---- pages --------------------------------------------------------------------------

    def page(self) -> int:
        return self._page

    def page_count(self) -> int:
        return self._count

    def show_page(self, page: int) -> None:
        """Page ``page`` (from 0) of a PDF or a multi-page image; out of range: nothing."""
        if self.state not in ("image", "pdf") or not 0 <= page < self._count or page == self._page:
            return
        self._page = page
        if self.state == "pdf":
            self._rendered = None
            self._render()
            return
        material, path, token = self._material, self._path, self._token
        if material is None or path is None:
            return
        # The page shown stays until the next is read: no message flashing between pages.
        self._background.run(
            lambda: load(self._files, material.file_sha256 or "", token, page),
            self._on_loaded, lambda exc: self._on_failed(token, exc))

    def _on_pdf_opened(self, token: int, sizes: object) -> None:
        if token != self._token:
            return
        assert isinstance(sizes, list)
        self._pages = [(float(w), float(h)) for w, h in sizes]
        self._count = len(self._pages)
        self._page = max(0, min(self._first_page, self._count - 1))
        self.state = "pdf"
        self.stack.setCurrentWidget(self.area)
        self._render()

    def _wanted(self) -> tuple[float, tuple[float, float, float, float] | None]:
        """The PDF render the view needs: its scale, and its region (None: the whole page)."""
        scale = self._factor() * self.devicePixelRatioF()
        width, height = self._pages[self._page]
        if width * height * scale * scale <= PAGE_PIXELS:
            return scale, None
        view = self.image.visible_units()
        if view.isEmpty():  # not laid out yet: the top left, a screen's worth
            view = QRectF(0, 0, self.area.viewport().width() / self._factor(),
                          self.area.viewport().height() / self._factor())
        region = view.adjusted(-view.width(), -view.height(), view.width(), view.height())
        region = region.intersected(QRectF(0, 0, width, height))
        return scale, (region.x(), region.y(), region.width(), region.height())

    def _ask_page(self) -> None:
        """Ask pdfium for what the view lacks: one request at a time, the latest view's."""
        if self._rendering:
            self._again = True
            return
        scale, region = self._wanted()
        held = self._rendered
        if held is not None and held.scale == scale:
            have = QRectF(*held.region)
            if region is None and have.size() == QSizeF(*self._pages[self._page]):
                return self._show_controls()
            if region is not None and have.contains(self.image.visible_units()):
                return self._show_controls()
        self._rendering, self._again = True, False
        self._pdf.render(self._token, self._page, scale, region)

    def _on_scrolled(self) -> None:
        if self.state == "pdf" and self._rendered is not None:
            self._ask_page()

    def _on_pdf_rendered(self, token: int, page: int, rendered: object) -> None:
        if token != self._token or self.state != "pdf":
            return
        self._rendering = False
        assert isinstance(rendered, Rendered)
        if page == self._page:
            self._rendered = rendered
            self.image.set_image(rendered.image, QRectF(*rendered.region))
        self._show_controls()
        if self._again or page != self._page:
            self._ask_page()
        self._settle()

    def _on_pdf_failed(self, token: int, kind: str, _reason: str) -> None:
        if token != self._token:
            return
        self._rendering = False
        if kind == NOT_DRAWN and self.state == "pdf":
            # The file opened: a page too large to draw is no damage of it.
            self._rendered = None
            self.image.set_image(QImage())
            self.image.set_note(QCoreApplication.translate("MaterialViewer", 
                "This page cannot be drawn at this zoom. Zoom out, or open the file in another "
                "program."))
            self._show_controls()
        elif kind == PROTECTED:
            self._pages = []
            self._show_message("protected", QCoreApplication.translate("MaterialViewer", 
                "This PDF is protected by a password and cannot be shown. Ask the applicant for "
                "a copy without a password."))
        else:
            self._pages = []
            self._show_message("damaged", QCoreApplication.translate("MaterialViewer", 
                "This PDF is damaged and cannot be shown here. Try another program, or ask "
                "the applicant for the file again."), external=True)
        self._settle()
