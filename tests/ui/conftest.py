"""Fixtures every UI test may use."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The app's settings in a file of this test's own (never the user's registry or ~/.config)."""
    return Settings.at(tmp_path / "settings.ini")
