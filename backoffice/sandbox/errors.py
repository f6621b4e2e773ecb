"""The one error shape of the API and the sandbox's wording of its codes.

``ApiError`` carries an HTTP status, a stable code and details; handlers in
:mod:`backoffice.sandbox.app` turn it, FastAPI's validation errors, Starlette's
HTTP errors and unexpected exceptions into ``{"error": {...}}``. Domain codes
and the API's own codes (``auth.*``, ``cursor.expired`` …) are worded by
the one catalog, :mod:`backoffice.messages`: the app shows the same words
when it meets the code, and a code means one thing on both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backoffice import messages


class ApiError(Exception):
    def __init__(self, status: int, code: str, *, headers: Mapping[str, str] | None = None,
                 **details: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.details = status, code, details
        self.headers = dict(headers or {})  # e.g. Retry-After of a 429


def message(code: str, params: Mapping[str, Any]) -> dict[str, str]:
    return {lang: messages.render_code(code, params, lang) for lang in messages.LANGUAGES}


def body(code: str, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The inner ``error`` object: code, message (zh, en), details."""
    # A tuple (names the sentence lists) goes as the list JSON has, not as its repr.
    params = {k: list(v) if isinstance(v, tuple) else v
              if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
              for k, v in (details or {}).items()}
    return {"code": code, "message": message(code, params), "details": params}
