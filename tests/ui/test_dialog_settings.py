"""The settings dialog with real widgets over a settings file of the test's own."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from backoffice import messages
from backoffice.signing.testpki import TestPki
from ui import app as ui_app
from ui import settings as s
from ui.dialogs.settings_dialog import SettingsDialog
from ui.settings import Settings


def _dialog(qtbot: QtBot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(None, settings, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    return dialog


def test_shows_the_stored_values_with_the_declared_ranges(qtbot: QtBot, settings: Settings) -> None:
    settings.set(s.PLATFORM_URL, "https://platform.example")
    settings.set(s.SYNC_INTERVAL, 600)
    settings.set(s.LANGUAGE, "en")
    dialog = _dialog(qtbot, settings)
    assert dialog.objectName() == "settingsDialog"
    assert dialog.url_edit.text() == "https://platform.example"
    assert dialog.interval_spin.value() == 600
    assert dialog.cache_spin.value() == 2048 and dialog.prefetch_spin.value() == 512
    assert dialog.due_soon_spin.value() == 1
    assert dialog.language_combo.currentData() == "en"
    assert (dialog.interval_spin.minimum(), dialog.due_soon_spin.minimum()) == (30, 0)
    assert dialog.interval_spin.maximum() == s.SYNC_INTERVAL.maximum
    assert not dialog.restart_note.isVisible()


def test_network_and_cache_changes_say_they_apply_at_the_next_sign_in(
        qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings)
    assert not dialog.sign_in_note.isVisible()
    qtbot.keyClicks(dialog.proxy_edit, "http://proxy.example:8080")
    assert dialog.sign_in_note.isVisible()
    dialog.proxy_edit.clear()
    assert not dialog.sign_in_note.isVisible()  # back as it was: nothing to wait for
    dialog.prefetch_spin.setValue(dialog.prefetch_spin.value() + 64)
    assert dialog.sign_in_note.isVisible()
    dialog.prefetch_spin.setValue(dialog.prefetch_spin.value() - 64)
    dialog.interval_spin.setValue(120)  # applied when saved: no note
    assert not dialog.sign_in_note.isVisible()
    assert "next sign-in or start" in dialog.sign_in_note.text()


def test_keyboard_edit_and_enter_saves(qtbot: QtBot, settings: Settings, tmp_path: Path) -> None:
    ca = tmp_path / "intranet-ca.pem"
    ca.write_bytes(TestPki.generate().root.cert_pem)  # loaded as sign-in loads it
    dialog = _dialog(qtbot, settings)
    assert dialog.focusWidget() is dialog.url_edit
    qtbot.keyClicks(dialog.url_edit, "https://platform.example")
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.ca_edit
    qtbot.keyClicks(dialog.ca_edit, str(ca))
    qtbot.keyClick(dialog.ca_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.ca_browse
    qtbot.keyClick(dialog.ca_browse, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.proxy_edit
    qtbot.keyClicks(dialog.proxy_edit, "http://proxy.example:8080")
    qtbot.keyClick(dialog.proxy_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.interval_spin
    qtbot.keyClick(dialog.interval_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.interval_spin, "120")
    for _ in range(5):  # cache, prefetch, due soon, photo size, language
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.language_combo
    assert dialog.language_combo.currentData() == "en"  # the language in use
    qtbot.keyClick(dialog.language_combo, Qt.Key.Key_Up)  # en → zh
    assert dialog.language_combo.currentData() == "zh" and dialog.restart_note.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)

    again = Settings.at(tmp_path / "settings.ini")
    assert again.get(s.PLATFORM_URL) == "https://platform.example"
    assert again.get(s.CA_BUNDLE) == str(ca)
    assert again.get(s.PROXY) == "http://proxy.example:8080"
    assert again.get(s.SYNC_INTERVAL) == 120
    assert again.get(s.LANGUAGE) == "zh"
    assert dialog.restart_needed
    assert dialog.changed_keys == {s.PLATFORM_URL.key, s.CA_BUNDLE.key, s.PROXY.key,
                                   s.SYNC_INTERVAL.key, s.LANGUAGE.key}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("url_edit", "platform.example", "“platform.example” is not a valid platform address."),
    ("proxy_edit", "proxy:8080", "The proxy must be an address such as http://proxy.example:8080."),
    ("proxy_edit", "socks5://127.0.0.1:1080",
     "Only http and https proxies can be used, not SOCKS: socks5://127.0.0.1:1080"),
    ("proxy_edit", "socks5h://proxy.example:1080",
     "Only http and https proxies can be used, not SOCKS: socks5h://proxy.example:1080"),
    ("ca_edit", "/nowhere/<b>ca</b>.pem", "The CA certificate file /nowhere/<b>ca</b>.pem does not exist."),
])
def test_a_bad_value_is_explained_and_nothing_is_saved(
    qtbot: QtBot, settings: Settings, field: str, value: str, message: str
) -> None:
    dialog = _dialog(qtbot, settings)
    getattr(dialog, field).setText(value)
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == message
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
    assert not any(settings.is_stored(x) for x in s.ALL_SETTINGS)


def test_escape_discards_the_edits(qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings)
    qtbot.keyClicks(dialog.url_edit, "https://platform.example")
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Escape)
    assert not settings.is_stored(s.PLATFORM_URL)


def test_restore_defaults_fills_in_the_defaults_without_saving(qtbot: QtBot, settings: Settings) -> None:
    settings.set(s.SYNC_INTERVAL, 900)
    settings.set(s.LANGUAGE, "en")
    dialog = _dialog(qtbot, settings)
    dialog.show_defaults()
    # The default language is the computer's (the tests' C locale: Chinese).
    assert dialog.interval_spin.value() == 300 and dialog.language_combo.currentData() == "zh"
    assert settings.get(s.SYNC_INTERVAL) == 900
    dialog.save()
    assert settings.get(s.SYNC_INTERVAL) == 300 and settings.get(s.LANGUAGE) == "zh"
    # Not stored: the computer's language decides again, as before any choice.
    assert not settings.is_stored(s.LANGUAGE) and dialog.restart_needed


@pytest.mark.parametrize("locale", ["en_US.UTF-8", "zh_CN.UTF-8"])
def test_ok_keeps_the_language_in_use_unless_another_is_chosen(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    # On an English computer that had never chosen, the list showed 中文 (the
    # setting's default) and OK stored it: the next start was in Chinese.
    for name in ("LC_ALL", "LC_MESSAGES", "BACKOFFICE_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", locale)
    args = argparse.Namespace(lang=None)
    in_use = ui_app._language(args, messages.resolve_language(None))
    assert in_use == locale[:2]
    settings = Settings()  # the one ui/app.py reads at start
    dialog = SettingsDialog(None, settings, lang=in_use)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == in_use
    dialog.interval_spin.setValue(120)  # the only change
    dialog.save()
    assert not settings.is_stored(s.LANGUAGE)
    assert not dialog.restart_needed and s.LANGUAGE.key not in dialog.changed_keys
    assert ui_app._language(args, messages.resolve_language(None)) == in_use
    # Choosing the other one stores it, and the next start uses it.
    other = "zh" if in_use == "en" else "en"
    again = SettingsDialog(None, settings, lang=in_use)
    qtbot.addWidget(again)
    again.language_combo.setCurrentIndex(again.language_combo.findData(other))
    assert again.restart_note.isVisibleTo(again)
    again.save()
    assert again.restart_needed and s.LANGUAGE.key in again.changed_keys
    assert ui_app._language(args, messages.resolve_language(None)) == other


def test_the_ca_file_chooser_does_not_block_and_fills_the_field(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("pem", encoding="ascii")
    dialog = _dialog(qtbot, settings)
    dialog.ca_browse.setFocus()
    qtbot.keyClick(dialog.ca_browse, Qt.Key.Key_Space)
    chooser = dialog.findChild(QFileDialog, "caBundleChooser")
    assert chooser is not None and chooser.isVisible()
    chooser.fileSelected.emit(str(ca))  # what choosing a file and OK ends in
    chooser.close()
    assert dialog.ca_edit.text() == str(ca)


def test_the_photo_size_is_a_setting_the_planner_gets(qtbot: QtBot, settings: Settings,
                                                       tmp_path: Path) -> None:
    dialog = _dialog(qtbot, settings)
    spin = dialog.findChild(type(dialog.photo_spin), "settingsPhotoMaxSide")
    assert spin is dialog.photo_spin and spin.value() == s.PHOTO_MAX_SIDE.default == 1600
    assert (spin.minimum(), spin.maximum()) == (s.PHOTO_MAX_SIDE.minimum, s.PHOTO_MAX_SIDE.maximum)
    spin.setValue(1024)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert s.PHOTO_MAX_SIDE.key in dialog.changed_keys and not dialog.restart_needed
    again = Settings.at(tmp_path / "settings.ini")
    assert again.photo_max_side == 1024
    dialog.show_defaults()
    assert dialog.photo_spin.value() == 1600

