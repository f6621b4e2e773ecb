"""A "zh" the old Settings dialog stored without a choice no longer starts an English
computer in Chinese; a language chosen since is kept.

Before e36c8e3 the dialog stored the language its list showed on any OK, and
the list showed 中文 on a computer that had never chosen: an English computer
then started in Chinese until the person changed it. Those versions never
wrote ``ui/languageChosenVersion``; this one writes it with every language it
stores. A language stored without it is read once: "zh" is dropped (the
computer's language decides), "en" kept (the old list had to be changed to it).
Each case on the real settings file the app reads at start (``settings.ini`` in
``BACKOFFICE_DATA_DIR``), written by a ``QSettings`` as the old version wrote it,
and the language the app would start in, from ``ui/app.py``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from backoffice import messages
from ui import app as ui_app
from ui import settings as s
from ui.settings import Settings


@pytest.fixture
def computer(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def speaks(locale: str) -> None:
        for name in ("LC_ALL", "LC_MESSAGES", messages.ENV_LANG):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", locale)

    return speaks


def _start_language() -> str:
    """The language the app starts in (ui/app.py: no --lang, no BACKOFFICE_LANG)."""
    return ui_app._language(argparse.Namespace(lang=None), messages.resolve_language(None))


def _stored_by_an_old_version(data_dir: Path, language: str) -> Path:
    ini = data_dir / s.SETTINGS_FILENAME
    data_dir.mkdir(parents=True, exist_ok=True)
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("sync/intervalSeconds", 120)
    old.setValue(s.LANGUAGE.key, language)  # what the old Settings.set wrote, nothing more
    old.sync()
    assert old.status() == QSettings.Status.NoError
    return ini


def test_an_old_zh_no_longer_starts_an_english_computer_in_chinese(
        computer: Callable[[str], None], data_dir: Path) -> None:
    computer("en_US.UTF-8")
    ini = _stored_by_an_old_version(data_dir, "zh")
    assert _start_language() == "en"
    text = ini.read_text(encoding="utf-8")
    assert "language=zh" not in text and "languageChosenVersion=1" in text
    assert Settings().get(s.SYNC_INTERVAL) == 120  # the rest is kept
    assert _start_language() == "en"


def test_a_language_chosen_since_is_kept(computer: Callable[[str], None],
                                         data_dir: Path) -> None:
    computer("en_US.UTF-8")
    _stored_by_an_old_version(data_dir, "zh")
    assert _start_language() == "en"
    Settings().set(s.LANGUAGE, "zh")  # chosen in Settings, deliberately
    for _ in range(2):
        assert _start_language() == "zh"


def test_a_chinese_computer_still_starts_in_chinese(computer: Callable[[str], None],
                                                    data_dir: Path) -> None:
    computer("zh_CN.UTF-8")
    _stored_by_an_old_version(data_dir, "zh")
    assert _start_language() == "zh"


def test_an_old_en_was_a_choice_and_is_kept(computer: Callable[[str], None],
                                            data_dir: Path) -> None:
    computer("zh_CN.UTF-8")
    _stored_by_an_old_version(data_dir, "en")
    assert _start_language() == "en"
    assert "languageChosenVersion=1" in (data_dir / s.SETTINGS_FILENAME).read_text("utf-8")


def test_a_fresh_computer_gets_no_settings_file(computer: Callable[[str], None],
                                                data_dir: Path) -> None:
    computer("en_US.UTF-8")
    assert _start_language() == "en"
    assert not (data_dir / s.SETTINGS_FILENAME).exists()  # nothing to mark
