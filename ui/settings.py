"""The app's settings: each declared once, with its key, type and default.

Declarations are module constants (``SYNC_INTERVAL``, ``LANGUAGE`` …); the
:class:`Settings` facade reads and writes them through ``QSettings``, typed
by the declaration: ``settings.get(SYNC_INTERVAL)`` is an ``int``. A stored
value that cannot be read as its type, or breaks its limits (a hand-edited
INI, a registry value written by another version), is logged and replaced by
the default when read: a bad setting must never stop the app from starting.

The password is not a setting and never passes through here; the refresh
token lives in the OS keyring (``backoffice.remote.credentials``).

``Settings()`` uses ``QSettings()`` with the organisation and application
names ``ui/app.py`` sets (``paths.APP_AUTHOR`` / ``paths.APP_NAME``): the
registry on Windows, ``~/.config/OneVisit/OneVisitBackOffice.conf`` on Linux —
unless ``BACKOFFICE_DATA_DIR`` is set, which puts ``settings.ini`` in that
folder like everything else (portable installs; every test, through
``tests/conftest.py``). Tests may also hand it a ``QSettings(file, IniFormat)``.
"""

from __future__ import annotations

import logging
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from backoffice import messages, paths

_log = logging.getLogger(__name__)

T = TypeVar("T", str, int, bytes)

# The INI file used when BACKOFFICE_DATA_DIR is set.
SETTINGS_FILENAME = "settings.ini"

# Bumped when the main window's docks and toolbars change in a way an old
# saved state would misplace; restoreState then ignores the old one.
WINDOW_STATE_VERSION = 1


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: where it is stored, its type, its default and its limits."""

    key: str
    type: type[T]
    default: T
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    # Extra check of a value of the right type (a URL's shape); True = fine.
    check: Callable[[T], bool] | None = None

    def accepts(self, value: object) -> bool:
        if not isinstance(value, self.type) or isinstance(value, bool):
            return False
        if isinstance(value, int):
            if self.minimum is not None and value < self.minimum:
                return False
            if self.maximum is not None and value > self.maximum:
                return False
        if self.choices and value not in self.choices:
            return False
        return self.check is None or self.check(value)


def valid_url(value: str, schemes: tuple[str, ...]) -> bool:
    """Empty, or an absolute URL with one of ``schemes`` and a host (no query)."""
    if not value:
        return True
    try:
        parts = urllib.parse.urlsplit(value.strip())
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname) and not parts.query and port_ok


def _platform_url(value: str) -> bool:
    # The shape only, cheap to read at start-up: what is typed is checked by
    # the REST client's own rule first (platform_url_problem).
    return valid_url(value, ("http", "https"))


def platform_url_problem(url: str, lang: str | None = None) -> str | None:
    """Why signing in (the app's or the CLI's) would refuse ``url``, in words; None if
    it would not (or ``url`` is empty).

    The REST client's own check (``check_url``: https unless on this computer, no
    user name or password, a host name's shape): an address saved here is one
    sign-in takes, not one it refuses after it was kept.
    """
    if not url:
        return None
    # The HTTP stack, imported only when an address is checked, not at start-up.
    from backoffice.remote.client import check_url
    from backoffice.remote.errors import RemoteError

    try:
        check_url(url)
    except RemoteError as exc:
        return messages.render(exc, lang)
    return None


def ca_bundle_loads(path: str) -> bool:
    """Whether ``path`` loads as CA certificates (PEM) the way the REST client loads it."""
    from backoffice.remote.errors import RemoteError
    from backoffice.remote.transport import tls_context

    try:
        tls_context(path)
    except RemoteError:
        return False
    return True


def language_default() -> str:
    """The language of a start with no language stored: ``BACKOFFICE_LANG``, then the
    computer's (its locale), then Chinese — what "Restore defaults" puts back."""
    return messages.resolve_language(None)


def _proxy_url(value: str) -> bool:
    # No SOCKS: requests needs PySocks for it, which the app does not ship.
    return valid_url(value, ("http", "https"))


