"""Photos made ready to travel: odd pixel formats and odd paths (no platform needed)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat

from backoffice.inspections import field


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
