"""Text from the platform made safe to show: control characters visible, times local.

Widgets show data as plain text (``ui.widgets.plain``); that keeps markup
from being interpreted, but a bell, an escape sequence or a stray newline in
a name would still hide text or cut a table row. :func:`safe` shows them as
their Unicode control pictures instead.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def safe(text: object, *, multiline: bool = False) -> str:
    """``text`` with control characters shown as their Unicode pictures (U+2400…).

    Tabs stay; newlines stay in multi-line views and become "⏎" in one-line
    cells, where Qt would otherwise cut the row.
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


def local_time(value: object) -> str:
    """An ISO date or time as the reviewer reads it: Beijing time, to the minute."""
    text = str(value or "")
    if "T" not in text:
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return safe(text)
    return moment.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")
