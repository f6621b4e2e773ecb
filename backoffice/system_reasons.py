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


def reason(exc: BaseException) -> str:
    """The ``system.*`` code for ``exc``; else the system's own text (or the class name)."""
    _log.info("system refusal: %s: %s", type(exc).__name__, exc)
    if isinstance(exc, OSError) and exc.errno in _BY_ERRNO:
        return _BY_ERRNO[exc.errno]
    if isinstance(exc, json.JSONDecodeError):
        return INVALID_JSON
    if str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_CANTOPEN"):  # sqlite3.Error
        return "system.cannot_open"
    text = exc.strerror if isinstance(exc, OSError) else None
    return text or str(exc) or type(exc).__name__
