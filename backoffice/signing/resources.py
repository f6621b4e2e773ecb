"""Where the app's resource files are: next to the code, or inside the frozen bundle."""

from __future__ import annotations

from pathlib import Path

from backoffice.paths import resources_dir
from backoffice.signing.errors import SigningError

__all__ = ["cjk_font_path", "resource", "resources_dir"]

FONT_FILE = "wqy-microhei.ttc"


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.is_file():
        raise SigningError("signing.resource_missing", path=str(path))
    return path


def cjk_font_path() -> Path:
    """WenQuanYi Micro Hei, the one CJK font we carry.

    Not Noto/Source Han: their glyphs extract from a PDF as Kangxi radicals
    (日 → U+2F47), which breaks search and copy of a legal document.
    """
    return resource("fonts", FONT_FILE)
