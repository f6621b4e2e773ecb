"""Where OneVisit Back Office keeps its files on this machine.

Everything lives in the per-user **local** (non-roaming) directories that
platformdirs gives: on Windows ``%LOCALAPPDATA%\\OneVisit\\OneVisitBackOffice``,
because a SQLite file on a roaming profile is copied around at logon and
logoff and breaks under WAL; on Linux the XDG directories.

``BACKOFFICE_DATA_DIR`` overrides the data directory, for tests and portable
installs. Then logs and cache live *under* it too, so one directory holds the
whole installation and a test leaves nothing behind in the real home.

Directories are created when asked for; a path that exists but is not a usable
directory raises :class:`BackofficeError` ``paths.unusable_dir``, which the
CLI and the app turn into a message naming the path (``paths.not_a_directory``
when a file is in the way).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import platformdirs

from backoffice import system_reasons
from backoffice.domain.errors import BackofficeError

APP_NAME = "OneVisitBackOffice"
APP_AUTHOR = "OneVisit"
ENV_DATA_DIR = "BACKOFFICE_DATA_DIR"
ENV_RESOURCES = "BACKOFFICE_RESOURCES"

STORE_FILENAME = "store.sqlite3"
DEFAULT_PROFILE = "default"

# Profiles become directory names; keep them to one safe path component
# (no separators, no leading dot, so never ".."), and to names Windows keeps
# apart: it drops trailing dots and spaces ("abc." is the folder "abc") and
# gives device names (CON, NUL, COM1 …, also with an extension: "con.txt")
# to the device instead of a folder.
_PROFILE_RE = re.compile(r"^[\w][\w.\-]{0,99}$")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)


def _override() -> Path | None:
    value = os.environ.get(ENV_DATA_DIR, "").strip()
    if not value:
        return None
    return Path(value).expanduser().absolute()


def _ensure(path: Path) -> Path:
    # Checked first because mkdir would report a file in the way as
    # "File exists", which reads like success to a user.
    if path.exists() and not path.is_dir():
        raise BackofficeError("paths.not_a_directory", path=str(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackofficeError(
            "paths.unusable_dir", path=str(path), reason=system_reasons.reason(exc)
        ) from exc
    return path


def _private(path: Path) -> Path:
    """``path``, created if need be, readable by its owner only (POSIX).

    The stores hold applicants' ID and phone numbers, the cache their
    materials, the log names and case codes; with the usual umask 022 all of
    it would be readable by every account on a shared field laptop. Closing
    the top directory (0700) closes everything under it, whatever mode the
    files inside were created with. Windows' per-user profile folders are
    private by their ACLs already.
    """
    _ensure(path)
    if os.name == "posix":
        try:
            st = path.stat()
            if st.st_mode & 0o077 and st.st_uid == os.getuid():
                path.chmod(st.st_mode & 0o700)
        except OSError as exc:
            raise BackofficeError(
                "paths.unusable_dir", path=str(path), reason=system_reasons.reason(exc)
            ) from exc
    return path


def data_dir(*, create: bool = True) -> Path:
    """The per-user local data directory (the store and other durable files)."""
    path = _override() or Path(
        platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)
    )
    return _private(path) if create else path


def log_dir(*, create: bool = True) -> Path:
    """Where the rotating log files go."""
    base = _override()
    path = base / "logs" if base else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return _private(path) if create else path


def cache_dir(*, create: bool = True) -> Path:
    """Files that may be deleted at any time (downloaded materials, thumbnails)."""
    base = _override()
    path = base / "cache" if base else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    return _private(path) if create else path


def valid_profile(profile: str) -> bool:
    """Whether ``profile`` can name its own folder on every system we run on."""
    if not _PROFILE_RE.fullmatch(profile) or profile.endswith((".", " ")):
        return False
    # Windows looks at the part before the first dot, case-insensitively.
    return profile.split(".", 1)[0].upper() not in _WINDOWS_RESERVED


def store_path(profile: str = DEFAULT_PROFILE, *, create: bool = True) -> Path:
    """The SQLite file of the local store for ``profile``.

    The default profile is ``<data>/store.sqlite3``. Other profiles (one per
    platform and user, once sign-in exists) get their own sub-directory
    ``<data>/profiles/<profile>/`` so two users of one workstation never
    share a store. Only the directory is created, never the file.
    """
    if profile == DEFAULT_PROFILE:
        folder = data_dir(create=create)
    else:
        if not valid_profile(profile):
            raise BackofficeError("paths.invalid_profile", profile=profile)
        folder = data_dir(create=create) / "profiles" / profile
        if create:
            _ensure(folder)
    return folder / STORE_FILENAME


def ensure_all() -> dict[str, Path]:
    """Create (or check) every directory the app writes to; name → path.

    Start-up calls this before any window exists, so an unusable location is
    reported once, clearly, instead of failing later inside a worker thread.
    """
    return {
        "data": data_dir(),
        "logs": log_dir(),
        "cache": cache_dir(),
        "store": store_path(),
    }


def resources_dir() -> Path:
    """The app's ``resources/`` (translations, templates, fonts, icons), read-only.

    ``$BACKOFFICE_RESOURCES``, else the PyInstaller bundle's, else the source tree's.
    """
    override = os.environ.get(ENV_RESOURCES)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
