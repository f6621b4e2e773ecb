"""Logging for the app and the CLI: rotating files, one line per event, no secrets.

Format
    Every event is **one line** starting with its timestamp; newlines inside a
    message are written as ``\\n`` so a log can be grepped and tailed line by
    line. The one exception is a traceback (an event logged with
    ``exc_info``, e.g. an unhandled exception): it follows its event line,
    every traceback line prefixed with ``"  | "``. So "a line that starts with
    a timestamp" is one event, and the ``|`` lines below it are its
    traceback, kept readable rather than squeezed into one line.

Secrets
    :class:`RedactingFilter` sits on every handler installed here. It replaces
    with ``***`` every value given to :func:`register_secret` (passwords and
    tokens the process has seen, also in their URL- and JSON-escaped forms)
    and whatever matches the usual shapes of credentials: ``password=…``
    (also ``db_password``, ``accessToken``, ``X-API-Key``, ``secret_key`` …,
    quoted, bytes ``b'…'`` or bare), ``Authorization: Bearer …``, ``Cookie:``
    and ``Set-Cookie:`` headers whole, the password in
    ``scheme://user:password@host``. Which keys count is decided word by
    word (see :func:`_is_secret_key`), so ``passport`` or
    ``password_policy_version`` stay readable. It redacts the rendered
    message (message with its args), the traceback and the stack, before any
    handler formats the record.

Set-up
    :func:`setup_logging` is idempotent: called again with the same log
    directory it changes nothing; with another (a test with a fresh
    ``BACKOFFICE_DATA_DIR``) it moves the file handler. It never writes to
    ``sys.stdout`` and touches ``sys.stderr`` only when it exists: a windowed
    PyInstaller build has both set to ``None``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import urllib.parse
from collections.abc import Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from backoffice import paths
from backoffice.domain.errors import BackofficeError

LOG_FILENAME = "backoffice.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
REDACTED = "***"

_FORMAT = "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"
_TRACE_PREFIX = "  | "

_log = logging.getLogger("backoffice.logs")

# --- redaction -------------------------------------------------------------

_secrets_lock = threading.Lock()
_secrets: set[str] = set()
_secrets_re: re.Pattern[str] | None = None

# Secrets this short are matched only as whole tokens: replacing every "abc"
# inside other words would make the log unreadable without protecting more.
_SHORT_SECRET = 6

# Names of credentials, judged on the *key* of ``key=value`` / ``key: value`` /
# ``"key": "value"``. A key is split into words at ``_``, ``-`` and camelCase
# (``db_password``, ``X-API-Key``, ``refreshToken``), compared lower-case:
#
# - its last word is one of _SECRET_WORDS (``new_password``, ``accessToken``,
#   ``X-Auth-Token``, ``pin``), or ends with one of _SECRET_ENDINGS
#   (``userpassword``, ``accesstoken``);
# - or its last two words are one of _SECRET_PAIRS (``secret_key``,
#   ``X-API-Key``, ``session_id``);
# - or its last word only qualifies a secret word before it
#   (``password_hash``, ``token_value``).
#
# So ``password_policy_version=3``, ``token_type``, ``max_tokens``,
# ``pin_attempts``, ``passport``, ``tokenizer``, ``spinner`` and ``code`` (case
# codes, error codes) are left alone: a word is matched whole, never as part
# of another, and a key that merely *mentions* a secret is not one.
_SECRET_WORDS = frozenset({
    "password", "passwd", "pwd", "passphrase", "passcode", "secret", "token", "pin", "otp",
    "apikey", "credential", "credentials", "cookie", "sessionid", "jsessionid", "phpsessid",
})
_SECRET_ENDINGS = ("password", "passwd", "passphrase", "secret", "token", "apikey", "sessionid")
_SECRET_PAIRS = frozenset({
    ("secret", "key"), ("api", "key"), ("private", "key"), ("access", "key"), ("auth", "key"),
    ("session", "id"), ("session", "key"), ("pin", "code"),
})
_QUALIFIERS = frozenset({
    "hash", "hashed", "digest", "value", "raw", "plain", "plaintext", "b64", "base64", "hex",
    "bytes", "str", "text", "enc", "encrypted", "key",
})
_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# "Authorization: Bearer abc", {'Authorization': 'Basic abc'}, "authorization=abc"
_AUTH_RE = re.compile(
    r"(?i)\b((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?)"
    r"(?:(bearer|basic|token|digest|negotiate)\s+)?[^\s\"',;}]+"
)
# A bearer token anywhere else ("sending Bearer abc")
_BEARER_RE = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")
# Cookie headers carry several name=value pairs, any of which may be a
# session: the whole value goes — to its closing quote when quoted (also a
# bytes repr b'…'), else to the end of the line.
_COOKIE_RE = re.compile(
    r"(?i)(?<!\w)((?:set-)?cookie2?[\"']?\s*[:=]\s*)"
    r"(?:([bB]?)([\"'])(?:\\.|(?!\3).)*\3|[^\r\n]+)"
)
# key=value, key: value, "key": "value", 'key': b'value', key="value" — in
# URLs, form bodies, JSON, headers, Python reprs and free text. _KEY_SEP_RE
# finds a key and its separator, _is_secret_key decides, and only then is the
# value (_VALUE_RE: quoted, with an optional bytes prefix, or a bare word)
# replaced. A key that is not secret consumes nothing more, so
# "url=https://h/x?password=abc" still finds the password.
_KEY_SEP_RE = re.compile(r"(?<!\w)([A-Za-z][\w-]*)([\"']?\s*[=:]\s*)")
_VALUE_RE = re.compile(r"([bB]?)([\"'])(?:\\.|(?!\2).)*\2|[^\s&,;\"'}\])]+")
# Chinese keys: 密码=…, 口令：…
_KV_ZH_RE = re.compile(r"((?:密码|口令|令牌)\s*[=:：]\s*)[^\s&,;，；\"'}\])]+")
# The password of a URL's user info: scheme://user:password@host
_URL_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s/?#@:]*:)[^\s/?#@]+@")


def _is_secret_key(key: str) -> bool:
    words = [w.lower() for w in _WORD_RE.findall(key)]
    if not words:
        return False
    last = words[-1]
    if last in _SECRET_WORDS or last.endswith(_SECRET_ENDINGS):
        return True
    if len(words) >= 2:
        before = words[-2]
        if (before, last) in _SECRET_PAIRS:
            return True
        if last in _QUALIFIERS and (before in _SECRET_WORDS or before.endswith(_SECRET_ENDINGS)):
            return True
    return False


def _auth_sub(match: re.Match[str]) -> str:
    scheme = match.group(2)
    return match.group(1) + (f"{scheme} " if scheme else "") + REDACTED


def _cookie_sub(match: re.Match[str]) -> str:
    quote = match.group(3) or ""
    prefix = match.group(2) if quote else ""
    return f"{match.group(1)}{prefix}{quote}{REDACTED}{quote}"


def _redact_pairs(text: str) -> str:
    parts: list[str] = []
    pos = 0
    while (key := _KEY_SEP_RE.search(text, pos)) is not None:
        end = key.end()
        parts.append(text[pos:end])
        pos = end
        if not _is_secret_key(key.group(1)):
            continue
        value = _VALUE_RE.match(text, end)
        if value is None:
            continue
        quote = value.group(2)
        parts.append(f"{value.group(1)}{quote}{REDACTED}{quote}" if quote else REDACTED)
        pos = value.end()
    parts.append(text[pos:])
    return "".join(parts)


def _variants(value: str) -> Iterable[str]:
    yield value
    # The same secret as it appears in a form body, a URL or a JSON document.
    yield urllib.parse.quote(value, safe="")
    yield urllib.parse.quote_plus(value)
    yield json.dumps(value)[1:-1]
    yield json.dumps(value, ensure_ascii=False)[1:-1]


def register_secret(value: str | None) -> None:
    """Never log ``value`` (a password or token this process has seen)."""
    global _secrets_re
    if not value or not value.strip():
        return
    with _secrets_lock:
        new = {v for v in _variants(value) if v} - _secrets
        if not new:
            return
        _secrets.update(new)
        parts = []
        # Longest first, so a secret containing another is replaced whole.
        for secret in sorted(_secrets, key=len, reverse=True):
            escaped = re.escape(secret)
            if len(secret) < _SHORT_SECRET:
                escaped = rf"(?<![\w]){escaped}(?![\w])"
            parts.append(escaped)
        _secrets_re = re.compile("|".join(parts))


def forget_secrets() -> None:
    """Drop every registered secret (tests; a sign-out does not need it)."""
    global _secrets_re
    with _secrets_lock:
        _secrets.clear()
        _secrets_re = None


def redact(text: str) -> str:
    """``text`` with registered secrets and credential-shaped values replaced."""
    pattern = _secrets_re
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    text = _URL_USERINFO_RE.sub(r"\1" + REDACTED + "@", text)
    text = _AUTH_RE.sub(_auth_sub, text)
    text = _BEARER_RE.sub(r"\1 " + REDACTED, text)
    text = _COOKIE_RE.sub(_cookie_sub, text)
    text = _KV_ZH_RE.sub(r"\1" + REDACTED, text)
    return _redact_pairs(text)


class RedactingFilter(logging.Filter):
    """Redacts a record in place: message with args, traceback, stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Idempotent, so a record passing two of our handlers is merely
        # redacted twice.
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad %-format must not let the raw args through
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# --- formatting ------------------------------------------------------------


