"""Errors raised by ``backoffice``: a stable code plus parameters.

The code is what tests, logs and the outbox record; the words come later, in
the user's language, from :mod:`backoffice.messages` (CLI) or the Qt
translations (UI). Never put a sentence for the user into an exception here.
"""

from __future__ import annotations

from typing import Any


class BackofficeError(Exception):
    """Base of every error ``backoffice`` raises on purpose.

    ``code`` is a dotted, stable identifier (``"state.illegal_transition"``);
    ``params`` are the values a message template may use. Parameters must not
    hold secrets: they end up in logs.
    """

    code: str = "backoffice.error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params
        super().__init__(self.code, params)

    def __str__(self) -> str:
        if not self.params:
            return self.code
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{self.code} ({inner})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"


class DomainError(BackofficeError):
    """A rule of the domain was broken (bad input, illegal state change)."""

    code = "domain.error"


class IllegalTransition(DomainError):
    """A state change the state machine does not allow (逆程序 is one)."""

    code = "state.illegal_transition"


class StoreError(BackofficeError):
    """The local store cannot do what was asked."""

    code = "store.error"
