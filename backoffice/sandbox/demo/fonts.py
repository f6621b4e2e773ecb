"""The CJK font the demo pages are drawn with: found, never bundled.

The page bytes (and so the files' hashes) depend on the font file: the same
seed gives the same hashes on machines with the same font, not across fonts.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from PIL import ImageFont

from backoffice.domain.errors import BackofficeError

ENV_FONT = "BACKOFFICE_DEMO_FONT"

# Probed in order after $BACKOFFICE_DEMO_FONT; fontconfig is asked after these.
_KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)
_WINDOWS_FONTS = ("msyh.ttc", "simhei.ttf", "simsun.ttc")
_FC_QUERIES = ("WenQuanYi Micro Hei", ":lang=zh")


def _covers_cjk(path: str) -> bool:
    """True when the file loads and draws two different Chinese glyphs.

    fontconfig always answers with *some* font; one without CJK glyphs draws
    the same .notdef box for both characters.
    """
    try:
        font = ImageFont.truetype(path, 24)
        return bytes(font.getmask("演")) != bytes(font.getmask("材"))
    except OSError:
        return False


def _fc_match(query: str) -> str | None:
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}", query],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no fontconfig (Windows, minimal images): the other probes decide
    return done.stdout.strip() or None


def find_cjk_font() -> Path:
    """A font file that draws Chinese, or ``sandbox.no_cjk_font`` listing what was tried."""
    searched: list[str] = []

    def candidates() -> Iterator[str]:
        if override := os.environ.get(ENV_FONT):
            yield override
        yield from _KNOWN_FONTS
        windir = os.environ.get("WINDIR", r"C:\Windows")
        yield from (os.path.join(windir, "Fonts", name) for name in _WINDOWS_FONTS)
        for query in _FC_QUERIES:
            searched.append(f"fc-match {query!r}")
            if found := _fc_match(query):
                yield found

    for path in candidates():
        searched.append(path)
        if os.path.isfile(path) and _covers_cjk(path):
            return Path(path)
    raise BackofficeError("sandbox.no_cjk_font", searched="; ".join(searched))
