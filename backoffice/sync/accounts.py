"""Who is signed in where, and which local store is theirs.

One local store per platform and user (issue "REST client and sync
engine"): a colleague signing in on the same workstation gets a store of
their own and never sees the previous user's data, and a command is only
pushed from the store of the person who made it. The profile folder name is
readable (host and user) plus a hash of the exact platform URL and user
name, so two platforms on one host or two spellings never share a store.

``accounts.json`` in the data directory remembers the current account and
the ones used before (platform URL, user name, display name, department)
so the sign-in dialog can offer them. It holds nothing secret: the refresh
token is in the OS keyring (:mod:`backoffice.remote.credentials`).

A sign-out that cannot reach the keyring (locked, unavailable) cannot remove
the saved refresh token, which the platform may still honour. The account
(platform URL and user name, never the token) is then listed under
``left_in_keyring`` and its entry revoked on the platform (if it answers)
and removed the next time the keyring can be used: at start-up, a sign-in,
a resumed sign-in or a sign-out (:func:`forget_left_behind`).

Which accounts the keyring ever kept a sign-in of is listed too
(``kept_in_keyring``, again never the token): on a workstation with no
keyring at all nothing was ever saved, so a sign-out there has nothing to
leave behind and says nothing — while one whose keyring kept the sign-in
earlier and is locked now is told. A file an older build wrote has no such
list: its current account may have been kept.
"""

from __future__ import annotations

import configparser
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import sqlite3
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from backoffice import paths
from backoffice.domain.errors import BackofficeError

if TYPE_CHECKING:
    # Imported where used: start-up opens the account's store (and shows the
    # inbox) before it needs the platform client and its HTTP stack.
    from backoffice.remote.client import PlatformClient
    from backoffice.remote.credentials import CredentialsError
    from backoffice.remote.http import HttpSettings
    from backoffice.store import Store

_log = logging.getLogger("backoffice.sync.accounts")

ACCOUNTS_FILE = "accounts.json"
LEFT_IN_KEYRING = "left_in_keyring"
KEPT_IN_KEYRING = "kept_in_keyring"


@dataclass(frozen=True, slots=True)
class Account:
    platform_url: str
    username: str
    display_name: str = ""
    department_code: str = ""
    department_name: str = ""
    ca_bundle: str = ""  # extra trusted CAs (PEM path) for this platform; "" for none
    # A fixed profile instead of the one derived from URL and user: training
    # mode's sandbox gets a new port every run but keeps its one store.
    fixed_profile: str = ""

    @property
    def profile(self) -> str:
        if self.fixed_profile:
            return self.fixed_profile
        parts = urlsplit(self.platform_url)
        host = re.sub(r"[^\w.-]", "_", f"{parts.hostname or 'platform'}")
        user = re.sub(r"[^\w.-]", "_", self.username)[:40]
        digest = hashlib.sha256(f"{self.platform_url}\n{self.username}".encode()).hexdigest()
        return f"{host}-{user}-{digest[:10]}".lstrip("._-") or digest[:16]

    def same_login(self, other: Account) -> bool:
        return (self.platform_url, self.username) == (other.platform_url, other.username)

    def store_path(self) -> Path:
        return paths.store_path(self.profile)


def _file() -> Path:
    return paths.data_dir() / ACCOUNTS_FILE


