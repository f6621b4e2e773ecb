"""The field record's photos: attached from files, looked at, removed.

A photo is shown from our file cache by its hash (the downscaled copy that is
uploaded), never from a path given elsewhere: the file it came from may be
gone (a camera card taken out) or changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain import inspections as di
from backoffice.inspections import field
from backoffice.inspections import field_drafts as drafts
from ui.planner.draft_photos import hold

Run = Callable[..., None]

# Photo formats a camera or phone writes; offered only where Pillow here opens them
# (HEIC needs a plug-in that may be missing: offering it only leads to a refusal).
_PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".tif", ".tiff", ".webp",
                     ".bmp")


def photo_patterns() -> list[str]:
    """``*.ext`` for each photo format Pillow can open, upper case too (cameras' ``.JPG``)."""
    known = Image.registered_extensions()  # loads Pillow's plug-ins first
    found = [e for e in _PHOTO_EXTENSIONS if known.get(e) in Image.OPEN]
    return [f"*{e}" for e in found] + [f"*{e.upper()}" for e in found]


def typed_path(text: str) -> str:
    """The file the path box names, as typed, as Explorer's "Copy as path" pastes it (in
    double quotes, refused before as a file not found) or as a dropped file's URL."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    if text.lower().startswith("file:"):
        text = QUrl(text).toLocalFile() or text
    return text


def preview(parent: QWidget, caption: str, path: Path | None) -> QDialog | None:
    """A window showing the cached photo at ``path`` (opened, deleted on close); None
    when it is not in the cache or does not read as a picture."""
    picture = QPixmap()
    if path is not None:
        # Turned as the camera marked it: a copy attached before photos were turned
        # on the way in, or sent so by another client, showed on its side.
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        picture = QPixmap.fromImage(reader.read())
    if picture.isNull():
        return None
    dialog = QDialog(parent)
    dialog.setObjectName("fieldPhotoPreview")
    dialog.setWindowTitle(caption)
    dialog.setAccessibleName(caption)
    shown = QLabel(dialog)
    shown.setObjectName("fieldPhotoImage")
    shown.setAccessibleName(caption)
    shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
    room = parent.screen().availableGeometry().size() * 0.8  # the window fits the screen
    if picture.width() > room.width() or picture.height() > room.height():
        picture = picture.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
    shown.setPixmap(picture)
    QVBoxLayout(dialog).addWidget(shown)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class PhotoBox(QObject):
    """The record's photos with their list and buttons: attach (downscaled into the
    cache), open and remove. ``edited`` when the photos change, ``said`` a message."""

    edited = Signal()
    said = Signal(str)
    attaching = Signal(bool)  # a photo is on its way into the list (True) or all are in

    def __init__(self, panel: QWidget, session: Any, run: Run,
                 max_side: Callable[[], int]) -> None:
        super().__init__(panel)
        self._panel, self._session, self._run, self._max_side = panel, session, run, max_side
        self.photos: list[di.InspectionPhoto] = []
        self.pending = 0  # attaches still on the worker
        self.list = QListWidget(panel)
        self.list.setObjectName("fieldPhotos")
        self.list.setAccessibleName(QCoreApplication.translate("Planner", "Attached photos"))
        self.path = QLineEdit(panel)
        self.path.setObjectName("fieldPhotoPath")
        self.path.setPlaceholderText(QCoreApplication.translate("Planner", "Photo file"))
        self.path.setAccessibleName(self.path.placeholderText())  # a placeholder names nothing
        self.browse = QPushButton(QCoreApplication.translate("Planner", "Browse…"), panel)
        self.browse.setObjectName("fieldBrowsePhoto")
        self.add = QPushButton(QCoreApplication.translate("Planner", "Attach photo"), panel)
        self.add.setObjectName("fieldAddPhoto")
        self.open = QPushButton(QCoreApplication.translate("Planner", "Open photo"), panel)
        self.open.setObjectName("fieldOpenPhoto")
        self.open.setAccessibleName(QCoreApplication.translate("Planner", "Open the chosen photo"))
        self.remove = QPushButton(QCoreApplication.translate("Planner", "Remove photo"), panel)
        self.remove.setObjectName("fieldRemovePhoto")
        self.remove.setAccessibleName(QCoreApplication.translate("Planner", "Remove the chosen photo"))
        self.add.clicked.connect(self._attach)
        self.browse.clicked.connect(self._browse)
        self.remove.clicked.connect(self._remove)
        self.open.clicked.connect(self._open)
        self.list.itemActivated.connect(lambda _item: self._open())  # double-click, Enter
        self.list.installEventFilter(self)
        self.dialog: QFileDialog | None = None
        self.preview: QDialog | None = None

    def row(self) -> QHBoxLayout:
        """The path and the buttons, under the list."""
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        for button in (self.browse, self.add, self.open, self.remove):
            row.addWidget(button)
        return row

    def set_photos(self, photos: Iterable[di.InspectionPhoto]) -> None:
        self.photos = list(photos)
        hold(self, (p.sha256 for p in self.photos))  # on screen: not let go by a discard
        self.list.clear()
        # By the name the person gave it (the file's, when attached here); a hash
        # fragment told nobody which photo it was.
        for n, p in enumerate(self.photos, 1):
            self.list.addItem(p.caption or QCoreApplication.translate("Planner", "Photo {n}").format(n=n))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            if self.remove.isEnabled():  # a confirmed record is final
                self._remove()
            return True
        return super().eventFilter(watched, event)

    def _browse(self) -> None:
        dialog = QFileDialog(self._panel, QCoreApplication.translate("Planner", "Attach photo"))
        dialog.setObjectName("fieldPhotoDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(QCoreApplication.translate("Planner", "Images ({patterns})").format(
            patterns=" ".join(photo_patterns())))
        dialog.fileSelected.connect(self.path.setText)
        self.dialog = dialog
        dialog.open()

    def _attach(self) -> None:
        path = typed_path(self.path.text())
        if not path:
            self.said.emit(QCoreApplication.translate("Planner", "Choose a photo file first."))
            return
        if len(self.photos) + self.pending >= di.MAX_PHOTOS:  # said now, not at Save
            self.said.emit(QCoreApplication.translate(
                "Planner", "A record holds at most {limit} photos; remove one to attach "
                "another.").format(limit=di.MAX_PHOTOS))
            return
        files, side = self._session.files, self._max_side()
        self.pending += 1
        self.attaching.emit(True)
        self._run(lambda: field.attach_photo(files, Path(path), max_side=side,
                                             caption=Path(path).stem),
                  self._attached, self._refused)

    def _arrived(self) -> None:
        self.pending -= 1
        if not self.pending:
            self.attaching.emit(False)

    def _refused(self, text: str) -> None:
        self._arrived()
        self.said.emit(text)

    def _attached(self, photo: object) -> None:
        assert isinstance(photo, di.InspectionPhoto)
        self._arrived()
        self.path.clear()
        same = next((n for n, p in enumerate(self.photos) if p.sha256 == photo.sha256
                     or p.original_sha256 == photo.original_sha256), None)
        if same is not None:  # the same picture, perhaps a copy under another name
            self.list.setCurrentRow(same)
            self.said.emit(QCoreApplication.translate("Planner", "This photo is already attached, as “{caption}”.").format(
                caption=self.list.item(same).text()))
            return
        self.set_photos([*self.photos, photo])
        self.edited.emit()
        self.said.emit(QCoreApplication.translate("Planner", "Photo attached; it is uploaded at the next sync after saving."))

    def _chosen(self) -> int | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.photos):
            return row
        self.said.emit(QCoreApplication.translate("Planner", "Choose a photo in the list first."))
        return None

    def _remove(self) -> None:
        row = self._chosen()
        if row is None:
            return
        caption = self.list.item(row).text()
        gone, store, files = self.photos[row].sha256, self._session.store, self._session.files
        self.set_photos(p for n, p in enumerate(self.photos) if n != row)
        self.list.setCurrentRow(min(row, len(self.photos) - 1))
        self.edited.emit()
        self._run(lambda: drafts.let_go(store, files, gone), lambda _r: None, self.said.emit)
        self.said.emit(QCoreApplication.translate("Planner", "“{caption}” removed; save the record to send it without it.")
                       .format(caption=caption))

    def _open(self) -> None:
        row = self._chosen()
        if row is None:
            return
        caption = self.list.item(row).text()
        self.preview = preview(self._panel, caption,
                               self._session.files.path(self.photos[row].sha256))
        if self.preview is None:
            self.said.emit(QCoreApplication.translate("Planner", "“{caption}” is not on this computer; it is fetched with "
                              "“Prepare for field work” while online.").format(caption=caption))

