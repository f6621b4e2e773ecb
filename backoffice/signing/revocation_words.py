"""A revoked seal certificate in words: when, why, and whether that undoes the seal.

``verify`` and ``archive verify`` print it under the seal, and the decision
desk shows it under its verdict: one sentence (``verify.revoked_{case}`` of
the catalog, zh and en), so the desk never says less than the command line,
nor in other words (docs/signing.md, *A certificate revoked after its seal*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from backoffice import messages
from backoffice.domain import clock


class RevokedSeal(Protocol):
    """A seal's report: a document seal's (``SignatureReport``) or the manifest's
    (``ArchiveReport``), ISO times, "" for none."""

    timestamp: str
    revoked_at: str
    revocation_reason: str
    invalidity_date: str
    revocation_case: str


def china_time(value: str) -> str:
    """A seal's ISO time as the command line shows it: China time, to the second."""
    if not value:
        return "-"
    moment = dt.datetime.fromisoformat(value).astimezone(clock.shanghai_tz())
    return moment.strftime("%Y-%m-%d %H:%M:%S") + " UTC+8"


def revocation_words(seal: RevokedSeal, lang: str | None,
                     when: Callable[[str], str] = china_time) -> str:
    """What the seal's revocation means for it; "" when its certificate is not revoked.
    ``when``: how a time is shown (the desk has its own way)."""
    if not seal.revocation_case:
        return ""
    why = messages.render_code(f"crl_reason.{seal.revocation_reason}", {}, lang)
    return messages.render_code(f"verify.revoked_{seal.revocation_case}", {
        "revoked_at": when(seal.revoked_at), "why": why, "proven": when(seal.timestamp),
        "invalid_since": when(seal.invalidity_date)}, lang)