def _read() -> dict[str, Any]:
    path = _file()
    if not path.exists():
        return {"current": None, "known": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not an object")
    except (OSError, ValueError, TypeError) as exc:
        raise BackofficeError("accounts.unreadable", path=str(path), reason=str(exc)) from None
    return data


def _write(data: dict[str, Any]) -> None:
    path = _file()
    # Write then rename: a crash never leaves half a file behind.
    fd, tmp = tempfile.mkstemp(prefix=".accounts-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def _account(raw: Any) -> Account | None:
    if not isinstance(raw, dict):
        return None
    try:
        return Account(**{k: str(v) for k, v in raw.items() if k in Account.__dataclass_fields__})
    except TypeError:
        return None


def current() -> Account | None:
    return _account(_read().get("current"))


def known() -> list[Account]:
    return [a for a in map(_account, _read().get("known") or []) if a is not None]


def set_current(account: Account) -> None:
    data = _read()
    others = [a for a in known() if not a.same_login(account)]
    data["current"] = asdict(account)
    data["known"] = [asdict(account)] + [asdict(a) for a in others]
    _write(data)


def clear_current() -> None:
    data = _read()
    data["current"] = None
    _write(data)


def _left_behind(data: dict[str, Any]) -> list[Account]:
    return _listed(data, LEFT_IN_KEYRING)


def _set_left_behind(account: Account, left: bool) -> None:
    _mark(LEFT_IN_KEYRING, account, left)


def _mark(key: str, account: Account, on: bool) -> None:
    """List ``account`` (its platform and user name only) under ``key``, or not."""
    data = _read()
    listed = _listed(data, key)
    others = [a for a in listed if not a.same_login(account)]
    if data.get(key) is not None and len(others) == len(listed) - on:
        return  # as listed already: nothing to write
    data[key] = [{"platform_url": a.platform_url, "username": a.username}
                 for a in ([account] if on else []) + others]
    _write(data)


def _set_kept(account: Account, kept: bool) -> None:
    _mark(KEPT_IN_KEYRING, account, kept)


def _listed(data: dict[str, Any], key: str) -> list[Account]:
    raw = data.get(key)
    if raw is None and key == KEPT_IN_KEYRING:
        raw = [data.get("current")]  # an older build's file: its current account may be kept
    return [a for a in map(_account, raw or []) if a is not None]


def kept_in_keyring(account: Account) -> bool:
    """Whether the keyring may hold a sign-in of ``account`` saved on this workstation."""
    return any(a.same_login(account) for a in _listed(_read(), KEPT_IN_KEYRING))


def left_in_keyring() -> list[Account]:
    """The accounts whose saved sign-in a sign-out had to leave in the keyring (not the token)."""
    return _left_behind(_read())


def _revoke_saved(account: Account) -> CredentialsError | None:
    """Revoke ``account``'s saved sign-in on the platform if it answers, then remove it.

    The sign-out that left it may not have revoked it (a locked keyring would
    not give the token back), so the platform may still honour it. One quick
    try: a start or a sign-in must not wait long for a platform that does not
    answer, and the entry goes all the same, as at any sign-out.
    """
    from backoffice.remote.client import PlatformClient
    from backoffice.remote.credentials import CredentialsError

    client = PlatformClient(account.platform_url,
                            settings=http_settings(account, retries=0, total_timeout=10.0))
    try:
        if client.resume(account.username):
            client.logout()
    except CredentialsError as exc:
        return exc
    return None


def _remove_saved(account: Account) -> CredentialsError | None:
    """Remove ``account``'s saved sign-in from the keyring; why it cannot, or None."""
    from backoffice.remote.credentials import Credentials, CredentialsError

    try:
        Credentials(account.platform_url).delete(account.username)
    except CredentialsError as exc:
        return exc
    return None


def forget_left_behind() -> list[Account]:
    """Revoke and remove the saved sign-ins sign-outs left in the keyring; those it still cannot.

    Touches the keyring only when there is one to remove (a locked keyring
    may ask to be unlocked).
    """
    left = left_in_keyring()
    if not left:
        return []
    kept = [a for a in left if _revoke_saved(a) is not None]
    for gone in (a for a in left if a not in kept):
        _set_left_behind(gone, False)
        _set_kept(gone, False)
        _log.info("a saved sign-in left at a sign-out was removed from the keyring")
    return kept


@dataclass(frozen=True, slots=True)
class SignedOut:
    """What a sign-out did: why a token stays here (None: none does), and whether the
    platform confirmed it revoked the sign-in."""

    left: CredentialsError | None
    revoked: bool


def sign_out(account: Account, client: PlatformClient) -> CredentialsError | None:
    """:func:`sign_out_here`, for a caller that only says why a token stays."""
    return sign_out_here(account, client).left


def sign_out_here(account: Account, client: PlatformClient) -> SignedOut:
    """Sign ``account`` out here (revoked on the platform if it answers); why a token stays.

    "current" goes whatever happens, so that the next start does not resume
    them. The saved sign-in leaves the keyring — also where the client kept
    the session in memory (:attr:`PlatformClient.not_remembered`), whose
    keyring may still hold an earlier one. When the keyring cannot be used
    the account is marked (:func:`forget_left_behind`) and the reason
    returned, for the person to be told: ``credentials.left_unrevoked``
    when the sign-in was not revoked on the platform either.
    """
    from backoffice.remote.credentials import LEFT_UNREVOKED, CredentialsError

    left: CredentialsError | None = None
    revoked = False
    kept = kept_in_keyring(account)  # before "current", which an older build's file needs, goes
    try:
        revoked = client.logout()
    except CredentialsError as exc:
        left = exc
    finally:
        mine = current()
        if mine is not None and mine.same_login(account):
            clear_current()
    if left is None and client.not_remembered is not None and kept:
        left = _remove_saved(account)
    if left is not None:
        _log.warning("the saved sign-in could not leave the keyring (%s): removed when it can be",
                     left.code)
        _set_left_behind(account, True)
        if not revoked:
            # No token here to revoke it with (the keyring would not give it
            # back), or no answer: the platform still honours what is left.
            left = CredentialsError(LEFT_UNREVOKED, **left.params)
    else:
        _set_kept(account, False)
    forget_left_behind()
    # "Removed here" alone is not the whole story when the platform did not answer.
    return SignedOut(left, revoked)


@dataclass(frozen=True, slots=True)
class Stranded:
    """Another profile of the same user name whose store still holds work not sent."""

    account: Account
    waiting: int  # pending or sent, not yet confirmed
    conflicts: int


def stranded_elsewhere(account: Account) -> list[Stranded]:
    """``account``'s user name at other platform addresses, with unsent work left there.

    The profile is named by the platform's address, so a platform that moved
    (or is spelled another way) gets a new, empty store and the queue stays
    in the old one. It is not carried over: a different address may be a
    different platform, and the API gives no identity that would prove it is
    the same one (``docs/platform-api.md``). The person is told instead.
    """
    found: list[Stranded] = []
    for other in known():
        if (other.username != account.username or other.fixed_profile
                or other.profile == account.profile):
            continue
        waiting, conflicts = _unsent(other.store_path())
        if waiting or conflicts:
            found.append(Stranded(other, waiting, conflicts))
    return found


def _unsent(path: Path) -> tuple[int, int]:
    """Commands waiting and in conflict in the store at ``path``, read-only; (0, 0) if none."""
    if not path.exists():
        return 0, 0
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                                timeout=5)) as db:
            row = db.execute("SELECT coalesce(sum(state IN ('pending', 'sent')), 0), "
                             "coalesce(sum(state = 'conflict'), 0) FROM outbox").fetchone()
    except sqlite3.Error as exc:  # not a store this version reads: nothing to say of it
        _log.info("the outbox of %s cannot be read (%s)", path, exc)
        return 0, 0
    return int(row[0]), int(row[1])