PLATFORM_URL = Setting("platform/url", str, "", check=_platform_url)
# Remembered by the sign-in dialog; never the password.
PLATFORM_USER = Setting("platform/user", str, "")
CA_BUNDLE = Setting("network/caBundle", str, "")
# "" = the system's or the environment's proxy (HTTPS_PROXY / NO_PROXY).
PROXY = Setting("network/proxy", str, "", check=_proxy_url)
SYNC_INTERVAL = Setting("sync/intervalSeconds", int, 300, minimum=30, maximum=24 * 3600)
FILE_CACHE_MIB = Setting("files/cacheMiB", int, 2048, minimum=64, maximum=1024 * 1024)
PREFETCH_MIB = Setting("files/prefetchMiB", int, 512, minimum=0, maximum=1024 * 1024)
# Stored only once the person chooses in Settings; until then the computer's
# language is used (ui/app.py::_language). "zh" is what an unreadable value gives.
LANGUAGE = Setting("ui/language", str, "zh", choices=("zh", "en"))
# Written with every language this version stores (see Settings._drop_mistaken_language).
LANGUAGE_CHOSEN_KEY = "ui/languageChosenVersion"
LANGUAGE_CHOSEN = 1
# How many working days before a deadline the inbox warns (yellow).
DUE_SOON_DAYS = Setting("deadlines/dueSoonWorkingDays", int, 1, minimum=0, maximum=60)
# Pixels of the longest side of an inspection photo as it travels (the original's hash is kept).
PHOTO_MAX_SIDE = Setting("inspections/photoMaxSide", int, 1600, minimum=320, maximum=8192)
WINDOW_GEOMETRY = Setting("window/geometry", bytes, b"")
WINDOW_STATE = Setting("window/state", bytes, b"")
# The material viewer's own window (ui/inbox/material_window.py), kept when it closes.
MATERIAL_WINDOW_GEOMETRY = Setting("window/materialGeometry", bytes, b"")
# Splitters are keyed by their objectName under this group.
SPLITTER_GROUP = "splitters"

ALL_SETTINGS: tuple[Setting[str] | Setting[int] | Setting[bytes], ...] = (
    PLATFORM_URL, PLATFORM_USER, CA_BUNDLE, PROXY, SYNC_INTERVAL, FILE_CACHE_MIB,
    PREFETCH_MIB, LANGUAGE, DUE_SOON_DAYS, PHOTO_MAX_SIDE, WINDOW_GEOMETRY, WINDOW_STATE,
    MATERIAL_WINDOW_GEOMETRY,
)


def _convert(setting: Setting[T], raw: object) -> object:
    """``raw`` as QSettings returns it, turned into the setting's type (or left alone).

    The INI backend gives every scalar back as a string ("300"); the registry
    gives ints as ints; bytes come back as QByteArray.
    """
    if setting.type is int and isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return raw
    if setting.type is bytes and isinstance(raw, QByteArray):
        return raw.data()
    return raw


class _Attribute(Generic[T]):
    """``settings.sync_interval`` reads and writes :data:`SYNC_INTERVAL`, typed by it."""

    def __init__(self, setting: Setting[T]) -> None:
        self.setting: Setting[T] = setting

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _Attribute[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type[Any]) -> T: ...

    def __get__(self, obj: Settings | None, owner: type[Any]) -> _Attribute[T] | T:
        return self if obj is None else obj.get(self.setting)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.set(self.setting, value)


