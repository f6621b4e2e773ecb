"""The error of this package: a stable code and parameters (see backoffice.domain.errors)."""

from __future__ import annotations

from backoffice.domain.errors import BackofficeError


class SigningError(BackofficeError):
    """A decision document, a seal, a verification or an archive could not be made or read."""

    code = "signing.error"
