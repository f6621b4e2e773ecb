"""Why the system refused a file, as a ``system.*`` code the messages word.

An error's ``reason`` param used to carry the system's own English text
("No such file or directory", "unable to open database file", "Invalid
JSON: …") or a Python class name into a Chinese sentence. :func:`reason`
gives a code instead, which :func:`backoffice.messages.render_code` says in
the sentence's language; the system's text and the class name go to the
log. A failure without a code keeps the system's text, as before.
"""

from __future__ import annotations

import errno
import json
import logging
import socket

_log = logging.getLogger("backoffice.system")

INVALID_JSON = "system.invalid_json"

_BY_ERRNO: dict[int, str] = {
    errno.ENOENT: "system.not_found",
    errno.EACCES: "system.permission",
    errno.EPERM: "system.permission",
    errno.EISDIR: "system.is_a_folder",
    errno.ENOTDIR: "system.not_a_folder",
    errno.ENOSPC: "system.no_space",
    errno.EROFS: "system.read_only",
    errno.EEXIST: "system.exists",
    errno.ENAMETOOLONG: "system.too_long",
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _BY_ERRNO[errno.EDQUOT] = "system.no_space"

# A server out of reach (fetching a CRL, say): by class first, as Windows' socket
# errors carry WSA numbers, not errno's.
_BY_CLASS: tuple[tuple[type[BaseException], str], ...] = (
    (socket.gaierror, "system.host_unknown"),
    (ConnectionRefusedError, "system.connection_refused"),
    (ConnectionResetError, "system.connection_reset"),
    (ConnectionAbortedError, "system.connection_reset"),
    (TimeoutError, "system.timed_out"),
)
_BY_ERRNO.update({errno.ENETUNREACH: "system.unreachable",
                  errno.EHOSTUNREACH: "system.unreachable"})


# The system keyring's refusals, by keyring's class names: matched by name so
# that this module imports no keyring (every command imports it).
_KEYRING_LOCKED = "system.keyring_locked"
_NO_KEYRING = "system.no_keyring"
_KEYRING_FAILED = "system.keyring_failed"
NOT_CERTIFICATES = "system.not_certificates"


def keyring_reason(exc: BaseException) -> str:
    """Why the system keyring refused, as a ``system.*`` code; the class name goes to the log.

    Sentences said "（KeyringLocked）" or "(NoKeyringError)": a Python class
    name where the person needs "the keyring is locked".
    """
    _log.info("keyring refusal: %s: %s", type(exc).__name__, exc)
    names = {kind.__name__ for kind in type(exc).__mro__}
    if "KeyringLocked" in names:
        return _KEYRING_LOCKED
    if "NoKeyringError" in names:
        return _NO_KEYRING
    return _KEYRING_FAILED


def reason(exc: BaseException) -> str:
    """The ``system.*`` code for ``exc``; else the system's own text (or the class name)."""
    _log.info("system refusal: %s: %s", type(exc).__name__, exc)
    for kind, code in _BY_CLASS:
        if isinstance(exc, kind):
            return code
    if isinstance(exc, OSError) and exc.errno in _BY_ERRNO:
        return _BY_ERRNO[exc.errno]
    if isinstance(exc, json.JSONDecodeError):
        return INVALID_JSON
    if str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_CANTOPEN"):  # sqlite3.Error
        return "system.cannot_open"
    text = exc.strerror if isinstance(exc, OSError) else None
    return text or str(exc) or "system.failed"  # never the class name: it is in the log
