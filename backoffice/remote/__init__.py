"""The REST client of the central platform: sessions, sign-in, the API, typed errors.

See ``docs/remote.md``. :class:`PlatformClient` is the entry point; every
failure is a :class:`RemoteError` (or, for the keyring, a
:class:`CredentialsError`) with a stable code.

Importing the package imports none of its modules: the names below are
loaded on first use (PEP 562), so start-up can ask the keyring
(:mod:`backoffice.remote.credentials`) without importing the HTTP stack and
the contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backoffice.lazy import lazy_names

if TYPE_CHECKING:
    from backoffice.remote.client import PlatformClient
    from backoffice.remote.credentials import SERVICE, Credentials, CredentialsError
    from backoffice.remote.errors import RemoteError
    from backoffice.remote.http import HttpSettings, build_session, fetch
    from backoffice.remote.validate import PulledPage, PushResults, Rejected

# Name → module, imported when the name is first asked for.
_LAZY = {
    "PlatformClient": "backoffice.remote.client",
    "SERVICE": "backoffice.remote.credentials",
    "Credentials": "backoffice.remote.credentials",
    "CredentialsError": "backoffice.remote.credentials",
    "RemoteError": "backoffice.remote.errors",
    "HttpSettings": "backoffice.remote.http",
    "build_session": "backoffice.remote.http",
    "fetch": "backoffice.remote.http",
    "PulledPage": "backoffice.remote.validate",
    "PushResults": "backoffice.remote.validate",
    "Rejected": "backoffice.remote.validate",
}

__getattr__ = lazy_names(__name__, _LAZY, globals())


__all__ = [
    "SERVICE",
    "Credentials",
    "CredentialsError",
    "HttpSettings",
    "PlatformClient",
    "PulledPage",
    "PushResults",
    "Rejected",
    "RemoteError",
    "build_session",
    "fetch",
]
