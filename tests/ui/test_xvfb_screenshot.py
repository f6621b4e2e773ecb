"""A real X server, a real window: ``backoffice app --demo --screenshot``."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.mark.xvfb
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshot_under_xvfb(run_cli: CliRunner, xvfb: str, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "out.png"
    result = run_cli("--lang", lang, "app", "--demo", "--screenshot", str(out),
                     env={"DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": None})
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    # A blank or uniform grab has a handful of colours; text and widgets many.
    assert _distinct_colours(image) > 20
