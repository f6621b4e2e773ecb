"""Text from outside made safe to show: control characters visible, never acted on.

The window shows data as plain text, which keeps markup from being
interpreted; a terminal would still act on an escape sequence, a carriage
return or a bell in a name or a comment — clear the screen, overwrite a
line with a forged one. Both show such characters as their Unicode control
pictures (U+2400…) instead, through :func:`safe`.
"""

from __future__ import annotations

from typing import Any

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def safe(text: object, *, multiline: bool = False) -> str:
    """``text`` with control characters shown as their Unicode pictures (U+2400…).

    Tabs stay; newlines stay in multi-line views and become "⏎" in one-line
    cells, where Qt would otherwise cut the row. C1 controls (U+0080–U+009F,
    which some terminals read as escape sequences) become U+FFFD.
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
