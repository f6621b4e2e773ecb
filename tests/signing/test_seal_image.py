"""The seal image: a name of any length stays clear of the ring and of the purpose line.

Each part is drawn alone (the ring and star are the same in every image), so
the name's pixels are what a name adds to an empty seal; distances are
measured on the pixels.
"""

from __future__ import annotations

import math

import pytest
from PIL import Image, ImageChops, ImageFilter

from backoffice.signing.sealimage import DEFAULT_PURPOSE, draw_seal

SIZE = 400


def ink(image: Image.Image) -> Image.Image:
    return image.getchannel("A").point(lambda a: 255 if a > 64 else 0)


def added(image: Image.Image, base: Image.Image) -> Image.Image:
    return ImageChops.subtract(ink(image), ink(base))


def ring_inner_radius(empty: Image.Image) -> float:
    """Along the middle row, from the left edge in: where the ring's red ends."""
    alpha = ink(empty)
    y = SIZE // 2
    x = 0
    while alpha.getpixel((x, y)) == 0:
        x += 1
    while alpha.getpixel((x, y)) != 0:
        x += 1
    return SIZE / 2 - x


@pytest.fixture(scope="module")
def empty() -> Image.Image:
    """Ring and star only."""
    return draw_seal("", "", size=SIZE)


@pytest.mark.parametrize("name", [
    "长春市城市管理局",  # 8
    "临江市市场监督管理局",  # 10
    "长春市消防救援支队",
    "长春市南关区市场监督管理局",  # 13
    "吉林省长春市市场监督管理局长春新区分局",  # 19
    "吉林省长春市市场监督管理局长春新区经济技术开发区分局",  # 25
    "税务局",
])
def test_the_name_keeps_clear_of_the_ring_and_the_purpose(name: str, empty: Image.Image) -> None:
    name_ink = added(draw_seal(name, "", size=SIZE), empty)
    purpose_ink = added(draw_seal("", DEFAULT_PURPOSE, size=SIZE), empty)
    assert name_ink.getbbox() is not None

    inner = ring_inner_radius(empty)
    width = name_ink.width
    farthest = max(math.hypot(i % width - SIZE / 2 + 0.5, i // width - SIZE / 2 + 0.5)
                   for i, v in enumerate(name_ink.tobytes()) if v)
    assert inner - farthest >= 0.02 * SIZE, f"{inner - farthest:.1f} px from the ring"

    reach = round(0.04 * SIZE)  # the name's ink grown by this much must not meet the purpose
    near_name = name_ink
    for _ in range(reach // 4):  # four 9-pixel squares make one 33: much less work
        near_name = near_name.filter(ImageFilter.MaxFilter(9))
    assert ImageChops.multiply(near_name, purpose_ink).getbbox() is None, "name meets purpose"


def test_the_same_name_draws_the_same_pixels() -> None:
    assert draw_seal("临江市市场监督管理局").tobytes() == draw_seal("临江市市场监督管理局").tobytes()
