"""Where the app's resource files are: next to the code, or inside the frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from backoffice.signing.errors import SigningError

ENV_RESOURCES = "BACKOFFICE_RESOURCES"
FONT_FILE = "wqy-microhei.ttc"


def resources_dir() -> Path:
    """The ``resources/`` folder: $BACKOFFICE_RESOURCES, the PyInstaller bundle, or the repo."""
    override = os.environ.get(ENV_RESOURCES)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


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
