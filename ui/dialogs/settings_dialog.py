"""The settings dialog: edits the declared settings of :mod:`ui.settings`.

Ranges come from the declarations, so the dialog cannot offer a value the
settings would refuse. OK validates what a spin box cannot, saves and closes;
a problem is shown in the dialog, which stays open and saves nothing. The
platform address is checked by the sign-in's own rule and the CA file loaded
as the REST client loads it: the settings are shared with the CLI, and a
value either refuses breaks every sign-in after it is saved.

A new language takes effect at the next start: every window, menu and
status text would have to be re-translated in place, and the workspaces'
models format dates and numbers for the locale they were built with. The
dialog says so as soon as another language is chosen. The list shows the
language the app runs in, and OK stores a language only when the person
chose another (or restored the defaults: then the computer's decides again):
it showed the stored one, 中文 on an English computer that had never chosen,
and any OK stored that, so the next start was in Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from ui.saved_settings import stored_text
from ui.settings import (
    CA_BUNDLE,
    DUE_SOON_DAYS,
    FILE_CACHE_MIB,
    LANGUAGE,
    PHOTO_MAX_SIDE,
    PLATFORM_URL,
    PREFETCH_MIB,
    PROXY,
    SYNC_INTERVAL,
    Setting,
    Settings,
    ca_bundle_loads,
    language_default,
    platform_url_problem,
)
from ui.widgets.plain import PlainLabel

# Each language named in itself, as language menus do: whoever cannot read the
# current language still finds their own.
LANGUAGE_NAMES = {"zh": "中文（简体）", "en": "English"}

# What this dialog edits (the sign-in remembers the user; the window its geometry).
EDITED: tuple[Setting[Any], ...] = (
    PLATFORM_URL, CA_BUNDLE, PROXY, SYNC_INTERVAL, FILE_CACHE_MIB, PREFETCH_MIB,
    DUE_SOON_DAYS, PHOTO_MAX_SIDE, LANGUAGE)


def _spin(setting: Setting[int], suffix: str, parent: QWidget, name: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(setting.minimum if setting.minimum is not None else 0,
                 setting.maximum if setting.maximum is not None else 2**31 - 1)
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box


class SettingsDialog(QDialog):
    """Edit and save the settings; after accept, ``changed_keys`` and ``restart_needed`` say what changed."""

    def __init__(self, parent: QWidget | None, settings: Settings, *, lang: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(QCoreApplication.translate("SettingsDialog", "Settings"))
        self._settings = settings
        self._lang = messages.resolve_language(lang)
        self.changed_keys: frozenset[str] = frozenset()
        self.restart_needed = False

        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("settingsPlatformUrl")
        self.url_edit.setPlaceholderText("https://")
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setObjectName("settingsCaBundle")
        self.ca_edit.setPlaceholderText(QCoreApplication.translate(
            "SettingsDialog", "None: the system's certificates only"))
        self.ca_browse = QPushButton(QCoreApplication.translate("SettingsDialog", "&Browse…"), self)
        self.ca_browse.setObjectName("settingsCaBundleBrowse")
        self.ca_browse.clicked.connect(self.choose_ca_bundle)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_browse)
        self.proxy_edit = QLineEdit(self)
        self.proxy_edit.setObjectName("settingsProxy")
        self.proxy_edit.setPlaceholderText(QCoreApplication.translate(
            "SettingsDialog", "None: the system's proxy settings"))

        self.interval_spin = _spin(SYNC_INTERVAL, QCoreApplication.translate(
            "SettingsDialog", " seconds"), self, "settingsSyncInterval")
        self.cache_spin = _spin(FILE_CACHE_MIB, " MiB", self, "settingsCacheSize")
        self.prefetch_spin = _spin(PREFETCH_MIB, " MiB", self, "settingsPrefetch")
        # The unit in the label, not a suffix: a suffix read "1 working days".
        self.due_soon_spin = _spin(DUE_SOON_DAYS, "", self, "settingsDueSoon")
        self.due_soon_spin.setToolTip(QCoreApplication.translate(
            "SettingsDialog", "A deadline this many working days away or closer is shown as due soon."))

        self.photo_spin = _spin(PHOTO_MAX_SIDE, QCoreApplication.translate(
            "SettingsDialog", " px"), self, "settingsPhotoMaxSide")
        self.photo_spin.setSingleStep(160)
        self.photo_spin.setToolTip(QCoreApplication.translate(
            "SettingsDialog", "Inspection photos are made this many pixels on their longest side "
            "before they are sent; the original's fingerprint is kept."))

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("settingsLanguage")
        for code in LANGUAGE.choices:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)

        form = QFormLayout()
        form.addRow(QCoreApplication.translate("SettingsDialog", "Platform &address:"), self.url_edit)
        # The row holds a layout, so its label is made here to get the line edit as buddy.
        ca_label = QLabel(QCoreApplication.translate("SettingsDialog", "&CA certificates (PEM):"), self)
        ca_label.setBuddy(self.ca_edit)
        form.addRow(ca_label, ca_row)
        form.addRow(QCoreApplication.translate("SettingsDialog", "Pro&xy:"), self.proxy_edit)
        form.addRow(QCoreApplication.translate("SettingsDialog", "&Sync every:"), self.interval_spin)
        form.addRow(QCoreApplication.translate("SettingsDialog", "File cac&he size:"), self.cache_spin)
        form.addRow(QCoreApplication.translate("SettingsDialog", "&Prefetch up to:"), self.prefetch_spin)
        form.addRow(QCoreApplication.translate("SettingsDialog", "&Due soon within (working days):"),
                    self.due_soon_spin)
        form.addRow(QCoreApplication.translate("SettingsDialog", "Inspection ph&otos up to:"),
                    self.photo_spin)
        form.addRow(QCoreApplication.translate("SettingsDialog", "&Language:"), self.language_combo)

        self.restart_note = PlainLabel(QCoreApplication.translate(
            "SettingsDialog", "The new language is used after the app is restarted."), self)
        self.restart_note.setObjectName("settingsRestartNote")
        self.restart_note.setWordWrap(True)
        self.restart_note.hide()
        # The session's client and file cache are made at sign-in: these four
        # apply from the next one (the interval and due-soon apply at once).
        self.sign_in_note = PlainLabel(QCoreApplication.translate(
            "SettingsDialog", "The network and file cache settings take effect at the next "
            "sign-in or start."), self)
        self.sign_in_note.setObjectName("settingsNextSignInNote")
        self.sign_in_note.setWordWrap(True)
        self.sign_in_note.hide()
        self.error_label = PlainLabel("", self)
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#settingsError { color: #b91c1c; }")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setObjectName("settingsDefaults")
        defaults.clicked.connect(self.show_defaults)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(self.sign_in_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self._file_dialog: QFileDialog | None = None
        # The language in use (--lang, the setting, the computer's), not the
        # setting's own default: that is only what an unreadable value falls back to.
        self._initial_language = self._lang
        self._defaults_shown = False
        self._show(
            # As stored, even a value settings.get refuses: there to be corrected (saved_settings).
            url=stored_text(settings, PLATFORM_URL), ca=settings.get(CA_BUNDLE),
            proxy=stored_text(settings, PROXY),
            interval=settings.get(SYNC_INTERVAL), cache=settings.get(FILE_CACHE_MIB),
            prefetch=settings.get(PREFETCH_MIB), due_soon=settings.get(DUE_SOON_DAYS),
            photo=settings.get(PHOTO_MAX_SIDE), language=self._initial_language)
        # Connected once the stored values are shown, so only a choice shows a note.
        self.language_combo.currentIndexChanged.connect(self._language_picked)
        self._at_sign_in = self._sign_in_values()
        for edit in (self.ca_edit, self.proxy_edit):
            edit.textChanged.connect(self._sign_in_values_changed)
        for spin in (self.cache_spin, self.prefetch_spin):
            spin.valueChanged.connect(self._sign_in_values_changed)
        self.url_edit.setFocus()

    def _show(self, *, url: str, ca: str, proxy: str, interval: int, cache: int,
              prefetch: int, due_soon: int, photo: int, language: str) -> None:
        self.url_edit.setText(url)
        self.ca_edit.setText(ca)
        self.proxy_edit.setText(proxy)
        self.interval_spin.setValue(interval)
        self.cache_spin.setValue(cache)
        self.prefetch_spin.setValue(prefetch)
        self.due_soon_spin.setValue(due_soon)
        self.photo_spin.setValue(photo)
        index = self.language_combo.findData(language)
        self.language_combo.setCurrentIndex(max(index, 0))

    @Slot()
    def show_defaults(self) -> None:
        """Put every default into the widgets; nothing is saved before OK."""
        self._show(
            url=PLATFORM_URL.default, ca=CA_BUNDLE.default, proxy=PROXY.default,
            interval=SYNC_INTERVAL.default, cache=FILE_CACHE_MIB.default,
            prefetch=PREFETCH_MIB.default, due_soon=DUE_SOON_DAYS.default,
            photo=PHOTO_MAX_SIDE.default, language=language_default())
        self._defaults_shown = True

    @Slot(int)
    def _language_picked(self, _index: int) -> None:
        chosen = self.language_combo.currentData()
        self.restart_note.setVisible(chosen != self._initial_language)

    def _sign_in_values(self) -> tuple[str, str, int, int]:
        return (self.ca_edit.text().strip(), self.proxy_edit.text().strip(),
                self.cache_spin.value(), self.prefetch_spin.value())

    @Slot()
    def _sign_in_values_changed(self) -> None:
        self.sign_in_note.setVisible(self._sign_in_values() != self._at_sign_in)

    @Slot()
    def choose_ca_bundle(self) -> None:
        """A file chooser, opened without blocking (its choice arrives by signal)."""
        chooser = QFileDialog(self, QCoreApplication.translate("SettingsDialog", "CA certificates"))
        chooser.setObjectName("caBundleChooser")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setNameFilters([
            QCoreApplication.translate("SettingsDialog", "Certificates (*.pem *.crt *.cer)"),
            QCoreApplication.translate("SettingsDialog", "All files (*)"),
        ])
        current = self.ca_edit.text().strip()
        if current:
            chooser.setDirectory(str(Path(current).parent))
        chooser.fileSelected.connect(self._ca_chosen)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._file_dialog = chooser
        chooser.open()

    @Slot(str)
    def _ca_chosen(self, path: str) -> None:
        self.ca_edit.setText(path)

    def problem(self) -> str | None:
        """What keeps the entered values from being saved, in words; None when they are fine."""
        url = self.url_edit.text().strip()
        refused = platform_url_problem(url, self._lang)
        if refused is not None:
            return refused
        if not PLATFORM_URL.accepts(url):
            return messages.render_code("remote.bad_url", {"url": url}, self._lang)
        ca = self.ca_edit.text().strip()
        if ca and not Path(ca).is_file():
            return QCoreApplication.translate(
                "SettingsDialog", "The CA certificate file {path} does not exist.").format(path=ca)
        # Any file was taken, and every sign-in (the CLI's too) then failed on it.
        if ca and not ca_bundle_loads(ca):
            return QCoreApplication.translate(
                "SettingsDialog", "{path} holds no CA certificates in PEM form "
                "(-----BEGIN CERTIFICATE-----). Choose the certificate file your "
                "administrator gave you, or leave the field empty.").format(path=ca)
        proxy = self.proxy_edit.text().strip()
        if proxy.lower().startswith("socks"):
            return QCoreApplication.translate(
                "SettingsDialog", "Only http and https proxies can be used, not SOCKS: {proxy}"
            ).format(proxy=proxy)
        if not PROXY.accepts(proxy):
            return QCoreApplication.translate(
                "SettingsDialog", "The proxy must be an address such as http://proxy.example:8080.")
        return None

    @Slot()
    def save(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        s = self._settings
        before = {setting.key: s.get(setting) for setting in EDITED}
        s.set(PLATFORM_URL, self.url_edit.text().strip())
        s.set(CA_BUNDLE, self.ca_edit.text().strip())
        s.set(PROXY, self.proxy_edit.text().strip())
        s.set(SYNC_INTERVAL, self.interval_spin.value())
        s.set(FILE_CACHE_MIB, self.cache_spin.value())
        s.set(PREFETCH_MIB, self.prefetch_spin.value())
        s.set(DUE_SOON_DAYS, self.due_soon_spin.value())
        s.set(PHOTO_MAX_SIDE, self.photo_spin.value())
        chosen = str(self.language_combo.currentData())
        if self._defaults_shown and chosen == language_default():
            s.reset(LANGUAGE)  # the computer's language from now on, as before any choice
        elif chosen != self._initial_language:
            s.set(LANGUAGE, chosen)
        after = {setting.key: s.get(setting) for setting in EDITED}
        self.restart_needed = chosen != self._initial_language
        self.changed_keys = frozenset(
            [k for k in after if after[k] != before[k] and k != LANGUAGE.key]
            + ([LANGUAGE.key] if self.restart_needed else []))
        self.accept()
