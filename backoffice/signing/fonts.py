"""The font of decision documents and seal images, and which characters it can show.

reportlab draws a character the embedded font lacks as nothing at all, and
Pillow as an empty box: 陈𫖮 would print as "陈 " with no error. A legal
document missing a character of a name is wrong, so text with such a
character is refused (``document.unsupported_characters``), the characters
named, before anything is drawn. :func:`unsupported_characters` is the check,
for callers that want to warn before they render.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]  # no stubs
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from backoffice.signing.errors import SigningError
from backoffice.signing.resources import cjk_font_path

FONT = "WQYMicroHei"

# Line breaks and tabs are layout, not glyphs: a break starts a paragraph, a tab is a space.
_LAYOUT_CHARS = frozenset("\n\r\t")


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
    return FONT


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    register_font()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def unsupported_characters(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text`` the font has no glyph for, in order of appearance."""
    covered = _covered()
    found = dict.fromkeys(c for c in text if ord(c) not in covered and c not in _LAYOUT_CHARS)
    return tuple(found)


def describe(chars: tuple[str, ...]) -> str:
    """``𫖮 (U+2B5AE)、…``: the code point names a character that may not show on screen either."""
    def one(c: str) -> str:
        shown = c if unicodedata.category(c)[0] not in "CZ" else ""
        return f"{shown} (U+{ord(c):04X})".lstrip()
    return "、".join(one(c) for c in chars)


def check_printable(*texts: str) -> None:
    """Raise ``document.unsupported_characters`` if any of ``texts`` has a character we cannot show."""
    missing = unsupported_characters("".join(texts))
    if missing:
        raise SigningError("document.unsupported_characters", chars=describe(missing))