def open_store(account: Account) -> Store:
    """The account's own store, with the platform calendar its last sync kept."""
    from backoffice.store import Store

    return Store.open(account.store_path())


def saved_sign_in(account: Account, *, if_unreadable: bool | None = None) -> bool:
    """Whether the keyring holds ``account``'s sign-in (no network, no platform client).

    A keyring that cannot be read raises ``credentials.unreadable``, or gives
    ``if_unreadable`` when that is set.
    """
    from backoffice.remote.credentials import Credentials, CredentialsError

    try:
        return Credentials(account.platform_url).load(account.username) is not None
    except CredentialsError:
        if if_unreadable is None:
            raise
        return if_unreadable


# Where the app's Settings dialog keeps the network settings (ui/settings.py):
# read here without Qt, so that the command line uses what the app uses.
_SETTINGS_FILE = "settings.ini"
_NETWORK = {"proxy": "proxy", "ca_bundle": "caBundle"}


def _settings_ini() -> Path:
    if os.environ.get(paths.ENV_DATA_DIR, "").strip():
        return paths.data_dir() / _SETTINGS_FILE
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / paths.APP_AUTHOR / f"{paths.APP_NAME}.conf"


def _ini_value(raw: str) -> str:
    """A string as QSettings writes it to an INI file: maybe quoted, backslashes doubled."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), raw)


def _registry_network() -> dict[str, str]:
    if sys.platform != "win32":
        return {}
    import winreg

    key = rf"Software\{paths.APP_AUTHOR}\{paths.APP_NAME}\network"
    found: dict[str, str] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
            for name, stored in _NETWORK.items():
                with contextlib.suppress(OSError):
                    found[name] = str(winreg.QueryValueEx(handle, stored)[0])
    except OSError:
        pass
    return found


def saved_network() -> dict[str, str]:
    """The proxy and CA bundle set in the app's Settings (``proxy``, ``ca_bundle``; "" unset)."""
    found = {name: "" for name in _NETWORK}
    if sys.platform == "win32" and not os.environ.get(paths.ENV_DATA_DIR, "").strip():
        return found | _registry_network()
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read(_settings_ini(), encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return found
    for name, stored in _NETWORK.items():
        found[name] = _ini_value(parser.get("network", stored, fallback=""))
    return found


def with_remembered_ca(http: HttpSettings, account: Account) -> HttpSettings:
    """``http``, or with ``account``'s CA bundle from its sign-in if ``http`` names none."""
    if http.ca_bundle is not None or not account.ca_bundle:
        return http
    return dataclasses.replace(http, ca_bundle=Path(account.ca_bundle))


def network_settings(**changes: Any) -> HttpSettings:
    """The HTTP settings the app's Settings say (proxy, CA bundle), ``changes`` on top.

    No proxy set: the environment's (``HTTP_PROXY`` …), as requests reads it.
    """
    from backoffice.remote.http import HttpSettings

    saved = saved_network()
    proxy, ca = saved["proxy"], saved["ca_bundle"]
    return HttpSettings(**{"proxies": {"http": proxy, "https": proxy} if proxy else None,
                           "ca_bundle": Path(ca) if ca else None, **changes})


def http_settings(account: Account, **changes: Any) -> HttpSettings:
    """The HTTP settings to reach ``account``'s platform: the app's Settings, its CA bundle else."""
    return with_remembered_ca(network_settings(**changes), account)


def sign_in(url: str, username: str, password: str, *, settings: HttpSettings | None = None,
            keyring_optional: bool = False) -> tuple[Account, PlatformClient]:
    """Sign in with a password and make the account the current one.

    One sign-in at a time on a workstation: a colleague's previous sign-in
    leaves the keyring (their store and queue stay in their own profile,
    for when they sign in again). ``keyring_optional``: see
    :class:`PlatformClient` — a keyring that cannot be used then leaves the
    sign-in in memory (``client.not_remembered``) instead of refusing it.
    """
    from backoffice.remote.client import PlatformClient
    from backoffice.remote.credentials import CredentialsError
    from backoffice.remote.http import HttpSettings

    http = settings or HttpSettings()
    # Before the new token is kept: the entry a sign-out left may be this login's.
    forget_left_behind()
    client = PlatformClient(url, settings=http, keyring_optional=keyring_optional)
    me = client.login(username, password)
    ca = str(http.ca_bundle.resolve()) if http.ca_bundle else ""
    account = Account(client.base_url, username, me.display_name, me.department.code,
                      me.department.name, ca)
    previous = current()
    if previous is not None and not previous.same_login(account):
        try:
            PlatformClient(previous.platform_url,
                           settings=http_settings(previous)).credentials.delete(previous.username)
        except CredentialsError as exc:
            if not keyring_optional:
                raise
            if kept_in_keyring(previous):
                # A keyring nobody can open here keeps it from this sign-in too.
                _log.warning("the previous sign-in could not leave the keyring (%s)", exc.code)
                _set_left_behind(previous, True)
        else:
            _set_kept(previous, False)
    if client.not_remembered is None:
        if any(a.same_login(account) for a in left_in_keyring()):
            _set_left_behind(account, False)  # its entry holds this sign-in's token now
        _set_kept(account, True)
    else:
        # The list said before "current" changes: an older build's entry stays listed.
        _mark(KEPT_IN_KEYRING, account, kept_in_keyring(account))
    set_current(account)
    return account, client


def resume(account: Account, *, settings: HttpSettings | None = None,
           keyring_optional: bool = False) -> PlatformClient | None:
    """A client signed in from the keyring (no network yet); None without a saved sign-in."""
    from backoffice.remote.client import PlatformClient

    # First: a token a sign-out had to leave must not sign anybody in.
    forget_left_behind()
    client = PlatformClient(account.platform_url, settings=settings or http_settings(account),
                            keyring_optional=keyring_optional)
    return client if client.resume(account.username) else None
