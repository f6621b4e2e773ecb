"""The details of a refusal's reason worth keeping, checked (no SQLAlchemy here).

The platform refuses a command with a code and details (which department,
which date, which limit). They come from the server and end up in a
sentence on screen and in a terminal, so only a short mapping of short
plain values under placeholder names is kept; anything else is dropped,
never stored raw. Imported by the outbox and by the rule that says the
reason (``backoffice.sync.reasons``), which the inbox list loads before
the store is open.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping

# A detail of a reason as kept: what a sentence's placeholder takes; a tuple of
# texts is a list of names, which the sentence joins as its language lists them.
Detail = str | int | float | bool | tuple[str, ...]
MAX_DETAILS = 16
MAX_DETAIL_CHARS = 200
MAX_DETAIL_NUMBER = 10**15
_DETAIL_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# Line breaks, controls, format characters (bidi overrides): a detail is
# said inside a sentence, on one line, as plain text.
_UNSAID = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def plain_details(details: object) -> dict[str, Detail] | None:
    """The details of a reason worth keeping: short plain values under placeholder names.

    Anything else — a nested value, a long or multi-line text, a key no
    sentence could name, an entry past :data:`MAX_DETAILS` — is dropped;
    None when nothing is left.
    """
    if not isinstance(details, Mapping):
        return None
    kept: dict[str, Detail] = {}
    for key, value in details.items():
        if len(kept) >= MAX_DETAILS:
            break
        if not isinstance(key, str) or _DETAIL_KEY.fullmatch(key) is None:
            continue
        plain = _plain_detail(value)
        if plain is not None:
            kept[key] = plain
    return kept or None


def _plain_detail(value: object) -> Detail | None:
    if isinstance(value, (list, tuple)):
        texts = [_plain_detail(v) if isinstance(v, str) else None for v in value]
        kept = tuple(t for t in texts if isinstance(t, str))
        return kept if len(kept) == len(texts) and 0 < len(kept) <= MAX_DETAILS else None
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value) if abs(value) <= MAX_DETAIL_NUMBER else None
    if isinstance(value, float):
        return value if math.isfinite(value) and abs(value) <= MAX_DETAIL_NUMBER else None
    if isinstance(value, str):
        text = str(value)
        if len(text) > MAX_DETAIL_CHARS:
            return None
        if any(unicodedata.category(ch) in _UNSAID for ch in text):
            return None
        return text
    return None
