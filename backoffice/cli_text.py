"""Text pages of the command line: words for identifiers, columns aligned on a terminal.

Light on purpose (no store, no SQLAlchemy): ``backoffice paths``, ``store
info`` and the sandbox's lines use it as ``status``, ``tasks``, ``case`` and
``inspections`` do (:mod:`backoffice.sync.case_view` re-exports it).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import sys
import unicodedata

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError
from backoffice.message_terms import TERMS


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: wide (CJK) characters take two.

    Ambiguous-width characters (“”, —) count one, as terminals outside
    East Asian legacy code pages draw them.
    """
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def table(rows: list[list[str]], right: frozenset[int] = frozenset(), indent: str = "") -> list[str]:
    """Rows of cells as lines, each column as wide as its widest cell on a terminal.

    Columns are two spaces apart; those numbered in ``right`` are aligned
    right; the last column is not padded.
    """
    if not rows:
        return []
    widths = [max(cells(r[i]) for r in rows if i < len(r)) for i in range(max(map(len, rows)))]
    lines = []
    for row in rows:
        shown = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - cells(text)) if i < len(row) - 1 or i in right else ""
            shown.append(pad + text if i in right else text + pad)
        lines.append((indent + "  ".join(shown)).rstrip())
    return lines


def word(value: object, lang: str, of: str = "") -> str:
    """An identifier in ``lang``'s words (:data:`backoffice.message_terms.TERMS`).

    ``of`` qualifies identifiers that mean one thing in one enum and
    another in the next (``verdict`` for a check's, ``result`` for an
    inspection's); one the glossary lacks is shown as it is.
    """
    text = "" if value is None else str(value)
    key = f"{of}.{text}" if of else text
    return messages.term(key, lang) if key in TERMS else text


# Punctuation between a label and its value, and between items of a list.
COLON = {"en": ": ", "zh": "："}
COMMA = {"en": ", ", "zh": "，"}


def colon(lang: str) -> str:
    return COLON[messages.resolve_language(lang)]


def local_time(value: str | None) -> str:
    """An ISO time as the reviewer reads it: Beijing time, to the minute."""
    if value is None:
        return "—"
    if "T" not in value:
        return value  # a date
    moment = dt.datetime.fromisoformat(value)
    return moment.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")


def fit_output() -> str | None:
    """Escape on stdout what its encoding cannot hold (``\\u7528``); "en" if that is Chinese.

    Under the C locale, or with cp1252 on an English Windows and the output
    redirected to a file, printing a Chinese word raised UnicodeEncodeError:
    an "unexpected error", exit 1 (``--help``: a traceback). stderr escapes
    already (Python's default there). English is only the default where
    Chinese cannot be shown: ``--lang`` and ``BACKOFFICE_LANG`` still decide.
    """
    streams = [s for s in (sys.stdout, sys.stderr) if s is not None]
    # Not only "strict": the C locale's "surrogateescape" fails on Chinese as well.
    if sys.stdout is not None and (getattr(sys.stdout, "errors", None) == "strict"
                                   or not _holds_chinese(sys.stdout)):
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(errors=_ESCAPE)  # type: ignore[union-attr]
    if os.environ.get(messages.ENV_LANG) or all(map(_holds_chinese, streams)):
        return None
    return "en"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    r"""``\u00b7``, not Python's ``\xb7``; past U+FFFF a surrogate pair: ``--json`` stays JSON."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    units = error.object[error.start:error.end].encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)), error.end


_ESCAPE = "backoffice.json_escape"
codecs.register_error(_ESCAPE, _json_escape)


def _holds_chinese(stream: object) -> bool:
    try:
        "用法".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


NOT_SIGNED_IN = "sync.not_signed_in"

# What the system says when the machine, not the program, refuses a file.
_REFUSED_FILE = frozenset({"system.read_only", "system.no_space", "system.permission"})


def file_refusal(exc: BaseException) -> BackofficeError | None:
    """A read-only or full disk, or a file this account may not use, as a worded refusal.

    ``login``, ``logout`` and ``sync`` rewrite the list of accounts; met there,
    or anywhere a command has no words of its own for it, it was "an
    unexpected error" and exit 1, the code of a bug. None for anything else.
    """
    from backoffice import system_reasons  # light: errno and json

    if not isinstance(exc, OSError):
        return None
    reason = system_reasons.reason(exc)
    if reason not in _REFUSED_FILE:
        return None
    if exc.filename is None:  # a write's flush or close: no name to give
        return BackofficeError("cli.file_refused_unnamed", reason=reason)
    # The folder, not the file: often a temporary one (".accounts-k2x9"), named by nobody.
    return BackofficeError("cli.file_refused", reason=reason,
                           folder=os.path.dirname(os.fsdecode(exc.filename)) or ".")


def not_signed_in_words(lang: str | None) -> str:
    """"Not signed in", with the login of the last account here filled in when known.

    "--server URL --user NAME" made the person look up what this machine knows.
    """
    from backoffice.sync import accounts  # light: no store, no SQLAlchemy

    try:
        last = next(iter(accounts.known()), None)
    except BackofficeError:  # an unreadable list: said where it is read, not here again
        last = None
    if last is None:
        return messages.render_code(NOT_SIGNED_IN, {}, lang)
    return messages.render_code("sync.not_signed_in_as", {
        "server": last.platform_url, "user": last.username}, lang)