class EventFormatter(logging.Formatter):
    """One line per event; a traceback follows on ``"  | "`` lines."""

    def __init__(self) -> None:
        super().__init__(_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        record.message = _one_line(record.getMessage())
        record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        trailer: list[str] = []
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            trailer.append(record.exc_text)
        if record.stack_info:
            trailer.append(self.formatStack(record.stack_info))
        for block in trailer:
            line += "".join("\n" + _TRACE_PREFIX + part for part in block.splitlines())
        return line


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is *now*, and not at all when it is None.

    Looked up per record because pytest and PyInstaller swap it after set-up;
    ``emit`` runs under the handler's lock, so the swap is safe.
    """

    def emit(self, record: logging.LogRecord) -> None:
        stream = sys.stderr
        if stream is None:
            return
        self.stream = stream
        super().emit(record)


class _FileHandler(RotatingFileHandler):
    """The log file; when it cannot be written (a full disk), one line on stderr, once.

    ``logging`` would print "--- Logging error ---" and a traceback for every
    record instead, burying the message the app or the CLI gives about the
    very same full disk.
    """

    _complained = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self._complained:
            return
        self._complained = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or type(error).__name__
        if sys.stderr is not None:
            from backoffice import messages  # imports this module: not at the top

            line = messages.render_code("logs.unwritable",
                                        {"path": self.baseFilename, "reason": reason})
            try:
                sys.stderr.write(f"backoffice: {line}\n")
            except (OSError, ValueError):
                pass


# --- set-up ----------------------------------------------------------------

_setup_lock = threading.Lock()
_handlers: list[logging.Handler] = []
_log_file: Path | None = None
_console_level: int | None = None
_previous_hooks: tuple[object, object] | None = None


def log_file() -> Path | None:
    """The file this process logs to, if :func:`setup_logging` opened one."""
    return _log_file


def setup_logging(level: int = logging.INFO, *, console_level: int | None = None) -> Path | None:
    """Log to the rotating file in the per-user log directory; return its path.

    ``console_level`` adds a stderr handler (e.g. ``backoffice -v``). If the
    log directory cannot be used, logging falls back to stderr for errors
    and the function returns None: a broken log location must not stop the
    app from reporting why it cannot start.
    """
    global _log_file, _console_level
    with _setup_lock:
        problem: BackofficeError | None = None
        try:
            target: Path | None = paths.log_dir() / LOG_FILENAME
        except BackofficeError as exc:
            target, problem = None, exc
        if _handlers and target == _log_file and console_level == _console_level:
            return _log_file
        _remove_handlers()

        root = logging.getLogger()
        redactor = RedactingFilter()
        formatter = EventFormatter()
        new: list[logging.Handler] = []
        if target is not None:
            try:
                file_handler: logging.Handler = _FileHandler(
                    target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
                )
                new.append(file_handler)
            except OSError as exc:
                target = None
                problem = BackofficeError(
                    "paths.unusable_dir", path=str(paths.log_dir(create=False)),
                    reason=exc.strerror or type(exc).__name__,
                )
        if console_level is not None or target is None:
            console = _StderrHandler()
            # Without a file, errors (and their tracebacks) must still be seen;
            # warnings would only repeat what the CLI or app says anyway.
            console.setLevel(console_level if console_level is not None else logging.ERROR)
            new.append(console)
        for handler in new:
            handler.addFilter(redactor)
            handler.setFormatter(formatter)
            root.addHandler(handler)
        _handlers[:] = new
        root.setLevel(level)
        _log_file, _console_level = target, console_level

        logging.captureWarnings(True)
        _install_hooks()
    if problem is not None:
        _log.warning("cannot write the log file, logging to stderr only: %s", problem)
    return target


def teardown_logging() -> None:
    """Undo :func:`setup_logging` (tests; the app never needs it)."""
    global _log_file, _console_level, _previous_hooks
    with _setup_lock:
        _remove_handlers()
        _log_file = _console_level = None
        if _previous_hooks is not None:
            sys.excepthook, threading.excepthook = _previous_hooks  # type: ignore[assignment]
            _previous_hooks = None
        logging.captureWarnings(False)


def _remove_handlers() -> None:
    root = logging.getLogger()
    for handler in _handlers:
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()


# --- unhandled exceptions ----------------------------------------------------

_crash_log = logging.getLogger("backoffice.crash")


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        # Also how PySide6 reports an exception escaping a slot: the app goes on.
        _crash_log.critical("unhandled exception: %s", exc_type.__name__, exc_info=(exc_type, exc, tb))
    if sys.stderr is not None:
        sys.__excepthook__(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    _crash_log.critical(
        "unhandled exception in thread %s: %s", name, args.exc_type.__name__,
        exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
    )


def _install_hooks() -> None:
    global _previous_hooks
    if _previous_hooks is None:
        _previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
