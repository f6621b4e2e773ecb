"""What can go wrong talking to the platform, as a few stable codes.

Every failure of :mod:`backoffice.remote` reaches the caller as a
:class:`RemoteError` whose ``code`` tells the sync engine what to do next
(wait and retry, ask the person to sign in again, re-sync from scratch, show
a refusal) and :mod:`backoffice.messages` words it. ``params`` hold the
host, the HTTP status, the server's error code and message — never a token,
a password or a request body: they end up in logs.
"""

from __future__ import annotations

import http.client
import json
import ssl
from collections.abc import Iterator, Mapping
from typing import Any

import requests
import urllib3.exceptions as u3

from backoffice.domain.errors import BackofficeError

OFFLINE = "remote.offline"
TIMEOUT = "remote.timeout"
TLS = "remote.tls"  # the platform's certificate could not be verified
# No TLS came back at all (an http:// platform asked for https://) or the two
# sides share no protocol: installing a CA would not help.
TLS_HANDSHAKE = "remote.tls_handshake"
SIGNED_OUT = "remote.signed_out"
FORBIDDEN = "remote.forbidden"
CONFLICT = "remote.conflict"
NOT_FOUND = "remote.not_found"
CURSOR_EXPIRED = "remote.cursor_expired"
THROTTLED = "remote.throttled"
SERVER_ERROR = "remote.server_error"
BAD_PAYLOAD = "remote.bad_payload"
# Why an answer could not be read, as ``system.*`` codes the messages word.
ANSWER = "system.answer_"
ANSWER_REASONS = frozenset(f"{ANSWER}{why}" for why in (
    "not_json", "wrong_shape", "truncated", "wrong_offset", "encoding", "corrupt", "too_large",
    "unexpected_status", "no_location", "wrong_range", "unreadable"))
REJECTED = "remote.rejected"
# Ended by us (the session closing), not by the platform or the link.
CANCELLED = "remote.cancelled"
# The configured (or the environment's) proxy is down or refused the tunnel:
# said with the proxy's name, since the platform's address is not the fault.
PROXY_UNREACHABLE = "remote.proxy_unreachable"
# A SOCKS proxy from the environment: requests needs PySocks for it, not installed.
PROXY_UNSUPPORTED = "remote.proxy_unsupported"

# Worth another try later, without the person doing anything. A cancelled
# request is too: whatever it was for is still to do at the next sync.
TRANSIENT = frozenset({OFFLINE, TIMEOUT, THROTTLED, SERVER_ERROR, CANCELLED,
                       PROXY_UNREACHABLE})


class RemoteError(BackofficeError):
    """The platform could not be reached, or answered something other than success."""

    code = "remote.error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code == BAD_PAYLOAD and "what" not in params:
            # The sentence says ``what`` in words; ``reason`` stays the code the
            # client decides on (a truncated download is resumed) and the log reads.
            # "(not_json)" in a sentence told the person nothing.
            why = f"{ANSWER}{params.get('reason')}"
            params["what"] = why if why in ANSWER_REASONS else f"{ANSWER}unreadable"
        super().__init__(code, **params)

    @property
    def transient(self) -> bool:
        return self.code in TRANSIENT


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps: causes, contexts, urllib3's ``reason``s, args."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None),
                  getattr(current, "original_error", None), *current.args]
        todo.extend(n for n in nested if isinstance(n, BaseException))


def _has(exc: BaseException, *kinds: type[BaseException]) -> bool:
    return any(isinstance(e, kinds) for e in _chain(exc))