class Settings:
    """Typed access to the declared settings over one ``QSettings``.

    ``settings.get(SYNC_INTERVAL)`` and ``settings.sync_interval`` are the
    same read; the attributes below are the declarations' handles, not
    declarations of their own.
    """

    platform_url = _Attribute(PLATFORM_URL)
    platform_user = _Attribute(PLATFORM_USER)
    ca_bundle = _Attribute(CA_BUNDLE)
    proxy = _Attribute(PROXY)
    sync_interval = _Attribute(SYNC_INTERVAL)
    cache_size_mib = _Attribute(FILE_CACHE_MIB)
    prefetch_mib = _Attribute(PREFETCH_MIB)
    language = _Attribute(LANGUAGE)
    due_soon_days = _Attribute(DUE_SOON_DAYS)
    photo_max_side = _Attribute(PHOTO_MAX_SIDE)

    def __init__(self, store: QSettings | None = None) -> None:
        self.qsettings = store if store is not None else _default_store()
        self._drop_mistaken_language()

    def _drop_mistaken_language(self) -> None:
        """Once per settings file: a "zh" an earlier version stored by mistake is dropped.

        Before e36c8e3 the Settings dialog stored the language its list
        showed on any OK, and the list showed 中文 (the setting's default) on
        a computer that had never chosen: an English computer then started
        in Chinese until the person changed it back. The value alone cannot
        tell that from a choice, but the versions that made the mistake never
        wrote :data:`LANGUAGE_CHOSEN_KEY`, which this one writes with every
        language it stores (only when the person chose one). So a language
        stored without it was stored by them: "en" is kept (their list had
        to be changed to it), "zh" dropped — the computer's language decides,
        as before any choice (a Chinese computer starts in Chinese as
        before); whoever wants Chinese on an English computer chooses it once
        more, and that choice is kept. Then the mark is written, so this
        happens once.
        """
        store = self.qsettings
        if not store.contains(LANGUAGE.key) or store.contains(LANGUAGE_CHOSEN_KEY):
            return
        if store.value(LANGUAGE.key) == "zh":
            _log.info("dropping the language 'zh' an earlier version stored without a choice")
            store.remove(LANGUAGE.key)
        store.setValue(LANGUAGE_CHOSEN_KEY, LANGUAGE_CHOSEN)
        store.sync()

    @classmethod
    def at(cls, path: Path) -> Settings:
        """Settings in the INI file ``path`` (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def get(self, setting: Setting[T]) -> T:
        raw = self.qsettings.value(setting.key)
        if raw is None:
            return setting.default
        value = _convert(setting, raw)
        if setting.accepts(value):
            return value  # type: ignore[return-value]  # accepts() checked the type
        _log.warning("setting %s has an unusable stored value %r; using the default %r",
                     setting.key, raw if setting.type is not bytes else "<bytes>", setting.default)
        return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        """Store ``value``; raises ValueError when it breaks the declaration's limits."""
        if not setting.accepts(value):
            raise ValueError(f"{value!r} is not a valid value of {setting.key}")
        stored: object = QByteArray(value) if isinstance(value, bytes) else value
        self.qsettings.setValue(setting.key, stored)
        if setting.key == LANGUAGE.key:
            self.qsettings.setValue(LANGUAGE_CHOSEN_KEY, LANGUAGE_CHOSEN)  # a choice: kept
        # Written now rather than at exit: a crash must not lose a sign-in's URL.
        self.qsettings.sync()

    def reset(self, setting: Setting[T]) -> None:
        self.qsettings.remove(setting.key)
        self.qsettings.sync()

    def is_stored(self, setting: Setting[T]) -> bool:
        return self.qsettings.contains(setting.key)

    # --- window geometry ---------------------------------------------------------

    def save_geometry(self, window: QMainWindow) -> None:
        """The window's geometry, its docks and toolbars, and every named splitter in it."""
        self.qsettings.setValue(WINDOW_GEOMETRY.key, window.saveGeometry())
        self.qsettings.setValue(WINDOW_STATE.key, window.saveState(WINDOW_STATE_VERSION))
        for splitter in window.findChildren(QSplitter):
            if splitter.objectName():
                self.qsettings.setValue(_splitter_key(splitter), splitter.saveState())
        self.qsettings.sync()

    def restore_geometry(self, window: QMainWindow) -> bool:
        """Restore what :meth:`save_geometry` saved; False when nothing (usable) was saved."""
        geometry = self.get(WINDOW_GEOMETRY)
        state = self.get(WINDOW_STATE)
        restored = bool(geometry) and window.restoreGeometry(QByteArray(geometry))
        if state:
            window.restoreState(QByteArray(state), WINDOW_STATE_VERSION)
        for splitter in window.findChildren(QSplitter):
            if splitter.objectName():
                raw = _convert(WINDOW_STATE, self.qsettings.value(_splitter_key(splitter)))
                if isinstance(raw, bytes) and raw:
                    splitter.restoreState(QByteArray(raw))
        return restored


def _default_store() -> QSettings:
    # BACKOFFICE_DATA_DIR means "everything in this folder" (portable installs,
    # every test): the settings too, never the user's registry or ~/.config.
    if os.environ.get(paths.ENV_DATA_DIR):
        return QSettings(str(paths.data_dir() / SETTINGS_FILENAME), QSettings.Format.IniFormat)
    return QSettings()


def _splitter_key(splitter: QSplitter) -> str:
    return f"{SPLITTER_GROUP}/{splitter.objectName()}"
