"""A material's file read for the viewer, and the copies handed to other programs.

Reading runs on the viewer's worker thread (a ``QImage`` may be made off the
GUI thread). Images go through ``QImageReader``: a phone photo is turned as
its EXIF orientation says, a multi-page TIFF is read one page at a time, and
a picture larger than Qt allows (256 MB decoded) is read scaled down where
its format can, else said to be too large — never "cannot be previewed".

"Open in another program" hands the system a copy named after the material
with the extension its content shows (the cache names files by their
SHA-256). The name comes from the platform: only letters, digits and a few
marks survive, Windows' reserved device names (CON, NUL, COM1 …) are
prefixed, and the copy is made in a folder of this process's own. The
folders go when the viewer's session closes and at exit; a folder left by a
process that is gone (a crash) is removed by the next one to open a viewer
— its lock file (``QLockFile``) tells a living owner from a dead one.
"""

from __future__ import annotations

import atexit
import math
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSize
from PySide6.QtGui import QImage, QImageReader

from backoffice.sync.files import FileCache

# Decoded pixels of one image at most: Qt's allocation limit (256 MB) at 4 bytes a pixel.
MAX_PIXELS = 64_000_000

_MAGIC = (
    (b"%PDF", ".pdf"),
    (b"\x89PNG", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"PK\x03\x04", ".zip"),
    (b"GIF8", ".gif"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)
# A name's own extension is kept only where the content cannot say more than
# "a zip" (an Office document, an OFD) or "something": never one that runs.
_NAMED = {".zip": {".docx", ".xlsx", ".pptx", ".ofd"},
          ".bin": {".doc", ".xls", ".ppt", ".txt", ".rtf", ".bmp", ".webp"}}
# Windows' device names; the superscript digits count too (COM¹ is a port).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT")
                                          for n in "123456789\u00b9\u00b2\u00b3")}
_KEPT_MARKS = "-_ （）()."
ROOT_NAME = "onevisit-materials"


@dataclass(frozen=True)
class Loaded:
    token: int
    path: Path | None  # None: not in the cache
    image: QImage | None  # None: nothing to draw (see ``problem``), or a PDF
    pdf: bool = False  # a PDF: its pages are rendered by PdfPages
    page: int = 0  # the image's page (a multi-page TIFF)
    pages: int = 1
    problem: str = ""  # "empty", "too_large" or "unsupported" when image is None
    size: tuple[int, int] = (0, 0)  # the image's own width and height (said when too large)


def load(files: FileCache, sha256: str, token: int, page: int = 0) -> Loaded:
    """The cached file of ``sha256``: a PDF to open, or page ``page`` of an image."""
    path = files.path(sha256)
    if path is None:
        return Loaded(token, None, None)
    with path.open("rb") as f:
        head = f.read(5)
    if not head:
        return Loaded(token, path, None, problem="empty")
    if head == b"%PDF-":
        return Loaded(token, path, None, pdf=True)
    return read_image(path, token, page)


def read_image(path: Path, token: int, page: int = 0) -> Loaded:
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # EXIF orientation: a phone photo upright
    pages = max(1, reader.imageCount())  # asked first: later it may say 1
    page = max(0, min(page, pages - 1))
    if page and not reader.jumpToImage(page):
        return Loaded(token, path, None, page=page, pages=pages, problem="unsupported")
    size = reader.size()
    big = size.isValid() and size.width() * size.height() > MAX_PIXELS
    if big:  # read scaled where the format can (JPEG); PNG cannot, and says so below
        k = math.sqrt(MAX_PIXELS / (size.width() * size.height()))
        reader.setScaledSize(QSize(max(1, int(size.width() * k)), max(1, int(size.height() * k))))
    image = reader.read()
    if image.isNull():
        return Loaded(token, path, None, page=page, pages=pages,
                      problem="too_large" if big else "unsupported",
                      size=(size.width(), size.height()))
    return Loaded(token, path, image, page=page, pages=pages, size=(size.width(), size.height()))


# ---- copies for other programs --------------------------------------------------------------


def copy_name(name: str, content_head: bytes) -> str:
    """A file name for ``name`` (from the platform) whose extension the content shows."""
    sniffed = next((ext for magic, ext in _MAGIC if content_head.startswith(magic)), ".bin")
    stem, dot, own = name.rpartition(".")
    if not dot or not own.isascii() or not own.isalnum() or len(own) > 5:
        stem, own = name, ""
    suffix = sniffed
    if own and f".{own.lower()}" in _NAMED.get(sniffed, set()):
        suffix = f".{own.lower()}"
    kept = "".join(ch for ch in stem if ch.isalnum() or ch in _KEPT_MARKS)
    kept = kept[:80].strip(" .")  # Windows drops trailing dots and spaces
    if not kept:
        kept = "material"
    if kept.split(".")[0].strip().upper() in _RESERVED:  # CON.pdf is the console too
        kept = f"_{kept}"
    return f"{kept}{suffix}"


class Copies:
    """This process's folder of copies for other programs, under the temp folder's root."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else Path(tempfile.gettempdir()) / ROOT_NAME
        self._folder: Path | None = None
        self._lock: QLockFile | None = None

    def copy(self, path: Path, name: str) -> Path:
        """A copy of ``path`` named for ``name``, in a folder of its own."""
        with path.open("rb") as f:
            head = f.read(8)
        target = Path(tempfile.mkdtemp(dir=self._own())) / copy_name(name, head)
        shutil.copyfile(path, target)
        return target

    def _own(self) -> Path:
        if self._folder is None:
            self.root.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix="run-", dir=self.root))
            lock = QLockFile(str(folder / ".lock"))
            lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
            lock.tryLock(0)
            self._folder, self._lock = folder, lock
        return self._folder

    def clear(self) -> None:
        """Remove this process's copies (one still open elsewhere stays, until next time)."""
        folder, lock = self._folder, self._lock
        self._folder = self._lock = None
        if folder is not None:
            for child in folder.iterdir():
                if child.name != ".lock":
                    shutil.rmtree(child, ignore_errors=True)
            if lock is not None:
                lock.unlock()
            shutil.rmtree(folder, ignore_errors=True)

    def clear_stale(self) -> None:
        """Remove the folders of processes that are gone."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder == self._folder or not folder.is_dir():
                continue
            lock = QLockFile(str(folder / ".lock"))
            lock.setStaleLockTime(0)
            if lock.tryLock(0):  # nobody holds it: its process ended
                lock.unlock()
                shutil.rmtree(folder, ignore_errors=True)
        clear_legacy(Path(tempfile.gettempdir()))


_LEGACY = re.compile(r"backoffice-[a-z0-9_]{8}")


def clear_legacy(temp: Path) -> None:
    """Copies of earlier versions: one file each in a ``backoffice-XXXXXXXX`` folder of the temp."""
    for folder in temp.glob("backoffice-*"):
        if not _LEGACY.fullmatch(folder.name) or not folder.is_dir() or folder.is_symlink():
            continue
        children = list(folder.iterdir())
        if len(children) <= 1 and all(c.is_file() and not c.is_symlink() for c in children):
            shutil.rmtree(folder, ignore_errors=True)


_shared: Copies | None = None


def copies() -> Copies:
    """The process's copies: stale folders cleared on first use, its own at exit."""
    global _shared
    if _shared is None:
        _shared = Copies()
        _shared.clear_stale()
        atexit.register(_shared.clear)
    return _shared
