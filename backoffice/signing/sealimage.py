"""The red round seal image: the department's name along the upper arc, a star, the purpose.

Drawn with Pillow and the fonts we carry (:mod:`.fonts`; pyHanko's own stamp
font has no Chinese glyphs). Deterministic: the same name gives the same pixels,
so screenshots and tests are reproducible. The picture is only the visible
sign of the seal; what gives the document legal effect is the signature.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from backoffice.signing.fonts import FONT, check_printable, font_for, font_path

SEAL_RED = (214, 0, 18, 255)
DEFAULT_PURPOSE = "行政许可专用章"
_SPAN = math.radians(220)  # the name from about eight o'clock to four
_STEP = math.radians(32)
_FILL = 1.1


@lru_cache(maxsize=16)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size, index=0)


def _font_of(char: str, size: int) -> ImageFont.FreeTypeFont:
    return _font(font_for(char) or FONT, size)


def _glyph(char: str, size: int, squeeze: float) -> Image.Image:
    """One character on its own transparent tile, narrowed like a seal's lettering."""
    font = _font_of(char, size)
    tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((size, size), char, font=font, fill=SEAL_RED, anchor="mm")
    box = tile.getbbox() or (0, 0, 1, 1)
    tile = tile.crop(box)
    return tile.resize((max(1, round(tile.width * squeeze)), tile.height), Image.Resampling.LANCZOS)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def _name_arc(count: int, big: float, *, inner: float) -> tuple[float, float, int]:
    """(radius, angle between characters, character size) of a name of ``count`` characters.

    Up to :data:`_STEP` apart, the arc spanning at most :data:`_SPAN` so the first
    and last characters stay above the purpose line; a longer name packs its
    characters closer and smaller. The characters' outer edge keeps a gap to
    the ring (``inner``: the ring's inner radius).
    """
    step = min(_STEP, _SPAN / max(count - 1, 1))
    room = inner - big * 0.025  # where the characters' outer edge may reach
    # A character's size is _FILL times its share of the arc at its centre's radius:
    # narrowed to 0.8, neighbours are close without touching.
    size = min(big * 0.13, _FILL * step * room / (1 + _FILL * step / 2))
    return room - size / 2, step, round(size)


def draw_seal(name: str, purpose: str = DEFAULT_PURPOSE, *, size: int = 600) -> Image.Image:
    """A round seal of ``size`` pixels, transparent outside the red.

    A name the font cannot fully show is refused, not drawn with an empty box.
    """
    check_printable(name, purpose)
    scale = 4  # drawn large and scaled down: smooth edges without a dependency
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = big * 0.045
    draw.ellipse((ring / 2, ring / 2, big - ring / 2, big - ring / 2), outline=SEAL_RED,
                 width=round(ring))
    centre = big / 2
    _star(draw, centre, centre, big * 0.15)

    chars = list(name)
    # The outline is drawn inward from its box, itself half a ring in from the edge.
    text_radius, step, char_size = _name_arc(len(chars), big, inner=big / 2 - ring * 1.5)
    span = step * (len(chars) - 1)
    for i, char in enumerate(chars):
        theta = -span / 2 + i * step if len(chars) > 1 else 0.0  # clockwise from the top
        glyph = _glyph(char, char_size, 0.8).rotate(-math.degrees(theta), resample=Image.Resampling.BICUBIC,
                                                     expand=True)
        x = centre + text_radius * math.sin(theta)
        y = centre - text_radius * math.cos(theta)
        image.alpha_composite(glyph, (round(x - glyph.width / 2), round(y - glyph.height / 2)))

    if purpose:
        font_size = round(min(big * 0.1, big * 0.6 / max(len(purpose), 1)))
        # Character by character: each in the font of the chain that has it.
        fonts = [_font_of(char, font_size) for char in purpose]
        x = centre - sum(f.getlength(char) for f, char in zip(fonts, purpose, strict=True)) / 2
        for font, char in zip(fonts, purpose, strict=True):
            draw.text((x, centre + big * 0.28), char, font=font, fill=SEAL_RED, anchor="lm")
            x += font.getlength(char)
    return image.resize((size, size), Image.Resampling.LANCZOS)
