"""Field mode: what an inspector takes on site, and photos made ready to travel.

Before leaving (online), :func:`prefetch_for_field` brings what the field
list shows — the person's confirmed inspections, then the department's —
their material files and the photos already in their joint records into
the file cache, **pinned** (``PIN_FIELD``): eviction
never takes them while the inspector is away. The records themselves are
already in the store (the sync keeps them); the catalog's checklists are
kept too. :func:`release_field_pins` lets them go once nothing of the
inspection waits to be sent — the record is synced — and the inspection
is no longer ahead (recorded, cancelled, or our part confirmed).

On site, :func:`attach_photo` downscales a photo with Pillow to a
configurable longest side, keeps the original's SHA-256 for the record
(``original_sha256``) and adds the smaller copy to the cache pinned for
upload, so that eviction never takes it. Attached is not saved: the sync
uploads it, resumably, only once a saved part names it, before it pushes
that part; a photo of a form never saved stays on this machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from backoffice import system_reasons
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import InspectionPhoto
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections.service import CatalogSource, keep_catalog
from backoffice.store import Store
from backoffice.sync.files import PIN_FIELD, FileCache, FileTransport

__all__ = ["FIELD_PINS_KEY", "PHOTO_MAX_SIDE", "FieldReport", "attach_photo",
           "field_inspections", "prefetch_for_field", "release_field_pins"]

FIELD_PINS_KEY = "inspections.field_pins"  # inspection id → the hashes pinned for it
PHOTO_MAX_SIDE = 1600  # pixels of the longest side of a photo that travels
PHOTO_QUALITY = 85
MAX_PHOTO_PIXELS = 80_000_000  # a decompression bomb is not a photo
# A camera's largest JPEG is some tens of MB; past this it is not a photo.
MAX_PHOTO_BYTES = 100 * 2**20


class FieldClient(FileTransport, CatalogSource, Protocol):
    """The platform client: files and the catalog."""




@dataclass(slots=True)
class FieldReport:
    inspections: list[str] = field(default_factory=list)
    # Those whose every file is here: offline, "1 inspection ready" beside "5 files
    # could not be fetched" told the inspector to leave without them.
    ready: list[str] = field(default_factory=list)
    pinned: int = 0  # files now held for field work
    failed: int = 0  # files that could not be brought (tried again next time)
    stopped: str | None = None


def field_inspections(store: Store, username: str, department: str = "") -> list[Inspection]:
    """The confirmed inspections ``username`` goes to, soonest first; then, with
    ``department``, the department's others (a colleague may fill in the form the
    inspector confirms)."""
    with store.read() as uow:
        found = [i for i in uow.inspections.all() if i.status == InspectionStatus.CONFIRMED
                 and (username in i.inspectors or department in i.departments)]
    return sorted(found, key=lambda i: (username not in i.inspectors, i.starts_at is None,
                                        i.starts_at, i.id))


def _kept_pins(store: Store) -> dict[str, list[str]]:
    with store.read() as uow:
        text = uow.sync_state.get(FIELD_PINS_KEY)
    loaded: dict[str, list[str]] = json.loads(text) if text else {}
    return loaded


def _keep_pins(store: Store, pins: dict[str, list[str]]) -> None:
    with store.write() as uow:
        uow.sync_state.set(FIELD_PINS_KEY, json.dumps(pins, sort_keys=True))


def prefetch_for_field(store: Store, files: FileCache, client: FieldClient, username: str,
                       department: str = "", *,
                       budget_bytes: int = 512 * 1024**2) -> FieldReport:
    """Bring and pin what the field list shows (``field_inspections`` with the same
    ``username`` and ``department``) for use on site, offline (call it online).

    The same set as the list: a colleague filling in the form for the named
    inspector needs the files as much, and "0 inspections ready" beside a
    listed one was a plain contradiction.
    """
    report = FieldReport()
    pins = _kept_pins(store)
    listed = field_inspections(store, username, department)
    if listed:  # their checklists, for a request or a record made on site
        keep_catalog(store, client)
    for inspection in listed:
        report.inspections.append(inspection.id)
        with store.read() as uow:
            shas = [m.file_sha256 for m in uow.materials.for_case(inspection.case_code)
                    if m.file_sha256]
            shas += [p.sha256 for part in uow.inspection_parts.for_case(inspection.case_code)
                     if part.inspection_id == inspection.id for p in part.photos]
        wanted = list(dict.fromkeys(shas))
        # Recorded before the download: a crash in between leaves a pin to release, never
        # a pinned file nobody knows about.
        pins[inspection.id] = sorted(set(pins.get(inspection.id, [])) | set(wanted))
        _keep_pins(store, pins)
        fetched = files.prefetch(client, wanted, budget_bytes=budget_bytes, pin=PIN_FIELD)
        report.pinned += len(fetched.fetched) + len(fetched.present)
        report.failed += len(fetched.failed) + len(fetched.skipped)
        if not fetched.failed and not fetched.skipped:
            report.ready.append(inspection.id)
        if fetched.stopped is not None:
            report.stopped = fetched.stopped
            break
    return report


def release_field_pins(store: Store, files: FileCache, department: str = "") -> list[str]:
    """Unpin the files of inspections whose record is synced and no longer ahead; their ids.

    No longer ahead: recorded or cancelled, or, with ``department``, that
    department's part confirmed. The inspection stays confirmed until every
    department has recorded; its files stayed pinned as long as the slowest
    department took, though nothing of the visit was ahead of us."""
    pins = _kept_pins(store)
    if not pins:
        return []
    pending = {e.command.entity_id for e in store.pending_commands()}
    released = []
    with store.read() as uow:
        for inspection_id in list(pins):
            inspection = uow.inspections.get(inspection_id)
            parts = [] if inspection is None else [
                p for p in uow.inspection_parts.for_case(inspection.case_code)
                if p.inspection_id == inspection_id]
            if inspection_id in pending or any(p.id in pending for p in parts):
                continue  # something of the record still waits to be sent
            done = inspection is None or inspection.status != InspectionStatus.CONFIRMED or \
                any(p.department_code == department and p.confirmed for p in parts)
            if done:
                released.append(inspection_id)
    still = {sha for key, shas in pins.items() if key not in released for sha in shas}
    for inspection_id in released:
        for sha in pins.pop(inspection_id):
            if sha not in still:
                files.unpin(sha, PIN_FIELD)
    _keep_pins(store, pins)
    return released


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def downscale(data: bytes, max_side: int = PHOTO_MAX_SIDE) -> bytes:
    """A JPEG at most ``max_side`` pixels on its longest side, turned upright.

    A JPEG already small enough and upright travels as it is (its hash then
    equals the original's). One a camera marked as turned (EXIF orientation)
    does not: the preview (``QPixmap``) and the platform's readers ignore the
    mark and showed it on its side.
    """
    Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS
    try:
        with _opened(data, max_side) as image:
            if image.format == "JPEG" and max(image.size) <= max_side and \
                    not _drafted(image) and _upright(image):
                return data
            upright = _eight_bit(ImageOps.exif_transpose(image))
            upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            _on_white(upright).save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
            return out.getvalue()
    except Image.DecompressionBombError as exc:
        raise _too_large(_bomb_pixels(exc)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise DomainError("inspection.photo_unreadable") from None


_JPEG_MAGIC = b"\xff\xd8\xff"


def _opened(data: bytes, max_side: int) -> Image.Image:
    """The image, not yet decoded; a JPEG set to decode at the smallest scale that still
    gives ``max_side``.

    A JPEG decodes at 1/2, 1/4 or 1/8 of its size for little more than the
    cost of the small image: a 200-megapixel phone photo (16320 × 12240) is
    read as 2040 × 1530 and never held whole. So the pixel limit applies to
    what is decoded, and a JPEG is opened without Pillow's check of the full
    size (``Image.open`` refuses twice :data:`MAX_PHOTO_PIXELS` outright).
    """
    if data.startswith(_JPEG_MAGIC):
        image: Image.Image = JpegImagePlugin.JpegImageFile(io.BytesIO(data))
        width, height = image.size
        longest = max(width, height, 1)
        if longest > max_side:
            # The size asked for is the thumbnail's: draft never goes below it.
            image.draft(image.mode, (max(1, width * max_side // longest),
                                     max(1, height * max_side // longest)))
    else:
        image = Image.open(io.BytesIO(data))
    pixels = image.size[0] * image.size[1]
    if pixels > MAX_PHOTO_PIXELS:
        image.close()
        raise _too_large(pixels)
    return image


def _upright(image: Image.Image) -> bool:
    return bool(image.getexif().get(_ORIENTATION, 1) == 1)


_ORIENTATION = 0x0112  # EXIF: how the camera was held


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, what is transparent on white paper: JPEG has no transparency, and dropping it
    left the colour under it, black in most files, so a scan or a drawing with a
    transparent background came out as a black rectangle."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")


def _drafted(image: Image.Image) -> bool:
    return bool(getattr(image, "decoderconfig", ()))


def _too_large(pixels: int | None) -> DomainError:
    shown = f"{pixels / 1e6:.0f}" if pixels else f"> {2 * MAX_PHOTO_PIXELS / 1e6:.0f}"
    return DomainError("inspection.photo_too_large", megapixels=shown,
                       limit=f"{MAX_PHOTO_PIXELS / 1e6:.0f}")


def _bomb_pixels(error: Image.DecompressionBombError) -> int | None:
    # Pillow says the size only in its message: "Image size (N pixels) exceeds …".
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else None


def _eight_bit(image: Image.Image) -> Image.Image:
    """A greyscale of more than 8 bits (thermal cameras, scanners) scaled down to 8.

    ``convert("RGB")`` clips such values instead of scaling them, which turns
    a 16-bit photo almost white. The range is read from the pixels because
    the mode does not say it: ``I`` and ``F`` hold 8-bit, 16-bit or wider
    data alike, and ``F`` often 0–1.
    """
    if image.mode not in ("I", "F") and not image.mode.startswith("I;16"):
        return image
    wide = image if image.mode == "F" else image.convert("F")
    extrema = wide.getextrema()
    lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
    if 0 <= lo and hi <= 1:
        scale, offset = 255.0, 0.0
    elif 0 <= lo and hi <= 255:
        scale, offset = 1.0, 0.0
    elif 0 <= lo and hi <= 65535:
        scale, offset = 255 / 65535, 0.0
    else:  # negative or wider than 16 bits: stretch what is there
        scale = 255 / (hi - lo) if hi > lo else 0.0
        offset = -lo * scale
    return wide.point(lambda v: v * scale + offset).convert("L")


def attach_photo(files: FileCache, source: Path | bytes, *, max_side: int = PHOTO_MAX_SIDE,
                 caption: str = "") -> InspectionPhoto:
    """The photo downscaled into the cache (pinned for upload), with the original's hash.

    Pinned, never evicted, but not sent: the sync uploads only the photos a
    saved command names (``files_outbox.files_to_send``)."""
    original = source if isinstance(source, bytes) else _read_photo(Path(source))
    small = downscale(original, max_side)
    sha = files.add_local(small)
    return InspectionPhoto(sha, _sha256(original), caption)


def _read_photo(path: Path) -> bytes:
    """The file's bytes; a mistyped path, a folder or a device is the person's slip,
    told as such. Only a regular file of at most :data:`MAX_PHOTO_BYTES` is read: a
    FIFO would block the save for ever, ``/dev/zero`` or a video fill the memory."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise DomainError("inspection.photo_not_a_file", path=str(path))
        if found.st_size > MAX_PHOTO_BYTES:
            raise _too_big(path, found.st_size)
        with path.open("rb") as source:
            data = source.read(MAX_PHOTO_BYTES + 1)
    except FileNotFoundError:
        raise DomainError("inspection.photo_not_found", path=str(path)) from None
    except IsADirectoryError:
        raise DomainError("inspection.photo_not_a_file", path=str(path)) from None
    except OSError as exc:
        if path.exists() and not path.is_file():  # Windows says PermissionError for a folder
            raise DomainError("inspection.photo_not_a_file", path=str(path)) from None
        raise DomainError("inspection.photo_file_unreadable", path=str(path),
                          reason=system_reasons.reason(exc)) from None
    if len(data) > MAX_PHOTO_BYTES:  # it grew after the stat
        raise _too_big(path, len(data))
    return data


def _too_big(path: Path, size: int) -> DomainError:
    return DomainError("inspection.photo_file_too_big", path=str(path),
                       size=f"{size / 2**20:.0f}", limit=f"{MAX_PHOTO_BYTES / 2**20:.0f}")


def photo_hashes(photos: Iterable[InspectionPhoto]) -> list[str]:
    return [p.sha256 for p in photos]
