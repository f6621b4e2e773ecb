"""A sentence's params that older refusals stored under another name.

A refusal is kept with the params it was raised with (the outbox's
``error_details``), so a sentence that has since come to say another param
would not fit the refusals kept before — the person would read a raw code.
Each entry names, for a code, the param its sentence says now and the one
stored before it, said in its place when only that one is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# code → {param said now: param stored before}
STORED_BEFORE: dict[str, dict[str, str]] = {
    # Before e9f4742 the inspector was given by account only (``user``).
    "inspection.inspector_busy": {"inspector": "user"},
    # Before the reason was said in words (``what``), the code alone (``reason``).
    "remote.bad_payload": {"what": "reason"},
}


def with_fallbacks(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with each param ``code``'s sentence says now taken from its older name,
    when only that one was stored."""
    out = dict(params)
    for now, before in STORED_BEFORE.get(code, {}).items():
        if now not in out and before in out:
            out[now] = out[before]
    return out
