"""ui.settings: declared once, typed, persisted in QSettings; bad values fall back.

Every test uses an INI file under its tmp dir: the real user settings are
never read or written.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QTextEdit
from pytestqt.qtbot import QtBot

from ui import settings as s
from ui.settings import Settings


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def test_defaults_when_nothing_is_stored(ini: Path) -> None:
    settings = Settings.at(ini)
    assert settings.get(s.PLATFORM_URL) == ""
    assert settings.get(s.PLATFORM_USER) == ""
    assert settings.get(s.CA_BUNDLE) == ""
    assert settings.get(s.PROXY) == ""
    assert settings.get(s.SYNC_INTERVAL) == 300
    assert settings.get(s.FILE_CACHE_MIB) == 2048
    assert settings.get(s.PREFETCH_MIB) == 512
    assert settings.get(s.LANGUAGE) == "zh"
    assert settings.get(s.DUE_SOON_DAYS) == 1
    assert settings.get(s.WINDOW_GEOMETRY) == b""
    assert all(not settings.is_stored(setting) for setting in s.ALL_SETTINGS)
    # Every declared default satisfies its own declaration.
    assert all(setting.accepts(setting.default) for setting in s.ALL_SETTINGS)
    assert len({setting.key for setting in s.ALL_SETTINGS}) == len(s.ALL_SETTINGS)


def test_values_round_trip_through_the_file_with_their_types(ini: Path) -> None:
    first = Settings.at(ini)
    first.set(s.PLATFORM_URL, "https://platform.example/api")
    first.set(s.PLATFORM_USER, "王芳")
    first.set(s.CA_BUNDLE, "C:\\certs\\intranet ca.pem")
    first.set(s.PROXY, "http://proxy.example:8080")
    first.set(s.SYNC_INTERVAL, 45)
    first.set(s.FILE_CACHE_MIB, 100)
    first.set(s.PREFETCH_MIB, 0)
    first.set(s.LANGUAGE, "en")
    first.set(s.DUE_SOON_DAYS, 0)
    first.set(s.WINDOW_STATE, b"\x00\x01binary\xff")

    again = Settings.at(ini)  # a new QSettings reads the file written by the first
    assert again.get(s.PLATFORM_URL) == "https://platform.example/api"
    assert again.get(s.PLATFORM_USER) == "王芳"
    assert again.get(s.CA_BUNDLE) == "C:\\certs\\intranet ca.pem"
    assert again.get(s.PROXY) == "http://proxy.example:8080"
    interval = again.get(s.SYNC_INTERVAL)
    assert interval == 45 and isinstance(interval, int)
    assert again.get(s.FILE_CACHE_MIB) == 100
    assert again.get(s.PREFETCH_MIB) == 0
    assert again.get(s.LANGUAGE) == "en"
    assert again.get(s.DUE_SOON_DAYS) == 0
    assert again.get(s.WINDOW_STATE) == b"\x00\x01binary\xff"
    again.reset(s.LANGUAGE)
    assert Settings.at(ini).get(s.LANGUAGE) == "zh"


def test_a_hand_edited_ini_file_is_read(ini: Path) -> None:
    ini.write_text("[sync]\nintervalSeconds=120\n[ui]\nlanguage=en\n", encoding="utf-8")
    settings = Settings.at(ini)
    assert settings.get(s.SYNC_INTERVAL) == 120
    assert settings.get(s.LANGUAGE) == "en"


@pytest.mark.parametrize(("setting", "raw"), [
    (s.SYNC_INTERVAL, "often"),
    (s.SYNC_INTERVAL, "5"),  # below the minimum of 30 seconds
    (s.DUE_SOON_DAYS, "-1"),
    (s.FILE_CACHE_MIB, "1.5"),
    (s.LANGUAGE, "fr"),
    (s.PLATFORM_URL, "ftp://platform.example"),
    (s.PROXY, "not a url"),
    (s.PLATFORM_USER, ["a", "list"]),
    (s.WINDOW_GEOMETRY, "text, not bytes"),
])
def test_a_bad_stored_value_falls_back_to_the_default_and_is_logged(
    ini: Path, setting: s.Setting[str] | s.Setting[int] | s.Setting[bytes], raw: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    raw_settings = QSettings(str(ini), QSettings.Format.IniFormat)
    raw_settings.setValue(setting.key, raw)
    raw_settings.sync()
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        value = Settings.at(ini).get(setting)  # type: ignore[misc]
    assert value == setting.default
    assert any(setting.key in record.getMessage() for record in caplog.records)


def test_set_refuses_a_value_outside_the_declaration_and_stores_nothing(ini: Path) -> None:
    settings = Settings.at(ini)
    with pytest.raises(ValueError):
        settings.set(s.SYNC_INTERVAL, 29)
    with pytest.raises(ValueError):
        settings.set(s.LANGUAGE, "de")
    with pytest.raises(ValueError):
        settings.set(s.PLATFORM_URL, "platform.example")  # no scheme
    assert not settings.is_stored(s.SYNC_INTERVAL) and not settings.is_stored(s.LANGUAGE)
    assert settings.get(s.SYNC_INTERVAL) == 300


def test_platform_urls_of_the_right_shape(ini: Path) -> None:
    assert s.PLATFORM_URL.accepts("https://platform.example")
    assert s.PLATFORM_URL.accepts("http://127.0.0.1:8765")
    assert s.PLATFORM_URL.accepts("")
    assert not s.PLATFORM_URL.accepts("https://")
    assert not s.PLATFORM_URL.accepts("https://platform.example/?x=1")
    assert not s.PLATFORM_URL.accepts("https://platform.example:99999")
    assert s.PROXY.accepts("http://proxy.example:3128")
    # No SOCKS: requests needs PySocks for it, which the app does not ship.
    assert not s.PROXY.accepts("socks5://proxy.example:1080")
    assert not s.PROXY.accepts("socks5h://proxy.example:1080")


def _window(qtbot: QtBot) -> tuple[QMainWindow, QSplitter]:
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("inboxSplitter")
    splitter.addWidget(QTextEdit(splitter))
    splitter.addWidget(QTextEdit(splitter))
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    return window, splitter


def test_window_geometry_and_splitters_are_saved_and_restored(qtbot: QtBot, ini: Path) -> None:
    window, splitter = _window(qtbot)
    window.resize(700, 500)  # inside the offscreen screen (800x600), which clamps geometry
    window.show()
    qtbot.waitExposed(window)
    splitter.setSizes([200, 600])
    saved_sizes = splitter.sizes()
    Settings.at(ini).save_geometry(window)
    assert Settings.at(ini).get(s.WINDOW_GEOMETRY) and Settings.at(ini).get(s.WINDOW_STATE)

    other, other_splitter = _window(qtbot)
    other.resize(400, 300)
    assert Settings.at(ini).restore_geometry(other) is True
    other.show()
    qtbot.waitExposed(other)
    assert (other.width(), other.height()) == (700, 500)
    assert other_splitter.sizes() == saved_sizes


def test_restore_without_anything_saved_changes_nothing(qtbot: QtBot, ini: Path) -> None:
    window, _splitter = _window(qtbot)
    window.resize(500, 400)
    assert Settings.at(ini).restore_geometry(window) is False
    assert (window.width(), window.height()) == (500, 400)


def test_attributes_are_the_declared_settings(ini: Path) -> None:
    settings = Settings.at(ini)
    assert settings.sync_interval == 300 and settings.cache_size_mib == 2048
    settings.sync_interval = 60
    settings.platform_url = "https://platform.example"
    assert settings.get(s.SYNC_INTERVAL) == 60 and Settings.at(ini).platform_url == "https://platform.example"
    with pytest.raises(ValueError):
        settings.due_soon_days = -1
    assert Settings.at(ini).due_soon_days == 1


def test_with_a_data_dir_the_settings_live_in_it_not_in_the_users_settings(data_dir: Path) -> None:
    settings = Settings()  # conftest set BACKOFFICE_DATA_DIR for this test
    assert Path(settings.qsettings.fileName()) == data_dir / s.SETTINGS_FILENAME
    settings.sync_interval = 90
    assert "intervalSeconds=90" in (data_dir / s.SETTINGS_FILENAME).read_text(encoding="utf-8")
