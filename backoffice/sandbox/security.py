"""Password hashes and tokens of the sandbox platform.

Passwords: ``hashlib.scrypt`` (stdlib, memory-hard) with N=2**14, r=8, p=1,
a 16-byte random salt and a 32-byte key — about 16 MiB and 50 ms a check,
the interactive-login parameters of the scrypt paper; stored as
``scrypt$N$r$p$salt$hash`` (base64) so they can be raised later.

Tokens: ``secrets.token_urlsafe(32)`` — 43 characters, random, opaque, short
enough for Windows Credential Manager; the database keeps only their
SHA-256 (a leaked database reveals no usable token; a fast hash is right for
256-bit random secrets, a slow one is for guessable passwords).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from backoffice import logs

_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                             n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# A constant-cost decoy so an unknown user name takes as long as a wrong password.
DECOY_HASH = hash_password("decoy", salt=b"\0" * 16)


def new_token() -> str:
    token = secrets.token_urlsafe(32)
    logs.register_secret(token)
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