def from_exception(exc: BaseException, *, host: str, proxy: str = "") -> RemoteError:
    """The :class:`RemoteError` for a requests/urllib3/socket exception.

    ``proxy``: the host of the proxy the request went through, if any.
    """
    if isinstance(exc, RemoteError):
        return exc
    if proxy and _has(exc, requests.exceptions.ProxyError, u3.ProxyError):
        return RemoteError(PROXY_UNREACHABLE, host=host, proxy=proxy)
    if isinstance(exc, requests.exceptions.InvalidSchema) and "socks" in str(exc).lower():
        return RemoteError(PROXY_UNSUPPORTED, host=host)
    if _has(exc, ssl.SSLCertVerificationError):
        return RemoteError(TLS, host=host, kind=type(exc).__name__)
    if _has(exc, requests.exceptions.SSLError, u3.SSLError, ssl.SSLError):
        return RemoteError(TLS_HANDSHAKE, host=host, kind=type(exc).__name__)
    connecting = _has(exc, u3.ConnectTimeoutError, requests.exceptions.ConnectTimeout)
    if not connecting and _has(exc, requests.exceptions.ReadTimeout, u3.ReadTimeoutError,
                               TimeoutError):
        return RemoteError(TIMEOUT, host=host)
    if _has(exc, ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
        # Reset by the peer or a middlebox: the link broke, whatever was sent.
        return RemoteError(OFFLINE, host=host, kind="reset")
    if _has(exc, requests.exceptions.ChunkedEncodingError, u3.IncompleteRead,
            http.client.IncompleteRead, requests.exceptions.ContentDecodingError):
        # The answer started and stopped short: what arrived cannot be trusted.
        return RemoteError(BAD_PAYLOAD, host=host, reason="truncated")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return RemoteError("remote.bad_url", url=host)
    # Connection refused, DNS failure, unreachable network, proxy down, connect
    # timeout, a connection closed before any answer: the platform is out of reach.
    return RemoteError(OFFLINE, host=host, kind=type(exc).__name__)


def server_error_body(body: bytes) -> tuple[str, dict[str, str], dict[str, Any]] | None:
    """``(code, message, details)`` of the contract's error shape, or None if it is not one."""
    try:
        data = json.loads(body)
        error = data["error"]
        code, message = error["code"], error["message"]
        details = error.get("details") or {}
        if isinstance(code, str) and isinstance(message, dict) and isinstance(details, dict):
            return code[:100], {lang: str(message.get(lang, ""))[:500] for lang in ("zh", "en")}, \
                details
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    return None


def from_response(status: int, headers: Mapping[str, str], body: bytes, *,
                  host: str, signing_in: bool = False) -> RemoteError:
    """The :class:`RemoteError` for a non-success answer (after retries, if any).

    ``signing_in``: a 401 answers a login (wrong password), not a lost sign-in;
    a 429 is the platform holding back sign-ins for the name (too many wrong
    passwords), not a busy platform to try again soon: both are refusals,
    in the platform's own words (how long to wait).
    """
    parsed = server_error_body(body)
    server_code = parsed[0] if parsed else ""
    message = parsed[1] if parsed else {"zh": f"HTTP {status}", "en": f"HTTP {status}"}
    base: dict[str, Any] = {"host": host, "status": status}
    if server_code:
        base["server_code"] = server_code
    retry_after = headers.get("Retry-After")
    if retry_after and retry_after.strip().isdigit():
        base["retry_after"] = int(retry_after)
    if status == 401 and not signing_in:
        return RemoteError(SIGNED_OUT, **base)
    if status == 403:
        return RemoteError(FORBIDDEN, **base)
    if status == 404:
        return RemoteError(NOT_FOUND, **base)
    if status == 409:
        return RemoteError(CONFLICT, **base)
    if status == 410 and server_code == "cursor.expired":
        return RemoteError(CURSOR_EXPIRED, **base)
    if status == 429 and not signing_in:
        return RemoteError(THROTTLED, **base)
    if status >= 500:
        return RemoteError(SERVER_ERROR, **base)
    if 400 <= status < 500:
        details = parsed[2] if parsed else {}
        return RemoteError(REJECTED, **base, message=message,
                           details={k: v for k, v in details.items()
                                    if isinstance(v, (str, int, float, bool))})
    return RemoteError(BAD_PAYLOAD, **base, reason="unexpected_status")
