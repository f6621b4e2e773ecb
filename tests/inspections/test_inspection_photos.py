"""Photos made ready to travel: odd pixel formats and odd paths (no platform needed)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from inspections.joint import photo
from PIL import Image, ImageStat

from backoffice.domain.errors import DomainError
from backoffice.inspections import field
from backoffice.sync.files import FileCache


def _gradient(mode: str, top: float) -> Image.Image:
    """A left-to-right gradient from 0 to ``top`` in ``mode`` (mean half of ``top``)."""
    grey = Image.linear_gradient("L").rotate(90).resize((2400, 1800))
    wide = grey.convert("F").point(lambda v: v * top / 255)
    if mode == "F":
        return wide
    whole = wide.convert("I")
    return whole if mode == "I" else whole.convert(mode)


def _encoded(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(("mode", "top", "kind"), [
    ("I;16", 65535, "PNG"),  # a 16-bit greyscale PNG, as thermal cameras write
    ("I;16B", 65535, "TIFF"),
    ("I", 65535, "TIFF"),
    ("I", 255, "TIFF"),  # 8-bit values held in 32 bits
    ("F", 1.0, "TIFF"),  # floating point, 0 to 1
    ("F", 65535, "TIFF"),
])
def test_a_photo_of_more_than_8_bits_keeps_its_tones(mode: str, top: float,
                                                      kind: str) -> None:
    source = _gradient(mode, top)
    assert source.mode == mode
    with Image.open(io.BytesIO(field.downscale(_encoded(source, kind), 1600))) as small:
        assert small.format == "JPEG" and max(small.size) == 1600
        mean = ImageStat.Stat(small.convert("L")).mean[0]
    assert 120 < mean < 135  # mid-grey as the gradient, not clipped to white


def test_a_mistyped_path_or_a_folder_is_a_coded_refusal(tmp_path: Path) -> None:
    with FileCache(tmp_path / "files") as cache:
        for path, code in ((tmp_path / "nope" / "现场.jpg", "inspection.photo_not_found"),
                           (tmp_path, "inspection.photo_not_a_file")):
            with pytest.raises(DomainError) as refused:
                field.attach_photo(cache, path)
            assert refused.value.code == code
            assert refused.value.params["path"] == str(path)
        assert cache.status().files == 0
        good = tmp_path / "现场.png"
        good.write_bytes(photo(400, 300))
        assert field.attach_photo(cache, good).original_sha256


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    # Read whole before any check, a FIFO blocked the save for ever and
    # /dev/zero filled the memory.
    fifo = tmp_path / "管道.jpg"
    os.mkfifo(fifo)
    with FileCache(tmp_path / "files") as cache:
        for path in (fifo, Path("/dev/zero")):
            with pytest.raises(DomainError) as refused:
                field.attach_photo(cache, path)
            assert refused.value.code == "inspection.photo_not_a_file", path


def test_a_file_far_bigger_than_a_photo_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(field, "MAX_PHOTO_BYTES", 2**20)
    video = tmp_path / "现场录像.mp4"
    with video.open("wb") as out:
        out.truncate(3 * 2**20)  # sparse: three MB that cost no disk
    with FileCache(tmp_path / "files") as cache, pytest.raises(DomainError) as refused:
        field.attach_photo(cache, video)
    assert refused.value.code == "inspection.photo_file_too_big"
    assert refused.value.params == {"path": str(video), "size": "3", "limit": "1"}


@pytest.fixture
def ten_megapixels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pixel limit at 10 MP, so a camera-size photo here stands for a 200 MP one."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)  # put back after
    monkeypatch.setattr(field, "MAX_PHOTO_PIXELS", 10_000_000)


def test_a_jpeg_past_the_pixel_limit_is_decoded_small_and_attached(
        ten_megapixels: None, tmp_path: Path) -> None:
    # 31 MP, more than twice the limit: as a 200 MP phone photo is to 80 MP.
    # Held sideways, as a phone saves it: turned upright after the small decode.
    sideways = Image.Exif()
    sideways[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    out = io.BytesIO()
    _gradient("L", 255).resize((6400, 4800)).save(out, "JPEG", exif=sideways)
    with FileCache(tmp_path / "files") as cache:
        kept = field.attach_photo(cache, out.getvalue(), max_side=1600)
        stored = cache.path(kept.sha256)
        assert stored is not None
        with Image.open(stored) as small:
            assert small.format == "JPEG" and small.size == (1200, 1600)
            mean = ImageStat.Stat(small).mean[0]
    assert 120 < mean < 135  # the picture, not a blank


@pytest.mark.parametrize(("size", "megapixels"), [((6400, 4800), "31"), ((4000, 3000), "12")])
def test_a_photo_still_past_the_pixel_limit_is_refused_with_its_size(
        ten_megapixels: None, tmp_path: Path, size: tuple[int, int], megapixels: str) -> None:
    # PNG decodes only whole; twice the limit and more Pillow refuses itself.
    big = _encoded(Image.new("L", size), "PNG")
    with FileCache(tmp_path / "files") as cache, pytest.raises(DomainError) as refused:
        field.attach_photo(cache, big)
    assert refused.value.code == "inspection.photo_too_large"
    assert refused.value.params == {"megapixels": megapixels, "limit": "10"}
