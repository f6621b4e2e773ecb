"""The fonts of decision documents and seal images, and which characters they can show.

Text is set in WenQuanYi Micro Hei; a Han character it lacks (𫖮, 䶮, 鿏 and
the other characters of the 通用规范汉字表 beyond it, and CJK Extension A) is
taken from the fallback, a subset of HanaMinA (``resources/fonts/README.md``).
Each character is checked against the chain on its own.

reportlab draws a character no font has as nothing at all, and Pillow as an
empty box: 𠮷 would print as a gap with no error. A legal document missing a
character of a name is wrong, so text with such a character is refused
(``document.unsupported_characters``), the characters named, before anything
is drawn. :func:`unsupported_characters` is the check, for callers that want
to warn before they render.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts  # type: ignore[import-untyped]  # no stubs

from backoffice.signing.errors import SigningError
from backoffice.signing.resources import cjk_font_path, resource

FONT = "WQYMicroHei"
FALLBACK = "HanaMinFallback"
FALLBACK_FILE = "hanamin-fallback.ttf"

# Line breaks and tabs are layout, not glyphs: a break starts a paragraph, a tab is a space.
_LAYOUT_CHARS = frozenset("\n\r\t")


def font_path(font: str) -> Path:
    return cjk_font_path() if font == FONT else resource("fonts", FALLBACK_FILE)


def register_font() -> str:
    """Register the chain with reportlab; the main font's name."""
    _fix_to_unicode()
    names = pdfmetrics.getRegisteredFontNames()
    for font in (FONT, FALLBACK):
        if font not in names:
            pdfmetrics.registerFont(ttfonts.TTFont(font, str(font_path(font)), subfontIndex=0))
    return FONT


@lru_cache(maxsize=2)
def _covered(font: str) -> frozenset[int]:
    register_font()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def font_for(char: str) -> str | None:
    """The first font of the chain with a glyph for ``char``; None: none has."""
    for font in (FONT, FALLBACK):
        if ord(char) in _covered(font):
            return font
    return None


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, text) pieces, each set in one font of the chain."""
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char) or FONT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def text_width(text: str, size: float) -> float:
    return sum(float(pdfmetrics.stringWidth(piece, font, size)) for font, piece in runs(text))


def unsupported_characters(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text`` no font has a glyph for, in order of appearance."""
    found = dict.fromkeys(c for c in text if c not in _LAYOUT_CHARS and font_for(c) is None)
    return tuple(found)


def describe(chars: tuple[str, ...]) -> str:
    """``𠮷 (U+20BB7)、…``: the code point names a character that may not show on screen either."""
    def one(c: str) -> str:
        shown = c if unicodedata.category(c)[0] not in "CZ" else ""
        return f"{shown} (U+{ord(c):04X})".lstrip()
    return "、".join(one(c) for c in chars)


def check_printable(*texts: str) -> None:
    """Raise ``document.unsupported_characters`` if any of ``texts`` has a character we cannot show."""
    missing = unsupported_characters("".join(texts))
    if missing:
        raise SigningError("document.unsupported_characters", chars=describe(missing))


# reportlab 4–5 writes a character past U+FFFF into the PDF's ToUnicode map as
# five or six hex digits, not as the UTF-16 pair the PDF standard asks for, so
# 𫖮 extracts (search, copy, pdftotext) as ⭚ U+2B5A. Rewrite those entries.
_WIDE = re.compile(r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16(match: re.Match[str]) -> str:
    return f"{match[1]} <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"


def _fix_to_unicode() -> None:
    original: Callable[[str, list[int]], str] = ttfonts.makeToUnicodeCMap
    if getattr(original, "utf16_pairs", False):
        return

    def make(fontname: str, subset: list[int]) -> str:
        return _WIDE.sub(_utf16, original(fontname, subset))

    make.utf16_pairs = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make
