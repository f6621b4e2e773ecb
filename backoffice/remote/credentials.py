"""The refresh token in the OS keyring, one entry per platform and user.

Layout: service :data:`SERVICE`, entry name ``"<platform URL> <user name>"``
(the URL normalised: lower-case scheme and host, no trailing slash), secret
the refresh token — 43 characters, far below Windows Credential Manager's
2,560-byte limit. Nothing else is stored; the access token lives in memory
only.

When the keyring cannot be used (no backend on a headless Linux, a locked
store, D-Bus errors) saving or deleting raises ``credentials.unavailable``
and reading raises ``credentials.unreadable`` (a saved sign-in may be in
there, behind the lock): the person signs in with a password each time
rather than have the token written to a file — the app then keeps it in
memory for its session (``PlatformClient(keyring_optional=True)``). For the
same reason ``keyrings.alt``'s file backends, which keyring picks by itself
when they are installed, are refused (``credentials.insecure_backend``).
"""

from __future__ import annotations

import urllib.parse

import keyring
import keyring.backend
import keyring.errors

from backoffice.domain.errors import BackofficeError
from backoffice.system_reasons import keyring_reason

SERVICE = "OneVisit Back Office"
UNAVAILABLE = "credentials.unavailable"
UNREADABLE = "credentials.unreadable"
INSECURE = "credentials.insecure_backend"
# A sign-out left the saved sign-in in the keyring without revoking it.
LEFT_UNREVOKED = "credentials.left_unrevoked"

# Backends that keep secrets in a file we would then have to protect ourselves.
_INSECURE_MODULES = ("keyrings.alt",)
_KEYRING_ERRORS = (keyring.errors.KeyringError, OSError, RuntimeError)


class CredentialsError(BackofficeError):
    """The OS keyring cannot keep or give back a secret."""

    code = UNAVAILABLE


def normalise_url(base_url: str) -> str:
    parts = urllib.parse.urlsplit(base_url.strip())
    path = parts.path.rstrip("/")
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def entry_name(base_url: str, username: str) -> str:
    """The keyring entry of ``username`` on the platform at ``base_url``."""
    return f"{normalise_url(base_url)} {username}"


def _backend(code: str = UNAVAILABLE) -> keyring.backend.KeyringBackend:
    try:
        backend = keyring.get_keyring()
    except _KEYRING_ERRORS as exc:
        raise CredentialsError(code, reason=keyring_reason(exc)) from exc
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        raise CredentialsError(INSECURE, backend=f"{module}.{type(backend).__name__}")
    return backend


def no_keyring(error: CredentialsError) -> bool:
    """Whether ``error`` says this machine has no keyring at all (keyring's fail
    backend: a server without Secret Service), not one that is locked or busy:
    there is nothing to unlock then, and no sign-in can be saved."""
    return isinstance(error.__cause__, keyring.errors.NoKeyringError)


class Credentials:
    """The refresh tokens of one platform, by user name."""

    def __init__(self, base_url: str) -> None:
        self.base_url = normalise_url(base_url)

    def load(self, username: str) -> str | None:
        try:
            secret: str | None = _backend(UNREADABLE).get_password(SERVICE, entry_name(self.base_url,
                                                                             username))
        except _KEYRING_ERRORS as exc:
            raise CredentialsError(UNREADABLE, reason=keyring_reason(exc)) from exc
        return secret or None

    def save(self, username: str, refresh_token: str) -> None:
        try:
            _backend().set_password(SERVICE, entry_name(self.base_url, username), refresh_token)
        except _KEYRING_ERRORS as exc:
            raise CredentialsError(UNAVAILABLE, reason=keyring_reason(exc)) from exc

    def delete(self, username: str, *, only_if: str | None = None) -> bool:
        """Remove the entry; True if one was removed.

        ``only_if``: remove it only while it still holds that token — another
        instance of the app may have stored a newer one meanwhile.
        """
        name = entry_name(self.base_url, username)
        try:
            backend = _backend()
            current = backend.get_password(SERVICE, name)
            if current is None or only_if is not None and current != only_if:
                return False
            backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError as exc:
            if self.load(username) is None:  # gone meanwhile: what we wanted
                return False
            raise CredentialsError(UNAVAILABLE, reason=keyring_reason(exc)) from exc
        except _KEYRING_ERRORS as exc:
            raise CredentialsError(UNAVAILABLE, reason=keyring_reason(exc)) from exc
        return True


class TransientCredentials(Credentials):
    """Refresh tokens kept in memory only, for the life of the process.

    For training mode: its platform is the sandbox on a loopback port that
    changes every run, with a password the app itself set, so there is
    nothing worth remembering — and training must work on a machine with no
    keyring at all. Never for a real platform.
    """

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self._tokens: dict[str, str] = {}

    def load(self, username: str) -> str | None:
        return self._tokens.get(username)

    def save(self, username: str, refresh_token: str) -> None:
        self._tokens[username] = refresh_token

    def delete(self, username: str, *, only_if: str | None = None) -> bool:
        current = self._tokens.get(username)
        if current is None or only_if is not None and current != only_if:
            return False
        del self._tokens[username]
        return True
