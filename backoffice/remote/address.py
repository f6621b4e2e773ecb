"""The platform's address as typed: checked and normalised before any request goes to it."""

from __future__ import annotations

import urllib.parse

from backoffice.remote.errors import RemoteError
from backoffice.remote.http import loopback


def check_url(base_url: str) -> str:
    """The platform's address, normalised; ``remote.bad_url`` / ``remote.insecure_url`` if unusable."""
    try:
        parts = urllib.parse.urlsplit(base_url.strip())
    except ValueError:  # "https://[::1": an unclosed IPv6 bracket
        raise RemoteError("remote.bad_url", url=base_url[:200]) from None
    if parts.username is not None or parts.password is not None:
        # user:password@ would go to the platform as Basic auth, and into the
        # keyring entry's name (shown by credential managers) in clear text.
        # Said first: any other refusal would show the password in its message.
        raise RemoteError("remote.url_with_user", url=_without_userinfo(parts))
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or not _host_shape(parts)):
        raise RemoteError("remote.bad_url", url=base_url[:200])
    if parts.scheme == "http" and not loopback(parts.hostname):
        # Tokens and records in clear text over a network: only the local sandbox may.
        raise RemoteError("remote.insecure_url", url=base_url[:200])
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def _host_shape(parts: urllib.parse.SplitResult) -> bool:
    """No space or character a host name cannot hold (``https://a b``), a port in range:
    the address is refused where it is typed, not as a failed connection later."""
    try:
        port = parts.port
    except ValueError:
        return False
    host = parts.hostname or ""
    return (port is None or 0 < port < 65536) and not any(
        c.isspace() or c in '<>"{}|\\^`' for c in host)


def _without_userinfo(parts: urllib.parse.SplitResult) -> str:
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, "***@" + host, parts.path, "", ""))[:200]
