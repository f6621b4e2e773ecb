"""The REST client of the central platform: sessions, sign-in, the API, typed errors.

See ``docs/remote.md``. :class:`PlatformClient` is the entry point; every
failure is a :class:`RemoteError` (or, for the keyring, a
:class:`CredentialsError`) with a stable code.
"""

from backoffice.remote.client import PlatformClient
from backoffice.remote.credentials import SERVICE, Credentials, CredentialsError
from backoffice.remote.errors import RemoteError
from backoffice.remote.http import HttpSettings, build_session, fetch
from backoffice.remote.validate import PulledPage, PushResults, Rejected

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
