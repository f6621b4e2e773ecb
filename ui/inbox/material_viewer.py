"""The file of one material, from the local file cache: images scaled to fit, with zoom.

Files follow their records (SYNC.md, principle 6): a material whose file is
not here yet says so plainly and offers to download it — never an error.
Every touch of the cache (its index is SQLite) and every download runs on
the viewer's own worker thread; decoding the image there too keeps a large
scan from freezing the window (a ``QImage`` may be made off the GUI thread,
a ``QPixmap`` may not, so only the final conversion happens here).

A PDF is shown page by page, rendered by pypdfium2 on its own thread
(:mod:`.material_pdf`: PDFium is not thread-safe, so one thread owns every
call), with zoom and page navigation (PageUp/PageDown, Ctrl+= / Ctrl+-,
Ctrl+0 to fit). A damaged PDF says so and offers the system's viewer.
A file Qt cannot draw otherwise (a Word document) gets "cannot be
previewed" and an action to open it in the system's viewer, from a copy
named with the right extension (the cache names files by their SHA-256).

The controls are a tool bar: on a narrow pane what does not fit goes into its
» menu, the material's name giving way first. "Open in window" (Ctrl+Shift+O, a
double click on the page) shows the material in a window of its own, another
viewer of this class (:mod:`.material_window`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Material
from backoffice.sync.files import FileCache, FileTransport
from ui.background import Background
from ui.inbox.detail_text import safe
from ui.inbox.material_pdf import PdfPages
from ui.inbox.material_window import MaterialWindow
from ui.widgets.faint import faint_when_disabled
from ui.widgets.plain import ElidedTitle, PlainLabel

ZOOM_STEP = 1.25
_MAGIC = (
    (b"%PDF", ".pdf"),
    (b"\x89PNG", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"PK\x03\x04", ".zip"),
    (b"GIF8", ".gif"),
)


@dataclass(frozen=True)
class _Loaded:
    token: int
    path: Path | None  # None: not in the cache
    image: QImage | None  # None: Qt cannot draw it
    pdf: bool = False  # a PDF: its pages are rendered by PdfPages


def _load(files: FileCache, sha256: str, token: int) -> _Loaded:
    path = files.path(sha256)
    if path is None:
        return _Loaded(token, None, None)
    with path.open("rb") as f:
        if f.read(5) == b"%PDF-":
            return _Loaded(token, path, None, pdf=True)
    image = QImage(str(path))
    return _Loaded(token, path, None if image.isNull() else image)


def _external_copy(path: Path, name: str) -> Path:
    """A copy with a readable name and an extension, for the system's viewer."""
    head = path.read_bytes()[:8]
    suffix = next((ext for magic, ext in _MAGIC if head.startswith(magic)), ".bin")
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_ （）()") or "material"
    target = Path(tempfile.mkdtemp(prefix="backoffice-")) / f"{safe[:80]}{suffix}"
    shutil.copyfile(path, target)
    return target


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
        self._material: Material | None = None
        self._path: Path | None = None
        self._image: QImage | None = None
        self._token = 0
        self._zoom: float | None = None  # None: fit to the window
        self._pages: list[tuple[float, float]] = []  # a PDF's page sizes in points
        self._page = self._first_page = 0
        self._rendering = False  # a PDF page asked of the pdfium thread and not back yet
        self._pdf = PdfPages(self)
        self._pdf.opened.connect(self._on_pdf_opened)
        self._pdf.rendered.connect(self._on_pdf_rendered)
        self._pdf.failed.connect(self._on_pdf_failed)
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
        self.open_external = QPushButton(
            QCoreApplication.translate("MaterialViewer", "Open in another program"), self
        )
        self.open_external.setObjectName("materialOpenExternally")
        self.open_external.clicked.connect(self._open_externally)
        message_page = QWidget(self)
        column = QVBoxLayout(message_page)
        column.addStretch(1)
        column.addWidget(self.message)
        for button in (self.download, self.open_external):
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

        self.image = QLabel(self)
        self.image.setObjectName("materialImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area = QScrollArea(self)
        self.area.setObjectName("materialImageArea")
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(message_page)
        self.stack.addWidget(self.area)

        # A tool bar: what a narrow pane cannot show goes into its » menu.
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("materialToolbar")
        # No frame, no padding, small icons: the row as low as a button, the rest the page's.
        self.toolbar.setStyleSheet("QToolBar#materialToolbar { border: 0px; padding: 0px; }")
        self.toolbar.setIconSize(QSize(16, 16))
        pixmap = QStyle.StandardPixmap

        key, standard = QKeySequence, QKeySequence.StandardKey
        self.previous_page = self._tool(
            "materialPreviousPage", QCoreApplication.translate("MaterialViewer", "Previous page"),
            lambda: self.show_page(self._page - 1), (key(Qt.Key.Key_PageUp),),
            icon=faint_when_disabled(self.style().standardIcon(pixmap.SP_ArrowBack), QSize(16, 16)))
        self.page_label = PlainLabel("", self)
        self.page_label.setObjectName("materialPage")
        page_label_action = self.toolbar.addWidget(self.page_label)
        self.next_page = self._tool(
            "materialNextPage", QCoreApplication.translate("MaterialViewer", "Next page"),
            lambda: self.show_page(self._page + 1), (key(Qt.Key.Key_PageDown),),
            icon=faint_when_disabled(self.style().standardIcon(pixmap.SP_ArrowForward), QSize(16, 16)))
        page_separator = self.toolbar.addSeparator()
        # "−" and "+" on the bar; the words in the » menu and the tooltips.
        self.zoom_out = self._tool(
            "materialZoomOut", QCoreApplication.translate("MaterialViewer", "Zoom out"),
            lambda: self.set_zoom(self._factor() / ZOOM_STEP), (standard.ZoomOut,),
            short="\u2212")
        self.zoom_fit = self._tool(
            "materialZoomFit", QCoreApplication.translate("MaterialViewer", "Fit"),
            lambda: self.set_zoom(None), (key("Ctrl+0"),))
        self.zoom_in = self._tool(
            "materialZoomIn", QCoreApplication.translate("MaterialViewer", "Zoom in"),
            lambda: self.set_zoom(self._factor() * ZOOM_STEP),
            (standard.ZoomIn, key("Ctrl+=")),  # "+" without Shift on most keyboards
            short="+")
        self.zoom_label = PlainLabel("", self)
        self.zoom_label.setObjectName("materialZoom")
        zoom_label_action = self.toolbar.addWidget(self.zoom_label)
        separator = self.toolbar.addSeparator()
        # What acts on the page area: out of sight (and its keys idle) while it is folded.
        self._page_tools = [
            page_label_action, page_separator, zoom_label_action, separator,
            *(w.defaultAction() for w in (self.previous_page, self.next_page, self.zoom_out,
                                          self.zoom_fit, self.zoom_in))]
        # Anywhere in the main window: the reviewer's keys are in the material list.
        self.open_window = self._tool(
            "materialOpenWindow", QCoreApplication.translate("MaterialViewer", "Open in window"),
            self.show_window, (key("Ctrl+Shift+O"),), context=Qt.ShortcutContext.WindowShortcut)
        if windowed:  # it is the window: no button, no keys, no double click
            for action in (separator, self.open_window.defaultAction()):
                action.setVisible(False)
                action.setEnabled(False)
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
        self._show_message(
            "empty",
            QCoreApplication.translate("MaterialViewer", "Choose a material to see its file."),
        )

    def _tool(self, name: str, text: str, slot: Callable[[], object],
              keys: tuple[QKeySequence | QKeySequence.StandardKey, ...], *, short: str = "",
              icon: QIcon | None = None,
              context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
              ) -> QToolButton:
        """A control of the tool bar: its button (``name``), its keys in the tooltip."""
        action = QAction(text, self)
        action.setIconText(short or text)
        if icon is not None:
            action.setIcon(icon)
        action.setToolTip(QCoreApplication.translate("MaterialViewer", "{action} ({keys})").format(
            action=text, keys=QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)))
        action.triggered.connect(slot)
        for sequence in keys:  # a standard key: every binding the platform has
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(action.trigger)
        self.toolbar.addAction(action)
        button = self.toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        button.setObjectName(name)
        return button

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
        self._pages, self._page, self._rendering = [], 0, False
        self._first_page = page  # where a PDF opens
        self._token += 1
        self.title.setText(safe(material.name) if material else "")
        if material is None:
            self._show_message(
                "empty",
                QCoreApplication.translate("MaterialViewer", "Choose a material to see its file."),
            )
        elif not material.file_sha256:
            text = (
                QCoreApplication.translate(
                    "MaterialViewer",
                    "This e-licence is looked up on the shared platform; there is no file.",
                )
                if material.from_shared_platform
                else QCoreApplication.translate("MaterialViewer", "This material has no file.")
            )
            self._show_message("no_file", text)
        else:
            self._show_message(
                "loading", QCoreApplication.translate("MaterialViewer", "Opening the file…")
            )
            token, sha = self._token, material.file_sha256
            self._background.run(
                lambda: _load(self._files, sha, token),
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
            for action in self._page_tools:
                action.setVisible(not fold)
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
        if (watched is self.image and event.type() == QEvent.Type.MouseButtonDblClick
                and self.open_window.defaultAction().isEnabled()):
            self.show_window()
            return True
        return super().eventFilter(watched, event)

    def _on_loaded(self, result: object) -> None:
        assert isinstance(result, _Loaded)
        if result.token == self._token:
            self._path, self._image = result.path, result.image
            if result.path is None:
                self._show_message(
                    "not_downloaded",
                    QCoreApplication.translate(
                        "MaterialViewer",
                        "The file is not downloaded yet. Download it now, or wait for the next "
                        "sync.",
                    ),
                    download=True,
                )
            elif result.pdf:
                self._show_message(
                    "opening", QCoreApplication.translate("MaterialViewer", "Opening the file…"))
                self._pdf.open(self._token, result.path)
            elif result.image is None:
                self._show_message(
                    "unsupported",
                    QCoreApplication.translate(
                        "MaterialViewer",
                        "This file cannot be previewed here. Open it in another program.",
                    ),
                    external=True,
                )
            else:
                self.state = "image"
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
                QCoreApplication.translate(
                    "MaterialViewer", "The file could not be opened or downloaded: {reason}"
                ).format(reason=reason),
                download=True,
            )
        self._settle()

    def _settle(self) -> None:
        if not self.busy():
            self.settled.emit()

    @staticmethod
    def _enable(*widgets: QWidget, on: bool = True) -> None:
        # A control's action: its button and its entry in the » menu.
        for w in widgets:
            action = w.defaultAction() if isinstance(w, QToolButton) else None
            (action or w).setEnabled(on)

    def _show_message(
        self, state: str, text: str, *, download: bool = False, external: bool = False
    ) -> None:
        self.state = state
        self.message.setText(text)
        self.download.setVisible(download)
        self.open_external.setVisible(external)
        self._enable(self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_label,
                     self.previous_page, self.next_page, self.page_label, on=False)
        self.zoom_label.setText("")
        self.page_label.setText("")
        self.image.clear()
        self.stack.setCurrentIndex(0)

    # ---- download and open --------------------------------------------------------------

    def start_download(self) -> None:
        """Fetch the shown material's file off the GUI thread (needs the network)."""
        material = self._material
        if material is None or not material.file_sha256 or self.state == "downloading":
            return
        sha, token = material.file_sha256, self._token

        def fetch() -> _Loaded:
            self._files.fetch(self._client, sha)
            return _load(self._files, sha, token)

        self._show_message(
            "downloading", QCoreApplication.translate("MaterialViewer", "Downloading…")
        )
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
            lambda: _external_copy(path, material.name),
            self._open_copy,
            lambda exc: self._on_failed(token, exc),
        )

    def _open_copy(self, copy: object) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        self._settle()

    # ---- zoom ---------------------------------------------------------------------------

    def _factor(self) -> float:
        if self._zoom is not None:
            return self._zoom
        if self._pages:  # a PDF page: its size in points is its size at 100 %
            width, height = self._pages[self._page]
        elif self._image is not None and not self._image.isNull():
            width, height = self._image.width(), self._image.height()
        else:
            return 1.0
        room = self.area.viewport().size()
        return max(0.05, min(room.width() / width, room.height() / height))

    def set_zoom(self, factor: float | None) -> None:
        """``None`` fits the image to the window; a factor is clamped to 5 %–800 %."""
        self._zoom = None if factor is None else max(0.05, min(8.0, factor))
        self._render()

    def zoom(self) -> float:
        return self._factor()

    def _render(self) -> None:
        if self.is_folded():
            return
        if self.state == "pdf":
            # Rendered at the size shown, in device pixels: sharp at any zoom.
            self._rendering = True
            scale = self._factor() * self.devicePixelRatioF()
            self._pdf.render(self._token, self._page, scale)
            return
        if self._image is None or self.state != "image":
            return
        factor = self._factor()
        size = self._image.size() * factor
        pixmap = QPixmap.fromImage(self._image).scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.image.setPixmap(pixmap)
        self._enable(self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_label)
        self.zoom_label.setText(
            QCoreApplication.translate("MaterialViewer", "{percent} %").format(
                percent=round(factor * 100)
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None:
            self._render()

    # ---- PDF pages ----------------------------------------------------------------------

    def page(self) -> int:
        return self._page

    def page_count(self) -> int:
        return len(self._pages)

    def show_page(self, page: int) -> None:
        if self.state == "pdf" and 0 <= page < len(self._pages) and page != self._page:
            self._page = page
            self._render()

    def _on_pdf_opened(self, token: int, sizes: object) -> None:
        if token != self._token:
            return
        assert isinstance(sizes, list)
        self._pages = [(float(w), float(h)) for w, h in sizes]
        self._page = max(0, min(self._first_page, len(self._pages) - 1))
        self.state = "pdf"
        self.stack.setCurrentWidget(self.area)
        self._render()

    def _on_pdf_rendered(self, token: int, page: int, image: object) -> None:
        if token != self._token or page != self._page or self.state != "pdf":
            return
        self._rendering = False
        assert isinstance(image, QImage)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.image.setPixmap(pixmap)
        count = len(self._pages)
        self._enable(self.zoom_in, self.zoom_out, self.zoom_fit, self.zoom_label, self.page_label)
        self._enable(self.previous_page, on=page > 0)
        self._enable(self.next_page, on=page < count - 1)
        self.page_label.setText(QCoreApplication.translate(
            "MaterialViewer", "Page {page} of {count}").format(page=page + 1, count=count))
        self.zoom_label.setText(QCoreApplication.translate("MaterialViewer", "{percent} %").format(
            percent=round(self._factor() * 100)))
        self._settle()

    def _on_pdf_failed(self, token: int, _reason: str) -> None:
        if token != self._token:
            return
        self._rendering = False
        self._pages = []
        self._show_message(
            "damaged",
            QCoreApplication.translate(
                "MaterialViewer",
                "This PDF is damaged and cannot be shown here. Try another program, or ask "
                "the applicant for the file again.",
            ),
            external=True,
        )
        self._settle()
