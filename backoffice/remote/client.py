"""``PlatformClient``: the central platform's API v1, typed and validated.

Sign-in: :meth:`PlatformClient.login` keeps the access token in memory and
the refresh token in the OS keyring (:mod:`backoffice.remote.credentials`);
:meth:`PlatformClient.resume` signs in from that keyring entry later without
a password. An access token that has expired (401 ``auth.token_invalid`` or
``auth.token_expired``) is refreshed once and the request repeated. The
refresh rotates the token, and the new one is in the keyring before the
repeated request leaves. A refresh the platform refuses
(``auth.refresh_invalid``, ``auth.refresh_reused``: expired, revoked, or
replayed) deletes the keyring entry — it can never work again — and raises
``remote.signed_out``; a refresh that cannot reach the platform keeps it.

One client may serve a sync thread and the UI thread at once: the token
state is behind a lock, and one refresh runs at a time (a thread that finds
the token already refreshed by another uses the new one).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any, TypeVar

import requests
from pydantic import TypeAdapter, ValidationError

from backoffice import logs
from backoffice.api import v1
from backoffice.remote.address import check_url
from backoffice.remote.cancel import Cancel, cancel_scope
from backoffice.remote.credentials import Credentials, CredentialsError, TransientCredentials
from backoffice.remote.errors import (
    BAD_PAYLOAD,
    SIGNED_OUT,
    RemoteError,
    from_response,
    server_error_body,
)
from backoffice.remote.files import download_to
from backoffice.remote.http import (
    Fetched,
    HttpSettings,
    NotSent,
    Sink,
    build_session,
    fetch,
    host_of,
)
from backoffice.remote.uploads import Progress, Resumable, UploadMemo
from backoffice.remote.validate import (
    PulledPage,
    PushResults,
    next_page_cursor,
    parse_page,
    parse_results,
    unreadable_json,
)

# check_url lived here: its callers still import it from this module.
__all__ = ["PlatformClient", "check_url"]

_log = logging.getLogger("backoffice.remote")

T = TypeVar("T")
REFRESHABLE = frozenset({"auth.token_invalid", "auth.token_expired"})
# The platform says this refresh token can never work again.
DEAD_REFRESH = frozenset({"auth.refresh_invalid", "auth.refresh_reused"})
MAX_BODY = 1024 * 1024  # the platform's request body limit
# A refresh retried after a lost answer must reach the platform within its 60 s
# grace, or the replay revokes the whole sign-in: its retries end sooner.
REFRESH_DEADLINE = 45.0
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TOKENS = TypeAdapter(v1.TokenPair)
_ME = TypeAdapter(v1.Me)
_CATALOG = TypeAdapter(v1.Catalog)
_CALENDAR = TypeAdapter(list[v1.CalendarYear])
_FREE_BUSY = TypeAdapter(v1.FreeBusy)
_TIMELINE = TypeAdapter(v1.Timeline)
_USERS = TypeAdapter(v1.DepartmentUsers)
_FILE_INFO = TypeAdapter(v1.FileInfo)
_SIGNING = TypeAdapter(v1.SigningRequest)
_NUMBERS = TypeAdapter(v1.DocumentNumbers)


def _model(fetched: Fetched, adapter: TypeAdapter[T], host: str) -> T:
    try:
        return adapter.validate_json(fetched.body)
    except ValidationError as exc:
        first = exc.errors()[0]
        kind = unreadable_json(fetched.body, ValueError(first["msg"])) \
            if first["type"] == "json_invalid" else "wrong_shape"
        raise RemoteError(BAD_PAYLOAD, host=host, reason=kind) from None


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class PlatformClient:
    """One person's connection to one platform (``base_url`` without ``/api/v1``)."""

    def __init__(self, base_url: str, *, settings: HttpSettings | None = None,
                 session: requests.Session | None = None,
                 transient: bool = False, keyring_optional: bool = False) -> None:
        """``transient``: keep the refresh token in memory only (training mode).

        ``keyring_optional``: when the keyring cannot be used, keep the refresh
        token in memory for this client's life instead of refusing the sign-in
        (the app: its session outlives one command; :attr:`not_remembered`).
        """
        self.base_url = check_url(base_url)
        self.settings = settings or HttpSettings()
        self._session = session if session is not None else build_session(self.settings)
        self._api = self.base_url + v1.API_PREFIX
        self._host = host_of(self.base_url)
        self.credentials = (TransientCredentials if transient else Credentials)(self.base_url)
        self._keyring_optional = keyring_optional and not transient
        # Why this sign-in lives in memory only although the keyring was meant
        # to keep it (``credentials.*``); None while the keyring does.
        self.not_remembered: CredentialsError | None = None
        # Where the keyring is optional, the last refresh token it held: a
        # keyring locked in mid-session (the screen locked) must not end it.
        self._last_token: str | None = None
        self._lock = threading.Lock()  # guards _username and _access
        self._refreshing = threading.Lock()  # one refresh (or logout) at a time
        self._username: str | None = None
        self._access: str | None = None
        self._requests = Cancel()  # fired by cancel_requests(), replaced by allow_requests()

    # --- sign-in ------------------------------------------------------------------------

    @property
    def username(self) -> str | None:
        """Who is signed in (or resumed); None after logout or before a sign-in."""
        with self._lock:
            return self._username

    def login(self, username: str, password: str) -> v1.Me:
        """Sign in with a password; the refresh token goes to the keyring."""
        logs.register_secret(password)
        fetched = self._send("POST", "/auth/login", None,
                             body=_json({"username": username, "password": password}))
        if fetched.status != 200:
            raise from_response(fetched.status, fetched.headers, fetched.body, host=self._host,
                                signing_in=True)
        pair = _model(fetched, _TOKENS, self._host)
        logs.register_secret(pair.access_token)
        logs.register_secret(pair.refresh_token)
        with self._refreshing:
            try:
                self._keep(username, pair.refresh_token)
            except CredentialsError:
                self._revoke(pair.access_token, pair.refresh_token)
                raise
            with self._lock:
                self._username, self._access = username, pair.access_token
        _log.info("signed in as %s", username)
        try:
            return self.me()
        except BaseException:
            # A sign-in that cannot finish leaves nothing behind: no live
            # session on the platform, no refresh token in the keyring.
            self._abandon()
            raise

    def _keep(self, username: str, refresh_token: str) -> None:
        """The refresh token to the keyring, or to memory if it cannot and that is allowed."""
        try:
            self.credentials.save(username, refresh_token)
        except CredentialsError as exc:
            if not self._keyring_optional:
                raise
            self._in_memory(exc)
            self.credentials.save(username, refresh_token)
        if self._keyring_optional:
            self._last_token = refresh_token

    def _load(self, username: str) -> str | None:
        """The refresh token, from the keyring — or, once it is locked, the last one it held."""
        try:
            token = self.credentials.load(username)
        except CredentialsError as exc:
            last = self._last_token
            if not self._keyring_optional or last is None:
                raise
            self._in_memory(exc)
            self.credentials.save(username, last)
            return last
        if self._keyring_optional:
            self._last_token = token
        return token

    def _in_memory(self, exc: CredentialsError) -> None:
        # Never a file: the token lives as long as this client (the session).
        _log.warning("the keyring cannot be used (%s, %s): the sign-in lasts until the "
                     "session ends", exc.code, exc.params.get("reason", ""))
        self.credentials = TransientCredentials(self.base_url)
        self.not_remembered = exc

    def _abandon(self) -> None:
        try:
            self.logout()
        except Exception as exc:  # noqa: BLE001 - the sign-in's own error is the one to tell
            _log.warning("could not undo an unfinished sign-in (%s)", type(exc).__name__)

    def resume(self, username: str) -> bool:
        """Sign in as ``username`` from the keyring, without the network; False if no entry.

        An unreadable keyring raises ``credentials.unreadable``, or, where the
        keyring is optional, resumes with no token (:attr:`not_remembered`).

        The stored refresh token is tried on the first request: if the
        platform has revoked it, that request raises ``remote.signed_out``.
        """
        with self._refreshing:
            try:
                saved = self.credentials.load(username)
            except CredentialsError as exc:
                if not self._keyring_optional:
                    raise
                # The sign-in may be saved, behind a lock: the person's store
                # and queue open all the same, and the first request says
                # signed out until they sign in with their password.
                self._in_memory(exc)
                saved = ""
            if saved is None:
                return False
            with self._lock:
                self._username, self._access = username, None
        return True

    def logout(self) -> bool:
        """Revoke the sign-in on the platform if it can be reached; forget it here anyway.

        True when the platform confirmed the revocation; False when it could
        not be asked (no token here: a keyring that would not give it back)
        or did not answer.
        """
        revoked = False
        with self._refreshing:
            with self._lock:
                username, access = self._username, self._access
                self._username = self._access = None
            if username is None:
                self._last_token = None
                return False
            try:
                # A keyring locked meanwhile: revoked all the same, with the token held here.
                refresh = self._load(username)
                revoked = self._revoke(access, refresh)
            finally:
                self._last_token = None
                self.credentials.delete(username)
        _log.info("signed out %s", username)
        return revoked

    def _revoke(self, access: str | None, refresh: str | None) -> bool:
        if not access and not refresh:
            return False
        try:
            fetched = self._send("POST", "/auth/logout", access,
                                 body=_json({"refresh_token": refresh} if refresh else {}),
                                 timeout=min(10.0, self.settings.total_timeout))
        except RemoteError as exc:
            _log.info("could not revoke the sign-in on the platform (%s)", exc.code)
            return False
        return 200 <= fetched.status < 300

    def _refresh(self, stale: str | None) -> str:
        """A fresh access token; ``stale`` is the one that was refused (None: there was none)."""
        with self._refreshing:
            with self._lock:
                username, current = self._username, self._access
            if username is None:
                raise RemoteError(SIGNED_OUT, host=self._host, reason="not_signed_in")
            if current is not None and current != stale:
                return current  # another thread refreshed meanwhile
            token = self._load(username)
            if token is None:
                raise RemoteError(SIGNED_OUT, host=self._host, reason="no_token")
            pair = self._rotate(username, token)
            logs.register_secret(pair.access_token)
            logs.register_secret(pair.refresh_token)
            # The old token is spent 60 s from now: keep the new one before using
            # it. If the keyring fails, the next call refreshes again (in the grace),
            # or, where the keyring is optional, the session keeps it in memory.
            self._keep(username, pair.refresh_token)
            with self._lock:
                if self._username == username:
                    self._access = pair.access_token
            _log.info("access token refreshed for %s", username)
            return pair.access_token

    def _rotate(self, username: str, token: str) -> v1.TokenPair:
        """The new pair for ``token``; an answer that arrived unreadable is asked for again.

        A 200 the platform sent did rotate the token, and only the old one is
        here: asked again now, inside the platform's grace, it gives another
        pair. Left to the next sync, which may come after the grace (the link
        down meanwhile), the old token would revoke the whole sign-in.
        """
        for attempt in (1, 2):
            fetched = self._send("POST", "/auth/refresh", None,
                                 body=_json({"refresh_token": token}),
                                 timeout=min(REFRESH_DEADLINE, self.settings.total_timeout))
            if fetched.status == 401:
                parsed = server_error_body(fetched.body)
                code = parsed[0] if parsed else ""
                if code in DEAD_REFRESH:
                    self.credentials.delete(username, only_if=token)
                    with self._lock:
                        self._access = None
                raise RemoteError(SIGNED_OUT, host=self._host, server_code=code or "none")
            if fetched.status != 200:
                raise from_response(fetched.status, fetched.headers, fetched.body,
                                    host=self._host)
            try:
                return _model(fetched, _TOKENS, self._host)
            except RemoteError as exc:
                if attempt == 2:
                    raise
                _log.warning("the refresh's answer could not be read (%s): asked again",
                             exc.params.get("reason", exc.code))
        raise AssertionError("unreachable")

    # --- requests -------------------------------------------------------------------------

    def cancel_requests(self) -> None:
        """End every request of this client now, on any thread, and refuse new ones.

        For a session that closes: the sync, the planner's free/busy, a
        material downloading — each ends with ``remote.cancelled`` instead
        of holding the window until its deadline. Until
        :meth:`allow_requests` (the sign-out's own logout request).
        """
        with self._lock:
            requests = self._requests
        requests.fire()

    def allow_requests(self) -> None:
        with self._lock:
            if self._requests.fired:
                self._requests = Cancel()

    def _scope(self) -> AbstractContextManager[None]:
        with self._lock:
            return cancel_scope(self._requests)

    def _send(self, method: str, path: str, token: str | None, *, body: bytes | IO[bytes] |
              None = None, headers: Mapping[str, str] | None = None,
              timeout: float | None = None, sink: Sink | None = None,
              on_write: Callable[[], None] | None = None) -> Fetched:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if isinstance(body, bytes):
            sent.setdefault("Content-Type", "application/json")
        with self._scope():
            return fetch(self._session, method, self._api + path, settings=self.settings,
                         timeout=timeout, headers=sent, data=body, sink=sink, on_write=on_write)

    def _authed(self, method: str, path: str, *, body: bytes | IO[bytes] | None = None,
                headers: Mapping[str, str] | None = None, timeout: float | None = None,
                sink: Sink | None = None, leaving: Callable[[], None] | None = None,
                not_taken: Callable[[], None] | None = None) -> Fetched:
        """A signed-in request: refreshed once on an expired token, else ``signed_out``.

        ``leaving``: called once, on this thread, right before the request's
        first byte goes onto a connection that is up — not before connecting:
        a platform down or a network off never calls it, nor does a failed
        refresh. ``not_taken``: called after ``leaving`` when, in the end,
        the platform cannot have taken the request — its one attempt was
        answered 401 and not repeated with a fresh token (the refresh failed,
        or the repeat never left or got a 401 too) — before the request's
        error is raised or its 401 returned.
        """
        with self._lock:
            token = self._access
        if token is None:
            token = self._refresh(None)
        left = False

        def first_byte() -> None:
            nonlocal left
            if not left and leaving is not None:
                leaving()
            left = True

        # The platform answered 401 to the request's only attempt: it refused
        # the whole of it, so if the refresh fails now (the sign-in revoked or
        # expired) nothing of it was applied. After a retry (an answer lost)
        # an earlier attempt may have gone in with a token still valid then.
        refused = False
        try:
            fetched = self._send(method, path, token, body=body, headers=headers,
                                 timeout=timeout, sink=sink, on_write=first_byte)
            if fetched.status == 401:
                parsed = server_error_body(fetched.body)
                if parsed is not None and parsed[0] in REFRESHABLE:
                    refused = fetched.retries == 0
                    token = self._refresh(token)
                    if body is not None and not isinstance(body, bytes):
                        body.seek(0)
                    refused = False  # the repeat may arrive, answered or not
                    fetched = self._send(method, path, token, body=body, headers=headers,
                                         timeout=timeout, sink=sink, on_write=first_byte)
        except Exception as exc:  # a keyring that fails the refresh too
            if left and not_taken is not None and (refused or isinstance(exc, NotSent)):
                not_taken()
            raise
        if fetched.status == 401:
            with self._lock:
                if self._access == token:
                    self._access = None
            if left and not_taken is not None and fetched.retries == 0:
                not_taken()
        return fetched

    def _get(self, path: str, adapter: TypeAdapter[T], **params: Any) -> T:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        fetched = self._authed("GET", f"{path}?{query}" if query else path)
        self._check(fetched)
        return _model(fetched, adapter, self._host)

    def _check(self, fetched: Fetched) -> None:
        if not 200 <= fetched.status < 300:
            raise from_response(fetched.status, fetched.headers, fetched.body, host=self._host)

    # --- the API ----------------------------------------------------------------------------

    def me(self) -> v1.Me:
        return self._get("/me", _ME)

    def changes(self, cursor: str | None, limit: int = v1.DEFAULT_PAGE, *,
                on_next: Callable[[str], None] | None = None) -> PulledPage:
        """One page of the change feed after ``cursor`` (None: the first, a snapshot).

        ``on_next`` is told the next page's cursor as soon as the answer's
        headers name it (``Link: <…>; rel="next"``), before the body is read,
        so the caller can ask for that page meanwhile. It is called on this
        thread, possibly twice (an answer cut off is asked for again), and
        only the page's own ``next_cursor`` is to be trusted.
        """
        if not 1 <= limit <= v1.MAX_PAGE:
            raise ValueError(f"limit must be 1–{v1.MAX_PAGE}")
        query = urllib.parse.urlencode({"limit": limit, **({"since": cursor} if cursor else {})})
        sink: Sink | None = None
        if on_next is not None:
            def sink(status: int, headers: Mapping[str, str]) -> None:
                found = next_page_cursor(headers) if status == 200 else None
                if found is not None:
                    on_next(found)
        fetched = self._authed("GET", f"/changes?{query}", sink=sink)
        self._check(fetched)
        return parse_page(fetched.body, host=self._host)

    def push(self, commands: list[v1.CommandIn], *,
             leaving: Callable[[], None] | None = None,
             not_taken: Callable[[], None] | None = None) -> PushResults:
        """Send a batch (1–500 commands, at most 1 MiB); results in the answer's order.

        ``leaving`` is called right before the request's first byte goes onto
        a connection that is up — never when signing in (a refresh) failed
        first, nor when no attempt got past connecting (the platform down,
        the network off): the sync marks the commands sent there, so a batch
        that never left the machine is pending all along. ``not_taken`` is
        called after ``leaving`` when the platform answered 401 and signing
        in again failed (the sign-in revoked or expired) — and the sync puts
        the batch back. A request written even once and not refused (its
        answer lost, a retry refused) may have reached the platform: no call.
        """
        if not 1 <= len(commands) <= v1.MAX_COMMANDS:
            raise ValueError(f"a batch holds 1–{v1.MAX_COMMANDS} commands")
        body = v1.CommandBatch(commands=commands).model_dump_json().encode("utf-8")
        if len(body) > MAX_BODY:
            raise ValueError("the batch is over the platform's 1 MiB limit: send fewer commands")
        fetched = self._authed("POST", "/commands", body=body, leaving=leaving,
                               not_taken=not_taken)
        self._check(fetched)
        return parse_results(fetched.body, {str(c.id) for c in commands}, host=self._host)

    def catalog(self) -> v1.Catalog:
        return self._get("/catalog", _CATALOG)

    def calendar(self, year: int | None = None) -> list[v1.CalendarYear]:
        """The published work calendar: every year, or one (``remote.not_found`` if absent)."""
        return self._get("/calendar", _CALENDAR, year=year)

    def free_busy(self, start: dt.date, end: dt.date,
                  department: str | None = None) -> v1.FreeBusy:
        return self._get("/free-busy", _FREE_BUSY, department=department,
                         **{"from": start.isoformat(), "to": end.isoformat()})

    def department_users(self, department_code: str) -> v1.DepartmentUsers:
        """The signed-in user's department's people (``remote.not_found`` for another)."""
        path = f"/departments/{urllib.parse.quote(department_code, safe='')}/users"
        return self._get(path, _USERS)

    def timeline(self, case_code: str) -> v1.Timeline:
        path = f"/cases/{urllib.parse.quote(case_code, safe='')}/timeline"
        return self._get(path, _TIMELINE)

    def download(self, sha256: str, out: IO[bytes], *, offset: int = 0) -> None:
        """Write the file's bytes from ``offset`` on to ``out``; the caller checks the hash.

        ``out`` already holds the first ``offset`` bytes and is positioned
        after them. A broken transfer resumes with ``Range`` (``If-Range``:
        the ETag, so a changed file comes whole); if the platform sends the
        whole file instead, ``out`` is rewound by ``offset`` and truncated.
        """
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 in lower-case hex")
        with self._scope():  # its pauses between attempts too
            download_to(lambda headers, sink: self._authed(
                "GET", f"/files/{sha256}", headers=headers, sink=sink,
                timeout=self.settings.transfer_timeout), sha256, out, offset,
                settings=self.settings, host=self._host)

    def upload(self, sha256: str, path: Path, *, resume: UploadMemo | None = None,
               media_type: str = "application/octet-stream",
               progress: Progress | None = None) -> v1.FileInfo:
        """Store a file under its SHA-256 (the platform checks it); the same again is harmless.

        Up to one chunk (``settings.upload_chunk``) it goes whole (``PUT
        /files``); a larger one as a resumable tus upload
        (:mod:`backoffice.remote.uploads`) that survives broken connections
        within this call, and — with ``resume``, where its id is kept —
        across calls and app restarts.
        """
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 in lower-case hex")
        remembered = resume.recall(sha256) if resume is not None else None
        if remembered is None and path.stat().st_size <= self.settings.upload_chunk:
            with path.open("rb") as body:
                fetched = self._authed("PUT", f"/files/{sha256}", body=body,
                                       headers={"Content-Type": media_type},
                                       timeout=self.settings.transfer_timeout)
            self._check(fetched)
            return _model(fetched, _FILE_INFO, self._host)

        def send(method: str, where: str, headers: Mapping[str, str],
                 body: bytes | None) -> Fetched:
            return self._authed(method, where, body=body, headers=headers,
                                timeout=self.settings.transfer_timeout)

        with self._scope():  # its pauses between attempts too
            return Resumable(send, sha256, path, settings=self.settings, host=self._host,
                             media_type=media_type, memo=resume, progress=progress).run()

    # --- the signing service (docs/platform-api.md, "Signing service") ------------------------

    def create_signing_request(self, request_id: str, decision_id: str) -> v1.SigningRequest:
        """Ask the platform to seal a submitted decision; the same id again is harmless."""
        body = v1.SigningRequestIn.model_validate(
            {"id": request_id, "decision_id": decision_id}).model_dump_json().encode("utf-8")
        fetched = self._authed("POST", "/signing-requests", body=body)
        self._check(fetched)
        return _model(fetched, _SIGNING, self._host)

    def signing_request(self, request_id: str) -> v1.SigningRequest:
        path = f"/signing-requests/{urllib.parse.quote(request_id, safe='')}"
        return self._get(path, _SIGNING)

    def reserve_numbers(self, count: int = 5, *, kind: v1.NumberKind = "decision") -> list[str]:
        """Document numbers (文号) for seals made on this machine, offline included;
        ``kind`` ``escalate``: an escalation's (报), else any other decision's (许)."""
        query = urllib.parse.urlencode({"count": int(count), "kind": kind})
        fetched = self._authed("POST", f"/document-numbers?{query}", body=b"")
        self._check(fetched)
        return _model(fetched, _NUMBERS, self._host).numbers

    def pki_file(self, name: str) -> bytes:
        """The platform's trust root (``root.pem``) or CRL (``crl``): public, raw bytes."""
        if name not in ("root.pem", "crl"):
            raise ValueError(name)
        fetched = self._send("GET", f"/pki/{name}", None)
        self._check(fetched)
        return bytes(fetched.body)

    @property
    def tsa_url(self) -> str:
        """The platform's RFC 3161 timestamp authority."""
        return self._api + "/pki/tsa"
