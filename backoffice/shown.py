"""Text from outside made safe to show: control characters visible, never acted on.

The window shows data as plain text, which keeps markup from being
interpreted; a terminal would still act on an escape sequence, a carriage
return or a bell in a name or a comment — clear the screen, overwrite a
line with a forged one. Both show such characters as their Unicode control
pictures (U+2400…) instead, through :func:`safe`.

The bidirectional controls (U+202A–U+202E embeddings and overrides,
U+2066–U+2069 isolates, and the marks U+200E, U+200F, U+061C) are invisible
and reorder what follows: a name ending in U+202E shows the next column
backwards ("Trojan Source"). They have no picture, so they are shown by
their code point, ``<U+202E>``.
"""

from __future__ import annotations

from typing import Any

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_BIDI = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def safe(text: object, *, multiline: bool = False) -> str:
    """``text`` with control characters shown as their Unicode pictures (U+2400…).

    Tabs stay; newlines stay in multi-line views and become "⏎" in one-line
    cells, where Qt would otherwise cut the row. C1 controls (U+0080–U+009F,
    which some terminals read as escape sequences) become U+FFFD; the
    bidirectional controls their code point (``<U+202E>``).
    """
    out = []
    for ch in str(text if text is not None else ""):
        code = ord(ch)
        if ch == "\t" or (ch == "\n" and multiline):
            out.append(ch)
        elif ch == "\n":
            out.append(" ⏎ ")
        elif code in _PICTURES or 0x80 <= code < 0xA0:
            out.append(_PICTURES.get(code, "\ufffd"))
        elif code in _BIDI:
            out.append(f"<U+{code:04X}>")
        else:
            out.append(ch)
    return "".join(out)


def safe_all(data: Any) -> Any:
    """``data`` (JSON-like) with every string passed through :func:`safe`, for a terminal."""
    if isinstance(data, str):
        return safe(data)
    if isinstance(data, dict):
        return {k: safe_all(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [safe_all(v) for v in data]
    return data
